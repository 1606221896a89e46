import type { FunctionDeclarationStructure, ImportDeclarationStructure, InterfaceDeclarationStructure, StatementStructures } from 'ts-morph';
import { StructureKind, VariableDeclarationKind } from 'ts-morph';
import type { BoundFunc } from '../map/map-export.js';
import type { ResultSurface, SurfaceOptions, Uses } from '../map/surface.js';
import { MODULE_TYPE_NAMES, paramSurface, resultSurface, rt, runtimeRef } from '../map/surface.js';
import { emitVerifyStatement } from './fingerprint.js';
import { freeFunctions, freeRef, freeStatements } from './free-functions.js';
import { isReserved, lineCommentText, paramNames, resultFieldNames, tsString } from './names.js';
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
}

/** TS names of the generated function; reserved words are declared as `name$fn` and re-exported. */
function localName(name: string): string {
  return isReserved(name) ? `${name}$fn` : name;
}

interface FuncPlan {
  readonly decl: StatementStructures;
  readonly functions: FunctionDeclarationStructure[];
  readonly resultInterface: InterfaceDeclarationStructure | undefined;
  readonly reexports: string[];
}

function planFunction(b: BoundFunc, options: EmitModuleOptions, uses: Uses): FuncPlan {
  const f = b.func;
  const tsName = b.tsName;
  const native = `${f.name}$`;
  const fnLiteral = tsString(tsName);
  const names = paramNames(b.abi.params.map((p) => p.goName));
  const params = b.abi.params.map((p, i) => ({ name: names[i]!, surface: paramSurface(p.type, uses, p.buffer === true, p.keep === true) }));
  const freeExpr = b.freeWith ? freeRef(b.freeWith) : undefined;
  // Result errors name the Go function that returned the value; argument errors the TS function called.
  const rctx = { fn: tsString(f.name), freeStrings: b.freeStrings, freeExpr, options };

  // Result shape: the fields callers see, after //bindings:error takes the last one.
  const result = b.abi.result;
  const fieldTypes = result.kind === 'void' ? [] : result.kind === 'single' ? [{ cName: '', goName: undefined, type: result.type }] : result.fields;
  const errorField = b.throwsOnError ? fieldTypes[fieldTypes.length - 1] : undefined;
  const visible = b.throwsOnError ? fieldTypes.slice(0, -1) : fieldTypes;
  const fieldNames = resultFieldNames(visible.map((fl) => fl.goName));
  const surfaces: ResultSurface[] = visible.map((fl) => resultSurface(fl.type, { ...rctx, single: result.kind === 'single' }, uses));
  // The koffi type of each C result field: the visible ones as their surfaces say, the error message as a raw pointer.
  const fieldKoffi = fieldTypes.map((_, i) => surfaces[i]?.koffi ?? "'void *'");
  const koffiResult =
    result.kind === 'void'
      ? "'void'"
      : result.kind === 'single'
        ? fieldKoffi[0]!
        : `${rt('resultStruct', uses)}({ ${result.fields.map((fl, i) => `${fl.cName}: ${fieldKoffi[i]}`).join(', ')} })`;

  const interfaceName = `${tsName}Result`;
  let resultInterface: InterfaceDeclarationStructure | undefined;
  let tsReturn: string;
  if (visible.length === 0) tsReturn = 'void';
  else if (visible.length === 1) tsReturn = surfaces[0]!.ts;
  else {
    tsReturn = interfaceName;
    resultInterface = {
      kind: StructureKind.Interface,
      name: interfaceName,
      isExported: true,
      docs: [`Results of {@link ${tsName}}.`],
      properties: visible.map((_, i) => ({ name: fieldNames[i]!, type: surfaces[i]!.ts })),
    };
  }

  // Statements that turn the raw koffi result `r$` into the TS result; the same for both variants.
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
  // Every argument is checked before koffi sees it (a plain JS caller is not held to the TS types).
  // A JS function for a function pointer is registered before the call and released after it.
  const args = params.map((p) => (p.surface.callback ? `${p.name}$cb.pointer` : p.surface.convert(p.name, fnLiteral, tsString(p.name)))).join(', ');
  const withCallbacks = (inner: string[]): string[] =>
    params.filter((p) => p.surface.callback).reduceRight(
      (stmts, p) => [`const ${p.name}$cb = ${p.surface.convert(p.name, fnLiteral, tsString(p.name))};`, 'try {', ...stmts.map((s) => `  ${s}`), '} finally {', `  ${p.name}$cb.release();`, '}'],
      inner,
    );
  const statementsFor = (call: string): string[] => {
    if (result.kind === 'void') return withCallbacks([`${call};`]);
    // One result converted in one expression: no temporary.
    if (body.length === 1 && result.kind === 'single' && !errorField) return withCallbacks([body[0]!.replace(/\br\$/g, call)]);
    return withCallbacks([`const r$ = ${call};`, ...body]);
  };
  const syncStatements = statementsFor(`${native}(${args})`);
  // An async function: a bad argument rejects the promise instead of throwing where the call was made.
  const asyncStatements = statementsFor(`await ${rt('callAsync', uses)}(${native}, [${args}])`);

  const throws = [...new Set(surfaces.map((s) => s.throws).filter((t): t is string => t !== undefined))];
  if (params.length) throws.unshift('TypeError or RangeError when an argument has the wrong type or is out of range');
  if (errorField) throws.unshift(`GoError with the message ${f.name} returned, when it returns a non-nil error string`);
  const doc = [...f.doc, ...(f.doc.length ? [''] : []), `Go: \`${f.signature}\``, ...(throws.length ? [''] : []), ...throws.map((t) => `@throws ${t}`)].join('\n');
  const name = localName(tsName);
  const asyncName = localName(`${tsName}Async`);
  const parameters = params.map((p) => ({ name: p.name, type: p.surface.ts }));
  return {
    decl: {
      kind: StructureKind.VariableStatement,
      declarationKind: VariableDeclarationKind.Const,
      declarations: [{ name: native, initializer: `$lib.func(${tsString(f.name)}, ${koffiResult}, [${params.map((p) => p.surface.koffi).join(', ')}])` }],
    },
    functions: [
      { kind: StructureKind.Function, isExported: name === tsName, name, parameters, returnType: tsReturn, docs: [doc], statements: syncStatements },
      {
        kind: StructureKind.Function,
        isExported: asyncName === `${tsName}Async`,
        isAsync: true,
        name: asyncName,
        parameters,
        returnType: `Promise<${tsReturn}>`,
        docs: [`Like {@link ${tsName}}, but runs on a koffi worker thread and does not block the event loop; every error rejects the promise.`],
        statements: asyncStatements,
      },
    ],
    resultInterface,
    reexports: name === tsName ? [] : [`${name} as ${tsName}`],
  };
}

/** Builds the TypeScript module for one Go package's exports. Output depends only on the inputs. */
export function emitModule(funcs: readonly BoundFunc[], options: EmitModuleOptions): string {
  const records = collectRecords(funcs);
  const uses: Uses = { values: new Set(['loadLibrary', 'verifyLibrary']), types: new Set(), records: recordNames(records, funcs), protos: new Map(), callbackTypes: new Map() };
  const recordDecls = recordStatements(records, uses, options);
  const plans = funcs.map((b) => planFunction(b, options, uses));
  const frees = freeFunctions(funcs);
  const freeWith = frees.length ? rt('freeWith', uses) : '';
  const loadLibrary = rt('loadLibrary', uses);
  const verify = emitVerifyStatement(funcs, rt('verifyLibrary', uses));

  const imports: ImportDeclarationStructure[] = [
    // Aliased with a `$`, which Go identifiers cannot contain: no export or parameter shadows them.
    {
      kind: StructureKind.ImportDeclaration,
      moduleSpecifier: RUNTIME_MODULE,
      namedImports: [...uses.values].sort().map((n) => ({ name: n, alias: runtimeRef(n) })),
    },
  ];
  if (uses.types.size) {
    imports.push({ kind: StructureKind.ImportDeclaration, isTypeOnly: true, moduleSpecifier: RUNTIME_MODULE, namedImports: [...uses.types].sort() });
  }
  const statements: (StatementStructures | string)[] = [
    ...imports,
    {
      kind: StructureKind.VariableStatement,
      declarationKind: VariableDeclarationKind.Const,
      declarations: [{ name: '$lib', initializer: `${loadLibrary}({ name: ${tsString(options.libName)}, moduleUrl: import.meta.url, goSource: ${tsString(options.goSource)}${options.platformPackages?.length ? `, platformPackages: [${options.platformPackages.map(tsString).join(', ')}]` : ''} })` }],
    },
    verify,
    // Records next: the function declarations refer to their koffi types.
    ...recordDecls,
    ...[...uses.protos].map(([text, name]) => `const ${name} = ${text};`),
    ...[...uses.callbackTypes].map(([name, text]) => `\n/** Registers JS functions for C to keep and call as \`${name}\`: \`${name}.register(fn)\`, then \`release()\` once C no longer calls it. */\nexport const ${name} = ${text};`),
    ...(options.constants ? constantStatements(options.constants, new Set([...MODULE_TYPE_NAMES, ...uses.records.values(), ...uses.callbackTypes.keys(), ...funcs.flatMap((b) => [b.tsName, `${b.tsName}Async`, `${b.tsName}Result`])]), isReserved) : []),
    // Free functions come first: result types refer to them.
    ...freeStatements(frees, freeWith),
    ...plans.map((p) => p.decl),
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
