// When the next flush round may run. A round writes each socket's queued bytes in one syscall; a big room's
// fan-out is one syscall per member. At a steady trickle of messages every message would pay that again, so
// after a costly round the next one waits `ratio` times what the round cost (at most `maxMs`): what arrives
// meanwhile goes out in the same writes. Rounds that cost under `minRoundMs` (small rooms) never make anyone
// wait, so a server of small rooms keeps its latency; a busy big room spends at most 1/(1 + ratio) of its
// time flushing (and while it does, the other rooms of the process share its pause, at most `maxMs`).
// A round's cost is the smaller of its wall time and the process's CPU time during it: a cheap round that
// the OS preempted halfway is still cheap, and so is one during which other threads of the process (the
// VS Code extension host's) were busy.

export interface PacingOptions {
  ratio: number;
  maxMs: number;
  minRoundMs: number;
}

/**
 * Flushing takes at most two thirds of a busy process's time. Measured with `npm run bench`
 * (docs/benchmarks-notes.md): a higher ratio saves CPU per delivery at 500 clients and 200 msg/s (ratio 2:
 * 0.6x) but costs every message its wait (p99 13-14 ms against 7-9 at 0.5).
 */
export const DEFAULT_PACING: Readonly<PacingOptions> = { ratio: 0.5, maxMs: 10, minRoundMs: 2 };

export class FlushPacer {
  #lastEnd = 0;
  #pause = 0;
  readonly #options: Readonly<PacingOptions>;

  constructor(options: Readonly<PacingOptions> = DEFAULT_PACING) {
    this.#options = options;
  }

  /** Milliseconds the next round must still wait, asked at `now`. */
  waitAt(now: number): number {
    return this.#pause === 0 ? 0 : Math.max(0, this.#lastEnd + this.#pause - now);
  }

  /** Records a round that ended at `end` (ms on a monotonic clock), took `wallMs` and `cpuMs` of process CPU time. */
  roundDone(end: number, wallMs: number, cpuMs: number): void {
    this.#lastEnd = end;
    const costMs = Math.min(wallMs, cpuMs);
    this.#pause = costMs >= this.#options.minRoundMs ? Math.min(this.#options.maxMs, costMs * this.#options.ratio) : 0;
  }
}
