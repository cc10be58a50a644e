// What a bench message looks like on the wire, and the checks the load generator makes on every delivery.
//
// Every bench message text is a stamp: `b <run> <sender> <seq> <sendTimeNs> <PAD>`, sent by the client
// called `c<sender>`. usualLine() checks a received line in the shape its server usually gives it, on the
// bytes, with a few word compares and no search or decoding (the generator reads millions of lines a second
// on the same cores as the server it measures: decoding each one as text cost it twice as much). A line it
// does not accept is decoded and takes the general path in worker.mjs (Client.line), which gives the same
// verdict for the lines usualLine() accepts and also names every other line: corrupted, or something else.

export const PAD = 'abcdefghijklmnopqrstuvwxyz012345';

/** The numbers of the last stamp parsed: run, sender, seq, send time (ns). */
export const stamp = [0, 0, 0, 0];

/** A constant's bytes, and its first bytes as little-endian 32-bit words. */
function bytesOf(text) {
  const b = Buffer.from(text, 'latin1');
  const dv = new DataView(b.buffer, b.byteOffset, b.length);
  return { b, words: Uint32Array.from({ length: b.length >> 2 }, (_, k) => dv.getUint32(4 * k, true)) };
}
const RICH_HEAD = bytesOf('{"type":"message","from":"');
const RICH_TEXT = bytesOf('","text":"');
const IRC_CMD = bytesOf(' PRIVMSG #bench :');
const PAD_BYTES = bytesOf(PAD);

/** True when buf[at, at + c.b.length) holds the bytes of c (dv: a DataView on buf). */
function bytesAre(buf, dv, at, c) {
  const n = c.b.length;
  if (at + n > buf.length) return false;
  const w = c.words;
  for (let k = 0; k < w.length; k++) if (dv.getUint32(at + 4 * k, true) !== w[k]) return false;
  for (let k = w.length * 4; k < n; k++) if (buf[at + k] !== c.b[k]) return false;
  return true;
}

/** The bytes at buf[i] are a bench nick (`c<number>`, no leading zero) followed by `stop`: where `stop` is, else -1. */
function nickEndAt(buf, i, end, stop) {
  if (buf[i] !== 99) return -1; // c
  const lim = Math.min(end, i + 8);
  for (let k = i + 1; k < lim; k++) {
    const c = buf[k];
    if (c === stop) return k > i + 1 ? k : -1;
    if (c < 48 || c > 57 || (c === 48 && k === i + 1 && buf[k + 1] !== stop)) return -1;
  }
  return -1;
}

/** The number of the nick in buf[i + 1, e) (the digits after the c). */
function nickNumber(buf, i, e) {
  let v = 0;
  for (let k = i + 1; k < e; k++) v = v * 10 + buf[k] - 48;
  return v;
}

/** Parse a stamp from the bytes at buf[i] (not past end) into `stamp`: where it ends, or -1. */
function stampEndAt(buf, dv, i, end) {
  if (buf[i] !== 98 || buf[i + 1] !== 32) return -1;
  i += 2;
  for (let k = 0; k < 4; k++) {
    let v = 0;
    const from = i;
    let c;
    while (i < end && (c = buf[i]) >= 48 && c <= 57) { v = v * 10 + (c - 48); i++; }
    if (i === from || i - from > 16 || buf[i] !== 32) return -1;
    stamp[k] = v;
    i++;
  }
  return end - i >= PAD.length && bytesAre(buf, dv, i, PAD_BYTES) ? i + PAD.length : -1;
}

/**
 * Parse `b <run> <sender> <seq> <ns> <PAD>` in the text line[i, end) (latin1: one char per byte, as the
 * generator decodes what it reads) into `stamp`; false if it is not exactly that. The general path's
 * check: it takes the same parser as the bytes.
 */
export function parseStamp(line, i, end) {
  const b = Buffer.from(line.slice(i, end), 'latin1');
  return stampEndAt(b, new DataView(b.buffer, b.byteOffset, b.length), 0, b.length) === b.length;
}

/**
 * The line buf[start, end) (bytes, without its line end; dv a DataView on buf) is a bench message in the
 * shape `proto`'s server gives it: `{"type":"message","from":"c1","text":"<stamp>",...}` (rich),
 * `:c1!... PRIVMSG #bench :<stamp>` (irc), `c1: <stamp>` (plain, seed, echo). Returns the number of the
 * nick it came from, with the stamp parsed into `stamp`; or -1, and the line takes the general path.
 */
export function usualLine(proto, buf, dv, start, end) {
  let nickAt;
  let nickEnd;
  if (proto === 'rich') {
    if (!bytesAre(buf, dv, start, RICH_HEAD)) return -1;
    nickAt = start + RICH_HEAD.b.length;
    nickEnd = nickEndAt(buf, nickAt, end, 34); // "
    if (nickEnd === -1 || !bytesAre(buf, dv, nickEnd, RICH_TEXT)) return -1;
    const j = stampEndAt(buf, dv, nickEnd + RICH_TEXT.b.length, end);
    if (j === -1 || j >= end || buf[j] !== 34) return -1; // the text ends with the stamp
  } else if (proto === 'irc') {
    if (buf[start] !== 58) return -1; // :
    nickAt = start + 1;
    nickEnd = nickEndAt(buf, nickAt, end, 33); // !
    if (nickEnd === -1) return -1;
    const i = buf.indexOf(IRC_CMD.b, nickEnd);
    if (i === -1 || i + IRC_CMD.b.length > end || stampEndAt(buf, dv, i + IRC_CMD.b.length, end) !== end) return -1;
  } else {
    nickAt = start;
    nickEnd = nickEndAt(buf, start, end, 58); // :
    if (nickEnd === -1 || buf[nickEnd + 1] !== 32 || stampEndAt(buf, dv, nickEnd + 2, end) !== end) return -1;
  }
  return nickNumber(buf, nickAt, nickEnd);
}
