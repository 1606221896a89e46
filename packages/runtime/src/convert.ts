import koffi from 'koffi';
import type { LibraryHandle, TypeObject } from 'koffi';
import { pin } from './pins.js';

/** A declared C function (koffi does not export the name of this type). */
export type KoffiFunction = ReturnType<LibraryHandle['func']>;
export type TypeSpec = Parameters<typeof koffi.sizeof>[0];

/** A C pointer as koffi 3 represents it: a BigInt address. NULL arrives as `null`. */
export type Pointer = bigint;

/** Go's `complex64`/`complex128`, passed as the two-float struct the C ABI uses for `_Complex`. */
export interface Complex {
  re: number;
  im: number;
}

/** A Go interface value (`GoInterface`): two words only Go can interpret; pass back what Go returned. */
export interface GoInterface {
  t: Pointer | null;
  v: Pointer | null;
}

/**
 * A raw `GoSlice` header, for slices whose elements have no TypedArray. `0 <= len <= cap`; a TypedArray
 * or DataView `data` must hold `cap` elements (checked); a bigint address is passed on unchecked.
 */
export interface GoSliceHeader {
  data: Pointer | ArrayBufferView | null;
  len: number | bigint;
  cap: number | bigint;
}

/** The koffi types behind cgo's typedefs. Anonymous, so several generated modules and runtime copies can coexist. */
export const GoTypes = {
  GoString: koffi.struct({ p: 'const char *', n: 'int64' }),
  /** `GoString` read back from Go: the pointer stays a number so that the length decides what is read. */
  GoStringResult: koffi.struct({ p: 'void *', n: 'int64' }),
  GoSlice: koffi.struct({ data: 'void *', len: 'int64', cap: 'int64' }),
  GoInterface: koffi.struct({ t: 'void *', v: 'void *' }),
  GoComplex64: koffi.struct({ re: 'float', im: 'float' }),
  GoComplex128: koffi.struct({ re: 'double', im: 'double' }),
  /** A `*C.char` result owned by the caller: koffi decodes it and frees it with libc `free`, natively. */
  OwnedCString: koffi.disposable('char *'),
} as const;

/** Declares the koffi struct for a multiple-result function (`struct F_return { r0; r1; ... }`). */
export function resultStruct(fields: Record<string, TypeSpec>): TypeObject {
  return koffi.struct(fields);
}

/** A pointer to `type`: a parameter of it takes an object, which koffi copies into memory of its own for the call. */
export function pointerTo(type: TypeSpec): TypeSpec {
  return koffi.pointer(type);
}

/** Decodes a result the glue wrote into `buf` (a C struct returned by value). */
export function decodeResult(buf: Buffer, type: TypeSpec): any {
  return koffi.decode(buf, type);
}

function outOfRange(value: bigint, fn: string): never {
  throw new RangeError(
    `${fn} returned ${value}, which a JS number cannot hold exactly (beyond ±2^53); generate with int64: 'bigint' to receive bigint`,
  );
}

/** A 64-bit integer result as a number; throws a RangeError naming `fn` when it is not exactly representable. */
export function int64Result(value: number | bigint, fn: string): number {
  return typeof value === 'number' ? value : outOfRange(value, fn);
}

/** A 64-bit integer result as a bigint (koffi returns small values as numbers). */
export function bigIntResult(value: number | bigint): bigint {
  return typeof value === 'bigint' ? value : BigInt(value);
}

/** Frees C memory with libc `free`, matching Go's `C.CString` and `C.malloc`. */
export function freeC(ptr: Pointer): void {
  koffi.free(ptr);
}

/** Decodes a NUL-terminated UTF-8 C string and frees it (`free` defaults to libc free). NULL gives null. */
export function takeCString(ptr: Pointer | null, free: (p: Pointer) => void = freeC): string | null {
  if (ptr === null) return null;
  try {
    return koffi.decode(ptr, 'char', -1) as string;
  } finally {
    free(ptr);
  }
}

/** Reads a `GoString` result (only reachable through //bindings:allow-go-pointer-result). */
export function readGoString(s: { p: Pointer | null; n: number | bigint }): string {
  const n = Number(s.n);
  if (s.p === null || n === 0) return '';
  return Buffer.from(koffi.view(s.p, n)).toString('utf8');
}

/** The error a `//bindings:error` function throws: its message is the Go side's. */
export class GoError extends Error {
  /** The exported Go function that failed. */
  readonly func: string;
  constructor(func: string, message: string) {
    super(message);
    this.name = 'GoError';
    this.func = func;
  }
}

/** For `//bindings:error`: throws when the message pointer is not NULL (after freeing it). */
export function checkError(msg: Pointer | null, fn: string, free: (p: Pointer) => void = freeC): void {
  if (msg !== null) throw new GoError(fn, takeCString(msg, free) ?? '');
}

interface PendingCall {
  readonly fn: KoffiFunction;
  readonly args: unknown[];
  readonly resolve: (v: any) => void;
  readonly reject: (e: unknown) => void;
  /** Ends the use of the caller's Refs (see pins.ts). */
  readonly unpin: () => void;
}

// koffi refuses more than `max_async_calls` calls in flight (256 by default) with an exception, and
// each call past `resident_async_pools` (8) maps and unmaps a fresh stack and heap for itself, which
// made 10,000 calls in flight 2-3x slower than keeping 8 running (bench/README.md). So at most
// `resident_async_pools` run; the rest wait here, first in first out, instead of failing.
const waiting: PendingCall[] = [];
let inFlight = 0;
let maxInFlight: number | undefined;

function start(call: PendingCall): void {
  inFlight++;
  try {
    call.fn.async(...call.args, (err: unknown, result: unknown) => {
      inFlight--;
      call.unpin();
      if (err) call.reject(err);
      else call.resolve(result);
      // koffi releases its slot after this callback returns, so start the next call after it.
      if (waiting.length) setImmediate(startWaiting);
    });
  } catch (e) {
    inFlight--;
    if (!/too many asynchronous calls/i.test(String(e))) {
      call.unpin();
      call.reject(e);
      return;
    }
    // Other code holds koffi's slots: wait for one of ours, or poll when none of ours is running.
    waiting.unshift(call);
    if (inFlight === 0) setTimeout(startWaiting, 1);
  }
}

function startWaiting(): void {
  while (waiting.length && inFlight < maxInFlight!) {
    const before = waiting.length;
    start(waiting.shift()!);
    if (waiting.length === before) return; // refused and requeued
  }
}

function asyncWindow(): number {
  const c = koffi.config();
  return Math.max(1, Math.min(c.resident_async_pools ?? 8, c.max_async_calls ?? 64));
}

/**
 * Runs a koffi function on koffi's worker threads and settles with its raw result. Never more than
 * koffi allows at once. The Refs among `uses` (the caller's arguments) cannot be freed until it completes.
 */
export function callAsync(fn: KoffiFunction, args: unknown[], uses?: readonly unknown[]): Promise<any> {
  return new Promise((resolve, reject) => {
    maxInFlight ??= asyncWindow();
    const call = { fn, args, resolve, reject, unpin: pin(uses) };
    // Behind anything already waiting, so that a finished call's continuation cannot jump the queue.
    if (waiting.length === 0 && inFlight < maxInFlight) start(call);
    else waiting.push(call);
  });
}

/** A `*C.char` result type that koffi decodes and then frees with `free` (from {@link freeWith}). */
export function ownedCString(free: (p: Pointer) => void): TypeObject {
  return koffi.disposable('char *', free);
}

/**
 * Wraps an exported `func(p *C.char)` (or `unsafe.Pointer`) as a free function for C string results.
 * Takes a getter, so that generated modules can create it before the function is declared; NULL is not passed on.
 */
export function freeWith(getFn: () => KoffiFunction): (p: Pointer | null) => void {
  return (p) => {
    if (p !== null) getFn()(p);
  };
}
