import type { BoundFunc } from '../map/map-export.js';
import { resultCType } from '../map/abi.js';
import { glueSyncName } from '../model/glue-names.js';
import { freeFunctions } from './free-functions.js';
import { tsString } from './names.js';

/**
 * The ABI of one export without parameter names, which do not change the ABI:
 * `GoInt add(GoInt, GoInt)`, `struct DivMod_return { GoInt64, GoInt64 } DivMod(GoInt64, GoInt64)`.
 */
export function exportSignature(b: BoundFunc): string {
  if (b.plain) {
    // Only the glue has it, under its wrapper's name: `GoString, error genbindings_sync_Greet(context, GoString)`.
    const results = [resultCType(b.abi) === 'void' ? [] : [b.abi.result.kind === 'struct' ? b.abi.result.fields.map((f) => f.type.c).join(', ') : resultCType(b.abi)], b.plain.error ? ['error'] : []].flat();
    const params = [...(b.plain.context ? ['context'] : []), ...b.abi.params.map((p) => p.type.c)];
    return `${results.length ? results.join(', ') : 'void'} ${glueSyncName(b.abi.name)}(${params.join(', ')})`;
  }
  const r = b.abi.result;
  const ret = r.kind === 'struct' ? `${resultCType(b.abi)} { ${r.fields.map((f) => f.type.c).join(', ')} }` : resultCType(b.abi);
  return `${ret} ${b.abi.name}(${b.abi.params.map((p) => p.type.c).join(', ')})`;
}

/**
 * The statement the generated module runs right after loading the library: `linkLibrary` (as the module
 * refers to the runtime's) checks the exports' signatures and returns the glue, or undefined for a
 * library built without it. It also names the C functions that `//bindings:free` names, which the
 * library must have as symbols (no fingerprint covers them).
 */
export function emitLinkStatement(funcs: readonly BoundFunc[], linkLibrary: string): string {
  const sigs = funcs.map((b) => tsString(exportSignature(b)));
  const cFunctions = freeFunctions(funcs).filter((f) => f.kind === 'c').map((f) => tsString(f.name));
  const glueOnly = funcs.filter((b) => b.plain).map((b) => tsString(b.func.name));
  const opts = [...(cFunctions.length ? [`cFunctions: [${cFunctions.join(', ')}]`] : []), ...(glueOnly.length ? [`glueOnly: [${glueOnly.join(', ')}]`] : [])];
  const cArg = opts.length ? `, { ${opts.join(', ')} }` : '';
  const oneLine = `const $linked = ${linkLibrary}($lib, [${sigs.join(', ')}]${cArg}) ?? null;`;
  if (oneLine.length <= 108) return oneLine;
  return `const $linked = ${linkLibrary}($lib, [\n${sigs.map((s) => `  ${s},`).join('\n')}\n]${cArg}) ?? null;`;
}
