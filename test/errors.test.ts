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
    const result = generate({ inputs: [`${ERRORS}/${file}`], cwd: REPO, out });
    expect(result.files).toEqual([]);
    expect(result.diagnostics.length).toBeGreaterThan(0);
    const text = `${result.diagnostics.map(formatDiagnostic).join('\n')}\n`;
    await expect(text).toMatchFileSnapshot(`golden/errors/${file.replace(/\.go$/, '.txt')}`);
    expect(fs.existsSync(out)).toBe(false);
  });
});

describe('inputs', () => {
  it('reports a file that does not exist', () => {
    const result = generate({ inputs: ['test/fixtures/nope.go'], cwd: REPO });
    expect(result.diagnostics.map(formatDiagnostic)).toEqual(['test/fixtures/nope.go: error: no such file or directory; check the path [no-input]']);
  });

  it('reports a glob that matches nothing', () => {
    const result = generate({ inputs: ['test/fixtures/**/nothing-*.go'], cwd: REPO });
    expect(result.diagnostics.map(formatDiagnostic)).toEqual(["error: no Go files match the glob 'test/fixtures/**/nothing-*.go'; check the pattern [no-input]"]);
  });

  it('reports files from two packages', () => {
    const result = generateFromSource([
      { path: 'a.go', text: 'package main\nimport "C"\n//export A\nfunc A() {}\n' },
      { path: 'b.go', text: 'package other\n' },
    ]);
    expect(result.diagnostics.map(formatDiagnostic)).toEqual([
      'b.go: error: file is in package other but a.go is in package main; pass the files of one package [package-mismatch]',
    ]);
  });

  it('collects every error rather than stopping at the first', () => {
    const result = generateFromSource('package main\nimport "C"\n//export A\nfunc A(x struct{}) {}\n//export B\nfunc B(...int) {}\n');
    expect(result.diagnostics.map((d) => `${d.pos?.line}:${d.code}`)).toEqual(['4:unsupported-type', '6:unsupported-type']);
  });

  it('rejects a library name that is not a file name', () => {
    const result = generateFromSource('package main\nimport "C"\n//export A\nfunc A() {}\n', { lib: 'a/b' });
    expect(result.diagnostics.map(formatDiagnostic)).toEqual([
      `error: --lib "a/b" is not a library base name; use letters, digits, '_', '-', '.' (for libsum.so write --lib sum) [bad-option]`,
    ]);
  });
});

describe('--directive', () => {
  const src = 'package main\n/*\n#include <stdlib.h>\nstatic char *v(void) { return "1.0"; }\n*/\nimport "C"\n//export Version\nfunc Version() *C.char { return C.v() }\n';
  it('marks exports of code you cannot edit, as a //bindings: line would', () => {
    const result = generateFromSource(src, { directives: ['Version:borrowed'] });
    expect(result.diagnostics).toEqual([]);
    expect(result.funcs[0]!.freeStrings).toBe(false);
    expect(result.files[0]!.contents).toContain("lib.func('Version', 'const char *', [])");
  });

  it('reports names that are not exported and bad syntax', () => {
    const result = generateFromSource(src, { directives: ['Versoin:borrowed', 'borrowed', 'Version:frobnicate'] });
    expect(result.diagnostics.map(formatDiagnostic)).toEqual([
      "--directive: error: 'Versoin:borrowed' names Versoin, which is not exported by this package; check the spelling [bad-option]",
      "--directive: error: 'borrowed' is not NAME:directive; write for example jsonnet_version:borrowed or 'Greeting:free FreeString' [bad-option]",
      '--directive: error: unknown directive //bindings:frobnicate; use one of //bindings:borrowed, //bindings:free, //bindings:error, //bindings:allow-go-pointer-result [unknown-directive]',
    ]);
  });
});

describe('names the generated module needs', () => {
  it('rejects exports that would collide with the module’s own names', () => {
    const result = generateFromSource(
      'package main\nimport "C"\n//export lib\nfunc lib() {}\n//export Pair\nfunc Pair() (int32, int32) { return 1, 2 }\n//export PairResult\nfunc PairResult() {}\n//export Run\nfunc Run() {}\n//export RunAsync\nfunc RunAsync() {}\n',
    );
    expect(result.diagnostics.map(formatDiagnostic)).toEqual([
      'input.go:4:6: error: lib is a name the generated module uses for its own code; rename the Go function [name-clash]',
      'input.go:6:6: error: the results of Pair are typed as PairResult, which is also exported; rename one of the Go functions [name-clash]',
      'input.go:10:6: error: the Promise variant of Run would be named RunAsync, which is also exported; rename one of the Go functions [name-clash]',
    ]);
  });
});
