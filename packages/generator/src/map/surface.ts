import { assertNever } from '../model/go-types.js';
import type { AbiType, FnSignature } from './abi.js';
import { sizeAlign } from './natural-layout.js';
import { isReserved } from './ts-names.js';
import { isCString } from './abi.js';

/** How 64-bit integer results reach TypeScript. */
export type Int64Mode = 'number' | 'bigint';

export interface SurfaceOptions {
  readonly int64: Int64Mode;
}

const RUNTIME_IMPORTS = [
  'GoTypes', 'goString', 'goSlice', 'int64Result', 'bigIntResult', 'takeCString', 'readGoString', 'checkError',
  'resultStruct', 'callAsync', 'freeWith', 'loadLibrary', 'verifyLibrary', 'ownedCString',
  'argInt8', 'argUint8', 'argInt16', 'argUint16', 'argInt32', 'argUint32', 'argInt64', 'argUint64',
  'argFloat32', 'argFloat64', 'argBool', 'argCString', 'argPointer', 'argArrayPointer', 'argComplex',
  'argInterface', 'argSliceHeader', 'argRef', 'recordType', 'cRecord', 'cArray', 'cProto', 'callbackArg', 'callField', 'argKeptCallback', 'callbackType',
  'linkLibrary', 'goStringArg', 'goStringArgLength', 'goStringBytes', 'goSliceData', 'cStringBytes', 'pointerTo', 'decodeResult',
] as const;
const RUNTIME_TYPE_IMPORTS = ['Pointer', 'Complex', 'GoInterface', 'GoSliceHeader', 'Ref', 'Callback'] as const;

/** Runtime names the generated code uses; collected so that the module imports exactly those. */
export type RuntimeImport = (typeof RUNTIME_IMPORTS)[number];
export type RuntimeTypeImport = (typeof RUNTIME_TYPE_IMPORTS)[number];

export interface Uses {
  readonly values: Set<RuntimeImport>;
  readonly types: Set<RuntimeTypeImport>;
  /** The TS name of each C record the module declares, by C spelling (see emit/records.ts). */
  readonly records: ReadonlyMap<string, string>;
  /** The koffi prototypes of the C function pointers the module uses: the declaration's text → its name. */
  readonly protos: Map<string, string>;
  /** The CallbackTypes the module exports, for parameters C keeps: name → its declaration's text. */
  readonly callbackTypes: Map<string, string>;
  /** Module-level values a function's body may refer to (records, CallbackTypes): no parameter may take their names. */
  readonly shadowed: ReadonlySet<string>;
}

/** Type names the module imports or uses besides its records: no C name may take them. */
export const MODULE_TYPE_NAMES: ReadonlySet<string> = new Set(['Pointer', 'Complex', 'GoInterface', 'GoSliceHeader', 'Ref', 'Callback', 'RecordType', 'Promise', 'Infinity', 'NaN', 'undefined', 'Object', 'Number', 'BigInt', 'Error', 'TypeError', 'RangeError']);

/**
 * The CallbackType the module exports for a function-pointer type that a parameter keeps: named after
 * the C typedef (`api_visit`), or `callback<N>` for an unnamed type.
 */
function callbackTypeRef(t: AbiType, fn: FnSignature, uses: Uses): string {
  const proto = protoRef(fn, uses);
  let name = /^[A-Za-z_][A-Za-z0-9_]*$/.test(t.c) ? t.c : `callback${proto.replace('$proto', '')}`;
  // Not a word JS reserves, a type the module imports, or a record's name (C tags are a namespace of their own).
  while (isReserved(name) || MODULE_TYPE_NAMES.has(name) || [...uses.records.values()].includes(name)) name += '_';
  uses.callbackTypes.set(name, `${rt('callbackType', uses)}<${callbackTs(fn, uses)}>('${name}', ${proto})`);
  return name;
}

/** The module's constant for the koffi prototype of a function pointer, declared once per signature. */
export function protoRef(fn: FnSignature, uses: Uses): string {
  const text = `${rt('cProto', uses)}(${fn.result ? koffiType(fn.result, uses) : "'void'"}, [${fn.params.map((p) => koffiType(p.type, uses)).join(', ')}])`;
  let name = uses.protos.get(text);
  if (name === undefined) {
    name = `$proto${uses.protos.size}`;
    uses.protos.set(text, name);
  }
  return name;
}

/** What a JS function given for a function pointer receives (`received`) or returns, as koffi converts it. */
function callbackValueTs(t: AbiType, received: boolean, uses: Uses): string {
  switch (t.kind) {
    case 'int': return t.bits === 64 ? 'number | bigint' : 'number';
    case 'float': return 'number';
    case 'bool': return 'boolean';
    case 'pointer':
      if (received && isCString(t)) return 'string | null';
      uses.types.add('Pointer');
      return 'Pointer | null';
    default: return 'unknown';
  }
}

/** The TS type of a JS function for a function pointer: `(user: Pointer | null, value: number) => number`. */
export function callbackTs(fn: FnSignature, uses: Uses): string {
  const params = fn.params.map((p, i) => `${p.name && /^[A-Za-z_][A-Za-z0-9_]*$/.test(p.name) ? (isReserved(p.name) ? `${p.name}_` : p.name) : `p${i}`}: ${callbackValueTs(p.type, true, uses)}`);
  return `(${params.join(', ')}) => ${fn.result ? callbackValueTs(fn.result, false, uses) : 'void'}`;
}

/** The name the module declares a record under (its interface and its RecordType value). */
export function recordName(t: Extract<AbiType, { kind: 'record' }>, uses: Uses): string {
  const name = uses.records.get(t.layout?.c ?? t.c);
  if (name === undefined) throw new Error(`record ${t.c} was not declared`);
  return name;
}

/** A parameter as the TS caller sees it and as koffi receives it. */
export interface ParamSurface {
  readonly ts: string;
  /** Source of the koffi type, a string literal or a runtime reference. */
  readonly koffi: string;
  /**
   * Turns the TS argument expression into what koffi is passed, checked: `fn` and `param` are TS
   * string literals naming the function and the parameter in the error a bad argument throws.
   */
  readonly convert: (arg: string, fn: string, param: string) => string;
  /**
   * A function pointer parameter: `convert` gives the registration (`callbackArg`), whose `.pointer` is
   * passed and whose `release()` must run after the call.
   */
  readonly callback?: true;
  /** The argument may be a Ref (argRef, argPointer): an asynchronous call keeps it from being freed until it completes. */
  readonly ref?: true;
}

/**
 * How the generated module refers to runtime export `name`: imported under a `$` alias, since no Go
 * identifier contains `$` and so no Go name can shadow it.
 */
export function runtimeRef(name: string): string {
  return `$${name}`;
}

/** A runtime value the generated code uses: recorded for the import, referred to by {@link runtimeRef}. */
export function rt(name: RuntimeImport, uses: Uses): string {
  uses.values.add(name);
  return runtimeRef(name);
}

/** A result as koffi returns it and as the TS caller receives it. */
export interface ResultSurface {
  readonly ts: string;
  readonly koffi: string;
  readonly convert: (raw: string) => string;
  /** Documents what the conversion may throw. */
  readonly throws: string | undefined;
}

const TYPED_ARRAYS: Record<string, string> = {
  int8: 'Int8Array', uint8: 'Uint8Array', int16: 'Int16Array', uint16: 'Uint16Array',
  int32: 'Int32Array', uint32: 'Uint32Array', int64: 'BigInt64Array', uint64: 'BigUint64Array',
  float32: 'Float32Array', float64: 'Float64Array',
};

/** The TypedArray whose elements have the layout of `t`, if any (`Float64Array` for float64). */
export function typedArrayFor(t: AbiType | undefined): string | undefined {
  if (!t) return undefined;
  if (t.kind === 'int') return TYPED_ARRAYS[`${t.signed ? 'int' : 'uint'}${t.bits}`];
  if (t.kind === 'float') return TYPED_ARRAYS[`float${t.bits}`];
  if (t.kind === 'bool') return 'Uint8Array';
  return undefined;
}

/** The runtime's name for the element type of a slice or pointer that has a TypedArray (`float64`, `int32`, `bool`). */
function elementKind(t: AbiType | undefined): string | undefined {
  if (!t || typedArrayFor(t) === undefined) return undefined;
  if (t.kind === 'int') return `${t.signed ? 'int' : 'uint'}${t.bits}`;
  if (t.kind === 'float') return `float${t.bits}`;
  return 'bool';
}

/**
 * The size in bytes of a value of `t` in Go memory (64-bit targets, as cgo's header requires), or 0
 * when gen-bindings does not know it: Go structs and arrays (never mapped) and opaque C records.
 */
export function abiSize(t: AbiType | undefined): number {
  return (t && sizeAlign(t)?.size) ?? 0;
}

/** The runtime check for an integer of `t`'s width and signedness (`argInt32`, `argUint64`). */
function intCheck(t: Extract<AbiType, { kind: 'int' }>): RuntimeImport {
  const name = `arg${t.signed ? 'Int' : 'Uint'}${t.bits}`;
  return name as RuntimeImport;
}

const quote = (s: string): string => `'${s}'`;

/** The koffi type of a value in a parameter or a plain result position. */
export function koffiType(t: AbiType, uses: Uses): string {
  switch (t.kind) {
    case 'int':
    case 'float':
      return quote(t.koffi);
    case 'bool':
      return quote('bool');
    case 'complex':
      return `${rt('GoTypes', uses)}.GoComplex${t.bits}`;
    case 'gostring':
      return `${rt('GoTypes', uses)}.GoString`;
    case 'goslice':
      return `${rt('GoTypes', uses)}.GoSlice`;
    case 'gointerface':
      return `${rt('GoTypes', uses)}.GoInterface`;
    case 'gohandle':
    case 'pointer':
      return quote(isCString(t) ? 'const char *' : 'void *');
    case 'record':
      return `${recordName(t, uses)}.koffiType`;
    case 'array': {
      // koffi has no TypedArray of pointers or bools: their bytes are uint64 and uint8.
      const elem = t.elem.kind === 'pointer' ? quote('uint64') : t.elem.kind === 'bool' ? quote('uint8') : koffiType(t.elem, uses);
      return `${rt('cArray', uses)}(${elem}, ${t.length})`;
    }
    default:
      return assertNever(t);
  }
}

/**
 * `buffer`: a `*C.char` the function writes into (`//bindings:out`), a byte buffer rather than a string.
 * `keep`: a function pointer C keeps after the call (`//bindings:keep`): only a registered Callback.
 */
export function paramSurface(t: AbiType, uses: Uses, buffer = false, keep = false): ParamSurface {
  const checked = (name: RuntimeImport) => (a: string, fn: string, param: string): string => `${rt(name, uses)}(${a}, ${fn}, ${param})`;
  switch (t.kind) {
    case 'int':
      return { ts: t.bits === 64 ? 'number | bigint' : 'number', koffi: koffiType(t, uses), convert: checked(intCheck(t)) };
    case 'float':
      return { ts: 'number', koffi: koffiType(t, uses), convert: checked(t.bits === 32 ? 'argFloat32' : 'argFloat64') };
    case 'bool':
      return { ts: 'boolean', koffi: koffiType(t, uses), convert: checked('argBool') };
    case 'complex':
      uses.types.add('Complex');
      return { ts: 'Complex', koffi: koffiType(t, uses), convert: checked('argComplex') };
    case 'gostring':
      return { ts: 'string | Uint8Array', koffi: koffiType(t, uses), convert: checked('goString') };
    case 'goslice': {
      const ta = typedArrayFor(t.elem);
      const kind = elementKind(t.elem);
      const koffi = koffiType(t, uses);
      if (!ta || !kind) {
        uses.types.add('GoSliceHeader');
        // The element size bounds `cap` when `data` is a TypedArray; 0 (unknown) lets the runtime assume one byte.
        const size = abiSize(t.elem);
        return { ts: 'GoSliceHeader', koffi, convert: (a, fn, param) => `${rt('argSliceHeader', uses)}(${a}, ${size}, ${fn}, ${param})` };
      }
      const elem = ta.startsWith('Big') ? '(number | bigint)' : t.elem?.kind === 'bool' ? 'boolean' : 'number';
      return { ts: `${ta} | readonly ${elem}[]`, koffi, convert: (a, fn, param) => `${rt('goSlice', uses)}(${a}, '${kind}', ${fn}, ${param})` };
    }
    case 'gointerface':
      uses.types.add('GoInterface');
      return { ts: 'GoInterface', koffi: koffiType(t, uses), convert: checked('argInterface') };
    case 'gohandle':
      uses.types.add('Pointer');
      return { ts: 'Pointer | null', koffi: koffiType(t, uses), convert: checked('argPointer'), ref: true };
    case 'pointer': {
      if (isCString(t) && buffer) {
        uses.types.add('Pointer');
        return { ts: 'Uint8Array | Pointer | null', koffi: quote('void *'), convert: (a, fn, param) => `${rt('argArrayPointer', uses)}(${a}, 'uint8', ${fn}, ${param})` };
      }
      if (isCString(t)) {
        uses.types.add('Pointer');
        return { ts: 'string | Pointer | null', koffi: koffiType(t, uses), convert: checked('argCString') };
      }
      uses.types.add('Pointer');
      if (t.fn) {
        // A JS function is registered for the call only; one C keeps must be a Callback the caller releases.
        const proto = protoRef(t.fn, uses);
        if (keep) {
          uses.types.add('Callback');
          const factory = callbackTypeRef(t, t.fn, uses);
          return { ts: `Callback<${callbackTs(t.fn, uses)}> | Pointer | null`, koffi: quote('void *'), convert: (a, fn, param) => `${rt('argKeptCallback', uses)}(${a}, ${factory}, ${fn}, ${param})` };
        }
        const r = t.fn.result;
        const zero = !r ? 'undefined' : r.kind === 'pointer' ? 'null' : r.kind === 'bool' ? 'false' : '0';
        return { ts: `(${callbackTs(t.fn, uses)}) | Pointer | null`, koffi: quote('void *'), convert: (a, fn, param) => `${rt('callbackArg', uses)}(${a}, ${proto}, ${zero}, ${fn}, ${param})`, callback: true };
      }
      if (t.elem?.kind === 'record' && t.elem.layout) {
        const name = recordName(t.elem, uses);
        uses.types.add('Ref');
        return { ts: `Ref<${name}> | Pointer | null`, koffi: koffiType(t, uses), convert: (a, fn, param) => `${rt('argRef', uses)}(${a}, ${name}, ${fn}, ${param})`, ref: true };
      }
      const ta = typedArrayFor(t.elem);
      const kind = elementKind(t.elem);
      if (!ta || !kind) return { ts: 'Pointer | null', koffi: koffiType(t, uses), convert: checked('argPointer'), ref: true };
      return {
        ts: `${ta} | Pointer | null`,
        koffi: koffiType(t, uses),
        convert: (a, fn, param) => `${rt('argArrayPointer', uses)}(${a}, '${kind}', ${fn}, ${param})`,
      };
    }
    case 'record': {
      const name = recordName(t, uses);
      return { ts: name, koffi: koffiType(t, uses), convert: (a, fn, param) => `${name}.check(${a}, ${fn}, ${param})` };
    }
    case 'array':
      throw new Error(`arrays are only record fields: ${t.c}`);
    default:
      return assertNever(t);
  }
}

export interface ResultContext {
  /** TS string literal naming the function in the error a result conversion throws. */
  readonly fn: string;
  readonly freeStrings: boolean;
  /** Source of the free function for C strings, when not libc free. */
  readonly freeExpr: string | undefined;
  /** The function's only result (not a field of a result struct): owned C strings can then use a koffi disposable type. */
  readonly single?: boolean;
  readonly options: SurfaceOptions;
}

/** A result value; `inStruct` when it is a field of cgo's `NAME_return` struct. */
export function resultSurface(t: AbiType, ctx: ResultContext, uses: Uses): ResultSurface {
  const id = (r: string): string => r;
  switch (t.kind) {
    case 'int':
      if (t.bits < 64) return { ts: 'number', koffi: koffiType(t, uses), convert: id, throws: undefined };
      if (ctx.options.int64 === 'bigint') {
        return { ts: 'bigint', koffi: koffiType(t, uses), convert: (r) => `${rt('bigIntResult', uses)}(${r})`, throws: undefined };
      }
      return {
        ts: 'number',
        koffi: koffiType(t, uses),
        convert: (r) => `${rt('int64Result', uses)}(${r}, ${ctx.fn})`,
        throws: `RangeError when a 64-bit result is beyond ±2^53 (generate with \`int64: 'bigint'\` to get bigint)`,
      };
    case 'float':
      return { ts: 'number', koffi: koffiType(t, uses), convert: id, throws: undefined };
    case 'bool':
      return { ts: 'boolean', koffi: koffiType(t, uses), convert: id, throws: undefined };
    case 'complex':
      uses.types.add('Complex');
      return { ts: 'Complex', koffi: koffiType(t, uses), convert: id, throws: undefined };
    case 'gostring':
      return { ts: 'string', koffi: `${rt('GoTypes', uses)}.GoStringResult`, convert: (r) => `${rt('readGoString', uses)}(${r})`, throws: undefined };
    case 'goslice':
      uses.types.add('GoSliceHeader');
      return { ts: 'GoSliceHeader', koffi: koffiType(t, uses), convert: id, throws: undefined };
    case 'gointerface':
      uses.types.add('GoInterface');
      return { ts: 'GoInterface', koffi: koffiType(t, uses), convert: id, throws: undefined };
    case 'gohandle':
      uses.types.add('Pointer');
      return { ts: 'Pointer | null', koffi: koffiType(t, uses), convert: id, throws: undefined };
    case 'pointer':
      if (isCString(t)) {
        if (!ctx.freeStrings) return { ts: 'string | null', koffi: quote('const char *'), convert: id, throws: undefined };
        if (ctx.single) {
          // koffi decodes and frees natively: about 2.5x faster than decoding and freeing from JS.
          const koffi = ctx.freeExpr ? `${rt('ownedCString', uses)}(${ctx.freeExpr})` : `${rt('GoTypes', uses)}.OwnedCString`;
          return { ts: 'string | null', koffi, convert: id, throws: undefined };
        }
        uses.types.add('Pointer');
        return {
          ts: 'string | null',
          koffi: quote('void *'),
          convert: (r) => (ctx.freeExpr ? `${rt('takeCString', uses)}(${r}, ${ctx.freeExpr})` : `${rt('takeCString', uses)}(${r})`),
          throws: undefined,
        };
      }
      uses.types.add('Pointer');
      return { ts: 'Pointer | null', koffi: quote('void *'), convert: id, throws: undefined };
    case 'record':
      return { ts: recordName(t, uses), koffi: koffiType(t, uses), convert: id, throws: undefined };
    case 'array':
      throw new Error(`arrays are only record fields: ${t.c}`);
    default:
      return assertNever(t);
  }
}
