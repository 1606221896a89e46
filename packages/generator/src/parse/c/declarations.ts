// Reads the declarations of a preprocessed C translation unit from tree-sitter-c's syntax tree:
// typedefs, struct/union/enum definitions, object-like #defines and function prototypes.
import type { Node as TsNode, Tree } from 'web-tree-sitter';
import type { CDeclarations, CDefine, CEnumDecl, CField, CFunctionDecl, COrigin, CParam, CRecordDecl, CType, CTypedefDecl } from '../../model/c-decls.js';
import type { Position } from '../../model/diagnostics.js';

/** The spellings of C11's static assertion (and C23's, or <assert.h>'s macro for it). */
const STATIC_ASSERTS = new Set(['_Static_assert', 'static_assert']);

/** Where each line of the preprocessor's output came from, read from its line markers (`# 12 "x.go" 1 3`). */
export interface LineMap {
  /** For output row `r` (from 0): the file and its line (from 1), and whether it is a system header. */
  at(row: number): { readonly file: string; readonly line: number; readonly system: boolean };
}

export function lineMap(preprocessed: string): LineMap {
  const rows: { file: string; line: number; system: boolean }[] = [];
  let file = '<stdin>';
  let line = 1;
  let system = false;
  for (const text of preprocessed.split('\n')) {
    const m = /^# (\d+) "((?:[^"\\]|\\.)*)"(.*)$/.exec(text);
    if (m) {
      file = m[2]!.replace(/\\(.)/g, '$1');
      line = Number(m[1]);
      system = /\b3\b/.test(m[3]!);
      rows.push({ file, line: 0, system });
      continue;
    }
    rows.push({ file, line, system });
    line++;
  }
  return { at: (row) => rows[Math.min(row, rows.length - 1)] ?? { file, line: 1, system: false } };
}

const SIZED_ORDER = ['unsigned', 'signed', 'short', 'long'];

/** The compiler's own types that tree-sitter-c reads as typedef names. */
const GNU_TYPES: ReadonlySet<string> = new Set(['__int128', '__int128_t', '__uint128_t', '_Float16', '_Float32', '_Float64', '_Float128', '__float128', '__fp16', '__bf16']);

/** `float _Complex`, `_Complex double`, `long double _Complex` (and GNU `__complex__`) as one token pair. */
const COMPLEX = /\b(?:(float|double|long double)\s+(?:_Complex|__complex__)|(?:_Complex|__complex__)\s+(float|double|long double))\b/g;

/** `unsigned long int` → `unsigned long`; `long long unsigned` → `unsigned long long`; `signed` → `int`. */
function canonicalSized(words: string[]): string {
  const sign = words.includes('unsigned') ? 'unsigned ' : words.includes('signed') && words.includes('char') ? 'signed ' : '';
  const longs = words.filter((w) => w === 'long').length;
  if (words.includes('double')) return longs ? 'long double' : 'double';
  if (words.includes('char')) return `${sign}char`;
  if (words.includes('short')) return `${sign}short`;
  if (longs === 2) return `${sign}long long`;
  if (longs === 1) return `${sign}long`;
  return `${sign}int`;
}

/** Turns tree-sitter-c declarations into the model; `classify` says where a row of the source came from. */
export class DeclarationReader {
  readonly typedefs = new Map<string, CTypedefDecl>();
  readonly records = new Map<string, CRecordDecl>();
  readonly tagsSeen = new Set<string>();
  readonly enums: CEnumDecl[] = [];
  readonly defines: CDefine[] = [];
  readonly functions = new Map<string, CFunctionDecl>();

  constructor(private readonly classify: (row: number) => { origin: COrigin; pos: Position }) {}

  /**
   * The object-like macros of `cc -E -dD` output, whose directive lines have a fixed form
   * (`#define NAME replacement`). tree-sitter-c misreads a directive with trailing blanks as running
   * on into the next line, so directive lines are read here and blanked before parsing.
   */
  takeDirectives(preprocessed: string): string {
    const lines = preprocessed.split('\n');
    lines.forEach((l, row) => {
      if (!l.startsWith('#')) return;
      const m = /^#define ([A-Za-z_][A-Za-z0-9_]*)(?![A-Za-z0-9_(])\s*(.*)$/.exec(l);
      if (m && m[2]!.trim() !== '') {
        const { origin, pos } = this.classify(row);
        this.defines.push({ name: m[1]!, body: m[2]!.trim(), origin, pos });
      }
      lines[row] = '';
    });
    // tree-sitter-c has no `_Complex`: each complex type becomes one name it reads as a type.
    return lines.join('\n').replace(COMPLEX, (_m, a?: string, b?: string) => `__gen_bindings_complex_${(a ?? b)!.replace(' ', '_')}`);
  }

  read(tree: Tree): CDeclarations {
    for (const n of tree.rootNode.namedChildren) {
      if (!n) continue;
      try {
        this.topLevel(n);
      } catch {
        // A construct this reader does not model (tree-sitter error recovery, exotic GNU syntax):
        // the declaration is left out, and a signature that needs it reports it as not declared.
      }
    }
    return { typedefs: this.typedefs, records: this.records, tagsSeen: this.tagsSeen, enums: this.enums, defines: this.defines, functions: this.functions };
  }

  private topLevel(n: TsNode): void {
    const { origin, pos } = this.classify(n.startPosition.row);
    switch (n.type) {
      case 'type_definition': {
        const base = this.baseType(n);
        for (const d of n.childrenForFieldName('declarator')) {
          if (!d) continue;
          const { name, type, isConst } = this.declarator(d, base);
          if (name) this.typedefs.set(name, { name, type, origin, pos, ...(isConst ? { constQualified: true as const } : {}) });
        }
        break;
      }
      case 'declaration': {
        const base = this.baseType(n);
        for (const d of n.childrenForFieldName('declarator')) {
          if (!d) continue;
          const { name, type } = this.declarator(d.type === 'init_declarator' ? d.childForFieldName('declarator')! : d, base);
          if (name && type.k === 'func') this.functions.set(name, { name, type, isStatic: this.isStatic(n, name), origin, pos });
        }
        break;
      }
      case 'function_definition': {
        const { name, type } = this.declarator(n.childForFieldName('declarator')!, this.baseType(n));
        if (name && type.k === 'func') this.functions.set(name, { name, type, isStatic: this.isStatic(n, name), origin, pos });
        break;
      }
      case 'struct_specifier': case 'union_specifier': case 'enum_specifier':
        this.specifier(n);
        break;
    }
  }

  /** Whether function `name` has internal linkage: `static` here, or in an earlier declaration (C11 6.2.2). */
  private isStatic(n: TsNode, name: string): boolean {
    return n.namedChildren.some((c) => c?.type === 'storage_class_specifier' && c.text === 'static') || this.functions.get(name)?.isStatic === true;
  }

  /** The type of a declaration's `type` field with its qualifiers. */
  private baseType(n: TsNode): { type: CType; isConst: boolean } {
    const isConst = n.namedChildren.some((c) => c?.type === 'type_qualifier' && c.text === 'const');
    return { type: this.specifier(n.childForFieldName('type')!), isConst };
  }

  /** A type specifier; defines the struct, union or enum it carries a body for. */
  private specifier(t: TsNode): CType {
    switch (t.type) {
      case 'primitive_type':
        return t.text === 'bool' || t.text === '_Bool' ? { k: 'prim', name: '_Bool' } : ['char', 'int', 'float', 'double', 'void'].includes(t.text) ? { k: 'prim', name: t.text } : { k: 'typedef', name: t.text };
      case 'sized_type_specifier': {
        const words = t.children.filter((c) => c && SIZED_ORDER.includes(c.text)).map((c) => c!.text);
        const inner = t.childForFieldName('type')?.text;
        if (inner === '__int128') return { k: 'prim', name: words.includes('unsigned') ? 'unsigned __int128' : '__int128' };
        if (inner && !['int', 'char', 'double'].includes(inner)) return { k: 'typedef', name: inner };
        return { k: 'prim', name: canonicalSized(inner ? [...words, inner] : words) };
      }
      case 'type_identifier': {
        const complex = /^__gen_bindings_complex_(.*)$/.exec(t.text);
        if (complex) return { k: 'prim', name: `${complex[1]!.replace('_', ' ')} _Complex` };
        if (t.text === '_Bool') return { k: 'prim', name: '_Bool' };
        return GNU_TYPES.has(t.text) ? { k: 'prim', name: t.text } : { k: 'typedef', name: t.text };
      }
      case 'struct_specifier': case 'union_specifier': {
        const kind = t.type === 'struct_specifier' ? 'struct' : 'union';
        const tag = t.childForFieldName('name')?.text;
        const body = t.childForFieldName('body');
        if (tag) this.tagsSeen.add(`${kind}_${tag}`);
        if (!body) return { k: 'record', kind, tag };
        const fields = this.fields(body);
        if (tag) {
          const { origin, pos } = this.classify(t.startPosition.row);
          this.records.set(`${kind}_${tag}`, { kind, tag, fields, origin, pos });
          return { k: 'record', kind, tag };
        }
        return { k: 'record', kind, tag: undefined, fields };
      }
      case 'enum_specifier': {
        const tag = t.childForFieldName('name')?.text;
        const body = t.childForFieldName('body');
        if (body) {
          const { origin, pos } = this.classify(t.startPosition.row);
          const constants = body.namedChildren.filter((e) => e?.type === 'enumerator').map((e) => e!.childForFieldName('name')!.text);
          this.enums.push({ tag, constants, origin, pos });
        }
        return { k: 'enum', tag };
      }
      default:
        throw new Error(`unmodelled type specifier ${t.type}`);
    }
  }

  private fields(body: TsNode): CField[] {
    const fields: CField[] = [];
    for (const f of body.namedChildren) {
      if (f?.type !== 'field_declaration') continue;
      // tree-sitter-c reads a C11 `_Static_assert(...);` among the fields as a field whose type is a macro call.
      const macro = f.childForFieldName('type');
      if (macro?.type === 'macro_type_specifier' && STATIC_ASSERTS.has(macro.childForFieldName('name')?.text ?? '')) continue;
      const base = this.baseType(f);
      const bitfield = f.namedChildren.find((c) => c?.type === 'bitfield_clause');
      const bits = bitfield ? Number(bitfield.namedChildren[0]?.text) : undefined;
      const pos = this.classify(f.startPosition.row).pos;
      const declarators = f.childrenForFieldName('declarator').filter((d): d is TsNode => d !== null);
      // An anonymous struct or union member (C11) has no declarator.
      if (declarators.length === 0) fields.push({ name: undefined, type: base.type, bits, pos });
      for (const d of declarators) {
        const { name, type } = this.declarator(d, base);
        fields.push({ name, type, bits, pos });
      }
    }
    return fields;
  }

  /**
   * Applies a declarator to its base type, outside in: `*` makes a pointer, `[N]` an array, `(params)`
   * a function, then the inner declarator continues (`int (*f)(int)` is a pointer to a function).
   */
  private declarator(d: TsNode | null, base: { type: CType; isConst: boolean }): { name: string | undefined; type: CType; isConst: boolean } {
    let type = base.type;
    let isConst = base.isConst;
    let cur: TsNode | null = d;
    while (cur) {
      switch (cur.type) {
        // tree-sitter-c reads the common typedef names (`size_t`, `int32_t`) as primitive types.
        case 'identifier': case 'type_identifier': case 'field_identifier': case 'primitive_type':
          return { name: cur.text, type, isConst };
        case 'pointer_declarator': case 'abstract_pointer_declarator':
          type = { k: 'pointer', to: type, constTarget: isConst };
          isConst = cur.namedChildren.some((c) => c?.type === 'type_qualifier' && c.text === 'const');
          break;
        case 'array_declarator': case 'abstract_array_declarator': {
          const size = cur.childForFieldName('size');
          const length = size && /^\d+[uUlL]*$/.test(size.text) ? Number.parseInt(size.text, 10) : undefined;
          type = { k: 'array', of: type, length, sized: size !== null };
          break;
        }
        case 'function_declarator': case 'abstract_function_declarator':
          type = { k: 'func', result: type, ...this.parameters(cur.childForFieldName('parameters')) };
          isConst = false;
          break;
        case 'parenthesized_declarator': case 'abstract_parenthesized_declarator':
          cur = cur.namedChildren.find((c) => c !== null && c.type !== 'type_qualifier') ?? null;
          continue;
        case 'attributed_declarator':
          cur = cur.namedChildren.find((c) => c !== null && c.type !== 'attribute_declaration') ?? null;
          continue;
        default:
          throw new Error(`unmodelled declarator ${cur.type}`);
      }
      cur = cur.childForFieldName('declarator');
    }
    return { name: undefined, type, isConst };
  }

  private parameters(list: TsNode | null): { params: CParam[]; variadic: boolean } {
    const params: CParam[] = [];
    let variadic = false;
    for (const p of list?.namedChildren ?? []) {
      if (!p) continue;
      if (p.type === 'variadic_parameter') variadic = true;
      if (p.type !== 'parameter_declaration') continue;
      const { name, type } = this.declarator(p.childForFieldName('declarator'), this.baseType(p));
      params.push({ name, type });
    }
    // `f(void)` takes nothing.
    if (params.length === 1 && params[0]!.type.k === 'prim' && params[0]!.type.name === 'void' && !params[0]!.name) params.length = 0;
    return { params, variadic };
  }
}
