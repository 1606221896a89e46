// Measures C facts (sizes, alignments, offsets, enum and #define values) with the target's C compiler,
// compile-only: each fact becomes a constant in a generated C file compiled with `-S`, and its value is
// read back from the assembly. Nothing is linked or run, so a cross compiler works as well.
import { runCompiler } from './compiler.js';
import type { CompilerRun } from './compiler.js';

export type ProbeKind = 'int' | 'float' | 'string';

export interface ProbeRequest {
  readonly id: string;
  readonly kind: ProbeKind;
  /** A C constant expression (for `string`, one that initializes a char array). */
  readonly expr: string;
}

export type ProbeValue = { readonly kind: 'int'; readonly value: bigint } | { readonly kind: 'float'; readonly value: number } | { readonly kind: 'string'; readonly value: string };

export interface ProbeResult {
  readonly values: ReadonlyMap<string, ProbeValue>;
  /** Requests the compiler rejected (an expression that is not a constant of that kind). */
  readonly rejected: ReadonlySet<string>;
  /** Set when the translation unit itself does not compile. */
  readonly failure: Extract<CompilerRun, { ok: false }> | undefined;
}

const PROBE_FILE = 'gen-bindings-probe.c';
const symbol = (i: number): string => `__gen_bindings_probe_${i}`;

function probeLine(r: ProbeRequest, i: number): string {
  switch (r.kind) {
    // The sign travels in a second constant, so that values past 2^63 and below 0 both come back.
    case 'int': return `const unsigned long long ${symbol(i)}[2] = { (unsigned long long)(${r.expr}), (${r.expr}) < 0 };`;
    case 'float': return `const double ${symbol(i)} = (double)(${r.expr});`;
    case 'string': return `const char ${symbol(i)}[] = ${r.expr};`;
  }
}

const DATA_SIZES: Readonly<Record<string, number>> = {
  '.quad': 8, '.xword': 8, '.dword': 8, '.8byte': 8,
  '.long': 4, '.4byte': 4, '.int': 4,
  '.value': 2, '.short': 2, '.hword': 2, '.2byte': 2,
  '.byte': 1,
};

/** GNU as string escapes: `\ooo`, `\\`, `\"`, `\n`, `\t`, ... into bytes. */
function asmStringBytes(body: string): number[] {
  const out: number[] = [];
  const bytes = Buffer.from(body, 'latin1');
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i]!;
    if (c !== 0x5c) {
      out.push(c);
      continue;
    }
    const n = String.fromCharCode(bytes[++i] ?? 0);
    if (/[0-7]/.test(n)) {
      let oct = n;
      while (oct.length < 3 && /[0-7]/.test(String.fromCharCode(bytes[i + 1] ?? 0))) oct += String.fromCharCode(bytes[++i]!);
      out.push(Number.parseInt(oct, 8));
    } else {
      out.push(({ n: 10, t: 9, r: 13, b: 8, f: 12 } as Record<string, number>)[n] ?? n.charCodeAt(0));
    }
  }
  return out;
}

/** The bytes each probe symbol holds in GNU-style assembly (little-endian targets). */
export function readAssembly(asm: string, wordSize: 2 | 4): Map<string, number[]> {
  const data = new Map<string, number[]>();
  let current: number[] | undefined;
  let name = '';
  for (const raw of asm.split('\n')) {
    const line = raw.trim();
    const label = /^_?(__gen_bindings_probe_\d+):/.exec(line);
    if (label) {
      name = label[1]!;
      current = [];
      data.set(name, current);
      continue;
    }
    if (!current) continue;
    const m = /^(\.[a-z0-9]+)\s*(.*)$/.exec(line);
    if (!m || line.endsWith(':')) {
      current = undefined;
      continue;
    }
    const [, directive, arg] = m as unknown as [string, string, string];
    const size = directive === '.word' ? wordSize : DATA_SIZES[directive];
    if (size) {
      // A symbol (an address) is not a constant this reader can know.
      if (!/^\s*-?(0x[0-9a-f]+|\d+)\s*(,\s*-?(0x[0-9a-f]+|\d+)\s*)*$/i.test(arg)) {
        data.delete(name);
        current = undefined;
        continue;
      }
      for (const v of arg.split(',')) {
        let n = BigInt.asUintN(size * 8, BigInt(v.trim()));
        for (let k = 0; k < size; k++, n >>= 8n) current.push(Number(n & 0xffn));
      }
    } else if (directive === '.zero' || directive === '.space' || directive === '.skip') {
      for (let k = Number(arg.split(',')[0]); k > 0; k--) current.push(0);
    } else if (directive === '.string' || directive === '.asciz' || directive === '.ascii') {
      const s = /^"((?:[^"\\]|\\.)*)"/.exec(arg);
      current.push(...asmStringBytes(s?.[1] ?? ''));
      if (directive !== '.ascii') current.push(0);
    } else if (directive !== '.align' && directive !== '.p2align' && directive !== '.balign') {
      current = undefined;
    }
  }
  return data;
}

function decode(kind: ProbeKind, bytes: number[]): ProbeValue | undefined {
  const view = new DataView(Uint8Array.from(bytes).buffer);
  switch (kind) {
    case 'int': {
      if (bytes.length < 16) return undefined;
      const u = view.getBigUint64(0, true);
      return { kind, value: view.getBigUint64(8, true) ? u - (1n << 64n) : u };
    }
    case 'float':
      return bytes.length < 8 ? undefined : { kind, value: view.getFloat64(0, true) };
    case 'string': {
      const end = bytes.indexOf(0);
      return { kind, value: Buffer.from(bytes.slice(0, end < 0 ? bytes.length : end)).toString('utf8') };
    }
  }
}

/**
 * Evaluates `requests` after `tu` (the preprocessor input: preambles and their #includes). Requests the
 * compiler rejects are dropped and the rest compiled again (a few rounds at most).
 */
export function probe(command: readonly string[], flags: readonly string[], tu: string, cwd: string, requests: readonly ProbeRequest[], wordSize: 2 | 4 = 2): ProbeResult {
  const rejected = new Set<string>();
  let live = requests.map((r, i) => ({ r, i }));
  // At least one run, which also checks that the preamble compiles (preprocessing does not).
  for (let round = 0; round < 6 && (round === 0 || live.length); round++) {
    const text = `${tu}\n#line 1 "${PROBE_FILE}"\n${live.map(({ r, i }) => probeLine(r, i)).join('\n')}\n`;
    const run = runCompiler(command, ['-S', '-o', '-', '-w', ...flags, '-x', 'c', '-'], text, cwd);
    if (run.ok) {
      const data = readAssembly(run.stdout, wordSize);
      const values = new Map<string, ProbeValue>();
      for (const { r, i } of live) {
        const v = decode(r.kind, data.get(symbol(i)) ?? []);
        if (v) values.set(r.id, v);
        else rejected.add(r.id);
      }
      return { values, rejected, failure: undefined };
    }
    if (run.reason === 'missing') return { values: new Map(), rejected, failure: run };
    const badLines = new Set<number>();
    for (const m of run.stderr.matchAll(new RegExp(`${PROBE_FILE.replace('.', '\\.')}:(\\d+)`, 'g'))) badLines.add(Number(m[1]));
    if (badLines.size === 0) return { values: new Map(), rejected, failure: run };
    live = live.filter(({ r }, k) => {
      if (!badLines.has(k + 1)) return true;
      rejected.add(r.id);
      return false;
    });
  }
  for (const { r } of live) rejected.add(r.id);
  return { values: new Map(), rejected, failure: undefined };
}
