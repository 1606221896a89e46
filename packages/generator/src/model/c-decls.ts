import type { Position } from './diagnostics.js';

/**
 * A C type as a declaration spells it, after preprocessing; sizes and layouts come from the compiler
 * (see `CLayouts`), never from assumptions about the target.
 */
export type CType =
  /** A fundamental type in canonical spelling: `int`, `unsigned long`, `long long`, `_Bool`, `double`, `void`, ... */
  | { readonly k: 'prim'; readonly name: string }
  /** A typedef name: `int32_t`, `AdbcStatusCode`, `mode_t`. */
  | { readonly k: 'typedef'; readonly name: string }
  /** `struct T` / `union T`; `tag` undefined for an anonymous one, whose fields are then given here. */
  | { readonly k: 'record'; readonly kind: 'struct' | 'union'; readonly tag: string | undefined; readonly fields?: readonly CField[] }
  | { readonly k: 'enum'; readonly tag: string | undefined }
  | { readonly k: 'pointer'; readonly to: CType; readonly constTarget: boolean }
  /** `T[N]`; `length` undefined when N is not a number literal (the compiler knows it) or for `T[]` (`sized` false). */
  | { readonly k: 'array'; readonly of: CType; readonly length: number | undefined; readonly sized: boolean }
  | { readonly k: 'func'; readonly result: CType; readonly params: readonly CParam[]; readonly variadic: boolean };

export interface CParam {
  readonly name: string | undefined;
  readonly type: CType;
}

export interface CField {
  readonly name: string | undefined;
  readonly type: CType;
  /** Width of a bitfield, in bits. */
  readonly bits: number | undefined;
  readonly pos: Position;
}

/** Where a declaration comes from: the preamble, a header of the package, or a system header. */
export type COrigin = 'preamble' | 'package' | 'system';

export interface CTypedefDecl {
  readonly name: string;
  readonly type: CType;
  /** `typedef const char cchar_t`: the type it names is const. */
  readonly constQualified?: true;
  readonly origin: COrigin;
  readonly pos: Position;
}

export interface CRecordDecl {
  readonly kind: 'struct' | 'union';
  readonly tag: string;
  readonly fields: readonly CField[];
  readonly origin: COrigin;
  readonly pos: Position;
}

export interface CEnumDecl {
  readonly tag: string | undefined;
  /** The constants in declaration order; values come from the compiler. */
  readonly constants: readonly string[];
  readonly origin: COrigin;
  readonly pos: Position;
}

export interface CDefine {
  readonly name: string;
  /** The replacement text, as the preprocessor printed it. */
  readonly body: string;
  readonly origin: COrigin;
  readonly pos: Position;
}

export interface CFunctionDecl {
  readonly name: string;
  readonly type: Extract<CType, { k: 'func' }>;
  /** Declared `static` (by this declaration or an earlier one): internal linkage, so no symbol of the library. */
  readonly isStatic: boolean;
  readonly origin: COrigin;
  readonly pos: Position;
}

/** What the preambles of a package (and every header they include) declare. */
export interface CDeclarations {
  readonly typedefs: ReadonlyMap<string, CTypedefDecl>;
  /** Keyed `struct_T` / `union_T`, the names Go code uses after `C.`. */
  readonly records: ReadonlyMap<string, CRecordDecl>;
  /** `struct_T` / `union_T` named without a body anywhere (`struct T;`): declared, maybe never completed. */
  readonly tagsSeen: ReadonlySet<string>;
  readonly enums: readonly CEnumDecl[];
  readonly defines: readonly CDefine[];
  readonly functions: ReadonlyMap<string, CFunctionDecl>;
}

/** What the compiler measured for a C type, spelled as C writes it (`mode_t`, `enum color`, `char`). */
export interface CTypeFacts {
  /** In bytes. */
  readonly size: number;
  readonly align: number;
  /** For integer types (enums and `char` included): whether the type is signed on the target. */
  readonly signed: boolean | undefined;
}

/** Where the compiler put a field of a record; in bytes. */
export interface CFieldFacts {
  readonly offset: number;
  readonly size: number;
  readonly align: number;
  /** For an array field: the size of one element. */
  readonly elemSize?: number;
  /** For a field of an anonymous enum type (`enum { A, B } kind;`), which has no spelling to measure: its signedness. */
  readonly signed?: boolean;
}

/** The C side of a package, when its exports use C types beyond cgo's built-in scalars. */
export interface CInfo {
  readonly decls: CDeclarations;
  /** Keyed by the C spelling. */
  readonly facts: ReadonlyMap<string, CTypeFacts>;
  /** Keyed `<record spelling>.<field>` (`struct point.x`). */
  readonly fields: ReadonlyMap<string, CFieldFacts>;
  /** The enums and object-like `#define`s of the preamble and the package's own headers, with their values. */
  readonly constants: CConstants;
}

/** A constant's value as the compiler computed it. */
export type CConstantValue = bigint | number | string;

export interface CConstants {
  readonly enums: readonly { readonly tag: string | undefined; readonly typedef: string | undefined; readonly members: readonly { readonly name: string; readonly value: bigint }[]; readonly pos: Position }[];
  /** `pointer`: the #define is a pointer (`((void *)-1)`), its value the address. */
  readonly defines: readonly { readonly name: string; readonly body: string; readonly value: CConstantValue; readonly pointer?: true; readonly pos: Position }[];
}

/** cgo's names for C's fundamental types after `C.`, which need no preamble (cmd/cgo/gcc.go dwarfToName). */
export const CGO_BUILTIN_TYPES: ReadonlySet<string> = new Set([
  'char', 'schar', 'uchar', 'short', 'ushort', 'int', 'uint', 'long', 'ulong', 'longlong', 'ulonglong',
  'float', 'double', 'complexfloat', 'complexdouble',
]);

/** The C spelling of a name after `C.`: `struct_point` → `struct point`; a typedef stays as it is. */
export function cSpelling(name: string): string {
  const tag = /^(struct|union|enum)_(.+)$/.exec(name);
  return tag ? `${tag[1]} ${tag[2]}` : name;
}

/** Whether the chain of typedefs, pointers and arrays below `t` is longer than `limit` (walked without recursion). */
export function cTypeTooDeep(t: CType, decls: CDeclarations, limit: number): boolean {
  let cur: CType | undefined = t;
  for (let depth = 0; cur; depth++) {
    if (depth > limit) return true;
    cur = cur.k === 'typedef' ? decls.typedefs.get(cur.name)?.type : cur.k === 'pointer' ? cur.to : cur.k === 'array' ? cur.of : undefined;
  }
  return false;
}

/** What a fundamental C type (a `prim` spelling) is, for choosing how to pass and measure it. */
export function primKind(name: string): 'int' | 'float' | 'complex' | 'bool' | 'void' {
  if (name === 'void') return 'void';
  if (name === '_Bool') return 'bool';
  if (name.endsWith('_Complex')) return 'complex';
  if (['float', 'double', 'long double'].includes(name) || /^(_Float\d+|__float128|__fp16|__bf16)$/.test(name)) return 'float';
  return 'int';
}
