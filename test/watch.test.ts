// `--watch` driven through a real file edit: the CLI runs as a process, the test edits a Go file.
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { CLI, calcPackage, writeTree } from './support/cli.js';

const WAIT_MS = 90_000;
let child: ChildProcess | undefined;

afterEach(() => {
  child?.kill('SIGTERM');
  child = undefined;
});

/** Starts the CLI; `until(re, n)` resolves once stdout matches `re` `n` times, and fails after WAIT_MS. */
function startCli(args: readonly string[], cwd: string): { until: (re: RegExp, n?: number) => Promise<string>; output: () => string } {
  let out = '';
  let err = '';
  const waiters: (() => void)[] = [];
  child = spawn(process.execPath, [CLI, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.setEncoding('utf8').on('data', (s: string) => {
    out += s;
    for (const w of waiters) w();
  });
  child.stderr!.setEncoding('utf8').on('data', (s: string) => {
    err += s;
  });
  const output = (): string => `stdout:\n${out}\nstderr:\n${err}`;
  const until = (re: RegExp, n = 1): Promise<string> =>
    new Promise((resolve, reject) => {
      const g = new RegExp(re.source, `${re.flags.replace('g', '')}g`);
      const check = (): void => {
        if ((out.match(g) ?? []).length >= n) {
          clearTimeout(timer);
          resolve(out);
        }
      };
      const timer = setTimeout(() => reject(new Error(`no ${n}× ${re} within ${WAIT_MS} ms\n${output()}`)), WAIT_MS);
      waiters.push(check);
      check();
    });
  return { until, output };
}

const CYCLE = /^\d\d:\d\d:\d\d gen-bindings: calc: built calc\/libcalc\.so, wrote calc\/calc\.ts \([\d.]+ m?s\)$/m;

it('build --watch rebuilds and regenerates after a Go file changes, one line per cycle', { timeout: 240_000 }, async () => {
  const root = writeTree('b5-watch', Object.fromEntries(Object.entries(calcPackage()).map(([k, v]) => [`calc/${k}`, v])));
  const cli = startCli(['build', '--watch', 'calc'], root);
  await cli.until(CYCLE);
  expect(cli.output()).toMatch(/^stdout:\ngen-bindings: watching calc \(Ctrl-C to stop\)\. A process that loaded the library keeps the old one until it restarts: restart it after each build\n/);
  expect(fs.readFileSync(path.join(root, 'calc/calc.ts'), 'utf8')).toContain("'GoInt add(GoInt, GoInt)'");

  fs.writeFileSync(path.join(root, 'calc/calc.go'), calcPackage('int32')['calc.go']!);
  const out = await cli.until(CYCLE, 2);
  expect(fs.readFileSync(path.join(root, 'calc/calc.ts'), 'utf8')).toContain("'GoInt32 add(GoInt32, GoInt32)'");
  // Exactly one line per cycle: the first build and the edit; the files the build wrote started none.
  await new Promise((r) => setTimeout(r, 1500));
  expect(cli.output().match(/^\d\d:\d\d:\d\d /gm)).toHaveLength(2);
  expect(out).not.toContain('gen-bindings: building');
});

it('--watch on the default command regenerates only', { timeout: 240_000 }, async () => {
  const root = writeTree('b5-watch-gen', Object.fromEntries(Object.entries(calcPackage()).map(([k, v]) => [`calc/${k}`, v])));
  const cli = startCli(['--watch', 'calc'], root);
  await cli.until(/^\d\d:\d\d:\d\d gen-bindings: calc: wrote calc\/calc\.ts/m);
  fs.writeFileSync(path.join(root, 'calc/calc.go'), calcPackage('int32')['calc.go']!);
  await cli.until(/^\d\d:\d\d:\d\d gen-bindings: calc: wrote calc\/calc\.ts/m, 2);
  expect(fs.existsSync(path.join(root, 'calc/libcalc.so'))).toBe(false);
});
