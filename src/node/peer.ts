// What the server knows about one connected client, whichever protocol it speaks. RichPeer and PlainPeer
// turn bytes into requests and messages into bytes; everything else treats peers alike.

import { randomBytes } from 'node:crypto';
import type { DmEvent, ErrorCode, Role, ServerMessage } from '../protocol/messages';
import type { ClientMessage } from '../protocol/messages';
import type { AcceptedIds } from './acceptedIds';
import type { Connection } from './connection';
import type { Outbound } from './outbound';
import { RateLimiter } from './rateLimiter';
import type { Room } from './room';
import type { Limits } from '../protocol/limits';

/**
 * What survives a dropped connection: the resend de-duplication, the role and the last direct messages,
 * keyed by a server-issued token.
 */
export interface SessionRecord {
  token: string;
  /** Client message ids already accepted -> the seq they got (0 for direct messages). */
  accepted: AcceptedIds;
  role: Role;
  /** The last DM_KEEP direct messages to and from this session (rich clients), numbered by `dmSeq` (KeptDms). */
  dms: DmEvent[];
  /** The number of the session's last direct message. */
  dmSeq: number;
  peer: Peer | undefined;
  /** When the session's last connection went away (for expiry). */
  leftAt: number;
  /** Kicked while its seat was held: what its next hello is told instead of being let back in. */
  kicked?: string;
  /** Banned: every hello with this session is refused with this, whatever its nickname. */
  banned?: string;
  /** The rate tokens of its latest connection: the next one goes on from them (Peer.takeSessionRate). */
  limiter?: RateLimiter;
  /** And its free lines' (Peer.freeLine). */
  free?: RateLimiter;
}

/** The server side a peer reports to. */
export interface PeerHost {
  readonly limits: Limits;
  /** A peer finished its handshake as `nick`; the host admits it or refuses it (and closes it). */
  admit(peer: Peer, hello: Extract<ClientMessage, { type: 'hello' }>): void;
  /** A peer taken for plain turned out to be a rich client (its hello came late): `first` is its hello line. */
  upgrade?(peer: Peer, first: Uint8Array): void;
  /** A peer taken for plain on a keyed room sent a TLS hello first (it came after NICK): its address is waited for longer. */
  lateTlsHello?(peer: Peer): void;
  /** True when this nickname or the peer's address is banned. */
  isBanned(peer: Peer, nick: string): boolean;
  /** Checks a room key a plain client typed at PASS (failures are counted per address). */
  checkRoomKey(peer: Peer, key: string): boolean;
  /** A request from an admitted peer. */
  handle(peer: Peer, msg: ClientMessage): void;
  /** Request `id` of the peer's session was refused: kept (and saved) to be refused again if it comes again. */
  keepRefusal(peer: Peer, id: string, code: ErrorCode, message: string): void;
  /** The peer's connection is gone; `reason` tells the room why (quit, timeout, error...). */
  gone(peer: Peer, reason: string): void;
  /** Runs `fn` once what is acknowledged so far is saved (at once without a history file): acks wait for that. */
  afterSaved(fn: () => void): void;
  log(line: string, kind?: 'join' | 'leave' | 'info' | 'warn'): void;
  /** A line about a connection from `address` that did not get in: at most a few a minute per address (LogThrottle). */
  logRefused(address: string, line: string, kind?: 'info' | 'warn'): void;
}

/**
 * Lines that cost no token a peer may send for each one that does (burst and refill): our client pings every 20 s
 * and says it is typing every few seconds; 200 at once and 100 a second are far past that.
 */
export const FREE_LINES_PER_TOKEN = 10;

/**
 * How long a connection whose peer ended its side (its FIN) may handle its waiting requests past the time they need at
 * the rate; then it leaves with what still waits, and our side ends once the save holds what was handled.
 */
export const HALF_CLOSED_GRACE_MS = 5000;

let nextId = 1;
/** Tells this run's connections from an earlier run's in a history file (connection ids start at 1 again). */
const RUN = randomBytes(4).toString('hex');

export abstract class Peer {
  readonly id = nextId++;
  abstract readonly kind: 'rich' | 'plain';
  nick = '';
  role: Role = 'member';
  /** Set once the host admitted the peer. */
  admitted = false;
  session: SessionRecord | undefined;
  readonly rooms = new Set<Room<Peer>>();
  /** Where plain clients' text goes (rich clients name the room in every request). */
  currentRoom = 'general';
  /** Why the connection ended, once it did. */
  endReason: string | undefined;
  /**
   * What it said as it quit (a `bye`'s `message`, a plain client's `/quit <words>`), as typed: its rooms' leave events
   * carry it, cleaned (partingWords), when it leaves as `quit`.
   */
  partingWords: string | undefined;
  /** Its connection ended and its seat is held for its return (the member lists say so). */
  away = false;
  /**
   * The nickname keys this seat renamed away from, the latest last (at most 8): its client, whose connection
   * dropped before the answer came, comes back under one of them.
   */
  renamedFrom: string[] = [];
  lastHeard = Date.now();
  protected readonly limiter: RateLimiter;
  /** The lines it may send that cost no rate token (see freeLine). */
  readonly #free: RateLimiter;
  #freeRefusedInARow = 0;
  #refusedInARow = 0;
  #protocolErrors = 0;

  constructor(
    readonly conn: Connection,
    protected readonly host: PeerHost,
  ) {
    this.limiter = new RateLimiter(host.limits.rateBurst, host.limits.ratePerSecond);
    this.#free = new RateLimiter(FREE_LINES_PER_TOKEN * host.limits.rateBurst, FREE_LINES_PER_TOKEN * host.limits.ratePerSecond);
  }

  /**
   * Counts a line that costs no rate token (a ping, a pong, a typing notice, an empty line): false when the peer
   * sends them faster than any client does (the line is then dropped), and past `floodDisconnectAfter` such lines
   * in a row it is disconnected for a flood. A member sending 64 KB reads of pongs or newlines kept the server's
   * CPU at 100% and every other member's messages a second late, and was never disconnected.
   */
  freeLine(): boolean {
    if (this.#free.take()) {
      this.#freeRefusedInARow = 0;
      return true;
    }
    // (as for a rate flood: what a plain client has waiting for its tokens still goes out first)
    if (++this.#freeRefusedInARow >= this.host.limits.floodDisconnectAfter && this.endReason === undefined) this.#endFlood();
    return false;
  }

  /** Admitted in `record`: its rate goes on from the session's last connection's, and the next goes on from this. */
  takeSessionRate(record: SessionRecord): void {
    if (record.limiter) this.limiter.follow(record.limiter);
    record.limiter = this.limiter;
    // (the free lines too: a flood of pongs that came back in its session after each disconnect had 200 more)
    if (record.free) this.#free.follow(record.free);
    record.free = this.#free;
  }

  /** Who wrote a message, for editing it later: the session (it outlives a connection), else this connection. */
  get author(): string {
    return this.session?.token ?? `${RUN}:${this.id}`;
  }

  get address(): string {
    return this.conn.remoteAddress;
  }

  get label(): string {
    return `${this.nick || this.nickToBe || '(no nick)'} [${this.kind} ${this.conn.remoteAddress}:${this.conn.remotePort}]`;
  }

  /** The nickname a peer not in yet gave (a plain client's at PASS), for the log. */
  protected get nickToBe(): string | undefined {
    return undefined;
  }

  /** Sends a room event or any message prepared once for many recipients. */
  abstract deliver(out: Outbound): void;
  /** Sends a message meant for this peer alone. */
  abstract reply(msg: ServerMessage): void;
  /** Says why and closes the connection. */
  abstract disconnect(code: ErrorCode, message: string, reason?: string): void;

  /** Sends an error for one request; the connection stays. */
  fail(code: ErrorCode, message: string, id?: string): void {
    // (kept: a client whose connection dropped before this answer sends the request again, and it is refused again,
    // not done afresh on what changed since: a refused `/delete` of "my last message" deleted the one typed after
    // it. Not for the rate: that request is sent again to be done)
    if (id !== undefined && code !== 'rate_limited') this.host.keepRefusal(this, id, code, message);
    this.reply(id === undefined ? { type: 'error', code, message } : { type: 'error', code, message, id });
  }

  /** Counts a malformed message; past the limit the peer is disconnected. True when it was. */
  protocolError(code: ErrorCode, message: string, id?: string): boolean {
    this.#protocolErrors++;
    if (this.#protocolErrors > this.host.limits.maxProtocolErrors) {
      this.disconnect(code, `${message} (too many bad messages: disconnected)`, 'error');
      return true;
    }
    this.fail(code, message, id);
    return false;
  }

  /**
   * Takes a rate token for a request; when there is none, the request waits if the peer can keep it for later
   * (`waitForToken`), else it is refused (and a sustained flood disconnects).
   */
  allow(id?: string): boolean {
    if (this.limiter.take()) {
      this.#refusedInARow = 0;
      return true;
    }
    if (this.waitForToken()) return false;
    this.refuse(id);
    return false;
  }

  /**
   * A sustained flood from a peer with requests still waiting for their tokens (a plain client's paste): true when
   * the peer reads no more and goes once what it waits with went out, rather than at once, which would lose it.
   */
  protected floodWithWaiting(): boolean {
    return false;
  }

  /** A sustained flood: the peer goes, once what it has waiting went out (floodWithWaiting), or at once. */
  #endFlood(): void {
    if (!this.floodWithWaiting()) this.disconnectForFlood();
  }

  /** Disconnects the peer for a sustained flood. */
  protected disconnectForFlood(): void {
    this.disconnect('flood', 'you sent too many messages too fast: disconnected', 'flood');
  }

  /** Keeps the request being handled for when a token comes (its peer's WaitingLines); false when it cannot. */
  protected abstract waitForToken(): boolean;

  /** Refuses a request for its rate; a sustained flood disconnects. */
  protected refuse(id?: string): void {
    this.#refusedInARow++;
    if (this.#refusedInARow >= this.host.limits.floodDisconnectAfter) {
      this.#endFlood();
    } else {
      this.fail('rate_limited', `slow down: at most ${this.host.limits.ratePerSecond} messages a second (burst ${this.host.limits.rateBurst}); not sent`, id);
    }
  }

  /**
   * Runs the handling of bytes from the network so that nothing a peer sends can throw out of a socket event
   * (which would end the whole process): an unexpected error costs this peer its connection, nobody else anything.
   */
  protected guarded(what: string, fn: () => void): void {
    try {
      fn();
    } catch (e) {
      this.host.log(`${this.label}: internal error while handling ${what}: ${(e as Error).stack ?? String(e)}`, 'warn');
      if (this.endReason === undefined) this.disconnect('bad_message', 'the server could not handle your message: disconnected', 'error');
    }
  }

  /**
   * The peer ended its side of the connection (a FIN: `nc -N`, a shutdown of its writes) with `waiting` requests still
   * waiting for their tokens; they are handled at the rate's pace, then finishHalfClosed. They are handled no longer
   * than they need and HALF_CLOSED_GRACE_MS: then it leaves with what still waits unhandled, and our side ends once
   * what it was owed is written: the acknowledgements of what was handled wait for the history's save, which a slow
   * disk puts off for longer than the grace (10 times its last save's time: a save of 0.6 s on a loaded machine put
   * the next 6 s off, and the connection ended first, with requests done and never acknowledged).
   */
  protected halfClosed(waiting: number): void {
    const ms = Math.ceil((waiting * 1000) / this.host.limits.ratePerSecond) + HALF_CLOSED_GRACE_MS;
    const timer = setTimeout(() => this.finishHalfClosed(), ms);
    timer.unref();
    this.conn.socket.once('close', () => clearTimeout(timer));
  }

  /**
   * What the peer sent before it ended its side is handled: it leaves as a lost connection does, and our side ends once
   * what it is owed is written (its echoes, and its acknowledgements, which wait for the history's save). Ended at its
   * FIN, as Node does without `allowHalfOpen`, they were lost, and requests still waiting were done unacknowledged.
   */
  protected finishHalfClosed(): void {
    this.ended('lost');
    this.host.afterSaved(() => this.conn.close());
  }

  /** Marks the connection ended and tells the host, once. */
  protected ended(reason: string): void {
    if (this.endReason !== undefined) return;
    this.endReason = reason;
    this.host.gone(this, reason);
  }
}
