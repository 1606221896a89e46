// C function pointers: JS functions passed where C takes a callback, and function pointers C gave
// (a struct's `release`) called from JS.
import koffi from 'koffi';
import type { TypeObject } from 'koffi';
import { invalidArgument } from './args.js';
import type { Pointer, TypeSpec } from './convert.js';
import { Ref } from './records.js';

/** The koffi prototype of a C function pointer type. Anonymous, so that several modules can declare the same one. */
export function cProto(result: TypeSpec, params: readonly TypeSpec[]): TypeObject {
  return koffi.proto(result, [...params]);
}

/**
 * A JS function registered as a C function pointer for as long as C may call it: pass it where the C
 * side keeps the callback (`//bindings:keep`), and `release()` it once C no longer will.
 */
export class Callback<F extends (...args: any[]) => unknown = (...args: any[]) => unknown> {
  #pointer: Pointer | undefined;

  constructor(fn: F, readonly proto: TypeObject) {
    this.#pointer = koffi.register(fn, koffi.pointer(proto)) as Pointer;
  }

  get pointer(): Pointer {
    if (this.#pointer === undefined) throw new Error('Callback: used after release()');
    return this.#pointer;
  }

  release(): void {
    if (this.#pointer === undefined) throw new Error('Callback: released twice');
    koffi.unregister(this.#pointer);
    this.#pointer = undefined;
  }
}

/** Makes Callbacks of one C function-pointer type: what a parameter C keeps (`//bindings:keep`) takes. */
export interface CallbackType<F extends (...args: any[]) => unknown> {
  readonly proto: TypeObject;
  /** Registers `fn` until `release()`: C may call it from then on. */
  register(fn: F): Callback<F>;
}

export function callbackType<F extends (...args: any[]) => unknown>(name: string, proto: TypeObject): CallbackType<F> {
  return {
    proto,
    register(fn) {
      if (typeof fn !== 'function') invalidArgument(false, `${name}.register`, 'fn', 'a function', fn);
      return new Callback(fn, proto);
    },
  };
}

/** A function-pointer parameter C keeps after the call: a registered Callback of its type, a pointer or null. */
export function argKeptCallback(v: unknown, type: CallbackType<any>, fn: string, param: string): Pointer | null {
  if (v instanceof Callback && v.proto === type.proto) return v.pointer;
  if (v === null || (typeof v === 'bigint' && v >= 0n)) return v;
  const fix = typeof v === 'function' ? ' (C keeps this one: register the function with the CallbackType the module exports for it, and release() it once C no longer calls it)' : '';
  return invalidArgument(false, fn, param, `a Callback of its type, a pointer or null${fix}`, v);
}

/** What a callback parameter passes for one call, and what to undo after it. */
export interface CallbackArg {
  readonly pointer: Pointer | null;
  /** Unregisters a function registered for this call; throws what the JS function threw, if it did. */
  release(): void;
}

const NOTHING: CallbackArg = { pointer: null, release() {} };

/**
 * A parameter of function-pointer type: a JS function (registered for the call and released after it),
 * a {@link Callback}, a pointer (bigint) or null. An exception in the JS function makes C see `zero`
 * (0, false or NULL, as the result type has it), later calls of it in the same call see it too, and the
 * exception is thrown when the call returns.
 */
export function callbackArg(v: unknown, proto: TypeObject, zero: unknown, fn: string, param: string): CallbackArg {
  if (v === null) return NOTHING;
  if (typeof v === 'bigint') return v >= 0n ? { pointer: v, release() {} } : invalidArgument(true, fn, param, 'a pointer (a non-negative bigint)', v);
  // A Callback of another function-pointer type would be called with the wrong arguments.
  if (v instanceof Callback) {
    if (v.proto !== proto) throw new TypeError(`${fn}: argument ${param} must be a function, a Callback of its function-pointer type, a pointer or null; got a Callback of another type`);
    return { pointer: v.pointer, release() {} };
  }
  if (typeof v !== 'function') return invalidArgument(false, fn, param, 'a function, a Callback, a pointer or null', v);
  let thrown: { error: unknown } | undefined;
  const user = v as (...args: unknown[]) => unknown;
  const pointer = koffi.register((...args: unknown[]) => {
    try {
      return user(...args);
    } catch (error) {
      thrown ??= { error };
      return zero;
    }
  }, koffi.pointer(proto)) as Pointer;
  return {
    pointer,
    release() {
      koffi.unregister(pointer);
      if (thrown) throw thrown.error;
    },
  };
}

/** Calls the function pointer stored at `offset` in a record of `type` (`err.release`), with checked arguments. */
export function callField(self: unknown, type: { readonly c: string }, offset: number, proto: TypeObject, what: string, args: readonly unknown[]): unknown {
  if (self instanceof Ref && self.type !== type) throw new TypeError(`${what}: argument self must be a Ref of ${type.c} or a pointer to one; got a Ref of ${self.type.c}`);
  const address = self instanceof Ref ? self.live(what) : typeof self === 'bigint' && self > 0n ? self : invalidArgument(false, what, 'self', `a Ref of ${type.c} or a pointer to one`, self);
  const fnPointer = koffi.decode(address, offset, 'void *') as Pointer | null;
  if (fnPointer === null) throw new Error(`${what}: the function pointer is NULL`);
  return koffi.call(fnPointer, proto, ...args);
}
