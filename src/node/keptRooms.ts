// What a client keeps of the rooms it is in: each room's members, topic and latest events within what it keeps
// (`keepPerRoom` events and ROOM_KEEP_UNITS of text, the oldest going first), what was said in its earlier epochs,
// and each room event applied once, in order. Whatever a server sends, it holds no more than that.

import type { Member, RoomEvent, RoomState } from '../protocol/messages';
import { changedMessage } from '../protocol/messageChanges';
import { MAX_REACTORS, renamedReactions } from '../protocol/reactions';
import { cutWithEllipsis } from '../protocol/cutAt';

/** Rooms a client keeps at most (a server gives 20 by default), and members a room's list keeps (1,000 by default). */
export const MAX_ROOMS = 50;
export const MAX_MEMBERS = 10_000;
/** The text a room's kept events may hold together, in UTF-16 units: past it the oldest go (whatever `keepPerRoom`). */
const ROOM_KEEP_UNITS = 1 << 20;

/** The text an event holds, its reactions' names included (for ROOM_KEEP_UNITS). */
const unitsOf = (e: RoomEvent): number =>
  (e.type === 'message' || e.type === 'edit' ? e.text.length : 0) + (e.type === 'message' || e.type === 'react' ? (e.reactions ?? []).reduce((n, r) => r.by.reduce((m, b) => m + b.length, n), 0) : 0);

/** Kinds of emoji under one message a client keeps (the server takes REACTIONS, six), each with MAX_REACTORS names. */
const MAX_REACTION_KINDS = 8;

/**
 * A rename moves the renamed one's reactions in this many newest events (older ones keep the old name until
 * their next `react`): a rename costs the same however much a room keeps, which a server could make huge.
 */
const RENAME_REACTIONS_WITHIN = 200;

/**
 * How many of the oldest of `events` go so that at most `keep` stay and what they hold is within ROOM_KEEP_UNITS
 * (`units`: what all of them hold), at least `minKept` staying; and what those left hold.
 */
function oldestOver(events: readonly RoomEvent[], units: number, keep: number, minKept: number): { drop: number; units: number } {
  let drop = 0;
  while (drop < events.length - minKept && (events.length - drop > keep || units > ROOM_KEEP_UNITS)) units -= unitsOf(events[drop++]!);
  return { drop, units };
}

/** `e` with no more reactions than a server of ours sends (a hostile one could send thousands of names a message). */
function withinReactionLimits<T extends RoomEvent>(e: T): T {
  if ((e.type !== 'message' && e.type !== 'react') || !e.reactions) return e;
  const over = e.reactions.length > MAX_REACTION_KINDS || e.reactions.some((r) => r.by.length > MAX_REACTORS);
  return over ? { ...e, reactions: e.reactions.slice(0, MAX_REACTION_KINDS).map((r) => ({ emoji: r.emoji, by: r.by.slice(0, MAX_REACTORS) })) } : e;
}

export interface ClientRoom {
  name: string;
  epoch: string;
  topic: string;
  members: Member[];
  /** The last seq applied; events at or below it are duplicates. */
  seq: number;
  events: RoomEvent[];
  /** True once the history replay for the latest (re)join has arrived. */
  synced: boolean;
  /** Events of this epoch the client had and let go, the oldest, past what it keeps (Save Conversation says so). */
  dropped?: number;
  /**
   * What was said in this room before its host started it anew (closed it and hosted it again: another epoch),
   * oldest first, one entry per earlier epoch: kept to read, never resumed (its numbers start over).
   */
  earlier: EarlierRoom[];
  /** Entered as another epoch of a room it was in (its host started it anew), until its `synced`. */
  startedAnew?: boolean;
  /**
   * Entered again after a reconnect, the same epoch, from where it was synced, until its `synced`: what that
   * replay brings the client never had (it drops what it had), so it is news, as a live event is.
   */
  resumed?: boolean;
}

/** The events of an earlier epoch of a room (see ClientRoom.earlier). */
export interface EarlierRoom {
  epoch: string;
  events: RoomEvent[];
}

/** `m` with its text cut to `maxText` (the `…` that marks it included; never in the middle of an emoji), or `m` itself when it fits. */
export function withinMaxText<T extends { text: string }>(m: T, maxText: number): T {
  return m.text.length > maxText ? { ...m, text: cutWithEllipsis(m.text, maxText) } : m;
}

/** The rooms a client is in, by name (see the top of this file). */
export class KeptRooms extends Map<string, ClientRoom> {
  /** Events kept per room (`keepPerRoom`). */
  readonly #keep: number;
  /** Per room, its earlier epochs an earlier client kept (before a window reload): a room entered has them to read. */
  readonly #before: Readonly<Record<string, EarlierRoom[]>> | undefined;
  /** The seq each room's state (a welcome's, a `room`'s) was sent at: its members and topic are as after it. */
  readonly #stateAt = new WeakMap<ClientRoom, number>();
  /** The text each room's kept events hold (see ROOM_KEEP_UNITS). */
  readonly #roomUnits = new WeakMap<ClientRoom, number>();

  constructor(keep: number, before?: Readonly<Record<string, EarlierRoom[]>>) {
    super();
    this.#keep = keep;
    this.#before = before;
  }

  /** The seq room `r`'s members and topic are as after (its state's; events up to it change them no more). */
  stateSeqOf(r: ClientRoom): number {
    return this.#stateAt.get(r) ?? 0;
  }

  /** Takes a room's state; true when it is a room this client was in, started anew by its host (another epoch). */
  upsert(state: RoomState): boolean {
    if (state.members.length > MAX_MEMBERS) state.members = state.members.slice(0, MAX_MEMBERS);
    const known = this.get(state.name);
    if (known && known.epoch === state.epoch) {
      known.topic = state.topic;
      known.members = state.members;
      this.#stateAt.set(known, state.seq);
      // (a reconnect during its first replay resumes history still, not news)
      known.resumed = known.synced || known.resumed === true;
      known.synced = false;
      return false;
    }
    // a new room, or the same name created anew (its seq starts over): its events so far belonged to another
    // room, and its numbers will come again: they move to `earlier`, to read (the panel, drawn from `events`
    // after a reload, would take new events for old ones)
    // (an epoch it had before comes back with its own history, replayed: not twice)
    // (entered for the first time: what an earlier client, before a window reload, kept of its earlier epochs)
    const before = known ? [...known.earlier, { epoch: known.epoch, events: known.events }] : (this.#before && Object.hasOwn(this.#before, state.name) ? (this.#before[state.name] ?? []) : []);
    const earlier = this.#keptEarlier(before.filter((r) => r.epoch !== state.epoch));
    const room: ClientRoom = { name: state.name, epoch: state.epoch, topic: state.topic, members: state.members, seq: 0, events: [], synced: false, earlier, ...(known ? { startedAnew: true } : {}) };
    this.set(state.name, room);
    this.#stateAt.set(room, state.seq);
    return known !== undefined;
  }

  /** `earlier` without its empty epochs, and within what a room keeps (`keep` events, ROOM_KEEP_UNITS): oldest go first. */
  #keptEarlier(earlier: EarlierRoom[]): EarlierRoom[] {
    const all = earlier.flatMap((r) => r.events.map((e) => ({ epoch: r.epoch, e })));
    const events = all.map((x) => x.e);
    const { drop } = oldestOver(events, events.reduce((n, e) => n + unitsOf(e), 0), this.#keep, 0);
    const kept: EarlierRoom[] = [];
    for (const { epoch, e } of all.slice(drop)) {
      const last = kept[kept.length - 1];
      if (last?.epoch === epoch) last.events.push(e);
      else kept.push({ epoch, events: [e] });
    }
    return kept;
  }

  /**
   * Applies a room event once: the event as kept (its text cut at `maxText`, the room's), undefined for a duplicate
   * (seq already seen) or a room this client is not in. `me`: this client's nickname (kicked, it has no members left).
   */
  apply(e: RoomEvent, maxText: number, me: string): RoomEvent | undefined {
    const room = this.get(e.room);
    if (!room || e.seq <= room.seq) return undefined;
    room.seq = e.seq;
    // a text longer than the room said it takes is cut there (no server of ours sends one: a hostile one could
    // fill the window's memory with megabytes a message)
    if (e.type === 'message' || e.type === 'edit') e = withinMaxText(e, maxText);
    e = withinReactionLimits(e);
    room.events.push(e);
    // (a running count; edits and deletes change kept texts in place, so past the budget it is counted again)
    let units = (this.#roomUnits.get(room) ?? 0) + unitsOf(e);
    if (units > ROOM_KEEP_UNITS) units = room.events.reduce((n, x) => n + unitsOf(x), 0);
    const over = oldestOver(room.events, units, this.#keep, 1);
    if (over.drop > 0) {
      room.events.splice(0, over.drop);
      room.dropped = (room.dropped ?? 0) + over.drop;
    }
    this.#roomUnits.set(room, over.units);
    const members = room.members;
    // (the members and topic a room's state came with are those after its event `seq`: the replay's events up to
    // it are in them already; applied again, a rename then a newcomer of the old name made two of the new one)
    const live = e.seq > (this.#stateAt.get(room) ?? 0);
    switch (e.type) {
      case 'join':
        if (!live) break;
        if (members.length < MAX_MEMBERS && !members.some((m) => m.nick === e.nick)) members.push({ nick: e.nick, role: e.role });
        break;
      case 'leave':
      case 'kick':
        if (!live) break;
        room.members = members.filter((m) => m.nick !== e.nick);
        if (e.nick === me && e.type === 'kick') room.members = [];
        break;
      case 'nick':
        if (live && e.from !== e.to) {
          // (one name, one member, as a join keeps it: a hostile server's rename to a name that is in already made
          // two of it, and the next leave of that name took both)
          room.members = members.filter((m) => m.nick !== e.to);
          for (const m of room.members) if (m.nick === e.from) m.nick = e.to;
        }
        // its reactions as the server renamed them (it sends no `react` for that), in the newest events
        for (let i = Math.max(0, room.events.length - RENAME_REACTIONS_WITHIN); i < room.events.length; i++) {
          const m = room.events[i]!;
          const renamed = m.type === 'message' ? renamedReactions(m.reactions, e.from, e.to) : null;
          if (m.type === 'message' && renamed) room.events[i] = { ...m, reactions: renamed };
        }
        break;
      case 'role':
        if (live) for (const m of members) if (m.nick === e.nick) m.role = e.role;
        break;
      case 'topic':
        if (live) room.topic = e.topic;
        break;
      case 'edit':
      case 'delete':
      case 'react': {
        // the message as it is now, in place (a copy: the old object may be held elsewhere)
        let i = room.events.length - 1;
        while (i >= 0 && room.events[i]!.seq > e.target) i--;
        const m = room.events[i];
        if (m?.type === 'message' && m.seq === e.target) {
          const changed = changedMessage(m, e);
          room.events[i] = changed;
          // (what it holds now counts: a message grown in place, by reactions or an edit, would drift the count off)
          this.#roomUnits.set(room, (this.#roomUnits.get(room) ?? 0) - unitsOf(m) + unitsOf(changed));
        }
        break;
      }
    }
    return e;
  }
}
