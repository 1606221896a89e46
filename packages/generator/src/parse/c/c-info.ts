// The C side of a package, read only when its exports use C types beyond cgo's built-in scalars:
// the declarations (front-end.ts) and the facts the bindings need about them, measured by the
// compiler (probe.ts): size, alignment and signedness of every C type an export reaches.
import * as nodePath from 'node:path';
import type { CConstants, CDeclarations, CDefine, CEnumDecl, CField, CFieldFacts, CInfo, CType, CTypeFacts } from '../../model/c-decls.js';
import { CGO_BUILTIN_TYPES, cTypeTooDeep, primKind } from '../../model/c-decls.js';
import type { Diagnostic } from '../../model/diagnostics.js';
import { error, hasErrors, warning } from '../../model/diagnostics.js';
import type { GoType } from '../../model/go-types.js';
import type { GoPackage } from '../../model/ir.js';
import { freeFunctionsInC, isSkipped } from '../../model/ir.js';
import type { BuildTarget } from '../build-constraints.js';
import { MAX_TYPE_DEPTH } from '../../model/limits.js';
import { TARGET_MACROS, TARGET_REQUESTS, compilerTargetOf, otherTarget } from './compiler-target.js';
import { firstCompilerError } from './compiler.js';
import { compilerErrorPosition, readCDeclarations } from './front-end.js';
import type { ProbeRequest, ProbeValue } from './probe.js';
import { discardCgoDirectives } from './cgo-directives.js';
import { probe } from './probe.js';

/** Names after `C.` that need the preamble: not cgo's built-ins, not the `<stdint.h>` names cgo knows by spelling. */
function needsPreamble(name: string): boolean {
  return !CGO_BUILTIN_TYPES.has(name) && !/^(u?int(8|16|32|64)_t|size_t|ssize_t|ptrdiff_t|u?intptr_t|bool|_Bool)$/.test(name);
}

/** The `C.` names the signatures of the exports reach (through named Go types too), skipped exports aside. */
export function cNamesUsed(pkg: GoPackage): Set<string> {
  const names = new Set<string>();
  const seenTypes = new Set<string>();
  const stack: GoType[] = pkg.exports.filter((e) => !isSkipped(e)).flatMap((e) => [...e.params, ...e.results].map((p) => p.type));
  // A loop over an explicit stack: named types may chain as deep as the package makes them.
  while (stack.length) {
    const t = stack.pop()!;
    switch (t.kind) {
      case 'qualified':
        if (t.pkg === 'C' && needsPreamble(t.name)) names.add(t.name);
        break;
      case 'named': {
        const decl = pkg.types.get(t.name);
        if (decl && !seenTypes.has(t.name)) {
          seenTypes.add(t.name);
          stack.push(decl.type);
        }
        break;
      }
      case 'pointer': case 'slice': case 'array': case 'variadic':
        stack.push(t.elem);
        break;
      case 'chan':
        stack.push(t.elem);
        break;
      case 'map':
        stack.push(t.key, t.value);
        break;
    }
  }
  return names;
}

/** What to measure: every C type (by spelling, whether it is an integer) and the named fields of every record. */
interface Measurements {
  readonly types: Map<string, boolean>;
  /** Record spelling → its named fields (bitfields and anonymous members are rejected by the mapper, unmeasured). */
  readonly records: Map<string, readonly string[]>;
  /** `<record spelling>.<field>` of the fields that are arrays, whose element size is measured too. */
  readonly arrays: Set<string>;
  /** `<record spelling>.<field>` of the fields of an anonymous enum type (or arrays of one), whose signedness is measured too. */
  readonly anonymousEnums: Set<string>;
}

/**
 * Every C type whose facts the mapping may ask for, starting from `names`: the types themselves, each
 * typedef along their chains, what pointers point to, records and the types of their fields.
 */
function typesToMeasure(names: Iterable<string>, decls: CDeclarations): Measurements {
  const types = new Map<string, boolean>();
  const records = new Map<string, readonly string[]>();
  const arrays = new Set<string>();
  const anonymousEnums = new Set<string>();
  const record = (spelling: string, fields: readonly CField[], depth: number): void => {
    if (records.has(spelling)) return;
    records.set(spelling, fields.filter((f) => f.name !== undefined && f.bits === undefined).map((f) => f.name!));
    for (const f of fields) if (f.name !== undefined && f.type.k === 'array' && f.type.sized) arrays.add(`${spelling}.${f.name}`);
    for (const f of fields) {
      const t = f.type.k === 'array' ? f.type.of : f.type;
      if (f.name !== undefined && t.k === 'enum' && t.tag === undefined) anonymousEnums.add(`${spelling}.${f.name}`);
    }
    for (const f of fields) visit(f.type, depth + 1, undefined);
  };
  // `as`: the spelling under which an anonymous record is reached (its typedef name).
  const visit = (t: CType, depth: number, as: string | undefined): boolean => {
    if (depth > 1000) return false;
    switch (t.k) {
      case 'prim': {
        const kind = primKind(t.name);
        const integer = kind === 'int' || kind === 'bool';
        if (t.name !== 'void') types.set(t.name, integer);
        return integer;
      }
      case 'typedef': {
        if (types.has(t.name)) return types.get(t.name)!;
        const decl = decls.typedefs.get(t.name);
        if (!decl) return false;
        types.set(t.name, false);
        const integer = visit(decl.type, depth + 1, t.name);
        types.set(t.name, integer);
        return integer;
      }
      case 'enum':
        if (t.tag) types.set(`enum ${t.tag}`, true);
        return true;
      case 'record': {
        const spelling = t.tag === undefined ? as : `${t.kind} ${t.tag}`;
        if (spelling === undefined) return false;
        types.set(spelling, false);
        const fields = t.fields ?? (t.tag === undefined ? undefined : decls.records.get(`${t.kind}_${t.tag}`)?.fields);
        if (fields) record(spelling, fields, depth);
        return false;
      }
      case 'pointer':
        visit(t.to, depth + 1, undefined);
        return false;
      case 'array':
        visit(t.of, depth + 1, undefined);
        return false;
      case 'func':
        // A function pointer's signature: what a JS function passed for it receives and returns.
        visit(t.result, depth + 1, undefined);
        for (const p of t.params) visit(p.type, depth + 1, undefined);
        return false;
    }
  };
  for (const n of names) {
    const tag = /^(struct|union|enum)_(.+)$/.exec(n);
    if (!tag) visit({ k: 'typedef', name: n }, 0, undefined);
    else if (tag[1] === 'enum') visit({ k: 'enum', tag: tag[2] }, 0, undefined);
    else visit({ k: 'record', kind: tag[1] as 'struct' | 'union', tag: tag[2] }, 0, undefined);
  }
  return { types, records, arrays, anonymousEnums };
}

/** What the probe's `dkind` request says a #define expands to. */
const DEFINE_KIND = { int: 1n, float: 2n, string: 3n, int128: 4n, pointer: 5n } as const;

/** The values of the package's own enums and #defines, from the probe. */
function constants(decls: CDeclarations, enums: readonly CEnumDecl[], defines: readonly CDefine[], values: ReadonlyMap<string, ProbeValue>): CConstants {
  const int = (id: string): bigint | undefined => {
    const v = values.get(id);
    return v?.kind === 'int' ? v.value : undefined;
  };
  const typedefOf = (e: CEnumDecl): string | undefined => {
    if (e.tag !== undefined) return undefined;
    // `typedef enum { ... } name;`: the typedef of an anonymous enum declared on the same line.
    for (const t of decls.typedefs.values()) if (t.type.k === 'enum' && t.type.tag === undefined && t.pos.file === e.pos.file && t.pos.line === e.pos.line) return t.name;
    return undefined;
  };
  return {
    enums: enums.map((e) => ({
      tag: e.tag,
      typedef: typedefOf(e),
      pos: e.pos,
      members: e.constants.flatMap((name) => {
        const value = int(`enum:${name}`);
        return value === undefined ? [] : [{ name, value }];
      }),
    })),
    defines: defines.flatMap((d, i) => {
      const kind = int(`dkind:${i}`);
      const at = { name: d.name, body: d.body, pos: d.pos };
      if (kind === DEFINE_KIND.int128) {
        // Two 64-bit halves: the high one signed as the constant is, the low one as its unsigned bits.
        const [high, low] = [int(`dhigh:${i}`), int(`dint:${i}`)];
        return high === undefined || low === undefined ? [] : [{ ...at, value: (high << 64n) + BigInt.asUintN(64, low) }];
      }
      if (kind === DEFINE_KIND.pointer) {
        const address = int(`dpointer:${i}`);
        return address === undefined ? [] : [{ ...at, value: BigInt.asUintN(64, address), pointer: true as const }];
      }
      const v = values.get(kind === DEFINE_KIND.string ? `dstring:${i}` : kind === DEFINE_KIND.float ? `dfloat:${i}` : `dint:${i}`);
      return kind === undefined || v === undefined ? [] : [{ ...at, value: v.value }];
    }),
  };
}

/**
 * Reads the C declarations and measures the C types of a package whose exports need them (C types in
 * their signatures, or a C function `//bindings:free` names); undefined `info` (and no diagnostics)
 * when they do not, so that such packages need no C compiler.
 */
export async function readCInfo(
  pkg: GoPackage,
  options: { target: BuildTarget; cwd: string; cc?: string | undefined; /** See BindOptions in generate.ts. */ compilerAsGiven?: boolean | undefined },
): Promise<{ info: CInfo | undefined; diagnostics: Diagnostic[] }> {
  const names = cNamesUsed(pkg);
  // A C function that //bindings:free names needs its prototype as much as a C type needs its facts.
  const needed = names.size > 0 || freeFunctionsInC(pkg).size > 0;
  const files = pkg.files.filter((f) => f.importsC && f.exports.length > 0);
  // Without C types in the signatures, only the preamble's constants need the compiler: an empty
  // preamble needs nothing, and a missing compiler costs the constants, not the module.
  const hasPreamble = files.some((f) => discardCgoDirectives(f.preamble).trim() !== '');
  if (!needed && !hasPreamble) return { info: undefined, diagnostics: [] };
  const sources = files.map((f) => ({ path: f.path, line: f.preambleLine || 1, text: f.preamble }));
  const pkgDir = nodePath.resolve(options.cwd, nodePath.dirname(files[0]?.path ?? pkg.files[0]?.path ?? '.'));
  const read = await readCDeclarations(sources, { target: options.target, pkgDir, cc: options.cc, archFlags: options.compilerAsGiven !== true });
  const { decls, unit } = read;
  let diagnostics = read.diagnostics;
  if (!needed && hasErrors(diagnostics)) {
    diagnostics = diagnostics.map((d) => ({ ...d, severity: 'warning' as const, message: `${d.message}; the preamble's #define and enum constants are left out of the module` }));
    return { info: undefined, diagnostics };
  }
  if (!decls || !unit || hasErrors(diagnostics)) return { info: undefined, diagnostics };

  const { types: spellings, records, arrays, anonymousEnums } = typesToMeasure(names, decls);
  // The mapper rejects these without a size; measuring them could take the compiler minutes.
  for (const s of [...spellings.keys()]) if (cTypeTooDeep({ k: 'typedef', name: s }, decls, MAX_TYPE_DEPTH)) spellings.delete(s);
  const requests: ProbeRequest[] = [];
  for (const [s, integer] of spellings) {
    requests.push({ id: `size:${s}`, kind: 'int', expr: `sizeof(${s})` }, { id: `align:${s}`, kind: 'int', expr: `_Alignof(${s})` });
    if (integer) requests.push({ id: `signed:${s}`, kind: 'int', expr: `((${s})-1 < 0)` });
  }
  for (const [s, fields] of records) {
    for (const f of fields) {
      const member = `((${s} *)0)->${f}`;
      requests.push(
        { id: `offset:${s}.${f}`, kind: 'int', expr: `__builtin_offsetof(${s}, ${f})` },
        { id: `fsize:${s}.${f}`, kind: 'int', expr: `sizeof(${member})` },
        { id: `falign:${s}.${f}`, kind: 'int', expr: `_Alignof(__typeof__(${member}))` },
      );
      if (arrays.has(`${s}.${f}`)) requests.push({ id: `esize:${s}.${f}`, kind: 'int', expr: `sizeof(${member}[0])` });
      // Of the field, or of its first element for an array of them.
      const value = arrays.has(`${s}.${f}`) ? `${member}[0]` : member;
      if (anonymousEnums.has(`${s}.${f}`)) requests.push({ id: `fsigned:${s}.${f}`, kind: 'int', expr: `((__typeof__(${value}))-1 < 0)` });
    }
  }
  const ownEnums = decls.enums.filter((e) => e.origin !== 'system');
  const ownDefines = decls.defines.filter((d) => d.origin !== 'system');
  for (const e of ownEnums) for (const m of e.constants) requests.push({ id: `enum:${m}`, kind: 'int', expr: m });
  ownDefines.forEach((d, i) => {
    // What the macro expands to decides how it is read; one that is no constant expression fails to compile and is left out.
    requests.push(
      {
        id: `dkind:${i}`,
        kind: 'int',
        // Pointers (GCC's and clang's type class 5) other than strings, and integers wider than 64 bits (__int128), apart.
        expr: `_Generic((${d.name}), float: 2, double: 2, long double: 2, char *: 3, const char *: 3, default: (__builtin_classify_type(${d.name}) == 5 ? 5 : sizeof(${d.name}) > 8 ? 4 : 1))`,
      },
      { id: `dint:${i}`, kind: 'int', expr: d.name },
      // Only the 128-bit and pointer constants compile these; the others' are dropped by the probe, unread.
      { id: `dhigh:${i}`, kind: 'int', expr: `((${d.name}) >> 64)` },
      // Through uintptr_t, so that a 32-bit target's pointer is not sign-extended.
      { id: `dpointer:${i}`, kind: 'int', expr: `(__UINTPTR_TYPE__)(${d.name})` },
      { id: `dfloat:${i}`, kind: 'float', expr: d.name },
      { id: `dstring:${i}`, kind: 'string', expr: d.name },
    );
  });
  const measured = probe(unit.command, unit.flags, `${unit.text}\n${TARGET_MACROS}`, unit.cwd, [...requests, ...TARGET_REQUESTS]);
  const start = { file: sources[0]?.path ?? '', line: sources[0]?.line ?? 1, column: 1 };
  if (measured.failure) {
    const e = firstCompilerError(measured.failure.stderr);
    const pos = e ? compilerErrorPosition(e, sources) : start;
    return { info: undefined, diagnostics: [...diagnostics, error('c-preamble', `the C compiler could not measure the preamble's types: ${e?.message ?? measured.failure.stderr.trim().split('\n')[0] ?? ''}; fix the C code or the #cgo CFLAGS`, pos)] };
  }
  // The host's compiler for a cross target would measure the host's sizes, and the module would be quietly wrong.
  const theirs = options.compilerAsGiven === true ? undefined : otherTarget(compilerTargetOf(measured.values), options.target);
  if (theirs !== undefined) {
    const { goos, goarch } = options.target;
    const message = `the C compiler '${unit.command.join(' ')}' targets ${theirs}, but the bindings are for ${goos}/${goarch}, and C sizes differ between targets (long, pointers, struct layouts); set $CC (or the cc option of generate()) to a C compiler for ${goos}/${goarch}, the one go build uses for that target`;
    // As with a missing compiler: without C types in the signatures, only the constants are lost.
    const d = needed ? error('c-target', message, start) : warning('c-target', `${message}; the preamble's #define and enum constants are left out of the module`, start);
    return { info: undefined, diagnostics: [...diagnostics, d] };
  }
  const facts = new Map<string, CTypeFacts>();
  for (const s of spellings.keys()) {
    const size = measured.values.get(`size:${s}`);
    const align = measured.values.get(`align:${s}`);
    if (size?.kind !== 'int' || align?.kind !== 'int') continue; // incomplete types (opaque structs) have no size
    const signed = measured.values.get(`signed:${s}`);
    facts.set(s, { size: Number(size.value), align: Number(align.value), signed: signed?.kind === 'int' ? signed.value !== 0n : undefined });
  }
  const fieldFacts = new Map<string, CFieldFacts>();
  for (const [s, fields] of records) {
    for (const f of fields) {
      const [offset, size, align] = ['offset', 'fsize', 'falign'].map((k) => measured.values.get(`${k}:${s}.${f}`));
      const elem = measured.values.get(`esize:${s}.${f}`);
      const signed = measured.values.get(`fsigned:${s}.${f}`);
      if (offset?.kind === 'int' && size?.kind === 'int' && align?.kind === 'int') {
        fieldFacts.set(`${s}.${f}`, {
          offset: Number(offset.value), size: Number(size.value), align: Number(align.value),
          ...(elem?.kind === 'int' ? { elemSize: Number(elem.value) } : {}),
          ...(signed?.kind === 'int' ? { signed: signed.value !== 0n } : {}),
        });
      }
    }
  }
  return { info: { decls, facts, fields: fieldFacts, constants: constants(decls, ownEnums, ownDefines, measured.values) }, diagnostics };
}
