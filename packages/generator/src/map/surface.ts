import { assertNever } from '../model/go-types.js';
import type { AbiType } from './abi.js';
import { isCString } from './abi.js';

/** How 64-bit integer results reach TypeScript. */
export type Int64Mode = 'number' | 'bigint';

export interface SurfaceOptions {
  readonly int64: Int64Mode;
}

const RUNTIME_IMPORTS = [
  'GoTypes', 'goString', 'goSlice', 'goBigSlice', 'int64Result', 'bigIntResult', 'takeCString',
  'readGoString', 'checkError', 'resultStruct', 'callAsync', 'freeWith', 'loadLibrary', 'verifyLibrary', 'ownedCString',
] as const;
const RUNTIME_TYPE_IMPORTS = ['Pointer', 'Complex', 'GoInterface', 'GoSliceHeader'] as const;

/** Runtime names the generated code uses; collected so that the module imports exactly those. */
export type RuntimeImport = (typeof RUNTIME_IMPORTS)[number];
export type RuntimeTypeImport = (typeof RUNTIME_TYPE_IMPORTS)[number];

/** Top-level names of a generated module besides the exports: an export of the same name would collide. */
export const MODULE_NAMES: ReadonlySet<string> = new Set<string>(['lib', ...RUNTIME_IMPORTS, ...RUNTIME_TYPE_IMPORTS]);

export interface Uses {
  readonly values: Set<RuntimeImport>;
  readonly types: Set<RuntimeTypeImport>;
}

/** A parameter as the TS caller sees it and as koffi receives it. */
export interface ParamSurface {
  readonly ts: string;
  /** Source of the koffi type, a string literal or a runtime reference. */
  readonly koffi: string;
  /** Turns the TS argument expression into what koffi is passed. */
  readonly convert: (arg: string) => string;
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
      uses.values.add('GoTypes');
      return `GoTypes.GoComplex${t.bits}`;
    case 'gostring':
      uses.values.add('GoTypes');
      return 'GoTypes.GoString';
    case 'goslice':
      uses.values.add('GoTypes');
      return 'GoTypes.GoSlice';
    case 'gointerface':
      uses.values.add('GoTypes');
      return 'GoTypes.GoInterface';
    case 'gohandle':
    case 'pointer':
      return quote(isCString(t) ? 'const char *' : 'void *');
    case 'record':
      throw new Error(`record types are rejected before emission: ${t.c}`);
    default:
      return assertNever(t);
  }
}

export function paramSurface(t: AbiType, uses: Uses): ParamSurface {
  const id = (a: string): string => a;
  switch (t.kind) {
    case 'int':
      return { ts: t.bits === 64 ? 'number | bigint' : 'number', koffi: koffiType(t, uses), convert: id };
    case 'float':
      return { ts: 'number', koffi: koffiType(t, uses), convert: id };
    case 'bool':
      return { ts: 'boolean', koffi: koffiType(t, uses), convert: id };
    case 'complex':
      uses.types.add('Complex');
      return { ts: 'Complex', koffi: koffiType(t, uses), convert: id };
    case 'gostring':
      uses.values.add('goString');
      return { ts: 'string | Uint8Array', koffi: koffiType(t, uses), convert: (a) => `goString(${a})` };
    case 'goslice': {
      const ta = typedArrayFor(t.elem);
      const koffi = koffiType(t, uses);
      if (!ta) {
        uses.types.add('GoSliceHeader');
        return { ts: 'GoSliceHeader', koffi, convert: id };
      }
      if (ta.startsWith('Big')) {
        uses.values.add('goBigSlice');
        return { ts: `${ta} | readonly (number | bigint)[]`, koffi, convert: (a) => `goBigSlice(${a}, ${ta})` };
      }
      uses.values.add('goSlice');
      const elem = t.elem?.kind === 'bool' ? 'boolean' : 'number';
      return { ts: `${ta} | readonly ${elem}[]`, koffi, convert: (a) => `goSlice(${a}, ${ta})` };
    }
    case 'gointerface':
      uses.types.add('GoInterface');
      return { ts: 'GoInterface', koffi: koffiType(t, uses), convert: id };
    case 'gohandle':
      uses.types.add('Pointer');
      return { ts: 'Pointer | null', koffi: koffiType(t, uses), convert: id };
    case 'pointer': {
      if (isCString(t)) return { ts: 'string | null', koffi: koffiType(t, uses), convert: id };
      uses.types.add('Pointer');
      const ta = typedArrayFor(t.elem);
      return { ts: ta ? `${ta} | Pointer | null` : 'Pointer | null', koffi: koffiType(t, uses), convert: id };
    }
    case 'record':
      throw new Error(`record types are rejected before emission: ${t.c}`);
    default:
      return assertNever(t);
  }
}

export interface ResultContext {
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
        uses.values.add('bigIntResult');
        return { ts: 'bigint', koffi: koffiType(t, uses), convert: (r) => `bigIntResult(${r})`, throws: undefined };
      }
      uses.values.add('int64Result');
      return {
        ts: 'number',
        koffi: koffiType(t, uses),
        convert: (r) => `int64Result(${r}, '${ctx.fn}')`,
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
      uses.values.add('GoTypes');
      uses.values.add('readGoString');
      return { ts: 'string', koffi: 'GoTypes.GoStringResult', convert: (r) => `readGoString(${r})`, throws: undefined };
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
          uses.values.add(ctx.freeExpr ? 'ownedCString' : 'GoTypes');
          return { ts: 'string | null', koffi: ctx.freeExpr ? `ownedCString(${ctx.freeExpr})` : 'GoTypes.OwnedCString', convert: id, throws: undefined };
        }
        uses.values.add('takeCString');
        uses.types.add('Pointer');
        return {
          ts: 'string | null',
          koffi: quote('void *'),
          convert: (r) => (ctx.freeExpr ? `takeCString(${r}, ${ctx.freeExpr})` : `takeCString(${r})`),
          throws: undefined,
        };
      }
      uses.types.add('Pointer');
      return { ts: 'Pointer | null', koffi: quote('void *'), convert: id, throws: undefined };
    case 'record':
      throw new Error(`record types are rejected before emission: ${t.c}`);
    default:
      return assertNever(t);
  }
}
