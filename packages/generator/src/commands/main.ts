import { runGenerate, GENERATE_HELP } from './generate.js';
import { reportFailure } from './failure.js';
import type { Io } from './io.js';
import { processIo } from './io.js';
import { version } from '../version.js';

/** Subcommands: the first argument selects one; anything else is the generate command. */
const COMMANDS: Record<string, (argv: readonly string[], io: Io) => number | Promise<number>> = {
  'check-abi': async (argv, io) => (await import('./check-abi.js')).runCheckAbi(argv, io),
  build: async (argv, io) => (await import('./build.js')).runBuild(argv, io),
  'glue-file': async (argv, io) => (await import('./glue-file.js')).runGlueFile(argv, io),
};

/** Runs the CLI with `argv` (without node and script); resolves to the exit code and never rejects. */
export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  try {
    const [first, ...rest] = argv;
    if (first === undefined) {
      io.stderr(`gen-bindings: no Go input given\n\n${GENERATE_HELP}`);
      return 2;
    }
    if (first === '--help' || first === '-h') {
      io.stdout(GENERATE_HELP);
      return 0;
    }
    if (first === '--version' || first === '-v') {
      io.stdout(`${version()}\n`);
      return 0;
    }
    const command = COMMANDS[first];
    return await (command ? command(rest, io) : runGenerate(argv, io));
  } catch (e) {
    return reportFailure(e, io);
  }
}
