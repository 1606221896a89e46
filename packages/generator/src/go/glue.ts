import type { AbiType } from '../map/abi.js';
import type { BoundFunc } from '../map/map-export.js';
import { naturalLayout, sizeAlign } from '../map/natural-layout.js';
import { assertNever } from '../model/go-types.js';
import { exportSignature } from '../emit/fingerprint.js';

/**
 * The glue: one generated Go file that `gen-bindings build` adds to the package through
 * `go build -overlay` (and `gen-bindings glue-file` prints for those who build themselves). It holds
 *
 * - the stack-bounds fix (see {@link STACK_BOUNDS_NOTE});
 * - the fingerprint, `genbindings_glue_v2`, whose presence tells the runtime that the glue is there;
 * - for every export `F`, a wrapper `genbindings_sync_F` that the generated module calls instead: it recovers
 *   a panic (the runtime throws it as a `GoPanicError`), takes strings and TypedArray slices as pointer
 *   plus length instead of Go's headers, and for a C struct result writes through a pointer;
 * - for every export, `genbindings_async_F(id, ...)`, which runs `F` on a goroutine and queues its
 *   completion; one registered JS function is called when the queue goes from empty to non-empty, and
 *   JS drains every completion in one call.
 *
 * The wrappers never name a C type: a wrapper's parameters have Go types of the same size as the C
 * ones, and a generic helper reinterprets them as the types of the user's function, which the Go
 * compiler infers from the function itself. So the glue needs none of the package's preambles.
 */
export const GLUE_FILE_NAME = 'zz_gen_bindings_glue.go';

/** The symbol whose presence means the library has the glue; it returns the fingerprint. Keep in sync with packages/runtime/src/glue.ts. */
export const GLUE_SYMBOL = 'genbindings_glue_v2';

/** Every symbol of the glue starts with this; `build` drops them from the header it writes. */
export const GLUE_PREFIX = 'genbindings_';

/**
 * The wrappers' names: `genbindings_sync_F` and `genbindings_async_F` for export `F`. Two prefixes of
 * their own, which none of the glue's other functions starts with, so that no export's name (`free`,
 * `cancel`, `async_x` beside `x`) can give a wrapper the name of another function of the glue.
 */
export const glueSyncName = (name: string): string => `${GLUE_PREFIX}sync_${name}`;
export const glueAsyncName = (name: string): string => `${GLUE_PREFIX}async_${name}`;

const STACK_BOUNDS_NOTE = `// koffi runs every C call on a stack it allocated itself. When C calls into Go on a thread Go did not
// create, Go 1.23+ checks whether the stack pointer lies inside the bounds it recorded for the thread;
// with koffi it never does, so Go asks again on every call (x_cgo_getstackbound → pthread_getattr_np),
// which on the main thread parses /proc/self/maps: about 100 µs per call instead of 100 ns
// (golang/go#68587). Clearing the hook makes Go use the fixed 32 KiB estimate below the stack pointer
// that releases before 1.21 used; koffi's stacks (2 MiB sync, 128 KiB async) are larger than that.`;

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

/**
 * The runtime of the glue: panic recovery for synchronous calls, the completion queue for
 * asynchronous ones. Keep the protocol in sync with packages/runtime/src/glue.ts.
 */
const GLUE_RUNTIME = `// genbindings_string and genbindings_slice have the layout of Go's string and slice headers.
type genbindings_string struct {
	p unsafe.Pointer
	n int
}

type genbindings_slice struct {
	p    unsafe.Pointer
	n, c int
}

// The length in bytes of a string parameter: n, or for a short JS string, whose UTF-8 length JS does
// not compute (it costs more than the call), minus its length in UTF-16 code units (JS's s.length).
// Walking the UTF-8 that koffi wrote and counting units gives the bytes, embedded NULs included: a
// code point of 4 bytes is 2 units (a surrogate pair), every other 1 (a lone surrogate became U+FFFD).
func genbindings_stringLength(p unsafe.Pointer, n int64) int {
	if n >= 0 {
		return int(n)
	}
	i := 0
	for units := -n; units > 0; {
		switch c := *(*byte)(unsafe.Add(p, i)); {
		case c < 0x80:
			i, units = i+1, units-1
		case c < 0xE0:
			i, units = i+2, units-1
		case c < 0xF0:
			i, units = i+3, units-1
		default:
			i, units = i+4, units-2
		}
	}
	return i
}

func genbindings_as[T, R any](r R) T { return *(*T)(unsafe.Pointer(&r)) }

func genbindings_store[R any](out unsafe.Pointer, offset uintptr, r R) {
	*(*R)(unsafe.Add(out, offset)) = r
}

// Panics of synchronous calls, by the OS thread that made the call. genbindings_state[0] counts them;
// JS reads it after every call through a view of this array, and takes its own thread's panic.
// The count lives in C memory: a pointer to Go memory may not be returned to C.
var (
	genbindings_state  = (*int32)(C.calloc(2, 4))
	genbindings_panics sync.Map // OS thread → panic text
)

func genbindings_recover() {
	if r := recover(); r != nil {
		text := genbindings_panicText(r, debug.Stack())
		genbindings_panics.Store(uint64(C.genbindings_thread()), text)
		atomic.AddInt32(genbindings_state, 1)
	}
}

// The panic value, a NUL, and the goroutine's stack.
func genbindings_panicText(r any, stack []byte) string {
	if err, ok := r.(error); ok {
		return err.Error() + "\\x00" + string(stack)
	}
	return fmt.Sprint(r) + "\\x00" + string(stack)
}

//export genbindings_state_address
func genbindings_state_address() unsafe.Pointer { return unsafe.Pointer(genbindings_state) }

// Copies the calling thread's panic into buf and forgets it; 0 when this thread has none, minus the
// size needed when buf is too small.
//
//export genbindings_take_panic
func genbindings_take_panic(buf unsafe.Pointer, size int64) int64 {
	thread := uint64(C.genbindings_thread())
	v, ok := genbindings_panics.Load(thread)
	if !ok {
		return 0
	}
	text := v.(string)
	if int64(len(text)) > size {
		return -int64(len(text))
	}
	copy(unsafe.Slice((*byte)(buf), size), text)
	genbindings_panics.Delete(thread)
	atomic.AddInt32(genbindings_state, -1)
	return int64(len(text))
}

// genbindings_callJS runs f, a call into C that reaches a JavaScript function (a C function pointer
// the module registered), with at most 64 such calls at once: the others wait in Go, where a waiting
// goroutine holds no OS thread. koffi runs a JS function called from a goroutine on Node's main thread
// and blocks the calling thread until it has run; 10,000 goroutines calling at once would otherwise
// hold 10,000 OS threads, and past 4,096 pending calls koffi crashes the process. Call it from
// goroutines your code starts: genbindings_callJS(func() { r = C.call_visit(handler, v) }).
func genbindings_callJS(f func()) {
	i := <-genbindings_jsSlots
	genbindings_jsWatch.Do(func() { go genbindings_watchJS(3 * time.Second) })
	genbindings_jsSince[i].Store(time.Now().UnixNano())
	defer func() {
		genbindings_jsSince[i].Store(0)
		genbindings_jsSlots <- i
	}()
	f()
}

// The 64 slots, each a number; genbindings_jsSince[i] is when slot i's call into C began (Unix
// nanoseconds), 0 while it is free.
var (
	genbindings_jsSlots = func() chan int {
		slots := make(chan int, len(genbindings_jsSince))
		for i := range genbindings_jsSince {
			slots <- i
		}
		return slots
	}()
	genbindings_jsSince [64]atomic.Int64
	genbindings_jsWatch sync.Once
)

// genbindings_watchJS detects, where it can, the deadlock of a synchronous call that waits for a
// goroutine that calls JS: JS is inside the call, so the goroutine's call into JS never runs. Every
// second it looks for a call through genbindings_callJS that has waited \`after\` or longer; if a
// synchronous wrapper is then on a goroutine's stack, it says so once on stderr, naming the export.
func genbindings_watchJS(after time.Duration) {
	// Reading every goroutine's stack stops the world: after a look that finds no synchronous call, the
	// next waits until the oldest call has waited twice as long, until no call waits that long any more.
	next := int64(after)
	for {
		time.Sleep(time.Second)
		now := time.Now().UnixNano()
		waited := int64(0)
		for i := range genbindings_jsSince {
			if t := genbindings_jsSince[i].Load(); t != 0 && now-t > waited {
				waited = now - t
			}
		}
		if waited < int64(after) {
			next = int64(after)
			continue
		}
		if waited < next {
			continue
		}
		next = 2 * waited
		if name := genbindings_syncCall(); name != "" {
			fmt.Fprintf(os.Stderr, "gen-bindings: a goroutine has waited %d s to call a JavaScript function (through genbindings_callJS) while JavaScript is inside the synchronous call of %s, which has not returned: if %s waits for that goroutine, neither can go on. Call the Async variant of %s instead: it leaves JavaScript free to run the callback (see docs/c-style-apis.md, \\"Callbacks from goroutines\\").\\n", waited/1e9, name, name, name)
			return
		}
	}
}

// genbindings_syncCall is the export whose synchronous wrapper is on a goroutine's stack (one that
// JS called and that has not returned), or "".
func genbindings_syncCall() string {
	buf := make([]byte, 64<<10)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	for _, line := range strings.Split(string(buf), "\\n") {
		// A frame line: "main.genbindings_sync_Fan(0x4, 0x7f...)".
		if _, after, found := strings.Cut(line, ".${GLUE_PREFIX}sync_"); found && !strings.HasPrefix(line, "\\t") {
			if name, _, ok := strings.Cut(after, "("); ok {
				return name
			}
		}
	}
	return ""
}

// genbindings_copyString, genbindings_copyBytes and genbindings_copyError copy a result of a
// //bindings:export function into C memory, which JS reads and frees with genbindings_free.
func genbindings_copyString[T any](s T) (unsafe.Pointer, int64) {
	return genbindings_copy(genbindings_as[string](s))
}

func genbindings_copyBytes[T any](b T) (unsafe.Pointer, int64) {
	bytes := genbindings_as[[]byte](b)
	return genbindings_copy(unsafe.String(unsafe.SliceData(bytes), len(bytes)))
}

func genbindings_copyError(err error) unsafe.Pointer {
	if err == nil {
		return nil
	}
	p, _ := genbindings_copy(err.Error() + "\\x00")
	return p
}

func genbindings_copy(s string) (unsafe.Pointer, int64) {
	if len(s) == 0 {
		return nil, 0
	}
	p := C.malloc(C.size_t(len(s)))
	copy(unsafe.Slice((*byte)(p), len(s)), s)
	return p, int64(len(s))
}

//export genbindings_free
func genbindings_free(p unsafe.Pointer) { C.free(p) }

// Copies n bytes from a copy the glue made into dst, and frees it.
//
//export genbindings_take
func genbindings_take(dst, src unsafe.Pointer, n int64) {
	copy(unsafe.Slice((*byte)(dst), n), unsafe.Slice((*byte)(src), n))
	C.free(src)
}

// One finished asynchronous call: its id, 0 (results in payload) or 1 (payload is a panic's text).
type genbindings_completion struct {
	id      uint64
	status  uint32
	payload []uint64
	small   [4]uint64 // the payload of results up to 32 bytes: one allocation per call
	keep    []any
	text    string
}

func genbindings_newCompletion(id uint64, size int) *genbindings_completion {
	c := &genbindings_completion{id: id}
	if words := (size + 7) / 8; words <= len(c.small) {
		c.payload = c.small[:words]
	} else {
		c.payload = make([]uint64, words)
	}
	return c
}

func (c *genbindings_completion) out() unsafe.Pointer {
	if len(c.payload) == 0 {
		return nil
	}
	return unsafe.Pointer(&c.payload[0])
}

func (c *genbindings_completion) bytes() []byte {
	if c.status != 0 {
		return unsafe.Slice(unsafe.StringData(c.text), len(c.text))
	}
	if len(c.payload) == 0 {
		return nil
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(&c.payload[0])), len(c.payload)*8)
}

// One completion queue per JS thread (the main thread, each worker) that makes asynchronous calls;
// a call's id carries its queue's index above its low 40 bits.
type genbindings_queue struct {
	sync.Mutex
	items    []*genbindings_completion
	drained  []*genbindings_completion // kept alive until the next drain: JS reads their results first
	notified bool
	// How JS hears of completions: a byte written to a pipe whose read end the JS thread's event loop
	// watches (no thread waits for JS), or, where that is not available, a JS function koffi calls.
	pipe, read *os.File
	notify     C.genbindings_notify
}

var (
	genbindings_queuesMu sync.Mutex
	genbindings_queues   []*genbindings_queue
)

func genbindings_queueOf(id uint64) *genbindings_queue {
	genbindings_queuesMu.Lock()
	defer genbindings_queuesMu.Unlock()
	return genbindings_queues[id>>40]
}

func genbindings_done(c *genbindings_completion) {
	if r := recover(); r != nil {
		c.status, c.text, c.keep = 1, genbindings_panicText(r, debug.Stack()), nil
	}
	q := genbindings_queueOf(c.id)
	q.Lock()
	q.items = append(q.items, c)
	call := !q.notified
	q.notified = true
	q.Unlock()
	// Only when the queue was empty: JS drains every completion there is when it runs.
	if call {
		if q.pipe != nil {
			q.pipe.Write([]byte{1})
		} else {
			C.genbindings_call(q.notify)
		}
	}
}

// Makes a completion queue that calls notify when it goes from empty to non-empty; returns its index.
//
//export genbindings_queue_init
func genbindings_queue_init(notify C.genbindings_notify) int64 {
	return genbindings_addQueue(&genbindings_queue{notify: notify})
}

// Makes a completion queue that writes a byte to a pipe when it goes from empty to non-empty; returns
// its index, and the pipe's read end in *fd (-1 when there is no pipe: then use genbindings_queue_init).
//
//export genbindings_queue_init_pipe
func genbindings_queue_init_pipe(fd *int64) int64 {
	r, w, err := os.Pipe()
	if err != nil {
		*fd = -1
		return -1
	}
	*fd = int64(r.Fd())
	return genbindings_addQueue(&genbindings_queue{pipe: w, read: r})
}

func genbindings_addQueue(q *genbindings_queue) int64 {
	genbindings_queuesMu.Lock()
	defer genbindings_queuesMu.Unlock()
	genbindings_queues = append(genbindings_queues, q)
	return int64(len(genbindings_queues) - 1)
}

// Writes as many completions as fit into buf, each as id (8 bytes), status (4), length (4) and the
// payload padded to 8 bytes; returns the bytes written, or minus the size the next one needs.
//
//export genbindings_drain
func genbindings_drain(queue int64, buf unsafe.Pointer, size int64) int64 {
	q := genbindings_queueOf(uint64(queue) << 40)
	q.Lock()
	defer q.Unlock()
	dst := unsafe.Slice((*byte)(buf), size)
	w, n := int64(0), 0
	for _, c := range q.items {
		b := c.bytes()
		need := 16 + (int64(len(b))+7)/8*8
		if w+need > size {
			if n == 0 {
				return -need
			}
			break
		}
		*(*uint64)(unsafe.Pointer(&dst[w])) = c.id
		*(*uint32)(unsafe.Pointer(&dst[w+8])) = c.status
		*(*uint32)(unsafe.Pointer(&dst[w+12])) = uint32(len(b))
		copy(dst[w+16:], b)
		w += need
		n++
	}
	q.drained = append(q.drained[:0], q.items[:n]...)
	q.items = append(q.items[:0], q.items[n:]...)
	if len(q.items) == 0 {
		q.notified = false
	}
	return w
}
`;

/** Contexts of asynchronous calls to //bindings:export functions that take one, cancelled from JS. */
const CONTEXT_RUNTIME = `var genbindings_cancels sync.Map // call id → context.CancelFunc

func genbindings_newContext(id uint64) context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	genbindings_cancels.Store(id, cancel)
	return ctx
}

func genbindings_forget(id uint64) {
	if cancel, ok := genbindings_cancels.LoadAndDelete(id); ok {
		cancel.(context.CancelFunc)()
	}
}

// Cancels the context of the asynchronous call id (its AbortSignal aborted).
//
//export genbindings_cancel
func genbindings_cancel(id uint64) { genbindings_forget(id) }
`;

const GLUE_PREAMBLE = `/*
#include <stdint.h>
#include <stdlib.h>
#ifdef _WIN32
#include <windows.h>
static inline uint64_t genbindings_thread(void) { return (uint64_t)GetCurrentThreadId(); }
#else
#include <pthread.h>
static inline uint64_t genbindings_thread(void) { return (uint64_t)(uintptr_t)pthread_self(); }
#endif
typedef void (*genbindings_notify)(void);
static inline void genbindings_call(genbindings_notify f) { f(); }
*/`;

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
