import type { ParseArgsConfig } from 'node:util';
import { parseArgs } from 'node:util';
import { closestName } from '../suggest.js';
import type { Io } from './io.js';

/** A command's option table, as parseArgs takes it. */
export type OptionsConfig = NonNullable<ParseArgsConfig['options']>;

/** What parseArgs returns for the option table `O`. */
export type ParsedCommandLine<O extends OptionsConfig> = ReturnType<typeof parseArgs<{ args: string[]; options: O; allowPositionals: boolean; strict: true }>>;

/** What a command accepts and says about itself; `--help` prints `help`, which must list every option. */
export interface CommandSpec<O extends OptionsConfig = OptionsConfig> {
  /** As typed after `gen-bindings` (`build`); `generate` is also the command with no name. */
  readonly name: string;
  readonly help: string;
  readonly options: O;
  /** Whether it takes inputs after the options. */
  readonly positionals: boolean;
}

/** A command as the CLI runs it: each command's module exports one as `command`. */
export interface Command {
  readonly spec: CommandSpec;
  readonly run: (argv: readonly string[], io: Io) => number | Promise<number>;
}

/** Bad usage: printed as `gen-bindings build: <message>` and the command's help hint, exit code 2. */
export class UsageError extends Error {
  readonly command: string;
  constructor(command: string, message: string) {
    super(message);
    this.name = 'UsageError';
    this.command = command;
  }
}

/** `gen-bindings build`, or `gen-bindings` for the default command. */
export function commandLine(command: string): string {
  return command === 'generate' || command === '' ? 'gen-bindings' : `gen-bindings ${command}`;
}

/** The text printed for a usage error: one line, then where the help is. */
export function usageText(command: string, message: string): string {
  const cl = commandLine(command);
  return `${cl}: ${message}\nRun ${command === 'help' ? 'gen-bindings' : cl} --help for usage.\n`;
}

/** The options the help text lists, by long name, with the value as shown after the name (`--out <file>` → ` <file>`, `--go-flag=<flag>` → `=<flag>`). */
export function helpOptions(help: string): Map<string, { short: string | undefined; value: string | undefined }> {
  const listed = new Map<string, { short: string | undefined; value: string | undefined }>();
  const section = help.split(/^Options:\n/m)[1]?.split(/\n\n/)[0] ?? '';
  // An option starts at column 3 (`  -o, --out`) or 7 (`      --lib`); deeper lines continue a description.
  for (const m of section.matchAll(/^(?: {2}-(\w), | {6})--([\w-]+)([ =]<[^>]+>)?/gm)) {
    listed.set(m[2]!, { short: m[1], value: m[3] });
  }
  return listed;
}

/**
 * `parseArgs` for one command, with usage errors that name the option and suggest the one meant:
 * `unknown option --chek; did you mean --check?`, `--out needs a value: --out <file>`. Throws a
 * UsageError; Node's own messages (`Unknown option '-V'. To specify a positional argument…`) never
 * reach the user.
 */
export function parseCommandLine<const O extends OptionsConfig>(spec: CommandSpec<O>, argv: readonly string[]): ParsedCommandLine<O> {
  const args = [...argv];
  const { tokens } = parseArgs({ args, options: spec.options, allowPositionals: true, strict: false, tokens: true });
  const fail = (message: string): never => {
    throw new UsageError(spec.name, message);
  };
  for (const t of tokens) {
    if (t.kind === 'positional' && !spec.positionals) fail(`unexpected argument '${t.value}'; ${commandLine(spec.name)} takes options only`);
    if (t.kind !== 'option') continue;
    const option = spec.options[t.name];
    if (option === undefined) fail(unknownOption(args[t.index]!, t.rawName, spec.options));
    const long = `--${t.name}`;
    if (option?.type === 'boolean' && t.value !== undefined) fail(`${long} takes no value; write ${long} alone`);
    if (option?.type === 'string' && (t.value === undefined || (!t.inlineValue && t.value.startsWith('-')))) {
      const shown = helpOptions(spec.help).get(t.name)?.value ?? ' <value>';
      const dash = t.value === undefined ? '' : `; a value that starts with '-' goes after '=': ${long}=${t.value}`;
      fail(`${long} needs a value: ${long}${shown}${dash}`);
    }
  }
  return parseArgs({ args, options: spec.options, allowPositionals: spec.positionals, strict: true });
}

/** `unknown option --chek; did you mean --check?`, for the argument as typed. */
function unknownOption(arg: string, rawName: string, options: OptionsConfig): string {
  // `-check` reaches parseArgs as the short options -c -h -e -c -k: name the word, not its first letter.
  const typed = arg.startsWith('--') ? arg.split('=', 1)[0]! : arg.length > 2 ? arg : rawName;
  const candidates = Object.entries(options).flatMap(([name, o]) => [`--${name}`, ...(o.short ? [`-${o.short}`] : [])]);
  // A long name is compared without its dashes, and -check with --check.
  const word = typed.replace(/^--?/, '');
  const meant = typed.length === 2 ? closestName(typed, candidates.filter((c) => c.length === 2)) : closestName(word, candidates.filter((c) => c.startsWith('--')).map((c) => c.slice(2)));
  const suggestion = meant === undefined ? '' : `; did you mean ${typed.length === 2 ? meant : `--${meant}`}?`;
  return `unknown option ${typed}${suggestion}`;
}
