/**
 * Argument checks for generated modules. Plain JavaScript callers get no help from the TS types, and
 * koffi converts what it is given silently (a string to a pointer, 300 to 44 in a uint8, NaN to 0) or
 * passes a number as an address. Each check accepts exactly what the TS parameter type says and returns
 * the value koffi is passed; anything else throws a TypeError (wrong type) or a RangeError (right type,
 * value out of range) that names the function, the parameter, what it takes and what it got:
 * `I8: argument x must be an integer number from -128 to 127 (int8); got 300`.
 *
 * The scalar checks are small enough for V8 to inline into the wrapper: no allocation, no closure,
 * nothing built unless the check fails.
 */

const TYPED_ARRAY_TAG = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(Int8Array.prototype), Symbol.toStringTag)!.get!;

/** What a value is, for error messages: `300`, `5n`, `string "x"`, `undefined`, `Float32Array`, `an array`. */
export function describeValue(v: unknown): string {
  switch (typeof v) {
    case 'number':
      // An integer past 2^53 in full, as the number holds it (String(2 ** 63) rounds to 9223372036854776000).
      if (Number.isInteger(v) && !Number.isSafeInteger(v) && Math.abs(v) < 1e21) return BigInt(v).toString();
      return Object.is(v, -0) ? '-0' : String(v);
    case 'bigint':
      return `${v}n`;
    case 'string':
      return `string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
    case 'boolean':
      return String(v);
    case 'undefined':
      return 'undefined';
    case 'symbol':
      return 'a symbol';
    case 'function':
      return 'a function';
  }
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (ArrayBuffer.isView(v)) return (TYPED_ARRAY_TAG.call(v) as string | undefined) ?? 'a DataView';
  if (v instanceof ArrayBuffer) return 'an ArrayBuffer';
  return 'an object';
}

/** Throws the TypeError or RangeError for argument `param` of `fn`. */
export function invalidArgument(range: boolean, fn: string, param: string, expected: string, v: unknown): never {
  const message = `${fn}: argument ${param} must be ${expected}; got ${describeValue(v)}`;
  throw range ? new RangeError(message) : new TypeError(message);
}

/** A number of the wrong value is out of range; anything else is the wrong type. */
function badNumber(v: unknown, fn: string, param: string, expected: string): never {
  return invalidArgument(typeof v === 'number', fn, param, expected, v);
}

/** Anything but the one accepted type is the wrong type. */
function badType(v: unknown, fn: string, param: string, expected: string): never {
  return invalidArgument(false, fn, param, expected, v);
}

/** For 64-bit integers, which take numbers and bigints: either of the wrong value is out of range. */
function badInteger64(v: unknown, fn: string, param: string, expected: string): never {
  return invalidArgument(typeof v === 'number' || typeof v === 'bigint', fn, param, expected, v);
}

const INT8 = 'an integer number from -128 to 127 (int8)';
const UINT8 = 'an integer number from 0 to 255 (uint8)';
const INT16 = 'an integer number from -32768 to 32767 (int16)';
const UINT16 = 'an integer number from 0 to 65535 (uint16)';
const INT32 = 'an integer number from -2147483648 to 2147483647 (int32)';
const UINT32 = 'an integer number from 0 to 4294967295 (uint32)';
const INT64 = 'a safe integer or a bigint from -9223372036854775808 to 9223372036854775807 (int64)';
const UINT64 = 'a safe integer or a bigint from 0 to 18446744073709551615 (uint64)';
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

// Each test is true only for a number that is an integer in range; -0 passes and koffi sends 0.
const isInt8 = (v: unknown): v is number => typeof v === 'number' && (v << 24) >> 24 === v;
const isUint8 = (v: unknown): v is number => typeof v === 'number' && (v & 0xff) === v;
const isInt16 = (v: unknown): v is number => typeof v === 'number' && (v << 16) >> 16 === v;
const isUint16 = (v: unknown): v is number => typeof v === 'number' && (v & 0xffff) === v;
const isInt32 = (v: unknown): v is number => typeof v === 'number' && (v | 0) === v;
const isUint32 = (v: unknown): v is number => typeof v === 'number' && v >>> 0 === v;
const isInt64 = (v: unknown): v is number | bigint =>
  typeof v === 'number' ? Number.isSafeInteger(v) : typeof v === 'bigint' && v >= INT64_MIN && v <= INT64_MAX;
const isUint64 = (v: unknown): v is number | bigint =>
  typeof v === 'number' ? Number.isSafeInteger(v) && v >= 0 : typeof v === 'bigint' && v >= 0n && v <= UINT64_MAX;

export function argInt8(v: unknown, fn: string, param: string): number {
  return isInt8(v) ? v : badNumber(v, fn, param, INT8);
}
export function argUint8(v: unknown, fn: string, param: string): number {
  return isUint8(v) ? v : badNumber(v, fn, param, UINT8);
}
export function argInt16(v: unknown, fn: string, param: string): number {
  return isInt16(v) ? v : badNumber(v, fn, param, INT16);
}
export function argUint16(v: unknown, fn: string, param: string): number {
  return isUint16(v) ? v : badNumber(v, fn, param, UINT16);
}
export function argInt32(v: unknown, fn: string, param: string): number {
  return isInt32(v) ? v : badNumber(v, fn, param, INT32);
}
export function argUint32(v: unknown, fn: string, param: string): number {
  return isUint32(v) ? v : badNumber(v, fn, param, UINT32);
}
/** Go `int`, `int64`, `C.long`: a safe integer number or a bigint in range (a number past 2^53 has lost digits already). */
export function argInt64(v: unknown, fn: string, param: string): number | bigint {
  return isInt64(v) ? v : badInteger64(v, fn, param, INT64);
}
/** Go `uint`, `uint64`, `uintptr`, `C.size_t`. */
export function argUint64(v: unknown, fn: string, param: string): number | bigint {
  return isUint64(v) ? v : badInteger64(v, fn, param, UINT64);
}
/** Go `float32`: any number, as C converts it (NaN and ±Infinity included; rounded to float precision). */
export function argFloat32(v: unknown, fn: string, param: string): number {
  return typeof v === 'number' ? v : invalidArgument(false, fn, param, 'a number (float32)', v);
}
/** Go `float64`: any number, NaN and ±Infinity included. */
export function argFloat64(v: unknown, fn: string, param: string): number {
  return typeof v === 'number' ? v : invalidArgument(false, fn, param, 'a number (float64)', v);
}
/** Go `bool`: only `true` and `false`, not truthy values. */
export function argBool(v: unknown, fn: string, param: string): boolean {
  return typeof v === 'boolean' ? v : invalidArgument(false, fn, param, 'a boolean', v);
}
/**
 * A `*C.char` parameter: a string (sent NUL-terminated) or null. C reads up to the first NUL, so a
 * string holding U+0000 would arrive cut short: it is a RangeError instead.
 */
export function argCString(v: unknown, fn: string, param: string): string | bigint | null {
  if (typeof v === 'string') return v.indexOf('\0') === -1 ? v : invalidArgument(true, fn, param, 'a string without NUL characters, a pointer or null', v);
  // An address C gave (a char* field, a string C owns), passed back as it is: `RcloneFreeString(result.Output)`.
  if (typeof v === 'bigint') return isPointer(v) ? v : invalidArgument(true, fn, param, POINTER, v);
  return v === null ? v : invalidArgument(false, fn, param, 'a string, a pointer (a bigint) or null', v);
}

const POINTER = 'a pointer (a bigint from 0 to 2^64 - 1) or null';
const isPointer = (v: unknown): v is bigint | null => v === null || (typeof v === 'bigint' && v >= 0n && v <= UINT64_MAX);

/** A Ref to C memory (records.ts), known by its shape so that this module does not import that one. */
function isRef(v: unknown): v is { live(what: string): bigint } {
  return typeof v === 'object' && v !== null && typeof (v as { live?: unknown }).live === 'function' && typeof (v as { address?: unknown }).address === 'bigint';
}

/** A pointer Go cannot check (`unsafe.Pointer`, maps, chans, `**C.char`): a bigint address, a Ref to C memory, or null. Never a number. */
export function argPointer(v: unknown, fn: string, param: string): bigint | null {
  if (isRef(v)) return v.live(`${fn}(${param})`);
  return isPointer(v) ? v : invalidArgument(typeof v === 'bigint', fn, param, POINTER, v);
}

/** How the elements of a Go slice or pointer target look in JS: the TypedArray and the plain values it may be copied from. */
interface ElementKind {
  readonly array: Function & { readonly name: string; from(values: ArrayLike<unknown>, map?: (v: any) => unknown): ArrayBufferView & { length: number } };
  readonly test: (v: unknown) => boolean;
  /** What one plain element must be. */
  readonly element: string;
  /** What the plain array holds: `numbers`, `booleans`, `numbers and bigints`. */
  readonly plain: string;
  /** Converts a checked plain element for the TypedArray (BigInt64Array takes only bigints). */
  readonly map?: (v: any) => unknown;
  /** Throws for an element that fails `test`. */
  readonly bad: (v: unknown, fn: string, param: string, expected: string) => never;
  /**
   * For element types that not every bit pattern is a value of (`bool`: Go takes a byte to be 0 or 1,
   * and miscounts other bytes): the index of the first invalid element of a shared TypedArray, or -1.
   */
  readonly firstInvalid?: (a: Uint8Array) => number;
}

const isNumber = (v: unknown): boolean => typeof v === 'number';
const isBoolean = (v: unknown): boolean => typeof v === 'boolean';

/** The first byte that is neither 0 nor 1, or -1. */
function firstNonBoolByte(a: Uint8Array): number {
  for (let i = 0; i < a.length; i++) if (a[i]! > 1) return i;
  return -1;
}
const BOOL_BYTE = '0 or 1 (bool)';

/**
 * Element kinds by the name the generated code passes (the Go element type, width included). Frozen,
 * so that nothing can swap a constructor, and so that V8 folds the lookups into constants.
 */
const ELEMENTS: Readonly<Record<string, ElementKind>> = deepFreeze({
  int8: { array: Int8Array, test: isInt8, element: INT8, plain: 'numbers', bad: badNumber },
  uint8: { array: Uint8Array, test: isUint8, element: UINT8, plain: 'numbers', bad: badNumber },
  int16: { array: Int16Array, test: isInt16, element: INT16, plain: 'numbers', bad: badNumber },
  uint16: { array: Uint16Array, test: isUint16, element: UINT16, plain: 'numbers', bad: badNumber },
  int32: { array: Int32Array, test: isInt32, element: INT32, plain: 'numbers', bad: badNumber },
  uint32: { array: Uint32Array, test: isUint32, element: UINT32, plain: 'numbers', bad: badNumber },
  int64: { array: BigInt64Array, test: isInt64, element: INT64, plain: 'numbers and bigints', map: BigInt, bad: badInteger64 },
  uint64: { array: BigUint64Array, test: isUint64, element: UINT64, plain: 'numbers and bigints', map: BigInt, bad: badInteger64 },
  float32: { array: Float32Array, test: isNumber, element: 'a number (float32)', plain: 'numbers', bad: badNumber },
  float64: { array: Float64Array, test: isNumber, element: 'a number (float64)', plain: 'numbers', bad: badNumber },
  bool: { array: Uint8Array, test: isBoolean, element: 'a boolean', plain: 'booleans', bad: badType, firstInvalid: firstNonBoolByte },
});

function deepFreeze<T extends Record<string, object>>(table: T): T {
  for (const v of Object.values(table)) Object.freeze(v);
  return Object.freeze(table);
}

/** `an Int32Array`, `a Float64Array`, `a Uint8Array`. */
const withArticle = (name: string): string => `${name.startsWith('Int') ? 'an' : 'a'} ${name}`;

function elementKind(kind: string): ElementKind {
  const k = ELEMENTS[kind];
  if (!k) throw new Error(`gen-bindings runtime: unknown element kind '${kind}'; regenerate the module with the gen-bindings that matches this runtime`);
  return k;
}

/** Throws a RangeError naming the first element of TypedArray `a` that is not a valid `k` (a `bool` byte of 2), if any. */
function checkShared(k: ElementKind, a: ArrayBufferView, fn: string, param: string): void {
  if (!k.firstInvalid) return;
  const i = k.firstInvalid(a as Uint8Array);
  if (i >= 0) invalidArgument(true, fn, `${param}[${i}]`, BOOL_BYTE, (a as Uint8Array)[i]);
}

/**
 * A pointer to numbers (`*int32`, `*float64`): a TypedArray of exactly that element type (its memory is
 * passed; at least one element, since Go reads one), a bigint address, or null. For `*bool` every byte
 * must be 0 or 1, since Go may index past the first.
 */
export function argArrayPointer(v: unknown, kind: string, fn: string, param: string): ArrayBufferView | bigint | null {
  const k = elementKind(kind);
  if (v instanceof k.array) {
    if ((v as ArrayBufferView & { length: number }).length > 0) {
      checkShared(k, v as ArrayBufferView, fn, param);
      return v as ArrayBufferView;
    }
    return invalidArgument(true, fn, param, `${withArticle(k.array.name)} with at least one element, ${POINTER}`, v);
  }
  return isPointer(v) ? v : invalidArgument(typeof v === 'bigint', fn, param, `${withArticle(k.array.name)}, ${POINTER}`, v);
}

/** A Go `string` argument: JS strings are UTF-8 encoded by koffi for the call; bytes pass without a copy. */
export function goString(s: unknown, fn: string, param: string): { p: string | Uint8Array; n: number } {
  if (typeof s === 'string') return { p: s, n: Buffer.byteLength(s, 'utf8') };
  if (s instanceof Uint8Array) return { p: s, n: s.byteLength };
  return invalidArgument(false, fn, param, 'a string or a Uint8Array', s);
}

/** Longer JS strings are encoded here rather than by koffi, whose copy of a long string is slow. */
const LONG_STRING = 4096;
/** Up to this many UTF-16 code units, the glue finds the UTF-8 length itself (see genbindings_stringLength). */
const SHORT_STRING = 32;
let lastLength = 0;

/**
 * A Go `string` through the glue, which takes pointer and length: checks the value and returns what
 * to pass as the pointer; {@link goStringArgLength}, the next argument, gives its length in bytes.
 * A short JS string is passed as it is (koffi encodes it in one pass); a long one is encoded into a
 * Buffer of its own (about 4× faster than koffi for 64 KiB), never into one shared with another call.
 */
export function goStringArg(s: unknown, fn: string, param: string): string | Uint8Array {
  if (typeof s === 'string') {
    if (s.length <= SHORT_STRING) {
      // Minus the length in UTF-16 code units: Go counts the bytes, which is cheaper than Buffer.byteLength here.
      lastLength = -s.length;
      return s;
    }
    if (s.length <= LONG_STRING) {
      lastLength = Buffer.byteLength(s, 'utf8');
      return s;
    }
    const bytes = Buffer.allocUnsafe(s.length * 3);
    lastLength = bytes.write(s, 0, 'utf8');
    return bytes;
  }
  if (s instanceof Uint8Array) {
    lastLength = s.byteLength;
    return s;
  }
  return invalidArgument(false, fn, param, 'a string or a Uint8Array', s);
}

/** The length of the value {@link goStringArg} returned last, for the argument right after it: bytes, or minus UTF-16 code units for a short string. */
export function goStringArgLength(): number {
  return lastLength;
}

/** A Go `string` for an asynchronous call through the glue: bytes that stay alive until it completes. */
export function goStringBytes(s: unknown, fn: string, param: string): Uint8Array {
  if (typeof s === 'string') return Buffer.from(s, 'utf8');
  if (s instanceof Uint8Array) return s;
  return invalidArgument(false, fn, param, 'a string or a Uint8Array', s);
}

/** The elements of a Go `[]T` argument: a TypedArray of exactly the element type, shared with Go, or a checked copy of a plain array (see {@link goSlice}). The glue takes its pointer and length. */
export function goSliceData(values: unknown, kind: string, fn: string, param: string): ArrayBufferView & { length: number } {
  const k = elementKind(kind);
  if (values instanceof k.array) {
    const data = values as ArrayBufferView & { length: number };
    checkShared(k, data, fn, param);
    return data;
  }
  if (!Array.isArray(values)) return invalidArgument(false, fn, param, `${withArticle(k.array.name)} or an array of ${k.plain}`, values);
  // Each element (and the length) is read exactly once, and the value checked is the value copied:
  // a getter or a Proxy cannot pass the check with one value and hand the copy another.
  const n: unknown = (values as { length: unknown }).length;
  // Only a Proxy can report a length no array has.
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) return invalidArgument(false, fn, param, `${withArticle(k.array.name)} or an array of ${k.plain}`, values);
  const data = new (k.array as unknown as new (n: number) => ArrayBufferView & Record<number, unknown> & { length: number })(n);
  for (let i = 0; i < n; i++) {
    const v: unknown = values[i];
    if (!k.test(v)) k.bad(v, fn, `${param}[${i}]`, k.element);
    data[i] = k.map ? k.map(v) : v;
  }
  return data;
}

/** A checked `*C.char` argument for an asynchronous call: a JS string becomes NUL-terminated bytes that outlive the call that starts it. */
export function cStringBytes(v: string | bigint | null): Uint8Array | bigint | null {
  return typeof v === 'string' ? Buffer.from(`${v}\0`, 'utf8') : v;
}

/**
 * A Go `[]T` argument: a TypedArray of exactly the element type is shared with Go (zero-copy, Go's
 * writes visible afterwards; for `[]bool` every byte must be 0 or 1); a plain array is checked element
 * by element and copied ({@link goSliceData}), as the header Go's `GoSlice` struct holds.
 */
export function goSlice(values: unknown, kind: string, fn: string, param: string): { data: ArrayBufferView; len: number; cap: number } {
  const data = goSliceData(values, kind, fn, param);
  return { data, len: data.length, cap: data.length };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

// The object checks below read each property once and pass koffi a fresh object of what they read:
// koffi reading the caller's object again would let a getter swap a checked value for another.

/** Go `complex64`/`complex128`: `{ re, im }` with two numbers. */
export function argComplex(v: unknown, fn: string, param: string): { re: number; im: number } {
  if (isObject(v)) {
    const re = v['re'];
    const im = v['im'];
    if (typeof re === 'number' && typeof im === 'number') return { re, im };
  }
  return invalidArgument(false, fn, param, 'an object { re: number, im: number }', v);
}

/** A Go interface value: the `{ t, v }` pair of pointers a Go function returned. */
export function argInterface(v: unknown, fn: string, param: string): { t: bigint | null; v: bigint | null } {
  if (isObject(v)) {
    const t = v['t'];
    const w = v['v'];
    if (isPointer(t) && isPointer(w)) return { t, v: w };
  }
  return invalidArgument(false, fn, param, 'a GoInterface { t, v } of two pointers (bigint or null)', v);
}

const SLICE_HEADER = 'a GoSliceHeader { data, len, cap } (data a pointer, TypedArray or null; 0 <= len <= cap)';

/**
 * A raw slice header for slices whose elements have no TypedArray: `{ data, len, cap }`. When `data` is
 * a TypedArray or DataView, `cap` elements of `elementSize` bytes must fit in it (Go would read past it
 * otherwise); `elementSize` 0 means the generator does not know it (structs, arrays), and then at least
 * one byte per element is required. A bigint address cannot be checked.
 */
export function argSliceHeader(v: unknown, elementSize: number, fn: string, param: string): { data: bigint | ArrayBufferView | null; len: number | bigint; cap: number | bigint } {
  if (typeof elementSize !== 'number') {
    throw new Error('gen-bindings runtime: argSliceHeader takes an element size; regenerate the module with the gen-bindings that matches this runtime');
  }
  if (isObject(v)) {
    const data = v['data'];
    const len = v['len'];
    const cap = v['cap'];
    const view = ArrayBuffer.isView(data);
    if ((view || isPointer(data)) && isUint64(len) && isUint64(cap) && BigInt(len) <= BigInt(cap)) {
      if (view) {
        const max = Math.floor(data.byteLength / (elementSize || 1));
        if (BigInt(cap) > BigInt(max)) {
          const per = elementSize ? `${elementSize} bytes per element` : 'at least 1 byte per element';
          return invalidArgument(true, fn, `${param}.cap`, `at most ${max} (data.byteLength ${data.byteLength} / ${per})`, cap);
        }
      }
      return { data, len, cap };
    }
  }
  return invalidArgument(false, fn, param, SLICE_HEADER, v);
}
