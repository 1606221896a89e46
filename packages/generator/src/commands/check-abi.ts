import { parseArgs } from 'node:util';
import { checkAbi } from '../abi-check/check-abi.js';
import { formatMismatch, summarize } from '../abi-check/report.js';
import { parseTags } from '../parse/build-constraints.js';
import type { Io } from './shared.js';
import { reportDiagnostics } from './shared.js';

export const CHECK_ABI_HELP = `Usage: gen-bindings check-abi [options] <go file | package dir | glob>... --header <libX.h>

Compares the C signatures gen-bindings derives from the Go source with the header
that go build -buildmode=c-shared wrote: every prototype and result struct, then
the size, alignment and field offsets of every type the bindings declare, measured
by compiling a small C program against the header.

Options:
      --header <file>  the header cgo wrote next to the library (required)
      --cc <command>   C compiler for the size check (default: $CC or cc)
      --no-layout      compare prototypes only; do not run the C compiler
      --tags <a,b>     build tags, as go build -tags (choose files, //go:build
                       and #cgo lines)
  -h, --help           show this help

Exit status: 0 when everything matches, 1 on any mismatch or error, 2 on bad usage.
`;

/** `gen-bindings check-abi <inputs> --header libX.h`. */
export async function runCheckAbi(argv: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: { header: { type: 'string' }, cc: { type: 'string' }, 'no-layout': { type: 'boolean' }, tags: { type: 'string', multiple: true }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    io.stdout(CHECK_ABI_HELP);
    return 0;
  }
  if (positionals.length === 0 || values.header === undefined) {
    io.stderr(`gen-bindings check-abi: ${positionals.length === 0 ? 'no Go input given' : '--header is required'}\n\n${CHECK_ABI_HELP}`);
    return 2;
  }
  const result = await checkAbi({
    inputs: positionals,
    header: values.header,
    cwd: io.cwd,
    ...(values['no-layout'] ? { cc: false as const } : values.cc !== undefined ? { cc: values.cc } : {}),
    ...(values.tags !== undefined ? { tags: parseTags(values.tags) } : {}),
  });
  const failed = reportDiagnostics(result.diagnostics, io, 'the check is incomplete');
  for (const m of result.mismatches) io.stderr(`${formatMismatch(m, values.header)}\n`);
  for (const l of result.layout?.mismatches ?? []) io.stderr(`${values.header}: error: ${l}; the koffi declarations of the bindings would not match C [layout-mismatch]\n`);
  if (result.header) io.stdout(`${summarize(result, values.header)}\n`);
  return failed || result.mismatches.length > 0 || (result.layout?.mismatches.length ?? 0) > 0 ? 1 : 0;
}
