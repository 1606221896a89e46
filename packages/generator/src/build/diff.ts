/** One line of a line diff: kept, removed from the old text or added in the new one. */
type Edit = { readonly op: ' ' | '-' | '+'; readonly line: string };

/** Longest-common-subsequence table size past which the changed middle is shown as one replacement. */
const MAX_CELLS = 16_000_000;

function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function lineEdits(a: readonly string[], b: readonly string[]): Edit[] {
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;
  const am = a.slice(pre, a.length - suf);
  const bm = b.slice(pre, b.length - suf);
  const middle: Edit[] = [];
  const n = am.length;
  const m = bm.length;
  if (n * m > MAX_CELLS) {
    for (const line of am) middle.push({ op: '-', line });
    for (const line of bm) middle.push({ op: '+', line });
  } else {
    // lcs[i * (m + 1) + j]: length of the LCS of am[i..] and bm[j..].
    const lcs = new Uint32Array((n + 1) * (m + 1));
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        lcs[i * (m + 1) + j] = am[i] === bm[j] ? lcs[(i + 1) * (m + 1) + j + 1]! + 1 : Math.max(lcs[(i + 1) * (m + 1) + j]!, lcs[i * (m + 1) + j + 1]!);
      }
    }
    let i = 0;
    let j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && am[i] === bm[j]) {
        middle.push({ op: ' ', line: am[i]! });
        i++;
        j++;
      } else if (i < n && (j === m || lcs[(i + 1) * (m + 1) + j]! >= lcs[i * (m + 1) + j + 1]!)) {
        middle.push({ op: '-', line: am[i++]! });
      } else {
        middle.push({ op: '+', line: bm[j++]! });
      }
    }
  }
  return [...a.slice(0, pre).map((line): Edit => ({ op: ' ', line })), ...middle, ...a.slice(a.length - suf).map((line): Edit => ({ op: ' ', line }))];
}

/**
 * A unified diff (`diff -u` format, 3 lines of context) from `oldText` to `newText`, or '' when
 * they are equal. Labels name the two sides in the `---`/`+++` lines.
 */
export function unifiedDiff(oldText: string, newText: string, oldLabel: string, newLabel: string, context = 3): string {
  if (oldText === newText) return '';
  const edits = lineEdits(splitLines(oldText), splitLines(newText));
  const out = [`--- ${oldLabel}`, `+++ ${newLabel}`];
  // Old and new line numbers (counting from 1) at the start of each edit.
  const oldNo: number[] = [];
  const newNo: number[] = [];
  let o = 1;
  let n = 1;
  for (const e of edits) {
    oldNo.push(o);
    newNo.push(n);
    if (e.op !== '+') o++;
    if (e.op !== '-') n++;
  }
  let k = 0;
  while (k < edits.length) {
    if (edits[k]!.op === ' ') {
      k++;
      continue;
    }
    const start = Math.max(0, k - context);
    let end = k;
    // Extend the hunk while the next change is within 2 * context kept lines.
    for (;;) {
      while (end < edits.length && edits[end]!.op !== ' ') end++;
      let next = end;
      while (next < edits.length && edits[next]!.op === ' ') next++;
      if (next < edits.length && next - end <= 2 * context) end = next;
      else {
        end = Math.min(edits.length, end + context);
        break;
      }
    }
    const hunk = edits.slice(start, end);
    const oldCount = hunk.filter((e) => e.op !== '+').length;
    const newCount = hunk.filter((e) => e.op !== '-').length;
    const oldStart = oldCount === 0 ? oldNo[start]! - 1 : oldNo[start]!;
    const newStart = newCount === 0 ? newNo[start]! - 1 : newNo[start]!;
    out.push(`@@ -${oldStart},${oldCount} +${newStart},${newCount} @@`);
    for (const e of hunk) out.push(`${e.op}${e.line}`);
    k = end;
  }
  const noNewline = (t: string): boolean => t !== '' && !t.endsWith('\n');
  if (noNewline(oldText) !== noNewline(newText)) out.push('\\ the two texts differ in the final newline');
  return `${out.join('\n')}\n`;
}
