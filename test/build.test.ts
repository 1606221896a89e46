// `gen-bindings build` and `--check` on real Go packages, run as the CLI process users run.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { calcPackage, runCli, runTs, writeTree } from './support/cli.js';

const prefixed = (prefix: string, files: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(files).map(([k, v]) => [`${prefix}/${k}`, v]));

describe('build', () => {
  const root = writeTree('b5-build', prefixed('calc', calcPackage()));
  const pkg = path.join(root, 'calc');
  const lib = path.join(pkg, 'libcalc.so');
  const mod = path.join(pkg, 'calc.ts');

  it('builds the library and generates the module, then does nothing when nothing changed', () => {
    const first = runCli(['build', 'calc'], root);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('gen-bindings: building calc/libcalc.so: go build -buildmode=c-shared -o libcalc.so . (in calc)\n');
    expect(first.stdout).toMatch(/gen-bindings: built calc\/libcalc\.so in [\d.]+ m?s\n/);
    expect(first.stdout).toContain('gen-bindings: wrote calc/calc.ts (2 exports)\n');
    expect(fs.existsSync(lib)).toBe(true);
    // The header is the one plain go build writes: the fingerprint export is not in it.
    const header = fs.readFileSync(path.join(pkg, 'libcalc.h'), 'utf8');
    expect(header).toContain('extern GoInt add(GoInt a, GoInt b);');
    expect(header).not.toContain('genbindings_fingerprint');

    const libMtime = fs.statSync(lib).mtimeMs;
    const modMtime = fs.statSync(mod).mtimeMs;
    const second = runCli(['build', 'calc'], root);
    expect(second.code).toBe(0);
    expect(second.stdout).toBe(
      'gen-bindings: calc/libcalc.so is up to date; skipped go build (no change in the Go sources, go.mod/go.sum, Go version or flags)\n' +
        'gen-bindings: calc/calc.ts is up to date\n',
    );
    expect(fs.statSync(lib).mtimeMs).toBe(libMtime);
    expect(fs.statSync(mod).mtimeMs).toBe(modMtime);
  });

  it('loads: every export is present and the fingerprint matches', () => {
    const r = runTs(pkg, "import { add, scale } from './calc.js';\nconsole.log(add(2 ** 40, 2 ** 40), scale(2));\n");
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(`${2 ** 41} 5\n`);
  });

  it('rebuilds when a Go file that declares no export changes, and leaves the module alone', () => {
    fs.writeFileSync(path.join(pkg, 'factor.go'), 'package main\n\nconst factor = 4.0\n');
    const modMtime = fs.statSync(mod).mtimeMs;
    const r = runCli(['build', 'calc'], root);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('gen-bindings: built calc/libcalc.so');
    expect(r.stdout).toContain('gen-bindings: calc/calc.ts is up to date\n');
    expect(fs.statSync(mod).mtimeMs).toBe(modMtime);
    expect(runTs(pkg, "import { scale } from './calc.js';\nconsole.log(scale(2));\n").stdout).toBe('8\n');
  });

  it('rebuilds when the flags change', () => {
    const r = runCli(['build', 'calc', '--go-flag=-trimpath'], root);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('go build -buildmode=c-shared -trimpath -o libcalc.so . (in calc)\n');
  });

  it("streams Go's compiler errors unchanged, says which step failed and writes nothing", () => {
    const before = fs.readFileSync(mod, 'utf8');
    const libMtime = fs.statSync(lib).mtimeMs;
    fs.writeFileSync(path.join(pkg, 'factor.go'), 'package main\n\nconst factor = nope\n');
    try {
      const r = runCli(['build', 'calc'], root);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('./factor.go:3:16: undefined: nope\n');
      expect(r.stderr).toContain(
        "gen-bindings: step 'go build' failed with exit code 1 (Go's paths are relative to calc); fix the Go errors above and run again. calc/calc.ts was not written and calc/libcalc.so was left as it was\n",
      );
      expect(fs.readFileSync(mod, 'utf8')).toBe(before);
      expect(fs.statSync(lib).mtimeMs).toBe(libMtime);
      expect(fs.readdirSync(pkg).filter((f) => f.includes('.tmp'))).toEqual([]);
    } finally {
      fs.writeFileSync(path.join(pkg, 'factor.go'), 'package main\n\nconst factor = 4.0\n');
    }
  });

  it('builds a single file into --out-dir, warning that the module will not find it there', () => {
    const dir = writeTree('b5-build-file', { 'libsum.go': 'package main\n\nimport "C"\n\n//export add\nfunc add(a, b int) int { return a + b }\n\nfunc main() {}\n' });
    const r = runCli(['build', 'libsum.go', '-o', 'src/sum.ts', '--out-dir', 'native'], dir);
    expect(r.code).toBe(0);
    expect(fs.existsSync(path.join(dir, 'native/libsum.so'))).toBe(true);
    expect(fs.existsSync(path.join(dir, 'src/sum.ts'))).toBe(true);
    expect(r.stderr).toBe(
      'gen-bindings: warning: native/libsum.so is not next to src/sum.ts, so the module will not find it; add --platform-package for the package that ships it, or set GEN_BINDINGS_LIB_<NAME> when running\n',
    );
  });
});

describe('--check', () => {
  const root = writeTree('b5-check', prefixed('calc', calcPackage()));
  const mod = path.join(root, 'calc/calc.ts');

  it('passes on a fresh module, and fails with a diff on a stale one without writing', () => {
    expect(runCli(['calc'], root).code).toBe(0);
    const fresh = runCli(['--check', 'calc'], root);
    expect(fresh).toEqual({ code: 0, stdout: 'gen-bindings: calc/calc.ts is up to date\n', stderr: '' });
    expect(runCli(['build', '--check', 'calc'], root).code).toBe(0);

    fs.writeFileSync(path.join(root, 'calc/calc.go'), calcPackage('int32')['calc.go']!);
    const before = fs.readFileSync(mod, 'utf8');
    const mtime = fs.statSync(mod).mtimeMs;
    const stale = runCli(['--check', 'calc'], root);
    expect(stale.code).toBe(1);
    expect(stale.stdout).toContain('--- calc/calc.ts (on disk)\n+++ calc/calc.ts (generated)\n@@ ');
    expect(stale.stdout).toContain("\n-  const $linked = $linkLibrary($lib, ['GoInt add(GoInt, GoInt)', 'GoFloat64 scale(GoFloat64)']) ?? null;\n");
    expect(stale.stdout).toContain("\n+  const $linked = $linkLibrary($lib, ['GoInt32 add(GoInt32, GoInt32)', 'GoFloat64 scale(GoFloat64)']) ?? null;\n");
    expect(stale.stdout).toContain("\n-  add$ = $linked ? $lib.func('genbindings_sync_add', 'int64', ['int64', 'int64']) : $lib.func('add', 'int64', ['int64', 'int64']);\n");
    expect(stale.stderr).toBe('gen-bindings: calc/calc.ts is stale; run gen-bindings calc and commit the result (nothing written)\n');
    expect(runCli(['build', '--check', 'calc'], root).stderr).toContain('run gen-bindings build calc and commit the result');
    expect(fs.readFileSync(mod, 'utf8')).toBe(before);
    expect(fs.statSync(mod).mtimeMs).toBe(mtime);
    expect(fs.existsSync(path.join(root, 'calc/libcalc.so'))).toBe(false);
  });

  it('fails when the module does not exist', () => {
    fs.rmSync(mod);
    const r = runCli(['--check', 'calc'], root);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('gen-bindings: calc/calc.ts does not exist; run gen-bindings calc to generate it (nothing written)\n');
    expect(fs.existsSync(mod)).toBe(false);
  });
});

describe('gen-bindings.config.json', () => {
  it('builds every package it lists and says which config it used', () => {
    const dir = writeTree('b5-config', {
      ...prefixed('go/calc', calcPackage()),
      ...prefixed('go/calc32', { ...calcPackage('int32'), 'go.mod': 'module example.com/calc32\n\ngo 1.21\n' }),
      'gen-bindings.config.json': JSON.stringify({
        packages: [
          { inputs: 'go/calc', out: 'src/calc.ts', outDir: 'src', int64: 'bigint' },
          { inputs: ['go/calc32'], out: 'src/calc32.ts', goFlags: ['-trimpath'], platformPackages: ['@acme/calc32-{platform}-{arch}'] },
        ],
      }),
    });
    const r = runCli(['build'], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^gen-bindings: using config gen-bindings\.config\.json \(2 packages\)\n/);
    expect(r.stdout).toContain('gen-bindings: wrote src/calc.ts (2 exports)');
    expect(r.stdout).toContain('gen-bindings: built src/libcalc.so');
    expect(r.stdout).toContain('gen-bindings: built src/libcalc32.so');
    expect(fs.readFileSync(path.join(dir, 'src/calc32.ts'), 'utf8')).toContain("platformPackages: ['@acme/calc32-{platform}-{arch}']");
    expect(runTs(dir, "import { add } from './src/calc.js';\nconsole.log(typeof add(1, 2));\n").stdout).toBe('bigint\n');

    const check = runCli(['build', '--check'], dir);
    expect(check.code).toBe(0);
    expect(check.stdout).toBe('gen-bindings: using config gen-bindings.config.json (2 packages)\ngen-bindings: src/calc.ts is up to date\ngen-bindings: src/calc32.ts is up to date\n');
  });

  it('rejects a bad config with a message naming the key and what to write', () => {
    const dir = writeTree('b5-config-bad', { 'gen.json': JSON.stringify({ packages: [{ inputs: 'x', int46: 'bigint' }] }) });
    const r = runCli(['build', '--config', 'gen.json'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('gen.json: packages[0].int46 is not an option; use one of inputs, out, format, lib, int64, outDir, goFlags, platformPackages, directives, tags, skipUnsupported\n');
  });

  it('asks for an input when there is neither an input nor a config', () => {
    const r = runCli(['build'], writeTree('b5-config-none', {}));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^gen-bindings build: no Go input given and no gen-bindings\.config\.json in \.; pass a Go file or package directory, or write a config file/);
  });
});
