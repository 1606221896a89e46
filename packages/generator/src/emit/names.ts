/** Words that cannot name a function or parameter in strict-mode TypeScript modules. */
const RESERVED = new Set([
  'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do', 'else', 'enum',
  'export', 'extends', 'false', 'finally', 'for', 'function', 'if', 'import', 'in', 'instanceof', 'new', 'null',
  'return', 'super', 'switch', 'this', 'throw', 'true', 'try', 'typeof', 'var', 'void', 'while', 'with', 'yield',
  'let', 'static', 'implements', 'interface', 'package', 'private', 'protected', 'public', 'await', 'arguments', 'eval',
]);

export function isReserved(name: string): boolean {
  return RESERVED.has(name);
}

/** A TS identifier for a Go parameter: its Go name, `p<i>` for unnamed or `_`, `name_` for reserved words. */
export function paramName(goName: string | undefined, index: number): string {
  if (goName === undefined || goName === '_') return `p${index}`;
  return isReserved(goName) ? `${goName}_` : goName;
}

/** A property name for a result field: the Go name, or `r<i>` for unnamed and `_` (i counts from 0). */
export function resultFieldName(goName: string | undefined, index: number): string {
  return goName === undefined || goName === '_' ? `r${index}` : goName;
}

/** A single-quoted TS string literal. */
export function tsString(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
