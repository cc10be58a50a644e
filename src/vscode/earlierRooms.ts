// What a member's window keeps of a room from before its host started it anew (the room's earlier epochs), across
// the window's reload: the server has only the new room, and the old client, which kept them, is gone with the
// reload. Saved apart from the session (they change only when a host starts a room anew), bounded, and read
// back only for the same address. Pure: no vscode here.

import type { EarlierRoom } from '../node/keptRooms';
import type { RoomEvent } from '../protocol/messages';
import { validateServerMessage } from '../protocol/validate';
import { isRoomEvent } from '../protocol/roomEvents';

/** What is saved: the room's address, and per room its earlier epochs, oldest first. */
export interface SavedEarlier {
  address: string;
  rooms: Record<string, EarlierRoom[]>;
}

/** Rooms, and events per room (the newest), that are kept at most. */
const MAX_ROOMS = 20;
const MAX_EVENTS = 500;

/** The newest MAX_EVENTS events of `earlier`, in their epochs (an epoch left with none goes). */
function newest(earlier: readonly EarlierRoom[]): EarlierRoom[] {
  let left = MAX_EVENTS;
  const kept: EarlierRoom[] = [];
  for (let i = earlier.length - 1; i >= 0 && left > 0; i--) {
    const r = earlier[i]!;
    const events = r.events.slice(-left);
    left -= events.length;
    if (events.length > 0) kept.unshift({ epoch: r.epoch, events });
  }
  return kept;
}

/** An empty record by room name, without a prototype: a room called __proto__ or constructor is a key like any other. */
function byRoom(): Record<string, EarlierRoom[]> {
  return Object.create(null) as Record<string, EarlierRoom[]>;
}

/** What to save of the rooms of the window's client at `address`; undefined when no room has an earlier epoch. */
export function earlierToSave(address: string, rooms: Iterable<{ name: string; earlier: readonly EarlierRoom[] }>): SavedEarlier | undefined {
  const out = byRoom();
  let n = 0;
  for (const r of rooms) {
    const kept = newest(r.earlier);
    if (kept.length === 0 || n >= MAX_ROOMS) continue;
    out[r.name] = kept;
    n++;
  }
  return n === 0 ? undefined : { address, rooms: out };
}

/**
 * The earlier epochs saved for `address` (none for another room), each event checked as the client checks what a
 * server sends (storage may hold an older version's data, or be edited): what does not pass is left out.
 */
export function parseEarlier(value: unknown, address: string): Record<string, EarlierRoom[]> {
  if (value === null || typeof value !== 'object') return {};
  const v = value as { address?: unknown; rooms?: unknown };
  if (v.address !== address || v.rooms === null || typeof v.rooms !== 'object') return {};
  const out = byRoom();
  for (const [name, epochs] of Object.entries(v.rooms as Record<string, unknown>).slice(0, MAX_ROOMS)) {
    if (!Array.isArray(epochs)) continue;
    const kept: EarlierRoom[] = [];
    for (const r of epochs as unknown[]) {
      const epoch = (r as { epoch?: unknown } | null)?.epoch;
      const events = (r as { events?: unknown } | null)?.events;
      if (typeof epoch !== 'string' || epoch === '' || !Array.isArray(events)) continue;
      const good: RoomEvent[] = [];
      for (const e of events as unknown[]) {
        const m = validateServerMessage(e);
        if (m.ok && isRoomEvent(m.msg) && m.msg.room === name) good.push(m.msg);
      }
      if (good.length > 0) kept.push({ epoch, events: good });
    }
    const bounded = newest(kept);
    if (bounded.length > 0) out[name] = bounded;
  }
  return out;
}

/**
 * What to write of the rooms' earlier epochs, only when it changed since the last write (they change only when a
 * host starts a room anew, and the window saves its session after every message).
 */
export class EarlierSaves {
  #last: string | undefined;

  /** `changed`: write `value` (undefined: nothing to keep). */
  next(address: string, rooms: Iterable<{ name: string; earlier: readonly EarlierRoom[] }>): { changed: boolean; value?: SavedEarlier } {
    const value = earlierToSave(address, rooms);
    const mark = value ? JSON.stringify([address, ...Object.entries(value.rooms).map(([n, rs]) => [n, ...rs.map((r) => [r.epoch, r.events.length, r.events.at(-1)?.time])])]) : '';
    if (mark === this.#last) return { changed: false };
    this.#last = mark;
    return { changed: true, ...(value ? { value } : {}) };
  }

  /** Forgotten (the window left its room): the next one is written whatever it is. */
  reset(): void {
    this.#last = undefined;
  }
}
