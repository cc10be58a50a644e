// One flush round's concatenations of queued chunks, shared between sockets. The members of a room queue
// the same Outbound buffers in the same order, so a round that has several chunks for each of them needs
// the concatenation once: every socket then makes one write of the same bytes (one stream request, one
// iovec) instead of one stream request per chunk, and no socket copies bytes for itself.

import { ConcatSlab, type WriteBacklog } from './concatSlab';

export class SharedConcat {
  /** First chunk -> the sequences starting with it seen this round, with their concatenation and its slab epoch. */
  readonly #byFirst = new Map<Uint8Array, { chunks: readonly Uint8Array[]; bytes: Buffer; epoch: number }[]>();
  readonly #slab: ConcatSlab;

  /** `slab` holds the concatenations (a slab of its own when none is given). */
  constructor(slab = new ConcatSlab()) {
    this.#slab = slab;
  }

  /**
   * The chunks as one buffer: the same Buffer for every identical sequence (same chunk objects, same order)
   * while the slab keeps it. Report each write of it with `wrote()`.
   */
  concat(chunks: readonly Uint8Array[]): Buffer {
    const first = chunks[0]!;
    let seen = this.#byFirst.get(first);
    if (seen === undefined) {
      seen = [];
      this.#byFirst.set(first, seen);
    }
    for (const s of seen) {
      if (!sameChunks(s.chunks, chunks)) continue;
      // the slab started over since (its bytes may be someone else's now): copy again
      if (s.epoch !== this.#slab.epoch) {
        s.bytes = this.#slab.concat(chunks);
        s.epoch = this.#slab.epoch;
      }
      return s.bytes;
    }
    const bytes = this.#slab.concat(chunks);
    seen.push({ chunks, bytes, epoch: this.#slab.epoch });
    return bytes;
  }

  /** Called right after a socket wrote a buffer from `concat()`. */
  wrote(socket: WriteBacklog): void {
    this.#slab.wrote(socket);
  }
}

function sameChunks(a: readonly Uint8Array[], b: readonly Uint8Array[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
