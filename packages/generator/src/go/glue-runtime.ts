// The fixed Go code of the glue (go/glue.ts adds the wrappers of each export): the stack-bounds fix,
// panic recovery, the completion queue, the gate for calls into JS, and the cgo preamble they use.
import { GLUE_PREFIX } from '../model/glue-names.js';

export const STACK_BOUNDS_NOTE = `// koffi runs every C call on a stack it allocated itself. When C calls into Go on a thread Go did not
// create, Go 1.23+ checks whether the stack pointer lies inside the bounds it recorded for the thread;
// with koffi it never does, so Go asks again on every call (x_cgo_getstackbound → pthread_getattr_np),
// which on the main thread parses /proc/self/maps: about 100 µs per call instead of 100 ns
// (golang/go#68587). Clearing the hook makes Go use the fixed 32 KiB estimate below the stack pointer
// that releases before 1.21 used; koffi's stacks (2 MiB sync, 128 KiB async) are larger than that.`;

/**
 * The runtime of the glue: panic recovery for synchronous calls, the completion queue for
 * asynchronous ones. Keep the protocol in sync with packages/runtime/src/glue.ts.
 */
export const GLUE_RUNTIME = `// genbindings_string and genbindings_slice have the layout of Go's string and slice headers.
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
export const CONTEXT_RUNTIME = `var genbindings_cancels sync.Map // call id → context.CancelFunc

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

export const GLUE_PREAMBLE = `/*
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
