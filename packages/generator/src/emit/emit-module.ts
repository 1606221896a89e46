import type { FunctionDeclarationStructure, ImportDeclarationStructure, InterfaceDeclarationStructure, StatementStructures } from 'ts-morph';
import { StructureKind, VariableDeclarationKind } from 'ts-morph';
import type { BoundFunc } from '../map/map-export.js';
import type { ResultSurface, SurfaceOptions, Uses } from '../map/surface.js';
import { paramSurface, resultSurface } from '../map/surface.js';
import { emitVerifyStatement } from './fingerprint.js';
import { isReserved, paramName, resultFieldName, tsString } from './names.js';
import { printStatements } from './print.js';

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
}

/** TS names of the generated function; reserved words are emitted under `name$` and re-exported. */
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
  const native = `${f.name}$`;
  const params = b.abi.params.map((p, i) => ({ name: paramName(p.goName, i), surface: paramSurface(p.type, uses) }));
  const freeExpr = b.freeWith ? `${b.freeWith}$free` : undefined;
  const rctx = { fn: f.name, freeStrings: b.freeStrings, freeExpr, options };

  // Result shape: the fields callers see, after //bindings:error takes the last one.
  const result = b.abi.result;
  const fieldTypes = result.kind === 'void' ? [] : result.kind === 'single' ? [{ cName: '', goName: undefined, type: result.type }] : result.fields;
  const errorField = b.throwsOnError ? fieldTypes[fieldTypes.length - 1] : undefined;
  const visible = b.throwsOnError ? fieldTypes.slice(0, -1) : fieldTypes;
  const surfaces: ResultSurface[] = visible.map((fl) => resultSurface(fl.type, { ...rctx, single: result.kind === 'single' }, uses));
  // The koffi type of each C result field: the visible ones as their surfaces say, the error message as a raw pointer.
  const fieldKoffi = fieldTypes.map((_, i) => surfaces[i]?.koffi ?? "'void *'");
  if (result.kind === 'struct') uses.values.add('resultStruct');
  const koffiResult =
    result.kind === 'void'
      ? "'void'"
      : result.kind === 'single'
        ? fieldKoffi[0]!
        : `resultStruct({ ${result.fields.map((fl, i) => `${fl.cName}: ${fieldKoffi[i]}`).join(', ')} })`;

  const interfaceName = `${f.name}Result`;
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
      docs: [`Results of {@link ${f.name}}.`],
      properties: visible.map((fl, i) => ({ name: resultFieldName(fl.goName, i), type: surfaces[i]!.ts })),
    };
  }

  // Statements that turn the raw koffi result `r$` into the TS result.
  const tail = (): string[] => {
    const lines: string[] = [];
    if (errorField) {
      uses.values.add('checkError');
      const msg = result.kind === 'single' ? 'r$' : `r$.${errorField.cName}`;
      lines.push(freeExpr ? `checkError(${msg}, '${f.name}', ${freeExpr});` : `checkError(${msg}, '${f.name}');`);
    }
    if (visible.length === 1) {
      const raw = result.kind === 'single' ? 'r$' : `r$.${visible[0]!.cName}`;
      lines.push(`return ${surfaces[0]!.convert(raw)};`);
    } else if (visible.length > 1) {
      const props = visible.map((fl, i) => `${resultFieldName(fl.goName, i)}: ${surfaces[i]!.convert(`r$.${fl.cName}`)}`);
      lines.push(`return { ${props.join(', ')} };`);
    }
    return lines;
  };
  const body = tail();
  const args = params.map((p) => p.surface.convert(p.name)).join(', ');
  const call = `${native}(${args})`;
  const simple = body.length === 1 && body[0]!.startsWith('return ') && result.kind === 'single' && !errorField;
  const syncStatements =
    result.kind === 'void'
      ? [`${call};`]
      : simple
        ? [body[0]!.replace(/\br\$/g, call)]
        : [`const r$ = ${call};`, ...body];

  uses.values.add('callAsync');
  const returned = body.length === 1 && body[0]!.startsWith('return ') ? body[0]!.slice('return '.length, -1) : undefined;
  // A void call or an unconverted result needs no `.then`: koffi's raw value is already the answer.
  const asyncThen =
    result.kind === 'void' || returned === 'r$'
      ? ''
      : returned !== undefined
        ? `.then((r$) => ${returned.startsWith('{') ? `(${returned})` : returned})`
        : `.then((r$) => {\n${body.map((l) => `  ${l}`).join('\n')}\n})`;
  const asyncStatements = [`return callAsync(${native}, [${args}])${asyncThen};`];

  const throws = [...new Set(surfaces.map((s) => s.throws).filter((t): t is string => t !== undefined))];
  if (errorField) throws.unshift(`GoError with the message ${f.name} returned, when it returns a non-nil error string`);
  const doc = [...f.doc, ...(f.doc.length ? [''] : []), `Go: \`${f.signature}\``, ...(throws.length ? [''] : []), ...throws.map((t) => `@throws ${t}`)].join('\n');
  const name = localName(f.name);
  const asyncName = localName(`${f.name}Async`);
  const parameters = params.map((p) => ({ name: p.name, type: p.surface.ts }));
  return {
    decl: {
      kind: StructureKind.VariableStatement,
      declarationKind: VariableDeclarationKind.Const,
      declarations: [{ name: native, initializer: `lib.func('${f.name}', ${koffiResult}, [${params.map((p) => p.surface.koffi).join(', ')}])` }],
    },
    functions: [
      { kind: StructureKind.Function, isExported: name === f.name, name, parameters, returnType: tsReturn, docs: [doc], statements: syncStatements },
      {
        kind: StructureKind.Function,
        isExported: asyncName === `${f.name}Async`,
        name: asyncName,
        parameters,
        returnType: `Promise<${tsReturn}>`,
        docs: [`Like {@link ${f.name}}, but runs on a koffi worker thread and does not block the event loop.`],
        statements: asyncStatements,
      },
    ],
    resultInterface,
    reexports: name === f.name ? [] : [`${name} as ${f.name}`],
  };
}

/** Builds the TypeScript module for one Go package's exports. Output depends only on the inputs. */
export function emitModule(funcs: readonly BoundFunc[], options: EmitModuleOptions): string {
  const uses: Uses = { values: new Set(['loadLibrary', 'verifyLibrary']), types: new Set() };
  const plans = funcs.map((b) => planFunction(b, options, uses));
  const freeNames = [...new Set(funcs.map((b) => b.freeWith).filter((n): n is string => n !== undefined))];
  if (freeNames.length) uses.values.add('freeWith');

  const imports: ImportDeclarationStructure[] = [
    { kind: StructureKind.ImportDeclaration, moduleSpecifier: RUNTIME_MODULE, namedImports: [...uses.values].sort() },
  ];
  if (uses.types.size) {
    imports.push({ kind: StructureKind.ImportDeclaration, isTypeOnly: true, moduleSpecifier: RUNTIME_MODULE, namedImports: [...uses.types].sort() });
  }
  const statements: (StatementStructures | string)[] = [
    ...imports,
    {
      kind: StructureKind.VariableStatement,
      declarationKind: VariableDeclarationKind.Const,
      declarations: [{ name: 'lib', initializer: `loadLibrary({ name: '${options.libName}', moduleUrl: import.meta.url, goSource: ${tsString(options.goSource)}${options.platformPackages?.length ? `, platformPackages: [${options.platformPackages.map(tsString).join(', ')}]` : ''} })` }],
    },
    emitVerifyStatement(funcs),
    // Free functions come first: result types refer to them, and they look their export up only when called.
    ...freeNames.map(
      (n): StatementStructures => ({
        kind: StructureKind.VariableStatement,
        declarationKind: VariableDeclarationKind.Const,
        declarations: [{ name: `${n}$free`, initializer: `freeWith(() => ${n}$)` }],
      }),
    ),
    ...plans.map((p) => p.decl),
  ];
  for (const p of plans) {
    if (p.resultInterface) statements.push(p.resultInterface);
    statements.push(...p.functions);
  }
  const reexports = plans.flatMap((p) => p.reexports);
  if (reexports.length) statements.push({ kind: StructureKind.ExportDeclaration, namedExports: reexports });

  const text = `// Code generated by gen-bindings from ${options.sourceLabel}. DO NOT EDIT.\n\n${printStatements(statements)}`;
  return text;
}
