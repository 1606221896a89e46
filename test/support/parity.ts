// Compares gen-bindings' Go parser with go/parser (through test/support/goparse) file by file:
// whether each reports a syntax error, and which functions cgo's `//export` rule exports.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseGoFile } from '../../packages/generator/src/parse/parse-file.js';
import { readGoSource } from '../../packages/generator/src/parse/source-text.js';

export interface GoVerdict {
  readonly file: string;
  readonly error: string;
  readonly exports: readonly (readonly [string, string])[];
}

export interface Disagreement {
  readonly file: string;
  readonly go: string;
  readonly ours: string;
}

const here = path.dirname(new URL(import.meta.url).pathname);

/** Builds the go/parser program once into `dir` and returns its path. */
export function buildGoParse(dir: string): string {
  const exe = path.join(dir, 'goparse');
  execFileSync('go', ['build', '-o', exe, path.join(here, 'goparse', 'main.go')], { stdio: 'inherit' });
  return exe;
}

/** Every `.go` file under `$(go env GOROOT)/src` and `/test`, sorted. */
export function gorootGoFiles(): string[] {
  const root = execFileSync('go', ['env', 'GOROOT'], { encoding: 'utf8' }).trim();
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && e.name.endsWith('.go')) files.push(p);
    }
  };
  walk(path.join(root, 'src'));
  walk(path.join(root, 'test'));
  return files.sort();
}

export function goVerdicts(exe: string, files: readonly string[]): GoVerdict[] {
  const out = execFileSync(exe, { input: files.join('\n') + '\n', encoding: 'utf8', maxBuffer: 256 << 20 });
  return out.trim().split('\n').map((l) => JSON.parse(l) as GoVerdict);
}

/** Our verdict for one file, in the same terms. */
export function ourVerdict(file: string): GoVerdict {
  const { file: parsed, diagnostics } = parseGoFile(readGoSource(file), file);
  const error = diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.pos?.line}:${d.pos?.column}: ${d.message}`)[0] ?? '';
  return { file, error, exports: parsed.exports.filter((e) => !e.plain).map((e) => [e.name, e.exportName] as const) };
}

export function compare(go: readonly GoVerdict[]): { disagreements: Disagreement[]; files: number; goErrors: number } {
  const disagreements: Disagreement[] = [];
  for (const g of go) {
    const ours = ourVerdict(g.file);
    if (Boolean(g.error) !== Boolean(ours.error)) {
      disagreements.push({ file: g.file, go: g.error || 'no error', ours: ours.error || 'no error' });
    } else if (!g.error && JSON.stringify(g.exports) !== JSON.stringify(ours.exports)) {
      disagreements.push({ file: g.file, go: `exports ${JSON.stringify(g.exports)}`, ours: `exports ${JSON.stringify(ours.exports)}` });
    }
  }
  return { disagreements, files: go.length, goErrors: go.filter((g) => g.error).length };
}

// `tsx test/support/parity.ts`: prints every disagreement over GOROOT.
if (process.argv[1] && path.resolve(process.argv[1]) === path.join(here, 'parity.ts')) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gen-bindings-parity-'));
  const started = performance.now();
  const go = goVerdicts(buildGoParse(dir), gorootGoFiles());
  const goMs = performance.now() - started;
  const t0 = performance.now();
  const r = compare(go);
  const ms = performance.now() - t0;
  for (const d of r.disagreements) process.stdout.write(`${d.file}\n  go:   ${d.go}\n  ours: ${d.ours}\n`);
  process.stdout.write(`${r.files} files (${r.goErrors} with a go/parser error): ${r.disagreements.length} disagreements; go/parser ${Math.round(goMs)} ms with the build, gen-bindings ${Math.round(ms)} ms\n`);
}
