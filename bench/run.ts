// `pnpm bench`: call overhead against the C floor, and generator throughput, in one table.
// `pnpm bench --quick` runs everything once with tiny counts (a smoke test; its numbers mean nothing).
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { GLUE_FILE_NAME, generate, glueGoSource } from 'gen-bindings';
import { runGeneratorBenches } from './lib/generator.js';
import type { CallsRequest, CallsResult } from './lib/measure-calls.js';
import type { BenchLibrary } from './lib/prepare.js';
import { BENCH, WORK, buildFloor, buildLibrary, machine, runFloor } from './lib/prepare.js';
import { renderTable } from './lib/table.js';

const quick = process.argv.includes('--quick');
const settings = quick
  ? { floorIterations: 10_000, rounds: 1, minCpuTimeNs: 1e6, asyncCalls: 1_000, asyncRounds: 1, sleepMs: 20, exports: 200, bulkRuns: 1, coldRuns: 1, largeGoBytes: 256 << 10, preambleBytes: 64 << 10 }
  : { floorIterations: 200_000, rounds: 5, minCpuTimeNs: 200e6, asyncCalls: 10_000, asyncRounds: 7, sleepMs: 300, exports: 10_000, bulkRuns: 3, coldRuns: 7, largeGoBytes: 10 << 20, preambleBytes: 1 << 20 };

const log = (s: string): void => {
  process.stderr.write(`${s}\n`);
};

function measureCalls(lib: BenchLibrary): CallsResult {
  const request: CallsRequest = { lib, rounds: settings.rounds, minCpuTimeNs: settings.minCpuTimeNs, asyncCalls: settings.asyncCalls, asyncRounds: settings.asyncRounds, sleepMs: settings.sleepMs };
  const out = execFileSync(process.execPath, ['--import', 'tsx', path.join(BENCH, 'lib/measure-calls.ts'), JSON.stringify(request)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 16 << 20,
  });
  return JSON.parse(out) as CallsResult;
}

// The machines are shared: the load average says how much else ran beside the benchmark.
const loadAtStart = os.loadavg()[0]!;
fs.mkdirSync(WORK, { recursive: true });
log('building the Go libraries (go build -buildmode=c-shared) and generating their modules (gen-bindings)');
const goLib = path.join(BENCH, 'go/benchlib/benchlib.go');
const plain = buildLibrary('benchlib', [goLib]);
// The file `gen-bindings build` adds to the package (see packages/generator/src/go/glue.ts).
const bound = await generate({ inputs: [goLib], cwd: BENCH });
const fast = buildLibrary('benchfast', [goLib], [{ name: GLUE_FILE_NAME, text: glueGoSource(bound.pkg!.name, bound.funcs) }]);
log('C floor');
const floor = runFloor(buildFloor(plain), settings.floorIterations);
log('calls');
const plainCalls = measureCalls(plain);
const fastCalls = measureCalls(fast);
log('generator');
const gen = runGeneratorBenches(settings);

const m = machine();
const table = renderTable(
  [
    { title: 'library built with plain `go build -buildmode=c-shared` (the module falls back to the exports; koffi by hand calls them the same way)', result: plainCalls, judged: false },
    { title: 'library built with gen-bindings\' glue (what `gen-bindings build` adds): koffi by hand calls the exports as today, the module calls the glue\'s wrappers', result: fastCalls, judged: true },
  ],
  floor,
  gen,
);
const load = `load average ${loadAtStart.toFixed(1)} at the start, ${os.loadavg()[0]!.toFixed(1)} at the end`;
const about = `${m.nproc} × ${m.cpu}; Linux ${process.arch}; Go ${m.go}; Node ${m.node}; koffi ${m.koffi}; ${m.cc}; ${load}${quick ? '; --quick (smoke run: numbers are not meaningful)' : ''}`;
process.stdout.write(`${table}\n\n${about}\n`);
fs.writeFileSync(path.join(WORK, 'results.md'), `${table}\n\n${about}\n`);
fs.writeFileSync(path.join(WORK, 'results.json'), JSON.stringify({ machine: m, settings, floor: Object.fromEntries(floor), calls: { plain: plainCalls, stackBounds: fastCalls }, generator: gen }, null, 2));
