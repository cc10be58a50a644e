// Others' edits and deletions of messages that a room's replay brings as news (the replay after a reconnect: they
// came while the connection was down), held until the replay is over and then read out once, as one that happens is
// read: the last change of each message (a typo fixed three times is its last edit; an edit, then the deletion, is
// the deletion), in the order those came. Whether its message is on show then is the reader's to ask.

import type { HeardMessage } from './heardMessages';

/** Messages held per room at most: a replay is as long as the history the server keeps, a hostile one's any. */
const MAX_HELD = 1000;

/** A change as it is read: its words, and its message's key (its row's). */
export type ReplayedChange = HeardMessage & { key: string };

export class ReplayedChanges {
  /** By room (its conversation's id), by message (its row's key): its last change. */
  readonly #rooms = new Map<string, Map<string, ReplayedChange>>();

  /** Change `c` of room `room`'s replay (to message `c.key`). */
  add(room: string, c: ReplayedChange): void {
    let held = this.#rooms.get(room);
    if (!held) this.#rooms.set(room, (held = new Map()));
    const before = held.delete(c.key);
    if (!before && held.size >= MAX_HELD) return;
    held.set(c.key, c);
  }

  /** Room `room`'s replay is over (or the room is gone): the last change of each message, in the order they came. */
  end(room: string): ReplayedChange[] {
    const held = this.#rooms.get(room);
    this.#rooms.delete(room);
    return held ? [...held.values()] : [];
  }
}
