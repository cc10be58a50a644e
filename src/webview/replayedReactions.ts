// Reactions to your messages that a room's replay brings as news (the replay after a reconnect: they came while
// the connection was down), held until the replay is over and then read out once, as the messages missed meanwhile
// are: those put on and still on at its end. Not one taken back meanwhile, nor one that was on before the replay
// began (its first event in the replay takes it off: it was there, and heard, before the drop), whatever it went
// through since.

import type { ReactEvent } from '../protocol/messages';

/** Reactions held per room at most: a replay is as long as the history the server keeps, a hostile one's any. */
const MAX_HELD = 1000;

export class ReplayedReactions {
  /** By room (its conversation's id), by reaction (its message, who, which emoji): whether it was on before, its last event. */
  readonly #rooms = new Map<string, Map<string, { wasOn: boolean; last: ReactEvent }>>();

  /** Event `e` of room `room`'s replay, of reaction `key` (one message's, by one person, with one emoji). */
  add(room: string, key: string, e: ReactEvent): void {
    let held = this.#rooms.get(room);
    if (!held) this.#rooms.set(room, (held = new Map()));
    const before = held.get(key);
    if (!before && held.size >= MAX_HELD) return;
    // (the server toggles: a first event that takes it off says it was on)
    held.set(key, { wasOn: before ? before.wasOn : !e.on, last: e });
  }

  /** Room `room`'s replay is over (or the room is gone): the reactions it put on, in the order they came. */
  end(room: string): ReactEvent[] {
    const held = this.#rooms.get(room);
    this.#rooms.delete(room);
    return held ? [...held.values()].filter((r) => !r.wasOn && r.last.on).map((r) => r.last) : [];
  }
}
