/**
 * The C ABI of one value in an exported signature, as cgo writes it in the header.
 * `c` is the header's spelling of the type (`GoInt`, `long int`, `GoInt32*`, `my_i32`).
 */
export type AbiType =
  /** Integers of every width; `koffi` is the koffi primitive name with the same size and signedness. */
  | { readonly kind: 'int'; readonly c: string; readonly bits: 8 | 16 | 32 | 64; readonly signed: boolean; readonly koffi: string; /** C `char` or a typedef of it: a pointer to it is a C string. */ readonly char?: true }
  | { readonly kind: 'float'; readonly c: string; readonly bits: 32 | 64; readonly koffi: string }
  /** Go `bool`: one byte holding 0 or 1, spelled `GoUint8`. */
  | { readonly kind: 'bool'; readonly c: string }
  | { readonly kind: 'complex'; readonly c: string; readonly bits: 64 | 128 }
  /** Go `string`: `GoString` = `{ const char *p; ptrdiff_t n; }`. */
  | { readonly kind: 'gostring'; readonly c: string }
  /** Go `[]T`: `GoSlice` = `{ void *data; GoInt len; GoInt cap; }`; `elem` is the element's ABI, when it has one. */
  | { readonly kind: 'goslice'; readonly c: string; readonly elem: AbiType | undefined }
  /** Go interfaces and `error`: `GoInterface` = `{ void *t; void *v; }`. */
  | { readonly kind: 'gointerface'; readonly c: string }
  /** `GoMap` and `GoChan`: `void *` that only Go can use. */
  | { readonly kind: 'gohandle'; readonly c: string }
  /** Any pointer; `elem` undefined for `void *` (unsafe.Pointer). `*C.char` has `elem.c === 'char'`. */
  | { readonly kind: 'pointer'; readonly c: string; readonly elem: AbiType | undefined; readonly pointsToGo: boolean; /** A C function pointer whose signature koffi can describe. */ readonly fn?: FnSignature }
  /**
   * A C struct or union (`struct point`, a typedef of one). `layout` is what the C compiler measured, when
   * the type is complete; undefined for an opaque (incomplete) type, which only a pointer can reach.
   */
  | { readonly kind: 'record'; readonly c: string; readonly layout: RecordLayout | undefined }
  /** A fixed-size array, as a field of a record: `char sqlstate[5]`. */
  | { readonly kind: 'array'; readonly c: string; readonly elem: AbiType; readonly length: number };

/** The signature of a C function pointer: what JS functions passed for it receive and return. */
export interface FnSignature {
  /** Undefined for `void`. */
  readonly result: AbiType | undefined;
  readonly params: readonly { readonly name: string | undefined; readonly type: AbiType }[];
}

/** A C struct or union as the compiler lays it out for the target. Sizes and offsets are in bytes. */
export interface RecordLayout {
  /** The record's own C spelling (`struct point`, or the typedef of an anonymous one): one record, one spelling, however it is reached. */
  readonly c: string;
  /** The name TypeScript sees: the tag (`AdbcError` for `struct AdbcError`) or the typedef name. */
  readonly name: string;
  readonly union: boolean;
  readonly size: number;
  readonly align: number;
  readonly fields: readonly RecordField[];
}

export interface RecordField {
  readonly name: string;
  readonly type: AbiType;
  readonly offset: number;
  readonly size: number;
  readonly align: number;
}

/** True for a `*C.char` (a C string pointer). */
export function isCString(t: AbiType): boolean {
  return t.kind === 'pointer' && t.elem !== undefined && t.elem.kind === 'int' && (t.elem.c === 'char' || t.elem.char === true);
}

/** What a function returns in C: nothing, one value, or cgo's `struct NAME_return`. */
export type AbiResult =
  | { readonly kind: 'void' }
  | { readonly kind: 'single'; readonly type: AbiType }
  /** Fields are `r0, r1, ...` in C; `goName` is the Go result name (undefined when unnamed). */
  | { readonly kind: 'struct'; readonly cName: string; readonly fields: readonly AbiField[] };

export interface AbiField {
  readonly cName: string;
  readonly goName: string | undefined;
  readonly type: AbiType;
}

export interface AbiParam {
  /** The name cgo writes in the prototype: the Go name, or `p<i>` when unnamed (i counts from 0). */
  readonly cName: string;
  readonly goName: string | undefined;
  readonly type: AbiType;
  /** `//bindings:out NAME`: a `*C.char` the function writes into, passed as a caller's byte buffer, not a string. */
  readonly buffer?: true;
  /** `//bindings:keep NAME`: a function pointer C keeps after the call, so the caller registers and releases it. */
  readonly keep?: true;
}

/** The C-level signature of one export, equal to the prototype in cgo's header. */
export interface AbiSignature {
  readonly name: string;
  readonly params: readonly AbiParam[];
  readonly result: AbiResult;
}

/** The C return type cgo writes: `void`, the single result's type, or `struct NAME_return`. */
export function resultCType(sig: AbiSignature): string {
  return sig.result.kind === 'void' ? 'void' : sig.result.kind === 'single' ? sig.result.type.c : `struct ${sig.result.cName}`;
}

/** Renders the prototype the way cgo writes it: `extern GoInt add(GoInt a, GoInt b);`. */
export function renderPrototype(sig: AbiSignature): string {
  const ret = resultCType(sig);
  const params = sig.params.length === 0 ? 'void' : sig.params.map((p) => `${p.type.c} ${p.cName}`).join(', ');
  return `extern ${ret} ${sig.name}(${params});`;
}

/** Renders a multiple-result struct the way cgo writes it (fields `r0..rN`, Go names in comments). */
export function renderResultStruct(sig: AbiSignature): string | undefined {
  if (sig.result.kind !== 'struct') return undefined;
  const fields = sig.result.fields.map((f) => `\t${f.type.c} ${f.cName};${f.goName !== undefined ? ` /* ${f.goName} */` : ''}`);
  return `struct ${sig.result.cName} {\n${fields.join('\n')}\n};`;
}
