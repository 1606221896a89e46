import type { StatementStructures } from 'ts-morph';
import { StructureKind, VariableDeclarationKind } from './structure-kinds.js';
import type { FreeFunction } from '../map/free-function.js';
import type { BoundFunc } from '../map/map-export.js';
import { tsString } from './names.js';

/** The functions that `//bindings:free` names across the exports, each once, in order of first use. */
export function freeFunctions(funcs: readonly BoundFunc[]): FreeFunction[] {
  const byName = new Map<string, FreeFunction>();
  for (const b of funcs) if (b.freeWith && !byName.has(b.freeWith.name)) byName.set(b.freeWith.name, b.freeWith);
  return [...byName.values()];
}

/** How a result conversion refers to the free function `f`: `NAME$free`. */
export function freeRef(f: FreeFunction): string {
  return `${f.name}$free`;
}

/**
 * `NAME$free` for each free function, before the declarations of the exports: result types refer to
 * them. An export's is declared with the other exports (`NAME$`) and looked up when first called; a C
 * function's is declared here (`NAME$c`), after `verifyLibrary` has checked that the library has it.
 */
export function freeStatements(frees: readonly FreeFunction[], freeWith: string): (StatementStructures | string)[] {
  return frees.flatMap((f): (StatementStructures | string)[] => {
    const koffi = f.kind === 'export' ? `${f.name}$` : `${f.name}$c!`;
    const cDecl = f.kind === 'c' ? [`let ${f.name}$c: $KoffiFunction | undefined;`] : [];
    return [...cDecl, { kind: StructureKind.VariableStatement, declarationKind: VariableDeclarationKind.Const, declarations: [{ name: freeRef(f), initializer: `${freeWith}(() => ${koffi})` }] }];
  });
}

/** The assignments `$link()` makes for the C free functions, once `linkLibrary` has checked that the library has them. */
export function freeLinked(frees: readonly FreeFunction[]): string[] {
  return frees.filter((f) => f.kind === 'c').map((f) => `${f.name}$c = $lib.func(${tsString(f.name)}, 'void', ['void *']);`);
}
