// What "TCP Chat: Join a Room" offers (pure: no vscode): the server's rooms you are not in (most people first), then
// the ones you are in (it switches to them), and a new room of the name being typed when no room has it.

import { normalizeRoom } from '../protocol/names';
import { noIcons } from './notificationText';
import { preview } from './preview';
import type { ListedRoom } from '../protocol/messages';

export interface RoomPick {
  /** What the picker shows and filters on. */
  label: string;
  description?: string;
  detail?: string;
  /** Always shown, whatever is typed (the new room of the typed name: its label is not what is typed). */
  alwaysShow?: boolean;
  /** The room to go to (normalized). */
  room: string;
  /** You are in it already: the panel switches to it. */
  joined: boolean;
}

/** The most of a topic a pick shows (a topic may be 4,096 characters). */
const TOPIC_SHOWN = 120;

/**
 * The picks for the server's `listed` rooms (undefined: not known yet), those you are in (`joined`), and what is
 * `typed` in the picker. Only valid room names are offered: a hostile server's are not shown.
 */
export function roomPicks(listed: readonly ListedRoom[] | undefined, joined: readonly string[], typed: string): RoomPick[] {
  const valid = (r: ListedRoom) => normalizeRoom(r.name) === r.name;
  const rooms = (listed ?? []).filter(valid);
  const known = new Map(rooms.map((r) => [r.name, r]));
  for (const name of joined) if (!known.has(name) && normalizeRoom(name) === name) known.set(name, { name, topic: '', members: 0 });
  const people = (n: number) => (n === 1 ? '1 person' : `${n.toLocaleString('en-US')} people`);
  const pick = (r: ListedRoom): RoomPick => {
    const isIn = joined.includes(r.name);
    const about = [...(isIn ? ['you are in it'] : []), ...(listed && (!isIn || r.members > 0) ? [people(r.members)] : [])];
    // (one line, cut, without the controls a picker cannot show: as a notification shows a message)
    const topic = preview(r.topic, TOPIC_SHOWN);
    return {
      label: `#${r.name}`, room: r.name, joined: isIn,
      ...(about.length ? { description: about.join(' · ') } : {}),
      // (no icons of the server's: a topic of `$(pass) verified` would draw one)
      ...(topic ? { detail: noIcons(topic) } : {}),
    };
  };
  const all = [...known.values()];
  const out = [
    ...all.filter((r) => !joined.includes(r.name)).sort((a, b) => b.members - a.members || a.name.localeCompare(b.name)).map(pick),
    ...all.filter((r) => joined.includes(r.name)).map(pick),
  ];
  const name = typed.trim() === '' ? null : normalizeRoom(typed);
  if (name !== null && !known.has(name)) out.unshift({ label: `$(add) Create #${name}`, description: 'a new room: you are its first member', alwaysShow: true, room: name, joined: false });
  return out;
}

/**
 * The room Enter takes in the picker: the pick it selected, unless that is none or a new room of another name than
 * `typed` (Enter came before the picks for the last keys typed: the picker had none selected, or still showed the
 * new room of the name as it was a key ago, always shown); then the pick of the name typed (a room of that name, or
 * a new one), none for a name no room can have.
 */
export function acceptedPick(selected: RoomPick | undefined, listed: readonly ListedRoom[] | undefined, joined: readonly string[], typed: string): RoomPick | undefined {
  const name = typed.trim() === '' ? null : normalizeRoom(typed);
  if (selected && !(selected.alwaysShow === true && selected.room !== name)) return selected;
  return name === null ? undefined : roomPicks(listed, joined, typed).find((p) => p.room === name);
}
