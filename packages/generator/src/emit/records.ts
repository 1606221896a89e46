// C structs and unions in the generated module: a TS interface and a RecordType value (its koffi type,
// field checks and C-memory Refs) for each record the exports reach, inner records first.
import type { AbiType, RecordLayout } from '../map/abi.js';
import type { BoundFunc } from '../map/map-export.js';
import type { Uses } from '../map/surface.js';
import type { SurfaceOptions } from '../map/surface.js';
import { MODULE_TYPE_NAMES, koffiType, paramSurface, protoRef, recordName, resultSurface, rt, typedArrayFor } from '../map/surface.js';
import { isReserved, paramNames, tsString } from './names.js';

/** A record to declare: its C spelling and layout. */
export interface DeclaredRecord {
  readonly c: string;
  readonly layout: RecordLayout;
}

/** Every record with a layout the exports reach (by value, through a pointer, as a field), inner ones first. */
export function collectRecords(funcs: readonly BoundFunc[]): DeclaredRecord[] {
  const out = new Map<string, DeclaredRecord>();
  const visit = (t: AbiType | undefined): void => {
    if (!t) return;
    if (t.kind === 'pointer') visit(t.elem);
    if (t.kind === 'array') visit(t.elem);
    // Keyed by the record's own spelling: `C.point_t` and `C.struct_point` are one record, one TS type.
    if (t.kind !== 'record' || !t.layout || out.has(t.layout.c)) return;
    for (const f of t.layout.fields) visit(f.type);
    out.set(t.layout.c, { c: t.layout.c, layout: t.layout });
  };
  for (const b of funcs) {
    for (const p of b.abi.params) visit(p.type);
    const r = b.abi.result;
    if (r.kind === 'single') visit(r.type);
    if (r.kind === 'struct') for (const f of r.fields) visit(f.type);
  }
  return [...out.values()];
}

/**
 * The TS name of each record: its tag or typedef name, with `_` appended while it is taken by an
 * export, a name derived from one (`FooAsync`, `FooResult`), a type the module imports, a reserved
 * word or another record (a `struct x` and a `union x`).
 */
export function recordNames(records: readonly DeclaredRecord[], funcs: readonly BoundFunc[]): Map<string, string> {
  const taken = new Set(MODULE_TYPE_NAMES);
  // `NAMEResult` is an interface only for exports with several results.
  for (const b of funcs) for (const n of [b.tsName, `${b.tsName}Async`, ...(b.abi.result.kind === 'struct' ? [`${b.tsName}Result`] : [])]) taken.add(n);
  const names = new Map<string, string>();
  for (const r of records) {
    // GCC allows `$` in names, and the module's own names start with it.
    let n = r.layout.name.startsWith('$') ? `C_${r.layout.name}` : r.layout.name;
    while (taken.has(n) || isReserved(n)) n += '_';
    taken.add(n);
    names.set(r.c, n);
  }
  return names;
}

/** The runtime's check kind for a field (`int32`, `pointer`, `['int8', 5]`, a nested record's name). */
function fieldKind(t: AbiType, uses: Uses): string {
  switch (t.kind) {
    case 'int': return tsString(`${t.signed ? 'int' : 'uint'}${t.bits}`);
    case 'float': return tsString(`float${t.bits}`);
    case 'bool': return tsString('bool');
    case 'pointer': return tsString('pointer');
    case 'record': return recordName(t, uses);
    case 'array': return `[${fieldKind(t.elem, uses)}, ${t.length}]`;
    default: throw new Error(`no record field is a ${t.kind}`);
  }
}

/** The TS type of a field as koffi reads and writes it. */
function fieldTs(t: AbiType, uses: Uses): string {
  switch (t.kind) {
    case 'int': return t.bits === 64 ? 'number | bigint' : 'number';
    case 'float': return 'number';
    case 'bool': return 'boolean';
    case 'pointer':
      uses.types.add('Pointer');
      return 'Pointer | null';
    case 'record': return recordName(t, uses);
    case 'array': return t.elem.kind === 'pointer' ? 'BigUint64Array' : typedArrayFor(t.elem) ?? 'never';
    default: throw new Error(`no record field is a ${t.kind}`);
  }
}

/** A property key in an object literal: `__proto__` computed, so that it names a property, not the prototype. */
const key = (name: string): string => (name === '__proto__' ? `['__proto__']` : name);

/** Names the RecordType value already has, which a function-pointer field's method must not take. */
const RECORD_TYPE_MEMBERS = new Set(['c', 'size', 'koffiType', 'alloc', 'at', 'check']);

/**
 * Methods that call the record's function-pointer fields (`release`, `get_next`): the first argument
 * is the record (a Ref or a pointer), the others are checked like an export's.
 */
function fieldCalls(name: string, c: string, layout: RecordLayout, uses: Uses, options: SurfaceOptions): string[] {
  return layout.fields.flatMap((f) => {
    const fn = f.type.kind === 'pointer' ? f.type.fn : undefined;
    if (!fn) return [];
    let method = f.name;
    while (RECORD_TYPE_MEMBERS.has(method) || isReserved(method)) method += '_';
    const what = tsString(`${name}.${method}`);
    // `$self`: no C parameter name can take it, unlike `self`.
    // Nor the name of a record the method's checks refer to (`get_next(struct stream *stream)`).
    const names = ['$self', ...paramNames(fn.params.map((p) => p.name), uses.shadowed)];
    // A function pointer among the arguments is passed as an address here.
    const plain = (t: AbiType): AbiType => (t.kind === 'pointer' && t.fn ? { kind: 'pointer', c: t.c, elem: t.elem, pointsToGo: t.pointsToGo } : t);
    const params = fn.params.map((p, i) => ({ name: names[i + 1]!, surface: paramSurface(plain(p.type), uses) }));
    const result = fn.result ? resultSurface(plain(fn.result), { fn: what, freeStrings: false, freeExpr: undefined, single: true, options }, uses) : undefined;
    uses.types.add('Ref');
    uses.types.add('Pointer');
    const call = `${rt('callField', uses)}(${names[0]}, ${name}, ${f.offset}, ${protoRef(fn, uses)}, ${what}, [${params.map((p) => p.surface.convert(p.name, what, tsString(p.name))).join(', ')}])`;
    // A pointer argument also takes any Ref (its address): `err.release(err)` as C writes `e->release(e)`.
    const argTs = (ts: string): string => (ts === 'Pointer | null' ? 'Ref<unknown> | Pointer | null' : ts);
    const signature = [`${names[0]}: Ref<${name}> | Pointer`, ...params.map((p) => `${p.name}: ${argTs(p.surface.ts)}`)].join(', ');
    const body = result ? `return ${result.convert(`${call} as ${result.ts}`)};` : `${call};`;
    return [
      `  /** Calls the function pointer \`${f.name}\` of a \`${c}\`; NULL throws. */`,
      `  ${method}(${signature}): ${result ? result.ts : 'void'} {`,
      `    ${body}`,
      '  },',
    ];
  });
}

/** The statements that declare `records` (in order), as TS text: one block each, after a blank line. */
export function recordStatements(records: readonly DeclaredRecord[], uses: Uses, options: SurfaceOptions): string[] {
  return records.map(({ c, layout }) => {
    const name = uses.records.get(c)!;
    const kind = layout.union ? 'union' : 'struct';
    // A union is given one member: each is optional in its type.
    const fields = layout.fields.map((f) => `  ${key(f.name)}${layout.union ? '?' : ''}: ${fieldTs(f.type, uses)};`).join('\n');
    const koffiFields = layout.fields.map((f) => `${key(f.name)}: ${koffiType(f.type, uses)}`).join(', ');
    const kinds = layout.fields.map((f) => `${key(f.name)}: ${fieldKind(f.type, uses)}`).join(', ');
    const what = `C \`${c}\` (${layout.size} bytes, as the C compiler lays it out)`;
    const type = `${rt('recordType', uses)}<${name}>(${tsString(c)}, ${rt('cRecord', uses)}(${tsString(kind)}, { ${koffiFields} }), { ${kinds} })`;
    const calls = fieldCalls(name, c, layout, uses, options);
    return [
      '',
      `/** ${what}.${layout.union ? ' Give one member when you pass it.' : ''} */`,
      `export interface ${name} {\n${fields}\n}`,
      `/** ${what}: \`${name}.alloc()\` gives a Ref to C memory that holds one, to pass where a function takes a pointer to it.${calls.length ? ' Its methods call the function pointers it holds.' : ''} */`,
      calls.length ? `export const ${name} = Object.assign(${type}, {\n${calls.join('\n')}\n});` : `export const ${name} = ${type};`,
    ].join('\n');
  });
}
