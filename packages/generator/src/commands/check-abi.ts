import { parseArgs } from 'node:util';
import { checkAbi } from '../abi-check/check-abi.js';
import { formatLayoutMismatch, formatMismatch, summarize } from '../abi-check/report.js';
import { hostTarget, isKnownTarget, parseTags } from '../parse/build-constraints.js';
import type { Io } from './shared.js';
import { reportDiagnostics } from './shared.js';

export const CHECK_ABI_HELP = `Usage: gen-bindings check-abi [options] <go file | package dir | glob>... --header <libX.h>

Compares the C signatures gen-bindings derives from the Go source with the header
that go build -buildmode=c-shared wrote: every prototype and result struct, then
the size, alignment, signedness and field offsets of every type the bindings
declare, measured with the C compiler against the header (compile-only: nothing
is linked or run, so a cross compiler works).

Options:
      --header <file>   the header cgo wrote next to the library (required)
      --cc <command>    C compiler for the size check, flags allowed: "gcc -m32",
                        "zig cc -target x86_64-windows-gnu" (default: $CC or cc)
      --goos <os>       GOOS the library was built for (default: this machine's)
      --goarch <arch>   GOARCH the library was built for (default: this machine's)
      --no-layout       compare prototypes only; do not run the C compiler
      --tags <a,b>      build tags, as go build -tags (choose files, //go:build
                        and #cgo lines)
  -h, --help            show this help

Exit status: 0 when everything matches, 1 on any mismatch or error, 2 on bad usage.
`;

/** `gen-bindings check-abi <inputs> --header libX.h`. */
export async function runCheckAbi(argv: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      header: { type: 'string' },
      cc: { type: 'string' },
      goos: { type: 'string' },
      goarch: { type: 'string' },
      'no-layout': { type: 'boolean' },
      tags: { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout(CHECK_ABI_HELP);
    return 0;
  }
  const host = hostTarget();
  const target = { goos: values.goos ?? host.goos, goarch: values.goarch ?? host.goarch };
  const usage =
    positionals.length === 0 ? 'no Go input given'
    : values.header === undefined ? '--header is required'
    : values.cc !== undefined && values.cc.trim() === '' ? '--cc needs a compiler command'
    : !isKnownTarget(target.goos, target.goarch) ? `${target.goos}/${target.goarch} is not a GOOS/GOARCH pair Go knows; write for example --goos windows --goarch amd64`
    : undefined;
  if (usage !== undefined || values.header === undefined) {
    io.stderr(`gen-bindings check-abi: ${usage}\n\n${CHECK_ABI_HELP}`);
    return 2;
  }
  const result = await checkAbi({
    inputs: positionals,
    header: values.header,
    cwd: io.cwd,
    target,
    ...(values['no-layout'] ? { cc: false as const } : values.cc !== undefined ? { cc: values.cc } : {}),
    ...(values.tags !== undefined ? { tags: parseTags(values.tags) } : {}),
  });
  const failed = reportDiagnostics(result.diagnostics, io, 'the check is incomplete');
  for (const m of result.mismatches) io.stderr(`${formatMismatch(m, values.header)}\n`);
  for (const m of result.layout?.mismatches ?? []) io.stderr(`${formatLayoutMismatch(m, result, values.header)}\n`);
  if (result.header) io.stdout(`${summarize(result, values.header)}\n`);
  return failed || result.mismatches.length > 0 || (result.layout?.mismatches.length ?? 0) > 0 ? 1 : 0;
}
