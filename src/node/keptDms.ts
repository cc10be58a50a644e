// The direct messages sessions keep, so that a client that reconnects or reloads gets again those it missed (a dead
// connection swallows what was written to it): each session numbers its own and keeps its last DM_KEEP, and all
// sessions together keep at most DM_KEEP_UNITS of text, those gone longest giving theirs up first. The messages
// live in the session records (and with them in the history file); this counts them and trims them.

import type { DmEvent } from '../protocol/messages';
import type { SavedSession } from './historyStore';

/** Direct messages a session keeps, to send again to a client that resumes it (a dead connection swallows what was written to it). */
export const DM_KEEP = 100;
/**
 * The text all sessions' kept direct messages may hold together, in UTF-16 units (each up to maxText): past it
 * the oldest go, first those of sessions no connection has (a crowd of sessions keeping 100 long messages each
 * for 10 minutes would otherwise hold gigabytes).
 */
export const DM_KEEP_UNITS = 8 * 1024 * 1024;

/** A session as its kept direct messages see it (the server's SessionRecord is one). */
export interface DmSession {
  /** The last DM_KEEP direct messages to and from it, oldest first, numbered by `dmSeq`. */
  dms: DmEvent[];
  /** The number of its last direct message. */
  dmSeq: number;
  /** Its connection; undefined while it has none. */
  readonly peer: object | undefined;
  /** When its last connection went away. */
  readonly leftAt: number;
}

export class KeptDms {
  /** What the sessions' kept direct messages hold, in UTF-16 units of text (see DM_KEEP_UNITS). */
  #units = 0;
  readonly #restartGap: number;
  readonly #sessions: () => Iterable<DmSession>;

  /**
   * `restartGap`: how far past a saved session's last number a restarted host numbers on (RESTART_SEQ_GAP in
   * chatServer.ts). `sessions`: every session there is, those whose messages a trim may drop.
   */
  constructor(restartGap: number, sessions: () => Iterable<DmSession>) {
    this.#restartGap = restartGap;
    this.#sessions = sessions;
  }

  /** What all sessions' kept direct messages hold, in UTF-16 units. */
  get units(): number {
    return this.#units;
  }

  /** A direct message to a rich client's session: numbered in it and kept for a resume (returned numbered, to send). */
  deliver(session: DmSession, event: DmEvent): DmEvent {
    const numbered: DmEvent = { ...event, seq: ++session.dmSeq };
    session.dms.push(numbered);
    this.#units += numbered.text.length;
    if (session.dms.length > DM_KEEP) this.#units -= session.dms.shift()!.text.length;
    if (this.#units > DM_KEEP_UNITS) this.#trim();
    return numbered;
  }

  /** Sends the session's direct messages after `seen` again (the connection they were written to may have died). */
  replay(session: DmSession, seen: number, send: (dm: DmEvent) => void): void {
    // a host that restarted from saved state lost the numbering: go on after what the client saw, never reuse a
    // number (a client cannot have seen more than RESTART_SEQ_GAP past what the file says: a claim of 2^53 - 1 had
    // the next numbers past the safe integers, and its own client dropped its direct messages)
    if (seen > session.dmSeq) session.dmSeq = Math.min(seen, session.dmSeq + this.#restartGap);
    for (const dm of session.dms) if ((dm.seq ?? 0) > seen) send(dm);
  }

  /** Forgets the direct messages a session kept. */
  forget(session: DmSession): void {
    for (const dm of session.dms) this.#units -= dm.text.length;
    session.dms = [];
  }

  /**
   * A saved session's kept direct messages and number, for its record after a restart, counted from now on. Once
   * every session is back, `fit` brings them all within DM_KEEP_UNITS.
   */
  restore(saved: Pick<SavedSession, 'dms' | 'dmSeq'>): Pick<DmSession, 'dms' | 'dmSeq'> {
    // within what a session keeps (and, with `fit`, what all sessions keep)
    const dms = (saved.dms ?? []).slice(-DM_KEEP);
    // numbered on past what the file says, by a margin (as rooms are: RESTART_SEQ_GAP)
    const dmSeq = Math.max(saved.dmSeq ?? 0, ...dms.map((d) => d.seq ?? 0)) + this.#restartGap;
    for (const d of dms) this.#units += d.text.length;
    return { dms, dmSeq };
  }

  /** Trims the kept direct messages if they hold more than DM_KEEP_UNITS (after `restore`). */
  fit(): void {
    if (this.#units > DM_KEEP_UNITS) this.#trim();
  }

  /** What the history file keeps of a session's direct messages: nothing of what it has not. */
  static saved(session: DmSession): Pick<SavedSession, 'dms' | 'dmSeq'> {
    return { ...(session.dms.length > 0 ? { dms: session.dms } : {}), ...(session.dmSeq > 0 ? { dmSeq: session.dmSeq } : {}) };
  }

  /**
   * Brings the kept direct messages under nine tenths of DM_KEEP_UNITS (so that this runs seldom): first every
   * message of sessions without a connection, those gone longest first, then the oldest of connected sessions
   * (their client has them: a copy is kept only in case the connection dies on the way).
   */
  #trim(): void {
    const target = (DM_KEEP_UNITS * 9) / 10;
    const byLeftAt = [...this.#sessions()].filter((s) => s.peer === undefined && s.dms.length > 0).sort((a, b) => a.leftAt - b.leftAt);
    for (const s of byLeftAt) {
      if (this.#units <= target) return;
      this.forget(s);
    }
    const connected = [...this.#sessions()].filter((s) => s.dms.length > 0);
    for (let round = 0; this.#units > target && round < DM_KEEP; round++) {
      for (const s of connected) {
        const dm = s.dms.shift();
        if (dm) this.#units -= dm.text.length;
        if (this.#units <= target) return;
      }
    }
  }
}
