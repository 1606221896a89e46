import type { StructureKind as MorphStructureKind, VariableDeclarationKind as MorphVariableDeclarationKind } from 'ts-morph';

/**
 * The members of ts-morph's StructureKind and VariableDeclarationKind that the emitter uses, with
 * ts-morph's values and types, so that the emitter builds ts-morph structures without loading
 * ts-morph (300 ms of the CLI's cold start; emit/print.ts prints the structures itself).
 * test/build-units.test.ts checks the values against ts-morph's.
 */
export const StructureKind = {
  ExportDeclaration: 11 as MorphStructureKind.ExportDeclaration,
  Function: 13 as MorphStructureKind.Function,
  ImportDeclaration: 16 as MorphStructureKind.ImportDeclaration,
  Interface: 19 as MorphStructureKind.Interface,
  VariableStatement: 41 as MorphStructureKind.VariableStatement,
} as const;

export const VariableDeclarationKind = {
  Const: 'const' as MorphVariableDeclarationKind.Const,
} as const;
