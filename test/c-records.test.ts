// C structs and unions (issue 10): by value in both directions, nested, with fixed arrays; typed
// pointers through Refs to C memory kept between calls; layouts koffi cannot express are errors.
import * as fs from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { cString } from '@gen-bindings/runtime';
import koffi from 'koffi';
import * as path from 'node:path';
import { checkAbi } from 'gen-bindings';
import { generate, generateFromSource } from '../packages/generator/src/generate.js';
import type { AbiType, RecordLayout } from '../packages/generator/src/map/abi.js';
import { formatDiagnostic } from '../packages/generator/src/model/diagnostics.js';
import { REPO, buildGo, generateAndImport, typecheck } from './support/harness.js';
import type * as CRecords from './.work/crecords/crecords.js';

let m: typeof CRecords;
let moduleFile: string;
let header: string;

beforeAll(async () => {
  const built = await buildGo('crecords', 'crecords');
  m = await generateAndImport<typeof CRecords>(built, 'crecords');
  moduleFile = `${built.dir}/crecords.ts`;
  header = built.header;
});

describe('records by value', () => {
  it('pass and return structs, nested structs and arrays', () => {
    expect(m.Add({ x: 1, y: 2 }, { x: 30, y: 40 })).toEqual({ x: 31, y: 42 });
    expect(m.Area({ min: { x: 1, y: 1 }, max: { x: 4, y: 5 }, flags: new Uint8Array([2, 0, 0, 0]) })).toBe(24);
  });

  it('pass a struct with a field of an anonymous enum type and a static assertion among its fields', () => {
    const levels = new Int32Array([m.API_HIGH, m.API_LOW, m.API_HIGH]);
    expect(m.Tagged({ tag: m.API_TAG_INT, value: 5, levels })).toBe(6);
    expect(m.Tagged({ tag: m.API_TAG_NONE, value: 5, levels })).toBe(-1);
    // The tag's enum has no negative constant: gcc makes it unsigned, and the field's check says so;
    // the levels' has one, so they are signed.
    expect(() => m.Tagged({ tag: -1, value: 0, levels })).toThrow(RangeError);
    expect(() => m.Tagged({ tag: 0, value: 0, levels: new Uint32Array(3) as never })).toThrow(new TypeError('Tagged: argument t.levels must be an Int32Array of 3 elements; got Uint32Array'));
  });

  it('pass a union with one member', () => {
    expect(m.Value({ d: 2.5 }, 1)).toBe(2.5);
    expect(m.Value({ i: 7 }, 0)).toBe(7);
  });

  it('return a union, whose member you read, and which passes back as it came (its bytes, whatever member is active)', () => {
    const v = m.MakeValue(42);
    expect(v.i).toBe(42);
    expect(m.Value(v, 0)).toBe(42);
    const w = m.MakeValue(-(2 ** 40));
    expect(m.Value(w, 0)).toBe(-(2 ** 40));
    // A plain object still needs exactly one member.
    expect(() => m.Value({ i: 1, d: 2 } as never, 0)).toThrow(new TypeError('Value: argument v must be an object with exactly one member of union api_value; got an object'));
  });

  it('check every field, naming it', () => {
    expect(() => m.Add({ x: 1 } as never, { x: 1, y: 2 })).toThrow(new TypeError('Add: argument a.y must be an integer number from -2147483648 to 2147483647 (int32); got undefined'));
    expect(() => m.Add({ x: 1, y: 2, z: 3 } as never, { x: 1, y: 2 })).toThrow(new TypeError('Add: argument a.z must be a field of api_point (x, y); got 3'));
    expect(() => m.Area({ min: { x: 1, y: 1 }, max: { x: 4, y: 5 }, flags: new Uint8Array(3) })).toThrow(new TypeError('Area: argument r.flags must be a Uint8Array of 4 elements; got Uint8Array'));
    expect(() => m.Value({ i: 1, d: 2 }, 0)).toThrow(new TypeError('Value: argument v must be an object with exactly one member of union api_value; got an object'));
    expect(() => m.Add(null as never, { x: 1, y: 2 })).toThrow(new TypeError('Add: argument a must be an object with the fields of api_point; got null'));
  });
});

describe('pointers to records', () => {
  it('take a Ref to C memory kept between calls, as ADBC keeps its database', () => {
    const db = m.api_db.alloc();
    const err = m.api_error.alloc();
    expect(m.DatabaseNew(db, err)).toBe(0);
    expect(db.get().opened).toBe(1);
    expect(m.DatabaseNew(null, err)).toBe(1);
    expect(cString(err.get().message)).toBe('database is NULL');
    m.Release(err);
    db.free();
    err.free();
  });

  it('read what C wrote, and call back through the API to release it', () => {
    const err = m.api_error.alloc();
    expect(m.Fail(err)).toBe(1);
    const e = err.get();
    expect(cString(e.message)).toBe('boom');
    expect(e.vendor_code).toBe(42);
    expect(Buffer.from(e.sqlstate).toString('latin1')).toBe('HY000');
    expect(e.release).not.toBeNull();
    m.Release(err);
    expect(err.get().message).toBeNull();
    expect(err.get().release).toBeNull();
    err.free();
  });

  it("call a record's function pointer from TS, as C calls e->release(e)", () => {
    const err = m.api_error.alloc();
    expect(() => m.api_error.release(err, err)).toThrow(new Error('api_error.release: the function pointer is NULL'));
    expect(m.Fail(err)).toBe(1);
    expect(cString(err.get().message)).toBe('boom');
    m.api_error.release(err, err);
    expect(err.get().message).toBeNull();
    expect(() => m.api_error.release(err, 5 as never)).toThrow(TypeError);
    const db = m.api_db.alloc();
    expect(() => m.api_error.release(db as never, err)).toThrow(new TypeError('api_error.release: argument self must be a Ref of struct api_error or a pointer to one; got a Ref of struct api_db'));
    db.free();
    err.free();
  });

  it('write fields, and see what Go wrote through the pointer', () => {
    const r = m.api_rect.alloc({ min: { x: 0, y: 0 }, max: { x: 1, y: 1 }, flags: new Uint8Array(4) });
    m.Grow(r, 2);
    expect(r.get()).toEqual({ min: { x: 0, y: 0 }, max: { x: 3, y: 3 }, flags: new Uint8Array([0, 0, 0, 9]) });
    r.set({ max: { x: 10, y: 20 } });
    expect(m.Area({ ...r.get(), flags: new Uint8Array([1, 0, 0, 0]) })).toBe(200);
    r.free();
  });

  it('take a Ref through a typedef of a pointer to the struct too; a typedef of a pointer to an incomplete struct is an address', () => {
    const r = m.api_rect.alloc({ min: { x: 0, y: 0 }, max: { x: 5, y: 7 }, flags: new Uint8Array(4) });
    m.Shrink(r, 2);
    expect(r.get().max).toEqual({ x: 3, y: 5 });
    const db = m.api_db.alloc();
    expect(() => m.Shrink(db as never, 1)).toThrow(new TypeError('Shrink: argument r must be a Ref of struct api_rect, a pointer or null; got a Ref of struct api_db'));
    db.free();
    r.free();
    expect([m.Cursor(null), m.Cursor(8n)]).toEqual([0, 1]);
  });

  it('in a pointer field of a record passed to an Async call cannot be freed until the call completes', async () => {
    const at = m.api_point.alloc({ x: 7, y: 0 });
    const call = m.ScaledAsync({ at: at as never, times: 3 });
    expect(() => at.free()).toThrow(new Error('api_point: free() while an Async call that was given this Ref has not completed (Go may still use the memory); free it once it has settled'));
    expect(await call).toBe(21);
    expect(m.Scaled({ at: at as never, times: 2 })).toBe(14);
    // Whatever object holds the fields: a null-prototype object, a class instance.
    const bare = Object.assign(Object.create(null) as object, { at, times: 2 });
    class Req {
      constructor(readonly at: unknown, readonly times: number) {}
    }
    const calls = [m.ScaledAsync(bare as never), m.ScaledAsync(new Req(at, 3) as never)];
    expect(() => at.free()).toThrow(/free\(\) while 2 Async calls that were given this Ref have not completed/);
    expect(await Promise.all(calls)).toEqual([14, 21]);
    at.free();
  });

  it('refuse what is not a Ref of the type, and a Ref used after free', () => {
    const r = m.api_rect.alloc();
    const db = m.api_db.alloc();
    expect(() => m.Grow(5 as never, 1)).toThrow(new TypeError('Grow: argument r must be a Ref of struct api_rect (from api_rect.alloc()), a pointer or null; got 5'));
    expect(() => m.Grow(db as never, 1)).toThrow(new TypeError('Grow: argument r must be a Ref of struct api_rect, a pointer or null; got a Ref of struct api_db'));
    r.free();
    expect(() => m.Grow(r, 1)).toThrow(new Error('struct api_rect: Grow(r) after free'));
    expect(() => r.free()).toThrow(new Error('struct api_rect: free after free'));
    expect(() => m.api_rect.at(r.address).free()).toThrow(/wraps memory C owns/);
    db.free();
  });

  it('type-check as strict TypeScript', () => {
    expect(typecheck([moduleFile])).toBe('');
    expect(fs.readFileSync(moduleFile, 'utf8')).toContain('export function Grow(r: Ref<api_rect> | Pointer | null, by: number): void');
    expect(fs.readFileSync(moduleFile, 'utf8')).toContain('export function Shrink(r: Ref<api_rect> | Pointer | null, by: number): void');
    expect(fs.readFileSync(moduleFile, 'utf8')).toContain('export function Cursor(c: Pointer | null): number');
  });
});

describe('koffi agrees with the C compiler', () => {
  it('on the size, alignment and every field offset of each record the module declares', async () => {
    const { funcs } = await generate({ inputs: ['test/.work/crecords'], cwd: REPO });
    const seen = new Map<string, RecordLayout>();
    const visit = (t: AbiType | undefined): void => {
      if (t?.kind === 'pointer') visit(t.elem);
      if (t?.kind !== 'record' || !t.layout || seen.has(t.layout.name)) return;
      seen.set(t.layout.name, t.layout);
      for (const f of t.layout.fields) visit(f.type);
    };
    for (const f of funcs) for (const p of f.abi.params) visit(p.type);
    expect([...seen.keys()].sort()).toEqual(['api_db', 'api_error', 'api_point', 'api_rect', 'api_req', 'api_tagged', 'api_value']);
    for (const [name, layout] of seen) {
      const type = (m as unknown as Record<string, { koffiType: Parameters<typeof koffi.sizeof>[0] }>)[name]!.koffiType;
      expect([name, koffi.sizeof(type), koffi.alignof(type)]).toEqual([name, layout.size, layout.align]);
      // koffi has no offsetof for unions: every member of one starts at 0, in C and in koffi.
      for (const f of layout.fields) expect([name, f.name, layout.union ? 0 : koffi.offsetof(type, f.name)]).toEqual([name, f.name, f.offset]);
    }
  });

  it('and check-abi finds every prototype and layout equal, the anonymous enum field and the pointer typedefs included', async () => {
    const check = await checkAbi({ inputs: ['test/.work/crecords'], header: path.relative(REPO, header), cwd: REPO });
    expect(check.diagnostics.map(formatDiagnostic)).toEqual([]);
    expect(check.mismatches).toEqual([]);
    expect(check.layout?.mismatches).toEqual([]);
    expect(check.layout?.unmeasured).toEqual([]);
    expect(check.layout?.measured.get('struct api_tagged')?.fields.map((f) => `${f.name}@${f.offset}:${f.size}`)).toEqual(['tag@0:4', 'value@4:4', 'levels@8:12']);
    expect(check.layout?.expected.map((i) => i.c)).toEqual(expect.arrayContaining(['api_rect_ref', 'api_cursor_ref', 'struct api_tagged']));
  });
});

describe('layouts koffi cannot express', () => {
  const diagnose = async (decl: string, type: string) =>
    (await generateFromSource([{ path: 'lib.go', text: `package main\n\n/*\n#include <stdint.h>\n${decl}\n*/\nimport "C"\n\n//export F\nfunc F(x ${type}) {}\n\nfunc main() {}\n` }])).diagnostics.map(formatDiagnostic);

  it('are located errors naming the field', async () => {
    expect(await diagnose('struct bits { unsigned ready : 1; int32_t n; };', 'C.struct_bits')).toEqual([
      'lib.go:10:10: error: C.struct_bits: field ready of struct bits is a bitfield (lib.go:5), which koffi cannot lay out; pass a pointer *C.struct_bits and read it in C [unsupported-type]',
    ]);
    expect(await diagnose('struct packed { char c; int32_t i; } __attribute__((packed));', 'C.struct_packed')).toEqual([
      'lib.go:10:10: error: C.struct_packed: field i of struct packed is at offset 1, not 4 as natural alignment gives (a packed or aligned attribute?), which koffi cannot lay out; pass a pointer *C.struct_packed [unsupported-type]',
    ]);
    expect(await diagnose('struct flex { int32_t n; int32_t items[]; };', 'C.struct_flex')).toEqual([
      'lib.go:10:10: error: C.struct_flex: field items of struct flex (lib.go:5): a flexible array member has no size koffi can lay out [unsupported-type]',
    ]);
    expect(await diagnose('struct opaque;', 'C.struct_opaque')).toEqual([
      'lib.go:10:10: error: C.struct_opaque passes the C struct opaque by value, and its declaration is incomplete (only a pointer can reach it); pass a pointer *C.struct_opaque [c-struct-by-value]',
    ]);
  });
});
