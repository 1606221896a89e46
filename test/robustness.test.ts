// Inputs that once hung the generator or crashed it with an exception (issue 9): each must now end
// quickly, with diagnostics where the input is wrong. Every input first runs in a worker with a time
// limit (support/bounded.ts), so that a regression fails here instead of stalling the test run; the
// exact results are then checked in this thread.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateFromSource } from '../packages/generator/src/generate.js';
import { formatDiagnostic } from '../packages/generator/src/model/diagnostics.js';
import { readPreamble } from '../packages/generator/src/parse/preamble.js';
import type { Target } from './support/bounded.js';
import { BoundedRunner, failures } from './support/bounded.js';

/** Generous: each input here takes well under a second; a super-linear regression takes tens. */
const LIMIT_MS = 5_000;
const TEST_TIMEOUT = { timeout: 30_000 };

const runner = new BoundedRunner();
beforeAll(() => runner.warmUp());
afterAll(() => runner.close());

async function expectBounded(target: Target, text: string): Promise<void> {
  expect(failures(await runner.run(target, [{ path: 'input.go', text }], LIMIT_MS), LIMIT_MS)).toEqual([]);
}

/** A cgo file whose preamble is `preamble` and whose one export has `signature`. */
const cgoFile = (preamble: string, signature: string, decls = ''): string =>
  `package main\n\n/*\n${preamble}\n*/\nimport "C"\n\n${decls}\n//export f\nfunc f${signature} {}\n\nfunc main() {}\n`;

const lineOf = (text: string, needle: string): number => text.slice(0, text.indexOf(needle)).split('\n').length;

describe('the C preamble reader takes time in proportion to the text', () => {
  const cases: [string, string][] = [
    ['typedef followed by 4,000 spaces', `typedef${' '.repeat(4_000)}`],
    ['typedef followed by 1,000,000 spaces', `typedef${' '.repeat(1_000_000)}`],
    ['100,000 blank lines', '\n'.repeat(100_000)],
    ['100,000 unterminated comment openers', '/* '.repeat(100_000)],
    ['100,000 continued preprocessor lines', '#define X \\\n'.repeat(100_000)],
    ['1,000,000 nested braces', '{'.repeat(1_000_000)],
    ['a typedef with 100,000 declarators', `typedef int ${'a, '.repeat(100_000)}b;`],
  ];
  for (const [name, text] of cases) it(name, TEST_TIMEOUT, () => expectBounded('preamble', text));

  it('reads 1 MB of declarations', TEST_TIMEOUT, async () => {
    const decls = Array.from({ length: 10_000 }, (_, i) => `// item ${i}\n#define ITEM_${i} ${i}\ntypedef struct item${i} { int a; char *b; } item${i}_t;\ntypedef int (*item${i}_cb)(int);\n`);
    const text = decls.join('');
    await expectBounded('preamble', text);
    const info = readPreamble(text);
    expect(info.typedefs.length).toBe(20_000);
    expect(info.typedefs[0]).toEqual({ name: 'item0_t', target: 'struct item0' });
    expect(info.tags.length).toBe(10_000);
  });

  it('generates from a file whose preamble is 100,000 blank lines', TEST_TIMEOUT, async () => {
    await expectBounded('generate', cgoFile('\n'.repeat(100_000), '(x C.int)'));
    const lines = `package main\n\n${'//\n'.repeat(100_000)}import "C"\n\n//export f\nfunc f(x C.int) {}\n\nfunc main() {}\n`;
    await expectBounded('generate', lines);
  });
});

describe('long chains of types end in a located diagnostic, not a stack overflow', () => {
  const cTypedefChain = (n: number): string => ['typedef int t0;', ...Array.from({ length: n - 1 }, (_, i) => `typedef t${i} t${i + 1};`)].join('\n');
  const goTypeChain = (n: number, first = 'int'): string => [`type T0 ${first}`, ...Array.from({ length: n - 1 }, (_, i) => `type T${i + 1} T${i}`)].join('\n');

  it('maps a chain of 500 C typedefs and of 500 Go named types', TEST_TIMEOUT, async () => {
    const text = cgoFile(cTypedefChain(500), '(x C.t499, y T499) C.t499', goTypeChain(500));
    await expectBounded('generate', text);
    const r = await generateFromSource(text);
    expect(r.diagnostics).toEqual([]);
    expect(r.funcs[0]!.abi.params.map((p) => p.type.c)).toEqual(['t499', 'GoInt']);
  });

  it('stops a chain of 10,000 C typedefs', TEST_TIMEOUT, async () => {
    const text = cgoFile(cTypedefChain(10_000), '(x C.t9999)');
    await expectBounded('generate', text);
    expect((await generateFromSource(text)).diagnostics.map(formatDiagnostic)).toEqual([
      `input.go:${lineOf(text, 'func f(')}:10: error: this type is more than 1000 levels deep through named types, typedefs and pointers, and gen-bindings stops there; declare it with a shorter chain (name the final type directly) [type-too-deep]`,
    ]);
  });

  it('stops a chain of 10,000 Go named types, also behind a pointer to a C type', TEST_TIMEOUT, async () => {
    for (const [first, signature] of [['int', '(x T9999)'], ['C.opaque_t', '(x *T9999)']] as const) {
      const text = cgoFile('', signature, goTypeChain(10_000, first));
      await expectBounded('generate', text);
      expect((await generateFromSource(text)).diagnostics.map((d) => [d.code, d.pos?.line])).toEqual([['type-too-deep', lineOf(text, 'func f(')]]);
    }
  });

  // gcc itself is quadratic in pointer levels (100,000 take it over two minutes, so compiler runs
  // have a time limit); 5,000 show the mapper's own limit.
  it('stops a typedef of 5,000 pointer levels', TEST_TIMEOUT, async () => {
    const text = cgoFile(`typedef int ${'*'.repeat(5_000)}p;`, '(x C.p)');
    await expectBounded('generate', text);
    expect((await generateFromSource(text)).diagnostics.map((d) => d.code)).toEqual(['type-too-deep']);
  });

  it('ends typedef and named-type cycles', TEST_TIMEOUT, async () => {
    // A typedef cycle is not C: the compiler says so, at the preamble's line.
    const c = cgoFile('typedef a b;\ntypedef b a;', '(x C.a)');
    await expectBounded('generate', c);
    expect((await generateFromSource(c)).diagnostics.map((d) => [d.code, d.pos?.line])).toEqual([['c-preamble', lineOf(c, 'typedef a b;')]]);
    const go = cgoFile('', '(y A)', 'type A B\ntype B A\n');
    await expectBounded('generate', go);
    expect((await generateFromSource(go)).diagnostics.map((d) => d.code)).toEqual(['unsupported-type']);
  });
});
