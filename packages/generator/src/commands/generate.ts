import { parseArgs } from 'node:util';
import { runPackages } from '../build/run-packages.js';
import { generate, writeFiles } from '../generate.js';
import { parseTags } from '../parse/build-constraints.js';
import type { Io } from './shared.js';
import { exportCount, relativePath, reportDiagnostics } from './shared.js';

export const GENERATE_HELP = `Usage: gen-bindings [options] <go file | package dir | glob>...

Reads Go source, finds the functions marked //export (cgo) and writes a typed
TypeScript module that calls them through koffi.

Options:
  -o, --out <file>     output module (default: <name>.ts next to the input)
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
  -h, --help           show this help
  -v, --version        show the version

Commands:
  gen-bindings build <go file | package dir>
                       build the library with go build -buildmode=c-shared, then
                       generate; skips both when nothing changed (see build --help)
  gen-bindings check-abi <go files> --header <libX.h>
                       compare the bindings with the header cgo wrote
  gen-bindings glue-file <go file | package dir>
                       print the Go file build adds (panics as JS errors, Async
                       on goroutines, fast calls), for those who run go build

Example:
  gen-bindings build libsum.go  # writes libsum.so and libsum.ts
  gen-bindings libsum.go        # writes libsum.ts only
`;

/** Options shared by every command that generates. */
export const GENERATE_OPTIONS = {
  out: { type: 'string', short: 'o' },
  lib: { type: 'string' },
  int64: { type: 'string' },
  'platform-package': { type: 'string', multiple: true },
  directive: { type: 'string', multiple: true },
  'skip-unsupported': { type: 'boolean' },
  tags: { type: 'string', multiple: true },
  check: { type: 'boolean' },
  watch: { type: 'boolean' },
} as const;

export function int64Option(value: string | undefined, io: Io): 'number' | 'bigint' | undefined | false {
  if (value === undefined || value === 'number' || value === 'bigint') return value;
  io.stderr(`gen-bindings: --int64 must be 'number' or 'bigint', not '${value}'\n`);
  return false;
}

/** `gen-bindings [options] <inputs>`: generate and write the module. */
export async function runGenerate(argv: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({ args: [...argv], allowPositionals: true, options: GENERATE_OPTIONS });
  if (positionals.length === 0) {
    io.stderr(`gen-bindings: no Go input given\n\n${GENERATE_HELP}`);
    return 2;
  }
  const int64 = int64Option(values.int64, io);
  if (int64 === false) return 2;
  const platformPackages = values['platform-package'];
  if (values.check || values.watch) {
    const pkg = { inputs: positionals, cwd: io.cwd, out: values.out, lib: values.lib, int64, platformPackages, directives: values.directive, tags: parseTags(values.tags), skipUnsupported: values['skip-unsupported'] };
    return runPackages([pkg], { build: false, check: values.check === true, watch: values.watch === true, argv }, io);
  }
  const result = await generate({
    inputs: positionals,
    cwd: io.cwd,
    ...(values.out !== undefined ? { out: values.out } : {}),
    ...(values.lib !== undefined ? { lib: values.lib } : {}),
    ...(int64 !== undefined ? { int64 } : {}),
    ...(platformPackages !== undefined ? { platformPackages } : {}),
    ...(values.directive !== undefined ? { directives: values.directive } : {}),
    ...(values.tags !== undefined ? { tags: parseTags(values.tags) } : {}),
    ...(values['skip-unsupported'] ? { skipUnsupported: true } : {}),
  });
  if (reportDiagnostics(result.diagnostics, io)) return 1;
  writeFiles(result.files);
  for (const f of result.files) io.stdout(`gen-bindings: wrote ${relativePath(io, f.path)} (${exportCount(result)})\n`);
  return 0;
}
