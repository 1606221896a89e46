import type { Position } from '../model/diagnostics.js';
import { assertNever } from '../model/go-types.js';
import type { CheckAbiResult } from './check-abi.js';
import type { AbiMismatch } from './compare.js';

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
        `${where(m.pos, headerFile)}error: ${m.name} is not in ${headerFile}; rebuild the library from these sources (go build -buildmode=c-shared) or pass its header [abi-missing]`,
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

/** The closing line: what was compared and whether it all matched. */
export function summarize(r: CheckAbiResult, headerFile: string): string {
  const layout = r.layout ? `; ${r.layout.expected.length} C types measured with the C compiler${r.layout.mismatches.length ? `, ${r.layout.mismatches.length} disagreeing` : ''}` : '';
  const n = r.mismatches.length;
  const verdict = n === 0 && (!r.layout || r.layout.mismatches.length === 0) ? 'all match' : `${n} mismatch${n === 1 ? '' : 'es'}`;
  return `gen-bindings: ${r.checked} export${r.checked === 1 ? '' : 's'} compared with ${headerFile}: ${verdict}${layout}`;
}
