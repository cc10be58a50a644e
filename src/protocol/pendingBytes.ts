// The bytes of a line that has not ended yet, in one buffer that grows as they come (twice as large each time, so
// each byte is copied a few times at most). Kept as the reads came (an array per read), a line sent one byte per
// TCP segment cost ~200 bytes of memory a byte: 13 MB a connection for a 64 KiB line, 0.8 GB for one address's 64.

/** Past this a buffer is not kept for the next line (a connection mostly idle holds no 128 KiB). */
const KEEP = 4096;

export class PendingBytes {
  #buf: Uint8Array | undefined;
  #length = 0;

  get length(): number {
    return this.#length;
  }

  /** Adds `bytes` (copied: the caller's array may be reused). */
  push(bytes: Uint8Array): void {
    const need = this.#length + bytes.length;
    if (!this.#buf || need > this.#buf.length) {
      const grown = new Uint8Array(Math.max(need, 2 * (this.#buf?.length ?? 0), 256));
      if (this.#buf) grown.set(this.#buf.subarray(0, this.#length));
      this.#buf = grown;
    }
    this.#buf.set(bytes, this.#length);
    this.#length = need;
  }

  /** The last `n` bytes (fewer when it holds fewer): a view, valid until the next push. */
  last(n: number): Uint8Array {
    return this.#buf ? this.#buf.subarray(Math.max(0, this.#length - n), this.#length) : new Uint8Array(0);
  }

  /** What it holds, then `tail`, as one new array; it is empty after. */
  take(tail?: Uint8Array): Uint8Array {
    const out = new Uint8Array(this.#length + (tail?.length ?? 0));
    if (this.#buf) out.set(this.#buf.subarray(0, this.#length));
    if (tail) out.set(tail, this.#length);
    this.clear();
    return out;
  }

  clear(): void {
    this.#length = 0;
    if (this.#buf && this.#buf.length > KEEP) this.#buf = undefined;
  }
}
