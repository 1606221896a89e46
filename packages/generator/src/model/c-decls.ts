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
  /** `T[N]`; `length` undefined for `T[]`. */
  | { readonly k: 'array'; readonly of: CType; readonly length: number | undefined }
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
  readonly origin: COrigin;
  readonly pos: Position;
}

/** What the preambles of a package (and every header they include) declare. */
export interface CDeclarations {
  readonly typedefs: ReadonlyMap<string, CTypedefDecl>;
  /** Keyed `struct_T` / `union_T`, the names Go code uses after `C.`. */
  readonly records: ReadonlyMap<string, CRecordDecl>;
  readonly enums: readonly CEnumDecl[];
  readonly defines: readonly CDefine[];
  readonly functions: ReadonlyMap<string, CFunctionDecl>;
}
