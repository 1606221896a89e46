// The C front end: preambles preprocessed by the real C compiler with their #cgo flags, read by
// tree-sitter-c, and measured compile-only (sizes, offsets, enum and #define values from the compiler).
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCgoFlags, splitQuoted } from '../packages/generator/src/parse/c/cgo-directives.js';
import { readCDeclarations } from '../packages/generator/src/parse/c/front-end.js';
import { probe, readAssembly } from '../packages/generator/src/parse/c/probe.js';
import { parseGoFile } from '../packages/generator/src/parse/parse-file.js';
import { readGoSource } from '../packages/generator/src/parse/source-text.js';

const dir = path.join(import.meta.dirname, 'fixtures/capi-front');
const target = { goos: 'linux', goarch: 'amd64' };

async function front() {
  const file = path.join(dir, 'capi.go');
  const { file: go } = parseGoFile(readGoSource(file), 'capi.go');
  return readCDeclarations([{ path: 'capi.go', line: go.preambleLine, text: go.preamble }], { target, pkgDir: dir });
}

describe('#cgo directives', () => {
  it('splits flags as go/build does and keeps only the lines for the target', () => {
    expect(splitQuoted(`-DA="x y" -I'a b' -DC=\\"q\\"`)).toEqual(['-DA=x y', '-Ia b', '-DC="q"']);
    const pre = '#cgo CFLAGS: -DALL\n#cgo linux,amd64 CFLAGS: -DLINUX64\n#cgo !linux CFLAGS: -DNOTLINUX\n#cgo darwin windows LDFLAGS: -lx\n#cgo LDFLAGS: -L${SRCDIR}/lib\n#cgo CPPFLAGS -DBROKEN\n';
    const { flags, problems } = readCgoFlags(pre, target, '/src/pkg');
    expect(flags.cflags).toEqual(['-DALL', '-DLINUX64']);
    expect(flags.ldflags).toEqual(['-L/src/pkg/lib']);
    expect(problems).toEqual([{ line: 6, message: "#cgo line without ':'; write #cgo [GOOS/GOARCH...] CFLAGS: flags" }]);
    expect(readCgoFlags('#cgo mytag CFLAGS: -DTAGGED\n', { ...target, tags: ['mytag'] }, '/').flags.cflags).toEqual(['-DTAGGED']);
  });
});

describe('declarations', () => {
  it('reads typedefs, records, enums and #defines from the preamble and the headers it includes', async () => {
    const { decls, diagnostics } = await front();
    expect(diagnostics).toEqual([]);
    const own = <T extends { origin: string }>(xs: Iterable<T>) => [...xs].filter((x) => x.origin !== 'system');
    expect(own(decls!.typedefs.values()).map((t) => [t.name, t.origin, `${t.pos.file}:${t.pos.line}`])).toEqual([
      ['api_status', 'package', 'test/fixtures/capi-front/api.h:15'],
      ['api_cchar', 'package', 'test/fixtures/capi-front/api.h:16'],
      ['api_callback', 'package', 'test/fixtures/capi-front/api.h:17'],
      ['api_point', 'preamble', 'capi.go:7'],
    ]);
    expect(decls!.typedefs.get('api_cchar')!.type).toEqual({ k: 'prim', name: 'char' });
    expect(decls!.typedefs.get('api_callback')!.type).toMatchObject({ k: 'pointer', to: { k: 'func', result: { k: 'prim', name: 'int' }, params: [{ name: 'user' }, { name: 'value' }] } });
    // System typedefs are read too (a signature may use mode_t), marked as such.
    expect(decls!.typedefs.get('mode_t')).toMatchObject({ origin: 'system', type: { k: 'typedef', name: '__mode_t' } });
    const err = decls!.records.get('struct_api_error')!;
    expect(err.fields.map((f) => f.name)).toEqual(['message', 'vendor_code', 'sqlstate', 'release']);
    expect(err.fields[2]!.type).toEqual({ k: 'array', of: { k: 'prim', name: 'char' }, length: 5, sized: true });
    expect(decls!.records.get('struct_api_flags')!.fields.map((f) => f.bits)).toEqual([1, 7]);
    expect(decls!.records.get('union_api_value')!.kind).toBe('union');
    expect(own(decls!.enums)).toMatchObject([{ tag: 'api_color', constants: ['API_RED', 'API_GREEN', 'API_BLUE', 'API_BIG'] }]);
    // Object-like macros with a value, of the package (not the compiler's or the system's); CFLAGS applied.
    expect(own(decls!.defines).map((d) => [d.name, d.body])).toEqual([
      ['API_VERSION', '1001000'],
      ['API_NAME', '"capi"'],
      ['API_RATIO', '0.25'],
      ['API_FLAG', '(1u << 31)'],
      ['API_NEGATIVE', '(-42)'],
      ['PREAMBLE_LIMIT', '(API_VERSION / 1000)'],
      ['CAPI_SAW_CFLAGS', '1'],
    ]);
  });

  it('names the Go file and line when the preamble does not compile, and the fix when there is no compiler', async () => {
    const bad = await readCDeclarations([{ path: 'x.go', line: 3, text: '#include "missing.h"\n' }], { target, pkgDir: dir });
    expect(bad.diagnostics.map((d) => `${d.pos?.file}:${d.pos?.line}: ${d.message}`)).toEqual([
      'x.go:3: the C compiler rejects the preamble: missing.h: No such file or directory; fix the C code or the #cgo CFLAGS',
    ]);
    // The compiler counts columns within the comment's text: in the Go file that is the line, at column 1.
    const unterminated = await readCDeclarations([{ path: 'x.go', line: 3, text: '#include <stdint.h\n' }], { target, pkgDir: dir });
    expect(unterminated.diagnostics.map((d) => `${d.pos?.file}:${d.pos?.line}:${d.pos?.column}: ${d.message}`)).toEqual([
      'x.go:3:1: the C compiler rejects the preamble: missing terminating > character; fix the C code or the #cgo CFLAGS',
    ]);
    const none = await readCDeclarations([{ path: 'x.go', line: 3, text: 'int x;\n' }], { target, pkgDir: dir, cc: 'no-such-cc-here' });
    expect(none.diagnostics.map((d) => d.message)).toEqual([
      "the C compiler 'no-such-cc-here' could not be started (ENOENT); the preamble's C types need one: install a C compiler (cc, gcc or clang), or name it with --cc or $CC",
    ]);
  });
});

describe('compile-only measurement', () => {
  it('reads sizes, offsets, enum values and #define values of every kind from the assembly', async () => {
    const { unit } = await front();
    const r = probe(unit!.command, unit!.flags, unit!.text, unit!.cwd, [
      { id: 'size', kind: 'int', expr: 'sizeof(struct api_error)' },
      { id: 'align', kind: 'int', expr: '_Alignof(union api_value)' },
      { id: 'offset', kind: 'int', expr: '__builtin_offsetof(struct api_error, release)' },
      { id: 'blue', kind: 'int', expr: 'API_BLUE' },
      { id: 'flag', kind: 'int', expr: 'API_FLAG' },
      { id: 'negative', kind: 'int', expr: 'API_NEGATIVE' },
      { id: 'limit', kind: 'int', expr: 'PREAMBLE_LIMIT' },
      { id: 'max', kind: 'int', expr: '18446744073709551615ull' },
      { id: 'ratio', kind: 'float', expr: 'API_RATIO' },
      { id: 'name', kind: 'string', expr: 'API_NAME' },
      { id: 'mode', kind: 'int', expr: 'sizeof(mode_t)' },
      { id: 'not-a-number', kind: 'int', expr: 'API_NAME' },
      { id: 'not-an-expression', kind: 'int', expr: 'API_MACRO' },
    ]);
    expect(r.failure).toBeUndefined();
    expect(Object.fromEntries([...r.values].map(([k, v]) => [k, v.value]))).toEqual({
      size: 32n, align: 8n, offset: 24n, blue: 6n, flag: 2147483648n, negative: -42n, limit: 1001n,
      max: 18446744073709551615n, ratio: 0.25, name: 'capi', mode: 4n,
    });
    expect([...r.rejected].sort()).toEqual(['not-a-number', 'not-an-expression']);
  });

  it('reads the data directives of other assemblers (aarch64 .xword/.word, .zero, .ascii)', () => {
    const asm = '__gen_bindings_probe_0:\n\t.xword\t-1\n\t.word\t1\n\t.word\t0\n_other:\n__gen_bindings_probe_1:\n\t.zero\t16\n__gen_bindings_probe_2:\n\t.ascii\t"a\\"b\\000"\n';
    const data = readAssembly(asm, 4);
    expect(data.get('__gen_bindings_probe_0')).toEqual([255, 255, 255, 255, 255, 255, 255, 255, 1, 0, 0, 0, 0, 0, 0, 0]);
    expect(data.get('__gen_bindings_probe_1')).toEqual(new Array(16).fill(0));
    expect(data.get('__gen_bindings_probe_2')).toEqual([97, 34, 98, 0]);
  });
});
