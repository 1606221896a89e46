import * as nodePath from 'node:path';
import { libraryFileName } from '../build/package-options.js';
import { EXAMPLE_SCRIPT, initProject, listWords } from '../init/init-project.js';
import type { Io } from './shared.js';
import { relativePath } from './shared.js';
import type { Command, CommandSpec } from './usage.js';
import { parseCommandLine, UsageError } from './usage.js';

export const INIT_HELP = `Usage: gen-bindings init [options] [dir]

Sets up gen-bindings in an npm project (a directory with a package.json; default:
this one): a Go package with one exported function, gen-bindings.config.json,
the npm scripts 'bindings' (build) and 'bindings:example' (build, then call Go),
the dependencies in package.json and .gitignore lines for the built library.
Overwrites no file, and installs nothing: run npm install afterwards.

Options:
      --go-dir <dir>   the Go package's directory (default: go)
      --name <name>    library name: 'sum' writes sum.go and builds libsum.so
                       (default: from package.json's name)
  -h, --help           show this help

Example:
  gen-bindings init && npm install && npm run bindings:example   # add(2, 3) = 5
`;

export const INIT_COMMAND = {
  name: 'init',
  help: INIT_HELP,
  options: { 'go-dir': { type: 'string' }, name: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  positionals: true,
} as const satisfies CommandSpec;

/** `gen-bindings init [dir]`. */
export function runInit(argv: readonly string[], io: Io): number {
  const { values, positionals } = parseCommandLine(INIT_COMMAND, argv);
  if (values.help) {
    io.stdout(INIT_HELP);
    return 0;
  }
  if (positionals.length > 1) throw new UsageError('init', `takes one project directory, not ${positionals.length}`);
  const dir = nodePath.resolve(io.cwd, positionals[0] ?? '.');
  const r = initProject({ dir, cwd: io.cwd, goDir: values['go-dir'], name: values.name });
  if (!r.ok) {
    io.stderr(`gen-bindings init: ${r.message}\n`);
    return 1;
  }
  const shown = (f: string): string => relativePath(io, nodePath.join(dir, f));
  io.stdout(`gen-bindings: created ${listWords(r.created.map(shown))}\n`);
  if (r.packageJson.length) io.stdout(`gen-bindings: added to ${shown('package.json')}: ${r.packageJson.join('; ')}\n`);
  if (r.gitignore) io.stdout(`gen-bindings: added to ${shown('.gitignore')}: the library and header built in ${shown(r.goDir)}\n`);
  const cd = relativePath(io, dir) === '.' ? '' : `  cd ${relativePath(io, dir)}\n`;
  io.stdout(
    `Next, install the packages, then build the library and call it:\n${cd}` +
      `  npm install\n` +
      `  npm run ${EXAMPLE_SCRIPT}   # builds ${r.goDir}/${libraryFileName(r.name)} and ${r.goDir}/${r.name}.ts, then prints add(2, 3) = 5\n`,
  );
  return 0;
}

export const command: Command = { spec: INIT_COMMAND, run: runInit };
