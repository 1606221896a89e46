// Measures the items of layout.ts with the C compiler against the header cgo wrote, compile-only: the
// header is included as a C file of the package would include it, each fact is a constant in the same
// file, compiled with `cc -S`, and read back from the assembly (parse/c/probe.ts). Nothing is linked or
// run: a preamble whose functions call the exports or a library links nowhere here, and a cross
// compiler (x86_64-w64-mingw32-gcc, zig cc -target ...) works as well as the host's.
import { spawnSync } from 'node:child_process';
import * as nodePath from 'node:path';
import type { Diagnostic } from '../model/diagnostics.js';
import { error } from '../model/diagnostics.js';
import type { GoPackage } from '../model/ir.js';
import type { BuildTarget } from '../parse/build-constraints.js';
import { readCgoFlags, splitQuoted } from '../parse/c/cgo-directives.js';
import type { CompilerRun } from '../parse/c/compiler.js';
import type { CompilerTarget } from '../parse/c/compiler-target.js';
import { TARGET_MACROS, TARGET_REQUESTS, compilerTargetOf } from '../parse/c/compiler-target.js';
import type { ProbeRequest } from '../parse/c/probe.js';
import { probe } from '../parse/c/probe.js';
import type { LayoutField, LayoutItem } from './layout.js';

export interface MeasureOptions {
  /** The C compiler command, with its own flags (`['gcc', '-m32']`). */
  readonly command: readonly string[];
  /** The package's #cgo CPPFLAGS and CFLAGS for the target, then include directories. */
  readonly flags: readonly string[];
  /** The header, absolute. */
  readonly header: string;
  /** The package directory, where the compiler runs (as go build runs it): the header's `#line` names are relative to it. */
  readonly cwd: string;
}

export type Measurement =
  | {
      readonly ok: true;
      /** What the compiler says, by C spelling; fields it could not measure are absent. */
      readonly measured: ReadonlyMap<string, LayoutItem>;
      /** Items whose size or alignment the compiler rejected (a spelling the header does not declare, an incomplete type). */
      readonly unmeasured: readonly LayoutItem[];
      readonly target: CompilerTarget;
    }
  /** `unreadable`: the compiler ran, but its assembly held none of the constants (not GNU-style assembly). */
  | { readonly ok: false; readonly reason: Extract<CompilerRun, { ok: false }>['reason'] | 'unreadable'; readonly stderr: string };

/** The translation unit: what a C file of the package that uses the library starts with. */
export function measuringUnit(header: string): string {
  return `#include <stddef.h>\n#include ${JSON.stringify(header)}\n${TARGET_MACROS}`;
}

/** The requests for `items`; ids are `<item index>.<what>` and `<item index>.<field index>.<what>`. */
export function layoutRequests(items: readonly LayoutItem[]): ProbeRequest[] {
  const requests: ProbeRequest[] = [...TARGET_REQUESTS];
  items.forEach((it, i) => {
    requests.push({ id: `${i}.size`, kind: 'int', expr: `sizeof(${it.c})` }, { id: `${i}.align`, kind: 'int', expr: `_Alignof(${it.c})` });
    if (it.signed !== undefined) requests.push({ id: `${i}.signed`, kind: 'int', expr: `((${it.c})-1 < (${it.c})0)` });
    it.fields.forEach((f, j) => {
      requests.push(
        { id: `${i}.${j}.offset`, kind: 'int', expr: `offsetof(${it.c}, ${f.name})` },
        { id: `${i}.${j}.size`, kind: 'int', expr: `sizeof(((${it.c} *)0)->${f.name})` },
      );
    });
  });
  return requests;
}

/** Measures `items` with the compiler; never throws. */
export function measureLayouts(items: readonly LayoutItem[], options: MeasureOptions): Measurement {
  const result = probe(options.command, options.flags, measuringUnit(options.header), options.cwd, layoutRequests(items));
  if (result.failure) return { ok: false, reason: result.failure.reason, stderr: result.failure.stderr };
  const int = (id: string): number | undefined => {
    const v = result.values.get(id);
    return v?.kind === 'int' ? Number(v.value) : undefined;
  };
  const target = compilerTargetOf(result.values);
  if (target.pointerSize === undefined) return { ok: false, reason: 'unreadable', stderr: '' };

  const measured = new Map<string, LayoutItem>();
  const unmeasured: LayoutItem[] = [];
  items.forEach((it, i) => {
    const size = int(`${i}.size`);
    const align = int(`${i}.align`);
    if (size === undefined || align === undefined) {
      unmeasured.push(it);
      return;
    }
    const signed = int(`${i}.signed`);
    const fields: LayoutField[] = [];
    it.fields.forEach((f, j) => {
      const offset = int(`${i}.${j}.offset`);
      const fieldSize = int(`${i}.${j}.size`);
      if (offset !== undefined && fieldSize !== undefined) fields.push({ name: f.name, offset, size: fieldSize });
    });
    measured.set(it.c, { c: it.c, size, align, signed: signed === undefined ? undefined : signed !== 0, fields });
  });
  return { ok: true, measured, unmeasured, target };
}

/**
 * The flags go build gives the C compiler for this package and target: `$CGO_CPPFLAGS`, `$CGO_CFLAGS`,
 * then the `#cgo CPPFLAGS`/`CFLAGS` lines of every file that builds for the target (and
 * `pkg-config --cflags` of its `#cgo pkg-config` lines), then the package directory as an include path.
 */
export function packageCFlags(pkg: GoPackage, target: BuildTarget, pkgDir: string): { flags: string[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const env = (name: string): string[] => splitQuoted(process.env[name] ?? '') ?? [];
  const cppflags = env('CGO_CPPFLAGS');
  const cflags = env('CGO_CFLAGS');
  const pkgConfig: string[] = [];
  for (const f of pkg.files) {
    if (!f.importsC) continue;
    const { flags, problems } = readCgoFlags(f.preamble, target, pkgDir);
    cppflags.push(...flags.cppflags);
    cflags.push(...flags.cflags);
    pkgConfig.push(...flags.pkgConfig);
    for (const p of problems) diagnostics.push(error('cgo-flags', p.message, { file: f.path, line: f.preambleLine + p.line - 1, column: 1 }));
  }
  if (pkgConfig.length) {
    const exe = process.env['PKG_CONFIG'] || 'pkg-config';
    const r = spawnSync(exe, ['--cflags', ...pkgConfig], { cwd: pkgDir, encoding: 'utf8', timeout: 60_000 });
    const out = r.status === 0 ? splitQuoted(r.stdout.trim()) : undefined;
    if (out) cppflags.push(...out);
    else {
      const why = r.error ? String((r.error as NodeJS.ErrnoException).code ?? r.error.message) : (r.stderr ?? '').trim().split('\n')[0];
      const file = pkg.files.find((f) => f.importsC && /^\s*#cgo\b.*\bpkg-config:/m.test(f.preamble));
      diagnostics.push(error('cgo-flags', `${exe} --cflags ${pkgConfig.join(' ')} failed (${why}); install the packages' .pc files or set PKG_CONFIG_PATH`, file ? { file: file.path, line: file.preambleLine, column: 1 } : undefined));
    }
  }
  return { flags: [...cppflags, ...cflags, '-I', nodePath.resolve(pkgDir)], diagnostics };
}
