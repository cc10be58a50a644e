// One timer for the earliest moment something is due, never sooner than `floorMs` after it is armed: what watches
// deadlines (connections to ping, sessions to expire) wakes when the first of them can be due, not every few
// seconds whether or not anything is (an idle room's server woke 12 times a minute for nothing).

export class WakeAt {
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** When the armed timer runs out (ms since the epoch); Infinity when none is armed. */
  #due = Infinity;
  readonly #floorMs: number;
  readonly #run: (late: number) => void;

  /**
   * `run` is called once a time given to `at` has come (`floorMs` apart at least: a busy watch costs one wake each),
   * with how many ms later than that it runs by the clock: far later when the process was stopped meanwhile (a
   * laptop asleep, a VM suspended) or the clock moved on, below 0 when the clock was set back.
   */
  constructor(floorMs: number, run: (late: number) => void) {
    this.#floorMs = floorMs;
    this.#run = run;
  }

  /** Something is due at `due` (ms since the epoch; Infinity: nothing): wakes then, unless it wakes sooner already. */
  at(due: number): void {
    if (!Number.isFinite(due)) return;
    const now = Date.now();
    const when = Math.max(due, now + this.#floorMs);
    if (this.#due <= when) return;
    clearTimeout(this.#timer);
    this.#due = when;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#due = Infinity;
      this.#run(Date.now() - when);
    }, when - now);
    this.#timer.unref?.();
  }

  /** Nothing more wakes (the server closes). */
  stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#due = Infinity;
  }
}
