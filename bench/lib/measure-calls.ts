// Child process entry: measures one library's calls (by hand and generated) and prints JSON.
// A process per library, because two Go runtimes (two c-shared libraries) in one process are not
// something Go supports, and so that one library's measurements cannot disturb the other's.
// Usage: node --import tsx bench/lib/measure-calls.ts <options as JSON>
import type { Timing } from './calls.js';
import { callSide, measureAsync, measureKoffiAlone, measurePair, readFileLatency } from './calls.js';
import type { BenchLibrary } from './prepare.js';

export interface CallsRequest {
  readonly lib: BenchLibrary;
  readonly rounds: number;
  readonly minCpuTimeNs: number;
  readonly asyncCalls: number;
  readonly asyncRounds: number;
  /** How long each of the 8 Go calls of the readFile-latency row sleeps. */
  readonly sleepMs: number;
}

export interface CallsResult {
  readonly cases: readonly { label: string; floor: string; hand: Timing; generated: Timing }[];
  readonly async: { hand: Timing; generated: Timing; handWindow: number; calls: number; handThreads: number; generatedThreads: number };
  /** fs.promises.readFile latency with 8 Go calls of 300 ms in flight, by hand (koffi async) and generated. */
  readonly readFile: { hand: { latencyMs: number; threads: number }; generated: { latencyMs: number; threads: number }; calls: number; ms: number };
  /** koffi calling libc (no Go) in the same process: its own cost per call and per argument kind. */
  readonly koffiAlone: readonly { label: string; timing: Timing }[];
}

const request = JSON.parse(process.argv[2] ?? '') as CallsRequest;
const side = await callSide(request.lib);
// A discarded warm-up of both sides: the first measurements otherwise run while the heap (and, for
// the plain build, the /proc/self/maps that glibc reads on every call) is still growing, which
// favoured whichever side went first.
if (side.cases[0]) await measurePair(side.cases[0], 2, request.minCpuTimeNs / 2);
const cases: CallsResult['cases'][number][] = [];
for (const c of side.cases) {
  const { hand, generated } = await measurePair(c, request.rounds, request.minCpuTimeNs);
  cases.push({ label: c.label, floor: c.floor, hand, generated });
  process.stderr.write(`  ${request.lib.name}: ${c.label}\n`);
}
const a = await measureAsync(side, request.asyncCalls, request.asyncRounds);
process.stderr.write(`  ${request.lib.name}: async\n`);
const sleeps = { calls: 8, ms: request.sleepMs };
const readFile = {
  hand: await readFileLatency(side.sleepHand, sleeps.calls, sleeps.ms),
  generated: await readFileLatency(side.sleepGenerated, sleeps.calls, sleeps.ms),
  ...sleeps,
};
process.stderr.write(`  ${request.lib.name}: readFile latency\n`);
const koffiAlone = await measureKoffiAlone(request.rounds, request.minCpuTimeNs);
process.stderr.write(`  ${request.lib.name}: koffi alone\n`);
const result: CallsResult = { cases, async: { ...a, handWindow: side.handWindow, calls: request.asyncCalls }, readFile, koffiAlone };
process.stdout.write(JSON.stringify(result));
