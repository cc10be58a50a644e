// The chat client the CLI and the extension use: connects, keeps the rooms' state and history (KeptRooms), sends with
// acknowledgements, and reconnects by itself (backoff with jitter), resuming where it left off so that no
// message is lost and none is shown twice.

import { EventEmitter } from 'node:events';
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { clientTlsOptions, IMPOSTOR } from './roomKey';
import { randomBytes } from 'node:crypto';
import type {
  ClientMessage, CodeRef, CommandMsg, ConnectionStatus, DmEvent, ErrorMsg, MessageKind, ResumePoint, Role, RoomsMsg, ServerMessage, WelcomeMsg,
} from '../protocol/messages';
import { PROTOCOL_VERSION } from '../protocol/messages';
import { APP_VERSION } from '../protocol/appVersion';
import { DEFAULT_LIMITS, MIN_LIMITS, TOPIC_FIELD_MAX } from '../protocol/limits';
import { maxTopicOf, topicTooLong } from '../protocol/topicLength';
import { withCommas } from '../protocol/counts';
import { decodeServerLine, encodeLine } from '../protocol/codec';
import { LineSplitter } from '../protocol/lineSplitter';
import { helpLines, isSlashCommand, NO_ROOM, parseSlash, sizedPart } from '../protocol/commands';
import { normalizeRoom } from '../protocol/names';
import { cleanLine } from '../protocol/text';
import { isRoomEvent } from '../protocol/roomEvents';
import { formatAddress } from '../protocol/address';
import { utf8Length } from '../protocol/encoding';
import { nickAt, sentUnder } from '../protocol/ownDm';
import { retryWords } from '../protocol/retryWords';
import { KeptRooms, MAX_MEMBERS, MAX_ROOMS, withinMaxText, type EarlierRoom } from './keptRooms';
import { RateLimiter } from './rateLimiter';
import { WakeAt } from './wakeAt';

export interface ChatClientOptions {
  host: string;
  port: number;
  nick: string;
  /** Client name and version sent in the hello. */
  clientName?: string;
  rooms?: string[];
  /**
   * The host's owner secret (only the host's own client has it, and whoever can read a headless host's owner key
   * file: see `keys`).
   */
  ownerKey?: string;
  /** Reconnect when the connection drops (default true). */
  reconnect?: boolean;
  /** Keep trying after the host closed the room, in case it comes back (default false). */
  reconnectAfterShutdown?: boolean;
  /**
   * With reconnectAfterShutdown: stop trying when the room has not come back this long after the host closed
   * it (status 'closed', `gaveUp` true; `tryAgain()` starts over). Default: keep trying.
   */
  hostWaitMs?: number;
  /** Backoff bounds in ms (default 250 .. 10000), with full jitter. */
  backoffMinMs?: number;
  backoffMaxMs?: number;
  /** Requests in flight without an ack before further sends wait (default 16). */
  window?: number;
  /** Events kept per room for the UI (default 10000). */
  keepPerRoom?: number;
  /**
   * Send a ping after this much silence; give the connection up after twice that (default 20000). Infinity: never,
   * for the host's own client, in its server's process: its loopback connection cannot go silent while the server
   * lives, and its pings woke the host 3 times a minute for nothing.
   */
  pingAfterMs?: number;
  /** The room key from the invite: the client then connects over TLS, authenticated by the key. */
  roomKey?: string;
  /**
   * Asked once at each connection, in place of `roomKey` and `ownerKey`: the keys a headless host's file has then
   * (both are new after its restart; no room key: not private). One call, so the pair is from one reading.
   */
  keys?: () => ConnectionKeys;
  /** Give up on a connection attempt after this long (default 10000). */
  connectTimeoutMs?: number;
  /**
   * The session token of an earlier client (`sessionToken`), e.g. before a window reload: the server
   * gives back its role and its direct messages, and replaces a connection of it still open.
   */
  session?: string;
  /** With `session`: the nicknames it had, the latest last (`ownNicks` of that client): direct messages under each are yours. */
  nicknames?: readonly string[];
  /** With `nicknames`: when each became yours, where known (`ownNickSince` of that client). */
  nicknameSince?: readonly (readonly [string, number])[];
  /** Per room, its earlier epochs an earlier client kept (before a window reload): the room, when entered, has them to read. */
  earlier?: Readonly<Record<string, EarlierRoom[]>>;
  /**
   * With `session`: what an earlier client of it still had on the way (`queued`, before a window reload), sent
   * first, under the same ids (the server acknowledges those it had without sending them again).
   */
  queued?: readonly QueuedItem[];
}

/** The keys a client connects with: no room key, not private; an owner key (non-empty), the host's own rights. */
export interface ConnectionKeys {
  roomKey?: string;
  ownerKey?: string;
}

/** A message on its way to the room, as it is sent (and sent again after a reconnect until it is acknowledged). */
export type QueuedMessage = Extract<ClientMessage, { type: 'send' | 'dm' }>;
/** A command held behind messages typed before it (heldBehindMessages), not sent yet. */
export type HeldCommand = Extract<CommandMsg, { type: 'part' | 'nick' | 'edit' | 'delete' }>;
/** What a client has still to send, in the order typed (`queued`: a reload's next window sends it). */
export type QueuedItem = QueuedMessage | HeldCommand;

/** Room keys replaced by /newkey a client remembers at most (see #replacedKeys). */
const MAX_REPLACED_KEYS = 16;
/** Messages waiting to go out (or for their acknowledgement) at most: past it, a message is not sent. */
export const MAX_QUEUED = 10_000;
/** What a request is answered when its connection dropped and it will not be sent again. */
const DROPPED = 'the connection dropped before the server answered';
/** Requests kept to send again after a drop (see #unanswered): past it, the oldest is not. */
const MAX_UNANSWERED = 64;

/** Why a message was not queued (MAX_QUEUED wait already). */
export const QUEUE_FULL = `not sent: ${withCommas(MAX_QUEUED)} messages are waiting for the room already`;

/** Why nothing goes any more to a room that put this client out. */
export function putOutWords(how: 'kicked' | 'banned'): string {
  return `not sent: you were ${how} from the room (leave it, then join again${how === 'banned' ? ' if the ban is lifted' : ''})`;
}

/** What submit says of a message send() or dm() queued (its id), or did not (undefined: QUEUE_FULL). */
function queuedAs(id: string | undefined): CommandOutcome {
  return id === undefined ? { kind: 'error', message: QUEUE_FULL } : { kind: 'sent', id };
}

/** Nicknames a client remembers having had (see ownNicks). */
const MAX_OWN_NICKS = 50;
/** Direct messages a client keeps at most. */
const MAX_DMS = 1000;

interface Pending {
  msg: QueuedMessage;
  /** On its way on this connection (no answer yet). */
  sent: boolean;
  /** Refused for the rate, to go again after a pause: nothing after it goes before it has. */
  retry?: true;
  /** It went out on some connection (a dropped one's answer may have been lost: it may have reached the room). */
  everSent?: true;
  /**
   * It went out on a connection that dropped before its answer came, or before a reload: the room may have it. Not
   * one its room closed (`shutdown`): the room answered all it read before that.
   */
  beforeDrop?: true;
  /** Where it was typed among messages and requests (see #unanswered); none: queued by a client before this one. */
  order?: number;
}

/**
 * The server's answer to a request sent with ask(): `server` when a refusal is the server's words (not this
 * client's: no answer, a dropped connection).
 */
export type Answer = { ok: true; seq?: number } | { ok: false; message: string; server?: true };

export type CommandOutcome = { kind: 'sent'; id?: string } | { kind: 'local'; lines: string[] } | { kind: 'error'; message: string } | { kind: 'quit' };

/** "300 ms", "45 s", "10 min": how long a client waited for a closed room. */
function waitSpan(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  return ms < 120_000 ? `${Math.round(ms / 1000)} s` : `${Math.round(ms / 60_000)} min`;
}

/** The most rooms of a server's list it passes on (/rooms, and listRooms for the suggestions after /join). */
export const MAX_LISTED = 1000;

/** Errors after which reconnecting cannot help. */
const FATAL = new Set(['banned', 'kicked', 'version', 'nick_invalid', 'replaced', 'key_required', 'too_many_failures']);

export interface ChatClientEvents {
  /** Every server message the client accepted (duplicates and ping/pong filtered out). */
  server: [msg: ServerMessage];
  status: [status: ConnectionStatus, text: string];
  /** Something only this user should see: a resend, a rename on reconnect, a gap in history. */
  notice: [level: 'info' | 'error', text: string, about?: 'gap'];
  /** The server refused a message or direct message this client sent (the reason comes as its `error`): not sent. */
  refused: [msg: Extract<ClientMessage, { type: 'send' | 'dm' }>];
  /** The owner of the private room made a new room key (/newkey): this client's reconnects use it (`roomKey`). */
  roomKey: [key: string];
}

export class ChatClient extends EventEmitter<ChatClientEvents> {
  nick: string;
  role: Role = 'member';
  /** The longest message text the server takes (its welcome says; the default until then). */
  maxText = DEFAULT_LIMITS.maxText;
  /** The longest topic the server takes, in characters (its welcome says; a server that does not: the request's field). */
  maxTopic = TOPIC_FIELD_MAX;
  /** The longest line the server reads (its welcome says): a longer one would cost the connection. */
  #maxLine = DEFAULT_LIMITS.maxLine;
  /** The server's rate limit as this client keeps to it (see pacerFor); a new one per connection, as the server's. */
  #pacer = pacerFor(undefined, undefined);
  /** The limits #pacer was made for (a welcome's). */
  #pacerLimits: { burst: number | undefined; perSecond: number | undefined } | undefined;
  #pumpTimer: NodeJS.Timeout | undefined;
  status: ConnectionStatus = 'connecting';
  statusText = 'connecting...';
  readonly rooms: KeptRooms;
  readonly dms: DmEvent[] = [];
  /** Who each kept direct message is with now, where that is not the other side's nickname then: they renamed since. */
  readonly #dmPartners = new WeakMap<DmEvent, string>();
  #session: string | undefined;
  /** The `seq` of the last direct message of this session seen; a resume asks for the ones after it. */
  #dmSeq = 0;
  #socket: Socket | undefined;
  /** The room lists asked for quietly (listRooms), by request id: the list, once it came. */
  readonly #roomLists = new Map<string, { rooms?: RoomsMsg['rooms'] }>();
  /** The keys of the latest connection (`keys` is asked once a connection). */
  #keys: ConnectionKeys = {};
  /** Room keys the owner's /newkey replaced, and the newest it gave: a reconnect uses that in place of any of them. */
  readonly #replacedKeys = new Set<string>();
  #newestKey: string | undefined;
  /** The socket its latest hello was written on. */
  #helloOn: Socket | undefined;
  #splitter: LineSplitter | undefined;
  #welcomed = false;
  /** The latest connection's wait for an answer (its connect, then its welcome): the welcome ends it. */
  #answerTimer: ReturnType<typeof setTimeout> | undefined;
  #welcomedOnce = false;
  #leaving = false;
  /** The first connection was answered in clear where TLS was expected, and tried once more (see #open). */
  #triedAgain = false;
  /** The parting words of a `/quit <words>` typed (submit): leave() says them in its `bye`. */
  #partingWords: string | undefined;
  /** Stopped trying for good (a refusal that another attempt would get again): see waitingForHost. */
  #stopped = false;
  #putOut: 'kicked' | 'banned' | undefined;
  #attempt = 0;
  /** When the room last welcomed this client (a monotonic ms), while the connection lasts. */
  #welcomedAt: number | undefined;
  #retryTimer: NodeJS.Timeout | undefined;
  /** The attempt #retryTimer makes: what the status says it waits after, and when it is due (performance.now()). */
  #retry: { why: string; at: number } | undefined;
  /** Send a ping after this much silence from the server; give the connection up after twice that. */
  readonly #pingAfterMs: number;
  /** Wakes when a ping can be due, or the end of a connection that did not answer one: see #pingDue. */
  readonly #pingWake = new WakeAt(0, (late) => this.#pingDue(late));
  /** A ping went out and no byte came back since. */
  #pingSent = false;
  #lastHeard = 0;
  /** It left every room it was in (`/part` of the last): a reconnect asks for none (see #hello). */
  #leftEveryRoom = false;
  readonly #pending = new Map<string, Pending>();
  /**
   * Requests sent with ask(), waiting for their answer: `wait` (re)starts its timeout, which runs only while the
   * connection is up (a request a drop left unanswered goes again once back: timed out meanwhile, the panel said an
   * edit failed that the resend then made).
   */
  readonly #asked = new Map<string, { done: (a: Answer) => void; wait: () => void; timer?: NodeJS.Timeout }>();
  readonly #idPrefix = randomBytes(4).toString('hex');
  #nextId = 1;
  #firstWelcome: { resolve: (w: WelcomeMsg) => void; reject: (e: Error) => void } | undefined;
  #stripNick = true;
  /** The server's first word was NICK: it took this client for a plain one (a plain-text chat server does, for good). */
  #askedNick = false;
  #lastError: ErrorMsg | undefined;
  #shutdownReason: string | undefined;
  /** Runs out hostWaitMs after the connection to a closed room dropped. */
  #hostWait: NodeJS.Timeout | undefined;
  #gaveUpWaiting = false;
  readonly #wantedRooms: string[];
  /**
   * Rooms asked to enter (a `join`) or to leave (a `part`) whose answer has not come yet, by request id. A part
   * the welcome after a drop undid is asked again (`due`) in its place among what was typed (`order`, as in
   * #unanswered): a /topic for the room typed before it, or a message, went after it and found the room left.
   */
  readonly #joining = new Map<string, string>();
  readonly #parting = new Map<string, { room: string; order: number; due: boolean; unsent?: true; message?: string }>();
  /**
   * Other requests (a /topic, a reaction, a /nick...) sent and not answered yet, by id, in the order sent: a
   * connection that drops takes them with it, or their answer, so the same session sends them again once back (the
   * server acknowledges one it did already, and does it not twice). At most MAX_UNANSWERED.
   */
  readonly #unanswered = new Map<string, { msg: CommandMsg; order: number; due: boolean; unsent?: true }>();
  /** Counts what was typed, messages and requests alike, in order. */
  #order = 0;
  /** Events kept per room (and direct messages kept) for the UI. */
  readonly #keep: number;
  /** Every nickname this client had (direct messages written under an earlier one are its own), the latest last. */
  readonly #nicknames = new Set<string>();
  /** When each of them became this client's, where known (the server's clock: a `you` after a rename). */
  readonly #nickSince = new Map<string, number>();
  readonly #options: ChatClientOptions;

  constructor(options: ChatClientOptions) {
    super();
    this.#options = options;
    this.nick = options.nick;
    this.#session = options.session;
    if (options.session) {
      const since = new Map(options.nicknameSince ?? []);
      for (const n of options.nicknames ?? []) this.#knownAs(n, since.get(n));
    }
    this.#keep = options.keepPerRoom ?? 10_000;
    this.rooms = new KeptRooms(this.#keep, options.earlier);
    this.#pingAfterMs = options.pingAfterMs ?? 20_000;
    this.#wantedRooms = (options.rooms ?? []).map((r) => normalizeRoom(r)).filter((r): r is string => r !== null);
    // (a message may have reached the room before the reload: maybeSent; a command held behind messages had not)
    for (const msg of options.session ? (options.queued ?? []) : []) {
      const order = this.#order++;
      if (msg.type === 'send' || msg.type === 'dm') this.#pending.set(msg.id, { msg: { ...msg }, sent: false, everSent: true, beforeDrop: true, order });
      else if (msg.id === undefined) continue;
      else if (msg.type === 'part') this.#parting.set(msg.id, { room: msg.room, order, due: true, unsent: true, ...said(msg.message) });
      else this.#unanswered.set(msg.id, { msg: { ...msg }, order, due: true, unsent: true });
    }
  }

  /** Connects; resolves with the welcome, rejects when the server refuses (nick taken, banned...). */
  connect(): Promise<WelcomeMsg> {
    return new Promise((resolve, reject) => {
      this.#firstWelcome = { resolve, reject };
      this.#open();
    });
  }

  /** The room key of the latest connection (undefined: not private), e.g. for the invite a window shows and saves. */
  get roomKey(): string | undefined {
    return this.#keys.roomKey;
  }

  /** The server's token for this client's session (after the first welcome). */
  get sessionToken(): string | undefined {
    return this.#session;
  }

  /** The `seq` of the last direct message of this session seen. */
  get lastDmSeq(): number {
    return this.#dmSeq;
  }

  get connected(): boolean {
    return this.status === 'connected';
  }

  /** True once the server welcomed this client: before, a failure is the first connection's (connect() rejects). */
  get joinedOnce(): boolean {
    return this.#welcomedOnce;
  }

  /** What the host said when it closed the room, while this client waits for the room to come back (reconnectAfterShutdown). */
  get hostClosed(): string | undefined {
    return this.#shutdownReason;
  }

  /** The room put this client out for good (kicked, banned): it does not try again, and a window does not come back. */
  get putOut(): 'kicked' | 'banned' | undefined {
    return this.#putOut;
  }

  /**
   * The attempt to connect the client waits to make, while it waits: what it waits after (its status's words before
   * "; reconnecting in"), and the milliseconds left. Undefined while connected, connecting, or stopped.
   */
  get nextAttempt(): { why: string; inMs: number } | undefined {
    const r = this.#retry;
    return r && { why: r.why, inMs: Math.max(0, Math.round(r.at - performance.now())) };
  }

  /** True once the room the host closed did not come back within hostWaitMs: the client stopped trying. */
  get gaveUp(): boolean {
    return this.#gaveUpWaiting;
  }

  /** Closed by its host, and trying to get back in (the host may be reloading its window): not given up yet. */
  get waitingForHost(): boolean {
    return this.status === 'closed' && this.#shutdownReason !== undefined && !this.#gaveUpWaiting && !this.#stopped;
  }

  /** After gaveUp: tries to reach the room again (and waits hostWaitMs again if it is still gone). */
  tryAgain(): boolean {
    if (!this.#gaveUpWaiting || this.#leaving) return false;
    this.#gaveUpWaiting = false;
    this.#attempt = 0;
    this.#setStatus('closed', `${this.#shutdownReason ?? 'the room closed'}; trying again...`);
    this.#open();
    return true;
  }

  /**
   * The messages not acknowledged yet, oldest first: each as a line that sends it again (`/msg bob ...`, `/me ...`,
   * `//...` for a text that starts with a slash), the room it was for, and whether it went out before the
   * connection dropped (it may have reached the room, its acknowledgement lost). `beforeDrop`: it went out on a
   * connection that ended before its answer came (one that went out on this one only, a room closed under it after
   * it answered all it read, never reached it).
   */
  get unsent(): { room?: string; line: string; maybeSent: boolean; beforeDrop: boolean }[] {
    // (maybeSent: once it went out; after a drop `sent` is false again for its resend, and a message that had
    // reached the room was offered to be sent again without a word of it)
    return this.#stillToSend().map(({ msg, maybeSent, beforeDrop }) => {
      const line =
        msg.type === 'dm' ? `/msg ${msg.to} ${msg.kind === 'action' ? '/me ' : ''}${msg.text}`
        : msg.type === 'send' ? (msg.kind === 'action' ? `/me ${msg.text}` : msg.text.startsWith('/') ? `/${msg.text}` : msg.text)
        : msg.type === 'part' ? `/part #${msg.room}${msg.message !== undefined ? ` ${msg.message}` : ''}`
        : msg.type === 'nick' ? `/nick ${msg.nick}`
        : msg.type === 'edit' ? `/edit ${msg.text}`
        : `/delete${msg.nick !== undefined ? ` ${msg.nick}` : ''}`;
      return { ...('room' in msg ? { room: msg.room } : {}), line, maybeSent, beforeDrop };
    });
  }

  /** What is still to send, oldest first, as it is sent (for a client of the same session to send after a reload: `queued`). */
  get queued(): QueuedItem[] {
    return this.#stillToSend().map(({ msg }) => ({ ...msg }));
  }

  /** The messages not acknowledged yet and the commands held behind them (never sent), in the order typed. */
  #stillToSend(): { msg: QueuedItem; maybeSent: boolean; beforeDrop: boolean }[] {
    const out: { msg: QueuedItem; maybeSent: boolean; beforeDrop: boolean; order: number }[] = [];
    for (const p of this.#pending.values()) out.push({ msg: p.msg, maybeSent: p.everSent === true, beforeDrop: p.beforeDrop === true, order: p.order ?? -1 });
    for (const [id, r] of this.#unanswered) {
      if (r.unsent && heldBehindMessages(r.msg)) out.push({ msg: { ...r.msg, id }, maybeSent: false, beforeDrop: false, order: r.order });
    }
    for (const [id, p] of this.#parting) if (p.unsent) out.push({ msg: { type: 'part', room: p.room, id, ...said(p.message) }, maybeSent: false, beforeDrop: false, order: p.order });
    return out.sort((a, b) => a.order - b.order);
  }

  /**
   * Waits while what is on its way is acknowledged (a paste of many lines goes at the room's pace), until all is,
   * the connection is lost, `stopped()`, or no acknowledgement came for `patienceMs` (the room stopped answering).
   */
  async flush(stopped: () => boolean = () => false, patienceMs = 5000): Promise<void> {
    let left = this.unacknowledged;
    let progressAt = Date.now();
    while (this.unacknowledged > 0 && this.connected && !stopped() && Date.now() - progressAt < patienceMs) {
      await new Promise((r) => setTimeout(r, 20));
      if (this.unacknowledged < left) [left, progressAt] = [this.unacknowledged, Date.now()];
    }
  }

  /** Messages not yet acknowledged by the server (they are resent after a reconnect). */
  get unacknowledged(): number {
    return this.#pending.size;
  }

  /** Message `id` as it is sent, while it is not acknowledged yet (nor refused, nor given up as too long). */
  queuedMessage(id: string): QueuedMessage | undefined {
    const p = this.#pending.get(id);
    return p ? { ...p.msg } : undefined;
  }

  // ------------------------------------------------------------------ sending

  /** Sends text to a room; returns its id. Queued while disconnected and resent until acknowledged. */
  send(room: string, text: string, kind: MessageKind = 'text', code?: CodeRef): string | undefined {
    const id = this.#newId();
    const msg: Pending['msg'] = { type: 'send', id, room: normalizeRoom(room) ?? room, text, kind };
    if (code) msg.code = code;
    return this.#enqueue(msg) ? id : undefined;
  }

  /** Sends a direct message; returns its id. */
  dm(to: string, text: string, kind: MessageKind = 'text', code?: CodeRef): string | undefined {
    const id = this.#newId();
    const msg: Pending['msg'] = { type: 'dm', id, to, text, kind };
    if (code) msg.code = code;
    return this.#enqueue(msg) ? id : undefined;
  }

  /**
   * Sends a request and resolves with the server's answer to it: its ack, or its error's message (also when the
   * connection drops first and the request cannot go again, or no answer comes within `timeoutMs` of connected
   * time: a reconnect's wait does not count). Undefined when not connected.
   */
  ask(msg: CommandMsg, timeoutMs = 15_000): Promise<Answer> | undefined {
    if (!this.connected) return undefined;
    const id = msg.id ?? this.#newId();
    return new Promise<Answer>((resolve) => {
      const asked: { done: (a: Answer) => void; wait: () => void; timer?: NodeJS.Timeout } = {
        done: (a) => {
          clearTimeout(asked.timer);
          resolve(a);
        },
        wait: () => {
          clearTimeout(asked.timer);
          asked.timer = setTimeout(() => this.#answer(id, { ok: false, message: 'the server did not answer' }), timeoutMs);
          asked.timer.unref();
        },
      };
      this.#asked.set(id, asked);
      this.request({ ...msg, id });
      // (held behind what was typed before it, its timeout starts as it goes out: a paste's lines went at the room's
      // pace for longer than it)
      if (!this.#isDue(id)) asked.wait();
    });
  }

  /**
   * The server's rooms, asked for without a word to the user (the suggestions after /join): undefined when not
   * connected, or when no list came within `timeoutMs` (refused: too many requests, or the connection dropped).
   * At most MAX_LISTED of them (a hostile server's 100,000 would be typed into every suggestion).
   */
  async listRooms(timeoutMs = 5000): Promise<RoomsMsg['rooms'] | undefined> {
    const id = this.#newId();
    const got: { rooms?: RoomsMsg['rooms'] } = {};
    this.#roomLists.set(id, got);
    try {
      const answer = await this.ask({ type: 'rooms', id }, timeoutMs);
      return answer?.ok ? got.rooms : undefined;
    } finally {
      this.#roomLists.delete(id);
    }
  }

  #answer(id: string, a: Answer): void {
    this.#unanswered.delete(id);
    this.#answerOnly(id, a);
  }

  /** Sends a command request (join, nick, topic, kick...). False when not connected. */
  request(msg: CommandMsg): boolean {
    if (!this.connected) return false;
    if (msg.type === 'join') {
      const room = normalizeRoom(msg.room) ?? msg.room;
      if (!this.#wantedRooms.includes(room)) this.#wantedRooms.push(room);
    }
    if (msg.type === 'part') this.#unwant(normalizeRoom(msg.room) ?? msg.room);
    const id = msg.id ?? this.#newId();
    // (until the server answers: a drop before then, and the hello after it said the rooms as they were)
    if (msg.type === 'join') {
      const room = normalizeRoom(msg.room) ?? msg.room;
      this.#joining.set(id, room);
      // (a part asked before it, answered or not, or still to be asked again after a drop, is not: the room is wanted
      // after all; a drop before both answers came took the user out of it)
      for (const [old, p] of this.#parting) {
        if (p.room !== room) continue;
        this.#parting.delete(old);
        if (p.unsent) this.#answer(old, { ok: false, message: `not sent: a /join of #${room} came after it` });
      }
    }
    // one whose effect depends on what was typed before it, behind a message that has not gone out (a paste going at
    // the room's pace) or a request held so, goes after them once they are in, as a resend does (#resendDue): written
    // at once, a /edit or /delete of "my last message" changed the one before it, a /part left the room before the
    // lines typed for it, a /nick renamed them
    const behind = heldBehindMessages(msg) && (this.#firstDue() < Infinity || this.#unsentMessage());
    if (msg.type === 'part') this.#parting.set(id, { room: normalizeRoom(msg.room) ?? msg.room, order: this.#order++, due: behind, ...(behind ? { unsent: true as const } : {}), ...said(msg.message) });
    if (!behind) {
      this.#pacer.spend(); // it costs a token at the server: messages queued behind it wait the longer
      this.#write({ ...msg, id });
    }
    if (msg.type !== 'join' && msg.type !== 'part') {
      this.#unanswered.set(id, { msg: { ...msg, id }, order: this.#order++, due: behind, ...(behind ? { unsent: true as const } : {}) });
      if (this.#unanswered.size > MAX_UNANSWERED) {
        const [oldest, r] = this.#unanswered.entries().next().value!;
        this.#unanswered.delete(oldest);
        // (one held behind messages, never sent: said, not dropped without a word)
        if (r.unsent) {
          this.#answer(oldest, { ok: false, message: 'not sent: too many commands were waiting' });
          this.emit('notice', 'error', `a command typed behind messages still on their way was not sent (more than ${MAX_UNANSWERED} were waiting): ${r.msg.type}`);
        }
      }
    }
    if (behind) this.#pump();
    return true;
  }

  /** Takes `room` (normalized, as #wantedRooms keeps them) out of the rooms this client asks for. */
  #unwant(room: string): void {
    const i = this.#wantedRooms.indexOf(room);
    if (i >= 0) this.#wantedRooms.splice(i, 1);
  }

  /** Whether a message waits to go out (for the pace, the window, or a resend). */
  #unsentMessage(): boolean {
    for (const p of this.#pending.values()) if (!p.sent) return true;
    return false;
  }

  /**
   * The requests a drop left without an answer will not go again (this client stops, or the server has no memory
   * of its session: `newSession`): an ask()'s caller is told, and the rest are said in a notice.
   */
  #forgetUnanswered(why: string, say = true, newSession = false): void {
    let untold = 0;
    for (const [id, r] of this.#unanswered) {
      // (one held behind messages was never sent: it goes with them, in a new session too, or is in `unsent` and
      // `queued` once this client stops; its ask() is answered then)
      if (r.unsent) {
        if (!newSession) this.#answerOnly(id, { ok: false, message: why });
        continue;
      }
      this.#unanswered.delete(id);
      if (this.#asked.has(id)) this.#answerOnly(id, { ok: false, message: why });
      else untold++;
    }
    // (a /part's: in a new session the welcome answers it, its room left out by the hello or the part sent again)
    if (!newSession) for (const id of this.#parting.keys()) this.#answerOnly(id, { ok: false, message: why });
    if (untold > 0 && say) this.emit('notice', 'error', `${untold === 1 ? 'a command' : `${untold} commands`} sent before the connection dropped may not have been done: ${why}`);
  }

  /** Answers request `id`'s ask(), if one waits, and nothing more. */
  #answerOnly(id: string, a: Answer): void {
    const asked = this.#asked.get(id);
    if (!asked) return;
    this.#asked.delete(id);
    asked.done(a);
  }

  typing(room: string): void {
    if (this.connected) this.#write({ type: 'typing', room });
  }

  /**
   * What the user typed for `room`: text is sent; a slash command is parsed and sent as a request, or
   * answered locally (/help), or reported as an error. `to`: typed in the direct conversation with them: text
   * (as typed) and `/me` go to them, other commands are as in `room`.
   */
  submit(line: string, room: string, to?: string): CommandOutcome {
    if (line.trim() === '') return { kind: 'error', message: 'nothing to send' };
    // (the room put this client out for good: queued, it waited "for the connection" that never comes)
    if (this.#putOut && !/^\/(?:quit|help)(?:\s|$)/i.test(line.trim())) return { kind: 'error', message: putOutWords(this.#putOut) };
    if (!isSlashCommand(line)) {
      if (room === '' && to === undefined) return { kind: 'error', message: NO_ROOM };
      const text = line.startsWith('//') ? line.slice(1) : line;
      const long = this.tooLong(text);
      if (long !== undefined) return { kind: 'error', message: long };
      return queuedAs(to === undefined ? this.send(room, text) : this.dm(to, text));
    }
    // (typed in a direct conversation, /edit and /delete changed your last message in the room, for everyone: a
    // direct message cannot be changed, and nothing in the room was meant)
    const change = to !== undefined ? /^\/(edit|delete)(?:\s|$)/i.exec(line) : null;
    if (change) return { kind: 'error', message: `direct messages cannot be edited or deleted; /${change[1]!.toLowerCase()} works in a room` };
    // (in a direct conversation /me is an action for that person, not for the room: it needs no room to parse)
    const dmAction = to !== undefined && /^\/me(?:\s|$)/i.test(line);
    const p = parseSlash(line, dmAction && room === '' ? to : room, (r) => this.rooms.has(r));
    if (!p.ok) return { kind: 'error', message: p.message };
    const c = p.command;
    const sized = sizedPart(c);
    const long = sized?.of === 'text' ? this.tooLong(sized.text) : undefined;
    if (long !== undefined) return { kind: 'error', message: long };
    // (the server refused it as too long, or as a malformed request past what a request carries: the topic typed was
    // gone from the box, and counted against its sender as a protocol error)
    const topic = sized?.of === 'topic' ? topicTooLong(sized.topic, this.maxTopic) : undefined;
    if (topic !== undefined) return { kind: 'error', message: `${topic}: not set` };
    switch (c.cmd) {
      case 'help':
        return { kind: 'local', lines: helpLines(c.topic) };
      case 'quit':
        // (`/quit gone for lunch`: the words leave() says in its bye, the rooms' leaves carry them)
        this.#partingWords = c.message;
        return { kind: 'quit' };
      case 'action':
        return queuedAs(dmAction ? this.dm(to, c.text, 'action') : this.send(room, c.text, 'action'));
      case 'dm':
        return queuedAs(this.dm(c.to, c.text, c.kind));
      case 'request':
        return this.request(c.msg) ? { kind: 'sent' } : { kind: 'error', message: 'not connected: try again when the connection is back' };
    }
  }

  /**
   * Why the server would refuse `text` as too long (its welcome's limits: the text's, and the line's that
   * carries it, with room for the request around it), or undefined when it fits.
   */
  tooLong(text: string, what = 'the message'): string | undefined {
    if (text.length > this.maxText) {
      return `${what} is ${withCommas(text.length)} characters long; this room takes at most ${withCommas(this.maxText)}: not sent`;
    }
    const around = 256; // the request's other fields: type, id, room, kind
    if (6 * text.length + around <= this.#maxLine) return undefined; // even as \uXXXX escapes
    const bytes = utf8Length(JSON.stringify(text));
    if (bytes + around <= this.#maxLine) return undefined;
    return `${what} is ${withCommas(bytes)} bytes encoded; this room's lines take at most ${withCommas(this.#maxLine)}: not sent`;
  }

  /**
   * Leaves the chat: says bye, closes, stops reconnecting. `back`: it means to come back at once with this session
   * (a VS Code window reloading), and the server holds its seat for a while instead of telling the room it left.
   */
  async leave(back = false): Promise<void> {
    this.#leaving = true;
    this.#clearTimers();
    this.#forgetUnanswered('you left the chat', false); // (nothing dropped: not said as if it had)
    this.#stopHostWait();
    const s = this.#socket;
    if (this.#firstWelcome) {
      this.#firstWelcome.reject(new Error('left before the server answered'));
      this.#firstWelcome = undefined;
    }
    if (s && !s.destroyed) {
      await new Promise<void>((resolve) => {
        s.once('close', () => resolve());
        // (its hello out and no answer yet, a Join cancelled: without a `bye` the room held its seat, and saw it
        // come in and, 30 s later, go)
        // (parting words a /quit typed said go with it; a reload says none)
        const words = back ? {} : said(this.#partingWords);
        if (this.#welcomed || this.#helloOn === s) s.write(encodeLine(back ? { type: 'bye', back } : { type: 'bye', ...words }));
        s.end();
        setTimeout(() => s.destroy(), 1000).unref();
      });
    }
    this.#setStatus('closed', 'you left the chat');
  }

  #newId(): string {
    return `${this.#idPrefix}-${this.#nextId++}`;
  }

  /** Whether a message or request for `room` typed before `order` still waits to go (or to be answered). */
  #typedBefore(room: string, order: number): boolean {
    const mine = (r: string | undefined) => r !== undefined && (normalizeRoom(r) ?? r) === room;
    for (const p of this.#pending.values()) if ((p.order ?? -1) < order && p.msg.type === 'send' && mine(p.msg.room)) return true;
    for (const u of this.#unanswered.values()) if (u.order < order && 'room' in u.msg && mine(u.msg.room)) return true;
    return false;
  }

  /**
   * Sends the requests held (`due`) to go in their place among what was typed: those a drop left unanswered (and the
   * parts its welcome undid), and those typed behind messages still to go (request()). In the order typed, each
   * once what was typed before it has reached the room: a `/delete` (of "my last message") sent ahead of the
   * message typed before it deleted the one before that. (#pump holds the messages typed after them.)
   */
  #resendDue(): void {
    const due: { order: number; send: () => void }[] = [];
    // of the renames a drop left unanswered only the last goes again: each is done again unless it is the name the
    // session has (see the server's handle), and two sent again flipped the name back and forth for everyone
    let lastNick = -1;
    for (const r of this.#unanswered.values()) if (r.due && r.msg.type === 'nick') lastNick = Math.max(lastNick, r.order);
    const superseded: string[] = [];
    for (const [id, r] of this.#unanswered) {
      if (!r.due) continue;
      if (r.msg.type === 'nick' && r.order < lastNick) {
        superseded.push(id);
        continue;
      }
      due.push({
        order: r.order,
        send: () => {
          r.due = false;
          delete r.unsent;
          this.#write(r.msg);
          this.#asked.get(id)?.wait(); // (its ask()'s timeout runs from now: it may have waited long)
        },
      });
    }
    for (const [old, p] of this.#parting) {
      if (!p.due) continue;
      due.push({
        order: p.order,
        send: () => {
          // (under a new id: the old one's answer went with the connection it was asked on; one never sent keeps its
          // id, which an ask() waits for)
          const id = p.unsent ? old : this.#newId();
          const asked = this.#asked.get(old);
          if (asked && id !== old) {
            this.#asked.delete(old);
            this.#asked.set(id, asked);
          }
          this.#parting.delete(old);
          this.#parting.set(id, { room: p.room, order: p.order, due: false, ...said(p.message) });
          this.#write({ type: 'part', room: p.room, id, ...said(p.message) });
          this.#asked.get(id)?.wait();
        },
      });
    }
    // (a later rename has the last word: an ask() of an earlier one is done)
    for (const id of superseded) this.#answer(id, { ok: true });
    for (const r of due.sort((a, b) => a.order - b.order)) {
      const first = this.#pending.values().next().value;
      if (first !== undefined && (first.order ?? -1) < r.order) return;
      // (at the room's pace, as messages: forty /edit held behind a paste, sent at once, were refused in part)
      if (this.#noToken()) return;
      this.#pacer.take();
      r.send();
    }
  }

  /** True when the room's pace allows nothing now: the pump runs again when it does. */
  #noToken(): boolean {
    const wait = this.#pacer.waitMs();
    if (wait <= 0) return false;
    if (!this.#pumpTimer) this.#pumpTimer = setTimeout(() => ((this.#pumpTimer = undefined), this.#pump()), wait);
    return true;
  }

  /** The order of the first request held to go in its place among what was typed (#resendDue); Infinity: none. */
  #firstDue(): number {
    let first = Infinity;
    for (const r of this.#unanswered.values()) if (r.due && r.order < first) first = r.order;
    for (const p of this.#parting.values()) if (p.due && p.order < first) first = p.order;
    return first;
  }

  /** Whether request `id` is held to go in its place among what was typed (#resendDue). */
  #isDue(id: string): boolean {
    return this.#unanswered.get(id)?.due === true || this.#parting.get(id)?.due === true;
  }

  /** Queues a message to send; false when MAX_QUEUED wait already (a file piped in while the room was away all waited in memory). */
  #enqueue(msg: Pending['msg']): boolean {
    if (this.#pending.size >= MAX_QUEUED) return false;
    this.#pending.set(msg.id, { msg, sent: false, order: this.#order++ });
    this.#pump();
    return true;
  }

  /**
   * Sends queued messages, in order, while the window and the server's rate limit allow: a paste of many lines
   * goes out at the pace the server takes (refused ones, sent again later, would land after newer ones).
   */
  #pump(): void {
    // (welcomed, not yet said connected: what was queued goes before what a listener of `connected` asks for, a
    // rename made while away among them; and nothing after a `bye`)
    if (!this.#welcomed || this.#leaving || this.#socket === undefined || this.#socket.destroyed) return;
    this.#resendDue();
    const window = this.#options.window ?? 16;
    // (a request typed before a message, held for what was typed before it, goes first: the message waits)
    const held = this.#firstDue();
    let inFlight = 0;
    for (const [id, p] of this.#pending) {
      if (p.sent) inFlight++;
      // (a message refused for the rate goes again first: one sent after it meanwhile reached the room before it)
      else if (p.retry) return;
      else {
        if (inFlight >= window || held < (p.order ?? -1)) return;
        if (this.#noToken()) return;
        const line = encodeLine(p.msg);
        if (!this.#fits(line)) {
          // the server would drop the connection for it, and it would be sent again after every reconnect
          this.#pending.delete(id);
          this.#answer(id, { ok: false, message: 'too long for this room' });
          this.emit('notice', 'error', `a message of ${withCommas(utf8Length(line))} bytes encoded is longer than this room's lines (at most ${withCommas(this.#maxLine)}): not sent`);
          continue;
        }
        this.#pacer.take();
        p.sent = true;
        p.everSent = true;
        inFlight++;
        this.#writeLine(line);
      }
    }
  }

  /** True when a line is one the server reads (not longer than its maxLine, the line end aside). */
  #fits(line: string): boolean {
    return line.length <= this.#maxLine || utf8Length(line) - 1 <= this.#maxLine;
  }

  #write(msg: ClientMessage): void {
    this.#writeLine(encodeLine(msg));
  }

  #writeLine(line: string): void {
    const s = this.#socket;
    if (s && !s.destroyed) s.write(line);
  }

  // ------------------------------------------------------------------ connection

  #open(): void {
    this.#clearTimers();
    this.#welcomed = false;
    this.#stripNick = true;
    this.#askedNick = false;
    this.#lastError = undefined;
    this.#lastHeard = 0;
    this.#splitter = new LineSplitter(1 << 20);
    const { host, port } = this.#options;
    const read = this.#options.keys?.() ?? this.#options;
    // (the invite it was given, or a host's file not written again yet, may still say a key /newkey replaced)
    const keys = this.#newestKey !== undefined && read.roomKey !== undefined && this.#replacedKeys.has(read.roomKey) ? { ...read, roomKey: this.#newestKey } : read;
    this.#keys = keys;
    const roomKey = keys.roomKey;
    const secure = roomKey !== undefined;
    const s: Socket = secure ? tlsConnect(clientTlsOptions(host, port, roomKey)) : netConnect({ host, port });
    this.#socket = s;
    s.setNoDelay(true);
    const waitMs = this.#options.connectTimeoutMs ?? 10000;
    let timeout = setTimeout(() => s.destroy(new Error(`no answer from ${host}:${port} within ${waitMs / 1000} s`)), waitMs);
    timeout.unref();
    this.#answerTimer = timeout;
    const onReady = () => {
      clearTimeout(timeout);
      // a chat server welcomes a hello at once; a port where something else listens may say nothing at all
      timeout = setTimeout(() => {
        if (this.#welcomed) return;
        // (the room answered before: it is stalled, not something else)
        s.destroy(new Error(this.#welcomedOnce ? `connected, but the room did not answer within ${waitMs / 1000} s` : `connected, but no TCP Chat room answered within ${waitMs / 1000} s (is something else on port ${port}?)`));
      }, waitMs);
      timeout.unref();
      this.#answerTimer = timeout;
      this.#lastHeard = Date.now();
      this.#write(this.#hello());
      this.#helloOn = s;
      this.#startPing();
    };
    s.once(secure ? 'secureConnect' : 'connect', onReady);
    s.on('data', (chunk: Buffer) => this.#onData(s, chunk));
    let failure = '';
    let answeredClear = false;
    s.on('error', (e: NodeJS.ErrnoException) => {
      failure = connectFailure(e, host, port);
      if (!secure || this.#lastHeard !== 0) return;
      if (/WRONG_VERSION_NUMBER|packet length too long|unknown protocol/i.test(`${e.code ?? ''} ${e.message}`)) {
        // it answered in clear text: a refusal said before any handshake (full, or too many failed attempts from
        // this address for a while), or a room that is not private; trying again later may help
        failure = `the room at ${formatAddress({ host, port })} answered without TLS: it is full or refusing this address for a while, or it is not a private room (then join without the key)`;
        answeredClear = true;
      } else if (e.message === IMPOSTOR) {
        // a server without the key passing for the room: nothing more goes to it
        this.#lastError = { type: 'error', code: 'key_required', message: `${formatAddress({ host, port })}: ${IMPOSTOR}` };
        CLIENT_MADE.add(this.#lastError);
      } else if (/ALERT/.test(e.code ?? '') || /\balert\b/i.test(e.message)) {
        // the server refused the handshake (an alert: the key is wrong); retrying cannot help. A connection reset or
        // closed before the handshake ended ("socket disconnected before secure TLS connection was established": a
        // room busy with handshakes, a network blip) is no refusal: it was taken for one, and the client gave up
        this.#lastError = { type: 'error', code: 'key_required', message: `the room at ${host}:${port} did not accept this room key: ask the host for a new invite` };
        CLIENT_MADE.add(this.#lastError);
      }
    });
    s.on('close', () => {
      clearTimeout(timeout);
      if (s !== this.#socket) return;
      // a room that lets plain clients in takes a hello that comes late (a lost packet) for a plain client's silence,
      // and says NICK in clear: tried once more at once (that room then waits longer for this address's hello)
      if (answeredClear && this.#firstWelcome && !this.#triedAgain && !this.#leaving) {
        this.#triedAgain = true;
        this.#open();
        return;
      }
      this.#onClosed(failure);
    });
  }

  #hello(): ClientMessage {
    // the rooms it is in, but one it asked to leave, and those it asked to enter (their answers lost in a drop: a
    // /part was undone, a /join dropped without a word). A room left with something typed for it before the part
    // still to go is asked for: the part goes after it (a seat not held that long came back without the room,
    // and the /topic and message typed before the part were refused)
    const parting = new Set([...this.#parting.values()].filter((p) => !this.#typedBefore(p.room, p.order)).map((p) => p.room));
    const now = [...this.rooms.keys()].filter((r) => !parting.has(r));
    for (const r of this.#joining.values()) if (!now.includes(r)) now.push(r);
    const rooms = now.length > 0 || this.rooms.size > 0 ? now : this.#wantedRooms;
    // (no prototype: a room called __proto__ is a key like any other)
    const resume: Record<string, ResumePoint> = Object.create(null) as Record<string, ResumePoint>;
    for (const r of this.rooms.values()) if (r.seq > 0) resume[r.name] = { epoch: r.epoch, seq: r.seq };
    const hello: ClientMessage = { type: 'hello', v: PROTOCOL_VERSION, nick: this.nick, client: this.#options.clientName ?? `tcp-chat/${APP_VERSION}` };
    // (in no room, having left them all: said as `rooms: []`, which a room that knows the session takes for none; left
    // out, a drop after /part of the last room put it back in #general, announced)
    if (rooms.length > 0 || (this.#session !== undefined && (this.rooms.size > 0 || this.#leftEveryRoom))) hello.rooms = rooms;
    if (Object.keys(resume).length > 0) hello.resume = resume;
    if (this.#session) {
      hello.session = this.#session;
      hello.dmSeq = this.#dmSeq;
    }
    if (this.#keys.ownerKey) hello.ownerKey = this.#keys.ownerKey;
    return hello;
  }

  #onData(s: Socket, chunk: Buffer): void {
    if (s !== this.#socket) return;
    this.#lastHeard = Date.now();
    // (the answer to a ping: the next one is due pingAfterMs from now. Left to the wake armed for the give-up, it
    // would come a round trip too soon, find nothing due yet and sleep again: two wakes for every ping)
    if (this.#pingSent) this.#pingAnswered();
    let data: Uint8Array = chunk;
    if (this.#stripNick) {
      // a server that took us for a plain client says NICK first; it switches to JSON when our hello arrives
      this.#stripNick = false;
      if (data.length >= 4 && Buffer.from(data.subarray(0, 4)).toString('latin1') === 'NICK') {
        data = data.subarray(4);
        this.#askedNick = true;
      }
    }
    // (a line after one that ended this connection's use, in the same chunk, is not read: see #onWelcome)
    const r = this.#splitter?.push(data, (line) => {
      if (s === this.#socket) this.#onLine(line);
    });
    if (r === 'too_long') s.destroy(new Error('the server sent a line longer than 1 MiB'));
  }

  #onLine(line: Uint8Array): void {
    if (line.length === 0) return;
    let d: ReturnType<typeof decodeServerLine>;
    try {
      d = decodeServerLine(line);
    } catch (e) {
      // (a bug of ours in reading what a server sent: that line is lost, not the client and the lines after it)
      d = { ok: false, code: 'bad_message', message: (e as Error).message };
    }
    if (!d.ok && !this.#welcomed) {
      // before any welcome it is not a bad message from a chat server: something else listens there (ssh, http...)
      // (`stream`: a character cut at the 200th byte is left out, not shown as U+FFFD)
      const chars = [...cleanLine(new TextDecoder().decode(line.subarray(0, 200), { stream: true }))];
      // (cut short where it is long, and said so: a quote that stops mid-word read as the whole answer)
      const said = chars.length > 60 ? `${chars.slice(0, 59).join('')}…` : `${chars.join('')}${line.length > 200 ? '…' : ''}`;
      // (a server that asked NICK and then sent our own hello back, as the tutorial's does with every line: quoted,
      // the hello read as if the server had written it)
      const plainRoom = this.#askedNick && chars.join('').startsWith('{"type":"hello"');
      // (a TCP Chat server refusing a connection whose hello came after the moment it tells a plain client, in its
      // words (a busy machine): `error: too many connections ...` was "not a TCP Chat room: it said ...")
      const refusal = /^error: (.+)$/.exec(said)?.[1];
      this.#socket?.destroy(
        new Error(
          plainRoom
            ? `a plain-text chat room, not a TCP Chat one (it asked for a NICK and sent our hello back, as the Python tutorial's server does): join it with nc ${this.#options.host} ${this.#options.port}`
            : refusal !== undefined
              ? `the server refused the connection: ${refusal}`
              : `not a TCP Chat room: it said "${said}"`,
        ),
      );
      return;
    }
    if (!d.ok) {
      this.emit('notice', 'error', `ignored a malformed message from the server (${d.message})`);
      return;
    }
    try {
      this.#apply(d.msg);
    } catch (e) {
      // a listener's bug, or a server we could not understand: say so, never crash the extension host or CLI
      this.emit('notice', 'error', `could not handle a "${d.msg.type}" message from the server: ${(e as Error).message}`);
    }
  }

  #onClosed(failure: string): void {
    this.#clearTimers();
    // (a request it will send again once back is answered then: its ask() waits, its timeout stopped till then)
    // (so is a /part: it goes again, or the hello leaves its room out; a join's answer is the welcome's rooms)
    for (const [id, asked] of [...this.#asked]) {
      if (!this.#unanswered.has(id) && !this.#parting.has(id)) this.#answer(id, { ok: false, message: DROPPED });
      else clearTimeout(asked.timer);
    }
    const wasWelcomed = this.#welcomed;
    this.#welcomed = false;
    for (const p of this.#pending.values()) {
      // (not a room's close: it answered all it read before its `shutdown`, and what it had not read it never will)
      if (p.sent && this.#shutdownReason === undefined) p.beforeDrop = true;
      p.sent = false;
      delete p.retry;
    }
    let err = this.#lastError;
    // the owner of a headless host that restarted: this try may have read the host's file before the new host wrote
    // its keys (the last ones are kept while the file is gone), and met the new room key with the old one. Keys
    // that differ now are tried: refused only for a key that is still the one refused
    if (err?.code === 'key_required' && wasWelcomed === false && this.#welcomedOnce && this.#options.keys && this.#options.keys().roomKey !== this.#keys.roomKey) {
      this.#lastError = undefined;
      err = undefined;
    }
    if (this.#firstWelcome && !wasWelcomed) {
      const why = err ? err.message : failure || 'the server closed the connection';
      // (`server`: the words are the server's, not this client's)
      const e = Object.assign(new Error(why), { code: err?.code ?? 'connect_failed', suggestion: err?.suggestion, server: err !== undefined && !CLIENT_MADE.has(err) });
      this.#firstWelcome.reject(e);
      this.#firstWelcome = undefined;
      this.#setStatus('closed', why);
      return;
    }
    if (this.#leaving || this.#gaveUpWaiting) return;
    if (err && FATAL.has(err.code)) {
      this.#stopTrying();
      if (err.code === 'kicked' || err.code === 'banned') this.#putOut = err.code;
      this.#setStatus('closed', err.message);
      return;
    }
    if (err?.code === 'nick_taken' && err.suggestion) {
      this.emit('notice', 'info', `your nickname ${this.nick} was taken while you were away; you are now ${err.suggestion}`);
      this.nick = err.suggestion;
    }
    if (this.#shutdownReason !== undefined && !this.#options.reconnectAfterShutdown) {
      this.#stopTrying();
      this.#setStatus('closed', this.#shutdownReason);
      return;
    }
    if (this.#options.reconnect === false) {
      this.#stopTrying();
      this.#setStatus('closed', failure || 'the connection closed');
      return;
    }
    if (this.#shutdownReason !== undefined && this.#options.hostWaitMs !== undefined) this.#startHostWait(this.#shutdownReason, this.#options.hostWaitMs);
    const min = this.#options.backoffMinMs ?? 250;
    const max = this.#options.backoffMaxMs ?? 10_000;
    // a connection that lasted starts the backoff over; one that a server welcomes and drops at once does not
    // (it would be tried again ~8 times a second for ever)
    if (this.#welcomedAt !== undefined && performance.now() - this.#welcomedAt >= max) this.#attempt = 0;
    this.#welcomedAt = undefined;
    const delay = Math.round(Math.random() * Math.min(max, min * 2 ** this.#attempt));
    this.#attempt++;
    // (waiting for a room its host closed, that nobody listens on the port is what is expected: not said; any
    // other failure is, a refusal by the room come back for one)
    const said = failure && !(this.#shutdownReason !== undefined && failure.startsWith('nobody is listening')) ? ` (${failure})` : '';
    const why = this.#shutdownReason !== undefined ? `${this.#shutdownReason}; waiting for it to come back${said}` : `connection lost${said}`;
    this.#retry = { why, at: performance.now() + delay };
    this.#retryTimer = setTimeout(() => this.#open(), delay);
    this.#setStatus(this.#shutdownReason !== undefined ? 'closed' : 'reconnecting', retryWords(why, (delay / 1000).toFixed(1)));
  }

  #startHostWait(reason: string, ms: number): void {
    if (this.#hostWait) return;
    this.#hostWait = setTimeout(() => {
      this.#hostWait = undefined;
      this.#gaveUpWaiting = true;
      this.#clearTimers();
      this.#forgetUnanswered(DROPPED);
      this.#socket?.destroy(); // an attempt under way ends in onClosed, which now stops
      this.#setStatus('closed', `${reason}; it did not come back within ${waitSpan(ms)}`);
    }, ms);
    this.#hostWait.unref();
  }

  /** Stopped for good (refused, or not to reconnect): not waiting for the room any more. */
  #stopTrying(): void {
    this.#stopped = true;
    this.#stopHostWait();
    this.#forgetUnanswered(DROPPED);
  }

  #stopHostWait(): void {
    if (this.#hostWait) clearTimeout(this.#hostWait);
    this.#hostWait = undefined;
  }

  // The connection's liveness is one timer armed for the next thing due (a ping once the server has been silent for
  // pingAfterMs, the end once it has for twice that), not a check every pingAfterMs / 2 whether or not anything is
  // (an idle chat woke 6 times a minute, and pinged up to 10 s late). A line heard moves the deadline but not the
  // timer: it finds lastHeard moved when it runs and sleeps again (a re-arm for every line cost more under load).
  #startPing(): void {
    this.#pingSent = false;
    this.#pingWake.at(this.#lastHeard + this.#pingAfterMs);
  }

  #pingDue(late = 0): void {
    const now = Date.now();
    // (a wake far later than due: this process was stopped, or the clock moved on; what the server said meanwhile is
    // still unread, so the pause is no silence of its: it is pinged. A clock set back put lastHeard ahead of now.)
    if (this.#lastHeard > now) this.#lastHeard = now;
    else if (late > 1000 && this.#lastHeard !== 0) this.#lastHeard = Math.max(this.#lastHeard, now - this.#pingAfterMs);
    const quiet = now - this.#lastHeard;
    if (quiet >= 2 * this.#pingAfterMs) {
      this.#socket?.destroy(new Error(`no answer from the server for ${Math.round(quiet / 1000)} s`));
      return;
    }
    if (quiet >= this.#pingAfterMs && !this.#pingSent) {
      this.#pingSent = true;
      this.#write({ type: 'ping', t: Date.now() });
    }
    this.#pingWake.at(this.#lastHeard + (this.#pingSent ? 2 : 1) * this.#pingAfterMs);
  }

  #pingAnswered(): void {
    this.#pingSent = false;
    this.#pingWake.stop(); // (armed for the give-up: the next ping is later than that)
    this.#pingWake.at(this.#lastHeard + this.#pingAfterMs);
  }

  #clearTimers(): void {
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    this.#retry = undefined;
    this.#pingWake.stop();
    this.#pingSent = false; // (so a line read after it, before the socket closes, arms nothing)
    if (this.#pumpTimer) clearTimeout(this.#pumpTimer);
    this.#retryTimer = undefined;
    this.#pumpTimer = undefined;
  }

  #setStatus(status: ConnectionStatus, text: string): void {
    if (this.status === status && this.statusText === text) return;
    this.status = status;
    this.statusText = text;
    this.emit('status', status, text);
  }

  // ------------------------------------------------------------------ state

  #apply(msg: ServerMessage): void {
    if (isRoomEvent(msg)) {
      const kept = this.rooms.apply(msg, this.maxText, this.nick);
      if (kept?.type === 'nick') this.#partnerRenamed(kept.from, kept.to, kept.time);
      if (kept) this.#emitServer(kept);
      return;
    }
    switch (msg.type) {
      case 'ping':
        this.#write(msg.t === undefined ? { type: 'pong' } : { type: 'pong', t: msg.t });
        return;
      case 'pong':
        return;
      case 'welcome':
        return this.#onWelcome(msg);
      case 'room':
        // only a room it asked for, and not past MAX_ROOMS: a server sending rooms nobody asked for filled memory
        if (!this.rooms.has(msg.name) && (this.rooms.size >= MAX_ROOMS || !this.#wantedRooms.some((r) => normalizeRoom(r) === msg.name))) return;
        if (this.rooms.upsert(msg)) this.#saidAnew(msg.name);
        this.#leftEveryRoom = false;
        for (const [id, r] of this.#joining) if (r === msg.name) this.#joining.delete(id);
        break;
      case 'rooms': {
        // a list asked for quietly (listRooms): its answer, not said to the user
        const quiet = msg.id !== undefined ? this.#roomLists.get(msg.id) : undefined;
        if (quiet) {
          quiet.rooms = msg.rooms.slice(0, MAX_LISTED);
          return;
        }
        // (/rooms typed: as a room's members, cut, and said so; a hostile server's 100,000 were a notice of megabytes)
        if (msg.rooms.length > MAX_LISTED) {
          this.#emitServer({ ...msg, rooms: msg.rooms.slice(0, MAX_LISTED) });
          return this.#emitServer({ type: 'info', text: `(and ${withCommas(msg.rooms.length - MAX_LISTED)} more rooms, not shown)` });
        }
        break;
      }
      case 'who':
        // (an answer for a room this client is not in: a server of ours answers a /who of a member's rooms only, and
        // a hostile server's `who` for rooms nobody joined made a tab in the panel for each)
        if (!this.rooms.has(msg.room)) return;
        // (as a room's members: a hostile server's 100,000 cost the panel seconds at every redraw)
        if (msg.members.length > MAX_MEMBERS) return this.#emitServer({ ...msg, members: msg.members.slice(0, MAX_MEMBERS) });
        break;
      case 'synced': {
        const room = this.rooms.get(msg.room);
        // (a room this client is not in has no history to say anything of: a hostile server's `synced` with a gap for
        // rooms nobody joined was a notice each, naming them)
        if (!room) return;
        const anew = room.startedAnew === true;
        room.synced = true;
        room.startedAnew = false;
        room.resumed = false;
        // (a room its host started anew has no history from before: that is what its gap says, and it was said)
        if (msg.gap && !anew) this.emit('notice', 'info', `#${msg.room}: earlier messages may be missing (the history sent did not reach back far enough)`, 'gap');
        break;
      }
      case 'parted':
        this.rooms.delete(msg.room);
        for (const [id, p] of this.#parting) if (p.room === msg.room) this.#parting.delete(id);
        if (this.rooms.size === 0) this.#leftEveryRoom = true;
        break;
      case 'dm':
        if (msg.seq !== undefined) {
          if (msg.seq <= this.#dmSeq) return; // seen before the connection dropped: sent again on resume
          this.#dmSeq = msg.seq;
        }
        {
          const dm = withinMaxText(msg, this.maxText); // as a room's text
          this.dms.push(dm);
          this.#dmPartners.set(dm, this.partnerOf(dm)); // (the other side, as it is called now)
          if (this.dms.length > Math.min(this.#keep, MAX_DMS)) this.dms.shift();
          return this.#emitServer(dm);
        }
      case 'ack':
        // (a /join of a room it is in, a /part, answered: the server has done what it will with them)
        this.#joining.delete(msg.id);
        this.#parting.delete(msg.id);
        this.#pending.delete(msg.id);
        this.#pump();
        this.#answer(msg.id, msg.seq === undefined ? { ok: true } : { ok: true, seq: msg.seq });
        return this.#emitServer(msg);
      case 'error':
        return this.#onError(msg);
      case 'away': {
        const m = this.rooms.get(msg.room)?.members.find((x) => x.nick === msg.nick);
        if (!m) return;
        if (msg.away) m.away = true;
        else delete m.away;
        break;
      }
      case 'you':
        this.nick = msg.nick;
        this.#knownAs(msg.nick, msg.time);
        this.role = msg.role;
        break;
      case 'shutdown':
        this.#shutdownReason = msg.reason;
        break;
      case 'key':
        return this.#onRoomKey(msg.key, msg.by);
    }
    this.#emitServer(msg);
  }

  /** A /newkey's new room key, over this private room's TLS connection: kept for the reconnects, and said. */
  #onRoomKey(key: string, by: string): void {
    const was = this.#keys.roomKey;
    // (a connection without a key is in clear: no room key comes that way from a room of ours)
    if (was === undefined || was === key) return;
    this.#replacedKeys.add(was);
    this.#replacedKeys.delete(key);
    // (the first ones are those an invite or a host's file still says; a host sending key after key fills nothing)
    if (this.#replacedKeys.size > MAX_REPLACED_KEYS) this.#replacedKeys.delete([...this.#replacedKeys][1]!);
    this.#newestKey = key;
    this.#keys = { ...this.#keys, roomKey: key };
    this.emit('roomKey', key);
    // (the owner who asked hears the server's own answer)
    if (by !== this.nick) this.#emitServer({ type: 'info', text: `${by} made a new room key: the invites given before let nobody in now. You stay in, and your reconnects use the new key.` });
  }

  #emitServer(msg: ServerMessage): void {
    this.emit('server', msg);
  }

  #onWelcome(msg: WelcomeMsg): void {
    // the owner of a headless host that restarted: this try read the host's file before the new host wrote its keys
    // (the last ones are kept while the file is gone), and the room took it for a member. Keys that differ now are
    // tried at once: this connection says bye and another comes with them (it stayed a member until it dropped)
    const s = this.#socket;
    if (s && msg.role !== 'owner' && this.#keys.ownerKey && this.#options.keys && this.#options.keys().ownerKey !== this.#keys.ownerKey) {
      clearTimeout(this.#answerTimer);
      this.#socket = undefined; // (what else it says is not read, and its close is no drop)
      s.end(encodeLine({ type: 'bye' }));
      setTimeout(() => s.destroy(), 1000).unref();
      this.#open();
      return;
    }
    // (the rooms it keeps, and no more, are the ones it passes on: a hostile server's welcome into 1,000 rooms, of
    // which the client keeps MAX_ROOMS, made the panel a tab for each, dead ones past those)
    if (msg.rooms.length > MAX_ROOMS) msg = { ...msg, rooms: msg.rooms.slice(0, MAX_ROOMS) };
    this.#welcomed = true;
    // (it ran out 10 s after each connection, a welcome or not, to find it welcomed)
    clearTimeout(this.#answerTimer);
    this.#answerTimer = undefined;
    this.#welcomedOnce = true;
    this.#welcomedAt = performance.now();
    this.#shutdownReason = undefined;
    this.#stopped = false;
    this.#stopHostWait();
    this.nick = msg.nick;
    this.#knownAs(msg.nick);
    this.role = msg.role;
    if (Number.isSafeInteger(msg.limits?.maxText) && msg.limits.maxText > 0) this.maxText = msg.limits.maxText;
    if (Number.isSafeInteger(msg.limits?.maxLine) && msg.limits.maxLine > 0) this.#maxLine = msg.limits.maxLine;
    this.maxTopic = maxTopicOf(msg.limits?.maxTopic);
    // the same session's tokens go on at the server (a new connection's are its session's): so do this side's, or a
    // fresh burst sent into a spent bucket was refused in part, and what was sent after it went in first
    if (msg.session !== this.#session || !this.#pacerLimits || this.#pacerLimits.burst !== msg.limits?.rateBurst || this.#pacerLimits.perSecond !== msg.limits?.ratePerSecond) {
      this.#pacer = pacerFor(msg.limits?.rateBurst, msg.limits?.ratePerSecond);
      this.#pacerLimits = { burst: msg.limits?.rateBurst, perSecond: msg.limits?.ratePerSecond };
    }
    if (msg.session !== this.#session) {
      // (a server that does not know the session does not know what it did of them either)
      this.#forgetUnanswered('the room no longer knew this connection\'s session', true, true);
      this.#dmSeq = 0; // a new session numbers its direct messages from 1
      // and the nicknames of the old one are not this session's (its direct messages went with it)
      this.#nicknames.clear();
      this.#nickSince.clear();
      this.#knownAs(msg.nick);
    }
    this.#session = msg.session;
    // (the hello asked for the rooms as they were to be: the welcome is the answer; but a seat held for this session
    // keeps its rooms whatever the hello says: a /part that never reached the server is asked for again)
    this.#joining.clear();
    const named = new Set(msg.rooms.map((r) => r.name));
    for (const name of [...this.rooms.keys()]) if (!named.has(name)) this.rooms.delete(name);
    const anew = msg.rooms.filter((r) => this.rooms.upsert(r));
    const parting = new Set<string>();
    for (const [id, p] of this.#parting) {
      if (!this.rooms.has(p.room) || parting.has(p.room)) {
        // (done: the hello left the room out; or another /part of it goes)
        this.#parting.delete(id);
        this.#answerOnly(id, { ok: true });
      } else {
        parting.add(p.room);
        p.due = true;
      }
    }
    for (const r of this.#unanswered.values()) r.due = true; // (an ask()'s timeout runs again as it goes out)
    this.#pump();
    this.#setStatus('connected', `connected to ${formatAddress(this.#options)}`);
    for (const r of anew) this.#saidAnew(r.name);
    this.#emitServer(msg);
    if (this.#firstWelcome) {
      this.#firstWelcome.resolve(msg);
      this.#firstWelcome = undefined;
    }
    this.#pump();
  }

  /**
   * Whether an event this client passes on for `room` now is news to the user: live (the room is synced), or in
   * the replay after a reconnect (missed meanwhile), not the history a first entry replays.
   */
  isNews(room: string): boolean {
    const r = this.rooms.get(room);
    return r !== undefined && (r.synced || r.resumed === true);
  }

  /**
   * Who direct message `d` (one of `dms`) is with now: the other side's nickname, following their renames since.
   * The panel files direct messages by it, so a conversation goes on under the partner's new nickname.
   */
  partnerOf(d: DmEvent): string {
    return this.#dmPartners.get(d) ?? (this.isOwnDm(d) ? d.to : d.from);
  }

  /** Whether direct message `d` (one of `dms`) is this client's: written under a nickname it had then. */
  isOwnDm(d: DmEvent): boolean {
    return sentUnder([...this.#nicknames], d, this.#nickSince);
  }

  /**
   * `from` is called `to` since `time`: the direct messages with `from` up to then are with `to` now. (A room's
   * history replays old renames when you join it: one older than a message is not about its partner.)
   */
  #partnerRenamed(from: string, to: string, time: number): void {
    // yours: from the nickname you had then (the `you` before or after it), where the times of yours are known;
    // else from or to the one you have (a rename of your partner's to a name you took later is theirs)
    const then = nickAt([...this.#nicknames], this.#nickSince, time);
    if (then !== undefined ? then === from || then === to : from === this.nick || to === this.nick) return;
    for (const d of this.dms) if (d.time <= time && this.partnerOf(d) === from) this.#dmPartners.set(d, to);
  }

  /** The nicknames this client had in its session, the latest last (at most MAX_OWN_NICKS). */
  get ownNicks(): string[] {
    return [...this.#nicknames];
  }

  /** When each of `ownNicks` became this client's, where known: what `nicknameSince` takes. */
  get ownNickSince(): [string, number][] {
    return [...this.#nickSince];
  }

  /** `nick` is this client's, since `time` when known (a rename's). */
  #knownAs(nick: string, time?: number): void {
    if (nick === [...this.#nicknames].at(-1)) {
      if (time !== undefined) this.#nickSince.set(nick, time);
      return; // (a welcome after a reconnect: still that nickname, since the time known)
    }
    this.#nicknames.delete(nick);
    this.#nicknames.add(nick);
    if (time !== undefined) this.#nickSince.set(nick, time);
    else this.#nickSince.delete(nick); // (a time it had before is not when it became this client's again)
    if (this.#nicknames.size > MAX_OWN_NICKS) {
      const oldest = this.#nicknames.values().next().value!;
      this.#nicknames.delete(oldest);
      this.#nickSince.delete(oldest);
    }
  }

  /**
   * Room `name` was started anew by its host: said before its history is replayed (at its sync, after the
   * replay, it read as if that history were from before).
   */
  #saidAnew(name: string): void {
    this.emit('notice', 'info', `#${name} was started anew by its host: what was said before is not in it`, 'gap');
  }

  #onError(msg: ErrorMsg): void {
    if (!this.#welcomed) this.#lastError = msg;
    // the end of the connection (kicked, banned...) comes with no id; a request's refusal (a /nick with a bad
    // name: nick_invalid) only answers the request
    if (FATAL.has(msg.code) && msg.id === undefined) this.#lastError = msg;
    if (msg.id !== undefined) this.#answer(msg.id, { ok: false, message: msg.message, server: true });
    if (msg.id !== undefined) {
      // a /join refused (too many rooms, full): the room is not wanted after all, or every refused /join stayed in
      // #wantedRooms for the client's life, and the hello after a drop with no room left asked for them all again
      const refused = this.#joining.get(msg.id);
      if (refused !== undefined && !this.rooms.has(refused)) this.#unwant(refused);
      this.#joining.delete(msg.id);
      this.#parting.delete(msg.id);
    }
    if (msg.id !== undefined && this.#pending.has(msg.id)) {
      if (msg.code === 'rate_limited') {
        // not lost: sent again after a pause (so not "not sent", as the server's words say: nothing to show), and
        // before anything after it
        const p = this.#pending.get(msg.id);
        if (!p || !p.sent) return; // (an answer of a connection before: its resend is on its way)
        p.sent = false;
        p.retry = true;
        setTimeout(() => {
          if (this.#pending.get(msg.id ?? '') === p && p.retry) {
            delete p.retry;
            this.#pump();
          }
        }, 1000).unref();
        return;
      } else {
        const p = this.#pending.get(msg.id);
        this.#pending.delete(msg.id);
        this.#pump();
        this.#emitServer(msg);
        if (p) this.emit('refused', p.msg);
        return;
      }
    }
    this.#emitServer(msg);
  }
}

/**
 * Whether what a request does depends on the messages typed before it (request() holds it behind them): a /part, a
 * /nick, a /edit or /delete of "my last message". Not a /join (nothing typed before it is for the room it enters),
 * a question, or what names its target (a reaction, the panel's edit of a message, a kick, a topic): those go at
 * once, not seconds later behind a long paste.
 */
export function heldBehindMessages(msg: ClientMessage): msg is HeldCommand {
  if (msg.type === 'part' || msg.type === 'nick') return true;
  return (msg.type === 'edit' || msg.type === 'delete') && msg.target === 0;
}

/** The slowest rate a server of ours announces (a host's `--limit ratePerSecond=` below it is refused). */
const MIN_RATE = MIN_LIMITS.ratePerSecond ?? 1;

/** Errors this client says as if the server had (a TLS handshake the key failed): not the server's words. */
const CLIENT_MADE = new WeakSet<ErrorMsg>();

/**
 * The server's token bucket as a client keeps to it: two tokens fewer and a tenth slower, so that lines that
 * reach the server closer together than they were sent (a network's jitter) still find a token there.
 */
function pacerFor(burst: number | undefined, perSecond: number | undefined): RateLimiter {
  // (a welcome from an older server has neither: the default limits)
  const b = burst !== undefined && Number.isSafeInteger(burst) && burst > 0 ? burst : DEFAULT_LIMITS.rateBurst;
  const r = perSecond !== undefined && Number.isFinite(perSecond) && perSecond > 0 ? perSecond : DEFAULT_LIMITS.ratePerSecond;
  // no server of ours allows less than MIN_LIMITS' rate; a hostile one's 1e-7 a second would be a wait of
  // years, which setTimeout takes for 1 ms: a busy loop
  return new RateLimiter(Math.max(1, b - 2), Math.max(r, MIN_RATE) * 0.9);
}

/** Why a connection to host:port failed, in words for the person who typed the address. */
export function connectFailure(e: NodeJS.ErrnoException, host: string, port: number): string {
  switch (e.code) {
    case 'ECONNREFUSED':
      return `nobody is listening on ${formatAddress({ host, port })}`;
    case 'ENOTFOUND':
      return `no machine called "${host}" was found (check the address)`;
    case 'EAI_AGAIN':
      return `"${host}" could not be looked up (no network, or no name server answered)`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `${host} cannot be reached from this machine (${e.code})`;
    default:
      return e.message.split('\n')[0] ?? e.message;
  }
}

/** Parting words as an optional `message` field: none for undefined. */
function said(message: string | undefined): { message?: string } {
  return message !== undefined ? { message } : {};
}
