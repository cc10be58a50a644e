// What a connection's first bytes say it is: a rich client's JSON, a TLS handshake or a plain client's text.

/**
 * What a connection's first bytes are, past white space (from `at`): nothing else yet (`blank`), a TLS handshake,
 * a JSON object's start (a rich client's hello), or text (a plain client's nickname, a web request...). A `{` is
 * JSON when what follows it is a key's quote, the object's end, or nothing yet: `{bob}` typed into netcat as a
 * nickname (braces are nickname characters) was taken for a rich client's hello, and refused as bad JSON.
 */
export function firstBytes(chunk: Uint8Array): { at: number; kind: 'blank' | 'tls' | 'json' | 'text' } {
  const at = pastSpace(chunk, 0);
  if (at === chunk.length) return { at, kind: 'blank' };
  if (chunk[at] === 0x16) return { at, kind: 'tls' };
  if (chunk[at] !== 0x7b) return { at, kind: 'text' };
  const j = pastSpace(chunk, at + 1);
  return { at, kind: j === chunk.length || chunk[j] === 0x22 || chunk[j] === 0x7d ? 'json' : 'text' };
}

/** The index of the first byte of `chunk` from `from` that is not a space, tab, CR or LF (its length: none). */
function pastSpace(chunk: Uint8Array, from: number): number {
  let j = from;
  while (j < chunk.length && (chunk[j] === 0x20 || chunk[j] === 0x0a || chunk[j] === 0x0d || chunk[j] === 0x09)) j++;
  return j;
}
