// A token bucket: `burst` requests at once, refilled at `perSecond`.

export class RateLimiter {
  #tokens: number;
  #last: number;
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
    this.#tokens = burst;
    this.#last = now();
  }

  /**
   * Goes on from where `other` is (the same client's earlier connection): never with more tokens than it has left.
   * (A reconnect was a full bucket: a client that hung up after each burst and came back in its session sent 478
   * messages a second past a limit of 10.)
   */
  follow(other: RateLimiter): void {
    other.#refill();
    this.#refill();
    this.#tokens = Math.min(this.#tokens, other.#tokens);
  }

  /** Takes one token; false when the bucket is empty. */
  take(): boolean {
    this.#refill();
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }

  /** How long until a token is there (0: now). */
  waitMs(): number {
    this.#refill();
    return this.#tokens >= 1 ? 0 : Math.ceil(((1 - this.#tokens) / this.#perSecond) * 1000);
  }

  /** Takes a token whether or not there is one (for what cannot wait): the next ones wait the longer. */
  spend(): void {
    this.#refill();
    this.#tokens = Math.max(-this.#burst, this.#tokens - 1);
  }

  #refill(): void {
    const t = this.#now();
    this.#tokens = Math.min(this.#burst, this.#tokens + ((t - this.#last) / 1000) * this.#perSecond);
    this.#last = t;
  }
}
