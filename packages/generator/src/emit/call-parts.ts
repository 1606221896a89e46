// How the arguments of one export reach Go: per parameter, the check, what is passed directly to the
// export and to the glue's wrappers (sync and async), and what an asynchronous call keeps alive.
import type { BoundFunc } from '../map/map-export.js';
import type { AbiParam, AbiType } from '../map/abi.js';
import { isCString } from '../map/abi.js';
import type { ParamSurface, Uses } from '../map/surface.js';
import { crossesAsPointerAndLength, glueAsyncName } from '../go/glue.js';
import { paramSurface, rt } from '../map/surface.js';
import { paramNames, tsString } from './names.js';

/** How one parameter is passed: directly to the export, and to the glue's wrappers (see go/glue.ts). */
export interface ParamPlan {
  readonly name: string;
  readonly surface: ParamSurface;
  /** The koffi types of the wrapper's parameters for this one (two for pointer plus length). */
  readonly glueKoffi: string[];
  /** The koffi types of the asynchronous wrapper's parameters. */
  readonly asyncKoffi: string[];
  /** Statements before the wrapper's call, and its arguments; undefined when they are the direct call's. */
  readonly glue: { readonly pre: string[]; readonly args: string[] } | undefined;
  /** The same for the asynchronous wrapper, whose buffers must outlive the call that starts it. */
  readonly async: { readonly pre: string[]; readonly args: string[] } | undefined;
  /** What the asynchronous call must keep referenced until it settles (the buffers Go reads). */
  readonly keep?: string[];
  /** The argument may be a Ref, which an asynchronous call keeps from being freed until it completes. */
  readonly mayBeRef?: boolean;
}

function planParam(p: AbiParam, name: string, fnLiteral: string, uses: Uses): ParamPlan {
  const surface = paramSurface(p.type, uses, p.buffer === true, p.keep === true);
  const param = tsString(name);
  const t = p.type;
  if (t.kind === 'gostring') {
    // Pointer and length come from one check: goStringArgLength() is the length of what goStringArg returned just before.
    return {
      name, surface, glueKoffi: ["'const char *'", "'int64'"], asyncKoffi: ["'void *'", "'int64'"],
      glue: { pre: [], args: [`${rt('goStringArg', uses)}(${name}, ${fnLiteral}, ${param})`, `${rt('goStringArgLength', uses)}()`] },
      async: { pre: [`const ${name}$b = ${rt('goStringBytes', uses)}(${name}, ${fnLiteral}, ${param});`], args: [`${name}$b`, `${name}$b.length`] },
      keep: [`${name}$b`],
    };
  }
  if (crossesAsPointerAndLength(t)) {
    const data = `${name}$d`;
    const pre = [`const ${data} = ${rt('goSliceData', uses)}(${name}, '${sliceKind(t)}', ${fnLiteral}, ${param});`];
    return { name, surface, glueKoffi: ["'void *'", "'int64'"], asyncKoffi: ["'void *'", "'int64'"], glue: { pre, args: [data, `${data}.length`] }, async: { pre, args: [data, `${data}.length`] }, keep: [data] };
  }
  if (t.kind === 'record') {
    // The wrapper takes the record through a pointer: koffi copies the object into memory of its own.
    // A pointer field may hold a Ref, which an asynchronous call keeps from being freed.
    const koffi = `${rt('pointerTo', uses)}(${surface.koffi})`;
    const mayBeRef = hasPointerField(t);
    return { name, surface, glueKoffi: [koffi], asyncKoffi: [koffi], glue: undefined, async: undefined, ...(mayBeRef ? { keep: [name], mayBeRef } : {}) };
  }
  if (isCString(t) && !p.buffer) {
    // koffi's copy of a JS string dies with the call that starts the goroutine: the buffer must outlive it.
    const converted = surface.convert(name, fnLiteral, param);
    return {
      name, surface, glueKoffi: [surface.koffi], asyncKoffi: ["'void *'"], glue: undefined,
      async: { pre: [`const ${name}$s = ${rt('cStringBytes', uses)}(${converted});`], args: [`${name}$s`] },
      keep: [`${name}$s`],
    };
  }
  if (!surface.callback && (t.kind === 'pointer' || t.kind === 'goslice' || t.kind === 'gointerface' || t.kind === 'gohandle')) {
    // A buffer (a TypedArray, a copy of a plain array) that Go may read after the call that starts it returns.
    const held = `${name}$k`;
    const mayBeRef = surface.ref === true;
    return {
      name, surface, glueKoffi: [surface.koffi], asyncKoffi: [surface.koffi], glue: undefined,
      async: { pre: [`const ${held} = ${surface.convert(name, fnLiteral, param)};`], args: [held] },
      keep: mayBeRef ? [held, name] : [held],
      mayBeRef,
    };
  }
  return { name, surface, glueKoffi: [surface.koffi], asyncKoffi: [surface.koffi], glue: undefined, async: undefined };
}

/** Whether a record has a pointer field, directly or in a nested record or array. */
function hasPointerField(t: AbiType, depth = 0): boolean {
  if (depth > 100) return false;
  if (t.kind === 'pointer') return true;
  if (t.kind === 'array') return hasPointerField(t.elem, depth + 1);
  return t.kind === 'record' && (t.layout?.fields.some((f) => hasPointerField(f.type, depth + 1)) ?? false);
}

/** The element kind of a slice that crosses as pointer plus length (`float64`, `uint8`, `bool`). */
function sliceKind(t: AbiType): string {
  const e = (t as Extract<AbiType, { kind: 'goslice' }>).elem!;
  if (e.kind === 'int') return `${e.signed ? 'int' : 'uint'}${e.bits}`;
  if (e.kind === 'float') return `float${e.bits}`;
  return 'bool';
}

/** Wraps `inner` so that each JS function given for a function pointer is registered before it and released after it. */
function withCallbacks(params: readonly ParamPlan[], fnLiteral: string, inner: string[]): string[] {
  return params.filter((p) => p.surface.callback).reduceRight(
    (stmts, p) => [`const ${p.name}$cb = ${p.surface.convert(p.name, fnLiteral, tsString(p.name))};`, 'try {', ...stmts.map((x) => `  ${x}`), '} finally {', `  ${p.name}$cb.release();`, '}'],
    inner,
  );
}

/** What both kinds of function plan share: names, parameters, and the arguments of each kind of call. */
export function callParts(b: BoundFunc, uses: Uses) {
  const f = b.func;
  const tsName = b.tsName;
  const fnLiteral = tsString(tsName);
  // The Async variant of a function with a context takes `options` after the parameters.
  const names = paramNames(b.abi.params.map((p) => p.goName), b.plain?.context ? new Set([...uses.shadowed, 'options']) : uses.shadowed);
  const params = b.abi.params.map((p, i) => planParam(p, names[i]!, fnLiteral, uses));
  // Every argument is checked before koffi sees it (a plain JS caller is not held to the TS types).
  // A JS function for a function pointer is registered before the call and released after it.
  const directArg = (p: ParamPlan): string => (p.surface.callback ? `${p.name}$cb.pointer` : p.surface.convert(p.name, fnLiteral, tsString(p.name)));
  return {
    f,
    tsName,
    native: `${f.name}$`,
    asyncNative: `${f.name}$async`,
    fnLiteral,
    params,
    /** The TS parameters of both functions (sync and `Async`). */
    parameters: params.map((p) => ({ name: p.name, type: p.surface.ts })),
    /** The koffi declaration of the glue's asynchronous wrapper: the call's id, then the arguments. */
    asyncDeclaration: `$lib.func(${tsString(glueAsyncName(f.name))}, 'void', [${["'uint64'", ...params.flatMap((p) => p.asyncKoffi)].join(', ')}])`,
    directArgs: params.map(directArg),
    glueArgs: params.flatMap((p) => p.glue?.args ?? [directArg(p)]),
    gluePre: params.flatMap((p) => p.glue?.pre ?? []),
    asyncArgs: params.flatMap((p) => p.async?.args ?? p.glue?.args ?? [directArg(p)]),
    asyncPre: params.flatMap((p) => p.async?.pre ?? p.glue?.pre ?? []),
    // The buffers Go reads after the call that starts it returns: kept referenced until the call settles.
    asyncKeep: params.flatMap((p) => p.keep ?? []),
    // The arguments that may be Refs: koffi's worker threads use them until the call completes.
    asyncUses: params.filter((p) => p.mayBeRef).map((p) => p.name),
    callbacks: (inner: string[]): string[] => withCallbacks(params, fnLiteral, inner),
  };
}
