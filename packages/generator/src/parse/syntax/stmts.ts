// Go's statement grammar, with go/parser's checks (labels, `go`/`defer` calls, if/switch/for headers,
// type switch guards, range clauses, select cases).
import type { Node, Stmt } from './ast.js';
import { unparen } from './ast.js';
import { parseBody, parseList, parseRhs } from './exprs.js';
import type { Parser } from './parser.js';
import { parseGenDecl, parseValueSpec, parseTypeSpec } from './decls.js';
import { parseIdent } from './types.js';

const ASSIGN_OPS = new Set([':=', '=', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '<<=', '>>=', '&^=']);

const SIMPLE_STMT_START = new Set([
  'IDENT', 'INT', 'FLOAT', 'IMAG', 'CHAR', 'STRING', 'func', '(', // operands
  '[', 'struct', 'map', 'chan', 'interface', // composite types
  '+', '-', '*', '&', '^', '<-', '!', // unary operators
]);

type Mode = 'basic' | 'labelOk' | 'rangeOk';

function parseSimpleStmt(p: Parser, mode: Mode): { s: Stmt; isRange: boolean } {
  const x = parseList(p, false);
  const pos = x[0]!.pos;
  if (ASSIGN_OPS.has(p.tok())) {
    const tok = p.tok();
    const tokPos = p.idx;
    p.next();
    if (mode === 'rangeOk' && p.tok() === 'range' && (tok === ':=' || tok === '=')) {
      const rangePos = p.idx;
      p.next();
      const y: Node = { k: 'Unary', op: 'range', x: parseRhs(p), pos: rangePos, end: p.idx };
      return { s: { k: 'Assign', lhs: x, tok, tokPos, rhs: [y], pos }, isRange: true };
    }
    return { s: { k: 'Assign', lhs: x, tok, tokPos, rhs: parseList(p, true), pos }, isRange: false };
  }
  if (x.length > 1) p.errorExpected(pos, '1 expression');
  switch (p.tok()) {
    case ':': {
      const colon = p.idx;
      p.next();
      if (mode === 'labelOk' && x[0]!.k === 'Ident') {
        parseStmt(p);
        return { s: { k: 'Labeled', pos }, isRange: false };
      }
      return p.error(colon, 'illegal label declaration');
    }
    case '<-':
      p.next();
      parseRhs(p);
      return { s: { k: 'Other', pos }, isRange: false };
    case '++': case '--':
      p.next();
      return { s: { k: 'Other', pos }, isRange: false };
  }
  return { s: { k: 'Expr', x: x[0]!, pos }, isRange: false };
}

/** The call of a `go` or `defer` statement. */
function parseCallExpr(p: Parser, callType: string): void {
  const x = parseRhs(p);
  const t = unparen(x);
  if (t !== x) p.error(x.pos, `expression in ${callType} must not be parenthesized`);
  if (t.k !== 'Call') p.error(x.end, `expression in ${callType} must be function call`);
}

/** The expression of a statement used as a condition or switch tag. */
function makeExpr(p: Parser, s: Stmt | undefined, want: string): void {
  if (!s || s.k === 'Expr') return;
  const found = s.k === 'Assign' ? 'assignment' : 'simple statement';
  p.error(s.pos, `expected ${want}, found ${found} (missing parentheses around composite literal?)`);
}

function parseIfHeader(p: Parser): void {
  if (p.tok() === '{') p.error(p.idx, 'missing condition in if statement');
  const prevLev = p.exprLev;
  p.exprLev = -1;
  let init: Stmt | undefined;
  if (p.tok() !== ';') {
    if (p.tok() === 'var') {
      p.next();
      p.error(p.idx, 'var declaration not allowed in if initializer');
    }
    init = parseSimpleStmt(p, 'basic').s;
  }
  let cond: Stmt | undefined;
  let semi: { pos: number; lit: string } | undefined;
  if (p.tok() !== '{') {
    if (p.tok() === ';') {
      semi = { pos: p.idx, lit: p.lit };
      p.next();
    } else {
      p.expect(';');
    }
    if (p.tok() !== '{') cond = parseSimpleStmt(p, 'basic').s;
  } else {
    cond = init;
  }
  if (cond) makeExpr(p, cond, 'boolean expression');
  else if (semi) p.error(semi.pos, semi.lit === '\n' ? 'unexpected newline, expecting { after if clause' : 'missing condition in if statement');
  p.exprLev = prevLev;
}

/** An if statement and its else-if chain, iteratively, so that a long chain does not nest. */
function parseIfStmt(p: Parser): void {
  for (;;) {
    p.expect('if');
    parseIfHeader(p);
    parseBody(p);
    if (p.tok() !== 'else') {
      p.expectSemi();
      return;
    }
    p.next();
    if (p.tok() === 'if') continue;
    if (p.tok() !== '{') p.errorExpected(p.idx, 'if statement or block');
    parseBody(p);
    p.expectSemi();
    return;
  }
}

function isTypeSwitchGuard(p: Parser, s: Stmt | undefined): boolean {
  const isAssert = (x: Node | undefined): boolean => x?.k === 'TypeAssert' && x.type === undefined;
  if (s?.k === 'Expr') return isAssert(s.x);
  if (s?.k === 'Assign' && s.lhs.length === 1 && s.rhs.length === 1 && isAssert(s.rhs[0])) {
    if (s.tok === '=') p.error(s.tokPos, "expected ':=', found '='");
    return s.tok === ':=';
  }
  return false;
}

function parseSwitchStmt(p: Parser): void {
  p.expect('switch');
  let s2: Stmt | undefined;
  if (p.tok() !== '{') {
    const prevLev = p.exprLev;
    p.exprLev = -1;
    if (p.tok() !== ';') s2 = parseSimpleStmt(p, 'basic').s;
    if (p.tok() === ';') {
      p.next();
      s2 = undefined;
      if (p.tok() !== '{') s2 = parseSimpleStmt(p, 'basic').s;
    }
    p.exprLev = prevLev;
  }
  const typeSwitch = isTypeSwitchGuard(p, s2);
  parseClauses(p, () => parseList(p, true));
  if (!typeSwitch) makeExpr(p, s2, 'switch expression');
}

/** `{ case ...: stmts default: stmts }` of a switch or select; `caseHead` reads what follows `case`. */
function parseClauses(p: Parser, caseHead: () => void): void {
  p.expect('{');
  while (p.tok() === 'case' || p.tok() === 'default') {
    const isCase = p.tok() === 'case';
    p.next();
    if (isCase) caseHead();
    p.expect(':');
    parseStmtList(p);
  }
  p.expect('}');
  p.expectSemi();
}

/** A select case: a send, or a receive optionally assigned to one or two variables. */
function parseCommCase(p: Parser): void {
  const lhs = parseList(p, false);
  if (p.tok() === '<-') {
    if (lhs.length > 1) p.errorExpected(lhs[0]!.pos, '1 expression');
    p.next();
    parseRhs(p);
  } else if (p.tok() === '=' || p.tok() === ':=') {
    if (lhs.length > 2) p.errorExpected(lhs[0]!.pos, '1 or 2 expressions');
    p.next();
    parseRhs(p);
  } else if (lhs.length > 1) {
    p.errorExpected(lhs[0]!.pos, '1 expression');
  }
}

function parseForStmt(p: Parser): void {
  p.expect('for');
  let s2: Stmt | undefined;
  let isRange = false;
  if (p.tok() !== '{') {
    const prevLev = p.exprLev;
    p.exprLev = -1;
    if (p.tok() !== ';') {
      if (p.tok() === 'range') {
        // `for range x`
        const pos = p.idx;
        p.next();
        parseRhs(p);
        s2 = { k: 'Assign', lhs: [], tok: '', tokPos: pos, rhs: [], pos };
        isRange = true;
      } else {
        ({ s: s2, isRange } = parseSimpleStmt(p, 'rangeOk'));
      }
    }
    if (!isRange && p.tok() === ';') {
      p.next();
      s2 = undefined;
      if (p.tok() !== ';') s2 = parseSimpleStmt(p, 'basic').s;
      p.expectSemi();
      if (p.tok() !== '{') parseSimpleStmt(p, 'basic');
    }
    p.exprLev = prevLev;
  }
  parseBody(p);
  p.expectSemi();
  if (isRange) {
    const lhs = s2?.k === 'Assign' ? s2.lhs : [];
    if (lhs.length > 2) p.errorExpected(lhs[lhs.length - 1]!.pos, 'at most 2 expressions');
  } else {
    makeExpr(p, s2, 'boolean or range expression');
  }
}

function parseBranchStmt(p: Parser): void {
  const tok = p.tok();
  p.next();
  if (tok === 'goto' || ((tok === 'continue' || tok === 'break') && p.tok() === 'IDENT')) parseIdent(p);
  p.expectSemi();
}

export function parseStmt(p: Parser): void {
  p.enter();
  const tok = p.tok();
  if (SIMPLE_STMT_START.has(tok)) {
    const { s } = parseSimpleStmt(p, 'labelOk');
    if (s.k !== 'Labeled') p.expectSemi();
  } else {
    switch (tok) {
      case 'const': case 'var':
        parseGenDecl(p, parseValueSpec);
        break;
      case 'type':
        parseGenDecl(p, parseTypeSpec);
        break;
      case 'go': case 'defer':
        p.next();
        parseCallExpr(p, tok);
        p.expectSemi();
        break;
      case 'return':
        p.next();
        if (p.tok() !== ';' && p.tok() !== '}') parseList(p, true);
        p.expectSemi();
        break;
      case 'break': case 'continue': case 'goto': case 'fallthrough':
        parseBranchStmt(p);
        break;
      case '{':
        parseBody(p);
        p.expectSemi();
        break;
      case 'if':
        parseIfStmt(p);
        break;
      case 'switch':
        parseSwitchStmt(p);
        break;
      case 'select':
        p.next();
        parseClauses(p, () => parseCommCase(p));
        break;
      case 'for':
        parseForStmt(p);
        break;
      case ';':
        p.next();
        break;
      case '}':
        break;
      default:
        p.errorExpected(p.idx, 'statement');
    }
  }
  p.leave();
}

export function parseStmtList(p: Parser): void {
  while (p.tok() !== 'case' && p.tok() !== 'default' && p.tok() !== '}' && p.tok() !== 'EOF') parseStmt(p);
}
