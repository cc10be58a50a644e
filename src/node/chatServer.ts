// The chat server: accepts TCP connections, tells rich clients from plain ones, and owns the rooms, nicknames,
// roles, bans and sessions. Every request from any peer goes through `handle`; one bad peer is refused or
// disconnected without the others noticing.

import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer, type Server as TlsServer } from 'node:tls';
import { randomBytes } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import type { ClientMessage, CodeRef, DmEvent, ErrorCode, HelloMsg, MessageEvent, Role, RoomEvent, ServerMessage } from '../protocol/messages';
import { PROTOCOL_VERSION } from '../protocol/messages';
import { DEFAULT_LIMITS, REASON_MAX, type Limits } from '../protocol/limits';
import { isPunycodeForm, lettersNote, nickError, nickKey, nickKeys, normalizeRoom, roomReading, suggestNick } from '../protocol/names';
import { keyNamed } from '../protocol/keyNamed';
import { isReaction, MAX_REACTORS, REACTIONS, withReaction } from '../protocol/reactions';
import { changedMessage, type MessageChange } from '../protocol/messageChanges';
import { blankText, cleanLine, cleanPath, cleanText, withoutInvisible } from '../protocol/text';
import { partingWords } from '../protocol/partingWords';
import { cutAt } from '../protocol/cutAt';
import { quoteWords } from '../protocol/quoteWords';
import { andList } from '../protocol/andList';
import { utf8BomLength, utf8Length } from '../protocol/encoding';
import { firstBytes } from '../protocol/firstBytes';
import { withCommas } from '../protocol/counts';
import { DEFAULT_ROOM } from '../protocol/plainFormat';
import { encodeLine } from '../protocol/codec';
import { APP_VERSION } from '../protocol/appVersion';
import { httpRefusal, isHttpRequestLine } from '../protocol/httpRequest';
import { ircRefusal, isIrcRegistration } from '../protocol/ircRegistration';
import { Connection, isLoopback, normalizeAddress } from './connection';
import { FlushRounds } from './flushRounds';
import { FailureLimiter } from './failureLimiter';
import { createRoomKey, sameSecret, serverTlsOptions } from './roomKey';
import { Outbound } from './outbound';
import { welcomeChunks } from './welcomeLine';
import { AcceptedIds, forgetOldest } from './acceptedIds';
import { newSessionToken } from './sessionToken';
import { Peer, type PeerHost, type SessionRecord } from './peer';
import { RichPeer } from './richPeer';
import { PlainPeer } from './plainPeer';
import { addressKey, ConnectThrottle } from './connectThrottle';
import { SlowHelloAddresses } from './slowHelloAddresses';
import { asciiNick } from '../protocol/asciiNick';
import { asciiRoom } from '../protocol/asciiRoom';
import { Room, type NewEvent } from './room';
import { HistoryBudget } from './historyBudget';
import { LogThrottle } from './logThrottle';
import { WakeAt } from './wakeAt';
import { NickHolders } from './nickHolders';
import { HistoryStore, keepAside, keepOriginal, loadState, MAX_UNSAVED, type SavedBan, type SavedSeat, type SavedState } from './historyStore';
import { BanList } from './banList';
import { KeptDms } from './keptDms';

// (tests size their floods by it)
export { DM_KEEP_UNITS } from './keptDms';

export const SERVER_NAME = `tcp-chat/${APP_VERSION}`;

export interface ChatServerOptions {
  /** Address to bind; default 127.0.0.1. */
  host?: string;
  /** Port; 0 picks a free one. Default 55555. */
  port?: number;
  limits?: Partial<Limits>;
  /** The host's owner secret (random when absent): a hello carrying it gets the owner role. */
  ownerKey?: string;
  /** Lines for the host's log: joins, leaves, refusals, with their kind. */
  log?: (line: string, kind: LogKind) => void;
  /** How long a disconnected session's resend de-duplication is kept. Default 10 minutes. */
  sessionTtlMs?: number;
  /** The room key: rich clients must connect over TLS with it (PSK); without it the room is open. */
  roomKey?: string;
  /**
   * With `roomKey` and `historyFile`: the room key the file saved (a private room's, restarted) is the key, not
   * `roomKey`, so the invites given before the restart still let their holders in (`roomKey` when the file has
   * none). The key is saved in the file whether or not this is set.
   */
  keepRoomKey?: boolean;
  /**
   * The owner made a new room key (/newkey), in the history file already when there is one: e.g. for a host's
   * owner-key file, which its owner's other windows join by.
   */
  onRoomKey?: (key: string) => void;
  /**
   * Keep each room's history (and the resend de-duplication) in this file, across restarts. The constructor
   * throws when something else is there (not a history file, a directory, unreadable): it is never written over.
   * A damaged history file is moved aside (`<file>.damaged-<time>`) and history starts empty.
   */
  historyFile?: string;
  /** With `historyFile`: start with no history, whatever the file holds (it is written over once this host holds it). */
  freshHistory?: boolean;
  /** On a keyed room, let plain-text clients in after they answer PASS with the room key (sent in clear!). */
  allowPlain?: boolean;
  /**
   * How long a rich client's seat is held after its connection ended without a goodbye (or was cut for silence), or
   * with one that says it is coming back (`bye` with `back`: a VS Code window reloading): its rooms hear no leave
   * until then, and nothing at all when the session resumes in time. Default 30 s; 0 turns it off.
   */
  holdSeatMs?: number;
  /**
   * Refuse a loopback address after its failed room keys as any other (tests only: they connect from 127.0.0.1).
   * By default failures from loopback are counted and logged, never refused: everyone who comes through an SSH
   * tunnel or port forward shares it, the host's own `--owner` connects there, and one local guesser's five wrong
   * keys kept them all out, for up to an hour (a 192-bit key is guessed by no one, refused or not).
   */
  blockLoopback?: boolean;
}

export type LogKind = 'join' | 'leave' | 'info' | 'warn';

const MAX_ACCEPTED_IDS = 1000;
/**
 * Ids a session keeps once its connection is gone: what its client may send again when it comes back (our client
 * has at most 16 messages and 64 requests on their way). And the ids all such sessions keep together, for each
 * client the server takes (100,000 by default), those that left first losing theirs first: one address opening
 * session after session, each with 1,000 long ids, grew the history file by 21 MB in two minutes, and every save
 * froze the room for 200 ms.
 */
const KEPT_IDS_AWAY = 96;
const KEPT_IDS_AWAY_PER_CLIENT = 50;
/**
 * How long the ids of an expired session are kept, within the same budget: a client away longer than the session
 * lives (a laptop closed over lunch) comes back in a new session and sends again what it had not heard acknowledged;
 * what the old session had posted of it was posted twice.
 */
const LAPSED_IDS_MS = 24 * 60 * 60_000;
/**
 * How far past a saved room's last event number, or a session's last direct message number, a restarted host
 * numbers on: a host killed within its save's delay had numbered more than its file says, and a client that
 * saw those would take the new ones for old and drop them. More than the history store lets wait (MAX_UNSAVED).
 */
const RESTART_SEQ_GAP = 2 * MAX_UNSAVED;
const TYPING_EVERY_MS = 1000;
/** Refused connections of one address that are told why at once; more are closed without a word. */
const MAX_REFUSING_PER_ADDRESS = 4;
/**
 * How long a private room (a room key, no plain clients) waits for a silent connection's first bytes before telling
 * it, in clear, that the room is private. Its only clients speak first (a TLS ClientHello), but one whose hello came
 * after plainDetectMs (a busy client or host, a lost packet sent again: TCP waits at least 200 ms for that) read the
 * refusal where its handshake's answer should be and failed (ERR_SSL_WRONG_VERSION_NUMBER). A netcat user is told
 * a moment later.
 */
const PRIVATE_DETECT_MS = 1000;
/** Authors remembered as owner or op (see `elevated`); the oldest go past it. */
const MAX_ELEVATED = 1000;
const HOLD_SEAT_MS = 30_000;
/** Why a connection made with a room key the owner's /newkey replaced is not let in. */
const OLD_KEY = 'the host made a new room key since this invite: ask the host for the new invite';
/** The owner's key in `returning`: the host's own client is expected back by its owner key, in whatever session. */
const OWNER_SEAT = '';

/**
 * An error on a private room's TLS socket (a record that fails its check, sent after the handshake): Node says so and
 * leaves the socket open, and its member stayed present, its events going nowhere, until the idle timeout. Closed,
 * it goes as a dropped connection does (a raw socket's error ends in its 'close' by itself).
 */
function destroyOnError(this: Socket): void {
  this.destroy();
}

/** The code a message or direct message shares, its path on one line (cleanPath), or undefined. */
function sharedCode(msg: { kind?: string; code?: CodeRef }): CodeRef | undefined {
  if (msg.kind !== 'code' || !msg.code) return undefined;
  return msg.code.path ? { ...msg.code, path: cleanPath(msg.code.path) } : msg.code;
}

/**
 * The room of `rooms` that makes way for a new one, if any: nobody is in it (not #general), and nothing was said in
 * it (the oldest such first: no history is lost), else nothing has happened in it for `idleMs` (the longest idle).
 * A room talked in lately is kept: a hello may name 20 new rooms for free, and ten of them wiped every idle
 * room's history, from the history file too.
 */
function roomToDrop(rooms: Iterable<Room<Peer>>, idleMs: number, now: number): Room<Peer> | undefined {
  let idle: Room<Peer> | undefined;
  for (const r of rooms) {
    if (r.members.size > 0 || r.name === DEFAULT_ROOM) continue;
    if (!r.said) return r;
    if (now - r.lastEventAt >= idleMs && (idle === undefined || r.lastEventAt < idle.lastEventAt)) idle = r;
  }
  return idle;
}

/** Counts `socket` under `key` in `counts` until it closes. */
function countWhileOpen(counts: Map<string, number>, key: string, socket: Socket): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
  socket.once('close', () => {
    const n = (counts.get(key) ?? 1) - 1;
    if (n <= 0) counts.delete(key);
    else counts.set(key, n);
  });
}

/** A seat held for a session whose connection ended: the leave that is said unless it comes back in time. */
interface HeldSeat {
  timer: NodeJS.Timeout;
  reason: string;
  /**
   * Who sent it direct messages meanwhile, told if it does not come back to read them: the sender's session
   * (its connection then, or after a reload), else its connection; not its nickname, which someone else may
   * hold by then.
   */
  dmsFrom: Set<SessionRecord | Peer>;
}

export class ChatServer implements PeerHost {
  readonly limits: Limits;
  /** What all rooms' histories hold together, and at most (limits.historyText). */
  readonly #historyBudget: HistoryBudget;
  readonly ownerKey: string;
  /** The room key in use (see keepRoomKey), or undefined for an open room. */
  #roomKey: string | undefined;
  /** The room key each TLS connection's handshake was made with: one made with a key /newkey replaced is not admitted. */
  readonly #keyUsed = new WeakMap<Socket, string>();
  readonly #server: Server;
  readonly #rooms = new Map<string, Room<Peer>>();
  /**
   * The rooms by how their names read (roomReading): a name that reads as a room's there is (`сосо` in Cyrillic
   * beside `coco`) makes no second room that looks like it.
   */
  readonly #roomReadings = new Map<string, Room<Peer>>();
  /**
   * The rooms a history file of an earlier version kept beside one whose name reads the same: both are kept (with
   * their histories), the first holds the reading, and one of these holds it when that one is dropped.
   */
  readonly #keptAlike = new Set<Room<Peer>>();
  /** Who made each room this run (its address key): a room from the history file has none. */
  readonly #roomMakers = new Map<Room<Peer>, string>();
  readonly #peers = new Set<Peer>();
  /** The members (held seats too) by nickKey: who is called a name. */
  readonly #byNick = new Map<string, Peer>();
  /** The same members by every key their name is read under (nickKeys): whose name a newcomer's looks like. */
  readonly #names = new NickHolders<Peer>();
  readonly #sessions = new Map<string, SessionRecord>();
  /** The ids of expired sessions, by token (LAPSED_IDS_MS): the new session of a client coming back takes them over. */
  readonly #lapsed = new Map<string, { leftAt: number; accepted: AcceptedIds }>();
  /** Bans (`/ban`): the nicknames, and the addresses and sessions banned with them (`/unban` lifts them). */
  readonly #bans: BanList;
  readonly #perAddress = new Map<string, number>();
  /** New members per address (connectBurst, connectsPerSecond); a session coming back is not new. */
  readonly #newcomers: ConnectThrottle;
  /** Every accepted TCP socket until it closes, whatever became of it. */
  readonly #sockets = new Set<Socket>();
  readonly #lastTyping = new WeakMap<Peer, number>();
  /** The peer that speaks on a connection now. */
  readonly #peerOf = new WeakMap<Connection, Peer>();
  readonly #handshakeTimers = new Map<Peer, NodeJS.Timeout>();
  readonly #held = new Map<Peer, HeldSeat>();
  readonly #holdSeatMs: number;
  /** Authors (session tokens) that wrote as owner or op: the role their messages keep when they are gone. */
  readonly #elevated = new Map<string, 'owner' | 'op'>();
  /** Per address, connections being told why they are refused (see MAX_REFUSING_PER_ADDRESS). */
  readonly #refusing = new Map<string, number>();
  /** Addresses whose TLS hello came after NICK (a room with a key that lets plain clients in): waited for longer. */
  readonly #slowHellos = new SlowHelloAddresses();
  readonly #refusedLog = new LogThrottle();
  /** The direct messages the sessions keep for a resume, counted and trimmed (they live in the session records). */
  readonly #keptDms = new KeptDms(RESTART_SEQ_GAP, () => this.#sessions.values());
  /**
   * After a restart from saved state: who was in the rooms then, by session token (the owner under OWNER_SEAT),
   * expected back for holdSeatMs. Their joins say `back` (nobody sees them come in again); whoever is not back
   * by then gets the leave they would have had.
   */
  readonly #returning = new Map<string, SavedSeat>();
  /** Their names by every key (nickKeys), by the key in #returning. */
  readonly #returningNames = new NickHolders<string>();
  #returningTimer: NodeJS.Timeout | undefined;
  /** The history file did not exist before this start saved it (see listen). */
  #madeFile = false;
  /** The seats as the room closed, before its connections went (what the last save keeps). */
  #closingSeats: { sessions: Map<string, SavedSeat>; owner?: SavedSeat } | undefined;
  /** Wakes when a connection can be due a ping (or its end) or a session its expiry: see #tick. */
  readonly #watch: WakeAt;
  /** The least time between two wakes of #watch (see #tick). */
  readonly #wakeFloorMs: number;
  readonly #tlsServer: TlsServer | undefined;
  readonly #keyFailures: FailureLimiter;
  /** See ChatServerOptions.blockLoopback. */
  readonly #blockLoopback: boolean;
  readonly #store: HistoryStore | undefined;
  #closing = false;
  readonly #sessionTtlMs: number;
  readonly #options: ChatServerOptions;
  /** When its connections' queued bytes are written (its own: another server's pending round cannot hold it up). */
  readonly #rounds = new FlushRounds<Connection>();

  constructor(options: ChatServerOptions = {}) {
    this.#options = options;
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.#historyBudget = new HistoryBudget(this.limits.historyText);
    this.#bans = new BanList(this.limits.maxBans);
    this.#newcomers = new ConnectThrottle(this.limits.connectBurst, this.limits.connectsPerSecond);
    this.ownerKey = options.ownerKey ?? randomBytes(18).toString('base64url');
    this.#sessionTtlMs = options.sessionTtlMs ?? 10 * 60_000;
    this.#holdSeatMs = options.holdSeatMs ?? HOLD_SEAT_MS;
    this.#wakeFloorMs = Math.max(50, Math.min(5000, Math.floor(this.limits.idleMs / 4)));
    this.#watch = new WakeAt(this.#wakeFloorMs, (late) => this.#tick(late));
    // (half-open: a client that ends its side after its requests, `nc -N`, a shutdown of its writes, still reads the
    // answers; Node's default ended our side at its FIN, and they were lost. Each phase ends ours: #detect, the peers)
    this.#server = createServer({ allowHalfOpen: true }, (s) => this.#accept(s));
    this.#keyFailures = new FailureLimiter();
    this.#blockLoopback = options.blockLoopback === true;
    this.#server.maxConnections = this.limits.maxClients + 64; // head room to tell the excess why
    this.#roomKey = options.roomKey;
    if (options.historyFile !== undefined) {
      this.#store = new HistoryStore(options.historyFile, () => this.#saveState(), (m, kind) => this.log(m, kind));
      this.#store.lock();
      try {
        let restored = false;
        if (options.freshHistory) this.#store.forget();
        else restored = this.#restoreState(this.#store.file); // (where a link points: a damaged file is moved aside there)
        // (a file this start makes, for a new private room's key: a listen that fails serves no room, and leaves none)
        this.#madeFile = !restored && this.#roomKey !== undefined && !existsSync(this.#store.file);
        // saved at once: a restored state's numbers skipped on (a host that died again before its first save would
        // have started the next one from the same numbers as this one), and a private room's key (saved at its first
        // change only, a host killed before it, a headless one nobody had talked in yet, left none, and its next start
        // made a new key that no invite given opened)
        if (restored || this.#roomKey !== undefined) this.#store.flush();
      } catch (e) {
        this.#store.unlock();
        throw e;
      }
    }
    if (this.#roomKey !== undefined) {
      // (its sockets wrap the raw ones #accept hands it, half-open as they are: a TLS socket takes its raw socket's
      // allowHalfOpen; said here too for any it would make itself. A client's close_notify and FIN end its side only)
      this.#tlsServer = createTlsServer({ ...serverTlsOptions(() => this.#roomKey ?? '', this.limits.handshakeMs, (socket, key) => this.#keyUsed.set(socket, key)), allowHalfOpen: true }, (s) => this.#detect(s, true));
      this.#tlsServer.on('tlsClientError', (e, s) => {
        const address = normalizeAddress(s.remoteAddress ?? 'unknown');
        // only a wrong key is a failed attempt: bytes that are no TLS handshake at all try no key
        const wrongKey = /binder|psk|alert/i.test(e.message);
        const n = wrongKey ? this.#keyFailures.fail(address) : 0;
        this.logRefused(address, `TLS handshake from ${address} failed (${wrongKey ? `wrong room key; ${n} failure(s)` : cleanLine(e.message.split('\n')[0] ?? '')})`, n >= 3 ? 'warn' : 'info');
        s.destroy();
      });
    }
    // (#general, everyone's first room, holds its reading: a room the file kept that reads as it is the one beside it)
    if (!this.#rooms.has(DEFAULT_ROOM)) this.#addRoom(this.#newRoom(DEFAULT_ROOM), true);
  }

  /** Starts listening; resolves with the bound address. */
  listen(): Promise<AddressInfo> {
    return new Promise((resolve, reject) => {
      const onError = (e: Error) => {
        // no room was served: the history file is free for another try, on another port, and nothing of this
        // server may write it (its wait for the members it restored)
        clearTimeout(this.#returningTimer);
        this.#store?.unlock();
        // (the file this start made for a private room's key: an invite nobody was given, for a room never served. A
        // try on each busy port left one)
        if (this.#madeFile && this.#store) rmSync(this.#store.file, { force: true });
        reject(e);
      };
      this.#server.once('error', onError);
      this.#server.listen(this.#options.port ?? 55555, this.#options.host ?? '127.0.0.1', () => {
        this.#server.off('error', onError);
        this.#server.on('error', (e) => this.log(`server error: ${e.message}`));
        // sessions restored from the history file: first looked at after the watch's floor, as the clock of old did (a
        // client back at once resumes one whose time ran out while the host was down)
        if (this.#sessions.size > 0) this.#watch.at(0);
        resolve(this.#server.address() as AddressInfo);
      });
    });
  }

  /** The room key in use (see ChatServerOptions.keepRoomKey), or undefined: an open room. */
  get roomKey(): string | undefined {
    return this.#roomKey;
  }

  address(): AddressInfo {
    return this.#server.address() as AddressInfo;
  }

  /** Number of connected peers (admitted or still in their handshake). */
  get connections(): number {
    return this.#peers.size;
  }

  /** Connections still in their handshake (no hello or nickname yet), each with its timer. */
  get handshakes(): number {
    return this.#handshakeTimers.size;
  }

  /** People in the server's rooms: its admitted connections, and the seats it holds for dropped ones. */
  get people(): number {
    let n = this.#held.size;
    for (const p of this.#peers) if (p.admitted) n++;
    return n;
  }

  /** Changes its history file did not get because the last saves failed, once closed (a full disk): 0 when all went. */
  lostAtClose = 0;

  /** Tells everyone the room closed, closes every connection and stops listening. */
  async close(reason = 'the host closed the room'): Promise<void> {
    if (this.#closing) return;
    this.#closing = true;
    this.#watch.stop();
    for (const t of this.#handshakeTimers.values()) clearTimeout(t);
    this.#handshakeTimers.clear();
    if (this.#store) this.#closingSeats = this.#currentSeats(); // for the last save, before the connections go: a restarted host expects them back
    for (const h of this.#held.values()) clearTimeout(h.timer); // the room closes for them too: nothing to say
    this.#held.clear();
    clearTimeout(this.#returningTimer);
    this.#returning.clear();
    this.#returningNames.clear();
    // (saved before the goodbyes: the acknowledgements waiting for it go ahead of them, and their clients, sure of
    // what the room has, send nothing twice to the restarted host)
    this.#store?.flush();
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    this.#tlsServer?.close();
    for (const p of [...this.#peers]) {
      if (p.admitted) {
        p.reply({ type: 'shutdown', reason });
        p.endReason = 'shutdown';
        p.conn.close();
      } else p.conn.destroy();
    }
    // every socket gets 2 s to finish its goodbye; then whatever is left (half-open, refused, mid-handshake) is destroyed
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([closed, new Promise<void>((resolve) => (timer = setTimeout(resolve, 2000)))]);
    clearTimeout(timer);
    for (const s of this.#sockets) s.destroy();
    await closed;
    // the peers were told `shutdown` (their endReason is set, so their sockets' close did not report them): forget them
    for (const p of [...this.#peers]) this.gone(p, 'shutdown');
    this.#peers.clear();
    this.#store?.flush();
    // (a failing disk was said once, when its first save failed: what the close itself could not save is said too)
    this.lostAtClose = this.#store?.unsaved ?? 0;
    if (this.lostAtClose > 0) this.log(`history: the last ${withCommas(this.lostAtClose)} change(s) could not be saved to ${this.#store!.file}: a restart from it will not have them`, 'warn');
    this.#store?.unlock();
    this.log(`room closed: ${reason}`);
  }

  /** A line about a connection from `address` that did not get in: at most a few a minute per address, and overall. */
  logRefused(address: string, line: string, kind: 'info' | 'warn' = 'info'): void {
    const passed = this.#refusedLog.pass(address, line, performance.now());
    if (passed !== undefined) this.log(passed, kind);
  }

  /** One line for the host's log; what peers sent (a nickname not checked yet, an error's words) cannot move its cursor or add lines. */
  log(line: string, kind: LogKind = 'info'): void {
    this.#options.log?.(cleanLine(line), kind);
  }

  // ------------------------------------------------------------------ connections

  #accept(raw: Socket): void {
    raw.on('error', () => {}); // every error also ends in 'close', where the peer is cleaned up
    this.#sockets.add(raw);
    raw.once('close', () => this.#sockets.delete(raw));
    if (this.#closing) {
      raw.destroy();
      return;
    }
    const address = normalizeAddress(raw.remoteAddress ?? 'unknown');
    const refuse = (code: ErrorCode, message: string) => {
      // telling a refused client why takes up to a second and a connection slot: an address being told already
      // by a few gets the rest cut at once, without a word (a flood of refused connections held every slot)
      const telling = this.#refusing.get(addressKey(address)) ?? 0;
      if (telling >= MAX_REFUSING_PER_ADDRESS) {
        raw.destroy();
        return;
      }
      countWhileOpen(this.#refusing, addressKey(address), raw);
      this.logRefused(address, `refused ${address}: ${message}`, 'warn');
      // in the words its client reads: a rich client says hello at once (`{`, or a TLS handshake), a plain one
      // (netcat, the tutorial's) waits to be spoken to, or types a nickname
      let said = false;
      const say = (first?: Buffer) => {
        // (as #detect tells them: `{bob}` is a nickname)
        const kind = first === undefined ? 'text' : firstBytes(first).kind;
        if (said || kind === 'blank') return; // (white space alone so far: wait on)
        said = true;
        clearTimeout(silent);
        raw.off('data', say);
        const rich = kind === 'tls' || kind === 'json';
        raw.end(rich ? encodeLine({ type: 'error', code, message }) : `error: ${message}\n`);
        setTimeout(() => raw.destroy(), 1000).unref();
      };
      raw.on('data', say);
      const silent = setTimeout(say, this.limits.plainDetectMs);
    };
    const blocked = isLoopback(address) && !this.#blockLoopback ? 0 : this.#keyFailures.blockedFor(address);
    if (blocked > 0) return refuse('too_many_failures', `too many failed attempts from ${address}: try again in ${Math.ceil(blocked / 1000)} s`);
    if (this.#peers.size >= this.limits.maxClients) return refuse('server_full', `the server is full (${this.limits.maxClients} connections)`);
    // (an IPv6 address's /64 is one address, as for newcomers: addressKey)
    const count = this.#perAddress.get(addressKey(address)) ?? 0;
    if (count >= this.limits.maxClientsPerAddress) {
      return refuse('too_many_connections', `too many connections from ${address} (at most ${this.limits.maxClientsPerAddress})`);
    }
    countWhileOpen(this.#perAddress, addressKey(address), raw);
    this.#detect(raw, false);
  }

  /** Waits for the first bytes on a socket (raw TCP, or TLS after the handshake) and makes the right peer. */
  #detect(socket: Socket, secure: boolean): void {
    // nothing made here may stay referenced once the peer is in (its handshake timer, cleared at admission, is
    // the last): this function's closures share one context (~0.2 KB), which a long-lived one would keep for
    // the connection's life
    if (secure) socket.on('error', destroyOnError);
    const conn = new Connection(socket, {
      rounds: this.#rounds,
      maxBuffered: this.limits.maxBuffered,
      softBuffered: this.limits.slowBuffered,
      slowMs: this.limits.slowConsumerMs,
      onOverflow: this.#overflowed,
    });
    const keyed = this.#tlsServer !== undefined;
    /** The first bytes decided (or the wait ended): stop watching for them. */
    const decided = () => {
      clearTimeout(detect);
      socket.off('data', onFirst);
      socket.off('close', closedEarly);
      socket.off('end', endedEarly);
    };
    const start = (make: () => Peer) => {
      decided();
      const p = make();
      this.#peerOf.set(conn, p);
      this.#peers.add(p);
      // (a rich client's first bytes are its whole hello: admitted, or refused, already. Its timer would have held the
      // peer, gone or not, for the handshake's 15 s)
      if (p.admitted || p.endReason !== undefined) {
        if (p.endReason !== undefined) this.gone(p, p.endReason); // the first bytes already ended it
        return;
      }
      this.#awaitHandshake(p);
    };
    const plain = (chunk?: Buffer) => {
      decided();
      if (secure && chunk === undefined) {
        this.logRefused(conn.remoteAddress, `${conn.remoteAddress}: no hello over TLS within ${this.limits.handshakeMs / 1000} s: disconnected`);
        conn.close(encodeLine({ type: 'error', code: 'handshake_timeout', message: `no hello within ${this.limits.handshakeMs / 1000} s: disconnected` }));
      } else if (secure) {
        conn.close(encodeLine({ type: 'error', code: 'bad_message', message: 'over TLS, only the JSON protocol is spoken: start with a hello' }));
      } else if (keyed && !this.#options.allowPlain) {
        this.logRefused(conn.remoteAddress, `refused a plain-text client from ${conn.remoteAddress}: this room is private`, 'warn');
        conn.close('This room is private: plain-text clients (nc, telnet) cannot join it. Ask the host for an invite and join with tcp-chat or VS Code.\n');
      } else start(() => new PlainPeer(conn, this, chunk, keyed));
    };
    // A rich client speaks first (its hello starts with `{`, or a TLS handshake on a private room); a plain one waits for NICK.
    const onFirst = (data: Buffer) => {
      // a UTF-8 byte order mark before it (.NET's UTF-8 writer and PowerShell's put one first) is no part of what it
      // says: a hello after one made a plain member of the name `{type_hello_v_1_nick_...}`, announced to the room
      const chunk = data.subarray(utf8BomLength(data));
      const { at: i, kind } = firstBytes(chunk);
      if (kind === 'blank') return; // only white space so far: keep waiting
      if (kind === 'tls' && !secure) {
        decided();
        if (!this.#tlsServer) {
          // an invite with a key for a room that has none: said in clear (its TLS client reads no more than that)
          this.logRefused(conn.remoteAddress, `refused ${conn.remoteAddress}: a TLS client (an invite with a key), and this room is not private`, 'warn');
          conn.close(encodeLine({ type: 'error', code: 'bad_message', message: 'this room is not private: join without the key' }));
          return;
        }
        // a TLS ClientHello: hand the socket, bytes and all, to the TLS server (PSK = the room key)
        socket.pause();
        socket.unshift(chunk);
        this.#tlsServer.emit('connection', socket);
        return;
      }
      if (kind === 'json') {
        if (keyed && !secure) {
          decided();
          this.logRefused(conn.remoteAddress, `refused ${conn.remoteAddress}: a rich client without the room key`, 'warn');
          conn.close(encodeLine({ type: 'error', code: 'key_required', message: 'this room is private: join with the invite (it holds the room key)' }));
          return;
        }
        start(() => new RichPeer(conn, this, chunk));
        return;
      }
      // (not a hello, so maybe a web request: its whole first line as far as it came, a long address put
      // ` HTTP/1.1` far from the start)
      const nl = chunk.indexOf(10, i);
      if (isHttpRequestLine(chunk.toString('latin1', i, Math.min(nl === -1 ? chunk.length : nl, i + 16384)))) {
        decided();
        this.logRefused(conn.remoteAddress, `refused ${conn.remoteAddress}: an HTTP request (a web browser or curl)`, 'warn');
        conn.close(httpRefusal());
        return;
      }
      // (or an IRC client's registration: its password, `PASS ...`, first)
      if (isIrcRegistration(chunk.toString('latin1', i, Math.min(chunk.length, i + 16384)))) {
        decided();
        this.logRefused(conn.remoteAddress, `refused ${conn.remoteAddress}: an IRC client`, 'warn');
        conn.close(ircRefusal());
        return;
      }
      plain(chunk);
    };
    const closedEarly = () => {
      clearTimeout(detect);
      this.logRefused(conn.remoteAddress, `${conn.remoteAddress}: closed before saying anything`);
    };
    // it ended its side with nothing said (white space at most): nothing to answer, and our side ends too (half-open,
    // the socket stayed for ever)
    const endedEarly = () => {
      decided();
      this.logRefused(conn.remoteAddress, `${conn.remoteAddress}: ended its side before saying anything`);
      conn.close();
    };
    // over TLS only rich clients come (with the key): their hello is waited for as long as any handshake, not
    // the moment a plain client would get NICK in (a hello whose packet was lost came too late for that); a private
    // room's TLS handshake a while longer than that moment too (PRIVATE_DETECT_MS), and so is one from an address
    // whose TLS hello came after NICK on a room that lets plain clients in (its client tries again: lateTlsHello)
    const privateRoom = keyed && (!this.#options.allowPlain || this.#slowHellos.has(conn.remoteAddress));
    const waitMs = secure ? this.limits.handshakeMs : privateRoom ? Math.max(this.limits.plainDetectMs, PRIVATE_DETECT_MS) : this.limits.plainDetectMs;
    const detect = setTimeout(() => plain(), waitMs);
    socket.on('data', onFirst);
    socket.once('close', closedEarly);
    socket.once('end', endedEarly);
  }

  /** A connection's peer stopped reading: evict it; what it gets last (see Connection's onOverflow). */
  readonly #overflowed = (conn: Connection): Uint8Array | string => {
    const p = this.#peerOf.get(conn); // the current one: a late hello replaces the plain peer with a rich one
    this.log(`${p?.label ?? conn.remoteAddress}: not reading (over ${this.limits.slowBuffered} bytes queued for ${this.limits.slowConsumerMs} ms, or over ${this.limits.maxBuffered}): evicted`, 'warn');
    if (p && p.endReason === undefined) {
      p.endReason = 'slow';
      setImmediate(() => this.gone(p, 'slow')); // not inside the broadcast that overflowed: keeps everyone's order
    }
    const message = 'you are not reading what the server sends: disconnected';
    return p?.kind === 'rich' || p === undefined ? encodeLine({ type: 'error', code: 'slow_consumer', message }) : `error: ${message}\n`;
  };

  lateTlsHello(peer: Peer): void {
    this.#slowHellos.note(peer.address);
  }

  upgrade(peer: Peer, first: Uint8Array): void {
    const timer = this.#handshakeTimers.get(peer);
    if (timer) clearTimeout(timer);
    this.#handshakeTimers.delete(peer);
    this.#peers.delete(peer);
    // the hello line: admitted (or refused) at once when whole
    const rich = new RichPeer(peer.conn, this, first);
    this.#peerOf.set(peer.conn, rich);
    // a refused hello already ended it (gone() ran inside the constructor): counting it now would leak it forever
    if (rich.endReason !== undefined) return;
    this.#peers.add(rich);
    // a hello cut by a pause goes on in the next read: waited for as any, else one that never came held the
    // connection (and its place among maxClients) for good
    if (!rich.admitted) this.#awaitHandshake(rich);
  }

  /** Ends a connection whose hello (a rich client's) or nickname (a plain one's) has not come within handshakeMs. */
  #awaitHandshake(p: Peer): void {
    const t = setTimeout(() => {
      this.#handshakeTimers.delete(p);
      if (!p.admitted && p.endReason === undefined) {
        this.logRefused(p.address, `${p.label}: no ${p.kind === 'rich' ? 'hello' : 'nickname'} within ${this.limits.handshakeMs / 1000} s: disconnected`);
        p.disconnect('handshake_timeout', `no ${p.kind === 'rich' ? 'hello' : 'nickname'} within ${this.limits.handshakeMs / 1000} s: disconnected`, 'timeout');
      }
    }, this.limits.handshakeMs);
    t.unref();
    this.#handshakeTimers.set(p, t);
  }

  /**
   * Pings a connection silent for idleMs, ends one silent for twice that, expires sessions; then sleeps until the
   * first of them can be due again (a line heard since only makes that later: a wake too soon finds nothing to do).
   */
  #tick(late = 0): void {
    if (this.#closing) return;
    const now = Date.now();
    let next = Infinity;
    // a wake far later than it was due: the process was stopped (a laptop asleep, a VM suspended) or the clock moved
    // on. Timers run before sockets are read: what members said meanwhile is still unread, and the pause reckoned as
    // their silence cut every member at once, each "left" and then "joined" again. Each is pinged now instead, and
    // cut only if it does not answer. (A clock set back put lastHeard ahead of now: no ping for as long as it moved.)
    const stopped = late > Math.max(1000, this.#wakeFloorMs);
    for (const p of this.#peers) {
      if (!(p instanceof RichPeer) || !p.admitted || p.endReason !== undefined) continue;
      if (p.lastHeard > now) p.lastHeard = now;
      else if (stopped) p.lastHeard = Math.max(p.lastHeard, now - this.limits.idleMs);
      const quiet = now - p.lastHeard;
      if (quiet > 2 * this.limits.idleMs) {
        this.log(`${p.label}: silent for ${Math.round(quiet / 1000)} s: disconnected`);
        p.disconnect('idle_timeout', 'no answer to ping: disconnected', 'timeout');
        continue;
      }
      // (a ping due before the next wake can come goes now: the wake for the end of a connection that answered its
      // last ping comes a round trip before its next ping is due, and put that ping off by the floor, a wake more)
      if (quiet + this.#wakeFloorMs > this.limits.idleMs && !p.pingSent) p.ping();
      next = Math.min(next, p.lastHeard + (p.pingSent ? 2 : 1) * this.limits.idleMs + 1);
    }
    this.#watch.at(Math.min(next, this.#expireSessions(now)));
  }

  /** Past KEPT_IDS_AWAY_PER_CLIENT ids a client kept by sessions with no connection, those that left first forget theirs. */
  #trimAwayIds(): void {
    const away = [...this.#sessions.values()].filter((s) => s.peer === undefined);
    forgetOldest([...away, ...this.#lapsed.values()], KEPT_IDS_AWAY_PER_CLIENT * this.limits.maxClients);
    for (const [token, l] of this.#lapsed) if (l.accepted.size === 0) this.#lapsed.delete(token);
  }

  /** Drops the sessions (and the ids of expired ones) past their time or their cap; returns when the next one is due. */
  #expireSessions(now: number): number {
    const cap = this.limits.maxClients * 2;
    let next = Infinity;
    for (const s of this.#sessions.values()) {
      if (s.peer !== undefined) continue;
      if (now - s.leftAt > this.#sessionTtlMs || this.#sessions.size > cap) {
        this.#dropSession(s);
        if (s.accepted.size > 0 && s.banned === undefined) this.#lapsed.set(s.token, { leftAt: s.leftAt, accepted: s.accepted });
      } else next = Math.min(next, s.leftAt + this.#sessionTtlMs + 1);
    }
    // (as many as sessions may be, the oldest first out: the map is in the order they expired)
    for (const [token, l] of this.#lapsed) {
      if (now - l.leftAt <= LAPSED_IDS_MS && this.#lapsed.size <= cap) return Math.min(next, l.leftAt + LAPSED_IDS_MS + 1);
      this.#lapsed.delete(token);
    }
    return next;
  }

  // ------------------------------------------------------------------ handshake

  admit(peer: Peer, hello: HelloMsg): void {
    if (peer.admitted || peer.endReason !== undefined) return;
    const timer = this.#handshakeTimers.get(peer);
    if (timer) clearTimeout(timer);
    this.#handshakeTimers.delete(peer);
    if (hello.v !== PROTOCOL_VERSION) {
      peer.disconnect('version', `this server speaks protocol version ${PROTOCOL_VERSION}, not ${hello.v}`);
      return;
    }
    // (a handshake made with the key the owner's /newkey replaced, its hello after it: the old invite lets nobody in)
    const used = this.#keyUsed.get(peer.conn.socket);
    if (used !== undefined && used !== this.#roomKey) {
      this.logRefused(peer.address, `refused ${peer.label}: the room key it joined with was replaced`, 'warn');
      peer.disconnect('key_required', OLD_KEY, 'refused');
      return;
    }
    // a rename whose answer its client never heard (the connection dropped first): the session comes back under the
    // name its seat left, and takes the seat back under the one it has (the welcome says which). It was the seat's
    // leave and a newcomer's join under the old name, the rename undone, and the old name perhaps someone else's.
    // The same after a restart, for the seat its file kept.
    const isOwner = hello.ownerKey !== undefined && this.#isOwnerKey(hello.ownerKey);
    const session = hello.session !== undefined ? this.#sessions.get(hello.session) : undefined;
    const seatBefore = session?.peer ?? this.#expectedSeat(session, isOwner)?.seat;
    if (seatBefore && nickKey(seatBefore.nick) !== nickKey(hello.nick) && seatBefore.renamedFrom?.includes(nickKey(hello.nick))) hello = { ...hello, nick: seatBefore.nick };
    if (!isOwner && this.isBanned(peer, hello.nick)) {
      // (throttled per address as every refusal: a banned client that tries again and again fills no log)
      this.logRefused(peer.address, `refused ${hello.nick} [${peer.kind} ${peer.address}]: banned`, 'warn');
      if (peer instanceof PlainPeer) {
        peer.writeRaw('BAN'); // the tutorial's client checks for exactly this word
        peer.endReason = 'banned';
        peer.conn.close();
        this.gone(peer, 'banned');
      } else peer.disconnect('banned', 'you are banned from this server', 'banned');
      return;
    }
    const invalid = nickError(hello.nick, this.limits.maxNick);
    if (invalid !== null) {
      peer.disconnect('nick_invalid', `"${quoteWords(hello.nick)}": ${invalid}`, 'error');
      return;
    }
    if (session?.banned !== undefined) {
      peer.disconnect('banned', session.banned, 'banned');
      return;
    }
    // (the session itself may be gone, expired 10 minutes after its last connection: its ban is not)
    if (hello.session !== undefined && this.#bans.hasSession(hello.session)) {
      peer.disconnect('banned', 'you are banned from this server', 'banned');
      return;
    }
    if (session?.kicked !== undefined) {
      // kicked while its seat was held: its client coming back by itself is told so, once (a kick is not a ban:
      // a hello after this one is a newcomer's)
      this.#dropSession(session);
      peer.disconnect('kicked', session.kicked, 'kicked');
      return;
    }
    // a session coming back to its seat (a reload, a dropped connection) under its name is announced to nobody;
    // anyone else is a newcomer: one address joining and leaving in a loop (or coming back with its session under
    // another name each time: a leave and a join) would be announced to every member each time
    // (a session a restarted host expects back under that name too: 40 members behind one address back after a
    // restart were throttled as newcomers, some refused, and those not back within the hold announced leaving)
    const expected = this.#expectedSeat(session, isOwner)?.seat;
    const comingBack = (session?.peer !== undefined && nickKey(session.peer.nick) === nickKey(hello.nick)) || (expected !== undefined && nickKey(expected.nick) === nickKey(hello.nick));
    if (!isOwner && !comingBack) {
      const wait = this.#newcomers.wait(peer.address);
      if (wait.ms > 0) {
        if (wait.refused === 1) this.log(`refused ${hello.nick} [${peer.kind} ${peer.address}]: too many newcomers from its address (the next are refused without a log line)`, 'warn');
        peer.disconnect('too_many_connections', `too many newcomers from ${peer.address} (at most ${this.limits.connectBurst} at once, then ${this.limits.connectsPerSecond} a second): try again in ${Math.ceil(wait.ms / 1000)} s`, 'error');
        return;
      }
    }
    const existing = this.#byNick.get(nickKey(hello.nick));
    const takeover = existing !== undefined && session !== undefined && existing.session === session;
    // after a restart, the nicknames of those expected back are theirs until they are back (or the wait is over)
    // (the owner's seat is kept as the owner's, whether its client comes back in its session or in a new one)
    const mine = isOwner ? OWNER_SEAT : session?.token;
    // (the owner, whom no ban refuses, keeps the name it asked for; its own seat's name, which it leaves for this
    // one, is its own)
    const taken = (k: string) => this.#keyTaken(k, session?.peer, mine, !isOwner);
    // a session taking its seat back keeps the name as it was spelled there: `ALICE` coming back to alice's seat
    // was alice to the others' lists and ALICE in what it said next, with no rename between (the welcome says which)
    let nick = takeover ? existing.nick : hello.nick;
    let renamed = false;
    if (!takeover && nickKeys(hello.nick).some(taken)) {
      const suggestion = suggestNick(hello.nick, taken, this.limits.maxNick);
      if (peer instanceof PlainPeer) {
        nick = suggestion;
        renamed = true;
      } else {
        peer.reply({ type: 'error', code: 'nick_taken', message: `the nickname "${hello.nick}" is taken; try "${suggestion}"`, suggestion });
        peer.endReason = 'refused';
        peer.conn.close();
        this.gone(peer, 'refused');
        return;
      }
    }
    const seated = session?.peer;
    if (seated && nickKey(seated.nick) !== nickKey(hello.nick)) {
      // the session comes back under another name: its seat under the old one ends first (a held one with its
      // leave; one still connected is replaced), so one session is never two members (two ops, a deop reaching one).
      // Not before the new name is sure: refused as taken, it had ended the seat, and left the client with nothing.
      // (its direct messages kept for the seat go to the session's new connection: nobody is told they were lost)
      const connected = !this.#held.has(seated);
      this.#release(seated, connected ? 'quit' : undefined, true);
      if (connected) {
        seated.endReason = 'replaced';
        seated.disconnect('replaced', 'a newer connection of your session took over', 'replaced');
        this.#peers.delete(seated);
      }
    }
    const role: Role = isOwner ? 'owner' : session && session.role !== 'owner' ? session.role : 'member';
    // (a session that expired: what it had posted, its client may send again; the new session knows it was done)
    const lapsed = session === undefined && hello.session !== undefined ? this.#lapsed.get(hello.session) : undefined;
    if (lapsed) this.#lapsed.delete(hello.session!);
    const record: SessionRecord = session ?? { token: newSessionToken(), accepted: lapsed?.accepted ?? new AcceptedIds(MAX_ACCEPTED_IDS), role, peer, leftAt: 0, dms: [], dmSeq: 0 };
    record.role = role;
    record.peer = peer;
    peer.takeSessionRate(record);
    this.#sessions.set(record.token, record);
    if (this.#sessions.size > this.limits.maxClients * 2) this.#watch.at(0); // (the oldest away goes at the next wake)
    peer.nick = nick;
    peer.role = role;
    peer.session = record;
    this.#elevate(record.token, role);
    peer.admitted = true;
    this.#byNick.set(nickKey(nick), peer);
    this.#names.add(nick, peer);
    if (peer instanceof RichPeer) this.#watch.at(peer.lastHeard + this.limits.idleMs + 1);

    if (takeover && existing) {
      for (const room of existing.rooms) {
        room.leave(existing);
        room.members.add(peer);
        peer.rooms.add(room);
      }
      existing.rooms.clear();
      existing.currentRoom = peer.currentRoom;
      this.#names.delete(existing.nick, existing); // (its name is the new connection's)
      peer.renamedFrom = existing.renamedFrom; // (the welcome saying the name may be lost too)
      existing.endReason = 'replaced';
      // (what it had waiting for its rate tokens, the new connection handles: before anything it sends)
      if (existing instanceof RichPeer && peer instanceof RichPeer) peer.adoptWaiting(existing);
      const wasHeld = this.#unhold(existing);
      existing.disconnect('replaced', 'a newer connection of your session took over', 'replaced');
      this.#peers.delete(existing);
      if (wasHeld) this.#tellAway(peer, false);
      this.log(wasHeld ? `${nick} is back (${peer.kind}, ${peer.address})` : `${peer.label}: resumed its session (old connection replaced)`);
    }

    const seat = !takeover && peer instanceof RichPeer ? this.#backAfterRestart(session, isOwner, nick) : undefined;
    const back = seat !== undefined;
    if (seat?.renamedFrom) peer.renamedFrom = seat.renamedFrom;
    // (a name that is no room's is said after the welcome too: the client was put in #general without a word)
    const invalidRooms = (hello.rooms ?? []).filter((r) => normalizeRoom(r) === null);
    const wanted = (hello.rooms ?? []).map((r) => normalizeRoom(r)).filter((r): r is string => r !== null);
    // back after the restart: in every room its seat was in, those its hello names or not (a host's reloaded
    // window names none, and came back in #general alone, gone from the others without a word)
    for (const name of seat?.rooms ?? []) if (this.#rooms.has(name) && !wanted.includes(name)) wanted.push(name);
    // (a session it knows naming none, `rooms: []`, left every room: in none it stays; a first hello, #general)
    const none = session !== undefined && Array.isArray(hello.rooms) && hello.rooms.length === 0;
    if (wanted.length === 0 && peer.rooms.size === 0 && !none) wanted.push(DEFAULT_ROOM);
    // a room it asked for and did not get is said after the welcome (it got none and heard nothing, and
    // what it typed then went nowhere)
    const notJoined: { code: ErrorCode; message: string }[] = invalidRooms.map((r) => ({ code: 'room_invalid', message: `not in "${quoteWords(r)}": not a valid room name (letters, digits, _ - . up to 32)` }));
    /** Look-alike refusals by the name refused: said as the hello ends, where it is in by then (below). */
    const alikes = new Map<{ code: ErrorCode; message: string }, string>();
    const enter = (name: string): void => {
      const room = this.#roomFor(name, peer);
      if (!(room instanceof Room)) {
        const refusal = { code: room.code, message: `not in #${name}: ${room.message}` };
        notJoined.push(refusal);
        if (room.code === 'room_invalid') alikes.set(refusal, name);
      } else if (room.members.size >= this.limits.maxClientsPerRoom) notJoined.push({ code: 'room_full', message: `not in #${name}: it is full (${this.limits.maxClientsPerRoom} people)` });
      else this.#joinRoom(peer, room, back);
    };
    for (const name of wanted) {
      const known = this.#rooms.get(name);
      if (known && peer.rooms.has(known)) continue; // (a session taking its connection over is in its rooms)
      if (peer.rooms.size >= this.limits.maxRoomsPerClient) {
        notJoined.push({ code: 'too_many_rooms', message: `not in #${name}: at most ${this.limits.maxRoomsPerClient} rooms each` });
        continue;
      }
      enter(name);
    }
    // none of the rooms it named taken in for their names (each a look-alike of a room there is: a panel's saved
    // #сосо beside #coco), it lands in #general, as a hello whose names are no rooms' does (in none, what it typed
    // went nowhere). The room a name reads as is not the one named: not joined for it. The refusals are said after
    // the welcome. (A room full or past a limit leaves it in none, as before: the room is there, or none can be made)
    if (peer.rooms.size === 0 && !none && !wanted.includes(DEFAULT_ROOM) && notJoined.some((n) => n.code === 'room_invalid')) {
      enter(DEFAULT_ROOM);
      // (#genera1's refusal said "a room there is: /join #general", and the hello was put in #general: a room it is in)
      for (const [refusal, name] of alikes) {
        const alike = this.#roomReadings.get(roomReading(name));
        if (alike && peer.rooms.has(alike)) refusal.message = `not in #${name}: ${this.#alikeRefusal(name, alike, peer)}`;
      }
    }
    const first = [...peer.rooms][0];
    if (first) peer.currentRoom = first.name;

    if (peer instanceof RichPeer) {
      const welcome = { type: 'welcome', v: PROTOCOL_VERSION, nick, role, session: record.token, server: SERVER_NAME, limits: { maxLine: this.limits.maxLine, maxText: this.limits.maxText, rateBurst: this.limits.rateBurst, ratePerSecond: this.limits.ratePerSecond, maxTopic: this.limits.maxTopic } } as const;
      peer.replyChunks(welcomeChunks(welcome, [...peer.rooms].map((r) => r.welcomeRoom())));
      // the session's direct messages before the rooms' events: one written before its writer's rename (in a
      // room's events) then reaches the client before the rename, as it happened, and goes with it
      if (session && hello.dmSeq !== undefined) this.#keptDms.replay(record, hello.dmSeq, (dm) => peer.reply(dm));
      const budget = this.#replayBudget(peer);
      for (const room of peer.rooms) this.#replay(peer, room, hello.resume?.[room.name], budget);
    } else if (peer instanceof PlainPeer) {
      peer.reply({ type: 'info', text: 'Connected to server!' });
      if (renamed || nick !== peer.typedNick) {
        // (a name with invisible characters reads as the one it became: "ab" was not valid, said of `a` U+200B `b`)
        const typed = peer.typedNick ?? '';
        const shown = withoutInvisible(typed);
        peer.reply({ type: 'info', text: `Your nickname is ${nick} ("${shown}"${shown !== typed ? ', with invisible characters,' : ''} was ${renamed ? 'taken' : 'not a valid nickname'}).` });
      }
    }
    for (const n of notJoined) peer.fail(n.code, n.message);
    if (!takeover) this.log(`${nick} ${back ? 'is back after the restart' : 'joined'} (${peer.kind}, ${peer.address}${role !== 'member' ? `, ${role}` : ''})`, 'join');
  }

  /**
   * Whether nickname key `k` (one of nickKeys') is not free for a join or rename now: another member's than `peer`
   * (held seats too; ΝΙΚΟ in Greek beside NIKO), kept for someone a restarted host expects back (but seat `mine`), or
   * a banned nickname's (when `bansHold`). A name none of whose keys is taken is taken in: the suggestion after
   * "is taken" is one (a banned nickname or an expected one suggested was then refused).
   */
  #keyTaken(k: string, peer: Peer | undefined, mine: string | undefined, bansHold: boolean): boolean {
    return this.#names.holds(k, peer) || this.#keptForReturn(k, mine) || (bansHold && this.#bans.hasNick(k));
  }

  isBanned(peer: Peer, nick: string): boolean {
    return this.#bans.isBanned(peer.address, nick);
  }

  checkRoomKey(peer: Peer, key: string): boolean {
    if (this.#roomKey !== undefined && sameSecret(key, this.#roomKey)) return true;
    const n = this.#keyFailures.fail(peer.address);
    this.log(`${peer.label}: wrong room key at PASS; ${n} failure(s)`, n >= 3 ? 'warn' : 'info');
    return false;
  }

  #isOwnerKey(key: string): boolean {
    return sameSecret(key, this.ownerKey);
  }

  /** A direct message to one side of it; a rich client's session numbers it and keeps it for a resume. */
  #deliverDm(to: Peer, event: DmEvent): void {
    const session = to.session;
    if (session === undefined || to.kind !== 'rich') return to.reply(event);
    const numbered = this.#keptDms.deliver(session, event);
    this.#store?.changed(); // (kept in the history file: a restarted host gives them back)
    to.reply(numbered);
  }

  /** Forgets a session, and the direct messages it kept. */
  #dropSession(s: SessionRecord): void {
    this.#sessions.delete(s.token);
    this.#keptDms.forget(s);
  }

  /**
   * Sends a rich peer the room's history after its resume point, then `synced`. A newcomer (no resume point
   * in this room's epoch) gets the conversation without the joins and leaves that came before its own join:
   * the member list in its welcome says who is here, and a busy room's history would otherwise be mostly
   * "joined" lines (and a crowd joining at once would make every joiner read every earlier join).
   */
  #replay(peer: Peer, room: Room<Peer>, resume: { epoch: string; seq: number } | undefined, budget: { left: number }): void {
    const from = resume && resume.epoch === room.epoch ? resume.seq : 0;
    const { events, complete } = room.since(from);
    const ownJoin = from === 0 ? this.#lastJoinSeq(events, peer.nick) : -1;
    const wanted = from === 0 ? events.filter((e) => {
      const ev = e.msg as RoomEvent;
      return (ev.type !== 'join' && ev.type !== 'leave') || ev.seq === ownJoin;
    }) : events;
    // the newest that fit the budget: a history of long messages must not make the replay itself overflow the
    // connection's queue (it evicted every newcomer as "not reading"); what is left out is a gap, as a history
    // too short to reach back is
    let first = wanted.length;
    while (first > 0 && budget.left - wanted[first - 1]!.rich().length >= 0) budget.left -= wanted[--first]!.rich().length;
    for (let i = first; i < wanted.length; i++) peer.deliver(wanted[i]!);
    const cut = first > 0;
    peer.reply({ type: 'synced', room: room.name, seq: room.seq, gap: cut || (resume !== undefined && (!complete || resume.epoch !== room.epoch)) });
  }

  /** What replays of history may queue for a peer now: half its connection's cap, less what waits already. */
  #replayBudget(peer: Peer): { left: number } {
    return { left: Math.max(0, this.limits.maxBuffered / 2 - peer.conn.buffered) };
  }

  /** The seq of the last join of `nick` among `events` (its own join, for a newcomer's replay). */
  #lastJoinSeq(events: readonly Outbound[], nick: string): number {
    for (let i = events.length - 1; i >= 0; i--) {
      const ev = events[i]!.msg as RoomEvent;
      if (ev.type === 'join' && ev.nick === nick) return ev.seq;
    }
    return -1;
  }

  /**
   * The member called `name`, or shown so to a plain client that reads ASCII only (`xn--` and the Punycode of a
   * nickname of another alphabet: asciiNick), which has no other way to name them.
   */
  #named(name: string): Peer | undefined {
    const key = keyNamed(this.#byNick, name, (p) => p.nick);
    return key === undefined ? undefined : this.#byNick.get(key);
  }

  /**
   * The room called `name` (normalized), created by `by` if there is none, or why none can be: the name reads as
   * another room's (`room_invalid`), or the rooms are too many.
   */
  #roomFor(name: string, by: Peer): Room<Peer> | { code: ErrorCode; message: string } {
    const existing = this.#roomNamed(by, name);
    if (existing) return existing;
    // (an `xn--` form names a room of another alphabet to a plain client that reads ASCII only: one of its own would
    // pass for that room, or for one to come)
    if (isPunycodeForm(name)) {
      return { code: 'room_invalid', message: `no room is #${name}: a name that starts with xn-- is how clients that read ASCII only are shown a room of another alphabet (/rooms lists the rooms there are)` };
    }
    // (a room that reads like one there is would be taken for it: `сосо` in Cyrillic for `coco`, and people drawn in)
    const alike = this.#roomReadings.get(roomReading(name));
    if (alike) return { code: 'room_invalid', message: this.#alikeRefusal(name, alike, by) };
    // one address makes at most maxRoomsPerAddress of the rooms there are (the owner and ops any number): rooms
    // with something said in them are kept, so one address could otherwise take every room the server allows
    const maker = addressKey(by.address);
    if (by.role === 'member') {
      const made = [...this.#rooms.values()].filter((r) => this.#roomMakers.get(r) === maker);
      if (made.length >= this.limits.maxRoomsPerAddress) {
        const spare = roomToDrop(made, this.limits.roomIdleMs, Date.now());
        if (!spare) return { code: 'too_many_rooms', message: `${by.address} made the most rooms one address may (${this.limits.maxRoomsPerAddress}); join a room there is` };
        this.#dropRoom(spare);
      }
    }
    if (this.#rooms.size >= this.limits.maxRooms) {
      const spare = roomToDrop(this.#rooms.values(), this.limits.roomIdleMs, Date.now());
      if (!spare) return { code: 'too_many_rooms', message: `the server has the most rooms it allows (${this.limits.maxRooms})` };
      this.#dropRoom(spare);
    }
    const room = this.#newRoom(name);
    this.#addRoom(room);
    // (the owner's and ops' rooms count for nobody: members on the host's machine share its address)
    if (by.role === 'member') this.#roomMakers.set(room, maker);
    return room;
  }

  /**
   * Why `name` is no room `by` may make: it reads as `alike`'s name (one you are in already is no room to /join: in
   * the panel, that room's own tab showed '/join #coco').
   */
  #alikeRefusal(name: string, alike: Room<Peer>, by: Peer): string {
    const go = by.rooms.has(alike) ? 'a room you are in: name' : `a room there is: /join #${this.#roomAs(by, alike.name)}, or name`;
    return `#${name}${lettersNote(name, alike.name)} reads as #${this.#roomAs(by, alike.name, name)}, ${go} one that reads as no other`;
  }

  /**
   * The room `name` (normalized) names to `peer`: the room so called, or the one a plain client that reads ASCII only
   * is shown so (asciiRoom: #café as #cafe, #сосо as #xn--n1aahb), which it has no other way to type; #cafe, which
   * reads as #café, is no room of its own. To that client alone: a rich one keeps the state of a room it asked for
   * by its name, and would drop #сосо's, asked for as #xn--n1aahb. Undefined when there is none.
   */
  #roomNamed(peer: Peer, name: string): Room<Peer> | undefined {
    const room = this.#rooms.get(name);
    if (room || !this.#readsAscii(peer)) return room;
    if (isPunycodeForm(name)) return [...this.#rooms.values()].find((r) => asciiRoom(r.name) === name);
    // (only the rooms that read as it: the one holding its reading, and those a history file kept beside it)
    const reading = roomReading(name);
    const holder = this.#roomReadings.get(reading);
    if (!holder) return undefined;
    return [holder, ...this.#keptAlike].find((r) => roomReading(r.name) === reading && asciiRoom(r.name) === name);
  }

  /** Whether `peer` is a plain client that reads ASCII only: names are shown to it in their ASCII forms. */
  #readsAscii(peer: Peer): boolean {
    return peer instanceof PlainPeer && !peer.utf8;
  }

  /**
   * Room `name` as `peer` can read and type it back (asciiRoom to a plain client that reads ASCII only). Shown in its
   * `xn--` form, which hides its letters, beside `other`, a name that reads as it: with the letters it has when they
   * are not `other`'s (lettersNote), `#coco reads as #xn--n1aahb (Cyrillic letters)`.
   */
  #roomAs(peer: Peer, name: string, other?: string): string {
    const shown = this.#readsAscii(peer) ? asciiRoom(name) : name;
    return other === undefined || shown === name || !isPunycodeForm(shown) ? shown : `${shown}${lettersNote(name, other)}`;
  }

  /** Adds `room` to the rooms there are, and says so in the log if its name reads as another's (see #roomReadings). */
  #addRoom(room: Room<Peer>, takesReading = false): void {
    this.#rooms.set(room.name, room);
    const reading = roomReading(room.name);
    const alike = this.#roomReadings.get(reading);
    if (!alike) {
      this.#roomReadings.set(reading, room);
      return;
    }
    const [holder, beside] = takesReading ? [room, alike] : [alike, room];
    this.#roomReadings.set(reading, holder);
    this.#keptAlike.add(beside);
    this.log(`#${beside.name}${lettersNote(beside.name, holder.name)} reads as #${holder.name}: the history file keeps it (from before such rooms were refused); no other room that reads so is made`, 'warn');
  }

  #dropRoom(room: Room<Peer>): void {
    this.#rooms.delete(room.name);
    this.#roomMakers.delete(room);
    this.#historyBudget.remove(room);
    if (this.#keptAlike.delete(room)) return;
    const reading = roomReading(room.name);
    this.#roomReadings.delete(reading);
    // (a room the history file kept beside it, which reads the same, holds the reading now)
    const next = [...this.#keptAlike].find((r) => roomReading(r.name) === reading);
    if (!next) return;
    this.#keptAlike.delete(next);
    this.#roomReadings.set(reading, next);
  }

  #newRoom(name: string): Room<Peer> {
    const room = new Room<Peer>(name, this.limits.history, undefined, this.#roomChanged());
    room.countIn(this.#historyBudget);
    return room;
  }

  /** What a room calls after each event: the history file saves soon (nothing without one). */
  #roomChanged(): (() => void) | undefined {
    const store = this.#store;
    return store ? () => store.changed() : undefined;
  }

  /**
   * Takes in the state the history file saved; returns whether there was one (the caller saves it again at once).
   * Throws when the file is not one the server may write (the caller starts no server then).
   */
  #restoreState(file: string): boolean {
    const { state, damaged, refused, leftOut = [] } = loadState(file);
    if (refused !== undefined) throw new Error(refused);
    if (damaged !== undefined) {
      let where: string;
      try {
        where = `kept as ${keepAside(file, 'damaged')}`;
      } catch (e) {
        throw new Error(`${damaged}, and cannot be moved aside: ${(e as Error).message}`, { cause: e });
      }
      this.log(`${damaged}: ${where}; history starts empty`, 'warn');
    }
    if (!state) return false;
    const restored = state.rooms.slice(0, this.limits.maxRooms);
    const over = state.rooms.length - restored.length;
    if (over > 0) leftOut.push(`${over} room(s) past maxRooms (${this.limits.maxRooms}): ${state.rooms.slice(this.limits.maxRooms).slice(0, 5).map((r) => `#${r.name}`).join(', ')}${over > 5 ? '...' : ''}`);
    // the file as it was is kept before the first save writes it without them (they were gone without a word)
    if (leftOut.length > 0) {
      let kept: string;
      try {
        kept = `the file as it was is kept as ${keepOriginal(file)}`;
      } catch (e) {
        kept = `the file as it was could not be kept: ${(e as Error).message}`;
      }
      this.log(`history in ${file}: left out ${leftOut.join('; ')}; ${kept}`, 'warn');
    }
    for (const r of restored) {
      const room = Room.restore<Peer>(r, this.limits.history, this.#roomChanged(), RESTART_SEQ_GAP);
      this.#addRoom(room);
      room.countIn(this.#historyBudget); // (a file that holds more than it: trimmed, the largest room first)
    }
    for (const s of state.sessions) {
      if (this.#sessions.has(s.token)) continue; // (a token twice in an edited file: its first entry)
      // its kept direct messages, within what a session keeps (and, below, what all sessions keep: fit)
      const { dms, dmSeq } = this.#keptDms.restore(s);
      this.#sessions.set(s.token, {
        token: s.token, accepted: new AcceptedIds(MAX_ACCEPTED_IDS, s.accepted.slice(-KEPT_IDS_AWAY)), role: s.role === 'op' ? 'op' : 'member', peer: undefined, leftAt: s.leftAt || state.savedAt, dms, dmSeq,
        ...(s.banned !== undefined ? { banned: s.banned } : {}), ...(s.kicked !== undefined ? { kicked: s.kicked } : {}),
      });
      this.#expect(s.token, s.seat);
    }
    this.#trimAwayIds();
    this.#keptDms.fit();
    this.#expect(OWNER_SEAT, state.owner);
    for (const [author, role] of state.elevated ?? []) this.#elevate(author, role);
    this.#bans.restore(state.bans);
    // (before the caller's save: it keeps the key, and a host that died before its next one would lose it)
    if (this.#roomKey !== undefined && this.#options.keepRoomKey && state.roomKey !== undefined) this.#roomKey = state.roomKey;
    if (this.#bans.size > this.#bans.max) this.log(`the history file keeps ${withCommas(this.#bans.size)} bans, more than maxBans (${withCommas(this.#bans.max)}): all of them hold, and /ban is refused until /unban lifts enough of them`, 'warn');
    if (this.#returning.size > 0) this.#returningTimer = setTimeout(() => this.#notBack(), this.#holdSeatMs);
    this.log(`history restored from ${file}: ${restored.length} room(s), ${restored.reduce((n, r) => n + r.events.length, 0)} event(s)`);
    return true;
  }

  /** A seat the saved state had, expected back (only where seats are held at all, and for a usable nickname). */
  #expect(key: string, seat: SavedSeat | undefined): void {
    if (!seat || this.#holdSeatMs <= 0 || this.#returning.size >= this.limits.maxClients || nickError(seat.nick, this.limits.maxNick) !== null) return;
    const rooms = seat.rooms.map((r) => normalizeRoom(r)).filter((r): r is string => r !== null && this.#rooms.has(r));
    if (rooms.length === 0) return;
    const before = this.#returning.get(key); // (an edited file's: one seat a key)
    if (before) this.#returningNames.delete(before.nick, key);
    this.#returning.set(key, { nick: seat.nick, rooms: rooms.slice(0, this.limits.maxRoomsPerClient), ...(seat.renamedFrom ? { renamedFrom: seat.renamedFrom } : {}) });
    this.#returningNames.add(seat.nick, key);
  }

  /** Whether nickname key `key` (one of nickKeys') is kept for someone a restarted host expects back (other than seat `except`). */
  #keptForReturn(key: string, except?: string): boolean {
    // one's own seat under that name is one's own to take back, whoever else is expected under it: two look-alike
    // names seated before their key folded them together (mary and rnary) refused each other for good
    const own = except === undefined ? undefined : this.#returning.get(except);
    if (own && nickKeys(own.nick).includes(key)) return false;
    return this.#returningNames.holds(key, except);
  }

  /** The seat a restart expects back for a hello in `session` (the owner's: by the owner key), and its key. */
  #expectedSeat(session: SessionRecord | undefined, isOwner: boolean): { key: string; seat: SavedSeat } | undefined {
    const key = isOwner ? OWNER_SEAT : session?.token;
    const seat = key === undefined ? undefined : this.#returning.get(key);
    return key !== undefined && seat ? { key, seat } : undefined;
  }

  /** The seat a restart expects back for this hello (taken: it is back), or undefined. */
  #backAfterRestart(session: SessionRecord | undefined, isOwner: boolean, nick: string): SavedSeat | undefined {
    const expected = this.#expectedSeat(session, isOwner);
    if (!expected || nickKey(expected.seat.nick) !== nickKey(nick)) return undefined;
    this.#returning.delete(expected.key);
    this.#returningNames.delete(expected.seat.nick, expected.key);
    return expected.seat;
  }

  /** The restart's wait is over: those not back leave, as a dropped connection's held seat does. */
  #notBack(): void {
    this.#returningTimer = undefined;
    for (const seat of this.#returning.values()) {
      if (this.#byNick.has(nickKey(seat.nick))) continue; // back under its name without its session: it joined
      for (const name of seat.rooms) {
        const room = this.#rooms.get(name);
        if (room) this.#broadcast(room, room.record({ type: 'leave', nick: seat.nick, reason: 'lost' }));
      }
      this.log(`${seat.nick} left (lost: not back after the restart)`, 'leave');
    }
    this.#returning.clear();
    this.#returningNames.clear();
  }

  /** Who is in the rooms now, by session (rich clients, connected or held), and the owner's seat. */
  #currentSeats(): { sessions: Map<string, SavedSeat>; owner?: SavedSeat } {
    const sessions = new Map<string, SavedSeat>();
    let owner: SavedSeat | undefined;
    for (const s of this.#sessions.values()) {
      const p = s.peer;
      if (!p || !p.admitted || p.rooms.size === 0 || !(p instanceof RichPeer)) continue;
      const seat: SavedSeat = { nick: p.nick, rooms: [...p.rooms].map((r) => r.name) };
      if (p.renamedFrom.length > 0) seat.renamedFrom = [...p.renamedFrom];
      if (p.role === 'owner') owner = seat;
      else sessions.set(s.token, seat);
    }
    // and those a restart still expects back (saved at once after a restore, before anyone is: they were forgotten)
    for (const [key, seat] of this.#returning) {
      if (key === OWNER_SEAT) owner ??= seat;
      else if (!sessions.has(key)) sessions.set(key, seat);
    }
    return owner ? { sessions, owner } : { sessions };
  }

  #saveState(): SavedState {
    const now = Date.now();
    const seats = this.#closingSeats ?? this.#currentSeats();
    const bans = this.#bans.toSaved();
    return {
      version: 1,
      savedAt: now,
      rooms: [...this.#rooms.values()].map((r) => r.snapshot()),
      ...(seats.owner ? { owner: seats.owner } : {}),
      ...(this.#elevated.size > 0 ? { elevated: [...this.#elevated] } : {}),
      ...(bans ? { bans } : {}),
      ...(this.#roomKey !== undefined ? { roomKey: this.#roomKey } : {}),
      sessions: [...this.#sessions.values()]
        .filter((s) => (s.accepted.size > 0 || s.dms.length > 0 || s.banned !== undefined || s.kicked !== undefined || seats.sessions.has(s.token)) && (s.peer !== undefined || seats.sessions.has(s.token) || now - s.leftAt < this.#sessionTtlMs))
        .map((s) => {
          const seat = seats.sessions.get(s.token);
          return {
            token: s.token, accepted: s.accepted.entries(), role: s.role === 'op' ? 'op' : 'member', leftAt: s.peer ? now : s.leftAt, ...(seat ? { seat } : {}),
            ...KeptDms.saved(s), ...(s.banned !== undefined ? { banned: s.banned } : {}), ...(s.kicked !== undefined ? { kicked: s.kicked } : {}),
          };
        }),
    };
  }

  /**
   * Adds a peer to a room and announces it (a rich newcomer sees its own join in the history replay). `back`: it
   * was in the room when the host restarted, and its join says so (clients show nothing for it).
   */
  #joinRoom(peer: Peer, room: Room<Peer>, back = false): void {
    room.members.add(peer);
    peer.rooms.add(room);
    const out = room.record(back ? { type: 'join', nick: peer.nick, role: peer.role, back } : { type: 'join', nick: peer.nick, role: peer.role });
    for (const m of room.members) if (m !== peer || m.kind === 'plain') m.deliver(out);
  }

  #broadcast(room: Room<Peer>, out: Outbound, except?: Peer): void {
    for (const m of room.members) if (m !== except) m.deliver(out);
  }

  // ------------------------------------------------------------------ leaving

  gone(peer: Peer, reason: string): void {
    if (!this.#peers.delete(peer) && !peer.admitted) return;
    const timer = this.#handshakeTimers.get(peer);
    if (timer) clearTimeout(timer);
    this.#handshakeTimers.delete(peer);
    if (!peer.admitted) return;
    const leave = reason === 'back' ? 'quit' : reason; // what the rooms hear when it does not come back
    // (one cut for silence, `timeout`, is a connection lost that the server noticed first: its client, finding the
    // connection dead by its own pings, comes back to the seat as after any drop)
    if ((reason === 'lost' || reason === 'back' || reason === 'timeout') && this.#holdSeat(peer, leave)) return;
    this.#release(peer, leave);
  }

  /**
   * Keeps the seat of a rich session whose connection ended without a goodbye or with one that says it will be
   * back: still a member, its nickname still its own, what the rooms say meanwhile waits in history for its resume.
   * True when it was held.
   */
  #holdSeat(peer: Peer, reason: string): boolean {
    if (this.#closing || this.#holdSeatMs <= 0 || !(peer instanceof RichPeer) || peer.rooms.size === 0) return false;
    if (peer.session?.peer !== peer) return false;
    // a seat is not a connection, but nobody may pile them up: past an address's connection limit (or the server's)
    // its oldest held seat goes
    let fromAddress = 0;
    let oldest: Peer | undefined;
    const from = addressKey(peer.address);
    for (const p of this.#held.keys()) {
      if (addressKey(p.address) !== from) continue;
      fromAddress++;
      oldest ??= p;
    }
    if (oldest && fromAddress >= this.limits.maxClientsPerAddress) this.#release(oldest);
    const first = this.#held.keys().next();
    if (!first.done && this.#held.size >= this.limits.maxClients) this.#release(first.value);
    this.#held.set(peer, { reason, timer: setTimeout(() => this.#release(peer), this.#holdSeatMs), dmsFrom: new Set() });
    peer.away = true;
    this.#tellAway(peer, true);
    this.log(`${peer.nick}: connection ended; seat held for ${Math.round(this.#holdSeatMs / 1000)} s in case it comes back`);
    return true;
  }

  /** Tells the other rich members of the peer's rooms that its seat is held (`away`) or taken back. */
  #tellAway(peer: Peer, away: boolean): void {
    for (const room of peer.rooms) {
      const out = new Outbound({ type: 'away', room: room.name, nick: peer.nick, away });
      for (const m of room.members) if (m !== peer && m.kind === 'rich' && !m.away) m.deliver(out);
    }
  }

  /** Ends a held seat without a word (its session came back). True when there was one. */
  #unhold(peer: Peer): boolean {
    const h = this.#held.get(peer);
    if (!h) return false;
    clearTimeout(h.timer);
    this.#held.delete(peer);
    return true;
  }

  /** Takes an admitted peer out of its rooms (announcing it with `reason`), its nickname and its session. */
  #release(peer: Peer, reason?: string, sessionGoesOn = false): void {
    const seat = this.#held.get(peer);
    const why = reason ?? seat?.reason ?? 'lost';
    this.#unhold(peer);
    // direct messages sent to the held seat were kept for its return, which is not coming: their senders hear it
    // (unless its session came back under another name: it gets them)
    for (const from of sessionGoesOn ? [] : (seat?.dmsFrom ?? [])) {
      const sender = from instanceof Peer ? from : from.peer;
      if (!sender?.admitted || !this.#peers.has(sender)) continue;
      const because = why === 'lost' ? ' (their connection was lost)' : why === 'quit' ? '' : ` (${why})`;
      if (sender !== peer) sender.reply({ type: 'info', text: `${peer.nick} left before your direct message reached them${because}` });
    }
    const key = nickKey(peer.nick);
    if (this.#byNick.get(key) === peer) this.#byNick.delete(key);
    this.#names.delete(peer.nick, peer);
    if (peer.session && peer.session.peer === peer && peer.kind === 'plain') {
      // (a plain client cannot come back to its session: kept, plain clients coming and going pushed out, past the
      // cap of sessions, those of rich clients away that would resume theirs, a laptop asleep)
      this.#dropSession(peer.session);
    } else if (peer.session && peer.session.peer === peer) {
      peer.session.peer = undefined;
      peer.session.leftAt = Date.now();
      peer.session.accepted.keepLast(KEPT_IDS_AWAY);
      this.#trimAwayIds();
      // (past the cap of sessions, the oldest away goes at the next wake)
      this.#watch.at(this.#sessions.size > this.limits.maxClients * 2 ? 0 : peer.session.leftAt + this.#sessionTtlMs + 1);
    }
    // (its parting words, a /quit's, when it leaves as it said: a reload's bye, held, says none)
    const message = why === 'quit' ? partingWords(peer.partingWords) : undefined;
    for (const room of peer.rooms) {
      room.leave(peer);
      if (!this.#closing) this.#broadcast(room, room.record({ type: 'leave', nick: peer.nick, reason: why, ...(message !== undefined ? { message } : {}) }));
    }
    if (peer.rooms.size > 0 && why !== 'replaced') this.log(`${peer.nick} left (${why}${message !== undefined ? `: ${message}` : ''})`, 'leave');
    peer.rooms.clear();
  }

  // ------------------------------------------------------------------ requests

  handle(peer: Peer, msg: ClientMessage): void {
    if (!peer.admitted || peer.endReason !== undefined) return;
    switch (msg.type) {
      case 'send':
        return this.#onSend(peer, msg);
      case 'dm':
        return this.#onDm(peer, msg);
      case 'typing':
        return this.#onTyping(peer, msg.room);
      case 'hello':
      case 'ping':
      case 'pong':
      case 'bye':
        return; // handled by the peer itself
    }
    // a request its client sent again after a reconnect (the answer went down with the connection), done already:
    // acknowledged again, not done twice (a reaction toggled back off, a topic set over a newer one). A question
    // (`who`, `rooms`) is answered again.
    // (a rename is done again unless the name is the one it has: a host restarted from its file may have let its
    // client back under the old one, and the acknowledged resend left it there)
    if (msg.id !== undefined && msg.type !== 'who' && msg.type !== 'rooms' && !(msg.type === 'nick' && msg.nick !== peer.nick) && this.#duplicate(peer, msg.id)) return;
    if (!peer.allow(msg.id)) return;
    switch (msg.type) {
      case 'join':
        return this.#onJoin(peer, msg.room, msg.id);
      case 'part':
        return this.#onPart(peer, msg.room, msg.id, msg.message);
      case 'nick':
        return this.#onNick(peer, msg.nick, msg.id);
      case 'topic':
        return this.#onTopic(peer, msg.room, msg.topic, msg.id);
      case 'kick':
      case 'ban':
        return this.#onKick(peer, msg.nick, msg.reason ?? '', msg.type === 'ban', msg.id);
      case 'unban':
        return this.#onUnban(peer, msg.nick, msg.id);
      case 'newkey':
        return this.#onNewKey(peer, msg.id);
      case 'op':
      case 'deop':
        return this.#onRole(peer, msg.room, msg.nick, msg.type === 'op' ? 'op' : 'member', msg.id);
      case 'who': {
        const room = this.#memberRoom(peer, msg.room, msg.id);
        if (!room) return; // (refused, with the error: no ack as well)
        peer.reply({ type: 'who', ...(msg.id !== undefined ? { id: msg.id } : {}), room: room.name, members: room.state().members });
        return this.#ack(peer, msg.id, undefined, false, false);
      }
      case 'rooms':
        peer.reply({ type: 'rooms', ...(msg.id !== undefined ? { id: msg.id } : {}), rooms: [...this.#rooms.values()].map((r) => ({ name: r.name, topic: r.topic, members: r.members.size })) });
        return this.#ack(peer, msg.id, undefined, false, false);
      case 'edit':
        return this.#onEdit(peer, msg);
      case 'delete':
        return this.#onDelete(peer, msg);
      case 'react':
        return this.#onReact(peer, msg);
    }
  }

  afterSaved(fn: () => void): void {
    if (this.#store) this.#store.afterSave(fn);
    else fn();
  }

  #ack(peer: Peer, id: string | undefined, seq?: number, duplicate?: boolean, remember = true): void {
    if (id === undefined || peer.kind === 'plain') return;
    // (every request done is remembered, a message's with its seq: one sent again is acknowledged, not done twice;
    // a question, who or rooms, is answered again)
    if (!duplicate && remember) this.#remember(peer, id, seq ?? 0);
    const msg: ServerMessage = { type: 'ack', id };
    if (seq !== undefined) msg.seq = seq;
    if (duplicate) msg.duplicate = true;
    // with a history file, once what it acknowledges is in the file: a client lets an acknowledged request go, and
    // one lost with a host killed before its save would be lost for good (a deleted secret back in the history)
    if (this.#store && remember) this.#store.afterSave(() => peer.reply(msg));
    else peer.reply(msg);
  }

  /**
   * The room a request names, when the peer is in it; otherwise tells the peer and returns undefined. `leaving`: the
   * request is to leave it (a /part), for which joining it first is no advice.
   */
  #memberRoom(peer: Peer, name: string, id?: string, leaving = false): Room<Peer> | undefined {
    const n = normalizeRoom(name);
    const room = n === null ? undefined : this.#roomNamed(peer, n);
    if (n === null) {
      peer.fail('room_invalid', `"${quoteWords(name)}" is not a valid room name`, id);
      return undefined;
    }
    if (!room || !peer.rooms.has(room)) {
      // (a name that reads as a room there is names no room of its own: /join of it is refused, pointing at that one)
      const alike = room ? undefined : this.#roomReadings.get(roomReading(n));
      const why = alike === undefined ? `you are not in #${n}` : `there is no #${n}${lettersNote(n, alike.name)}: it reads as #${this.#roomAs(peer, alike.name, n)}, ${peer.rooms.has(alike) ? 'a room you are in' : 'a room you are not in'}`;
      peer.fail('not_in_room', `${why}${leaving || alike !== undefined ? '' : `; /join #${n} first`}`, id);
      return undefined;
    }
    return room;
  }

  #remember(peer: Peer, id: string, seq: number): void {
    const accepted = peer.session?.accepted;
    if (!accepted) return;
    accepted.add(id, seq);
    this.#store?.changed();
  }

  keepRefusal(peer: Peer, id: string, code: ErrorCode, message: string): void {
    const accepted = peer.session?.accepted;
    if (!accepted) return;
    accepted.refuse(id, code, message);
    this.#store?.changed(); // (a host killed later, with nothing else changed, would do it afresh when it comes again)
  }

  /**
   * True when the request id is known: a resend after a reconnect, acknowledged again when it was accepted, refused
   * again (with the words it got) when it was refused.
   */
  #duplicate(peer: Peer, id: string): boolean {
    const seq = peer.session?.accepted.get(id);
    if (seq === undefined) return false;
    // (it costs no rate token, but a free line: a member sending one line again and again, each answered, was never
    // counted and kept the host busy and every other member's messages late)
    if (!peer.freeLine()) return true;
    const refused = seq < 0 ? peer.session?.accepted.refusal(id) : undefined;
    // (said again, not kept again: each copy saved the history file anew)
    if (refused) peer.reply({ type: 'error', code: refused.code, message: refused.message, id });
    else this.#ack(peer, id, seq || undefined, true);
    return true;
  }

  /** `code`: the code card the text comes with (it goes into the same event). */
  #checkText(peer: Peer, raw: string, id: string | undefined, code: CodeRef | undefined): string | undefined {
    // a rich request longer than this was refused as it was read; a plain client's line comes here as it is
    if (raw.length > this.limits.maxText) {
      peer.fail('text_too_long', `the message is ${withCommas(raw.length)} characters long; this room takes at most ${withCommas(this.limits.maxText)}: not sent`, id);
      return undefined;
    }
    const text = cleanText(raw);
    if (blankText(text)) {
      peer.fail('bad_message', 'an empty message is not sent', id);
      return undefined;
    }
    // the event that carries the text must fit in one line for every receiver; a plain message surely fits
    // when even 6 JSON bytes per UTF-16 unit (`\uXXXX`) would, and then needs no encoding just to count it
    const surelyFits = code === undefined && 11 + 6 * text.length + 256 + 3 * peer.nick.length <= this.limits.maxLine;
    if (!surelyFits && utf8Length(JSON.stringify({ text, ...code })) + 256 + utf8Length(peer.nick) > this.limits.maxLine) {
      peer.fail('text_too_long', `the message is too long (at most ${this.limits.maxLine} bytes encoded): not sent`, id);
      return undefined;
    }
    return text;
  }

  #onSend(peer: Peer, msg: Extract<ClientMessage, { type: 'send' }>): void {
    if (this.#duplicate(peer, msg.id) || !peer.allow(msg.id)) return; // refused requests cost a token too
    const room = this.#memberRoom(peer, msg.room, msg.id);
    if (!room) return;
    const code = sharedCode(msg);
    const text = this.#checkText(peer, msg.text, msg.id, code);
    if (text === undefined) return;
    const event: NewEvent & { type: 'message' } = { type: 'message', from: peer.nick, text, kind: msg.kind ?? 'text' };
    if (code) event.code = code;
    const out = room.record(event, peer.author);
    this.#broadcast(room, out);
    this.#ack(peer, msg.id, (out.msg as MessageEvent).seq);
  }

  /**
   * The message an edit or a delete names (0: the peer's latest in the room; with `nick`, the latest shown as
   * from them), while history holds it; otherwise tells the peer why not and returns undefined.
   */
  #targetMessage(peer: Peer, room: Room<Peer>, target: number, id: string | undefined, nick?: string): MessageEvent | undefined {
    let seq: number | undefined;
    if (nick !== undefined) {
      const from = this.#lastFrom(room, nick, peer);
      if (typeof from === 'string') {
        peer.fail('no_such_message', from, id);
        return undefined;
      }
      seq = from;
    } else seq = target === 0 ? room.lastBy(peer.author) : target;
    const m = seq === undefined ? undefined : room.message(seq);
    if (m && !m.deleted) return m;
    const what =
      nick !== undefined
        ? `#${this.#roomAs(peer, room.name)}'s history holds no message from ${nick} that can still be deleted`
        : target === 0
          ? `you have no message in #${this.#roomAs(peer, room.name)} that can still be changed`
          : m?.deleted
            ? 'that message was deleted'
            : target > room.seq
              ? `no message #${target} in #${this.#roomAs(peer, room.name)} yet` // (not one the history let go: there never was one)
              : `#${this.#roomAs(peer, room.name)}'s history no longer holds that message`;
    peer.fail('no_such_message', what, id);
    return undefined;
  }

  /**
   * `nick`'s last message in `room`, not deleted: the latest shown as from `nick`, or written by whoever goes by
   * `nick` now (kat's, after kat became cat2, are cat2's too: the name the member list shows), the later of the two
   * when they are one member's. When they are two members' (the last shown as kat is by one who was kat then, bob
   * now; kat now wrote as cat2), whichever of them it took, one message is another's than its reader meant (the
   * newer one was taken: the line labelled cat2, or the one labelled kat by someone kat no longer is), and a delete
   * is for good: why none is taken, naming both (`asker`: to whom, each name as it can type it), in words.
   */
  #lastFrom(room: Room<Peer>, nick: string, asker?: Peer): number | undefined | string {
    const shown = room.lastShownFrom(nick);
    const now = this.#named(nick);
    const theirs = now === undefined ? undefined : room.lastBy(now.author);
    if (now === undefined || theirs === undefined || shown === undefined) return theirs ?? shown;
    const shownBy = room.authorOf(shown);
    if (shownBy === now.author) return Math.max(theirs, shown);
    const as = (n: string) => (asker !== undefined && this.#readsAscii(asker) ? asciiNick(n) : n);
    const then = room.message(theirs)?.from ?? nick;
    const other = [...this.#peers].find((p) => p.admitted && p.author === shownBy && p !== now);
    // (the names that take each: theirs by the name it shows, unless that is this one too, kat's before bob's was)
    const names = [other?.nick, nickKey(then) === nickKey(nick) ? undefined : then].filter((n) => n !== undefined).map((n) => `/delete ${as(n)}`);
    const hint = names.length === 0 ? '' : ` ${names.join(' or ')} ${names.length === 1 ? `takes ${as(other?.nick ?? now.nick)}'s` : 'says which'}.`;
    return `"${quoteWords(nick)}" names two members' messages: the last one shown as ${as(nick)} is by ${other === undefined ? 'someone no longer here' : as(other.nick)} (${as(nick)} then), and ${as(now.nick)} now wrote theirs as ${as(then)}. Nothing was deleted.${hint}`;
  }

  #onEdit(peer: Peer, msg: Extract<ClientMessage, { type: 'edit' }>): void {
    const room = this.#memberRoom(peer, msg.room, msg.id);
    // `/edit` is your last message: when that was deleted, not the one before it (an older one was rewritten)
    if (room && msg.target === 0 && (room.lastDeletedBy(peer.author) ?? 0) > (room.lastBy(peer.author) ?? 0)) {
      return peer.fail('no_such_message', `your last message in #${this.#roomAs(peer, room.name)} was deleted`, msg.id);
    }
    const m = room && this.#targetMessage(peer, room, msg.target, msg.id);
    if (!room || !m) return;
    if (room.authorOf(m.seq) !== peer.author) return peer.fail('not_permitted', 'you can edit only your own messages', msg.id);
    if (m.kind === 'code') return peer.fail('not_permitted', 'shared code cannot be edited: delete it and share it again', msg.id);
    const text = this.#checkText(peer, msg.text, msg.id, undefined);
    if (text === undefined) return;
    if (text === m.text) return this.#ack(peer, msg.id, m.seq);
    this.#change(peer, room, m, { type: 'edit', target: m.seq, from: peer.nick, text, ...(m.kind === 'action' ? { kind: 'action' as const } : {}) }, msg.id);
  }

  /** Records a change to message `m` (edit, delete, reaction), rewrites `m` in history by it, sends it, acks it. */
  #change(peer: Peer, room: Room<Peer>, m: MessageEvent, change: NewEvent & Pick<MessageChange, 'type'>, id: string | undefined): void {
    const out = room.record(change);
    room.rewrite(changedMessage(m, out.msg as MessageChange));
    this.#broadcast(room, out);
    this.#ack(peer, id, (out.msg as RoomEvent).seq);
  }

  #onDelete(peer: Peer, msg: Extract<ClientMessage, { type: 'delete' }>): void {
    const room = this.#memberRoom(peer, msg.room, msg.id);
    // a member's `/delete <nick>` of another's name: not theirs to do (said so whether or not that nick has a message
    // to delete), unless the message is their own, written under that name before a rename
    let [target, nick] = [msg.target, msg.nick];
    if (room && nick !== undefined && peer.role === 'member' && nickKey(nick) !== nickKey(peer.nick)) {
      const seq = this.#lastFrom(room, nick);
      // (of two members' messages the name names, a member means its own: the last one shown as the name it had)
      const mine = typeof seq === 'number' ? seq : room.lastShownFrom(nick);
      if (mine === undefined || room.authorOf(mine) !== peer.author) return peer.fail('not_permitted', "only the owner and ops can delete other people's messages", msg.id);
      [target, nick] = [mine, undefined];
    }
    const m = room && this.#targetMessage(peer, room, target, msg.id, nick);
    if (!room || !m) return;
    const author = room.authorOf(m.seq);
    const own = author === peer.author;
    if (!own && peer.role === 'member') return peer.fail('not_permitted', "only the owner and ops can delete other people's messages", msg.id);
    // as with kicks: an op may not overrule the owner or another op
    if (!own && peer.role === 'op' && this.#roleOfAuthor(author) !== 'member') {
      return peer.fail('not_permitted', "only the owner can delete the owner's or an op's messages", msg.id);
    }
    // (your own, under the name it shows: written before a rename, `by` the new name read as someone else's delete)
    this.#change(peer, room, m, { type: 'delete', target: m.seq, from: m.from, by: own ? m.from : peer.nick }, msg.id);
    if (!own) this.log(`${peer.nick} deleted a message by ${m.from} in #${room.name}`);
  }

  /** Puts the peer's reaction under a message, or takes it away (a toggle, as a click on it is). */
  #onReact(peer: Peer, msg: Extract<ClientMessage, { type: 'react' }>): void {
    if (!isReaction(msg.emoji)) return peer.fail('bad_message', `"${msg.emoji.slice(0, 16)}" is not a reaction; these are: ${REACTIONS.join(' ')}`, msg.id);
    const room = this.#memberRoom(peer, msg.room, msg.id);
    const m = room && this.#targetMessage(peer, room, msg.target, msg.id);
    if (!room || !m) return;
    const under = (m.reactions ?? []).find((r) => r.emoji === msg.emoji)?.by ?? [];
    const on = !under.includes(peer.nick);
    if (on && under.length >= MAX_REACTORS) return peer.fail('bad_message', `${MAX_REACTORS} people reacted with ${msg.emoji} already`, msg.id);
    // (a reaction shows its nickname, and a nickname passes on: one put there by whoever had it before is theirs)
    const by = on ? undefined : room.reactorOf(m.seq, msg.emoji, peer.nick);
    if (by !== undefined && by !== peer.author) return peer.fail('not_permitted', `the ${msg.emoji} of ${peer.nick} under that message was put there by someone who had the nickname before you`, msg.id);
    const reactions = withReaction(m.reactions, msg.emoji, peer.nick, on);
    this.#change(peer, room, m, { type: 'react', target: m.seq, from: peer.nick, emoji: msg.emoji, on, reactions }, msg.id);
    room.reacted(m.seq, msg.emoji, peer.nick, peer.author, on);
  }

  /** The role now of whoever wrote a message (`Peer.author`): connected, or a session that may come back. */
  #roleOfAuthor(author: string | undefined): Role {
    if (author === undefined) return 'member';
    for (const p of this.#peers) if (p.admitted && p.author === author) return p.role;
    // gone (its session expired, or the host restarted: the owner's client comes back with a new session)
    return this.#elevated.get(author) ?? this.#sessions.get(author)?.role ?? 'member';
  }

  /** Remembers that `author` writes as owner or op (see `elevated`). */
  #elevate(author: string, role: Role): void {
    if (role === 'member' || this.#elevated.get(author) === 'owner') return;
    if (this.#elevated.size >= MAX_ELEVATED) this.#elevated.delete(this.#elevated.keys().next().value!);
    this.#elevated.set(author, role);
  }

  #onDm(peer: Peer, msg: Extract<ClientMessage, { type: 'dm' }>): void {
    if (this.#duplicate(peer, msg.id) || !peer.allow(msg.id)) return;
    const target = this.#named(msg.to);
    if (!target) return peer.fail('no_such_nick', `nobody called "${quoteWords(msg.to)}" is here`, msg.id);
    const code = sharedCode(msg);
    const text = this.#checkText(peer, msg.text, msg.id, code);
    if (text === undefined) return;
    const event: DmEvent = { type: 'dm', from: peer.nick, to: target.nick, text, kind: msg.kind ?? 'text', time: Date.now() };
    if (code) event.code = code;
    this.#deliverDm(target, event);
    this.#held.get(target)?.dmsFrom.add(peer.session ?? peer); // kept for its return; if it does not come back, the sender is told
    if (target !== peer) this.#deliverDm(peer, event);
    this.#ack(peer, msg.id);
  }

  #onTyping(peer: Peer, roomName: string): void {
    const room = this.#rooms.get(normalizeRoom(roomName) ?? '');
    if (!room || !peer.rooms.has(room)) return; // typing is best effort: no error
    const now = Date.now();
    if (now - (this.#lastTyping.get(peer) ?? 0) < TYPING_EVERY_MS) return;
    this.#lastTyping.set(peer, now);
    const out = new Outbound({ type: 'typing', room: room.name, nick: peer.nick });
    for (const m of room.members) if (m !== peer && m.kind === 'rich') m.deliver(out);
  }

  #onJoin(peer: Peer, name: string, id?: string): void {
    const n = normalizeRoom(name);
    if (n === null) return peer.fail('room_invalid', `"${quoteWords(name)}" is not a valid room name (letters, digits, _ - . up to 32)`, id);
    const existing = this.#roomNamed(peer, n);
    if (existing && peer.rooms.has(existing)) {
      peer.currentRoom = existing.name;
      if (peer.kind === 'plain') peer.reply({ type: 'room', ...existing.state() });
      return this.#ack(peer, id);
    }
    if (peer.rooms.size >= this.limits.maxRoomsPerClient) {
      return peer.fail('too_many_rooms', `you are in ${peer.rooms.size} rooms, the most allowed; /part one first`, id);
    }
    const room = this.#roomFor(n, peer);
    if (!(room instanceof Room)) return peer.fail(room.code, room.message, id);
    if (room.members.size >= this.limits.maxClientsPerRoom) return peer.fail('room_full', `#${this.#roomAs(peer, room.name)} is full (${this.limits.maxClientsPerRoom} people)`, id);
    if (peer.kind === 'plain') {
      // (told where its text goes now first, then its own join as that room's line: `nc joined!` came before it, as
      // another room's, `[#dev] nc joined!`. A rich client's room state is after its join, which its replay holds)
      peer.currentRoom = room.name;
      peer.reply({ type: 'room', ...room.state() });
      this.#joinRoom(peer, room);
      return this.#ack(peer, id);
    }
    this.#joinRoom(peer, room);
    peer.currentRoom = room.name;
    peer.reply({ type: 'room', ...room.state() });
    this.#replay(peer, room, undefined, this.#replayBudget(peer));
    this.#ack(peer, id);
  }

  #onPart(peer: Peer, name: string, id?: string, words?: string): void {
    const room = this.#memberRoom(peer, name, id, true);
    if (!room) return;
    room.leave(peer);
    peer.rooms.delete(room);
    const message = partingWords(words);
    const out = room.record({ type: 'leave', nick: peer.nick, reason: 'part', ...(message !== undefined ? { message } : {}) });
    this.#broadcast(room, out);
    if (peer.kind === 'plain') peer.deliver(out);
    peer.reply({ type: 'parted', room: room.name });
    if (peer.currentRoom === room.name) {
      // the room it joined last of those left ('': in no room until a /join); a plain client is told, having no
      // prompt that shows it (its text went to another room without a word)
      peer.currentRoom = [...peer.rooms].at(-1)?.name ?? '';
      if (peer.kind === 'plain' && peer.currentRoom !== '') peer.reply({ type: 'info', text: `Your messages now go to #${this.#roomAs(peer, peer.currentRoom)}.` });
    }
    this.#ack(peer, id);
  }

  #onNick(peer: Peer, nick: string, id?: string): void {
    const invalid = nickError(nick, this.limits.maxNick);
    if (invalid !== null) return peer.fail('nick_invalid', `"${quoteWords(nick)}": ${invalid}`, id);
    if (nick === peer.nick) {
      peer.reply({ type: 'info', text: `You are already called ${nick}.` });
      return this.#ack(peer, id);
    }
    const key = nickKey(nick);
    // (by every key its name is read under, another's only: its own name in capitals is its own)
    const keys = nickKeys(nick);
    if (keys.some((k) => this.#names.holds(k, peer))) {
      // (its own name is no suggestion either: alice_2 asking for alice was told to try alice_2)
      const suggestion = suggestNick(nick, (k) => this.#keyTaken(k, undefined, peer.session?.token, true), this.limits.maxNick);
      peer.reply({ type: 'error', code: 'nick_taken', message: `the nickname "${nick}" is taken; try "${suggestion}"`, suggestion, ...(id ? { id } : {}) });
      return;
    }
    if (keys.some((k) => this.#bans.hasNick(k))) return peer.fail('not_permitted', `the nickname "${nick}" is banned`, id);
    if (keys.some((k) => this.#keptForReturn(k, peer.session?.token))) {
      return peer.fail('nick_taken', `the nickname "${nick}" is kept for someone the host expects back after its restart`, id);
    }
    const old = peer.nick;
    this.#byNick.delete(nickKey(old));
    this.#names.delete(old, peer);
    peer.renamedFrom = [...peer.renamedFrom.filter((k) => k !== nickKey(old) && k !== key), nickKey(old)].slice(-8);
    this.#byNick.set(key, peer);
    this.#names.add(nick, peer);
    peer.nick = nick;
    const time = Date.now(); // (when it became the peer's: a direct message to `old` before it was not to `nick`)
    for (const room of peer.rooms) {
      // its reactions go with it: under the old name, a rename between two would count it twice (and the toggle
      // would not find it); another's under the same name, from before, stay
      room.renameReactions(peer.author, old, nick);
      this.#broadcast(room, room.record({ type: 'nick', from: old, to: nick }));
    }
    peer.reply({ type: 'you', nick, role: peer.role, time });
    this.log(`${old} is now ${nick}`);
    this.#ack(peer, id);
  }

  #onTopic(peer: Peer, name: string, topic: string | undefined, id?: string): void {
    const room = this.#memberRoom(peer, name, id);
    if (!room) return;
    if (topic === undefined) {
      peer.reply({ type: 'info', text: room.topic ? `Topic for #${this.#roomAs(peer, room.name)}: ${room.topic}` : `#${this.#roomAs(peer, room.name)} has no topic.` });
      return this.#ack(peer, id);
    }
    if (peer.role === 'member') return peer.fail('not_permitted', 'only the owner and ops can set the topic', id);
    const t = cleanLine(topic);
    if ([...t].length > this.limits.maxTopic) return peer.fail('bad_message', `a topic has at most ${this.limits.maxTopic} characters`, id);
    room.topic = t;
    this.#broadcast(room, room.record({ type: 'topic', by: peer.nick, topic: t }));
    this.#ack(peer, id);
  }

  /**
   * Lifts the bans of a name: every one that refuses a newcomer called so (its look-alikes': NIKO's for ΝΙΚΟ), with
   * the addresses and sessions banned with them. The answer names each ban lifted.
   */
  #onUnban(peer: Peer, nick: string, id?: string): void {
    if (peer.role === 'member') return peer.fail('not_permitted', 'only the owner and ops can unban', id);
    // (as #named: a plain client that reads ASCII names a nickname of another alphabet by its `xn--` form)
    const found = this.#bans.find(nick);
    // (each name as the reader can type it: an ASCII reader's ????? could not be)
    const named = (b: SavedBan) => (this.#readsAscii(peer) ? asciiNick(b.nick) : b.nick);
    if (found.length === 0) return peer.fail('no_such_nick', `"${quoteWords(nick)}" is not banned (${this.#bans.described(named)})`, id);
    // (as kicks and deletes: an op may not overrule the owner. Of several bans the name reads as, an op lifts its
    // own and the other ops', and is told which of the owner's still holds the name: it lifted none, and was told
    // only that the owner's was not its to lift, its own standing with it)
    const may = (b: SavedBan) => peer.role !== 'op' || b.byOwner !== true;
    const owners = found.filter((b) => !may(b));
    if (owners.length === found.length) {
      return peer.fail('not_permitted', `only the owner can lift a ban the owner made${found.length > 1 || named(owners[0]!) !== nick ? ` (${owners.map(named).join(', ')})` : ''}`, id);
    }
    const lifted = this.#bans.lift(nick, may);
    for (const ban of lifted) {
      const session = ban.session === undefined ? undefined : this.#sessions.get(ban.session);
      if (session) delete session.banned;
      this.log(`${peer.nick} unbanned ${ban.nick}${ban.address !== undefined ? ` (${ban.address})` : ''}`);
    }
    this.#store?.changed();
    const names = lifted.map(named);
    const are = names.length === 1 ? 'is' : 'are';
    const one = owners.length === 1;
    peer.reply({
      type: 'info',
      text:
        owners.length === 0
          ? `${andList(names)} ${are} no longer banned: they may come back.`
          : `${andList(names)} ${are} no longer banned (they may come back under another name), but the owner's ${one ? 'ban' : 'bans'} of ${andList(owners.map(named))}, which ${one ? 'reads' : 'read'} the same, still ${one ? 'holds' : 'hold'} the name: only the owner can lift ${one ? 'it' : 'them'}.`,
    });
    this.#ack(peer, id);
  }

  /**
   * The owner's /newkey: a new room key from now on (handshakes use it at once); once it is saved (a history file
   * keeps it), every rich member connected gets it (its reconnects use it) and the owner is told.
   */
  #onNewKey(peer: Peer, id?: string): void {
    if (peer.role !== 'owner') return peer.fail('not_permitted', 'only the owner can make a new room key', id);
    if (this.#roomKey === undefined) return peer.fail('not_permitted', 'this room is not private (it is on loopback): it has no key to change', id);
    const key = createRoomKey();
    this.#roomKey = key;
    this.#store?.changed();
    const tell = () => {
      if (this.#roomKey !== key) return; // (a newer /newkey came before this one's save: it tells its own)
      let told = 0;
      for (const p of this.#peers) {
        if (!p.admitted || p.endReason !== undefined) continue;
        // (a plain client a private room lets in (--allow-plain) reads in clear: told, not given the key)
        if (!(p instanceof RichPeer) || this.#keyUsed.get(p.conn.socket) === undefined) {
          p.reply({ type: 'info', text: `${peer.nick} made a new room key: the key typed at PASS lets nobody in now. You stay in; to come back, ask the host for the new one.` });
          continue;
        }
        p.reply({ type: 'key', key, by: peer.nick });
        told++;
      }
      const away = this.#held.size;
      this.log(`${peer.nick} made a new room key: the invites given before let nobody in now (${told} connection(s) got the new one${away > 0 ? `; ${away} away did not` : ''})`, 'info');
      this.#options.onRoomKey?.(key);
      if (!this.#peers.has(peer) || peer.endReason !== undefined) return;
      const others = told - 1;
      peer.reply({
        type: 'info',
        text: `You made a new room key: the invites given before let nobody in from now on. ${others === 0 ? 'Nobody else is connected' : `The ${others === 1 ? 'member' : `${withCommas(others)} members`} connected got it and stay${others === 1 ? 's' : ''}`}${away > 0 ? `; ${away === 1 ? 'one member' : `${withCommas(away)} members`} away (their connection dropped) cannot come back without the new invite` : ''}.`,
      });
    };
    if (this.#store) this.#store.afterSave(tell);
    else tell();
    this.#ack(peer, id);
  }

  #onKick(peer: Peer, nick: string, reason: string, ban: boolean, id?: string): void {
    const verb = ban ? 'ban' : 'kick';
    if (peer.role === 'member') return peer.fail('not_permitted', `only the owner and ops can ${verb}`, id);
    const target = this.#named(nick);
    if (!target) return peer.fail('no_such_nick', `nobody called "${quoteWords(nick)}" is here`, id);
    if (target === peer) return peer.fail('not_permitted', `you cannot ${verb} yourself`, id);
    if (target.role === 'owner' || (target.role === 'op' && peer.role !== 'owner')) {
      return peer.fail('not_permitted', target.role === 'owner' ? `nobody can ${verb} the owner` : `only the owner can ${verb} an op`, id);
    }
    // (never through a character: a plain client's reason comes here as typed, uncut)
    const why = cutAt(cleanLine(reason), REASON_MAX);
    const told = `you were ${ban ? 'banned' : 'kicked'} by ${peer.nick}${why ? `: ${why}` : ''}`;
    // (in none of the target's rooms, the one who did it would see no kick event: told so)
    const seen = [...target.rooms].some((r) => r.members.has(peer));
    if (ban) {
      // (its nickname, its address and its session: see BanList.add). A full list refuses it before anything is
      // done: the target is not kicked either (half a ban: they could come back at once), and nobody else hears of it
      if (!this.#bans.add(target.nick, target.address, target.session?.token, peer.role === 'owner')) {
        const full = `the ban list is full (${withCommas(this.#bans.size)} ${this.#bans.size === 1 ? 'ban' : 'bans'})`;
        this.log(`${peer.nick} could not ban ${target.nick}: ${full}`, 'warn');
        return peer.fail('not_permitted', `${full}: /unban someone first, or /kick`, id);
      }
      if (target.session) target.session.banned = told;
    }
    if (target.role === 'op') {
      // an op put out is an op no more: its session came back in an op, able to kick whoever the owner had let in
      target.role = 'member';
      if (target.session) target.session.role = 'member';
      this.#elevated.delete(target.author);
    }
    for (const room of target.rooms) {
      room.leave(target);
      const out = room.record({ type: 'kick', nick: target.nick, by: peer.nick, reason: why, ban });
      this.#broadcast(room, out);
      target.deliver(out);
    }
    target.rooms.clear();
    this.log(`${peer.nick} ${ban ? 'banned' : 'kicked'} ${target.nick}${ban && !isLoopback(target.address) ? ` (${target.address})` : ''}${why ? `: ${why}` : ''}`);
    target.disconnect(ban ? 'banned' : 'kicked', told, ban ? 'banned' : 'kicked');
    if (!seen) peer.reply({ type: 'info', text: `${target.nick} was ${ban ? 'banned' : 'kicked'}${why ? `: ${why}` : ''}${/[.!?]$/.test(why) ? '' : '.'}` });
    if (this.#held.has(target)) {
      // its connection had ended: its nickname is free now, and its client coming back hears the kick (a ban's
      // own check refuses it anyway)
      if (!ban && target.session) target.session.kicked = told;
      this.#release(target, ban ? 'banned' : 'kicked');
    }
    this.#ack(peer, id);
  }

  #onRole(peer: Peer, _roomName: string, nick: string, role: Role, id?: string): void {
    if (peer.role !== 'owner') return peer.fail('not_permitted', `only the owner can ${role === 'op' ? 'op' : 'deop'}`, id);
    const target = this.#named(nick);
    if (!target) return peer.fail('no_such_nick', `nobody called "${quoteWords(nick)}" is here`, id);
    if (target.role === 'owner') return peer.fail('not_permitted', 'the owner is always the owner', id);
    if (target.role === role) {
      peer.reply({ type: 'info', text: `${target.nick} is already ${role === 'op' ? 'an op' : 'not an op'}.` });
      return this.#ack(peer, id);
    }
    target.role = role;
    if (target.session) target.session.role = role;
    this.#elevate(target.author, role);
    // (deopped: what they wrote is a member's, to ops, after they left as while they are here)
    if (role === 'member') this.#elevated.delete(target.author);
    for (const room of target.rooms) this.#broadcast(room, room.record({ type: 'role', nick: target.nick, role, by: peer.nick }));
    // (in none of the target's rooms, the one who did it would see no role event, and had no answer at all: told so)
    if (![...target.rooms].some((r) => r.members.has(peer))) peer.reply({ type: 'info', text: `${target.nick} is ${role === 'op' ? 'an op' : 'not an op'} now.` });
    target.reply({ type: 'you', nick: target.nick, role });
    this.#ack(peer, id);
  }
}
