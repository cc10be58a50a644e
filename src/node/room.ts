// A room: its members, topic, and its recent events with their sequence numbers (RoomHistory).

import { randomBytes } from 'node:crypto';
import type { Member, MessageEvent, RoomEvent, RoomState } from '../protocol/messages';
import { nickKey } from '../protocol/names';
import { renamedReactions } from '../protocol/reactions';
import { MemberListJson } from './memberListJson';
import { Outbound } from './outbound';
import type { Budgeted, HistoryBudget } from './historyBudget';
import { RoomHistory } from './roomHistory';
import type { WelcomeRoom } from './welcomeLine';

/** A room event before the room gives it its seq, time and name. */
export type NewEvent = { [K in RoomEvent['type']]: Omit<Extract<RoomEvent, { type: K }>, 'seq' | 'time' | 'room'> }[RoomEvent['type']];

export interface RoomMember {
  nick: string;
  role: Member['role'];
  /** Its seat is held while its connection is gone (see ChatServer's held seats). */
  away?: boolean;
}

/** What a room's history persists as (issue: host restart keeps history). */
export interface RoomSnapshot {
  name: string;
  epoch: string;
  topic: string;
  seq: number;
  events: RoomEvent[];
  /** Who wrote the messages in `events`, deleted ones too: [seq, author] (see `Room.record`). */
  authors?: [number, string][];
  /** Who put each reaction under a message of `events`: [seq, emoji, nickname shown, author] (see `Room.reacted`). */
  reactors?: [number, string, string, string][];
  /** The largest seq that had left history (messages and other events leave it apart): a resume from before it has a gap. */
  dropped?: number;
}

export class Room<M extends RoomMember = RoomMember> implements Budgeted {
  readonly members = new Set<M>();
  topic = '';
  seq = 0;
  /** When its last event was recorded (ms since the epoch; 0: none yet): how long it has been idle. */
  lastEventAt = 0;
  readonly epoch: string;
  readonly #kept: RoomHistory;
  /** The author of each message in history (a session token, or a connection's key): who may edit it. */
  readonly #authors = new Map<number, string>();
  /** The authors of the deleted messages history still holds: `/edit` then says the last was deleted (lastDeletedBy). */
  readonly #deletedAuthors = new Map<number, string>();
  /**
   * Who put each reaction under a message history holds (a session token, as `#authors`): per message, by
   * `emoji` and the nickname shown under it. A reaction is shown by nickname, and a nickname passes on: whoever
   * took a departed member's name could take their reactions off.
   */
  readonly #reactors = new Map<number, Map<string, string>>();
  readonly #memberList = new MemberListJson();
  readonly #historyLength: number;
  /** Called after every recorded event (history persistence listens). */
  readonly #onChange: (() => void) | undefined;
  /** What the server's rooms' histories may hold together (countIn()). */
  #budget: HistoryBudget | undefined;

  constructor(
    readonly name: string,
    historyLength: number,
    epoch?: string,
    onChange?: () => void,
  ) {
    this.#historyLength = historyLength;
    this.#onChange = onChange;
    this.epoch = epoch ?? randomBytes(6).toString('hex');
    this.#kept = new RoomHistory(historyLength);
  }

  /**
   * Records an event: gives it the next seq and the server time, keeps it in history, returns it ready to send.
   * `author`: who wrote a message (the only one who may edit it later).
   */
  record(event: NewEvent, author?: string): Outbound {
    // not `{ ...event, room, ... }`: V8 (Node 20) takes ~4 µs to add properties to a spread copy, 0.2 µs here
    const full = Object.assign({}, event, { room: this.name, seq: ++this.seq, time: Date.now() }) as RoomEvent;
    const out = new Outbound(full);
    this.lastEventAt = full.time;
    // (before it is kept: what pushes it out of history, the history budget too, takes its author with it)
    if (author !== undefined && this.#historyLength > 0) this.#authors.set(full.seq, author);
    this.#keep(out);
    this.#onChange?.();
    return out;
  }

  #keep(out: Outbound): void {
    const before = this.#kept.units;
    const gone = this.#kept.keep(out);
    if (gone) this.#forgetAuthor(gone.seq); // it leaves history
    this.#budget?.changed(this.#kept.units - before);
  }

  /** Its history counts in `budget` from now on (what it holds already too). */
  countIn(budget: HistoryBudget): void {
    this.#budget = budget;
    budget.add(this);
  }

  /** What its history holds, as a history budget counts. */
  get units(): number {
    return this.#kept.units;
  }

  /** Drops the oldest event history holds (the server's history budget is spent); false when it holds none. */
  dropOldest(): boolean {
    const gone = this.#kept.dropOldest();
    if (gone) this.#forgetAuthor(gone.seq);
    return gone !== undefined;
  }

  #forgetAuthor(seq: number): void {
    this.#authors.delete(seq);
    this.#deletedAuthors.delete(seq);
    this.#reactors.delete(seq);
  }

  /** `author` put `emoji` under message `seq` as `nick` (`on`), or took it off. */
  reacted(seq: number, emoji: string, nick: string, author: string, on: boolean): void {
    if (!this.#kept.message(seq)) return;
    const key = reactorKey(emoji, nick);
    const under = this.#reactors.get(seq) ?? new Map<string, string>();
    if (on) under.set(key, author);
    else under.delete(key);
    if (under.size > 0) this.#reactors.set(seq, under);
    else this.#reactors.delete(seq);
  }

  /** Who put `emoji` under message `seq` as `nick`, where known (a reaction from before this was kept is not). */
  reactorOf(seq: number, emoji: string, nick: string): string | undefined {
    return this.#reactors.get(seq)?.get(reactorKey(emoji, nick));
  }

  /**
   * The reactions `author` put under messages as `from` show `to` now (a rename): in the messages history holds
   * (rewritten) and in who put them. One shown as `from` that someone else put there, who had the name before (a
   * departed member), stays under that name, theirs.
   */
  renameReactions(author: string, from: string, to: string): void {
    for (const m of this.messages()) {
      const under = this.#reactors.get(m.seq);
      // (one put there before who put it was kept: taken for the renamer's, as all were)
      const mine = (emoji: string) => (under?.get(reactorKey(emoji, from)) ?? author) === author;
      const reactions = renamedReactions(m.reactions, from, to, mine);
      if (!reactions) continue;
      // (who put them goes with them, where known)
      for (const r of m.reactions ?? []) {
        if (r.by.includes(from) && mine(r.emoji) && under?.delete(reactorKey(r.emoji, from))) under.set(reactorKey(r.emoji, to), author);
      }
      this.rewrite({ ...m, reactions });
    }
  }

  /** Message `seq` as history holds it now, if it still does. */
  message(seq: number): MessageEvent | undefined {
    return this.#kept.message(seq);
  }

  /** Who wrote message `seq` (as given to `record`), while it is in history and not deleted. */
  authorOf(seq: number): string | undefined {
    return this.#authors.get(seq);
  }

  /** The latest message `author` wrote that history holds and that is not deleted. */
  lastBy(author: string): number | undefined {
    return latestOf(this.#authors, author);
  }

  /** The latest message `author` wrote that history holds deleted. */
  lastDeletedBy(author: string): number | undefined {
    return latestOf(this.#deletedAuthors, author);
  }

  /**
   * The latest message history holds, not deleted, that shows as from `nick` (compared as nicknames are: case
   * and compatibility forms aside): what someone who reads the room means by "nick's last message".
   */
  lastShownFrom(nick: string): number | undefined {
    const key = nickKey(nick);
    let last: number | undefined;
    // one pass over history (a message's author entry goes when it is deleted, so only those can be taken), each
    // name folded once: folding each message's took 0.5 ms a request, which a few members' /delete bob at the rate
    // limit turned into a busy host
    const folded = new Map<string, boolean>();
    for (const o of this.#kept.allMessages()) {
      const e = o.msg as MessageEvent;
      if ((last !== undefined && e.seq <= last) || !this.#authors.has(e.seq)) continue;
      let same = folded.get(e.from);
      if (same === undefined) folded.set(e.from, (same = nickKey(e.from) === key));
      if (same) last = e.seq;
    }
    return last;
  }

  /**
   * Replaces message `seq` in history with what it is now (edited, or deleted: then nobody may edit it, and its
   * text is gone from history, and so from a history file, for good).
   */
  rewrite(now: MessageEvent): void {
    const before = this.#kept.units;
    if (this.#kept.replaceMessage(now) && now.deleted) {
      const author = this.#authors.get(now.seq);
      this.#authors.delete(now.seq);
      if (author !== undefined) this.#deletedAuthors.set(now.seq, author);
      // the edits it had carry texts it once had: they stay in history (a resumed client applies them in order,
      // then the delete), without the text
      this.#kept.forgetEditTexts(now.seq);
    }
    this.#budget?.changed(this.#kept.units - before);
  }

  /** Whether history holds a message, or the room has a topic: something someone may come back to read. */
  get said(): boolean {
    return this.topic !== '' || this.#kept.allMessages().length > 0;
  }

  /** The messages history holds (not the other events), in no particular order. */
  messages(): MessageEvent[] {
    return this.#kept.allMessages().map((o) => o.msg as MessageEvent);
  }

  /** History in seq order. */
  history(): Outbound[] {
    return this.#kept.all();
  }

  /** The events after `seq` that history still holds, and whether history reaches back that far. */
  since(seq: number): { events: Outbound[]; complete: boolean } {
    return this.#kept.since(seq);
  }

  state(): RoomState {
    return {
      name: this.name,
      epoch: this.epoch,
      topic: this.topic,
      members: [...this.members].map((m) => (m.away ? { nick: m.nick, role: m.role, away: true } : { nick: m.nick, role: m.role })),
      seq: this.seq,
    };
  }

  /** `m` is no longer a member (left, parted, was kicked, or its connection was taken over). */
  leave(m: M): void {
    if (this.members.delete(m)) this.#memberList.forget();
  }

  /** The room for a welcome: its state, with the member list as kept JSON bytes. */
  welcomeRoom(): WelcomeRoom {
    return { state: { name: this.name, epoch: this.epoch, topic: this.topic, seq: this.seq }, members: this.#memberList.chunks(this.members) };
  }

  snapshot(): RoomSnapshot {
    const reactors: [number, string, string, string][] = [];
    for (const [seq, under] of this.#reactors) {
      for (const [key, author] of under) {
        const at = key.indexOf(REACTOR_KEY_SEP);
        reactors.push([seq, key.slice(0, at), key.slice(at + 1), author]);
      }
    }
    return { name: this.name, epoch: this.epoch, topic: this.topic, seq: this.seq, events: this.history().map((o) => o.msg as RoomEvent), authors: [...this.#authors, ...this.#deletedAuthors], reactors, dropped: this.#kept.dropped };
  }

  /**
   * A room as a snapshot left it (same epoch, so clients resume across a host restart), numbering on `skip` past
   * its last event: a host that died before its last save had numbered more than the snapshot says.
   */
  static restore<M extends RoomMember>(s: RoomSnapshot, historyLength: number, onChange?: () => void, skip = 0): Room<M> {
    const room = new Room<M>(s.name, historyLength, s.epoch, onChange);
    room.topic = s.topic;
    room.seq = s.seq + skip;
    // what had left history: the file says (`dropped`); a file written before messages and other events were
    // kept apart has one list, and what came before its oldest event is not there
    const oldest = s.events[0]?.seq;
    const dropped = Number.isSafeInteger(s.dropped) ? s.dropped! : oldest === undefined ? s.seq : oldest - 1;
    room.#kept.droppedBefore(Math.min(s.seq, Math.max(0, dropped)));
    // (in seq order, as each ring must be: a file may have been edited)
    for (const e of [...s.events].sort((a, b) => a.seq - b.seq)) {
      room.#keep(new Outbound(e));
      if (Number.isFinite(e.time) && e.time > room.lastEventAt) room.lastEventAt = e.time;
    }
    // (an edit whose message had left history before this build forgot their texts then)
    room.#kept.forgetOrphanEdits();
    // (from a file: checked like the rest of it)
    for (const a of Array.isArray(s.authors) ? s.authors : []) {
      if (!Array.isArray(a) || typeof a[1] !== 'string') continue;
      const m = room.message(Number(a[0]));
      // (a deleted one's author too: its `/edit` after the restart was taken for the message before it)
      if (m) (m.deleted ? room.#deletedAuthors : room.#authors).set(m.seq, a[1]);
    }
    for (const r of Array.isArray(s.reactors) ? s.reactors : []) {
      if (!Array.isArray(r) || typeof r[1] !== 'string' || typeof r[2] !== 'string' || typeof r[3] !== 'string') continue;
      room.reacted(Number(r[0]), r[1], r[2], r[3], true);
    }
    return room;
  }
}

/** What parts a reaction's emoji from the nickname shown in a #reactors key (no emoji nor nickname has it). */
const REACTOR_KEY_SEP = '\n';

/** The key of the reaction `emoji` shown as `nick`, under a message of #reactors. */
function reactorKey(emoji: string, nick: string): string {
  return `${emoji}${REACTOR_KEY_SEP}${nick}`;
}

/** The largest seq `author` has in `bySeq`. */
function latestOf(bySeq: ReadonlyMap<number, string>, author: string): number | undefined {
  let last: number | undefined;
  for (const [seq, a] of bySeq) if (a === author && (last === undefined || seq > last)) last = seq;
  return last;
}
