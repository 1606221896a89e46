// Issue 10's C-API fixture (test/fixtures/capi): a key-value store behind a C header of its own (capi.h,
// kv.c), built with real Go, generated, type-checked and called end to end through the module's public
// API only; every layout checked against the C compiler; callbacks called synchronously and from
// goroutines 10,000 times with memory staying flat.
import * as fs from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { cString } from '@gen-bindings/runtime';
import type { Ref } from '@gen-bindings/runtime';
import { checkAbi, formatDiagnostic, generate } from 'gen-bindings';
import type { CheckAbiResult } from 'gen-bindings';
import koffi from 'koffi';
import { REPO, buildGo, generateAndImport, typecheck } from './support/harness.js';
import type * as Capi from './.work/capi/capi.js';

let m: typeof Capi;
let built: Awaited<ReturnType<typeof buildGo>>;
let moduleFile: string;

beforeAll(async () => {
  built = await buildGo('capi', 'capi');
  m = await generateAndImport<typeof Capi>(built, 'capi');
  moduleFile = `${built.dir}/capi.ts`;
});

const MiB = 1024 * 1024;

/** Resident memory growth over `rounds` calls of `round`, after two rounds that let the heap settle. */
async function growth(rounds: number, round: () => unknown): Promise<number> {
  for (let i = 0; i < 2; i++) await round();
  globalThis.gc?.();
  const before = process.memoryUsage().rss;
  for (let i = 0; i < rounds; i++) await round();
  globalThis.gc?.();
  return process.memoryUsage().rss - before;
}

/** The bytes of a NUL-terminated string in a char array (sqlstate) or buffer. */
const text = (bytes: ArrayLike<number>, n: number): string => Buffer.from(Array.from(bytes).slice(0, n)).toString('latin1');

describe('the fixture', () => {
  it('binds every export but the skipped one, each called below', async () => {
    const functions = Object.keys(m).filter((k) => typeof (m as Record<string, unknown>)[k] === 'function' && !k.endsWith('Async'));
    expect(functions.sort()).toEqual([
      'KvDbCount', 'KvDbDelete', 'KvDbDescribe', 'KvDbGet', 'KvDbGetOption', 'KvDbInit', 'KvDbNew', 'KvDbPut', 'KvDbRelease', 'KvDbScan',
      'KvDbSetOption', 'KvDbStats', 'KvDbVisit', 'KvEntryMake', 'KvEntryTag', 'KvErrorFail', 'KvErrorRelease', 'KvFan', 'KvFree', 'KvFreed',
      'KvHash', 'KvI8', 'KvKeyLen', 'KvKeyName', 'KvLog', 'KvMode', 'KvOff', 'KvPointAdd', 'KvPointScale', 'KvRectArea', 'KvRectGrow',
      'KvRectUnion', 'KvRepeat', 'KvSetLogger', 'KvSizeNext', 'KvStatusCheck', 'KvStatusName', 'KvStrLive', 'KvTypeOf', 'KvU16', 'KvUid',
      'KvValueOf', 'KvValueReal', 'KvVersion', 'loadLibrary', 'setLibraryPath',
    ]);
    const go = fs.readFileSync(`${built.dir}/capi.go`, 'utf8');
    expect(go.match(/^\/\/export /gm)).toHaveLength(45);
  });

  it('type-checks as strict TypeScript', () => {
    expect(typecheck([moduleFile])).toBe('');
    const ts = fs.readFileSync(moduleFile, 'utf8');
    expect(ts).toContain('export function KvDbGetOption(db: Ref<kv_db> | Pointer | null, key: string | Pointer | null, value: Uint8Array | Pointer | null, length: BigUint64Array | Pointer | null, err: Ref<kv_error> | Pointer | null): number');
    expect(ts).toContain('export function KvKeyLen(key: string | Pointer | null): number');
    expect(ts).toContain('export function KvDbStats(db: Ref<kv_db> | Pointer | null): kv_stats');
  });

  it('leaves out the export marked //bindings:skip', async () => {
    const r = await generate({ inputs: [built.dir], cwd: REPO });
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([]);
    expect(r.funcs.map((f) => f.func.name)).not.toContain('KvDebugDump');
    expect(r.funcs).toHaveLength(44);
    expect(fs.readFileSync(moduleFile, 'utf8')).not.toContain('KvDebugDump');
  });
});

describe('layouts, checked against the C compiler', () => {
  let check: CheckAbiResult;
  beforeAll(async () => {
    check = await checkAbi({ inputs: [built.dir], header: built.header, cwd: REPO });
  });

  it('every prototype equals the header cgo wrote', () => {
    expect(check.diagnostics.map(formatDiagnostic)).toEqual([]);
    expect(check.checked).toBe(44);
    // KvDebugDump (//bindings:skip) is in the header and has no binding by design: not a mismatch.
    expect(check.mismatches.map((x) => `${x.kind} ${x.name}`)).toEqual([]);
  });

  it('measures every struct, union, enum and typedef the signatures reach, and all agree', () => {
    const layout = check.layout!;
    expect(layout.mismatches).toEqual([]);
    expect(layout.unmeasured).toEqual([]);
    const measured = (c: string) => layout.measured.get(c)!;
    expect(layout.expected.map((i) => i.c)).toEqual(expect.arrayContaining([
      'status_t', 'cchar_t', 'size_t', 'off_t', 'mode_t', 'uid_t', 'kv_real', 'kv_i8', 'kv_u16', 'enum kv_status', 'kv_type', 'kv_visit', 'kv_log',
      'kv_point', 'struct kv_rect', 'union kv_value', 'struct kv_entry', 'struct kv_stats', 'struct kv_error', 'struct kv_db', 'struct kv_stream',
    ]));
    const facts = (c: string) => ({ c, size: measured(c).size, signed: measured(c).signed });
    expect(['status_t', 'off_t', 'mode_t', 'uid_t', 'size_t', 'kv_i8', 'kv_u16', 'enum kv_status', 'kv_type'].map(facts)).toEqual([
      { c: 'status_t', size: 4, signed: true }, { c: 'off_t', size: 8, signed: true }, { c: 'mode_t', size: 4, signed: false },
      { c: 'uid_t', size: 4, signed: false }, { c: 'size_t', size: 8, signed: false }, { c: 'kv_i8', size: 1, signed: true },
      { c: 'kv_u16', size: 2, signed: false }, { c: 'enum kv_status', size: 4, signed: true }, { c: 'kv_type', size: 4, signed: false },
    ]);
  });

  it("the module's koffi records have the compiler's size, alignment and field offsets", () => {
    const records = { kv_point: m.kv_point, kv_rect: m.kv_rect, kv_value: m.kv_value, kv_entry: m.kv_entry, kv_stats: m.kv_stats, kv_error: m.kv_error, kv_db: m.kv_db, kv_stream: m.kv_stream };
    for (const [name, type] of Object.entries(records)) {
      const c = check.layout!.measured.get(type.c)!;
      expect([name, koffi.sizeof(type.koffiType), koffi.alignof(type.koffiType), type.size]).toEqual([name, c.size, c.align, c.size]);
      // koffi has no offsetof for unions: every member of one starts at 0, in C and in koffi.
      const union = type.c.startsWith('union ');
      for (const f of c.fields) expect([name, f.name, union ? 0 : koffi.offsetof(type.koffiType, f.name)]).toEqual([name, f.name, f.offset]);
    }
  });
});

describe('constants', () => {
  it('exports the enums of the header and the preamble as const objects', () => {
    expect(m.kv_status).toEqual({ KV_OK: 0, KV_NOT_FOUND: 1, KV_INVALID: 2, KV_END: 3, KV_IO: -5 });
    expect(m.kv_type).toEqual({ KV_TYPE_NONE: 0, KV_TYPE_INT: 1, KV_TYPE_REAL: 2 });
    expect(m.kv_level).toEqual({ KV_DEBUG: 10, KV_INFO: 20, KV_WARN: 21, KV_ERROR: 40 });
    expect([m.KV_FLAG_SYNC, m.KV_FLAG_READONLY]).toEqual([1, 2]);
  });

  it('exports the #defines of the header and the preamble, valued by the compiler', () => {
    expect([m.KV_VERSION, m.KV_NAME, m.KV_LOAD_FACTOR, m.KV_MAX_KEYS, m.KV_ALL_FLAGS, m.KV_NO_KEY, m.KV_HASH_SEED]).toEqual([1002003, 'capi-kv', 0.75, 1024, 3, -1, 0x811c9dc5]);
    expect([m.KV_DEFAULT_PORT, m.KV_PREAMBLE_LIMIT, m.KV_GREETING, m.KV_EPSILON]).toEqual([7070, 4096, 'hello from the preamble', 1e-9]);
    expect(m.KvVersion()).toBe(m.KV_VERSION);
  });
});

describe('scalars through typedefs', () => {
  it('pass system typedefs with their sizes and signedness', () => {
    expect(m.KvMode(0o644)).toBe(0o744);
    expect(m.KvOff(2 ** 40)).toBe(2 ** 41);
    expect(m.KvOff(-3)).toBe(-6);
    expect(() => m.KvOff(2n ** 60n)).toThrow(RangeError); // 2^61 is no exact JS number
    expect(m.KvUid(4_294_967_294)).toBe(4_294_967_295);
    expect(() => m.KvUid(-1)).toThrow(RangeError);
    expect(m.KvSizeNext(2 ** 40)).toBe(2 ** 40 + 1);
    expect(m.KvSizeNext(2n ** 64n - 1n)).toBe(0);
    expect(() => m.KvSizeNext(-1)).toThrow(RangeError);
  });

  it("pass the header's typedefs and enums", () => {
    expect(m.KvStatusCheck(m.kv_status.KV_IO)).toBe(-5);
    expect(m.KvStatusCheck(77)).toBe(m.kv_status.KV_INVALID);
    expect(() => m.KvStatusCheck(2 ** 31)).toThrow(RangeError);
    expect(m.KvStatusName(m.kv_status.KV_NOT_FOUND)).toBe('not found');
    expect(m.KvStatusName(9)).toBe('status 9');
    expect(m.KvTypeOf(2)).toBe(m.kv_type.KV_TYPE_INT);
    expect(m.KvTypeOf(2.5)).toBe(m.kv_type.KV_TYPE_REAL);
    expect(m.KvI8(-127)).toBe(127);
    expect(() => m.KvI8(128)).toThrow(new RangeError('KvI8: argument x must be an integer number from -128 to 127 (int8); got 128'));
    expect(m.KvU16(65_534)).toBe(65_535);
    expect(m.KvU16(65_535)).toBe(0);
    expect(() => m.KvU16(-1)).toThrow(RangeError);
  });

  it('take a string for a pointer to a typedef of const char, and a Uint8Array for a uint8_t pointer', () => {
    expect(m.KvKeyLen('héllo')).toBe(6);
    const bytes = new TextEncoder().encode('hello');
    expect(m.KvHash(bytes, bytes.length)).toBe(0x4f9f2cab); // FNV-1a of "hello"
  });
});

describe('records by value', () => {
  it('pass and return structs, nested structs and fixed arrays', () => {
    expect(m.KvPointAdd({ x: 1, y: 2 }, { x: 30, y: 40 })).toEqual({ x: 31, y: 42 });
    const a = { min: { x: 0, y: 0 }, max: { x: 4, y: 5 }, flags: new Uint8Array([1, 0, 0, 0]) };
    const b = { min: { x: -2, y: 1 }, max: { x: 3, y: 9 }, flags: new Uint8Array([0, 2, 0, 4]) };
    expect(m.KvRectArea(a)).toBe(20);
    expect(m.KvRectUnion(a, b)).toEqual({ min: { x: -2, y: 0 }, max: { x: 4, y: 9 }, flags: new Uint8Array([1, 2, 0, 4]) });
    expect(() => m.KvRectArea({ ...a, flags: new Uint8Array(3) })).toThrow(new TypeError('KvRectArea: argument r.flags must be a Uint8Array of 4 elements; got Uint8Array'));
  });

  it('pass and return a union, and a struct holding one', () => {
    expect(m.KvValueReal({ d: 2.5 }, m.kv_type.KV_TYPE_REAL)).toBe(2.5);
    expect(m.KvValueReal({ i: 7 }, m.kv_type.KV_TYPE_INT)).toBe(7);
    expect(() => m.KvValueReal({ i: 1, d: 2 }, 0)).toThrow(TypeError);
    expect(m.KvValueOf(0.125).d).toBe(0.125);
    const e = m.KvEntryMake(70_001, 1.5);
    expect([e.key, e.type, e.value.d, [...e.tags]]).toEqual([70_001, m.kv_type.KV_TYPE_REAL, 1.5, [70_001 & 0xffff, 0, 0]]);
    const i = m.KvEntryMake(3, 42);
    expect([i.type, i.value.i]).toEqual([m.kv_type.KV_TYPE_INT, 42]);
  });

  it('return a struct of system typedefs', () => {
    expect(m.KvDbStats(null)).toEqual({ count: 0, bytes: 0, mode: 0, owner: 0, last: m.kv_status.KV_INVALID, load: 0 });
  });
});

describe('pointers to records', () => {
  it('allocate, write and read fields by name, pass, free', () => {
    const p = m.kv_point.alloc({ x: 2, y: -3 });
    m.KvPointScale(p, 5);
    expect(p.get()).toEqual({ x: 10, y: -15 });
    const r = m.kv_rect.alloc({ min: { x: 0, y: 0 }, max: { x: 1, y: 1 }, flags: new Uint8Array(4) });
    m.KvRectGrow(r, 2);
    expect(r.get()).toEqual({ min: { x: 0, y: 0 }, max: { x: 3, y: 3 }, flags: new Uint8Array([0, 0, 0, 9]) });
    r.set({ max: { x: 10, y: 20 } });
    expect(m.KvRectArea(r.get())).toBe(200);
    const e = m.kv_entry.alloc({ key: 5 });
    expect(m.KvEntryTag(e, 2, 65_535)).toBe(m.kv_status.KV_OK);
    expect(m.KvEntryTag(e, 3, 1)).toBe(m.kv_status.KV_INVALID);
    expect([e.get().key, [...e.get().tags]]).toEqual([5, [0, 0, 65_535]]);
    expect(() => m.KvRectGrow(p as never, 1)).toThrow(new TypeError('KvRectGrow: argument r must be a Ref of struct kv_rect, a pointer or null; got a Ref of kv_point'));
    for (const ref of [p, r, e] as Ref<unknown>[]) ref.free();
    expect(() => m.KvPointScale(p, 1)).toThrow(new Error('kv_point: KvPointScale(p) after free'));
  });

  it('fill an error struct that TS releases through its function pointer, or C through the API', () => {
    const err = m.kv_error.alloc();
    expect(() => m.kv_error.release(err, err)).toThrow(new Error('kv_error.release: the function pointer is NULL'));
    expect(m.KvErrorFail(err, m.kv_status.KV_NOT_FOUND)).toBe(m.kv_status.KV_NOT_FOUND);
    const e = err.get();
    expect([cString(e.message), e.vendor_code, text(e.sqlstate, 5), e.release === null]).toEqual(['failed with status 1', 100, '42S02', false]);
    m.kv_error.release(err, err);
    expect([err.get().message, err.get().release]).toEqual([null, null]);
    expect(m.KvErrorFail(err, m.kv_status.KV_IO)).toBe(m.kv_status.KV_IO);
    m.KvErrorRelease(err);
    expect(err.get().message).toBeNull();
    m.KvErrorRelease(err); // release is NULL now: nothing to call
    err.free();
  });
});

describe('a database handle kept between calls (ADBC style)', () => {
  it('goes through new, set option, init, use and release', () => {
    const db = m.kv_db.alloc();
    const err = m.kv_error.alloc();
    const { KV_OK, KV_NOT_FOUND, KV_INVALID, KV_END, KV_IO } = m.kv_status;
    const message = (): string | null => cString(err.get().message);

    expect(m.KvDbNew(null, err)).toBe(KV_INVALID);
    expect(message()).toBe('db is NULL');
    expect(m.KvDbNew(db, err)).toBe(KV_OK);
    expect(db.get().private_data).not.toBeNull();
    expect(m.KvDbNew(db, err)).toBe(KV_INVALID);
    expect(m.KvDbInit(db, err)).toBe(KV_INVALID);
    expect(message()).toBe('option uri is not set');
    expect(m.KvDbPut(db, 1, 1, err)).toBe(KV_INVALID);
    expect(message()).toBe('database is not initialized');
    expect(m.KvDbSetOption(db, 'colour', 'red', err)).toBe(KV_NOT_FOUND);
    expect([message(), text(err.get().sqlstate, 5)]).toEqual(['unknown option colour', '42S02']);
    expect(m.KvDbSetOption(db, 'uri', 'mem://kv/test', err)).toBe(KV_OK);
    expect(m.KvDbInit(db, err)).toBe(KV_OK);
    expect(db.get().flags).toBe(m.KV_FLAG_SYNC);

    // An option copied into the caller's buffer (//bindings:out), with the size it needs.
    const value = new Uint8Array(64);
    const length = new BigUint64Array([64n]);
    expect(m.KvDbGetOption(db, 'uri', value, length, err)).toBe(KV_OK);
    expect([length[0], text(value, 13), value[13]]).toEqual([14n, 'mem://kv/test', 0]);
    const small = new Uint8Array(4);
    length[0] = 4n;
    expect(m.KvDbGetOption(db, 'uri', small, length, err)).toBe(KV_OK);
    expect([length[0], [...small]]).toEqual([14n, [0, 0, 0, 0]]);
    expect(m.KvDbGetOption(db, 'kv.readonly', value, length, err)).toBe(KV_NOT_FOUND);

    for (const [k, v] of [[3, 0.5], [1, 10], [2, 2.25], [2 ** 40, -1]] as const) expect(m.KvDbPut(db, k, v, err)).toBe(KV_OK);
    const out = new Float64Array(1);
    expect(m.KvDbGet(db, 2, out, err)).toBe(KV_OK);
    expect(out[0]).toBe(2.25);
    expect(m.KvDbGet(db, 9, out, err)).toBe(KV_NOT_FOUND);
    expect(message()).toBe('key 9 not found');
    expect(m.KvDbDelete(db, 2 ** 40, err)).toBe(KV_OK);
    expect(m.KvDbDelete(db, 2 ** 40, err)).toBe(KV_NOT_FOUND);
    expect(m.KvDbCount(db)).toBe(3);
    expect(m.KvDbStats(db)).toEqual({ count: 3, bytes: 48, mode: 0o640, owner: 4_000_000_000, last: KV_NOT_FOUND, load: 3 / 1024 });

    // A JS function for a C function pointer, released after the call: key order, stop at a negative result.
    const visited: [number | bigint, number][] = [];
    expect(m.KvDbVisit(db, (_user, key, v) => (visited.push([key, v]), Number(key) * 100), null)).toBe(600);
    expect(visited).toEqual([[1, 10], [2, 2.25], [3, 0.5]]);
    expect(m.KvDbVisit(db, (_u, key) => (key === 2 ? -1 : 7), null)).toBe(7);

    // Iteration through a struct of function pointers, called from TS (ArrowArrayStream style).
    const stream = m.kv_stream.alloc();
    const entry = m.kv_entry.alloc();
    expect(m.KvDbScan(db, stream, err)).toBe(KV_OK);
    const entries: [number | bigint, number, number | bigint | undefined][] = [];
    while (m.kv_stream.get_next(stream, stream, entry) === KV_OK) {
      const e = entry.get();
      entries.push([e.key, e.type, e.type === m.kv_type.KV_TYPE_INT ? e.value.i : e.value.d]);
    }
    expect(entries).toEqual([[1, m.kv_type.KV_TYPE_INT, 10], [2, m.kv_type.KV_TYPE_REAL, 2.25], [3, m.kv_type.KV_TYPE_REAL, 0.5]]);
    expect(m.kv_stream.get_next(stream, stream, entry)).toBe(KV_END);
    expect(m.kv_stream.get_last_error(stream, stream)).toBeNull();
    expect(m.kv_stream.get_next(stream, stream, null)).toBe(KV_INVALID);
    expect(m.kv_stream.get_last_error(stream, stream)).toBe('get_next: out is NULL');
    m.kv_stream.release(stream, stream);
    expect(stream.get()).toEqual({ get_next: null, get_last_error: null, release: null, private_data: null });
    expect(() => m.kv_stream.get_next(stream, stream, entry)).toThrow(new Error('kv_stream.get_next: the function pointer is NULL'));

    // A result freed by kv_str_free, a C function of the package (libc free would abort in kv.c).
    expect(m.KvDbDescribe(db)).toBe('kv: 3 keys at mem://kv/test');
    expect(m.KvDbDescribe(null)).toBe('kv: not created');
    expect(m.KvStrLive()).toBe(0);

    expect(m.KvDbRelease(db, err)).toBe(KV_OK);
    expect(db.get()).toEqual({ private_data: null, flags: 0 });
    expect(m.KvDbRelease(db, err)).toBe(KV_INVALID);
    expect(m.KvDbCount(db)).toBe(0);
    m.kv_error.release(err, err);

    // Read-only: the option reaches Init, which sets a flag that Put reads back from the kept struct.
    expect(m.KvDbNew(db, err)).toBe(KV_OK);
    expect(m.KvDbSetOption(db, 'uri', 'mem://ro', err)).toBe(KV_OK);
    expect(m.KvDbSetOption(db, 'kv.readonly', 'true', err)).toBe(KV_OK);
    expect(m.KvDbInit(db, err)).toBe(KV_OK);
    expect(db.get().flags).toBe(m.KV_ALL_FLAGS);
    expect(m.KvDbPut(db, 1, 1, err)).toBe(KV_IO);
    expect([message(), err.get().vendor_code]).toEqual(['database is read-only', -500]);
    expect(m.KvDbRelease(db, err)).toBe(KV_OK);
    m.KvErrorRelease(err);
    for (const ref of [db, err, stream, entry] as Ref<unknown>[]) ref.free();
  });
});

describe('Refs given to an Async call', () => {
  it('cannot be freed until the call completes (Go may still use the memory); then they can', async () => {
    const db = m.kv_db.alloc();
    const err = m.kv_error.alloc();
    const started = m.KvDbNewAsync(db, err);
    const busy = 'struct kv_db: free() while an Async call that was given this Ref has not completed (Go may still use the memory); free it once it has settled';
    expect(() => db.free()).toThrow(new Error(busy));
    // Two calls in flight: both must complete.
    const second = m.KvDbCountAsync(db);
    expect(() => db.free()).toThrow(new Error(busy.replace('an Async call that was given this Ref has', '2 Async calls that were given this Ref have').replace('once it has', 'once they have')));
    expect(await started).toBe(m.kv_status.KV_OK);
    expect(await second).toBe(0);
    expect(m.KvDbRelease(db, err)).toBe(m.kv_status.KV_OK);
    db.free();
    err.free();
    expect(() => db.get()).toThrow(new Error('struct kv_db: get after free'));
  });
});

describe('results freed by a named function', () => {
  it('frees with a Go export (//bindings:free KvFree) and with a C function (kv_str_free)', async () => {
    const before = m.KvFreed();
    expect(m.KvKeyName(7)).toBe('key-7');
    expect(await m.KvKeyNameAsync(-1)).toBe('key--1');
    expect(m.KvFreed()).toBe(before + 2);
    m.KvFree(null);
    expect(m.KvFreed()).toBe(before + 2);
    for (let i = 0; i < 1000; i++) m.KvDbDescribe(null);
    expect(m.KvStrLive()).toBe(0);
  });
});

describe('callbacks', () => {
  it('a kept one (//bindings:keep) is a Callback the caller registers and releases', () => {
    const seen: unknown[] = [];
    const logger = m.kv_log.register((level, message) => void seen.push(level, message));
    expect(m.KvLog(m.kv_level.KV_INFO, 'dropped')).toBe(0);
    m.KvSetLogger(logger);
    expect(m.KvLog(m.kv_level.KV_WARN, 'disk almost full')).toBe(1);
    expect(seen).toEqual([21, 'disk almost full']);
    for (let i = 0; i < 10_000; i++) m.KvLog(i, 'x');
    expect(seen).toHaveLength(2 + 20_000);
    m.KvSetLogger(null);
    expect(m.KvLog(m.kv_level.KV_ERROR, 'dropped')).toBe(0);
    logger.release();
    expect(() => m.KvSetLogger((() => undefined) as never)).toThrow(TypeError);
  });

  // 70,000 functions registered one call each: koffi's callback slots would run out if they were not released.
  it('are called synchronously 10,000 times in one call and over 10,000 calls, with memory flat', async () => {
    let calls = 0;
    expect(m.KvRepeat(10_000, (_u, key, value) => (calls++, Number(key) % 3 + (value === Number(key) / 2 ? 1 : 0)), null)).toBe(19_999);
    expect(calls).toBe(10_000);
    let total = 0;
    for (let i = 0; i < 10_000; i++) total += m.KvRepeat(2, (_u, key) => Number(key) + 1, null);
    expect(total).toBe(30_000);
    // Each round registers and releases 10,000 fresh functions, and C calls each once.
    const grown = await growth(5, () => {
      for (let i = 0; i < 10_000; i++) m.KvRepeat(1, () => 1, null);
    });
    expect(grown).toBeLessThan(64 * MiB);
  });

  it('an exception in the JS function reaches the caller once C returns', () => {
    expect(() => m.KvRepeat(3, () => { throw new Error('from the callback'); }, null)).toThrow(new Error('from the callback'));
  });

  it('are called from 10,000 goroutines at once during an Async call, with memory flat', async () => {
    let calls = 0;
    const fan = () => m.KvFanAsync(10_000, (_u, key, value) => (calls++, value === Number(key) / 2 ? Number(key) % 7 : -1_000_000));
    let expected = 0;
    for (let k = 0; k < 10_000; k++) expected += k % 7;
    expect(await fan()).toBe(expected);
    expect(calls).toBe(10_000);
    const grown = await growth(5, async () => expect(await fan()).toBe(expected));
    expect(calls).toBe(10_000 * 8);
    expect(grown).toBeLessThan(64 * MiB);
  });
});
