// Room names as a plain client that reads ASCII only (the tutorial's) is shown them, by the rule of its nicknames
// (asciiNick): `#café` as `#cafe`, and a room of another alphabet, `#сосо` in Cyrillic, as `#xn--` and its Punycode.
// Transliterated, it was `#????`: no name it could read, nor type back to join the room.

import { punycode } from './asciiNick';
import { isPunycodeForm, normalizeRoom, PUNYCODE_PREFIX, roomReading } from './names';
import { toAscii } from './text';

/**
 * Room `name` (as normalizeRoom makes it) for an ASCII reader: as it is in ASCII, its ASCII form (accents off:
 * `café` is `cafe`) when that is a room name that reads as it (no other room can have it), else `xn--` and its
 * Punycode. The server takes either back for the room (chatServer's #roomNamed).
 */
export function asciiRoom(name: string): string {
  const ascii = toAscii(name);
  if (ascii === name) return name; // (ASCII already)
  return normalizeRoom(ascii) === ascii && !isPunycodeForm(ascii) && roomReading(ascii) === roomReading(name) ? ascii : PUNYCODE_PREFIX + punycode(name);
}

/**
 * A server message with every room name in it (`room`, a room state's `name`, a list's) as an ASCII reader is shown
 * it: `msg` itself when that is every one of them (a wording made of it serves that reader too).
 */
export function withAsciiRooms<T extends object>(msg: T): T {
  const fields = msg as Record<string, unknown>;
  const changed: Record<string, unknown> = {};
  const key = fields.type === 'room' ? 'name' : 'room';
  const name = fields[key];
  if (typeof name === 'string' && asciiRoom(name) !== name) changed[key] = asciiRoom(name);
  const rooms = fields.type === 'rooms' ? fields.rooms : undefined;
  if (Array.isArray(rooms) && (rooms as { name: string }[]).some((r) => asciiRoom(r.name) !== r.name)) {
    changed.rooms = (rooms as { name: string }[]).map((r) => ({ ...r, name: asciiRoom(r.name) }));
  }
  return Object.keys(changed).length === 0 ? msg : ({ ...msg, ...changed } as T);
}
