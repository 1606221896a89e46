// C function pointers (issue 10): a JS function where an export takes one, registered for the call
// and released after it, called synchronously and from an Async call; exceptions reach the caller.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import koffi from 'koffi';
import { Callback } from '@gen-bindings/runtime';
import { generateFromSource } from '../packages/generator/src/generate.js';
import { formatDiagnostic } from '../packages/generator/src/model/diagnostics.js';
import { REPO, buildGo, generateAndImport, typecheck } from './support/harness.js';
import type * as CCallbacks from './.work/ccallbacks/ccallbacks.js';

let m: typeof CCallbacks;
let moduleFile: string;

beforeAll(async () => {
  const built = await buildGo('ccallbacks', 'ccallbacks');
  m = await generateAndImport<typeof CCallbacks>(built, 'ccallbacks');
  moduleFile = `${built.dir}/ccallbacks.ts`;
});

describe('JS functions for C function pointers', () => {
  it('are called by C with converted arguments, and their results reach C', () => {
    expect(m.Sum(4, (_user, value) => value * 10, null)).toBe(60);
    const seen: unknown[] = [];
    m.Log((message, level) => void seen.push(message, level), 3);
    expect(seen).toEqual(['hello from Go', 3]);
  });

  it('are released after each call: 10,000 calls do not run out of koffi callback slots, and memory stays flat', () => {
    let total = 0;
    for (let i = 0; i < 10_000; i++) total += m.Sum(2, (_u, v) => v + 1, null);
    expect(total).toBe(30_000);
    // 50,000 more, each registering and releasing a fresh function: RSS grows by far less than a leak would.
    const before = process.memoryUsage().rss;
    for (let i = 0; i < 50_000; i++) m.Sum(1, (_u, v) => v, null);
    expect(process.memoryUsage().rss - before).toBeLessThan(64 << 20);
  });

  it('throw what the JS function threw once C returns (C saw 0)', () => {
    let calls = 0;
    expect(() =>
      m.Sum(3, () => {
        calls++;
        throw new Error('from the callback');
      }, null),
    ).toThrow(new Error('from the callback'));
    expect(calls).toBe(3);
  });

  it('work from an Async call (koffi runs the JS function on the main thread)', async () => {
    expect(await m.SumAsync(5, (_u, v) => v * 2, null)).toBe(20);
  });

  it('are called from 10,000 goroutines at once during an Async call, each queued to the main thread', async () => {
    let calls = 0;
    const total = await m.FanAsync(10_000, (_u, v) => {
      calls++;
      return v % 7;
    });
    expect(calls).toBe(10_000);
    let expected = 0;
    for (let v = 0; v < 10_000; v++) expected += v % 7;
    expect(total).toBe(expected);
  });

  it('that C keeps are called by 10,000 goroutines outside any call, through genbindings_callJS, with bounded OS threads and flat memory', async () => {
    const threads = (): number => Number(/^Threads:\s+(\d+)/m.exec(fs.readFileSync('/proc/self/status', 'utf8'))![1]);
    const before = process.memoryUsage().rss;
    let calls = 0;
    let peak = 0;
    const handler = m.api_visit.register((_user, value) => {
      calls++;
      if (calls % 500 === 0) peak = Math.max(peak, threads());
      return value % 5;
    });
    m.SetHandler(handler);
    let expected = 0;
    for (let round = 1; round <= 3; round++) {
      m.Spray(10_000);
      for (let v = 0; v < 10_000; v++) expected += v % 5;
      for (let i = 0; i < 2_000 && m.Sprayed() !== expected; i++) await new Promise((r) => setTimeout(r, 5));
      expect(calls).toBe(round * 10_000);
      expect(m.Sprayed()).toBe(expected);
    }
    m.SetHandler(null);
    handler.release();
    // 64 goroutines at a time reach C; the others wait in Go without a thread of their own.
    expect(peak).toBeLessThan(200);
    expect(process.memoryUsage().rss - before).toBeLessThan(64 << 20);
  });

  it('deadlock in a synchronous call that waits for goroutines calling them: the glue says so on stderr, naming the export and the fix', async () => {
    // In a process of its own, which never ends by itself: Fan waits for goroutines whose calls into
    // JS wait for Node's main thread, which is inside Fan.
    const file = path.join(path.dirname(moduleFile), 'deadlock.ts');
    fs.writeFileSync(file, "import { Fan } from './ccallbacks.js';\nconsole.log('calling');\nFan(4, (_u, v) => v);\nconsole.log('returned');\n");
    const child = spawn(path.join(REPO, 'node_modules/.bin/tsx'), [file], { cwd: path.dirname(file) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const said = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), 30_000);
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        if (stderr.includes('\n')) {
          clearTimeout(timer);
          resolve(true);
        }
      });
      child.on('exit', () => resolve(false));
    });
    child.kill('SIGKILL');
    expect(said).toBe(true);
    expect(stdout).toBe('calling\n');
    expect(stderr).toMatch(
      /^gen-bindings: a goroutine has waited [3-9] s to call a JavaScript function \(through genbindings_callJS\) while JavaScript is inside the synchronous call of Fan, which has not returned: if Fan waits for that goroutine, neither can go on\. Call the Async variant of Fan instead: it leaves JavaScript free to run the callback \(see docs\/c-style-apis\.md, "Callbacks from goroutines"\)\.\n$/,
    );
  }, 60_000);

  it('refuse a Callback of another function-pointer type (C would call it with the wrong arguments)', () => {
    const other = new Callback(() => undefined, koffi.proto('void', ['const char *', 'int32']));
    expect(() => m.Sum(1, other as never, null)).toThrow(
      new TypeError('Sum: argument visit must be a function, a Callback of its function-pointer type, a pointer or null; got a Callback of another type'),
    );
    other.release();
  });

  it('take a pointer or null instead, and nothing else', () => {
    expect(() => m.Sum(1, 42 as never, null)).toThrow(new TypeError('Sum: argument visit must be a function, a Callback, a pointer or null; got 42'));
  });

  it('that C keeps (//bindings:keep) are Callbacks the caller registers and releases', () => {
    const handler = m.api_visit.register((_user, value) => value * 3);
    m.SetHandler(handler);
    expect(m.Fire(4)).toBe(12);
    expect(m.Fire(5)).toBe(15);
    m.SetHandler(null);
    expect(m.Fire(5)).toBe(-1);
    handler.release();
    expect(() => handler.release()).toThrow(new Error('Callback: released twice'));
    expect(() => m.SetHandler((() => 1) as never)).toThrow(
      new TypeError('SetHandler: argument f must be a Callback of its type, a pointer or null (C keeps this one: register the function with the CallbackType the module exports for it, and release() it once C no longer calls it); got a function'),
    );
  });

  it('//bindings:keep is checked: it names function-pointer parameters', async () => {
    const r = await generateFromSource([{ path: 'lib.go', text: 'package main\n\nimport "C"\n\n//bindings:keep n\n//export F\nfunc F(n C.int) {}\n\nfunc main() {}\n' }]);
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([
      'lib.go:5:1: error: //bindings:keep names n, a C.int; it takes a C function-pointer parameter whose signature koffi can describe [bad-directive]',
    ]);
  });

  it('type-check as strict TypeScript', () => {
    expect(typecheck([moduleFile])).toBe('');
  });
});
