import { assertNever } from '../model/go-types.js';
import type { AbiType } from './abi.js';

/**
 * Sizes and alignments as koffi lays values out: natural alignment, records from their fields as
 * koffi.struct and koffi.union do, 64-bit pointers (cgo's header refuses to compile on 32-bit targets).
 * One rule for the mapper (which refuses what C lays out otherwise), check-abi and the argument checks.
 */
export const POINTER_SIZE = 8;

export const alignUp = (n: number, align: number): number => Math.ceil(n / align) * align;

export interface NaturalLayout {
  readonly size: number;
  readonly align: number;
  /** Each field's offset, in order. */
  readonly offsets: readonly number[];
}

/** A struct (or union) of `fields` in order, laid out without packing; undefined when a field has no known size. */
export function naturalLayout(fields: readonly { readonly type: AbiType }[], union = false): NaturalLayout | undefined {
  let end = 0;
  let align = 1;
  const offsets: number[] = [];
  for (const f of fields) {
    const sa = sizeAlign(f.type);
    if (!sa) return undefined;
    const offset = union ? 0 : alignUp(end, sa.align);
    offsets.push(offset);
    end = union ? Math.max(end, sa.size) : offset + sa.size;
    align = Math.max(align, sa.align);
  }
  return { size: alignUp(end, align), align, offsets };
}

/** Size and alignment of a value of `t`; undefined for an opaque record. */
export function sizeAlign(t: AbiType): { size: number; align: number } | undefined {
  switch (t.kind) {
    case 'int':
    case 'float':
      return { size: t.bits / 8, align: t.bits / 8 };
    case 'bool':
      return { size: 1, align: 1 };
    case 'complex':
      return t.bits === 64 ? { size: 8, align: 4 } : { size: 16, align: 8 };
    case 'gostring':
    case 'gointerface':
      return { size: 16, align: 8 };
    case 'goslice':
      return { size: 24, align: 8 };
    case 'gohandle':
    case 'pointer':
      return { size: POINTER_SIZE, align: POINTER_SIZE };
    case 'record': {
      const laid = t.layout && naturalLayout(t.layout.fields, t.layout.union);
      return laid && { size: laid.size, align: laid.align };
    }
    case 'array': {
      const e = sizeAlign(t.elem);
      return e && { size: e.size * t.length, align: e.align };
    }
    default:
      return assertNever(t);
  }
}
