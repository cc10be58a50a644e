// What completes the end of a line being typed, for every client: a slash command at the start of the line, a
// nickname after `@` or as the first argument of /msg, /kick, /op, /delete..., and a room's name after /join (a
// room you are in, or one the server's list had), /part and /who (one you are in). The panel lists them under its
// composer; the terminal completes them on Tab. Pure: no Node, no DOM.

import { normalizeRoom } from './names';

export interface Completion {
  kind: 'command' | 'nick' | 'room';
  /** The command's name (no slash), the nickname, or the room's name (no #). */
  name: string;
  /** Replaces the typed text from `from` to its end. */
  insert: string;
  from: number;
}

/** Commands whose first argument is a nickname. */
const NICK_ARG = /^\/(msg|m|dm|query|kick|ban|op|deop|delete)\s+(@?)([^\s]*)$/i;
/** Commands whose first argument is a room. */
const ROOM_ARG = /^\/(join|j|part|leave|who|names)\s+(#?)([^\s#]*)$/i;
/** A command of ROOM_ARG's that joins (IRC's short form too): the server's rooms are offered, not only yours. */
const JOINS = new Set(['join', 'j']);

/** The rooms a client knows of. */
export interface KnownRooms {
  /** Those it is in. */
  joined: readonly string[];
  /** Those of the server's latest list (/rooms), if it asked for one. */
  listed: readonly string[];
}

/** A server's room list younger than this serves /join's suggestions; an older one is asked for again (quietly). */
export const ROOM_LIST_FRESH_MS = 10_000;

/** Whether `before` is a /join's room being typed: the server's room list would complete it (asked for quietly). */
export function wantsRoomList(before: string): boolean {
  return JOINS.has(ROOM_ARG.exec(before)?.[1]?.toLowerCase() ?? '');
}

/**
 * The completions of `before` (the text before the caret), in the order of `commands`, of `nicks`, and for /join
 * of the listed rooms you are not in, then of those you are in.
 */
export function completions(before: string, commands: readonly string[], nicks: readonly string[], rooms: KnownRooms = { joined: [], listed: [] }): Completion[] {
  const slash = /^\/([\w?]*)$/.exec(before);
  if (slash) {
    const q = (slash[1] ?? '').toLowerCase();
    return commands.filter((c) => c.startsWith(q)).map((name) => ({ kind: 'command', name, insert: `/${name} `, from: 0 }));
  }
  const room = ROOM_ARG.exec(before);
  if (room) {
    const join = JOINS.has(room[1]?.toLowerCase() ?? '');
    const hash = room[2] ?? '';
    const typed = room[3] ?? '';
    // `/part` and `/who` alone are about the current room: rooms are offered once one is being typed, so that Enter
    // after "/part " leaves this room instead of picking another (as with /delete below)
    if (!join && hash === '' && typed === '') return [];
    // (room names are lower case: what is typed matches whatever its case)
    const q = typed.toLowerCase();
    // (only names that are valid ones: a hostile server's, with escape codes or line breaks, would be typed for you)
    const valid = (r: string) => normalizeRoom(r) === r;
    const names = (join ? [...new Set([...rooms.listed.filter((r) => !rooms.joined.includes(r)), ...rooms.joined])] : rooms.joined).filter(valid);
    const from = before.length - typed.length - hash.length;
    // the # as typed, if a name is (one typed whole without it is then complete: Enter sends "/join dev" rather than
    // picking "#dev"), and the room of exactly that name first (Enter picks #dev, not #devops listed before it)
    const mark = hash !== '' || typed === '' ? '#' : '';
    return typedWholeFirst(names.filter((r) => r.startsWith(q)), (r) => r === q).map((name) => ({ kind: 'room', name, insert: `${mark}${name} `, from }));
  }
  const arg = NICK_ARG.exec(before);
  // `/delete` alone deletes your own last message: names are offered only once one is being typed, so that
  // Enter after "/delete " sends it instead of picking someone's name
  if (arg && arg[1]?.toLowerCase() === 'delete' && arg[2] === '' && arg[3] === '') return [];
  const at = arg ? null : /(^|\s)@([^\s@]*)$/.exec(before);
  const m = arg ? { q: arg[3] ?? '', at: arg[2] ?? '' } : at ? { q: at[2] ?? '', at: '@' } : null;
  if (!m) return [];
  const q = m.q.toLowerCase();
  const from = before.length - m.q.length - m.at.length;
  // (a nickname typed whole first, as a room's: Enter after "/kick al" kicked alice, who joined before al)
  const found = typedWholeFirst(nicks.filter((n) => n.toLowerCase().startsWith(q)), (n) => n.toLowerCase() === q);
  return found.map((name) => ({ kind: 'nick', name, insert: `${m.at}${name} `, from }));
}

/** `found` with the name typed whole (`whole` says which) first: Enter picks it, not a longer one listed before it. */
function typedWholeFirst(found: string[], whole: (name: string) => boolean): string[] {
  const i = found.findIndex(whole);
  if (i > 0) found.unshift(...found.splice(i, 1));
  return found;
}
