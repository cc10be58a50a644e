// Addresses whose TLS hello came after a room had taken the connection for a plain client's (and said NICK): their
// next connections are waited for longer before being spoken to.

import { addressKey } from './connectThrottle';

/** Addresses kept at most; past it the one noted first is forgotten. */
const MAX_ADDRESSES = 4096;
/** How long an address is waited for longer after its late hello. */
const KEEP_MS = 10 * 60_000;

export class SlowHelloAddresses {
  /** By address key, when it is forgotten; the oldest note first (a Map keeps insertion order). */
  readonly #until = new Map<string, number>();
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /** A TLS hello from `address` came late. */
  note(address: string): void {
    const key = addressKey(address);
    this.#until.delete(key);
    if (this.#until.size >= MAX_ADDRESSES) this.#until.delete(this.#until.keys().next().value!);
    this.#until.set(key, this.#now() + KEEP_MS);
  }

  /** True when a TLS hello from `address` came late within KEEP_MS. */
  has(address: string): boolean {
    const key = addressKey(address);
    const until = this.#until.get(key);
    if (until === undefined) return false;
    if (until > this.#now()) return true;
    this.#until.delete(key);
    return false;
  }
}
