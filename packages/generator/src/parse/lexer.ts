import type { Diagnostic, Position } from '../model/diagnostics.js';
import { error } from '../model/diagnostics.js';
import { GO_DIGITS, GO_LETTERS } from './unicode-go.js';

/**
 * A token as go/scanner produces it. `tok` is `IDENT`, `INT`, `FLOAT`, `IMAG`, `CHAR`, `STRING`,
 * `ILLEGAL` or `EOF`, `;` for a semicolon (written or inserted), or the keyword or operator itself.
 */
export interface Token {
  readonly tok: string;
  /** Source text; for a semicolon `;` when written and `\n` when inserted at a newline or the end of the file. */
  readonly lit: string;
  /** Offset of the first character, counting from 0. */
  readonly offset: number;
  /** Counts from 1. */
  readonly line: number;
  /** Counts from 1, in UTF-16 code units. */
  readonly column: number;
  /** How many comments come before this token in the file: the comments between tokens k-1 and k are `comments[tokens[k-1].comments .. tokens[k].comments)`. */
  readonly comments: number;
}

export interface Comment {
  /** The comment with its markers; carriage returns removed, as go/scanner does. */
  readonly text: string;
  readonly offset: number;
  /** Lines count from 1. */
  readonly line: number;
  /** The line of the comment's last character (its start line plus the newlines inside it). */
  readonly endLine: number;
  readonly column: number;
}

export interface LexResult {
  readonly tokens: readonly Token[];
  readonly comments: readonly Comment[];
  readonly diagnostics: readonly Diagnostic[];
}

export const KEYWORDS: ReadonlySet<string> = new Set([
  'break', 'case', 'chan', 'const', 'continue', 'default', 'defer', 'else', 'fallthrough', 'for', 'func',
  'go', 'goto', 'if', 'import', 'interface', 'map', 'package', 'range', 'return', 'select', 'struct',
  'switch', 'type', 'var',
]);

const BOM = 0xfeff;

/** Whether `c` lies in one of the [first, last] pairs of `ranges` (sorted): a binary search. */
function inRanges(ranges: readonly number[], c: number): boolean {
  let lo = 0;
  let hi = ranges.length / 2 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (c < ranges[2 * mid]!) hi = mid - 1;
    else if (c > ranges[2 * mid + 1]!) lo = mid + 1;
    else return true;
  }
  return false;
}

// ASCII first; beyond it Go's own tables (unicode-go.ts), not the JS engine's Unicode version.
function isLetterCode(c: number): boolean {
  if (c < 0x80) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
  return inRanges(GO_LETTERS, c);
}

function isDigitCode(c: number): boolean {
  if (c < 0x80) return c >= 48 && c <= 57;
  return inRanges(GO_DIGITS, c);
}

const isDecimal = (c: number): boolean => c >= 48 && c <= 57;
const isHex = (c: number): boolean => isDecimal(c) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
const lower = (c: number): number => c | 0x20;

function litName(prefix: string): string {
  switch (prefix) {
    case 'x': return 'hexadecimal literal';
    case 'o': case '0': return 'octal literal';
    case 'b': return 'binary literal';
    default: return 'decimal literal';
  }
}

/** The index of the first misplaced `_` in a numeric literal, or -1 (Go spec: `_` only between digits or after a prefix). */
function invalidSeparator(x: string): number {
  let x1 = ' ';
  let d = '.';
  let i = 0;
  if (x.length >= 2 && x[0] === '0') {
    x1 = x[1]!.toLowerCase();
    if (x1 === 'x' || x1 === 'o' || x1 === 'b') {
      d = '0';
      i = 2;
    }
  }
  for (; i < x.length; i++) {
    const p = d;
    const c = x.charCodeAt(i);
    if (c === 95) {
      d = '_';
      if (p !== '0') return i;
    } else if (isDecimal(c) || (x1 === 'x' && isHex(c))) {
      d = '0';
    } else {
      if (p === '_') return i - 1;
      d = '.';
    }
  }
  return d === '_' ? x.length - 1 : -1;
}

/** Removes carriage returns from a comment as go/scanner does (keeping one that would otherwise close a block comment early). */
function stripCR(text: string, block: boolean): string {
  let out = '';
  for (let j = 0; j < text.length; j++) {
    const ch = text[j]!;
    if (ch !== '\r' || (block && out.length > 2 && out.endsWith('*') && text[j + 1] === '/')) out += ch;
  }
  return out;
}

/** go/scanner's check of a `//line file:line[:col]` directive: `undefined` when valid or not a directive. */
function lineDirectiveError(text: string): { message: string; at: number } | undefined {
  const body = text.slice(7, text.startsWith('/*') ? -2 : undefined);
  // A number after the last ':' (ParseUint, base 10): digits only. Values past 2^63 wrap negative in Go's int and pass.
  const trailing = (s: string): { i: number; n: bigint | undefined } => {
    const i = s.lastIndexOf(':');
    if (i < 0) return { i: 0, n: undefined };
    const digits = s.slice(i + 1);
    const n = /^[0-9]+$/.test(digits) && BigInt(digits) < 2n ** 64n ? BigInt(digits) : undefined;
    return { i: i + 1, n };
  };
  const asInt = (n: bigint): bigint => (n >= 2n ** 63n ? n - 2n ** 64n : n);
  const MAX = 2n ** 30n;
  const last = trailing(body);
  if (last.i === 0) return undefined;
  if (last.n === undefined) return { message: `invalid line number: ${body.slice(last.i)}`, at: last.i };
  const before = trailing(body.slice(0, last.i - 1));
  let line = asInt(last.n);
  if (before.n !== undefined) {
    const col = asInt(last.n);
    line = asInt(before.n);
    if (col === 0n || col > MAX) return { message: `invalid column number: ${body.slice(last.i)}`, at: last.i };
    if (line === 0n || line > MAX) return { message: `invalid line number: ${body.slice(before.i, last.i - 1)}`, at: before.i };
    return undefined;
  }
  return line === 0n || line > MAX ? { message: `invalid line number: ${body.slice(last.i)}`, at: last.i } : undefined;
}

/** The first character that go/scanner rejects wherever it appears: NUL, a byte order mark past the start, a lone surrogate (not UTF-8). */
function firstIllegalCharacter(src: string): { offset: number; message: string } | undefined {
  const m = /[\0\uFEFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
  for (let r = m.exec(src); r; r = m.exec(src)) {
    const c = r[0].charCodeAt(0);
    if (c === BOM && r.index === 0) continue;
    return { offset: r.index, message: c === 0 ? 'illegal character NUL' : c === BOM ? 'illegal byte order mark' : 'illegal UTF-8 encoding' };
  }
  return undefined;
}

/**
 * Tokenizes Go source text as go/scanner does: the same tokens, the same inserted semicolons, the same
 * errors (invalid characters, malformed numbers, escapes, unterminated literals and comments, bad
 * `//line` directives). Linear in the input; never throws on bad input.
 */
export function lex(src: string, file: string): LexResult {
  const tokens: Token[] = [];
  const comments: Comment[] = [];
  const diagnostics: Diagnostic[] = [];
  let i = src.charCodeAt(0) === BOM ? 1 : 0;
  let line = 1;
  let lineStart = 0;
  let insertSemi = false;

  /** Position of `offset`, which lies on the current line or a line whose start is given. */
  const posAt = (offset: number, ln = line, ls = lineStart): Position => ({ file, line: ln, column: offset - ls + 1 });
  const fail = (message: string, offset: number, ln = line, ls = lineStart): void => {
    diagnostics.push(error('syntax', message, posAt(offset, ln, ls)));
  };
  const illegal = firstIllegalCharacter(src);
  if (illegal) {
    const before = src.slice(0, illegal.offset);
    const ln = before.split('\n').length;
    diagnostics.push(error('syntax', illegal.message, { file, line: ln, column: illegal.offset - (before.lastIndexOf('\n') + 1) + 1 }));
  }
  const push = (tok: string, start: number, ln: number, ls: number, lit = src.slice(start, i)): void => {
    tokens.push({ tok, lit, offset: start, line: ln, column: start - ls + 1, comments: comments.length });
  };
  /** Counts the newlines in `src[from, to)`, moving the line bookkeeping past them. */
  const advanceLines = (from: number, to: number): number => {
    let first = -1;
    for (let j = src.indexOf('\n', from); j >= 0 && j < to; j = src.indexOf('\n', j + 1)) {
      if (first < 0) first = j;
      line++;
      lineStart = j + 1;
    }
    return first;
  };

  /** An escape after `\` at `i`; returns false (after reporting) when it is malformed. */
  const escape = (quote: number): boolean => {
    const start = i - 1;
    const c = src.charCodeAt(i);
    let n: number;
    let base: number;
    let max: number;
    switch (c) {
      case 97: case 98: case 102: case 110: case 114: case 116: case 118: case 92: case quote: // a b f n r t v \ quote
        i++;
        return true;
      case 120: n = 2; base = 16; max = 255; i++; break; // x
      case 117: n = 4; base = 16; max = 0x10ffff; i++; break; // u
      case 85: n = 8; base = 16; max = 0x10ffff; i++; break; // U
      default:
        if (c >= 48 && c <= 55) {
          n = 3; base = 8; max = 255;
          break;
        }
        fail(i >= src.length ? 'escape sequence not terminated' : 'unknown escape sequence', start);
        return false;
    }
    let x = 0;
    for (; n > 0; n--, i++) {
      const d = src.charCodeAt(i);
      const v = isDecimal(d) ? d - 48 : lower(d) >= 97 && lower(d) <= 102 ? lower(d) - 87 : 16;
      if (v >= base) {
        fail(i >= src.length ? 'escape sequence not terminated' : `illegal character ${JSON.stringify(String.fromCodePoint(src.codePointAt(i)!))} in escape sequence`, i);
        return false;
      }
      x = x * base + v;
    }
    if (x > max || (x >= 0xd800 && x < 0xe000)) {
      fail('escape sequence is invalid Unicode code point', start);
      return false;
    }
    return true;
  };

  const number = (): string => {
    const start = i;
    let tok = 'ILLEGAL';
    let base = 10;
    let prefix = '';
    let digsep = 0; // bit 0: a digit, bit 1: a '_'
    let invalid = -1;
    const digits = (b: number, track: boolean): number => {
      let ds = 0;
      for (;;) {
        const c = src.charCodeAt(i);
        if (c === 95) ds |= 2;
        else if (b <= 10 ? isDecimal(c) : isHex(c)) {
          ds |= 1;
          if (track && b < 10 && c >= 48 + b && invalid < 0) invalid = i;
        } else break;
        i++;
      }
      return ds;
    };
    if (src.charCodeAt(i) !== 46) {
      tok = 'INT';
      if (src.charCodeAt(i) === 48) {
        i++;
        const p = lower(src.charCodeAt(i));
        if (p === 120) { i++; base = 16; prefix = 'x'; }
        else if (p === 111) { i++; base = 8; prefix = 'o'; }
        else if (p === 98) { i++; base = 2; prefix = 'b'; }
        else { base = 8; prefix = '0'; digsep = 1; }
      }
      digsep |= digits(base, true);
    }
    if (src.charCodeAt(i) === 46) {
      tok = 'FLOAT';
      if (prefix === 'o' || prefix === 'b') fail(`invalid radix point in ${litName(prefix)}`, i);
      i++;
      digsep |= digits(base, true);
    }
    if ((digsep & 1) === 0) fail(`${litName(prefix)} has no digits`, i);
    const e = lower(src.charCodeAt(i));
    if (e === 101 || e === 112) {
      if (e === 101 && prefix !== '' && prefix !== '0') fail(`'${src[i]}' exponent requires decimal mantissa`, i);
      else if (e === 112 && prefix !== 'x') fail(`'${src[i]}' exponent requires hexadecimal mantissa`, i);
      i++;
      tok = 'FLOAT';
      if (src[i] === '+' || src[i] === '-') i++;
      const ds = digits(10, false);
      digsep |= ds;
      if ((ds & 1) === 0) fail('exponent has no digits', i);
    } else if (prefix === 'x' && tok === 'FLOAT') {
      fail("hexadecimal mantissa requires a 'p' exponent", i);
    }
    if (src[i] === 'i') {
      tok = 'IMAG';
      i++;
    }
    const lit = src.slice(start, i);
    if (tok === 'INT' && invalid >= 0) fail(`invalid digit '${src[invalid]}' in ${litName(prefix)}`, invalid);
    if (digsep & 2) {
      const at = invalidSeparator(lit);
      if (at >= 0) fail("'_' must separate successive digits", start + at);
    }
    return tok;
  };

  const n = src.length;
  while (i <= n) {
    const c = i < n ? src.charCodeAt(i) : -1;
    if (c === 32 || c === 9 || c === 13 || (c === 10 && !insertSemi)) {
      if (c === 10) {
        line++;
        lineStart = i + 1;
      }
      i++;
      continue;
    }
    const start = i;
    const ln = line;
    const ls = lineStart;
    if (c === -1) {
      if (insertSemi) push(';', start, ln, ls, '\n');
      push('EOF', start, ln, ls, '');
      break;
    }
    if (c === 10) {
      push(';', start, ln, ls, '\n');
      insertSemi = false;
      i++;
      line++;
      lineStart = i;
      continue;
    }
    const cp = c >= 0xd800 && c < 0xdc00 ? src.codePointAt(i)! : c;
    const ch = cp > 0xffff ? String.fromCodePoint(cp) : src[i]!;
    if (isLetterCode(cp)) {
      i += ch.length;
      while (i < n) {
        const d = src.charCodeAt(i);
        if (d < 0x80) {
          if ((d >= 97 && d <= 122) || (d >= 65 && d <= 90) || (d >= 48 && d <= 57) || d === 95) i++;
          else break;
          continue;
        }
        const dp = src.codePointAt(i)!;
        if (!isLetterCode(dp) && !isDigitCode(dp)) break;
        i += dp > 0xffff ? 2 : 1;
      }
      const word = src.slice(start, i);
      const tok = word.length > 1 && KEYWORDS.has(word) ? word : 'IDENT';
      push(tok, start, ln, ls, word);
      insertSemi = tok === 'IDENT' || tok === 'break' || tok === 'continue' || tok === 'fallthrough' || tok === 'return';
      continue;
    }
    if (isDecimal(c) || (c === 46 && isDecimal(src.charCodeAt(i + 1)))) {
      push(number(), start, ln, ls);
      insertSemi = true;
      continue;
    }
    i += ch.length;
    const next = src.charCodeAt(i);
    let tok: string;
    let semi = false;
    switch (c) {
      case 34: { // "
        for (;;) {
          const d = src.charCodeAt(i);
          if (d === 10 || i >= n) {
            fail('string literal not terminated', start, ln, ls);
            break;
          }
          i++;
          if (d === 34) break;
          if (d === 92) escape(34);
        }
        tok = 'STRING';
        semi = true;
        break;
      }
      case 39: { // '
        let valid = true;
        let count = 0;
        for (;;) {
          const d = src.charCodeAt(i);
          if (d === 10 || i >= n) {
            if (valid) fail('rune literal not terminated', start, ln, ls);
            valid = false;
            break;
          }
          i += d >= 0xd800 && d < 0xdc00 && i + 1 < n ? 2 : 1;
          if (d === 39) break;
          count++;
          if (d === 92 && !escape(39)) valid = false;
        }
        if (valid && count !== 1) fail('illegal rune literal', start, ln, ls);
        tok = 'CHAR';
        semi = true;
        break;
      }
      case 96: { // `
        const end = src.indexOf('`', i);
        i = end < 0 ? n : end + 1;
        advanceLines(start, i);
        if (end < 0) fail('raw string literal not terminated', start, ln, ls);
        tok = 'STRING';
        semi = true;
        break;
      }
      case 47: // /
        if (next === 47 || next === 42) {
          let text: string;
          let nl = -1;
          if (next === 47) {
            const end = src.indexOf('\n', i);
            i = end < 0 ? n : end;
            text = src.slice(start, i);
            if (text.endsWith('\r')) text = text.slice(0, -1);
          } else {
            const end = src.indexOf('*/', i + 1);
            i = end < 0 ? n : end + 2;
            nl = advanceLines(start, i);
            if (end < 0) fail('comment not terminated', start, ln, ls);
            text = src.slice(start, i);
          }
          if (text.includes('\r')) text = stripCR(text, next === 42);
          // `//line` must start a line; `/*line` may stand anywhere (go/scanner).
          if ((next === 42 || start === ls) && text.startsWith('line ', 2) && (next === 47 || text.endsWith('*/'))) {
            const problem = lineDirectiveError(text);
            if (problem) fail(problem.message, start + 7 + problem.at, ln, ls);
          }
          comments.push({ text, offset: start, line: ln, endLine: line, column: start - ls + 1 });
          if (insertSemi && nl >= 0) {
            // A block comment with a newline ends the statement, at that newline (go/scanner).
            tokens.push({ tok: ';', lit: '\n', offset: nl, line: ln, column: nl - ls + 1, comments: comments.length });
            insertSemi = false;
          }
          continue;
        }
        tok = next === 61 ? (i++, '/=') : '/';
        break;
      case 58: tok = next === 61 ? (i++, ':=') : ':'; break;
      case 46:
        if (next === 46 && src.charCodeAt(i + 1) === 46) {
          i += 2;
          tok = '...';
        } else tok = '.';
        break;
      case 44: tok = ','; break;
      case 59: tok = ';'; break;
      case 40: tok = '('; break;
      case 41: tok = ')'; semi = true; break;
      case 91: tok = '['; break;
      case 93: tok = ']'; semi = true; break;
      case 123: tok = '{'; break;
      case 125: tok = '}'; semi = true; break;
      case 43: // +
        tok = next === 61 ? (i++, '+=') : next === 43 ? (i++, '++') : '+';
        semi = tok === '++';
        break;
      case 45: // -
        tok = next === 61 ? (i++, '-=') : next === 45 ? (i++, '--') : '-';
        semi = tok === '--';
        break;
      case 42: tok = next === 61 ? (i++, '*=') : '*'; break;
      case 37: tok = next === 61 ? (i++, '%=') : '%'; break;
      case 94: tok = next === 61 ? (i++, '^=') : '^'; break;
      case 60: // <
        if (next === 45) tok = (i++, '<-');
        else if (next === 61) tok = (i++, '<=');
        else if (next === 60) tok = src.charCodeAt(i + 1) === 61 ? ((i += 2), '<<=') : (i++, '<<');
        else tok = '<';
        break;
      case 62: // >
        if (next === 61) tok = (i++, '>=');
        else if (next === 62) tok = src.charCodeAt(i + 1) === 61 ? ((i += 2), '>>=') : (i++, '>>');
        else tok = '>';
        break;
      case 61: tok = next === 61 ? (i++, '==') : '='; break;
      case 33: tok = next === 61 ? (i++, '!=') : '!'; break;
      case 38: // &
        if (next === 94) tok = src.charCodeAt(i + 1) === 61 ? ((i += 2), '&^=') : (i++, '&^');
        else tok = next === 61 ? (i++, '&=') : next === 38 ? (i++, '&&') : '&';
        break;
      case 124: tok = next === 61 ? (i++, '|=') : next === 124 ? (i++, '||') : '|'; break;
      case 126: tok = '~'; break;
      default:
        // NUL, a misplaced byte order mark and lone surrogates were reported once, above.
        if (c !== 0 && c !== BOM && !(cp >= 0xd800 && cp < 0xe000)) {
          const quote = cp === 0x201c || cp === 0x201d;
          const hex = cp.toString(16).toUpperCase().padStart(4, '0');
          fail(quote ? `curly quotation mark '${ch}' (use neutral '"')` : `invalid character U+${hex} '${ch}' in Go source`, start, ln, ls);
        }
        push('ILLEGAL', start, ln, ls);
        continue;
    }
    push(tok, start, ln, ls);
    insertSemi = semi;
  }
  return { tokens, comments, diagnostics };
}

/** The value of a Go string literal token (interpreted or raw); escapes beyond the common ones are kept verbatim. */
export function stringValue(lit: string): string {
  if (lit.startsWith('`')) return lit.slice(1, lit.endsWith('`') && lit.length > 1 ? -1 : undefined).replace(/\r/g, '');
  const body = lit.slice(1, lit.endsWith('"') && lit.length > 1 ? -1 : undefined);
  return body.replace(/\\(["\\nrt])/g, (_m, c: string) => ({ n: '\n', r: '\r', t: '\t' })[c] ?? c);
}
