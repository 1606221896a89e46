import * as nodePath from 'node:path';
import { version } from '../version.js';
import type { Io } from './io.js';

/** Exit code for a bug in gen-bindings: EX_SOFTWARE from BSD's sysexits.h ("internal software error"). */
export const INTERNAL_ERROR_EXIT = 70;

/** Set to print the stack trace of an internal error after its one line, for a bug report. */
export const DEBUG_ENV = 'GEN_BINDINGS_DEBUG';

/** Longest message text quoted: an error may carry a slice of a megabyte-sized input. */
const MAX_MESSAGE = 300;

function firstLine(s: string): string {
  const line = s.split('\n', 1)[0]!.trim();
  return line.length > MAX_MESSAGE ? `${line.slice(0, MAX_MESSAGE)}…` : line;
}

/** An error the operating system reported (a path that cannot be written, a full disk): the machine's state, not a bug. */
function isSystemError(e: unknown): e is NodeJS.ErrnoException & { syscall: string } {
  return e instanceof Error && typeof (e as NodeJS.ErrnoException).code === 'string' && typeof (e as NodeJS.ErrnoException).syscall === 'string';
}

function internalErrorLine(e: unknown): string {
  const what = e instanceof Error ? `${e.name}: ${firstLine(e.message)}` : `a thrown ${typeof e}: ${firstLine(String(e))}`;
  let v = 'unknown version';
  try {
    v = version();
  } catch {
    // The report must not fail on a broken install; the version is a courtesy.
  }
  return `gen-bindings: internal error: ${what}; this is a bug in gen-bindings ${v}, not in your input: please report it with the command and the files it read (${DEBUG_ENV}=1 prints the stack trace)`;
}

/**
 * What the user sees when an exception escapes a command, and the exit code: a usage error exits 2,
 * an error from the operating system 1, and anything else is a bug in gen-bindings, printed as one
 * line (no stack trace unless GEN_BINDINGS_DEBUG is set) with exit code 70. Never throws.
 */
export function reportFailure(e: unknown, io: Io, env: NodeJS.ProcessEnv = process.env): number {
  try {
    const code = (e as { code?: unknown } | null | undefined)?.code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`gen-bindings: ${(e as Error).message}\nRun gen-bindings --help for usage.\n`);
      return 2;
    }
    if (isSystemError(e)) {
      const message = e.path ? e.message.split(e.path).join(nodePath.relative(io.cwd, e.path) || '.') : e.message;
      io.stderr(`gen-bindings: ${firstLine(message)}\n`);
      return 1;
    }
    io.stderr(`${internalErrorLine(e)}\n`);
    if (env[DEBUG_ENV] && e instanceof Error && e.stack) io.stderr(`${e.stack}\n`);
  } catch {
    // Writing the report failed too (a closed stderr): the exit code is all that is left to say it.
  }
  return INTERNAL_ERROR_EXIT;
}
