import type { AbiType } from './abi.js';

type IntInfo = Extract<AbiType, { kind: 'int' }>;
type FloatInfo = Extract<AbiType, { kind: 'float' }>;
type ScalarInfo = IntInfo | FloatInfo | Extract<AbiType, { kind: 'bool' | 'complex' }>;

/** C's fundamental types reached through `C.name`, with the spelling cgo uses in the header (gcc's DWARF names). */
function cNamedScalar(name: string, longBits: 32 | 64): ScalarInfo | undefined {
  const int = (c: string, bits: 8 | 16 | 32 | 64, signed: boolean, koffi: string): IntInfo => ({ kind: 'int', c, bits, signed, koffi });
  switch (name) {
    case 'char': return int('char', 8, true, 'char');
    case 'schar': return int('signed char', 8, true, 'int8');
    case 'uchar': return int('unsigned char', 8, false, 'uint8');
    case 'short': return int('short int', 16, true, 'int16');
    case 'ushort': return int('short unsigned int', 16, false, 'uint16');
    case 'int': return int('int', 32, true, 'int32');
    case 'uint': return int('unsigned int', 32, false, 'uint32');
    case 'long': return int('long int', longBits, true, 'long');
    case 'ulong': return int('long unsigned int', longBits, false, 'unsigned long');
    case 'longlong': return int('long long int', 64, true, 'int64');
    case 'ulonglong': return int('long long unsigned int', 64, false, 'uint64');
    case 'float': return { kind: 'float', c: 'float', bits: 32, koffi: 'float' };
    case 'double': return { kind: 'float', c: 'double', bits: 64, koffi: 'double' };
    // `C.bool` needs <stdbool.h>; both are gcc's `_Bool` in the header.
    case 'bool': case '_Bool': return { kind: 'bool', c: '_Bool' };
    // cgo's own names for C's complex types, spelled with Go's typedefs in the header.
    case 'complexfloat': return { kind: 'complex', c: 'GoComplex64', bits: 64 };
    case 'complexdouble': return { kind: 'complex', c: 'GoComplex128', bits: 128 };
    default: return stdintScalar(name);
  }
}

/** `<stdint.h>`/`<stddef.h>` names, which keep their own spelling in the header. */
function stdintScalar(name: string): IntInfo | undefined {
  const m = /^(u?)int(8|16|32|64)_t$/.exec(name);
  if (m) {
    const bits = Number(m[2]) as 8 | 16 | 32 | 64;
    return { kind: 'int', c: name, bits, signed: m[1] === '', koffi: `${m[1]}int${bits}` };
  }
  switch (name) {
    case 'size_t': return { kind: 'int', c: 'size_t', bits: 64, signed: false, koffi: 'size_t' };
    case 'ssize_t': return { kind: 'int', c: 'ssize_t', bits: 64, signed: true, koffi: 'intptr_t' };
    case 'ptrdiff_t': return { kind: 'int', c: 'ptrdiff_t', bits: 64, signed: true, koffi: 'intptr_t' };
    case 'intptr_t': return { kind: 'int', c: 'intptr_t', bits: 64, signed: true, koffi: 'intptr_t' };
    case 'uintptr_t': return { kind: 'int', c: 'uintptr_t', bits: 64, signed: false, koffi: 'uintptr_t' };
    default: return undefined;
  }
}

/**
 * Reads a C type as written in a declaration (`unsigned long`, `long long int`, `const int32_t`)
 * into a scalar, or undefined when it is not one.
 */
export function cDeclaredScalar(spelling: string, longBits: 32 | 64): ScalarInfo | undefined {
  const words = spelling.replace(/\b(const|volatile)\b/g, ' ').trim().split(/\s+/).filter(Boolean);
  if (words.length === 1) {
    const std = stdintScalar(words[0]!);
    if (std) return std;
    if (words[0] === '_Bool' || words[0] === 'bool') return { kind: 'bool', c: '_Bool' };
  }
  if (words.includes('_Complex') || words.includes('complex')) {
    const rest = words.filter((w) => w !== '_Complex' && w !== 'complex');
    if (rest.length === 1 && rest[0] === 'float') return { kind: 'complex', c: 'GoComplex64', bits: 64 };
    if (rest.length === 1 && rest[0] === 'double') return { kind: 'complex', c: 'GoComplex128', bits: 128 };
    return undefined;
  }
  const has = (w: string): boolean => words.includes(w);
  const longs = words.filter((w) => w === 'long').length;
  const known = new Set(['unsigned', 'signed', 'short', 'long', 'int', 'char', 'float', 'double']);
  if (words.length === 0 || words.some((w) => !known.has(w))) return undefined;
  if (has('float')) return cNamedScalar('float', longBits);
  if (has('double')) return longs ? undefined : cNamedScalar('double', longBits);
  const u = has('unsigned');
  if (has('char')) return cNamedScalar(u ? 'uchar' : has('signed') ? 'schar' : 'char', longBits);
  if (has('short')) return cNamedScalar(u ? 'ushort' : 'short', longBits);
  if (longs === 2) return cNamedScalar(u ? 'ulonglong' : 'longlong', longBits);
  if (longs === 1) return cNamedScalar(u ? 'ulong' : 'long', longBits);
  return cNamedScalar(u ? 'uint' : 'int', longBits);
}

export { cNamedScalar };
