// Colour on a terminal. Every message already has a fixed shape (`file:line:col: error: … [code]`,
// `gen-bindings: …`), so colour is added line by line where the text is written, and no message is
// built in two versions: without colour the output is exactly the text the tests pin.
import pc from 'picocolors';
import type { Io } from './io.js';

// Used only where colour is wanted (paintIo decides), so always on.
const c = pc.createColors(true);

// `where: ` (a file position, or `gen-bindings: `), the severity, the message and ` [code]`.
const DIAGNOSTIC = /^((?:[^:\s][^\n]*?): )?(internal error|error|warning): (.*?)( \[[\w-]+\])?$/;
const PREFIX = /^((?:\d\d:\d\d:\d\d )?gen-bindings(?: [\w-]+)?:)( .*)$/;

/** One line written to stderr: errors red, warnings yellow, and any other line of gen-bindings' own (a failure) red. */
export function paintStderrLine(line: string): string {
  const d = DIAGNOSTIC.exec(line);
  if (d) {
    const severity = d[2] === 'warning' ? c.yellow(c.bold(`${d[2]}:`)) : c.red(c.bold(`${d[2]}:`));
    return `${d[1] ? c.bold(d[1]) : ''}${severity} ${d[3]}${d[4] ? c.dim(d[4]) : ''}`;
  }
  const p = PREFIX.exec(line);
  return p ? `${c.red(c.bold(p[1]!))}${p[2]}` : line;
}

/** One line written to stdout: progress with a dim prefix and the outcome in colour; a unified diff's lines red and green. */
export function paintStdoutLine(line: string): string {
  const p = PREFIX.exec(line);
  if (p) return `${c.dim(p[1]!)}${p[2]!.replace(/\b(built|wrote)\b/g, (w) => c.green(w)).replace(/\bfailed\b/g, (w) => c.red(w))}`;
  if (/^(---|\+\+\+) /.test(line)) return c.bold(line);
  if (line.startsWith('@@')) return c.cyan(line);
  if (line.startsWith('-')) return c.red(line);
  if (line.startsWith('+')) return c.green(line);
  return line;
}

function painted(write: (s: string) => void, paintLine: (line: string) => string): (s: string) => void {
  return (s) => write(s.split('\n').map(paintLine).join('\n'));
}

/** `io` with colour on the streams that want it (Io.color); `io` itself when neither does. */
export function paintIo(io: Io): Io {
  if (!io.color?.stdout && !io.color?.stderr) return io;
  return {
    ...io,
    stdout: io.color.stdout ? painted(io.stdout, paintStdoutLine) : io.stdout,
    stderr: io.color.stderr ? painted(io.stderr, paintStderrLine) : io.stderr,
  };
}
