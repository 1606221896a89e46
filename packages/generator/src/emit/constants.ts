// The preamble's enums and object-like #defines in the generated module, with the values the C
// compiler computed: `export const NAME = value` and a `const` object per named enum.
import type { CConstants, CConstantValue } from '../model/c-decls.js';
import { lineCommentText, tsString } from './names.js';

/** A JS literal for a constant: a number when it is exactly one, else a bigint (`1n << 63n` as digits). */
function literal(v: CConstantValue): string {
  if (typeof v === 'string') return tsString(v);
  // Infinities and NaN as expressions: a constant may itself be named `Infinity` or `NaN`.
  if (typeof v === 'number') return Number.isFinite(v) ? (Object.is(v, -0) ? '-0' : String(v)) : Number.isNaN(v) ? '0 / 0' : v > 0 ? '1 / 0' : '-1 / 0';
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? String(v) : `${v}n`;
}

/** The `#define NAME body` a comment quotes: one line, nothing that can end the comment. */
const quoted = (s: string): string => lineCommentText(s).replace(/\*\//g, '*\\/');

/**
 * Statements declaring the constants, as TS text. A name that is taken (an export, a record, another
 * constant) or that JS reserves gets `_` appended, as records do; `taken` is updated.
 */
export function constantStatements(c: CConstants, taken: Set<string>, reserved: (n: string) => boolean): string[] {
  const name = (n: string): string => {
    // GCC allows `$` in names, and the module's own names start with it.
    let out = n.startsWith('$') ? `C_${n}` : n;
    while (taken.has(out) || reserved(out)) out += '_';
    taken.add(out);
    return out;
  };
  const out: string[] = [];
  for (const e of c.enums) {
    if (e.members.length === 0) continue;
    const objectName = e.tag ?? e.typedef;
    if (objectName === undefined) {
      // An anonymous enum's constants are names of their own in C, and so here.
      for (const m of e.members) out.push(`/** C enum constant \`${m.name}\`. */\nexport const ${name(m.name)} = ${literal(m.value)};`);
      continue;
    }
    const members = e.members.map((m) => `  ${m.name === '__proto__' ? "['__proto__']" : m.name}: ${literal(m.value)},`).join('\n');
    out.push(`/** C \`${e.tag ? `enum ${e.tag}` : e.typedef}\`: its constants, with the values the C compiler gives them. */\nexport const ${name(objectName)} = {\n${members}\n} as const;`);
  }
  // A pointer is a bigint whatever its value, as Pointer parameters take it.
  for (const d of c.defines) out.push(`/** C \`#define ${d.name} ${quoted(d.body)}\`${d.pointer ? ' (a pointer)' : ''}. */\nexport const ${name(d.name)} = ${d.pointer ? `${d.value}n` : literal(d.value)};`);
  return out.length ? [`\n${out.join('\n\n')}`] : [];
}
