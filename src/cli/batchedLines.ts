// Lines for an output stream, written together at the end of the event-loop turn: a headless host that logs
// every join makes one write per burst of joins instead of one per line (stdout to a pipe or file is
// synchronous). Order is kept; flush() writes what waits at once (before exit).

export interface LineSink {
  write(text: string): unknown;
}

export class BatchedLines {
  private pending: string[] = [];
  private scheduled = false;

  constructor(private readonly out: LineSink) {}

  push(line: string): void {
    this.pending.push(line);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  flush(): void {
    this.scheduled = false;
    if (this.pending.length === 0) return;
    const text = this.pending.join('\n') + '\n';
    this.pending = [];
    this.out.write(text);
  }
}
