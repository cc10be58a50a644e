// Lines a peer sent while it had no rate token: kept in order, up to a bound, acted on as tokens come.

import type { RateLimiter } from './rateLimiter';

export class WaitingLines<T extends { readonly length: number }> {
  readonly #lines: T[] = [];
  #size = 0;
  #timer: NodeJS.Timeout | undefined;
  /** The line being handled: it is what waits if the rate limit stops it (keepCurrent). */
  #current: T | undefined;
  readonly #limiter: RateLimiter;
  readonly #max: { lines: number; size: number };
  readonly #handle: (line: T) => void;
  readonly #wake: () => void;
  readonly #own: (line: T) => T;

  /**
   * `handle` acts on a line; `wake` runs when the next token is there (it calls drain); `own` copies a line
   * that is kept (one that is a view of a read's buffer).
   */
  constructor(limiter: RateLimiter, max: { lines: number; size: number }, handle: (line: T) => void, wake: () => void, own: (line: T) => T = (l) => l) {
    this.#limiter = limiter;
    this.#max = max;
    this.#handle = handle;
    this.#wake = wake;
    this.#own = own;
  }

  get length(): number {
    return this.#lines.length;
  }

  /** Acts on a line now. */
  act(line: T): void {
    this.#current = line;
    try {
      this.#handle(line);
    } finally {
      this.#current = undefined;
    }
  }

  /** Keeps a line behind the waiting ones; false when it would be more than may wait. */
  keep(line: T): boolean {
    return this.#keep(line, 'last');
  }

  /** Keeps the line being acted on, which the rate limit stopped (the oldest: it goes first); false as keep. */
  keepCurrent(): boolean {
    return this.#current !== undefined && this.#keep(this.#current, 'first');
  }

  /** Acts on the lines while there are tokens and `going()`; the rest wait for the next token (or go, with the peer). */
  drain(going: () => boolean): void {
    this.#timer = undefined;
    while (this.#lines.length > 0 && going() && this.#limiter.waitMs() === 0) {
      const line = this.#lines.shift() as T;
      this.#size -= line.length;
      this.act(line);
    }
    if (!going()) this.clear(); // (the peer ended: a `bye` among them, or kicked after it hung up)
    else if (this.#lines.length > 0) this.#later();
  }

  /** The lines, taken out (for another connection of the same client to handle: see RichPeer.adoptWaiting). */
  take(): T[] {
    const lines = [...this.#lines];
    this.clear();
    return lines;
  }

  /** Forgets the lines (the connection ended). */
  clear(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#lines.length = 0;
    this.#size = 0;
  }

  #keep(line: T, where: 'first' | 'last'): boolean {
    if (this.#lines.length >= this.#max.lines || this.#size + line.length > this.#max.size) return false;
    const own = this.#own(line);
    if (where === 'first') this.#lines.unshift(own);
    else this.#lines.push(own);
    this.#size += line.length;
    this.#later();
    return true;
  }

  /** Wakes the peer when the next token comes (once: a timer already set stays). */
  #later(): void {
    if (!this.#timer) this.#timer = setTimeout(this.#wake, this.#limiter.waitMs());
  }
}
