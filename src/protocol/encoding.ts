// The WHATWG text codecs exist in every host this layer runs in (Node and browsers), but the pure ES2022
// lib does not declare them; these minimal local types keep src/protocol free of Node and DOM types.
interface Utf8Decoder {
  decode(input: Uint8Array): string;
}
interface Utf8Encoder {
  encode(input: string): Uint8Array;
}
const host = globalThis as unknown as {
  TextDecoder: new (label: string, options: { fatal: boolean; ignoreBOM: boolean }) => Utf8Decoder;
  TextEncoder: new () => Utf8Encoder;
};

const strictUtf8 = new host.TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lenientUtf8 = new host.TextDecoder('utf-8', { fatal: false, ignoreBOM: true });
const encoder = new host.TextEncoder();

/** Decodes UTF-8, or returns null when the bytes are not valid UTF-8. */
export function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return null;
  }
}

/** Decodes UTF-8, replacing invalid sequences with U+FFFD. */
export function decodeUtf8Lenient(bytes: Uint8Array): string {
  return lenientUtf8.decode(bytes);
}

export function encodeUtf8(text: string): Uint8Array {
  return encoder.encode(text);
}

/** UTF-8 length of a string without encoding it. */
export function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/**
 * True when `bytes` end inside a UTF-8 character: a lead byte whose continuation bytes have not all come
 * (a netcat line cut in the middle of "é" by a pause). Only the last 3 bytes are looked at.
 */
export function endsInsideUtf8Char(bytes: Uint8Array): boolean {
  // walk back over at most 3 continuation bytes (10xxxxxx) to the lead byte
  for (let back = 1; back <= Math.min(4, bytes.length); back++) {
    const b = bytes[bytes.length - back]!;
    if ((b & 0xc0) === 0x80) continue;
    const need = b >= 0xf0 && b <= 0xf4 ? 4 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xc2 && b <= 0xdf ? 2 : 1;
    return need > back;
  }
  return false;
}

/**
 * The length of the UTF-8 byte order mark `bytes` start with: 3, or 0 when there is none. .NET's UTF-8 writer and
 * PowerShell's put one before what they send; it is no part of it.
 */
export function utf8BomLength(bytes: Uint8Array): 0 | 3 {
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
}
