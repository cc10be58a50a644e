// What "TCP Chat: Join a Room" offers (pure: no vscode): a first row for a new room of the name being typed, then the
// server's rooms you are not in (most people first) and the ones you are in (it switches to them), each row kept at
// the place it was first shown for as long as the picker is open.

import { normalizeRoom } from '../protocol/names';
import { noIcons } from './notificationText';
import { preview } from './preview';
import type { ListedRoom } from '../protocol/messages';

export interface RoomPick {
  /** What the picker shows and filters on. */
  label: string;
  description?: string;
  detail?: string;
  /** Shown whatever is typed (the new room of the name typed, or why the name cannot be one). */
  alwaysShow?: boolean;
  /** The room to go to (normalized); '' on the first row when what is typed is no new room's name. */
  room: string;
  /** You are in it already: the panel switches to it. */
  joined: boolean;
  /** The first row: a new room of the name typed. */
  newRoom?: true;
}

/** The most of a topic a pick shows (a topic may be 4,096 characters). */
const TOPIC_SHOWN = 120;

const people = (n: number) => (n === 1 ? '1 person' : `${n.toLocaleString('en-US')} people`);

/** Only valid room names are offered: a hostile server's are not shown. */
const validListed = (r: ListedRoom) => normalizeRoom(r.name) === r.name;

/**
 * The first row, for what is `typed`: a new room of that name; why it cannot be one; nothing to show (a room of that
 * name is listed: its row, with no label to match, is filtered out); or, with nothing typed, that a name makes one.
 */
function newRoomRow(known: ReadonlySet<string>, typed: string): RoomPick {
  const blank = typed.trim() === '';
  const name = blank ? null : normalizeRoom(typed);
  const row = { room: '', joined: false, newRoom: true } as const;
  if (blank) return { ...row, label: '$(add) New room', description: 'type its name' };
  if (name === null) return { ...row, label: `$(warning) "${noIcons(preview(typed.trim(), 40))}" is not a room's name`, description: 'letters, digits, _ - . up to 32', alwaysShow: true };
  if (known.has(name)) return { ...row, label: '' };
  return { ...row, label: `$(add) Create #${name}`, description: 'a new room: you are its first member', alwaysShow: true, room: name };
}

/**
 * The rows of Join a Room's picker while it is open. VS Code tells the extension which row was picked by its index
 * in the items the window shows, read against the items the extension holds: items set again (for each key typed,
 * for each list that comes) while a click or Enter is on its way would make a row that moved another room. So every
 * row keeps its index: the new room's first, then each room where it was first shown (a room that came later goes
 * after; one no longer listed stays, with no one in it: picking it makes it again).
 */
export class RoomPicker {
  /** The server's rooms as last listed; undefined until an answer came. */
  #listed: ListedRoom[] | undefined;
  #answered = false;
  /** The rooms' names in the order their rows were first shown. */
  readonly #order: string[] = [];
  /** Each room's row as last listed (a room no longer listed keeps its place with no one in it). */
  readonly #rooms = new Map<string, ListedRoom>();

  /** The server's list came (undefined: no answer, or the room went away: only the rooms you are in are known). */
  listed(rooms: readonly ListedRoom[] | undefined, joined: readonly string[]): void {
    this.#answered = true;
    this.#listed = rooms?.filter(validListed);
    for (const [name, r] of this.#rooms) this.#rooms.set(name, { ...r, members: 0 });
    for (const r of this.#listed ?? []) this.#rooms.set(r.name, r);
    this.#placeNew(joined);
  }

  /** The picker's items, by index, for the rooms you are in (`joined`) and what is `typed`. */
  rows(joined: readonly string[], typed: string): RoomPick[] {
    this.#placeNew(joined);
    return [newRoomRow(new Set([...this.#order, ...joined]), typed), ...this.#order.map((name) => this.#pick(name, joined))];
  }

  /**
   * The room Enter takes: the pick selected, but for the first row (it may be of the name as it was a key ago: Enter
   * came before the rows for the last keys typed) or none selected, when the name typed decides (a room of that
   * name, or a new one); none for a name no room can have, or nothing typed.
   */
  accepted(selected: RoomPick | undefined, joined: readonly string[], typed: string): RoomPick | undefined {
    if (selected && selected.newRoom !== true) return selected;
    const name = typed.trim() === '' ? null : normalizeRoom(typed);
    if (name === null) return undefined;
    // (before the list came, a room you are in has no row yet)
    return this.rows(joined, typed).find((p) => p.room === name) ?? (joined.includes(name) ? this.#pick(name, joined) : undefined);
  }

  /** Rooms not shown yet go after the rest: the list's (not yours first, most people first), then yours. */
  #placeNew(joined: readonly string[]): void {
    // (before any answer, no room is shown: the list's order is not known yet)
    if (!this.#answered) return;
    for (const name of joined) if (!this.#rooms.has(name) && normalizeRoom(name) === name) this.#rooms.set(name, { name, topic: '', members: 0 });
    if (this.#order.length === this.#rooms.size) return;
    const placed = new Set(this.#order);
    const fresh = [...this.#rooms.values()].filter((r) => !placed.has(r.name));
    const isIn = (r: ListedRoom) => joined.includes(r.name);
    fresh.sort((a, b) => Number(isIn(a)) - Number(isIn(b)) || (isIn(a) ? 0 : b.members - a.members || a.name.localeCompare(b.name)));
    this.#order.push(...fresh.map((r) => r.name));
  }

  #pick(name: string, joined: readonly string[]): RoomPick {
    const r = this.#rooms.get(name) ?? { name, topic: '', members: 0 };
    const isIn = joined.includes(name);
    const about = [...(isIn ? ['you are in it'] : []), ...(this.#listed && (!isIn || r.members > 0) ? [people(r.members)] : [])];
    // (one line, cut, without the controls a picker cannot show: as a notification shows a message)
    const topic = preview(r.topic, TOPIC_SHOWN);
    return {
      label: `#${name}`, room: name, joined: isIn,
      ...(about.length ? { description: about.join(' · ') } : {}),
      // (no icons of the server's: a topic of `$(pass) verified` would draw one)
      ...(topic ? { detail: noIcons(topic) } : {}),
    };
  }
}
