import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { parseArgs } from 'node:util';
import { generate, writeFiles } from './generate.js';
import { formatDiagnostic, hasErrors } from './model/diagnostics.js';

const HELP = `Usage: gen-bindings [options] <go file | package dir | glob>...

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

Example:
  go build -buildmode=c-shared -o libsum.so libsum.go
  gen-bindings libsum.go        # writes libsum.ts
`;

function version(): string {
  const pkg = JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** Runs the CLI with `argv` (without node and script); returns the exit code. */
export function main(argv: readonly string[]): number {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        out: { type: 'string', short: 'o' },
        lib: { type: 'string' },
        int64: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (e) {
    process.stderr.write(`gen-bindings: ${(e as Error).message}\nRun gen-bindings --help for usage.\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (values.version) {
    process.stdout.write(`${version()}\n`);
    return 0;
  }
  if (positionals.length === 0) {
    process.stderr.write(`gen-bindings: no Go input given\n\n${HELP}`);
    return 2;
  }
  if (values.int64 !== undefined && values.int64 !== 'number' && values.int64 !== 'bigint') {
    process.stderr.write(`gen-bindings: --int64 must be 'number' or 'bigint', not '${values.int64}'\n`);
    return 2;
  }
  const result = generate({
    inputs: positionals,
    ...(values.out !== undefined ? { out: values.out } : {}),
    ...(values.lib !== undefined ? { lib: values.lib } : {}),
    ...(values.int64 !== undefined ? { int64: values.int64 as 'number' | 'bigint' } : {}),
  });
  for (const d of result.diagnostics) process.stderr.write(`${formatDiagnostic(d)}\n`);
  if (hasErrors(result.diagnostics)) {
    const n = result.diagnostics.filter((d) => d.severity === 'error').length;
    process.stderr.write(`gen-bindings: ${n} error${n === 1 ? '' : 's'}; nothing written\n`);
    return 1;
  }
  writeFiles(result.files);
  for (const f of result.files) {
    const rel = nodePath.relative(process.cwd(), f.path).split(nodePath.sep).join('/');
    process.stdout.write(`gen-bindings: wrote ${rel} (${result.funcs.length} export${result.funcs.length === 1 ? '' : 's'})\n`);
  }
  return 0;
}

process.exitCode = main(process.argv.slice(2));
