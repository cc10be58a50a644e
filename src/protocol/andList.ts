// Words listed as a sentence says them: "alice", "alice and bob", "alice, bob and carol". Pure.

/** `items` as a sentence lists them: commas between, "and" before the last ('' for none). */
export function andList(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}
