// What an asynchronous call was given stays in use until Go is done with it: Ref.free() refuses
// meanwhile, instead of freeing memory a goroutine (or one of koffi's threads) still reads and writes.

/** Marks objects whose memory a call may use after the call that starts it returns (records.ts's Ref). */
export const PINNABLE: unique symbol = Symbol('gen-bindings.pinnable');

const uses = new WeakMap<object, number>();

const isPinnable = (v: unknown): v is object => typeof v === 'object' && v !== null && PINNABLE in v;

const NOTHING = (): void => undefined;

/** Counts a use of every pinnable value among `values` until the returned function is called (once). */
export function pin(values: readonly unknown[] | undefined): () => void {
  // Most calls are given no Ref: no allocation for them, on the path of every Async call.
  if (values === undefined || !values.some(isPinnable)) return NOTHING;
  const pinned = values.filter(isPinnable);
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
