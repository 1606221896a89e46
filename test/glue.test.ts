// The glue (issue 11): panics become GoPanicErrors, strings and slices cross as pointer plus length,
// Async runs on goroutines through a completion queue, and //bindings:export functions take a context,
// return strings, []byte and errors. A library built without the glue still works, and says so.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { GoError, GoPanicError } from '@gen-bindings/runtime';
import { generate, writeFiles } from 'gen-bindings';
import { buildGo, generateAndImport, typecheck } from './support/harness.js';
import { runCli, runTs, writeTree } from './support/cli.js';
import type * as Glue from './.work/glue/glue.js';

let m: typeof Glue;
let dir: string;

beforeAll(async () => {
  const built = await buildGo('glue', 'glue');
  dir = built.dir;
  m = await generateAndImport<typeof Glue>(built, 'glue');
});

/** The error `f` throws (or its promise rejects with). */
async function caught(f: () => unknown): Promise<GoPanicError> {
  try {
    await f();
  } catch (e) {
    return e as GoPanicError;
  }
  throw new Error('did not throw');
}

describe('a Go panic', () => {
  const kinds: [string, () => unknown, () => Promise<unknown>, string][] = [
    ['panic(value)', () => m.PanicValue('boom'), () => m.PanicValueAsync('boom'), 'boom'],
    ['a nil dereference', () => m.NilDeref(), () => m.NilDerefAsync(), 'runtime error: invalid memory address or nil pointer dereference'],
    ['an index out of range', () => m.IndexOut(5), () => m.IndexOutAsync(5), 'runtime error: index out of range [5] with length 3'],
    ['a division by zero', () => m.DivZero(1, 0), () => m.DivZeroAsync(1, 0), 'runtime error: integer divide by zero'],
  ];

  it.each(kinds)('from %s is a GoPanicError with the value and the stack where Go panicked; the next call works', async (_, call, _async, value) => {
    const e = await caught(call);
    expect(e).toBeInstanceOf(GoPanicError);
    expect(e).toBeInstanceOf(GoError);
    expect(e.value).toBe(value);
    expect(e.message).toMatch(/^\w+: Go panic: /);
    expect(e.message.endsWith(value)).toBe(true);
    // The stack starts at the panicking function, in the fixture's file, not in the glue's recovery.
    expect(e.goStack).toMatch(/^goroutine \d+ \[running/);
    expect(e.goStack.split('\n')[1]).toMatch(/^main\.(PanicValue|NilDeref|IndexOut|DivZero)\(/);
    expect(e.goStack).toContain('glue.go:');
    expect(e.goStack).not.toContain('genbindings_recover');
    expect(m.Add(2, 3)).toBe(5);
  });

  it.each(kinds)('from %s in an Async call rejects with a GoPanicError', async (_, _sync, call, value) => {
    const e = await caught(call);
    expect(e).toBeInstanceOf(GoPanicError);
    expect(e.value).toBe(value);
    expect(await m.AddAsync(2, 3)).toBe(5);
  });

  it('with an error value carries its message; one in a //bindings:export function too', async () => {
    expect((await caught(() => m.PanicError())).value).toBe('custom error');
    expect((await caught(() => m.PanicPlain())).message).toBe('PanicPlain: Go panic: plain panic');
    expect((await caught(() => m.PanicPlainAsync())).value).toBe('plain panic');
  });

  it('100 in a row leave nothing behind: each call after one works', () => {
    for (let i = 0; i < 100; i++) {
      expect(() => m.IndexOut(3 + i)).toThrow(GoPanicError);
      expect(m.IndexOut(i % 3)).toBe((i % 3) + 1);
    }
  });
});

describe('strings and slices, as pointer plus length', () => {
  it('pass strings, with multi-byte characters and NULs, and Uint8Arrays, sync and async', async () => {
    expect(m.Upper('héllo wörld')).toBe('HÉLLO WÖRLD');
    expect(m.ByteLen('a\0b\0')).toEqual({ n: 4, nuls: 2 });
    expect(m.ByteLen('')).toEqual({ n: 0, nuls: 0 });
    expect(m.ByteLen('€')).toEqual({ n: 3, nuls: 0 });
    // Up to 32 UTF-16 units Go counts the bytes itself (see genbindings_stringLength): surrogate pairs,
    // lone surrogates (U+FFFD, 3 bytes) and NULs, on both sides of that bound.
    for (const str of ['🌍', '\ud800x', 'a🌍\0€\udc00', '\0'.repeat(32), '\0'.repeat(33), '🌍'.repeat(16), '🌍'.repeat(17), 'é'.repeat(32) + 'x']) {
      expect(m.ByteLen(str)).toEqual({ n: Buffer.byteLength(str), nuls: str.split('\0').length - 1 });
    }
    expect(m.ByteLen(new Uint8Array([0, 1, 2]))).toEqual({ n: 3, nuls: 1 });
    const big = 'x'.repeat(64 << 10);
    expect(m.ByteLen(big)).toEqual({ n: 64 << 10, nuls: 0 });
    expect(await m.ByteLenAsync('a\0€')).toEqual({ n: 5, nuls: 1 });
    expect(await m.UpperAsync(big)).toBe(big.toUpperCase());
    expect(() => m.Upper(42 as never)).toThrow(new TypeError('Upper: argument s must be a string or a Uint8Array; got 42'));
    await expect(m.UpperAsync(42 as never)).rejects.toThrow(new TypeError('Upper: argument s must be a string or a Uint8Array; got 42'));
  });

  it('pass TypedArrays shared with Go (its writes are visible), and plain arrays copied', async () => {
    expect(m.SumF64(new Float64Array([1, 2, 3.5]))).toBe(6.5);
    expect(m.SumF64([1, 2])).toBe(3);
    expect(m.SumF64([])).toBe(0);
    const xs = new Float64Array([1, 2, 3]);
    m.Scale(xs, 2);
    expect([...xs]).toEqual([2, 4, 6]);
    await m.ScaleAsync(xs, 0.5);
    expect([...xs]).toEqual([1, 2, 3]);
    // A view into a larger buffer: Go sees the view, not the buffer.
    const whole = new Float64Array([10, 1, 2, 10]);
    expect(m.SumF64(whole.subarray(1, 3))).toBe(3);
    expect(() => m.SumF64(new Float32Array(1) as never)).toThrow(TypeError);
  });

  it('pass C structs by value and return them, sync and async', async () => {
    expect(m.MakeRec(4, 2.5)).toEqual({ id: 4, score: 2.5 });
    expect(await m.MakeRecAsync(3, 1.5)).toEqual({ id: 3, score: 1.5 });
    expect(m.RecScore({ id: 2, score: 1.5 })).toBe(3);
    expect(await m.RecScoreAsync({ id: 2, score: 2 })).toBe(4);
  });
});

describe('the wrappers\' names', () => {
  it('never clash: exports named like the glue\'s functions (drain, cancel, take) or like another\'s wrapper (x, async_x) build and run, sync and async', async () => {
    expect([m.drain(1), m.cancel(1), m.take(1), m.x(1), m.async_x(1)]).toEqual([2, 3, 4, 2, 3]);
    expect(await Promise.all([m.drainAsync(1), m.cancelAsync(1), m.takeAsync(1), m.xAsync(1), m.async_xAsync(1)])).toEqual([2, 3, 4, 2, 3]);
  });
});

describe('Async on goroutines', () => {
  it('settles 10,000 calls in flight, each by its id, out of order, with number, string and struct results', async () => {
    const order: number[] = [];
    const calls: Promise<void>[] = [];
    for (let i = 0; i < 10_000; i++) {
      const ms = (i * 7919) % 11;
      if (i % 3 === 0) calls.push(m.SleepyAsync(ms, i).then((v) => void (expect(v).toBe(i), order.push(i))));
      else if (i % 3 === 1) calls.push(m.DescribeAsync(i).then((v) => void (expect(v).toBe(`item-${i}`), order.push(i))));
      else calls.push(m.MakeRecAsync(i, i / 2).then((v) => void (expect(v).toEqual({ id: i, score: i / 2 }), order.push(i))));
    }
    await Promise.all(calls);
    expect(order).toHaveLength(10_000);
    expect(new Set(order).size).toBe(10_000);
    // Calls of 0 to 10 ms finish out of the order they were made in.
    expect(order.some((v, k) => k > 0 && v < order[k - 1]!)).toBe(true);
  });

  it('keep Node alive exactly while calls are pending: it exits by itself after the last completion', () => {
    const started = Date.now();
    const run = runTs(dir, "import { SleepyAsync } from './glue.js';\nvoid SleepyAsync(300, 7).then((v) => console.log('done', v));\nconsole.log('started');\n");
    expect(run).toMatchObject({ code: 0, stdout: 'started\ndone 7\n', stderr: '' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    // And a module that made no call (or whose calls settled) lets Node exit at once.
    const idle = runTs(dir, "import { SleepyAsync } from './glue.js';\nconsole.log(await SleepyAsync(1, 2));\n");
    expect(idle).toMatchObject({ code: 0, stdout: '2\n', stderr: '' });
  });
});

describe('worker threads', () => {
  it('each get a completion queue of their own, and their own panics, beside the main thread', () => {
    // Plain JavaScript, as tsc would emit it: a worker does not inherit tsx's loader.
    fs.writeFileSync(path.join(dir, 'glue.mjs'), ts.transpileModule(fs.readFileSync(path.join(dir, 'glue.ts'), 'utf8'), { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext } }).outputText);
    fs.writeFileSync(
      path.join(dir, 'worker.mjs'),
      "import { parentPort } from 'node:worker_threads';\nimport { Add, GreetAsync, IndexOut, SleepyAsync } from './glue.mjs';\nlet panic = '';\ntry { IndexOut(9); } catch (e) { panic = e.message; }\nparentPort.postMessage([Add(1, 2), await GreetAsync('worker'), await SleepyAsync(5, 9), panic]);\n",
    );
    fs.writeFileSync(
      path.join(dir, 'main.mjs'),
      "import { Worker } from 'node:worker_threads';\nimport { GreetAsync, SleepyAsync } from './glue.mjs';\nconst w = new Worker(new URL('./worker.mjs', import.meta.url));\nconst all = await Promise.all([new Promise((r) => w.once('message', r)), GreetAsync('main'), SleepyAsync(50, 1)]);\nconsole.log(JSON.stringify(all));\n",
    );
    const run = spawnSync(process.execPath, ['main.mjs'], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    expect({ code: run.status, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    expect(JSON.parse(run.stdout)).toEqual([[3, 'hello, worker', 9, 'IndexOut: Go panic: runtime error: index out of range [9] with length 3'], 'hello, main', 1]);
  });
});

describe('//bindings:export functions', () => {
  it('return strings and []byte copied out of Go, sync and async', async () => {
    expect(m.Greet('Gopher')).toBe('hello, Gopher');
    expect(await m.GreetAsync('ümlaut')).toBe('hello, ümlaut');
    expect(m.Greet('a\0b€')).toBe('hello, a\0b€');
    expect(m.Count(4)).toEqual(new Uint8Array([0, 1, 2, 3]));
    expect(m.Count(0)).toEqual(new Uint8Array(0));
    expect(await m.CountAsync(3)).toEqual(new Uint8Array([0, 1, 2]));
    expect(m.Split('a,b,c', ',')).toEqual({ head: 'a', rest: new Uint8Array([...Buffer.from('b,c')]), parts: 3 });
  });

  it('throw a non-nil error as a GoError with its message, sync and async', async () => {
    expect(m.Parse('12')).toBe(12);
    const e = await caught(() => m.Parse('zz'));
    expect(e).toBeInstanceOf(GoError);
    expect(e).not.toBeInstanceOf(GoPanicError);
    expect(e.message).toBe('strconv.Atoi: parsing "zz": invalid syntax');
    expect(e.func).toBe('Parse');
    expect(() => m.Fail()).toThrow(new GoError('Fail', 'it failed'));
    await expect(m.FailAsync()).rejects.toThrow('it failed');
    expect(() => m.Split('', ',')).toThrow('empty');
  });

  it('take a context: Background() for sync calls; an aborted signal rejects with its reason and cancels it (Go sees ctx.Err())', async () => {
    expect(m.Watch(5)).toBe(5);
    expect(await m.WatchAsync(5)).toBe(5);
    const ac = new AbortController();
    const reason = new Error('stop watching');
    setTimeout(() => ac.abort(reason), 20);
    const started = Date.now();
    await expect(m.WatchAsync(10_000, { signal: ac.signal })).rejects.toBe(reason);
    expect(Date.now() - started).toBeLessThan(5_000);
    // Go's side ends too: Watch saw its context cancelled.
    for (let i = 0; i < 100 && m.LastWatchError() !== 'context canceled'; i++) await new Promise((r) => setTimeout(r, 10));
    expect(m.LastWatchError()).toBe('context canceled');
    // A signal aborted already rejects without calling Go.
    await expect(m.WatchAsync(10, { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
  });

  it('leak nothing over 1,000,000 calls: the copies are freed', () => {
    for (let i = 0; i < 100_000; i++) m.Greet('warm-up');
    const before = process.memoryUsage().rss;
    let total = 0;
    for (let i = 0; i < 1_000_000; i++) total += m.Greet('x').length + m.Count(16).length;
    expect(total).toBe(1_000_000 * (8 + 16));
    expect(process.memoryUsage().rss - before).toBeLessThan(64 << 20);
  });

  it('type-check as strict TypeScript, and so do calls of the Async variants with and without options', () => {
    expect(typecheck([path.join(dir, 'glue.ts')])).toBe('');
    const caller = path.join(dir, 'caller.ts');
    fs.writeFileSync(caller, "import { WatchAsync } from './glue.js';\nexport const a: Promise<number> = WatchAsync(5);\nexport const b: Promise<number> = WatchAsync(5, { signal: AbortSignal.timeout(10) });\n");
    expect(typecheck([caller])).toBe('');
  });
});

describe('a library built without the glue (plain go build)', () => {
  it('still works, with direct exports and koffi async, and warns once at load with the cost and the fix', async () => {
    const plain = await buildGo('glue', 'glue', { glue: false, scratch: 'glue-plain' });
    // Its //bindings:export functions do not exist without the glue: this module is generated without them.
    const skip = ['Greet', 'Count', 'Parse', 'Fail', 'Split', 'Watch', 'PanicPlain'].map((n) => `${n}:skip`);
    const generated = await generate({ inputs: [plain.dir], cwd: plain.dir, lib: 'glue', out: 'glue.ts', directives: skip });
    writeFiles(generated.files);
    const run = runTs(
      plain.dir,
      [
        "const warnings: string[] = [];\nprocess.on('warning', (w) => warnings.push(`${(w as { code?: string }).code}: ${w.message}`));",
        "const m = await import('./glue.js');",
        'console.log(m.Add(2, 3), m.Upper(\'ok\'), m.SumF64([1, 2]), await m.AddAsync(1, 1), await m.DescribeAsync(3), m.MakeRec(1, 2).score);',
        'await new Promise((r) => setImmediate(r));',
        'console.log(warnings.length, warnings[0]);',
      ].join('\n'),
      {},
    );
    expect(run.stdout.split('\n')[0]).toBe('5 OK 3 2 item-3 2');
    // Node prints the warning once, on stderr.
    expect(run.stderr.match(/\[GEN_BINDINGS_NO_GLUE\] Warning: /g)).toHaveLength(1);
    expect(run.stdout.split('\n')[1]).toBe(
      "1 GEN_BINDINGS_NO_GLUE: the Go library 'glue' at libglue.so was built without gen-bindings' glue (plain go build): each call from the main thread costs about 1,000 times more (Go looks up the stack bounds of koffi's thread every time, golang/go#68587); a Go panic ends the process; strings and slices are passed as Go headers (slower); Async calls each hold one of libuv's threads (4 by default, shared with fs, dns and crypto). Build it with: npx gen-bindings build . -o glue.ts --lib glue",
    );
    expect(fs.existsSync(path.join(plain.dir, 'glue.ts'))).toBe(true);
  });
});

describe('a module with //bindings:export functions and a library without the glue', () => {
  it('refuses to load, naming the functions and the fix', async () => {
    const plain = await buildGo('glue', 'glue', { glue: false, scratch: 'glue-plain-all' });
    writeFiles((await generate({ inputs: [plain.dir], cwd: plain.dir, lib: 'glue', out: 'glue.ts' })).files);
    const run = runTs(plain.dir, "try { (await import('./glue.js')).loadLibrary(); } catch (e) { console.log((e as Error).message); }\n");
    expect(run.stdout).toBe(
      "the Go library 'glue' at libglue.so was built without gen-bindings' glue, and Greet, Count, Parse, Fail, Split, Watch, PanicPlain (//bindings:export) exist only through it. Build it with:\n  npx gen-bindings build . -o glue.ts --lib glue\n",
    );
  });
});

describe('a library built with an older glue (version 1, whose wrappers were genbindings_F)', () => {
  it('loads as built without the glue, calling the exports directly, and the warning says to rebuild', () => {
    const root = writeTree('glue-v1', {
      'go.mod': 'module v1\n\ngo 1.21\n',
      'v1.go': 'package main\n\nimport "C"\n\n//export Twice\nfunc Twice(s string) int { return 2 * len(s) }\n\nfunc main() {}\n',
    });
    // Today's glue file with version 1's names: the fingerprint symbol and the wrappers.
    const glue = runCli(['glue-file', '.'], root).stdout.replaceAll('genbindings_glue_v2', 'genbindings_glue_v1').replaceAll('genbindings_sync_', 'genbindings_');
    fs.writeFileSync(path.join(root, 'zz_gen_bindings_glue.go'), glue);
    execFileSync('go', ['build', '-buildmode=c-shared', '-o', 'libglue-v1.so', '.'], { cwd: root, stdio: 'pipe' });
    fs.rmSync(path.join(root, 'zz_gen_bindings_glue.go'));
    expect(runCli(['.', '-o', 'glue-v1.ts'], root)).toMatchObject({ code: 0 });
    const run = runTs(root, "import { Twice, TwiceAsync } from './glue-v1.js';\nconsole.log(Twice('abc'), await TwiceAsync('ab'));\n");
    expect(run.stdout).toBe('6 4\n');
    expect(run.stderr).toContain("[GEN_BINDINGS_NO_GLUE] Warning: the Go library 'glue-v1' at libglue-v1.so was built without gen-bindings' glue (by an older gen-bindings): a Go panic ends the process;");
  });
});

describe('the glue in a module whose go.mod declares an older go version', () => {
  it('builds: its //go:build go1.21 line sets the file\'s language version (generics, unsafe.String)', () => {
    const root = writeTree('glue-go117', {
      'go.mod': 'module old\n\ngo 1.17\n',
      'old.go': 'package main\n\nimport "C"\n\n//export Twice\nfunc Twice(s string) int { return 2 * len(s) }\n\nfunc main() {}\n',
    });
    expect(runCli(['build', '.'], root)).toMatchObject({ code: 0 });
    expect(runTs(root, "import { Twice, TwiceAsync } from './glue-go117.js';\nconsole.log(Twice('abc'), await TwiceAsync('ab'));\n")).toMatchObject({ code: 0, stdout: '6 4\n', stderr: '' });
  });
});
