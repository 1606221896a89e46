import type { CallsResult } from './measure-calls.js';
import type { GeneratorResults } from './generator.js';

const int = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function ns(v: number | undefined): string {
  if (v === undefined) return '—';
  return v < 100 ? `${v.toFixed(1)} ns` : `${int.format(v)} ns`;
}

export function ratio(a: number, b: number | undefined): string {
  if (b === undefined) return '—';
  const r = a / b;
  return r < 10 ? `${r.toFixed(2)}×` : `${int.format(r)}×`;
}

const mark = (ok: boolean): string => (ok ? '✓' : '✗');

export interface CallBlock {
  readonly title: string;
  readonly result: CallsResult;
  /** Mark this block's rows against the targets. */
  readonly judged: boolean;
}

/** The one table: call overhead (per library) and generator throughput, as Markdown. */
export function renderTable(blocks: readonly CallBlock[], floor: ReadonlyMap<string, number>, gen: GeneratorResults): string {
  const rows: string[] = [
    '| benchmark | C floor | koffi by hand | generated | generated / by hand | generated / C floor | target |',
    '| --- | ---: | ---: | ---: | ---: | ---: | --- |',
  ];
  for (const b of blocks) {
    rows.push(`| **${b.title}** | | | | | | |`);
    for (const c of b.result.cases) {
      const f = floor.get(c.floor);
      const g = c.generated.ns;
      const h = c.hand.ns;
      let target = '';
      if (b.judged) {
        const limit = c.floor === 'add' ? 1.05 : 1.1;
        target = `≤ ${limit.toFixed(2)}× by hand ${mark(g / h <= limit)}`;
        if (c.floor === 'add' && f !== undefined) target += `; ≤ 2× C floor ${mark(g / f <= 2)}`;
      }
      rows.push(`| ${c.label} | ${ns(f)} | ${ns(h)} | ${ns(g)} | ${ratio(g, h)} | ${ratio(g, f)} | ${target} |`);
    }
    const a = b.result.async;
    rows.push(
      `| addAsync × ${int.format(a.calls)} in flight (wall / call; by hand: ${a.handWindow} running) | — | ${ns(a.hand.ns)} | ${ns(a.generated.ns)} | ${ratio(a.generated.ns, a.hand.ns)} | — | |`,
    );
  }
  const ms = (v: number): string => `${int.format(v)} ms`;
  rows.push('| **gen-bindings CLI (a spawned process)** | | | | | | |');
  rows.push(
    `| ${int.format(gen.exports)} exports, 10 files, ${int.format(gen.goBytes / 1024)} KiB of Go → ${int.format(gen.outputBytes / 1024)} KiB of TS: wall (CPU), peak RSS | | | ${ms(gen.bulk.wallMs)} (${ms(gen.bulk.cpuMs)}), ${int.format(gen.bulk.peakMiB)} MiB | | | < 2,000 ms ${mark(gen.bulk.wallMs < 2000)} |`,
  );
  const kib = (bytes: number): string => `${int.format(bytes / 1024)} KiB`;
  const g = gen.largeGoFile;
  rows.push(
    `| one Go file of ${kib(g.inputBytes)}: ${int.format(g.exports)} exports and ${int.format(g.functions)} functions with bodies → ${kib(g.outputBytes)} of TS: wall (CPU), peak RSS | | | ${ms(g.run.wallMs)} (${ms(g.run.cpuMs)}), ${int.format(g.run.peakMiB)} MiB | | | |`,
  );
  const p = gen.largePreamble;
  rows.push(
    `| an \`import "C"\` preamble of ${kib(p.inputBytes)} (typedefs, structs, enums, #defines, comments), ${int.format(p.exports)} exports using it → ${kib(p.outputBytes)} of TS: wall (CPU), peak RSS | | | ${ms(p.run.wallMs)} (${ms(p.run.cpuMs)}), ${int.format(p.run.peakMiB)} MiB | | | |`,
  );
  rows.push(`| cold start on examples/libsum/libsum.go, median of ${gen.coldStart.runs}: wall (CPU) | | | ${ms(gen.coldStart.wallMs)} (${ms(gen.coldStart.cpuMs)}) | | | < 400 ms ${mark(gen.coldStart.wallMs < 400)} |`);
  rows.push(`| for scale: \`node -e 0\` | | | ${ms(gen.nodeBaseline.wallMs)} (${ms(gen.nodeBaseline.cpuMs)}) | | | |`);
  rows.push(`| for scale: \`node -e "require('ts-morph')"\` | | | ${ms(gen.tsMorphImport.wallMs)} (${ms(gen.tsMorphImport.cpuMs)}) | | | |`);
  return rows.join('\n');
}
