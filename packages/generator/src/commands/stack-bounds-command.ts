// The help and option table of `gen-bindings stack-bounds-file`, which runStackBoundsFile parses
// without: checked here first, so that it answers --help and misspelt options like every command.
import type { Io } from './shared.js';
import type { Command, CommandSpec } from './usage.js';
import { parseCommandLine } from './usage.js';

export const STACK_BOUNDS_FILE_HELP = `Usage: gen-bindings stack-bounds-file [--package <name>]

Prints the Go file that gen-bindings build adds to the package (through go build
-overlay) so that calls from Node's main thread into Go are fast. A library built
with plain go build needs it in the package:

  gen-bindings stack-bounds-file > zz_gen_bindings_stack_bounds.go

Options:
      --package <name>  the file's package clause (default: main)
  -h, --help            show this help
`;

export const STACK_BOUNDS_FILE_COMMAND = {
  name: 'stack-bounds-file',
  help: STACK_BOUNDS_FILE_HELP,
  options: { package: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  positionals: false,
} as const satisfies CommandSpec;

/** `gen-bindings stack-bounds-file [--package name]`. */
export async function runStackBoundsCommand(argv: readonly string[], io: Io): Promise<number> {
  if (parseCommandLine(STACK_BOUNDS_FILE_COMMAND, argv).values.help) {
    io.stdout(STACK_BOUNDS_FILE_HELP);
    return 0;
  }
  const { runStackBoundsFile } = await import('./stack-bounds-file.js');
  return runStackBoundsFile(argv, io);
}

export const command: Command = { spec: STACK_BOUNDS_FILE_COMMAND, run: runStackBoundsCommand };
