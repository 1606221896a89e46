import { runGenerate, GENERATE_HELP } from './commands/generate.js';
import type { Io } from './commands/shared.js';
import { processIo } from './commands/shared.js';
import { version } from './version.js';

/** Subcommands: the first argument selects one; anything else is the generate command. */
const COMMANDS: Record<string, (argv: readonly string[], io: Io) => number | Promise<number>> = {
  'check-abi': async (argv, io) => (await import('./commands/check-abi.js')).runCheckAbi(argv, io),
  build: async (argv, io) => (await import('./commands/build.js')).runBuild(argv, io),
  'stack-bounds-file': async (argv, io) => (await import('./commands/stack-bounds-file.js')).runStackBoundsFile(argv, io),
};

/** Runs the CLI with `argv` (without node and script); resolves to the exit code. */
export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
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
  try {
    return await (command ? command(rest, io) : runGenerate(argv, io));
  } catch (e) {
    if ((e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`gen-bindings: ${(e as Error).message}\nRun gen-bindings --help for usage.\n`);
      return 2;
    }
    throw e;
  }
}

process.exitCode = await main(process.argv.slice(2));
