// C types named after `C.` that come from the preamble and its headers (typedefs, enums, records),
// mapped with what the C front end read and the compiler measured for the target: no size is assumed.
import type { CField, CInfo, CType } from '../model/c-decls.js';
import { cTypeTooDeep, primKind } from '../model/c-decls.js';
import type { Position } from '../model/diagnostics.js';
import { error } from '../model/diagnostics.js';
import type { AbiType, FnSignature, RecordField } from './abi.js';
import { MAX_TYPE_DEPTH } from '../model/limits.js';
import { typeTooDeep } from './limits.js';
import { naturalLayout, sizeAlign } from './natural-layout.js';

export type CMapResult = { readonly ok: true; readonly type: AbiType } | { readonly ok: false; readonly message: string; readonly code: string };

const INT_BITS = new Set([8, 16, 32, 64]);

/** What a C type amounts to after its typedefs: enough to choose the ABI kind. */
type Resolved =
  | { readonly k: 'int'; readonly char: boolean }
  | { readonly k: 'float' }
  | { readonly k: 'complex' }
  | { readonly k: 'bool' }
  | { readonly k: 'pointer'; readonly to: CType }
  /** `spelling` undefined for an anonymous record reached other than through a typedef. */
  | { readonly k: 'record'; readonly kind: 'struct' | 'union'; readonly spelling: string | undefined; readonly fields: readonly CField[] | undefined }
  | { readonly k: 'other'; readonly what: string }
  | { readonly k: 'undeclared'; readonly name: string };

function resolve(t: CType, c: CInfo): Resolved {
  let cur = t;
  // The typedef name an anonymous record is known by (`typedef struct { ... } point_t;`).
  let typedefName: string | undefined;
  for (let depth = 0; depth <= 1000; depth++) {
    switch (cur.k) {
      case 'prim': {
        const kind = primKind(cur.name);
        if (kind === 'void') return { k: 'other', what: 'void' };
        return kind === 'int' ? { k: 'int', char: cur.name === 'char' } : { k: kind };
      }
      case 'typedef': {
        const decl = c.decls.typedefs.get(cur.name);
        if (!decl) return { k: 'undeclared', name: cur.name };
        typedefName = cur.name;
        cur = decl.type;
        continue;
      }
      case 'enum':
        return { k: 'int', char: false };
      case 'pointer':
        return { k: 'pointer', to: cur.to };
      case 'record': {
        const fields = cur.fields ?? (cur.tag === undefined ? undefined : c.decls.records.get(`${cur.kind}_${cur.tag}`)?.fields);
        return { k: 'record', kind: cur.kind, spelling: cur.tag ? `${cur.kind} ${cur.tag}` : typedefName, fields };
      }
      case 'array':
        return { k: 'other', what: 'an array type' };
      case 'func':
        return { k: 'other', what: 'a function type' };
    }
  }
  return { k: 'other', what: 'a typedef chain more than 1,000 deep' };
}

/** The ABI of a C scalar spelled `spelling`, from its measured size (and signedness). */
function scalar(spelling: string, r: Resolved & { k: 'int' | 'float' | 'complex' | 'bool' }, c: CInfo): CMapResult {
  const facts = c.facts.get(spelling);
  if (!facts) return { ok: false, code: 'unknown-c-type', message: `the C compiler could not measure ${spelling}` };
  const bits = facts.size * 8;
  if (r.k === 'bool') return { ok: true, type: { kind: 'bool', c: spelling } };
  if (r.k === 'complex') {
    if (bits !== 64 && bits !== 128) return { ok: false, code: 'unsupported-type', message: `${spelling} is a ${bits}-bit complex type, which koffi cannot pass; use complex float or complex double` };
    return { ok: true, type: { kind: 'complex', c: spelling, bits } };
  }
  if (r.k === 'float') {
    if (bits !== 32 && bits !== 64) return { ok: false, code: 'unsupported-type', message: `${spelling} is a ${bits}-bit floating-point type, which koffi cannot pass; use float or double` };
    return { ok: true, type: { kind: 'float', c: spelling, bits, koffi: bits === 32 ? 'float' : 'double' } };
  }
  if (!INT_BITS.has(bits)) return { ok: false, code: 'unsupported-type', message: `${spelling} is a ${bits}-bit integer, which koffi cannot pass; use an integer type of 8, 16, 32 or 64 bits` };
  if (facts.signed === undefined) return { ok: false, code: 'unsupported-type', message: `${spelling} is not an integer the C compiler can convert from -1 (a vector type?), which koffi cannot pass` };
  const signed = facts.signed;
  // `char` is unsigned on some targets (arm64 Linux, -funsigned-char): koffi's 'char' is signed.
  const koffi = r.char && bits === 8 && signed ? 'char' : `${signed ? '' : 'u'}int${bits}`;
  return { ok: true, type: { kind: 'int', c: spelling, bits: bits as 8 | 16 | 32 | 64, signed, koffi, ...(r.char ? { char: true as const } : {}) } };
}

/** The ABI of the C type `t`, which the header spells `spelling`. */
function mapCTypeSpelled(t: CType, spelling: string, c: CInfo, depth: number): CMapResult {
  const r = resolve(t, c);
  switch (r.k) {
    case 'int': case 'float': case 'complex': case 'bool':
      return scalar(spelling, r, c);
    case 'pointer': {
      const to = r.to;
      if (to.k === 'prim' && to.name === 'void') return { ok: true, type: { kind: 'pointer', c: spelling, elem: undefined, pointsToGo: false } };
      const fn = functionSignature(to, c, depth);
      if (fn !== 'not a function') return { ok: true, type: { kind: 'pointer', c: spelling, elem: undefined, pointsToGo: false, ...(fn ? { fn } : {}) } };
      const inner = depth < 100 ? mapCTypeSpelled(to, spellingOf(to), c, depth + 1) : undefined;
      // A pointer to what gen-bindings cannot pass by value (a function) is still one machine word. A
      // pointer to a record is typed at the top (a typedef such as `typedef struct point *point_ref`
      // takes a Ref, as *C.struct_point does); deeper (a pointer to such a pointer) it is an address.
      const elem = inner?.ok && (inner.type.kind !== 'record' || depth === 0) ? inner.type : undefined;
      return { ok: true, type: { kind: 'pointer', c: spelling, elem, pointsToGo: false } };
    }
    case 'record':
      return record(spelling, r, c, depth);
    case 'undeclared':
      return { ok: false, code: 'unknown-c-type', message: `${r.name} is not declared in the import "C" preamble or the headers it includes` };
    case 'other':
      return { ok: false, code: 'unsupported-type', message: `${spelling} is ${r.what}, which cannot be passed by value; pass a pointer to it` };
  }
}

/**
 * A struct or union with the layout the compiler measured, field by field. Fields koffi cannot lay out
 * (bitfields, anonymous members, flexible arrays) and layouts that natural alignment does not give
 * (packed or aligned attributes) are errors naming the field.
 */
function record(spelling: string, r: Resolved & { k: 'record' }, c: CInfo, depth: number): CMapResult {
  // The layout belongs to the record's own spelling (`struct point`, or the typedef of an anonymous one).
  const own = r.spelling ?? spelling;
  const facts = c.facts.get(own);
  if (!r.fields || !facts) return { ok: true, type: { kind: 'record', c: spelling, layout: undefined } };
  const where = (f: CField): string => `${f.pos.file}:${f.pos.line}`;
  if (r.fields.length === 0) return { ok: false, code: 'unsupported-type', message: `${own} has no fields (a GNU extension), which koffi cannot lay out; pass a pointer *C.${cName(own)}` };
  const fields: RecordField[] = [];
  for (const f of r.fields) {
    if (f.name === '__proto__') return { ok: false, code: 'unsupported-type', message: `field __proto__ of ${own} (${where(f)}) cannot be a JS object property; pass a pointer *C.${cName(own)}` };
    if (f.name === undefined) return { ok: false, code: 'unsupported-type', message: `${own} has an anonymous member (${where(f)}), which koffi cannot lay out; give the member a name` };
    if (f.bits !== undefined) return { ok: false, code: 'unsupported-type', message: `field ${f.name} of ${own} is a bitfield (${where(f)}), which koffi cannot lay out; pass a pointer *C.${cName(own)} and read it in C` };
    const measured = c.fields.get(`${own}.${f.name}`);
    // The compiler knows every array's length (`char pad[15 * sizeof(int) - ...]`, `char a[010]`).
    const declared = f.type.k === 'array' && f.type.sized && measured?.elemSize ? { ...f.type, length: measured.size / measured.elemSize } : f.type;
    // An anonymous enum has no spelling the compiler could measure; the field itself was measured.
    const anonymousEnum = measured?.signed === undefined ? undefined
      : f.type.k === 'enum' && f.type.tag === undefined ? enumField(measured.size, measured.signed)
      : declared.k === 'array' && declared.of.k === 'enum' && declared.length !== undefined && measured.elemSize !== undefined ? enumArray(declared.length, measured.elemSize, measured.signed)
      : undefined;
    const type = anonymousEnum ?? (depth < 100 ? fieldType(declared, c, depth + 1) : undefined);
    if (!type?.ok) return { ok: false, code: type?.code ?? 'unsupported-type', message: `field ${f.name} of ${own} (${where(f)}): ${type?.message ?? 'nested too deeply'}` };
    if (!measured) return { ok: false, code: 'unsupported-type', message: `the C compiler could not measure field ${f.name} of ${own} (${where(f)})` };
    // What koffi will make of the field must be what C has (an aligned typedef, a vector type, differ).
    const k = sizeAlign(type.type);
    if (!k || k.size !== measured.size || k.align !== measured.align) {
      return { ok: false, code: 'unsupported-type', message: `field ${f.name} of ${own} (${where(f)}) is ${measured.size} bytes aligned to ${measured.align} in C, ${k ? `${k.size} aligned to ${k.align}` : 'of unknown size'} as koffi would pass it (an aligned attribute?); pass a pointer *C.${cName(own)}` };
    }
    fields.push({ name: f.name, type: type.type, ...measured });
  }
  // koffi lays records out with natural alignment; anything else would silently misplace fields.
  // Each field's size and alignment equal the compiler's (checked above), so the layout is koffi's.
  const natural = naturalLayout(fields, r.kind === 'union')!;
  const moved = fields.findIndex((f, i) => f.offset !== natural.offsets[i]);
  if (moved >= 0) {
    const f = fields[moved]!;
    return { ok: false, code: 'unsupported-type', message: `field ${f.name} of ${own} is at offset ${f.offset}, not ${natural.offsets[moved]} as natural alignment gives (a packed or aligned attribute?), which koffi cannot lay out; pass a pointer *C.${cName(own)}` };
  }
  if (facts.align !== natural.align || facts.size !== natural.size) {
    return { ok: false, code: 'unsupported-type', message: `${own} is ${facts.size} bytes aligned to ${facts.align}, not ${natural.size} aligned to ${natural.align} as natural alignment gives (a packed or aligned attribute?), which koffi cannot lay out; pass a pointer *C.${cName(own)}` };
  }
  const name = own.replace(/^(struct|union) /, '');
  return { ok: true, type: { kind: 'record', c: spelling, layout: { c: own, name, union: r.kind === 'union', size: facts.size, align: facts.align, fields } } };
}

/** A field of an anonymous enum type: the integer of the size and signedness the compiler measured for the field. */
function enumField(size: number, signed: boolean): CMapResult {
  const bits = size * 8;
  if (!INT_BITS.has(bits)) return { ok: false, code: 'unsupported-type', message: `its anonymous enum is a ${bits}-bit integer, which koffi cannot pass` };
  return { ok: true, type: { kind: 'int', c: 'enum', bits: bits as 8 | 16 | 32 | 64, signed, koffi: `${signed ? '' : 'u'}int${bits}` } };
}

/** A field that is an array of an anonymous enum type: `length` integers of the measured element size. */
function enumArray(length: number, elemSize: number, signed: boolean): CMapResult {
  const elem = enumField(elemSize, signed);
  if (!elem.ok) return elem;
  return { ok: true, type: { kind: 'array', c: `enum[${length}]`, elem: elem.type, length } };
}

/** The name Go code uses after `C.` for a C spelling: `struct point` → `struct_point`. */
function cName(spelling: string): string {
  return spelling.replace(/^(struct|union|enum) /, '$1_');
}

/**
 * The ABI of a record's field. Pointers in fields are addresses (char* too: who owns the string is the
 * API's business, and `cString` reads one); arrays are fixed-size arrays of what a field may be.
 */
function fieldType(t: CType, c: CInfo, depth: number): CMapResult {
  if (t.k === 'array') {
    if (t.length === undefined || t.length === 0) return { ok: false, code: 'unsupported-type', message: 'a flexible array member has no size koffi can lay out' };
    const elem = fieldType(t.of, c, depth + 1);
    if (!elem.ok) return elem;
    if (elem.type.kind === 'record' || elem.type.kind === 'array' || elem.type.kind === 'complex') {
      return { ok: false, code: 'unsupported-type', message: `an array of ${elem.type.c} is not supported in a field yet; use an array of numbers or pointers` };
    }
    return { ok: true, type: { kind: 'array', c: `${elem.type.c}[${t.length}]`, elem: elem.type, length: t.length } };
  }
  const spelling = spellingOf(t);
  const r = resolve(t, c);
  if (r.k === 'pointer') {
    const fn = functionSignature(r.to, c, depth);
    return { ok: true, type: { kind: 'pointer', c: spelling, elem: undefined, pointsToGo: false, ...(fn && fn !== 'not a function' ? { fn } : {}) } };
  }
  if (r.k === 'record' && r.spelling === undefined) return { ok: false, code: 'unsupported-type', message: `an anonymous ${r.kind} member has no name to lay it out by; declare it as a named type` };
  const mapped = mapCTypeSpelled(t, spelling, c, depth);
  if (mapped.ok && mapped.type.kind === 'record' && !mapped.type.layout) return { ok: false, code: 'unsupported-type', message: `${spelling} is an incomplete type` };
  if (mapped.ok && mapped.type.kind === 'complex') return { ok: false, code: 'unsupported-type', message: `complex fields are not supported; split it into two floating-point fields` };
  return mapped;
}

/**
 * The signature of a function a pointer points to, when koffi can describe it: parameters and result
 * that are scalars or pointers (no records by value, no variadics); undefined when it cannot.
 */
function functionSignature(to: CType, c: CInfo, depth: number): FnSignature | undefined | 'not a function' {
  let f: CType | undefined = to;
  for (let hops = 0; f?.k === 'typedef' && hops < 100; hops++) f = c.decls.typedefs.get(f.name)?.type;
  if (f?.k !== 'func') return 'not a function';
  if (f.variadic || depth > 50) return undefined;
  const one = (t: CType): AbiType | undefined => {
    // Pointers inside a callback's signature are addresses: no record layout, so no cycle through a
    // record whose field points to a function taking that record (`release(struct AdbcError *)`).
    const r = resolve(t, c);
    if (r.k === 'pointer') {
      const m = mapCTypeSpelled({ k: 'pointer', to: { k: 'prim', name: 'void' }, constTarget: false }, spellingOf(t), c, depth + 1);
      const charTarget = resolve(r.to, c);
      // Only `const char *` is a string a callback can read: a `char *` may be a buffer without a NUL.
      if (t.k === 'pointer' && (t.constTarget || constTypedef(t.to, c)) && charTarget.k === 'int' && charTarget.char) return { kind: 'pointer', c: spellingOf(t), elem: { kind: 'int', c: 'char', bits: 8, signed: true, koffi: 'char' }, pointsToGo: false };
      return m.ok ? m.type : undefined;
    }
    const m = mapCTypeSpelled(t, spellingOf(t), c, depth + 1);
    return m.ok && m.type.kind !== 'record' && m.type.kind !== 'complex' ? m.type : undefined;
  };
  const params: { name: string | undefined; type: AbiType }[] = [];
  for (const p of f.params) {
    const type = one(p.type);
    if (!type) return undefined;
    params.push({ name: p.name, type });
  }
  if (f.result.k === 'prim' && f.result.name === 'void') return { result: undefined, params };
  const result = one(f.result);
  return result ? { result, params } : undefined;
}

/** Whether `t` is a typedef of a const type, through typedefs of typedefs (`typedef const char cchar_t`). */
function constTypedef(t: CType, c: CInfo): boolean {
  let cur: CType | undefined = t;
  for (let hops = 0; cur?.k === 'typedef' && hops < 100; hops++) {
    const decl = c.decls.typedefs.get(cur.name);
    if (decl?.constQualified) return true;
    cur = decl?.type;
  }
  return false;
}

/** How C writes a type in a declaration (`mode_t`, `struct point`, `char`, `unsigned char*`). */
function spellingOf(t: CType): string {
  switch (t.k) {
    case 'prim': return t.name;
    case 'typedef': return t.name;
    case 'enum': return `enum ${t.tag ?? ''}`.trim();
    case 'record': return `${t.kind} ${t.tag ?? ''}`.trim();
    case 'pointer': return `${spellingOf(t.to)}*`;
    case 'array': return `${spellingOf(t.of)}[]`;
    case 'func': return 'function';
  }
}

/**
 * `C.NAME` for a name the preamble or its headers declare: a typedef (`C.mode_t`, `C.AdbcStatusCode`),
 * `C.enum_x`, `C.struct_x` or `C.union_x`. Errors are located at `pos` and say what to write instead.
 */
export function mapPreambleName(name: string, pos: Position, c: CInfo): { ok: true; type: AbiType } | { ok: false; diagnostic: ReturnType<typeof error> } {
  const tag = /^(struct|union|enum)_(.+)$/.exec(name);
  const spelling = tag ? `${tag[1]} ${tag[2]}` : name;
  if (!tag && cTypeTooDeep({ k: 'typedef', name }, c.decls, MAX_TYPE_DEPTH)) return { ok: false, diagnostic: typeTooDeep(pos) };
  let r: CMapResult;
  if (tag?.[1] === 'enum') r = scalar(spelling, { k: 'int', char: false }, c);
  else if (tag) {
    const kind = tag[1] as 'struct' | 'union';
    r = c.decls.records.has(name) || c.decls.tagsSeen.has(name)
      ? record(spelling, { k: 'record', kind, spelling, fields: c.decls.records.get(name)?.fields }, c, 0)
      : { ok: false, code: 'unknown-c-type', message: `${spelling} is not declared in the import "C" preamble or the headers it includes` };
  }
  else r = mapCTypeSpelled({ k: 'typedef', name }, name, c, 0);
  if (r.ok) return r;
  const fix = r.code === 'unknown-c-type' ? `; declare it there (or #include its header), or pass a pointer *C.${name}` : '';
  return { ok: false, diagnostic: error(r.code, `C.${name}: ${r.message}${fix}`, pos) };
}
