import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import type { CheckAbiOptions } from '../abi-check/check-abi.js';
import { checkAbi } from '../abi-check/check-abi.js';
import { formatLayoutMismatch, formatMismatch, summarize } from '../abi-check/report.js';
import { packageTags, planPackage } from '../build/package-options.js';
import type { BuildTarget } from '../parse/build-constraints.js';
import { hostTarget, isKnownTarget, parseTags } from '../parse/build-constraints.js';
import { packagesFromConfig } from './config-packages.js';
import type { Io } from './shared.js';
import { relativePath, reportDiagnostics } from './shared.js';
import type { Command, CommandSpec } from './usage.js';
import { parseCommandLine, UsageError } from './usage.js';

export const CHECK_ABI_HELP = `Usage: gen-bindings check-abi [options] <go file | package dir | glob>... --header <libX.h>
       gen-bindings check-abi [options]   (every package of gen-bindings.config.json)

Compares the C signatures gen-bindings derives from the Go source with the header
that go build -buildmode=c-shared wrote: every prototype and result struct, then
the size, alignment, signedness and field offsets of every type the bindings
declare, measured with the C compiler against the header (compile-only: nothing
is linked or run, so a cross compiler works). Without inputs, checks every
package of gen-bindings.config.json against the header gen-bindings build wrote.

Options:
      --header <file>   the header cgo wrote next to the library (required with
                        inputs)
      --cc <command>    C compiler for the size check, flags allowed: "gcc -m32",
                        "zig cc -target x86_64-windows-gnu" (default: $CC or cc)
      --goos <os>       GOOS the library was built for (default: this machine's)
      --goarch <arch>   GOARCH the library was built for (default: this machine's)
      --no-layout       compare prototypes only; do not run the C compiler
      --tags <a,b>      build tags, as go build -tags (choose files, //go:build
                        and #cgo lines)
      --config <file>   config file (default: ./gen-bindings.config.json when no
                        input is given)
  -h, --help            show this help

Exit status: 0 when everything matches, 1 on any mismatch or error, 2 on bad usage.
`;

export const CHECK_ABI_COMMAND = {
  name: 'check-abi',
  help: CHECK_ABI_HELP,
  options: {
    header: { type: 'string' },
    cc: { type: 'string' },
    goos: { type: 'string' },
    goarch: { type: 'string' },
    'no-layout': { type: 'boolean' },
    tags: { type: 'string', multiple: true },
    config: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
  positionals: true,
} as const satisfies CommandSpec;

type Check = Pick<CheckAbiOptions, 'inputs' | 'header' | 'tags'>;

/** `gen-bindings check-abi <inputs> --header libX.h`, or every package of the config file. */
export async function runCheckAbi(argv: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandLine(CHECK_ABI_COMMAND, argv);
  if (values.help) {
    io.stdout(CHECK_ABI_HELP);
    return 0;
  }
  const host = hostTarget();
  const target = { goos: values.goos ?? host.goos, goarch: values.goarch ?? host.goarch };
  const usage =
    positionals.length > 0 && values.header === undefined ? '--header is required with Go inputs'
    : positionals.length > 0 && values.config !== undefined ? 'pass Go inputs or --config, not both'
    : values.cc !== undefined && values.cc.trim() === '' ? '--cc needs a compiler command'
    : !isKnownTarget(target.goos, target.goarch) ? `${target.goos}/${target.goarch} is not a GOOS/GOARCH pair Go knows; write for example --goos windows --goarch amd64`
    : undefined;
  if (usage !== undefined) throw new UsageError('check-abi', usage);
  const cc = values['no-layout'] ? { cc: false as const } : values.cc !== undefined ? { cc: values.cc } : {};
  const run = (check: Check): Promise<boolean> => checkOne({ ...check, cwd: io.cwd, target, ...cc }, io);
  if (positionals.length > 0 && values.header !== undefined) {
    return (await run({ inputs: positionals, header: values.header, ...(values.tags !== undefined ? { tags: parseTags(values.tags) } : {}) })) ? 0 : 1;
  }
  const fromConfig = packagesFromConfig('check-abi', values, ['header', 'tags'], io);
  if ('exit' in fromConfig) return fromConfig.exit;
  let ok = true;
  for (const p of fromConfig.packages) {
    // The header is where build put it, which the generated module's place decides.
    const { plan, result } = await planPackage(p);
    if (!plan) {
      reportDiagnostics(result.diagnostics, io, 'nothing checked');
      ok = false;
      continue;
    }
    if (!fs.existsSync(plan.headerPath)) {
      io.stderr(`gen-bindings check-abi: ${relativePath(io, plan.headerPath)} does not exist; run gen-bindings build first, which writes it next to the library\n`);
      ok = false;
      continue;
    }
    const shown = (f: string): string => relativePath(io, nodePath.resolve(p.cwd, f));
    ok = (await run({ inputs: p.inputs.map(shown), header: relativePath(io, plan.headerPath), tags: packageTags(p) })) && ok;
  }
  return ok ? 0 : 1;
}

/** Checks one package and prints the result; false on any mismatch or error. */
async function checkOne(options: Check & { cwd: string; target: BuildTarget; cc?: string | false }, io: Io): Promise<boolean> {
  const result = await checkAbi(options);
  const failed = reportDiagnostics(result.diagnostics, io, 'the check is incomplete');
  for (const m of result.mismatches) io.stderr(`${formatMismatch(m, options.header)}\n`);
  for (const m of result.layout?.mismatches ?? []) io.stderr(`${formatLayoutMismatch(m, result, options.header)}\n`);
  if (result.header) io.stdout(`${summarize(result, options.header)}\n`);
  return !failed && result.mismatches.length === 0 && (result.layout?.mismatches.length ?? 0) === 0;
}

export const command: Command = { spec: CHECK_ABI_COMMAND, run: runCheckAbi };
