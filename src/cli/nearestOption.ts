// The option a mistyped one was likely meant to be: `--prot` -> `--port`, for "did you mean" in a usage error.

/** Edits (insert, delete, replace, or swap two neighbours) that turn `a` into `b`. */
function editDistance(a: string, b: string): number {
  // (rows of the optimal-string-alignment table: the one before the last, the last, this one)
  let before: number[] = [];
  let last = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const same = a[i - 1] === b[j - 1];
      let d = Math.min(last[j]! + 1, row[j - 1]! + 1, last[j - 1]! + (same ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2]! + 1);
      row.push(d);
    }
    before = last;
    last = row;
  }
  return last[b.length]!;
}

/**
 * The long options (`--name`) that `typed`, an option the command does not have, was likely meant to be: the one
 * or two it begins (`--hist`: `--history` and `--history-file`), else the nearest within 2 edits of it (and fewer
 * edits than it has letters: `--ab` is no typo of `--bind`). At most two, else none: a list is no suggestion.
 */
export function nearestOptions(typed: string, names: readonly string[]): string[] {
  if (!typed.startsWith('--')) return [];
  const word = typed.slice(2).toLowerCase();
  if (word === '') return [];
  // (what it begins first: `--history-f` is 2 edits from `--history` too, and was `--history-file` cut short)
  const begun = names.filter((name) => name.startsWith(word)).sort((a, b) => a.length - b.length);
  if (begun.length > 0 && begun.length <= 2) return begun.map((name) => `--${name}`);
  const far = names.map((name) => ({ name, d: editDistance(word, name) }));
  const least = Math.min(...far.map((x) => x.d));
  const near = least <= 2 && least < word.length ? far.filter((x) => x.d === least).map((x) => x.name) : [];
  return near.length <= 2 ? near.map((name) => `--${name}`) : [];
}

/** `unknown option --prot: did you mean --port? (see --help)`, or without the question when nothing is near. */
export function unknownOptionMessage(typed: string, names: readonly string[]): string {
  const near = nearestOptions(typed, names);
  return `unknown option ${typed}${near.length > 0 ? `: did you mean ${near.join(' or ')}?` : ''} (see --help)`;
}
