// Bad input: located diagnostics with exact text, and nothing written.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic, generate, generateFromSource } from 'gen-bindings';
import { REPO, WORK } from './support/harness.js';

const ERRORS = 'test/fixtures/errors';
const cases = fs.readdirSync(path.join(REPO, ERRORS)).filter((f) => f.endsWith('.go')).sort();

describe('error goldens', () => {
  it.each(cases)('%s', async (file) => {
    const out = path.join(WORK, 'errors', file.replace(/\.go$/, '.ts'));
    const result = await generate({ inputs: [`${ERRORS}/${file}`], cwd: REPO, out });
    expect(result.files).toEqual([]);
    expect(result.diagnostics.length).toBeGreaterThan(0);
    const text = `${result.diagnostics.map(formatDiagnostic).join('\n')}\n`;
    await expect(text).toMatchFileSnapshot(`golden/errors/${file.replace(/\.go$/, '.txt')}`);
    expect(fs.existsSync(out)).toBe(false);
  });
});

describe('inputs', () => {
  it('reports a file that does not exist', async () => {
    const result = await generate({ inputs: ['test/fixtures/nope.go'], cwd: REPO });
    expect(result.diagnostics.map(formatDiagnostic)).toEqual(['test/fixtures/nope.go: error: no such file or directory; check the path [no-input]']);
  });

  it('reports a glob that matches nothing', async () => {
    const result = await generate({ inputs: ['test/fixtures/**/nothing-*.go'], cwd: REPO });
    expect(result.diagnostics.map(formatDiagnostic)).toEqual(["error: no Go files match the glob 'test/fixtures/**/nothing-*.go'; check the pattern [no-input]"]);
  });

  it('reports files from two packages', async () => {
    const result = await generateFromSource([
      { path: 'a.go', text: 'package main\nimport "C"\n//export A\nfunc A() {}\n' },
      { path: 'b.go', text: 'package other\n' },
    ]);
    expect(result.diagnostics.map(formatDiagnostic)).toEqual([
      'b.go: error: file is in package other but a.go is in package main; pass the files of one package [package-mismatch]',
    ]);
  });

  it('collects every error rather than stopping at the first', async () => {
    const result = await generateFromSource('package main\nimport "C"\n//export A\nfunc A(x struct{}) {}\n//export B\nfunc B(...int) {}\n');
    expect(result.diagnostics.map((d) => `${d.pos?.line}:${d.code}`)).toEqual(['4:unsupported-type', '6:unsupported-type']);
  });

  it('rejects a library name that is not a file name', async () => {
    const result = await generateFromSource('package main\nimport "C"\n//export A\nfunc A() {}\n', { lib: 'a/b' });
    expect(result.diagnostics.map(formatDiagnostic)).toEqual([
      `error: --lib "a/b" is not a library base name; use letters, digits, '_', '-', '.' (for libsum.so write --lib sum) [bad-option]`,
    ]);
  });
});

describe('--directive', () => {
  const src = 'package main\n/*\n#include <stdlib.h>\nstatic char *v(void) { return "1.0"; }\n*/\nimport "C"\n//export Version\nfunc Version() *C.char { return C.v() }\n';
  it('marks exports of code you cannot edit, as a //bindings: line would', async () => {
    const result = await generateFromSource(src, { directives: ['Version:borrowed'] });
    expect(result.diagnostics).toEqual([]);
    expect(result.funcs[0]!.freeStrings).toBe(false);
    expect(result.files[0]!.contents).toContain("$lib.func('Version', 'const char *', [])");
  });

  it('renames an export named then, which would make the module thenable', async () => {
    const then = 'package main\nimport "C"\n// then returns 7.\n//\n//export then\nfunc then() int32 { return 7 }\n';
    expect((await generateFromSource(then)).diagnostics.map(formatDiagnostic)).toEqual([
      'input.go:5:1: error: an export named then makes the generated module thenable, so await import() of it would call then and never resolve; rename the Go function or export it under another name with //bindings:name NAME in its doc comment (or --directive then:name NAME) [thenable-export]',
    ]);
    const result = await generateFromSource(then, { directives: ['then:name goThen'] });
    expect(result.diagnostics).toEqual([]);
    const text = result.files[0]!.contents;
    expect(text).toContain("  then$ = $linked ? $lib.func('genbindings_sync_then', 'int32', []) : $lib.func('then', 'int32', []);");
    expect(text).toContain('export function goThen(): number {');
    expect(text).toContain('export async function goThenAsync(): Promise<number> {');
    expect(text).not.toMatch(/function then\b/);
  });

  it('reports names that are not exported and bad syntax', async () => {
    const result = await generateFromSource(src, { directives: ['Versoin:borrowed', 'borrowed', 'Version:frobnicate'] });
    expect(result.diagnostics.map(formatDiagnostic)).toEqual([
      "--directive: error: 'Versoin:borrowed' names Versoin, which is not exported by this package; check the spelling [bad-option]",
      "--directive: error: 'borrowed' is not NAME:directive; write for example jsonnet_version:borrowed or 'Greeting:free FreeString' [bad-option]",
      '--directive: error: unknown directive //bindings:frobnicate; use one of //bindings:borrowed, //bindings:free, //bindings:error, //bindings:allow-go-pointer-result, //bindings:name, //bindings:skip, //bindings:out, //bindings:keep, //bindings:export [unknown-directive]',
    ]);
  });
});

describe('names the generated module needs', () => {
  it('rejects exports whose names collide with the names derived from another (its Result and Async), not with the module’s internals', async () => {
    const result = await generateFromSource(
      'package main\nimport "C"\n//export lib\nfunc lib() {}\n//export Pair\nfunc Pair() (int32, int32) { return 1, 2 }\n//export PairResult\nfunc PairResult() {}\n//export Run\nfunc Run() {}\n//export RunAsync\nfunc RunAsync() {}\n',
    );
    expect(result.diagnostics.map(formatDiagnostic)).toEqual([
      'input.go:6:6: error: the results of Pair are typed as PairResult, which is also exported; rename one of the Go functions [name-clash]',
      'input.go:10:6: error: the Promise variant of Run would be named RunAsync, which is also exported; rename one of the Go functions [name-clash]',
    ]);
  });
});
