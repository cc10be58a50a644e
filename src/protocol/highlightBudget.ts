// The bounds on syntax highlighting's time, in the panel and on a terminal: the longest code highlighted, and the
// time all highlighting may take in a second. Apart from codeHighlight.ts, which loads highlight.js: a terminal
// counts its budget before it has loaded any (src/cli/terminalMarkdown.ts).

/**
 * The longest code (in characters) that is highlighted. highlight.js is quadratic on some text: 16 KB of `$` as
 * Java took 1.4 s, `_` as TypeScript 0.7 s, `a ` as C# 0.5 s, and a panel shows every card again each time it is
 * opened. At 4,000 the worst input found (of 17 languages × 57 repeated snippets) took 90 ms; real code, ~3 ms.
 */
export const HIGHLIGHT_MAX = 4000;

/**
 * The time highlighting may take in a second (ms), all code together. HIGHLIGHT_MAX bounds one message; a member
 * sending such code ten times a second (what the room lets anyone send) held every panel's thread ~165 ms a message,
 * typing and scrolling with it. Past the budget code shows as plain text, and is drawn again in the next second
 * (main.ts: a panel opened on a loaded machine showed its first cards plain for good).
 */
const HIGHLIGHT_MS_PER_SECOND = 100;

/**
 * A clock in milliseconds: `performance.now()`, which Node and browsers both have (this layer is typed without
 * either's globals), else the time of day.
 */
function now(): number {
  const perf = (globalThis as { performance?: { now(): number } }).performance;
  return perf ? perf.now() : Date.now();
}

/** What highlighting has taken in the current second (see HIGHLIGHT_MS_PER_SECOND). */
export class HighlightBudget {
  #start = -Infinity;
  #spent = 0;
  #refused = 0;
  readonly #perSecond: number;
  readonly #now: () => number;

  constructor(perSecond = HIGHLIGHT_MS_PER_SECOND, clock: () => number = now) {
    this.#perSecond = perSecond;
    this.#now = clock;
  }

  /** How many times work was refused for want of time so far (what was shown plain for it may be drawn again). */
  get refused(): number {
    return this.#refused;
  }

  /** Runs `work` timed, when this second has time left; else undefined. */
  run<T>(work: () => T): T | undefined {
    const t = this.#now();
    if (t - this.#start >= 1000) {
      this.#start = t;
      this.#spent = 0;
    }
    if (this.#spent >= this.#perSecond) {
      this.#refused++;
      return undefined;
    }
    try {
      return work();
    } finally {
      this.#spent += this.#now() - t;
    }
  }
}
