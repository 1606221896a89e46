import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { displayRelative, goArgument, moduleFile } from './paths.js';

/** Where a generated module is and what it was generated from: what it passes to `loadLibrary`. */
export interface ModuleLocation {
  /** Library base name: `sum` for `libsum.so` / `libsum.dylib` / `libsum.dll`. */
  readonly name: string;
  /**
   * Where the generated module is: its `import.meta.url`, or its `__filename` (CommonJS); the library
   * is looked for next to it.
   */
  readonly moduleUrl?: string | undefined;
  /** The Go source the library is built from, relative to the generated module; shown in the build command of the error. */
  readonly goSource?: string | undefined;
  /**
   * The generated module's path relative to its project (the directory of the nearest package.json
   * when it was generated), `/`-separated: `src/sum.ts`. A module compiled into an `outDir` or bundled
   * looks for the library there too, in each enclosing directory that has a package.json.
   */
  readonly projectPath?: string | undefined;
}

export function moduleDirOf(options: ModuleLocation): string {
  const file = moduleFile(options.moduleUrl);
  return file ? nodePath.dirname(file) : process.cwd();
}

/**
 * The directories that hold a package.json, from the module's own up to the file system's root: where
 * the project the module was generated in may be, once the module was compiled or bundled elsewhere.
 */
function projectRoots(moduleDir: string): string[] {
  const roots: string[] = [];
  for (let dir = moduleDir; ; dir = nodePath.dirname(dir)) {
    if (fs.existsSync(nodePath.join(dir, 'package.json'))) roots.push(dir);
    if (nodePath.dirname(dir) === dir) return roots;
  }
}

/** Where the module was generated, for each project root: the library was built next to it there. */
export function sourceModuleDirs(options: ModuleLocation): string[] {
  if (options.projectPath === undefined) return [];
  const rel = nodePath.dirname(options.projectPath);
  return projectRoots(moduleDirOf(options)).map((root) => nodePath.join(root, rel));
}

/**
 * `npx gen-bindings build <go source>` that writes the library where the module at `moduleSource`
 * (its path when generated) looks for it: `-o` and `--lib` only where the defaults would differ.
 */
function buildCommandFor(goSource: string, moduleSource: string | undefined, name: string): string {
  const base = goSource.endsWith('.go') ? nodePath.basename(goSource, '.go') : nodePath.basename(goSource);
  const defaultModule = goSource.endsWith('.go') ? nodePath.join(nodePath.dirname(goSource), `${base}.ts`) : nodePath.join(goSource, `${base}.ts`);
  const out = moduleSource !== undefined && moduleSource !== defaultModule ? ` -o ${displayRelative(moduleSource)}` : '';
  const lib = base.replace(/^lib(?=.)/, '') !== name ? ` --lib ${name}` : '';
  return `npx gen-bindings build ${goArgument(goSource)}${out}${lib}`;
}

/**
 * The `gen-bindings build` command that makes the library where the module looks for it, from the
 * working directory: for the Go source next to the module, or else where the module was generated
 * (for a compiled or bundled module). Undefined when neither has the Go source (a deployed bundle).
 */
export function buildCommand(location: ModuleLocation): string | undefined {
  const moduleName = location.projectPath !== undefined ? nodePath.basename(location.projectPath) : undefined;
  for (const dir of [moduleDirOf(location), ...sourceModuleDirs(location)]) {
    const goSource = location.goSource ? nodePath.join(dir, location.goSource) : undefined;
    if (goSource && fs.existsSync(goSource)) {
      return buildCommandFor(goSource, moduleName !== undefined ? nodePath.join(dir, moduleName) : moduleFile(location.moduleUrl), location.name);
    }
  }
  return undefined;
}
