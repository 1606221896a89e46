// Go's expression grammar, with go/parser's checks: composite literals in control clauses, slices,
// instantiations, receive-only channel types, `=` inside a right-hand side.
import type { Node } from './ast.js';
import { unparen } from './ast.js';
import type { Parser } from './parser.js';
import { parseStmtList } from './stmts.js';
import { parseFuncType, parseIdent, parseType, tryIdentOrType } from './types.js';

const PRECEDENCE: ReadonlyMap<string, number> = new Map([
  ['||', 1], ['&&', 2],
  ['==', 3], ['!=', 3], ['<', 3], ['<=', 3], ['>', 3], ['>=', 3],
  ['+', 4], ['-', 4], ['|', 4], ['^', 4],
  ['*', 5], ['/', 5], ['%', 5], ['<<', 5], ['>>', 5], ['&', 5], ['&^', 5],
]);

export function parseBody(p: Parser): void {
  p.enter();
  p.expect('{');
  parseStmtList(p);
  p.expect('}');
  p.leave();
}

function parseOperand(p: Parser): Node {
  const pos = p.idx;
  switch (p.tok()) {
    case 'IDENT':
      return parseIdent(p);
    case 'INT': case 'FLOAT': case 'IMAG': case 'CHAR': case 'STRING':
      p.next();
      return { k: 'BasicLit', pos, end: p.idx };
    case '(': {
      p.next();
      p.exprLev++;
      const x = parseRhs(p); // types may be parenthesized: (some type)
      p.exprLev--;
      p.expect(')');
      return { k: 'Paren', x, pos, end: p.idx };
    }
    case 'func': {
      const type = parseFuncType(p);
      if (p.tok() !== '{') return type;
      p.exprLev++;
      parseBody(p);
      p.exprLev--;
      return { k: 'FuncLit', pos, end: p.idx };
    }
  }
  return tryIdentOrType(p) ?? p.errorExpected(pos, 'operand');
}

/** `x[i]`, `x[lo:hi:max]`, `G[A, B]` after `x`. */
function parseIndexOrSliceOrInstance(p: Parser, x: Node): Node {
  p.expect('[');
  if (p.tok() === ']') p.errorExpected(p.idx, 'operand');
  p.exprLev++;
  const index: (Node | undefined)[] = [undefined, undefined, undefined];
  const colons: number[] = [];
  const args: Node[] = [];
  if (p.tok() !== ':') index[0] = parseRhs(p);
  if (p.tok() === ':') {
    while (p.tok() === ':' && colons.length < 2) {
      colons.push(p.idx);
      p.next();
      if (p.tok() !== ':' && p.tok() !== ']' && p.tok() !== 'EOF') index[colons.length] = parseRhs(p);
    }
  } else if (p.tok() === ',') {
    args.push(index[0]!);
    while (p.tok() === ',') {
      p.next();
      if (p.tok() !== ']' && p.tok() !== 'EOF') args.push(parseType(p));
    }
  }
  p.exprLev--;
  p.expect(']');
  if (colons.length > 0) {
    if (colons.length === 2) {
      if (!index[1]) p.error(colons[0]!, 'middle index required in 3-index slice');
      if (!index[2]) p.error(colons[1]!, 'final index required in 3-index slice');
    }
    return { k: 'Slice', x, pos: x.pos, end: p.idx };
  }
  return { k: 'Index', x, indices: args.length ? args : [index[0]!], pos: x.pos, end: p.idx };
}

function parseCallOrConversion(p: Parser, fun: Node): Node {
  p.expect('(');
  p.exprLev++;
  const args: Node[] = [];
  let ellipsis = false;
  while (p.tok() !== ')' && p.tok() !== 'EOF' && !ellipsis) {
    args.push(parseRhs(p)); // builtins may take a type: make(some type, ...)
    if (p.tok() === '...') {
      ellipsis = true;
      p.next();
    }
    if (!p.atComma('argument list', ')')) break;
    p.next();
  }
  p.exprLev--;
  p.expectClosing(')', 'argument list');
  return { k: 'Call', fun, args, ellipsis, pos: fun.pos, end: p.idx };
}

function parseValue(p: Parser): void {
  if (p.tok() === '{') parseLiteralValue(p);
  else parseExpr(p);
}

/** `{ elements }` of a composite literal. */
function parseLiteralValue(p: Parser): void {
  p.enter();
  p.expect('{');
  p.exprLev++;
  while (p.tok() !== '}' && p.tok() !== 'EOF') {
    parseValue(p);
    if (p.tok() === ':') {
      p.next();
      parseValue(p);
    }
    if (!p.atComma('composite literal', '}')) break;
    p.next();
  }
  p.exprLev--;
  p.expectClosing('}', 'composite literal');
  p.leave();
}

export function parsePrimaryExpr(p: Parser, operand?: Node): Node {
  p.enter();
  let x = operand ?? parseOperand(p);
  for (;;) {
    switch (p.tok()) {
      case '.':
        p.next();
        if (p.tok() === 'IDENT') {
          const sel = parseIdent(p);
          x = { k: 'Selector', x, sel: sel.name, pos: x.pos, end: p.idx };
        } else if (p.tok() === '(') {
          p.next();
          let type: Node | undefined;
          if (p.tok() === 'type') p.next();
          else type = parseType(p);
          p.expect(')');
          x = { k: 'TypeAssert', x, type, pos: x.pos, end: p.idx };
        } else {
          p.errorExpected(p.idx, 'selector or type assertion');
        }
        continue;
      case '[':
        x = parseIndexOrSliceOrInstance(p, x);
        continue;
      case '(':
        x = parseCallOrConversion(p, x);
        continue;
      case '{': {
        // In a control clause (exprLev < 0), `{` after a name starts the block, not a composite literal.
        const t = unparen(x);
        switch (t.k) {
          case 'Bad': case 'Ident': case 'Selector': case 'Index':
            if (p.exprLev < 0) return done(p, x);
            break;
          case 'ArrayType': case 'StructType': case 'MapType':
            break;
          default:
            return done(p, x);
        }
        if (t !== x) p.error(t.pos, 'cannot parenthesize type in composite literal');
        parseLiteralValue(p);
        x = { k: 'CompositeLit', pos: x.pos, end: p.idx };
        continue;
      }
      default:
        return done(p, x);
    }
  }
}

function done(p: Parser, x: Node): Node {
  p.leave();
  return x;
}

export function parseUnaryExpr(p: Parser): Node {
  p.enter();
  const pos = p.idx;
  let x: Node;
  switch (p.tok()) {
    case '+': case '-': case '!': case '^': case '&': case '~': {
      const op = p.tok();
      p.next();
      x = { k: 'Unary', op, x: parseUnaryExpr(p), pos, end: p.idx };
      break;
    }
    case '<-': {
      p.next();
      const operand = parseUnaryExpr(p);
      if (operand.k === 'ChanType') {
        // `<-chan T`: the arrow belongs to the channel type; `<-chan<- T` has nowhere to put it.
        let dir: 'both' | 'send' | 'recv' = 'send';
        let typ: Node = operand;
        while (typ.k === 'ChanType' && dir === 'send') {
          if (typ.dir === 'recv') p.errorExpected(typ.pos, "'chan'");
          dir = typ.dir;
          typ.dir = 'recv';
          typ = typ.value;
        }
        if (dir === 'send') p.errorExpected(pos, 'channel type');
        x = operand;
      } else {
        x = { k: 'Unary', op: '<-', x: operand, pos, end: p.idx };
      }
      break;
    }
    case '*':
      p.next();
      x = { k: 'Star', x: parseUnaryExpr(p), pos, end: p.idx };
      break;
    default:
      x = parsePrimaryExpr(p);
  }
  p.leave();
  return x;
}

export function parseBinaryExpr(p: Parser, lhs: Node | undefined, prec1: number): Node {
  let x = lhs ?? parseUnaryExpr(p);
  for (;;) {
    // In a right-hand side `=` is read as `==`, so that `a = b = c` is an error rather than two assignments.
    const op = p.inRhs && p.tok() === '=' ? '==' : p.tok();
    const prec = PRECEDENCE.get(op) ?? 0;
    if (prec < prec1) return x;
    p.expect(op);
    const y = parseBinaryExpr(p, undefined, prec + 1);
    x = { k: 'Binary', op, x, y, pos: x.pos, end: p.idx };
  }
}

export function parseExpr(p: Parser): Node {
  return parseBinaryExpr(p, undefined, 1);
}

export function parseRhs(p: Parser): Node {
  const old = p.inRhs;
  p.inRhs = true;
  const x = parseExpr(p);
  p.inRhs = old;
  return x;
}

/** A comma-separated expression list; `inRhs` says whether it is a right-hand side. */
export function parseList(p: Parser, inRhs: boolean): Node[] {
  const old = p.inRhs;
  p.inRhs = inRhs;
  const list = [parseExpr(p)];
  while (p.tok() === ',') {
    p.next();
    list.push(parseExpr(p));
  }
  p.inRhs = old;
  return list;
}
