// Caller-provided buffers (issue 10): //bindings:out makes a *C.char parameter a byte buffer the
// function writes into, visible after the call; numeric pointers take TypedArrays the same way.
import { beforeAll, describe, expect, it } from 'vitest';
import { generateFromSource } from '../packages/generator/src/generate.js';
import { formatDiagnostic } from '../packages/generator/src/model/diagnostics.js';
import { buildGo, generateAndImport } from './support/harness.js';
import type * as OutBuf from './.work/outbuf/outbuf.js';

let m: typeof OutBuf;

beforeAll(async () => {
  m = await generateAndImport<typeof OutBuf>(await buildGo('outbuf', 'outbuf'), 'outbuf');
});

describe('//bindings:out', () => {
  it('passes a Uint8Array the function writes into, with its length through a *C.size_t', () => {
    const value = new Uint8Array(64);
    const length = new BigUint64Array([64n]);
    expect(m.GetOption('uri', value, length)).toBe(0);
    expect(length[0]).toBe(22n);
    expect(Buffer.from(value.subarray(0, 21)).toString()).toBe('grpc://localhost:1234');
    expect(value[21]).toBe(0);
  });

  it('leaves a buffer that is too small alone and says the size needed', () => {
    const small = new Uint8Array(4);
    const length = new BigUint64Array([4n]);
    expect(m.GetOption('uri', small, length)).toBe(0);
    expect(length[0]).toBe(22n);
    expect([...small]).toEqual([0, 0, 0, 0]);
  });

  it('takes no string for the buffer: what C wrote would be lost', () => {
    expect(() => m.GetOption('uri', 'x' as never, new BigUint64Array([1n]))).toThrow(
      new TypeError('GetOption: argument value must be a Uint8Array, a pointer (a bigint from 0 to 2^64 - 1) or null; got string "x"'),
    );
  });

  it('is checked: it names parameters that are pointers to char or to numbers', async () => {
    const diagnose = async (directive: string, params: string) =>
      (await generateFromSource([{ path: 'lib.go', text: `package main\n\nimport "C"\n\n${directive}\n//export F\nfunc F(${params}) {}\n\nfunc main() {}\n` }])).diagnostics.map(formatDiagnostic);
    expect(await diagnose('//bindings:out nope', 'value *C.char')).toEqual(['lib.go:5:1: error: //bindings:out names nope, which is not a parameter of F; check the spelling [bad-directive]']);
    expect(await diagnose('//bindings:out n', 'n C.int')).toEqual(['lib.go:5:1: error: //bindings:out names n, a C.int; it takes a pointer to char or to a number (a buffer the function writes into) [bad-directive]']);
    expect(await diagnose('//bindings:out', 'value *C.char')).toEqual(['lib.go:5:1: error: //bindings:out names the parameters the function writes into; write //bindings:out value [bad-directive]']);
    expect(await diagnose('//bindings:out n', 'n *C.int')).toEqual([]);
  });
});
