import type { Position } from './diagnostics.js';

/** Go's predeclared types that may appear in an exported signature. `byte` and `rune` are folded into uint8 and int32 by the parser. */
export type GoBasicName =
  | 'int' | 'int8' | 'int16' | 'int32' | 'int64'
  | 'uint' | 'uint8' | 'uint16' | 'uint32' | 'uint64' | 'uintptr'
  | 'float32' | 'float64' | 'complex64' | 'complex128'
  | 'bool' | 'string';

export const GO_BASIC_NAMES: ReadonlySet<string> = new Set<GoBasicName>([
  'int', 'int8', 'int16', 'int32', 'int64',
  'uint', 'uint8', 'uint16', 'uint32', 'uint64', 'uintptr',
  'float32', 'float64', 'complex64', 'complex128', 'bool', 'string',
]);

/**
 * A Go type expression as written in the source, before any resolution.
 * Every node keeps the position of its first token for diagnostics.
 */
export type GoType =
  | { readonly kind: 'basic'; readonly name: GoBasicName; readonly pos: Position }
  /** A package-level name (`Celsius`, `error`, `any`, or an unknown name); resolved by the mapper. */
  | { readonly kind: 'named'; readonly name: string; readonly typeArgs: readonly GoType[]; readonly pos: Position }
  /** `pkg.Name`: `C.int`, `unsafe.Pointer`, `time.Duration`, ... `pkg` is the local import name. */
  | { readonly kind: 'qualified'; readonly pkg: string; readonly name: string; readonly pos: Position }
  | { readonly kind: 'pointer'; readonly elem: GoType; readonly pos: Position }
  | { readonly kind: 'slice'; readonly elem: GoType; readonly pos: Position }
  /** `[N]T`; `length` is the source text of the length expression. */
  | { readonly kind: 'array'; readonly length: string; readonly elem: GoType; readonly pos: Position }
  | { readonly kind: 'map'; readonly key: GoType; readonly value: GoType; readonly pos: Position }
  | { readonly kind: 'chan'; readonly dir: 'both' | 'send' | 'recv'; readonly elem: GoType; readonly pos: Position }
  /** `interface{...}`; `empty` when it has no methods or embedded types. */
  | { readonly kind: 'interface'; readonly empty: boolean; readonly pos: Position }
  | { readonly kind: 'struct'; readonly empty: boolean; readonly pos: Position }
  | { readonly kind: 'func'; readonly pos: Position }
  /** `...T` as the last parameter. */
  | { readonly kind: 'variadic'; readonly elem: GoType; readonly pos: Position };

/** Renders a type back to Go syntax, for messages. */
export function goTypeToString(t: GoType): string {
  switch (t.kind) {
    case 'basic':
      return t.name;
    case 'named':
      return t.typeArgs.length ? `${t.name}[${t.typeArgs.map(goTypeToString).join(', ')}]` : t.name;
    case 'qualified':
      return `${t.pkg}.${t.name}`;
    case 'pointer':
      return `*${goTypeToString(t.elem)}`;
    case 'slice':
      return `[]${goTypeToString(t.elem)}`;
    case 'array':
      return `[${t.length}]${goTypeToString(t.elem)}`;
    case 'map':
      return `map[${goTypeToString(t.key)}]${goTypeToString(t.value)}`;
    case 'chan':
      return t.dir === 'send' ? `chan<- ${goTypeToString(t.elem)}` : t.dir === 'recv' ? `<-chan ${goTypeToString(t.elem)}` : `chan ${goTypeToString(t.elem)}`;
    case 'interface':
      return t.empty ? 'interface{}' : 'interface{...}';
    case 'struct':
      return t.empty ? 'struct{}' : 'struct{...}';
    case 'func':
      return 'func(...)';
    case 'variadic':
      return `...${goTypeToString(t.elem)}`;
    default:
      return assertNever(t);
  }
}

export function assertNever(x: never): never {
  throw new Error(`unreachable: ${JSON.stringify(x)}`);
}
