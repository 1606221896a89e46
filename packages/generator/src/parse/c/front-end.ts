// The C front end: the preambles of a package, preprocessed by the target's C compiler with the
// package's #cgo flags, read by tree-sitter-c. No regular expression reads C here.
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import type { CDeclarations, COrigin } from '../../model/c-decls.js';
import type { Diagnostic, Position } from '../../model/diagnostics.js';
import { error } from '../../model/diagnostics.js';
import type { BuildTarget } from '../build-constraints.js';
import { discardCgoDirectives, readCgoFlags } from './cgo-directives.js';
import { compilerCommand, firstCompilerError, gccArchArgs, runCompiler } from './compiler.js';
import { DeclarationReader, lineMap } from './declarations.js';
import { displayPath } from '../package.js';
import { cParser } from './tree-sitter.js';

/** The `import "C"` preamble of one Go file. */
export interface PreambleSource {
  /** The Go file, as diagnostics name it (relative to the working directory). */
  readonly path: string;
  /** The line of the Go file where the preamble's text starts (from 1). */
  readonly line: number;
  readonly text: string;
}

export interface CFrontEndOptions {
  readonly target: BuildTarget;
  /** The package directory, absolute: the compiler runs there, as go build runs it. */
  readonly pkgDir: string;
  /** The C compiler command (`--cc`); `$CC` or `cc` otherwise. */
  readonly cc?: string | undefined;
  /** Give the compiler go build's flags for the target's architecture first (`-m32` for 386; see gccArchArgs). */
  readonly archFlags?: boolean | undefined;
}

/** What the compiler needs to see the preambles again (for probes): the translation unit and its flags. */
export interface CUnit {
  readonly command: readonly string[];
  readonly flags: readonly string[];
  readonly text: string;
  readonly cwd: string;
}

// What cgo puts before every preamble (cmd/cgo/out.go, builtinProlog): preambles may use these.
const PROLOG = '#line 1 "cgo-builtin-prolog"\n#include <stddef.h>\ntypedef struct { const char *p; ptrdiff_t n; } _GoString_;\n';

/** The module root above `dir` (where go.mod is), or `dir` itself: headers under it are the package's own. */
function moduleRoot(dir: string): string {
  for (let d = dir; ; d = nodePath.dirname(d)) {
    if (fs.existsSync(nodePath.join(d, 'go.mod'))) return d;
    if (nodePath.dirname(d) === d) return dir;
  }
}

/**
 * Where a compiler error lies, for a diagnostic. In a Go file (the preamble, through `#line`) the
 * compiler's column counts within the comment's text, not the file's line, and a line past the
 * preamble (an unterminated construct) is not the Go file's: such a position becomes the preamble
 * line's start, within the preamble. Positions in headers stay as the compiler gives them.
 */
export function compilerErrorPosition(e: { file: string; line: number; column: number }, sources: readonly PreambleSource[]): Position {
  const s = sources.find((x) => x.path === e.file);
  if (!s) return { file: e.file, line: e.line, column: e.column };
  const last = s.line + s.text.split('\n').length - 1;
  return { file: e.file, line: Math.min(Math.max(e.line, s.line), last), column: 1 };
}

/** The translation unit cgo's exported header amounts to: the prolog, then each preamble at its Go line. */
export function translationUnit(sources: readonly PreambleSource[]): string {
  return PROLOG + sources.map((s) => `#line ${s.line} ${JSON.stringify(s.path)}\n${discardCgoDirectives(s.text)}\n`).join('');
}

/**
 * Preprocesses and parses the preambles. Diagnostics name the Go file and line for a preamble that
 * does not compile, and say what to install when there is no C compiler.
 */
export async function readCDeclarations(sources: readonly PreambleSource[], options: CFrontEndOptions): Promise<{ decls: CDeclarations | undefined; unit: CUnit | undefined; diagnostics: Diagnostic[] }> {
  const diagnostics: Diagnostic[] = [];
  const flags: string[] = options.archFlags ? gccArchArgs(options.target) : [];
  for (const s of sources) {
    const { flags: f, problems } = readCgoFlags(s.text, options.target, options.pkgDir);
    flags.push(...f.cppflags, ...f.cflags);
    for (const p of problems) diagnostics.push(error('cgo-flags', p.message, { file: s.path, line: s.line + p.line - 1, column: 1 }));
  }
  flags.push('-I', options.pkgDir);
  const command = compilerCommand(options.cc);
  const text = translationUnit(sources);
  const run = runCompiler(command, ['-E', '-dD', '-w', ...flags, '-x', 'c', '-'], text, options.pkgDir);
  const where = sources[0] ? { file: sources[0].path, line: sources[0].line, column: 1 } : undefined;
  if (!run.ok) {
    if (run.reason === 'timeout') {
      diagnostics.push(error('c-preamble', `the C compiler ${run.stderr} preprocessing the preamble; simplify the C declarations`, where));
    } else if (run.reason === 'missing') {
      diagnostics.push(error('no-c-compiler', `the C compiler '${command.join(' ')}' could not be started (${run.stderr}); the preamble's C types need one: install a C compiler (cc, gcc or clang), or name it with --cc or $CC`, where));
    } else {
      const e = firstCompilerError(run.stderr);
      const pos: Position | undefined = e ? compilerErrorPosition(e, sources) : where;
      diagnostics.push(error('c-preamble', `the C compiler rejects the preamble: ${e?.message ?? run.stderr.trim().split('\n')[0] ?? 'no message'}; fix the C code or the #cgo CFLAGS`, pos));
    }
    return { decls: undefined, unit: undefined, diagnostics };
  }
  const lines = lineMap(run.stdout);
  const root = moduleRoot(options.pkgDir);
  const goFiles = new Set(sources.map((s) => s.path));
  const classify = (row: number): { origin: COrigin; pos: Position } => {
    const at = lines.at(row);
    // `<built-in>`, `<command-line>`, cgo's prolog: the compiler's own.
    if (/^<.*>$/.test(at.file) || at.file === 'cgo-builtin-prolog') return { origin: 'system', pos: { file: at.file, line: at.line, column: 1 } };
    if (goFiles.has(at.file)) return { origin: 'preamble', pos: { file: at.file, line: at.line, column: 1 } };
    const abs = nodePath.resolve(options.pkgDir, at.file);
    const inModule = !at.system && !nodePath.relative(root, abs).startsWith('..');
    return { origin: inModule ? 'package' : 'system', pos: { file: displayPath(abs, process.cwd()), line: at.line, column: 1 } };
  };
  const reader = new DeclarationReader(classify);
  const tree = (await cParser()).parse(reader.takeDirectives(run.stdout));
  if (!tree) return { decls: undefined, unit: undefined, diagnostics: [...diagnostics, error('c-preamble', 'tree-sitter could not parse the preprocessed preamble', where)] };
  const decls = reader.read(tree);
  tree.delete();
  return { decls, unit: { command, flags, text, cwd: options.pkgDir }, diagnostics };
}
