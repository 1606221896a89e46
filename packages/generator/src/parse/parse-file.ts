import type { Diagnostic, Position } from '../model/diagnostics.js';
import { error } from '../model/diagnostics.js';
import type { GoBasicName, GoType } from '../model/go-types.js';
import { GO_BASIC_NAMES } from '../model/go-types.js';
import type { Directive, ExportedFunc, GoFile, GoParam, TypeDecl } from '../model/ir.js';
import type { Comment, Token } from './lexer.js';
import { lex, stringValue } from './lexer.js';

export interface ParseFileResult {
  readonly file: GoFile;
  readonly diagnostics: readonly Diagnostic[];
}

/** Thrown inside the parser to abandon a declaration; caught at the top level, which resynchronizes. */
class SyntaxAbort extends Error {}

const DECL_KEYWORDS = new Set(['func', 'type', 'var', 'const', 'import']);

function describe(t: Token): string {
  if (t.kind === 'eof') return 'end of file';
  if (t.kind === ';') return t.text === '\n' ? 'newline' : "';'";
  return `'${t.text}'`;
}

function uncomment(c: Comment): string[] {
  if (c.text.startsWith('//')) return [c.text.slice(2)];
  return c.text.slice(2, c.text.endsWith('*/') ? -2 : undefined).split('\n');
}

/**
 * Parses one Go source file into the parts gen-bindings needs: package clause, imports and the
 * `import "C"` preamble, type declarations and the functions with an `//export` directive.
 * Function bodies are skipped by brace matching. Never throws; problems become diagnostics.
 */
export function parseGoFile(src: string, path: string): ParseFileResult {
  const { tokens, comments, diagnostics: lexDiagnostics } = lex(src, path);
  const diagnostics: Diagnostic[] = [...lexDiagnostics];
  let idx = 0;
  const commentByEndLine = new Map<number, number>();
  comments.forEach((c, i) => commentByEndLine.set(c.endLine, i));
  // Offset of the first token (not an inserted ';') on each line, so that telling a trailing comment
  // from a doc comment is a lookup rather than a scan of every token (which made parsing quadratic).
  const firstTokenOnLine = new Map<number, number>();
  for (const t of tokens) if (t.kind !== ';' && !firstTokenOnLine.has(t.line)) firstTokenOnLine.set(t.line, t.offset);

  const peek = (k = 0): Token => tokens[Math.min(idx + k, tokens.length - 1)]!;
  const next = (): Token => tokens[Math.min(idx++, tokens.length - 1)]!;
  const posOf = (t: Token): Position => ({ file: path, line: t.line, column: t.column });
  const is = (text: string, k = 0): boolean => {
    const t = peek(k);
    return (t.kind === 'op' || t.kind === 'keyword' || t.kind === ';') && t.text === text;
  };
  const fail = (expected: string, t: Token = peek()): never => {
    diagnostics.push(error('syntax', `syntax error: expected ${expected}, found ${describe(t)}; fix the Go source (go build reports the same line)`, posOf(t)));
    throw new SyntaxAbort();
  };
  const expectOp = (text: string): Token => (is(text) ? next() : fail(`'${text}'`));
  const expectIdent = (): Token => (peek().kind === 'ident' ? next() : fail('name'));
  const skipSemis = (): void => {
    while (peek().kind === ';') next();
  };
  const endDecl = (): void => {
    if (peek().kind === ';') next();
    else if (peek().kind !== 'eof') fail("newline or ';' after the declaration");
  };

  /** Skips a balanced bracket group starting at the current opening token; returns the closing token. */
  const skipGroup = (): Token => {
    const open = next();
    const close = open.text === '(' ? ')' : open.text === '[' ? ']' : '}';
    let depth = 1;
    for (;;) {
      const t = next();
      if (t.kind === 'eof') {
        diagnostics.push(error('syntax', `syntax error: '${open.text}' is never closed; add the matching '${close}'`, posOf(open)));
        throw new SyntaxAbort();
      }
      if (t.kind !== 'op') continue;
      if (t.text === '(' || t.text === '[' || t.text === '{') depth++;
      else if (t.text === ')' || t.text === ']' || t.text === '}') depth--;
      if (depth === 0) return t;
    }
  };

  /** The comment group ending on the line before `line`, as Go's doc comment rule defines it. */
  const docBefore = (line: number): Comment[] => {
    // A comment that trails code on its line ends a doc group: Go does not take it, or anything above it, as a doc comment.
    const trailsCode = (c: Comment): boolean => (firstTokenOnLine.get(c.line) ?? Infinity) < c.offset;
    const group: Comment[] = [];
    let at = commentByEndLine.get(line - 1);
    while (at !== undefined && !trailsCode(comments[at]!)) {
      const c = comments[at]!;
      group.unshift(c);
      const prev = comments[at - 1];
      at = prev && prev.endLine >= c.line - 1 ? at - 1 : undefined;
    }
    return group;
  };

  const identType = (t: Token): GoType =>
    t.text === 'byte'
      ? { kind: 'basic', name: 'uint8', pos: posOf(t) }
      : t.text === 'rune'
        ? { kind: 'basic', name: 'int32', pos: posOf(t) }
        : GO_BASIC_NAMES.has(t.text)
          ? { kind: 'basic', name: t.text as GoBasicName, pos: posOf(t) }
          : { kind: 'named', name: t.text, typeArgs: [], pos: posOf(t) };

  const parseTypeArgs = (): GoType[] => {
    const args: GoType[] = [];
    expectOp('[');
    while (!is(']')) {
      args.push(parseType());
      if (!is(',')) break;
      next();
    }
    expectOp(']');
    return args;
  };

  const parseType = (): GoType => {
    const t = peek();
    const pos = posOf(t);
    if (t.kind === 'ident') {
      next();
      if (is('.')) {
        next();
        const name = expectIdent();
        return { kind: 'qualified', pkg: t.text, name: name.text, pos };
      }
      const base = identType(t);
      if (is('[') && base.kind === 'named') return { ...base, typeArgs: parseTypeArgs() };
      return base;
    }
    if (t.kind === 'op') {
      switch (t.text) {
        case '*':
          next();
          return { kind: 'pointer', elem: parseType(), pos };
        case '(': {
          next();
          const inner = parseType();
          expectOp(')');
          return inner;
        }
        case '[': {
          next();
          if (is(']')) {
            next();
            return { kind: 'slice', elem: parseType(), pos };
          }
          const start = peek().offset;
          let depth = 0;
          while (!(depth === 0 && is(']'))) {
            const u = next();
            if (u.kind === 'eof') fail("']'", u);
            if (u.text === '[' || u.text === '(') depth++;
            if (u.text === ']' || u.text === ')') depth--;
          }
          const length = src.slice(start, peek().offset).trim();
          next();
          return { kind: 'array', length, elem: parseType(), pos };
        }
        case '<-':
          next();
          if (!is('chan')) fail("'chan'");
          next();
          return { kind: 'chan', dir: 'recv', elem: parseType(), pos };
        case '...':
          next();
          return { kind: 'variadic', elem: parseType(), pos };
      }
    }
    if (t.kind === 'keyword') {
      switch (t.text) {
        case 'map': {
          next();
          expectOp('[');
          const key = parseType();
          expectOp(']');
          return { kind: 'map', key, value: parseType(), pos };
        }
        case 'chan': {
          next();
          let dir: 'both' | 'send' = 'both';
          if (is('<-')) {
            next();
            dir = 'send';
          }
          return { kind: 'chan', dir, elem: parseType(), pos };
        }
        case 'func':
          next();
          parseSignature();
          return { kind: 'func', pos };
        case 'struct':
        case 'interface': {
          next();
          if (!is('{')) fail("'{'");
          const open = peek();
          const close = skipGroup();
          const empty = close.offset === open.offset + 1 || src.slice(open.offset + 1, close.offset).trim() === '';
          return t.text === 'struct' ? { kind: 'struct', empty, pos } : { kind: 'interface', empty, pos };
        }
      }
    }
    return fail('type', t);
  };

  /** A parameter or result list in parentheses, with Go's grouping rule (`a, b int`). */
  const parseParams = (): GoParam[] => {
    expectOp('(');
    type Item = { ident?: Token; type?: GoType; pos: Position };
    const items: Item[] = [];
    while (!is(')')) {
      const t = peek();
      if (t.kind === 'ident') {
        const after = peek(1);
        const afterText = after.kind === 'op' ? after.text : after.kind;
        if (afterText === ',' || afterText === ')') {
          next();
          items.push({ ident: t, pos: posOf(t) });
        } else if (afterText === '.') {
          items.push({ type: parseType(), pos: posOf(t) });
        } else if (afterText === '[' && !(peek(2).kind === 'op' && peek(2).text === ']')) {
          // `name [N]T` (named array) or `Generic[T]` (unnamed instantiated type): look past the brackets.
          const save = idx;
          next();
          skipGroup();
          const following = peek();
          idx = save;
          if (following.kind === 'op' && (following.text === ',' || following.text === ')')) {
            items.push({ type: parseType(), pos: posOf(t) });
          } else {
            next();
            items.push({ ident: t, type: parseType(), pos: posOf(t) });
          }
        } else {
          next();
          items.push({ ident: t, type: parseType(), pos: posOf(t) });
        }
      } else {
        items.push({ type: parseType(), pos: posOf(t) });
      }
      if (!is(',')) break;
      next();
      skipSemis();
    }
    expectOp(')');
    const named = items.some((it) => it.ident && it.type);
    if (!named) {
      return items.map((it) => ({ name: undefined, type: it.type ?? identType(it.ident!), pos: it.pos }));
    }
    const params: GoParam[] = [];
    let pending: Item[] = [];
    for (const it of items) {
      if (it.ident && !it.type) {
        pending.push(it);
        continue;
      }
      if (!it.ident) {
        diagnostics.push(error('syntax', 'syntax error: mixed named and unnamed parameters; name every parameter or none', it.pos));
        throw new SyntaxAbort();
      }
      for (const p of pending) params.push({ name: p.ident!.text, type: it.type!, pos: p.pos });
      pending = [];
      params.push({ name: it.ident.text, type: it.type!, pos: it.pos });
    }
    if (pending.length) {
      diagnostics.push(error('syntax', 'syntax error: mixed named and unnamed parameters; name every parameter or none', pending[0]!.pos));
      throw new SyntaxAbort();
    }
    return params;
  };

  const parseSignature = (): { params: GoParam[]; results: GoParam[] } => {
    const params = parseParams();
    let results: GoParam[] = [];
    if (is('(')) results = parseParams();
    else if (!is('{') && peek().kind !== ';' && !is(')') && !is(',') && !is(']') && !is('}') && peek().kind !== 'eof' && !is('=')) {
      const t = peek();
      results = [{ name: undefined, type: parseType(), pos: posOf(t) }];
    }
    return { params, results };
  };

  // ---- file structure ----
  let packageName = '';
  let packagePos: Position | undefined;
  let importsC = false;
  let preamble = '';
  const imports = new Map<string, string>();
  const exports: ExportedFunc[] = [];
  const types: TypeDecl[] = [];

  const readDoc = (line: number): { doc: string[]; exportsOf: { name: string; pos: Position }[]; directives: Directive[] } => {
    const doc: string[] = [];
    const exportsOf: { name: string; pos: Position }[] = [];
    const directives: Directive[] = [];
    for (const c of docBefore(line)) {
      const cpos: Position = { file: path, line: c.line, column: c.column };
      // cgo's rule (ast.go): a line comment that starts exactly with "//export ".
      if (c.text.startsWith('//export ')) {
        exportsOf.push({ name: c.text.slice('//export '.length).trim(), pos: cpos });
        continue;
      }
      const directive = /^\/\/bindings:(\S+)\s*(.*)$/.exec(c.text);
      if (directive) {
        directives.push({ name: directive[1]!, args: directive[2]!.split(/\s+/).filter(Boolean), pos: cpos });
        continue;
      }
      if (/^\/\/(go|line|extern|export)\b/.test(c.text) && !c.text.startsWith('// ')) continue;
      for (const l of uncomment(c)) doc.push(l.startsWith(' ') ? l.slice(1) : l);
    }
    while (doc.length && doc[doc.length - 1]!.trim() === '') doc.pop();
    return { doc, exportsOf, directives };
  };

  /** `fallbackLine`: the `import` keyword's line, whose doc cgo takes for a lone spec without one (cmd/cgo/ast.go). */
  /** Number of specs in the import group starting at the current token (just after its `(`). */
  const countSpecs = (): number => {
    let n = 0;
    for (let i = idx; i < tokens.length && !(tokens[i]!.kind === 'op' && tokens[i]!.text === ')'); i++) if (tokens[i]!.kind === 'string') n++;
    return n;
  };

  const parseImportSpec = (docLine: number, fallbackLine?: number): void => {
    let local: string | undefined;
    if (peek().kind === 'ident' || is('.')) local = next().text;
    const t = peek();
    if (t.kind !== 'string') fail('import path');
    next();
    const importPath = stringValue(t);
    if (importPath === 'C') {
      importsC = true;
      const doc = docBefore(docLine);
      preamble = (doc.length || fallbackLine === undefined ? doc : docBefore(fallbackLine)).flatMap(uncomment).join('\n');
    }
    imports.set(local ?? importPath.split('/').pop()!, importPath);
  };

  const parseFunc = (): void => {
    const funcTok = next();
    const { doc, exportsOf, directives } = readDoc(funcTok.line);
    let receiver: Position | undefined;
    if (is('(')) {
      receiver = posOf(peek());
      skipGroup();
    }
    const nameTok = expectIdent();
    let typeParams: Position | undefined;
    if (is('[')) {
      typeParams = posOf(peek());
      skipGroup();
    }
    const { params, results } = parseSignature();
    const signature = src.slice(funcTok.offset, peek().offset).replace(/\s+/g, ' ').trim();
    if (is('{')) skipGroup();
    endDecl();
    for (const e of exportsOf) {
      exports.push({
        name: nameTok.text, exportName: e.name, exportPos: e.pos, pos: posOf(nameTok), doc, directives, signature,
        params, results, receiver, typeParams, inCgoFile: importsC,
      });
    }
  };

  const parseTypeSpec = (): void => {
    const nameTok = expectIdent();
    let typeParams = false;
    if (is('[')) {
      const second = peek(2);
      const generic = peek(1).kind === 'ident' && !(second.kind === 'op' && ']*+-/%.'.includes(second.text) && second.text !== '[');
      if (generic) {
        typeParams = true;
        skipGroup();
      }
    }
    let alias = false;
    if (is('=')) {
      next();
      alias = true;
    }
    types.push({ name: nameTok.text, type: parseType(), alias, typeParams, pos: posOf(nameTok), inCgoFile: importsC });
  };

  const group = (each: () => void): void => {
    if (is('(')) {
      next();
      skipSemis();
      while (!is(')')) {
        each();
        if (!is(')')) endDecl();
        skipSemis();
      }
      next();
    } else each();
    endDecl();
  };

  const skipValueDecl = (): void => {
    next();
    if (is('(')) {
      skipGroup();
    } else {
      while (peek().kind !== ';' && peek().kind !== 'eof') {
        if (is('(') || is('[') || is('{')) skipGroup();
        else next();
      }
    }
    endDecl();
  };

  const recover = (): void => {
    // Resynchronize at the next top-level declaration keyword that starts a line.
    while (peek().kind !== 'eof') {
      const t = next();
      const n = peek();
      if (t.kind === ';' && n.kind === 'keyword' && DECL_KEYWORDS.has(n.text) && n.column === 1) return;
    }
  };

  try {
    skipSemis();
    if (!is('package')) fail("'package' clause");
    packagePos = posOf(next());
    packageName = expectIdent().text;
    endDecl();
  } catch (e) {
    if (!(e instanceof SyntaxAbort)) throw e;
    recover();
  }
  skipSemis();
  while (peek().kind !== 'eof') {
    const t = peek();
    try {
      if (t.kind === 'keyword' && t.text === 'import') {
        next();
        if (is('(')) {
          next();
          skipSemis();
          const lone = countSpecs() === 1;
          while (!is(')')) {
            parseImportSpec(peek().line, lone ? t.line : undefined);
            if (!is(')')) endDecl();
            skipSemis();
          }
          next();
          endDecl();
        } else {
          parseImportSpec(t.line);
          endDecl();
        }
      } else if (t.kind === 'keyword' && t.text === 'func') {
        parseFunc();
      } else if (t.kind === 'keyword' && t.text === 'type') {
        next();
        group(parseTypeSpec);
      } else if (t.kind === 'keyword' && (t.text === 'var' || t.text === 'const')) {
        skipValueDecl();
      } else {
        fail("'func', 'type', 'var', 'const' or 'import' at the top level", t);
      }
    } catch (e) {
      if (!(e instanceof SyntaxAbort)) throw e;
      recover();
    }
    skipSemis();
  }

  return {
    file: { path, packageName, packagePos, importsC, preamble, imports, exports, types },
    diagnostics,
  };
}
