import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from './support/harness.js';

// `pnpm bench --quick` end to end: builds both Go libraries and the C floor, generates with the CLI,
// calls every case by hand and generated, runs the generator benchmarks. No timing is asserted.
describe('bench --quick', () => {
  it('runs every benchmark and prints one table', () => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', path.join(REPO, 'bench/run.ts'), '--quick'], {
      cwd: REPO,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    expect(out).toContain('| benchmark | C floor | koffi by hand | generated |');
    for (const row of ['add(a, b int) int', '64 KiB Uint8Array', '1,000,000 elements', 'Greet() *C.char', 'addAsync', '200 exports', 'one Go file of', '`import "C"` preamble of', 'cold start on examples/libsum']) {
      expect(out).toContain(row);
    }
    const results = JSON.parse(fs.readFileSync(path.join(REPO, 'bench/.work/results.json'), 'utf8')) as {
      floor: Record<string, number>;
      calls: Record<string, { cases: { hand: { ns: number }; generated: { ns: number } }[] }>;
    };
    expect(Object.keys(results.floor).sort()).toEqual(['add', 'cstring', 'slice16', 'slice1m', 'string16', 'string64k']);
    for (const lib of Object.values(results.calls)) {
      for (const c of lib.cases) expect(c.hand.ns > 0 && c.generated.ns > 0).toBe(true);
    }
  });
});
