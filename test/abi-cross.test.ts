// check-abi measures compile-only (cc -S, constants read back from the assembly), with the package's
// #cgo flags for the target, and with any compiler command: a cross compiler (mingw-w64 for a
// windows/amd64 library), gcc -m32, a compiler that is missing or fails. Every failure is a located
// diagnostic, never a stack trace. test/fixtures/abi/cross has a header that #errors without its #cgo
// CFLAGS, a preamble function that calls an export (a linked program fails), a record by value and
// by pointer, C.long, and a typedef that a build tag's #cgo line widens.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { LayoutItem } from 'gen-bindings';
import { checkAbi, formatDiagnostic, generate, measureLayouts } from 'gen-bindings';
import { describe, expect, it } from 'vitest';
import { calcPackage, runCli, writeTree } from './support/cli.js';
import { FIXTURES, REPO, WORK, buildGo } from './support/harness.js';

const MINGW = 'x86_64-w64-mingw32-gcc';
const works = (cmd: string, args: string[], input = ''): boolean => spawnSync(cmd, args, { input, encoding: 'utf8' }).status === 0;
const hasMingw = works(MINGW, ['--version']);
const hasM32 = works('gcc', ['-m32', '-S', '-o', '-', '-x', 'c', '-'], '#include <stddef.h>\nint x;\n');
// .ci/run installs both and sets GEN_BINDINGS_CROSS_TESTS, so that there they fail rather than skip.
const inCi = process.env['GEN_BINDINGS_CROSS_TESTS'] !== undefined;

const rel = (p: string): string => path.relative(REPO, p);
const built = await buildGo('abi/cross', 'abi-cross');
const dir = rel(built.dir);
const header = rel(built.header);
const noStackTrace = (s: string): void => expect(s).not.toMatch(/^\s+at /m);
const fieldsOf = (m: LayoutItem | undefined): string[] | undefined => m?.fields.map((f) => `${f.name}@${f.offset}:${f.size}`);

describe('compile-only, with the package #cgo flags', () => {
  it('the fixture needs its #cgo CFLAGS, and a program linked against its header fails (what check-abi used to build)', () => {
    const main = path.join(built.dir, 'main.c');
    fs.writeFileSync(main, `#include "${path.basename(built.header)}"\nint main(void) { return 0; }\n`);
    const bare = spawnSync('cc', ['-S', '-o', '/dev/null', main], { encoding: 'utf8' });
    expect(bare.status).not.toBe(0);
    expect(bare.stderr).toContain('cross.h needs -D_FILE_OFFSET_BITS=64');
    const linked = spawnSync('cc', ['-D_FILE_OFFSET_BITS=64', '-o', path.join(built.dir, 'main'), main], { encoding: 'utf8' });
    expect(linked.status).not.toBe(0);
    expect(linked.stderr).toMatch(/undefined reference to .Twice/);
  });

  it('measures every type, the record field by field, with no diagnostic', async () => {
    const r = await checkAbi({ inputs: [dir], header, cwd: REPO });
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([]);
    expect(r.mismatches).toEqual([]);
    expect(r.checked).toBe(6);
    const layout = r.layout!;
    expect(layout.mismatches).toEqual([]);
    expect(layout.unmeasured).toEqual([]);
    expect(layout.compilerTarget).toEqual({ goos: 'linux', goarch: 'amd64', pointerSize: 8 });
    expect(layout.measured.get('long int')).toMatchObject({ size: 8, signed: true });
    expect(layout.measured.get('sample_t')).toMatchObject({ size: 32, align: 8 });
    expect(fieldsOf(layout.measured.get('sample_t'))).toEqual(['count@0:8', 'flag@8:4', 'tag@12:6', 'ratio@24:8']);
    expect(layout.expected.find((i) => i.c === 'sample_t')).toMatchObject({ usedBy: 'Total' });
  });

  it('runs the compiler only with -E or -S: nothing is linked or run', () => {
    const log = path.join(built.dir, 'cc.log');
    const wrapper = path.join(built.dir, 'cc-wrapper.sh');
    fs.writeFileSync(wrapper, '#!/bin/sh\necho "$@" >> "$CC_LOG"\nexec cc "$@"\n');
    fs.rmSync(log, { force: true });
    const r = runCli(['check-abi', dir, '--header', header, '--cc', `sh ${wrapper}`], REPO, { CC_LOG: log });
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(new RegExp(`^gen-bindings: 6 exports compared with ${header}: all match; \\d+ C types measured with the C compiler\\n$`));
    expect(r.code).toBe(0);
    const runs = fs.readFileSync(log, 'utf8').trim().split('\n');
    expect(runs.length).toBeGreaterThanOrEqual(2);
    for (const run of runs) expect(run).toMatch(/(^| )-[ES]( |$)/);
    expect(runs.some((run) => run.includes('-D_FILE_OFFSET_BITS=64') && / -S /.test(` ${run} `))).toBe(true);
  });

  it('takes the #cgo flags of the build tags given (a tag widens level_t)', async () => {
    const plain = await checkAbi({ inputs: [dir], header, cwd: REPO });
    const wide = await checkAbi({ inputs: [dir], header, cwd: REPO, tags: ['crosswide'] });
    expect(wide.diagnostics.map(formatDiagnostic)).toEqual([]);
    expect(plain.layout?.measured.get('level_t')?.size).toBe(2);
    expect(wide.layout?.measured.get('level_t')?.size).toBe(8);
    expect(wide.layout?.expected.find((i) => i.c === 'level_t')?.size).toBe(8);
    expect(wide.layout?.mismatches).toEqual([]);
  });
});

describe.skipIf(!hasMingw && !inCi)(`a cross compiler: ${MINGW} for a windows/amd64 library`, () => {
  // Built with Go's cross cgo, the way a windows DLL is built on linux.
  const winDir = path.join(WORK, 'abi-cross-windows');
  const winHeader = rel(path.join(winDir, 'libabi-cross.h'));
  const build = (): void => {
    fs.rmSync(winDir, { recursive: true, force: true });
    fs.mkdirSync(winDir, { recursive: true });
    for (const f of ['cross.go', 'cross.h']) fs.copyFileSync(path.join(FIXTURES, 'abi/cross', f), path.join(winDir, f));
    fs.writeFileSync(path.join(winDir, 'go.mod'), 'module example.com/cross\n\ngo 1.21\n');
    execFileSync('go', ['build', '-buildmode=c-shared', '-o', 'libabi-cross.dll', '.'], {
      cwd: winDir, stdio: 'pipe', env: { ...process.env, GOOS: 'windows', GOARCH: 'amd64', CGO_ENABLED: '1', CC: MINGW },
    });
  };

  it('checks it for windows/amd64: long is 32-bit there, GoInt stays 64', async () => {
    build();
    const r = runCli(['check-abi', rel(winDir), '--header', winHeader, '--goos', 'windows', '--goarch', 'amd64', '--cc', MINGW], REPO);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(new RegExp(`^gen-bindings: 6 exports compared with ${winHeader}: all match; \\d+ C types measured with the C compiler\\n$`));
    expect(r.code).toBe(0);

    const api = await checkAbi({ inputs: [rel(winDir)], header: winHeader, cwd: REPO, target: { goos: 'windows', goarch: 'amd64' }, cc: MINGW });
    const layout = api.layout!;
    expect(layout.compilerTarget).toEqual({ goos: 'windows', goarch: 'amd64', pointerSize: 8 });
    expect(layout.measured.get('long int')).toMatchObject({ size: 4, align: 4, signed: true });
    expect(layout.measured.get('GoInt')).toMatchObject({ size: 8, align: 8 });
    expect(layout.measured.get('sample_t')).toMatchObject({ size: 24, align: 8 });
    expect(fieldsOf(layout.measured.get('sample_t'))).toEqual(['count@0:4', 'flag@4:4', 'tag@8:6', 'ratio@16:8']);
  });

  it('checked for linux/amd64 instead, it reports what differs and the compiler target, located, exit 1', () => {
    if (!fs.existsSync(path.join(REPO, winHeader))) build();
    const r = runCli(['check-abi', rel(winDir), '--header', winHeader, '--cc', MINGW], REPO);
    noStackTrace(r.stderr);
    expect(r.code).toBe(1);
    const lines = r.stderr.split('\n');
    expect(lines).toContain(
      `${winHeader}: warning: the C compiler '${MINGW}' targets windows/amd64, but the bindings are checked for linux/amd64, and C sizes differ between targets (long is 32-bit on windows/amd64); pass --goos and --goarch of the target the library was built for, or a compiler for linux/amd64 [layout-target]`,
    );
    expect(lines).toContain(
      `${rel(winDir)}/cross.go:19:6: error: sizeof(long int): 8 in the bindings, 4 in C (in the signature of Count); the koffi declarations of the bindings would not match C: check --goos/--goarch and --cc against the library's target, otherwise please report it [layout-mismatch]`,
    );
    expect(r.stdout).toMatch(new RegExp(`^gen-bindings: 6 exports compared with ${winHeader}: all match; \\d+ C types measured with the C compiler, \\d+ disagreeing\\n$`));
  });
});

describe.skipIf(!hasMingw && !inCi)('generating for another target than the C compiler\'s', () => {
  it('is an error naming both targets and the fix, and nothing is written; with a compiler for the target it binds its layouts', async () => {
    const out = path.join(WORK, 'abi-cross-generate/cross.ts');
    const wrong = await generate({ inputs: [dir], cwd: REPO, target: { goos: 'windows', goarch: 'amd64' }, out });
    expect(wrong.files).toEqual([]);
    expect(wrong.diagnostics.map(formatDiagnostic)).toEqual([
      `${dir}/cross.go:3:1: error: the C compiler 'cc' targets linux/amd64, but the bindings are for windows/amd64, and C sizes differ between targets (long, pointers, struct layouts); set $CC (or the cc option of generate()) to a C compiler for windows/amd64, the one go build uses for that target [c-target]`,
    ]);
    const right = await generate({ inputs: [dir], cwd: REPO, target: { goos: 'windows', goarch: 'amd64' }, cc: MINGW, out });
    expect(right.diagnostics.map(formatDiagnostic)).toEqual([]);
    const result = right.funcs.find((f) => f.abi.name === 'MakeSample')!.abi.result;
    const sample = result.kind === 'single' && result.type.kind === 'record' ? result.type.layout : undefined;
    expect([sample?.size, sample?.fields.map((f) => `${f.name}@${f.offset}`)]).toEqual([24, ['count@0', 'flag@4', 'tag@8', 'ratio@16']]);
  });

  it('a cross build with $GOOS, $GOARCH and $CC set, as for go build, makes the target\'s .dll and a module with its C layouts', () => {
    const root = writeTree('abi-cross-build', {
      'go.mod': 'module example.com/cross\n\ngo 1.21\n',
      'cross.go': fs.readFileSync(path.join(FIXTURES, 'abi/cross/cross.go'), 'utf8'),
      'cross.h': fs.readFileSync(path.join(FIXTURES, 'abi/cross/cross.h'), 'utf8'),
    });
    const r = runCli(['build', '.', '-o', 'cross.ts', '--lib', 'cross'], root, { GOOS: 'windows', GOARCH: 'amd64', CGO_ENABLED: '1', CC: MINGW });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('gen-bindings: built libcross.dll in ');
    expect(spawnSync('file', [path.join(root, 'libcross.dll')], { encoding: 'utf8' }).stdout).toContain('MS Windows');
    // long is 32-bit on windows/amd64: Count's parameter and sample's count field.
    const text = fs.readFileSync(path.join(root, 'cross.ts'), 'utf8');
    expect(text).toContain("$cRecord('struct', { count: 'int32', flag: 'int32', tag: $cArray('char', 6), ratio: 'double' })");
    expect(text).toContain("'long int Count(long int)'");
  });

  it('a 32-bit target is refused, named with where it came from; plain generating ignores $GOARCH (the module is for this machine)', async () => {
    const r = await generate({ inputs: [dir], cwd: REPO, target: { goos: 'linux', goarch: '386' } });
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([
      "error: gen-bindings binds 64-bit targets only (its modules pass Go's int and pointers as 8 bytes), and linux/386 is 32-bit; build for a 64-bit target such as amd64 or arm64 (is GOARCH=386 set in the environment or by go env -w?) [target]",
    ]);
    const root = writeTree('abi-cross-386', { 'go.mod': 'module m\n\ngo 1.21\n', 'm.go': 'package main\n\nimport "C"\n\n//export Add\nfunc Add(a, b int) int { return a + b }\n\nfunc main() {}\n' });
    const build = runCli(['build', '.'], root, { GOARCH: '386', CGO_ENABLED: '1' });
    expect(build.code).toBe(1);
    expect(build.stderr).toContain('and linux/386 is 32-bit;');
    expect(fs.readdirSync(root).sort()).toEqual(['go.mod', 'm.go']);
    expect(runCli(['.'], root, { GOARCH: '386' })).toMatchObject({ code: 0 });
    expect(fs.readFileSync(path.join(root, 'abi-cross-386.ts'), 'utf8')).toContain("'GoInt Add(GoInt, GoInt)'");
  });

  it('from the CLI, with $CC a cross compiler: the module is for this machine, so the error names it', () => {
    const r = runCli([dir, '-o', rel(path.join(WORK, 'abi-cross-generate/cli.ts'))], REPO, { CC: MINGW });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`error: the C compiler '${MINGW}' targets windows/amd64, but the bindings are for linux/amd64`);
    expect(fs.existsSync(path.join(WORK, 'abi-cross-generate/cli.ts'))).toBe(false);
  });
});

describe.skipIf(!hasM32 && !inCi)('gcc -m32 (a command with flags) on the amd64 header', () => {
  it("reports cgo's pointer-size check failing, at the header's line", () => {
    const text = fs.readFileSync(built.header, 'utf8').split('\n');
    const line = text.findIndex((l) => l.includes('_check_for_64_bit_pointer_matching_GoInt[')) + 1;
    const column = text[line - 1]!.indexOf('_check_for_64_bit') + 1;
    const r = runCli(['check-abi', dir, '--header', header, '--cc', 'gcc -m32'], REPO);
    expect(r.stderr).toContain(
      `${header}:${line}:${column}: error: the header does not compile with 'gcc -m32': its pointers are not the size of the library's GoInt, so the compiler targets another architecture than the library was built for; use the compiler for that target [layout-check]\n`,
    );
    // The C front end measures the preamble with the same compiler: a double in a struct is 4-aligned on
    // i386, which koffi on this 64-bit machine would lay out differently, so that export does not bind.
    expect(r.stderr).toContain('error: C.sample_t: field ratio of struct sample (test/.work/abi-cross/cross.h:12) is 8 bytes aligned to 4 in C, 8 aligned to 8 as koffi would pass it');
    expect(r.code).toBe(1);
  });
});

describe('failures of the compiler are diagnostics', () => {
  // Exports with Go types only: generating needs no compiler, so each failure is the layout step's.
  const root = writeTree('abi-cross-calc', calcPackage());
  execFileSync('go', ['build', '-buildmode=c-shared', '-o', 'libcalc.so', '.'], { cwd: root, stdio: 'pipe' });
  const calc = rel(root);
  const calcHeader = `${calc}/libcalc.h`;
  const run = (...args: string[]) => runCli(['check-abi', calc, '--header', calcHeader, ...args], REPO);
  const incomplete = 'gen-bindings: 1 error; the check is incomplete\n';
  const summary = `gen-bindings: 2 exports compared with ${calcHeader}: all match\n`;

  it('a compiler that cannot be started', () => {
    const r = run('--cc', '/nonexistent/cc -O2');
    expect(r.stderr).toBe(
      `${calcHeader}: error: the C compiler '/nonexistent/cc -O2' could not be started (ENOENT); install a C compiler (cc, gcc or clang) or name it with --cc or $CC, or pass --no-layout to compare prototypes only [no-c-compiler]\n${incomplete}`,
    );
    expect(r.stdout).toBe(summary);
    expect(r.code).toBe(1);
  });

  it('a compiler that succeeds without writing assembly', () => {
    const r = run('--cc', 'true');
    expect(r.stderr).toBe(
      `${calcHeader}: error: 'true -S' compiled the measurements, but its assembly holds none of them in a form gen-bindings reads (GNU as data directives); use gcc or clang, or pass --no-layout to compare prototypes only [layout-check]\n${incomplete}`,
    );
    expect(r.code).toBe(1);
  });

  it('a compiler that fails without a located message', () => {
    const r = run('--cc', "sh -c 'echo broken >&2; exit 3' cc");
    expect(r.stderr).toBe(
      `${calcHeader}: error: the header does not compile with 'sh -c echo broken >&2; exit 3 cc': broken; fix the C code or the #cgo CFLAGS, or pass --no-layout to compare prototypes only [layout-check]\n${incomplete}`,
    );
    expect(r.code).toBe(1);
  });

  it('flags after the compiler reach it', () => {
    const r = run('--cc', 'cc -DUNUSED=1 -O0');
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/all match; \d+ C types measured with the C compiler\n$/);
    expect(r.code).toBe(0);
  });

  it('bad usage: an empty --cc, an unknown GOOS', () => {
    expect(run('--cc', '').code).toBe(2);
    const r = run('--goos', 'windos');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^gen-bindings check-abi: windos\/\w+ is not a GOOS\/GOARCH pair Go knows; write for example --goos windows --goarch amd64\n/);
  });

  it('a type the header does not declare is listed as not measured, and the rest measured', () => {
    const items: LayoutItem[] = [
      { c: 'struct nosuch', size: 4, align: 4, signed: undefined, fields: [], usedBy: 'add' },
      { c: 'GoInt', size: 8, align: 8, signed: true, fields: [] },
    ];
    const m = measureLayouts(items, { command: ['cc'], flags: [], header: path.join(REPO, calcHeader), cwd: root });
    expect(m.ok).toBe(true);
    if (!m.ok) return;
    expect(m.unmeasured.map((i) => i.c)).toEqual(['struct nosuch']);
    expect(m.measured.get('GoInt')).toEqual({ c: 'GoInt', size: 8, align: 8, signed: true, fields: [] });
  });
});
