import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { CONFIG_FILE } from '../build/config.js';
import { libraryFileName } from '../build/package-options.js';
import { displayPath } from '../parse/package.js';
import { version } from '../version.js';

/** What `gen-bindings init` sets up in an npm project. */
export interface InitOptions {
  /** The npm project: a directory with a package.json, relative to `cwd`; default `.`. */
  readonly dir?: string | undefined;
  /** Base for `dir` and the paths in messages; defaults to `process.cwd()`. */
  readonly cwd?: string | undefined;
  /** The Go package's directory, relative to `dir`; default `go`. */
  readonly goDir?: string | undefined;
  /** Library base name (`sum` → `libsum.so`, `sum.go`, `sum.ts`); default: package.json's name. */
  readonly name?: string | undefined;
}

export type InitResult =
  | {
      readonly ok: true;
      /** Files written anew, relative to `dir` with forward slashes. */
      readonly created: readonly string[];
      /** What was added to package.json, as `scripts bindings and bindings:example`. */
      readonly packageJson: readonly string[];
      /** Whether .gitignore got new lines (it is created when missing). */
      readonly gitignore: boolean;
      readonly name: string;
      readonly goDir: string;
    }
  | { readonly ok: false; readonly message: string };

/** The npm scripts init adds: one builds the library and the module, the other builds, then runs the example. */
export const BUILD_SCRIPT = 'bindings';
export const EXAMPLE_SCRIPT = 'bindings:example';

// The ranges the published packages are tested with: koffi as @gen-bindings/runtime depends on it,
// tsx as the workspace uses it (a test keeps them in step).
export const KOFFI_RANGE = '^3.3.4';
export const TSX_RANGE = '^4.20.0';

const NAME = /^[A-Za-z0-9_]+$/;

/** `my_app` for `@acme/my-app`: a library base name from an npm package name. */
export function libraryNameOf(packageName: string): string {
  const base = packageName.replace(/^@[^/]*\//, '').toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  return base === '' ? 'bindings' : base;
}

/** `acme/my-app` for `@acme/my-app`: a Go module path from an npm package name. */
function modulePathOf(packageName: string, fallback: string): string {
  const path = packageName.replace(/^@/, '').replace(/[^A-Za-z0-9._~/-]+/g, '-').replace(/^[-./]+|[-./]+$/g, '');
  return path === '' ? fallback : path;
}

function goSource(name: string): string {
  return `// The Go side of the bindings: gen-bindings build makes this package a C shared library
// (${libraryFileName(name, 'linux')}, .dylib or .dll) and writes ${name}.ts, which calls it from TypeScript.
package main

import "C"

// add returns a + b. Every function marked //export can be called from TypeScript.
//
//export add
func add(a, b int) int { return a + b }

// main is required by go build -buildmode=c-shared, and never runs.
func main() {}
`;
}

function exampleSource(name: string): string {
  return `// Calls the Go library through the generated module: npm run ${EXAMPLE_SCRIPT} builds both, then runs this.
import { add } from './${name}.js';

console.log(\`add(2, 3) = \${add(2, 3)}\`);
`;
}

/** `a`, `a and b`, `a, b and c`. */
export function listWords(words: readonly string[]): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}

/**
 * Sets up an npm project for gen-bindings: a Go package with one export, a config file, npm scripts,
 * dependencies in package.json and .gitignore lines for what the build writes. Writes nothing when
 * any file it would create, or any script it would add, already exists. Runs no package manager.
 */
export function initProject(options: InitOptions): InitResult {
  const fail = (message: string): InitResult => ({ ok: false, message });
  const cwd = options.cwd ?? process.cwd();
  const dir = nodePath.resolve(cwd, options.dir ?? '.');
  const pkgPath = nodePath.join(dir, 'package.json');
  let pkgText: string;
  try {
    pkgText = fs.readFileSync(pkgPath, 'utf8');
  } catch {
    return fail(`no package.json in ${displayPath(dir, cwd)}; init sets up an npm project: run npm init -y there first`);
  }
  let pkg: Record<string, unknown>;
  try {
    pkg = JSON.parse(pkgText) as Record<string, unknown>;
  } catch (e) {
    return fail(`package.json is not valid JSON (${(e as Error).message}); fix it first`);
  }
  if (typeof pkg !== 'object' || pkg === null || Array.isArray(pkg)) return fail('package.json is not a JSON object; fix it first');
  if (options.name !== undefined && !NAME.test(options.name)) {
    return fail(`--name takes letters, digits and _ (it names lib<name>.so, <name>.go and <name>.ts), not '${options.name}'`);
  }
  const npmName = typeof pkg['name'] === 'string' ? pkg['name'] : nodePath.basename(dir);
  const name = options.name ?? libraryNameOf(npmName);
  const goDir = nodePath.posix.normalize((options.goDir ?? 'go').split(nodePath.sep).join('/')).replace(/\/+$/, '');
  if (nodePath.isAbsolute(goDir) || goDir === '.' || goDir.startsWith('../')) {
    return fail(`--go-dir must be a directory inside the project, such as go or native/go, not '${options.goDir}'`);
  }

  const files: Record<string, string> = {
    [`${goDir}/go.mod`]: `module ${modulePathOf(npmName, name)}\n\ngo 1.21\n`,
    [`${goDir}/${name}.go`]: goSource(name),
    [`${goDir}/example.ts`]: exampleSource(name),
    [CONFIG_FILE]: `${JSON.stringify({ packages: [{ inputs: goDir, out: `${goDir}/${name}.ts`, lib: name }] }, null, 2)}\n`,
  };
  const scripts = { ...((pkg['scripts'] ?? {}) as Record<string, string>) };
  const newScripts: Record<string, string> = {
    [BUILD_SCRIPT]: 'gen-bindings build',
    [EXAMPLE_SCRIPT]: `gen-bindings build && tsx ${goDir}/example.ts`,
  };
  const taken = [
    ...Object.keys(files).filter((f) => fs.existsSync(nodePath.join(dir, f))),
    ...Object.keys(newScripts).filter((s) => scripts[s] !== undefined && scripts[s] !== newScripts[s]).map((s) => `the package.json script "${s}"`),
  ];
  if (taken.length > 0) {
    return fail(`${listWords(taken)} already exist${taken.length === 1 ? 's' : ''}; init overwrites nothing, so nothing was written: move ${taken.length === 1 ? 'it' : 'them'} away, or choose another --go-dir and --name`);
  }

  // package.json: what is missing, keeping the file's indentation; dependency lists sorted, as npm keeps them.
  const added: string[] = [];
  const addScripts = Object.keys(newScripts).filter((s) => scripts[s] === undefined);
  if (addScripts.length) {
    pkg['scripts'] = { ...scripts, ...Object.fromEntries(addScripts.map((s) => [s, newScripts[s]])) };
    added.push(`scripts ${listWords(addScripts)}`);
  }
  const has = (dep: string): boolean => ['dependencies', 'devDependencies'].some((k) => Object.hasOwn((pkg[k] ?? {}) as object, dep));
  const wanted = {
    dependencies: { '@gen-bindings/runtime': `^${version()}`, koffi: KOFFI_RANGE },
    devDependencies: { 'gen-bindings': `^${version()}`, tsx: TSX_RANGE },
  };
  for (const [key, deps] of Object.entries(wanted)) {
    const missing = Object.entries(deps).filter(([dep]) => !has(dep));
    if (!missing.length) continue;
    const merged = { ...((pkg[key] ?? {}) as Record<string, string>), ...Object.fromEntries(missing) };
    pkg[key] = Object.fromEntries(Object.entries(merged).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    added.push(`${key} ${listWords(missing.map(([dep]) => dep))}`);
  }

  const gitignorePath = nodePath.join(dir, '.gitignore');
  const gitignore = fs.existsSync(gitignorePath) ? fs.readFileSync(gitignorePath, 'utf8') : '';
  const present = new Set(gitignore.split(/\r?\n/).map((l) => l.trim()));
  const ignore = [
    ...(['linux', 'darwin', 'win32'] as const).map((p) => `/${goDir}/${libraryFileName(name, p)}`),
    `/${goDir}/lib${name}.h`,
    '.gen-bindings-cache/',
  ].filter((l) => !present.has(l));

  for (const [file, text] of Object.entries(files)) {
    const abs = nodePath.join(dir, file);
    fs.mkdirSync(nodePath.dirname(abs), { recursive: true });
    // 'wx': a file that appeared since the check above is not overwritten either.
    fs.writeFileSync(abs, text, { flag: 'wx' });
  }
  if (added.length) {
    const indent = /^\{\r?\n([ \t]+)"/.exec(pkgText)?.[1] ?? 2;
    fs.writeFileSync(pkgPath, `${JSON.stringify(pkg, null, indent)}\n`);
  }
  if (ignore.length) {
    const block = `# gen-bindings: the library and header that npm run bindings builds\n${ignore.join('\n')}\n`;
    fs.writeFileSync(gitignorePath, gitignore === '' ? block : `${gitignore}${gitignore.endsWith('\n') ? '' : '\n'}\n${block}`);
  }
  return { ok: true, created: Object.keys(files), packageJson: added, gitignore: ignore.length > 0, name, goDir };
}
