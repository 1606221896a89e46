import { GLUE_PREFIX } from '../go/glue.js';
/**
 * Reads the export section of the header that `go build -buildmode=c-shared` writes: the
 * `extern` prototypes and the `struct NAME_return` declarations after cgo's prologue.
 */

/** A C declaration `TYPE NAME`, the type normalized by `normalizeCType`. */
export interface HeaderDecl {
  readonly type: string;
  readonly name: string;
}

export interface HeaderExport {
  readonly name: string;
  /** `void`, a C type, or `struct NAME_return`. */
  readonly result: string;
  /** Empty for `(void)`. */
  readonly params: readonly HeaderDecl[];
  /** The declaration as written, whitespace collapsed: `extern GoInt add(GoInt a, GoInt b);`. */
  readonly text: string;
  /** Line of the declaration in the header, counting from 1. */
  readonly line: number;
}

export interface HeaderStruct {
  readonly name: string;
  readonly fields: readonly HeaderDecl[];
  /** `struct NAME { ... };`, whitespace collapsed, comments removed. */
  readonly text: string;
  readonly line: number;
}

export interface CgoHeader {
  /** In header order. */
  readonly exports: readonly HeaderExport[];
  readonly structs: ReadonlyMap<string, HeaderStruct>;
  /** Declarations in the export section that are neither; reported, never guessed at. */
  readonly unreadable: readonly { readonly text: string; readonly line: number }[];
}

/** One spelling per C type: single spaces between words, no space around `*` (`char *` → `char*`). */
export function normalizeCType(s: string): string {
  return s.replace(/\s+/g, ' ').replace(/\s*\*\s*/g, '*').trim();
}

/** Replaces comments with spaces, keeping newlines so that offsets still give line numbers. */
function blankComments(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' '))
    .replace(/\/\/[^\n]*/g, (c) => ' '.repeat(c.length));
}

/** Where the exports start: after cgo's prologue, else after the user preamble, else the whole file. */
function exportSectionStart(text: string): number {
  for (const marker of ['/* End of boilerplate cgo prologue.  */', '/* End of preamble from import "C" comments.  */']) {
    const at = text.lastIndexOf(marker);
    if (at >= 0) return at + marker.length;
  }
  return 0;
}

/** Splits `TYPE NAME` into its parts; the name is the last identifier. */
function splitDecl(decl: string): HeaderDecl | undefined {
  const m = /^(.*?)([A-Za-z_]\w*)\s*$/.exec(decl.trim());
  if (!m || m[1]!.trim() === '') return undefined;
  return { type: normalizeCType(m[1]!), name: m[2]! };
}

/** Splits at `sep` outside parentheses and braces. */
function splitTopLevel(s: string, sep: string): { text: string; offset: number }[] {
  const parts: { text: string; offset: number }[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (ch === '(' || ch === '{') depth++;
    else if (ch === ')' || ch === '}') depth--;
    else if (ch === sep && depth === 0) {
      parts.push({ text: s.slice(start, i), offset: start });
      start = i + 1;
    }
  }
  parts.push({ text: s.slice(start), offset: start });
  return parts;
}

/** Parses the prototypes and result structs of a cgo export header. */
export function parseCgoHeader(text: string): CgoHeader {
  const start = exportSectionStart(text);
  const lineAt = (offset: number): number => text.slice(0, start + offset).split('\n').length;
  // Preprocessor lines (`#ifdef __cplusplus`) and the `extern "C" {` / `}` of C++ linkage carry no declarations.
  const body = blankComments(text.slice(start))
    .replace(/^[ \t]*#.*$/gm, (l) => ' '.repeat(l.length))
    .replace(/extern\s+"C"\s*\{/g, (l) => l.replace(/[^\n]/g, ' '))
    .replace(/\}(?=\s*$)/, ' ');

  const exports: HeaderExport[] = [];
  const structs = new Map<string, HeaderStruct>();
  const unreadable: { text: string; line: number }[] = [];
  for (const part of splitTopLevel(body, ';')) {
    const raw = part.text;
    const lead = raw.length - raw.trimStart().length;
    const stmt = raw.trim().replace(/\s+/g, ' ');
    if (stmt === '') continue;
    const line = lineAt(part.offset + lead);

    const struct = /^struct ([A-Za-z_]\w*) \{(.*)\}$/.exec(stmt);
    if (struct) {
      const fields = struct[2]!.split(';').map((f) => f.trim()).filter(Boolean).map(splitDecl);
      if (fields.every((f) => f !== undefined)) {
        const name = struct[1]!;
        const text = `struct ${name} { ${fields.map((f) => `${f!.type} ${f!.name};`).join(' ')} };`;
        structs.set(name, { name, fields: fields as HeaderDecl[], text, line });
        continue;
      }
    }

    const proto = /^extern (?:__declspec\(dllexport\) )?(.*?)\s*\((.*)\)$/.exec(stmt);
    if (proto) {
      const head = splitDecl(proto[1]!);
      const paramText = proto[2]!.trim();
      const params = paramText === 'void' || paramText === '' ? [] : splitTopLevel(paramText, ',').map((p) => splitDecl(p.text));
      if (head && params.every((p) => p !== undefined)) {
        // The glue's functions (go/glue.ts) are gen-bindings' own, in the header when the glue was built in.
        if (!head.name.startsWith(GLUE_PREFIX)) exports.push({ name: head.name, result: head.type, params: params as HeaderDecl[], text: `${stmt};`, line });
        continue;
      }
    }
    unreadable.push({ text: `${stmt};`, line });
  }
  return { exports, structs, unreadable };
}
