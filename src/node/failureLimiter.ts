// Failed attempts per address (wrong room keys, failed TLS handshakes): after a few, the address is refused
// for a while, and the wait doubles with every further failure. An address is an IPv4 one or an IPv6 /64
// (addressKey): each address of a /64 counted apart had 2^64 fresh starts.

import { addressKey } from './connectThrottle';

const WINDOW_MS = 60_000;
const FREE_FAILURES = 5;
const BASE_BLOCK_MS = 30_000;
const MAX_BLOCK_MS = 60 * 60_000;
const MAX_TRACKED = 10_000;

interface Record {
  count: number;
  first: number;
  blockedUntil: number;
}

export class FailureLimiter {
  readonly #records = new Map<string, Record>();
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /** Counts a failure; returns how many this address has in the current window. */
  fail(address: string): number {
    const key = addressKey(address);
    const t = this.#now();
    let r = this.#records.get(key);
    if (!r || (t - r.first > WINDOW_MS && t > r.blockedUntil)) {
      r = { count: 0, first: t, blockedUntil: 0 };
      if (this.#records.size >= MAX_TRACKED) this.#records.delete(this.#records.keys().next().value as string);
    }
    r.count++;
    if (r.count >= FREE_FAILURES) r.blockedUntil = t + Math.min(MAX_BLOCK_MS, BASE_BLOCK_MS * 2 ** (r.count - FREE_FAILURES));
    this.#records.delete(key);
    this.#records.set(key, r);
    return r.count;
  }

  /** Milliseconds the address must still wait, or 0. */
  blockedFor(address: string): number {
    const r = this.#records.get(addressKey(address));
    return r ? Math.max(0, r.blockedUntil - this.#now()) : 0;
  }
}
