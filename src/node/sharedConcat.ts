// One flush round's concatenations of queued chunks, shared between sockets. The members of a room queue
// the same Outbound buffers in the same order, so a round that has several chunks for each of them needs
// the concatenation once: every socket then makes one write of the same bytes (one stream request, one
// iovec) instead of one stream request per chunk, and no socket copies bytes for itself.

export class SharedConcat {
  /** First chunk -> the sequences starting with it seen this round, with their concatenation. */
  private readonly byFirst = new Map<Uint8Array, { chunks: readonly Uint8Array[]; bytes: Buffer }[]>();

  /** The chunks as one buffer: the same Buffer for every identical sequence (same chunk objects, same order). */
  concat(chunks: readonly Uint8Array[]): Buffer {
    const first = chunks[0]!;
    let seen = this.byFirst.get(first);
    if (seen === undefined) {
      seen = [];
      this.byFirst.set(first, seen);
    }
    for (const s of seen) if (sameChunks(s.chunks, chunks)) return s.bytes;
    const bytes = Buffer.concat(chunks);
    seen.push({ chunks, bytes });
    return bytes;
  }
}

function sameChunks(a: readonly Uint8Array[], b: readonly Uint8Array[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
