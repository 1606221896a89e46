import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as nodePath from 'node:path';
import type { Io } from '../commands/shared.js';
import { relativePath } from '../commands/shared.js';
import { nearestPackage } from '../emit/output-format.js';

/** The packages a generated module imports at run time. */
export const MODULE_DEPENDENCIES = ['@gen-bindings/runtime', 'koffi'] as const;

let warned = false;

/** The packages of {@link MODULE_DEPENDENCIES} that a module at `modulePath` cannot import. */
export function missingDependencies(modulePath: string): string[] {
  const require = createRequire(modulePath);
  return MODULE_DEPENDENCIES.filter((name) => {
    try {
      require.resolve(name);
      return false;
    } catch {
      return true;
    }
  });
}

/** The install command of the package manager the project uses (by its lock file), for `names`. */
function installCommand(dir: string, names: readonly string[]): string {
  for (let d = dir; ; d = nodePath.dirname(d)) {
    if (fs.existsSync(nodePath.join(d, 'pnpm-lock.yaml'))) return `pnpm add ${names.join(' ')}`;
    if (fs.existsSync(nodePath.join(d, 'yarn.lock'))) return `yarn add ${names.join(' ')}`;
    if (fs.existsSync(nodePath.join(d, 'bun.lockb')) || fs.existsSync(nodePath.join(d, 'bun.lock'))) return `bun add ${names.join(' ')}`;
    if (fs.existsSync(nodePath.join(d, 'package-lock.json')) || nodePath.dirname(d) === d) return `npm install ${names.join(' ')}`;
  }
}

/**
 * Warns, once per run, when the module just written cannot import the runtime or koffi from where it
 * is: it would fail at its first line with `Cannot find package`. Says the command that fixes it.
 */
export function warnIfNoRuntime(modulePath: string, io: Io): void {
  if (warned) return;
  const missing = missingDependencies(modulePath);
  if (missing.length === 0) return;
  warned = true;
  const project = nearestPackage(nodePath.dirname(modulePath))?.root ?? nodePath.dirname(modulePath);
  const where = relativePath(io, project);
  io.stderr(
    `gen-bindings: warning: ${relativePath(io, modulePath)} imports ${missing.join(' and ')}, which ${where === '.' ? 'this project' : where} does not have; ` +
      `install ${missing.length === 1 ? 'it' : 'them'}${where === '.' ? '' : ` in ${where}`}: ${installCommand(project, missing)}\n`,
  );
}
