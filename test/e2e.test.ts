// End to end: real `go build -buildmode=c-shared`, real generation, real koffi calls.
import { beforeAll, describe, expect, it } from 'vitest';
import { buildGo, generateAndImport, typecheck } from './support/harness.js';
import type * as Textstats from './.work/textstats/textstats.js';

let ts: typeof Textstats;
let big: typeof Textstats;
let moduleFile: string;

beforeAll(async () => {
  const built = await buildGo('textstats', 'textstats');
  ts = await generateAndImport<typeof Textstats>(built, 'textstats');
  big = await generateAndImport<typeof Textstats>(built, 'textstats', { int64: 'bigint' });
  moduleFile = `${built.dir}/textstats.ts`;
});

describe('scalars', () => {
  it('adds 64-bit ints exactly', () => {
    expect(ts.Add(15, 27)).toBe(42);
    expect(ts.Add(2 ** 40, 2 ** 40)).toBe(2 ** 41);
    expect(ts.Add(-(2 ** 40), 1)).toBe(-(2 ** 40) + 1);
    expect(ts.Add(2n ** 50n, 1n)).toBe(2 ** 50 + 1);
  });

  it('passes bool, float32, C.int, C.uchar, named types and chains', () => {
    expect(ts.Not(true)).toBe(false);
    expect(ts.Not(false)).toBe(true);
    expect(ts.Half(3)).toBe(1.5);
    expect(ts.Clamp(-5)).toBe(0);
    expect(ts.Clamp(300)).toBe(255);
    expect(ts.Clamp(17)).toBe(17);
    expect(ts.ToFahrenheit(100)).toBe(212);
    expect(ts.Twice(21)).toBe(42);
  });

  it('passes complex numbers as { re, im }', () => {
    expect(ts.Conj({ re: 1.5, im: -2 })).toEqual({ re: 1.5, im: 2 });
    expect(ts.Scale64({ re: 1, im: 2 }, 3)).toEqual({ re: 3, im: 6 });
  });

  it('passes pointers: TypedArray memory and unsafe.Pointer', () => {
    const cell = new Int32Array([41]);
    ts.Increment(cell);
    expect(cell[0]).toBe(42);
    expect(ts.Address(null)).toBe(0);
    expect(ts.Address(4096n)).toBe(4096);
  });
});

describe('64-bit integers', () => {
  it('throws a RangeError naming the function past 2^53 instead of returning a bigint typed as number', () => {
    expect(ts.Fib(78)).toBe(8944394323791464);
    expect(() => ts.Fib(80)).toThrow(new RangeError("Fib returned 23416728348467685, which a JS number cannot hold exactly (beyond ±2^53); generate with int64: 'bigint' to receive bigint"));
    expect(() => ts.Negate(2n ** 62n)).toThrow(RangeError);
  });

  it("returns bigint always under int64: 'bigint'", () => {
    expect(big.Fib(80)).toBe(23416728348467685n);
    expect(big.Fib(10)).toBe(55n);
    expect(big.Negate(2n ** 63n - 1n)).toBe(-(2n ** 63n) + 1n);
    expect(big.DivMod(17n, 5n)).toEqual({ q: 3n, r: 2n });
  });
});

describe('strings', () => {
  it('sends UTF-8 with the length in bytes, emoji and NULs included', () => {
    expect(ts.ByteLen('hello')).toBe(5);
    expect(ts.ByteLen('héllo')).toBe(6);
    expect(ts.ByteLen('a\0b')).toBe(3);
    expect(ts.ByteLen('😀')).toBe(4);
    expect(ts.RuneCount('a😀\0é')).toBe(4);
    expect(ts.ByteLen('')).toBe(0);
  });

  it('sends bytes without copying', () => {
    const bytes = new TextEncoder().encode('🎉 party');
    expect(ts.ByteLen(bytes)).toBe(bytes.length);
    expect(ts.ByteLen(Buffer.from([0, 0, 0]))).toBe(3);
    expect(ts.RuneCount(bytes.subarray(0, 4))).toBe(1);
  });

  it('decodes *C.char results and frees them', () => {
    expect(ts.Upper('héllo wörld 😀')).toBe('HÉLLO WÖRLD 😀');
    expect(ts.Repeat('ab', 3)).toBe('ababab');
    expect(ts.Repeat('x', -1)).toBeNull();
  });

  it('leaves //bindings:borrowed results alone', () => {
    expect(ts.Version()).toBe('textstats 1.0');
    expect(ts.Version()).toBe('textstats 1.0');
  });

  it('frees with the function //bindings:free names', () => {
    const before = ts.Freed();
    expect(ts.Greeting('gopher')).toBe('hello, gopher');
    expect(ts.Greeting('😀')).toBe('hello, 😀');
    expect(ts.Freed()).toBe(before + 2);
  });
});

describe('slices', () => {
  it('shares TypedArrays with Go: Go writes are visible afterwards', () => {
    const xs = new Float64Array([1, 2, 3, 4]);
    expect(ts.Mean(xs)).toBe(2.5);
    ts.Scale(xs, 10);
    expect([...xs]).toEqual([10, 20, 30, 40]);
    const ys = new BigInt64Array(4);
    ts.Fill(ys);
    expect([...ys]).toEqual([0n, 1n, 4n, 9n]);
  });

  it('shares a subarray view, not the whole buffer', () => {
    const xs = new Float64Array([1, 2, 3, 4]);
    ts.Scale(xs.subarray(1, 3), 2);
    expect([...xs]).toEqual([1, 4, 6, 4]);
  });

  it('copies plain arrays', () => {
    expect(ts.Mean([1, 2, 3])).toBe(2);
    expect(ts.Mean([])).toBe(0);
    expect(ts.SumBytes(Buffer.from('abc'))).toBe(97 + 98 + 99);
    expect(ts.SumBytes([1, 2, 3])).toBe(6);
    expect(ts.MinMax([3, -7, 12])).toEqual({ r0: -7, r1: 12 });
  });
});

describe('multiple results', () => {
  it('returns an object named after the Go results', () => {
    expect(ts.DivMod(17, 5)).toEqual({ q: 3, r: 2 });
    expect(ts.Split('key=value', '=')).toEqual({ before: 'key', after: 'value', found: true });
    expect(ts.Split('novalue', '=')).toEqual({ before: 'novalue', after: '', found: false });
  });

  it('throws the //bindings:error message as a GoError', async () => {
    expect(ts.ParseInt('1234')).toBe(1234);
    expect(() => ts.ParseInt('12x')).toThrow('strconv.ParseInt: parsing "12x": invalid syntax');
    const { GoError } = await import('@gen-bindings/runtime');
    try {
      ts.ParseInt('nope');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(GoError);
      expect((e as InstanceType<typeof GoError>).func).toBe('ParseInt');
    }
    expect(ts.Check('ok')).toBeUndefined();
    expect(() => ts.Check('')).toThrow('empty input');
  });
});

describe('async', () => {
  it('resolves 1,000 calls in flight with the right results', async () => {
    const calls = Array.from({ length: 1000 }, (_, i) => ts.AddAsync(i, 2 ** 40));
    const results = await Promise.all(calls);
    expect(results).toEqual(Array.from({ length: 1000 }, (_, i) => i + 2 ** 40));
  });

  it('converts results the same way as the synchronous call', async () => {
    expect(await ts.UpperAsync('abc')).toBe('ABC');
    expect(await ts.DivModAsync(17, 5)).toEqual({ q: 3, r: 2 });
    await expect(ts.ParseIntAsync('x')).rejects.toThrow('invalid syntax');
    await expect(ts.FibAsync(80)).rejects.toThrow(RangeError);
    expect(await ts.ScaleAsync(new Float64Array([1]), 2)).toBeUndefined();
  });

  it('does not block the event loop during a long Go call', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const start = Date.now();
    await ts.WorkAsync(3000);
    const elapsed = Date.now() - start;
    clearInterval(timer);
    // The timer kept firing while Go worked on another thread.
    expect(elapsed).toBeGreaterThan(20);
    expect(ticks).toBeGreaterThan(5);
  });
});

describe('the generated module', () => {
  it('type-checks under strict, noUncheckedIndexedAccess and exactOptionalPropertyTypes', () => {
    expect(typecheck([moduleFile])).toBe('');
  });
});
