/**
 * The syntax tree the Go parser builds: only the node kinds and fields that its own checks (go/parser's)
 * and the conversion to the IR need. `pos` is the index of the node's first token; `end` the index just
 * past its last token.
 */
export type Node =
  | { readonly k: 'Ident'; readonly name: string; readonly pos: number; readonly end: number }
  | { readonly k: 'BasicLit'; readonly pos: number; readonly end: number }
  | { readonly k: 'Bad'; readonly pos: number; readonly end: number }
  | { readonly k: 'Paren'; readonly x: Node; readonly pos: number; readonly end: number }
  | { readonly k: 'Selector'; readonly x: Node; readonly sel: string; readonly pos: number; readonly end: number }
  /** `x[i]`, and instantiations `G[A, B]`. */
  | { readonly k: 'Index'; readonly x: Node; readonly indices: readonly Node[]; readonly pos: number; readonly end: number }
  | { readonly k: 'Slice'; readonly x: Node; readonly pos: number; readonly end: number }
  /** `x.(T)`; `type` undefined for `x.(type)`. */
  | { readonly k: 'TypeAssert'; readonly x: Node; readonly type: Node | undefined; readonly pos: number; readonly end: number }
  | { readonly k: 'Call'; readonly fun: Node; readonly args: readonly Node[]; readonly ellipsis: boolean; readonly pos: number; readonly end: number }
  | { readonly k: 'Star'; readonly x: Node; readonly pos: number; readonly end: number }
  | { readonly k: 'Unary'; readonly op: string; readonly x: Node; readonly pos: number; readonly end: number }
  | { readonly k: 'Binary'; readonly op: string; readonly x: Node; readonly y: Node; readonly pos: number; readonly end: number }
  | { readonly k: 'KeyValue'; readonly pos: number; readonly end: number }
  | { readonly k: 'CompositeLit'; readonly pos: number; readonly end: number }
  | { readonly k: 'FuncLit'; readonly pos: number; readonly end: number }
  /** `[N]T`, `[...]T` (`len` an Ellipsis) or `[]T` (`len` undefined). `lenEnd`: the index of the `]`. */
  | { readonly k: 'ArrayType'; readonly len: Node | undefined; readonly elt: Node; readonly pos: number; readonly end: number }
  | { readonly k: 'StructType'; readonly fields: number; readonly pos: number; readonly end: number }
  | { readonly k: 'FuncType'; readonly params: readonly Field[]; readonly results: readonly Field[]; readonly pos: number; readonly end: number }
  | { readonly k: 'InterfaceType'; readonly elements: number; readonly pos: number; readonly end: number }
  | { readonly k: 'MapType'; readonly key: Node; readonly value: Node; readonly pos: number; readonly end: number }
  | { readonly k: 'ChanType'; dir: 'both' | 'send' | 'recv'; readonly value: Node; readonly pos: number; readonly end: number }
  /** `...T` in a parameter list, or `...` as an array length (`elt` undefined). */
  | { readonly k: 'Ellipsis'; readonly elt: Node | undefined; readonly pos: number; readonly end: number };

/** One parameter, result or type parameter as written: `a, b int` gives two fields of one type. */
export interface Field {
  /** Undefined for an unnamed parameter. */
  readonly name: { readonly name: string; readonly pos: number } | undefined;
  readonly type: Node;
}

/** The statement shapes whose kind a check depends on; every other statement is `Other`. */
export type Stmt =
  | { readonly k: 'Expr'; readonly x: Node; readonly pos: number }
  | { readonly k: 'Assign'; readonly lhs: readonly Node[]; readonly tok: string; readonly tokPos: number; readonly rhs: readonly Node[]; readonly pos: number }
  | { readonly k: 'Labeled'; readonly pos: number }
  | { readonly k: 'Other'; readonly pos: number };

export function unparen(x: Node): Node {
  let n = x;
  while (n.k === 'Paren') n = n.x;
  return n;
}
