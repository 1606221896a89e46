import type { FunctionDeclarationStructure, ImportDeclarationStructure, InterfaceDeclarationStructure, StatementStructures } from 'ts-morph';
import { StructureKind, VariableDeclarationKind } from './structure-kinds.js';
import type { BoundFunc } from '../map/map-export.js';
import type { ResultSurface, SurfaceOptions, Uses } from '../map/surface.js';
import type { GlueResult } from '../go/glue.js';
import { glueSyncName, glueResults, resultLayout, resultThroughPointer } from '../go/glue.js';
import { MODULE_TYPE_NAMES, resultSurface, rt, runtimeRef } from '../map/surface.js';
import { callParts } from './call-parts.js';
import { emitLinkStatement } from './fingerprint.js';
import type { LinkedFunction } from './loader.js';
import { emitLoader, linkedDeclarations } from './loader.js';
import { freeFunctions, freeLinked, freeRef, freeStatements } from './free-functions.js';
import { isReserved, lineCommentText, resultFieldNames, tsString } from './names.js';
import { printStatements } from './print.js';
import { collectRecords, recordNames, recordStatements } from './records.js';
import { constantStatements } from './constants.js';
import type { CConstants } from '../model/c-decls.js';

export const RUNTIME_MODULE = '@gen-bindings/runtime';

export interface EmitModuleOptions extends SurfaceOptions {
  /** Library base name (`sum` for `libsum.so`). */
  readonly libName: string;
  /** What the header names as the source: Go file(s) or directory, relative to the module. */
  readonly sourceLabel: string;
  /** The Go file or package directory the library is built from, relative to the module. */
  readonly goSource: string;
  /** npm packages with prebuilt libraries (`@acme/sum-{platform}-{arch}`), passed to `loadLibrary`. */
  readonly platformPackages?: readonly string[] | undefined;
  /** The preamble's enums and #defines, when the C front end read them. */
  readonly constants?: CConstants | undefined;
  /**
   * How the module finds its own file: `esm` through `import.meta.url` (empty where a bundler made it
   * CommonJS: the runtime then uses the bundle's path), `cjs` through `__filename` (a CommonJS module
   * must not name `import.meta`). Default `esm`.
   */
  readonly moduleKind?: 'esm' | 'cjs' | undefined;
  /**
   * The module's path relative to its project (the directory of the nearest package.json), `/`-separated;
   * a compiled or bundled copy of the module looks for the library there too.
   */
  readonly projectPath?: string | undefined;
}

/** TS names of the generated function; reserved words are declared as `name$fn` and re-exported. */
function localName(name: string): string {
  return isReserved(name) ? `${name}$fn` : name;
}

interface FuncPlan {
  /** The module's declarations for the function: its koffi types, and its koffi functions before the library is loaded. */
  readonly decls: (StatementStructures | string)[];
  /** The assignments `$link()` makes once the library is loaded (see {@link linkedDeclarations}). */
  readonly linked: string[];
  readonly functions: FunctionDeclarationStructure[];
  readonly resultInterface: InterfaceDeclarationStructure | undefined;
  readonly reexports: string[];
}

/** The declarations and the two functions (sync and `Async`) of one export. */
function functionPlan(parts: {
  tsName: string;
  consts: { name: string; initializer: string }[];
  linked: LinkedFunction[];
  parameters: { name: string; type: string }[];
  asyncParameters: { name: string; type: string; hasQuestionToken?: boolean }[];
  tsReturn: string;
  doc: string;
  asyncDoc: string;
  syncStatements: string[];
  asyncStatements: string[];
  resultInterface: InterfaceDeclarationStructure | undefined;
}): FuncPlan {
  const { tsName } = parts;
  const name = localName(tsName);
  const asyncName = localName(`${tsName}Async`);
  return {
    decls: [
      ...linkedDeclarations(parts.linked),
      ...(parts.consts.length ? [{ kind: StructureKind.VariableStatement, declarationKind: VariableDeclarationKind.Const, declarations: parts.consts } as const] : []),
    ],
    linked: parts.linked.map((l) => `${l.name} = ${l.initializer};`),
    functions: [
      { kind: StructureKind.Function, isExported: name === tsName, name, parameters: parts.parameters, returnType: parts.tsReturn, docs: [parts.doc], statements: parts.syncStatements },
      {
        kind: StructureKind.Function,
        isExported: asyncName === `${tsName}Async`,
        isAsync: true,
        name: asyncName,
        parameters: parts.asyncParameters,
        returnType: `Promise<${parts.tsReturn}>`,
        docs: [parts.asyncDoc],
        statements: parts.asyncStatements,
      },
    ],
    resultInterface: parts.resultInterface,
    reexports: name === tsName ? [] : [`${name} as ${tsName}`],
  };
}

function planFunction(b: BoundFunc, options: EmitModuleOptions, uses: Uses): FuncPlan {
  const { f, tsName, native, asyncNative, fnLiteral, params, parameters, asyncDeclaration, directArgs, glueArgs, gluePre, asyncArgs, asyncPre, asyncKeep, asyncUses, callbacks } = callParts(b, uses);
  const freeExpr = b.freeWith ? freeRef(b.freeWith) : undefined;
  // Result errors name the Go function that returned the value; argument errors the TS function called.
  const rctx = { fn: tsString(f.name), freeStrings: b.freeStrings, freeExpr, options };

  // Result shape: the fields callers see, after //bindings:error takes the last one.
  const result = b.abi.result;
  const fieldTypes = result.kind === 'void' ? [] : result.kind === 'single' ? [{ cName: '', goName: undefined, type: result.type }] : result.fields;
  const errorField = b.throwsOnError ? fieldTypes[fieldTypes.length - 1] : undefined;
  const visible = b.throwsOnError ? fieldTypes.slice(0, -1) : fieldTypes;
  const fieldNames = resultFieldNames(visible.map((fl) => fl.goName));
  // Synchronous results may use koffi types that decode and free natively; results drained from the
  // glue's completion queue are decoded from bytes, so they use the plain ones.
  const syncSurfaces: ResultSurface[] = visible.map((fl) => resultSurface(fl.type, { ...rctx, single: result.kind === 'single' }, uses));
  const drainedSurfaces: ResultSurface[] = visible.map((fl) => resultSurface(fl.type, { ...rctx, single: false }, uses));
  // The koffi type of the C result: the visible fields as their surfaces say, the error message as a raw pointer.
  const koffiResultOf = (surfaces: readonly ResultSurface[]): string => {
    const fieldKoffi = fieldTypes.map((_, i) => surfaces[i]?.koffi ?? "'void *'");
    return result.kind === 'void'
      ? "'void'"
      : result.kind === 'single'
        ? fieldKoffi[0]!
        : `${rt('resultStruct', uses)}({ ${result.fields.map((fl, i) => `${fl.cName}: ${fieldKoffi[i]}`).join(', ')} })`;
  };
  const koffiResult = koffiResultOf(syncSurfaces);

  const interfaceName = `${tsName}Result`;
  let resultInterface: InterfaceDeclarationStructure | undefined;
  let tsReturn: string;
  if (visible.length === 0) tsReturn = 'void';
  else if (visible.length === 1) tsReturn = syncSurfaces[0]!.ts;
  else {
    tsReturn = interfaceName;
    resultInterface = {
      kind: StructureKind.Interface,
      name: interfaceName,
      isExported: true,
      docs: [`Results of {@link ${tsName}}.`],
      properties: visible.map((_, i) => ({ name: fieldNames[i]!, type: syncSurfaces[i]!.ts })),
    };
  }

  // Statements that turn the raw koffi result `r$` into the TS result.
  const bodyOf = (surfaces: readonly ResultSurface[]): string[] => {
    const body: string[] = [];
    if (errorField) {
      const msg = result.kind === 'single' ? 'r$' : `r$.${errorField.cName}`;
      const check = rt('checkError', uses);
      body.push(freeExpr ? `${check}(${msg}, ${rctx.fn}, ${freeExpr});` : `${check}(${msg}, ${rctx.fn});`);
    }
    if (visible.length === 1) {
      const raw = result.kind === 'single' ? 'r$' : `r$.${visible[0]!.cName}`;
      body.push(`return ${surfaces[0]!.convert(raw)};`);
    } else if (visible.length > 1) {
      const props = visible.map((fl, i) => `${fieldNames[i]!}: ${surfaces[i]!.convert(`r$.${fl.cName}`)}`);
      body.push(`return { ${props.join(', ')} };`);
    }
    return body;
  };
  const syncBody = bodyOf(syncSurfaces);
  const drainedBody = bodyOf(drainedSurfaces);

  const indent = (lines: readonly string[]): string[] => lines.map((l) => `  ${l}`);
  // The glue's branch comes first and ends the function: the direct call after it is for libraries without the glue.
  const returning = (lines: readonly string[]): string[] => (lines[lines.length - 1]?.startsWith('return') ? [...lines] : [...lines, 'return;']);
  const check = `$glue?.check(${fnLiteral});`;

  // Synchronous. A C record result comes back through a buffer the wrapper writes.
  const throughPointer = resultThroughPointer(b);
  const resultType = throughPointer ? `${f.name}$result` : undefined;
  const finish = (call: string, body: readonly string[], checked: string | undefined): string[] => {
    if (result.kind === 'void') return [`${call};`, ...(checked ? [checked] : [])];
    return [`const r$ = ${call};`, ...(checked ? [checked] : []), ...body];
  };
  let syncStatements: string[];
  const sameArgs = gluePre.length === 0 && glueArgs.join() === directArgs.join() && !throughPointer;
  if (sameArgs) {
    const call = `${native}(${directArgs.join(', ')})`;
    syncStatements = callbacks(finish(call, syncBody, check));
  } else {
    const out = throughPointer ? [`const out$ = Buffer.alloc(${resultLayout(b).size});`] : [];
    const glueCall = throughPointer
      ? [`${native}(${['out$', ...glueArgs].join(', ')});`, check, ...(result.kind === 'void' ? [] : [`const r$ = ${rt('decodeResult', uses)}(out$, ${resultType!});`, ...syncBody])]
      : finish(`${native}(${glueArgs.join(', ')})`, syncBody, check);
    syncStatements = callbacks([
      // The first call loads the library: `$link()` returns the glue.
      'if ($glue ?? $link()) {',
      ...indent(returning([...gluePre, ...out, ...glueCall.map((l) => (l === check ? l.replace('$glue?.', '$glue!.') : l))])),
      '}',
      ...finish(`${native}(${directArgs.join(', ')})`, syncBody, undefined),
    ]);
  }

  // Asynchronous: on a goroutine through the glue; on koffi's worker threads without it.
  // `void 0`, not `undefined`: an export may be named undefined.
  const drainedType = result.kind === 'void' ? 'void 0' : `${f.name}$drained`;
  const asyncStatements = callbacks([
    'if ($glue ?? $link()) {',
    ...indent(returning([...asyncPre, 'const id$ = $glue!.id();', `${asyncNative}!(${['id$', ...asyncArgs].join(', ')});`, ...finish(`await $glue!.settled(${['id$', drainedType, fnLiteral, ...(asyncKeep.length ? [`[${asyncKeep.join(', ')}]`] : [])].join(', ')})`, drainedBody, undefined)])),
    '}',
    ...finish(`await ${rt('callAsync', uses)}(${[native, `[${directArgs.join(', ')}]`, ...(asyncUses.length ? [`[${asyncUses.join(', ')}]`] : [])].join(', ')})`, syncBody, undefined),
  ]);

  const throws = [...new Set(syncSurfaces.map((s) => s.throws).filter((t): t is string => t !== undefined))];
  if (params.length) throws.unshift('TypeError or RangeError when an argument has the wrong type or is out of range');
  if (errorField) throws.unshift(`GoError with the message ${f.name} returned, when it returns a non-nil error string`);
  throws.unshift(`GoPanicError when ${f.name} panics (with the glue of gen-bindings build; without it a panic ends the process)`);
  const doc = [...f.doc, ...(f.doc.length ? [''] : []), `Go: \`${f.signature}\``, ...(throws.length ? [''] : []), ...throws.map((t) => `@throws ${t}`)].join('\n');
  const glueParams = [...(throughPointer ? ["'void *'"] : []), ...params.flatMap((p) => p.glueKoffi)];
  const directParams = params.map((p) => p.surface.koffi);
  const glueResult = throughPointer ? "'void'" : koffiResult;
  const decls: string[] = [
    `$linked ? $lib.func(${tsString(glueSyncName(f.name))}, ${glueResult}, [${glueParams.join(', ')}]) : $lib.func(${tsString(f.name)}, ${koffiResult}, [${directParams.join(', ')}])`,
  ];
  const linked: LinkedFunction[] = [
    { name: native, initializer: decls[0]!, stub: true },
    { name: asyncNative, initializer: `$linked ? ${asyncDeclaration} : void 0`, stub: false },
  ];
  const consts: { name: string; initializer: string }[] = [];
  if (resultType) consts.push({ name: resultType, initializer: koffiResult });
  if (result.kind !== 'void') consts.push({ name: drainedType, initializer: koffiResultOf(drainedSurfaces) });
  return functionPlan({
    tsName, consts, linked, parameters, asyncParameters: parameters, tsReturn, doc, syncStatements, asyncStatements, resultInterface,
    asyncDoc: `Like {@link ${tsName}}, but runs on a goroutine (through the glue; on one of libuv's threads without it) and does not block the event loop; every error rejects the promise.`,
  });
}

/**
 * A `//bindings:export` function: only the glue has it (the module refuses to load without the glue),
 * so there is no direct call. `string` and `[]byte` results arrive as C copies the runtime decodes and
 * frees; a last `error` result is thrown; a first `context.Context` is the glue's, cancelled through
 * the async variant's `signal`.
 */
function planPlainFunction(b: BoundFunc, options: EmitModuleOptions, uses: Uses): FuncPlan {
  const { f, tsName, native, asyncNative, fnLiteral, params, parameters, asyncDeclaration, glueArgs: args, gluePre: pre, asyncArgs, asyncPre, asyncKeep, callbacks } = callParts(b, uses);
  const rctx = { fn: tsString(f.name), freeStrings: true, freeExpr: undefined, options, single: false };
  const results = glueResults(b);
  // The wrapper's values, f0, f1, ...: each result's koffi types and where it starts.
  const koffiTypes: string[] = [];
  const starts: number[] = [];
  const surfaces = results.map((r) => {
    starts.push(koffiTypes.length);
    if (r.kind === 'value') {
      const surface = resultSurface(r.types[0]!, rctx, uses);
      koffiTypes.push(surface.koffi);
      return surface;
    }
    koffiTypes.push(...r.types.map((t) => (t.kind === 'pointer' ? "'void *'" : "'int64'")));
    return undefined;
  });
  const raw = (j: number): string => (koffiTypes.length === 1 ? 'r$' : `r$.f${j}`);
  const koffiResult = koffiTypes.length === 0 ? "'void'" : koffiTypes.length === 1 ? koffiTypes[0]! : `${rt('resultStruct', uses)}({ ${koffiTypes.map((k, j) => `f${j}: ${k}`).join(', ')} })`;
  const visible = results.map((r, i) => ({ r, i })).filter(({ r }) => r.kind !== 'error');
  const goNames = b.abi.result.kind === 'struct' ? b.abi.result.fields.map((fl) => fl.goName) : [undefined];
  const fieldNames = resultFieldNames(visible.map((_, k) => goNames[k]));
  const tsOf = (r: GlueResult, i: number): string => (r.kind === 'owned-string' ? 'string' : r.kind === 'owned-bytes' ? 'Uint8Array' : surfaces[i]!.ts);
  const valueOf = (r: GlueResult, i: number): string =>
    r.kind === 'owned-string'
      ? `$glue!.takeString(${raw(starts[i]!)}, ${raw(starts[i]! + 1)})`
      : r.kind === 'owned-bytes'
        ? `$glue!.takeBytes(${raw(starts[i]!)}, ${raw(starts[i]! + 1)})`
        : surfaces[i]!.convert(raw(starts[i]!));

  let resultInterface: InterfaceDeclarationStructure | undefined;
  let tsReturn = 'void';
  if (visible.length === 1) tsReturn = tsOf(visible[0]!.r, visible[0]!.i);
  else if (visible.length > 1) {
    tsReturn = `${tsName}Result`;
    resultInterface = {
      kind: StructureKind.Interface,
      name: tsReturn,
      isExported: true,
      docs: [`Results of {@link ${tsName}}.`],
      properties: visible.map(({ r, i }, k) => ({ name: fieldNames[k]!, type: tsOf(r, i) })),
    };
  }
  // Copies are decoded (and freed) before an error is thrown, so that none leaks.
  const errorIndex = results.findIndex((r) => r.kind === 'error');
  const body: string[] = [];
  if (visible.length === 1 && errorIndex < 0) body.push(`return ${valueOf(visible[0]!.r, visible[0]!.i)};`);
  else {
    visible.forEach(({ r, i }, k) => body.push(`const v${k}$ = ${valueOf(r, i)};`));
    if (errorIndex >= 0) body.push(`$glue!.throwError(${raw(starts[errorIndex]!)}, ${fnLiteral});`);
    if (visible.length === 1) body.push('return v0$;');
    else if (visible.length > 1) body.push(`return { ${visible.map((_, k) => `${fieldNames[k]!}: v${k}$`).join(', ')} };`);
  }
  const owned = results.flatMap((r, i) => (r.kind === 'value' ? [] : [raw(starts[i]!)]));
  const discard = owned.length ? `(r$) => { ${owned.map((o) => `$glue!.free(${o});`).join(' ')} }` : undefined;

  const call = (expr: string, check: boolean): string[] =>
    koffiTypes.length === 0 ? [`${expr};`, ...(check ? [`$glue!.check(${fnLiteral});`] : [])] : [`const r$ = ${expr};`, ...(check ? [`$glue!.check(${fnLiteral});`] : []), ...body];
  const context = b.plain?.context === true;
  const signal = context ? 'options?.signal' : undefined;
  const drained = koffiTypes.length === 0 ? 'void 0' : `${f.name}$drained`;
  const syncStatements = callbacks([...pre, ...call(`${native}(${args.join(', ')})`, true)]);
  const settleArgs = ['id$', drained, fnLiteral, asyncKeep.length ? `[${asyncKeep.join(', ')}]` : undefined, signal, discard];
  while (settleArgs.length && settleArgs[settleArgs.length - 1] === undefined) settleArgs.pop();
  const asyncCall = `await glue$.settled(${settleArgs.map((a) => a ?? 'undefined').join(', ')})`;
  const asyncStatements = callbacks([
    ...asyncPre,
    // An aborted signal rejects without starting Go.
    ...(signal ? ['if (options?.signal?.aborted) throw options.signal.reason;'] : []),
    'const glue$ = ($glue ?? $link())!;',
    'const id$ = glue$.id();',
    `${asyncNative}!(${['id$', ...asyncArgs].join(', ')});`,
    ...call(asyncCall, false),
  ]);

  const throws: string[] = [`GoPanicError when ${f.name} panics`];
  if (b.plain?.error) throws.push(`GoError with the message of the error ${f.name} returns, when it is not nil`);
  if (params.length) throws.push('TypeError or RangeError when an argument has the wrong type or is out of range');
  throws.push(...new Set(surfaces.map((x) => x?.throws).filter((t): t is string => t !== undefined)));
  const doc = [...f.doc, ...(f.doc.length ? [''] : []), `Go: \`${f.signature}\` (//bindings:export${context ? '; its context is context.Background()' : ''})`, '', ...throws.map((t) => `@throws ${t}`)].join('\n');
  const glueParams = params.flatMap((p) => p.glueKoffi);
  const linked: LinkedFunction[] = [
    { name: native, initializer: `$lib.func(${tsString(glueSyncName(f.name))}, ${koffiResult}, [${glueParams.join(', ')}])`, stub: true },
    { name: asyncNative, initializer: asyncDeclaration, stub: false },
  ];
  const consts: { name: string; initializer: string }[] = [];
  if (koffiTypes.length) consts.push({ name: drained, initializer: koffiResult });
  const asyncDoc = context
    ? `Like {@link ${tsName}}, but runs on a goroutine and does not block the event loop; every error rejects the promise. When \`options.signal\` aborts, the promise rejects with its reason and the function's context is cancelled (Go sees \`ctx.Err()\`).`
    : `Like {@link ${tsName}}, but runs on a goroutine and does not block the event loop; every error rejects the promise.`;
  return functionPlan({
    tsName, consts, linked, parameters, tsReturn, doc, asyncDoc, syncStatements, asyncStatements, resultInterface,
    asyncParameters: context ? [...parameters, { name: 'options', hasQuestionToken: true, type: '{ readonly signal?: AbortSignal }' }] : parameters,
  });
}

/** Builds the TypeScript module for one Go package's exports. Output depends only on the inputs. */
export function emitModule(funcs: readonly BoundFunc[], options: EmitModuleOptions): string {
  const records = collectRecords(funcs);
  const names = recordNames(records, funcs);
  // A CallbackType is named after its C typedef (see callbackTypeRef), possibly with `_` appended.
  const callbackTypedefs = funcs.flatMap((b) => b.abi.params.map((p) => p.type)).filter((t) => t.kind === 'pointer' && t.fn !== undefined).map((t) => t.c);
  const shadowed = new Set([...names.values(), ...callbackTypedefs.flatMap((c) => [c, `${c}_`])]);
  const uses: Uses = { values: new Set(['loadLibrary', 'linkLibrary']), types: new Set(), records: names, protos: new Map(), callbackTypes: new Map(), shadowed };
  const recordDecls = recordStatements(records, uses, options);
  // The names each function takes in the module, which the loader's and the constants' must avoid.
  const functionNames = funcs.flatMap((b) => [b.tsName, `${b.tsName}Async`, `${b.tsName}Result`]);
  const plans = funcs.map((b) => (b.plain ? planPlainFunction(b, options, uses) : planFunction(b, options, uses)));
  const frees = freeFunctions(funcs);
  const freeWith = frees.length ? rt('freeWith', uses) : '';
  const loader = emitLoader({
    ...options,
    taken: new Set(functionNames),
    loadLibrary: rt('loadLibrary', uses),
    link: emitLinkStatement(funcs, rt('linkLibrary', uses)),
    assignments: [...plans.flatMap((p) => p.linked), ...freeLinked(frees)],
  });

  const imports: ImportDeclarationStructure[] = [
    // Aliased with a `$`, which Go identifiers cannot contain: no export or parameter shadows them.
    {
      kind: StructureKind.ImportDeclaration,
      moduleSpecifier: RUNTIME_MODULE,
      namedImports: [...uses.values].sort().map((n) => ({ name: n, alias: runtimeRef(n) })),
    },
  ];
  imports.push({
    kind: StructureKind.ImportDeclaration,
    isTypeOnly: true,
    moduleSpecifier: RUNTIME_MODULE,
    namedImports: [...[...uses.types].sort(), { name: 'Glue', alias: '$Glue' }, { name: 'KoffiFunction', alias: '$KoffiFunction' }],
  });
  const statements: (StatementStructures | string)[] = [
    ...imports,
    loader.state,
    // Records next: the function declarations refer to their koffi types.
    ...recordDecls,
    ...[...uses.protos].map(([text, name]) => `const ${name} = ${text};`),
    ...[...uses.callbackTypes].map(([name, text]) => `\n/** Registers JS functions for C to keep and call as \`${name}\`: \`${name}.register(fn)\`, then \`release()\` once C no longer calls it. */\nexport const ${name} = ${text};`),
    ...(options.constants ? constantStatements(options.constants, new Set([...MODULE_TYPE_NAMES, ...loader.names, ...uses.records.values(), ...uses.callbackTypes.keys(), ...functionNames]), isReserved) : []),
    // Free functions come first: result types refer to them.
    ...freeStatements(frees, freeWith),
    ...plans.flatMap((p) => p.decls),
    loader.functions,
  ];
  for (const p of plans) {
    if (p.resultInterface) statements.push(p.resultInterface);
    statements.push(...p.functions);
  }
  const reexports = plans.flatMap((p) => p.reexports);
  if (reexports.length) statements.push({ kind: StructureKind.ExportDeclaration, namedExports: reexports });

  // The label is made of paths, which may hold any character: escaped, none can end the comment.
  const text = `// Code generated by gen-bindings from ${lineCommentText(options.sourceLabel)}. DO NOT EDIT.\n\n${printStatements(statements)}`;
  return text;
}
