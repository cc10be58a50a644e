// Memory for the flush rounds' concatenations, reused once no socket can still be reading it. A crowd joining
// a room makes thousands of concatenations of 8-64 KB in a second; as Buffers of their own they went
// through malloc between the sockets' own long-lived allocations, and glibc kept the holes they left: of
// the 12.5 MB malloc held at 1,000 idle clients, 3.7 MB were in use and the rest could not be given back.
// Copied into one slab instead, they cost no allocation at all while the writes complete at once (the
// usual case: the kernel takes the bytes), and a new slab only when some socket still holds the old one.

/** What the slab needs to know of a socket it gave bytes to: bytes it has not yet handed to the kernel. */
export interface WriteBacklog {
  readonly writableLength: number;
  /** A destroyed socket passes nothing on any more (what it had queued is dropped): it holds no bytes. */
  readonly destroyed?: boolean;
}

/** Holders kept before wrote() first looks for those that hold nothing any more. */
const PRUNE_AT = 16;

/** Bytes per slab; a concatenation bigger than a quarter of it gets a Buffer of its own. */
export const SLAB_BYTES = 256 * 1024;

export class ConcatSlab {
  /** Allocated at the first concatenation: a process that never fans out (a client) never holds one. */
  #slab: Buffer | undefined;
  #used = 0;
  /** Sockets that kept some of this slab's bytes queued after writing them: they may still read them. */
  readonly #holders = new Set<WriteBacklog>();
  /** The holders' count at which wrote() next lets go of those that hold nothing (twice what stayed the last time). */
  #pruneAt = PRUNE_AT;
  /** Changes whenever bytes handed out earlier may be overwritten: a concatenation is valid only in its epoch. */
  #epochCount = 0;
  readonly #slabBytes: number;

  constructor(slabBytes = SLAB_BYTES) {
    this.#slabBytes = slabBytes;
  }

  get epoch(): number {
    return this.#epochCount;
  }

  /**
   * The chunks as one buffer: a view into the slab, valid until the epoch changes. Each write of it must
   * be reported with `wrote()`, or the slab may be reused while the socket still reads it.
   */
  concat(chunks: readonly Uint8Array[]): Buffer {
    let n = 0;
    for (const c of chunks) n += c.length;
    if (n > this.#slabBytes / 4) return Buffer.concat(chunks, n);
    if (this.#used + n > this.#slabBytes) this.#renew(); // (used is 0 while there is no slab)
    const slab = (this.#slab ??= Buffer.allocUnsafeSlow(this.#slabBytes));
    const bytes = slab.subarray(this.#used, this.#used + n);
    let at = 0;
    for (const c of chunks) {
      bytes.set(c, at);
      at += c.length;
    }
    this.#used += n;
    return bytes;
  }

  /** Called right after `socket.write()` of bytes from `concat()`: a socket that could not pass them on holds them. */
  wrote(socket: WriteBacklog): void {
    if (socket.writableLength === 0) return;
    this.#holders.add(socket);
    if (this.#holders.size < this.#pruneAt) return;
    // (one that has passed its bytes on since, or was destroyed, holds nothing: kept until the slab filled, a closed
    // connection and its peer stayed in memory, a TLS one after every reconnect of a quiet private room, where
    // encryption leaves bytes queued after each write; let go at counts that double, so a room of backlogged
    // sockets costs no scan per write)
    for (const s of this.#holders) if (s.writableLength === 0 || s.destroyed === true) this.#holders.delete(s);
    this.#pruneAt = Math.max(PRUNE_AT, 2 * this.#holders.size);
  }

  /** Starts over in the same slab if every holder has passed its bytes on since, else in a new one. */
  #renew(): void {
    let held = false;
    for (const s of this.#holders) {
      if (s.writableLength > 0 && s.destroyed !== true) {
        held = true;
        break;
      }
    }
    // a slab still held is left to the garbage collector (the pending writes keep it alive until they are
    // done); concat() allocates the next one
    if (held) this.#slab = undefined;
    this.#holders.clear();
    this.#pruneAt = PRUNE_AT;
    this.#used = 0;
    this.#epochCount++;
  }
}
