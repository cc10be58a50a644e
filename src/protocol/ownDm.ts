// Whether a direct message is yours, by the nicknames you had: the rule the client, the transcript and the panel
// file direct messages by.

/**
 * True when `d` was written by you: `order` is every nickname you had, the latest last (the one you have now
 * included); `since`, where known, when each became yours (the server's clock: a `you` after a rename). One written
 * under any of them is yours; between two of them (someone took a nickname you had before, or you took your
 * partner's old one), the one you had at the message's time is you, and where that is not known the one you had
 * later.
 */
export function sentUnder(order: readonly string[], d: { from: string; to: string; time?: number }, since?: ReadonlyMap<string, number>): boolean {
  const from = order.lastIndexOf(d.from);
  if (from < 0) return false;
  const to = order.lastIndexOf(d.to);
  if (to < 0) return true;
  const then = d.time === undefined || since === undefined ? undefined : nickAt(order, since, d.time);
  if (then === d.from || then === d.to) return then === d.from;
  return from > to;
}

/**
 * Which of `order` (your nicknames, the latest last) was yours at `time`: the latest to become yours by then, the
 * first from the start; undefined when a later one's time is not known (a rename the server made at a reconnect,
 * an earlier version's save), or none was yet.
 */
export function nickAt(order: readonly string[], since: ReadonlyMap<string, number>, time: number): string | undefined {
  let nick: string | undefined;
  let at = -Infinity;
  for (const [i, n] of order.entries()) {
    const t = i === 0 ? (since.get(n) ?? -Infinity) : since.get(n);
    if (t === undefined) return undefined;
    if (t <= time && t >= at) {
      nick = n;
      at = t;
    }
  }
  return nick;
}
