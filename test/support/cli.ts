// Helpers for tests that run the gen-bindings CLI and generated modules as real processes.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO, WORK } from './harness.js';

export const CLI = path.join(REPO, 'packages/generator/bin/gen-bindings.js');
const TSX = path.join(REPO, 'node_modules/.bin/tsx');

export interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The test process's environment without the variables that turn colour on or off, which tests set themselves. */
export function plainEnv(): NodeJS.ProcessEnv {
  const { FORCE_COLOR: _force, NO_COLOR: _no, ...rest } = process.env;
  return rest;
}

/** Runs `gen-bindings <args>` in `cwd` to completion (bounded by two minutes). */
export function runCli(args: readonly string[], cwd: string, env: Record<string, string> = {}): Run {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...plainEnv(), ...env }, timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs a TypeScript snippet with tsx in its own process (so that each test loads its own Go library). */
export function runTs(dir: string, source: string, env: Record<string, string> = {}): Run {
  const file = path.join(dir, `run-${process.pid}-${Math.random().toString(36).slice(2)}.ts`);
  fs.writeFileSync(file, source);
  try {
    const r = spawnSync(TSX, [file], { cwd: dir, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000 });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  } finally {
    fs.rmSync(file, { force: true });
  }
}

/** A fresh scratch directory `test/.work/<name>` holding `files` (path → contents). */
export function writeTree(name: string, files: Record<string, string>): string {
  const dir = path.join(WORK, name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

/** A cgo package whose `add` takes and returns `intType`; `factor.go` holds a constant only Go sees. */
export function calcPackage(intType = 'int', factor = '2.5'): Record<string, string> {
  return {
    'go.mod': 'module example.com/calc\n\ngo 1.21\n',
    'calc.go': [
      'package main',
      '',
      'import "C"',
      '',
      '// add returns a + b.',
      '//',
      '//export add',
      `func add(a, b ${intType}) ${intType} { return a + b }`,
      '',
      '//export scale',
      'func scale(x float64) float64 { return x * factor }',
      '',
      'func main() {}',
      '',
    ].join('\n'),
    'factor.go': `package main\n\nconst factor = ${factor}\n`,
  };
}
