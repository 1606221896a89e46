import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { bindPackage } from '../generate.js';
import type { Diagnostic, Position } from '../model/diagnostics.js';
import { error, filePos, formatDiagnostic, hasErrors } from '../model/diagnostics.js';
import type { GoPackage } from '../model/ir.js';
import { isSkipped } from '../model/ir.js';
import type { BuildTarget } from '../parse/build-constraints.js';
import { hostTarget, withTags } from '../parse/build-constraints.js';
import { COMPILER_TIMEOUT_MS, compilerCommand, firstCompilerError } from '../parse/c/compiler.js';
import { displayPath, readInputs } from '../parse/package.js';
import type { AbiMismatch } from './compare.js';
import { compareWithHeader } from './compare.js';
import type { CgoHeader } from './header.js';
import { parseCgoHeader } from './header.js';
import type { LayoutItem, LayoutMismatch } from './layout.js';
import { compareLayouts, expectedLayouts } from './layout.js';
import type { CompilerTarget } from '../parse/c/compiler-target.js';
import { otherTarget } from '../parse/c/compiler-target.js';
import type { Measurement } from './measure.js';
import { measureLayouts, packageCFlags } from './measure.js';

export interface CheckAbiOptions {
  /** Go files, package directories or globs, as for `generate`. */
  readonly inputs: readonly string[];
  /** The header `go build -buildmode=c-shared` wrote. */
  readonly header: string;
  /** Working directory for inputs, the header and the paths in diagnostics; defaults to `process.cwd()`. */
  readonly cwd?: string;
  /** The target the library was built for (GOOS/GOARCH); defaults to this machine's. */
  readonly target?: BuildTarget;
  /**
   * The C compiler command for the size and offset check, flags allowed (`gcc -m32`,
   * `zig cc -target x86_64-windows-gnu`); `false` skips the check. Defaults to `$CC` or `cc`.
   */
  readonly cc?: string | false;
  /** Build tags, as for `generate`. */
  readonly tags?: readonly string[];
}

export interface LayoutCheck {
  /** Every type measured, with what the bindings assume. */
  readonly expected: readonly LayoutItem[];
  /** What the C compiler measured, by C spelling. */
  readonly measured: ReadonlyMap<string, LayoutItem>;
  /** Every fact the two disagree on; empty when everything matches. */
  readonly mismatches: readonly LayoutMismatch[];
  /** Expected items the compiler could not measure (each has a diagnostic too). */
  readonly unmeasured: readonly LayoutItem[];
  /** What the compiler targets, as its predefined macros say. */
  readonly compilerTarget: CompilerTarget;
}

export interface CheckAbiResult {
  /** Problems reading the inputs or the header, every export gen-bindings rejects, and every failure of the C compiler. */
  readonly diagnostics: readonly Diagnostic[];
  /** Disagreements about prototypes and result structs, and exports on one side only (`missing-in-*`). */
  readonly mismatches: readonly AbiMismatch[];
  /** Undefined when skipped (`cc: false`, nothing bound) or when the compiler failed (then a diagnostic says why). */
  readonly layout: LayoutCheck | undefined;
  /** Exports compared: bound by gen-bindings and declared in the header. */
  readonly checked: number;
  readonly header: CgoHeader | undefined;
  /** Where each export's Go function is, for placing layout mismatches. */
  readonly exportPositions: ReadonlyMap<string, Position | undefined>;
}

/**
 * Compares what gen-bindings derives from Go source with the header cgo wrote for the same
 * package: every prototype and result struct, then (unless `cc: false`) the size, alignment and
 * offsets of every type the bindings declare, measured compile-only with the C compiler against the
 * header. Resolves to diagnostics for every failure; never rejects on bad input or a failing compiler.
 */
export async function checkAbi(options: CheckAbiOptions): Promise<CheckAbiResult> {
  const cwd = options.cwd ?? process.cwd();
  const target = withTags(options.target ?? hostTarget(), options.tags);
  const { sources, diagnostics } = readInputs(options.inputs, cwd, target);
  const headerPath = nodePath.resolve(cwd, options.header);
  const headerFile = displayPath(options.header, cwd);
  const nothing = { mismatches: [], layout: undefined, checked: 0, header: undefined, exportPositions: new Map() };
  let headerText: string;
  try {
    headerText = fs.readFileSync(headerPath, 'utf8');
  } catch {
    diagnostics.push(error('no-header', 'cannot read the header; pass the .h file that go build -buildmode=c-shared wrote next to the library', filePos(headerFile)));
    return { diagnostics, ...nothing };
  }
  if (hasErrors(diagnostics)) return { diagnostics, ...nothing };

  const cc = options.cc === false ? undefined : options.cc;
  const { pkg, funcs, diagnostics: bindDiagnostics } = await bindPackage(sources, { target, cwd, cc, compilerAsGiven: true });
  diagnostics.push(...bindDiagnostics);
  const parsedHeader = parseCgoHeader(headerText);
  // Exports the module leaves out (//bindings:skip) have no binding to compare.
  const skipped = new Set(pkg.exports.filter(isSkipped).map((e) => e.name));
  const header = { ...parsedHeader, exports: parsedHeader.exports.filter((e) => !skipped.has(e.name)) };
  for (const u of header.unreadable) {
    diagnostics.push(error('header-unreadable', `cannot read this declaration of the header as a cgo export: ${u.text}; pass the header cgo wrote, unedited`, { file: headerFile, line: u.line, column: 1 }));
  }
  // Functions of //bindings:export exist only in the glue, which the header does not describe.
  const bound = funcs.filter((f) => !f.plain).map((f) => ({ abi: f.abi, pos: f.func.pos }));
  const mismatches = compareWithHeader(bound, header, pkg.cTypedefs);
  const inHeader = new Set(header.exports.map((e) => e.name));
  const exportPositions = new Map(bound.map((b) => [b.abi.name, b.pos]));
  const checked = bound.filter((b) => inHeader.has(b.abi.name)).length;

  let layout: LayoutCheck | undefined;
  // bindPackage already said that there is no compiler, when the preamble's types needed one.
  const noCompiler = bindDiagnostics.some((d) => d.code === 'no-c-compiler');
  if (options.cc !== false && bound.length > 0 && !noCompiler) {
    const command = compilerCommand(cc);
    const pkgDir = packageDir(pkg, cwd);
    const { flags, diagnostics: flagDiagnostics } = packageCFlags(pkg, target, pkgDir);
    diagnostics.push(...flagDiagnostics);
    // A result struct the header lacks is a mismatch already; measuring it would only fail again.
    const expected = expectedLayouts(bound.map((b) => b.abi)).filter((i) => !/^struct \w+_return$/.test(i.c) || header.structs.has(i.c.slice(7)));
    const measurement = measureLayouts(expected, { command, flags, header: headerPath, cwd: pkgDir });
    const where = (item: LayoutItem): Position => (item.usedBy !== undefined ? exportPositions.get(item.usedBy) : undefined) ?? filePos(headerFile);
    if (!measurement.ok) {
      diagnostics.push(measurementFailure(measurement, command.join(' '), { cwd, pkgDir, headerFile, headerText }));
    } else {
      layout = { expected, measured: measurement.measured, mismatches: compareLayouts(expected, measurement.measured), unmeasured: measurement.unmeasured, compilerTarget: measurement.target };
      for (const item of measurement.unmeasured) {
        const user = item.usedBy !== undefined ? ` (in the signature of ${item.usedBy})` : '';
        diagnostics.push(error('layout-unmeasured', `the C compiler could not measure ${item.c}${user} with the header: sizeof(${item.c}) does not compile there; rebuild the library if the header is older than the Go source, otherwise please report it`, where(item)));
      }
      const targetWarning = compilerTargetWarning(measurement.target, target, command.join(' '), headerFile);
      if (targetWarning) diagnostics.push(targetWarning);
    }
  }
  return { diagnostics: unique(diagnostics), mismatches, layout, checked, header, exportPositions };
}

/** The package directory: where the first file with exports is (the compiler runs there, as go build runs it). */
function packageDir(pkg: GoPackage, cwd: string): string {
  const file = pkg.files.find((f) => f.importsC && f.exports.length > 0) ?? pkg.files[0];
  return nodePath.resolve(cwd, nodePath.dirname(file?.path ?? '.'));
}

/** A failed measurement as one diagnostic, located where the compiler says when it says. */
function measurementFailure(m: Extract<Measurement, { ok: false }>, cc: string, at: { cwd: string; pkgDir: string; headerFile: string; headerText: string }): Diagnostic {
  const headerPos = filePos(at.headerFile);
  const skip = 'or pass --no-layout to compare prototypes only';
  switch (m.reason) {
    case 'missing':
      return error('no-c-compiler', `the C compiler '${cc}' could not be started (${m.stderr}); install a C compiler (cc, gcc or clang) or name it with --cc or $CC, ${skip}`, headerPos);
    case 'timeout':
      return error('layout-check', `the C compiler '${cc}' did not finish within ${COMPILER_TIMEOUT_MS / 1000} s measuring sizes and offsets; ${skip}`, headerPos);
    case 'unreadable':
      return error('layout-check', `'${cc} -S' compiled the measurements, but its assembly holds none of them in a form gen-bindings reads (GNU as data directives); use gcc or clang, ${skip}`, headerPos);
    case 'failed': {
      const e = firstCompilerError(m.stderr);
      const first = m.stderr.trim().split('\n')[0] ?? '';
      if (!e) return error('layout-check', `the header does not compile with '${cc}': ${first || 'no message'}; fix the C code or the #cgo CFLAGS, ${skip}`, headerPos);
      const pos = compilerErrorPos(e, at) ?? headerPos;
      const why = /_check_for_\d+_bit_pointer_matching_GoInt/.test(m.stderr)
        ? `the header does not compile with '${cc}': its pointers are not the size of the library's GoInt, so the compiler targets another architecture than the library was built for; use the compiler for that target`
        : `the header does not compile with '${cc}': ${e.message}; fix the C code or the #cgo CFLAGS (the check passes the package's #cgo CPPFLAGS and CFLAGS for the target), ${skip}`;
      return error('layout-check', why, pos);
    }
    default:
      return m.reason satisfies never;
  }
}

/**
 * Where a compiler error is, for the user: a file that exists (the Go file of a preamble, whose name the
 * header's `#line` gives relative to the package directory; a header of the package), else the header's
 * own line for cgo's pseudo-files (`cgo-gcc-export-header-prolog`); undefined for the measuring code.
 */
function compilerErrorPos(e: { file: string; line: number; column: number }, at: { cwd: string; pkgDir: string; headerFile: string; headerText: string }): Position | undefined {
  if (e.file === '<stdin>' || e.file === 'gen-bindings-probe.c') return undefined;
  const abs = nodePath.resolve(at.pkgDir, e.file);
  if (fs.existsSync(abs)) return { file: displayPath(abs, at.cwd), line: e.line, column: e.column };
  // `#line N "F"` on header line D: line N of F is header line D + 1.
  const lines = at.headerText.split('\n');
  for (let d = lines.length - 1; d >= 0; d--) {
    const m = /^#line (\d+) "(.*)"\s*$/.exec(lines[d]!);
    if (m && m[2] === e.file && Number(m[1]) <= e.line) return { file: at.headerFile, line: d + 2 + e.line - Number(m[1]), column: e.column };
  }
  return undefined;
}

/** A warning when the compiler's predefined macros name another OS or architecture than the bindings are checked for. */
function compilerTargetWarning(ct: CompilerTarget, target: BuildTarget, cc: string, headerFile: string): Diagnostic | undefined {
  const theirs = otherTarget(ct, target);
  if (theirs === undefined) return undefined;
  return {
    code: 'layout-target',
    severity: 'warning',
    message: `the C compiler '${cc}' targets ${theirs}, but the bindings are checked for ${target.goos}/${target.goarch}, and C sizes differ between targets (long is 32-bit on windows/amd64); pass --goos and --goarch of the target the library was built for, or a compiler for ${target.goos}/${target.goarch}`,
    pos: filePos(headerFile),
  };
}

/** Drops repeats: bindPackage and the layout step may both report a #cgo line. */
function unique(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = formatDiagnostic(d);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
