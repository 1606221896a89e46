// Regressions from a review of the C-API work: layouts and names that once reached the module wrong.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateFromSource } from '../packages/generator/src/generate.js';
import type { AbiType } from '../packages/generator/src/map/abi.js';
import { formatDiagnostic } from '../packages/generator/src/model/diagnostics.js';
import { WORK, typecheck } from './support/harness.js';

const source = (preamble: string, signature: string) =>
  `package main\n\n/*\n#include <stdint.h>\n#include <stdbool.h>\n${preamble}\n*/\nimport "C"\n\n//export F\nfunc F${signature} {}\n\nfunc main() {}\n`;
const gen = (preamble: string, signature: string) => generateFromSource([{ path: 'lib.go', text: source(preamble, signature) }]);
const errors = async (preamble: string, signature: string) => (await gen(preamble, signature)).diagnostics.map(formatDiagnostic);
const param = async (preamble: string, signature: string): Promise<AbiType> => {
  const r = await gen(preamble, signature);
  expect(r.diagnostics).toEqual([]);
  return r.funcs[0]!.abi.params[0]!.type;
};

describe('layouts', () => {
  it('take array lengths from the compiler (an octal length is not decimal)', async () => {
    const t = await param('struct oct { char a[010]; int32_t b; };', '(x C.struct_oct)');
    expect(t.kind === 'record' && t.layout?.fields.map((f) => [f.name, f.type.kind === 'array' ? f.type.length : undefined, f.offset])).toEqual([['a', 8, 0], ['b', undefined, 8]]);
  });

  it('pass a char typedef as unsigned where char is unsigned', async () => {
    const t = await param('#cgo CFLAGS: -funsigned-char\ntypedef char mychar;', '(c C.mychar)');
    expect(t).toMatchObject({ kind: 'int', bits: 8, signed: false, koffi: 'uint8', char: true });
  });

  it('refuse a field whose C alignment koffi would not give it, and vector types', async () => {
    expect(await errors('typedef int32_t a16_t __attribute__((aligned(16)));\nstruct S { char c; a16_t x; };', '(s C.struct_S)')).toEqual([
      'lib.go:12:10: error: C.struct_S: field x of struct S (lib.go:7) is 4 bytes aligned to 16 in C, 4 aligned to 4 as koffi would pass it (an aligned attribute?); pass a pointer *C.struct_S [unsupported-type]',
    ]);
    expect(await errors('typedef int32_t v2si __attribute__((vector_size(8)));', '(v C.v2si)')).toEqual([
      'lib.go:11:10: error: C.v2si: v2si is not an integer the C compiler can convert from -1 (a vector type?), which koffi cannot pass [unsupported-type]',
    ]);
  });

  it('refuse empty records, zero-length arrays and a field named __proto__', async () => {
    expect(await errors('struct E0 { };', '(e C.struct_E0)')).toEqual([
      'lib.go:11:10: error: C.struct_E0: struct E0 has no fields (a GNU extension), which koffi cannot lay out; pass a pointer *C.struct_E0 [unsupported-type]',
    ]);
    expect((await errors('struct Z { int32_t n; int32_t items[0]; };', '(z C.struct_Z)'))[0]).toContain('a flexible array member has no size koffi can lay out');
    expect((await errors('struct P { int32_t __proto__; };', '(p C.struct_P)'))[0]).toContain('field __proto__ of struct P (lib.go:6) cannot be a JS object property');
  });

  it('lay out arrays of pointers and of bools as koffi can, and _Bool fields', async () => {
    const r = await gen('struct flags { void *ptrs[2]; bool on[3]; _Bool last; };', '(f C.struct_flags)');
    expect(r.diagnostics).toEqual([]);
    const text = r.files[0]!.contents;
    expect(text).toContain("$cRecord('struct', { ptrs: $cArray('uint64', 2), on: $cArray('uint8', 3), last: 'bool' })");
    expect(text).toContain("{ ptrs: ['pointer', 2], on: ['bool', 3], last: 'bool' }");
  });
});

describe('callbacks', () => {
  it('read a pointer to a typedef of const char as a string, like const char * (found by the C-API fixture)', async () => {
    const r = await gen('typedef const char cchar_t;\ntypedef void (*log_a)(const char *m);\ntypedef void (*log_b)(cchar_t *m);', '(a C.log_a, b C.log_b)');
    expect(r.diagnostics).toEqual([]);
    const text = r.files[0]!.contents;
    expect(text).toContain("$cProto('void', ['const char *'])");
    expect(text).not.toContain("$cProto('void', ['void *'])");
    expect(text).toContain('export function F(a: ((m: string | null) => void) | Pointer | null, b: ((m: string | null) => void) | Pointer | null): void');
  });
});

describe('one record, however it is reached', () => {
  it('is one TS type for its tag and its typedef', async () => {
    const r = await gen('typedef struct point { int32_t x, y; } point_t;', '(a C.point_t, b *C.struct_point)');
    expect(r.diagnostics).toEqual([]);
    const text = r.files[0]!.contents;
    expect(text.match(/export interface point/g)).toEqual(['export interface point']);
    expect(text).toContain('export function F(a: point, b: Ref<point> | Pointer | null): void');
  });
});

describe('names from C', () => {
  it('keep the module valid TypeScript: reserved words, self, type names, $', async () => {
    const preamble = [
      'typedef void (*on_change)(void *ctx, int32_t old, int32_t new);',
      'struct obj { int32_t (*get)(struct obj *self, int32_t v); };',
      'struct Callback { int32_t x; };',
      'enum { Pointer = 1, Ref = 2 };',
      '#define Infinity 7',
      '#define INF_F (1.0/0.0)',
    ].join('\n');
    const r = await gen(preamble, '(cb C.on_change, o *C.struct_obj, c C.struct_Callback)');
    expect(r.diagnostics).toEqual([]);
    const text = r.files[0]!.contents;
    expect(text).toContain('(ctx: Pointer | null, old: number, new_: number) => void');
    expect(text).toContain('get($self: Ref<obj> | Pointer, self: Ref<unknown> | Pointer | null, v: number): number');
    expect(text).toContain('export interface Callback_ {');
    expect(text).toContain('export const Pointer_ = 1;');
    expect(text).toContain('export const INF_F = 1 / 0;');
    const file = path.join(WORK, 'c-review', 'names.ts');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    expect(typecheck([file])).toBe('');
  });

  it('keep parameters from shadowing the record types and CallbackTypes their checks refer to', async () => {
    const preamble = [
      'struct point { int32_t x; int32_t (*move)(struct point *point, int32_t by); };',
      'typedef struct point *point_ref;',
      'typedef int32_t (*visit)(int32_t v);',
    ].join('\n');
    const r = await generateFromSource([
      { path: 'lib.go', text: `package main\n\n/*\n#include <stdint.h>\n${preamble}\n*/\nimport "C"\nimport "context"\n\n//bindings:keep visit_\n//export F\nfunc F(point C.point_ref, visit_ C.visit) {}\n\n//bindings:export\nfunc G(ctx context.Context, options int32) int32 { return options }\n\nfunc main() {}\n` },
    ]);
    expect(r.diagnostics).toEqual([]);
    const text = r.files[0]!.contents;
    // cgo refuses a parameter named visit (a C type name); visit_ is the name of visit's CallbackType.
    expect(text).toContain('export function F(point_: Ref<point> | Pointer | null, visit__: Callback<(v: number) => number> | Pointer | null): void');
    expect(text).toContain("$argRef(point_, point, 'F', 'point_')");
    // So do the parameters of a record's function-pointer field, called as a method.
    expect(text).toContain("move($self: Ref<point> | Pointer, point_: Ref<unknown> | Pointer | null, by: number): number {\n    return $callField($self, point, 8,");
    expect(text).toContain('export async function GAsync(options_: number, options?: { readonly signal?: AbortSignal }): Promise<number>');
    const file = path.join(WORK, 'c-review', 'shadow.ts');
    fs.writeFileSync(file, text);
    expect(typecheck([file])).toBe('');
  });
});
