import type { Diagnostic } from '../model/diagnostics.js';
import { error } from '../model/diagnostics.js';
import type { GoBasicName, GoType } from '../model/go-types.js';
import { assertNever, goTypeToString } from '../model/go-types.js';
import type { GoPackage } from '../model/ir.js';
import type { AbiType } from './abi.js';
import { mapPreambleName } from './c-abi.js';
import { MAX_TYPE_DEPTH, typeTooDeep } from './limits.js';
import { cNamedScalar } from './c-types.js';
import type { CInfo } from '../model/c-decls.js';
import { cSpelling } from '../model/c-decls.js';

export interface MapContext {
  readonly pkg: GoPackage;
  /** The C declarations and measured facts, when the exports use C types beyond cgo's built-ins. */
  readonly c?: CInfo | undefined;
  /** Width of C `long` on the target: 32 on Windows, 64 elsewhere (LP64). */
  readonly longBits: 32 | 64;
}

export type MapTypeResult = { readonly ok: true; readonly type: AbiType } | { readonly ok: false; readonly diagnostic: Diagnostic };

const fail = (d: Diagnostic): MapTypeResult => ({ ok: false, diagnostic: d });
const ok = (type: AbiType): MapTypeResult => ({ ok: true, type });

function tooDeep(t: GoType): MapTypeResult {
  return fail(typeTooDeep(t.pos));
}

function goBasic(name: GoBasicName): AbiType {
  switch (name) {
    case 'int': return { kind: 'int', c: 'GoInt', bits: 64, signed: true, koffi: 'int64' };
    case 'int8': return { kind: 'int', c: 'GoInt8', bits: 8, signed: true, koffi: 'int8' };
    case 'int16': return { kind: 'int', c: 'GoInt16', bits: 16, signed: true, koffi: 'int16' };
    case 'int32': return { kind: 'int', c: 'GoInt32', bits: 32, signed: true, koffi: 'int32' };
    case 'int64': return { kind: 'int', c: 'GoInt64', bits: 64, signed: true, koffi: 'int64' };
    case 'uint': return { kind: 'int', c: 'GoUint', bits: 64, signed: false, koffi: 'uint64' };
    case 'uint8': return { kind: 'int', c: 'GoUint8', bits: 8, signed: false, koffi: 'uint8' };
    case 'uint16': return { kind: 'int', c: 'GoUint16', bits: 16, signed: false, koffi: 'uint16' };
    case 'uint32': return { kind: 'int', c: 'GoUint32', bits: 32, signed: false, koffi: 'uint32' };
    case 'uint64': return { kind: 'int', c: 'GoUint64', bits: 64, signed: false, koffi: 'uint64' };
    case 'uintptr': return { kind: 'int', c: 'GoUintptr', bits: 64, signed: false, koffi: 'uintptr_t' };
    case 'float32': return { kind: 'float', c: 'GoFloat32', bits: 32, koffi: 'float' };
    case 'float64': return { kind: 'float', c: 'GoFloat64', bits: 64, koffi: 'double' };
    case 'complex64': return { kind: 'complex', c: 'GoComplex64', bits: 64 };
    case 'complex128': return { kind: 'complex', c: 'GoComplex128', bits: 128 };
    case 'bool': return { kind: 'bool', c: 'GoUint8' };
    case 'string': return { kind: 'gostring', c: 'GoString' };
    default: return assertNever(name);
  }
}

function pointerTo(elem: AbiType | undefined, pointsToGo: boolean): AbiType {
  return { kind: 'pointer', c: `${elem ? elem.c : 'void'}*`, elem, pointsToGo };
}

/** A C type named after `C.`: cgo's built-in scalars by name, the rest from the C front end. */
function mapCName(name: string, t: GoType, ctx: MapContext): MapTypeResult {
  const scalar = cNamedScalar(name, ctx.longBits);
  if (scalar) return ok(scalar);
  if (!ctx.c) {
    return fail(error('unknown-c-type', `C.${name} is not one of cgo's built-in C types, and the preamble was not read; use a Go type or a built-in C type`, t.pos));
  }
  const r = mapPreambleName(name, t.pos, ctx.c);
  return r.ok ? ok(r.type) : fail(r.diagnostic);
}

/** A pointer to a C type whose size gen-bindings does not know: cgo spells it `NAME*`, and any pointer is one machine word. */
function opaquePointer(name: string): AbiType {
  return { kind: 'pointer', c: `${cSpelling(name)}*`, elem: undefined, pointsToGo: false };
}

/** The `C.NAME` a type refers to, following named Go types (`type CB C.cb_t`). */
function cNameOf(t: GoType, ctx: MapContext): string | undefined {
  const seen = new Set<string>();
  let cur = t;
  // A loop, not recursion: the chain of named types may be as long as the package makes it.
  while (cur.kind === 'named' && !seen.has(cur.name)) {
    seen.add(cur.name);
    const decl = ctx.pkg.types.get(cur.name);
    if (!decl) return undefined;
    cur = decl.type;
  }
  return cur.kind === 'qualified' && cur.pkg === 'C' ? cur.name : undefined;
}

/** Whether a pointer's target is C-typed (`*C.char`, `**C.char`, `*unsafe.Pointer`), so that it may well point to C memory. */
function pointsIntoC(elem: GoType): boolean {
  if (elem.kind === 'pointer') return pointsIntoC(elem.elem);
  return elem.kind === 'qualified' && (elem.pkg === 'C' || elem.pkg === 'unsafe');
}

/**
 * Maps a Go type in an exported signature to the C type cgo declares for it, following cgo's
 * `cgoType` (src/cmd/cgo/out.go). Returns a located diagnostic for what cgo rejects.
 */
export function mapGoType(t: GoType, ctx: MapContext, seen: Set<string> = new Set(), depth = 0): MapTypeResult {
  if (depth > MAX_TYPE_DEPTH) return tooDeep(t);
  switch (t.kind) {
    case 'basic':
      return ok(goBasic(t.name));
    case 'named': {
      const decl = ctx.pkg.types.get(t.name);
      if (decl && !seen.has(t.name)) {
        if (decl.typeParams || t.typeArgs.length) {
          return fail(error('unsupported-type', `generic type ${goTypeToString(t)} cannot be used in an export; use a concrete type`, t.pos));
        }
        if (!decl.inCgoFile) {
          return fail(error('unsupported-type', `type ${t.name} is declared in ${decl.pos.file}, which does not import "C", so cgo cannot see it; move the declaration to a file that imports "C"`, t.pos));
        }
        const inner = mapGoType(decl.type, ctx, new Set([...seen, t.name]), depth + 1);
        // One `type T999: type T998: ...` prefix per level would make a message as long as the chain.
        if (!inner.ok && inner.diagnostic.code === 'type-too-deep') return fail({ ...inner.diagnostic, pos: t.pos });
        if (!inner.ok) return fail({ ...inner.diagnostic, message: `type ${t.name}: ${inner.diagnostic.message}`, pos: t.pos });
        return inner;
      }
      if (decl) return fail(error('unsupported-type', `type ${t.name} is defined in terms of itself; use a concrete type`, t.pos));
      if (t.name === 'error' || t.name === 'any') return ok({ kind: 'gointerface', c: 'GoInterface' });
      return fail(error('unknown-type', `unknown type ${t.name}; declare it in the package or use a Go or C type`, t.pos));
    }
    case 'qualified':
      if (t.pkg === 'C') return mapCName(t.name, t, ctx);
      if (t.pkg === 'unsafe' && t.name === 'Pointer') return ok(pointerTo(undefined, false));
      if (t.name === 'Pointer' && ctx.pkg.files.some((f) => f.imports.get(t.pkg) === 'unsafe')) {
        return fail(error('unsupported-type', `cgo recognizes unsafe.Pointer only under the name unsafe, not ${t.pkg}.Pointer; import "unsafe" without renaming it and write unsafe.Pointer`, t.pos));
      }
      return fail(error('unsupported-type', `${t.pkg}.${t.name} comes from another package, which cgo cannot export; use its underlying type (for example int64 for time.Duration)`, t.pos));
    case 'pointer': {
      const elem = mapGoType(t.elem, ctx, seen, depth + 1);
      if (elem.ok) return ok(pointerTo(elem.type, !pointsIntoC(t.elem)));
      // A C type gen-bindings cannot pass by value (undeclared, a bitfield struct, a packed one) is
      // still passed by address: the pointer is one machine word, whatever it points to.
      const opaque = elem.diagnostic.code === 'unknown-c-type' || elem.diagnostic.code === 'unsupported-type' ? cNameOf(t.elem, ctx) : undefined;
      return opaque ? ok(opaquePointer(opaque)) : elem;
    }
    case 'slice': {
      const elem = mapGoType(t.elem, ctx, seen, depth + 1);
      return ok({ kind: 'goslice', c: 'GoSlice', elem: elem.ok ? elem.type : undefined });
    }
    case 'array':
      return fail(error('unsupported-type', `array type ${goTypeToString(t)} cannot be passed to or from C; use a slice []${goTypeToString(t.elem)} or a pointer to the first element`, t.pos));
    case 'map':
      return ok({ kind: 'gohandle', c: 'GoMap' });
    case 'chan':
      return ok({ kind: 'gohandle', c: 'GoChan' });
    case 'interface':
      return ok({ kind: 'gointerface', c: 'GoInterface' });
    case 'struct':
      return fail(error('unsupported-type', 'Go struct types cannot be exported to C; pass the fields as separate parameters, a pointer to a C struct (*C.struct_x) or an opaque handle (a cgo.Handle as uintptr)', t.pos));
    case 'func':
      return fail(error('unsupported-type', 'Go func types cannot be exported to C; pass a C function pointer (unsafe.Pointer) or export the callback side separately', t.pos));
    case 'variadic':
      return fail(error('unsupported-type', `variadic parameters cannot be exported to C; take a slice []${goTypeToString(t.elem)} instead`, t.pos));
    default:
      return assertNever(t);
  }
}

/** Whether a result of this type hands C a pointer into Go memory, which cgo's pointer rules forbid. */
export function holdsGoPointer(t: AbiType): boolean {
  switch (t.kind) {
    case 'gostring': case 'goslice': case 'gointerface': case 'gohandle':
      return true;
    case 'pointer':
      return t.pointsToGo;
    case 'int': case 'float': case 'bool': case 'complex': case 'record': case 'array':
      return false;
    default:
      return assertNever(t);
  }
}
