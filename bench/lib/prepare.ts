import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BENCH = path.join(REPO, 'bench');
/** Everything the bench builds or generates; gitignored. Inside the repository so that generated modules resolve `@gen-bindings/runtime`. */
export const WORK = path.join(BENCH, '.work');
export const CLI = path.join(REPO, 'packages/generator/bin/gen-bindings.js');

export interface BenchLibrary {
  /** Library base name: `benchlib` for `libbenchlib.so`. */
  readonly name: string;
  readonly dir: string;
  readonly so: string;
  /** The generated module, compiled to JavaScript. */
  readonly moduleJs: string;
}

function run(cmd: string, args: readonly string[], cwd: string): string {
  return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/**
 * Builds the Go files (and `extra` files, by name and text) into `lib<name>.so` with
 * `go build -buildmode=c-shared` in a package directory of its own, then generates its module with the real CLI and compiles it
 * to JavaScript the way `tsc` would, so that no loader sits between the benchmark and the code.
 */
export function buildLibrary(name: string, files: readonly string[], extra: readonly { name: string; text: string }[] = []): BenchLibrary {
  const dir = path.join(WORK, name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  for (const f of files) fs.copyFileSync(f, path.join(dir, path.basename(f)));
  for (const f of extra) fs.writeFileSync(path.join(dir, f.name), f.text);
  fs.writeFileSync(path.join(dir, 'go.mod'), `module ${name}\n\ngo 1.21\n`);
  const so = path.join(dir, `lib${name}.so`);
  run('go', ['build', '-buildmode=c-shared', '-o', so, '.'], dir);
  const moduleTs = path.join(dir, `${name}.ts`);
  run(process.execPath, [CLI, dir, '-o', moduleTs], REPO);
  const moduleJs = moduleTs.replace(/\.ts$/, '.js');
  const compiled = ts.transpileModule(fs.readFileSync(moduleTs, 'utf8'), {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, verbatimModuleSyntax: true },
  });
  fs.writeFileSync(moduleJs, compiled.outputText);
  return { name, dir, so, moduleJs };
}

/** Compiles the C floor program against a built library; returns the executable. */
export function buildFloor(lib: BenchLibrary): string {
  const exe = path.join(lib.dir, 'floor');
  const src = path.join(BENCH, 'c/floor.c');
  run('cc', ['-O2', `-DLIBHEADER="lib${lib.name}.h"`, '-o', exe, src, `-I${lib.dir}`, `-L${lib.dir}`, `-l${lib.name}`, `-Wl,-rpath,${lib.dir}`], lib.dir);
  return exe;
}

/** Runs the C floor program: ns per call for each case it knows, by case name. */
export function runFloor(exe: string, iterations: number): Map<string, number> {
  const out = run(exe, [String(iterations)], path.dirname(exe));
  const result = new Map<string, number>();
  for (const line of out.trim().split('\n')) {
    const [name, ns] = line.split(' ');
    if (name && ns) result.set(name, Number(ns));
  }
  return result;
}

/** Machine and toolchain facts for the report. */
export function machine(): { cpu: string; nproc: number; go: string; node: string; koffi: string; cc: string } {
  const cpuinfo = fs.existsSync('/proc/cpuinfo') ? fs.readFileSync('/proc/cpuinfo', 'utf8') : '';
  const cpu = /^model name\s*:\s*(.*)$/m.exec(cpuinfo)?.[1]?.trim() ?? 'unknown';
  const koffiPkg = JSON.parse(fs.readFileSync(path.join(REPO, 'node_modules/koffi/package.json'), 'utf8')) as { version: string };
  const firstLine = (s: string): string => s.split('\n')[0]!.trim();
  return {
    cpu,
    nproc: Number(run('nproc', [], REPO).trim()),
    go: run('go', ['version'], REPO).trim().replace(/^go version /, ''),
    node: process.version,
    koffi: koffiPkg.version,
    cc: firstLine(run('cc', ['--version'], REPO)),
  };
}
