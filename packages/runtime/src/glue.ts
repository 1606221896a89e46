import koffi from 'koffi';
import type { LibraryHandle } from 'koffi';
import { GoError, checkError } from './convert.js';
import type { KoffiFunction, Pointer, TypeSpec } from './convert.js';
import { describeOrigin, hasSymbol, readFingerprint, verifyLibrary } from './verify.js';

/**
 * The glue is the Go file `gen-bindings build` adds to the package (packages/generator/src/go/glue.ts):
 * a wrapper per export that recovers panics, takes strings and slices as pointer plus length, and runs
 * `Async` calls on goroutines that report to a completion queue. Keep the protocol in sync with it.
 */
export const GLUE_SYMBOL = 'genbindings_glue_v1';

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
}

const NOTIFY = koffi.proto('void genbindings_notify_t(void)');
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
  #keepAlive: NodeJS.Timeout | undefined;
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
   * Starts `start(id, ...args)`, which runs the export on a goroutine, and resolves with its result
   * decoded as `type` (undefined for none) once the completion is drained.
   */
  call(start: KoffiFunction, type: TypeSpec | undefined, args: readonly unknown[], fn: string, signal?: AbortSignal, discard?: (raw: any) => void): Promise<any> {
    if (this.#queue < 0) this.#open();
    if (signal?.aborted) return Promise.reject(signal.reason);
    const id = this.#queue * QUEUE_SHIFT + this.#next++;
    return new Promise((resolve, reject) => {
      const pending: Pending = { fn, type, resolve, reject, keep: args, settled: false, discard };
      this.#pending.set(id, pending);
      if (this.#pending.size === 1) this.#keepAlive!.ref();
      if (signal) {
        const onAbort = (): void => {
          if (pending.settled) return;
          pending.settled = true;
          this.#cancel?.(id);
          reject(signal.reason);
        };
        signal.addEventListener('abort', onAbort, { once: true });
      }
      start(id, ...args);
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
    // koffi calls it on this thread's event loop, whichever goroutine calls it. It stays registered:
    // the library keeps calling it for as long as the process runs.
    const notify = koffi.register(() => this.#drainAll(), koffi.pointer(NOTIFY));
    this.#queue = Number(lib.func('genbindings_async_init', 'int64', [koffi.pointer(NOTIFY)])(notify));
    // koffi's broker does not keep the event loop alive; this timer does, exactly while calls are pending.
    this.#keepAlive = setInterval(() => undefined, 2 ** 30);
    this.#keepAlive.unref();
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
    if (this.#pending.size === 0) this.#keepAlive!.unref();
  }

  #settle(id: number, status: number, buf: Buffer, offset: number, length: number): void {
    const p = this.#pending.get(id);
    if (!p) return;
    this.#pending.delete(id);
    if (p.settled) {
      if (status === 0 && p.discard && p.type !== undefined) p.discard(koffi.decode(buf, offset, p.type));
      return;
    }
    p.settled = true;
    if (status !== 0) {
      p.reject(panicError(p.fn, buf.toString('utf8', offset, offset + length)));
      return;
    }
    try {
      p.resolve(p.type === undefined ? undefined : koffi.decode(buf, offset, p.type));
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
  const fast = readFingerprint(lib) !== undefined;
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
