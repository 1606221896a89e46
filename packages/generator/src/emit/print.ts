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
import { StructureKind } from './structure-kinds.js';

/**
 * Lines of the module at one indentation level per block (two spaces), for the few shapes the emitter
 * prints. ts-morph's CodeBlockWriter did the same but scanned every character written to track strings
 * and comments, which took half the emitter's time for a large package; nothing here needs that.
 */
class LineWriter {
  private readonly lines: string[] = [];
  private indent = '';

  /** Writes `text` (lines separated by `\n`) at the current indentation; empty lines stay empty. */
  writeLine(text: string): void {
    for (const line of text.split('\n')) this.lines.push(line === '' ? '' : this.indent + line);
  }

  blankLine(): void {
    this.lines.push('');
  }

  /** `head {`, the body one level in, `}`. */
  block(head: string, body: () => void): void {
    this.writeLine(`${head} {`);
    const outer = this.indent;
    this.indent += '  ';
    body();
    this.indent = outer;
    this.writeLine('}');
  }

  toString(): string {
    return `${this.lines.join('\n')}\n`;
  }
}

/**
 * Prints the statement structures the emitter builds. Going through `Project.createSourceFile(structures)`
 * printed the same text and then had TypeScript parse it back into a syntax tree that nothing used: two
 * thirds of the time for a large package (bench/README.md). Only the structure kinds the emitter produces
 * are supported.
 */
export function printStatements(statements: readonly (StatementStructures | string)[]): string {
  const writer = new LineWriter();
  let previous: StatementStructures['kind'] | 'text' | undefined;
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
  return writer.toString();
}

function printStatement(w: LineWriter, s: StatementStructures): void {
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

function printDocs(w: LineWriter, docs: readonly (OptionalKind<JSDocStructure> | string)[] | undefined): void {
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

function printImport(w: LineWriter, s: ImportDeclarationStructure): void {
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

function printConst(w: LineWriter, s: VariableStatementStructure): void {
  for (const d of s.declarations) w.writeLine(`${s.isExported ? 'export ' : ''}const ${d.name} = ${String(d.initializer)};`);
}

function printFunction(w: LineWriter, s: FunctionDeclarationStructure): void {
  printDocs(w, s.docs);
  const params = (s.parameters ?? []).map((p) => `${p.name}${p.hasQuestionToken ? '?' : ''}: ${String(p.type)}`).join(', ');
  w.block(`${s.isExported ? 'export ' : ''}${s.isAsync ? 'async ' : ''}function ${s.name}(${params}): ${String(s.returnType)}`, () => {
    for (const statement of (s.statements as readonly string[] | undefined) ?? []) w.writeLine(statement);
  });
}

function printInterface(w: LineWriter, s: InterfaceDeclarationStructure): void {
  printDocs(w, s.docs);
  w.block(`${s.isExported ? 'export ' : ''}interface ${s.name}`, () => {
    for (const p of s.properties ?? []) w.writeLine(`${p.name}: ${String(p.type)};`);
  });
}

function printExport(w: LineWriter, s: ExportDeclarationStructure): void {
  const names = (s.namedExports as readonly string[] | undefined) ?? [];
  w.writeLine(`export { ${names.join(', ')} };`);
}
