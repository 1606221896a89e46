import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { emitModule } from './emit/emit-module.js';
import type { OutputFormat } from './emit/output-format.js';
import { defaultExtension, formatFiles, moduleKindOf, nearestPackage, outputFormat } from './emit/output-format.js';
import type { BoundFunc } from './map/map-export.js';
import { mapExports } from './map/map-export.js';
import type { Int64Mode } from './map/surface.js';
import type { Diagnostic } from './model/diagnostics.js';
import { error, filePos, hasErrors, warning } from './model/diagnostics.js';
import type { Directive, ExportedFunc, GoPackage } from './model/ir.js';
import type { CInfo } from './model/c-decls.js';
import type { BuildTarget } from './parse/build-constraints.js';
import { hostTarget, is64BitArch, withTags } from './parse/build-constraints.js';
import { readCInfo } from './parse/c/c-info.js';
import type { SourceText } from './parse/package.js';
import { GLOB_CHARS, displayPath, parsePackage, readInputs } from './parse/package.js';
import { isDirectory } from './fs-util.js';

export interface GenerateOptions {
  /** Go files, package directories or globs, relative to `cwd`. */
  readonly inputs: readonly string[];
  /** Working directory for inputs, outputs and the paths in diagnostics; defaults to `process.cwd()`. */
  readonly cwd?: string;
  /**
   * Output module path; defaults to `<name>.ts` next to the input (see README), or in `outDir`. Its
   * extension chooses the format: `.ts`/`.mts`/`.cts` TypeScript, `.js`/`.mjs` an ES module with a
   * `.d.ts`/`.d.mts` beside it, `.cjs` CommonJS with a `.d.cts`.
   */
  readonly out?: string;
  /** The format, when the extension of `out` allows more than one (`.js` as CommonJS: `cjs`) or no `out` is given. */
  readonly format?: OutputFormat;
  /** Directory for the module when `out` is not given. */
  readonly outDir?: string;
  /** Library base name (`sum` loads `libsum.so`); defaults to the input's name without a leading `lib`. */
  readonly lib?: string;
  /** 64-bit integer results as `number` (RangeError past ±2^53, the default) or always `bigint`. */
  readonly int64?: Int64Mode;
  /** Target whose `//go:build` lines and C `long` width apply; defaults to this machine. */
  readonly target?: BuildTarget;
  /** The C compiler command that reads the preamble's C types (may carry flags); `$CC` or `cc` otherwise. */
  readonly cc?: string;
  /** Build tags (go build's `-tags`): they select files and `//go:build` lines, and apply to `#cgo` lines. */
  readonly tags?: readonly string[];
  /** npm packages that ship prebuilt libraries, `{platform}`/`{arch}` patterns (`@acme/sum-{platform}-{arch}`); the module tries them after its own directory. */
  readonly platformPackages?: readonly string[];
  /**
   * Directives for exports whose Go source you cannot edit, as `NAME:directive args`
   * (`jsonnet_version:borrowed`, `Greeting:free FreeString`); they act like `//bindings:` lines.
   */
  readonly directives?: readonly string[];
  /**
   * Write the module without the exports that cannot be bound, reporting each as a warning, instead of
   * failing (`--skip-unsupported`). Errors about the package as a whole stay errors.
   */
  readonly skipUnsupported?: boolean;
}

/** One file to write; a module in JavaScript comes with its declaration file. */
export interface GeneratedFile {
  /** Absolute path. */
  readonly path: string;
  readonly contents: string;
}

export interface GenerateResult {
  /** Empty when any diagnostic is an error; else the module first, then its declaration file, if any. */
  readonly files: readonly GeneratedFile[];
  readonly diagnostics: readonly Diagnostic[];
  readonly pkg: GoPackage | undefined;
  /** Every export with its C signature, for tools such as `check-abi`. */
  readonly funcs: readonly BoundFunc[];
}

/** Where the module goes and what it calls the library, derived from the inputs. */
export function defaults(inputs: readonly string[], sources: readonly SourceText[], cwd: string): { out: string; lib: string; goSource: string } {
  const first = inputs[0] ?? '.';
  const abs = nodePath.resolve(cwd, first);
  const isFile = inputs.length === 1 && first.endsWith('.go') && !GLOB_CHARS.test(first);
  if (isFile) {
    const base = nodePath.basename(abs, '.go');
    return { out: nodePath.join(nodePath.dirname(abs), `${base}.ts`), lib: base.replace(/^lib(?=.)/, ''), goSource: abs };
  }
  const dir = isDirectory(abs) ? abs : nodePath.dirname(nodePath.resolve(cwd, sources[0]?.path ?? first));
  const base = nodePath.basename(dir);
  return { out: nodePath.join(dir, `${base}.ts`), lib: base.replace(/^lib(?=.)/, ''), goSource: dir };
}

/** Generates the TypeScript module for the Go package made of `options.inputs`. Never throws on bad input. */
export async function generate(options: GenerateOptions): Promise<GenerateResult> {
  const cwd = options.cwd ?? process.cwd();
  const target = withTags(options.target ?? hostTarget(), options.tags);
  const { sources, diagnostics } = readInputs(options.inputs, cwd, target);
  if (hasErrors(diagnostics)) return { files: [], diagnostics, pkg: undefined, funcs: [] };
  return generateFromSources(sources, { ...options, cwd, target }, options.inputs);
}

/**
 * Generates from source text instead of files: `sources` paths are used for diagnostics and to place
 * the output (relative to `cwd`). A single string is taken as `input.go`.
 */
export async function generateFromSource(sources: string | readonly SourceText[], options: Omit<GenerateOptions, 'inputs'> = {}): Promise<GenerateResult> {
  const list = typeof sources === 'string' ? [{ path: 'input.go', text: sources }] : sources;
  const cwd = options.cwd ?? process.cwd();
  return generateFromSources(list, { ...options, cwd }, list.length === 1 ? [list[0]!.path] : []);
}

async function generateFromSources(sources: readonly SourceText[], options: Omit<GenerateOptions, 'inputs'> & { cwd: string }, inputs: readonly string[]): Promise<GenerateResult> {
  const target = options.target ?? withTags(hostTarget(), options.tags);
  const { pkg, funcs, c, diagnostics } = await bindPackage(sources, { target, cwd: options.cwd, directives: options.directives ?? [], cc: options.cc, skipUnsupported: options.skipUnsupported });
  const d = defaults(inputs.length ? inputs : sources.map((s) => s.path), sources, options.cwd);
  const defaultOut = options.format ? d.out.replace(/\.ts$/, defaultExtension(options.format)) : d.out;
  const out = options.out
    ? nodePath.resolve(options.cwd, options.out)
    : options.outDir
      ? nodePath.join(nodePath.resolve(options.cwd, options.outDir), nodePath.basename(defaultOut))
      : defaultOut;
  const format = outputFormat(out, options.format, nodePath.relative(options.cwd, out));
  if ('message' in format) diagnostics.push(error('bad-option', format.message));
  const lib = options.lib ?? d.lib;
  if (!/^[A-Za-z0-9_.+-]+$/.test(lib)) {
    diagnostics.push(error('bad-option', `--lib ${JSON.stringify(lib)} is not a library base name; use letters, digits, '_', '-', '.' (for libsum.so write --lib sum)`));
  }
  if (hasErrors(diagnostics) || 'message' in format) return { files: [], diagnostics, pkg, funcs: funcs };
  const outDir = nodePath.dirname(out);
  const project = nearestPackage(outDir);
  if (format.format === 'esm' && out.endsWith('.js') && project?.type !== 'module') {
    // Node reads a .js as CommonJS unless its package.json says "type": "module".
    const shown = nodePath.relative(options.cwd, out);
    const where = project ? `${displayPath(nodePath.join(project.root, 'package.json'), options.cwd)} has no "type": "module"` : 'no package.json says "type": "module"';
    diagnostics.push(warning('js-not-module', `${shown} is an ES module, but ${where}, so Node loads it as CommonJS and fails; name it ${shown.replace(/\.js$/, '.mjs')}, or write CommonJS with --format cjs`));
  }
  const inputLabels = (inputs.length ? inputs : sources.map((s) => s.path)).map((i) => displayPath(nodePath.resolve(options.cwd, i), outDir));
  const contents = emitModule(funcs, {
    libName: lib,
    sourceLabel: inputLabels.join(', '),
    goSource: displayPath(d.goSource, outDir),
    int64: options.int64 ?? 'number',
    platformPackages: options.platformPackages,
    constants: c?.constants,
    moduleKind: moduleKindOf(out, format.format, project?.type),
    projectPath: project ? nodePath.relative(project.root, out).split(nodePath.sep).join('/') : undefined,
  });
  return { files: await formatFiles(out, contents, format.format), diagnostics, pkg, funcs: funcs };
}

export interface BindOptions {
  readonly target: BuildTarget;
  /** The directory the source paths are relative to. */
  readonly cwd: string;
  readonly directives?: readonly string[];
  /** The C compiler command for the preamble's C types (`--cc`); `$CC` or `cc` otherwise. */
  readonly cc?: string | undefined;
  /** Leave out the exports that cannot be bound, with warnings (see {@link GenerateOptions.skipUnsupported}). */
  readonly skipUnsupported?: boolean | undefined;
  /**
   * true: run the C compiler exactly as given, and let it target what it targets (check-abi, which
   * reports another target itself). Otherwise it gets go build's flags for the target (`-m32` for
   * 386) and a compiler for another target is an error.
   */
  readonly compilerAsGiven?: boolean | undefined;
}

/** Parses the files of one package and maps every export to its C signature: what generating and `check-abi` share. */
export async function bindPackage(sources: readonly SourceText[], options: BindOptions): Promise<{ pkg: GoPackage; funcs: BoundFunc[]; c: CInfo | undefined; diagnostics: Diagnostic[] }> {
  const parsed = parsePackage(sources);
  const diagnostics = parsed.diagnostics;
  const { goos, goarch } = options.target;
  if (!is64BitArch(goarch)) {
    const hint = goarch === hostTarget().goarch ? '' : ` (is GOARCH=${goarch} set in the environment or by go env -w?)`;
    const d = error('target', `gen-bindings binds 64-bit targets only (its modules pass Go's int and pointers as 8 bytes), and ${goos}/${goarch} is 32-bit; build for a 64-bit target such as amd64 or arm64${hint}`);
    return { pkg: parsed.pkg, funcs: [], c: undefined, diagnostics: [...diagnostics, d] };
  }
  const pkg = addDirectives(parsed.pkg, options.directives ?? [], diagnostics);
  // A file that does not parse may lack exports and types; mapping the rest would only add noise.
  if (pkg.hasSyntaxErrors) return { pkg, funcs: [], c: undefined, diagnostics };
  // Only a package whose exports use C types beyond cgo's built-ins needs a C compiler here.
  const c = await readCInfo(pkg, options);
  diagnostics.push(...c.diagnostics);
  if (hasErrors(c.diagnostics)) return { pkg, funcs: [], c: undefined, diagnostics };
  const mapped = mapExports(pkg, { pkg, c: c.info, longBits: options.target.goos === 'windows' ? 32 : 64 }, { skipUnsupported: options.skipUnsupported });
  diagnostics.push(...mapped.diagnostics);
  return { pkg, funcs: mapped.funcs, c: c.info, diagnostics };
}

/** Adds `--directive NAME:directive` options to the exports they name, as if written in the doc comments. */
function addDirectives(pkg: GoPackage, specs: readonly string[], diagnostics: Diagnostic[]): GoPackage {
  if (specs.length === 0) return pkg;
  const extra = new Map<string, Directive[]>();
  const pos = filePos('--directive');
  for (const spec of specs) {
    const m = /^([^:\s]+):(\S+)\s*(.*)$/.exec(spec.trim());
    if (!m) {
      diagnostics.push(error('bad-option', `'${spec}' is not NAME:directive; write for example jsonnet_version:borrowed or 'Greeting:free FreeString'`, pos));
      continue;
    }
    const [, name, directive, args] = m as unknown as [string, string, string, string];
    if (!pkg.exports.some((e) => e.name === name)) {
      diagnostics.push(error('bad-option', `'${spec}' names ${name}, which is not exported by this package; check the spelling`, pos));
      continue;
    }
    extra.set(name, [...(extra.get(name) ?? []), { name: directive.replace(/^\/\/bindings:/, ''), args: args.split(/\s+/).filter(Boolean), pos }]);
  }
  const withExtra = (e: ExportedFunc): ExportedFunc => (extra.has(e.name) ? { ...e, directives: [...e.directives, ...extra.get(e.name)!] } : e);
  return { ...pkg, exports: pkg.exports.map(withExtra), files: pkg.files.map((f) => ({ ...f, exports: f.exports.map(withExtra) })) };
}

/**
 * Writes the files atomically and together: each to a temporary file in its directory, then, once all
 * are written, each renamed over its target. A failure before the renames leaves every target as it was.
 */
export function writeFiles(files: readonly GeneratedFile[]): void {
  const temps = files.map((f) => `${f.path}.${process.pid}.tmp`);
  try {
    files.forEach((f, i) => {
      fs.mkdirSync(nodePath.dirname(f.path), { recursive: true });
      fs.writeFileSync(temps[i]!, f.contents);
    });
    files.forEach((f, i) => fs.renameSync(temps[i]!, f.path));
  } catch (e) {
    for (const t of temps) {
      try {
        fs.rmSync(t, { force: true });
      } catch {
        // Its directory could not be made: there is nothing to remove.
      }
    }
    throw e;
  }
}

export { displayPath };
