// The connection banner's countdown to the client's next attempt to connect ("connection lost; reconnecting in 7
// s...", then 6, 5...): when the attempt is due in the page's clock, the words the banner shows for it, and the timer
// that moves them on once a second and stops at the attempt ("connection lost; reconnecting...") or when told (the
// panel connected, another wait began). The banner is no live region: a screen reader hears the status once, as it
// changes (main.ts sayStatus), not each second of it.

import { retryWords } from '../protocol/retryWords';

/** The longest wait counted down (a day): a longer one is no figure a client sends. */
const MAX_WAIT_MS = 86_400_000;

/** A wait for an attempt, in the page's clock: what the client waits after, and when the attempt is due. */
export interface RetryDue {
  why: string;
  at: number;
}

/** When the attempt `w` (a status's or a snapshot's `retry`) is due by `now`; undefined for none, or a malformed one. */
export function retryDue(w: unknown, now: number): RetryDue | undefined {
  if (w === null || typeof w !== 'object') return undefined;
  const { why, inMs } = w as { why?: unknown; inMs?: unknown };
  if (typeof why !== 'string' || typeof inMs !== 'number' || !(inMs >= 0)) return undefined;
  return { why, at: now + Math.min(inMs, MAX_WAIT_MS) };
}

/** The whole seconds left until `at`, rounded up (0.3 s left is 1 s: the attempt is not made yet). */
export const secondsLeft = (at: number, now: number): number => Math.max(0, Math.ceil((at - now) / 1000));

/** What the banner says of wait `r` at `now`: "why; reconnecting in 7 s...", once it is due "why; reconnecting...". */
export function countdownWords(r: RetryDue, now: number): string {
  const n = secondsLeft(r.at, now);
  return retryWords(r.why, n > 0 ? String(n) : undefined);
}

/** How the countdown keeps time: the page's clock and timers, or a test's. */
export interface Clock {
  now(): number;
  set(f: () => void, ms: number): unknown;
  clear(timer: unknown): void;
}

const PAGE_CLOCK: Clock = {
  now: () => performance.now(),
  set: (f, ms) => setTimeout(f, ms),
  clear: (timer) => clearTimeout(timer as ReturnType<typeof setTimeout>),
};

export class RetryCountdown {
  readonly #tick: () => void;
  readonly #clock: Clock;
  /** The moment counted down to, while a timer runs for it. */
  #at: number | undefined;
  #timer: unknown;

  /** `tick`: the whole seconds left changed (the last time, to 0: the attempt is due). */
  constructor(tick: () => void, clock: Clock = PAGE_CLOCK) {
    this.#tick = tick;
    this.#clock = clock;
  }

  /** Whether a timer runs (a wait is counted down). */
  get running(): boolean {
    return this.#at !== undefined;
  }

  /** Counts down to `at` (the page's clock), or stops (undefined: connected, no wait). The same moment again changes nothing. */
  to(at: number | undefined): void {
    if (at === this.#at) return;
    this.#stop();
    if (at !== undefined && secondsLeft(at, this.#clock.now()) > 0) this.#next(at);
  }

  #next(at: number): void {
    this.#at = at;
    const left = at - this.#clock.now();
    // (when the figure shown goes down by one: past the next whole second left, a millisecond into it)
    const due = left - (Math.ceil(left / 1000) - 1) * 1000;
    this.#timer = this.#clock.set(() => {
      this.#timer = undefined;
      this.#at = undefined;
      const n = secondsLeft(at, this.#clock.now());
      if (n > 0) this.#next(at);
      this.#tick();
    }, Math.max(1, Math.ceil(due) + 1));
  }

  #stop(): void {
    if (this.#timer !== undefined) this.#clock.clear(this.#timer);
    this.#timer = undefined;
    this.#at = undefined;
  }
}
