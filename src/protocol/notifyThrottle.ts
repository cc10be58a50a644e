// How often mentions and direct messages call for you: VS Code's notifications while the chat is hidden, the
// terminal's bell. Pure.

/** A conversation notifies at most once in this many ms (a burst of mentions in one room was a stack of them). */
export const NOTIFY_EVERY_MS = 3000;

/**
 * Notifications shown in NOTIFY_EVERY_MS at most, all conversations together: a member renaming between direct
 * messages (each name a conversation of its own) showed one for each.
 */
export const NOTIFY_AT_ONCE = 3;

/**
 * Which notifications show: each conversation (a room, a person) on its own, within a bound for all. One for all
 * was two people writing to you within 3 s, and the second never said.
 */
export class NotifyThrottle {
  readonly #last = new Map<string, number>();
  #shown: number[] = [];

  /** How many conversations it keeps a time for. */
  get size(): number {
    return this.#last.size;
  }

  /** Whether a notification for conversation `key` shows at `now` (then it counts as shown). */
  take(key: string, now: number): boolean {
    const last = this.#last.get(key);
    if (last !== undefined && now - last < NOTIFY_EVERY_MS) return false;
    this.#shown = this.#shown.filter((t) => now - t < NOTIFY_EVERY_MS);
    if (this.#shown.length >= NOTIFY_AT_ONCE) return false;
    this.#shown.push(now);
    this.#last.set(key, now);
    // (those whose time has passed say nothing any more: a window open for weeks kept one per person)
    if (this.#last.size > 64) for (const [k, t] of this.#last) if (now - t >= NOTIFY_EVERY_MS) this.#last.delete(k);
    return true;
  }
}
