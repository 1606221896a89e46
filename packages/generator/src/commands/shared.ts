import type { GenerateResult } from '../generate.js';
import type { Diagnostic } from '../model/diagnostics.js';
import { formatDiagnostic, hasErrors } from '../model/diagnostics.js';
import { displayPath } from '../parse/package.js';
import type { Io } from './io.js';

export type { Io } from './io.js';
export { processIo } from './io.js';

/** Prints diagnostics like a compiler; returns true when there was an error. */
export function reportDiagnostics(diagnostics: readonly Diagnostic[], io: Io, what = 'nothing written'): boolean {
  for (const d of diagnostics) io.stderr(`${formatDiagnostic(d)}\n`);
  if (!hasErrors(diagnostics)) return false;
  const n = diagnostics.filter((d) => d.severity === 'error').length;
  io.stderr(`gen-bindings: ${n} error${n === 1 ? '' : 's'}; ${what}\n`);
  return true;
}

/** `2 exports`, or `2 exports, 1 left out` when `//bindings:skip` or `--skip-unsupported` left some out. */
export function exportCount(result: GenerateResult): string {
  const n = result.funcs.length;
  const left = (result.pkg?.exports.length ?? n) - n;
  return `${n} export${n === 1 ? '' : 's'}${left > 0 ? `, ${left} left out` : ''}`;
}

/** `p` as the user sees it: relative to the command's working directory, with forward slashes. */
export function relativePath(io: Io, p: string): string {
  return displayPath(p, io.cwd);
}
