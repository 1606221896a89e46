// Ownership: *C.char results are freed after decoding, so a million calls leave memory flat.
import v8 from 'node:v8';
import vm from 'node:vm';
import koffi from 'koffi';
import { beforeAll, expect, it } from 'vitest';
import { buildGo, generateAndImport } from './support/harness.js';
import type * as Textstats from './.work/textstats-memory/textstats.js';

let ts: typeof Textstats;
let libPath: string;

beforeAll(async () => {
  const built = await buildGo('textstats', 'textstats-memory');
  libPath = built.lib;
  ts = await generateAndImport<typeof Textstats>(built, 'textstats');
});

const MiB = 1024 * 1024;

// A full collection on demand: without it, whether V8 has collected the million result strings yet
// moves resident memory by about 15 MiB from one run to the next.
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

/** Memory outside V8's heap, after a full collection: where a C result that is never freed stays. */
function nativeMemory(): number {
  gc();
  const { rss, heapTotal } = process.memoryUsage();
  return rss - heapTotal;
}

/**
 * Growth of memory outside V8's heap over `n` calls of `call`, after a warm-up that lets it settle.
 * The warm-up is 300,000 calls: after 100,000, the Go heap still grew once by about 16 MiB in some
 * runs (the same 16 MiB over one, three or five million calls, so not a leak).
 */
function growth(n: number, call: () => void): number {
  for (let i = 0; i < 300_000; i++) call();
  const before = nativeMemory();
  for (let i = 0; i < n; i++) call();
  return nativeMemory() - before;
}

it('keeps memory flat over 1,000,000 string-returning calls', () => {
  const input = 'a fairly long string, so that a leak of each result is easy to see: '.repeat(2);
  let last = '';
  const grown = growth(1_000_000, () => {
    last = ts.Upper(input)!;
  });
  expect(last).toBe(input.toUpperCase());
  expect(grown).toBeLessThan(16 * MiB);
});

it('would show a leak: the same calls through koffi without freeing grow by far more', () => {
  // The control: decode the C string but never free it, as a naive hand-written binding does.
  const GoString = koffi.struct({ p: 'const char *', n: 'int64' });
  const upperLeaky = koffi.load(libPath).func('Upper', 'const char *', [GoString]);
  const input = 'a fairly long string, so that a leak of each result is easy to see: '.repeat(2);
  const grown = growth(1_000_000, () => {
    upperLeaky({ p: input, n: input.length });
  });
  expect(grown).toBeGreaterThan(64 * MiB);
}, 300_000);
