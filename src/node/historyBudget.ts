// What the rooms' histories hold together, and at most: each room's is bounded in events (500 messages and 500
// others), not in size, and 500 messages of 16 K characters (and their edits) are ~35 MB of memory. One client
// filling rooms with them ran the host out of memory, and its history file past what one save can write. Past
// the budget, the room that holds most gives up its oldest events.

/** A room's history as the budget sees it. */
export interface Budgeted {
  /** What it holds (historyUnits()). */
  readonly units: number;
  /** Drops its oldest event (and tells no budget: the budget asked); false when it holds none. */
  dropOldest(): boolean;
}

export class HistoryBudget {
  #total = 0;
  readonly #rooms = new Set<Budgeted>();

  /** `cap`: units all histories may hold together. */
  constructor(readonly cap: number) {}

  get total(): number {
    return this.#total;
  }

  /** A room whose history counts from now on (what it holds already too). */
  add(room: Budgeted): void {
    if (this.#rooms.has(room)) return;
    this.#rooms.add(room);
    this.changed(room.units);
  }

  /** A room that is gone: what it held is free. */
  remove(room: Budgeted): void {
    if (this.#rooms.delete(room)) this.#total -= room.units;
  }

  /** A room's history grew or shrank by `delta` units: past the cap, the largest drops its oldest until it fits. */
  changed(delta: number): void {
    this.#total += delta;
    while (this.#total > this.cap) {
      let largest: Budgeted | undefined;
      for (const r of this.#rooms) if (!largest || r.units > largest.units) largest = r;
      const before = largest?.units ?? 0;
      if (!largest?.dropOldest()) return;
      this.#total -= before - largest.units;
    }
  }
}
