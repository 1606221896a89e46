import type { Diagnostic, Position } from '../model/diagnostics.js';
import type { GoBasicName, GoType } from '../model/go-types.js';
import { GO_BASIC_NAMES } from '../model/go-types.js';
import type { Directive, ExportedFunc, GoFile, GoParam, TypeDecl } from '../model/ir.js';
import type { Comment } from './lexer.js';
import { lex, stringValue } from './lexer.js';
import { signatureText } from './signature-text.js';
import type { Field, Node } from './syntax/ast.js';
import type { FuncDeclSyntax } from './syntax/decls.js';
import { parseSourceFile } from './syntax/decls.js';
import type { Parser } from './syntax/parser.js';

export interface ParseFileResult {
  readonly file: GoFile;
  readonly diagnostics: readonly Diagnostic[];
}

/** The text of a comment group as cgo reads a preamble (cmd/cgo's commentText): `//` lines end with a newline. */
function commentText(group: readonly Comment[]): string {
  return group.map((c) => (c.text.startsWith('//') ? `${c.text.slice(2)}\n` : c.text.slice(2, -2))).join('');
}

function uncomment(c: Comment): string[] {
  if (c.text.startsWith('//')) return [c.text.slice(2)];
  return c.text.slice(2, c.text.endsWith('*/') ? -2 : undefined).split('\n');
}

/** The IR's view of a type expression. Only type syntax reaches here in a file that parsed. */
function toGoType(p: Parser, n: Node): GoType {
  const pos = p.position(n.pos);
  switch (n.k) {
    case 'Ident':
      if (n.name === 'byte') return { kind: 'basic', name: 'uint8', pos };
      if (n.name === 'rune') return { kind: 'basic', name: 'int32', pos };
      if (GO_BASIC_NAMES.has(n.name)) return { kind: 'basic', name: n.name as GoBasicName, pos };
      return { kind: 'named', name: n.name, typeArgs: [], pos };
    case 'Selector':
      if (n.x.k === 'Ident') return { kind: 'qualified', pkg: n.x.name, name: n.sel, pos };
      break;
    case 'Index':
      if (n.x.k === 'Ident') return { kind: 'named', name: n.x.name, typeArgs: n.indices.map((t) => toGoType(p, t)), pos };
      // `pkg.G[T]`: a generic type from another package, which no export can use; the mapper names it.
      if (n.x.k === 'Selector' && n.x.x.k === 'Ident') return { kind: 'qualified', pkg: n.x.x.name, name: `${n.x.sel}[...]`, pos };
      break;
    case 'Star':
      return { kind: 'pointer', elem: toGoType(p, n.x), pos };
    case 'Paren':
      return toGoType(p, n.x);
    case 'ArrayType':
      if (!n.len) return { kind: 'slice', elem: toGoType(p, n.elt), pos };
      return { kind: 'array', length: n.len.k === 'Ellipsis' ? '...' : p.text(n.len.pos, n.len.end), elem: toGoType(p, n.elt), pos };
    case 'MapType':
      return { kind: 'map', key: toGoType(p, n.key), value: toGoType(p, n.value), pos };
    case 'ChanType':
      return { kind: 'chan', dir: n.dir, elem: toGoType(p, n.value), pos };
    case 'InterfaceType':
      return { kind: 'interface', empty: n.elements === 0, pos };
    case 'StructType':
      return { kind: 'struct', empty: n.fields === 0, pos };
    case 'FuncType':
      return { kind: 'func', pos };
    case 'Ellipsis':
      if (n.elt) return { kind: 'variadic', elem: toGoType(p, n.elt), pos };
      break;
  }
  // A type parameter constraint or another expression: named by its text, which the mapper rejects.
  return { kind: 'named', name: p.text(n.pos, n.end), typeArgs: [], pos };
}

function toParams(p: Parser, fields: readonly Field[]): GoParam[] {
  return fields.map((f) => ({ name: f.name?.name, type: toGoType(p, f.type), pos: p.position(f.name?.pos ?? f.type.pos) }));
}

/**
 * The doc comment split as gen-bindings reads it: the first `//export NAME` (cgo takes only the first),
 * `//bindings:` directives, and the remaining lines as documentation.
 */
function readDoc(file: string, group: readonly Comment[]): { doc: string[]; exportOf: { name: string; pos: Position } | undefined; directives: Directive[] } {
  const doc: string[] = [];
  let exportOf: { name: string; pos: Position } | undefined;
  const directives: Directive[] = [];
  for (const c of group) {
    const cpos: Position = { file, line: c.line, column: c.column };
    // cgo's rule (cmd/cgo/ast.go): a line comment that starts exactly with "//export ".
    if (c.text.startsWith('//export ')) {
      exportOf ??= { name: c.text.slice('//export '.length).trim(), pos: cpos };
      continue;
    }
    const directive = /^\/\/bindings:(\S+)[ \t]*(.*)$/.exec(c.text);
    if (directive) {
      directives.push({ name: directive[1]!, args: directive[2]!.split(/\s+/).filter(Boolean), pos: cpos });
      continue;
    }
    if (/^\/\/(go|line|extern|export)\b/.test(c.text) && !c.text.startsWith('// ')) continue;
    for (const l of uncomment(c)) doc.push(l.startsWith(' ') ? l.slice(1) : l);
  }
  while (doc.length && doc[doc.length - 1]!.trim() === '') doc.pop();
  return { doc, exportOf, directives };
}

function toExport(p: Parser, f: FuncDeclSyntax, inCgoFile: boolean, imports: ReadonlyMap<string, string>): ExportedFunc | undefined {
  if (!f.doc) return undefined;
  const { doc, exportOf, directives } = readDoc(p.file, f.doc);
  // `//bindings:export` without `//export`: a plain Go function that only the glue exports.
  const plainDirective = exportOf ? undefined : directives.find((d) => d.name === 'export');
  const marked = exportOf ?? (plainDirective && { name: f.name, pos: plainDirective.pos });
  if (!marked) return undefined;
  const signature = signatureText(p.tokens, f.pos, f.signatureEnd);
  const params = toParams(p, f.params);
  const first = params[0]?.type;
  const context = first?.kind === 'qualified' && first.name === 'Context' && imports.get(first.pkg) === 'context';
  return {
    name: f.name, exportName: marked.name, exportPos: marked.pos, pos: p.position(f.namePos), doc,
    directives: plainDirective ? directives.filter((d) => d !== plainDirective) : directives, signature,
    params, results: toParams(p, f.results),
    receiver: f.recv === undefined ? undefined : p.position(f.recv),
    typeParams: f.typeParams === undefined ? undefined : p.position(f.typeParams),
    inCgoFile,
    ...(plainDirective ? { plain: { context } } : {}),
  };
}

/** Keeps the first diagnostic of each line, as go/parser does, in source order. */
function firstPerLine(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const sorted = [...diagnostics].sort((a, b) => (a.pos?.line ?? 0) - (b.pos?.line ?? 0) || (a.pos?.column ?? 0) - (b.pos?.column ?? 0));
  return sorted.filter((d, i) => i === 0 || d.pos?.line !== sorted[i - 1]!.pos?.line);
}

/**
 * Parses one Go source file with go/parser's grammar (the whole file, function bodies included, so that
 * it accepts and rejects what `go build` does) and returns what gen-bindings needs: the package clause,
 * imports and the `import "C"` preamble, type declarations and the functions cgo exports.
 * Never throws on bad input; the first syntax error becomes a diagnostic.
 */
export function parseGoFile(src: string, path: string): ParseFileResult {
  const lexed = lex(src, path);
  const { syntax, parser: p } = parseSourceFile(lexed, src, path);
  const imports = new Map<string, string>();
  let importsC = false;
  let preamble = '';
  let preambleLine = 0;
  for (const imp of syntax.imports) {
    const importPath = stringValue(imp.path);
    if (importPath === 'C') {
      importsC = true;
      if (imp.doc) {
        preamble = commentText(imp.doc);
        preambleLine = imp.doc[0]!.line;
      }
    }
    imports.set(imp.name ?? importPath.split('/').pop()!, importPath);
  }
  const types: TypeDecl[] = syntax.types.map((t) => ({
    name: t.name, type: toGoType(p, t.type), alias: t.alias, typeParams: t.typeParams, pos: p.position(t.namePos), inCgoFile: importsC,
  }));
  const exports = syntax.funcs.flatMap((f) => toExport(p, f, importsC, imports) ?? []);
  return {
    file: {
      path,
      packageName: syntax.packageName ?? '',
      packagePos: syntax.packageName === undefined ? undefined : p.position(syntax.packagePos),
      packageNamePos: syntax.packageName === undefined ? undefined : p.position(syntax.packageNamePos),
      importsC, preamble, preambleLine, imports, exports, types,
    },
    diagnostics: firstPerLine([...lexed.diagnostics, ...p.diagnostics]),
  };
}
