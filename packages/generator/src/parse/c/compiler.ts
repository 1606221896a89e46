import type { SpawnSyncReturns } from 'node:child_process';
import { spawnSync } from 'node:child_process';
import type { BuildTarget } from '../build-constraints.js';
import { splitQuoted } from './cgo-directives.js';

/** The C compiler command: `--cc` or `$CC` (as go build reads it; empty is unset), else `cc`; may carry flags (`zig cc -target x86_64-linux-gnu`). */
export function compilerCommand(cc: string | undefined): string[] {
  const spec = cc ?? (process.env['CC'] || 'cc');
  return splitQuoted(spec)?.filter(Boolean) ?? [spec];
}

/**
 * The flags go build gives the C compiler for the target's architecture, before any other (cmd/go's
 * gccArchArgs): so that `GOARCH=386` with the host's gcc measures what `gcc -m32` builds, as cgo does.
 */
export function gccArchArgs(target: BuildTarget): string[] {
  switch (target.goarch) {
    case '386': return ['-m32'];
    case 'amd64': return target.goos === 'darwin' || target.goos === 'ios' ? ['-arch', 'x86_64', '-m64'] : ['-m64'];
    case 'arm64': return target.goos === 'darwin' || target.goos === 'ios' ? ['-arch', 'arm64'] : [];
    case 'arm': return ['-marm'];
    case 's390x': return ['-m64', '-march=z196'];
    case 'mips64': case 'mips64le': return ['-mabi=64'];
    case 'mips': case 'mipsle': return ['-mabi=32', '-march=mips32'];
    case 'loong64': return ['-mabi=lp64d'];
    case 'ppc64': return target.goos === 'aix' ? ['-maix64'] : [];
    default: return [];
  }
}

export type CompilerRun =
  | { readonly ok: true; readonly stdout: string; readonly stderr: string }
  /** `missing`: the command could not be started; `failed`: it ran and exited non-zero; `timeout`: see COMPILER_TIMEOUT_MS. */
  | { readonly ok: false; readonly reason: 'missing' | 'failed' | 'timeout'; readonly stderr: string };

/**
 * How long one compiler run may take. gcc is quadratic on some inputs (a typedef of 100,000 pointer
 * levels takes it over two minutes), and gen-bindings must not hang with it.
 */
export const COMPILER_TIMEOUT_MS = 60_000;

/** Runs the C compiler with `args` after its own flags, `input` on standard input. Never throws. */
export function runCompiler(command: readonly string[], args: readonly string[], input: string, cwd: string): CompilerRun {
  const [exe, ...own] = command;
  if (!exe) return { ok: false, reason: 'missing', stderr: 'the command is empty' };
  let r: SpawnSyncReturns<string>;
  try {
    r = spawnSync(exe, [...own, ...args], { input, cwd, encoding: 'utf8', maxBuffer: 512 << 20, timeout: COMPILER_TIMEOUT_MS });
  } catch (e) {
    // Arguments spawn refuses (a NUL byte in a #cgo flag) rather than a failure to run.
    return { ok: false, reason: 'missing', stderr: (e as Error).message };
  }
  if ((r.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT') return { ok: false, reason: 'timeout', stderr: `did not finish within ${COMPILER_TIMEOUT_MS / 1000} s` };
  // EPIPE: the compiler exited before reading all its input; it did run, and its status says how it went.
  if (r.error && ((r.error as NodeJS.ErrnoException).code !== 'EPIPE' || r.status === null)) return { ok: false, reason: 'missing', stderr: String((r.error as NodeJS.ErrnoException).code ?? r.error.message) };
  if (r.status !== 0) return { ok: false, reason: 'failed', stderr: r.stderr ?? '' };
  return { ok: true, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/** The first `error:` line of a compiler's output, as `file:line:col: message`, for a diagnostic. */
export function firstCompilerError(stderr: string): { file: string; line: number; column: number; message: string } | undefined {
  for (const l of stderr.split('\n')) {
    const m = /^(.*?):(\d+):(?:(\d+):)?\s*(?:fatal )?error:\s*(.*)$/.exec(l);
    if (m) return { file: m[1]!, line: Number(m[2]), column: Number(m[3] ?? 1), message: m[4]!.trim() };
  }
  return undefined;
}
