import type { Position } from '../model/diagnostics.js';
import { assertNever } from '../model/go-types.js';
import type { CheckAbiResult } from './check-abi.js';
import type { AbiMismatch } from './compare.js';
import type { LayoutMismatch } from './layout.js';

function where(pos: Position | undefined, fallback: string): string {
  return pos ? `${pos.file}:${pos.line}:${pos.column}: ` : `${fallback}: `;
}

/**
 * A mismatch printed like a compiler diagnostic, followed by both declarations and the details:
 * ```
 * lib.go:7:6: error: Add: the bindings disagree with the header about the prototype; ... [abi-mismatch]
 *   bindings: extern GoInt32 Add(GoInt32 a, GoInt32 b);
 *   header:   extern GoInt64 Add(GoInt64 a, GoInt64 b);  (lib.h:57)
 *   - result: GoInt32 in the bindings, GoInt64 in the header
 * ```
 */
export function formatMismatch(m: AbiMismatch, headerFile: string): string {
  switch (m.kind) {
    case 'prototype':
    case 'result-struct': {
      const what = m.kind === 'prototype' ? 'the prototype' : `struct ${m.name}_return`;
      const header = m.header ?? '(none)';
      return [
        `${where(m.pos, headerFile)}error: ${m.name}: the bindings disagree with the header about ${what}; rebuild the library if the header is older than the Go source, otherwise gen-bindings maps a type wrongly: please report it [abi-mismatch]`,
        `  bindings: ${m.bindings}`,
        `  header:   ${header}  (${headerFile}:${m.headerLine})`,
        ...m.details.map((d) => `  - ${d}`),
      ].join('\n');
    }
    case 'missing-in-header':
      return [
        `${where(m.pos, headerFile)}error: ${m.name} is not in ${headerFile}; rebuild the library from these sources (npx gen-bindings build) or pass its header [abi-missing]`,
        `  bindings: ${m.bindings}`,
      ].join('\n');
    case 'missing-in-bindings':
      return [
        `${headerFile}:${m.headerLine}:1: error: ${m.name} is exported by the library but has no binding; see the errors above, or pass the Go files the library was built from [abi-missing]`,
        `  header:   ${m.header}`,
      ].join('\n');
    default:
      return assertNever(m);
  }
}

/**
 * A layout disagreement printed like a compiler diagnostic, at the first export whose signature
 * reaches the type (the header for cgo's own typedefs):
 * ```
 * lib.go:9:6: error: sizeof(long int): 8 in the bindings, 4 in C (in the signature of Long); ... [layout-mismatch]
 * ```
 */
export function formatLayoutMismatch(m: LayoutMismatch, r: Pick<CheckAbiResult, 'exportPositions'>, headerFile: string): string {
  const pos = m.usedBy !== undefined ? r.exportPositions.get(m.usedBy) : undefined;
  const user = m.usedBy !== undefined ? ` (in the signature of ${m.usedBy})` : '';
  return `${where(pos, headerFile)}error: ${m.detail}${user}; the koffi declarations of the bindings would not match C: check --goos/--goarch and --cc against the library's target, otherwise please report it [layout-mismatch]`;
}

const plural = (n: number, word: string, suffix = 's'): string => `${n} ${word}${n === 1 ? '' : suffix}`;

/**
 * The closing line. Exports with a different prototype or result struct are mismatches; exports on one
 * side only could not be compared and are counted apart; C types the compiler disagrees on, and those it
 * could not measure, likewise:
 * ```
 * gen-bindings: 43 exports compared with lib.h: 1 mismatch; 2 not compared (1 not in the header, 1 without a binding); 19 C types measured with the C compiler, 1 disagreeing
 * ```
 */
export function summarize(r: CheckAbiResult, headerFile: string): string {
  const differing = new Set(r.mismatches.filter((m) => m.kind === 'prototype' || m.kind === 'result-struct').map((m) => m.name)).size;
  const notInHeader = r.mismatches.filter((m) => m.kind === 'missing-in-header').length;
  const noBinding = r.mismatches.filter((m) => m.kind === 'missing-in-bindings').length;
  const verdict = r.checked === 0 ? '' : `: ${differing === 0 ? 'all match' : plural(differing, 'mismatch', 'es')}`;
  const parts = [`${plural(r.checked, 'export')} compared with ${headerFile}${verdict}`];
  if (notInHeader + noBinding > 0) {
    const why = [notInHeader ? `${notInHeader} not in the header` : '', noBinding ? `${noBinding} without a binding` : ''].filter(Boolean).join(', ');
    parts.push(`${notInHeader + noBinding} not compared (${why})`);
  }
  if (r.layout) {
    const measured = r.layout.expected.length - r.layout.unmeasured.length;
    const disagreeing = new Set(r.layout.mismatches.map((m) => m.c)).size;
    parts.push(
      [`${plural(measured, 'C type')} measured with the C compiler`, disagreeing ? `${disagreeing} disagreeing` : '', r.layout.unmeasured.length ? `${r.layout.unmeasured.length} not measured` : '']
        .filter(Boolean)
        .join(', '),
    );
  }
  return `gen-bindings: ${parts.join('; ')}`;
}
