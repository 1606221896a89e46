// Inputs: a package directory (build constraints honoured), globs, and named types across files.
import * as path from 'node:path';
import { expect, it } from 'vitest';
import { formatDiagnostic, generate } from 'gen-bindings';
import { buildGo, generateAndImport, REPO } from './support/harness.js';

it('reads a package directory: non-test files that build for the target, types from other files', async () => {
  const linux = await generate({ inputs: ['test/fixtures/multifile'], cwd: REPO, target: { goos: 'linux', goarch: 'amd64' } });
  expect(linux.diagnostics).toEqual([]);
  expect(linux.pkg?.files.map((f) => f.path)).toEqual([
    'test/fixtures/multifile/platform_linux.go',
    'test/fixtures/multifile/temps.go',
    'test/fixtures/multifile/types.go',
  ]);
  expect(linux.files.map((f) => path.relative(REPO, f.path))).toEqual(['test/fixtures/multifile/multifile.ts']);
  expect(linux.funcs.map((f) => f.abi.name)).toEqual(['Platform', 'ToKelvin']);

  const mac = await generate({ inputs: ['test/fixtures/multifile'], cwd: REPO, target: { goos: 'darwin', goarch: 'arm64' } });
  expect(mac.pkg?.files.map((f) => path.basename(f.path))).toEqual(['platform_other.go', 'temps.go', 'types.go']);
});

it('takes globs', async () => {
  const result = await generate({ inputs: ['test/fixtures/multifile/t*.go'], cwd: REPO, out: 'test/.work/glob/glob.ts' });
  expect(result.diagnostics.map(formatDiagnostic)).toEqual([]);
  expect(result.pkg?.files.map((f) => path.basename(f.path))).toEqual(['temps.go', 'types.go']);
  expect(result.funcs.map((f) => f.abi.name)).toEqual(['ToKelvin']);
});

it('calls a package built from several files', async () => {
  const built = await buildGo('multifile', 'multifile');
  const m = await generateAndImport<{ ToKelvin(c: number): number; Platform(): number }>(built, 'multifile');
  expect(m.ToKelvin(0)).toBe(273.15);
  expect(m.Platform()).toBe(1);
});
