// The host's log lines about connections that never got in (refused, closed at once, silent): anyone who can reach
// the port can open thousands a second, and each line went to the host's terminal (redrawn under its prompt) or
// log file. Per address the first few in a minute are logged, then one line says the rest are left out, and the
// next line after the minute says how many were; all addresses together have a budget of their own (a flood from
// many addresses).

interface Window {
  since: number;
  lines: number;
}

export class LogThrottle {
  readonly #windows = new Map<string, Window>();
  /** All addresses together (apart: the bound on `windows` must not drop it). */
  readonly #all = new Map<string, Window>();
  readonly #perAddress: number;
  readonly #overall: number;
  readonly #windowMs: number;
  readonly #maxAddresses: number;

  constructor(
    perAddress = 5,
    overall = 50,
    windowMs = 60_000,
    maxAddresses = 1000,
  ) {
    this.#perAddress = perAddress;
    this.#overall = overall;
    this.#windowMs = windowMs;
    this.#maxAddresses = maxAddresses;
  }

  /** How many addresses it keeps a minute's count for (bounded by maxAddresses). */
  get addresses(): number {
    return this.#windows.size;
  }

  /** The line to log about `address` at `now` (ms), with a note of what was left out before it; undefined: leave it out. */
  pass(address: string, line: string, now: number): string | undefined {
    const one = this.#count(this.#windows, address, now, this.#perAddress);
    if (one.over) return undefined;
    // (only what one address may log counts against all of them: a noisy one must not silence the others)
    const all = this.#count(this.#all, '', now, this.#overall);
    if (all.over) return undefined;
    const notes = [one.leftOut > 0 ? `${one.leftOut} line(s) about ${address}` : '', all.leftOut > 0 ? `${all.leftOut} line(s) about connections` : ''].filter(Boolean);
    const was = notes.length > 0 ? ` (in the minute before, ${notes.join(' and ')} were left out)` : '';
    const last = one.last ? ` (the next about ${address} in this minute are left out)` : all.last ? ' (the next about connections that did not get in are left out this minute)' : '';
    return line + was + last;
  }

  #count(windows: Map<string, Window>, key: string, now: number, budget: number): { over: boolean; last: boolean; leftOut: number } {
    let w = windows.get(key);
    let leftOut = 0;
    if (w && now - w.since >= this.#windowMs) {
      leftOut = Math.max(0, w.lines - budget);
      windows.delete(key);
      w = undefined;
    }
    if (!w) {
      // (the oldest address goes: a flood from many addresses cannot grow this map)
      if (windows.size > this.#maxAddresses) windows.delete(windows.keys().next().value!);
      w = { since: now, lines: 0 };
      windows.set(key, w);
    }
    w.lines++;
    return { over: w.lines > budget, last: w.lines === budget, leftOut };
  }
}
