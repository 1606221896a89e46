import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CLI, REPO, WORK } from './prepare.js';
import { writeLargeGoFile, writeLargePreamblePackage } from './large-inputs.js';
import { writeSyntheticPackage } from './synthetic.js';

const TIME = '/usr/bin/time';
const PRELOAD = path.join(path.dirname(new URL(import.meta.url).pathname), 'rusage-preload.cjs');

export interface ProcessRun {
  /** Wall time of the spawned process, ms. */
  readonly wallMs: number;
  /** User + system CPU time, ms. */
  readonly cpuMs: number;
  /** Peak resident set size, MiB. */
  readonly peakMiB: number;
}

/**
 * Runs `node args...` as a child process and measures it: wall time here, CPU time and peak RSS from
 * GNU time when the machine has it, else from process.resourceUsage() in a preloaded exit hook.
 */
export function runNode(args: readonly string[]): ProcessRun {
  const out = path.join(WORK, `rusage-${process.pid}.txt`);
  fs.rmSync(out, { force: true });
  const useTime = fs.existsSync(TIME);
  const [cmd, argv] = useTime
    ? [TIME, ['-f', '%U %S %M', '-o', out, process.execPath, ...args]]
    : [process.execPath, ['--require', PRELOAD, ...args]];
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, argv, { cwd: REPO, encoding: 'utf8', env: { ...process.env, BENCH_RUSAGE_OUT: out } });
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited with ${r.status}:\n${r.stderr}`);
  const [user, sys, maxKiB] = fs.readFileSync(out, 'utf8').trim().split(/\s+/).slice(-3).map(Number) as [number, number, number];
  fs.rmSync(out, { force: true });
  // GNU time reports seconds and KiB; the preload hook writes the same units.
  return { wallMs, cpuMs: (user + sys) * 1000, peakMiB: maxKiB / 1024 };
}

function medianBy(runs: readonly ProcessRun[], key: keyof ProcessRun): number {
  const s = runs.map((r) => r[key]).sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export interface ProcessSummary extends ProcessRun {
  readonly runs: number;
}

function summarize(runs: readonly ProcessRun[]): ProcessSummary {
  return { wallMs: medianBy(runs, 'wallMs'), cpuMs: medianBy(runs, 'cpuMs'), peakMiB: Math.max(...runs.map((r) => r.peakMiB)), runs: runs.length };
}

export interface GeneratorResults {
  readonly exports: number;
  readonly goBytes: number;
  readonly outputBytes: number;
  /** The CLI on the synthetic package: parse + map + emit + write, as a process. */
  readonly bulk: ProcessSummary;
  /** The CLI on examples/libsum/libsum.go. */
  readonly coldStart: ProcessSummary;
  /** `node -e 0`: what any Node process costs here. */
  readonly nodeBaseline: ProcessSummary;
  /** `import('ts-morph')` alone, the emitter's dependency. */
  readonly tsMorphImport: ProcessSummary;
  /** The CLI on one large Go file whose functions have bodies. */
  readonly largeGoFile: LargeInputResult & { readonly functions: number };
  /** The CLI on a package whose `import "C"` preamble is large; `inputBytes` counts the preamble alone. */
  readonly largePreamble: LargeInputResult;
}

export interface LargeInputResult {
  readonly inputBytes: number;
  readonly exports: number;
  readonly outputBytes: number;
  readonly run: ProcessSummary;
}

export interface GeneratorBenchOptions {
  readonly exports: number;
  readonly bulkRuns: number;
  readonly coldRuns: number;
  /** Size of the large Go file, bytes. */
  readonly largeGoBytes: number;
  /** Size of the large preamble, bytes. */
  readonly preambleBytes: number;
}

/** Runs the CLI `runs` times on the package in `dir`; the module is written to `<dir>/out.ts`. */
function generateRuns(dir: string, runs: number): { outputBytes: number; run: ProcessSummary } {
  const out = path.join(dir, 'out.ts');
  const all: ProcessRun[] = [];
  for (let i = 0; i < runs; i++) all.push(runNode([CLI, dir, '-o', out]));
  return { outputBytes: fs.statSync(out).size, run: summarize(all) };
}

export function runGeneratorBenches(opts: GeneratorBenchOptions): GeneratorResults {
  const dir = writeSyntheticPackage(path.join(WORK, 'synthetic'), opts.exports, 10);
  const goBytes = fs.readdirSync(dir).reduce((n, f) => n + fs.statSync(path.join(dir, f)).size, 0);
  const out = path.join(dir, 'synthetic.ts');
  const bulk: ProcessRun[] = [];
  for (let i = 0; i < opts.bulkRuns; i++) bulk.push(runNode([CLI, dir, '-o', out]));
  const outputBytes = fs.statSync(out).size;

  const libsumOut = path.join(WORK, 'libsum', 'libsum.ts');
  fs.mkdirSync(path.dirname(libsumOut), { recursive: true });
  const tsMorph = path.join(REPO, 'packages/generator/node_modules/ts-morph/dist/ts-morph.js');
  const cold: ProcessRun[] = [];
  const baseline: ProcessRun[] = [];
  const tsMorphImport: ProcessRun[] = [];
  runNode([CLI, 'examples/libsum/libsum.go', '-o', libsumOut]); // warm the OS file cache once
  for (let i = 0; i < opts.coldRuns; i++) {
    cold.push(runNode([CLI, 'examples/libsum/libsum.go', '-o', libsumOut]));
    baseline.push(runNode(['-e', '0']));
    tsMorphImport.push(runNode(['-e', `require(${JSON.stringify(tsMorph)})`]));
  }
  const goFile = writeLargeGoFile(path.join(WORK, 'large-go-file'), opts.largeGoBytes);
  const largeGoFile = { inputBytes: goFile.bytes, exports: goFile.exports, functions: goFile.functions, ...generateRuns(goFile.dir, opts.bulkRuns) };
  const preamble = writeLargePreamblePackage(path.join(WORK, 'large-preamble'), opts.preambleBytes);
  const largePreamble = { inputBytes: preamble.preambleBytes, exports: preamble.exports, ...generateRuns(preamble.dir, opts.bulkRuns) };
  return {
    exports: opts.exports,
    goBytes,
    outputBytes,
    bulk: summarize(bulk),
    coldStart: summarize(cold),
    nodeBaseline: summarize(baseline),
    tsMorphImport: summarize(tsMorphImport),
    largeGoFile,
    largePreamble,
  };
}
