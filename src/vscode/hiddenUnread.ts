// The unread count while the chat panel is hidden (its webview is torn down then, so the extension counts):
// which messages it counted, so that one deleted before anyone saw it stops counting, as it does in the panel;
// and the messages sent to the open panel that it has not said it counted yet (the panel closed while they were
// on their way: VS Code says so after the tab is gone, and what was posted meanwhile reached no one). Pure: no
// vscode import.

/**
 * Messages whose delete it still takes off the count, the newest: a window left hidden for days in a busy room
 * kept a key for every message (1M messages: 135 MiB). A delete that comes later than that many messages finds
 * the panel's history long past the message anyway.
 */
export const MAX_COUNTED = 10_000;

/** A message posted to the open panel: the panel's count of messages it got from the extension, once it has it. */
interface Unacked<M> {
  at: number;
  room: string | undefined;
  seq: number | undefined;
  /** A mention or a direct message: notified if the panel never had it. */
  mention: M | undefined;
}

/** `M`: a mention as the caller notifies it. */
export class HiddenUnread<M = never> {
  readonly #counted = new Set<string>();
  #unacked: Unacked<M>[] = [];
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

  /**
   * A message no one has seen went to the open panel as its `at`-th message since it said `ready`: it counts if
   * the panel goes away before it says it has had that many.
   */
  posted(at: number, room: string | undefined, seq: number | undefined, mention?: M): void {
    this.#unacked.push({ at, room, seq, mention });
    if (this.#unacked.length > MAX_COUNTED) this.#unacked.shift();
  }

  /** A room message was deleted: if it is one this count holds (or one the panel may not have had), it stops counting. */
  deleted(room: string, seq: number): number {
    this.#unacked = this.#unacked.filter((u) => u.room !== room || u.seq !== seq);
    if (this.#counted.delete(key(room, seq))) this.#n--;
    return this.#n;
  }

  /**
   * The panel counted for itself (it knows what was seen): its count replaces this one. `through`: how many
   * messages it had had from the extension when it counted (those count in `n`; any after it, not yet).
   */
  reset(n: number, through = Infinity): number {
    this.#counted.clear();
    this.#unacked = this.#unacked.filter((u) => u.at > through);
    this.#n = n;
    return n;
  }

  /** A webview (re)loaded: what was posted to the one before is in its snapshot (it counts that itself). */
  panelReady(): void {
    this.#unacked = [];
  }

  /**
   * The panel was hidden or closed: what was posted to it that it never said it had counts, as if it came now.
   * Returns the mentions among them (nobody saw them: they are notified).
   */
  panelGone(): M[] {
    const lost = this.#unacked;
    this.#unacked = [];
    for (const u of lost) this.add(u.room, u.seq);
    return lost.flatMap((u) => (u.mention === undefined ? [] : [u.mention]));
  }
}

function key(room: string | undefined, seq: number): string {
  return room === undefined ? `dm ${seq}` : `#${room} ${seq}`;
}
