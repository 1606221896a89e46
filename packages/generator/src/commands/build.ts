import type { PackageOptions } from '../build/package-options.js';
import { runPackages } from '../build/run-packages.js';
import { GENERATE_OPTIONS, formatOption, int64Option, PER_PACKAGE_OPTIONS } from './generate.js';
import { parseTags } from '../parse/build-constraints.js';
import { packagesFromConfig } from './config-packages.js';
import type { Io } from './shared.js';
import type { Command, CommandSpec } from './usage.js';
import { parseCommandLine } from './usage.js';

export const BUILD_HELP = `Usage: gen-bindings build [options] [<go file | package dir | glob>...]

Builds the Go package as a C shared library (go build -buildmode=c-shared) next
to its module, then generates the module. Skips both when nothing changed since
the last build. Without inputs, builds every package of gen-bindings.config.json.

Options:
  -o, --out <file>          output module (default: <name>.ts next to the input); .ts,
                            .mts, .cts: TypeScript; .js, .mjs: an ES module with .d.ts
                            or .d.mts; .cjs: CommonJS with .d.cts
      --format <f>          ts, esm or cjs: without -o, or to write CommonJS into .js
      --out-dir <dir>       put the library, and the module unless -o is given, in <dir>
      --lib <name>          library base name: 'sum' builds libsum.so / .dylib / .dll
      --int64 <mode>        64-bit integer results: 'number' (default) or 'bigint'
      --go-flag=<flag>      extra go build flag, repeatable: --go-flag=-trimpath
      --tags <a,b>          build tags for go build and for choosing the files, the
                            //go:build and the #cgo lines (-tags=… among the
                            --go-flag values counts the same)
      --platform-package <pattern>
                            npm package that ships prebuilt libraries, repeatable:
                            '@acme/sum-{platform}-{arch}'
      --directive <NAME:directive>
                            a //bindings: directive for an export whose source you
                            cannot edit, repeatable: 'jsonnet_version:borrowed'
      --skip-unsupported    leave the exports that cannot be bound out of the module,
                            each with a warning, instead of failing (the library
                            still exports them)
      --check               build nothing; exit 1 with a diff when the module is
                            stale (for CI); nothing is written
      --watch               build and generate again when a file of the package changes
      --config <file>       config file (default: ./gen-bindings.config.json when no
                            input is given)
  -h, --help                show this help

Example:
  gen-bindings build libsum.go      # writes libsum.so (or .dylib / .dll), libsum.h, libsum.ts
`;

export const BUILD_COMMAND = {
  name: 'build',
  help: BUILD_HELP,
  options: { ...GENERATE_OPTIONS, 'out-dir': { type: 'string' }, 'go-flag': { type: 'string', multiple: true } },
  positionals: true,
} as const satisfies CommandSpec;

/** `gen-bindings build [options] [inputs]`. */
export async function runBuild(argv: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandLine(BUILD_COMMAND, argv);
  if (values.help) {
    io.stdout(BUILD_HELP);
    return 0;
  }
  const int64 = int64Option(values.int64, io);
  const format = formatOption(values.format, io);
  if (int64 === false || format === false) return 2;
  if (values.check && values.watch) {
    io.stderr('gen-bindings build: --check and --watch cannot be combined; use --check in CI and --watch while editing\n');
    return 2;
  }
  let packages: readonly PackageOptions[];
  if (positionals.length > 0) {
    if (values.config !== undefined) {
      io.stderr('gen-bindings build: pass Go inputs or --config, not both\n');
      return 2;
    }
    packages = [
      {
        inputs: positionals,
        cwd: io.cwd,
        out: values.out,
        format,
        lib: values.lib,
        int64,
        outDir: values['out-dir'],
        goFlags: values['go-flag'],
        platformPackages: values['platform-package'],
        directives: values.directive,
        tags: parseTags(values.tags),
        skipUnsupported: values['skip-unsupported'],
      },
    ];
  } else {
    const fromConfig = packagesFromConfig('build', values, [...PER_PACKAGE_OPTIONS, 'out-dir', 'go-flag'], io);
    if ('exit' in fromConfig) return fromConfig.exit;
    packages = fromConfig.packages;
  }
  return runPackages(packages, { build: true, check: values.check === true, watch: values.watch === true, argv: ['build', ...argv] }, io);
}

export const command: Command = { spec: BUILD_COMMAND, run: runBuild };
