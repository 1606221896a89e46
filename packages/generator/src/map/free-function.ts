// `//bindings:free NAME`: what frees an export's `*C.char` results instead of libc `free`. NAME is
// an export of the package, or a C function the preamble declares (directly or through an #include),
// such as `sqlite3_free`, which the generated module looks up in the loaded library.
import type { CDeclarations, CFunctionDecl, CType } from '../model/c-decls.js';
import type { Diagnostic, Position } from '../model/diagnostics.js';
import { error } from '../model/diagnostics.js';
import type { Directive, GoPackage } from '../model/ir.js';
import { MAX_TYPE_DEPTH } from './limits.js';

/** What frees the `*C.char` results of an export. */
export type FreeFunction =
  /** An export of the package, `func NAME(p *C.char)`, which the module declares anyway. */
  | { readonly kind: 'export'; readonly name: string }
  /**
   * A C function `void NAME(T *p)` of the preamble or a header it includes. The library must have a
   * symbol for it: defined in a .c file of the package, or in a C library the Go library links
   * dynamically (dlsym on the library finds the symbols of the libraries it depends on).
   */
  | { readonly kind: 'c'; readonly name: string };

/** Follows typedefs (`typedef void *handle_t;`) to the type they name; undefined for an undeclared one. */
function resolveTypedefs(t: CType, decls: CDeclarations): CType | undefined {
  let cur: CType | undefined = t;
  for (let depth = 0; cur?.k === 'typedef'; depth++) {
    if (depth > MAX_TYPE_DEPTH) return undefined;
    cur = decls.typedefs.get(cur.name)?.type;
  }
  return cur;
}

/** Whether `fn` takes one pointer and returns nothing: what a free function of C strings must be. */
function takesOnePointer(fn: CFunctionDecl, decls: CDeclarations): boolean {
  const { params, result, variadic } = fn.type;
  const param = params.length === 1 && !variadic ? resolveTypedefs(params[0]!.type, decls) : undefined;
  const ret = resolveTypedefs(result, decls);
  // A parameter declared as an array (`char p[]`) is a pointer (C11 6.7.6.3).
  return (param?.k === 'pointer' || param?.k === 'array') && ret?.k === 'prim' && ret.name === 'void';
}

function where(pos: Position): string {
  return pos.line ? `${pos.file}:${pos.line}` : pos.file;
}

/**
 * Resolves the `//bindings:free` directive `d` of an export: to the function it names, or to a
 * diagnostic at the directive saying what to write instead.
 */
export function resolveFreeFunction(d: Directive, pkg: GoPackage, decls: CDeclarations | undefined): { free: FreeFunction } | { diagnostic: Diagnostic } {
  const target = d.args[0];
  if (d.args.length !== 1 || target === undefined) {
    return { diagnostic: error('bad-directive', '//bindings:free takes the name of one function that frees a pointer, an export of this package or a C function of the preamble; write //bindings:free FreeString', d.pos) };
  }
  const exported = pkg.exports.find((e) => e.name === target);
  if (exported) {
    if (exported.params.length !== 1 || exported.results.length !== 0) {
      return { diagnostic: error('bad-directive', `//bindings:free names ${target}, which must take exactly one pointer and return nothing`, d.pos) };
    }
    return { free: { kind: 'export', name: target } };
  }
  const fn = decls?.functions.get(target);
  if (!fn) {
    return {
      diagnostic: error(
        'bad-directive',
        `//bindings:free names ${target}, which is neither an export of this package nor a C function declared by the preamble or a header it includes; export func ${target}(p *C.char), declare the C function in the preamble (void ${target}(void *p);), or remove the directive to use libc free`,
        d.pos,
      ),
    };
  }
  if (fn.isStatic) {
    return {
      diagnostic: error(
        'bad-directive',
        `//bindings:free names the C function ${target} (${where(fn.pos)}), which is static, so the library has no symbol the module could call; define it in a .c file of the package and declare it in the preamble, or free with an exported Go function`,
        d.pos,
      ),
    };
  }
  if (!takesOnePointer(fn, decls!)) {
    return { diagnostic: error('bad-directive', `//bindings:free names the C function ${target} (${where(fn.pos)}), which must take one pointer and return void, like void ${target}(void *p)`, d.pos) };
  }
  return { free: { kind: 'c', name: target } };
}
