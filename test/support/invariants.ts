// What must hold for any input to the generator's front end, however malformed: checked by the fuzz
// and robustness tests. Each check returns the violations as sentences (empty when all is well).
import type { Diagnostic, Position } from '../../packages/generator/src/model/diagnostics.js';
import type { LexResult } from '../../packages/generator/src/parse/lexer.js';
import type { ParseFileResult } from '../../packages/generator/src/parse/parse-file.js';
import type { PreambleInfo } from '../../packages/generator/src/parse/preamble.js';
import type { GenerateResult } from '../../packages/generator/src/generate.js';

/** Offsets where each line starts (line 1 at index 0), lines ending at '\n' as in Go. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** Positions in one source text: whether a line/column exists, and which line/column an offset is at. */
class SourceLines {
  private readonly starts: number[];
  constructor(private readonly text: string) {
    this.starts = lineStarts(text);
  }

  /** A column may point one past the last character of its line (end of line or of file). */
  contains(line: number, column: number): boolean {
    const start = this.starts[line - 1];
    if (start === undefined || !Number.isInteger(column) || column < 1) return false;
    const end = this.starts[line] === undefined ? this.text.length : this.starts[line]! - 1;
    return start + column - 1 <= end;
  }

  /** Line and column (from 1, UTF-16 code units) of an offset counted from 0. */
  at(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.starts[lo]! + 1 };
  }
}

/** Sources by the path diagnostics name them with. */
export type SourceMap = ReadonlyMap<string, string>;

function positionProblem(pos: Position | undefined, sources: SourceMap, lines: Map<string, SourceLines>): string | undefined {
  if (pos === undefined) return undefined;
  const text = sources.get(pos.file);
  if (text === undefined) return `names file ${JSON.stringify(pos.file)}, which is not an input`;
  // line 0, column 0 means the whole file (model/diagnostics.ts).
  if (pos.line === 0 && pos.column === 0) return undefined;
  let l = lines.get(pos.file);
  if (!l) lines.set(pos.file, (l = new SourceLines(text)));
  return l.contains(pos.line, pos.column) ? undefined : `position ${pos.line}:${pos.column} is outside ${pos.file}`;
}

export function diagnosticProblems(diagnostics: readonly Diagnostic[], sources: SourceMap): string[] {
  const problems: string[] = [];
  const lines = new Map<string, SourceLines>();
  for (const d of diagnostics) {
    const where = `diagnostic ${JSON.stringify(d.message?.slice(0, 80))} [${d.code}]`;
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(d.code ?? '')) problems.push(`${where}: code is not kebab-case`);
    if (d.severity !== 'error' && d.severity !== 'warning') problems.push(`${where}: severity ${String(d.severity)}`);
    if (typeof d.message !== 'string' || d.message.trim() === '') problems.push(`${where}: empty message`);
    const p = positionProblem(d.pos, sources, lines);
    if (p) problems.push(`${where}: ${p}`);
  }
  return problems;
}

interface Located {
  readonly what: string;
  readonly text: string;
  readonly offset: number;
  readonly line: number;
  readonly column: number;
  /** Inserted semicolons and EOF have no text of their own. */
  readonly synthetic: boolean;
}

/** Whether `text` is the source at `offset`, carriage returns aside (go/scanner drops them from comments and raw strings). */
function isSourceAt(src: string, offset: number, text: string): boolean {
  let j = offset;
  for (let k = 0; k < text.length; j++) {
    if (src[j] === text[k]) k++;
    else if (src[j] !== '\r') return false;
  }
  return true;
}

/** Items in source order, each at the line and column its offset says, its text the source there. */
function sequenceProblems(items: readonly Located[], src: string, lines: SourceLines): string[] {
  const problems: string[] = [];
  let previous = 0;
  for (const t of items) {
    const what = `${t.what} ${JSON.stringify(t.text.slice(0, 40))} at offset ${t.offset}`;
    if (!Number.isInteger(t.offset) || t.offset < previous || t.offset > src.length) {
      problems.push(`${what}: offset out of order or outside the input`);
      continue;
    }
    previous = t.offset;
    const at = lines.at(t.offset);
    if (at.line !== t.line || at.column !== t.column) problems.push(`${what}: says ${t.line}:${t.column}, its offset is at ${at.line}:${at.column}`);
    if (!t.synthetic && !isSourceAt(src, t.offset, t.text)) problems.push(`${what}: text is not the source at its offset`);
  }
  return problems;
}

export function lexProblems(r: LexResult, src: string, file: string): string[] {
  const lines = new SourceLines(src);
  const tokens = r.tokens.map((t) => ({ ...t, what: `token ${t.tok}`, text: t.lit, synthetic: t.tok === 'EOF' || (t.tok === ';' && t.lit !== ';') }));
  const comments = r.comments.map((c) => ({ ...c, what: 'comment', synthetic: false }));
  const problems = [
    ...diagnosticProblems(r.diagnostics, new Map([[file, src]])),
    ...sequenceProblems(tokens, src, lines),
    ...sequenceProblems(comments, src, lines),
  ];
  let before = 0;
  for (const t of r.tokens) {
    if (t.comments < before || t.comments > r.comments.length) problems.push(`token ${t.tok} at offset ${t.offset}: ${t.comments} comments before it, after ${before}`);
    before = t.comments;
  }
  if (r.tokens[r.tokens.length - 1]?.tok !== 'EOF') problems.push('the last token is not EOF');
  return problems;
}

export function parseProblems(r: ParseFileResult, src: string, file: string): string[] {
  const sources = new Map([[file, src]]);
  const positions: Diagnostic[] = [
    ...r.file.exports.flatMap((e) => [e.pos, e.exportPos, ...e.params.map((p) => p.pos), ...e.results.map((p) => p.pos)]),
    ...r.file.types.map((t) => t.pos),
  ].map((pos) => ({ code: 'ir-position', severity: 'error', message: 'a position in the IR', pos }));
  const problems = [...diagnosticProblems(r.diagnostics, sources), ...diagnosticProblems(positions, sources)];
  if (r.file.path !== file) problems.push(`file.path is ${JSON.stringify(r.file.path)}, not ${JSON.stringify(file)}`);
  return problems;
}

export function preambleProblems(r: PreambleInfo): string[] {
  const problems: string[] = [];
  for (const t of r.typedefs) if (!/^[A-Za-z_]\w*$/.test(t.name)) problems.push(`typedef name ${JSON.stringify(t.name)} is not a C identifier`);
  for (const t of r.tags) if (!/^(struct|union|enum)_[A-Za-z_]\w*$/.test(t)) problems.push(`tag ${JSON.stringify(t)} is not struct_/union_/enum_ and a C identifier`);
  return problems;
}

export function generateProblems(r: GenerateResult, sources: SourceMap): string[] {
  const problems = diagnosticProblems(r.diagnostics, sources);
  const failed = r.diagnostics.some((d) => d.severity === 'error');
  if (failed && r.files.length) problems.push('files were generated although there are errors');
  if (!failed && r.files.length !== 1) problems.push(`no errors, but ${r.files.length} files generated`);
  return problems;
}
