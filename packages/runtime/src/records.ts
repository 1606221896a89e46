// C structs and unions: their koffi types, checked values, and C memory that holds one (a Ref), for
// C APIs that keep a struct between calls (ADBC's AdbcDatabase) as well as for one call.
import koffi from 'koffi';
import type { TypeObject } from 'koffi';
import {
  argBool, argFloat32, argFloat64, argInt8, argInt16, argInt32, argInt64, argPointer, argUint8, argUint16, argUint32, argUint64,
  invalidArgument,
} from './args.js';
import type { Pointer, TypeSpec } from './convert.js';
import { PINNABLE, usesOf } from './pins.js';

/** A scalar field's kind: how it is checked. */
export type ScalarKind = 'int8' | 'uint8' | 'int16' | 'uint16' | 'int32' | 'uint32' | 'int64' | 'uint64' | 'float32' | 'float64' | 'bool' | 'pointer';

/** How a field is checked: a scalar kind, a fixed array of scalars `[kind, length]`, or a nested record. */
export type FieldKind = ScalarKind | readonly [elem: ScalarKind, length: number] | RecordType<unknown>;

const SCALAR_CHECKS: Readonly<Record<ScalarKind, (v: unknown, fn: string, param: string) => unknown>> = {
  int8: argInt8, uint8: argUint8, int16: argInt16, uint16: argUint16, int32: argInt32, uint32: argUint32,
  int64: argInt64, uint64: argUint64, float32: argFloat32, float64: argFloat64, bool: argBool, pointer: argPointer,
};

const TYPED_ARRAYS: Partial<Record<ScalarKind, Function>> = {
  int8: Int8Array, uint8: Uint8Array, int16: Int16Array, uint16: Uint16Array, int32: Int32Array, uint32: Uint32Array,
  int64: BigInt64Array, uint64: BigUint64Array, float32: Float32Array, float64: Float64Array, bool: Uint8Array,
  pointer: BigUint64Array,
};

/** The koffi type of a C struct or union. Anonymous, so that several generated modules can declare the same C type. */
export function cRecord(kind: 'struct' | 'union', fields: Record<string, TypeSpec>): TypeObject {
  return kind === 'struct' ? koffi.struct(fields) : koffi.union(fields);
}

/** The koffi type of a fixed-size array field, read and written as a TypedArray of its elements. */
export function cArray(elem: TypeSpec, length: number): TypeObject {
  return koffi.array(elem, length, 'Typed');
}

/** Reads a NUL-terminated UTF-8 string C owns (a `char *` field, say) without freeing it. NULL gives null. */
export function cString(p: Pointer | null): string | null {
  return p === null ? null : (koffi.decode(p, 'char', -1) as string);
}

/** A C struct or union type of the bindings: checks values, and allocates C memory that holds one. */
export interface RecordType<T> {
  /** The C type: `struct AdbcError`. */
  readonly c: string;
  /** In bytes, as the C compiler lays it out (the generator checked koffi agrees). */
  readonly size: number;
  readonly koffiType: TypeObject;
  /** Zeroed C memory for one value (malloc'd; free it with {@link Ref.free}), with `init`'s fields written. */
  alloc(init?: Partial<T>): Ref<T>;
  /** A Ref to a value at an address C gave you; not owned, so `free` refuses. */
  at(address: Pointer): Ref<T>;
  /** Checks that `v` is a value of this type (every field present and of its kind); returns it. */
  check(v: unknown, fn: string, param: string): T;
}

/** C memory that holds one value of a record type: pass it where a function takes a pointer to the type. */
export class Ref<T> {
  #freed = false;
  /** An Async call given this Ref keeps it from being freed until Go is done with it (see pins.ts). */
  readonly [PINNABLE] = true;

  constructor(
    readonly address: Pointer,
    readonly type: RecordType<T>,
    /** Whether this Ref allocated the memory, and so may free it. */
    readonly owned: boolean,
  ) {}

  /** The whole value, decoded from C memory. */
  get(): T {
    return koffi.decode(this.live('get'), this.type.koffiType) as T;
  }

  /** Writes the given fields, each checked, leaving the others as they are. */
  set(values: Partial<T>): void {
    writeFields(this.type as RecordType<unknown>, this.live('set'), values, `${this.type.c}.set`);
  }

  /** Frees memory this Ref allocated; using the Ref afterwards throws. Refuses while an Async call given it has not completed. */
  free(): void {
    if (!this.owned) throw new Error(`${this.type.c}: this Ref wraps memory C owns (from at()); free it the way its API says`);
    const uses = usesOf(this);
    if (uses > 0) {
      throw new Error(`${this.type.c}: free() while ${uses === 1 ? 'an Async call that was given this Ref has' : `${uses} Async calls that were given this Ref have`} not completed (Go may still use the memory); free it once ${uses === 1 ? 'it has' : 'they have'} settled`);
    }
    koffi.free(this.live('free'));
    this.#freed = true;
  }

  /** The address, unless the memory was freed. */
  live(what: string): Pointer {
    if (this.#freed) throw new Error(`${this.type.c}: ${what} after free`);
    return this.address;
  }
}

interface FieldInfo {
  readonly kind: FieldKind;
  readonly offset: number;
  readonly type: TypeObject;
}

function checkField(kind: FieldKind, v: unknown, fn: string, param: string): unknown {
  if (typeof kind === 'string') return SCALAR_CHECKS[kind](v, fn, param);
  if (isRecordType(kind)) return kind.check(v, fn, param);
  const [elem, length] = kind;
  const ctor = TYPED_ARRAYS[elem]!;
  if (!(v instanceof ctor) || (v as ArrayBufferView & { length: number }).length !== length) {
    return invalidArgument(false, fn, param, `${ctor.name.startsWith('Int') ? 'an' : 'a'} ${ctor.name} of ${length} elements`, v);
  }
  if (elem === 'bool') {
    const bytes = v as Uint8Array;
    for (let i = 0; i < bytes.length; i++) if (bytes[i]! > 1) invalidArgument(true, fn, `${param}[${i}]`, '0 or 1 (bool)', bytes[i]);
  }
  return v;
}

function isRecordType(k: FieldKind): k is RecordType<unknown> {
  return typeof k === 'object' && !Array.isArray(k);
}

function writeFields(type: RecordType<unknown>, address: Pointer, values: unknown, fn: string): void {
  const fields = fieldsOf(type);
  if (typeof values !== 'object' || values === null || Array.isArray(values)) invalidArgument(false, fn, 'values', `an object with fields of ${type.c}`, values);
  for (const [name, v] of Object.entries(values as Record<string, unknown>)) {
    const f = fields.get(name);
    if (!f) invalidArgument(false, fn, `values.${name}`, `a field of ${type.c} (${[...fields.keys()].join(', ')})`, v);
    koffi.encode(address, f.offset, f.type, checkField(f.kind, v, fn, `values.${name}`));
  }
}

const FIELDS = new WeakMap<RecordType<unknown>, ReadonlyMap<string, FieldInfo>>();
function fieldsOf(type: RecordType<unknown>): ReadonlyMap<string, FieldInfo> {
  return FIELDS.get(type)!;
}

/** Declares a record type of the bindings: `kinds` says how each field (by C name) is checked. */
export function recordType<T>(c: string, koffiType: TypeObject, kinds: Readonly<Record<string, FieldKind>>): RecordType<T> {
  const members = (koffi.type(koffiType) as unknown as { members: Record<string, { type: TypeObject; offset: number }> }).members;
  const fields = new Map(Object.entries(kinds).map(([name, kind]) => [name, { kind, offset: members[name]!.offset, type: members[name]!.type }]));
  const union = c.startsWith('union ');
  const size = koffi.sizeof(koffiType);
  const type: RecordType<T> = {
    c,
    size,
    koffiType,
    alloc(init) {
      const address = koffi.alloc(koffiType, 1) as Pointer;
      new Uint8Array(koffi.view(address, size)).fill(0);
      const ref = new Ref<T>(address, type, true);
      if (init !== undefined) {
        try {
          ref.set(init);
        } catch (e) {
          ref.free();
          throw e;
        }
      }
      return ref;
    },
    at(address) {
      if (typeof address !== 'bigint' || address <= 0n) invalidArgument(false, `${c}.at`, 'address', 'a pointer (a non-zero bigint)', address);
      return new Ref<T>(address, type, false);
    },
    check(v, fn, param) {
      if (typeof v !== 'object' || v === null || Array.isArray(v) || v instanceof Ref) {
        return invalidArgument(false, fn, param, `an object with the fields of ${c}${v instanceof Ref ? ' (this parameter takes the value; pass ref.get())' : ''}`, v);
      }
      // A union koffi decoded (a result) holds bytes, not a member: it passes back as it is.
      if (union && isKoffiUnion(v, fields)) return v as T;
      const out: Record<string, unknown> = {};
      const given = v as Record<string, unknown>;
      for (const key of Object.keys(given)) if (!fields.has(key)) invalidArgument(false, fn, `${param}.${key}`, `a field of ${c} (${[...fields.keys()].join(', ')})`, given[key]);
      for (const [name, f] of fields) {
        // A union takes one member; a struct needs every field, so that nothing is passed as garbage.
        if (union && !(name in given)) continue;
        out[name] = checkField(f.kind, given[name], fn, `${param}.${name}`);
      }
      if (union && Object.keys(out).length !== 1) invalidArgument(false, fn, param, `an object with exactly one member of ${c}`, v);
      return out as T;
    },
  };
  FIELDS.set(type as RecordType<unknown>, fields);
  return type;
}

/**
 * A union value koffi made: a result it decoded, or `new koffi.Union(type)`. Its members are accessors
 * on its prototype, each decoding the same bytes when read; koffi passes those bytes back unchanged.
 */
function isKoffiUnion(v: object, fields: ReadonlyMap<string, unknown>): boolean {
  const proto: unknown = Object.getPrototypeOf(v);
  if (proto === null || proto === Object.prototype || typeof proto !== 'object') return false;
  return [...fields.keys()].every((name) => typeof Object.getOwnPropertyDescriptor(proto, name)?.get === 'function');
}

/** A parameter that takes a pointer to a record: a Ref of that type, a pointer (bigint) or null. */
export function argRef(v: unknown, type: RecordType<unknown>, fn: string, param: string): Pointer | null {
  if (v instanceof Ref) {
    if (v.type !== type) throw new TypeError(`${fn}: argument ${param} must be a Ref of ${type.c}, a pointer or null; got a Ref of ${v.type.c}`);
    return v.live(`${fn}(${param})`);
  }
  if (v === null || typeof v === 'bigint') return argPointer(v, fn, param);
  return invalidArgument(false, fn, param, `a Ref of ${type.c} (from ${type.c.replace(/^(struct|union) /, '')}.alloc()), a pointer or null`, v);
}

