import type { CTypedef } from '../model/ir.js';

/** What the C preamble of a package declares, as far as a regular-expression reading can tell. */
export interface PreambleInfo {
  readonly typedefs: readonly CTypedef[];
  /** `struct_point`, `union_u`, `enum_color`: the names Go code uses after `C.`. */
  readonly tags: readonly string[];
}

function stripComments(c: string): string {
  return c.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\/\/[^\n]*/g, ' ');
}

/** Removes brace-enclosed bodies, so `typedef struct { int x; } point;` reads as `typedef struct point;`. */
function flattenBodies(c: string): { text: string; tags: string[] } {
  const tags: string[] = [];
  let out = '';
  let depth = 0;
  for (const ch of c) {
    if (ch === '{') {
      if (depth === 0) {
        const m = /\b(struct|union|enum)\s+([A-Za-z_]\w*)\s*$/.exec(out);
        if (m) tags.push(`${m[1]}_${m[2]}`);
      }
      depth++;
      continue;
    }
    if (ch === '}') {
      depth = Math.max(0, depth - 1);
      continue;
    }
    if (depth === 0) out += ch;
  }
  return { text: out, tags };
}

/** Reads typedefs and struct/union/enum tags from an `import "C"` preamble. Function-pointer typedefs target `void*`. */
export function readPreamble(preamble: string): PreambleInfo {
  const { text, tags } = flattenBodies(stripComments(preamble).replace(/^\s*#.*$/gm, ''));
  const typedefs: CTypedef[] = [];
  for (const m of text.matchAll(/\btypedef\s+([^;()]+?)\s*;/g)) {
    // `typedef char *c, d;`: the base type (`char`) is shared; each declarator brings its own `*`s.
    const [first = '', ...rest] = m[1]!.replace(/\s+/g, ' ').split(',').map((p) => p.trim());
    const head = /^(.*?)(\**)\s*([A-Za-z_]\w*)$/.exec(first.replace(/\s*\*\s*/g, '*'));
    if (!head) continue;
    const base = head[1]!.trim();
    for (const declarator of [`${head[2]}${head[3]}`, ...rest]) {
      const d = /^(\**)\s*([A-Za-z_]\w*)$/.exec(declarator.replace(/\s+/g, ''));
      if (d) typedefs.push({ name: d[2]!, target: `${base}${d[1]}` });
    }
  }
  // `typedef int (*fn_t)(int);` and `typedef int (*arr_t)[4];` name pointers; record them as `void*`.
  for (const m of text.matchAll(/\btypedef\s[^;()]*\(\s*\*\s*([A-Za-z_]\w*)\s*\)\s*[([][^;]*;/g)) typedefs.push({ name: m[1]!, target: 'void*' });
  for (const m of text.matchAll(/(?<!\btypedef\s+)\b(struct|union|enum)\s+([A-Za-z_]\w*)\s*;/g)) tags.push(`${m[1]}_${m[2]}`);
  return { typedefs, tags: [...new Set(tags)] };
}
