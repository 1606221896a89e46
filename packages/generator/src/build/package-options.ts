import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import type { GenerateResult } from '../generate.js';
import { defaults, generate } from '../generate.js';
import type { Int64Mode } from '../map/surface.js';
import type { OutputFormat } from '../emit/output-format.js';
import { isDirectory } from '../fs-util.js';
import type { BuildTarget } from '../parse/build-constraints.js';
import { tagsOfGoFlags } from '../parse/build-constraints.js';

/** One Go package to build and generate: the CLI options, or one entry of the config file. */
export interface PackageOptions {
  /** Go files, a package directory or globs, relative to `cwd`. */
  readonly inputs: readonly string[];
  /** Base for relative paths: the working directory, or the config file's directory. */
  readonly cwd: string;
  /** Output module; default `<name>.ts` next to the input, or in `outDir`. */
  readonly out?: string | undefined;
  /** `ts`, `esm` or `cjs` (`--format`), where the extension of `out` allows more than one or there is no `out`. */
  readonly format?: OutputFormat | undefined;
  /** Library base name (`sum` for `libsum.so`). */
  readonly lib?: string | undefined;
  readonly int64?: Int64Mode | undefined;
  /** Directory for the library (and the module, unless `out` is given); default: next to the module. */
  readonly outDir?: string | undefined;
  /** Extra `go build` flags (`-trimpath`, `-tags=foo`, `-ldflags=-s -w`). */
  readonly goFlags?: readonly string[] | undefined;
  /** npm packages with prebuilt libraries, passed on to the generated module. */
  readonly platformPackages?: readonly string[] | undefined;
  /** `NAME:directive` for exports whose source cannot carry a `//bindings:` line. */
  readonly directives?: readonly string[] | undefined;
  /** Build tags (`--tags`), for file selection and for `go build -tags`. */
  readonly tags?: readonly string[] | undefined;
  /** Leave out the exports that cannot be bound, with warnings (`--skip-unsupported`); the library still has them. */
  readonly skipUnsupported?: boolean | undefined;
}

/** The tags that apply: `--tags` and any `-tags=` among the go flags. */
export function packageTags(options: PackageOptions): string[] {
  return [...new Set([...(options.tags ?? []), ...tagsOfGoFlags(options.goFlags)])];
}

/** The go build flags: the given ones, with `-tags=` added for `--tags` unless they set tags themselves. */
export function packageGoFlags(options: PackageOptions): string[] {
  const flags = [...(options.goFlags ?? [])];
  if (options.tags?.length && tagsOfGoFlags(flags).length === 0) flags.push(`-tags=${options.tags.join(',')}`);
  else if (options.tags?.length) return flags.map((f) => (/^--?tags=/.test(f) ? `-tags=${packageTags(options).join(',')}` : f));
  return flags;
}

/** `libsum.so` on Linux, `libsum.dylib` on macOS, `libsum.dll` on Windows (as the runtime looks for it). */
export function libraryFileName(name: string, platform: NodeJS.Platform = process.platform): string {
  const ext = platform === 'darwin' ? 'dylib' : platform === 'win32' ? 'dll' : 'so';
  return `lib${name}.${ext}`;
}

/** Everything one package's build needs, derived from its options; `result.files[0]` is the module. */
export interface PackagePlan {
  readonly options: PackageOptions;
  readonly result: GenerateResult;
  readonly modulePath: string;
  readonly moduleText: string;
  /** The module and, for JavaScript, its declaration file: what is written and checked, together. */
  readonly files: readonly { readonly path: string; readonly contents: string }[];
  readonly libName: string;
  readonly libraryPath: string;
  /** The header `go build` writes beside the library. */
  readonly headerPath: string;
  /** Absolute paths of the package's Go files, as gen-bindings read them. */
  readonly goFiles: readonly string[];
  /** A single input that is a directory: built as a package, not as a file list. */
  readonly packageDir: string | undefined;
}

/**
 * Generates in memory and works out where everything goes; `plan` is undefined when `result` has errors.
 * `target` is what go build builds for (see {@link goTarget}); this machine when undefined.
 */
export async function planPackage(options: PackageOptions, target?: BuildTarget): Promise<{ plan: PackagePlan | undefined; result: GenerateResult }> {
  const base = {
    inputs: options.inputs,
    cwd: options.cwd,
    ...(options.lib !== undefined ? { lib: options.lib } : {}),
    ...(options.int64 !== undefined ? { int64: options.int64 } : {}),
    ...(options.format !== undefined ? { format: options.format } : {}),
    ...(options.platformPackages?.length ? { platformPackages: options.platformPackages } : {}),
    ...(options.directives?.length ? { directives: options.directives } : {}),
    ...(packageTags(options).length ? { tags: packageTags(options) } : {}),
    ...(options.skipUnsupported ? { skipUnsupported: true } : {}),
    ...(target ? { target } : {}),
  };
  // Where the module goes decides its text (relative paths), so `outDir` is generated for directly.
  const result = await generate({
    ...base,
    ...(options.out !== undefined ? { out: options.out } : options.outDir !== undefined ? { outDir: options.outDir } : {}),
  });
  const module = result.files[0];
  if (!module || !result.pkg) return { plan: undefined, result };
  const goFiles = result.pkg.files.map((f) => nodePath.resolve(options.cwd, f.path));
  const libName = options.lib ?? defaults(options.inputs, result.pkg.files.map((f) => ({ path: f.path, text: '' })), options.cwd).lib;
  const libDir = options.outDir !== undefined ? nodePath.resolve(options.cwd, options.outDir) : nodePath.dirname(module.path);
  // A cross build makes the library of its target: a .dll for windows.
  const goos = target?.goos;
  const libraryPath = nodePath.join(libDir, libraryFileName(libName, goos === undefined ? process.platform : goos === 'windows' ? 'win32' : goos === 'darwin' || goos === 'ios' ? 'darwin' : 'linux'));
  const only = options.inputs.length === 1 ? nodePath.resolve(options.cwd, options.inputs[0]!) : undefined;
  return {
    plan: {
      options,
      result,
      modulePath: module.path,
      moduleText: module.contents,
      files: result.files,
      libName,
      libraryPath,
      headerPath: libraryPath.replace(/\.[^.]+$/, '.h'),
      goFiles,
      packageDir: only !== undefined && isDirectory(only) ? only : undefined,
    },
    result,
  };
}

/** The module on disk, or undefined when there is none. */
export function readExisting(path: string): string | undefined {
  try {
    return fs.readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
