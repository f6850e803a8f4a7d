/**
 * Edit distance between two strings (insertions, deletions, substitutions and swaps of two
 * neighbouring characters each cost 1: the "optimal string alignment" distance).
 */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row: number[] = [i];
    for (let j = 1; j <= b.length; j++) row.push(i === 0 ? j : 0);
    rows.push(row);
  }
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = best;
    }
  }
  return rows[a.length]![b.length]!;
}

/**
 * The candidate a person most likely meant when typing `word` (case-insensitive edit distance
 * of at most a third of the word, at least 1), or `undefined` when nothing is close.
 */
export function closestMatch(word: string, candidates: Iterable<string>): string | undefined {
  if (word.length > 200) return undefined;
  const lower = word.toLowerCase();
  const limit = Math.max(1, Math.floor(word.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    if (candidate === word || Math.abs(candidate.length - word.length) > limit) continue;
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance <= limit && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** `"; did you mean `x`?"` when a close candidate exists, else `''`. */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  const match = closestMatch(word, candidates);
  return match === undefined ? '' : `; did you mean \`${match}\`?`;
}

/** `a, b, c` for messages that list the names a person may choose from; `(none)` when empty. */
export function listNames(names: ReadonlyArray<string>): string {
  return names.length === 0 ? '(none)' : names.join(', ');
}

/**
 * The end of a "no such name" message: `; did you mean `web`?` when a close name exists,
 * else `; components are web, worker` (with `noun` = `components`).
 */
export function suggestOrList(word: string, names: ReadonlyArray<string>, noun: string): string {
  const hint = didYouMean(word, names);
  return hint !== '' ? hint : `; ${noun} are ${listNames(names)}`;
}
