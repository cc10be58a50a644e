// The panel's model: rooms (history rows, members, typing, unread) and direct-message conversations.
// No DOM here: main.ts feeds it snapshots and server messages, renderers read it.
import type {
  ConnectionStatus, DmEvent, Member, PanelSnapshot, Role, RoomEvent, RoomsMsg, ServerMessage,
} from '../shared/panelMessages';
import EMOJI from 'markdown-it-emoji/lib/data/full.mjs'; // (the names messages show as their emoji; typed in src/shared/emojiNames.d.ts)
import { emojifyPlain } from '../protocol/emojiCompletion';
import { errorText } from '../protocol/errorText';
import { TOPIC_FIELD_MAX } from '../protocol/limits';
import { maxTopicOf } from '../protocol/topicLength';
import { authorsNewestFirst } from '../protocol/authorsNow';
import { nickAt, sentUnder } from '../protocol/ownDm';
import { mayPassForARowStart } from './rowLookalike';
import { nameRecord } from './nameRecord';
import { retryDue, type RetryDue } from './retryCountdown';

/**
 * Every room event type (the same check as src/protocol/roomEvents.ts, which the webview may not import):
 * a type added to RoomEvent and not here does not compile.
 */
const ROOM_EVENT_TYPES = { message: true, join: true, leave: true, nick: true, topic: true, kick: true, role: true, edit: true, delete: true, react: true } as const satisfies Record<RoomEvent['type'], true>;

function isRoomEvent(msg: ServerMessage): msg is RoomEvent {
  return Object.hasOwn(ROOM_EVENT_TYPES, msg.type);
}

/** A line only this user sees (command output, local errors, "history may be missing"). */
export interface NoticeEntry {
  type: 'notice';
  level: 'info' | 'error';
  text: string;
  time: number;
}
/** A direct message, shown in the conversation with the other person. */
export type DmEntry = DmEvent;
export type Entry = RoomEvent | NoticeEntry | DmEntry;

export interface Row {
  key: string;
  entry: Entry;
  /** True when this message continues the previous row's group (same author, close in time): no header. */
  continued: boolean;
  /** True for the first row of a calendar day (local time): a date line goes above it. */
  dayStart: boolean;
  /**
   * A row of what was said before the room's host started it anew (closed it and hosted it again): to read
   * and quote; its message numbers are not the new room's, so nothing edits, deletes or reacts to it.
   */
  past?: true;
}

/** The local calendar day of a time, as a number that differs between days. */
export function dayOf(ms: number): number {
  const d = new Date(ms);
  return d.getFullYear() * 10000 + d.getMonth() * 100 + d.getDate();
}

/** A conversation: a room (`#name`) or direct messages with one person (`@nick`). */
export interface Conversation {
  id: string;
  kind: 'room' | 'dm';
  /** Room name, or the other person's nick. */
  name: string;
  topic: string;
  members: Member[];
  rows: Row[];
  lastSeq: number;
  epoch?: string;
  /** Entered as a room its host started anew, until its `synced`. */
  startedAnew?: boolean;
  /** The key of the line that says the host started the room anew, until the new room's first event comes. */
  anewLine?: string;
  unread: number;
  /** nick -> time (ms) the typing indicator expires. */
  typing: Map<string, number>;
  /** The key of the first row the user had not seen when they last came to this conversation: "New" goes above it. */
  newFrom?: string;
  /** A direct conversation whose tab the user closed: not shown until the next message in it. */
  hidden?: boolean;
  /**
   * The seq its members and topic are as after (a room's state: a snapshot's, a welcome's, a `room`'s): events up
   * to it, replayed, are in them already (applied again, a rename then a newcomer of the old name made two).
   */
  stateAt?: number;
}

/**
 * Whether event `seq` of room `c` is a replay of one its state already holds (its members and topic are as after
 * `stateAt`: a room's entry, a reconnect or a snapshot replays up to it), not one that just happened.
 */
export const isReplayed = (c: Conversation, seq: number): boolean => seq <= (c.stateAt ?? 0);

export const roomId = (room: string): string => `#${room}`;
export const dmId = (nick: string): string => `@${nick}`;
export const TYPING_MS = 5000;
/** Rows a conversation keeps at most (the extension keeps as many events a room: KEEP_PER_ROOM), cut by TRIM_ROWS at a time. */
export const MAX_ROWS = 20_000;
/** Members a room lists at most (the extension's client keeps as many). */
const MAX_MEMBERS = 10_000;
const TRIM_ROWS = 1_000;
const GROUP_MS = 5 * 60 * 1000;
/** Rows a rename moves reactions in (the client's RENAME_REACTIONS_WITHIN events, which the webview may not import). */
const RENAME_REACTIONS_WITHIN = 200;

let noticeCounter = 0;

function authorOf(e: Entry): string | undefined {
  if (e.type === 'message' && e.kind !== 'action') return e.from;
  if (e.type === 'dm' && e.kind !== 'action') return e.from;
  return undefined;
}

/** The row of `entry` after one of `prev`: whether it starts a day, whether it goes on its author's group. */
/** A row's room event (a message, a rename...), undefined for a notice or a direct message. */
const roomEventOf = (r: Row): RoomEvent | undefined => (r.entry.type === 'notice' || r.entry.type === 'dm' ? undefined : r.entry);

function rowAfter(prev: Entry | undefined, entry: Entry, key: string): Row {
  const a = authorOf(entry);
  const dayStart = prev === undefined || dayOf(prev.time) !== dayOf(entry.time);
  const sameNotice = entry.type === 'notice' && prev?.type === 'notice' && prev.level === entry.level && entry.time - prev.time < 1000;
  const continued = !dayStart && (sameNotice || (a !== undefined && prev !== undefined && authorOf(prev) === a && entry.time - prev.time < GROUP_MS && entry.type === prev.type && !headerNeeded(entry)));
  return { key, entry, continued, dayStart };
}

/** A message that could pass for another row's start without its header gets one (rowLookalike.ts). */
function headerNeeded(e: Entry): boolean {
  return (e.type === 'message' || e.type === 'dm') && e.kind === 'text' && mayPassForARowStart(e.text);
}

/**
 * `rows` (in time order) with a rename's line once: two conversations merged (your partner took the name of
 * another's) each had your own rename's line (#ownRenameInDms).
 */
function withoutRepeatedRenames(rows: Row[]): Row[] {
  const seen = new Set<string>();
  return rows.filter((r) => {
    if (r.entry.type !== 'nick') return true;
    const id = `${r.entry.time} ${r.entry.from} ${r.entry.to}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

/** `rows` (their keys and entries) in this order, each grouped and dated after the one before it: new row objects. */
function regrouped(rows: readonly Row[]): Row[] {
  return rows.map((r, i) => rowAfter(rows[i - 1]?.entry, r.entry, r.key));
}

/** The time of a direct conversation's newest message, or 0 when it has none. */
function lastDmTime(c: Conversation): number {
  let last = 0;
  for (const r of c.rows) if (r.entry.type === 'dm' && r.entry.time > last) last = r.entry.time;
  return last;
}

/**
 * Direct conversations the panel keeps at most: past it the one quiet longest goes (not the one on show). A server
 * sending direct messages from 20,000 names made 20,000 tabs, and every drawing of the panel took seconds.
 */
export const MAX_DM_CONVERSATIONS = 200;

/** When a conversation last had a row (its rows come in time order). */
const lastRowTime = (c: Conversation): number => c.rows.at(-1)?.entry.time ?? 0;

export class ChatState {
  nick = '';
  /** Every nickname this window had in the session, the latest last (the snapshot's `nicks`, then each `you`). */
  #ownNicks: string[] = [];
  /** When each of them became yours, where known (the snapshot's `nickSince`, then each `you` after a rename). */
  #nickSince = new Map<string, number>();
  role: Role = 'member';
  status: ConnectionStatus = 'connecting';
  statusText = '';
  /**
   * The members the rooms show are the last known, not live: the connection dropped (or is not made yet), and the
   * server's lists have not come since (its welcome after the rejoin brings them).
   */
  membersStale = false;
  /** While membersStale: when the members were last live (ms since the epoch), where known. */
  membersAsOf: number | undefined;
  /** The client gave up on a room its host closed: the status banner offers Try Again. */
  canRetry = false;
  /** The room's host closed it and the client is trying to get back in: the banner shows it trying. */
  waiting = false;
  /** The client waits to try again: the banner counts it down (retryCountdown.ts). */
  retry: RetryDue | undefined;
  /** The emoji a message can be reacted with (the extension says which). */
  reactions: string[] = [];
  address = '';
  hosting = false;
  commands: PanelSnapshot['commands'] = [];
  /** The rooms of the server's latest list (/rooms), for /join's suggestions; none asked for yet in this session. */
  listedRooms: RoomsMsg['rooms'] = [];
  /** The longest text the server takes (from the snapshot, then each welcome). */
  maxText = 16 * 1024;
  /** The longest topic the server takes (as maxText; a server that does not say: what a request carries). */
  maxTopic = TOPIC_FIELD_MAX;
  convs = new Map<string, Conversation>();
  active = '';
  /** Per room, the last seq the user saw (restored from vscode.setState). */
  seen: Record<string, number> = nameRecord();
  /** True while the panel is visible and the user can see the active conversation. */
  visible = true;
  /** Direct conversations whose tab was closed: nick -> time of its last message then (restored from vscode.setState). */
  closedDms: Record<string, number> = nameRecord();
  /** Per direct conversation (nick), the time of its last message when the user saw it (restored from vscode.setState). */
  seenDms: Record<string, number> = nameRecord();
  /**
   * The newest direct message the panel had when it last saved its state (restored from vscode.setState): in a
   * snapshot, a conversation with no mark in `seenDms` is unread after it (it began while the window reloaded).
   * Infinity: no saved state, a first load, where everything is history.
   */
  dmsUpTo = Infinity;
  /**
   * Where notices go while no conversation is open (connected after /part of the last room: /help, /rooms,
   * errors). Shown in place of a conversation; not a tab. Cleared when a conversation opens.
   */
  readonly outside: Conversation = { id: '', kind: 'room', name: '', topic: '', members: [], rows: [], lastSeq: 0, unread: 0, typing: new Map() };

  /**
   * The connection's status now (`now`: the time, ms since the epoch): once it is not connected, the members shown
   * are no longer live, from then until the server's lists come again (a welcome), and nobody is typing any more.
   */
  setStatus(status: ConnectionStatus, now = Date.now()): Conversation | undefined {
    this.status = status;
    if (status === 'connected') return this.#roomBack();
    // (nor is who is typing known: "bob is typing…" stayed on through the drop)
    for (const c of this.convs.values()) c.typing.clear();
    if (this.membersStale) return undefined;
    this.membersStale = true;
    this.membersAsOf = now;
    return undefined;
  }

  /**
   * Where the host closed the room (its `shutdown`), and the conversation that said so: the room back there (a
   * reloaded host's, or one Try Again reached) says so under it, where "The host closed the room." was the last word
   * and the room came back without one.
   */
  #closedByHost: { address: string; id: string } | undefined;

  /** Connected again: the notice that the room is back, in the conversation that said it closed, if it did. */
  #roomBack(): Conversation | undefined {
    const closed = this.#closedByHost;
    this.#closedByHost = undefined;
    return closed && closed.address === this.address ? this.addNotice('info', 'The room is back.', closed.id) : undefined;
  }

  /** In no room: none yet, or the window left it (what it showed stays, to read). */
  get outOfRoom(): boolean {
    return this.status === 'closed' && this.address === '';
  }

  #conv(id: string, kind: 'room' | 'dm', name: string, spare?: string): Conversation {
    let c = this.convs.get(id);
    if (!c) {
      if (kind === 'dm') this.#dropQuietestDm(spare);
      c = { id, kind, name, topic: '', members: [], rows: [], lastSeq: 0, unread: 0, typing: new Map() };
      this.convs.set(id, c);
      this.outside.rows = [];
    }
    return c;
  }
  /**
   * At MAX_DM_CONVERSATIONS direct conversations, the one quiet longest goes (with what the panel kept of it): not
   * the one on show, nor `spare`.
   */
  #dropQuietestDm(spare?: string): void {
    let n = 0;
    let quietest: Conversation | undefined;
    for (const c of this.convs.values()) {
      if (c.kind !== 'dm') continue;
      n++;
      if (c.id !== this.active && c.id !== spare && (!quietest || lastRowTime(c) < lastRowTime(quietest))) quietest = c;
    }
    if (n < MAX_DM_CONVERSATIONS || !quietest) return;
    this.convs.delete(quietest.id);
    delete this.seenDms[quietest.name];
    delete this.closedDms[quietest.name];
  }

  /** The direct-message conversation with `nick`, opened (empty) if there is none yet, shown if it was closed. */
  dmWith(nick: string): Conversation {
    const c = this.#conv(dmId(nick), 'dm', nick);
    c.hidden = false;
    delete this.closedDms[nick];
    return c;
  }

  /**
   * The conversations that have a tab (all but closed direct ones), in order: rooms, then direct conversations, each in
   * the order they came, as a snapshot lays them out (a room joined after a direct message came had its tab after it,
   * until the panel was shown again or the window reloaded: then before it).
   */
  shownConvs(): Conversation[] {
    const shown = [...this.convs.values()].filter((c) => !c.hidden);
    return [...shown.filter((c) => c.kind === 'room'), ...shown.filter((c) => c.kind === 'dm')];
  }

  /** The conversation to show when the active one goes: `preferred` if it has a tab, else the first room, else any. */
  #fallback(preferred = ''): string {
    const shown = this.shownConvs();
    if (shown.some((c) => c.id === preferred)) return preferred;
    return (shown.find((c) => c.kind === 'room') ?? shown[0])?.id ?? '';
  }

  /**
   * Closes a direct conversation's tab (its messages stay; the next one in it opens the tab again). The active
   * conversation moves to `next` (or the first room) if it was this one.
   */
  closeDm(id: string, next = ''): void {
    const c = this.convs.get(id);
    if (!c || c.kind !== 'dm') return;
    const last = lastDmTime(c);
    if (last === 0) this.convs.delete(id); // opened from the members pane and never used
    else {
      c.hidden = true;
      c.unread = 0;
      this.seenDms[c.name] = Math.max(this.seenDms[c.name] ?? 0, last); // (its badge went: so it stays after a reload)
      this.closedDms[c.name] = last;
    }
    if (this.active === id) this.active = this.#fallback(next);
  }
  room(name: string): Conversation {
    return this.#conv(roomId(name), 'room', name);
  }

  /**
   * Replaces everything with a snapshot. `keepActive` is the active conversation saved before a reload; `show`, the
   * one to show instead (`#room`, `@nick`: a notification's Reply opened the panel on it), when the snapshot has it.
   */
  loadSnapshot(s: PanelSnapshot, keepActive?: string, show?: string): void {
    // A conversation opened from the members pane has no message yet, so the extension does not know it: keep
    // it through a refresh of the same session (same server, same nick).
    const sameSession = s.nick !== '' && s.nick === this.nick && s.address === this.address;
    const opened = sameSession ? [...this.convs.values()].filter((c) => c.kind === 'dm' && c.rows.length === 0).map((c) => c.name) : [];
    // and the "New" line of each conversation, where its row is still there (room rows keep their keys)
    const newFrom = new Map(sameSession ? [...this.convs.values()].map((c) => [c.id, c.newFrom] as const) : []);
    if (s.address !== this.address) this.listedRooms = []; // (another server's)
    this.nick = s.nick;
    this.#ownNicks = (Array.isArray(s.nicks) ? s.nicks : []).filter((n) => typeof n === 'string');
    this.#nickSince = new Map((Array.isArray(s.nickSince) ? s.nickSince : []).filter((p) => Array.isArray(p) && typeof p[0] === 'string' && typeof p[1] === 'number'));
    this.#knownAs(s.nick);
    this.role = s.role;
    // (not connected, what the rooms show is what the extension's client knew when it dropped: since then, if it
    // says, else since the panel's own mark, if it had one)
    const wasStale = this.membersStale;
    this.membersStale = s.status !== 'connected';
    const asOf = typeof s.membersAsOf === 'number' && Number.isFinite(s.membersAsOf) ? s.membersAsOf : wasStale ? this.membersAsOf : undefined;
    this.membersAsOf = this.membersStale ? asOf : undefined;
    this.status = s.status;
    this.statusText = s.statusText;
    this.canRetry = s.canRetry === true;
    this.waiting = s.waiting === true;
    this.retry = retryDue(s.retry, performance.now());
    if (Array.isArray(s.reactions)) this.reactions = s.reactions.filter((r) => typeof r === 'string');
    this.address = s.address;
    this.hosting = s.hosting;
    this.commands = s.commands;
    if (Number.isSafeInteger(s.maxText) && s.maxText > 0) this.maxText = s.maxText;
    this.maxTopic = maxTopicOf(s.maxTopic);
    this.convs.clear();
    for (const r of s.rooms) {
      const c = this.room(r.name);
      c.topic = r.topic;
      c.members = r.members.slice();
      c.stateAt = Number.MAX_SAFE_INTEGER; // (its events, the earlier epochs' too, are all in its members)
      const seen = this.seen[r.name];
      // the room's earlier epochs first (each as it was live: its edits and reactions on its own messages)
      const earlier = Array.isArray(r.earlier) ? r.earlier : [];
      earlier.forEach((before, i) => {
        c.epoch = before.epoch;
        for (const e of before.events) if (this.addEvent(c, e, false) && e.type === 'nick') this.#renameReactor(c, e.from, e.to);
        // (the line goes where the next epoch began: by its first event's time, else right after this one's last)
        const next = earlier[i + 1]?.events[0] ?? r.events[0];
        this.#startAnew(c, r.epoch, next?.time ?? c.rows.at(-1)?.entry.time);
      });
      c.epoch = r.epoch;
      // (a `react` event replayed after a rename sets the names it had: the rename's own line renames them again)
      for (const e of r.events) if (this.addEvent(c, e, false) && e.type === 'nick') this.#renameReactor(c, e.from, e.to);
      // (taken during a replay: what is still to come of it is in the members too)
      c.stateAt = Math.max(c.lastSeq, typeof r.stateAt === 'number' ? r.stateAt : 0);
      // (a room the panel has not seen before: what it brings is history, and what comes after it counts; without a
      // mark, every snapshot and every reload of the panel took a room never opened for one with nothing unread)
      this.seen[r.name] = seen ?? c.lastSeq;
      c.unread = seen === undefined ? 0 : this.#countUnread(c, seen);
    }
    for (const d of s.dms) this.addDm(d, false, typeof d.with === 'string' && d.with !== '' ? d.with : undefined);
    for (const c of this.convs.values()) if (c.kind === 'dm' && !c.hidden) c.unread = this.#countUnreadDms(c, this.seenDms[c.name] ?? this.dmsUpTo);
    for (const nick of opened) this.dmWith(nick);
    const kept = keepActive ? this.convs.get(keepActive) : undefined;
    const want = kept && !kept.hidden ? kept.id : roomId(s.activeRoom);
    // (shown first, not after the one the panel would have shown: that one was marked seen on the way, and what had
    // come there while the panel was closed lost its unread count)
    const shown = typeof show === 'string' && show.startsWith('@') && show.length > 1 && this.convs.has(show) ? this.dmWith(show.slice(1)).id : show;
    this.active = this.#fallback(shown !== undefined && this.convs.has(shown) ? shown : want);
    this.markSeen();
    for (const [id, key] of newFrom) {
      // (it is older than anything the snapshot brought unread, so it stays first)
      const c = this.convs.get(id);
      if (c && key !== undefined && c.rows.some((r) => r.key === key)) c.newFrom = key;
    }
  }

  /** Direct messages from the other side after `seenTime` (a reload or a new snapshot keeps a conversation's badge). */
  #countUnreadDms(c: Conversation, seenTime: number): number {
    let n = 0;
    for (const r of c.rows) if (r.entry.type === 'dm' && r.entry.time > seenTime && !this.isOwnDm(r.entry)) n++;
    return n;
  }

  /** The time of the newest direct message in any conversation, or 0. */
  newestDm(): number {
    let t = 0;
    for (const c of this.convs.values()) if (c.kind === 'dm') t = Math.max(t, lastDmTime(c));
    return t;
  }

  #countUnread(c: Conversation, seen: number): number {
    let n = 0;
    const own = this.#ownKeys(c);
    for (const r of c.rows) if (!r.past && r.entry.type === 'message' && r.entry.seq > seen && !own.has(r.key) && !r.entry.deleted) n++;
    return n;
  }

  #push(c: Conversation, entry: Entry, key: string): Row {
    const row = rowAfter(c.rows[c.rows.length - 1]?.entry, entry, key);
    c.rows.push(row);
    // a conversation keeps its newest MAX_ROWS (a hostile server's flood must not grow the panel for ever): cut
    // now and then, into a new array (the message list takes a new array as a new history and measures again)
    if (c.rows.length > MAX_ROWS + TRIM_ROWS) {
      c.rows = c.rows.slice(-MAX_ROWS);
      // (the first row kept starts the list: its header and date line, whatever came before it)
      const first = c.rows[0]!;
      c.rows[0] = { ...rowAfter(undefined, first.entry, first.key), ...(first.past ? { past: true as const } : {}) };
    }
    return c.rows.at(-1)!;
  }

  /** Message `seq` of room `room` as it is shown now, if this panel has it. */
  roomMessage(room: string, seq: number): Extract<RoomEvent, { type: 'message' }> | undefined {
    const c = this.convs.get(roomId(room));
    const entry = c && c.rows[this.#rowOf(c, seq)]?.entry;
    return entry?.type === 'message' ? entry : undefined;
  }

  /** The index of room event `seq`'s row in `c` (the last with its key), or -1. */
  #rowOf(c: Conversation, seq: number): number {
    const key = this.eventKey(c, seq);
    let i = c.rows.length - 1;
    while (i >= 0 && c.rows[i]!.key !== key) i--;
    return i;
  }

  /** The key of room event `seq`'s row in `c`. */
  eventKey(c: Conversation, seq: number): string {
    return `${c.epoch ?? ''}e${seq}`;
  }

  /**
   * The conversation of a room being entered (a `room` message, or a room in a welcome). A room created anew
   * (another epoch: the host closed it and hosted it again) starts over: its numbers count from 1 again, so
   * what came before goes (a notice says so), else every new event would look like one already seen.
   */
  #enter(r: { name: string; epoch: string; seq: number }): Conversation {
    const c = this.room(r.name);
    if (c.epoch !== undefined && c.epoch !== r.epoch) {
      this.#startAnew(c, r.epoch);
      c.startedAnew = true;
    }
    c.epoch = r.epoch;
    return c;
  }

  /**
   * Room `c` continues as epoch `epoch`, which numbers its events from 1 again: what is on screen stays, to
   * read (`past`), under a line that says so (at `time`: now, or when a snapshot's new epoch began), and the
   * new events come below it.
   */
  #startAnew(c: Conversation, epoch: string, time = Date.now()): void {
    // an epoch it had before (a host restored from its history file) replays its own rows: not twice
    const own = `${epoch}e`;
    c.rows = c.rows.filter((r) => !(r.key.startsWith(own) && /^\d+$/.test(r.key.slice(own.length))));
    for (const row of c.rows) row.past = true;
    c.lastSeq = 0;
    c.unread = 0; // (what was unread is from before: the new numbers count anew)
    c.newFrom = undefined;
    c.typing.clear();
    this.seen[c.name] = 0;
    c.epoch = epoch;
    if (c.rows.length > 0) {
      this.addNotice('info', `#${c.name} was started anew by its host. The messages above are from before: they stay here to read.`, c.id, time);
      c.anewLine = c.rows.at(-1)?.key;
    }
  }

  /**
   * The "started anew" line of `c`, stamped when the room came back, goes where the new room began: at its first
   * event's `time` when that is older (its history, replayed after it, was out of time order, its date line
   * elsewhere than after a reload, which stamps the line so).
   */
  #anewLineAt(c: Conversation, time: number): void {
    const i = c.rows.length - 1;
    const line = c.rows[i];
    if (line?.key === c.anewLine && line.entry.time > time) c.rows[i] = rowAfter(c.rows[i - 1]?.entry, { ...line.entry, time }, line.key);
    c.anewLine = undefined;
  }

  /**
   * `from`'s reactions in `c`'s newest RENAME_REACTIONS_WITHIN rows under their new name `to`, as the server renamed
   * them (it sends no `react` for it): new entries, to be drawn anew. The rule is `renamedReactions` in
   * src/protocol/reactions.ts, which the webview may not import; older rows keep the old name until their next
   * `react` (a rename costs the same however long the history). True when it changed a row.
   */
  #renameReactor(c: Conversation, from: string, to: string): boolean {
    let changed = false;
    for (let i = Math.max(0, c.rows.length - RENAME_REACTIONS_WITHIN); i < c.rows.length; i++) {
      const row = c.rows[i]!;
      const e = row.entry;
      if (row.past || e.type !== 'message' || !e.reactions?.some((r) => r.by.includes(from))) continue;
      row.entry = { ...e, reactions: e.reactions.map((r) => ({ emoji: r.emoji, by: r.by.includes(from) ? [...new Set(r.by.map((n) => (n === from ? to : n)))] : r.by })) };
      changed = true;
    }
    return changed;
  }

  /** Adds a room event; returns false for a duplicate (seq already seen). */
  addEvent(c: Conversation, e: RoomEvent, live: boolean): boolean {
    if (e.seq <= c.lastSeq) return false;
    if (c.anewLine !== undefined) this.#anewLineAt(c, e.time);
    // (history a room's entry replays is not news: seen, when all before it was; so is what is never unread, a join
    // among that history, which comes live; a mark is never moved back)
    if (c.kind === 'room' && (!live || e.type !== 'message') && (this.seen[c.name] ?? 0) >= c.lastSeq) this.seen[c.name] = Math.max(this.seen[c.name] ?? 0, e.seq);
    c.lastSeq = e.seq;
    if (e.type === 'edit' || e.type === 'delete' || e.type === 'react') {
      this.#changeMessage(c, e);
      return true;
    }
    // a join that says `back` (after the host restarted) is a member who never left, as far as anyone here is
    // concerned: in the members, with no line
    if (e.type !== 'join' || e.back !== true) this.#push(c, e, this.eventKey(c, e.seq));
    // (what changes members and topic is in them already)
    if (isReplayed(c, e.seq) && e.type !== 'message') return true;
    switch (e.type) {
      case 'message':
        c.typing.delete(e.from);
        if (live && e.from !== this.nick && !this.isWatching(c.id)) c.unread++;
        break;
      case 'join':
        // (at most MAX_MEMBERS, as the extension's client keeps: a storm of joins made each one a longer search)
        if (c.members.length < MAX_MEMBERS && !c.members.some((m) => m.nick === e.nick)) c.members.push({ nick: e.nick, role: e.role });
        break;
      case 'leave':
        c.members = c.members.filter((m) => m.nick !== e.nick);
        c.typing.delete(e.nick);
        break;
      case 'kick':
        c.members = c.members.filter((m) => m.nick !== e.nick);
        c.typing.delete(e.nick);
        break;
      case 'nick':
        // (one name, one member, as a join keeps it: see keptRooms)
        if (e.from !== e.to) c.members = c.members.filter((m) => m.nick !== e.to);
        for (const m of c.members) if (m.nick === e.from) m.nick = e.to;
        c.typing.delete(e.from);
        break;
      case 'topic':
        c.topic = e.topic;
        break;
      case 'role':
        for (const m of c.members) if (m.nick === e.nick) m.role = e.role;
        break;
    }
    return true;
  }

  /**
   * An edit, a delete or a reaction: the message's row shows it as it is now (a new row object: caches key on
   * rows). The rule is `changedMessage` in src/protocol/messageChanges.ts, which the webview may not import.
   */
  #changeMessage(c: Conversation, e: Extract<RoomEvent, { type: 'edit' | 'delete' | 'react' }>): void {
    const i = this.#rowOf(c, e.target);
    const row = c.rows[i];
    if (row?.entry.type !== 'message') return;
    const m = row.entry;
    const entry: RoomEvent = e.type === 'react'
      ? { ...m, reactions: e.reactions } // (an empty list shows as none)
      : e.type === 'edit'
        ? { ...m, text: e.text, edited: e.time }
        : { type: 'message', room: m.room, seq: m.seq, time: m.time, from: m.from, kind: m.kind, text: '', deleted: true };
    // (an edit may make it one that could pass for another's row: it gets its header back)
    c.rows[i] = { ...row, entry, continued: rowAfter(c.rows[i - 1]?.entry, entry, row.key).continued };
    // a message deleted before it was seen is no longer news (a spammer's, deleted by an op)
    if (e.type === 'delete' && !m.deleted && c.unread > 0 && !this.#ownKeys(c).has(row.key) && m.seq > (this.seen[c.name] ?? 0)) c.unread--;
  }

  /**
   * Your own rename, said in your direct conversations too (the other side's tab says it; yours said nothing):
   * once, though it comes from each room you are in. The conversations it was added to.
   */
  #ownRenameInDms(e: Extract<RoomEvent, { type: 'nick' }>): Conversation[] {
    const out: Conversation[] = [];
    for (const c of this.convs.values()) {
      if (c.kind !== 'dm' || c.hidden === true || c.rows.length === 0) continue;
      const last = c.rows[c.rows.length - 1]!.entry;
      if (last.type === 'nick' && last.from === e.from && last.to === e.to) continue;
      this.#push(c, e, `n${++noticeCounter}`);
      out.push(c);
    }
    return out;
  }

  /**
   * Someone is called `to` since `time`: the direct conversation with `from` goes on as the one with `to` (in its
   * tab's place; merged by time into an earlier `to`'s, if there was one), with the rename's line. Only its rows up
   * to `time` move: a room's history replays old renames when you join it. A conversation with no rows yet (opened
   * from the members pane) follows a rename that just happened (`now`). The ids, when it moved.
   */
  #partnerRenamed(e: Extract<RoomEvent, { type: 'nick' }>, now: boolean): { from: string; to: string } | undefined {
    const { from, to, time } = e;
    const old = this.convs.get(dmId(from));
    if (!old || from === to || this.#isOwnRename(e)) return undefined;
    const moving = old.rows.filter((r) => r.entry.time <= time);
    if (moving.length === 0 && (old.rows.length > 0 || !now)) return undefined;
    const staying = old.rows.filter((r) => r.entry.time > time);
    const oldId = old.id;
    const id = dmId(to);
    const key = `n${++noticeCounter}`; // (the rename's line)
    let c = this.convs.get(id);
    const merged = c !== undefined;
    if (!c && staying.length === 0) {
      // the whole conversation, renamed where its tab is, the rename's line last (every row is older)
      const all = [...this.convs];
      this.convs.clear();
      for (const [k, v] of all) this.convs.set(k === old.id ? id : k, v);
      old.id = id;
      old.name = to;
      c = old;
      this.#push(c, e, key);
    } else {
      c ??= this.#conv(id, 'dm', to, old.id); // (the one renamed, its rows still in it, is not the one to go)
      // in time order, grouped and dated anew (what was the first row of a day may no longer be)
      c.rows = regrouped(withoutRepeatedRenames([...c.rows, ...moving, rowAfter(undefined, e, key)].sort((a, b) => a.entry.time - b.entry.time)).slice(-MAX_ROWS));
      old.rows = regrouped(staying);
      const stayingUnread = staying.length === 0 ? 0 : Math.min(old.unread, this.#countUnreadDms(old, this.seenDms[from] ?? this.dmsUpTo));
      c.unread += old.unread - stayingUnread;
      old.unread = stayingUnread;
      if (old.newFrom !== undefined && moving.some((r) => r.key === old.newFrom)) {
        c.newFrom ??= old.newFrom;
        old.newFrom = undefined;
      }
      c.hidden = (!merged || c.hidden === true) && old.hidden === true;
      if (staying.length === 0) this.convs.delete(old.id);
    }
    // its marks go with it (copied where part of it stays): what was seen of it (joined with an earlier `to`'s,
    // the older mark: nothing unread is taken for seen), and when its tab was closed, if it stays closed
    const seenAt = this.seenDms[from];
    const closedAt = this.closedDms[from];
    if (staying.length === 0) {
      delete this.seenDms[from];
      delete this.closedDms[from];
    }
    if (!merged && seenAt === undefined) delete this.seenDms[to]; // (an earlier `to`'s, whose conversation is gone)
    else if (seenAt !== undefined) this.seenDms[to] = merged ? Math.min(this.seenDms[to] ?? seenAt, seenAt) : seenAt;
    if (c.hidden === true && closedAt !== undefined) this.closedDms[to] = Math.max(this.closedDms[to] ?? closedAt, closedAt);
    else if (c.hidden !== true) delete this.closedDms[to];
    if (this.active === oldId && staying.length === 0) this.active = id;
    return { from: dmId(from), to: id };
  }

  /**
   * Whether you wrote direct message `d`: under any nickname you had; between two of them (someone took one you had
   * before, or you took your partner's old one), the one you had at its time (sentUnder).
   */
  isOwnDm(d: { from: string; to: string; time?: number }): boolean {
    return sentUnder(this.#nickOrder(), d, this.#nickSince);
  }

  /** Your nicknames, the latest (the one you have now) last. */
  #nickOrder(): string[] {
    return [...this.#ownNicks.filter((n) => n !== this.nick), this.nick];
  }

  /**
   * Whether rename `e` was yours: from the nickname you had at its time, where the times of yours are known (a
   * rename of your partner's to a name you took later is theirs); else from or to the one you have.
   */
  #isOwnRename(e: { from: string; to: string; time: number }): boolean {
    const then = nickAt(this.#nickOrder(), this.#nickSince, e.time);
    return then !== undefined ? then === e.from || then === e.to : e.from === this.nick || e.to === this.nick;
  }

  /** `nick` is yours now: the latest of your nicknames, since `time` where known (a rename's `you`). */
  #knownAs(nick: string, time?: number): void {
    if (this.#ownNicks.at(-1) !== nick) {
      this.#ownNicks = [...this.#ownNicks.filter((n) => n !== nick), nick].slice(-50);
      this.#nickSince.delete(nick); // (a time it had before is not when it became yours again)
    }
    if (time !== undefined) this.#nickSince.set(nick, time);
  }

  /**
   * Files a direct message in the conversation with `peer`: who the extension says it is with (a snapshot's), else
   * the other side.
   */
  addDm(d: DmEvent, live: boolean, peer?: string): Conversation {
    const fromMe = this.isOwnDm(d);
    peer ??= fromMe ? d.to : d.from;
    const c = this.#conv(dmId(peer), 'dm', peer);
    this.#push(c, d, `d${++noticeCounter}`);
    const closedAt = this.closedDms[peer];
    if (closedAt !== undefined) {
      c.hidden = d.time <= closedAt; // a message after the tab was closed opens it again
      if (!c.hidden) delete this.closedDms[peer];
    }
    if (live && !fromMe && !this.isWatching(c.id)) {
      c.unread++;
      this.seenDms[peer] ??= d.time - 1; // a conversation begun now: nothing of it seen yet
    }
    return c;
  }

  /** Adds a notice to conversation `id` (the active one by default, or `outside` when none is open). */
  addNotice(level: 'info' | 'error', text: string, id = this.active, time = Date.now()): Conversation | undefined {
    const c = id === '' ? this.outside : this.convs.get(id);
    if (!c) return undefined;
    this.#push(c, { type: 'notice', level, text, time }, `n${++noticeCounter}`);
    return c;
  }

  /**
   * Who wrote row `key` of the room shown is called now: `from` followed through the renames after it, if that
   * name is in the room now; undefined when it is not (they left; a row from before the host started the room
   * anew). What a reply or a mention addresses.
   */
  authorNow(key: string, from: string): string | undefined {
    const c = this.convs.get(this.active);
    if (!c || c.kind !== 'room') return undefined;
    const at = c.rows.findIndex((r) => r.key === key);
    if (at < 0 || c.rows[at]!.past) return undefined;
    let name = from;
    for (let i = at + 1; i < c.rows.length; i++) {
      const e = c.rows[i]!.entry;
      if (e.type === 'nick' && e.from === name) name = e.to;
    }
    return c.members.some((m) => m.nick === name) ? name : undefined;
  }

  /**
   * Whether the room message of row `key` is yours: its author, followed through the renames after it, is called
   * what you are called now. (By the name alone, your messages from before your own /nick were no longer yours, and
   * someone who took your old name later found them theirs, with Edit and Delete the server refuses.) In the
   * conversation on show, or in `c`.
   */
  isOwnMessage(key: string, from: string, c = this.convs.get(this.active)): boolean {
    if (!c || c.kind !== 'room' || this.nick === '') return from === this.nick;
    return this.#ownKeys(c).has(key);
  }

  /** The keys of `c`'s messages that are yours (see isOwnMessage), worked out again only when its rows or your name changed. */
  #ownKeys(c: Conversation): Set<string> {
    const cached = this.#ownCache.get(c);
    // the rows it was worked out for, as they were (the same first, the same last at the same place), and the same you
    if (cached && cached.nick === this.nick && cached.first === c.rows[0]?.key && c.rows[cached.length - 1]?.key === cached.last) {
      // rows only added at the end, none a rename (a live room: a message at a time): the new ones are yours by name
      const added = c.rows.slice(cached.length);
      if (!added.some((r) => r.entry.type === 'nick')) {
        for (const r of added) if (r.entry.type === 'message' && r.entry.from === this.nick) cached.keys.add(r.key);
        Object.assign(cached, { length: c.rows.length, last: c.rows.at(-1)?.key });
        return cached.keys;
      }
    }
    const keys = new Set<string>();
    for (const { item, authorNow } of authorsNewestFirst(c.rows, roomEventOf)) if (authorNow === this.nick) keys.add(item.key);
    this.#ownCache.set(c, { keys, nick: this.nick, first: c.rows[0]?.key, last: c.rows.at(-1)?.key, length: c.rows.length });
    return keys;
  }

  readonly #ownCache = new WeakMap<Conversation, { keys: Set<string>; nick: string; first: string | undefined; last: string | undefined; length: number }>();

  /** The rows the message list shows: the active conversation's, or the notices given outside any. */
  shownRows(): Row[] {
    return (this.convs.get(this.active) ?? this.outside).rows;
  }

  isWatching(id: string): boolean {
    return this.visible && this.active === id;
  }

  /** The user can see the active conversation: clear its unread count and remember what was seen. */
  markSeen(): void {
    const c = this.convs.get(this.active);
    if (!c || !this.visible) return;
    if (c.unread > 0) c.newFrom = this.#firstUnread(c, c.unread);
    c.unread = 0;
    if (c.kind === 'room') this.seen[c.name] = c.lastSeq;
    else {
      const last = lastDmTime(c);
      if (last > 0) this.seenDms[c.name] = last;
    }
  }

  /** The key of the first of the last `unread` messages from others (what the unread count counts). */
  #firstUnread(c: Conversation, unread: number): string | undefined {
    let n = 0;
    const own = this.#ownKeys(c);
    for (let i = c.rows.length - 1; i >= 0; i--) {
      const row = c.rows[i] as Row;
      const e = row.entry;
      if (((e.type === 'message' && !row.past && !own.has(row.key)) || (e.type === 'dm' && !this.isOwnDm(e))) && ++n === unread) return row.key;
    }
    return undefined;
  }

  totalUnread(): number {
    let n = 0;
    for (const c of this.convs.values()) n += c.unread;
    return n;
  }

  /** Typing nicks of a conversation that have not expired; drops expired ones. */
  typingIn(c: Conversation, now = Date.now()): string[] {
    for (const [n, until] of c.typing) if (until <= now) c.typing.delete(n);
    return [...c.typing.keys()];
  }

  /**
   * When the next typing indicator runs out, in any conversation (Infinity: none shows); drops the ones that have.
   * (Only the shown conversation's were dropped, as it was drawn: one that ran out in another stayed the next to
   * run out, already past, and the panel was drawn anew every 50 ms until that conversation was opened.)
   */
  nextTypingExpiry(now = Date.now()): number {
    let next = Infinity;
    for (const c of this.convs.values()) {
      for (const [n, until] of c.typing) {
        if (until <= now) c.typing.delete(n);
        else next = Math.min(next, until);
      }
    }
    return next;
  }

  /**
   * Applies a server message: the conversations whose rows changed, whether the chrome did, and `redraw` when rows
   * already drawn changed in place (a rename's reactions). `live`: false for history a room's entry replays (no
   * unread).
   */
  apply(msg: ServerMessage, live = true): { rows: Conversation[]; chrome: boolean; redraw?: boolean; movedDm?: { from: string; to: string } } {
    const none = { rows: [], chrome: false };
    if (isRoomEvent(msg)) {
      // Rooms appear with a `room` message (or the snapshot); a late event for a room we left is dropped.
      const c = this.convs.get(roomId(msg.room));
      if (!c || !this.addEvent(c, msg, live)) return none;
      if (msg.type === 'message' && c.id === this.active) this.markSeen();
      // (live only: a snapshot's events come from the extension's client, which renamed them already)
      const redraw = msg.type === 'nick' && this.#renameReactor(c, msg.from, msg.to);
      // (a room's entry replays its history up to stateAt, renames too, unmarked: old news)
      const now = live && !isReplayed(c, msg.seq);
      const movedDm = msg.type === 'nick' ? this.#partnerRenamed(msg, now) : undefined;
      // (not in a history replayed: that one is the rename of someone who had your nickname before you)
      const ownRename = now && msg.type === 'nick' && msg.from === this.nick;
      const ownDms = ownRename ? this.#ownRenameInDms(msg) : [];
      if (ownRename) this.nick = msg.to;
      // (the conversation the rows left too, where some stayed: drawn anew if it is on screen)
      const moved = movedDm ? [movedDm.to, movedDm.from].flatMap((id) => this.convs.get(id) ?? []) : [];
      const rows = [c, ...moved, ...ownDms];
      return { rows, chrome: true, ...(redraw ? { redraw } : {}), ...(movedDm ? { movedDm } : {}) };
    }
    switch (msg.type) {
      case 'room': {
        const c = this.#enter(msg);
        c.topic = msg.topic;
        c.members = msg.members.slice();
        c.stateAt = msg.seq;
        if (this.active === '') this.active = c.id;
        return { rows: [c], chrome: true };
      }
      case 'welcome':
        this.nick = msg.nick;
        this.#knownAs(msg.nick);
        this.role = msg.role;
        // (a server hosted again after a reconnect may take other sizes: as the client keeps them)
        if (Number.isSafeInteger(msg.limits.maxText) && msg.limits.maxText > 0) this.maxText = msg.limits.maxText;
        this.maxTopic = maxTopicOf(msg.limits.maxTopic);
        for (const r of msg.rooms) {
          // a reconnect can find a room created anew (the host closed it and hosted again): as for `room`
          const c = this.#enter(r);
          c.topic = r.topic;
          c.members = r.members.slice();
          c.stateAt = r.seq;
        }
        if (this.active === '' && msg.rooms[0]) this.active = roomId(msg.rooms[0].name);
        // (the lists of every room the client is in, from the server: live again)
        this.membersStale = false;
        this.membersAsOf = undefined;
        return { rows: [], chrome: true };
      case 'synced': {
        const c = this.convs.get(roomId(msg.room));
        // a room started anew has said what is gone: its gap (the old room's end) says nothing more
        const anew = c?.startedAnew === true;
        if (c) c.startedAnew = false;
        if (!msg.gap || !c || anew) return none;
        this.addNotice('info', 'Some earlier messages may be missing (history did not reach back far enough).', c.id);
        return { rows: [c], chrome: false };
      }
      case 'parted': {
        const id = roomId(msg.room);
        this.convs.delete(id);
        // (its seen mark too: kept, every room ever entered stayed in the saved state, sent to the extension as each
        // message was seen; entered again, the room's history is read as it comes, from no mark)
        delete this.seen[msg.room];
        if (this.active === id) this.active = this.#fallback();
        return { rows: [], chrome: true };
      }
      case 'who': {
        // (a room the panel has: the answer to a /who is the list of a room you are in, and a hostile server's `who`
        // for rooms nobody joined made a tab of each)
        const c = this.convs.get(roomId(msg.room));
        if (!c) return none;
        c.members = msg.members.slice();
        const notes = (m: { role: string; away?: boolean }) => [...(m.role === 'member' ? [] : [m.role]), ...(m.away ? ['away'] : [])];
        const list = msg.members.map((m) => (notes(m).length === 0 ? m.nick : `${m.nick} (${notes(m).join(', ')})`)).join(', ');
        this.addNotice('info', `In #${msg.room}: ${list}`, this.convs.has(this.active) ? this.active : c.id);
        return { rows: [this.convs.get(this.active) ?? c], chrome: true };
      }
      case 'rooms': {
        this.listedRooms = msg.rooms;
        const lines = msg.rooms.map((r) => `#${r.name} (${r.members})${r.topic ? ': ' + r.topic : ''}`);
        const c = this.addNotice('info', ['Rooms:', ...lines].join('\n'));
        return { rows: c ? [c] : [], chrome: false };
      }
      case 'dm': {
        const c = this.addDm(msg, true);
        if (c.id === this.active) this.markSeen();
        c.typing.delete(msg.from);
        return { rows: [c], chrome: true };
      }
      case 'you':
        this.nick = msg.nick;
        this.#knownAs(msg.nick, msg.time);
        this.role = msg.role;
        return { rows: [], chrome: true };
      case 'away': {
        const m = this.convs.get(roomId(msg.room))?.members.find((x) => x.nick === msg.nick);
        if (!m) return none;
        if (msg.away) m.away = true;
        else delete m.away;
        return { rows: [], chrome: true };
      }
      case 'typing': {
        if (msg.nick === this.nick) return none;
        const c = this.convs.get(roomId(msg.room));
        if (!c) return none;
        c.typing.set(msg.nick, Date.now() + TYPING_MS);
        return { rows: [], chrome: true };
      }
      case 'error': {
        const c = this.addNotice('error', errorText(msg));
        return { rows: c ? [c] : [], chrome: false };
      }
      case 'info': {
        // (the server's answers quote topics and reasons: /topic's "Topic for #general: ship it :tada:")
        const c = this.addNotice('info', emojifyPlain(msg.text, EMOJI));
        return { rows: c ? [c] : [], chrome: false };
      }
      case 'shutdown': {
        // what a host does on purpose, not an error: "The host closed the room."
        const reason = msg.reason.trim() || 'the room closed';
        const c = this.addNotice('info', `${reason[0]!.toUpperCase()}${reason.slice(1)}${/[.!?]$/.test(reason) ? '' : '.'}`);
        if (c) this.#closedByHost = { address: this.address, id: c.id };
        return { rows: c ? [c] : [], chrome: false };
      }
      case 'ack':
      case 'ping':
      case 'pong':
      case 'key': // (the client keeps it, and says so as an `info`: the panel has no use for the key)
        return none;
    }
  }
}
