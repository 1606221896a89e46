import type { CTypedef } from '../model/ir.js';

/** What the C preamble of a package declares, as far as a reading of its top-level declarations can tell. */
export interface PreambleInfo {
  readonly typedefs: readonly CTypedef[];
  /** `struct_point`, `union_u`, `enum_color`: the names Go code uses after `C.`. */
  readonly tags: readonly string[];
}

// A stopgap until the C front end of design.md: one pass over the text, then a look at each statement's
// tokens. The regular expressions this replaces backtracked over runs of whitespace, and a 4 KB preamble
// took seconds.

const isIdentStart = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
const isIdentPart = (c: number): boolean => isIdentStart(c) || (c >= 48 && c <= 57);
const isIdent = (t: string | undefined): t is string => t !== undefined && /^[A-Za-z_]\w*$/.test(t);
const isBlank = (c: number): boolean => c === 32 || c === 9 || c === 13 || c === 11 || c === 12;
const TAG_KEYWORDS = new Set(['struct', 'union', 'enum']);

/** End of a preprocessor line starting at `i`: the first newline not escaped by `\` and not inside a block comment. */
function directiveEnd(c: string, i: number): number {
  for (let j = i; j < c.length; j++) {
    if (c[j] === '/' && c[j + 1] === '*') {
      const end = c.indexOf('*/', j + 2);
      if (end < 0) return c.length;
      j = end + 1;
    } else if (c[j] === '\n' && c[j - 1] !== '\\' && !(c[j - 1] === '\r' && c[j - 2] === '\\')) {
      return j;
    }
  }
  return c.length;
}

/** End of the string or character literal opening at `i` (not past the line, as in C). */
function literalEnd(c: string, i: number): number {
  const quote = c[i];
  let j = i + 1;
  while (j < c.length && c[j] !== quote && c[j] !== '\n') j += c[j] === '\\' ? 2 : 1;
  return Math.min(c.length, c[j] === quote ? j + 1 : j);
}

/**
 * Splits C text into its statements outside braces (token lists that a `;` ends), without comments,
 * preprocessor lines and brace-enclosed bodies, so `typedef struct { int x; } point;` reads as
 * `typedef struct point`. `bodyTags` are the `struct_X` tags that open a body.
 */
function topLevelStatements(c: string): { statements: string[][]; bodyTags: string[] } {
  const statements: string[][] = [];
  const bodyTags: string[] = [];
  let current: string[] = [];
  let depth = 0;
  let atLineStart = true;
  let i = 0;
  while (i < c.length) {
    const code = c.charCodeAt(i);
    const ch = c[i]!;
    const start = i;
    if (ch === '\n') {
      atLineStart = true;
      i++;
    } else if (isBlank(code)) {
      i++;
    } else if (ch === '/' && c[i + 1] === '*') {
      const end = c.indexOf('*/', i + 2);
      i = end < 0 ? c.length : end + 2;
    } else if (ch === '/' && c[i + 1] === '/') {
      const end = c.indexOf('\n', i);
      i = end < 0 ? c.length : end;
    } else if (ch === '#' && atLineStart) {
      i = directiveEnd(c, i);
    } else {
      atLineStart = false;
      if (ch === '"' || ch === "'") i = literalEnd(c, i);
      else if (isIdentStart(code)) while (i < c.length && isIdentPart(c.charCodeAt(i))) i++;
      // A number, `1.5e3f` included, is one token, so that its digits never read as a name.
      else if (code >= 48 && code <= 57) while (i < c.length && (isIdentPart(c.charCodeAt(i)) || c[i] === '.')) i++;
      else i++;
      if (ch === '{') {
        const [keyword, name] = current.slice(-2);
        if (depth === 0 && keyword !== undefined && TAG_KEYWORDS.has(keyword) && isIdent(name)) bodyTags.push(`${keyword}_${name}`);
        depth++;
      } else if (ch === '}') {
        depth = Math.max(0, depth - 1);
      } else if (depth === 0 && ch === ';') {
        statements.push(current);
        current = [];
      } else if (depth === 0) {
        current.push(c.slice(start, i));
      }
    }
  }
  return { statements, bodyTags };
}

/** C type spelling from tokens, `*` written without spaces as the header does (`const char*`). */
function spell(tokens: readonly string[]): string {
  let s = '';
  for (const t of tokens) s += s === '' || t === '*' || s.endsWith('*') ? t : ` ${t}`;
  return s;
}

/** `typedef char *c, d;` (after `typedef`): the base type (`char`) is shared; each declarator brings its own `*`s. */
function plainTypedefs(decl: readonly string[], out: CTypedef[]): void {
  const declarators: string[][] = [[]];
  for (const t of decl) {
    if (t === ',') declarators.push([]);
    else declarators[declarators.length - 1]!.push(t);
  }
  const [first = [], ...rest] = declarators;
  const name = first[first.length - 1];
  if (!isIdent(name)) return;
  let baseEnd = first.length - 1;
  while (first[baseEnd - 1] === '*') baseEnd--;
  const base = spell(first.slice(0, baseEnd));
  for (const d of [first.slice(baseEnd), ...rest]) {
    const stars = d.length - 1;
    if (isIdent(d[stars]) && d.slice(0, stars).every((t) => t === '*')) out.push({ name: d[stars]!, target: base + '*'.repeat(stars) });
  }
}

/** `typedef int (*fn_t)(int);` and `typedef int (*arr_t)[4];` name pointers: the name, recorded as `void*`. */
function pointerTypedefName(decl: readonly string[]): string | undefined {
  const open = decl.indexOf('(');
  if (open < 0 || decl.slice(0, open).includes(')')) return undefined;
  const [star, name, close, after] = decl.slice(open + 1, open + 5);
  return star === '*' && isIdent(name) && close === ')' && (after === '(' || after === '[') ? name : undefined;
}

/** Reads typedefs and struct/union/enum tags from an `import "C"` preamble. Function-pointer typedefs target `void*`. */
export function readPreamble(preamble: string): PreambleInfo {
  const { statements, bodyTags } = topLevelStatements(preamble);
  const typedefs: CTypedef[] = [];
  const pointerTypedefs: CTypedef[] = [];
  const declaredTags: string[] = [];
  for (const s of statements) {
    const at = s.indexOf('typedef');
    const decl = at < 0 ? [] : s.slice(at + 1);
    if (decl.length && !decl.includes('(') && !decl.includes(')')) plainTypedefs(decl, typedefs);
    const pointer = decl.length ? pointerTypedefName(decl) : undefined;
    if (pointer) pointerTypedefs.push({ name: pointer, target: 'void*' });
    // `struct point;` declares the tag; `typedef struct point;` does not.
    const keyword = s[s.length - 2];
    const name = s[s.length - 1];
    if (keyword !== undefined && TAG_KEYWORDS.has(keyword) && isIdent(name) && s[s.length - 3] !== 'typedef') declaredTags.push(`${keyword}_${name}`);
  }
  return { typedefs: [...typedefs, ...pointerTypedefs], tags: [...new Set([...bodyTags, ...declaredTags])] };
}
