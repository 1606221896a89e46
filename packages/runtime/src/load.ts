import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as nodePath from 'node:path';
import { fileURLToPath } from 'node:url';
import koffi from 'koffi';
import type { LibraryHandle } from 'koffi';
import { rememberOrigin } from './verify.js';

export type GoLibrary = LibraryHandle;

export interface LoadLibraryOptions {
  /** Library base name: `sum` for `libsum.so` / `libsum.dylib` / `libsum.dll`. */
  readonly name: string;
  /** `import.meta.url` of the generated module; the library is looked for next to it. */
  readonly moduleUrl?: string;
  /** An explicit path to the library file; when given, it is the only place tried. */
  readonly path?: string;
  /** The Go source the library is built from, relative to the generated module; shown in the build command of the error. */
  readonly goSource?: string;
  /**
   * npm packages that ship prebuilt libraries, named with `{platform}` and `{arch}` placeholders
   * (`@acme/mylib-{platform}-{arch}`); each is resolved from the generated module.
   */
  readonly platformPackages?: readonly string[];
}

/** Thrown when no library could be loaded; `tried` lists every path with why it was rejected. */
export class LibraryNotFoundError extends Error {
  readonly tried: readonly { readonly path: string; readonly reason: string }[];
  readonly buildCommand: string;
  constructor(name: string, tried: readonly { path: string; reason: string }[], buildCommand: string) {
    const lines = tried.map((t) => `  - ${t.path}: ${t.reason}`);
    super(
      `cannot load the Go library '${name}' (${libraryFileName(name)}). Tried:\n${lines.join('\n')}\n` +
        `Build it with:\n  ${buildCommand}\n` +
        `or point ${envVarName(name)} at the library file.`,
    );
    this.name = 'LibraryNotFoundError';
    this.tried = tried;
    this.buildCommand = buildCommand;
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

const loaded = new Map<string, GoLibrary>();

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

/** Every path `loadLibrary` would try, in order, with where each came from. */
export function candidatePaths(options: LoadLibraryOptions): string[] {
  const fileName = libraryFileName(options.name);
  const env = process.env[envVarName(options.name)];
  if (env) return [nodePath.resolve(env)];
  if (options.path) return [nodePath.resolve(options.path)];
  const paths: string[] = [];
  const moduleDir = options.moduleUrl ? nodePath.dirname(fileURLToPath(options.moduleUrl)) : process.cwd();
  paths.push(nodePath.join(moduleDir, fileName));
  if (options.platformPackages?.length) {
    const require = createRequire(options.moduleUrl ?? nodePath.join(process.cwd(), 'index.js'));
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
 * Finds and loads a Go library built with `go build -buildmode=c-shared`, once per path.
 * Order: the environment variable `GEN_BINDINGS_LIB_<NAME>`, else `options.path`, else next to the
 * generated module, then the platform packages.
 */
export function loadLibrary(options: LoadLibraryOptions): GoLibrary {
  const tried: { path: string; reason: string }[] = [];
  const env = process.env[envVarName(options.name)];
  for (const path of candidatePaths(options)) {
    const cached = loaded.get(path);
    if (cached) return cached;
    if (!fs.existsSync(path)) {
      tried.push({ path, reason: env ? `not found (from ${envVarName(options.name)})` : 'not found' });
      continue;
    }
    try {
      raiseKoffiLimits();
      const lib = koffi.load(path);
      loaded.set(path, lib);
      rememberOrigin(lib, { path, name: options.name, moduleUrl: options.moduleUrl, goSource: options.goSource });
      return lib;
    } catch (e) {
      tried.push({ path, reason: `exists but cannot be loaded: ${(e as Error).message}` });
    }
  }
  throw new LibraryNotFoundError(options.name, tried, buildCommand(options));
}

/** A path as the user would type it: relative to the working directory, quoted when it has spaces. */
export function displayRelative(p: string): string {
  const r = nodePath.relative(process.cwd(), p) || '.';
  return /\s/.test(r) ? JSON.stringify(r) : r;
}

/** The Go source a generated module names (`goSource`, relative to the module), as a `go build` argument. */
export function goSourceArgument(moduleUrl: string | undefined, goSource: string | undefined): string {
  const moduleDir = moduleUrl ? nodePath.dirname(fileURLToPath(moduleUrl)) : process.cwd();
  const src = displayRelative(goSource ? nodePath.join(moduleDir, goSource) : moduleDir);
  // `go build dir` reads `dir` as an import path; a directory needs `./`.
  return !src.endsWith('.go') && !src.startsWith('.') && !nodePath.isAbsolute(src) ? `./${src}` : src;
}

/**
 * The command that makes the missing library: `gen-bindings build` when the module sits next to its Go
 * source (where `build` puts both), plain `go build` otherwise.
 */
function buildCommand(options: LoadLibraryOptions): string {
  const moduleDir = options.moduleUrl ? nodePath.dirname(fileURLToPath(options.moduleUrl)) : process.cwd();
  const srcPath = options.goSource ? nodePath.join(moduleDir, options.goSource) : moduleDir;
  const src = goSourceArgument(options.moduleUrl, options.goSource);
  const srcDir = srcPath.endsWith('.go') ? nodePath.dirname(srcPath) : srcPath;
  if (nodePath.resolve(srcDir) === nodePath.resolve(moduleDir)) return `npx gen-bindings build ${src}`;
  return `go build -buildmode=c-shared -o ${displayRelative(nodePath.join(moduleDir, libraryFileName(options.name)))} ${src}`;
}
