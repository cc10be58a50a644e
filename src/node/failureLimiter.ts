// Failed attempts per address (wrong room keys, failed TLS handshakes): after a few, the address is refused
// for a while, and the wait doubles with every further failure.

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
    const t = this.#now();
    let r = this.#records.get(address);
    if (!r || (t - r.first > WINDOW_MS && t > r.blockedUntil)) {
      r = { count: 0, first: t, blockedUntil: 0 };
      if (this.#records.size >= MAX_TRACKED) this.#records.delete(this.#records.keys().next().value as string);
    }
    r.count++;
    if (r.count >= FREE_FAILURES) r.blockedUntil = t + Math.min(MAX_BLOCK_MS, BASE_BLOCK_MS * 2 ** (r.count - FREE_FAILURES));
    this.#records.delete(address);
    this.#records.set(address, r);
    return r.count;
  }

  /** Milliseconds the address must still wait, or 0. */
  blockedFor(address: string): number {
    const r = this.#records.get(address);
    return r ? Math.max(0, r.blockedUntil - this.#now()) : 0;
  }
}
