// One window's chat session: the server it hosts (if any) and the client it is in the room with. Node only
// (no vscode): the commands and the panel drive it, the unit tests too. The host's own client joins its
// server over loopback like any other client, with the owner key.

import { EventEmitter } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { ChatServer, ChatServerOptions } from '../node/chatServer';
import { ChatClient, type Answer, type ConnectionKeys, type QueuedItem } from '../node/chatClient';
import type { EarlierRoom } from '../node/keptRooms';
import { COMMANDS } from '../protocol/commands';
import { DEFAULT_LIMITS, TOPIC_FIELD_MAX } from '../protocol/limits';
import { APP_VERSION } from '../protocol/appVersion';
import { REACTIONS } from '../protocol/reactions';
import type { ConnectionStatus, ServerMessage } from '../protocol/messages';
import type { PanelSnapshot } from '../shared/panelMessages';
import { IDLE, transition, type SessionEvent, type SessionState } from './sessionState';
import { makeInvite } from './invite';

/**
 * Events the window's client keeps per room, whatever the room's history length: as many as the panel shows (its
 * MAX_ROWS). The panel, torn down while hidden, is drawn again from them, and Save Conversation writes them: kept to
 * the history length (500), both lost what was said before the last 500 events. The text they hold is bounded
 * apart (KeptRooms' ROOM_KEEP_UNITS).
 */
export const KEEP_PER_ROOM = 20_000;

export interface HostOptions {
  bind: string;
  port: number;
  nick: string;
  /** Messages each room keeps for those who join and come back (the server's history). */
  history: number;
  /** The addresses to show others (see reachableAddresses); the first is the invite. */
  addresses: (port: number) => string[];
  /** Makes the room private (TLS with this key; the invite carries it). */
  roomKey?: string;
  /**
   * With `roomKey` and `historyFile` (not fresh): the key the file kept is the room's, not `roomKey`, so the invites
   * given when it was hosted before still let their holders in (tcpChat.keepHistory).
   */
  keepRoomKey?: boolean;
  /** Where the room keeps its history and state, so a restarted host serves the same history. */
  historyFile?: string;
  /** With `historyFile`: a new room, whatever the file holds. */
  freshHistory?: boolean;
  /** The port whose history file it is, when not the room's own (kept in the state, so a reload finds the file again). */
  historyPort?: number;
  /** The host's own session token from before a window reload: its direct messages come back (from the history file). */
  session?: string;
  /** With `session`: the nicknames the window had in it, the latest last (its direct messages under each are its own). */
  nicks?: string[];
  /** With `nicks`: when each became its own, where known. */
  nickSince?: [string, number][];
  /** With `session`: what the window still had on its way to the room before the reload (sent first). */
  queued?: QueuedItem[];
  log?: (line: string) => void;
}

export interface JoinOptions {
  host: string;
  port: number;
  /** `host:port` as shown. */
  address: string;
  nick: string;
  room?: string;
  /** The room key from a private room's invite. */
  roomKey?: string;
  /**
   * Join as the owner, with the keys a headless host on this machine wrote (its owner key, and its room key if
   * private), asked at each connection: they are new after its restart.
   */
  ownerKeys?: () => ConnectionKeys;
  /** The session token from before a window reload: the server gives back the role and the direct messages. */
  session?: string;
  /** With `session`: the nicknames the window had in it, the latest last (its direct messages under each are its own). */
  nicks?: string[];
  /** With `nicks`: when each became its own, where known. */
  nickSince?: [string, number][];
  /** With `session`: what the window still had on its way to the room before the reload (sent first). */
  queued?: QueuedItem[];
  /** Per room, what the window kept of its earlier epochs (before its host started it anew) before a reload. */
  earlier?: Record<string, EarlierRoom[]>;
  /** How long to keep trying when the host closed the room (HOST_WAIT_MS). */
  hostWaitMs?: number;
}

export interface SessionEvents {
  server: [msg: ServerMessage];
  status: [status: ConnectionStatus, text: string];
  notice: [level: 'info' | 'error', text: string];
  state: [state: SessionState];
  /** The server refused what this window sent (a direct message to nobody, a text too long): its text, where it went. */
  refused: [where: { room: string } | { to: string }, text: string];
  /** A Host or a Join started connecting (`connectingTo`), or is done (joined, hosting or failed). */
  connecting: [];
}

const CLIENT_NAME = `tcp-chat-vscode/${APP_VERSION}`;
export const HOST_CLOSED = 'the host closed the room';
/**
 * How long a member keeps trying to get back into a room its host closed (a host's window reload brings it
 * back in seconds); after it, the client stops (`gaveUp`) until the user tries again.
 */
export const HOST_WAIT_MS = 10 * 60_000;

/** The panel's status when the window is in no room and has left none. */
const IDLE_TEXT = 'Not in a room. Run "TCP Chat: Host Chat" or "TCP Chat: Join Chat".';

/** The client's options that bring back a session from before a window reload: its token, and the nicknames it had. */
function sessionBack(o: { session?: string; nicks?: string[]; nickSince?: [string, number][]; queued?: QueuedItem[] }): { session?: string; nicknames?: string[]; nicknameSince?: [string, number][]; queued?: QueuedItem[] } {
  return o.session ? { session: o.session, ...(o.nicks ? { nicknames: o.nicks } : {}), ...(o.nickSince ? { nicknameSince: o.nickSince } : {}), ...(o.queued ? { queued: o.queued } : {}) } : {};
}

/** Makes the server a hosted room runs on: the extension's comes from its own bundle (laterBundles.ts). */
export type ServerFactory = (o: ChatServerOptions) => ChatServer;

export class ChatSession extends EventEmitter<SessionEvents> {
  state: SessionState = IDLE;
  server: ChatServer | undefined;
  client: ChatClient | undefined;
  /** The room the composer and Share Selection send to; '' after the user parted the last one. */
  activeRoom = 'general';
  /** A joined room's address; a hosted room's are the machine's as they are now (#addressesOf). */
  #fixed: string[] = [];
  /** A hosted room's addresses by the machine's network now: a laptop that woke on another network gave its old one. */
  #addressesOf: ((port: number) => string[]) | undefined;
  #busy = false;
  /** What a Host or a Join that is connecting does (`joining host:port`), while it does: the status bar says so. */
  connectingTo: string | undefined;
  /** A Leave closing the server (its history file is held until it is done). */
  #leaving: Promise<void> | undefined;
  /** Gives up the rename waiting for the room to be back (a newer one takes its place). */
  #pendingRename: (() => void) | undefined;
  /** What the panel keeps showing after Leave Chat (the rooms as they were, read-only) until a new room. */
  #leftBehind: PanelSnapshot | undefined;
  /** When the client's connection last dropped (ms since the epoch), until its welcome after the rejoin: the members it knows are from then. */
  #membersAsOf: number | undefined;

  readonly #newServer: ServerFactory;

  constructor(newServer: ServerFactory) {
    super();
    this.#newServer = newServer;
  }

  /** The room's address: a hosted room's first as the machine's network is now (a laptop moved to another network gave its old one), a joined room's as typed. */
  get address(): string {
    if (this.state.kind === 'idle') return '';
    return (this.state.kind === 'hosting' ? this.addresses[0] : undefined) ?? this.state.address;
  }

  /** Every address others can use (hosting: as the machine's network is now), the first being the one Copy Invite gives. */
  get addresses(): string[] {
    return this.state.kind === 'hosting' && this.#addressesOf ? this.#addressesOf(this.state.port) : this.#fixed;
  }

  /** What Copy Invite gives: the first address, with the room key when the room is private. */
  get invite(): string {
    const first = this.addresses[0];
    if (!first || this.state.kind === 'idle') return '';
    return makeInvite(first, this.state.key);
  }

  get nick(): string {
    return this.client?.nick ?? '';
  }

  /** Starts a server and joins it as owner. Rejects with the listen error (code EADDRINUSE for a busy port). */
  async host(o: HostOptions): Promise<AddressInfo> {
    // a Leave still closing the server holds its history file (and port) until it is done: Host again waits for it
    await this.#leaving;
    this.#guard();
    this.#connecting(true, o.port === 0 ? 'starting a room' : `starting a room on port ${o.port}`);
    try {
      const server = this.#newServer({
        host: o.bind, port: o.port, limits: { history: o.history }, log: (line) => o.log?.(line),
        ...(o.roomKey ? { roomKey: o.roomKey, keepRoomKey: o.keepRoomKey === true } : {}), ...(o.historyFile ? { historyFile: o.historyFile, freshHistory: o.freshHistory === true } : {}),
      });
      // (the key the history file kept, when asked to: the invites of the room's last hosting still work)
      const roomKey = server.roomKey;
      const addr = await server.listen();
      this.#addressesOf = o.addresses;
      const address = o.addresses(addr.port)[0] ?? `${addr.address}:${addr.port}`;
      const client = new ChatClient({
        host: addr.family === 'IPv6' ? '::1' : '127.0.0.1', port: addr.port, nick: o.nick, ownerKey: server.ownerKey, clientName: CLIENT_NAME, keepPerRoom: KEEP_PER_ROOM, pingAfterMs: Infinity,
        ...(roomKey ? { roomKey } : {}), ...sessionBack(o),
      });
      this.server = server;
      try {
        await this.#connect(client, o.nick);
      } catch (e) {
        this.server = undefined;
        await server.close('the host could not join its own room');
        throw e;
      }
      this.#apply({ type: 'hosted', bind: o.bind, port: addr.port, address, ...(roomKey ? { key: roomKey } : {}), ...(o.historyPort !== undefined ? { historyPort: o.historyPort } : {}) });
      this.#leftBehind = undefined;
      return addr;
    } finally {
      this.#connecting(false);
    }
  }

  /** Joins a room someone else hosts. Rejects when nobody listens there or the server refuses. */
  async join(o: JoinOptions): Promise<void> {
    this.#guard();
    this.#connecting(true, `joining ${o.address}`);
    try {
      const client = new ChatClient({
        host: o.host, port: o.port, nick: o.nick, clientName: CLIENT_NAME, keepPerRoom: KEEP_PER_ROOM, rooms: o.room ? [o.room] : [],
        // when the host reloads its window the room comes back on the same port: keep trying (the panel says
        // why), but not for ever: a room closed for good leaves the member a "Try Again" (chatApp)
        reconnectAfterShutdown: true, hostWaitMs: o.hostWaitMs ?? HOST_WAIT_MS,
        ...(o.ownerKeys ? { keys: o.ownerKeys } : o.roomKey ? { roomKey: o.roomKey } : {}), ...sessionBack(o),
        ...(o.earlier ? { earlier: o.earlier } : {}),
      });
      this.#addressesOf = undefined;
      this.#fixed = [o.address];
      this.activeRoom = o.room ?? 'general';
      await this.#connect(client, o.nick).catch((e: unknown) => {
        throw refusedBy(o.address, e);
      });
      // (the key it connected with: as the owner, the one its host's file has now)
      const key = client.roomKey;
      this.#apply({ type: 'joined', address: o.address, ...(key ? { key } : {}), ...(o.ownerKeys ? { owner: true } : {}) });
      this.#leftBehind = undefined;
    } finally {
      this.#connecting(false);
    }
  }

  /** A Host or a Join starts connecting (`doing`: what it does), or is done with it. */
  #connecting(on: boolean, doing?: string): void {
    this.#busy = on;
    this.connectingTo = on ? doing : undefined;
    this.emit('connecting');
  }

  /**
   * Stops a join that is still connecting (the user cancelled it: an address that takes connections and never
   * answers held the window 10 s): the join rejects, and the window is in no room, as before it. False when no
   * join is connecting.
   */
  cancelJoin(): boolean {
    const c = this.client;
    if (!this.#busy || this.state.kind !== 'idle' || !c) return false;
    this.client = undefined;
    void c.leave();
    return true;
  }

  /**
   * Leaves the room; when hosting, closes the server and tells everyone (`reason`). `back`: this window means to
   * come back to the room (it is reloading, or closing: VS Code does not say which), so the server holds its seat.
   */
  async leave(reason = HOST_CLOSED, back = false, stopped: () => boolean = () => false): Promise<void> {
    const { client, server } = this;
    if (client && !back) this.#leftBehind = this.#afterLeaving(this.state.kind === 'hosting' ? 'You closed the room' : 'You left the room');
    this.client = undefined;
    this.server = undefined;
    this.#addressesOf = undefined;
    this.#fixed = [];
    if (this.state.kind !== 'idle') this.#apply({ type: 'left' });
    // what is on its way goes first (a reload saves it instead, and sends it from the next window: `queued`);
    // then the server, so members get "the host closed the room" rather than "alice left"
    const done = (async () => {
      if (client && !back) await client.flush(stopped);
      await Promise.all([server?.close(reason), client?.leave(back)]);
    })();
    this.#leaving = done;
    await done;
    client?.removeAllListeners();
  }

  /**
   * Asks the room to call this window `nick`. Away from it (reconnecting, waiting for its host) it is asked once
   * the room is back. Undefined when it is not asked: the window is in no room, leaves it first, or a later
   * rename takes its place.
   */
  rename(nick: string): Promise<Answer | undefined> {
    const c = this.client;
    if (!c) return Promise.resolve(undefined);
    this.#pendingRename?.();
    if (c.connected) return c.ask({ type: 'nick', nick }) ?? Promise.resolve(undefined);
    return new Promise((resolve) => {
      const settle = (answer: Promise<Answer> | undefined) => {
        c.off('status', onStatus);
        this.off('state', onState);
        if (this.#pendingRename === drop) this.#pendingRename = undefined;
        resolve(answer ?? undefined);
      };
      const drop = () => settle(undefined);
      const onStatus = (status: ConnectionStatus) => {
        if (status === 'connected') settle(c.ask({ type: 'nick', nick }));
      };
      const onState = () => {
        if (this.client !== c) drop();
      };
      this.#pendingRename = drop;
      c.on('status', onStatus);
      this.on('state', onState);
    });
  }

  /** The room Share Selection sends to: the active one, if the client is in it. */
  currentRoom(): string | undefined {
    return this.client?.rooms.has(this.activeRoom) ? this.activeRoom : undefined;
  }

  /** Members of the active room (0 when not connected). */
  online(): number {
    return this.client?.rooms.get(this.activeRoom)?.members.length ?? 0;
  }

  /** Who else a Leave closes the room on: everyone on the server this window hosts, in any of its rooms (0 when it hosts none). */
  othersHosted(): number {
    return Math.max(0, (this.server?.people ?? 1) - 1);
  }

  /**
   * The rooms as they are now, for reading after the window left them: nobody in them (the window no longer
   * knows who is), the status saying so.
   */
  #afterLeaving(what: string): PanelSnapshot {
    const s = this.snapshot();
    const at = this.address ? ` at ${this.address}` : '';
    const { canRetry: _, waiting: __, ...rest } = s;
    return {
      ...rest, status: 'closed', address: '', hosting: false, rooms: s.rooms.map((r) => ({ ...r, members: [] })),
      statusText: `${what}${at}. What was said stays here until you host or join a room.`,
    };
  }

  snapshot(idleText = IDLE_TEXT): PanelSnapshot {
    const c = this.client;
    if (!c && this.#leftBehind) return this.#leftBehind;
    if (!c) {
      return {
        nick: '', role: 'member', status: 'closed', statusText: idleText, address: '', hosting: false, rooms: [], activeRoom: '', dms: [], commands: [...COMMANDS],
        maxText: DEFAULT_LIMITS.maxText, maxTopic: TOPIC_FIELD_MAX, reactions: [...REACTIONS],
      };
    }
    const rooms = [...c.rooms.values()].map((r) => ({
      name: r.name, epoch: r.epoch, topic: r.topic, members: r.members.map((m) => ({ ...m })), events: [...r.events],
      ...(r.dropped ? { dropped: r.dropped } : {}),
      ...(r.earlier.length > 0 ? { earlier: r.earlier.map((x) => ({ epoch: x.epoch, events: [...x.events] })) } : {}),
      ...(c.rooms.stateSeqOf(r) > r.seq ? { stateAt: c.rooms.stateSeqOf(r) } : {}),
    }));
    const active = c.rooms.has(this.activeRoom) ? this.activeRoom : (rooms[0]?.name ?? this.activeRoom);
    const retry = c.nextAttempt;
    return {
      nick: c.nick, nicks: c.ownNicks, nickSince: c.ownNickSince, role: c.role, status: c.status, statusText: c.statusText, address: this.address, hosting: this.state.kind === 'hosting',
      rooms, activeRoom: active, dms: c.dms.map((d) => ({ ...d, with: c.partnerOf(d) })), commands: [...COMMANDS], maxText: c.maxText, maxTopic: c.maxTopic, reactions: [...REACTIONS], ...(c.gaveUp ? { canRetry: true } : {}), ...(c.waitingForHost ? { waiting: true } : {}),
      ...(retry ? { retry } : {}), ...(c.status !== 'connected' && this.#membersAsOf !== undefined ? { membersAsOf: this.#membersAsOf } : {}),
    };
  }

  /** A Host or a Join is connecting (its notification has Cancel). */
  get busy(): boolean {
    return this.#busy;
  }

  #guard(): void {
    if (this.#busy) throw new Error('already connecting');
    const t = transition(this.state, { type: 'left' });
    if (this.state.kind !== 'idle' || !t.ok) throw new Error(`leave the current room first (${this.state.kind})`);
  }

  #apply(event: SessionEvent): void {
    const t = transition(this.state, event);
    if (!t.ok) throw new Error(t.error);
    this.state = t.state;
    this.emit('state', this.state);
  }

  async #connect(client: ChatClient, nick: string): Promise<void> {
    client.on('server', (m) => {
      if (client !== this.client) return;
      if (m.type === 'welcome' && !m.rooms.some((r) => r.name === this.activeRoom)) this.activeRoom = m.rooms[0]?.name ?? this.activeRoom;
      if (m.type === 'welcome') this.#membersAsOf = undefined;
      if (m.type === 'parted' && m.room === this.activeRoom) this.activeRoom = [...client.rooms.keys()][0] ?? '';
      if (m.type === 'room' && !client.rooms.has(this.activeRoom)) this.activeRoom = m.name; // in no room until this /join
      this.emit('server', m);
    });
    client.on('status', (s, text) => {
      if (client !== this.client) return;
      if (s !== 'connected') this.#membersAsOf ??= Date.now();
      this.emit('status', s, text);
    });
    client.on('refused', (m) => {
      if (client === this.client) this.emit('refused', m.type === 'dm' ? { to: m.to } : { room: m.room }, m.text);
    });
    client.on('roomKey', (key) => {
      // (one that comes while it still connects is the key the join keeps: it reads the client's when done)
      if (client === this.client && this.state.kind !== 'idle') this.#apply({ type: 'rekeyed', key });
    });
    client.on('notice', (level, text, about) => {
      // a gap in a room's history: the panel says so itself, in that room (from the `synced` it gets)
      if (client === this.client && about !== 'gap') this.emit('notice', level, text);
    });
    this.client = client;
    this.#membersAsOf = undefined;
    try {
      await client.connect();
    } catch (e) {
      const err = e as Error & { code?: string; suggestion?: string };
      if (err.code === 'nick_taken' && err.suggestion) {
        this.emit('notice', 'info', `${nick} is taken in that room; you are ${err.suggestion}`);
        client.nick = err.suggestion;
        try {
          await client.connect();
          return;
        } catch (e2) {
          await this.#dropClient(client);
          throw e2;
        }
      }
      await this.#dropClient(client);
      throw err;
    }
  }

  /** A client whose join failed: gone, and a rename that waited for it is not asked (it would wait for the next room). */
  async #dropClient(client: ChatClient): Promise<void> {
    this.client = undefined;
    this.#pendingRename?.();
    await client.leave();
  }
}

/**
 * A join that failed: when the room refused it, its words said as the room's (a notification shows them after
 * "TCP Chat:", where a hostile server's refusal would read as the extension's own advice).
 */
function refusedBy(address: string, e: unknown): unknown {
  const err = e as Error & { code?: string; server?: boolean };
  // (ChatClient marks the server's words; its own failures, nobody listening, a key TLS refused, are not)
  if (err.server !== true) return e;
  return Object.assign(new Error(`the room at ${address} refused: ${err.message}`, { cause: e }), { code: err.code });
}
