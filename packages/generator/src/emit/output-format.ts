import * as fs from 'node:fs';
import * as nodePath from 'node:path';

/** What `-o` writes: TypeScript, or JavaScript (ES module or CommonJS) with a declaration file beside it. */
export type OutputFormat = 'ts' | 'esm' | 'cjs';

export const OUTPUT_FORMATS: readonly OutputFormat[] = ['ts', 'esm', 'cjs'];

/** The extensions each format may be written with; the first is the default. */
const EXTENSIONS: Record<OutputFormat, readonly string[]> = {
  ts: ['.ts', '.mts', '.cts'],
  esm: ['.js', '.mjs'],
  cjs: ['.cjs', '.js'],
};

/** The declaration file for a JavaScript module: `x.d.ts` for `x.js`, `x.d.mts` for `x.mjs`, `x.d.cts` for `x.cjs`. */
export function declarationPath(modulePath: string): string {
  return modulePath.replace(/\.(m|c)?js$/, (_, m: string | undefined) => `.d.${m ?? ''}ts`);
}

/**
 * The format an output path asks for, or with `--format` the one given when the extension allows it.
 * Returns a message saying what to write instead when they disagree or the extension is not a module's.
 */
export function outputFormat(out: string, format: OutputFormat | undefined, shown = out): { format: OutputFormat } | { message: string } {
  const ext = nodePath.extname(out);
  if (format !== undefined) {
    if (EXTENSIONS[format].includes(ext)) return { format };
    return { message: `--format ${format} writes ${EXTENSIONS[format].join(' or ')}, not ${ext || 'a file without an extension'}; name the output ${nodePath.basename(out, ext)}${EXTENSIONS[format][0]}` };
  }
  const found = OUTPUT_FORMATS.find((f) => EXTENSIONS[f].includes(ext) && EXTENSIONS[f][0] === ext) ?? OUTPUT_FORMATS.find((f) => EXTENSIONS[f].includes(ext));
  if (found) return { format: found };
  return { message: `-o ${shown}: the extension says what to write; use .ts, .mts or .cts (TypeScript), .js or .mjs (ES module and .d.ts), or .cjs (CommonJS and .d.cts)` };
}

/** The default output extension for a format, when no `-o` is given. */
export function defaultExtension(format: OutputFormat): string {
  return format === 'ts' ? '.ts' : format === 'esm' ? '.mjs' : '.cjs';
}

/** The directory of the nearest package.json above `dir` (itself included), and its `type`. */
export function nearestPackage(dir: string): { root: string; type: string | undefined } | undefined {
  for (let d = dir; ; d = nodePath.dirname(d)) {
    const file = nodePath.join(d, 'package.json');
    if (fs.existsSync(file)) {
      try {
        const type = (JSON.parse(fs.readFileSync(file, 'utf8')) as { type?: unknown }).type;
        return { root: d, type: typeof type === 'string' ? type : undefined };
      } catch {
        return { root: d, type: undefined };
      }
    }
    if (nodePath.dirname(d) === d) return undefined;
  }
}

/**
 * Whether the module at `out` runs as CommonJS: `.cjs`, `.cts` and `--format cjs` do; `.ts` does in a
 * package without `"type": "module"` (tsc with NodeNext compiles it to CommonJS, where `import.meta`
 * is an error); everything else is an ES module. `packageType` is the `type` of the nearest
 * package.json above `out` (see {@link nearestPackage}).
 */
export function moduleKindOf(out: string, format: OutputFormat, packageType: string | undefined): 'esm' | 'cjs' {
  if (format === 'cjs') return 'cjs';
  if (format === 'esm') return 'esm';
  const ext = nodePath.extname(out);
  if (ext === '.cts') return 'cjs';
  if (ext === '.mts') return 'esm';
  return packageType === 'module' ? 'esm' : 'cjs';
}

/**
 * The files for `format`: the TypeScript module itself, or what tsc emits from it (see
 * emit/compile-js.ts, loaded only then: the typescript package takes longer to load than the whole
 * generator otherwise).
 */
export async function formatFiles(path: string, tsText: string, format: OutputFormat): Promise<{ path: string; contents: string }[]> {
  if (format === 'ts') return [{ path, contents: tsText }];
  const { compileFiles } = await import('./compile-js.js');
  return compileFiles(path, tsText, format);
}
