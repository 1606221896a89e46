// C types named after `C.` that come from the preamble and its headers (typedefs, enums, records),
// mapped with what the C front end read and the compiler measured for the target: no size is assumed.
import type { CInfo, CType } from '../model/c-decls.js';
import { cTypeTooDeep } from '../model/c-decls.js';
import type { Position } from '../model/diagnostics.js';
import { error } from '../model/diagnostics.js';
import type { AbiType } from './abi.js';
import { MAX_TYPE_DEPTH } from '../model/limits.js';
import { typeTooDeep } from './limits.js';

export type CMapResult = { readonly ok: true; readonly type: AbiType } | { readonly ok: false; readonly message: string; readonly code: string };

const INT_BITS = new Set([8, 16, 32, 64]);

/** What a C type amounts to after its typedefs: enough to choose the ABI kind. */
type Resolved =
  | { readonly k: 'int'; readonly char: boolean }
  | { readonly k: 'float' }
  | { readonly k: 'complex' }
  | { readonly k: 'bool' }
  | { readonly k: 'pointer'; readonly to: CType }
  | { readonly k: 'record'; readonly spelling: string }
  | { readonly k: 'other'; readonly what: string }
  | { readonly k: 'undeclared'; readonly name: string };

function resolve(t: CType, c: CInfo): Resolved {
  let cur = t;
  for (let depth = 0; depth <= 1000; depth++) {
    switch (cur.k) {
      case 'prim':
        if (cur.name === '_Bool') return { k: 'bool' };
        if (cur.name.endsWith('_Complex')) return { k: 'complex' };
        if (cur.name === 'void') return { k: 'other', what: 'void' };
        if (['float', 'double', 'long double'].includes(cur.name) || /^(_Float\d+|__float128|__fp16|__bf16)$/.test(cur.name)) return { k: 'float' };
        return { k: 'int', char: cur.name === 'char' };
      case 'typedef': {
        const decl = c.decls.typedefs.get(cur.name);
        if (!decl) return { k: 'undeclared', name: cur.name };
        cur = decl.type;
        continue;
      }
      case 'enum':
        return { k: 'int', char: false };
      case 'pointer':
        return { k: 'pointer', to: cur.to };
      case 'record':
        return { k: 'record', spelling: cur.tag ? `${cur.kind} ${cur.tag}` : `anonymous ${cur.kind}` };
      case 'array':
        return { k: 'other', what: 'an array type' };
      case 'func':
        return { k: 'other', what: 'a function type' };
    }
  }
  return { k: 'other', what: 'a typedef chain more than 1,000 deep' };
}

/** The ABI of a C scalar spelled `spelling`, from its measured size (and signedness). */
function scalar(spelling: string, r: Resolved & { k: 'int' | 'float' | 'complex' | 'bool' }, c: CInfo): CMapResult {
  const facts = c.facts.get(spelling);
  if (!facts) return { ok: false, code: 'unknown-c-type', message: `the C compiler could not measure ${spelling}` };
  const bits = facts.size * 8;
  if (r.k === 'bool') return { ok: true, type: { kind: 'bool', c: spelling } };
  if (r.k === 'complex') {
    if (bits !== 64 && bits !== 128) return { ok: false, code: 'unsupported-type', message: `${spelling} is a ${bits}-bit complex type, which koffi cannot pass; use complex float or complex double` };
    return { ok: true, type: { kind: 'complex', c: spelling, bits } };
  }
  if (r.k === 'float') {
    if (bits !== 32 && bits !== 64) return { ok: false, code: 'unsupported-type', message: `${spelling} is a ${bits}-bit floating-point type, which koffi cannot pass; use float or double` };
    return { ok: true, type: { kind: 'float', c: spelling, bits, koffi: bits === 32 ? 'float' : 'double' } };
  }
  if (!INT_BITS.has(bits)) return { ok: false, code: 'unsupported-type', message: `${spelling} is a ${bits}-bit integer, which koffi cannot pass; use an integer type of 8, 16, 32 or 64 bits` };
  const signed = facts.signed ?? true;
  const koffi = r.char && bits === 8 ? 'char' : `${signed ? '' : 'u'}int${bits}`;
  return { ok: true, type: { kind: 'int', c: spelling, bits: bits as 8 | 16 | 32 | 64, signed, koffi, ...(r.char ? { char: true as const } : {}) } };
}

/** The ABI of the C type `t`, which the header spells `spelling`. */
function mapCTypeSpelled(t: CType, spelling: string, c: CInfo, depth: number): CMapResult {
  const r = resolve(t, c);
  switch (r.k) {
    case 'int': case 'float': case 'complex': case 'bool':
      return scalar(spelling, r, c);
    case 'pointer': {
      const to = r.to;
      if (to.k === 'prim' && to.name === 'void') return { ok: true, type: { kind: 'pointer', c: spelling, elem: undefined, pointsToGo: false } };
      const inner = depth < 100 ? mapCTypeSpelled(to, spellingOf(to), c, depth + 1) : undefined;
      // A pointer to what gen-bindings cannot pass by value (a record, a function) is still one machine word.
      const elem = inner?.ok && inner.type.kind !== 'record' ? inner.type : undefined;
      return { ok: true, type: { kind: 'pointer', c: spelling, elem, pointsToGo: false } };
    }
    case 'record':
      return { ok: true, type: { kind: 'record', c: spelling } };
    case 'undeclared':
      return { ok: false, code: 'unknown-c-type', message: `${r.name} is not declared in the import "C" preamble or the headers it includes` };
    case 'other':
      return { ok: false, code: 'unsupported-type', message: `${spelling} is ${r.what}, which cannot be passed by value; pass a pointer to it` };
  }
}

/** How C writes a type in a declaration (`mode_t`, `struct point`, `char`, `unsigned char*`). */
function spellingOf(t: CType): string {
  switch (t.k) {
    case 'prim': return t.name;
    case 'typedef': return t.name;
    case 'enum': return `enum ${t.tag ?? ''}`.trim();
    case 'record': return `${t.kind} ${t.tag ?? ''}`.trim();
    case 'pointer': return `${spellingOf(t.to)}*`;
    case 'array': return `${spellingOf(t.of)}[]`;
    case 'func': return 'function';
  }
}

/**
 * `C.NAME` for a name the preamble or its headers declare: a typedef (`C.mode_t`, `C.AdbcStatusCode`),
 * `C.enum_x`, `C.struct_x` or `C.union_x`. Errors are located at `pos` and say what to write instead.
 */
export function mapPreambleName(name: string, pos: Position, c: CInfo): { ok: true; type: AbiType } | { ok: false; diagnostic: ReturnType<typeof error> } {
  const tag = /^(struct|union|enum)_(.+)$/.exec(name);
  const spelling = tag ? `${tag[1]} ${tag[2]}` : name;
  if (!tag && cTypeTooDeep({ k: 'typedef', name }, c.decls, MAX_TYPE_DEPTH)) return { ok: false, diagnostic: typeTooDeep(pos) };
  let r: CMapResult;
  if (tag?.[1] === 'enum') r = scalar(spelling, { k: 'int', char: false }, c);
  else if (tag) r = c.decls.records.has(name) || c.facts.has(spelling) ? { ok: true, type: { kind: 'record', c: spelling } } : { ok: false, code: 'unknown-c-type', message: `${spelling} is not declared in the import "C" preamble or the headers it includes` };
  else r = mapCTypeSpelled({ k: 'typedef', name }, name, c, 0);
  if (r.ok) return r;
  const fix = r.code === 'unknown-c-type' ? `; declare it there (or #include its header), or pass a pointer *C.${name}` : '';
  return { ok: false, diagnostic: error(r.code, `C.${name}: ${r.message}${fix}`, pos) };
}
