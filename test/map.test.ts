// Mapper table: each Go type → the C type in cgo's header → the koffi type → the TS types.
import { describe, expect, it } from 'vitest';
import { generateFromSource } from '../packages/generator/src/generate.js';
import { formatDiagnostic } from '../packages/generator/src/model/diagnostics.js';
import { koffiType, paramSurface, resultSurface } from '../packages/generator/src/map/surface.js';
import type { Uses } from '../packages/generator/src/map/surface.js';
import type { BoundFunc } from '../packages/generator/src/map/map-export.js';
import { collectRecords, recordNames } from '../packages/generator/src/emit/records.js';

/** What the emitter passes the surfaces: the records the exports reach, by name. */
const usesFor = (funcs: readonly BoundFunc[]): Uses => ({ values: new Set(), types: new Set(), records: recordNames(collectRecords(funcs), funcs), protos: new Map(), callbackTypes: new Map() });

const PREAMBLE = '/*\n#include <stdint.h>\n#include <stddef.h>\ntypedef int32_t my_i32;\nstruct point { int x; int y; };\n*/\nimport "C"\nimport "unsafe"\nvar _ unsafe.Pointer\ntype Celsius float64\ntype A B\ntype B int16\n';

async function mapType(goType: string) {
  const result = await generateFromSource(`package main\n${PREAMBLE}//export F\nfunc F(x ${goType}) (r ${goType}) { return }\n`);
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) return errors.map(formatDiagnostic).join('\n');
  const abi = result.funcs[0]!.abi;
  const t = abi.params[0]!.type;
  const uses: Uses = usesFor(result.funcs);
  const ctx = { fn: 'F', freeStrings: true, freeExpr: undefined, options: { int64: 'number' as const } };
  const big = { ...ctx, options: { int64: 'bigint' as const } };
  return [t.c, koffiType(t, uses), paramSurface(t, uses).ts, resultSurface(t, ctx, uses).ts, resultSurface(t, big, uses).ts].join(' | ');
}

describe('Go type → C → koffi → TS param → TS result (number | bigint mode)', () => {
  it.each([
    ['int', "GoInt | 'int64' | number | bigint | number | bigint"],
    ['int8', "GoInt8 | 'int8' | number | number | number"],
    ['int16', "GoInt16 | 'int16' | number | number | number"],
    ['int32', "GoInt32 | 'int32' | number | number | number"],
    ['rune', "GoInt32 | 'int32' | number | number | number"],
    ['int64', "GoInt64 | 'int64' | number | bigint | number | bigint"],
    ['uint', "GoUint | 'uint64' | number | bigint | number | bigint"],
    ['uint8', "GoUint8 | 'uint8' | number | number | number"],
    ['byte', "GoUint8 | 'uint8' | number | number | number"],
    ['uint16', "GoUint16 | 'uint16' | number | number | number"],
    ['uint32', "GoUint32 | 'uint32' | number | number | number"],
    ['uint64', "GoUint64 | 'uint64' | number | bigint | number | bigint"],
    ['uintptr', "GoUintptr | 'uintptr_t' | number | bigint | number | bigint"],
    ['float32', "GoFloat32 | 'float' | number | number | number"],
    ['float64', "GoFloat64 | 'double' | number | number | number"],
    ['bool', "GoUint8 | 'bool' | boolean | boolean | boolean"],
    ['complex64', 'GoComplex64 | $GoTypes.GoComplex64 | Complex | Complex | Complex'],
    ['complex128', 'GoComplex128 | $GoTypes.GoComplex128 | Complex | Complex | Complex'],
    ['Celsius', "GoFloat64 | 'double' | number | number | number"],
    ['A', "GoInt16 | 'int16' | number | number | number"],
    ['unsafe.Pointer', "void* | 'void *' | Pointer | null | Pointer | null | Pointer | null"],
    ['*C.char', "char* | 'const char *' | string | Pointer | null | string | null | string | null"],
    ['**C.char', "char** | 'void *' | Pointer | null | Pointer | null | Pointer | null"],
    ['*C.struct_point', "struct point* | 'void *' | Ref<point> | Pointer | null | Pointer | null | Pointer | null"],
    ['C.int', "int | 'int32' | number | number | number"],
    ['C.uint', "unsigned int | 'uint32' | number | number | number"],
    ['C.long', "long int | 'long' | number | bigint | number | bigint"],
    ['C.ulonglong', "long long unsigned int | 'uint64' | number | bigint | number | bigint"],
    ['C.short', "short int | 'int16' | number | number | number"],
    ['C.double', "double | 'double' | number | number | number"],
    ['C.size_t', "size_t | 'size_t' | number | bigint | number | bigint"],
    ['C.int32_t', "int32_t | 'int32' | number | number | number"],
    ['C.my_i32', "my_i32 | 'int32' | number | number | number"],
  ])('%s', async (goType, expected) => {
    expect(await mapType(goType)).toBe(expected);
  });
});

describe('parameter-only types (results would point into Go memory)', () => {
  const param = async (goType: string) => {
    const result = await generateFromSource(`package main\n${PREAMBLE}//export F\nfunc F(x ${goType}) {}\n`);
    expect(result.diagnostics.map(formatDiagnostic)).toEqual([]);
    const t = result.funcs[0]!.abi.params[0]!.type;
    const uses: Uses = usesFor(result.funcs);
    return [t.c, koffiType(t, uses), paramSurface(t, uses).ts].join(' | ');
  };
  it.each([
    ['string', 'GoString | $GoTypes.GoString | string | Uint8Array'],
    ['[]float64', 'GoSlice | $GoTypes.GoSlice | Float64Array | readonly number[]'],
    ['[]byte', 'GoSlice | $GoTypes.GoSlice | Uint8Array | readonly number[]'],
    ['[]int', 'GoSlice | $GoTypes.GoSlice | BigInt64Array | readonly (number | bigint)[]'],
    ['[]uint64', 'GoSlice | $GoTypes.GoSlice | BigUint64Array | readonly (number | bigint)[]'],
    ['[]bool', 'GoSlice | $GoTypes.GoSlice | Uint8Array | readonly boolean[]'],
    ['[]string', 'GoSlice | $GoTypes.GoSlice | GoSliceHeader'],
    ['*int32', "GoInt32* | 'void *' | Int32Array | Pointer | null"],
    ['*float64', "GoFloat64* | 'void *' | Float64Array | Pointer | null"],
    ['map[string]int', "GoMap | 'void *' | Pointer | null"],
    ['chan int', "GoChan | 'void *' | Pointer | null"],
    ['interface{}', 'GoInterface | $GoTypes.GoInterface | GoInterface'],
    ['error', 'GoInterface | $GoTypes.GoInterface | GoInterface'],
  ])('%s', async (goType, expected) => {
    expect(await param(goType)).toBe(expected);
  });
});

describe('the check each parameter passes through (runtime args.ts)', () => {
  const check = async (goType: string) => {
    const result = await generateFromSource(`package main\n${PREAMBLE}//export F\nfunc F(x ${goType}) {}\n`);
    expect(result.diagnostics.map(formatDiagnostic)).toEqual([]);
    const t = result.funcs[0]!.abi.params[0]!.type;
    return paramSurface(t, usesFor(result.funcs)).convert('x', "'F'", "'x'");
  };
  it.each([
    ['int8', "$argInt8(x, 'F', 'x')"],
    ['C.char', "$argInt8(x, 'F', 'x')"],
    ['byte', "$argUint8(x, 'F', 'x')"],
    ['C.ushort', "$argUint16(x, 'F', 'x')"],
    ['A', "$argInt16(x, 'F', 'x')"],
    ['C.int', "$argInt32(x, 'F', 'x')"],
    ['C.my_i32', "$argInt32(x, 'F', 'x')"],
    ['uint32', "$argUint32(x, 'F', 'x')"],
    ['int', "$argInt64(x, 'F', 'x')"],
    ['C.long', "$argInt64(x, 'F', 'x')"],
    ['uint', "$argUint64(x, 'F', 'x')"],
    ['uintptr', "$argUint64(x, 'F', 'x')"],
    ['C.size_t', "$argUint64(x, 'F', 'x')"],
    ['float32', "$argFloat32(x, 'F', 'x')"],
    ['Celsius', "$argFloat64(x, 'F', 'x')"],
    ['bool', "$argBool(x, 'F', 'x')"],
    ['complex128', "$argComplex(x, 'F', 'x')"],
    ['string', "$goString(x, 'F', 'x')"],
    ['*C.char', "$argCString(x, 'F', 'x')"],
    ['*int32', "$argArrayPointer(x, 'int32', 'F', 'x')"],
    ['*bool', "$argArrayPointer(x, 'bool', 'F', 'x')"],
    ['unsafe.Pointer', "$argPointer(x, 'F', 'x')"],
    ['**C.char', "$argPointer(x, 'F', 'x')"],
    ['*C.struct_point', "$argRef(x, point, 'F', 'x')"],
    ['map[string]int', "$argPointer(x, 'F', 'x')"],
    ['[]float32', "$goSlice(x, 'float32', 'F', 'x')"],
    ['[]uint64', "$goSlice(x, 'uint64', 'F', 'x')"],
    ['[]bool', "$goSlice(x, 'bool', 'F', 'x')"],
    // The element size in bytes bounds cap when data is a TypedArray; 0 when gen-bindings does not know it.
    ['[]string', "$argSliceHeader(x, 16, 'F', 'x')"],
    ['[][]byte', "$argSliceHeader(x, 24, 'F', 'x')"],
    ['[]*int32', "$argSliceHeader(x, 8, 'F', 'x')"],
    ['[]complex64', "$argSliceHeader(x, 8, 'F', 'x')"],
    ['[]any', "$argSliceHeader(x, 16, 'F', 'x')"],
    ['[]struct{ X int }', "$argSliceHeader(x, 0, 'F', 'x')"],
    ['[][4]int32', "$argSliceHeader(x, 0, 'F', 'x')"],
    ['any', "$argInterface(x, 'F', 'x')"],
  ])('%s', async (goType, expected) => {
    expect(await check(goType)).toBe(expected);
  });
});
