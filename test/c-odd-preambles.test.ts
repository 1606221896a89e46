// Odd but valid C in an import "C" preamble: the generator reports diagnostics or generates, and
// never throws or loses the constants it can measure (review of the C front end, issue 10).
import { describe, expect, it } from 'vitest';
import { generateFromSource } from '../packages/generator/src/generate.js';
import { formatDiagnostic } from '../packages/generator/src/model/diagnostics.js';

async function generateWith(preamble: string, signature = 'func F(x C.my_t) {}') {
  const text = `package main\n\n/*\n#include <stdint.h>\n${preamble}\ntypedef int32_t my_t;\n#define GOOD 42\n*/\nimport "C"\n\n//export F\n${signature}\n\nfunc main() {}\n`;
  const r = await generateFromSource([{ path: 'lib.go', text }]);
  return { diagnostics: r.diagnostics.map(formatDiagnostic), module: r.files[0]?.contents ?? '' };
}

describe('preamble macros that are no constant expression', () => {
  it('are left out, and the probe still measures the rest', async () => {
    const defs = ['#define LBRACE {', '#define RBRACE }', '#define RP )', '#define LP (', '#define SEMI ;', '#define COMMA ,', '#define API __attribute__((visibility("default")))', '#define T int', ...Array.from({ length: 30 }, (_, i) => `#define B${i} }`)];
    const { diagnostics, module } = await generateWith(defs.join('\n'));
    expect(diagnostics).toEqual([]);
    expect(module).toContain('export const GOOD = 42;');
    expect(module).not.toContain('LBRACE');
    expect(module).toContain("$lib.func('F', 'void', ['int32'])");
  });
});

describe('declarations tree-sitter-c reads differently from a compiler', () => {
  it('K&R definitions, top-level _Static_assert, variably modified parameters and asm labels do not stop generation', async () => {
    const preamble = [
      'static int knr(a, b) int a; char *b; { return a; }',
      '_Static_assert(sizeof(int) == 4, "int");',
      'void vla(int n, int a[n]);',
      'int renamed(void) __asm__("other_name");',
    ].join('\n');
    const { diagnostics, module } = await generateWith(preamble);
    expect(diagnostics).toEqual([]);
    expect(module).toContain('export const GOOD = 42;');
  });

  it('a typedef of an array or of a function type by value is a located error', async () => {
    expect((await generateWith('typedef char name_t[16];', 'func F(n C.name_t) {}')).diagnostics).toEqual([
      'lib.go:12:10: error: C.name_t: name_t is an array type, which cannot be passed by value; pass a pointer to it [unsupported-type]',
    ]);
    expect((await generateWith('typedef int fn_t(int);', 'func F(f C.fn_t) {}')).diagnostics).toEqual([
      'lib.go:12:10: error: C.fn_t: fn_t is a function type, which cannot be passed by value; pass a pointer to it [unsupported-type]',
    ]);
  });
});
