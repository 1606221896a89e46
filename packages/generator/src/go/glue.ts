// The glue: one generated Go file that `gen-bindings build` adds to the package through
// `go build -overlay` (and `gen-bindings glue-file` prints for those who build themselves). It holds
//
// - the stack-bounds fix (see STACK_BOUNDS_NOTE in glue-runtime.ts);
// - the fingerprint, `genbindings_glue_v2`, whose presence tells the runtime that the glue is there;
// - for every export `F`, a wrapper `genbindings_sync_F` that the generated module calls instead: it recovers
//   a panic (the runtime throws it as a `GoPanicError`), takes strings and TypedArray slices as pointer
//   plus length instead of Go's headers, and for a C struct result writes through a pointer;
// - for every export, `genbindings_async_F(id, ...)`, which runs `F` on a goroutine and queues its
//   completion; when the queue goes from empty to non-empty, a byte is written to a pipe the JS
//   thread watches (a registered JS function is called on Windows), and JS drains every completion
//   in one call.
//
// The wrappers never name a C type: a wrapper's parameters have Go types of the same size as the C
// ones, and a generic helper reinterprets them as the types of the user's function, which the Go
// compiler infers from the function itself. So the glue needs none of the package's preambles.
import type { AbiType } from '../map/abi.js';
import type { BoundFunc } from '../map/map-export.js';
import { naturalLayout, sizeAlign } from '../map/natural-layout.js';
import { assertNever } from '../model/go-types.js';
import { exportSignature } from '../emit/fingerprint.js';
import { GLUE_PREFIX, GLUE_SYMBOL, glueAsyncName, glueSyncName } from '../model/glue-names.js';
import { CONTEXT_RUNTIME, GLUE_PREAMBLE, GLUE_RUNTIME, STACK_BOUNDS_NOTE } from './glue-runtime.js';

export { GLUE_FILE_NAME, GLUE_PREFIX, GLUE_SYMBOL, glueAsyncName, glueSyncName } from '../model/glue-names.js';

/** How one parameter crosses into a wrapper: its Go parameters, and the value handed to the user's function. */
interface GlueParam {
  readonly decls: string[];
  readonly value: string;
}

/** `int64`, `uint8`: the Go type with the size and signedness of an integer ABI type. */
function goInt(t: Extract<AbiType, { kind: 'int' }>): string {
  return `${t.signed ? 'int' : 'uint'}${t.bits}`;
}

/** A string or a slice whose elements a TypedArray holds crosses as pointer plus length. */
export function crossesAsPointerAndLength(t: AbiType): boolean {
  if (t.kind === 'gostring') return true;
  if (t.kind !== 'goslice' || !t.elem) return false;
  return t.elem.kind === 'int' || t.elem.kind === 'float' || t.elem.kind === 'bool';
}

/** The Go type a wrapper declares for a value of `t` that crosses as one value (not a C record). */
function goScalar(t: AbiType): string {
  switch (t.kind) {
    case 'int': return goInt(t);
    case 'float': return `float${t.bits}`;
    case 'bool': return 'bool';
    case 'complex': return `complex${t.bits}`;
    case 'gostring': return 'string';
    // Any slice header: the user's element type is reinterpreted in.
    case 'goslice': return '[]byte';
    case 'gointerface': return 'any';
    case 'gohandle':
    case 'pointer':
      return 'unsafe.Pointer';
    case 'record':
    case 'array':
      throw new Error(`no scalar Go type for ${t.c}`);
    default:
      return assertNever(t);
  }
}

/** `genbindings_blob_16_8`: a Go type with the size and alignment of a C record, to copy one by value. */
function blobType(t: Extract<AbiType, { kind: 'record' }>, blobs: Map<string, string>): string {
  const sa = sizeAlign(t)!;
  const name = `genbindings_blob_${sa.size}_${sa.align}`;
  const aligner = sa.align >= 8 ? 'uint64' : sa.align >= 4 ? 'uint32' : sa.align >= 2 ? 'uint16' : 'uint8';
  blobs.set(name, `type ${name} struct {\n\t_ [0]${aligner}\n\tb [${sa.size}]byte\n}`);
  return name;
}

function glueParam(t: AbiType, name: string, blobs: Map<string, string>): GlueParam {
  if (crossesAsPointerAndLength(t)) {
    const header = t.kind === 'gostring' ? `genbindings_string{${name}p, genbindings_stringLength(${name}p, ${name}n)}` : `genbindings_slice{${name}p, int(${name}n), int(${name}n)}`;
    return { decls: [`${name}p unsafe.Pointer`, `${name}n int64`], value: header };
  }
  if (t.kind === 'record') return { decls: [`${name} unsafe.Pointer`], value: `*(*${blobType(t, blobs)})(${name})` };
  return { decls: [`${name} ${goScalar(t)}`], value: name };
}

const VOID_POINTER: AbiType = { kind: 'pointer', c: 'void*', elem: undefined, pointsToGo: false };
const INT64: AbiType = { kind: 'int', c: 'GoInt64', bits: 64, signed: true, koffi: 'int64' };

/**
 * One result of the user's function as the wrapper hands it over: the ABI types of the values it
 * becomes, and the Go function (if any) that converts the user's value into them.
 */
export interface GlueResult {
  /** `owned-string`, `owned-bytes`: copied into C memory, as pointer and length; `error`: its message copied, or nil. */
  readonly kind: 'value' | 'owned-string' | 'owned-bytes' | 'error';
  readonly types: readonly AbiType[];
}

/** The results of `b` as its wrappers return them (see {@link GlueResult}). */
export function glueResults(b: BoundFunc): GlueResult[] {
  const r = b.abi.result;
  const types = r.kind === 'void' ? [] : r.kind === 'single' ? [r.type] : r.fields.map((f) => f.type);
  const results = types.map((t): GlueResult => {
    if (!b.plain) return { kind: 'value', types: [t] };
    if (t.kind === 'gostring') return { kind: 'owned-string', types: [VOID_POINTER, INT64] };
    if (t.kind === 'goslice') return { kind: 'owned-bytes', types: [VOID_POINTER, INT64] };
    return { kind: 'value', types: [t] };
  });
  if (b.plain?.error) results.push({ kind: 'error', types: [VOID_POINTER] });
  return results;
}

/** The layout of what a wrapper returns: the values of {@link glueResults} as a C struct (one value at 0). */
export function resultLayout(b: BoundFunc): { size: number; fields: { type: AbiType; offset: number }[] } {
  const types = glueResults(b).flatMap((r) => r.types);
  if (types.length === 0) return { size: 0, fields: [] };
  const laid = naturalLayout(types.map((type) => ({ type })))!;
  return { size: laid.size, fields: types.map((type, i) => ({ type, offset: laid.offsets[i]! })) };
}

/** Whether the synchronous wrapper writes the results through a pointer (its first parameter) instead of returning them: a C record among them. */
export function resultThroughPointer(b: BoundFunc): boolean {
  return glueResults(b).some((r) => r.types.some((t) => t.kind === 'record'));
}

/** Results that may point into Go memory: the completion keeps them alive until JS has read them. */
function mayHoldGoPointer(t: AbiType): boolean {
  return t.kind === 'gostring' || t.kind === 'goslice' || t.kind === 'gointerface' || t.kind === 'gohandle' || (t.kind === 'pointer' && t.pointsToGo);
}

const COPY_FUNCTION: Record<Exclude<GlueResult['kind'], 'value'>, string> = {
  'owned-string': 'genbindings_copyString',
  'owned-bytes': 'genbindings_copyBytes',
  error: 'genbindings_copyError',
};

/**
 * Statements turning the user's results `x0, x1, ...` into the wrapper's values `y0, y1, ...`; `raw`
 * keeps a value result as the user's type (stored through a pointer, whose layout is the same).
 */
function convertResults(results: readonly GlueResult[], raw: boolean, indent: string): { lines: string[]; values: string[] } {
  const lines: string[] = [];
  const values: string[] = [];
  results.forEach((r, i) => {
    if (r.kind === 'value') {
      values.push(raw ? `x${i}` : `genbindings_as[${goScalar(r.types[0]!)}](x${i})`);
      return;
    }
    const ys = r.types.map((_, k) => `y${i}_${k}`);
    lines.push(`${indent}${ys.join(', ')} := ${COPY_FUNCTION[r.kind]}(x${i})`);
    values.push(...ys);
  });
  return { lines, values };
}

/** The wrappers of one export. `calls` collects the arities of the generic call helpers they use. */
function wrappers(b: BoundFunc, calls: Set<string>, blobs: Map<string, string>): string {
  const name = b.abi.name;
  const params = b.abi.params.map((p, i) => glueParam(p.type, `a${i}`, blobs));
  const context = b.plain?.context === true;
  const decls = params.flatMap((p) => p.decls);
  const values = [...(context ? ['context.Background()'] : []), ...params.map((p) => p.value)];
  const results = glueResults(b);
  const layout = resultLayout(b);
  const n = results.length;
  const arity = values.length;
  const call = `genbindings_call_${arity}_${n}`;
  calls.add(`${arity}_${n}`);
  const xs = results.map((_, i) => `x${i}`);
  const store = (out: string, vals: readonly string[], indent: string): string[] => layout.fields.map((f, i) => `${indent}genbindings_store(${out}, ${f.offset}, ${vals[i]})`);

  const lines: string[] = [];
  // Synchronous: recover, convert, call.
  lines.push(`//export ${glueSyncName(name)}`);
  const invoke = `${call}(${[name, ...values].join(', ')})`;
  if (n === 0) {
    lines.push(`func ${glueSyncName(name)}(${decls.join(', ')}) {`, '\tdefer genbindings_recover()', `\t${invoke}`, '}');
  } else if (resultThroughPointer(b)) {
    const conv = convertResults(results, true, '\t');
    lines.push(`func ${glueSyncName(name)}(${['out unsafe.Pointer', ...decls].join(', ')}) {`, '\tdefer genbindings_recover()', `\t${xs.join(', ')} := ${invoke}`, ...conv.lines, ...store('out', conv.values, '\t'), '}');
  } else {
    const types = layout.fields.map((f) => goScalar(f.type));
    const conv = convertResults(results, false, '\t');
    lines.push(
      `func ${glueSyncName(name)}(${decls.join(', ')}) ${types.length === 1 ? types[0] : `(${types.join(', ')})`} {`,
      '\tdefer genbindings_recover()',
      `\t${xs.join(', ')} := ${invoke}`,
      ...conv.lines,
      `\treturn ${conv.values.join(', ')}`,
      '}',
    );
  }
  lines.push('');

  // Asynchronous: arguments are read now (C records are copied: koffi's copy dies with this call;
  // strings and slices point into buffers JS keeps until the promise settles), the call runs on a goroutine.
  lines.push(`//export ${glueAsyncName(name)}`);
  lines.push(`func ${glueAsyncName(name)}(${['id uint64', ...decls].join(', ')}) {`);
  params.forEach((p, i) => lines.push(`\tv${i} := ${p.value}`));
  if (context) lines.push('\tctx := genbindings_newContext(id)');
  lines.push('\tgo func() {', `\t\tc := genbindings_newCompletion(id, ${layout.size})`, '\t\tdefer genbindings_done(c)');
  if (context) lines.push('\t\tdefer genbindings_forget(id)');
  const asyncInvoke = `${call}(${[name, ...(context ? ['ctx'] : []), ...params.map((_, i) => `v${i}`)].join(', ')})`;
  if (n === 0) lines.push(`\t\t${asyncInvoke}`);
  else {
    const conv = convertResults(results, true, '\t\t');
    lines.push(`\t\t${xs.join(', ')} := ${asyncInvoke}`, ...conv.lines, ...store('c.out()', conv.values, '\t\t'));
    const keep = results.flatMap((r, i) => (r.kind === 'value' && mayHoldGoPointer(r.types[0]!) ? [`x${i}`] : []));
    if (keep.length) lines.push(`\t\tc.keep = []any{${keep.join(', ')}}`);
  }
  lines.push('\t}()', '}', '');
  return lines.join('\n');
}

/** `genbindings_call_2_1`: calls `f` with each argument reinterpreted as the type of `f`'s parameter. */
function callHelper(arity: string): string {
  const [np, nr] = arity.split('_').map(Number) as [number, number];
  const as = Array.from({ length: np }, (_, i) => `A${i}`);
  const ss = Array.from({ length: np }, (_, i) => `S${i}`);
  const rs = Array.from({ length: nr }, (_, i) => `R${i}`);
  const typeParams = [...as, ...rs, ...ss];
  const ret = nr === 0 ? '' : nr === 1 ? ` ${rs[0]}` : ` (${rs.join(', ')})`;
  const params = [`f func(${as.join(', ')})${ret}`, ...ss.map((s, i) => `s${i} ${s}`)].join(', ');
  const args = as.map((a, i) => `*(*${a})(unsafe.Pointer(&s${i}))`).join(', ');
  return [
    `func genbindings_call_${arity}${typeParams.length ? `[${typeParams.join(', ')} any]` : ''}(${params})${ret} {`,
    `\t${nr === 0 ? '' : 'return '}f(${args})`,
    '}',
  ].join('\n');
}

/** The glue's Go source for package `pkgName` and its bound exports. Deterministic. */
export function glueGoSource(pkgName: string, funcs: readonly BoundFunc[]): string {
  return qualifyImports(glueText(pkgName, funcs));
}

const IMPORTED = /(?<![\w.])(context|fmt|debug|sync|atomic|os|runtime|strings|time)\./g;

/** Refers to the imported packages by their prefixed names, in code (not in comments or the import block). */
function qualifyImports(text: string): string {
  return text
    .split('\n')
    .map((line) => (/^\s*(\/\/|genbindings_\w+ ")/.test(line) || line.startsWith('#') ? line : line.replace(IMPORTED, 'genbindings_$1.')))
    .join('\n');
}

function glueText(pkgName: string, funcs: readonly BoundFunc[]): string {
  const calls = new Set<string>();
  const blobs = new Map<string, string>();
  const wrapped = funcs.map((b) => wrappers(b, calls, blobs));
  const fingerprint = funcs.map(exportSignature).join('\n');
  const usesContext = funcs.some((b) => b.plain?.context);
  return [
    '// Code generated by gen-bindings. DO NOT EDIT.',
    '// The glue between this package\'s exports and the TypeScript module gen-bindings generated for them:',
    '// gen-bindings build adds it through go build -overlay; see docs/go-glue.md.',
    '',
    // Generics and unsafe.String, also in a module whose go.mod declares an older go version.
    '//go:build go1.21',
    '',
    `package ${pkgName}`,
    '',
    GLUE_PREAMBLE,
    'import "C"',
    '',
    // Named with the prefix: the package may declare fmt or sync itself.
    'import (',
    ...(usesContext ? ['\tgenbindings_context "context"'] : []),
    '\tgenbindings_fmt "fmt"',
    '\tgenbindings_os "os"',
    '\tgenbindings_runtime "runtime"',
    '\tgenbindings_debug "runtime/debug"',
    '\tgenbindings_strings "strings"',
    '\tgenbindings_sync "sync"',
    '\tgenbindings_atomic "sync/atomic"',
    '\tgenbindings_time "time"',
    // cgo reads unsafe.Pointer in export signatures by that name.
    '\t"unsafe"',
    ')',
    '',
    STACK_BOUNDS_NOTE,
    '//',
    '//go:linkname _cgo_getstackbound _cgo_getstackbound',
    'var _cgo_getstackbound uintptr',
    '',
    'func init() { _cgo_getstackbound = 0 }',
    '',
    `const ${GLUE_SYMBOL}_text = ${JSON.stringify(fingerprint)}`,
    '',
    '// Copies the signatures of the exports the glue wraps into buf; returns their length.',
    '//',
    `//export ${GLUE_SYMBOL}`,
    `func ${GLUE_SYMBOL}(buf unsafe.Pointer, size int64) int64 {`,
    '\tif buf != nil {',
    `\t\tcopy(unsafe.Slice((*byte)(buf), size), ${GLUE_SYMBOL}_text)`,
    '\t}',
    `\treturn int64(len(${GLUE_SYMBOL}_text))`,
    '}',
    '',
    GLUE_RUNTIME,
    ...(usesContext ? [CONTEXT_RUNTIME] : []),
    ...[...calls].sort().map((a) => `${callHelper(a)}\n`),
    ...[...blobs.keys()].sort().map((k) => `${blobs.get(k)!}\n`),
    ...wrapped,
  ].join('\n');
}
