import type { Token } from './lexer.js';
import { stringValue } from './lexer.js';

/**
 * The Go signature as one line for the `Go: \`...\`` code span of a TSDoc comment, rebuilt from the
 * tokens `tokens[from, to)`: comments are dropped (they may hold anything, backticks included), the
 * space between two tokens is one space or none, and no literal holds a backtick or a line terminator.
 * A raw string (a struct tag) is written as the equivalent interpreted string; in the other string and
 * rune literals those characters become escapes with the same value (`\x60`).
 */
export function signatureText(tokens: readonly Token[], from: number, to: number): string {
  let out = '';
  let prev: Token | undefined;
  for (let k = from; k < to; k++) {
    const t = tokens[k]!;
    const inserted = t.tok === ';' && t.lit === '\n';
    const next = k + 1 < to ? tokens[k + 1] : undefined;
    // A semicolon inserted at a line end (between the fields of a multi-line struct type) is written
    // as `;`, except before the closing brace; a trailing comma before `)` or `]` is dropped.
    if ((inserted || t.tok === ',') && next && CLOSERS.has(next.tok)) continue;
    if (prev && hasGap(prev, t) && !OPENERS.has(prev.tok) && !TIGHT_BEFORE.has(t.tok) && !inserted) out += ' ';
    out += inserted ? ';' : tokenText(t);
    prev = t;
  }
  return out;
}

const OPENERS: ReadonlySet<string> = new Set(['(', '[']);
const TIGHT_BEFORE: ReadonlySet<string> = new Set([')', ']', ',']);
const CLOSERS: ReadonlySet<string> = new Set([')', ']', '}']);

/** Whether whitespace or comments separate two tokens in the source. */
function hasGap(prev: Token, t: Token): boolean {
  // An inserted semicolon stands for the newline at its offset.
  const end = prev.offset + (prev.tok === ';' && prev.lit === '\n' ? 1 : prev.lit.length);
  return t.offset > end || t.comments > prev.comments;
}

/** Characters that must not appear in the code span: a backtick ends it, the others end the line. */
const UNSAFE_IN_LITERAL = /[`\u0000-\u001f\u007f\u2028\u2029]/g;
const SHORT_ESCAPES: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
const escapeInLiteral = (c: string): string => {
  const code = c.charCodeAt(0);
  return SHORT_ESCAPES[c] ?? (code < 0x80 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`);
};

function tokenText(t: Token): string {
  if (t.tok === 'STRING' && t.lit.startsWith('`')) {
    return `"${stringValue(t.lit).replace(/[\\"]/g, (c) => `\\${c}`).replace(UNSAFE_IN_LITERAL, escapeInLiteral)}"`;
  }
  if (t.tok === 'STRING' || t.tok === 'CHAR') return t.lit.replace(UNSAFE_IN_LITERAL, escapeInLiteral);
  return t.lit;
}
