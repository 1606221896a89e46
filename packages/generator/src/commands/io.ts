/** Where a command writes; tests pass their own. */
export interface Io {
  readonly stdout: (s: string) => void;
  readonly stderr: (s: string) => void;
  readonly cwd: string;
}

// In a module of its own, with no imports, so that the process entry (cli.ts) can report a failure to
// load everything else.
export const processIo: Io = {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  cwd: process.cwd(),
};
