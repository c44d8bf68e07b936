/** "Did you mean" for sample names: close edits, or names that contain what was typed. */
export function suggestNames(input: string, names: readonly string[], max = 3): string[] {
  const typed = input.toLowerCase();
  const scored = names
    .map((name) => {
      // `delivred` should find `status-delivered`: also compare with the part after the folder prefix.
      const bare = name.replace(/^(status|error|template|coex|call|group|account|phone)-/, '');
      // A match on the full name beats the same match on the bare part (`txet`: `text` before `group-text`).
      const distance = Math.min(editDistance(typed, name), editDistance(typed, bare) + (bare === name ? 0 : 0.5));
      // `rate` should find `error-rate-limit`: a containment counts as a near miss.
      const contains = name.includes(typed) || (typed.length >= 4 && typed.includes(name));
      return { name, score: contains ? Math.min(distance, 1) : distance };
    })
    .filter(({ score }) => score <= Math.max(2, Math.floor(typed.length / 3)))
    .sort((a, b) => a.score - b.score || a.name.localeCompare(b.name));
  // Only the best matches: a near miss should not be drowned by merely similar names.
  const best = scored[0]?.score;
  return scored
    .filter(({ score }) => score === best)
    .slice(0, max)
    .map(({ name }) => name);
}

/** Levenshtein distance (names are short, so the plain O(n·m) table is fine). */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      // Every cell read here was written before (row 0 and column 0 are set up front).
      const [up = 0, left = 0, diagonal = 0] = [prev[j], row[j - 1], prev[j - 1]];
      row[j] = Math.min(up + 1, left + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length] ?? 0;
}
