// New members per address: a token bucket each (a burst, then a few a second). One address joining and
// leaving in a loop is a flood too: every join and leave is announced to every member.

import { RateLimiter } from './rateLimiter';

/** Addresses kept at most; past it the one used least recently is forgotten (its bucket starts full again). */
const MAX_ADDRESSES = 4096;

export class ConnectThrottle {
  /** By address key, least recently used first (a Map keeps insertion order; a use moves it to the end). */
  readonly #buckets = new Map<string, { limiter: RateLimiter; refused: number }>();
  readonly #burst: number;
  readonly #perSecond: number;
  readonly #now: () => number;

  constructor(
    burst: number,
    perSecond: number,
    now: () => number = Date.now,
  ) {
    this.#burst = burst;
    this.#perSecond = perSecond;
    this.#now = now;
  }

  /**
   * Takes a token for a newcomer from `address`: `ms` 0, or how long until there is one (then it takes none);
   * `refused`: how many in a row it refused now (1: the first, worth a log line; the rest are not).
   */
  wait(address: string): { ms: number; refused: number } {
    const key = addressKey(address);
    let bucket = this.#buckets.get(key);
    if (bucket) this.#buckets.delete(key);
    else {
      if (this.#buckets.size >= MAX_ADDRESSES) this.#buckets.delete(this.#buckets.keys().next().value!);
      bucket = { limiter: new RateLimiter(this.#burst, this.#perSecond, this.#now), refused: 0 };
    }
    this.#buckets.set(key, bucket);
    if (bucket.limiter.take()) {
      bucket.refused = 0;
      return { ms: 0, refused: 0 };
    }
    return { ms: bucket.limiter.waitMs(), refused: ++bucket.refused };
  }

  /** Addresses kept now (for tests). */
  get size(): number {
    return this.#buckets.size;
  }
}

/**
 * What counts as one address: an IPv4 address, or an IPv6 address's /64 (one machine, or one home network,
 * holds a whole /64: counting each address apart would give it 2^64 buckets).
 */
export function addressKey(address: string): string {
  if (!address.includes(':')) return address;
  // an IPv4 address in IPv6 form (::ffff:1.2.3.4) is that IPv4 address
  const mapped = /^(?:::|(?:0{1,4}:){5})ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (mapped) return mapped[1]!;
  const [head = '', tail] = address.split('%')[0]!.toLowerCase().split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const groups = tail === undefined ? left : [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}
