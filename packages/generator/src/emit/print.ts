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
    // `*/` inside a Go comment would end the TSDoc early; every JS line terminator starts a new ` * ` line.
    const text = (typeof doc === 'string' ? doc : String(doc.description ?? '')).replace(/\*\//g, '*\\/');
    const lines = text.split(/\r\n|[\n\r\u2028\u2029]/);
    if (lines.length === 1) {
      w.writeLine(`/** ${text} */`);
      continue;
    }
    w.writeLine('/**');
    for (const line of lines) w.writeLine(line === '' ? ' *' : ` * ${line}`);
    w.writeLine(' */');
  }
}

function printImport(w: CodeBlockWriter, s: ImportDeclarationStructure): void {
  const names = ((s.namedImports as readonly (string | { name: string; alias?: string })[] | undefined) ?? []).map((n) =>
    typeof n === 'string' ? n : n.alias !== undefined ? `${n.name} as ${n.alias}` : n.name,
  );
  const head = `import ${s.isTypeOnly ? 'type ' : ''}`;
  const tail = ` from '${s.moduleSpecifier}';`;
  const oneLine = `${head}{ ${names.join(', ')} }${tail}`;
  if (oneLine.length <= 100) {
    w.writeLine(oneLine);
    return;
  }
  w.writeLine(`${head}{`);
  for (const n of names) w.writeLine(`  ${n},`);
  w.writeLine(`}${tail}`);
}

function printConst(w: CodeBlockWriter, s: VariableStatementStructure): void {
  for (const d of s.declarations) w.writeLine(`${s.isExported ? 'export ' : ''}const ${d.name} = ${String(d.initializer)};`);
}

function printFunction(w: CodeBlockWriter, s: FunctionDeclarationStructure): void {
  printDocs(w, s.docs);
  const params = (s.parameters ?? []).map((p) => `${p.name}: ${String(p.type)}`).join(', ');
  w.write(`${s.isExported ? 'export ' : ''}${s.isAsync ? 'async ' : ''}function ${s.name}(${params}): ${String(s.returnType)}`).block(() => {
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
