// What cgo rejects in an export, gen-bindings rejects too, with a located diagnostic that names the
// construct and the usual fix; likewise what cgo builds but breaks later (its C compile or its pointer
// rules at run time). cgo's own messages for each case are in the probe findings (FINDINGS.md §3, §4).
import { formatDiagnostic, generateFromSource } from 'gen-bindings';
import { describe, expect, it } from 'vitest';

/** Diagnostics for a file `lib.go` made of `package main`, `import "C"` (unless the body has its own) and `body`. */
async function diagnose(body: string): Promise<string[]> {
  const importC = body.includes('import "C"') ? '' : 'import "C"\n\n';
  const text = `package main\n\n${importC}${body}\n\nfunc main() {}\n`;
  return (await generateFromSource([{ path: 'lib.go', text }])).diagnostics.map(formatDiagnostic);
}

const STRUCT_FIX = 'pass the fields as separate parameters, a pointer to a C struct (*C.struct_x) or an opaque handle (a cgo.Handle as uintptr) [unsupported-type]';
const ARRAY_FIX = 'cannot be passed to or from C; use a slice []int32 or a pointer to the first element [unsupported-type]';
const PARAM_FIX = "and cgo copies parameter names into C unchanged, which breaks its C build; rename the parameter";

describe('constructs cgo rejects in an export', () => {
  it.each([
    ['a Go struct parameter', 'type P struct{ X int }\n\n//export F\nfunc F(p P) {}', [`lib.go:8:10: error: type P: Go struct types cannot be exported to C; ${STRUCT_FIX}`]],
    ['a Go struct result', 'type P struct{ X int }\n\n//export F\nfunc F() P { return P{} }', [`lib.go:8:10: error: type P: Go struct types cannot be exported to C; ${STRUCT_FIX}`]],
    ['a pointer to a Go struct', 'type S struct {\n\tX int\n}\n\n//export F\nfunc F(p *S) {}', [`lib.go:10:11: error: type S: Go struct types cannot be exported to C; ${STRUCT_FIX}`]],
    ['an anonymous struct', '//export F\nfunc F(p struct{ X int }) {}', [`lib.go:6:10: error: Go struct types cannot be exported to C; ${STRUCT_FIX}`]],
    ['an empty struct', '//export F\nfunc F(p struct{}) {}', [`lib.go:6:10: error: Go struct types cannot be exported to C; ${STRUCT_FIX}`]],
    ['an array parameter', '//export F\nfunc F(a [4]int32) {}', [`lib.go:6:10: error: array type [4]int32 ${ARRAY_FIX}`]],
    ['an array result', '//export F\nfunc F() [4]int32 { return [4]int32{} }', [`lib.go:6:10: error: array type [4]int32 ${ARRAY_FIX}`]],
    ['a pointer to an array', '//export F\nfunc F(a *[4]int32) {}', [`lib.go:6:11: error: array type [4]int32 ${ARRAY_FIX}`]],
    ['a named array type', 'type Vec4 [4]int32\n\n//export F\nfunc F(v Vec4) {}', [`lib.go:8:10: error: type Vec4: array type [4]int32 ${ARRAY_FIX}`]],
    ['an array of a C type', '//export F\nfunc F(a [2]C.int) {}', ['lib.go:6:10: error: array type [2]C.int cannot be passed to or from C; use a slice []C.int or a pointer to the first element [unsupported-type]']],
    ['a variadic parameter', '//export F\nfunc F(xs ...int) {}', ['lib.go:6:11: error: variadic parameters cannot be exported to C; take a slice []int instead [unsupported-type]']],
    ['a generic function', '//export G\nfunc G[T any](x T) T { return x }', ['lib.go:6:7: error: generic function G cannot be exported; export one non-generic function per type argument you need [export-generic]']],
    ['an //export that names another function', '//export Foo\nfunc Bar() {}', ['lib.go:5:1: error: //export Foo is on func Bar, and cgo requires the names to match; write //export Bar or rename the function [export-name]']],
    ['a type from another package', 'import "time"\n\n//export F\nfunc F(d time.Duration) {}', ['lib.go:8:10: error: time.Duration comes from another package, which cgo cannot export; use its underlying type (for example int64 for time.Duration) [unsupported-type]']],
    ['unsafe imported under another name', 'import u "unsafe"\n\n//export F\nfunc F(p u.Pointer) {}', ['lib.go:8:10: error: cgo recognizes unsafe.Pointer only under the name unsafe, not u.Pointer; import "unsafe" without renaming it and write unsafe.Pointer [unsupported-type]']],
    ['an undeclared type', '//export F\nfunc F(x Meters) {}', ['lib.go:6:10: error: unknown type Meters; declare it in the package or use a Go or C type [unknown-type]']],
  ])('%s', async (_, body, expected) => {
    expect(await diagnose(body)).toEqual(expected);
  });

  it('a named type from a file that does not import "C"', async () => {
    const files = [
      { path: 'lib.go', text: 'package main\n\nimport "C"\n\n//export F\nfunc F(x Meters) {}\n\nfunc main() {}\n' },
      { path: 'types.go', text: 'package main\n\ntype Meters int16\n' },
    ];
    expect((await generateFromSource(files)).diagnostics.map(formatDiagnostic)).toEqual([
      'lib.go:6:10: error: type Meters is declared in types.go, which does not import "C", so cgo cannot see it; move the declaration to a file that imports "C" [unsupported-type]',
    ]);
  });
});

describe('what cgo builds but gen-bindings rejects on purpose', () => {
  it.each([
    ['a method (cgo exports it as a plain C function with a leading recv parameter)', 'type Celsius float64\n\n//export M\nfunc (c Celsius) M(d int32) float64 { return 0 }', ['lib.go:8:18: error: method M cannot be exported for TypeScript; export a plain function that takes the receiver as a parameter (or a cgo.Handle to it) [export-method]']],
    ['a func type (cgo passes it as void*, which nothing outside Go can call)', '//export F\nfunc F(cb func(int) int) {}', ['lib.go:6:11: error: Go func types cannot be exported to C; pass a C function pointer (unsafe.Pointer) or export the callback side separately [unsupported-type]']],
    ['an incomplete C struct by value (only C knows its size)', '/*\nstruct point;\n*/\nimport "C"\n\n//export F\nfunc F(p *C.struct_point, q C.struct_point) {}', ['lib.go:9:29: error: C.struct_point passes the C struct point by value, and its declaration is incomplete (only a pointer can reach it); pass a pointer *C.struct_point [c-struct-by-value]']],
    ['a C type koffi has no equivalent for', '/*\ntypedef __int128 i128;\n*/\nimport "C"\n\n//export F\nfunc F(x C.i128) {}', ['lib.go:9:10: error: C.i128: i128 is a 128-bit integer, which koffi cannot pass; use an integer type of 8, 16, 32 or 64 bits [unsupported-type]']],
    ['a C typedef the headers do not declare', '/*\n#include <stdint.h>\n*/\nimport "C"\n\n//export F\nfunc F(t C.time_t) {}', ['lib.go:9:10: error: C.time_t: time_t is not declared in the import "C" preamble or the headers it includes; declare it there (or #include its header), or pass a pointer *C.time_t [unknown-c-type]']],
    ['a package type that shadows a predeclared one (cgo resolves float32 to it)', 'type float32 int64\n\n//export F\nfunc F(x float32) float32 { return x }', ["lib.go:5:6: error: type float32 redeclares Go's predeclared float32, which cgo then uses in the header while gen-bindings reads the predeclared type; rename the type [shadowed-type]"]],
  ])('%s', async (_, body, expected) => {
    expect(await diagnose(body)).toEqual(expected);
  });
});

describe("what cgo accepts but breaks its own C build", () => {
  it.each([
    ['two parameters named _', '//export F\nfunc F(_ int, _ string) {}', ['lib.go:6:15: error: more than one parameter is named _, which breaks the C wrapper cgo writes ("conflicting types for \'_\'"); give them names [blank-params]']],
    ['C keywords', '//export K\nfunc K(char int, long float64) {}', [`lib.go:6:8: error: parameter char is a C keyword, ${PARAM_FIX} (for example char_) [c-param-name]`, `lib.go:6:18: error: parameter long is a C keyword, ${PARAM_FIX} (for example long_) [c-param-name]`]],
    ['C macros', '//export K\nfunc K(NULL int, linux bool) {}', [`lib.go:6:8: error: parameter NULL is a C macro, ${PARAM_FIX} (for example NULL_) [c-param-name]`, `lib.go:6:18: error: parameter linux is a C macro, ${PARAM_FIX} (for example linux_) [c-param-name]`]],
    ['type names of the header', '//export K\nfunc K(GoInt int, size_t string) {}', [`lib.go:6:8: error: parameter GoInt is a C type name that the header declares, ${PARAM_FIX} (for example GoInt_) [c-param-name]`, `lib.go:6:19: error: parameter size_t is a C type name that the header declares, ${PARAM_FIX} (for example size_t_) [c-param-name]`]],
    ["a preamble typedef", '/*\ntypedef int handle_t;\n*/\nimport "C"\n\n//export K\nfunc K(handle_t int) {}', [`lib.go:9:8: error: parameter handle_t is a C type name that the header declares, ${PARAM_FIX} (for example handle_t_) [c-param-name]`]],
    ["cgo's own names", '//export K\nfunc K(_cgo_a int) {}', [`lib.go:6:8: error: parameter _cgo_a is in cgo's reserved _cgo namespace, ${PARAM_FIX} (for example _cgo_a_) [c-param-name]`]],
  ])('parameter names: %s', async (_, body, expected) => {
    expect(await diagnose(body)).toEqual(expected);
  });
});

describe('results that break cgo pointer rules at run time', () => {
  const OVERRIDE = 'or add //bindings:allow-go-pointer-result if you run with GODEBUG=cgocheck=0 and know the value stays alive [go-pointer-result]';
  it.each([
    ['string', '//export F\nfunc F() string { return "" }', ['lib.go:6:10: error: a Go string result points into Go memory, which C must not keep (cgo pointer rules); return *C.char from C.CString(s) instead (gen-bindings frees it), or add //bindings:allow-go-pointer-result if the string is static [go-pointer-result]']],
    ['error', '//export F\nfunc F() error { return nil }', ['lib.go:6:10: error: an error result is a Go interface that points into Go memory (cgo pointer rules); return a *C.char message (C.CString(err.Error()), or nil) last and add //bindings:error to throw it in TypeScript [go-pointer-result]']],
    ['slice', '//export F\nfunc F() []byte { return nil }', [`lib.go:6:10: error: a []uint8 result points into Go memory, which C must not keep (cgo pointer rules); return C memory (C.malloc) or a cgo.Handle as uintptr, ${OVERRIDE}`]],
    ['interface', '//export F\nfunc F() any { return nil }', [`lib.go:6:10: error: an any result points into Go memory, which C must not keep (cgo pointer rules); return C memory (C.malloc) or a cgo.Handle as uintptr, ${OVERRIDE}`]],
    ['Go pointer', '//export F\nfunc F() (n int, p *int32) { return 0, nil }', [`lib.go:6:18: error: a *int32 result points into Go memory, which C must not keep (cgo pointer rules); return C memory (C.malloc) or a cgo.Handle as uintptr, ${OVERRIDE}`]],
  ])('%s', async (_, body, expected) => {
    expect(await diagnose(body)).toEqual(expected);
  });

  it('is allowed with //bindings:allow-go-pointer-result, and C pointers need nothing', async () => {
    expect(await diagnose('//bindings:allow-go-pointer-result\n//export F\nfunc F() string { return "static" }')).toEqual([]);
    expect(await diagnose('import "unsafe"\n\n//export F\nfunc F() (*C.char, unsafe.Pointer, uintptr) { return nil, nil, 0 }')).toEqual([]);
  });
});

describe('parameter names in the C prototype', () => {
  it('follows cgo: the Go name, p<i> when unnamed or not ASCII, _ verbatim', async () => {
    const text = 'package main\n\nimport "C"\n\n//export F\nfunc F(café int, b int, _ string, ñ float64) {}\n\n//export G\nfunc G(int, string) {}\n\nfunc main() {}\n';
    const funcs = (await generateFromSource([{ path: 'lib.go', text }])).funcs;
    expect(funcs.map((f) => f.abi.params.map((p) => p.cName))).toEqual([['p0', 'b', '_', 'p3'], ['p0', 'p1']]);
  });
});
