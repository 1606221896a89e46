import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { GLOB_CHARS } from '../parse/package.js';
import { closestName } from '../suggest.js';
import { version } from '../version.js';
import { reportFailure } from './failure.js';
import type { Io } from './io.js';
import { processIo } from './io.js';
import { paintIo } from './paint.js';
import type { Command } from './usage.js';
import { UsageError, usageText } from './usage.js';

/** The commands, each loaded when used: the first argument selects one; anything else is the generate command's. */
const COMMANDS: Readonly<Record<string, () => Promise<{ readonly command: Command }>>> = {
  generate: () => import('./generate.js'),
  build: () => import('./build.js'),
  'check-abi': () => import('./check-abi.js'),
  init: () => import('./init.js'),
  'glue-file': () => import('./glue-file.js'),
};

export const COMMAND_NAMES: readonly string[] = Object.keys(COMMANDS);

/** The command called `name`, or undefined when there is none. */
export async function loadCommand(name: string): Promise<Command | undefined> {
  return Object.hasOwn(COMMANDS, name) ? (await COMMANDS[name]!()).command : undefined;
}

/** Runs the CLI with `argv` (without node and script); resolves to the exit code and never rejects. */
export async function main(argv: readonly string[], plainIo: Io = processIo): Promise<number> {
  const io = paintIo(plainIo);
  try {
    const [first, ...rest] = argv;
    if (first === '--version' || first === '-v' || first === '-V') {
      io.stdout(`${version()}\n`);
      return 0;
    }
    if (first === 'help') return await runHelp(rest, io);
    const command = first === undefined ? undefined : await loadCommand(first);
    if (command) return await command.run(rest, io);
    const meant = first === undefined ? undefined : mistypedCommand(first, io.cwd);
    if (meant !== undefined) throw new UsageError('generate', `unknown command ${first}; did you mean ${meant}?`);
    return await (await loadCommand('generate'))!.run(argv, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(usageText(e.command, e.message));
      return 2;
    }
    return reportFailure(e, io);
  }
}

/** `gen-bindings help [command]`: the overview, or one command's help. */
async function runHelp(argv: readonly string[], io: Io): Promise<number> {
  if (argv.length > 1) throw new UsageError('help', `takes one command name, not ${argv.length}: gen-bindings help <command>`);
  const name = argv[0] ?? 'generate';
  const command = await loadCommand(name === 'help' || name === '--help' || name === '-h' ? 'generate' : name);
  if (!command) {
    const meant = closestName(name, COMMAND_NAMES);
    throw new UsageError('help', `no command ${name}; ${meant ? `did you mean ${meant}?` : `the commands are ${COMMAND_NAMES.join(', ')}`}`);
  }
  io.stdout(command.spec.help);
  return 0;
}

/**
 * The command `word` is a typo of (`biuld`), when it is no path, glob or Go file the generate command
 * could mean: `gen-bindings biuld` should not read as a missing input.
 */
function mistypedCommand(word: string, cwd: string): string | undefined {
  if (word.startsWith('-') || word.endsWith('.go') || GLOB_CHARS.test(word) || /[/\\]/.test(word) || fs.existsSync(nodePath.resolve(cwd, word))) return undefined;
  return closestName(word, [...COMMAND_NAMES, 'help']);
}
