// C types the exports reach through the preamble's #includes (issue 10): system typedefs (mode_t,
// off_t, uid_t), the package's own typedefs and enums, a typedef of const char as a string. Sizes and
// signedness come from the C compiler; the prototypes must equal cgo's header.
import * as fs from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkAbi } from '../packages/generator/src/abi-check/check-abi.js';
import { generate } from '../packages/generator/src/generate.js';
import { REPO, buildGo, generateAndImport } from './support/harness.js';
import type * as CTypedefs from './.work/ctypedefs/ctypedefs.js';

let m: typeof CTypedefs;
let built: ReturnType<typeof buildGo>;

beforeAll(async () => {
  built = await buildGo('ctypedefs', 'ctypedefs');
  m = await generateAndImport<typeof CTypedefs>(built, 'ctypedefs');
});

describe('typedefs from included headers', () => {
  it('binds every export with the C types cgo writes in the header', async () => {
    const r = await generate({ inputs: [built.dir], cwd: REPO });
    expect(r.diagnostics).toEqual([]);
    expect(r.funcs.map((f) => `${f.abi.params.map((p) => p.type.c).join(', ')} -> ${f.abi.result.kind === 'single' ? f.abi.result.type.c : f.abi.result.kind}`)).toEqual([
      'mode_t -> mode_t', 'off_t -> off_t', 'uid_t -> uid_t', 'api_status -> api_status', 'enum api_color -> enum api_color',
      'api_size -> api_size', 'api_cchar* -> size_t', 'api_real -> api_real', 'api_i16_again -> api_i16_again',
    ]);
    const check = await checkAbi({ inputs: [built.dir], header: built.header, cwd: REPO });
    expect(check.diagnostics).toEqual([]);
    expect(check.mismatches).toEqual([]);
    expect(check.checked).toBe(9);
  });

  it('passes them with the sizes and signedness of the target', () => {
    expect(m.Mode(0o644)).toBe(0o744);
    expect(m.Off(2 ** 40)).toBe(2 ** 41);
    expect(m.Uid(4_294_967_294)).toBe(4_294_967_295);
    expect(m.Status(254)).toBe(255);
    expect(m.Color(-1)).toBe(0);
    expect(m.Size(2)).toBe(4);
    expect(m.Ratio(1)).toBe(0.25);
    expect(m.Neg(-32767)).toBe(32767);
  });

  it('checks arguments against the measured ranges', () => {
    expect(() => m.Status(256)).toThrow(new RangeError('Status: argument code must be an integer number from 0 to 255 (uint8); got 256'));
    expect(() => m.Uid(-1)).toThrow(RangeError);
    expect(() => m.Neg(40_000)).toThrow(new RangeError('Neg: argument x must be an integer number from -32768 to 32767 (int16); got 40000'));
  });

  it('takes a string for a pointer to a typedef of const char', () => {
    expect(m.Len('héllo')).toBe(6);
  });

  it('exports the enums and #defines of the preamble and its own headers, valued by the compiler', () => {
    expect(m.api_color).toEqual({ API_RED: -1, API_GREEN: 5, API_BLUE: 6 });
    expect(m.api_size).toEqual({ API_SMALL: 1, API_LARGE: 2 });
    expect([m.API_LOOSE_A, m.API_LOOSE_B]).toEqual([16, 17]);
    expect(m.API_VERSION).toBe(1001000);
    expect(m.API_NAME).toBe('typedefs');
    expect(m.API_RATIO).toBe(0.5);
    expect(m.API_BIG).toBe(2n ** 64n - 1n);
    expect(m.API_MIN_I64).toBe(-(2n ** 63n));
    expect(m.API_DERIVED).toBe(1006);
    // Pointers are bigint addresses, whatever their value; integers wider than 64 bits are exact.
    expect([m.API_INVALID_HANDLE, m.API_NO_HANDLE]).toEqual([2n ** 64n - 1n, 0n]);
    expect([m.API_BIT_100, m.API_MIN_I128]).toEqual([2n ** 100n, -(2n ** 100n) - 3n]);
    const text = fs.readFileSync(`${built.dir}/ctypedefs.ts`, 'utf8');
    // Not constants (a type, a function-like macro), and not the system headers' (SIZE_MAX).
    for (const absent of ['API_NOT_A_CONSTANT', 'API_MAX', 'SIZE_MAX', 'CTYPEDEFS_API_H']) expect(text).not.toContain(`export const ${absent} `);
    expect(text).toContain('/** C `#define API_DERIVED (API_VERSION / 1000 + API_GREEN)`. */\nexport const API_DERIVED = 1006;');
    expect(text).toContain('/** C `#define API_NO_HANDLE ((void *)0)` (a pointer). */\nexport const API_NO_HANDLE = 0n;');
  });

  it('types the module with them', () => {
    const text = fs.readFileSync(`${built.dir}/ctypedefs.ts`, 'utf8');
    expect(text).toContain('export function Status(code: number): number');
    expect(text).toContain('export function Len(s: string | Pointer | null): number');
  });
});
