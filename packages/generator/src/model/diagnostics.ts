/** A place in a source file. `line` and `column` count from 1 (`column` in UTF-16 code units); 0 means the whole file. */
export interface Position {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  /** Stable kebab-case identifier, printed in brackets after the message. */
  readonly code: string;
  readonly severity: Severity;
  /** Lowercase; says what is wrong and what to write instead. */
  readonly message: string;
  readonly pos: Position | undefined;
}

export function error(code: string, message: string, pos?: Position): Diagnostic {
  return { code, severity: 'error', message, pos };
}

export function warning(code: string, message: string, pos?: Position): Diagnostic {
  return { code, severity: 'warning', message, pos };
}

/** Renders like a compiler: `libsum.go:12:17: error: ... [code]`. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = !d.pos ? '' : d.pos.line === 0 ? `${d.pos.file}: ` : `${d.pos.file}:${d.pos.line}:${d.pos.column}: `;
  return `${where}${d.severity}: ${d.message} [${d.code}]`;
}

export function filePos(file: string): Position {
  return { file, line: 0, column: 0 };
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** Thrown by the API when generation fails; carries every diagnostic, not only the first. */
export class GenerateError extends Error {
  readonly diagnostics: readonly Diagnostic[];
  constructor(diagnostics: readonly Diagnostic[]) {
    super(diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic).join('\n'));
    this.name = 'GenerateError';
    this.diagnostics = diagnostics;
  }
}
