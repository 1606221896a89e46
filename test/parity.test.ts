// Parser parity with go/parser over every .go file of the installed Go (GOROOT/src and GOROOT/test):
// the same files have syntax errors, and the same functions are exported by cgo's //export rule.
// Budget: about 4 s to build and run the go/parser program and about 5-8 s for gen-bindings' parser
// over ~11,000 files on the 2-core CI machine.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildGoParse, compare, gorootGoFiles, goVerdicts } from './support/parity.js';

describe('parser parity with go/parser', () => {
  it('agrees on syntax errors and //export functions for every .go file under GOROOT', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gen-bindings-parity-'));
    const files = gorootGoFiles();
    const go = goVerdicts(buildGoParse(dir), files);
    fs.rmSync(dir, { recursive: true, force: true });
    expect(go.length).toBe(files.length);
    const { disagreements, goErrors } = compare(go);
    // Sanity: both sides really saw errors and exports, so agreement is not vacuous.
    expect(files.length).toBeGreaterThan(10_000);
    expect(goErrors).toBeGreaterThan(50);
    expect(go.filter((g) => g.exports.length > 0).length).toBeGreaterThan(30);
    expect(disagreements).toEqual([]);
  }, 300_000);
});
