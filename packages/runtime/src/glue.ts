import * as net from 'node:net';
import koffi from 'koffi';
import type { LibraryHandle } from 'koffi';
import { GoError, checkError } from './convert.js';
import type { KoffiFunction, Pointer, TypeSpec } from './convert.js';
import { pin } from './pins.js';
import { GLUE_SYMBOL, describeOrigin, fingerprintSymbol, hasSymbol, verifyLibrary } from './verify.js';

// The glue is the Go file `gen-bindings build` adds to the package (packages/generator/src/go/glue.ts):
// a wrapper per export that recovers panics, takes strings and slices as pointer plus length, and runs
// `Async` calls on goroutines that report to a completion queue. Keep the protocol in sync with it.
export { GLUE_SYMBOL } from './verify.js';

/** Thrown where a Go function panicked: the process survives, and the next call works. */
export class GoPanicError extends GoError {
  /** The panic value as Go prints it (`runtime error: index out of range [3] with length 3`). */
  readonly value: string;
  /** The panicking goroutine's stack, as `runtime/debug.Stack` prints it. */
  readonly goStack: string;
  constructor(func: string, value: string, goStack: string) {
    super(func, `${func}: Go panic: ${value}`);
    this.name = 'GoPanicError';
    this.value = value;
    this.goStack = goStack;
    if (this.stack) this.stack += `\nGo stack:\n${goStack}`;
  }
}

function panicError(fn: string, text: string): GoPanicError {
  const nul = text.indexOf('\0');
  return new GoPanicError(fn, nul < 0 ? text : text.slice(0, nul), nul < 0 ? '' : trimStack(text.slice(nul + 1)));
}

/** Drops the frames of the recovery itself (debug.Stack, the glue's recover, panic): the stack starts where Go panicked. */
function trimStack(stack: string): string {
  const lines = stack.split('\n');
  const panicAt = lines.findIndex((l) => l.startsWith('panic('));
  return panicAt > 0 ? [lines[0]!, ...lines.slice(panicAt + 2)].join('\n') : stack;
}

interface Pending {
  readonly fn: string;
  readonly type: TypeSpec | undefined;
  readonly resolve: (value: unknown) => void;
  readonly reject: (e: unknown) => void;
  /** The arguments: the buffers Go reads from stay alive until the call completes. */
  readonly keep: unknown;
  /** Set when the caller stopped waiting (an aborted signal): the completion is still drained. */
  settled: boolean;
  /** Frees what a result owns when nobody waits for it any more. */
  readonly discard: ((raw: any) => void) | undefined;
  /** Ends the use of the Refs among the arguments, once Go's call has completed (not when an abort settles it early). */
  readonly unpin: () => void;
}

const NOTIFY = koffi.proto('void genbindings_notify_t(void)');

/** Reads a 64-bit integer as koffi returns one: a number when it is exact, else a bigint. */
const int64 = (v: bigint): number | bigint => (v >= -9007199254740991n && v <= 9007199254740991n ? Number(v) : v);

/** Results of the primitive types, read from the drained bytes without a call into koffi. */
const READERS: Record<string, (b: Buffer, o: number) => unknown> = {
  int8: (b, o) => b.readInt8(o),
  uint8: (b, o) => b.readUInt8(o),
  int16: (b, o) => b.readInt16LE(o),
  uint16: (b, o) => b.readUInt16LE(o),
  int32: (b, o) => b.readInt32LE(o),
  uint32: (b, o) => b.readUInt32LE(o),
  int64: (b, o) => int64(b.readBigInt64LE(o)),
  uint64: (b, o) => int64(b.readBigUInt64LE(o)),
  float: (b, o) => b.readFloatLE(o),
  double: (b, o) => b.readDoubleLE(o),
  bool: (b, o) => b.readUInt8(o) !== 0,
};

function decode(buf: Buffer, offset: number, type: TypeSpec): unknown {
  const read = typeof type === 'string' ? READERS[type] : undefined;
  return read ? read(buf, offset) : koffi.decode(buf, offset, type);
}
/** Ids count up from 1 in the low 40 bits; the bits above are the queue's index (ids stay below 2^53). */
const QUEUE_SHIFT = 2 ** 40;

/** What the generated module uses of a library that has the glue. */
export class Glue {
  readonly #state: Int32Array;
  readonly #take: KoffiFunction;
  readonly #free: KoffiFunction;
  readonly #takeFn: KoffiFunction;
  readonly #scratch = Buffer.alloc(16 << 10);
  readonly #lib: LibraryHandle;
  #panicBuf = Buffer.alloc(4096);
  // Asynchronous calls: made on first use.
  #queue = -1;
  #drain: KoffiFunction | undefined;
  #drainBuf = Buffer.alloc(64 << 10);
  #next = 1;
  readonly #pending = new Map<number, Pending>();
  /** What keeps the event loop alive while calls are pending: the pipe, or a timer. */
  #alive: { ref(): unknown; unref(): unknown } | undefined;
  #cancel: KoffiFunction | undefined;

  constructor(lib: LibraryHandle) {
    this.#lib = lib;
    const address = lib.func('genbindings_state_address', 'void *', [])();
    this.#state = new Int32Array(koffi.view(address, 8));
    this.#take = lib.func('genbindings_take_panic', 'int64', ['void *', 'int64']);
    this.#free = lib.func('genbindings_free', 'void', ['void *']);
    this.#takeFn = lib.func('genbindings_take', 'void', ['void *', 'void *', 'int64']);
  }

  /** After each synchronous call: throws the call's panic. One array read when no call panicked. */
  check(fn: string): void {
    if (this.#state[0] !== 0) this.#takePanic(fn);
  }

  #takePanic(fn: string): void {
    for (;;) {
      const n = Number(this.#take(this.#panicBuf, this.#panicBuf.length));
      // Another thread's panic (a worker's), which that thread takes.
      if (n === 0) return;
      if (n < 0) {
        this.#panicBuf = Buffer.alloc(-n);
        continue;
      }
      throw panicError(fn, this.#panicBuf.toString('utf8', 0, n));
    }
  }

  /**
   * The id of an asynchronous call about to start: the module passes it first to the glue's
   * `genbindings_async_NAME`, which starts the call on a goroutine, then waits with {@link settled}.
   */
  id(): number {
    if (this.#queue < 0) this.#open();
    return this.#queue * QUEUE_SHIFT + this.#next++;
  }

  /**
   * Resolves with the result of call `id`, decoded as `type` (undefined for none), once its completion
   * is drained. `keep` stays referenced until then (the buffers Go reads); `signal` aborts the wait and
   * cancels the call's context; `discard` frees what a result owns when nobody waits for it any more.
   */
  settled(id: number, type: TypeSpec | undefined, fn: string, keep?: unknown, signal?: AbortSignal, discard?: (raw: any) => void): Promise<any> {
    return new Promise((resolve, reject) => {
      const pending: Pending = { fn, type, resolve, reject, keep, settled: false, discard, unpin: pin(Array.isArray(keep) ? keep : undefined) };
      this.#pending.set(id, pending);
      if (this.#pending.size === 1) this.#alive!.ref();
      if (signal) {
        const onAbort = (): void => {
          if (pending.settled) return;
          pending.settled = true;
          this.#cancel?.(id);
          reject(signal.reason);
        };
        if (signal.aborted) onAbort();
        else signal.addEventListener('abort', onAbort, { once: true });
      }
    });
  }

  /** A `string` result of a `//bindings:export` function: the glue's C copy, decoded and freed. */
  takeString(p: unknown, n: number | bigint): string {
    const length = Number(n);
    if (length === 0 || p === null) return '';
    // One call copies the bytes out and frees them; no JS object per string but the string.
    const buf = length <= this.#scratch.length ? this.#scratch : Buffer.allocUnsafe(length);
    this.#takeFn(buf, p, length);
    return buf.toString('utf8', 0, length);
  }

  /** A `[]byte` result of a `//bindings:export` function: copied out of the glue's C copy, which is freed. */
  takeBytes(p: unknown, n: number | bigint): Uint8Array {
    const length = Number(n);
    const bytes = new Uint8Array(length);
    if (length > 0 && p !== null) this.#takeFn(bytes, p, length);
    return bytes;
  }

  /** Frees C memory the glue allocated. */
  free(p: unknown): void {
    if (p !== null) this.#free(p);
  }

  /** The `error` result of a `//bindings:export` function: thrown as a GoError with its message when not nil. */
  throwError(p: Pointer | null, fn: string): void {
    checkError(p, fn, (x) => this.#free(x));
  }

  #open(): void {
    const lib = this.#lib;
    this.#drain = lib.func('genbindings_drain', 'int64', ['int64', 'void *', 'int64']);
    try {
      this.#cancel = lib.func('genbindings_cancel', 'void', ['uint64']);
    } catch {
      // Only a library with a context.Context function has it.
    }
    // The glue writes a byte to a pipe when the queue goes from empty to non-empty; this thread's event
    // loop watches its read end, and no thread waits for JS. Without pipes (Windows), koffi calls a
    // registered JS function on this thread's event loop, blocking the goroutine that calls it until then.
    const fd = new BigInt64Array(1);
    const queue = process.platform === 'win32' ? -1 : Number(lib.func('genbindings_queue_init_pipe', 'int64', ['_Out_ int64 *'])(fd));
    if (queue >= 0) {
      this.#queue = queue;
      const pipe = new net.Socket({ fd: Number(fd[0]), readable: true, writable: false });
      pipe.on('data', () => this.#drainAll());
      pipe.unref();
      this.#alive = pipe;
    } else {
      const notify = koffi.register(() => this.#drainAll(), koffi.pointer(NOTIFY));
      this.#queue = Number(lib.func('genbindings_queue_init', 'int64', [koffi.pointer(NOTIFY)])(notify));
      // koffi's broker does not keep the event loop alive; this timer does, exactly while calls are pending.
      this.#alive = setInterval(() => undefined, 2 ** 30);
      this.#alive.unref();
    }
  }

  #drainAll(): void {
    for (;;) {
      const n = Number(this.#drain!(this.#queue, this.#drainBuf, this.#drainBuf.length));
      if (n === 0) break;
      if (n < 0) {
        this.#drainBuf = Buffer.alloc(Math.max(-n, this.#drainBuf.length * 2));
        continue;
      }
      const buf = this.#drainBuf;
      for (let off = 0; off < n; ) {
        const id = this.#queue * QUEUE_SHIFT + buf.readUInt32LE(off) + (buf.readUInt8(off + 4) * 2 ** 32);
        const status = buf.readUInt32LE(off + 8);
        const length = buf.readUInt32LE(off + 12);
        this.#settle(id, status, buf, off + 16, length);
        off += 16 + Math.ceil(length / 8) * 8;
      }
    }
    if (this.#pending.size === 0) this.#alive!.unref();
  }

  #settle(id: number, status: number, buf: Buffer, offset: number, length: number): void {
    const p = this.#pending.get(id);
    if (!p) return;
    this.#pending.delete(id);
    p.unpin();
    if (p.settled) {
      if (status === 0 && p.discard && p.type !== undefined) p.discard(decode(buf, offset, p.type));
      return;
    }
    p.settled = true;
    if (status !== 0) {
      p.reject(panicError(p.fn, buf.toString('utf8', offset, offset + length)));
      return;
    }
    try {
      p.resolve(p.type === undefined ? undefined : decode(buf, offset, p.type));
    } catch (e) {
      p.reject(e);
    }
  }
}

const warned = new Set<string>();

export interface LinkOptions {
  /** C functions the module frees results with (`//bindings:free`), which the library must define. */
  readonly cFunctions?: readonly string[];
  /** Functions that exist only through the glue (`//bindings:export`): without it, loading fails. */
  readonly glueOnly?: readonly string[];
}

/**
 * Checks the library against the signatures the module was generated for (see `verifyLibrary`) and
 * returns its glue, or undefined for a library built without it (a plain `go build`): the module then
 * calls the exports directly, and this warns once per library what that costs and how to fix it.
 */
export function linkLibrary(lib: LibraryHandle, signatures: readonly string[], options: LinkOptions = {}): Glue | undefined {
  const origin = describeOrigin(lib);
  if (hasSymbol(lib, GLUE_SYMBOL)) {
    verifyLibrary(lib, signatures, options.cFunctions ?? []);
    return new Glue(lib);
  }
  // Presence is enough here: verifyLibrary below reads the list itself.
  const fast = fingerprintSymbol(lib) !== undefined;
  if (options.glueOnly?.length) {
    throw new Error(
      `the Go library '${origin.name}' at ${origin.shownPath} was built without gen-bindings' glue, and ${options.glueOnly.join(', ')} ` +
        `(//bindings:export) exist only through it. Build it with:\n  ${origin.rebuildCommand}`,
    );
  }
  verifyLibrary(lib, signatures, options.cFunctions ?? []);
  if (!warned.has(origin.path)) {
    warned.add(origin.path);
    const cost = fast ? '' : ' each call from the main thread costs about 1,000 times more (Go looks up the stack bounds of koffi\'s thread every time, golang/go#68587);';
    process.emitWarning(
      `the Go library '${origin.name}' at ${origin.shownPath} was built without gen-bindings' glue (${fast ? 'by an older gen-bindings' : 'plain go build'}):${cost} ` +
        `a Go panic ends the process; strings and slices are passed as Go headers (slower); Async calls each hold one of libuv's threads (4 by default, shared with fs, dns and crypto). ` +
        `Build it with: ${origin.rebuildCommand}`,
      { code: 'GEN_BINDINGS_NO_GLUE' },
    );
  }
  return undefined;
}
