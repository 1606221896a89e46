// Regression tests for the parser defects of issue 9: each input once hung, threw, refused valid Go,
// or read //export and directives differently from cgo.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateFromSource } from '../packages/generator/src/index.js';
import { formatDiagnostic } from '../packages/generator/src/model/diagnostics.js';
import { lex } from '../packages/generator/src/parse/lexer.js';
import { parseGoFile } from '../packages/generator/src/parse/parse-file.js';
import { decodeGoSource } from '../packages/generator/src/parse/source-text.js';
import { MAX_NESTING } from '../packages/generator/src/parse/syntax/parser.js';

const REPO = path.join(import.meta.dirname, '..');
const parse = (src: string) => parseGoFile(src, 'x.go');
const NESTING = `nested too deeply (more than ${MAX_NESTING} levels of types, expressions and blocks); split it into named types, variables or functions`;
const messages = (src: string) => parse(src).diagnostics.map((d) => `${d.pos?.line}:${d.pos?.column}: ${d.message} [${d.code}]`);

describe('the lexer on characters that once hung it', () => {
  it.each(['۶', '٣', '１', '߀', '𝟘'])('rejects the Unicode digit %s as Go does, at once', (digit) => {
    const started = performance.now();
    expect(messages(`package p\nvar x = ${digit}\n`)).toEqual([`2:9: invalid character U+${digit.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')} '${digit}' in Go source [syntax]`]);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it("takes letters and digits from Go's Unicode tables, not the JS engine's", () => {
    // U+A7CB is a letter since Unicode 16; Go 1.26 has Unicode 15 and gofmt calls it illegal.
    expect(messages('package p\nvar \uA7CB = 1\n')).toEqual(["2:5: invalid character U+A7CB 'Ɤ' in Go source [syntax]"]);
    expect(messages('package p\nvar ꟊ = 1\n')).toEqual([]);
  });

  it('has the letter and digit tables of the installed Go (regenerate with the command in unicode-go.ts)', () => {
    const generated = execFileSync('go', ['run', 'scripts/unicode-go/main.go'], { cwd: REPO, encoding: 'utf8' });
    expect(fs.readFileSync(path.join(REPO, 'packages/generator/src/parse/unicode-go.ts'), 'utf8')).toBe(generated);
  }, 60_000);

  it('accepts Unicode digits inside identifiers', () => {
    expect(messages('package p\nvar x۶ = 1\n')).toEqual([]);
  });

  it('reports what go/scanner reports: NUL, a misplaced BOM, invalid UTF-8, bad numbers and escapes', () => {
    expect(messages('package p\nvar x = "a\0b"\n')).toEqual(['2:11: illegal character NUL [syntax]']);
    expect(messages('\uFEFFpackage p\nvar x = "\uFEFF"\n')).toEqual(['2:10: illegal byte order mark [syntax]']);
    expect(messages(decodeGoSource(Buffer.from([...Buffer.from('package p\n// '), 0xff, 0x0a])))).toEqual(['2:4: illegal UTF-8 encoding [syntax]']);
    expect(messages('package p\nvar x = 0b102\n')).toEqual(["2:13: invalid digit '2' in binary literal [syntax]"]);
    expect(messages('package p\nvar x = 1__0\n')).toEqual(["2:11: '_' must separate successive digits [syntax]"]);
    expect(messages('package p\nvar x = 0x1.0\n')).toEqual(["2:14: hexadecimal mantissa requires a 'p' exponent [syntax]"]);
    expect(messages('package p\nvar x = "\\q"\n')).toEqual(['2:10: unknown escape sequence [syntax]']);
    expect(messages("package p\nvar x = 'ab'\n")).toEqual(['2:9: illegal rune literal [syntax]']);
    expect(messages('package p\n//line x.go:0\nvar x = 1\n')).toEqual(['2:13: invalid line number: 0 [syntax]']);
  });
});

describe('valid Go the old parser refused', () => {
  it.each([
    'func seq() iter.Seq[int] { return nil }',
    'var p atomic.Pointer[T]',
    'type S struct{ m sync.Map; p atomic.Pointer[int] }',
    'func f[T interface{ ~int | ~string }](x T) T { return x }',
    'func f() { for range 10 {} ; x := []int{1, 2}[1:]; _ = x; switch y := any(1).(type) { default: _ = y } }',
    'func f() { if x := (T{}); x.a {} }',
    'type G[P *C] struct{}',
  ])('%s', (decl) => {
    expect(messages(`package p\n${decl}\n`)).toEqual([]);
  });

  it('says what go/parser says about invalid Go, at the same place', () => {
    expect(messages('package p\nfunc f() { if x := T{}; x.a {} }\n')).toEqual([
      '2:15: syntax error: expected boolean expression, found assignment (missing parentheses around composite literal?) [syntax]',
    ]);
    expect(messages('package p\nfunc f() { go (g()) }\n')).toEqual(['2:15: syntax error: expression in go must not be parenthesized [syntax]']);
    expect(messages('package p\nfunc f()\n{\n}\n')).toEqual(['3:1: syntax error: unexpected semicolon or newline before { [syntax]']);
    expect(messages('package p\nfunc f() {}\nimport "fmt"\n')).toEqual(['3:1: syntax error: imports must appear before other declarations [syntax]']);
  });
});

describe('nesting', () => {
  const deep = (open: string, n: number, inner: string, close = '') => `package p\ntype T ${open.repeat(n)}${inner}${close.repeat(n)}\n`;
  it.each([
    ['pointers', deep('*', 10_000, 'int')],
    ['parentheses', deep('(', 10_000, 'int', ')')],
    ['slices', deep('[]', 10_000, 'int')],
    ['maps', deep('map[int]', 10_000, 'int')],
    ['channels', deep('chan ', 10_000, 'int')],
    ['func results', deep('func() ', 10_000, 'int')],
    ['expressions', `package p\nvar x = ${'('.repeat(100_000)}1${')'.repeat(100_000)}\n`],
    ['blocks', `package p\nfunc f() ${'{'.repeat(100_000)}${'}'.repeat(100_000)}\n`],
    ['composite literals', `package p\nvar x = ${'[]any{'.repeat(50_000)}${'}'.repeat(50_000)}\n`],
  ])('is a located error past %i levels of %s, not a stack overflow', (_name, src) => {
    const { diagnostics } = parse(src);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]!.code).toBe('nesting');
    expect(diagnostics[0]!.message).toBe(NESTING);
    expect(diagnostics[0]!.pos?.line).toBe(2);
  });

  it('accepts nesting just below the limit (a parenthesized expression counts twice, a pointer type once)', () => {
    const parens = MAX_NESTING / 2 - 5;
    expect(parse(`package p\nvar x = ${'('.repeat(parens)}1${')'.repeat(parens)}\n`).diagnostics).toEqual([]);
    expect(parse(`package p\ntype T ${'*'.repeat(MAX_NESTING - 5)}int\n`).diagnostics).toEqual([]);
    expect(parse(`package p\nvar x = ${'f('.repeat(parens)}1${')'.repeat(parens)}\n`).diagnostics).toEqual([]);
  });

  it('a long else-if chain is not nesting', () => {
    expect(parse(`package p\nfunc f(x int) {\n if x == 0 {}${' else if x == 1 {}'.repeat(5000)}\n}\n`).diagnostics).toEqual([]);
  });

  it('generateFromSource reports it rather than throwing', async () => {
    const r = await generateFromSource([{ path: 'deep.go', text: `package main\nimport "C"\n//export F\nfunc F(p ${'*'.repeat(20_000)}int) {}\n` }]);
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([`deep.go:4:${10 + MAX_NESTING}: error: ${NESTING} [nesting]`]);
  });
});

describe('//export as cgo reads it', () => {
  it('is not an export when a comment stands between it and the func on the func line', () => {
    const { file } = parse('package main\nimport "C"\n//export f\n/* x */ func f() {}\n\nfunc g() {}\n');
    expect(file.exports).toEqual([]);
  });

  it('takes only the first //export of a doc comment', () => {
    const { file } = parse('package main\nimport "C"\n//export f\n//export g\nfunc f() {}\n');
    expect(file.exports.map((e) => [e.name, e.exportName])).toEqual([['f', 'f']]);
  });

  it('reads directives and doc comments of CRLF sources without the carriage return', () => {
    const { file } = parse('package main\r\nimport "C"\r\n// Hex encodes.\r\n//bindings:free FreeString\r\n//export Hex\r\nfunc Hex() *C.char { return nil }\r\n');
    expect(file.exports[0]!.directives.map((d) => [d.name, d.args])).toEqual([['free', ['FreeString']]]);
    expect(file.exports[0]!.doc).toEqual(['Hex encodes.']);
  });
});

describe('work is linear', () => {
  it('lexes a preamble of 100,000 blank comment lines and a 1 MB string quickly', () => {
    const src = `package main\n${'//\n'.repeat(100_000)}import "C"\nvar s = "${'x'.repeat(1 << 20)}"\n`;
    const started = performance.now();
    expect(parse(src).diagnostics).toEqual([]);
    expect(lex(src, 'x.go').diagnostics).toEqual([]);
    expect(performance.now() - started).toBeLessThan(5000);
  });
});
