import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as nodePath from 'node:path';
import koffi from 'koffi';
import type { LibraryHandle } from 'koffi';
import type { ModuleLocation } from './locate.js';
import { buildCommand, moduleDirOf, sourceModuleDirs } from './locate.js';
import { displayRelative, moduleFile } from './paths.js';
import { rememberOrigin } from './verify.js';

export type GoLibrary = LibraryHandle;

export interface LoadLibraryOptions extends ModuleLocation {
  /** An explicit path to the library file (relative to the working directory); when given, it is the only place tried. */
  readonly path?: string | undefined;
  /**
   * npm packages that ship prebuilt libraries, named with `{platform}` and `{arch}` placeholders
   * (`@acme/mylib-{platform}-{arch}`); each is resolved from the generated module.
   */
  readonly platformPackages?: readonly string[] | undefined;
}

/** Thrown when no library could be loaded; `tried` lists every path with why it was rejected. */
export class LibraryNotFoundError extends Error {
  readonly tried: readonly { readonly path: string; readonly reason: string }[];
  /** The one step that makes the library loadable, with paths relative to the working directory. */
  readonly fix: string;
  constructor(name: string, tried: readonly { path: string; reason: string }[], fix: string) {
    const lines = tried.map((t) => `  - ${t.path}: ${t.reason}`);
    super(`cannot load the Go library '${name}' (${libraryFileName(name)}). Tried:\n${lines.join('\n')}\n${fix}`);
    this.name = 'LibraryNotFoundError';
    this.tried = tried;
    this.fix = fix;
  }
}

/** `libsum.so` on Linux, `libsum.dylib` on macOS, `libsum.dll` on Windows. */
export function libraryFileName(name: string, platform: NodeJS.Platform = process.platform): string {
  const ext = platform === 'darwin' ? 'dylib' : platform === 'win32' ? 'dll' : 'so';
  return `lib${name}.${ext}`;
}

/** `GEN_BINDINGS_LIB_SUM` for `sum`: the environment variable that overrides where the library is. */
export function envVarName(name: string): string {
  return `GEN_BINDINGS_LIB_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

// One load per path per process: an ES module and a CommonJS copy of this package share the map.
const CACHE_KEY = Symbol.for('@gen-bindings/runtime.loaded');
const loaded: Map<string, GoLibrary> = ((globalThis as Record<symbol, unknown>)[CACHE_KEY] as Map<string, GoLibrary> | undefined) ??
  ((globalThis as Record<symbol, unknown>)[CACHE_KEY] = new Map<string, GoLibrary>());

/**
 * koffi runs a JS function that another thread (a goroutine) calls on the main thread, and keeps a
 * block of memory per call waiting; past `max_async_calls` (256 by default) it fails from that thread
 * and the process crashes. Raised to koffi's maximum before the first library loads (koffi refuses
 * afterwards; then the setting stays as the application chose). See the glue's genbindings_callJS for a bound.
 */
let configured = false;
function raiseKoffiLimits(): void {
  if (configured) return;
  configured = true;
  try {
    koffi.config({ ...koffi.config(), max_async_calls: 4096 });
  } catch {
    // A library was loaded through koffi before this one: koffi's configuration is fixed.
  }
}

/** Every path `loadLibrary` would try, in order. */
export function candidatePaths(options: LoadLibraryOptions): string[] {
  const fileName = libraryFileName(options.name);
  const env = process.env[envVarName(options.name)];
  if (env) return [nodePath.resolve(env)];
  if (options.path) return [nodePath.resolve(options.path)];
  const moduleDir = moduleDirOf(options);
  const paths: string[] = [nodePath.join(moduleDir, fileName)];
  for (const dir of sourceModuleDirs(options)) {
    const p = nodePath.join(dir, fileName);
    if (!paths.includes(p)) paths.push(p);
  }
  if (options.platformPackages?.length) {
    const require = createRequire(moduleFile(options.moduleUrl) ?? nodePath.join(process.cwd(), 'index.js'));
    for (const pattern of options.platformPackages) {
      const pkg = pattern.replace('{platform}', process.platform).replace('{arch}', process.arch);
      try {
        paths.push(nodePath.join(nodePath.dirname(require.resolve(`${pkg}/package.json`)), fileName));
      } catch {
        paths.push(`${pkg}/${fileName}`);
      }
    }
  }
  return paths;
}

/**
 * Finds and loads a Go library built with `gen-bindings build`, once per path and process.
 * Order: the environment variable `GEN_BINDINGS_LIB_<NAME>`, else `options.path`, else next to the
 * generated module, then where the module was generated (for a compiled or bundled module), then the
 * platform packages.
 */
export function loadLibrary(options: LoadLibraryOptions): GoLibrary {
  const tried: { path: string; reason: string }[] = [];
  const env = process.env[envVarName(options.name)];
  for (const path of candidatePaths(options)) {
    const cached = loaded.get(path);
    if (cached) return cached;
    if (!fs.existsSync(path)) {
      tried.push({ path, reason: env ? `not found (from ${envVarName(options.name)})` : options.path ? 'not found (from setLibraryPath)' : 'not found' });
      continue;
    }
    try {
      raiseKoffiLimits();
      const lib = koffi.load(path);
      loaded.set(path, lib);
      rememberOrigin(lib, path, options);
      return lib;
    } catch (e) {
      tried.push({ path, reason: `exists but cannot be loaded: ${(e as Error).message}` });
    }
  }
  throw new LibraryNotFoundError(options.name, tried, fixStep(options, env));
}

/**
 * The one step that makes the library loadable, said from the working directory: build it with
 * gen-bindings where the Go source is at hand; otherwise copy it next to the module (a bundle, a
 * deployed app). Never a plain `go build`: a library without gen-bindings' glue is slow and loses
 * panic recovery.
 */
function fixStep(options: LoadLibraryOptions, env: string | undefined): string {
  const file = libraryFileName(options.name);
  const envName = envVarName(options.name);
  if (env) return `Point ${envName} at the library file, or unset it to look next to the module.`;
  const moduleDir = moduleDirOf(options);
  const build = buildCommand(options);
  if (build !== undefined) {
    const via = options.path ? 'then call setLibraryPath() with its path, or drop that call' : `or point ${envName} at the library file`;
    return `Build it with:\n  ${build}\n${via}.`;
  }
  const target = options.path ? displayRelative(nodePath.resolve(options.path)) : displayRelative(nodePath.join(moduleDir, file));
  return `Copy ${file} (made by npx gen-bindings build <go package>) to ${target}${options.path ? '' : ', next to the module'}, or call setLibraryPath() or set ${envName} with where it is.`;
}
