// Go's type grammar, with go/parser's decisions where the grammar is ambiguous (`a [N]T` against
// `G[T]`, parameter grouping, type sets in constraints), so that the same files are accepted.
import type { Field, Node } from './ast.js';
import { parseExpr, parseRhs } from './exprs.js';
import type { Parser } from './parser.js';

export function parseIdent(p: Parser): Node & { k: 'Ident' } {
  const pos = p.idx;
  if (p.tok() !== 'IDENT') p.expect('IDENT');
  const name = p.lit;
  p.next();
  return { k: 'Ident', name, pos, end: p.idx };
}

export function parseType(p: Parser): Node {
  const t = tryIdentOrType(p);
  return t ?? p.errorExpected(p.idx, 'type');
}

/** `Name`, `pkg.Name`: a type name without type arguments. */
export function parseTypeName(p: Parser, ident?: Node & { k: 'Ident' }): Node {
  const id = ident ?? parseIdent(p);
  if (p.tok() !== '.') return id;
  p.next();
  const sel = parseIdent(p);
  return { k: 'Selector', x: id, sel: sel.name, pos: id.pos, end: p.idx };
}

function parseQualifiedIdent(p: Parser, ident?: Node & { k: 'Ident' }): Node {
  const t = parseTypeName(p, ident);
  return p.tok() === '[' ? parseTypeInstance(p, t) : t;
}

/** `[N]T`, `[...]T` or `[]T` after the `[` at `lbrack`; `len` when the caller already parsed it. */
export function parseArrayType(p: Parser, lbrack: number, len?: Node): Node {
  let length = len;
  if (!length) {
    p.exprLev++;
    if (p.tok() === '...') {
      length = { k: 'Ellipsis', elt: undefined, pos: p.idx, end: p.idx + 1 };
      p.next();
    } else if (p.tok() !== ']') {
      length = parseRhs(p);
    }
    p.exprLev--;
  }
  if (p.tok() === ',') p.error(p.idx, 'unexpected comma; expecting ]');
  p.expect(']');
  const elt = parseType(p);
  return { k: 'ArrayType', len: length, elt, pos: lbrack, end: p.idx };
}

/** After a name: `name [N]T` (a field or parameter of array type) or `Name[A, B]` (an instantiated type). */
function parseArrayFieldOrTypeInstance(p: Parser, x: Node & { k: 'Ident' }): { name: (Node & { k: 'Ident' }) | undefined; type: Node } {
  const lbrack = p.expect('[');
  let trailingComma = -1;
  const args: Node[] = [];
  if (p.tok() !== ']') {
    p.exprLev++;
    args.push(parseRhs(p));
    while (p.tok() === ',') {
      const comma = p.idx;
      p.next();
      if (p.tok() === ']') {
        trailingComma = comma;
        break;
      }
      args.push(parseRhs(p));
    }
    p.exprLev--;
  }
  p.expect(']');
  if (args.length === 0) return { name: x, type: { k: 'ArrayType', len: undefined, elt: parseType(p), pos: lbrack, end: p.idx } };
  if (args.length === 1) {
    const elt = tryIdentOrType(p);
    if (elt) {
      if (trailingComma >= 0) p.error(trailingComma, 'unexpected comma; expecting ]');
      return { name: x, type: { k: 'ArrayType', len: args[0], elt, pos: lbrack, end: p.idx } };
    }
  }
  return { name: undefined, type: { k: 'Index', x, indices: args, pos: x.pos, end: p.idx } };
}

function parseFieldDecl(p: Parser): void {
  switch (p.tok()) {
    case 'IDENT': {
      const name = parseIdent(p);
      if (p.tok() === '.' || p.tok() === 'STRING' || p.tok() === ';' || p.tok() === '}') {
        if (p.tok() === '.') parseQualifiedIdent(p, name);
      } else {
        let names = 1;
        while (p.tok() === ',') {
          p.next();
          parseIdent(p);
          names++;
        }
        if (names === 1 && p.tok() === '[') parseArrayFieldOrTypeInstance(p, name);
        else parseType(p);
      }
      break;
    }
    case '*':
      p.next();
      if (p.tok() === '(') p.error(p.idx, 'cannot parenthesize embedded type');
      parseQualifiedIdent(p);
      break;
    default: // '('
      p.error(p.idx, 'cannot parenthesize embedded type');
  }
  if (p.tok() === 'STRING') p.next();
  p.expectSemi();
}

function parseStructType(p: Parser): Node {
  const pos = p.expect('struct');
  p.expect('{');
  let fields = 0;
  while (p.tok() === 'IDENT' || p.tok() === '*' || p.tok() === '(') {
    parseFieldDecl(p);
    fields++;
  }
  p.expect('}');
  return { k: 'StructType', fields, pos, end: p.idx };
}

const PARAM_TYPE_START = new Set(['IDENT', '*', '<-', 'func', 'chan', 'map', 'struct', 'interface', '(']);

interface ParamItem {
  name: (Node & { k: 'Ident' }) | undefined;
  type: Node | undefined;
}

function parseParamDecl(p: Parser, name0: (Node & { k: 'Ident' }) | undefined, typeSetsOK: boolean): ParamItem {
  if (!name0 && typeSetsOK && p.tok() === '~') return { name: undefined, type: embeddedElem(p) };
  const f: ParamItem = { name: undefined, type: undefined };
  if (name0 || p.tok() === 'IDENT') {
    f.name = name0 ?? parseIdent(p);
    if (PARAM_TYPE_START.has(p.tok())) f.type = parseType(p);
    else if (p.tok() === '[') {
      const r = parseArrayFieldOrTypeInstance(p, f.name);
      f.name = r.name;
      f.type = r.type;
    } else if (p.tok() === '...') {
      f.type = parseDotsType(p);
      return f;
    } else if (p.tok() === '.') {
      f.type = parseQualifiedIdent(p, f.name);
      f.name = undefined;
    } else if (p.tok() === '~' && typeSetsOK) {
      f.type = embeddedElem(p);
      return f;
    } else if (p.tok() === '|' && typeSetsOK) {
      f.type = embeddedElem(p, f.name);
      f.name = undefined;
      return f;
    }
  } else if (PARAM_TYPE_START.has(p.tok()) || p.tok() === '[') {
    f.type = parseType(p);
  } else if (p.tok() === '...') {
    f.type = parseDotsType(p);
    return f;
  } else {
    p.errorExpected(p.idx, "')'");
  }
  if (typeSetsOK && p.tok() === '|' && f.type) f.type = embeddedElem(p, f.type);
  return f;
}

function parseDotsType(p: Parser): Node {
  const pos = p.expect('...');
  const elt = parseType(p);
  return { k: 'Ellipsis', elt, pos, end: p.idx };
}

/**
 * A parameter, result or type parameter list up to `closing`, with Go's grouping: either every entry
 * is named (`a, b int, c string`) or none is (`int, string`). `dddOK`: `...T` may end the list.
 */
export function parseParameterList(p: Parser, closing: ')' | ']', dddOK: boolean, name0?: Node & { k: 'Ident' }, type0?: Node): Field[] {
  const typeParams = closing === ']';
  const pos0 = name0?.pos ?? type0?.pos ?? p.idx;
  const list: ParamItem[] = [];
  let named = 0;
  let first0 = name0;
  let firstType = type0;
  while (first0 || (p.tok() !== closing && p.tok() !== 'EOF')) {
    let par: ParamItem;
    if (firstType) par = { name: first0, type: typeParams ? embeddedElem(p, firstType) : firstType };
    else par = parseParamDecl(p, first0, typeParams);
    first0 = undefined;
    firstType = undefined;
    if (par.name || par.type) {
      list.push(par);
      if (par.name && par.type) named++;
    }
    if (!p.atComma('parameter list', closing)) break;
    p.next();
  }
  if (list.length === 0) return [];
  let fields: Field[];
  if (named === 0) {
    if (typeParams) p.error(pos0, 'missing type parameter name or constraint');
    fields = list.map((par) => ({ name: undefined, type: (par.type ?? par.name)! }));
  } else {
    // Right to left: a name without a type takes the type of the entry after it (`a, b int`).
    fields = [];
    let type: Node | undefined;
    for (let i = list.length - 1; i >= 0; i--) {
      const par = list[i]!;
      if (par.type) {
        if (!par.name) p.error(par.type.pos, typeParams ? 'missing type parameter name' : 'missing parameter name');
        type = par.type;
      } else if (!type) {
        p.error(p.idx, typeParams ? 'missing type constraint' : 'missing parameter type');
      }
      fields.unshift({ name: { name: par.name!.name, pos: par.name!.pos }, type: type! });
    }
  }
  fields.forEach((f, i) => {
    if (f.type.k === 'Ellipsis' && (!dddOK || i + 1 < fields.length)) {
      p.error(f.type.pos, dddOK ? 'can only use ... with final parameter' : 'invalid use of ...');
    }
  });
  return fields;
}

export function parseTypeParameters(p: Parser): { pos: number; fields: Field[] } {
  const pos = p.expect('[');
  const fields = p.tok() !== ']' ? parseParameterList(p, ']', false) : [];
  const rbrack = p.expect(']');
  if (fields.length === 0) p.error(rbrack, 'empty type parameter list');
  return { pos, fields };
}

/** `(params)`; for results also a single unparenthesized type, or nothing. */
export function parseParameters(p: Parser, result: boolean): Field[] {
  if (!result || p.tok() === '(') {
    p.expect('(');
    const list = p.tok() !== ')' ? parseParameterList(p, ')', !result) : [];
    p.expect(')');
    return list;
  }
  const t = tryIdentOrType(p);
  return t ? [{ name: undefined, type: t }] : [];
}

export function parseFuncType(p: Parser): Node & { k: 'FuncType' } {
  const pos = p.expect('func');
  if (p.tok() === '[') {
    const tparams = parseTypeParameters(p);
    p.error(tparams.pos, 'function type must have no type parameters');
  }
  const params = parseParameters(p, false);
  const results = parseParameters(p, true);
  return { k: 'FuncType', params, results, pos, end: p.idx };
}

/** An interface element starting with a name: a method, an embedded (possibly instantiated) type. Returns whether it was a method. */
function parseMethodSpec(p: Parser): { method: boolean; type: Node } {
  const x = parseTypeName(p);
  if (x.k !== 'Ident') return { method: false, type: p.tok() === '[' ? parseTypeInstance(p, x) : x };
  if (p.tok() === '[') {
    const lbrack = p.idx;
    p.next();
    p.exprLev++;
    const first = parseExpr(p);
    p.exprLev--;
    if (first.k === 'Ident' && p.tok() !== ',' && p.tok() !== ']') {
      parseParameterList(p, ']', false, first);
      p.expect(']');
      p.error(lbrack, 'interface method must have no type parameters');
    }
    const list = [first];
    if (p.atComma('type argument list', ']')) {
      p.exprLev++;
      p.next();
      while (p.tok() !== ']' && p.tok() !== 'EOF') {
        list.push(parseType(p));
        if (!p.atComma('type argument list', ']')) break;
        p.next();
      }
      p.exprLev--;
    }
    p.expectClosing(']', 'type argument list');
    return { method: false, type: { k: 'Index', x, indices: list, pos: x.pos, end: p.idx } };
  }
  if (p.tok() === '(') {
    const params = parseParameters(p, false);
    const results = parseParameters(p, true);
    return { method: true, type: { k: 'FuncType', params, results, pos: x.pos, end: p.idx } };
  }
  return { method: false, type: x };
}

/** A union of terms in a constraint: `~int | string`. */
export function embeddedElem(p: Parser, first?: Node): Node {
  let x = first ?? embeddedTerm(p);
  while (p.tok() === '|') {
    p.next();
    const y = embeddedTerm(p);
    x = { k: 'Binary', op: '|', x, y, pos: x.pos, end: p.idx };
  }
  return x;
}

function embeddedTerm(p: Parser): Node {
  if (p.tok() === '~') {
    const pos = p.idx;
    p.next();
    const x = parseType(p);
    return { k: 'Unary', op: '~', x, pos, end: p.idx };
  }
  return tryIdentOrType(p) ?? p.errorExpected(p.idx, '~ term or type');
}

function parseInterfaceType(p: Parser): Node {
  const pos = p.expect('interface');
  p.expect('{');
  let elements = 0;
  for (;;) {
    if (p.tok() === 'IDENT') {
      const f = parseMethodSpec(p);
      if (!f.method) embeddedElem(p, f.type);
    } else if (p.tok() === '~') {
      embeddedElem(p);
    } else {
      const t = tryIdentOrType(p);
      if (!t) break;
      embeddedElem(p, t);
    }
    p.expectSemi();
    elements++;
  }
  p.expect('}');
  return { k: 'InterfaceType', elements, pos, end: p.idx };
}

function parseChanType(p: Parser): Node & { k: 'ChanType' } {
  const pos = p.idx;
  let dir: 'both' | 'send' | 'recv' = 'both';
  if (p.tok() === 'chan') {
    p.next();
    if (p.tok() === '<-') {
      p.next();
      dir = 'send';
    }
  } else {
    p.expect('<-');
    p.expect('chan');
    dir = 'recv';
  }
  const value = parseType(p);
  return { k: 'ChanType', dir, value, pos, end: p.idx };
}

/** `[A, B]` after a generic type's name. */
function parseTypeInstance(p: Parser, x: Node): Node {
  p.expect('[');
  p.exprLev++;
  const list: Node[] = [];
  while (p.tok() !== ']' && p.tok() !== 'EOF') {
    list.push(parseType(p));
    if (!p.atComma('type argument list', ']')) break;
    p.next();
  }
  p.exprLev--;
  const closing = p.expectClosing(']', 'type argument list');
  if (list.length === 0) p.errorExpected(closing, 'type argument list');
  return { k: 'Index', x, indices: list, pos: x.pos, end: p.idx };
}

/** A type if one starts here, else undefined (without consuming anything). */
export function tryIdentOrType(p: Parser): Node | undefined {
  p.enter();
  let t: Node | undefined;
  switch (p.tok()) {
    case 'IDENT': {
      const name = parseTypeName(p);
      t = p.tok() === '[' ? parseTypeInstance(p, name) : name;
      break;
    }
    case '[': {
      const lbrack = p.expect('[');
      t = parseArrayType(p, lbrack);
      break;
    }
    case 'struct':
      t = parseStructType(p);
      break;
    case '*': {
      const pos = p.expect('*');
      const x = parseType(p);
      t = { k: 'Star', x, pos, end: p.idx };
      break;
    }
    case 'func':
      t = parseFuncType(p);
      break;
    case 'interface':
      t = parseInterfaceType(p);
      break;
    case 'map': {
      const pos = p.expect('map');
      p.expect('[');
      const key = parseType(p);
      p.expect(']');
      const value = parseType(p);
      t = { k: 'MapType', key, value, pos, end: p.idx };
      break;
    }
    case 'chan':
    case '<-':
      t = parseChanType(p);
      break;
    case '(': {
      const pos = p.idx;
      p.next();
      const x = parseType(p);
      p.expect(')');
      t = { k: 'Paren', x, pos, end: p.idx };
      break;
    }
  }
  p.leave();
  return t;
}

