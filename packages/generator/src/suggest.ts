// "Did you mean …?" for a misspelt option, command or path.

/**
 * Edits between `a` and `b`: insertions, deletions, substitutions and swaps of two neighbouring
 * characters (optimal string alignment), so `chekc` is 1 from `check`.
 */
export function editDistance(a: string, b: string): number {
  // d[i][j]: the distance between the first i characters of a and the first j of b.
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The candidate closest to `word`, when it is close enough to be a likely typo: at most 1 edit for
 * words up to 4 characters, 2 up to 8 and 3 beyond, and fewer edits than the word has characters
 * (so `x` does not suggest `o`, but `V` suggests `v`: a change of case alone counts half). Ties go to
 * the first candidate; undefined when nothing is close.
 */
export function closestName(word: string, candidates: Iterable<string>): string | undefined {
  const limit = Math.min(word.length <= 4 ? 1 : word.length <= 8 ? 2 : 3, word.length - 0.5);
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = Math.min(editDistance(word, c), editDistance(word.toLowerCase(), c.toLowerCase()) + 0.5);
    if (d <= limit && d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}
