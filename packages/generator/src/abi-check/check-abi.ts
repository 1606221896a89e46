import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as nodePath from 'node:path';
import { bindPackage } from '../generate.js';
import type { Diagnostic } from '../model/diagnostics.js';
import { error, filePos, hasErrors } from '../model/diagnostics.js';
import type { BuildTarget } from '../parse/build-constraints.js';
import { hostTarget, withTags } from '../parse/build-constraints.js';
import { displayPath, readInputs } from '../parse/package.js';
import type { AbiMismatch } from './compare.js';
import { compareWithHeader } from './compare.js';
import type { CgoHeader } from './header.js';
import { parseCgoHeader } from './header.js';
import type { LayoutItem } from './layout.js';
import { compareLayouts, expectedLayouts, layoutProgram, parseLayoutOutput } from './layout.js';

export interface CheckAbiOptions {
  /** Go files, package directories or globs, as for `generate`. */
  readonly inputs: readonly string[];
  /** The header `go build -buildmode=c-shared` wrote. */
  readonly header: string;
  /** Working directory for inputs, the header and the paths in diagnostics; defaults to `process.cwd()`. */
  readonly cwd?: string;
  readonly target?: BuildTarget;
  /** C compiler for the size and offset check; `false` skips it. Defaults to `$CC` or `cc`. */
  readonly cc?: string | false;
  /** Build tags, as for `generate`. */
  readonly tags?: readonly string[];
}

export interface LayoutCheck {
  /** Every type measured, with what the bindings assume. */
  readonly expected: readonly LayoutItem[];
  /** What the C compiler measured, by C spelling. */
  readonly measured: ReadonlyMap<string, LayoutItem>;
  /** One line per disagreement; empty when everything matches. */
  readonly mismatches: readonly string[];
}

export interface CheckAbiResult {
  /** Problems reading the inputs or the header, and every export gen-bindings rejects. */
  readonly diagnostics: readonly Diagnostic[];
  readonly mismatches: readonly AbiMismatch[];
  /** Undefined when skipped or when the program could not be built (then a diagnostic says why). */
  readonly layout: LayoutCheck | undefined;
  /** Exports compared. */
  readonly checked: number;
  readonly header: CgoHeader | undefined;
}

/**
 * Compares what gen-bindings derives from Go source with the header cgo wrote for the same
 * package: every prototype and result struct, then (unless `cc: false`) the size, alignment and
 * offsets of every type the bindings declare, measured by compiling a program against the header.
 */
export async function checkAbi(options: CheckAbiOptions): Promise<CheckAbiResult> {
  const cwd = options.cwd ?? process.cwd();
  const target = withTags(options.target ?? hostTarget(), options.tags);
  const { sources, diagnostics } = readInputs(options.inputs, cwd, target);
  const headerPath = nodePath.resolve(cwd, options.header);
  let headerText: string;
  try {
    headerText = fs.readFileSync(headerPath, 'utf8');
  } catch {
    diagnostics.push(error('no-header', 'cannot read the header; pass the .h file that go build -buildmode=c-shared wrote next to the library', filePos(displayPath(options.header, cwd))));
    return { diagnostics, mismatches: [], layout: undefined, checked: 0, header: undefined };
  }
  if (hasErrors(diagnostics)) return { diagnostics, mismatches: [], layout: undefined, checked: 0, header: undefined };

  const { pkg, funcs, diagnostics: bindDiagnostics } = await bindPackage(sources, { target, cwd, cc: options.cc === false ? undefined : options.cc });
  diagnostics.push(...bindDiagnostics);
  const header = parseCgoHeader(headerText);
  for (const u of header.unreadable) {
    diagnostics.push(error('header-unreadable', `cannot read this declaration of the header as a cgo export: ${u.text}; pass the header cgo wrote, unedited`, { file: displayPath(options.header, cwd), line: u.line, column: 1 }));
  }
  const bound = funcs.map((f) => ({ abi: f.abi, pos: f.func.pos }));
  const mismatches = compareWithHeader(bound, header, pkg.cTypedefs);

  let layout: LayoutCheck | undefined;
  const cc = options.cc ?? process.env['CC'] ?? 'cc';
  if (cc !== false && bound.length > 0) {
    const includeDirs = [...new Set(sources.map((s) => nodePath.dirname(nodePath.resolve(cwd, s.path))))];
    const measuredLayout = measureLayouts(cc, headerPath, expectedLayouts(funcs.map((f) => f.abi)), includeDirs);
    if ('problem' in measuredLayout) diagnostics.push(error('layout-check', measuredLayout.problem, filePos(displayPath(options.header, cwd))));
    else layout = measuredLayout;
  }
  return { diagnostics, mismatches, layout, checked: bound.length, header };
}

/** Compiles and runs the layout program; include paths let the header's preamble find its own #includes. */
export function measureLayouts(cc: string, headerPath: string, expected: readonly LayoutItem[], includeDirs: readonly string[] = []): LayoutCheck | { problem: string } {
  const dir = fs.mkdtempSync(nodePath.join(os.tmpdir(), 'gen-bindings-abi-'));
  try {
    const src = nodePath.join(dir, 'layout.c');
    const exe = nodePath.join(dir, 'layout');
    fs.writeFileSync(src, layoutProgram(headerPath, expected));
    const includes = [nodePath.dirname(headerPath), ...includeDirs].flatMap((d) => ['-I', d]);
    try {
      execFileSync(cc, [...includes, '-o', exe, src], { stdio: 'pipe' });
    } catch (e) {
      const why = String((e as { stderr?: Buffer }).stderr ?? (e as Error).message).trim().split('\n').slice(0, 8).join('\n');
      return { problem: `the C program that measures sizes and offsets did not compile with ${cc}; fix the compiler error or pass --no-layout:\n${why}` };
    }
    const out = execFileSync(exe, { encoding: 'utf8' });
    const measured = parseLayoutOutput(out);
    return { expected, measured, mismatches: compareLayouts(expected, measured) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
