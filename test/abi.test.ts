// Differential test: the corpus in test/fixtures/abi/corpus is built with go build -buildmode=c-shared,
// and every prototype and result struct in the header cgo wrote is compared with what gen-bindings
// derives; then the C compiler measures every type the bindings declare, and koffi must agree.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { GoTypes, resultStruct } from '@gen-bindings/runtime';
import type { TypeSpec } from '@gen-bindings/runtime';
import type { AbiType, BoundFunc, LayoutItem } from 'gen-bindings';
import { checkAbi, formatDiagnostic, formatMismatch, generate } from 'gen-bindings';
import koffi from 'koffi';
import { describe, expect, it } from 'vitest';
import { koffiType, resultSurface } from '../packages/generator/dist/map/surface.js';
import { buildGo, REPO } from './support/harness.js';

// Built at collection time so that each export of the header becomes its own test.
const built = await buildGo('abi/corpus', 'abi-corpus');
const result = await checkAbi({ inputs: [built.dir], header: built.header, cwd: REPO });
const header = result.header!;
const funcs: readonly BoundFunc[] = (await generate({ inputs: [built.dir], cwd: REPO })).funcs;
const headerLabel = path.relative(REPO, built.header);

describe('the corpus', () => {
  it('has at least 60 exports with distinct C signatures', () => {
    const shapes = new Set(header.exports.map((e) => `${e.result}(${e.params.map((p) => p.type).join(',')})`));
    expect(header.exports.length).toBeGreaterThanOrEqual(60);
    expect(shapes.size).toBeGreaterThanOrEqual(60);
    expect(header.unreadable).toEqual([]);
  });

  it('is read and mapped by gen-bindings without a diagnostic', () => {
    expect(result.diagnostics.map(formatDiagnostic)).toEqual([]);
    expect(result.checked).toBe(header.exports.length);
  });

  it('generates a module', async () => {
    const r = await generate({ inputs: [built.dir], cwd: REPO });
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([]);
    expect(r.files).toHaveLength(1);
  });
});

describe('each export agrees with the header cgo wrote', () => {
  it.each(header.exports.map((e) => e.name))('%s', (name) => {
    const mine = result.mismatches.filter((m) => m.name === name).map((m) => formatMismatch(m, headerLabel));
    expect(mine.join('\n')).toBe('');
  });

  it('binds nothing the header lacks', () => {
    expect(result.mismatches.map((m) => formatMismatch(m, headerLabel))).toEqual([]);
  });
});

describe('sizes, alignments and offsets', () => {
  const layout = result.layout!;
  const measured = (c: string): LayoutItem => {
    const m = layout.measured.get(c);
    if (!m) throw new Error(`${c} was not measured`);
    return m;
  };

  it('measures Go typedefs, every C type in a signature and every result struct', () => {
    const names = layout.expected.map((i) => i.c);
    expect(names).toEqual(expect.arrayContaining(['GoString', 'GoSlice', 'GoInterface', 'GoComplex64', 'GoComplex128', 'long int', 'point_t*', 'my_cf']));
    const structs = funcs.filter((f) => f.abi.result.kind === 'struct').map((f) => `struct ${f.abi.name}_return`);
    expect(structs.length).toBeGreaterThanOrEqual(8);
    expect(names).toEqual(expect.arrayContaining(structs));
  });

  it('what the bindings assume is what the C compiler says', () => {
    expect(layout.mismatches).toEqual([]);
    expect(layout.unmeasured).toEqual([]);
  });

  it('every record with a layout that a signature reaches (parameter, result, pointer element, field) is measured field by field', () => {
    const records = new Map<string, string[]>();
    const visit = (t: AbiType | undefined, depth = 0): void => {
      if (!t || depth > 50) return;
      if (t.kind === 'record' && t.layout) {
        records.set(t.c, t.layout.fields.map((f) => f.name));
        for (const f of t.layout.fields) visit(f.type, depth + 1);
      }
      if (t.kind === 'pointer' || t.kind === 'array' || t.kind === 'goslice') visit(t.elem, depth + 1);
    };
    for (const f of funcs) {
      for (const p of f.abi.params) visit(p.type);
      if (f.abi.result.kind === 'single') visit(f.abi.result.type);
      if (f.abi.result.kind === 'struct') for (const fl of f.abi.result.fields) visit(fl.type);
    }
    expect([...records.keys()]).toEqual(expect.arrayContaining(['struct point', 'union u']));
    for (const [c, fields] of records) {
      expect({ c, fields: measured(c).fields.map((f) => f.name) }).toEqual({ c, fields });
      expect(layout.expected.find((i) => i.c === c)?.fields.map((f) => f.name)).toEqual(fields);
    }
  });

  it("the runtime's koffi types for GoString, GoSlice, GoInterface and complex match C", () => {
    const cases: [string, TypeSpec][] = [
      ['GoString', GoTypes.GoString],
      ['GoString', GoTypes.GoStringResult],
      ['GoSlice', GoTypes.GoSlice],
      ['GoInterface', GoTypes.GoInterface],
      ['GoComplex64', GoTypes.GoComplex64],
      ['GoComplex128', GoTypes.GoComplex128],
    ];
    for (const [c, type] of cases) {
      const m = measured(c);
      expect({ c, size: koffi.sizeof(type), align: koffi.alignof(type) }).toEqual({ c, size: m.size, align: m.align });
      for (const f of m.fields) expect({ c, field: f.name, offset: koffi.offsetof(type, f.name) }).toEqual({ c, field: f.name, offset: f.offset });
    }
  });

  const uses = () => ({ values: new Set(), types: new Set(), records: new Map(), protos: new Map(), callbackTypes: new Map() }) as Parameters<typeof koffiType>[1];
  /** Evaluates the koffi type source the emitter writes (`'int64'`, `$GoTypes.GoString`). */
  const koffiOf = (source: string): TypeSpec => {
    const literal = /^'(.*)'$/.exec(source);
    if (literal) return literal[1]!;
    const member = /^\$GoTypes\.(\w+)$/.exec(source);
    if (member) return GoTypes[member[1] as keyof typeof GoTypes];
    throw new Error(`unexpected koffi type source ${source}`);
  };
  const rctx = { fn: 'f', freeStrings: true, freeExpr: undefined, options: { int64: 'number' as const } };

  it('the koffi type of every parameter and result has the size and alignment of its C type', () => {
    const seen = new Map<string, AbiType>();
    for (const f of funcs) {
      for (const p of f.abi.params) seen.set(p.type.c, p.type);
      if (f.abi.result.kind === 'single') seen.set(f.abi.result.type.c, f.abi.result.type);
    }
    expect(seen.size).toBeGreaterThanOrEqual(60);
    for (const [c, t] of seen) {
      const k = koffiOf(koffiType(t, uses()));
      const m = measured(c);
      expect({ c, size: koffi.sizeof(k), align: koffi.alignof(k) }).toEqual({ c, size: m.size, align: m.align });
    }
  });

  it('every result struct declared with resultStruct() has the layout of struct NAME_return', () => {
    for (const f of funcs) {
      const r = f.abi.result;
      if (r.kind !== 'struct') continue;
      const type = resultStruct(Object.fromEntries(r.fields.map((fl) => [fl.cName, koffiOf(resultSurface(fl.type, rctx, uses()).koffi)])));
      const c = `struct ${r.cName}`;
      const m = measured(c);
      expect({ c, size: koffi.sizeof(type), align: koffi.alignof(type) }).toEqual({ c, size: m.size, align: m.align });
      for (const fl of m.fields) expect({ c, field: fl.name, offset: koffi.offsetof(type, fl.name) }).toEqual({ c, field: fl.name, offset: fl.offset });
    }
  });
});

describe('gen-bindings check-abi, as a process', () => {
  const bin = path.join(REPO, 'packages/generator/bin/gen-bindings.js');
  const run = (args: string[]): { code: number; stdout: string; stderr: string } => {
    try {
      const stdout = execFileSync(process.execPath, [bin, ...args], { cwd: REPO, encoding: 'utf8', stdio: 'pipe' });
      return { code: 0, stdout, stderr: '' };
    } catch (e) {
      const x = e as { status: number; stdout: string; stderr: string };
      return { code: x.status, stdout: x.stdout, stderr: x.stderr };
    }
  };
  const dir = path.relative(REPO, built.dir);

  it('exits 0 and says so when everything matches', () => {
    const r = run(['check-abi', dir, '--header', headerLabel]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^gen-bindings: ${header.exports.length} exports compared with ${headerLabel}: all match; \\d+ C types measured with the C compiler\\n$`));
  });

  it('shows both prototypes and exits 1 when the header disagrees', () => {
    const edited = path.join(built.dir, 'edited.h');
    const text = fs.readFileSync(built.header, 'utf8');
    fs.writeFileSync(edited, text.replace('extern GoInt16 S_int16(GoInt16 x);', 'extern GoInt16 S_int16(GoInt32 x);'));
    const r = run(['check-abi', dir, '--header', path.relative(REPO, edited), '--no-layout']);
    expect(r.code).toBe(1);
    const line = text.split('\n').findIndex((l) => l.includes('S_int16(')) + 1;
    expect(r.stderr).toBe(
      [
        `${dir}/scalars.go:13:6: error: S_int16: the bindings disagree with the header about the prototype; rebuild the library if the header is older than the Go source, otherwise gen-bindings maps a type wrongly: please report it [abi-mismatch]`,
        '  bindings: extern GoInt16 S_int16(GoInt16 x);',
        `  header:   extern GoInt16 S_int16(GoInt32 x);  (${path.relative(REPO, edited)}:${line})`,
        '  - parameter 1 (x): GoInt16 in the bindings, GoInt32 in the header',
        '',
      ].join('\n'),
    );
  });
});
