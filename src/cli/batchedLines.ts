// Lines for an output stream, written together at most once per `delayMs` (50 ms by default): a headless host
// that logs every join makes one write per burst of joins instead of one per line (stdout to a pipe or file
// is synchronous, and each write to a pipe wakes its reader), and nobody reading the log sees 50 ms.
// Order is kept; flush() writes what waits at once (before exit).

export interface LineSink {
  write(text: string): unknown;
}

export class BatchedLines {
  #pending: string[] = [];
  #timer: NodeJS.Timeout | undefined;
  readonly #out: LineSink;
  readonly #delayMs: number;

  constructor(
    out: LineSink,
    delayMs = 50,
  ) {
    this.#out = out;
    this.#delayMs = delayMs;
  }

  push(line: string): void {
    this.#pending.push(line);
    if (this.#timer !== undefined) return;
    this.#timer = setTimeout(() => this.flush(), this.#delayMs);
    this.#timer.unref(); // lines still waiting at exit go out from the exit handler's flush()
  }

  flush(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#pending.length === 0) return;
    const text = this.#pending.join('\n') + '\n';
    this.#pending = [];
    this.#out.write(text);
  }
}
