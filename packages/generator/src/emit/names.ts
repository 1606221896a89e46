import { isJsIdentifier, isReserved } from '../map/ts-names.js';

/**
 * Names and text that reach the generated module from Go: identifiers, paths and comments.
 *
 * The module's own identifiers all contain `$`, which no Go identifier can: runtime helpers are
 * imported as `$name`, the library is `$lib`, its glue `$glue`, the loader `$link`, koffi functions
 * are `Name$`, the raw result is `r$`, renamed locals are `name$fn`. So a Go name never shadows them,
 * whatever it is. The two exported by the loader, `setLibraryPath` and `loadLibrary`, give way to an
 * export of the same name (emit/loader.ts).
 */

export { isReserved };

/** Appends `_` to `name` until it is not in `taken`, then takes it. */
function unique(name: string, taken: Set<string>): string {
  let n = name;
  while (taken.has(n)) n += '_';
  taken.add(n);
  return n;
}

/**
 * TS parameter names for Go parameters, in order. A Go name is kept when it is a JS identifier other
 * than a reserved word; a reserved word becomes `name_`; an unnamed or `_` parameter (or one whose name
 * JS cannot spell) becomes `p<i>` (i counts from 0). A name made by these rules that is already taken
 * gets `_` appended until it is not (`f(p1 int, _ int)` → `p1, p1_`; `f(new, new_ int)` → `new__, new_`).
 * A name in `avoid` (a module-level value the function's body refers to, such as a record type) is
 * treated as a reserved word, so that the parameter does not shadow it.
 */
export function paramNames(goNames: readonly (string | undefined)[], avoid: ReadonlySet<string> = new Set()): string[] {
  const keep = (n: string | undefined): n is string => n !== undefined && n !== '_' && isJsIdentifier(n) && !isReserved(n) && !avoid.has(n);
  const taken = new Set([...goNames.filter(keep), ...avoid]);
  return goNames.map((n, i) => (keep(n) ? n : unique(n !== undefined && n !== '_' && isJsIdentifier(n) ? `${n}_` : `p${i}`, taken)));
}

/**
 * Property names of a result object, in order. A Go name is kept; an unnamed or `_` result, one named
 * `__proto__` (which an object literal would take as its prototype) or one JS cannot spell becomes
 * `r<i>` (i counts from 0), with `_` appended while that name is taken (`(r1 int, _ int)` → `r1, r1_`).
 */
export function resultFieldNames(goNames: readonly (string | undefined)[]): string[] {
  const keep = (n: string | undefined): n is string => n !== undefined && n !== '_' && n !== '__proto__' && isJsIdentifier(n);
  const taken = new Set(goNames.filter(keep));
  return goNames.map((n, i) => (keep(n) ? n : unique(`r${i}`, taken)));
}

/** Control characters, DEL and the JS line terminators beyond \n and \r, as escapes. */
const UNSAFE_CHARS = /[\u0000-\u001f\u007f\u0085\u2028\u2029]/g;
const SHORT_ESCAPES: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
const NEEDS_QUOTING = /[\\'\u0000-\u001f\u007f\u0085\u2028\u2029]/;
const escapeChar = (c: string): string => SHORT_ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** A single-quoted TS string literal; no character in it can end the literal or the line. */
export function tsString(s: string): string {
  // Most strings (names, C signatures) need no escape: one test instead of two replacements.
  if (!NEEDS_QUOTING.test(s)) return `'${s}'`;
  return `'${s.replace(/[\\']/g, (c) => `\\${c}`).replace(UNSAFE_CHARS, escapeChar)}'`;
}

/**
 * Text for a `//` comment (a path in the module's header): backslashes, control characters and every
 * line terminator escaped as in a string literal, so nothing in it can end the comment.
 */
export function lineCommentText(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(UNSAFE_CHARS, escapeChar);
}
