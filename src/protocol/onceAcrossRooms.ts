// What is the whole server's and not one room's (a rename, an op or deop: a nickname and a role are the
// connection's), the server tells once in each room the person is in, one after the other. A terminal, and the
// server to a plain client, says it once, as the first room tells it. Pure.

/** How far apart the rooms' tellings of one change may be: each room's event has its own clock reading. */
export const TELLINGS_APART_MS = 1000;

/**
 * Tells the first telling of a change from the same change told by the next rooms: `first(what, time)` is true
 * unless the change before it was `what` too, at most TELLINGS_APART_MS before. (Compared by time alone, as it was,
 * a rename in two rooms whose events the server stamped a millisecond apart printed twice.) The same change again
 * after another one, or later, is news.
 */
export class OnceAcrossRooms {
  #last: { what: string; time: number } | undefined;

  first(what: string, time: number): boolean {
    const last = this.#last;
    this.#last = { what, time };
    return !(last !== undefined && last.what === what && Math.abs(time - last.time) <= TELLINGS_APART_MS);
  }
}
