import type { PackageOptions } from '../build/package-options.js';
import { runPackages } from '../build/run-packages.js';
import { generate, writeFiles } from '../generate.js';
import { parseTags } from '../parse/build-constraints.js';
import { version } from '../version.js';
import type { OutputFormat } from '../emit/output-format.js';
import { OUTPUT_FORMATS } from '../emit/output-format.js';
import { warnIfNoRuntime } from '../build/runtime-check.js';
import { packagesFromConfig } from './config-packages.js';
import type { Io } from './shared.js';
import { exportCount, relativePath, reportDiagnostics } from './shared.js';
import type { Command, CommandSpec } from './usage.js';
import { parseCommandLine } from './usage.js';

export const GENERATE_HELP = `Usage: gen-bindings [options] [<go file | package dir | glob>...]

Reads Go source, finds the functions marked //export (cgo) and writes a typed
TypeScript module that calls them through koffi. Without inputs, generates for
every package of gen-bindings.config.json.

Options:
  -o, --out <file>     output module (default: <name>.ts next to the input); the
                       extension says what: .ts/.mts/.cts TypeScript, .js/.mjs
                       an ES module with .d.ts/.d.mts, .cjs CommonJS with .d.cts
      --format <f>     ts, esm or cjs: without -o, or to write CommonJS into .js
      --lib <name>     library base name: 'sum' loads libsum.so / .dylib / .dll
                       (default: the input's name without a leading 'lib')
      --int64 <mode>   64-bit integer results: 'number' (default; throws a
                       RangeError past ±2^53) or 'bigint'
      --platform-package <pattern>
                       npm package with prebuilt libraries for the module to
                       try, repeatable: '@acme/sum-{platform}-{arch}'
      --directive <NAME:directive>
                       a //bindings: directive for an export whose source you
                       cannot edit, repeatable: 'jsonnet_version:borrowed'
      --skip-unsupported
                       leave out the exports that cannot be bound, each with a
                       warning, instead of failing (errors about the package
                       as a whole still fail)
      --tags <a,b>     build tags, as go build -tags: they choose the files and
                       //go:build and #cgo lines that apply
      --check          write nothing; exit 1 with a diff when the module on
                       disk differs from what would be generated (for CI)
      --watch          generate again whenever a Go file of the package changes
      --config <file>  config file (default: ./gen-bindings.config.json when no
                       input is given)
  -h, --help           show this help
  -v, --version        show the version (-V works too)

Commands:
  gen-bindings init [dir]
                       set up an npm project: a Go package, a config file and
                       npm scripts (see init --help)
  gen-bindings build <go file | package dir>
                       build the library with go build -buildmode=c-shared, then
                       generate; skips both when nothing changed (see build --help)
  gen-bindings check-abi <go files> --header <libX.h>
                       compare the bindings with the header cgo wrote
  gen-bindings glue-file <go file | package dir>
                       print the Go file build adds (panics as JS errors, Async
                       on goroutines, fast calls), for those who run go build
  gen-bindings generate [options] <inputs>
                       this command, by name
  gen-bindings help [command]
                       show this help, or a command's

Example:
  gen-bindings build libsum.go  # writes libsum.so and libsum.ts
  gen-bindings libsum.go        # writes libsum.ts only
`;

/** Options shared by every command that generates. */
export const GENERATE_OPTIONS = {
  out: { type: 'string', short: 'o' },
  format: { type: 'string' },
  lib: { type: 'string' },
  int64: { type: 'string' },
  'platform-package': { type: 'string', multiple: true },
  directive: { type: 'string', multiple: true },
  'skip-unsupported': { type: 'boolean' },
  tags: { type: 'string', multiple: true },
  check: { type: 'boolean' },
  watch: { type: 'boolean' },
  config: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** The command-line options that set one package's options: with a config file, they belong in it. */
export const PER_PACKAGE_OPTIONS = ['out', 'format', 'lib', 'int64', 'platform-package', 'directive', 'tags', 'skip-unsupported'] as const;

export const GENERATE_COMMAND = {
  name: 'generate',
  help: GENERATE_HELP,
  options: { ...GENERATE_OPTIONS, version: { type: 'boolean', short: 'v' } },
  positionals: true,
} as const satisfies CommandSpec;

export function formatOption(value: string | undefined, io: Io): OutputFormat | undefined | false {
  if (value === undefined || (OUTPUT_FORMATS as readonly string[]).includes(value)) return value as OutputFormat | undefined;
  io.stderr(`gen-bindings: --format must be ts, esm or cjs, not '${value}'\n`);
  return false;
}

export function int64Option(value: string | undefined, io: Io): 'number' | 'bigint' | undefined | false {
  if (value === undefined || value === 'number' || value === 'bigint') return value;
  io.stderr(`gen-bindings: --int64 must be 'number' or 'bigint', not '${value}'\n`);
  return false;
}

/** `gen-bindings [options] [inputs]`: generate and write the module, or every module of the config file. */
export async function runGenerate(argv: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandLine(GENERATE_COMMAND, argv);
  if (values.help) {
    io.stdout(GENERATE_HELP);
    return 0;
  }
  if (values.version) {
    io.stdout(`${version()}\n`);
    return 0;
  }
  const int64 = int64Option(values.int64, io);
  const format = formatOption(values.format, io);
  if (int64 === false || format === false) return 2;
  const mode = { build: false, check: values.check === true, watch: values.watch === true, argv };
  if (positionals.length === 0) {
    // Bare `gen-bindings` where there is no config file is most likely a new user: show the whole help.
    const fromConfig = packagesFromConfig('generate', values, PER_PACKAGE_OPTIONS, io, argv.length === 0 ? GENERATE_HELP : undefined);
    return 'exit' in fromConfig ? fromConfig.exit : runPackages(fromConfig.packages, mode, io);
  }
  if (values.config !== undefined) {
    io.stderr('gen-bindings: pass Go inputs or --config, not both\n');
    return 2;
  }
  const pkg: PackageOptions = { inputs: positionals, cwd: io.cwd, out: values.out, format, lib: values.lib, int64, platformPackages: values['platform-package'], directives: values.directive, tags: parseTags(values.tags), skipUnsupported: values['skip-unsupported'] };
  if (mode.check || mode.watch) return runPackages([pkg], mode, io);
  const result = await generate({
    inputs: positionals,
    cwd: io.cwd,
    ...(pkg.out !== undefined ? { out: pkg.out } : {}),
    ...(format !== undefined ? { format } : {}),
    ...(pkg.lib !== undefined ? { lib: pkg.lib } : {}),
    ...(int64 !== undefined ? { int64 } : {}),
    ...(pkg.platformPackages !== undefined ? { platformPackages: pkg.platformPackages } : {}),
    ...(pkg.directives !== undefined ? { directives: pkg.directives } : {}),
    ...(pkg.tags?.length ? { tags: pkg.tags } : {}),
    ...(pkg.skipUnsupported ? { skipUnsupported: true } : {}),
  });
  if (reportDiagnostics(result.diagnostics, io)) return 1;
  writeFiles(result.files);
  for (const f of result.files) io.stdout(`gen-bindings: wrote ${relativePath(io, f.path)} (${exportCount(result)})\n`);
  if (result.files[0]) warnIfNoRuntime(result.files[0].path, io);
  return 0;
}

export const command: Command = { spec: GENERATE_COMMAND, run: runGenerate };
