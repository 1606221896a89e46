import { generate } from '../generate.js';
import { parseTags } from '../parse/build-constraints.js';
import { GLUE_FILE_NAME, glueGoSource } from '../go/glue.js';
import type { Io } from './shared.js';
import { reportDiagnostics } from './shared.js';
import type { Command, CommandSpec } from './usage.js';
import { parseCommandLine, UsageError } from './usage.js';

export const GLUE_FILE_HELP = `Usage: gen-bindings glue-file <go file | package dir> [options]

Prints the Go file that gen-bindings build adds to the package (through
go build -overlay): panic recovery, strings and slices as pointer plus length,
Async calls on goroutines, and fast calls from Node's main thread. For those
who build the library themselves: save it as ${GLUE_FILE_NAME} in the package,
then go build -buildmode=c-shared as usual. Regenerate it whenever an export
changes, like the module.

Options:
      --tags <a,b>     build tags, as go build -tags
      --directive <NAME:directive>
                       a //bindings: directive for an export, repeatable
      --skip-unsupported
                       wrap only the exports that can be bound
  -h, --help           show this help
`;

export const GLUE_FILE_COMMAND = {
  name: 'glue-file',
  help: GLUE_FILE_HELP,
  options: {
    tags: { type: 'string', multiple: true },
    directive: { type: 'string', multiple: true },
    'skip-unsupported': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  },
  positionals: true,
} as const satisfies CommandSpec;

/** `gen-bindings glue-file <input>`: prints the glue `build` adds, for those who run `go build` themselves. */
export async function runGlueFile(argv: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandLine(GLUE_FILE_COMMAND, argv);
  if (values.help) {
    io.stdout(GLUE_FILE_HELP);
    return 0;
  }
  if (positionals.length === 0) throw new UsageError('glue-file', 'no Go input given; pass the package (a directory or its .go files)');
  const result = await generate({ inputs: positionals, cwd: io.cwd, tags: parseTags(values.tags), directives: values.directive ?? [], skipUnsupported: values['skip-unsupported'] ?? false });
  if (reportDiagnostics(result.diagnostics, io) || !result.pkg) return 1;
  io.stdout(glueGoSource(result.pkg.name, result.funcs));
  return 0;
}

export const command: Command = { spec: GLUE_FILE_COMMAND, run: runGlueFile };
