import type { Position } from './diagnostics.js';
import type { GoType } from './go-types.js';

export interface GoParam {
  /** Undefined for an unnamed parameter; `_` is kept as written. */
  readonly name: string | undefined;
  readonly type: GoType;
  readonly pos: Position;
}

/** A `//bindings:NAME args` line in a doc comment: a gen-bindings directive (Go treats it as a comment). */
export interface Directive {
  readonly name: string;
  readonly args: readonly string[];
  readonly pos: Position;
}

/** A top-level function whose doc comment holds `//export NAME`, or `//bindings:export`. */
export interface ExportedFunc {
  /** The Go function name. */
  readonly name: string;
  /** The name after `//export`, which cgo requires to equal `name`. */
  readonly exportName: string;
  readonly exportPos: Position;
  /** Position of the function name. */
  readonly pos: Position;
  /** Doc comment lines without the comment markers, `//export` and directives; blank lines kept. */
  readonly doc: readonly string[];
  readonly directives: readonly Directive[];
  /** The declaration from `func` to the body, whitespace collapsed: `func add(a, b int) int`. */
  readonly signature: string;
  readonly params: readonly GoParam[];
  readonly results: readonly GoParam[];
  /** Set when the declaration is a method; cgo-exported methods are rejected. */
  readonly receiver: Position | undefined;
  /** Set when the function has type parameters. */
  readonly typeParams: Position | undefined;
  /** Whether the declaring file imports "C"; cgo ignores `//export` elsewhere. */
  readonly inCgoFile: boolean;
  /**
   * Set for `//bindings:export` (without `//export`): a plain Go function that cgo does not export,
   * which the glue wraps (go/glue.ts). `context`: its first parameter is a `context.Context`.
   */
  readonly plain?: { readonly context: boolean };
}

/** `//bindings:skip` (or `--directive NAME:skip`): the export is left out of the module, unchecked. */
export function isSkipped(f: ExportedFunc): boolean {
  return f.directives.some((d) => d.name === 'skip');
}

/**
 * The names `//bindings:free` gives on exports that are not skipped, with no export of that name:
 * C functions of the preamble (or of a header it includes), which the C front end must read.
 */
export function freeFunctionsInC(pkg: GoPackage): Set<string> {
  const exported = new Set(pkg.exports.map((e) => e.name));
  const names = new Set<string>();
  for (const e of pkg.exports) {
    if (isSkipped(e)) continue;
    for (const d of e.directives) if (d.name === 'free' && d.args.length === 1 && !exported.has(d.args[0]!)) names.add(d.args[0]!);
  }
  return names;
}

export interface TypeDecl {
  readonly name: string;
  readonly type: GoType;
  /** `type A = B` */
  readonly alias: boolean;
  /** Set when the declaration has type parameters. */
  readonly typeParams: boolean;
  readonly pos: Position;
  /** Whether the declaring file imports "C": cgo only sees types declared in such files. */
  readonly inCgoFile: boolean;
}

/** A `typedef` found in an `import "C"` preamble, resolved as far as the preamble allows. */
export interface CTypedef {
  readonly name: string;
  /** The C type it names, as written (`int32_t`, `unsigned long`, `struct point`). */
  readonly target: string;
}

export interface GoFile {
  readonly path: string;
  readonly packageName: string;
  /** Position of the `package` keyword. */
  readonly packagePos: Position | undefined;
  /** Position of the package's name (`main` in `package main`). */
  readonly packageNamePos: Position | undefined;
  readonly importsC: boolean;
  /** The comment before `import "C"`, markers removed, as cgo reads it. */
  readonly preamble: string;
  /** The line where the preamble's text starts (from 1); 0 when there is none. */
  readonly preambleLine: number;
  /** Local import name → import path (`unsafe` → `unsafe`). */
  readonly imports: ReadonlyMap<string, string>;
  readonly exports: readonly ExportedFunc[];
  readonly types: readonly TypeDecl[];
}

export interface GoPackage {
  readonly name: string;
  readonly files: readonly GoFile[];
  /** Every export of every file, in file order then source order. */
  readonly exports: readonly ExportedFunc[];
  readonly types: ReadonlyMap<string, TypeDecl>;
  readonly cTypedefs: ReadonlyMap<string, CTypedef>;
  /** Names of `struct X`, `union X`, `enum X` declared in preambles (`struct_X` etc.). */
  readonly cTags: ReadonlySet<string>;
  /** Whether any file failed to parse, so that missing exports may be a consequence. */
  readonly hasSyntaxErrors: boolean;
}
