// The generated module checks the library when it loads it (the first call, or loadLibrary()); and it finds a library shipped in a platform package.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { calcPackage, runCli, runTs, writeTree } from './support/cli.js';

const prefixed = (prefix: string, files: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(files).map(([k, v]) => [`${prefix}/${k}`, v]));

/** Imports `./calc.js` from `dir` in a fresh process and prints what the import threw, as JSON. */
const importCalc = `
try {
  (await import('./calc.js')).loadLibrary();
  console.log(JSON.stringify({ loaded: true }));
} catch (e) {
  console.log(JSON.stringify({ name: e.name, message: e.message, drifted: e.drifted }));
}
`;

describe('verification at load', () => {
  it('names the function whose signature drifted when the library was built from different Go code', () => {
    const root = writeTree('b5-drift', { ...prefixed('old/calc', calcPackage('int')), ...prefixed('new/calc', calcPackage('int32')) });
    expect(runCli(['build', 'old/calc'], root).code).toBe(0);
    expect(runCli(['build', 'new/calc'], root).code).toBe(0);
    const oldDir = path.join(root, 'old/calc');

    expect(JSON.parse(runTs(oldDir, importCalc).stdout)).toEqual({ loaded: true });
    const r = runTs(oldDir, importCalc, { GEN_BINDINGS_LIB_CALC: path.join(root, 'new/calc/libcalc.so') });
    const thrown = JSON.parse(r.stdout) as { name: string; message: string; drifted: unknown };
    expect(thrown.name).toBe('LibraryMismatchError');
    expect(thrown.drifted).toEqual([{ name: 'add', expected: 'GoInt add(GoInt, GoInt)', actual: 'GoInt32 add(GoInt32, GoInt32)' }]);
    expect(thrown.message).toBe(
      "the Go library 'calc' at ../../new/calc/libcalc.so does not match the module generated for it (calc.ts):\n" +
        '  - add: the module calls GoInt add(GoInt, GoInt), the library has GoInt32 add(GoInt32, GoInt32)\n' +
        'They were built from different Go code. Rebuild the library and regenerate the module from one source (with the options you generated it with):\n' +
        '  npx gen-bindings build .\n' +
        'If the library comes from a prebuilt package, install the one built from the same version of the Go code.',
    );
  });

  it('names a missing export in a library built with plain go build (no fingerprint)', () => {
    const files = calcPackage();
    const dir = writeTree('b5-plain', { ...files, 'calc.go': files['calc.go']!.replace(/\/\/export scale\n/, '') });
    // The module comes from the package with both exports; the library, from the one without scale.
    const withScale = writeTree('b5-plain-gen', files);
    expect(runCli(['.', '--lib', 'calc', '-o', path.join(dir, 'calc.ts')], withScale).code).toBe(0);
    execFileSync('go', ['build', '-buildmode=c-shared', '-o', 'libcalc.so', '.'], { cwd: dir, stdio: 'pipe' });
    const thrown = JSON.parse(runTs(dir, importCalc).stdout) as { name: string; message: string };
    expect(thrown.name).toBe('LibraryMismatchError');
    expect(thrown.message).toContain('\n  - scale: the library does not export it (the module calls GoFloat64 scale(GoFloat64))\n');
  });
});

describe('platform packages', () => {
  it('loads the library from the npm package named by --platform-package', () => {
    const platformPkg = `@acme/calc-${process.platform}-${process.arch}`;
    const dir = writeTree('b5-platform', {
      ...prefixed('go', calcPackage()),
      [`node_modules/${platformPkg}/package.json`]: JSON.stringify({ name: platformPkg, version: '1.0.0', os: [process.platform], cpu: [process.arch] }),
    });
    const r = runCli(['build', 'go', '--lib', 'calc', '-o', 'src/calc.ts', '--out-dir', `node_modules/${platformPkg}`, '--platform-package', '@acme/calc-{platform}-{arch}'], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(fs.existsSync(path.join(dir, 'node_modules', platformPkg, 'libcalc.so'))).toBe(true);
    expect(fs.existsSync(path.join(dir, 'src/libcalc.so'))).toBe(false);
    expect(fs.readFileSync(path.join(dir, 'src/calc.ts'), 'utf8')).toContain(
      "$loadLibrary({ name: 'calc', moduleUrl: import.meta.url, goSource: '../go', projectPath: 'test/.work/b5-platform/src/calc.ts', platformPackages: ['@acme/calc-{platform}-{arch}'], path: $path });",
    );
    const run = runTs(path.join(dir, 'src'), "import { add } from './calc.js';\nconsole.log(add(20, 22));\n");
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('42\n');
  });
});
