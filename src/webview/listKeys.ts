// Up / Down / Home / End in a vertical list (the messages, the members): the item before or after, the first
// or the last, stopping at the ends (the conversation tabs wrap round instead: tabKeys in renderChrome.ts).

/** Whether `key` moves in a list. */
export function isListStep(key: string): boolean {
  return key === 'ArrowUp' || key === 'ArrowDown' || key === 'Home' || key === 'End';
}

/** The item `key` moves to from the item at `i` of `items` (undefined for other keys, or an empty list). */
export function listStep<T>(items: readonly T[], i: number, key: string): T | undefined {
  switch (key) {
    case 'ArrowUp':
      return items[Math.max(0, i - 1)];
    case 'ArrowDown':
      return items[Math.min(items.length - 1, i + 1)];
    case 'Home':
      return items[0];
    case 'End':
      return items[items.length - 1];
    default:
      return undefined;
  }
}
