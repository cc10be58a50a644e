// Whether a direct message is yours, by the nicknames you had: the rule the client, the transcript and the panel
// file direct messages by.

/**
 * True when `d` was written by you: `order` is every nickname you had, the latest last (the one you have now
 * included). One written under any of them is yours; between two of them (someone took a nickname you had
 * before), the one you had later is you.
 */
export function sentUnder(order: readonly string[], d: { from: string; to: string }): boolean {
  const from = order.lastIndexOf(d.from);
  return from >= 0 && from > order.lastIndexOf(d.to);
}
