import type {
  ExportDeclarationStructure,
  FunctionDeclarationStructure,
  ImportDeclarationStructure,
  InterfaceDeclarationStructure,
  JSDocStructure,
  OptionalKind,
  StatementStructures,
  VariableStatementStructure,
} from 'ts-morph';
import { CodeBlockWriter, StructureKind } from 'ts-morph';

/**
 * Prints the statement structures the emitter builds, with ts-morph's CodeBlockWriter. Going through
 * `Project.createSourceFile(structures)` printed the same text and then had TypeScript parse it back
 * into a syntax tree that nothing used: two thirds of the time for a large package (bench/README.md).
 * Only the structure kinds the emitter produces are supported.
 */
export function printStatements(statements: readonly (StatementStructures | string)[]): string {
  const writer = new CodeBlockWriter({ newLine: '\n', indentNumberOfSpaces: 2, useTabs: false, useSingleQuote: true });
  let previous: StructureKind | 'text' | undefined;
  for (const s of statements) {
    const kind = typeof s === 'string' ? 'text' : s.kind;
    // Declarations with bodies stand apart; imports and `const`s run together, as ts-morph prints them.
    const block = kind === StructureKind.Function || kind === StructureKind.Interface || kind === StructureKind.ExportDeclaration;
    const afterImports = previous === StructureKind.ImportDeclaration && kind !== previous;
    if (previous !== undefined && (block || afterImports)) writer.blankLine();
    if (typeof s === 'string') writer.writeLine(s);
    else printStatement(writer, s);
    previous = kind;
  }
  const text = writer.toString();
  return text.endsWith('\n') ? text : `${text}\n`;
}

function printStatement(w: CodeBlockWriter, s: StatementStructures): void {
  switch (s.kind) {
    case StructureKind.ImportDeclaration:
      return printImport(w, s);
    case StructureKind.VariableStatement:
      return printConst(w, s);
    case StructureKind.Function:
      return printFunction(w, s);
    case StructureKind.Interface:
      return printInterface(w, s);
    case StructureKind.ExportDeclaration:
      return printExport(w, s);
    default:
      throw new Error(`the module printer does not handle structure kind ${s.kind}`);
  }
}

function printDocs(w: CodeBlockWriter, docs: readonly (OptionalKind<JSDocStructure> | string)[] | undefined): void {
  for (const doc of docs ?? []) {
    // `*/` inside a Go comment would end the TSDoc early.
    const text = (typeof doc === 'string' ? doc : String(doc.description ?? '')).replace(/\*\//g, '*\\/');
    if (!text.includes('\n')) {
      w.writeLine(`/** ${text} */`);
      continue;
    }
    w.writeLine('/**');
    for (const line of text.split('\n')) w.writeLine(line === '' ? ' *' : ` * ${line}`);
    w.writeLine(' */');
  }
}

function printImport(w: CodeBlockWriter, s: ImportDeclarationStructure): void {
  const names = (s.namedImports as readonly string[] | undefined) ?? [];
  w.writeLine(`import ${s.isTypeOnly ? 'type ' : ''}{ ${names.join(', ')} } from '${s.moduleSpecifier}';`);
}

function printConst(w: CodeBlockWriter, s: VariableStatementStructure): void {
  for (const d of s.declarations) w.writeLine(`${s.isExported ? 'export ' : ''}const ${d.name} = ${String(d.initializer)};`);
}

function printFunction(w: CodeBlockWriter, s: FunctionDeclarationStructure): void {
  printDocs(w, s.docs);
  const params = (s.parameters ?? []).map((p) => `${p.name}: ${String(p.type)}`).join(', ');
  w.write(`${s.isExported ? 'export ' : ''}function ${s.name}(${params}): ${String(s.returnType)}`).block(() => {
    for (const statement of (s.statements as readonly string[] | undefined) ?? []) w.writeLine(statement);
  });
}

function printInterface(w: CodeBlockWriter, s: InterfaceDeclarationStructure): void {
  printDocs(w, s.docs);
  w.write(`${s.isExported ? 'export ' : ''}interface ${s.name}`).block(() => {
    for (const p of s.properties ?? []) w.writeLine(`${p.name}: ${String(p.type)};`);
  });
}

function printExport(w: CodeBlockWriter, s: ExportDeclarationStructure): void {
  const names = (s.namedExports as readonly string[] | undefined) ?? [];
  w.writeLine(`export { ${names.join(', ')} };`);
}
