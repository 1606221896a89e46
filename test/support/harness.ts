import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { GenerateOptions } from 'gen-bindings';
import { formatDiagnostic, generate, writeFiles } from 'gen-bindings';
import { writeOverlay } from '../../packages/generator/src/go/overlay.js';
import { GLUE_FILE_NAME, glueGoSource } from '../../packages/generator/src/go/glue.js';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const FIXTURES = path.join(REPO, 'test/fixtures');
/** Scratch space inside the repository, so that generated modules resolve `@gen-bindings/runtime`. */
export const WORK = path.join(REPO, 'test/.work');

export interface BuiltLibrary {
  readonly dir: string;
  readonly lib: string;
  readonly header: string;
  readonly goFiles: readonly string[];
}

/**
 * Copies a fixture (a directory of .go files, or one file) to a fresh scratch directory `test/.work/<scratch>`
 * (`scratch` defaults to `name`) and builds it with `go build -buildmode=c-shared` into `lib<name>.so`,
 * writing `lib<name>.h` beside it. Test files run in parallel, so two that build the same library name
 * each pass their own `scratch`.
 */
export async function buildGo(fixture: string, name: string, options: { glue?: boolean; scratch?: string; directives?: readonly string[] } = {}): Promise<BuiltLibrary> {
  const src = path.isAbsolute(fixture) ? fixture : path.join(FIXTURES, fixture);
  const dir = path.join(WORK, options.scratch ?? name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  // The package's .go files, with its C headers and sources (which cgo compiles too).
  const files = fs.statSync(src).isDirectory() ? fs.readdirSync(src).filter((f) => /\.(go|h|c)$/.test(f)).map((f) => path.join(src, f)) : [src];
  for (const f of files) fs.copyFileSync(f, path.join(dir, path.basename(f)));
  const goFiles = files.map((f) => path.basename(f)).filter((f) => f.endsWith('.go')).sort();
  // Built as a package (`go build .`), so that build constraints and _test.go files apply as they do for users.
  fs.writeFileSync(path.join(dir, 'go.mod'), `module example.com/${name}\n\ngo 1.21\n`);
  const lib = path.join(dir, `lib${name}.so`);
  // Built the way `gen-bindings build` builds: with the glue for every export that can be bound added
  // through an overlay; a package that cannot be bound at all is built plain.
  let fix: ReturnType<typeof writeOverlay> | undefined;
  if (options.glue !== false) {
    const bound = await generate({ inputs: [dir], cwd: dir, skipUnsupported: true, directives: options.directives ?? [] });
    if (bound.pkg && bound.funcs.length) fix = writeOverlay(dir, { [GLUE_FILE_NAME]: glueGoSource(bound.pkg.name, bound.funcs) });
  }
  try {
    const extra = fix ? ['-overlay', fix.overlay] : [];
    execFileSync('go', ['build', '-buildmode=c-shared', ...extra, '-o', lib, '.'], { cwd: dir, stdio: 'pipe' });
  } finally {
    fix?.cleanup();
  }
  return { dir, lib, header: lib.replace(/\.so$/, '.h'), goFiles };
}

/** Generates the module for a built library next to it and imports it. */
export async function generateAndImport<T>(built: BuiltLibrary, name: string, options: Partial<GenerateOptions> = {}): Promise<T> {
  const out = path.join(built.dir, `${name}${options.int64 === 'bigint' ? '.bigint' : ''}.ts`);
  const lib = path.basename(built.lib).replace(/^lib/, '').replace(/\.so$/, '');
  const result = await generate({ inputs: [built.dir], lib, out, cwd: REPO, ...options });
  if (result.files.length === 0) throw new Error(result.diagnostics.map(formatDiagnostic).join('\n'));
  writeFiles(result.files);
  return (await import(pathToFileURL(out).href)) as T;
}

/** Runs `tsc --noEmit` over files with the repository's strict settings plus extra options. */
export function typecheck(files: readonly string[], extra: Record<string, unknown> = {}): string {
  const dir = fs.mkdtempSync(path.join(WORK, 'tsc-'));
  const config = {
    extends: path.join(REPO, 'tsconfig.base.json'),
    compilerOptions: { noEmit: true, ...extra },
    files: files.map((f) => path.resolve(f)),
  };
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify(config));
  try {
    execFileSync(process.execPath, [path.join(REPO, 'node_modules/typescript/bin/tsc'), '-p', dir], { stdio: 'pipe', cwd: REPO });
    return '';
  } catch (e) {
    return String((e as { stdout?: Buffer }).stdout ?? e);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
