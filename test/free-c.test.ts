// //bindings:free naming a C function (issue 10): one of the package's .c files (msg_free, for memory
// from a custom allocator that libc free would corrupt) or of a library the Go library links (libc's
// free), looked up in the loaded library; static functions and wrong prototypes are located errors.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatDiagnostic, generate, generateFromSource, writeFiles } from 'gen-bindings';
import { runTs } from './support/cli.js';
import { REPO, buildGo, generateAndImport } from './support/harness.js';
import type * as CFree from './.work/cfree/cfree.js';

let m: typeof CFree;
let built: ReturnType<typeof buildGo>;

beforeAll(async () => {
  built = await buildGo('cfree', 'cfree');
  m = await generateAndImport<typeof CFree>(built, 'cfree');
});

describe('a C function of the package frees results', () => {
  it('frees with msg_free, not libc free: the allocator counts every message back', () => {
    expect(m.Live()).toBe(0);
    expect(m.Message('héllo')).toBe('héllo');
    expect(m.Message('')).toBe('');
    expect(m.Live()).toBe(0);
    expect(m.BadFrees()).toBe(0);
  });

  it('frees the message of a //bindings:error result with it too', async () => {
    expect(m.Check(21)).toBe(42);
    expect(() => m.Check(-1)).toThrow('negative');
    await expect(m.CheckAsync(-1)).rejects.toThrow('negative');
    expect(await m.MessageAsync('async')).toBe('async');
    expect(m.Live()).toBe(0);
    expect(m.BadFrees()).toBe(0);
  });

  it('needs it: libc free on the same message aborts the process', async () => {
    const r = await generate({ inputs: [built.dir], cwd: REPO, lib: 'cfree', out: path.join(built.dir, 'cfree-libc.ts') });
    writeFiles(r.files);
    const run = runTs(built.dir, "import { Raw } from './cfree-libc.js';\nRaw();\nconsole.log('survived');\n");
    expect(run.stdout).toBe('');
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/free\(\): invalid/); // glibc's abort: the block does not start where libc free looks
  });

  it('finds a function of a library the Go library links (libc free)', () => {
    for (let i = 0; i < 100; i++) expect(m.Plain()).toBe('plain');
  });

  it('declares the C function from the library after checking that the library has it', () => {
    const text = fs.readFileSync(path.join(built.dir, 'cfree.ts'), 'utf8');
    expect(text).toContain("  const $linked = $linkLibrary($lib, [\n");
    expect(text).toContain("  ], { cFunctions: ['msg_free', 'free'] }) ?? null;");
    expect(text).toContain("let msg_free$c: $KoffiFunction | undefined;\nconst msg_free$free = $freeWith(() => msg_free$c!);");
    expect(text).toContain("  msg_free$c = $lib.func('msg_free', 'void', ['void *']);\n  free$c = $lib.func('free', 'void', ['void *']);\n  return ($glue = $linked);");
  });

  it('fails at load, naming the function, when the library has no symbol for it', async () => {
    const out = path.join(built.dir, 'cfree-gone.ts');
    const r = await generate({ inputs: [built.dir], cwd: REPO, lib: 'cfree', out, directives: ['Raw:free msg_gone'] });
    expect(r.diagnostics).toEqual([]);
    writeFiles(r.files);
    const gone = (await import(pathToFileURL(out).href)) as { loadLibrary(): void };
    expect(() => gone.loadLibrary()).toThrow(
      '  - msg_gone: the library has no symbol msg_gone, the C function the module frees results with (//bindings:free msg_gone); a static or inline C function has none: define it in a .c file of the package, or link the C library that defines it (#cgo LDFLAGS: -l...)\n' +
        'Rebuild the library once it has the function, and regenerate the module (with the options you generated it with):\n',
    );
  });
});

describe('errors', () => {
  it('rejects a static C function, naming where it is declared', async () => {
    const r = await generate({ inputs: ['test/.work/cfree'], cwd: REPO, directives: ['Raw:free msg_free_inline'] });
    expect(r.files).toEqual([]);
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([
      '--directive: error: //bindings:free names the C function msg_free_inline (test/.work/cfree/cfree.go:8), which is static, so the library has no symbol the module could call; define it in a .c file of the package and declare it in the preamble, or free with an exported Go function [bad-directive]',
    ]);
  });

  it('rejects C functions that do not take one pointer and return void, and names that nothing declares', async () => {
    const src = [
      'package main',
      '',
      '/*',
      '#include <stdlib.h>',
      'typedef void *handle;',
      'void two_args(char *p, int n);',
      'int returns_int(void *p);',
      'void takes_int(int p);',
      'void takes_handle(handle h);',
      'void takes_array(char p[]);',
      'void variadic(char *p, ...);',
      '*/',
      'import "C"',
      '',
      '//bindings:free two_args',
      '//export A',
      'func A() *C.char { return nil }',
      '',
      '//bindings:free returns_int',
      '//export B',
      'func B() *C.char { return nil }',
      '',
      '//bindings:free takes_int',
      '//export D',
      'func D() *C.char { return nil }',
      '',
      '//bindings:free variadic',
      '//export E',
      'func E() *C.char { return nil }',
      '',
      '//bindings:free nowhere',
      '//export F',
      'func F() *C.char { return nil }',
      '',
      '//bindings:free takes_handle',
      '//export G',
      'func G() *C.char { return nil }',
      '',
      '//bindings:free takes_array',
      '//export H',
      'func H() *C.char { return nil }',
      '',
      'func main() {}',
      '',
    ].join('\n');
    const r = await generateFromSource(src);
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([
      'input.go:15:1: error: //bindings:free names the C function two_args (input.go:6), which must take one pointer and return void, like void two_args(void *p) [bad-directive]',
      'input.go:19:1: error: //bindings:free names the C function returns_int (input.go:7), which must take one pointer and return void, like void returns_int(void *p) [bad-directive]',
      'input.go:23:1: error: //bindings:free names the C function takes_int (input.go:8), which must take one pointer and return void, like void takes_int(void *p) [bad-directive]',
      'input.go:27:1: error: //bindings:free names the C function variadic (input.go:11), which must take one pointer and return void, like void variadic(void *p) [bad-directive]',
      'input.go:31:1: error: //bindings:free names nowhere, which is neither an export of this package nor a C function declared by the preamble or a header it includes; export func nowhere(p *C.char), declare the C function in the preamble (void nowhere(void *p);), or remove the directive to use libc free [bad-directive]',
    ]);
  });

  it('reads the preamble only for a //bindings:free that names no export: other packages need no C compiler', async () => {
    const src = 'package main\n\nimport "C"\n\n//bindings:free Release\n//export Hello\nfunc Hello() *C.char { return nil }\n\n//export Release\nfunc Release(p *C.char) {}\n\nfunc main() {}\n';
    const noCompiler = { cc: '/nonexistent/cc' };
    expect((await generateFromSource(src, noCompiler)).diagnostics).toEqual([]);
    const r = await generateFromSource(src.replace('//bindings:free Release', '//bindings:free free'), noCompiler);
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([
      "input.go:1:1: error: the C compiler '/nonexistent/cc' could not be started (ENOENT); the preamble's C types need one: install a C compiler (cc, gcc or clang), or name it with --cc or $CC [no-c-compiler]",
    ]);
  });
});
