import type { Diagnostic, Position } from '../model/diagnostics.js';
import { GLUE_PREFIX } from '../model/glue-names.js';
import { error, filePos, hasErrors } from '../model/diagnostics.js';
import { goTypeToString } from '../model/go-types.js';
import type { ExportedFunc, GoPackage, GoParam } from '../model/ir.js';
import { isSkipped } from '../model/ir.js';
import type { AbiField, AbiParam, AbiResult, AbiSignature, AbiType } from './abi.js';
import { isCString } from './abi.js';
import { cNameClash, exportParamName, PREDECLARED_TYPES } from './c-names.js';
import type { FreeFunction } from './free-function.js';
import { resolveFreeFunction } from './free-function.js';
import type { MapContext } from './map-type.js';
import { holdsGoPointer, mapGoType } from './map-type.js';
import { goNameDiagnostic, indexTsNames, tsNameDiagnostics, tsNameOf } from './ts-names.js';

/** One export, mapped to its C signature plus what its doc-comment directives ask of the binding. */
export interface BoundFunc {
  readonly func: ExportedFunc;
  /** The name of the TS function: the Go name, or the one `//bindings:name NAME` gives. */
  readonly tsName: string;
  readonly abi: AbiSignature;
  /** `*C.char` results are freed after decoding unless `//bindings:borrowed`. */
  readonly freeStrings: boolean;
  /** What frees `*C.char` results, from `//bindings:free NAME`; libc `free` when undefined. */
  readonly freeWith: FreeFunction | undefined;
  /** `//bindings:error`: the last result is a `*C.char` message; non-NULL means the call failed. */
  readonly throwsOnError: boolean;
  /**
   * Set for a `//bindings:export` function, which only the glue exports: `context` when its first
   * parameter is a `context.Context` (not in `abi.params`), `error` when its last result is an
   * `error` (not in `abi.result`). Its `string` and `[]byte` results are copied out by the glue.
   */
  readonly plain?: { readonly context: boolean; readonly error: boolean };
}

/** An export the module leaves out. */
export interface SkippedExport {
  readonly func: ExportedFunc;
  /** `directive`: `//bindings:skip`; `unsupported`: it cannot be bound, and `skipUnsupported` turned its errors into warnings. */
  readonly reason: 'directive' | 'unsupported';
}

export interface MapExportsOptions {
  /**
   * Leave out the exports that cannot be bound, each error about one of them turned into a warning,
   * instead of failing (`--skip-unsupported`). Errors about the package stay errors.
   */
  readonly skipUnsupported?: boolean | undefined;
}

export const DIRECTIVES = ['borrowed', 'free', 'error', 'allow-go-pointer-result', 'name', 'skip', 'out', 'keep', 'export'] as const;

/** The directives a `//bindings:export` function takes besides `export`. */
const PLAIN_DIRECTIVES: readonly string[] = ['name', 'skip'];

function resultName(f: ExportedFunc): string {
  return `${f.name}_return`;
}

/** The warning for an error about an export that `skipUnsupported` leaves out. */
function leftOut(f: ExportedFunc, d: Diagnostic): Diagnostic {
  return { ...d, severity: 'warning', message: `${f.name} is left out of the module: ${d.message}` };
}

/**
 * Maps every export of a package; diagnostics cover everything cgo or gen-bindings rejects. Exports
 * with `//bindings:skip`, and with `skipUnsupported` those that cannot be bound, are left out of `funcs`.
 */
export function mapExports(pkg: GoPackage, ctx: MapContext, options: MapExportsOptions = {}): { funcs: BoundFunc[]; skipped: SkippedExport[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const funcs: BoundFunc[] = [];
  const skipped: SkippedExport[] = [];
  const seen = new Map<string, ExportedFunc>();
  const byTsName = indexTsNames(pkg.exports.filter((e) => !isSkipped(e)));
  // An export's own errors: fatal, or with skipUnsupported warnings that leave it out.
  const reject = (f: ExportedFunc, own: readonly Diagnostic[]): void => {
    if (!options.skipUnsupported) {
      diagnostics.push(...own);
      return;
    }
    diagnostics.push(...own.map((d) => (d.severity === 'error' ? leftOut(f, d) : d)));
    skipped.push({ func: f, reason: 'unsupported' });
  };

  const first = pkg.files[0];
  if (pkg.exports.length === 0 && first && !pkg.hasSyntaxErrors) {
    diagnostics.push(error('no-exports', 'no function has an //export directive; put //export NAME on the line before each func to call from TypeScript, in a file that imports "C"', first.packagePos ?? filePos(first.path)));
  }

  for (const decl of pkg.files.filter((file) => file.importsC).flatMap((file) => file.types)) {
    if (PREDECLARED_TYPES.has(decl.name)) {
      diagnostics.push(error('shadowed-type', `type ${decl.name} redeclares Go's predeclared ${decl.name}, which cgo then uses in the header while gen-bindings reads the predeclared type; rename the type`, decl.pos));
    }
  }

  for (const f of pkg.exports) {
    const skip = f.directives.find((d) => d.name === 'skip');
    if (skip) {
      // Nothing else about a skipped export is checked: it may be skipped because it cannot be bound.
      if (skip.args.length) diagnostics.push(error('bad-directive', `//bindings:skip takes no arguments; write //bindings:skip alone on its line`, skip.pos));
      skipped.push({ func: f, reason: 'directive' });
      continue;
    }
    const own: Diagnostic[] = [];
    const bound = f.plain ? mapPlain(f, { pkg, ctx, seen, byTsName }, own) : mapExport(f, { pkg, ctx, seen, byTsName }, own);
    if (bound && !hasErrors(own)) {
      diagnostics.push(...own);
      funcs.push(bound);
    } else {
      reject(f, own);
    }
  }

  // An export that frees with another export needs that one in the module.
  const boundNames = new Set(funcs.map((b) => b.func.name));
  for (const b of [...funcs]) {
    const free = b.freeWith;
    if (free?.kind !== 'export' || boundNames.has(free.name)) continue;
    const target = skipped.find((s) => s.func.name === free.name);
    // Without skipUnsupported, an export that cannot be bound has its own errors already.
    if (!target) continue;
    const pos = b.func.directives.find((d) => d.name === 'free')!.pos;
    const why = target.reason === 'directive' ? `//bindings:skip leaves it out of the module; remove //bindings:skip from ${free.name}` : `it cannot be bound (see above); fix ${free.name}`;
    reject(b.func, [error('bad-directive', `//bindings:free names ${free.name}, but ${why}, or free with another function`, pos)]);
    funcs.splice(funcs.indexOf(b), 1);
  }

  if (pkg.exports.length > 0 && funcs.length === 0 && !hasErrors(diagnostics)) {
    const file = pkg.files.find((x) => x.exports.length > 0) ?? pkg.files[0]!;
    const message = skipped.every((x) => x.reason === 'directive')
      ? 'every export is skipped (//bindings:skip), so nothing is left to bind; remove //bindings:skip from the exports to call from TypeScript'
      : 'every export is left out of the module (see the warnings above), so nothing is left to bind; fix the exports the warnings name';
    diagnostics.push(error('no-exports', message, file.packagePos ?? filePos(file.path)));
  }
  return { funcs, skipped, diagnostics };
}

interface ExportEnv {
  readonly pkg: GoPackage;
  readonly ctx: MapContext;
  /** The exports mapped so far by Go name, for duplicates. */
  readonly seen: Map<string, ExportedFunc>;
  readonly byTsName: ReadonlyMap<string, readonly ExportedFunc[]>;
}

/** The checks `//export` and `//bindings:export` functions share: not a method, not generic, not twice, a usable name. */
function checkFunction(f: ExportedFunc, env: ExportEnv, diagnostics: Diagnostic[]): boolean {
  const { seen, byTsName } = env;
  if (f.receiver) {
    diagnostics.push(error('export-method', `method ${f.name} cannot be exported for TypeScript; export a plain function that takes the receiver as a parameter (or a cgo.Handle to it)`, f.pos));
  }
  const goName = goNameDiagnostic(f);
  if (goName) diagnostics.push(goName);
  if (f.name.startsWith(GLUE_PREFIX)) {
    diagnostics.push(error('export-name', `names that start with ${GLUE_PREFIX} are the glue's (gen-bindings build adds functions so named to the package); rename ${f.name}`, f.exportPos));
  }
  if (f.typeParams) {
    // Its parameters name type parameters, which would only add 'unknown type T' errors.
    diagnostics.push(error('export-generic', `generic function ${f.name} cannot be exported; export one non-generic function per type argument you need`, f.typeParams));
    return false;
  }
  const earlier = seen.get(f.name);
  if (earlier) {
    diagnostics.push(error('duplicate-export', `${f.name} is exported twice (first at ${earlier.pos.file}:${earlier.pos.line}:${earlier.pos.column}); remove one //export`, f.exportPos));
  }
  seen.set(f.name, f);
  if (!goName) diagnostics.push(...tsNameDiagnostics(f, byTsName));
  return true;
}

/**
 * Maps a `//bindings:export` function: a plain Go function the glue exports. Its parameters are
 * mapped as an export's (after a first `context.Context`); a last `error` result is thrown as a
 * GoError, and `string` and `[]byte` results are copied out by the glue, so they may point into Go memory.
 */
function mapPlain(f: ExportedFunc, env: ExportEnv, diagnostics: Diagnostic[]): BoundFunc | undefined {
  if (!checkFunction(f, env, diagnostics)) return undefined;
  for (const d of f.directives) {
    if (d.name === 'export') continue;
    if (!(DIRECTIVES as readonly string[]).includes(d.name)) {
      diagnostics.push(error('unknown-directive', `unknown directive //bindings:${d.name}; a //bindings:export function takes ${PLAIN_DIRECTIVES.map((n) => `//bindings:${n}`).join(' and ')}`, d.pos));
    } else if (!PLAIN_DIRECTIVES.includes(d.name)) {
      diagnostics.push(error('bad-directive', `//bindings:${d.name} is for //export functions; a //bindings:export function takes ${PLAIN_DIRECTIVES.map((n) => `//bindings:${n}`).join(' and ')} (its string and []byte results are copied and freed, and a last error result is thrown)`, d.pos));
    }
  }
  const context = f.plain?.context === true;
  const params: AbiParam[] = [];
  f.params.forEach((p, i) => {
    if (i === 0 && context) return;
    if (p.type.kind === 'qualified' && p.type.name === 'Context') {
      diagnostics.push(error('plain-context', `a context.Context is taken as the first parameter only (the glue makes it; it is not a TypeScript parameter); move ${p.name ?? 'it'} first`, p.type.pos));
      return;
    }
    const mapped = mapParam(p, env.ctx, diagnostics);
    if (mapped) params.push({ cName: exportParamName(p.name, i), goName: p.name, type: mapped });
  });
  const last = f.results[f.results.length - 1];
  const throwsError = last !== undefined && last.type.kind === 'named' && last.type.name === 'error' && last.type.typeArgs.length === 0;
  const visible = throwsError ? f.results.slice(0, -1) : f.results;
  const types: AbiType[] = [];
  for (const r of visible) {
    const t = mapParam(r, env.ctx, diagnostics);
    if (!t) continue;
    const copied = t.kind === 'gostring' || (t.kind === 'goslice' && t.elem?.kind === 'int' && t.elem.bits === 8 && !t.elem.signed);
    if (!copied && holdsGoPointer(t)) {
      const what = goTypeToString(r.type);
      diagnostics.push(error('go-pointer-result', `${/^[aeiou]/.test(what) ? 'an' : 'a'} ${what} result points into Go memory, which JavaScript cannot keep; return a string or a []byte (the glue copies them), numbers, or a value that holds no pointer`, r.pos));
      continue;
    }
    types.push(t);
  }
  if (hasErrors(diagnostics)) return undefined;
  let result: AbiResult;
  if (types.length === 0) result = { kind: 'void' };
  else if (types.length === 1) result = { kind: 'single', type: types[0]! };
  else result = { kind: 'struct', cName: resultName(f), fields: types.map((type, i) => ({ cName: `r${i}`, goName: visible[i]!.name, type })) };
  return {
    func: f,
    tsName: tsNameOf(f),
    abi: { name: f.name, params, result },
    freeStrings: true,
    freeWith: undefined,
    throwsOnError: false,
    plain: { context, error: throwsError },
  };
}

/** Maps one export, adding what is wrong with it to `diagnostics`; undefined when it cannot be bound. */
function mapExport(f: ExportedFunc, env: ExportEnv, diagnostics: Diagnostic[]): BoundFunc | undefined {
  const { pkg, ctx } = env;
  if (f.exportName === '') {
    diagnostics.push(error('export-name', `//export needs a name; write //export ${f.name}`, f.exportPos));
  } else if (f.exportName !== f.name) {
    diagnostics.push(error('export-name', `//export ${f.exportName} is on func ${f.name}, and cgo requires the names to match; write //export ${f.name} or rename the function`, f.exportPos));
  }
  if (!f.inCgoFile) {
    diagnostics.push(error('export-without-cgo', `cgo ignores //export in a file that does not import "C"; add import "C" to ${f.pos.file}`, f.exportPos));
  }
  if (!checkFunction(f, env, diagnostics)) return undefined;

  const blanks = f.params.filter((p) => p.name === '_');
  if (blanks.length > 1) {
    diagnostics.push(error('blank-params', `more than one parameter is named _, which breaks the C wrapper cgo writes ("conflicting types for '_'"); give them names`, blanks[1]!.pos));
  }

  const has = (name: string): { pos: Position; args: readonly string[] } | undefined => f.directives.find((d) => d.name === name);
  for (const d of f.directives) {
    if (!(DIRECTIVES as readonly string[]).includes(d.name)) {
      diagnostics.push(error('unknown-directive', `unknown directive //bindings:${d.name}; use one of ${DIRECTIVES.map((n) => `//bindings:${n}`).join(', ')}`, d.pos));
    } else if (d.name === 'export') {
      diagnostics.push(error('bad-directive', `${f.name} has both //export and //bindings:export; keep //export for a function cgo exports, or //bindings:export alone for a plain Go function the glue exports`, d.pos));
    }
  }

  // `//bindings:out NAME ...` and `//bindings:keep NAME ...` name parameters.
  const named = (directive: string, what: string): Map<string, Position> => {
    const found = new Map<string, Position>();
    for (const d of f.directives.filter((x) => x.name === directive)) {
      if (d.args.length === 0) diagnostics.push(error('bad-directive', `//bindings:${directive} names ${what}; write //bindings:${directive} ${f.params.find((p) => p.name)?.name ?? 'value'}`, d.pos));
      for (const a of d.args) {
        if (!f.params.some((p) => p.name === a)) diagnostics.push(error('bad-directive', `//bindings:${directive} names ${a}, which is not a parameter of ${f.name}; check the spelling`, d.pos));
        found.set(a, d.pos);
      }
    }
    return found;
  };
  const outs = named('out', 'the parameters the function writes into');
  const keeps = named('keep', 'the function-pointer parameters C keeps after the call');
  const params: AbiParam[] = [];
  f.params.forEach((p, i) => {
    const clash = p.name !== undefined ? cNameClash(p.name, pkg) : undefined;
    if (clash) diagnostics.push(error('c-param-name', `parameter ${p.name} is ${clash}, and cgo copies parameter names into C unchanged, which breaks its C build; rename the parameter (for example ${p.name}_)`, p.pos));
    const mapped = mapParam(p, ctx, diagnostics);
    const out = p.name !== undefined ? outs.get(p.name) : undefined;
    if (mapped && out && !(mapped.kind === 'pointer' && mapped.elem && (mapped.elem.kind === 'int' || mapped.elem.kind === 'float'))) {
      diagnostics.push(error('bad-directive', `//bindings:out names ${p.name}, a ${goTypeToString(p.type)}; it takes a pointer to char or to a number (a buffer the function writes into)`, out));
    }
    const keep = p.name !== undefined ? keeps.get(p.name) : undefined;
    if (mapped && keep && !(mapped.kind === 'pointer' && mapped.fn)) {
      diagnostics.push(error('bad-directive', `//bindings:keep names ${p.name}, a ${goTypeToString(p.type)}; it takes a C function-pointer parameter whose signature koffi can describe`, keep));
    }
    if (mapped) params.push({ cName: exportParamName(p.name, i), goName: p.name, type: mapped, ...(out && isCString(mapped) ? { buffer: true as const } : {}), ...(keep ? { keep: true as const } : {}) });
  });
  const resultTypes: (AbiType | undefined)[] = f.results.map((r) => mapParam(r, ctx, diagnostics));
  const allowGoPointers = has('allow-go-pointer-result') !== undefined;
  f.results.forEach((r, i) => {
    const t = resultTypes[i];
    if (t && holdsGoPointer(t) && !allowGoPointers) {
      diagnostics.push(error('go-pointer-result', goPointerResultMessage(r), r.pos));
    }
  });

  const freeDirective = has('free');
  const borrowed = has('borrowed');
  const errorDirective = has('error');
  const cStringResults = resultTypes.filter((t) => t && isCString(t)).length;
  let freeWith: FreeFunction | undefined;
  if (freeDirective) {
    const r = resolveFreeFunction(f.directives.find((d) => d.name === 'free')!, pkg, ctx.c?.decls);
    if ('diagnostic' in r) diagnostics.push(r.diagnostic);
    else freeWith = r.free;
    if (borrowed) diagnostics.push(error('bad-directive', '//bindings:free and //bindings:borrowed contradict each other; keep one', borrowed.pos));
  }
  if ((freeDirective || borrowed) && cStringResults === 0) {
    diagnostics.push(error('bad-directive', `//bindings:${freeDirective ? 'free' : 'borrowed'} applies to *C.char results, and ${f.name} has none; remove it`, (freeDirective ?? borrowed)!.pos));
  }
  if (errorDirective) {
    const last = resultTypes[resultTypes.length - 1];
    if (!last || !isCString(last)) {
      diagnostics.push(error('bad-directive', `//bindings:error needs a last result of type *C.char (an error message or nil); ${f.name} ends with ${f.results.length ? goTypeToString(f.results[f.results.length - 1]!.type) : 'no result'}`, errorDirective.pos));
    }
  }

  if (hasErrors(diagnostics)) return undefined;
  const types = resultTypes as AbiType[];
  let result: AbiResult;
  if (types.length === 0) result = { kind: 'void' };
  else if (types.length === 1) result = { kind: 'single', type: types[0]! };
  else {
    const fields: AbiField[] = types.map((type, i) => ({ cName: `r${i}`, goName: f.results[i]!.name, type }));
    result = { kind: 'struct', cName: resultName(f), fields };
  }
  return {
    func: f,
    tsName: tsNameOf(f),
    abi: { name: f.name, params, result },
    freeStrings: !borrowed,
    freeWith,
    throwsOnError: errorDirective !== undefined,
  };
}

function mapParam(p: GoParam, ctx: MapContext, diagnostics: Diagnostic[]): AbiType | undefined {
  const r = mapGoType(p.type, ctx);
  if (!r.ok) {
    diagnostics.push(r.diagnostic);
    return undefined;
  }
  if (r.type.kind === 'record' && !r.type.layout) {
    const what = goTypeToString(p.type);
    diagnostics.push(error('c-struct-by-value', `${what} passes the C ${r.type.c} by value, and its declaration is incomplete (only a pointer can reach it); pass a pointer *${what}`, p.type.pos));
    return undefined;
  }
  return r.type;
}

function goPointerResultMessage(r: GoParam): string {
  const what = goTypeToString(r.type);
  if (r.type.kind === 'basic' && r.type.name === 'string') {
    return `a Go string result points into Go memory, which C must not keep (cgo pointer rules); return *C.char from C.CString(s) instead (gen-bindings frees it), or add //bindings:allow-go-pointer-result if the string is static`;
  }
  if (r.type.kind === 'named' && r.type.name === 'error') {
    return `an error result is a Go interface that points into Go memory (cgo pointer rules); return a *C.char message (C.CString(err.Error()), or nil) last and add //bindings:error to throw it in TypeScript`;
  }
  return `${/^[aeiou]/.test(what) ? 'an' : 'a'} ${what} result points into Go memory, which C must not keep (cgo pointer rules); return C memory (C.malloc) or a cgo.Handle as uintptr, or add //bindings:allow-go-pointer-result if you run with GODEBUG=cgocheck=0 and know the value stays alive`;
}
