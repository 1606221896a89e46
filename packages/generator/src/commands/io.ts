/** Where a command writes; tests pass their own. */
export interface Io {
  readonly stdout: (s: string) => void;
  readonly stderr: (s: string) => void;
  readonly cwd: string;
  /** Whether each stream gets colour (commands/paint.ts); none when absent. */
  readonly color?: { readonly stdout: boolean; readonly stderr: boolean };
}

/**
 * Colour for a stream: never with NO_COLOR set (non-empty), always with FORCE_COLOR set (unless '0'
 * or 'false'), otherwise only on a terminal that is not TERM=dumb. NO_COLOR wins over FORCE_COLOR,
 * as in picocolors: it is the user's "never".
 */
export function wantsColor(isTTY: boolean | undefined, env: NodeJS.ProcessEnv): boolean {
  if (env['NO_COLOR']) return false;
  const force = env['FORCE_COLOR'];
  if (force !== undefined) return force !== '0' && force !== 'false';
  return isTTY === true && env['TERM'] !== 'dumb';
}

// In a module of its own, with no imports, so that the process entry (cli.ts) can report a failure to
// load everything else.
export const processIo: Io = {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  cwd: process.cwd(),
  color: { stdout: wantsColor(process.stdout.isTTY, process.env), stderr: wantsColor(process.stderr.isTTY, process.env) },
};
