import type { Diagnostic, Position } from '../../model/diagnostics.js';
import { error } from '../../model/diagnostics.js';
import type { Comment, LexResult, Token } from '../lexer.js';

/** Thrown at the first syntax error: gen-bindings reports it and parses no further in that file. */
export class SyntaxAbort extends Error {}

/**
 * How deeply types, expressions and statements may nest, counted as go/parser counts (a type, a unary
 * operator, a primary expression, a bracket, a block, a statement each add a level, so `(x)` nests
 * two). go/parser allows 100,000 on Go's growable stacks; a JS stack overflows long before that, so
 * deeper input is a located error instead. Real code stays far below: GOROOT's deepest file
 * (test/fixedbugs/issue29312.go, 250 nested slice types) reaches 260, and ordinary code a few dozen.
 */
export const MAX_NESTING = 1000;

export function nestingError(p: Parser): Diagnostic {
  return error('nesting', `nested too deeply (more than ${MAX_NESTING} levels of types, expressions and blocks); split it into named types, variables or functions`, p.position(p.idx));
}

/** Tokens a literal stands for in messages (go/parser prints the literal itself). */
const LITERALS: ReadonlySet<string> = new Set(['IDENT', 'INT', 'FLOAT', 'IMAG', 'CHAR', 'STRING']);

/**
 * The parser's cursor over the tokens of one file, with go/parser's helpers (`expect`, `expectSemi`,
 * `atComma`, expression level, right-hand-side mode). Every error throws {@link SyntaxAbort}.
 */
export class Parser {
  readonly tokens: readonly Token[];
  readonly comments: readonly Comment[];
  readonly diagnostics: Diagnostic[] = [];
  /** Index of the current token. */
  idx = 0;
  private current: string;
  lit: string;
  /** < 0 in control clauses (where `{` starts the block), >= 0 inside brackets. */
  exprLev = 0;
  /** Inside a right-hand side, where `=` cannot start an assignment. */
  inRhs = false;
  private nest = 0;

  constructor(
    lexed: LexResult,
    readonly src: string,
    readonly file: string,
  ) {
    this.tokens = lexed.tokens;
    this.comments = lexed.comments;
    const t = this.tokens[0]!;
    this.current = t.tok;
    this.lit = t.lit;
  }

  /** The current token's kind (a method, so that TypeScript does not narrow it across `next()`). */
  tok(): string {
    return this.current;
  }

  token(i: number): Token {
    return this.tokens[Math.min(i, this.tokens.length - 1)]!;
  }

  position(i: number): Position {
    const t = this.token(i);
    return { file: this.file, line: t.line, column: t.column };
  }

  next(): void {
    if (this.idx < this.tokens.length - 1) this.idx++;
    const t = this.tokens[this.idx]!;
    this.current = t.tok;
    this.lit = t.lit;
  }

  /** Looks `k` tokens ahead without moving. */
  peek(k: number): string {
    return this.token(this.idx + k).tok;
  }

  error(pos: number, message: string): never {
    this.diagnostics.push(error('syntax', `syntax error: ${message}`, this.position(pos)));
    throw new SyntaxAbort();
  }

  errorExpected(pos: number, what: string): never {
    let message = `expected ${what}`;
    if (pos === this.idx) {
      if (this.current === ';' && this.lit === '\n') message += ', found newline';
      else if (this.current === 'EOF') message += ', found end of file';
      else if (LITERALS.has(this.current)) message += `, found ${this.lit}`;
      else message += `, found '${this.current}'`;
    }
    return this.error(pos, message);
  }

  expect(tok: string): number {
    const pos = this.idx;
    if (this.current !== tok) this.errorExpected(pos, `'${tok}'`);
    this.next();
    return pos;
  }

  /** Like `expect`, with a better message for a missing comma before a newline. */
  expectClosing(tok: string, context: string): number {
    if (this.current !== tok && this.current === ';' && this.lit === '\n') this.error(this.idx, `missing ',' before newline in ${context}`);
    return this.expect(tok);
  }

  /** A `;` (written or inserted), optional before `)` and `}`. */
  expectSemi(): void {
    if (this.current === ')' || this.current === '}') return;
    if (this.current === ';') {
      this.next();
      return;
    }
    this.errorExpected(this.idx, "';'");
  }

  /** At a `,` in a list closed by `follow`: true to go on; anything but `follow` is a missing comma. */
  atComma(context: string, follow: string): boolean {
    if (this.current === ',') return true;
    if (this.current !== follow) {
      const newline = this.current === ';' && this.lit === '\n' ? ' before newline' : '';
      this.error(this.idx, `missing ','${newline} in ${context}`);
    }
    return false;
  }

  enter(): void {
    if (++this.nest > MAX_NESTING) {
      this.diagnostics.push(nestingError(this));
      throw new SyntaxAbort();
    }
  }

  leave(): void {
    this.nest--;
  }

  /** The source text from token `from` up to (not including) token `to`. */
  text(from: number, to: number): string {
    return this.src.slice(this.token(from).offset, this.token(to).offset).trim();
  }

  /**
   * The doc comment of token `k` by go/parser's rule: the last group of comments before it (comments on
   * consecutive lines), when it ends on the line just above `k`; comments on the line of the token before
   * `k` trail that token and belong to no doc comment.
   */
  leadComment(k: number): readonly Comment[] | undefined {
    const from = k > 0 ? this.token(k - 1).comments : 0;
    const to = this.token(k).comments;
    if (from === to) return undefined;
    const cs = this.comments;
    let j = from;
    const prevLine = k > 0 ? this.token(k - 1).line : 0;
    if (cs[j]!.line === prevLine) {
      let endLine = cs[j]!.line;
      while (j < to && cs[j]!.line <= endLine) endLine = cs[j++]!.endLine;
    }
    let group: readonly Comment[] | undefined;
    let endLine = -1;
    while (j < to) {
      const start = j;
      endLine = cs[j]!.line;
      while (j < to && cs[j]!.line <= endLine + 1) endLine = cs[j++]!.endLine;
      group = cs.slice(start, j);
    }
    return endLine + 1 === this.token(k).line ? group : undefined;
  }
}
