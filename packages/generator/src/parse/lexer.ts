import type { Diagnostic, Position } from '../model/diagnostics.js';
import { error } from '../model/diagnostics.js';

export type TokenKind = 'ident' | 'keyword' | 'int' | 'float' | 'imag' | 'rune' | 'string' | 'op' | ';' | 'eof';

export interface Token {
  readonly kind: TokenKind;
  /** Source text of the token; for an automatically inserted semicolon, `'\n'` or `''` at end of file. */
  readonly text: string;
  /** Offset of the first character in the file, counting from 0. */
  readonly offset: number;
  readonly line: number;
  readonly column: number;
}

export interface Comment {
  readonly text: string;
  readonly offset: number;
  /** Lines count from 1. */
  readonly line: number;
  readonly endLine: number;
  readonly column: number;
}

export interface LexResult {
  readonly tokens: readonly Token[];
  readonly comments: readonly Comment[];
  readonly diagnostics: readonly Diagnostic[];
}

const KEYWORDS = new Set([
  'break', 'case', 'chan', 'const', 'continue', 'default', 'defer', 'else', 'fallthrough', 'for', 'func',
  'go', 'goto', 'if', 'import', 'interface', 'map', 'package', 'range', 'return', 'select', 'struct',
  'switch', 'type', 'var',
]);

// Longest first, so that the scanner takes `<<=` before `<<` before `<`.
const OPERATORS = [
  '<<=', '>>=', '&^=', '...', '&&', '||', '<-', '++', '--', '==', '!=', '<=', '>=', ':=', '+=', '-=', '*=', '/=',
  '%=', '&=', '|=', '^=', '<<', '>>', '&^', '~', '+', '-', '*', '/', '%', '&', '|', '^', '<', '>', '=', '!',
  '(', ')', '[', ']', '{', '}', ',', ';', '.', ':',
];

/** Go's rule: a newline ends a statement after these tokens (spec, "Semicolons"). */
function endsStatement(t: Token | undefined): boolean {
  if (!t) return false;
  switch (t.kind) {
    case 'ident': case 'int': case 'float': case 'imag': case 'rune': case 'string':
      return true;
    case 'keyword':
      return t.text === 'break' || t.text === 'continue' || t.text === 'fallthrough' || t.text === 'return';
    case 'op':
      return t.text === '++' || t.text === '--' || t.text === ')' || t.text === ']' || t.text === '}';
    default:
      return false;
  }
}

// ASCII first: the Unicode-property regular expressions are the slow path, taken only past 0x7f.
/** The character at `i`, a surrogate pair taken whole (Go identifiers may use letters beyond U+FFFF). */
function codePointAt(src: string, i: number): string {
  const c = src.codePointAt(i);
  return c === undefined ? '' : String.fromCodePoint(c);
}

function isLetter(ch: string): boolean {
  if (ch < '\x80') return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch === '_';
  return /[\p{L}_]/u.test(ch);
}

function isDigit(ch: string): boolean {
  if (ch < '\x80') return ch >= '0' && ch <= '9';
  return /[\p{Nd}]/u.test(ch);
}

/** Tokenizes Go source text, inserting semicolons as the Go spec does. Never throws on bad input. */
export function lex(src: string, file: string): LexResult {
  const tokens: Token[] = [];
  const comments: Comment[] = [];
  const diagnostics: Diagnostic[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;

  const posAt = (offset: number, ln: number, ls: number): Position => ({ file, line: ln, column: offset - ls + 1 });
  const push = (kind: TokenKind, start: number, startLine: number, startLineStart: number): void => {
    tokens.push({ kind, text: src.slice(start, i), offset: start, line: startLine, column: start - startLineStart + 1 });
  };
  const newline = (): void => {
    if (endsStatement(tokens[tokens.length - 1])) {
      tokens.push({ kind: ';', text: '\n', offset: i, line, column: i - lineStart + 1 });
    }
  };

  while (i < src.length) {
    const ch = src[i]!;
    const start = i;
    const startLine = line;
    const startLineStart = lineStart;
    if (ch === '\n') {
      newline();
      i++;
      line++;
      lineStart = i;
      continue;
    }
    if (ch === ' ' || ch === '\t' || ch === '\r' || ch === '\uFEFF') {
      i++;
      continue;
    }
    if (ch === '/' && src[i + 1] === '/') {
      while (i < src.length && src[i] !== '\n') i++;
      comments.push({ text: src.slice(start, i), offset: start, line: startLine, endLine: startLine, column: start - startLineStart + 1 });
      continue;
    }
    if (ch === '/' && src[i + 1] === '*') {
      const end = src.indexOf('*/', i + 2);
      const stop = end < 0 ? src.length : end + 2;
      let hadNewline = false;
      for (let j = i; j < stop; j++) {
        if (src[j] === '\n') {
          hadNewline = true;
          line++;
          lineStart = j + 1;
        }
      }
      i = stop;
      if (end < 0) diagnostics.push(error('syntax', 'comment not terminated; add the closing */', posAt(start, startLine, startLineStart)));
      comments.push({ text: src.slice(start, i), offset: start, line: startLine, endLine: line, column: start - startLineStart + 1 });
      // A general comment containing newlines acts like a newline (spec, "Comments").
      if (hadNewline) {
        if (endsStatement(tokens[tokens.length - 1])) {
          tokens.push({ kind: ';', text: '\n', offset: start, line: startLine, column: start - startLineStart + 1 });
        }
      }
      continue;
    }
    if (isLetter(codePointAt(src, i))) {
      while (i < src.length) {
        const code = src.charCodeAt(i);
        if (code < 0x80) {
          // ASCII letters, digits and '_' without building a string.
          if ((code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95) i++;
          else break;
          continue;
        }
        const c = codePointAt(src, i);
        if (!isLetter(c) && !isDigit(c)) break;
        i += c.length;
      }
      push(KEYWORDS.has(src.slice(start, i)) ? 'keyword' : 'ident', start, startLine, startLineStart);
      continue;
    }
    if (isDigit(ch) || (ch === '.' && isDigit(src[i + 1] ?? ''))) {
      let kind: TokenKind = 'int';
      const hex = /^0[xX]/.test(src.slice(i, i + 2));
      // Numeric literals: accept the superset (hex, octal, binary, floats, exponents, `_` separators, `i`).
      while (i < src.length && /[0-9a-zA-Z_.]/.test(src[i]!)) {
        const c = src[i]!;
        const exponent = hex ? c === 'p' || c === 'P' : c === 'e' || c === 'E';
        if (c === '.' || exponent) kind = 'float';
        i += exponent && (src[i + 1] === '+' || src[i + 1] === '-') ? 2 : 1;
      }
      if (src[i - 1] === 'i') kind = 'imag';
      push(kind, start, startLine, startLineStart);
      continue;
    }
    if (ch === '"' || ch === "'") {
      i++;
      let closed = false;
      while (i < src.length && src[i] !== '\n') {
        if (src[i] === '\\') {
          i += 2;
          continue;
        }
        if (src[i] === ch) {
          i++;
          closed = true;
          break;
        }
        i++;
      }
      if (!closed) {
        const what = ch === '"' ? 'string literal not terminated; close it with " on the same line' : "rune literal not terminated; close it with ' on the same line";
        diagnostics.push(error('syntax', what, posAt(start, startLine, startLineStart)));
      }
      push(ch === '"' ? 'string' : 'rune', start, startLine, startLineStart);
      continue;
    }
    if (ch === '`') {
      const end = src.indexOf('`', i + 1);
      const stop = end < 0 ? src.length : end + 1;
      for (let j = i; j < stop; j++) {
        if (src[j] === '\n') {
          line++;
          lineStart = j + 1;
        }
      }
      i = stop;
      if (end < 0) diagnostics.push(error('syntax', 'raw string literal not terminated; close it with `', posAt(start, startLine, startLineStart)));
      push('string', start, startLine, startLineStart);
      continue;
    }
    const op = OPERATORS.find((o) => src.startsWith(o, i));
    if (op) {
      i += op.length;
      push(op === ';' ? ';' : 'op', start, startLine, startLineStart);
      continue;
    }
    diagnostics.push(error('syntax', `invalid character ${JSON.stringify(ch)} in Go source`, posAt(start, startLine, startLineStart)));
    i++;
  }
  newline();
  tokens.push({ kind: 'eof', text: '', offset: i, line, column: i - lineStart + 1 });
  return { tokens, comments, diagnostics };
}

/** The value of a Go string literal token (interpreted or raw); escapes beyond the common ones are kept verbatim. */
export function stringValue(tok: Token): string {
  const t = tok.text;
  if (t.startsWith('`')) return t.slice(1, t.endsWith('`') && t.length > 1 ? -1 : undefined).replace(/\r/g, '');
  const body = t.slice(1, t.endsWith('"') && t.length > 1 ? -1 : undefined);
  return body.replace(/\\(["\\nrt])/g, (_m, c: string) => ({ n: '\n', r: '\r', t: '\t' })[c] ?? c);
}
