// How often a conversation may notify: mentions and direct messages while the chat is hidden. Pure: no vscode
// import.

/** A conversation notifies at most once in this many ms (a burst of mentions in one room was a stack of them). */
export const NOTIFY_EVERY_MS = 3000;

/**
 * Which notifications show, each conversation (a room, a person) on its own: one for all was two people writing
 * to you within 3 s, and the second never said.
 */
export class NotifyThrottle {
  readonly #last = new Map<string, number>();

  /** How many conversations it keeps a time for. */
  get size(): number {
    return this.#last.size;
  }

  /** Whether a notification for conversation `key` shows at `now` (then it counts as shown). */
  take(key: string, now: number): boolean {
    const last = this.#last.get(key);
    if (last !== undefined && now - last < NOTIFY_EVERY_MS) return false;
    this.#last.set(key, now);
    // (those whose time has passed say nothing any more: a window open for weeks kept one per person)
    if (this.#last.size > 64) for (const [k, t] of this.#last) if (now - t >= NOTIFY_EVERY_MS) this.#last.delete(k);
    return true;
  }
}
