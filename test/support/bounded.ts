// Runs a front-end function (lexer, parser, preamble reader, generateFromSource) on an input in a
// worker thread with a time limit, so that a hang is a test failure with its input rather than a
// test run that never ends: a synchronous loop cannot be interrupted in its own thread, and vitest's
// timeout only fires once the loop returns.
import { Worker } from 'node:worker_threads';

export type Target = 'lex' | 'parse' | 'preamble' | 'generate';

export interface CaseRequest {
  readonly id: number;
  readonly target: Target;
  /** `lex`, `parse` and `preamble` read the first source only. */
  readonly sources: readonly { readonly path: string; readonly text: string }[];
}

export interface CaseReply {
  readonly id: number;
  /** Wall time of the call and its checks in the worker, ms. */
  readonly ms: number;
  /** Invariant violations or the exception thrown; empty when all is well. */
  readonly problems: readonly string[];
}

export type Outcome = { readonly kind: 'done'; readonly ms: number; readonly problems: readonly string[] } | { readonly kind: 'timeout'; readonly ms: number };

// The worker runs TypeScript sources, like the tests: tsx registers its loader inside the worker
// (Node 20 does not pass the parent's --import hooks to workers).
const TSX_API = import.meta.resolve('tsx/esm/api');
const WORKER = new URL('./bounded-worker.ts', import.meta.url).href;
const BOOT = `import(${JSON.stringify(TSX_API)}).then(({ register }) => { register(); return import(${JSON.stringify(WORKER)}); });`;
const WARM_UP_LIMIT_MS = 30_000;

/** One worker, reused across cases and replaced after a case that times out. */
export class BoundedRunner {
  private worker: Promise<Worker> | undefined;
  /** Targets the current worker has run once. */
  private warm = new Set<Target>();
  private nextId = 0;
  private queue: Promise<unknown> = Promise.resolve();

  /** The worker once it has loaded the lexer, parser and preamble reader (it says `ready`), so that no case is charged for loading. */
  private ready(): Promise<Worker> {
    if (this.worker) return this.worker;
    this.warm = new Set();
    this.worker = new Promise((resolve, reject) => {
      const w = new Worker(BOOT, { eval: true });
      w.once('message', () => resolve(w));
      w.once('error', reject);
    });
    return this.worker;
  }

  /** Starts the worker ahead of the first case. */
  async warmUp(): Promise<void> {
    await this.ready();
  }

  /**
   * Runs `target` on `sources`; a run past `limitMs` is stopped (the worker is terminated) and reported
   * as a timeout. Runs are queued: a caller that stopped waiting (fast-check's interruptAfterTimeLimit
   * abandons a case in flight) must not see its case time out on the worker the next case runs on.
   */
  run(target: Target, sources: CaseRequest['sources'], limitMs: number): Promise<Outcome> {
    const outcome = this.queue.then(() => this.runNow(target, sources, limitMs));
    this.queue = outcome.catch(() => undefined);
    return outcome;
  }

  private async runNow(target: Target, sources: CaseRequest['sources'], limitMs: number): Promise<Outcome> {
    const worker = await this.ready();
    if (!this.warm.has(target)) {
      // The worker loads what a target needs on its first case (ts-morph for generate: a second or two), untimed.
      this.warm.add(target);
      await this.send(worker, target, [{ path: 'warm.go', text: 'package main\n' }], WARM_UP_LIMIT_MS);
    }
    return this.send(worker, target, sources, limitMs);
  }

  private send(worker: Worker, target: Target, sources: CaseRequest['sources'], limitMs: number): Promise<Outcome> {
    const id = this.nextId++;
    const start = performance.now();
    return new Promise<Outcome>((resolve, reject) => {
      const done = (): void => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
      };
      const onMessage = (reply: CaseReply): void => {
        if (reply.id !== id) return;
        done();
        resolve({ kind: 'done', ms: reply.ms, problems: reply.problems });
      };
      const onError = (e: Error): void => {
        done();
        this.worker = undefined;
        reject(e);
      };
      const timer = setTimeout(() => {
        done();
        this.worker = undefined;
        void worker.terminate();
        resolve({ kind: 'timeout', ms: performance.now() - start });
      }, limitMs);
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.postMessage({ id, target, sources } satisfies CaseRequest);
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    await (await worker)?.terminate();
  }
}

/** The outcome as a list of failures: a timeout, a case slower than `limitMs`, or violated invariants. */
export function failures(outcome: Outcome, limitMs: number): string[] {
  if (outcome.kind === 'timeout') return [`did not finish within ${limitMs} ms (the worker was stopped)`];
  const slow = outcome.ms > limitMs ? [`took ${Math.round(outcome.ms)} ms, more than ${limitMs} ms`] : [];
  return [...slow, ...outcome.problems];
}
