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

/** One worker, reused across cases and replaced after a case that times out. */
export class BoundedRunner {
  private worker: Promise<Worker> | undefined;
  private nextId = 0;

  /** The worker once it has loaded the generator (it says `ready`), so that no case is charged for loading. */
  private ready(): Promise<Worker> {
    this.worker ??= new Promise((resolve, reject) => {
      const w = new Worker(BOOT, { eval: true });
      w.once('message', () => resolve(w));
      w.once('error', reject);
    });
    return this.worker;
  }

  /** Starts the worker ahead of the first case (loading the generator and ts-morph takes a second or two). */
  async warmUp(): Promise<void> {
    await this.ready();
  }

  /** Runs `target` on `sources`; a run past `limitMs` is stopped (the worker is terminated) and reported as a timeout. */
  async run(target: Target, sources: CaseRequest['sources'], limitMs: number): Promise<Outcome> {
    const worker = await this.ready();
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
