// What an asynchronous call was given stays in use until Go is done with it: Ref.free() refuses
// meanwhile, instead of freeing memory a goroutine (or one of koffi's threads) still reads and writes.

/** Marks objects whose memory a call may use after the call that starts it returns (records.ts's Ref). */
export const PINNABLE: unique symbol = Symbol('gen-bindings.pinnable');

const uses = new WeakMap<object, number>();

const NOTHING = (): void => undefined;

/**
 * Counts a use of every pinnable value among `values` until the returned function is called (once):
 * the values themselves, and those in the fields of objects among them (a record passed by value
 * whose pointer field holds a Ref), at any depth up to 16.
 */
export function pin(values: readonly unknown[] | undefined): () => void {
  // Most calls are given no Ref: no allocation for them, on the path of every Async call.
  if (values === undefined || values.length === 0) return NOTHING;
  const pinned: object[] = [];
  for (const v of values) collect(v, pinned, 0);
  if (pinned.length === 0) return NOTHING;
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

function collect(v: unknown, into: object[], depth: number): void {
  if (typeof v !== 'object' || v === null) return;
  if (PINNABLE in v) into.push(v);
  // A record's check accepts any object (a class instance, one without a prototype); a fixed array
  // field is a TypedArray, whose elements are numbers.
  else if (depth < 16 && !ArrayBuffer.isView(v)) for (const field of Object.values(v)) collect(field, into, depth + 1);
}

/** How many calls that have not completed were given `v`. */
export function usesOf(v: object): number {
  return uses.get(v) ?? 0;
}
