import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import koffi from 'koffi';
import { do_not_optimize, measure } from 'mitata';
import type { BenchLibrary } from './prepare.js';

/** One call benchmark: the same Go call made by hand through koffi and through the generated module. */
export interface CallCase {
  readonly label: string;
  /** Case name in the C floor program's output. */
  readonly floor: string;
  readonly hand: () => unknown;
  readonly generated: () => unknown;
}

/** The functions of bench/go/benchlib as the generated module exports them. */
interface BenchModule {
  add(a: number, b: number): number;
  addAsync(a: number, b: number): Promise<number>;
  StrLen(s: string | Uint8Array): number;
  Last(xs: Float64Array): number;
  Greet(): string | null;
  SleepAsync(ms: number): Promise<number>;
}

export interface CallSide {
  readonly cases: readonly CallCase[];
  readonly asyncHand: (i: number) => Promise<unknown>;
  readonly asyncGenerated: (i: number) => Promise<unknown>;
  /** How many koffi async calls the hand-written side keeps running at once. */
  readonly handWindow: number;
  /** A Go call that sleeps `ms`, by hand (koffi's async, on libuv's thread pool) and generated. */
  readonly sleepHand: (ms: number) => Promise<unknown>;
  readonly sleepGenerated: (ms: number) => Promise<unknown>;
}

/**
 * Declares the library's functions by hand, as someone writing koffi code directly would, and
 * imports the generated module; pairs them up call by call.
 */
export async function callSide(lib: BenchLibrary): Promise<CallSide> {
  const gen = (await import(lib.moduleJs)) as BenchModule;
  const handle = koffi.load(lib.so);
  const GoString = koffi.struct({ p: 'const char *', n: 'int64' });
  const GoSlice = koffi.struct({ data: 'void *', len: 'int64', cap: 'int64' });
  const add = handle.func('add', 'int64', ['int64', 'int64']);
  const strLen = handle.func('StrLen', 'int64', [GoString]);
  const last = handle.func('Last', 'double', [GoSlice]);
  // koffi's own idiom for a malloc'd string result: decoded, then freed with free().
  const greet = handle.func('Greet', koffi.disposable('char *'), []);

  const s16 = 'sixteen bytes!!!';
  const s64k = 'x'.repeat(64 * 1024);
  const b64k = new TextEncoder().encode(s64k);
  const f16 = new Float64Array(16).fill(1);
  const f1m = new Float64Array(1_000_000).fill(1);

  const cases: CallCase[] = [
    { label: 'add(a, b int) int', floor: 'add', hand: () => add(1, 2), generated: () => gen.add(1, 2) },
    { label: 'StrLen(s string), 16 B string', floor: 'string16', hand: () => strLen({ p: s16, n: Buffer.byteLength(s16) }), generated: () => gen.StrLen(s16) },
    { label: 'StrLen(s string), 64 KiB string', floor: 'string64k', hand: () => strLen({ p: s64k, n: Buffer.byteLength(s64k) }), generated: () => gen.StrLen(s64k) },
    { label: 'StrLen(s string), 64 KiB Uint8Array', floor: 'string64k', hand: () => strLen({ p: b64k, n: b64k.byteLength }), generated: () => gen.StrLen(b64k) },
    { label: 'Last(xs []float64), 16 elements', floor: 'slice16', hand: () => last({ data: f16, len: f16.length, cap: f16.length }), generated: () => gen.Last(f16) },
    { label: 'Last(xs []float64), 1,000,000 elements', floor: 'slice1m', hand: () => last({ data: f1m, len: f1m.length, cap: f1m.length }), generated: () => gen.Last(f1m) },
    { label: 'Greet() *C.char, decoded and freed', floor: 'cstring', hand: () => greet(), generated: () => gen.Greet() },
  ];
  for (const c of cases) {
    if (JSON.stringify(c.hand()) !== JSON.stringify(c.generated())) throw new Error(`${c.label}: by hand and generated disagree`);
  }

  // By hand, 10,000 promises need a queue of your own: koffi refuses more than max_async_calls
  // (256) at once, and allocates fresh stack and heap blocks for each call past
  // resident_async_pools (8), so this keeps that many running.
  const handWindow = koffi.config().resident_async_pools ?? 8;
  let running = 0;
  const queue: (() => void)[] = [];
  const asyncHand = (i: number): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const go = (): void => {
        running++;
        add.async(i, 1, (err: unknown, r: unknown) => {
          running--;
          queue.shift()?.();
          if (err) reject(err);
          else resolve(r);
        });
      };
      if (running < handWindow) go();
      else queue.push(go);
    });
  const sleep = handle.func('Sleep', 'int32', ['int32']);
  const sleepHand = (ms: number): Promise<unknown> => new Promise((resolve, reject) => sleep.async(ms, (err: unknown, r: unknown) => (err ? reject(err) : resolve(r))));
  return { cases, asyncHand, asyncGenerated: (i) => gen.addAsync(i, 1), handWindow, sleepHand, sleepGenerated: (ms) => gen.SleepAsync(ms) };
}

/** A call koffi makes to libc, with no Go on the other side: what koffi itself costs per call and per argument. */
export interface KoffiAloneCase {
  readonly label: string;
  readonly call: () => unknown;
}

/**
 * The same argument kinds as the rows above, passed by koffi to libc functions that do O(1) work:
 * the difference between a row and `labs` is what koffi spends converting that argument, which no
 * binding (by hand or generated) can avoid.
 */
export function koffiAloneCases(): KoffiAloneCase[] {
  const libc = koffi.load(process.platform === 'darwin' ? 'libSystem.B.dylib' : 'libc.so.6');
  const labs = libc.func('labs', 'long', ['long']);
  const strnlen = libc.func('strnlen', 'size_t', ['const char *', 'size_t']);
  const memchr = libc.func('memchr', 'void *', ['void *', 'int', 'size_t']);
  const s16 = 'sixteen bytes!!!';
  const f16 = new Float64Array(16).fill(1);
  return [
    { label: 'labs(long): a scalar argument', call: () => labs(-3) },
    { label: 'strnlen(s, 16): a 16 B JS string to `const char *`', call: () => strnlen(s16, 16) },
    { label: 'memchr(xs, 1, 0): a 16-element Float64Array to `void *`', call: () => memchr(f16, 1, 0) },
  ];
}

/** Median ns per call of each case, best of `rounds` rounds measured in turn. */
export async function measureKoffiAlone(rounds: number, minCpuTimeNs: number): Promise<{ label: string; timing: Timing }[]> {
  const cases = koffiAloneCases();
  const samples = cases.map(() => [] as number[]);
  for (let r = 0; r < rounds; r++) {
    for (const [i, c] of cases.entries()) samples[i]!.push((await measure(() => do_not_optimize(c.call()), { min_cpu_time: minCpuTimeNs })).p50);
  }
  return cases.map((c, i) => ({ label: c.label, timing: timing(samples[i]!) }));
}

/** The OS threads of this process now (Linux: /proc/self/status). */
export function osThreads(): number {
  const status = fs.readFileSync('/proc/self/status', 'utf8');
  return Number(/^Threads:\s+(\d+)/m.exec(status)?.[1] ?? 0);
}

/**
 * How long `fs.promises.readFile` of a small file takes while `n` Go calls of `ms` each are in flight
 * (started just before it): koffi's async calls hold libuv's threads, which fs shares.
 */
export async function readFileLatency(sleep: (ms: number) => Promise<unknown>, n: number, ms: number): Promise<{ latencyMs: number; threads: number }> {
  const file = fileURLToPath(import.meta.url);
  await fsp.readFile(file);
  const calls = Array.from({ length: n }, () => sleep(ms));
  const t0 = performance.now();
  await fsp.readFile(file);
  const latencyMs = performance.now() - t0;
  const threads = osThreads();
  await Promise.all(calls);
  return { latencyMs, threads };
}

export interface Timing {
  /** The best round's median, in ns per call: other work on a shared machine only ever adds time. */
  readonly ns: number;
  /** Each round's median, ns per call. */
  readonly rounds: readonly number[];
}

export function timing(rounds: readonly number[]): Timing {
  return { ns: Math.min(...rounds), rounds };
}

/**
 * Measures by hand and generated in alternating order, `rounds` times, with mitata; each round
 * reports mitata's median. Alternating and repeating spreads the machine's noise over both sides.
 */
export async function measurePair(c: CallCase, rounds: number, minCpuTimeNs: number): Promise<{ hand: Timing; generated: Timing }> {
  const hand: number[] = [];
  const generated: number[] = [];
  const opts = { min_cpu_time: minCpuTimeNs };
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? (['hand', 'generated'] as const) : (['generated', 'hand'] as const);
    for (const side of order) {
      const fn = c[side];
      const stats = await measure(() => do_not_optimize(fn()), opts);
      (side === 'hand' ? hand : generated).push(stats.p50);
    }
  }
  return { hand: timing(hand), generated: timing(generated) };
}

/** Starts `n` calls at once, waits for all; ns of wall time per call (a round's only number, so the "median" of one). */
let peakThreads = 0;

/** The most OS threads seen right after starting a burst of async calls. */
export function takePeakThreads(): number {
  const p = peakThreads;
  peakThreads = 0;
  return p;
}

async function asyncBurst(start: (i: number) => Promise<unknown>, n: number): Promise<number> {
  const t0 = process.hrtime.bigint();
  const calls = new Array<Promise<unknown>>(n);
  for (let i = 0; i < n; i++) calls[i] = start(i);
  peakThreads = Math.max(peakThreads, osThreads());
  const results = await Promise.all(calls);
  const ns = Number(process.hrtime.bigint() - t0) / n;
  if (results[n - 1] !== n) throw new Error(`async add returned ${String(results[n - 1])}, expected ${n}`);
  return ns;
}

/** Throughput of `n` async calls in flight, by hand and generated, alternating; one warm-up burst each. */
export async function measureAsync(side: CallSide, n: number, rounds: number): Promise<{ hand: Timing; generated: Timing; handThreads: number; generatedThreads: number }> {
  await asyncBurst(side.asyncHand, Math.min(n, 1000));
  await asyncBurst(side.asyncGenerated, Math.min(n, 1000));
  takePeakThreads();
  const hand: number[] = [];
  const generated: number[] = [];
  let handThreads = 0;
  let generatedThreads = 0;
  const runHand = async (): Promise<void> => {
    hand.push(await asyncBurst(side.asyncHand, n));
    handThreads = Math.max(handThreads, takePeakThreads());
  };
  const runGenerated = async (): Promise<void> => {
    generated.push(await asyncBurst(side.asyncGenerated, n));
    generatedThreads = Math.max(generatedThreads, takePeakThreads());
  };
  for (let r = 0; r < rounds; r++) {
    if (r % 2 === 0) {
      await runHand();
      await runGenerated();
    } else {
      await runGenerated();
      await runHand();
    }
  }
  return { hand: timing(hand), generated: timing(generated), handThreads, generatedThreads };
}
