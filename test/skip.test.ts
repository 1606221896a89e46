// Partial output (issue 10): //bindings:skip (or --directive NAME:skip) leaves an export out;
// --skip-unsupported writes the module without the exports that cannot be bound, each reported as a
// located warning, while errors about the package as a whole still fail.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatDiagnostic, generate, generateFromSource } from 'gen-bindings';
import { watchPackages } from '../packages/generator/src/build/watch.js';
import { runCli, runTs, writeTree } from './support/cli.js';
import { FIXTURES, REPO, buildGo, generateAndImport } from './support/harness.js';
import type * as Partial from './.work/partial/partial.js';

const PARTIAL = fs.readFileSync(path.join(FIXTURES, 'partial/partial.go'), 'utf8');

const GREET = 'a Go string result points into Go memory, which C must not keep (cgo pointer rules); return *C.char from C.CString(s) instead (gen-bindings frees it), or add //bindings:allow-go-pointer-result if the string is static [go-pointer-result]';
const APPLY = 'Go func types cannot be exported to C; pass a C function pointer (unsafe.Pointer) or export the callback side separately [unsupported-type]';

const names = (r: { funcs: readonly { func: { name: string } }[] }): string[] => r.funcs.map((b) => b.func.name);

describe('//bindings:skip', () => {
  it('leaves the export out, unchecked, and out of the load-time verification', async () => {
    const r = await generateFromSource(PARTIAL.replace('//export Greet', '//bindings:skip\n//export Greet').replace('//export Apply', '//bindings:skip\n//export Apply'));
    expect(r.diagnostics).toEqual([]);
    expect(names(r)).toEqual(['Add', 'Twice']);
    const text = r.files[0]!.contents;
    expect(text).toContain("const $linked = $linkLibrary($lib, ['GoInt32 Add(GoInt32, GoInt32)', 'GoFloat64 Twice(GoFloat64)']) ?? null;");
    expect(text).not.toMatch(/Greet|Apply|then/);
  });

  it('is given from outside with --directive NAME:skip', async () => {
    const r = await generateFromSource(PARTIAL, { directives: ['Greet:skip', 'Apply:skip'] });
    expect(r.diagnostics).toEqual([]);
    expect(names(r)).toEqual(['Add', 'Twice']);
  });

  it('takes no arguments', async () => {
    const r = await generateFromSource('package main\nimport "C"\n//bindings:skip now\n//export A\nfunc A() {}\n//export B\nfunc B() {}\n');
    expect(r.diagnostics.map(formatDiagnostic)).toEqual(['input.go:3:1: error: //bindings:skip takes no arguments; write //bindings:skip alone on its line [bad-directive]']);
  });

  it('is an error when it leaves nothing to bind', async () => {
    const r = await generateFromSource('package main\nimport "C"\n//bindings:skip\n//export A\nfunc A(s []string) string { return "" }\n', { directives: [] });
    expect(r.files).toEqual([]);
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([
      'input.go:1:1: error: every export is skipped (//bindings:skip), so nothing is left to bind; remove //bindings:skip from the exports to call from TypeScript [no-exports]',
    ]);
  });

  it('cannot skip a free function another export needs', async () => {
    const src = 'package main\nimport "C"\n//bindings:free Release\n//export Hello\nfunc Hello() *C.char { return nil }\n//bindings:skip\n//export Release\nfunc Release(p *C.char) {}\n//export Other\nfunc Other() {}\n';
    expect((await generateFromSource(src)).diagnostics.map(formatDiagnostic)).toEqual([
      'input.go:3:1: error: //bindings:free names Release, but //bindings:skip leaves it out of the module; remove //bindings:skip from Release, or free with another function [bad-directive]',
    ]);
    const r = await generateFromSource(src, { skipUnsupported: true });
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([
      'input.go:3:1: warning: Hello is left out of the module: //bindings:free names Release, but //bindings:skip leaves it out of the module; remove //bindings:skip from Release, or free with another function [bad-directive]',
    ]);
    expect(names(r)).toEqual(['Other']);
  });
});

describe('--skip-unsupported', () => {
  it('without it, the exports that cannot be bound are errors and nothing is generated', async () => {
    const r = await generate({ inputs: ['test/fixtures/partial'], cwd: REPO });
    expect(r.files).toEqual([]);
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([
      `test/fixtures/partial/partial.go:13:25: error: ${GREET}`,
      `test/fixtures/partial/partial.go:18:14: error: ${APPLY}`,
    ]);
  });

  it('leaves them out with a located warning each, and generates the rest', async () => {
    const r = await generate({ inputs: ['test/fixtures/partial'], cwd: REPO, skipUnsupported: true });
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([
      `test/fixtures/partial/partial.go:13:25: warning: Greet is left out of the module: ${GREET}`,
      `test/fixtures/partial/partial.go:18:14: warning: Apply is left out of the module: ${APPLY}`,
    ]);
    expect(names(r)).toEqual(['Add', 'Twice']);
    expect(r.files).toHaveLength(1);
    expect(r.files[0]!.contents).toContain("const $linked = $linkLibrary($lib, ['GoInt32 Add(GoInt32, GoInt32)', 'GoFloat64 Twice(GoFloat64)']) ?? null;");
  });

  it('turns every error about an export into a warning: names, directives, C parameter names', async () => {
    const src = [
      'package main',
      'import "C"',
      '//export then',
      'func then() {}',
      '//bindings:borrow',
      '//export Typo',
      'func Typo() {}',
      '//export Char',
      'func Char(char int) {}',
      '//bindings:error',
      '//export NoError',
      'func NoError() int { return 0 }',
      '//export Good',
      'func Good() {}',
      '',
    ].join('\n');
    const r = await generateFromSource(src, { skipUnsupported: true });
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([
      'input.go:3:1: warning: then is left out of the module: an export named then makes the generated module thenable, so await import() of it would call then and never resolve; rename the Go function or export it under another name with //bindings:name NAME in its doc comment (or --directive then:name NAME) [thenable-export]',
      'input.go:5:1: warning: Typo is left out of the module: unknown directive //bindings:borrow; use one of //bindings:borrowed, //bindings:free, //bindings:error, //bindings:allow-go-pointer-result, //bindings:name, //bindings:skip, //bindings:out, //bindings:keep, //bindings:export [unknown-directive]',
      "input.go:9:11: warning: Char is left out of the module: parameter char is a C keyword, and cgo copies parameter names into C unchanged, which breaks its C build; rename the parameter (for example char_) [c-param-name]",
      'input.go:10:1: warning: NoError is left out of the module: //bindings:error needs a last result of type *C.char (an error message or nil); NoError ends with int [bad-directive]',
    ]);
    expect(names(r)).toEqual(['Good']);
  });

  it('still fails on errors about the package: syntax, options, a preamble that does not compile, nothing left', async () => {
    const fail = async (src: string, options = {}): Promise<string[]> => {
      const r = await generateFromSource(src, { skipUnsupported: true, ...options });
      expect(r.files).toEqual([]);
      return r.diagnostics.map(formatDiagnostic);
    };
    expect(await fail('package main\nimport "C"\n//export A\nfunc A( {}\n')).toEqual(['input.go:4:9: error: syntax error: expected \')\', found \'{\' [syntax]']);
    expect(await fail('package main\nimport "C"\n//export A\nfunc A() {}\n', { lib: 'a/b' })).toEqual([
      `error: --lib "a/b" is not a library base name; use letters, digits, '_', '-', '.' (for libsum.so write --lib sum) [bad-option]`,
    ]);
    expect(await fail('package main\nimport "C"\n//export A\nfunc A() {}\n', { directives: ['Nope:skip'] })).toEqual([
      "--directive: error: 'Nope:skip' names Nope, which is not exported by this package; check the spelling [bad-option]",
    ]);
    expect(await fail('package main\n/*\ntypedef int pt;\n#error broken\n*/\nimport "C"\n//export A\nfunc A(p C.pt) {}\n//export B\nfunc B() {}\n')).toEqual([
      'input.go:4:1: error: the C compiler rejects the preamble: #error broken; fix the C code or the #cgo CFLAGS [c-preamble]',
    ]);
    expect(await fail('package main\nimport "C"\ntype int32 int64\n//export A\nfunc A() {}\n')).toEqual([
      "input.go:3:6: error: type int32 redeclares Go's predeclared int32, which cgo then uses in the header while gen-bindings reads the predeclared type; rename the type [shadowed-type]",
    ]);
    expect(await fail('package main\nimport "C"\n//export A\nfunc A() string { return "" }\n//bindings:skip\n//export B\nfunc B() {}\n')).toEqual([
      'input.go:4:10: warning: A is left out of the module: ' + GREET,
      'input.go:1:1: error: every export is left out of the module (see the warnings above), so nothing is left to bind; fix the exports the warnings name [no-exports]',
    ]);
  });
});

describe('a module without the unsupported exports, against the whole library', () => {
  let m: typeof Partial;
  beforeAll(async () => {
    const built = await buildGo('partial', 'partial');
    m = await generateAndImport<typeof Partial>(built, 'partial', { skipUnsupported: true });
  });

  it('calls the exports it has; the library still has the others', () => {
    expect(m.Add(2, 40)).toBe(42);
    expect(m.Twice(1.25)).toBe(2.5);
    expect(Object.keys(m).sort()).toEqual(['Add', 'AddAsync', 'Twice', 'TwiceAsync', 'loadLibrary', 'setLibraryPath']);
  });
});

describe('the CLI', () => {
  const WARNINGS =
    `partial.go:13:25: warning: Greet is left out of the module: ${GREET}\n` +
    `partial.go:18:14: warning: Apply is left out of the module: ${APPLY}\n`;

  it('prints the warnings, writes the module and exits 0 (default command, --check, build)', () => {
    const dir = writeTree('skip-cli', { 'partial.go': PARTIAL, 'go.mod': 'module example.com/partial\n\ngo 1.21\n' });
    const failed = runCli(['partial.go'], dir);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toBe(WARNINGS.replaceAll(': warning: Greet is left out of the module:', ': error:').replaceAll(': warning: Apply is left out of the module:', ': error:') + 'gen-bindings: 2 errors; nothing written\n');

    const gen = runCli(['--skip-unsupported', 'partial.go'], dir);
    expect(gen.stderr).toBe(WARNINGS);
    expect(gen.stdout).toBe('gen-bindings: wrote partial.ts (2 exports, 3 left out)\n');
    expect(gen.code).toBe(0);

    const check = runCli(['--check', '--skip-unsupported', 'partial.go'], dir);
    expect(check.stderr).toBe(WARNINGS);
    expect(check.stdout).toBe('gen-bindings: partial.ts is up to date\n');
    expect(check.code).toBe(0);

    const build = runCli(['build', '--skip-unsupported', 'partial.go'], dir);
    expect(build.stderr).toBe(WARNINGS);
    expect(build.stdout).toContain('gen-bindings: built libpartial.so');
    expect(build.stdout).toContain('gen-bindings: partial.ts is up to date');
    expect(build.code).toBe(0);
    // The library carries the fingerprint of the bound exports; the module loads and calls them.
    const run = runTs(dir, "import { Add, Twice } from './partial.js';\nconsole.log(Add(1, 2), Twice(4));\n");
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('3 8\n');
  });

  it('prints the warnings on every --watch cycle and writes the module', async () => {
    const dir = writeTree('skip-watch', { 'partial.go': PARTIAL });
    let out = '';
    let err = '';
    const io = { stdout: (s: string) => void (out += s), stderr: (s: string) => void (err += s), cwd: dir };
    const stop = new AbortController();
    const done = watchPackages([{ inputs: ['partial.go'], cwd: dir, skipUnsupported: true }], { build: false, generatorVersion: 'test', verbose: true }, io, stop.signal);
    for (let i = 0; i < 100 && !fs.existsSync(path.join(dir, 'partial.ts')); i++) await new Promise((r) => setTimeout(r, 50));
    stop.abort();
    expect(await done).toBe(0);
    expect(err).toBe(WARNINGS);
    expect(out).toMatch(/ gen-bindings: partial\.go: wrote partial\.ts \(/);
  });

  it('takes skipUnsupported from the config file', () => {
    const dir = writeTree('skip-config', {
      'go/partial.go': PARTIAL,
      'go/go.mod': 'module example.com/partial\n\ngo 1.21\n',
      'gen-bindings.config.json': JSON.stringify({ packages: [{ inputs: ['go'], skipUnsupported: true }] }),
    });
    const r = runCli(['build', '--check'], dir);
    expect(r.stderr).toBe(WARNINGS.replaceAll('partial.go:', 'go/partial.go:') + 'gen-bindings: go/go.ts does not exist; run gen-bindings build to generate it (nothing written)\n');
    expect(r.code).toBe(1);
    const built = runCli(['build'], dir);
    expect(built.stderr).toBe(WARNINGS.replaceAll('partial.go:', 'go/partial.go:'));
    expect(built.stdout).toContain('gen-bindings: wrote go/go.ts (2 exports, 3 left out)');
    expect(built.code).toBe(0);
    const bad = writeTree('skip-config-bad', { 'gen-bindings.config.json': JSON.stringify({ packages: [{ inputs: ['go'], skipUnsupported: 'yes' }] }) });
    expect(runCli(['build'], bad).stderr).toBe('gen-bindings.config.json: packages[0].skipUnsupported must be true or false, not "yes"\n');
    expect(runCli(['build', '--skip-unsupported'], dir).stderr).toBe(
      'gen-bindings build: --skip-unsupported applies to one package; with a config file, set it on the package in gen-bindings.config.json\n',
    );
  });
});
