// Unit tests for the pieces of `build` that need no Go: version parsing, the diff, the fingerprint text.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { generateFromSource } from 'gen-bindings';
import { unifiedDiff } from '../packages/generator/dist/build/diff.js';
import { goVersionWarning, parseGoVersion } from '../packages/generator/dist/build/go.js';
import { exportSignature } from '../packages/generator/dist/emit/fingerprint.js';
import { glueGoSource } from '../packages/generator/dist/go/glue.js';

describe('go version', () => {
  it.each([
    ['go version go1.21.5 linux/amd64', { major: 1, minor: 21, patch: 5 }],
    ['go version go1.22rc1 darwin/arm64', { major: 1, minor: 22, patch: 0 }],
    ['go version devel go1.24-0a1b2c3 Tue Jan 1 linux/amd64', { major: 1, minor: 24, patch: 0 }],
  ])('parses %s', (text, want) => {
    expect(parseGoVersion(text)).toMatchObject(want);
  });

  it('warns below Go 1.21 only, saying what to do', () => {
    expect(goVersionWarning(parseGoVersion('go version go1.20.14 linux/amd64'))).toBe(
      'warning: go1.20.14 linux/amd64 is older than Go 1.21, where each call from JavaScript into Go is about 10 times slower (cgo sets up and tears down the thread on every call); install Go 1.21 or newer',
    );
    expect(goVersionWarning(parseGoVersion('go version go1.19 linux/amd64'))).toContain('older than Go 1.21');
    expect(goVersionWarning(parseGoVersion('go version go1.21.0 linux/amd64'))).toBeUndefined();
    expect(goVersionWarning(parseGoVersion('go version go1.26.8 linux/amd64'))).toBeUndefined();
    expect(goVersionWarning(parseGoVersion('go version weird'))).toBeUndefined();
  });
});

describe('unifiedDiff', () => {
  it('is empty for equal texts', () => {
    expect(unifiedDiff('a\nb\n', 'a\nb\n', 'old', 'new')).toBe('');
  });

  it('shows changes with three lines of context and separate hunks', () => {
    const old = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`).join('\n') + '\n';
    const changed = old.replace('line 2\n', 'line two\n').replace('line 18\n', '');
    expect(unifiedDiff(old, changed, 'a.ts (on disk)', 'a.ts (generated)')).toBe(
      [
        '--- a.ts (on disk)',
        '+++ a.ts (generated)',
        '@@ -1,5 +1,5 @@',
        ' line 1',
        '-line 2',
        '+line two',
        ' line 3',
        ' line 4',
        ' line 5',
        '@@ -15,6 +15,5 @@',
        ' line 15',
        ' line 16',
        ' line 17',
        '-line 18',
        ' line 19',
        ' line 20',
        '',
      ].join('\n'),
    );
  });

  it('diffs against a missing side', () => {
    expect(unifiedDiff('', 'x\n', 'old', 'new')).toBe('--- old\n+++ new\n@@ -0,0 +1,1 @@\n+x\n');
  });
});

describe('fingerprint', async () => {
  const { funcs } = await generateFromSource(
    'package main\n\nimport "C"\n\n//export DivMod\nfunc DivMod(a, b int64) (q, r int64) { return a / b, a % b }\n\n//export Reset\nfunc Reset() {}\n\nfunc main() {}\n',
  );

  it('describes each export by its C types, without parameter names', () => {
    expect(funcs.map(exportSignature)).toEqual(['struct DivMod_return { GoInt64, GoInt64 } DivMod(GoInt64, GoInt64)', 'void Reset()']);
  });

  it('is in the glue, which returns the list through a caller-owned buffer', () => {
    const go = glueGoSource('main', funcs);
    expect(go).toContain('const genbindings_glue_v2_text = "struct DivMod_return { GoInt64, GoInt64 } DivMod(GoInt64, GoInt64)\\nvoid Reset()"');
    expect(go).toContain('//export genbindings_glue_v2\nfunc genbindings_glue_v2(buf unsafe.Pointer, size int64) int64 {');
  });
});

describe('the emitter without ts-morph at run time', () => {
  it('uses ts-morph\'s own values for the structure kinds it builds', async () => {
    // ts-morph is the generator's dependency, resolved from its package.
    const morph = createRequire(new URL('../packages/generator/package.json', import.meta.url))('ts-morph') as typeof import('ts-morph');
    const ours = await import('../packages/generator/dist/emit/structure-kinds.js');
    for (const [name, value] of Object.entries(ours.StructureKind)) expect([name, value]).toEqual([name, morph.StructureKind[name as keyof typeof morph.StructureKind]]);
    expect(ours.VariableDeclarationKind.Const).toBe(morph.VariableDeclarationKind.Const);
  });
});
