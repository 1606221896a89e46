// Parser table tests: Go's lexical rules and the declarations gen-bindings reads.
import { describe, expect, it } from 'vitest';
import { lex } from '../packages/generator/src/parse/lexer.js';
import { parseGoFile } from '../packages/generator/src/parse/parse-file.js';
import { buildConstraint, evalBuildExpr, fileNameMatches, goArch } from '../packages/generator/src/parse/build-constraints.js';
import { readPreamble } from '../packages/generator/src/parse/preamble.js';
import { goTypeToString } from '../packages/generator/src/model/go-types.js';

const parse = (src: string) => parseGoFile(src, 'x.go');
const sig = (src: string) => {
  const { file, diagnostics } = parse(`package main\nimport "C"\n${src}\n`);
  expect(diagnostics).toEqual([]);
  return file.exports.map((e) => ({
    name: e.name,
    params: e.params.map((p) => `${p.name ?? '-'}:${goTypeToString(p.type)}`),
    results: e.results.map((p) => `${p.name ?? '-'}:${goTypeToString(p.type)}`),
  }));
};

describe('lexer', () => {
  it.each([
    ['a := 1\nb', ['a', ':=', '1', '\n', 'b', '\n']],
    ['return\n}', ['return', '\n', '}', '\n']],
    ['x /* multi\nline */ y', ['x', '\n', 'y', '\n']],
    ['f()\n', ['f', '(', ')', '\n']],
    ["'\\''", ["'\\''", '\n']],
    ['0x1p-2 1e+5 1_000 3i .5', ['0x1p-2', '1e+5', '1_000', '3i', '.5', '\n']],
    ['`raw\n//export X\n`', ['`raw\n//export X\n`', '\n']],
    ['𝑥 := ñ1', ['𝑥', ':=', 'ñ1', '\n']],
  ])('%j', (src, texts) => {
    const { tokens, diagnostics } = lex(src, 'x.go');
    expect(diagnostics).toEqual([]);
    expect(tokens.slice(0, -1).map((t) => t.lit)).toEqual(texts);
  });

  it('reports unterminated literals with their position', () => {
    expect(lex('x := "abc\n', 'x.go').diagnostics.map((d) => `${d.pos?.line}:${d.pos?.column} ${d.message}`)).toEqual([
      '1:6 string literal not terminated',
    ]);
    expect(lex('/* open', 'x.go').diagnostics[0]?.message).toBe('comment not terminated');
  });
});

describe('exports', () => {
  it.each([
    ['//export add\nfunc add(a, b int) int { return a + b }', [{ name: 'add', params: ['a:int', 'b:int'], results: ['-:int'] }]],
    ['//export F\nfunc F(int, string)', [{ name: 'F', params: ['-:int', '-:string'], results: [] }]],
    ['//export F\nfunc F(a, b int32, c string) (q, r int64)', [{ name: 'F', params: ['a:int32', 'b:int32', 'c:string'], results: ['q:int64', 'r:int64'] }]],
    ['//export F\nfunc F(p *C.char, n C.int) *C.char { return nil }', [{ name: 'F', params: ['p:*C.char', 'n:C.int'], results: ['-:*C.char'] }]],
    ['//export F\nfunc F(x []byte, y [4]int32, m map[string][]int, c <-chan int, d chan<- bool) (n int)', [
      { name: 'F', params: ['x:[]uint8', 'y:[4]int32', 'm:map[string][]int', 'c:<-chan int', 'd:chan<- bool'], results: ['n:int'] },
    ]],
    ['//export F\nfunc F(f func(int) (int, error), i interface{ M() }, e interface{}) error', [
      { name: 'F', params: ['f:func(...)', 'i:interface{...}', 'e:interface{}'], results: ['-:error'] },
    ]],
    ['//export F\nfunc F(xs ...int)', [{ name: 'F', params: ['xs:...int'], results: [] }]],
    ['//export F\nfunc F(l List[int], r rune, u unsafe.Pointer)', [{ name: 'F', params: ['l:List[int]', 'r:int32', 'u:unsafe.Pointer'], results: [] }]],
    ['//export F\nfunc F(List[int])', [{ name: 'F', params: ['-:List[int]'], results: [] }]],
    ['//export F\nfunc F(\n\ta int,\n\tb int,\n) int', [{ name: 'F', params: ['a:int', 'b:int'], results: ['-:int'] }]],
  ])('%s', (src, expected) => {
    expect(sig(src)).toEqual(expected);
  });

  it('reads doc comments, directives and the source signature', () => {
    const { file } = parse('package main\nimport "C"\n\n// Add adds.\n//\n// More text.\n//\n//bindings:borrowed\n//go:noinline\n//export Add\nfunc Add(a, b int) int { return a + b }\n');
    const e = file.exports[0]!;
    expect(e.doc).toEqual(['Add adds.', '', 'More text.']);
    expect(e.directives.map((d) => d.name)).toEqual(['borrowed']);
    expect(e.signature).toBe('func Add(a, b int) int');
    expect(e.exportPos).toEqual({ file: 'x.go', line: 10, column: 1 });
  });

  // The signature is the `Go: \`...\`` code span of the TSDoc: one line, no comment, no backtick.
  it.each([
    ['func Add(a, b int) int', 'func Add(a, b int) int'],
    ['func F(a /* the `a` */ int32, // the b `\n\tb int32,\n) (sum int32 /* a + b */)', 'func F(a int32, b int32) (sum int32)'],
    ['func F(\n\ta int, // `x`\n\tb []int, /* ` */\n)', 'func F(a int, b []int)'],
    ['func F( /* c */ a int /* d */ ) /* e */ int', 'func F(a int) int'],
    ['func F(xs []struct{ A int `json:"a" re:"\\d"`; B int })', 'func F(xs []struct{ A int "json:\\"a\\" re:\\"\\\\d\\""; B int })'],
    ['func F(xs []struct {\n\tA int `x`\n\tB int // b\n})', 'func F(xs []struct { A int "x"; B int })'],
    ['func F(xs [][\'`\']int, ys [][len("`\u2028")]int)', "func F(xs [][\'\\x60\']int, ys [][len(\"\\x60\\u2028\")]int)"],
  ])('renders the signature %j as %j', (signature, expected) => {
    const { file } = parse(`package main\nimport "C"\n//export F\n${signature} {}\n`);
    expect(file.exports[0]!.signature).toBe(expected);
  });

  it('does not see //export inside strings, raw strings or unattached comments', () => {
    const { file } = parse('package main\nimport "C"\nvar s = `\n//export A\nfunc A() {}\n`\n\n//export B\n\nfunc B() {}\nfunc C() { x := "//export C"; _ = x }\n');
    expect(file.exports).toEqual([]);
  });

  it('marks methods, generic functions and files without import "C"', () => {
    const { file } = parseGoFile('package main\n//export M\nfunc (t *T) M() {}\n//export G\nfunc G[T any](x T) T { return x }\n', 'x.go');
    expect(file.exports.map((e) => [e.name, !!e.receiver, !!e.typeParams, e.inCgoFile])).toEqual([
      ['M', true, false, false],
      ['G', false, true, false],
    ]);
  });

  it('reads the preamble, imports and type declarations', () => {
    const { file } = parse('package main\n// #include <stdint.h>\n// typedef int32_t my_i32;\nimport "C"\nimport (\n\tu "unsafe"\n\t"strings"\n)\ntype (\n\tA B\n\tB = int32\n)\ntype L[T any] []T\ntype N [4]int\n');
    expect(file.preamble).toBe(' #include <stdint.h>\n typedef int32_t my_i32;\n');
    expect([...file.imports.entries()]).toEqual([['C', 'C'], ['u', 'unsafe'], ['strings', 'strings']]);
    expect(file.types.map((t) => [t.name, goTypeToString(t.type), t.alias, t.typeParams])).toEqual([
      ['A', 'B', false, false],
      ['B', 'int32', true, false],
      ['L', '[]T', false, true],
      ['N', '[4]int', false, false],
    ]);
  });

  it('takes no doc comment across a comment that trails code, as Go does', () => {
    expect(parse('package main\nimport "C"\n//export Foo\nvar x = 1 // trailing\nfunc Foo() {}\n').file.exports).toEqual([]);
    expect(parse('package main\nimport "C"\nvar y = 2 // trailing\n//export Foo\nfunc Foo() {}\n').file.exports.map((e) => e.name)).toEqual(['Foo']);
  });

  it('reads the preamble above a lone grouped import "C", as cgo does', () => {
    expect(parse('package main\n\n// typedef int myint;\nimport (\n\t"C"\n)\n').file.preamble).toBe(' typedef int myint;\n');
    expect(parse('package main\n\n// not a preamble\nimport (\n\t"C"\n\t"fmt"\n)\n').file.preamble).toBe('');
  });

  it('stops at the first syntax error and keeps the exports before it', () => {
    const { file, diagnostics } = parse('package main\nimport "C"\n//export Good\nfunc Good() {}\nfunc bad( {\n}\n//export Later\nfunc Later() {}\n');
    expect(diagnostics.map((d) => `${d.pos?.line}:${d.pos?.column}: ${d.message}`)).toEqual(["5:11: syntax error: expected ')', found '{'"]);
    expect(file.exports.map((e) => e.name)).toEqual(['Good']);
  });
});

describe('build constraints', () => {
  it("name this machine's architecture as Go does, which Node does not for little-endian ppc64 and mips", () => {
    expect(['x64', 'ia32', 'arm64', 'arm', 'riscv64', 's390x', 'loong64'].map((a) => goArch(a, 'LE'))).toEqual(['amd64', '386', 'arm64', 'arm', 'riscv64', 's390x', 'loong64']);
    expect([goArch('ppc64', 'LE'), goArch('ppc64', 'BE'), goArch('mipsel', 'LE'), goArch('mips', 'BE'), goArch('mips64el', 'LE')]).toEqual(['ppc64le', 'ppc64', 'mipsle', 'mips', 'mips64le']);
  });

  const linux = { goos: 'linux', goarch: 'amd64' };
  it.each([
    ['linux', true],
    ['darwin', false],
    ['linux && amd64', true],
    ['linux && !cgo', false],
    ['(darwin || linux) && (amd64 || arm64)', true],
    ['unix && !windows', true],
    ['go1.21', true],
    ['ignore', false],
  ])('%s', (expr, expected) => {
    expect(evalBuildExpr(expr, linux)).toBe(expected);
  });

  it.each([
    ['a.go', true],
    ['a_test.go', false],
    ['a_linux.go', true],
    ['a_windows.go', false],
    ['a_linux_arm64.go', false],
    ['a_linux_amd64.go', true],
    ['a_amd64.go', true],
    ['linux.go', true],
    ['_hidden.go', false],
    ['defs_sparc64.go', false],
    ['zsys_linux_ppc.go', false],
  ])('%s', (name, expected) => {
    expect(fileNameMatches(name, linux)).toBe(expected);
  });

  it('reads //go:build only before the package clause', () => {
    expect(buildConstraint('// Copyright\n\n//go:build linux\n\npackage main\n')).toBe('linux');
    expect(buildConstraint('package main\n//go:build linux\n')).toBeUndefined();
    expect(buildConstraint('/*\nCopyright 2020 The Authors.\n*/\n\n//go:build windows\n\npackage main\n')).toBe('windows');
  });
});

describe('preamble', () => {
  it('finds typedefs and tags', () => {
    const info = readPreamble('#include <stdint.h>\ntypedef int32_t my_i32;\ntypedef unsigned long ul;\nstruct point { int x; int y; };\ntypedef struct { int a; } anon_t;\n/* typedef int hidden; */\n');
    expect(info.typedefs.map((t) => `${t.name}=${t.target}`)).toEqual(['my_i32=int32_t', 'ul=unsigned long', 'anon_t=struct']);
    expect(info.tags).toEqual(['struct_point']);
  });

  it('gives each declarator of a typedef its own pointer level', () => {
    expect(readPreamble('typedef int a, *b; typedef char *c, d;').typedefs.map((t) => `${t.name}=${t.target}`)).toEqual(['a=int', 'b=int*', 'c=char*', 'd=char']);
  });
});
