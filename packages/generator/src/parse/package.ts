import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as nodePath from 'node:path';
import type FastGlob from 'fast-glob';
import { GLUE_FILE_NAME } from '../model/glue-names.js';
import type { Diagnostic } from '../model/diagnostics.js';
import { error, filePos } from '../model/diagnostics.js';
import type { CTypedef, GoFile, GoPackage, TypeDecl } from '../model/ir.js';
import { closestName } from '../suggest.js';
import type { BuildTarget } from './build-constraints.js';
import { buildConstraint, evalBuildExpr, fileNameMatches } from './build-constraints.js';
import { parseGoFile } from './parse-file.js';
import { readPreamble } from './preamble.js';
import { readGoSource } from './source-text.js';

/** A Go source file to parse: `path` is how diagnostics name it (relative to the working directory). */
export interface SourceText {
  readonly path: string;
  readonly text: string;
}

/** Characters that make an input a glob rather than a path. */
export const GLOB_CHARS = /[*?[\]{}]/;

// Loaded on first use: fast-glob takes ~45 ms of CPU to load, a tenth of a cold CLI run, and only
// glob inputs need it (bench/README.md).
let fastGlob: typeof FastGlob | undefined;
function glob(): typeof FastGlob {
  fastGlob ??= createRequire(import.meta.url)('fast-glob') as typeof FastGlob;
  return fastGlob;
}

/** Display form of a path: relative to `cwd` with forward slashes, as compilers print them. */
export function displayPath(path: string, cwd: string): string {
  const rel = nodePath.relative(cwd, nodePath.resolve(cwd, path));
  return (rel === '' ? '.' : rel).split(nodePath.sep).join('/');
}

/**
 * Turns the user's inputs (files, directories, globs) into the source files of one package.
 * A directory means its non-test `.go` files that build for `target`; files named explicitly are
 * always taken, as `go build file.go` does.
 */
export function readInputs(inputs: readonly string[], cwd: string, target: BuildTarget): { sources: SourceText[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const files: string[] = [];
  const seen = new Set<string>();
  const add = (abs: string): void => {
    if (!seen.has(abs)) {
      seen.add(abs);
      files.push(abs);
    }
  };
  const buildsForTarget = (abs: string, text: string): boolean => {
    if (!fileNameMatches(nodePath.basename(abs), target)) return false;
    const expr = buildConstraint(text);
    return expr === undefined || evalBuildExpr(expr, target) !== false;
  };
  const texts = new Map<string, string>();

  if (inputs.length === 0) diagnostics.push(error('no-input', 'no Go input given; pass a .go file, a package directory or a glob'));
  for (const input of inputs) {
    const abs = nodePath.resolve(cwd, input);
    if (GLOB_CHARS.test(input) && !fs.existsSync(abs)) {
      const matches = glob().sync(input.split(nodePath.sep).join('/'), { cwd, absolute: true, onlyFiles: true }).filter((f) => f.endsWith('.go')).sort();
      if (matches.length === 0) diagnostics.push(error('no-input', `no Go files match the glob '${input}'; check the pattern`));
      for (const m of matches.map((g) => nodePath.normalize(g))) {
        const text = readGoSource(m);
        if (buildsForTarget(m, text)) {
          texts.set(m, text);
          add(m);
        }
      }
      continue;
    }
    let stat: fs.Stats;
    try {
      stat = fs.statSync(abs);
    } catch {
      const meant = closestExistingPath(input, cwd);
      const fix = meant === undefined ? 'check the path' : `did you mean ${displayPath(meant, cwd)}?`;
      diagnostics.push(error('no-input', `no such file or directory; ${fix}`, filePos(displayPath(input, cwd))));
      continue;
    }
    if (stat.isDirectory()) {
      const names = fs.readdirSync(abs, { withFileTypes: true }).filter((e) => e.isFile() && e.name.endsWith('.go')).map((e) => e.name).sort();
      let taken = 0;
      for (const n of names) {
        const f = nodePath.join(abs, n);
        const text = readGoSource(f);
        if (buildsForTarget(f, text)) {
          texts.set(f, text);
          add(f);
          taken++;
        }
      }
      if (taken === 0) diagnostics.push(error('no-input', `no Go files in this directory build for ${target.goos}/${target.goarch}; pass a package directory with .go files`, filePos(displayPath(input, cwd))));
    } else {
      if (!abs.endsWith('.go')) {
        diagnostics.push(error('no-input', 'not a Go source file; pass a .go file, a package directory or a glob', filePos(displayPath(input, cwd))));
        continue;
      }
      texts.set(abs, readGoSource(abs));
      add(abs);
    }
  }
  return { sources: files.map((f) => ({ path: displayPath(f, cwd), text: texts.get(f)! })), diagnostics };
}

/**
 * The existing path `input` most likely means, with each missing part replaced by the closest name in
 * its directory (`libsun.go` → `libsum.go`, `exmaples/libsum` → `examples/libsum`); undefined when a
 * part has no close name.
 */
export function closestExistingPath(input: string, cwd: string): string | undefined {
  const abs = nodePath.resolve(cwd, input);
  const { root } = nodePath.parse(abs);
  let at = root;
  for (const part of abs.slice(root.length).split(nodePath.sep).filter(Boolean)) {
    let next = nodePath.join(at, part);
    if (!fs.existsSync(next)) {
      let names: string[];
      try {
        names = fs.readdirSync(at).sort();
      } catch {
        return undefined;
      }
      const meant = closestName(part, names);
      if (meant === undefined) return undefined;
      next = nodePath.join(at, meant);
    }
    at = next;
  }
  return at === abs ? undefined : at;
}

/** Parses the files of one package and gathers what the mapper needs across files. */
export function parsePackage(sources: readonly SourceText[]): { pkg: GoPackage; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const files: GoFile[] = [];
  // The glue, saved into the package by someone who builds it themselves, is gen-bindings' own file.
  for (const s of sources.filter((x) => nodePath.basename(x.path) !== GLUE_FILE_NAME)) {
    const r = parseGoFile(s.text, s.path);
    files.push(r.file);
    diagnostics.push(...r.diagnostics);
  }
  const first = files.find((f) => f.packageName);
  for (const f of files) {
    if (first && f.packageName && f.packageName !== first.packageName) {
      diagnostics.push(error('package-mismatch', `file is in package ${f.packageName} but ${first.path} is in package ${first.packageName}; pass the files of one package`, filePos(f.path)));
    }
  }
  const types = new Map<string, TypeDecl>();
  const cTypedefs = new Map<string, CTypedef>();
  const cTags = new Set<string>();
  for (const f of files) {
    for (const t of f.types) if (!types.has(t.name)) types.set(t.name, t);
    if (f.importsC) {
      const info = readPreamble(f.preamble);
      for (const t of info.typedefs) cTypedefs.set(t.name, t);
      for (const t of info.tags) cTags.add(t);
    }
  }
  return {
    pkg: {
      name: first?.packageName ?? '', files, exports: files.flatMap((f) => f.exports), types, cTypedefs, cTags,
      hasSyntaxErrors: diagnostics.some((d) => d.severity === 'error'),
    },
    diagnostics,
  };
}
