import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { GLUE_FILE_NAME, GLUE_PREFIX, glueGoSource } from '../go/glue.js';
import { writeOverlay } from '../go/overlay.js';
import { hashBuildInputs, isUpToDate, writeStamp } from './cache.js';
import { goEnv, goListDeps, goStreaming, goVersion, goVersionWarning } from './go.js';
import type { PackagePlan } from './package-options.js';
import { packageGoFlags } from './package-options.js';

/** Where the build step's messages go; `stdout`/`stderr` also carry Go's own output, unchanged. */
export interface BuildIo {
  readonly stdout: (s: string) => void;
  readonly stderr: (s: string) => void;
  /** One progress line (without the `gen-bindings: ` prefix); watch mode drops them. */
  readonly log: (line: string) => void;
  /** Path as shown to the user. */
  readonly show: (absPath: string) => string;
}

export type LibraryOutcome = { readonly ok: true; readonly built: boolean; readonly ms: number } | { readonly ok: false };

let warnedAboutGo = false;

/** How `go build` is invoked for a plan: in which directory, on what. */
function goTargets(plan: PackagePlan, gomod: string): { cwd: string; targets: string[]; files: boolean } {
  const inModule = gomod !== '' && gomod !== '/dev/null' && gomod !== 'NUL';
  if (plan.packageDir !== undefined && inModule) return { cwd: plan.packageDir, targets: ['.'], files: false };
  // Files named on the command line (or a directory outside any module) build as `go build a.go b.go`.
  const cwd = plan.packageDir ?? nodePath.dirname(plan.goFiles[0]!);
  return { cwd, targets: plan.goFiles.map((f) => nodePath.relative(cwd, f).split(nodePath.sep).join('/')), files: true };
}

/**
 * The library step of `build`: skips when nothing it is built from changed since the last build,
 * else runs `go build -buildmode=c-shared` with the glue (go/glue.ts) added through `-overlay`, streams Go's output through, and moves the library and header into place.
 */
export async function buildLibrary(plan: PackagePlan, generatorVersion: string, io: BuildIo): Promise<LibraryOutcome> {
  const started = performance.now();
  const probeDir = plan.packageDir ?? nodePath.dirname(plan.goFiles[0]!);
  const [version, env] = await Promise.all([goVersion(probeDir), goEnv(probeDir)]);
  const warning = goVersionWarning(version.version);
  if (warning && !warnedAboutGo) {
    warnedAboutGo = true;
    io.stderr(`gen-bindings: ${warning}\n`);
  }
  const { cwd, targets, files } = goTargets(plan, env['GOMOD'] ?? '');
  const goFlags = packageGoFlags(plan.options);
  // Files added to the package through `go build -overlay`, never written into the user's tree.
  const added = { [GLUE_FILE_NAME]: glueGoSource(plan.result.pkg!.name, plan.result.funcs) };
  const packages = await goListDeps(cwd, [...goFlags.filter((f) => /^-(tags|mod|modfile)=/.test(f)), ...targets]);
  const hash = hashBuildInputs({
    generatorVersion,
    goVersion: version.text,
    goEnv: env,
    goArgs: [...goFlags, ...targets, `lib:${nodePath.basename(plan.libraryPath)}`],
    added: Object.entries(added).map(([name, text]) => `${name}\n${text}`).join('\n'),
    packages,
    outputs: [plan.headerPath, plan.libraryPath],
  });
  const lib = io.show(plan.libraryPath);
  if (isUpToDate(plan.libraryPath, hash)) {
    io.log(`${lib} is up to date; skipped go build (no change in the Go sources, go.mod/go.sum, Go version or flags)`);
    return { ok: true, built: false, ms: performance.now() - started };
  }

  const fromGoCwd = (p: string): string => nodePath.relative(cwd, p).split(nodePath.sep).join('/');
  const shown = ['go', 'build', '-buildmode=c-shared', ...goFlags, '-o', fromGoCwd(plan.libraryPath), ...targets].map(quoteArg).join(' ');
  io.log(`building ${lib}: ${shown}${io.show(cwd) === '.' ? '' : ` (in ${io.show(cwd)})`}`);
  const libDir = nodePath.dirname(plan.libraryPath);
  fs.mkdirSync(libDir, { recursive: true });
  const ext = nodePath.extname(plan.libraryPath);
  const tmpLib = nodePath.join(libDir, `.${nodePath.basename(plan.libraryPath, ext)}.${process.pid}.tmp${ext}`);
  const tmpHeader = tmpLib.slice(0, -ext.length) + '.h';
  const { overlay, cleanup } = writeOverlay(cwd, added);
  try {
    const args = ['build', '-buildmode=c-shared', `-overlay=${overlay}`, ...goFlags, '-o', tmpLib, ...targets, ...(files ? Object.keys(added) : [])];
    const code = await goStreaming(args, cwd, io);
    if (code !== 0) {
      const where = io.show(cwd) === '.' ? '' : ` (Go's paths are relative to ${io.show(cwd)})`;
      io.stderr(
        `gen-bindings: step 'go build' failed with exit code ${code}${where}; fix the Go errors above and run again. ` +
          `${io.show(plan.modulePath)} was not written and ${lib} was left as it was\n`,
      );
      return { ok: false };
    }
    // Renaming over the old library, never writing into it, keeps processes that have it loaded safe.
    stripGlueFromHeader(tmpHeader);
    fs.renameSync(tmpHeader, plan.headerPath);
    fs.renameSync(tmpLib, plan.libraryPath);
  } finally {
    cleanup();
    fs.rmSync(tmpLib, { force: true });
    fs.rmSync(tmpHeader, { force: true });
  }
  writeStamp(plan.libraryPath, hash);
  const ms = performance.now() - started;
  io.log(`built ${lib} in ${formatSeconds(ms)}`);
  return { ok: true, built: true, ms };
}

/**
 * Drops the glue's prototypes and result structs from the header, so that the header is the one a
 * plain `go build` writes: C callers never need them, and `check-abi` compares the header with the bindings.
 */
function stripGlueFromHeader(header: string): void {
  let text: string;
  try {
    text = fs.readFileSync(header, 'utf8');
  } catch {
    return;
  }
  const kept: string[] = [];
  let inGlueStruct = false;
  for (const line of text.split('\n')) {
    if (line.startsWith(`/* Return type for ${GLUE_PREFIX}`) || line.startsWith(`struct ${GLUE_PREFIX}`)) inGlueStruct = true;
    if (inGlueStruct) {
      if (line.startsWith('};')) inGlueStruct = false;
      continue;
    }
    if (line.startsWith('extern ') && line.includes(` ${GLUE_PREFIX}`)) continue;
    kept.push(line);
  }
  fs.writeFileSync(header, kept.join('\n'));
}

export function formatSeconds(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

function quoteArg(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, "'\\''")}'`;
}
