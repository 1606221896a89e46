import * as nodePath from 'node:path';
import ts from 'typescript';
import { declarationPath } from './output-format.js';

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
export function compileFiles(path: string, tsText: string, format: 'esm' | 'cjs'): { path: string; contents: string }[] {
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
