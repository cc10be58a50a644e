// Nicknames as a plain client that reads ASCII only (the tutorial's) is shown them. Transliterated, `Борис` and
// `Петро` were both `?????`, one member could pass for another to that reader, and `ͺ` was a blank. A nickname
// whose ASCII form would say less than the nickname is shown as its Punycode (RFC 3492), which says all of it.

import { isPunycodeForm, nickKey, PUNYCODE_PREFIX } from './names';
import { toAscii } from './text';

/**
 * `nick` for an ASCII reader: its ASCII form (accents off: José is Jose) when that is a nickname no other member
 * can have (it has the same key: nickKey folds what toAscii takes off), else `xn--` and its Punycode.
 */
export function asciiNick(nick: string): string {
  const ascii = toAscii(nick);
  if (ascii === nick) return nick; // (ASCII already)
  return /^[\w\-[\]{}|^`.]+$/.test(ascii) && !isPunycodeForm(ascii) && nickKey(ascii) === nickKey(nick) ? ascii : PUNYCODE_PREFIX + punycode(nick);
}

/**
 * A server message with every nickname in it (`from`, `to`, `nick`, `by`, members') as an ASCII reader is shown
 * it: `msg` itself when that is every one of them (so a wording made of it already serves that reader too).
 */
export function withAsciiNicks<T extends object>(msg: T): T {
  const fields = msg as Record<string, unknown>;
  const changed: Record<string, unknown> = {};
  for (const k of ['from', 'to', 'nick', 'by']) {
    const v = fields[k];
    const shown = typeof v === 'string' ? asciiNick(v) : v;
    if (shown !== v) changed[k] = shown;
  }
  const members = fields.members;
  if (Array.isArray(members) && (members as { nick: string }[]).some((m) => asciiNick(m.nick) !== m.nick)) {
    changed.members = (members as { nick: string }[]).map((m) => ({ ...m, nick: asciiNick(m.nick) }));
  }
  return Object.keys(changed).length === 0 ? msg : ({ ...msg, ...changed } as T);
}

const BASE = 36;
const T_MIN = 1;
const T_MAX = 26;
const SKEW = 38;
const DAMP = 700;

function adapt(delta: number, points: number, first: boolean): number {
  let d = first ? Math.floor(delta / DAMP) : delta >> 1;
  d += Math.floor(d / points);
  let k = 0;
  for (; d > ((BASE - T_MIN) * T_MAX) >> 1; k += BASE) d = Math.floor(d / (BASE - T_MIN));
  return k + Math.floor(((BASE - T_MIN + 1) * d) / (d + SKEW));
}

/** A Punycode digit: a-z for 0-25, 0-9 for 26-35. */
function digit(d: number): string {
  return String.fromCharCode(d < 26 ? 97 + d : 22 + d);
}

/** `text` in Punycode (RFC 3492, without the `xn--`): its ASCII characters as they are, then the rest encoded. */
export function punycode(text: string): string {
  const points = Array.from(text, (c) => c.codePointAt(0) ?? 0);
  const basic = points.filter((c) => c < 0x80).map((c) => String.fromCharCode(c)).join('');
  let out = basic.length > 0 ? `${basic}-` : '';
  let n = 0x80;
  let delta = 0;
  let bias = 72;
  let handled = basic.length;
  while (handled < points.length) {
    const next = Math.min(...points.filter((c) => c >= n));
    delta += (next - n) * (handled + 1);
    n = next;
    for (const c of points) {
      if (c < n) delta++;
      if (c !== n) continue;
      let q = delta;
      for (let k = BASE; ; k += BASE) {
        const t = k <= bias ? T_MIN : k >= bias + T_MAX ? T_MAX : k - bias;
        if (q < t) break;
        out += digit(t + ((q - t) % (BASE - t)));
        q = Math.floor((q - t) / (BASE - t));
      }
      out += digit(q);
      bias = adapt(delta, handled + 1, handled === basic.length);
      delta = 0;
      handled++;
    }
    delta++;
    n++;
  }
  return out;
}
