import { parseArgs } from 'node:util';
import { generate, writeFiles } from '../generate.js';
import type { Io } from './shared.js';
import { relativePath, reportDiagnostics } from './shared.js';

export const GENERATE_HELP = `Usage: gen-bindings [options] <go file | package dir | glob>...

Reads Go source, finds the functions marked //export (cgo) and writes a typed
TypeScript module that calls them through koffi.

Options:
  -o, --out <file>     output module (default: <name>.ts next to the input)
      --lib <name>     library base name: 'sum' loads libsum.so / .dylib / .dll
                       (default: the input's name without a leading 'lib')
      --int64 <mode>   64-bit integer results: 'number' (default; throws a
                       RangeError past ±2^53) or 'bigint'
  -h, --help           show this help
  -v, --version        show the version

Commands:
  gen-bindings check-abi <go files> --header <libX.h>
                       compare the bindings with the header cgo wrote

Example:
  go build -buildmode=c-shared -o libsum.so libsum.go
  gen-bindings libsum.go        # writes libsum.ts
`;

/** Options shared by every command that generates. */
export const GENERATE_OPTIONS = {
  out: { type: 'string', short: 'o' },
  lib: { type: 'string' },
  int64: { type: 'string' },
} as const;

export function int64Option(value: string | undefined, io: Io): 'number' | 'bigint' | undefined | false {
  if (value === undefined || value === 'number' || value === 'bigint') return value;
  io.stderr(`gen-bindings: --int64 must be 'number' or 'bigint', not '${value}'\n`);
  return false;
}

/** `gen-bindings [options] <inputs>`: generate and write the module. */
export function runGenerate(argv: readonly string[], io: Io): number {
  const { values, positionals } = parseArgs({ args: [...argv], allowPositionals: true, options: GENERATE_OPTIONS });
  if (positionals.length === 0) {
    io.stderr(`gen-bindings: no Go input given\n\n${GENERATE_HELP}`);
    return 2;
  }
  const int64 = int64Option(values.int64, io);
  if (int64 === false) return 2;
  const result = generate({
    inputs: positionals,
    cwd: io.cwd,
    ...(values.out !== undefined ? { out: values.out } : {}),
    ...(values.lib !== undefined ? { lib: values.lib } : {}),
    ...(int64 !== undefined ? { int64 } : {}),
  });
  if (reportDiagnostics(result.diagnostics, io)) return 1;
  writeFiles(result.files);
  const n = result.funcs.length;
  for (const f of result.files) io.stdout(`gen-bindings: wrote ${relativePath(io, f.path)} (${n} export${n === 1 ? '' : 's'})\n`);
  return 0;
}
