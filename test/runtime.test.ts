// The runtime's loader: where it looks, the environment override, and the error when nothing loads;
// and callAsync, the Async path of a library without the glue.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import koffi from 'koffi';
import { LibraryNotFoundError, callAsync, candidatePaths, envVarName, libraryFileName, loadLibrary, recordType } from '@gen-bindings/runtime';
import { buildGo, REPO, WORK } from './support/harness.js';

const moduleUrl = pathToFileURL(path.join(WORK, 'runtime/gen/sum.ts')).href;

afterEach(() => {
  delete process.env[envVarName('sum')];
});

describe('library names', () => {
  it.each([
    ['linux', 'libsum.so'],
    ['darwin', 'libsum.dylib'],
    ['win32', 'libsum.dll'],
  ] as const)('%s', (platform, file) => {
    expect(libraryFileName('sum', platform)).toBe(file);
  });

  it('names the environment override after the library', () => {
    expect(envVarName('sum')).toBe('GEN_BINDINGS_LIB_SUM');
    expect(envVarName('text-stats.v2')).toBe('GEN_BINDINGS_LIB_TEXT_STATS_V2');
  });
});

describe('loadLibrary', () => {
  it('looks next to the generated module', () => {
    expect(candidatePaths({ name: 'sum', moduleUrl })).toEqual([path.join(WORK, 'runtime/gen/libsum.so')]);
  });

  it('lists every path tried and the command that builds the library', () => {
    const message = (options: Parameters<typeof loadLibrary>[0]): string => {
      const cwd = process.cwd();
      process.chdir(REPO);
      try {
        loadLibrary(options);
      } catch (e) {
        expect(e).toBeInstanceOf(LibraryNotFoundError);
        return (e as Error).message;
      } finally {
        process.chdir(cwd);
      }
      throw new Error('loaded');
    };
    // The module next to its Go source: gen-bindings build makes both.
    fs.mkdirSync(path.join(WORK, 'runtime/beside'), { recursive: true });
    fs.writeFileSync(path.join(WORK, 'runtime/beside/sum.go'), 'package main\n');
    const beside = pathToFileURL(path.join(WORK, 'runtime/beside/sum.ts')).href;
    expect(message({ name: 'sum', moduleUrl: beside, goSource: 'sum.go' })).toBe(
      "cannot load the Go library 'sum' (libsum.so). Tried:\n" +
        `  - ${path.join(WORK, 'runtime/beside/libsum.so')}: not found\n` +
        'Build it with:\n' +
        '  npx gen-bindings build test/.work/runtime/beside/sum.go\n' +
        'or point GEN_BINDINGS_LIB_SUM at the library file.',
    );
    // The module elsewhere than the Go source: build writes the library next to the module (-o); never a plain go build.
    expect(message({ name: 'sum', moduleUrl, goSource: '../../../../examples/libsum/libsum.go' })).toBe(
      "cannot load the Go library 'sum' (libsum.so). Tried:\n" +
        `  - ${path.join(WORK, 'runtime/gen/libsum.so')}: not found\n` +
        'Build it with:\n' +
        '  npx gen-bindings build examples/libsum/libsum.go -o test/.work/runtime/gen/sum.ts\n' +
        'or point GEN_BINDINGS_LIB_SUM at the library file.',
    );
    // A module compiled into an outDir looks where it was generated too, and says to build there.
    fs.mkdirSync(path.join(WORK, 'runtime/app/src'), { recursive: true });
    fs.writeFileSync(path.join(WORK, 'runtime/app/package.json'), '{}\n');
    fs.writeFileSync(path.join(WORK, 'runtime/app/src/sum.go'), 'package main\n');
    const compiled = pathToFileURL(path.join(WORK, 'runtime/app/dist/src/sum.js')).href;
    expect(message({ name: 'sum', moduleUrl: compiled, goSource: 'sum.go', projectPath: 'src/sum.ts' })).toBe(
      "cannot load the Go library 'sum' (libsum.so). Tried:\n" +
        `  - ${path.join(WORK, 'runtime/app/dist/src/libsum.so')}: not found\n` +
        `  - ${path.join(WORK, 'runtime/app/src/libsum.so')}: not found\n` +
        `  - ${path.join(REPO, 'src/libsum.so')}: not found\n` +
        'Build it with:\n' +
        '  npx gen-bindings build test/.work/runtime/app/src/sum.go\n' +
        'or point GEN_BINDINGS_LIB_SUM at the library file.',
    );
    // A bundle far from any Go source: copy the library next to it.
    const bundle = pathToFileURL(path.join(WORK, 'runtime/deployed/app.cjs')).href;
    expect(message({ name: 'sum', moduleUrl: bundle, goSource: 'sum.go', projectPath: 'src/sum.ts' })).toBe(
      "cannot load the Go library 'sum' (libsum.so). Tried:\n" +
        `  - ${path.join(WORK, 'runtime/deployed/libsum.so')}: not found\n` +
        `  - ${path.join(REPO, 'src/libsum.so')}: not found\n` +
        'Copy libsum.so (made by npx gen-bindings build <go package>) to test/.work/runtime/deployed/libsum.so, next to the module, ' +
        'or call setLibraryPath() or set GEN_BINDINGS_LIB_SUM with where it is.',
    );
    // setLibraryPath's path is the only place tried.
    expect(message({ name: 'sum', moduleUrl: bundle, path: 'nowhere/libsum.so' })).toBe(
      "cannot load the Go library 'sum' (libsum.so). Tried:\n" +
        `  - ${path.join(REPO, 'nowhere/libsum.so')}: not found (from setLibraryPath)\n` +
        'Copy libsum.so (made by npx gen-bindings build <go package>) to nowhere/libsum.so, or call setLibraryPath() or set GEN_BINDINGS_LIB_SUM with where it is.',
    );
  });

  it('says why a file that exists did not load', () => {
    const bogus = path.join(WORK, 'runtime/bogus/libsum.so');
    fs.mkdirSync(path.dirname(bogus), { recursive: true });
    fs.writeFileSync(bogus, 'not an ELF file');
    expect(() => loadLibrary({ name: 'sum', path: bogus })).toThrow(/exists but cannot be loaded: .*(invalid ELF header|file too short)/);
  });

  it('takes the environment override first, and only it', async () => {
    const built = await buildGo(path.join(REPO, 'examples/libsum/libsum.go'), 'sum', { scratch: 'runtime-sum' });
    process.env[envVarName('sum')] = built.lib;
    expect(candidatePaths({ name: 'sum', moduleUrl, path: '/elsewhere/libsum.so' })).toEqual([built.lib]);
    const lib = loadLibrary({ name: 'sum', moduleUrl });
    expect(lib.func('add', 'int64', ['int64', 'int64'])(15, 27)).toBe(42);
    // Loaded once per path: the same handle comes back.
    expect(loadLibrary({ name: 'sum', moduleUrl })).toBe(lib);
    process.env[envVarName('sum')] = path.join(WORK, 'runtime/missing/libsum.so');
    expect(() => loadLibrary({ name: 'sum', moduleUrl })).toThrow(/missing\/libsum\.so: not found \(from GEN_BINDINGS_LIB_SUM\)/);
  });
});

describe('callAsync', () => {
  it('runs calls in the order they were made, even when continuations call again', async () => {
    const { callAsync } = await import('@gen-bindings/runtime');
    const started: number[] = [];
    // A stand-in for a koffi function: finishes each call on a later tick.
    const fn = Object.assign(() => 0, {
      async: (n: number, cb: (err: unknown, r: number) => void) => {
        started.push(n);
        setTimeout(() => cb(null, n), 1);
      },
      info: {} as never,
    });
    const loops = Array.from({ length: 8 }, async (_, i) => {
      for (let k = 0; k < 5; k++) await callAsync(fn, [100 + i * 10 + k]);
    });
    const extra = callAsync(fn, [-1]);
    await Promise.all([...loops, extra]);
    // The extra call started before any loop's second call.
    expect(started.indexOf(-1)).toBeLessThan(started.indexOf(101));
    expect(started).toHaveLength(41);
  });
});

describe('callAsync (a library without the glue: koffi\'s worker threads)', () => {
  it('keeps the Refs it was given from being freed until the call completes', async () => {
    const point = recordType<{ x: number }>('struct point', koffi.struct('point', { x: 'int32' }), { x: 'int32' });
    const ref = point.alloc({ x: 1 });
    const usleep = koffi.load('libc.so.6').func('usleep', 'int', ['uint32']);
    const call = callAsync(usleep, [50_000], [ref, 'not a Ref']);
    expect(() => ref.free()).toThrow(new Error('struct point: free() while an Async call that was given this Ref has not completed (Go may still use the memory); free it once it has settled'));
    expect(await call).toBe(0);
    ref.free();
    expect(() => ref.get()).toThrow(new Error('struct point: get after free'));
  });
});
