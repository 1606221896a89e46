import type { Diagnostic } from '../model/diagnostics.js';
import { error } from '../model/diagnostics.js';
import type { ExportedFunc } from '../model/ir.js';

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

/**
 * Whether `name` is a JavaScript identifier without `$` (which generated modules keep for their own
 * names). Go identifiers almost always are; a few Unicode letters (U+2E2F) are not.
 */
export function isJsIdentifier(name: string): boolean {
  return ASCII_IDENTIFIER.test(name) || UNICODE_IDENTIFIER.test(name);
}

const ASCII_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const UNICODE_IDENTIFIER = /^[\p{ID_Start}_][\p{ID_Continue}\u200c\u200d]*$/u;

/**
 * The error for an export whose Go name is not a JavaScript identifier (a few Go letters, such as
 * U+2E2F, are not): the module refers to the C symbol by its Go name (`NAME$`, `NAME$free`), so
 * `//bindings:name` cannot help. gcc rejects the name in cgo's C wrapper too, so cgo could not build it.
 */
export function goNameDiagnostic(f: ExportedFunc): Diagnostic | undefined {
  if (isJsIdentifier(f.name)) return undefined;
  const renamed = f.directives.some((d) => d.name === 'name') ? ', whatever //bindings:name says' : '';
  return error('js-name', `${f.name} is not a JavaScript identifier, and gcc rejects it in the C code cgo writes for the export, so cgo cannot build the library either${renamed}; rename the Go function (ASCII letters, digits and _ are safe)`, f.exportPos);
}

/** The name of an export's TS function: the argument of `//bindings:name NAME`, else the Go name. */
export function tsNameOf(f: ExportedFunc): string {
  const d = f.directives.find((x) => x.name === 'name');
  return d?.args.length === 1 ? d.args[0]! : f.name;
}

/** Every export of a package by its TS name. */
export function indexTsNames(exports: readonly ExportedFunc[]): ReadonlyMap<string, readonly ExportedFunc[]> {
  const byName = new Map<string, ExportedFunc[]>();
  for (const e of exports) {
    const n = tsNameOf(e);
    byName.set(n, [...(byName.get(n) ?? []), e]);
  }
  return byName;
}

/**
 * What is wrong with the TS names export `f` gives the module (the function, `NameAsync` and, with
 * several results, `NameResult`), given every export of the package by TS name ({@link indexTsNames}).
 * Its Go name is {@link goNameDiagnostic}'s concern.
 */
export function tsNameDiagnostics(f: ExportedFunc, byName: ReadonlyMap<string, readonly ExportedFunc[]>): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const directive = f.directives.find((d) => d.name === 'name');
  if (directive && (directive.args.length !== 1 || !isJsIdentifier(directive.args[0]!))) {
    diagnostics.push(error('bad-directive', `//bindings:name takes one name for the TypeScript function, made of letters, digits and _; write for example //bindings:name ${isJsIdentifier(f.name) ? `${f.name}Go` : 'goName'}`, directive.pos));
    return diagnostics;
  }
  const name = tsNameOf(f);
  if (name === 'then') {
    // A module namespace with a callable `then` is a thenable: `await import()` calls it with resolve
    // and reject, which the Go function never calls.
    const why = 'makes the generated module thenable, so await import() of it would call then and never resolve';
    diagnostics.push(
      directive
        ? error('thenable-export', `//bindings:name then ${why}; choose another name`, directive.pos)
        : error('thenable-export', `an export named then ${why}; rename the Go function or export it under another name with //bindings:name NAME in its doc comment (or --directive then:name NAME)`, f.exportPos),
    );
    return diagnostics;
  }
  const other = (n: string): ExportedFunc | undefined => byName.get(n)?.find((e) => e !== f);
  // Reported once, at the later of the two; two exports of one Go name are reported as duplicate-export.
  const first = byName.get(name)?.[0];
  if (first && first !== f && first.name !== f.name) {
    diagnostics.push(error('name-clash', `${first.name} and ${f.name} would both be the TypeScript function ${name}; give one of them another name with //bindings:name NAME`, directive?.pos ?? f.pos));
  }
  if (other(`${name}Async`)) {
    diagnostics.push(error('name-clash', `the Promise variant of ${name} would be named ${name}Async, which is also exported; rename one of the Go functions`, f.pos));
  }
  if (f.results.length > 1 && other(`${name}Result`)) {
    diagnostics.push(error('name-clash', `the results of ${name} are typed as ${name}Result, which is also exported; rename one of the Go functions`, f.pos));
  }
  return diagnostics;
}
