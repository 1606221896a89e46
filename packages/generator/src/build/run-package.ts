import * as nodePath from 'node:path';
import { writeFiles } from '../generate.js';
import type { Io } from '../commands/shared.js';
import { exportCount, relativePath, reportDiagnostics } from '../commands/shared.js';
import type { Diagnostic } from '../model/diagnostics.js';
import { error, filePos } from '../model/diagnostics.js';
import type { GoPackage } from '../model/ir.js';
import type { BuildIo } from './build-library.js';
import { buildLibrary, formatSeconds } from './build-library.js';
import { unifiedDiff } from './diff.js';
import { GoMissingError, goTarget } from './go.js';
import type { PackageOptions } from './package-options.js';
import { planPackage, readExisting } from './package-options.js';
import { warnIfNoRuntime } from './runtime-check.js';

/** What one cycle did to one package, for the summary line of watch mode. */
export type PackageOutcome =
  | {
      readonly ok: true;
      readonly label: string;
      /** Shown paths of the library (when built) and the module. */
      readonly library: string | undefined;
      readonly module: string;
      readonly built: boolean | undefined;
      readonly wrote: boolean;
      readonly ms: number;
      /** Files this run writes (library, header, module): watch mode ignores their changes. */
      readonly outputs: readonly string[];
    }
  | { readonly ok: false; readonly label: string; readonly outputs: readonly string[] };

export interface RunOptions {
  /** Build the library too (the `build` command); otherwise only generate. */
  readonly build: boolean;
  /** gen-bindings' version, part of the build hash. */
  readonly generatorVersion: string;
  /** Print progress lines (off in watch mode, which prints one line per cycle). */
  readonly verbose: boolean;
}

function buildIo(io: Io, verbose: boolean): BuildIo {
  return {
    stdout: io.stdout,
    stderr: io.stderr,
    log: verbose ? (line) => io.stdout(`gen-bindings: ${line}\n`) : () => {},
    show: (p) => relativePath(io, p),
  };
}

/** Builds (optionally) and generates one package, writing the module only when its text changed. */
export async function runPackage(options: PackageOptions, run: RunOptions, io: Io): Promise<PackageOutcome> {
  const started = performance.now();
  const label = options.inputs.join(' ');
  // The module of a build is for what go build builds ($GOOS, $GOARCH, go env -w); otherwise for this machine.
  const { plan, result } = await planPackage(options, run.build ? await goTarget(options.cwd) : undefined);
  const what = run.build ? 'the bindings step failed; nothing built or written' : 'nothing written';
  const notMain = run.build && result.pkg ? notMainPackage(result.pkg) : undefined;
  if (reportDiagnostics([...result.diagnostics, ...(notMain ? [notMain] : [])], io, what) || !plan) return { ok: false, label, outputs: [] };
  const outputs = [...plan.files.map((f) => f.path), ...(run.build ? [plan.libraryPath, plan.headerPath] : [])];
  const bio = buildIo(io, run.verbose);
  let built: boolean | undefined;
  if (run.build) {
    let lib: Awaited<ReturnType<typeof buildLibrary>>;
    try {
      lib = await buildLibrary(plan, run.generatorVersion, bio);
    } catch (e) {
      if (!(e instanceof GoMissingError)) throw e;
      io.stderr(`gen-bindings: ${e.message}; ${relativePath(io, plan.modulePath)} was not written\n`);
      return { ok: false, label, outputs };
    }
    if (!lib.ok) return { ok: false, label, outputs };
    built = lib.built;
    warnIfUnreachable(plan.libraryPath, plan.modulePath, options, io);
  }
  const mod = relativePath(io, plan.modulePath);
  const wrote = plan.files.some((f) => readExisting(f.path) !== f.contents);
  if (wrote) {
    writeFiles(plan.files);
    bio.log(`wrote ${plan.files.map((f) => relativePath(io, f.path)).join(' and ')} (${exportCount(plan.result)})`);
    warnIfNoRuntime(plan.modulePath, io);
  } else {
    bio.log(`${mod} is up to date`);
  }
  return { ok: true, label, library: run.build ? relativePath(io, plan.libraryPath) : undefined, module: mod, built, wrote, ms: performance.now() - started, outputs };
}

/**
 * go build -buildmode=c-shared builds package main only, and says so without a place; this says where
 * and what to change, before Go runs. (Generating from another package is fine: a main package that
 * imports it exports its functions too.)
 */
export function notMainPackage(pkg: GoPackage): Diagnostic | undefined {
  if (pkg.name === 'main' || pkg.name === '') return undefined;
  const file = pkg.files.find((f) => f.packageName === pkg.name && f.exports.length > 0) ?? pkg.files.find((f) => f.packageName === pkg.name);
  if (!file) return undefined;
  const message = `package ${pkg.name} is not main; a c-shared library is built from package main (rename it, and add func main() {})`;
  return error('not-main', message, file.packageNamePos ?? filePos(file.path));
}

function warnIfUnreachable(libraryPath: string, modulePath: string, options: PackageOptions, io: Io): void {
  if (nodePath.dirname(libraryPath) === nodePath.dirname(modulePath) || options.platformPackages?.length) return;
  io.stderr(
    `gen-bindings: warning: ${relativePath(io, libraryPath)} is not next to ${relativePath(io, modulePath)}, so the module will not find it; ` +
      'add --platform-package for the package that ships it, or set GEN_BINDINGS_LIB_<NAME> when running\n',
  );
}

/** One line summing up a watch cycle: `12:03:04 gen-bindings: libsum.go: built libsum.so, wrote libsum.ts (1.2 s)`. */
export function cycleLine(o: PackageOutcome, now = new Date()): string {
  const time = now.toTimeString().slice(0, 8);
  if (!o.ok) return `${time} gen-bindings: ${o.label}: failed (see above); waiting for changes\n`;
  const parts: string[] = [];
  if (o.built === true) parts.push(`built ${o.library}`);
  else if (o.built === false) parts.push(`${o.library} up to date`);
  parts.push(o.wrote ? `wrote ${o.module}` : `${o.module} up to date`);
  return `${time} gen-bindings: ${o.label}: ${parts.join(', ')} (${formatSeconds(o.ms)})\n`;
}

/**
 * `--check`: generates in memory and compares with the module on disk. Prints a unified diff and
 * returns false when the module is stale or missing; writes nothing.
 */
export async function checkPackage(options: PackageOptions, io: Io, fixCommand: string, build: boolean): Promise<boolean | 'error'> {
  const { plan, result } = await planPackage(options, build ? await goTarget(options.cwd) : undefined);
  if (reportDiagnostics(result.diagnostics, io, 'nothing checked') || !plan) return 'error';
  let upToDate = true;
  for (const f of plan.files) {
    const shown = relativePath(io, f.path);
    const existing = readExisting(f.path);
    if (existing === f.contents) {
      io.stdout(`gen-bindings: ${shown} is up to date\n`);
      continue;
    }
    upToDate = false;
    if (existing === undefined) {
      io.stderr(`gen-bindings: ${shown} does not exist; run ${fixCommand} to generate it (nothing written)\n`);
      continue;
    }
    io.stdout(unifiedDiff(existing, f.contents, `${shown} (on disk)`, `${shown} (generated)`));
    io.stderr(`gen-bindings: ${shown} is stale; run ${fixCommand} and commit the result (nothing written)\n`);
  }
  return upToDate;
}
