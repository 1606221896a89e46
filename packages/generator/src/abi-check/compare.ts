import type { AbiSignature, AbiType } from '../map/abi.js';
import { renderPrototype, renderResultStruct, resultCType } from '../map/abi.js';
import type { Position } from '../model/diagnostics.js';
import type { CTypedef } from '../model/ir.js';
import type { CgoHeader, HeaderDecl, HeaderExport } from './header.js';
import { normalizeCType } from './header.js';

/** One disagreement between the C signature gen-bindings derived and the header cgo wrote. */
export type AbiMismatch =
  /** The prototypes differ; `details` says where (`parameter 2 (b): GoInt32 in the bindings, GoInt64 in the header`). */
  | { readonly kind: 'prototype'; readonly name: string; readonly pos: Position | undefined; readonly bindings: string; readonly header: string; readonly headerLine: number; readonly details: readonly string[] }
  /** The fields of `struct NAME_return` differ (or the header lacks the struct). */
  | { readonly kind: 'result-struct'; readonly name: string; readonly pos: Position | undefined; readonly bindings: string; readonly header: string | undefined; readonly headerLine: number; readonly details: readonly string[] }
  /** gen-bindings binds an export the header does not declare. */
  | { readonly kind: 'missing-in-header'; readonly name: string; readonly pos: Position | undefined; readonly bindings: string }
  /** The header declares an export gen-bindings has no binding for. */
  | { readonly kind: 'missing-in-bindings'; readonly name: string; readonly header: string; readonly headerLine: number };

/** What the comparison needs of one binding: its C signature and where its Go function is. */
export interface BoundSignature {
  readonly abi: AbiSignature;
  readonly pos: Position | undefined;
}

/**
 * Spellings that name the same C type. cgo prints a C struct or union under a typedef of it when
 * the package refers to that typedef anywhere (`struct point` becomes `point_t`, FINDINGS §1b), which
 * gen-bindings cannot see from the exports alone; both spellings are mapped to `struct TAG`.
 */
export function typeAliases(typedefs: ReadonlyMap<string, CTypedef>): ReadonlyMap<string, string> {
  const aliases = new Map<string, string>();
  const resolve = (name: string, depth: number): string | undefined => {
    const def = typedefs.get(name);
    if (!def || depth > 16) return undefined;
    const target = normalizeCType(def.target);
    if (/^(struct|union) \w+$/.test(target)) return target;
    return /^\w+$/.test(target) ? resolve(target, depth + 1) : undefined;
  };
  for (const name of typedefs.keys()) {
    const tag = resolve(name, 0);
    if (tag) aliases.set(name, tag);
  }
  return aliases;
}

/** A C type in comparable form: normalized, with a struct typedef replaced by `struct TAG`. */
function canonical(type: string, aliases: ReadonlyMap<string, string>): string {
  const t = normalizeCType(type);
  const m = /^(\w+)(\**)$/.exec(t);
  return m && aliases.has(m[1]!) ? `${aliases.get(m[1]!)}${m[2]}` : t;
}

function compareDecls(what: string, ours: readonly { name: string; type: AbiType }[], theirs: readonly HeaderDecl[], aliases: ReadonlyMap<string, string>): string[] {
  const details: string[] = [];
  if (ours.length !== theirs.length) details.push(`${ours.length} ${what}s in the bindings, ${theirs.length} in the header`);
  const n = Math.min(ours.length, theirs.length);
  for (let i = 0; i < n; i++) {
    const a = ours[i]!;
    const b = theirs[i]!;
    if (canonical(a.type.c, aliases) !== canonical(b.type, aliases)) {
      details.push(`${what} ${i + 1} (${b.name}): ${normalizeCType(a.type.c)} in the bindings, ${b.type} in the header`);
    } else if (a.name !== b.name) {
      details.push(`${what} ${i + 1}: named ${a.name} in the bindings, ${b.name} in the header`);
    }
  }
  return details;
}

function compareOne(b: BoundSignature, h: HeaderExport, header: CgoHeader, aliases: ReadonlyMap<string, string>): AbiMismatch[] {
  const out: AbiMismatch[] = [];
  const sig = b.abi;
  const details: string[] = [];
  const ours = resultCType(sig);
  if (canonical(ours, aliases) !== canonical(h.result, aliases)) details.push(`result: ${normalizeCType(ours)} in the bindings, ${h.result} in the header`);
  details.push(...compareDecls('parameter', sig.params.map((p) => ({ name: p.cName, type: p.type })), h.params, aliases));
  if (details.length) {
    out.push({ kind: 'prototype', name: sig.name, pos: b.pos, bindings: renderPrototype(sig), header: h.text, headerLine: h.line, details });
  }
  if (sig.result.kind === 'struct') {
    const struct = header.structs.get(sig.result.cName);
    const bindings = renderResultStruct(sig)!.replace(/\s*\/\*.*?\*\//g, '').replace(/\s+/g, ' ');
    const fields = sig.result.fields.map((f) => ({ name: f.cName, type: f.type }));
    const fieldDetails = struct ? compareDecls('field', fields, struct.fields, aliases) : [`the header declares no struct ${sig.result.cName}`];
    if (fieldDetails.length) {
      out.push({ kind: 'result-struct', name: sig.name, pos: b.pos, bindings, header: struct?.text, headerLine: struct?.line ?? h.line, details: fieldDetails });
    }
  }
  return out;
}

/**
 * Compares, export by export, the prototypes and result structs gen-bindings derived with the
 * ones in a cgo header. Spelling that does not change the ABI (whitespace, `char *` against
 * `char*`, a struct under a typedef name) is normalized; everything else is a mismatch.
 */
export function compareWithHeader(bound: readonly BoundSignature[], header: CgoHeader, typedefs: ReadonlyMap<string, CTypedef>): AbiMismatch[] {
  const aliases = typeAliases(typedefs);
  const byName = new Map(header.exports.map((e) => [e.name, e]));
  const ours = new Set(bound.map((b) => b.abi.name));
  const mismatches: AbiMismatch[] = [];
  for (const b of bound) {
    const h = byName.get(b.abi.name);
    if (!h) mismatches.push({ kind: 'missing-in-header', name: b.abi.name, pos: b.pos, bindings: renderPrototype(b.abi) });
    else mismatches.push(...compareOne(b, h, header, aliases));
  }
  for (const h of header.exports) {
    if (!ours.has(h.name)) mismatches.push({ kind: 'missing-in-bindings', name: h.name, header: h.text, headerLine: h.line });
  }
  return mismatches;
}
