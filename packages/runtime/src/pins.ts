// What an asynchronous call was given stays in use until Go is done with it: Ref.free() refuses
// meanwhile, instead of freeing memory a goroutine (or one of koffi's threads) still reads and writes.

/** Marks objects whose memory a call may use after the call that starts it returns (records.ts's Ref). */
export const PINNABLE: unique symbol = Symbol('gen-bindings.pinnable');

const uses = new WeakMap<object, number>();

/** Counts a use of every pinnable value among `values` until the returned function is called (once). */
export function pin(values: readonly unknown[]): () => void {
  const pinned = values.filter((v): v is object => typeof v === 'object' && v !== null && PINNABLE in v);
  for (const v of pinned) uses.set(v, (uses.get(v) ?? 0) + 1);
  let done = false;
  return () => {
    if (done) return;
    done = true;
    for (const v of pinned) {
      const n = uses.get(v)! - 1;
      if (n === 0) uses.delete(v);
      else uses.set(v, n);
    }
  };
}

/** How many calls that have not completed were given `v`. */
export function usesOf(v: object): number {
  return uses.get(v) ?? 0;
}
