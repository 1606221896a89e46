// Build tags (issue 10): --tags on every command, and -tags= among --go-flag values, choose the files,
// the //go:build lines and the #cgo lines, and reach go build.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkAbi } from '../packages/generator/src/abi-check/check-abi.js';
import { generate } from '../packages/generator/src/generate.js';
import { runCli, runTs, writeTree } from './support/cli.js';

const base = `package main

/*
#cgo driverlib CFLAGS: -DDRIVERLIB=1
#ifdef DRIVERLIB
typedef int driver_code;
#else
typedef signed char driver_code;
#endif
*/
import "C"

//export Base
func Base() C.driver_code { return 7 }

func main() {}
`;
const tagged = `//go:build driverlib

package main

import "C"

//export Tagged
func Tagged(x int32) int32 { return x * 3 }
`;

describe('build tags', () => {
  const root = writeTree('tags', { 'drv/base.go': base, 'drv/tagged.go': tagged, 'drv/go.mod': 'module example.com/drv\n\ngo 1.21\n' });
  const exports = async (tags?: string[]) => {
    const r = await generate({ inputs: ['drv'], cwd: root, ...(tags ? { tags } : {}) });
    expect(r.diagnostics).toEqual([]);
    return r.funcs.map((f) => `${f.abi.name}: ${f.abi.result.kind === 'single' ? f.abi.result.type.c : ''} ${f.abi.result.kind === 'single' && f.abi.result.type.kind === 'int' ? f.abi.result.type.bits : ''}`.trim());
  };

  it('choose the files and the #cgo lines that apply', async () => {
    expect(await exports()).toEqual(['Base: driver_code 8']);
    expect(await exports(['driverlib'])).toEqual(['Base: driver_code 32', 'Tagged: GoInt32 32']);
  });

  it('reach go build, from --tags and from --go-flag=-tags=, and the module calls the tagged export', () => {
    for (const flag of ['--tags=driverlib', '--go-flag=-tags=driverlib']) {
      const r = runCli(['build', 'drv', flag], root);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('go build -buildmode=c-shared -tags=driverlib -o libdrv.so . (in drv)');
      const run = runTs(root, "import { Base, Tagged } from './drv/drv.ts';\nconsole.log(Base(), Tagged(14));\n");
      expect(run.stderr).toBe('');
      expect(run.stdout).toBe('7 42\n');
      fs.rmSync(path.join(root, 'drv/libdrv.so'));
    }
  });

  it('apply to the default command and to check-abi', async () => {
    const r = runCli(['drv', '--tags', 'driverlib', '-o', 'tagged.ts'], root);
    expect(r.code).toBe(0);
    expect(fs.readFileSync(path.join(root, 'tagged.ts'), 'utf8')).toContain('export function Tagged(');
    expect(runCli(['build', 'drv', '--tags=driverlib'], root).code).toBe(0);
    const check = await checkAbi({ inputs: ['drv'], header: 'drv/libdrv.h', cwd: root, tags: ['driverlib'] });
    expect(check.diagnostics).toEqual([]);
    expect(check.mismatches).toEqual([]);
    expect(check.checked).toBe(2);
  });
});
