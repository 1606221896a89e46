// Inputs for test/fuzz.test.ts: real Go files to mutate, token palettes, Unicode the lexer must
// classify, and deeply nested constructs.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO } from './harness.js';

export interface Source {
  readonly path: string;
  readonly text: string;
}

/** Files of Go's own tree with generics, cgo, large parsers and assembly-adjacent code (those this Go has). */
const GOROOT_FILES = [
  'src/go/parser/parser.go', 'src/fmt/print.go', 'src/slices/sort.go', 'src/iter/iter.go', 'src/math/big/nat.go',
  'src/os/user/cgo_lookup_cgo.go', 'src/runtime/cgo/callbacks.go', 'src/net/cgo_unix_cgo.go',
];

function goFilesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.go')).sort().map((f) => path.join(dir, f));
}

/** The repository's Go inputs and some of Go's own sources, read once. */
export function goCorpus(): Source[] {
  const goroot = execFileSync('go', ['env', 'GOROOT'], { encoding: 'utf8' }).trim();
  const files = [
    ...['test/fixtures', 'examples', 'bench/go'].flatMap((d) => goFilesUnder(path.join(REPO, d))),
    ...GOROOT_FILES.map((f) => path.join(goroot, f)).filter((f) => fs.existsSync(f)),
  ];
  return files.map((f) => ({ path: f, text: fs.readFileSync(f, 'utf8') }));
}

/** One edit of a text; `at` and `length` are taken modulo the text's length, so any values apply to any file. */
export interface Mutation {
  readonly kind: 'insert' | 'delete' | 'replace' | 'duplicate';
  readonly at: number;
  readonly length: number;
  readonly text: string;
}

export function mutate(text: string, mutations: readonly Mutation[]): string {
  let t = text;
  for (const m of mutations) {
    const at = t.length ? m.at % (t.length + 1) : 0;
    const end = Math.min(t.length, at + m.length);
    switch (m.kind) {
      case 'insert': t = t.slice(0, at) + m.text + t.slice(at); break;
      case 'delete': t = t.slice(0, at) + t.slice(end); break;
      case 'replace': t = t.slice(0, at) + m.text + t.slice(end); break;
      case 'duplicate': t = t.slice(0, end) + t.slice(at, end) + t.slice(end); break;
    }
  }
  return t;
}

/** Digits of class Nd beyond ASCII (Go allows them in identifiers, not in numbers), some beyond U+FFFF. */
export const UNICODE_DIGITS = ['٣', '۶', '१', '১', '๓', '߁', '᠑', '１', '𝟘', '𝟡', '𑁦', '𞥑'];

/** Letters of every category (Lu, Ll, Lt, Lm, Lo), some beyond U+FFFF, and what is neither: marks, joiners, a BOM, lone surrogates. */
export const UNICODE_LETTERS = ['é', 'ß', 'Ω', 'ж', 'ǅ', 'ʰ', 'ª', '中', 'ㄱ', '𝒜', '𠀀', '𐐷', '𞤀'];
export const UNICODE_OTHER = ['\u0301', '\u200d', '\ufeff', '\u00a0', '\u2028', '\ud800', '\udc00', '\u0000', '€', '😀', '👩‍👩‍👧'];

/** Go tokens and fragments that reach the parser's corners: cgo comments, directives, generics, literals. */
export const GO_TOKENS = [
  'package', 'main', 'import', '"C"', '"unsafe"', 'func', 'type', 'var', 'const', 'struct', 'interface', 'map', 'chan',
  'go', 'defer', 'return', 'if', 'else', 'for', 'range', 'switch', 'case', 'default', 'select', 'break', 'goto',
  'f', 'T', 'x', '_', 'C.int', '*C.char', 'unsafe.Pointer', 'int', 'string', 'error', 'any', '[]byte', 'int64',
  '(', ')', '[', ']', '{', '}', ',', ';', '.', '...', ':', '=', ':=', '*', '&', '<-', '~', '|', '+', '-', '!',
  '1', '0x1p-2', '1e9', '07', '1_000', '2i', "'a'", "'\\n'", '"s"', '"\\"', '`raw`', '`',
  '\n', '\n\n', ' ', '\t', '\r\n', '//', '/*', '*/', '// comment\n', '/* block */',
  '//export f\n', '//export\n', '//go:build linux\n', '//bindings:borrowed\n', '/*\n#include <stdint.h>\ntypedef int t;\n*/\n',
];

/** C fragments for the preamble reader. */
export const C_TOKENS = [
  'typedef', 'struct', 'union', 'enum', 'int', 'char', 'unsigned', 'long', 'const', 'static', 'inline', 'void',
  'a', 'b', 'fn_t', 'point', '*', '(', ')', '[', ']', '{', '}', ';', ',', '=', '4', '"s;{"', "'{'",
  ' ', '\n', '\t', '\\\n', '#define X 1\n', '#include <stdint.h>\n', '#if 0\n', '/*', '*/', '// c\n', '/* c */',
];

export const CGO_PREFIX = 'package main\n\nimport "C"\n\n';

/**
 * A construct nested `depth` times, as the text around a core: `*`×N int, `(`×N 1 `)`×N, ...
 * `closed: false` leaves the closers off, as a truncated file would.
 */
export interface Nesting {
  readonly open: string;
  readonly core: string;
  readonly close: string;
}

export const TYPE_NESTINGS: Record<string, Nesting> = {
  pointer: { open: '*', core: 'int', close: '' },
  parens: { open: '(', core: 'int', close: ')' },
  slice: { open: '[]', core: 'int', close: '' },
  array: { open: '[1]', core: 'int', close: '' },
  'map value': { open: 'map[int]', core: 'int', close: '' },
  'map key': { open: 'map[', core: 'int', close: ']int' },
  chan: { open: 'chan ', core: 'int', close: '' },
  func: { open: 'func(', core: '', close: ')' },
  'generic args': { open: 'G[', core: 'int', close: ']' },
  struct: { open: 'struct{ f ', core: 'int', close: ' }' },
};

export const BODY_NESTINGS: Record<string, Nesting> = {
  blocks: { open: '{', core: '', close: '}' },
  'expression parens': { open: '(', core: '1', close: ')' },
  'composite literals': { open: '[]any{', core: '1', close: '}' },
  'unary operators': { open: '-', core: '1', close: '' },
  'receive operators': { open: '<-', core: 'c', close: '' },
  'function literals': { open: 'func() { _ = ', core: '1', close: ' }' },
  'index expressions': { open: 'a[', core: '0', close: ']' },
  calls: { open: 'f(', core: '', close: ')' },
};

export function nest(n: Nesting, depth: number, closed: boolean): string {
  return n.open.repeat(depth) + n.core + (closed ? n.close.repeat(depth) : '');
}

/** Where a nested type or expression is put: each a whole cgo file. */
export const TYPE_CONTEXTS: Record<string, (type: string) => string> = {
  'export parameter': (t) => `${CGO_PREFIX}//export f\nfunc f(x ${t}) {}\n\nfunc main() {}\n`,
  'type declaration': (t) => `${CGO_PREFIX}type T ${t}\n\n//export f\nfunc f(x T) {}\n`,
};

export const BODY_CONTEXTS: Record<string, (expr: string) => string> = {
  'function body statement': (e) => `${CGO_PREFIX}//export f\nfunc f() {\n\t${e}\n}\n`,
  'function body expression': (e) => `${CGO_PREFIX}//export f\nfunc f() {\n\t_ = ${e}\n}\n`,
  'package variable': (e) => `${CGO_PREFIX}var v = ${e}\n`,
};
