// The server's bans (`/ban`, `/unban`): each holds the nickname, and the address and session banned with it, and
// lasts until it is lifted (across restarts too, with a history file: toSaved / restore). At most `max` of them
// (limits.maxBans): uncapped, the list grew with every ban, in memory and in the history file, until an /unban.

import { nickKey } from '../protocol/names';
import { keyNamed } from '../protocol/keyNamed';
import { isLoopback } from './connection';
import { addressKey } from './connectThrottle';
import type { SavedBan, SavedState } from './historyStore';
import { NickHolders } from './nickHolders';

export class BanList {
  /** By nickname key: who was banned, and the address and session banned with it (`/unban` lifts them together). */
  readonly #bans = new Map<string, SavedBan>();
  /** The same bans by every key their nickname is read under (nickKeys): Greek ΝΙΚΟ is banned with NIKO. */
  readonly #names = new NickHolders<SavedBan>();
  /**
   * The addresses the bans hold, as addressKey makes them (an IPv6 address's /64: its next address is the same
   * machine), with how many bans hold each: an address no ban holds any longer (lifted, or replaced by a later ban
   * of the same nickname) is banned no more.
   */
  readonly #addresses = new Map<string, number>();
  /** The addresses a file from before /unban lists with no ban that holds them: nothing lifts them. */
  readonly #kept = new Set<string>();
  /** The bans that hold each session token, counted: a hello's session is looked up on every hello. */
  readonly #sessions = new Map<string, number>();
  readonly #max: number;

  constructor(max: number) {
    this.#max = max;
  }

  get size(): number {
    return this.#bans.size;
  }

  /** The most bans the list takes (a history file's may hold more: restore keeps them all). */
  get max(): number {
    return this.#max;
  }

  /**
   * Bans `nick`, from `address` and in `session`. The session too: a hello with it under another nickname is the same
   * person (with its role). A loopback address never: everyone on the host's machine shares it (the host's own
   * panel, and every member who joins there), and a ban of it would hold them all; there a ban holds the nickname
   * and the session only. Undefined, and nothing banned, when the list is full.
   */
  add(nick: string, address: string, session?: string, byOwner = false): SavedBan | undefined {
    if (this.#bans.size >= this.#max) return undefined;
    const ban: SavedBan = { nick, ...(isLoopback(address) ? {} : { address }), ...(session !== undefined ? { session } : {}), ...(byOwner ? { byOwner } : {}) };
    this.#put(ban);
    return ban;
  }

  /**
   * Lifts the bans of `name`, as typed: every ban that refuses a newcomer called so (a name that shares a reading
   * with the banned one: /unban ΝΙΚΟ in Greek lifts NIKO's, which refuses ΝΙΚΟ), or the one of the `xn--` form a
   * plain client that reads ASCII only is shown (keyNamed). Their nicknames, addresses and sessions may come back.
   * Of them, those `may` lifts (an op's: not the owner's). The bans lifted, in the order they were made (none:
   * nothing is banned under that name, or nothing `may` lifts).
   */
  lift(name: string, may: (ban: SavedBan) => boolean = () => true): SavedBan[] {
    const lifted = this.find(name).filter(may);
    for (const ban of lifted) {
      this.#bans.delete(nickKey(ban.nick));
      this.#unindex(ban);
    }
    return lifted;
  }

  /** The bans of `name`, as lift() finds them, without lifting them. */
  find(name: string): SavedBan[] {
    const read = this.#names.holdersOf(name);
    if (read.size > 0) return read.size === 1 ? [...read] : [...this.#bans.values()].filter((b) => read.has(b));
    const key = keyNamed(this.#bans, name, (b) => b.nick);
    const ban = key === undefined ? undefined : this.#bans.get(key);
    return ban ? [ban] : [];
  }

  /** Whether a newcomer called `nick` from `address` is banned (by either; the nickname by any of its keys). */
  isBanned(address: string, nick: string): boolean {
    if (!isLoopback(address)) {
      const key = addressKey(address);
      if (this.#addresses.has(key) || this.#kept.has(key)) return true;
    }
    return this.#names.taken(nick);
  }

  /** Whether nickname key `key` (one of nickKeys') is a banned nickname's. */
  hasNick(key: string): boolean {
    return this.#names.holds(key);
  }

  /** Whether session `token` is banned (the session itself may be gone, expired since: its ban is not). */
  hasSession(token: string): boolean {
    return this.#sessions.has(token);
  }

  /** The banned nicknames for a reader (`named`: each as it can type it): `banned: a, b, and N more`, or `nobody is`. */
  described(named: (ban: SavedBan) => string, most = 20): string {
    if (this.#bans.size === 0) return 'nobody is';
    const names: string[] = [];
    for (const b of this.#bans.values()) {
      if (names.length === most) break;
      names.push(named(b));
    }
    return `banned: ${names.join(', ')}${this.#bans.size > most ? `, and ${this.#bans.size - most} more` : ''}`;
  }

  /** The bans for the history file, or undefined when there are none. */
  toSaved(): SavedState['bans'] {
    const addresses = new Set([...this.#addresses.keys(), ...this.#kept]);
    if (this.#bans.size + addresses.size === 0) return undefined;
    // (nicks and addresses as an earlier version reads them; entries: what /unban lifts together)
    return { nicks: [...this.#bans.keys()], addresses: [...addresses], entries: [...this.#bans.values()] };
  }

  /**
   * Takes the bans a history file kept (they hold across a restart: a window reload of the host's let a banned member
   * back in). All of them, past `max` too: a ban is never lifted but by /unban (add refuses until there are fewer).
   */
  restore(saved: SavedState['bans']): void {
    // (folded again: a file from a build that folded fewer look-alikes keeps the key it had then, and the later of
    // two entries of one key replaces the earlier, with its address: the file lists that one's too)
    const entries = saved?.entries ?? [];
    for (const b of entries) this.#put(b);
    // (a file from before /unban has the keys alone: such a ban lifts its nickname, not an address)
    for (const n of saved?.nicks ?? []) if (!this.#bans.has(nickKey(n))) this.#put({ nick: n });
    const ofEntries = new Set(entries.flatMap((b) => (b.address === undefined ? [] : [addressKey(b.address)])));
    for (const a of saved?.addresses ?? []) if (!ofEntries.has(addressKey(a))) this.#kept.add(addressKey(a));
  }

  /** Adds `ban`, in place of a ban of the same nickname key (whose address and session go with it). */
  #put(ban: SavedBan): void {
    const key = nickKey(ban.nick);
    const before = this.#bans.get(key);
    if (before) this.#unindex(before);
    this.#bans.set(key, ban);
    this.#names.add(ban.nick, ban);
    if (ban.session !== undefined) count(this.#sessions, ban.session, 1);
    if (ban.address !== undefined) count(this.#addresses, addressKey(ban.address), 1);
  }

  /**
   * Forgets what `ban` held: its nickname, its session and its address, each unless another ban holds it too (an
   * address two bans share stays banned until both are gone; once none holds it, a file's listing of it does not).
   */
  #unindex(ban: SavedBan): void {
    this.#names.delete(ban.nick, ban);
    if (ban.session !== undefined) count(this.#sessions, ban.session, -1);
    if (ban.address === undefined) return;
    const address = addressKey(ban.address);
    if (count(this.#addresses, address, -1) === 0) this.#kept.delete(address);
  }
}

/** Adds `by` to `key`'s count in `counts` (a count of 0 is no entry); the count now. */
function count(counts: Map<string, number>, key: string, by: number): number {
  const n = (counts.get(key) ?? 0) + by;
  if (n > 0) counts.set(key, n);
  else counts.delete(key);
  return n;
}
