// Generated modules called from plain JavaScript, where the TS types protect nothing: every argument
// is checked before koffi converts it, and awkward Go names and paths cannot break the module.
// test/fixtures/validate is built with real Go; its module is generated from a copy of the sources
// under a directory whose name would end the header comment and run code if it were not escaped.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatDiagnostic, generate, writeFiles } from 'gen-bindings';
import type { BuiltLibrary } from './support/harness.js';
import { buildGo, REPO, typecheck } from './support/harness.js';

// Plain JS semantics: anything may be passed.
type Fn = (...args: any[]) => any;
let built: BuiltLibrary;
/** The module of validate.go: one export per kind of argument. */
let m: Record<string, Fn>;

/**
 * A package directory whose name has JS line terminators, a quote and a backslash. Unescaped in the
 * header comment, the code after the line separator ran when the module was imported.
 */
const EVIL_DIR = "src\u2028globalThis.pwnedByPath = 1;\nglobalThis.pwnedByPath = 2; /*'\\ \u2029 *";

/** Generates the module `<name>.ts` next to the library from `inputs` (relative to the repository) and imports it. */
async function generateModule(name: string, inputs: string[]): Promise<{ file: string; text: string; module: Record<string, Fn> }> {
  const file = path.join(built.dir, `${name}.ts`);
  const result = await generate({ inputs, cwd: REPO, out: file, lib: 'validate' });
  if (result.files.length === 0) throw new Error(result.diagnostics.map(formatDiagnostic).join('\n'));
  writeFiles(result.files);
  const module = (await import(pathToFileURL(file).href)) as Record<string, Fn>;
  return { file, text: result.files[0]!.contents, module };
}

beforeAll(async () => {
  built = await buildGo('validate', 'validate');
  m = (await generateModule('validate', [path.relative(REPO, path.join(built.dir, 'validate.go'))])).module;
});

const INT32 = 'an integer number from -2147483648 to 2147483647 (int32)';
const INT64 = 'a safe integer or a bigint from -9223372036854775808 to 9223372036854775807 (int64)';
const UINT64 = 'a safe integer or a bigint from 0 to 18446744073709551615 (uint64)';
const POINTER = 'a pointer (a bigint from 0 to 2^64 - 1) or null';

/** Expects `f()` to throw exactly `error` (same class, same message). */
function throws(f: () => unknown, error: Error): void {
  let thrown: unknown;
  try {
    f();
  } catch (e) {
    thrown = e;
  }
  expect(thrown).toBeInstanceOf(error.constructor);
  expect((thrown as Error).message).toBe(error.message);
}

describe('integers', () => {
  it('reach Go exactly at the limits of every width', () => {
    expect([m.I8!(-128), m.I8!(127), m.U8!(0), m.U8!(255)]).toEqual([-128, 127, 0, 255]);
    expect([m.I16!(-32768), m.I16!(32767), m.U16!(65535)]).toEqual([-32768, 32767, 65535]);
    expect([m.I32!(-(2 ** 31)), m.I32!(2 ** 31 - 1), m.U32!(2 ** 32 - 1), m.CInt!(-7), m.CUchar!(255)]).toEqual([-(2 ** 31), 2 ** 31 - 1, 2 ** 32 - 1, -7, 255]);
    expect(m.I64!(-(2n ** 63n))).toBe('-9223372036854775808');
    expect(m.I64!(2n ** 63n - 1n)).toBe('9223372036854775807');
    expect(m.I64!(Number.MAX_SAFE_INTEGER)).toBe('9007199254740991');
    expect(m.I64!(Number.MIN_SAFE_INTEGER)).toBe('-9007199254740991');
    expect(m.U64!(2n ** 63n)).toBe('9223372036854775808');
    expect(m.U64!(2n ** 64n - 1n)).toBe('18446744073709551615');
    expect(m.Int!(-5)).toBe('-5');
    expect(m.Uint!(2n ** 64n - 1n)).toBe('18446744073709551615');
    expect(m.Uintptr!(2n ** 64n - 1n)).toBe('18446744073709551615');
  });

  it('take -0 as 0', () => {
    expect(Object.is(m.I8!(-0), 0)).toBe(true);
    expect(Object.is(m.U32!(-0), 0)).toBe(true);
    expect(m.Int!(-0)).toBe('0');
    expect(m.U64!(-0)).toBe('0');
  });

  it('reject values out of range with a RangeError naming the function, the parameter, the range and the value', () => {
    // Before: 2**63 arrived as 2^63-1, 2**31 wrapped to -2^31, 300 became 44, -1 became 4294967295.
    throws(() => m.U64!(2 ** 63), new RangeError(`U64: argument x must be ${UINT64}; got 9223372036854775808`));
    throws(() => m.U64!(2 ** 70), new RangeError(`U64: argument x must be ${UINT64}; got 1.1805916207174113e+21`));
    throws(() => m.I32!(2 ** 31), new RangeError(`I32: argument x must be ${INT32}; got 2147483648`));
    throws(() => m.U8!(300), new RangeError('U8: argument x must be an integer number from 0 to 255 (uint8); got 300'));
    throws(() => m.U32!(-1), new RangeError('U32: argument x must be an integer number from 0 to 4294967295 (uint32); got -1'));
    throws(() => m.I8!(128), new RangeError('I8: argument x must be an integer number from -128 to 127 (int8); got 128'));
    throws(() => m.I16!(-32769), new RangeError('I16: argument x must be an integer number from -32768 to 32767 (int16); got -32769'));
    throws(() => m.U16!(65536), new RangeError('U16: argument x must be an integer number from 0 to 65535 (uint16); got 65536'));
    throws(() => m.CInt!(2 ** 31), new RangeError(`CInt: argument x must be ${INT32}; got 2147483648`));
    throws(() => m.CUchar!(-1), new RangeError('CUchar: argument x must be an integer number from 0 to 255 (uint8); got -1'));
    throws(() => m.U64!(-1), new RangeError(`U64: argument x must be ${UINT64}; got -1`));
    throws(() => m.I64!(2 ** 53), new RangeError(`I64: argument x must be ${INT64}; got 9007199254740992`));
    throws(() => m.I64!(2n ** 63n), new RangeError(`I64: argument x must be ${INT64}; got 9223372036854775808n`));
    throws(() => m.Uintptr!(2n ** 64n), new RangeError(`Uintptr: argument x must be ${UINT64}; got 18446744073709551616n`));
  });

  it('reject NaN, infinities and fractions instead of truncating them', () => {
    // Before: NaN and ±Infinity arrived as 0, 1.9 as 1, 2n**70n as 0.
    throws(() => m.I64!(NaN), new RangeError(`I64: argument x must be ${INT64}; got NaN`));
    throws(() => m.I32!(Infinity), new RangeError(`I32: argument x must be ${INT32}; got Infinity`));
    throws(() => m.U64!(-Infinity), new RangeError(`U64: argument x must be ${UINT64}; got -Infinity`));
    throws(() => m.I32!(1.9), new RangeError(`I32: argument x must be ${INT32}; got 1.9`));
    throws(() => m.Int!(1.5), new RangeError(`Int: argument x must be ${INT64}; got 1.5`));
    throws(() => m.Int!(2n ** 70n), new RangeError(`Int: argument x must be ${INT64}; got 1180591620717411303424n`));
    throws(() => m.U64!(2n ** 70n), new RangeError(`U64: argument x must be ${UINT64}; got 1180591620717411303424n`));
  });

  it('reject other types with a TypeError', () => {
    throws(() => m.I32!('5'), new TypeError(`I32: argument x must be ${INT32}; got string "5"`));
    throws(() => m.I32!(5n), new TypeError(`I32: argument x must be ${INT32}; got 5n`));
    throws(() => m.I64!(undefined), new TypeError(`I64: argument x must be ${INT64}; got undefined`));
    throws(() => m.U8!(null), new TypeError('U8: argument x must be an integer number from 0 to 255 (uint8); got null'));
    throws(() => m.Int!({ valueOf: () => 1 }), new TypeError(`Int: argument x must be ${INT64}; got an object`));
    throws(() => m.I16!(true), new TypeError('I16: argument x must be an integer number from -32768 to 32767 (int16); got true'));
  });
});

describe('floats and booleans', () => {
  it('take any number, NaN and infinities included, as C does', () => {
    expect(m.F64!(NaN)).toBeNaN();
    expect(m.F64!(-Infinity)).toBe(-Infinity);
    expect(Object.is(m.F64!(-0), -0)).toBe(true);
    expect(m.F32!(1.5)).toBe(1.5);
    expect(m.F32!(1e300)).toBe(Infinity);
  });

  it('reject what is not a number or a boolean', () => {
    throws(() => m.F64!('1'), new TypeError('F64: argument x must be a number (float64); got string "1"'));
    throws(() => m.F32!(1n), new TypeError('F32: argument x must be a number (float32); got 1n'));
    expect(m.Bool!(true)).toBe(true);
    expect(m.Bool!(false)).toBe(false);
    throws(() => m.Bool!(1), new TypeError('Bool: argument b must be a boolean; got 1'));
    throws(() => m.Bool!('false'), new TypeError('Bool: argument b must be a boolean; got string "false"'));
  });
});

describe('strings, slices and pointers', () => {
  it('reject the wrong types instead of passing them on', () => {
    // Before: Len(5) and Len(['a']) were 0, SumF64('123') was 6, PtrI32('x') was 120.
    throws(() => m.Len!(5), new TypeError('Len: argument s must be a string or a Uint8Array; got 5'));
    throws(() => m.Len!(['a']), new TypeError('Len: argument s must be a string or a Uint8Array; got an array'));
    throws(() => m.SumF64!('123'), new TypeError('SumF64: argument xs must be a Float64Array or an array of numbers; got string "123"'));
    throws(() => m.PtrI32!('x'), new TypeError(`PtrI32: argument p must be an Int32Array, ${POINTER}; got string "x"`));
    expect(m.Len!('héllo')).toBe(6);
    expect(m.Len!(Buffer.from('abc'))).toBe(3);
  });

  it('share only a TypedArray of the exact element type', () => {
    // Before: a Float32Array was copied into a Float64Array, and Go's writes were lost.
    throws(() => m.DoubleF64!(new Float32Array([1, 2])), new TypeError('DoubleF64: argument xs must be a Float64Array or an array of numbers; got Float32Array'));
    const xs = new Float64Array([1, 2]);
    m.DoubleF64!(xs);
    expect([...xs]).toEqual([2, 4]);
    throws(() => m.SumU8!(new Uint16Array([1])), new TypeError('SumU8: argument xs must be a Uint8Array or an array of numbers; got Uint16Array'));
  });

  it('check each element of a plain array before copying it', () => {
    expect(m.SumF64!([1, 2, 3.5])).toBe(6.5);
    expect(m.SumI32!([1, -2, 2 ** 31 - 1])).toBe(2 ** 31 - 2);
    expect(m.JoinI64!([1, 2n ** 62n, -3])).toBe('1,4611686018427387904,-3');
    expect(m.CountTrue!([true, false, true])).toBe(2);
    throws(() => m.SumI32!([1, 2.5]), new RangeError(`SumI32: argument xs[1] must be ${INT32}; got 2.5`));
    throws(() => m.SumI32!([1, '2']), new TypeError(`SumI32: argument xs[1] must be ${INT32}; got string "2"`));
    throws(() => m.SumU8!([256]), new RangeError('SumU8: argument xs[0] must be an integer number from 0 to 255 (uint8); got 256'));
    throws(() => m.JoinI64!([2 ** 63]), new RangeError(`JoinI64: argument xs[0] must be ${INT64}; got 9223372036854775808`));
    throws(() => m.CountTrue!([1]), new TypeError('CountTrue: argument bs[0] must be a boolean; got 1'));
    throws(() => m.SumF64!([1, , 3]), new TypeError('SumF64: argument xs[1] must be a number (float64); got undefined'));
  });

  it('copy exactly the elements of a plain array that were checked, reading each once', () => {
    // Before: the check read each element and the copy read it again, so a Proxy whose elements read 1
    // and then 300 passed the check and SumU8 was 132 (each 300 arrived as 44).
    const changing = (values: unknown[], later: unknown) => {
      const reads: Record<string, number> = {};
      const proxy = new Proxy(values, {
        get(target, key, receiver) {
          if (typeof key !== 'string' || !/^\d+$/.test(key)) return Reflect.get(target, key, receiver);
          reads[key] = (reads[key] ?? 0) + 1;
          return reads[key] === 1 ? target[Number(key)] : later;
        },
      });
      return { proxy, reads };
    };
    const u8 = changing([1, 1, 1], 300);
    expect(m.SumU8!(u8.proxy)).toBe(3);
    expect(u8.reads).toEqual({ 0: 1, 1: 1, 2: 1 });
    const i64 = changing([1, 2n], 2 ** 63);
    expect(m.JoinI64!(i64.proxy)).toBe('1,2');
    expect(i64.reads).toEqual({ 0: 1, 1: 1 });
    const bools = changing([true, false], 2);
    expect(m.CountTrue!(bools.proxy)).toBe(1);
    expect(bools.reads).toEqual({ 0: 1, 1: 1 });
  });

  it('take only the bytes 0 and 1 as bools in a shared Uint8Array, which stays shared', () => {
    // Before: CountTrue(new Uint8Array([2, 3, 0])) was 5: Go adds the bytes of a []bool.
    throws(() => m.CountTrue!(new Uint8Array([2, 3, 0])), new RangeError('CountTrue: argument bs[0] must be 0 or 1 (bool); got 2'));
    throws(() => m.CountTrue!(Buffer.from([1, 0, 255])), new RangeError('CountTrue: argument bs[2] must be 0 or 1 (bool); got 255'));
    throws(() => m.PtrBool!(new Uint8Array([2])), new RangeError('PtrBool: argument p[0] must be 0 or 1 (bool); got 2'));
    throws(() => m.PtrBool!(new Uint8Array([1, 7])), new RangeError('PtrBool: argument p[1] must be 0 or 1 (bool); got 7'));
    expect(m.CountTrue!(new Uint8Array([1, 0, 1]))).toBe(2);
    expect([m.PtrBool!(new Uint8Array([1])), m.PtrBool!(new Uint8Array([0])), m.PtrBool!(null)]).toEqual([true, false, false]);
    const bs = new Uint8Array([1, 0, 1, 1]);
    m.NegateBools!(bs.subarray(1));
    expect([...bs]).toEqual([1, 1, 0, 0]);
  });

  it('reject a string with a NUL for *C.char, which C would cut short there', () => {
    // Before: HexC('a\0b') was '61'. A Go string carries its length, so Len takes NULs.
    throws(() => m.HexC!('a\0b'), new RangeError('HexC: argument s must be a string without NUL characters, a pointer or null; got string "a\\u0000b"'));
    expect(m.Len!('a\0b')).toBe(3);
    expect(m.HexC!('')).toBe('');
  });

  it('bound the cap of a slice header by the TypedArray its data is', () => {
    // Before: StrCount({ data: new Uint8Array(1), len: 1000, cap: 1000 }) reached Go, which may read 16,000 bytes.
    throws(() => m.StrCount!({ data: new Uint8Array(1), len: 1000, cap: 1000 }), new RangeError('StrCount: argument xs.cap must be at most 0 (data.byteLength 1 / 16 bytes per element); got 1000'));
    throws(() => m.StrCount!({ data: new BigUint64Array(4), len: 1, cap: 3n }), new RangeError('StrCount: argument xs.cap must be at most 2 (data.byteLength 32 / 16 bytes per element); got 3n'));
    expect(m.StrCount!({ data: new BigUint64Array(4), len: 1, cap: 2 })).toBe(1);
    expect(m.StrCount!({ data: new DataView(new ArrayBuffer(16)), len: 1, cap: 1 })).toBe(1);
    // A Go struct element: its size is not known, so only one byte per element is required.
    throws(() => m.PairCount!({ data: new Uint8Array(4), len: 5, cap: 5 }), new RangeError('PairCount: argument xs.cap must be at most 4 (data.byteLength 4 / at least 1 byte per element); got 5'));
    expect(m.PairCount!({ data: new Uint8Array(32), len: 2, cap: 2 })).toBe(2);
  });

  it('pass koffi the slice header and interface values that were checked, reading each property once', () => {
    // Before: koffi read the caller's object again, so a getter could hand Go a len past the buffer
    // (StrCount was 1000) or a number as an address (IsNilAny was false).
    let lenReads = 0;
    const header = { data: new Uint8Array(16), get len() { return ++lenReads <= 2 ? 1 : 1000; }, cap: 1 };
    expect(m.StrCount!(header)).toBe(1);
    expect(lenReads).toBe(1);
    let vReads = 0;
    const iface = { t: null, get v() { return ++vReads === 1 ? null : 4096; } };
    expect(m.IsNilAny!(iface)).toBe(true);
    expect(vReads).toBe(1);
    let imReads = 0;
    expect(m.Conj!({ re: 1, get im() { return ++imReads === 1 ? 2 : '2'; } })).toEqual({ re: 1, im: -2 });
    expect(imReads).toBe(1);
  });

  it('never pass a number as an address (the process used to die)', () => {
    // Before: HexC(5) and PtrI32(5) dereferenced address 5: SIGSEGV or SIGABRT.
    throws(() => m.HexC!(5), new TypeError('HexC: argument s must be a string, a pointer (a bigint) or null; got 5'));
    throws(() => m.PtrI32!(5), new TypeError(`PtrI32: argument p must be an Int32Array, ${POINTER}; got 5`));
    throws(() => m.Addr!(4096), new TypeError(`Addr: argument p must be ${POINTER}; got 4096`));
    throws(() => m.Addr!(-1n), new RangeError(`Addr: argument p must be ${POINTER}; got -1n`));
    throws(() => m.PtrI32!(new Int32Array(0)), new RangeError(`PtrI32: argument p must be an Int32Array with at least one element, ${POINTER}; got Int32Array`));
    throws(() => m.PtrI32!(new Uint32Array(1)), new TypeError(`PtrI32: argument p must be an Int32Array, ${POINTER}; got Uint32Array`));
    expect(m.HexC!('ab')).toBe('6162');
    expect(m.HexC!(null)).toBe('nil');
    const cell = new Int32Array([41]);
    expect(m.PtrI32!(cell)).toBe(42);
    expect(m.PtrI32!(null)).toBe(-1);
    expect(m.Addr!(4096n)).toBe(4096);
    expect(m.Addr!(null)).toBe(0);
  });

  it('check pointers to floats, slice headers, maps and interfaces', () => {
    const cell = new Float64Array([1.5]);
    expect(m.PtrF64!(cell)).toBe(3);
    expect(cell[0]).toBe(3);
    throws(() => m.PtrF64!([1.5]), new TypeError(`PtrF64: argument p must be a Float64Array, ${POINTER}; got an array`));
    expect(m.StrCount!({ data: null, len: 0, cap: 0 })).toBe(0);
    const header = 'a GoSliceHeader { data, len, cap } (data a pointer, TypedArray or null; 0 <= len <= cap)';
    throws(() => m.StrCount!(['a']), new TypeError(`StrCount: argument xs must be ${header}; got an array`));
    throws(() => m.StrCount!({ data: null, len: 2, cap: 1 }), new TypeError(`StrCount: argument xs must be ${header}; got an object`));
    expect(m.IsNilMap!(null)).toBe(true);
    throws(() => m.IsNilMap!(0), new TypeError(`IsNilMap: argument m must be ${POINTER}; got 0`));
    expect(m.IsNilAny!({ t: null, v: null })).toBe(true);
    throws(() => m.IsNilAny!(null), new TypeError('IsNilAny: argument x must be a GoInterface { t, v } of two pointers (bigint or null); got null'));
  });

  it('check complex numbers', () => {
    expect(m.Conj!({ re: 1, im: 2 })).toEqual({ re: 1, im: -2 });
    throws(() => m.Conj!({ re: 1 }), new TypeError('Conj: argument z must be an object { re: number, im: number }; got an object'));
    throws(() => m.Conj!(1), new TypeError('Conj: argument z must be an object { re: number, im: number }; got 1'));
  });
});

describe('async variants', () => {
  it('report a bad argument as a rejected promise, never a synchronous throw', async () => {
    // Before: SumF64Async(undefined) threw where it was called.
    let p: Promise<unknown> | undefined;
    expect(() => {
      p = m.SumF64Async!(undefined);
    }).not.toThrow();
    expect(p).toBeInstanceOf(Promise);
    await expect(p).rejects.toThrow(new TypeError('SumF64: argument xs must be a Float64Array or an array of numbers; got undefined'));
    await expect(m.I32Async!(2 ** 31)).rejects.toThrow(new RangeError(`I32: argument x must be ${INT32}; got 2147483648`));
    await expect(m.HexCAsync!(5)).rejects.toThrow(TypeError);
    expect(await m.U64Async!(2n ** 64n - 1n)).toBe('18446744073709551615');
    expect(await m.SumF64Async!([1, 2])).toBe(3);
  });
});

describe('awkward names and paths', () => {
  // Every export of the package, generated from a copy of its files under EVIL_DIR.
  let moduleFile: string;
  let moduleText: string;
  let n: Record<string, Fn>;
  beforeAll(async () => {
    const evil = path.join(built.dir, EVIL_DIR);
    fs.mkdirSync(evil, { recursive: true });
    for (const f of built.goFiles) fs.copyFileSync(path.join(built.dir, f), path.join(evil, f));
    ({ file: moduleFile, text: moduleText, module: n } = await generateModule('names', [path.relative(REPO, evil)]));
  });

  it('escape the path in the header and in strings, so that importing runs none of it', () => {
    expect((globalThis as Record<string, unknown>)['pwnedByPath']).toBeUndefined();
    expect((globalThis as Record<string, unknown>)['pwnedByDoc']).toBeUndefined();
    const header = moduleText.split('\n')[0]!;
    expect(header).toBe("// Code generated by gen-bindings from src\\u2028globalThis.pwnedByPath = 1;\\nglobalThis.pwnedByPath = 2; /*'\\\\ \\u2029 *. DO NOT EDIT.");
    expect(moduleText).toContain("goSource: 'src\\u2028globalThis.pwnedByPath = 1;\\nglobalThis.pwnedByPath = 2; /*\\'\\\\ \\u2029 *'");
    // A Go comment with */ or a line separator stays inside its TSDoc.
    expect(moduleText).toContain(' * ends here *\\/ globalThis.pwnedByDoc = true; /*\n * a line separator:\n * globalThis.pwnedByDoc = true; //\n');
  });

  it('type-check under the strict settings', () => {
    expect(typecheck([moduleFile])).toBe('');
  });

  it('keep every result: __proto__, blanks and positional names that are taken are renamed', () => {
    // Before: Proto() returned { b } (__proto__ set the prototype) and Positional() { r1: 2 }.
    const proto = n.Proto!();
    expect(proto).toEqual({ r0: 1, b: 2 });
    expect(Object.getPrototypeOf(proto)).toBe(Object.prototype);
    expect(n.Positional!()).toEqual({ r1: 1, r1_: 2 });
    expect(n.BlankFirst!()).toEqual({ r0_: 1, r0: 2 });
  });

  it('give parameters distinct names that shadow nothing the module uses', async () => {
    // Before: duplicate parameter names made the module fail to load; goString, callAsync,
    // int64Result and Float64Array parameters made every call a TypeError.
    expect(moduleText).toContain('export function Dup(p1: number | bigint, p1_: number | bigint): number {');
    expect(moduleText).toContain('export function Reserved(new__: number | bigint, new_: number | bigint): number {');
    expect(n.Dup!(1, 5)).toBe(12);
    expect(n.Reserved!(1, 2)).toBe(12);
    expect(n.Helpers!('ab', 3, 4, [1, 2], true, true)).toBe(11012);
    expect(await n.HelpersAsync!('ab', 3, 4, new Float64Array([1, 2]), false, false)).toBe(12);
    expect(n.Globals!(1, 2, 3, 4, 5, 6, 7, 8)).toBe(36);
    expect(n.Echo!(4)).toBe(4);
  });

  it('rename a parameter and a result JavaScript cannot spell (U+2E2F, a Go letter)', () => {
    expect(moduleText).toContain('export function OddNames(p0: number): OddNamesResult {');
    expect(moduleText).toContain("$argInt32(p0, 'OddNames', 'p0')");
    expect(n.OddNames!(4)).toEqual({ r0: 5, b: 2 });
  });

  it('show the Go signature in the TSDoc without its comments, and with no backtick to end the code span', () => {
    // Before: `Go: \`func Commented(a /* the \`a\` *\/ int32, // the b \` b int32, ...\``.
    expect(moduleText).toContain(' * Go: `func Commented(a int32, b int32, xs []struct { A int "json:\\"a\\"" }) (sum int32)`\n');
    expect(n.Commented!(1, 2, { data: null, len: 0, cap: 0 })).toBe(3);
  });

  it('export functions named like the module’s helpers and like globals', async () => {
    expect(n.lib!()).toBe(1);
    expect(n.goString!('abc')).toBe(3);
    expect(n.callAsync!()).toBe(3);
    expect(await n.callAsyncAsync!()).toBe(3);
    expect(n.Float64Array!([1, 2])).toBe(2);
    expect(n.undefined!(5)).toBe(5);
    expect(n.Pointer!(new Int32Array([9]))).toBe(9);
  });

  it('export a Go function named then under its //bindings:name, so that the module is not thenable', async () => {
    expect(n.goThen!()).toBe(7);
    expect('then' in n).toBe(false);
    // A second import resolves to the namespace itself, not to whatever then would call.
    const again = await import(pathToFileURL(moduleFile).href);
    expect(again.goThen()).toBe(7);
  });
});
