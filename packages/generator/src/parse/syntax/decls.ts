// Go's declarations and source file, as go/parser reads them, keeping what the IR needs: imports with
// their doc comments (cgo's preamble), type specs, and function declarations with their doc comments.
import type { Comment, LexResult } from '../lexer.js';
import type { Field, Node } from './ast.js';
import { parseBinaryExpr, parseBody, parseList, parsePrimaryExpr } from './exprs.js';
import { Parser, SyntaxAbort, nestingError } from './parser.js';
import { parseArrayType, parseIdent, parseParameterList, parseParameters, parseType, parseTypeParameters, tryIdentOrType } from './types.js';

export interface ImportSyntax {
  readonly name: string | undefined;
  /** The path literal as written, quotes included. */
  readonly path: string;
  /** The comment cgo reads as the preamble: the spec's doc, or the declaration's for a lone spec. */
  readonly doc: readonly Comment[] | undefined;
}

export interface TypeSpecSyntax {
  readonly name: string;
  readonly namePos: number;
  readonly type: Node;
  readonly alias: boolean;
  readonly typeParams: boolean;
}

export interface FuncDeclSyntax {
  readonly doc: readonly Comment[] | undefined;
  /** Index of the `func` token. */
  readonly pos: number;
  readonly name: string;
  readonly namePos: number;
  /** Index of the receiver's `(`, for methods. */
  readonly recv: number | undefined;
  /** Index of the type parameters' `[`. */
  readonly typeParams: number | undefined;
  readonly params: readonly Field[];
  readonly results: readonly Field[];
  /** Index of the token after the signature (the body's `{` or the `;`). */
  readonly signatureEnd: number;
}

export interface SourceFileSyntax {
  /** Undefined when the file has no valid package clause. */
  readonly packageName: string | undefined;
  readonly packagePos: number;
  /** Token index of the package name. */
  readonly packageNamePos: number;
  readonly imports: readonly ImportSyntax[];
  readonly types: readonly TypeSpecSyntax[];
  readonly funcs: readonly FuncDeclSyntax[];
}

type SpecParser<T> = (p: Parser, doc: readonly Comment[] | undefined, keyword: string) => T;

export function parseGenDecl<T>(p: Parser, spec: SpecParser<T>): { doc: readonly Comment[] | undefined; specs: T[] } {
  const doc = p.leadComment(p.idx);
  const keyword = p.tok();
  p.next();
  const specs: T[] = [];
  if (p.tok() === '(') {
    p.next();
    while (p.tok() !== ')' && p.tok() !== 'EOF') specs.push(spec(p, p.leadComment(p.idx), keyword));
    p.expect(')');
    p.expectSemi();
  } else {
    specs.push(spec(p, undefined, keyword));
  }
  return { doc, specs };
}

function parseImportSpec(p: Parser, doc: readonly Comment[] | undefined): ImportSyntax {
  let name: string | undefined;
  if (p.tok() === 'IDENT') name = parseIdent(p).name;
  else if (p.tok() === '.') {
    name = '.';
    p.next();
  }
  if (p.tok() !== 'STRING') {
    const literal = p.tok() === 'INT' || p.tok() === 'FLOAT' || p.tok() === 'IMAG' || p.tok() === 'CHAR';
    p.error(p.idx, literal ? 'import path must be a string' : 'missing import path');
  }
  const path = p.lit;
  p.next();
  p.expectSemi();
  return { name, path, doc };
}

export function parseValueSpec(p: Parser, _doc: unknown, keyword: string): void {
  parseIdent(p);
  while (p.tok() === ',') {
    p.next();
    parseIdent(p);
  }
  if (keyword === 'const') {
    if (p.tok() !== 'EOF' && p.tok() !== ';' && p.tok() !== ')') {
      tryIdentOrType(p);
      if (p.tok() === '=') {
        p.next();
        parseList(p, true);
      }
    }
  } else {
    if (p.tok() !== '=') parseType(p);
    if (p.tok() === '=') {
      p.next();
      parseList(p, true);
    }
  }
  p.expectSemi();
}

/** Whether `x` can only be a type (so that `[P *T]` declares a type parameter, not an array length). */
function isTypeElem(x: Node): boolean {
  switch (x.k) {
    case 'ArrayType': case 'StructType': case 'FuncType': case 'InterfaceType': case 'MapType': case 'ChanType':
      return true;
    case 'Binary':
      return isTypeElem(x.x) || isTypeElem(x.y);
    case 'Unary':
      return x.op === '~';
    case 'Paren':
      return isTypeElem(x.x);
    default:
      return false;
  }
}

/** Reads `P C` or `P *C | D` (parsed as an expression) as a type parameter name and constraint. */
function extractName(x: Node, force: boolean): { name: (Node & { k: 'Ident' }) | undefined; type: Node | undefined } {
  if (x.k === 'Ident') return { name: x, type: undefined };
  if (x.k === 'Binary' && x.op === '*' && x.x.k === 'Ident' && (force || isTypeElem(x.y))) {
    return { name: x.x, type: { k: 'Star', x: x.y, pos: x.y.pos, end: x.end } };
  }
  if (x.k === 'Binary' && x.op === '|') {
    const inner = extractName(x.x, force || isTypeElem(x.y));
    if (inner.name && inner.type) return { name: inner.name, type: { ...x, x: inner.type } };
  }
  if (x.k === 'Call' && x.fun.k === 'Ident' && x.args.length === 1 && !x.ellipsis && (force || isTypeElem(x.args[0]!))) {
    return { name: x.fun, type: { k: 'Paren', x: x.args[0]!, pos: x.pos, end: x.end } };
  }
  return { name: undefined, type: x };
}

export function parseTypeSpec(p: Parser): TypeSpecSyntax {
  const name = parseIdent(p);
  let type: Node;
  let alias = false;
  let typeParams = false;
  if (p.tok() === '[') {
    // `type A[N]int` (an array) or `type G[P any] ...` (generic): decided as go/parser does.
    const lbrack = p.idx;
    p.next();
    if (p.tok() === 'IDENT') {
      let x: Node = parseIdent(p);
      if (p.tok() !== '[') {
        p.exprLev++;
        x = parseBinaryExpr(p, parsePrimaryExpr(p, x), 1);
        p.exprLev--;
      }
      const { name: pname, type: ptype } = extractName(x, p.tok() === ',');
      if (pname && (ptype || p.tok() !== ']')) {
        parseParameterList(p, ']', false, pname, ptype);
        p.expect(']');
        typeParams = true;
        if (p.tok() === '=') {
          p.next();
          alias = true;
        }
        type = parseType(p);
      } else {
        type = parseArrayType(p, lbrack, x);
      }
    } else {
      type = parseArrayType(p, lbrack);
    }
  } else {
    if (p.tok() === '=') {
      p.next();
      alias = true;
    }
    type = parseType(p);
  }
  p.expectSemi();
  return { name: name.name, namePos: name.pos, type, alias, typeParams };
}

function parseFuncDecl(p: Parser): FuncDeclSyntax {
  const doc = p.leadComment(p.idx);
  const pos = p.expect('func');
  const recv = p.tok() === '(' ? p.idx : undefined;
  if (recv !== undefined) parseParameters(p, false);
  const name = parseIdent(p);
  let typeParams: number | undefined;
  if (p.tok() === '[') {
    typeParams = parseTypeParameters(p).pos;
    if (recv !== undefined) p.error(typeParams, 'method must have no type parameters');
  }
  const params = parseParameters(p, false);
  const results = parseParameters(p, true);
  const signatureEnd = p.idx;
  if (p.tok() === '{') {
    parseBody(p);
    p.expectSemi();
  } else if (p.tok() === ';') {
    p.next();
    if (p.tok() === '{') p.error(p.idx, 'unexpected semicolon or newline before {');
  } else {
    p.expectSemi();
  }
  return { doc, pos, name: name.name, namePos: name.pos, recv, typeParams, params, results, signatureEnd };
}

/**
 * Parses a whole Go source file with go/parser's grammar and checks. Stops at the first syntax error
 * (reported in `diagnostics`), returning what was read before it.
 */
export function parseSourceFile(lexed: LexResult, src: string, file: string): { syntax: SourceFileSyntax; parser: Parser } {
  const p = new Parser(lexed, src, file);
  let packageName: string | undefined;
  let packagePos = 0;
  let packageNamePos = 0;
  const imports: ImportSyntax[] = [];
  const types: TypeSpecSyntax[] = [];
  const funcs: FuncDeclSyntax[] = [];
  const importDecl = (): void => {
    const { doc, specs } = parseGenDecl(p, parseImportSpec);
    for (const s of specs) imports.push({ ...s, doc: s.doc ?? (specs.length === 1 ? doc : undefined) });
  };
  try {
    packagePos = p.expect('package');
    const name = parseIdent(p);
    p.expectSemi();
    packageName = name.name;
    packageNamePos = name.pos;
    while (p.tok() === 'import') importDecl();
    let prev = 'import';
    while (p.tok() !== 'EOF') {
      if (p.tok() === 'import' && prev !== 'import') p.error(p.idx, 'imports must appear before other declarations');
      prev = p.tok();
      switch (p.tok()) {
        case 'import':
          importDecl();
          break;
        case 'const': case 'var':
          parseGenDecl(p, parseValueSpec);
          break;
        case 'type':
          types.push(...parseGenDecl(p, parseTypeSpec).specs);
          break;
        case 'func':
          funcs.push(parseFuncDecl(p));
          break;
        default:
          p.errorExpected(p.idx, 'declaration');
      }
    }
  } catch (e) {
    // A stack overflow below MAX_NESTING (a smaller stack than planned for) is reported the same way.
    if (e instanceof RangeError && /call stack/i.test(e.message)) p.diagnostics.push(nestingError(p));
    else if (!(e instanceof SyntaxAbort)) throw e;
  }
  return { syntax: { packageName, packagePos, packageNamePos, imports, types, funcs }, parser: p };
}
