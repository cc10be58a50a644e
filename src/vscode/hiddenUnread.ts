// The unread count while the chat panel is hidden (its webview is torn down then, so the extension counts):
// which messages it counted, so that one deleted before anyone saw it stops counting, as it does in the panel.
// Pure: no vscode import.

/**
 * Messages whose delete it still takes off the count, the newest: a window left hidden for days in a busy room
 * kept a key for every message (1M messages: 135 MiB). A delete that comes later than that many messages finds
 * the panel's history long past the message anyway.
 */
export const MAX_COUNTED = 10_000;

export class HiddenUnread {
  readonly #counted = new Set<string>();
  #n: number;

  constructor(n = 0) {
    this.#n = n;
  }

  get count(): number {
    return this.#n;
  }

  /** A message came in that no one has seen: room messages by room and seq, direct messages by seq. */
  add(room: string | undefined, seq: number | undefined): number {
    if (seq !== undefined) {
      this.#counted.add(key(room, seq));
      // (a set keeps the order keys came in: the first is the oldest)
      if (this.#counted.size > MAX_COUNTED) this.#counted.delete(this.#counted.values().next().value!);
    }
    return ++this.#n;
  }

  /** A room message was deleted: if it is one this count holds, it stops counting. */
  deleted(room: string, seq: number): number {
    if (this.#counted.delete(key(room, seq))) this.#n--;
    return this.#n;
  }

  /** The panel counted for itself (it knows what was seen): its count replaces this one. */
  reset(n: number): number {
    this.#counted.clear();
    this.#n = n;
    return n;
  }
}

function key(room: string | undefined, seq: number): string {
  return room === undefined ? `dm ${seq}` : `#${room} ${seq}`;
}
