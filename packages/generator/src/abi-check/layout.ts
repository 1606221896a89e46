import type { AbiSignature, AbiType } from '../map/abi.js';
import { naturalLayout as layOut, sizeAlign } from '../map/natural-layout.js';

/**
 * Sizes, alignments and field offsets as the bindings assume them, derived from the ABI types of the
 * signatures alone (measure.ts asks the C compiler for the same facts). Targets are 64-bit: cgo's
 * header refuses to compile elsewhere (`_check_for_64_bit_pointer_matching_GoInt`).
 */

export interface LayoutField {
  readonly name: string;
  /** Bytes from the start of the record. */
  readonly offset: number;
  /** `sizeof` the field, in bytes. */
  readonly size: number;
}

/** One C type to measure: size and alignment in bytes, signedness for integers, the fields of records. */
export interface LayoutItem {
  /** The C spelling, usable in `sizeof(...)`: `GoString`, `struct Div_return`, `long int`, `point_t*`. */
  readonly c: string;
  readonly size: number;
  readonly align: number;
  /** Set for integer types (enums and `char` included); measured as `(T)-1 < (T)0`. */
  readonly signed: boolean | undefined;
  /** In declaration order; empty for scalars. */
  readonly fields: readonly LayoutField[];
  /** The first export (in source order) whose signature reaches the type; absent for cgo's own typedefs. */
  readonly usedBy?: string;
}

/** One fact the bindings and the C compiler disagree on: `sizeof(long int): 8 in the bindings, 4 in C`. */
export interface LayoutMismatch {
  readonly c: string;
  readonly detail: string;
  /** As in `LayoutItem`. */
  readonly usedBy: string | undefined;
}

/** The C typedefs behind Go's string, slice, interface and complex types, as the runtime declares them. */
export const GO_STRUCT_LAYOUTS: readonly LayoutItem[] = [
  { c: 'GoString', size: 16, align: 8, signed: undefined, fields: [{ name: 'p', offset: 0, size: 8 }, { name: 'n', offset: 8, size: 8 }] },
  { c: 'GoSlice', size: 24, align: 8, signed: undefined, fields: [{ name: 'data', offset: 0, size: 8 }, { name: 'len', offset: 8, size: 8 }, { name: 'cap', offset: 16, size: 8 }] },
  { c: 'GoInterface', size: 16, align: 8, signed: undefined, fields: [{ name: 't', offset: 0, size: 8 }, { name: 'v', offset: 8, size: 8 }] },
  { c: 'GoComplex64', size: 8, align: 4, signed: undefined, fields: [] },
  { c: 'GoComplex128', size: 16, align: 8, signed: undefined, fields: [] },
];

/** A struct (or union) of `fields` in order, laid out as C does without packing; undefined when a field has no known size. */
export function naturalLayout(c: string, fields: readonly { readonly name: string; readonly type: AbiType }[], union = false): LayoutItem | undefined {
  const laid = layOut(fields, union);
  if (!laid) return undefined;
  const out = fields.map((f, i) => ({ name: f.name, offset: laid.offsets[i]!, size: sizeAlign(f.type)!.size }));
  return { c, size: laid.size, align: laid.align, signed: undefined, fields: out };
}

/** `struct NAME_return`: cgo's plain struct of the results `r0..rN`. */
export function structLayout(c: string, fields: readonly { name: string; type: AbiType }[]): LayoutItem | undefined {
  return naturalLayout(c, fields);
}

/** The item for `t` under its own spelling, or undefined when its size is unknown to the bindings. */
function itemOf(t: AbiType, usedBy: string): LayoutItem | undefined {
  if (t.kind === 'record') {
    const fields = t.layout?.fields;
    const laid = fields && naturalLayout(t.c, fields, t.layout?.union ?? false);
    return laid && { ...laid, usedBy };
  }
  const sa = sizeAlign(t);
  if (!sa) return undefined;
  return { c: t.c, ...sa, signed: t.kind === 'int' ? t.signed : undefined, fields: [], usedBy };
}

/**
 * Everything the bindings of `sigs` assume about C layout: cgo's Go structs, then every type their
 * signatures reach (parameters, results, the fields of result structs, what pointers and slices point
 * to, and every field of every record, at any depth), each measured under the spelling the bindings use.
 * A pointer, an array or an anonymous enum reached as a record's field is checked through the field's
 * size, not by spelling: a field's type may have none (`int (*)(void)`, `enum { A, B }`).
 */
export function expectedLayouts(sigs: readonly AbiSignature[]): LayoutItem[] {
  const items = new Map<string, LayoutItem>(GO_STRUCT_LAYOUTS.map((i) => [i.c, i]));
  for (const sig of sigs) {
    // A work list rather than recursion: records may nest as deep as the package makes them.
    const queue: { t: AbiType; field: boolean }[] = [];
    for (const p of sig.params) queue.push({ t: p.type, field: false });
    if (sig.result.kind === 'single') queue.push({ t: sig.result.type, field: false });
    if (sig.result.kind === 'struct') {
      const fields = sig.result.fields.map((f) => ({ name: f.cName, type: f.type }));
      const item = structLayout(`struct ${sig.result.cName}`, fields);
      if (item && !items.has(item.c)) items.set(item.c, { ...item, usedBy: sig.name });
      for (const f of fields) queue.push({ t: f.type, field: false });
    }
    const seen = new Set<AbiType>();
    // In signature order, breadth first, so that each item names the export that first reaches it.
    for (let next = 0; next < queue.length; next++) {
      const { t, field } = queue[next]!;
      if (seen.has(t)) continue;
      seen.add(t);
      // A field of an anonymous enum type is spelled `enum`, which names nothing the compiler can measure.
      if (!items.has(t.c) && !(field && (t.kind === 'pointer' || t.kind === 'array' || (t.kind === 'int' && t.c === 'enum')))) {
        const item = itemOf(t, sig.name);
        if (item) items.set(item.c, item);
      }
      switch (t.kind) {
        case 'pointer':
        case 'goslice':
          if (t.elem && !field) queue.push({ t: t.elem, field: false });
          break;
        case 'array':
          queue.push({ t: t.elem, field: true });
          break;
        case 'record':
          for (const f of t.layout?.fields ?? []) queue.push({ t: f.type, field: true });
          break;
        default:
          break;
      }
    }
  }
  return [...items.values()];
}

/** Differences between what the bindings assume and what the compiler measured; items not measured are skipped. */
export function compareLayouts(expected: readonly LayoutItem[], measured: ReadonlyMap<string, LayoutItem>): LayoutMismatch[] {
  const out: LayoutMismatch[] = [];
  for (const e of expected) {
    const m = measured.get(e.c);
    if (!m) continue;
    const add = (detail: string): void => void out.push({ c: e.c, detail, usedBy: e.usedBy });
    if (m.size !== e.size) add(`sizeof(${e.c}): ${e.size} in the bindings, ${m.size} in C`);
    if (m.align !== e.align) add(`_Alignof(${e.c}): ${e.align} in the bindings, ${m.align} in C`);
    if (e.signed !== undefined && m.signed !== undefined && e.signed !== m.signed) {
      add(`${e.c}: ${e.signed ? 'signed' : 'unsigned'} in the bindings, ${m.signed ? 'signed' : 'unsigned'} in C`);
    }
    for (const f of e.fields) {
      const mf = m.fields.find((x) => x.name === f.name);
      if (!mf) add(`${e.c} has a field ${f.name} in the bindings, none in C`);
      else {
        if (mf.offset !== f.offset) add(`offsetof(${e.c}, ${f.name}): ${f.offset} in the bindings, ${mf.offset} in C`);
        if (mf.size !== f.size) add(`sizeof(${e.c}.${f.name}): ${f.size} in the bindings, ${mf.size} in C`);
      }
    }
    // A field C has and the bindings lack moves nothing koffi reads, but the record's size shows it.
  }
  return out;
}
