// Golden outputs: the generated modules are reviewed files, regenerated here and type-checked.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { GenerateOptions } from 'gen-bindings';
import { generate, glueGoSource } from 'gen-bindings';
import { buildGo, generateAndImport, REPO, typecheck } from './support/harness.js';

const GOLDENS: { name: string; input: string; options?: Partial<GenerateOptions> }[] = [
  { name: 'libsum', input: 'examples/libsum/libsum.go' },
  { name: 'textstats', input: 'test/fixtures/textstats/textstats.go' },
  { name: 'textstats.bigint', input: 'test/fixtures/textstats/textstats.go', options: { int64: 'bigint', lib: 'textstats' } },
  { name: 'naming', input: 'test/fixtures/naming/naming.go' },
];

async function generateGolden(g: (typeof GOLDENS)[number]): Promise<string> {
  const out = path.join(REPO, 'test/golden', `${g.name}.ts`);
  const result = await generate({ inputs: [g.input], cwd: REPO, out, ...g.options });
  expect(result.diagnostics).toEqual([]);
  expect(result.files.map((f) => f.path)).toEqual([out]);
  return result.files[0]!.contents;
}

describe('golden modules', () => {
  it.each(GOLDENS)('$name', async (g) => {
    await expect(await generateGolden(g)).toMatchFileSnapshot(`golden/${g.name}.ts`);
  });

  it('the glue for textstats (the Go file gen-bindings build adds), reviewed like the modules', async () => {
    const r = await generate({ inputs: ['test/fixtures/textstats/textstats.go'], cwd: REPO });
    const glue = glueGoSource(r.pkg!.name, r.funcs);
    expect(glueGoSource(r.pkg!.name, r.funcs)).toBe(glue);
    await expect(glue).toMatchFileSnapshot('golden/textstats.glue.go.txt');
  });

  it('are deterministic', async () => {
    for (const g of GOLDENS) expect(await generateGolden(g)).toBe(await generateGolden(g));
  });

  it('type-check with tsc --strict, noUncheckedIndexedAccess and exactOptionalPropertyTypes', () => {
    expect(typecheck(GOLDENS.map((g) => path.join(REPO, 'test/golden', `${g.name}.ts`)))).toBe('');
  });

  it('match the committed example byte for byte', async () => {
    const committed = fs.readFileSync(path.join(REPO, 'examples/libsum/libsum.ts'), 'utf8');
    const result = await generate({ inputs: ['examples/libsum/libsum.go'], cwd: REPO });
    expect(result.files[0]!.contents).toBe(committed);
  });
});

describe('naming', () => {
  it('exports reserved words under their Go names and names unnamed values by position', async () => {
    const built = await buildGo('naming', 'naming');
    const m = await generateAndImport<Record<string, (...args: unknown[]) => unknown>>(built, 'naming');
    expect(m['delete']!(10, 3)).toBe(7);
    expect(m['Unnamed']!(1, 2)).toBe(0);
    expect(m['Blank']!(1, 5)).toBe(5);
    expect(m['Pair']!()).toEqual({ r0: 7, r1: true });
    expect(m['BlankResults']!()).toEqual({ r0: -1, ok: true });
  });
});

describe('consumer project', () => {
  it('compiles code that uses the generated types strictly', () => {
    const dir = path.join(REPO, 'test/.work/consumer');
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'use.ts');
    fs.writeFileSync(
      file,
      `import { Add, DivMod, Split, Upper, Mean, AddAsync, type DivModResult } from '../../golden/textstats.js';
const n: number = Add(1, 2n);
const dm: DivModResult = DivMod(7, 2);
const q: number = dm.q;
const s: string | null = Upper('x');
const parts = Split('a=b', '=');
const found: boolean = parts.found;
const m: number = Mean(new Float64Array([1]));
const p: Promise<number> = AddAsync(1, 2);
// @ts-expect-error a string is not an int
Add('1', 2);
// @ts-expect-error results are not optional
const missing: undefined = dm.r;
export { n, q, s, found, m, p, missing };
`,
    );
    expect(typecheck([file])).toBe('');
  });
});
