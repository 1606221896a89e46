import * as nodePath from 'node:path';
import { CONFIG_FILE, findConfig, loadConfig } from '../build/config.js';
import type { PackageOptions } from '../build/package-options.js';
import type { Io } from './shared.js';
import { relativePath } from './shared.js';
import { commandLine } from './usage.js';

/**
 * The packages of the config file, for a command given no Go input: `--config <file>` or
 * `./gen-bindings.config.json`. Prints which file it used, or why there is none (exit 2) or what is
 * wrong with it (exit 1). `perPackage` are the command's options that belong on a package of the
 * file; given on the command line as well, they are a usage error. `help` follows the message when
 * there is no config file (default: where the help is).
 */
export function packagesFromConfig(
  command: string,
  values: Readonly<Record<string, unknown>> & { readonly config?: string | undefined },
  perPackage: readonly string[],
  io: Io,
  help = `Run ${commandLine(command)} --help for usage.\n`,
): { readonly packages: readonly PackageOptions[] } | { readonly exit: number } {
  const cl = commandLine(command);
  const configPath = values.config !== undefined ? nodePath.resolve(io.cwd, values.config) : findConfig(io.cwd);
  if (configPath === undefined) {
    io.stderr(
      `${cl}: no Go input given and no ${CONFIG_FILE} in ${relativePath(io, io.cwd)}; pass a Go file or package directory, or write a config file (gen-bindings init sets one up)\n\n${help}`,
    );
    return { exit: 2 };
  }
  const given = perPackage.find((k) => values[k] !== undefined);
  if (given !== undefined) {
    io.stderr(`${cl}: --${given} applies to one package; with a config file, set it on the package in ${relativePath(io, configPath)}\n`);
    return { exit: 2 };
  }
  const config = loadConfig(configPath, relativePath(io, configPath));
  if (!config.ok) {
    io.stderr(`${config.message}\n`);
    return { exit: 1 };
  }
  const n = config.packages.length;
  io.stdout(`gen-bindings: using config ${relativePath(io, configPath)} (${n} package${n === 1 ? '' : 's'})\n`);
  return { packages: config.packages };
}
