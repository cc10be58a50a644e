// The frame codec's byte half: push bytes in, get complete lines out. Lines end at \n (a \r before it is
// dropped); a line longer than the cap is reported once and never buffered past the cap.

import { PendingBytes } from './pendingBytes';

export type PushResult = 'ok' | 'too_long';

export class LineSplitter {
  readonly #pending = new PendingBytes();
  readonly #maxLine: number;

  constructor(maxLine: number) {
    this.#maxLine = maxLine;
  }

  /** Bytes held for a line that has not ended yet. */
  get buffered(): number {
    return this.#pending.length;
  }

  /** Takes the bytes held so far (the line has not ended), leaving the splitter empty. */
  takePending(): Uint8Array {
    return this.#pending.take();
  }

  /**
   * Splits `chunk` into lines and calls `onLine` for each complete one, in order. Returns 'too_long' as soon
   * as a line exceeds the cap (the lines before it were delivered; the rest of the chunk is not read).
   */
  push(chunk: Uint8Array, onLine: (line: Uint8Array) => void): PushResult {
    let start = 0;
    while (start < chunk.length) {
      const nl = chunk.indexOf(10, start);
      if (nl === -1) {
        const rest = chunk.length - start;
        if (this.#pending.length + rest > this.#maxLine + 1) return 'too_long'; // +1: a trailing \r may still come off
        this.#pending.push(chunk.subarray(start));
        return 'ok';
      }
      let line = this.#pending.length === 0 ? chunk.subarray(start, nl) : this.#pending.take(chunk.subarray(start, nl));
      if (line.length > 0 && line[line.length - 1] === 13) line = line.subarray(0, line.length - 1);
      if (line.length > this.#maxLine) return 'too_long';
      onLine(line);
      start = nl + 1;
    }
    return 'ok';
  }

}
