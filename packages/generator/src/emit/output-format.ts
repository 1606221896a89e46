import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import ts from 'typescript';

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
 * is an error); everything else is an ES module.
 */
export function moduleKindOf(out: string, format: OutputFormat): 'esm' | 'cjs' {
  if (format === 'cjs') return 'cjs';
  if (format === 'esm') return 'esm';
  const ext = nodePath.extname(out);
  if (ext === '.cts') return 'cjs';
  if (ext === '.mts') return 'esm';
  return nearestPackage(nodePath.dirname(out))?.type === 'module' ? 'esm' : 'cjs';
}

const COMPILER_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  removeComments: false,
  newLine: ts.NewLineKind.LineFeed,
  isolatedDeclarations: true,
  declaration: true,
  strict: true,
};

/**
 * The declarations tsc emits for the module, with the types of the runtime it imports: the module is
 * compiled as if it stood next to `path` (as `.mts` or `.cts`), so `@gen-bindings/runtime` resolves
 * from the output's project. Undefined when the runtime cannot be resolved from there.
 */
function programDeclarations(path: string, tsText: string, format: 'esm' | 'cjs'): string | undefined {
  const fileName = path.replace(/\.(m|c)?js$/, format === 'esm' ? '.mts' : '.cts');
  const options: ts.CompilerOptions = {
    ...COMPILER_OPTIONS,
    isolatedDeclarations: false,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    emitDeclarationOnly: true,
    skipLibCheck: true,
    noEmitOnError: false,
  };
  const host = ts.createCompilerHost(options);
  const source = ts.createSourceFile(fileName, tsText, ts.ScriptTarget.ES2022, true);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, ...rest) => (name === fileName ? source : getSourceFile(name, ...rest));
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => name === fileName || fileExists(name);
  const program = ts.createProgram([fileName], options, host);
  const runtime = ts.resolveModuleName('@gen-bindings/runtime', fileName, options, host).resolvedModule;
  if (!runtime) return undefined;
  let text: string | undefined;
  program.emit(source, (name, contents) => {
    if (/\.d\.[mc]?ts$/.test(name)) text = contents;
  }, undefined, true);
  return text;
}

/**
 * The files for `format`: the TypeScript module itself, or what tsc emits from it: the JavaScript
 * (ES module or CommonJS) and its declaration file, which keeps the TSDoc. The declarations come from
 * a compilation against the runtime installed where the module goes; without one, from the module
 * alone (exported record and callback types are then `any`; gen-bindings warns that the runtime is
 * missing).
 */
export function formatFiles(path: string, tsText: string, format: OutputFormat): { path: string; contents: string }[] {
  if (format === 'ts') return [{ path, contents: tsText }];
  const fileName = nodePath.basename(path).replace(/\.(m|c)?js$/, (_, m: string | undefined) => `.${m ?? ''}ts`);
  const module = format === 'cjs' ? ts.ModuleKind.CommonJS : ts.ModuleKind.ES2022;
  const js = ts.transpileModule(tsText, { fileName, compilerOptions: { ...COMPILER_OPTIONS, module } }).outputText;
  const dts =
    programDeclarations(path, tsText, format) ?? ts.transpileDeclaration(tsText, { fileName, compilerOptions: { ...COMPILER_OPTIONS, module } }).outputText;
  // tsc leaves the file's first comment out of the declarations: the header goes on both files.
  const header = tsText.slice(0, tsText.indexOf('\n') + 1);
  return [
    { path, contents: js },
    { path: declarationPath(path), contents: dts.startsWith(header) ? dts : `${header}\n${dts}` },
  ];
}
