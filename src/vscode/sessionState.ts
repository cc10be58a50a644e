// The session as a small state machine (idle / hosting / joined), and what the status bar shows for it.
// Pure: no vscode, no Node. The extension keeps one SessionState and moves it only through `transition`.

import type { ConnectionStatus } from '../protocol/messages';
import { nickError } from '../protocol/names';
import { makeInvite } from './invite';
import { noIcons } from './notificationText';
import { preview } from './preview';
import { retryWords } from '../protocol/retryWords';
import { heldBehindMessages, type QueuedItem } from '../node/chatClient';
import { MAX_TIME, validateClientMessage } from '../protocol/validate';

export type SessionState =
  | { kind: 'idle' }
  /**
   * This window runs the server (bound to `bind:port`) and is in it as owner. `historyPort`: the port whose
   * history file the room keeps, when not its own (it moved off a busy port, or was asked for any free one).
   */
  | { kind: 'hosting'; bind: string; port: number; address: string; key?: string; historyPort?: number }
  /**
   * This window is a member of someone else's room; `owner`: as its owner, by the key a headless host of this user's
   * on this machine wrote (see src/node/ownerKeyFile.ts).
   */
  | { kind: 'joined'; address: string; key?: string; owner?: true };

export type SessionEvent =
  | { type: 'hosted'; bind: string; port: number; address: string; key?: string; historyPort?: number }
  | { type: 'joined'; address: string; key?: string; owner?: true }
  /** The owner made a new room key (/newkey): the private room's invite is the one with it now. */
  | { type: 'rekeyed'; key: string }
  | { type: 'left' };

export type Transition = { ok: true; state: SessionState } | { ok: false; error: string };

export const IDLE: SessionState = { kind: 'idle' };

/** The next state, or why the event is not allowed now (host or join only from idle; leave from anywhere). */
export function transition(state: SessionState, event: SessionEvent): Transition {
  switch (event.type) {
    case 'left':
      return { ok: true, state: IDLE };
    case 'hosted':
      if (state.kind !== 'idle') return { ok: false, error: busyText(state) };
      return {
        ok: true,
        state: {
          kind: 'hosting', bind: event.bind, port: event.port, address: event.address, ...(event.key ? { key: event.key } : {}),
          ...(event.historyPort !== undefined && event.historyPort !== event.port ? { historyPort: event.historyPort } : {}),
        },
      };
    case 'joined':
      if (state.kind !== 'idle') return { ok: false, error: busyText(state) };
      return { ok: true, state: { kind: 'joined', address: event.address, ...(event.key ? { key: event.key } : {}), ...(event.owner ? { owner: true } : {}) } };
    case 'rekeyed':
      // (a room without a key has none to replace: its invite is its address)
      if (state.kind === 'idle' || state.key === undefined) return { ok: false, error: 'not in a private room' };
      return { ok: true, state: { ...state, key: event.key } };
  }
}

/** Whether New Invite is this window's to run: it is the owner of a private room, hosting it or joined to it as its owner. */
export function canMakeNewInvite(state: SessionState): boolean {
  return state.kind !== 'idle' && state.key !== undefined && (state.kind === 'hosting' || state.owner === true);
}

/** The room key of a state (none: idle, or a room without one). */
export function keyOf(state: SessionState): string | undefined {
  return state.kind === 'idle' ? undefined : state.key;
}

/**
 * Whether the owner of a private room is told its key changed (a /newkey typed in the panel, or by the owner in
 * another window or terminal): the state's key is new in the same room (`before`: the key of the state before
 * it), and New Invite, which says so itself, did not ask for it.
 */
export function tellNewKey(before: string | undefined, state: SessionState, byNewInvite: boolean): boolean {
  const key = keyOf(state);
  return !byNewInvite && before !== undefined && key !== undefined && key !== before && canMakeNewInvite(state);
}

export function busyText(state: SessionState): string {
  switch (state.kind) {
    case 'idle':
      return '';
    case 'hosting':
      return `you are hosting a room at ${state.address}`;
    case 'joined':
      return `you are in the room at ${state.address}`;
  }
}

/**
 * Whether `port` is held by the room this window hosts (Host Chat again need not look for another port before it
 * closes it); not when it hosts on another one (moved off a busy port, or the port setting changed since): a busy
 * `port` is then someone else's, and closing the room first left the window in none at Escape.
 */
export function hostsOn(state: SessionState, port: number): boolean {
  return state.kind === 'hosting' && state.port === port;
}

/**
 * What a window remembers (workspaceState) so a reload can bring the same session back: a hosted room comes
 * back on the same port with the same key (so members' invites stay good); a joined room is its invite and
 * the server's session token (the server gives back the role and the direct messages; a hosted room's too, which
 * its history file keeps). `nick`: the nickname
 * the window had in the room (a /nick in the panel changes it without touching the setting); `nicks`: every one it
 * had in the session, the latest last (its direct messages written under an earlier one are its own); `nickSince`:
 * when each became its own, where known (between two of them, a direct message is the one it had then).
 */
export type SavedSession =
  | { kind: 'hosting'; bind: string; port: number; room: string; key?: string; historyPort?: number; nick?: string; session?: string; dmSeq?: number; nicks?: string[]; nickSince?: [string, number][]; queued?: QueuedItem[] }
  | { kind: 'joined'; address: string; room: string; owner?: true; session?: string; dmSeq?: number; nick?: string; received?: Received; nicks?: string[]; nickSince?: [string, number][]; queued?: QueuedItem[] };

/**
 * Per room, the room's epoch and the last event this window had received when it closed (saved as it
 * deactivates): what the server replays after it, the window did not get while it was away.
 */
export type Received = Record<string, { epoch: string; seq: number }>;

/** Rooms a saved `received` may name (a client is in at most 20). */
const MAX_RECEIVED_ROOMS = 50;

/**
 * How recently the window must have been in its room for the room to come back by itself at the next start: a
 * reload or a restart comes back within a minute or two; a window reopened hours later asks first (a host
 * would otherwise be listening on its network again without anyone doing anything).
 */
export const RESTORE_WITHIN_MS = 15 * 60_000;

/**
 * At a start with a saved room: 'restore' it by itself, or 'ask' first. `aliveAt` is when the window last
 * said it was in the room (stored by a heartbeat); a saved room without one (a version before the heartbeat)
 * comes back as it always did.
 */
export function restoreDecision(aliveAt: unknown, now: number): 'restore' | 'ask' {
  if (aliveAt === undefined) return 'restore';
  if (typeof aliveAt !== 'number' || !Number.isFinite(aliveAt)) return 'ask';
  return now - aliveAt <= RESTORE_WITHIN_MS && aliveAt <= now + 60_000 ? 'restore' : 'ask';
}

/** The client's session token and the `seq` of the last direct message it saw (kept for a joined room). */
export interface SavedClient {
  session?: string;
  dmSeq?: number;
  nick?: string;
  received?: Received;
  nicks?: string[];
  nickSince?: [string, number][];
  /** The room put the window's client out (kicked, banned): nothing to come back to. */
  putOut?: boolean;
  /** With `session`: the messages still on their way (typed while the room was away), to send after the reload. */
  queued?: QueuedItem[];
}

/** Messages on their way a saved session keeps at most, and their texts' characters in all. */
const MAX_SAVED_QUEUED = 200;
const MAX_SAVED_QUEUED_CHARS = 2 * 1024 * 1024;

/** Nicknames a saved session keeps at most (the client's MAX_OWN_NICKS). */
const MAX_SAVED_NICKS = 50;

/** The session's part of what is saved: its token, and with it the last direct message seen and the nicknames it had. */
function savedSession(client: SavedClient): Pick<SavedClient, 'session' | 'dmSeq' | 'nicks' | 'nickSince' | 'queued'> {
  if (!client.session) return {};
  const queued = client.queued !== undefined ? boundedQueue(client.queued) : [];
  const nicks = client.nicks && client.nicks.length > 1 ? client.nicks.slice(-MAX_SAVED_NICKS) : [];
  const nickSince = (client.nickSince ?? []).filter(([n]) => nicks.includes(n));
  return {
    session: client.session, ...(client.dmSeq ? { dmSeq: client.dmSeq } : {}), ...(nicks.length > 0 ? { nicks } : {}),
    ...(nickSince.length > 0 ? { nickSince } : {}), ...(queued.length > 0 ? { queued } : {}),
  };
}

/** Saved `nickSince`, checked: pairs of one of `nicks` and a time a Date holds. */
function parseNickSince(value: unknown, nicks: readonly string[]): [string, number][] {
  if (!Array.isArray(value)) return [];
  return value.filter((p): p is [string, number] => Array.isArray(p) && p.length === 2 && typeof p[0] === 'string' && nicks.includes(p[0]) && Number.isSafeInteger(p[1]) && Math.abs(p[1] as number) <= MAX_TIME).slice(-MAX_SAVED_NICKS);
}

/**
 * Queued messages as a client would send them (checked as a server checks a request: a saved state may be from
 * another version, or edited), the oldest first, within MAX_SAVED_QUEUED and MAX_SAVED_QUEUED_CHARS.
 */
function boundedQueue(value: unknown): QueuedItem[] {
  if (!Array.isArray(value)) return [];
  const out: QueuedItem[] = [];
  let chars = 0;
  for (const v of value.slice(0, MAX_SAVED_QUEUED)) {
    const r = validateClientMessage(v, MAX_SAVED_QUEUED_CHARS);
    if (!r.ok || !('id' in r.msg) || typeof r.msg.id !== 'string') continue;
    const m = r.msg;
    // messages, and the commands held behind them
    if (m.type !== 'send' && m.type !== 'dm' && !heldBehindMessages(m)) continue;
    chars += 'text' in m ? m.text.length : 0;
    if (chars > MAX_SAVED_QUEUED_CHARS) break;
    out.push(m as QueuedItem);
  }
  return out;
}

export function toSaved(state: SessionState, room: string, client: SavedClient = {}): SavedSession | undefined {
  // (a member kicked or banned: a reload joined again by itself, or tried to for 15 s and said it was banned)
  if (client.putOut && state.kind === 'joined') return undefined;
  switch (state.kind) {
    case 'idle':
      return undefined;
    case 'hosting':
      return {
        kind: 'hosting', bind: state.bind, port: state.port, room, ...(state.key ? { key: state.key } : {}),
        ...(state.historyPort !== undefined ? { historyPort: state.historyPort } : {}), ...(client.nick ? { nick: client.nick } : {}),
        ...savedSession(client),
      };
    case 'joined':
      return {
        kind: 'joined', address: makeInvite(state.address, state.key), room, ...(state.owner ? { owner: true } : {}),
        ...savedSession(client), ...(client.session && client.received ? { received: client.received } : {}),
        ...(client.nick ? { nick: client.nick } : {}),
      };
  }
}

/** Validates what came back from storage (it may be from an older version, or edited). */
export function parseSaved(value: unknown): SavedSession | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const v = value as Record<string, unknown>;
  const room = typeof v.room === 'string' && v.room !== '' ? v.room : 'general';
  const nick = typeof v.nick === 'string' && nickError(v.nick) === null ? { nick: v.nick } : {};
  const session = typeof v.session === 'string' && /^[A-Za-z0-9_-]{16,128}$/.test(v.session) ? v.session : undefined;
  const dmSeq = typeof v.dmSeq === 'number' && Number.isSafeInteger(v.dmSeq) && v.dmSeq > 0 ? v.dmSeq : undefined;
  const nicks = Array.isArray(v.nicks) ? v.nicks.filter((n): n is string => typeof n === 'string' && nickError(n) === null).slice(-MAX_SAVED_NICKS) : [];
  const queued = session ? boundedQueue(v.queued) : [];
  const nickSince = nicks.length > 1 ? parseNickSince(v.nickSince, nicks) : [];
  const ofSession = session ? { session, ...(dmSeq ? { dmSeq } : {}), ...(nicks.length > 1 ? { nicks } : {}), ...(nickSince.length > 0 ? { nickSince } : {}), ...(queued.length > 0 ? { queued } : {}) } : {};
  if (v.kind === 'joined' && typeof v.address === 'string' && v.address !== '') {
    const received = parseReceived(v.received);
    return { kind: 'joined', address: v.address, room, ...(v.owner === true ? { owner: true } : {}), ...ofSession, ...(session && received ? { received } : {}), ...nick };
  }
  if (v.kind === 'hosting' && typeof v.bind === 'string' && isPort(v.port)) {
    return {
      kind: 'hosting', bind: v.bind, port: v.port, room, ...(typeof v.key === 'string' && /^[A-Za-z0-9_-]{22,128}$/.test(v.key) ? { key: v.key } : {}),
      ...(isPort(v.historyPort) && v.historyPort !== v.port ? { historyPort: v.historyPort } : {}), ...nick, ...ofSession,
    };
  }
  return undefined;
}

function isPort(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 65535;
}

function parseReceived(value: unknown): Received | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const out: Received = {};
  for (const [room, r] of Object.entries(value as Record<string, unknown>).slice(0, MAX_RECEIVED_ROOMS)) {
    if (room === '__proto__' || r === null || typeof r !== 'object') continue;
    const { epoch, seq } = r as Record<string, unknown>;
    if (typeof epoch === 'string' && epoch.length <= 64 && typeof seq === 'number' && Number.isSafeInteger(seq) && seq >= 0) out[room] = { epoch, seq };
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * Whether a room event the server replayed after a reload came while the window was away: after what the window
 * had received when it closed (`received`), in the same epoch of the room. Such a message is news (unread, and a
 * mention notifies) though it comes with the history.
 */
export function cameWhileAway(received: Received | undefined, room: string, epoch: string | undefined, seq: number): boolean {
  const r = received !== undefined && Object.hasOwn(received, room) ? received[room] : undefined;
  return r !== undefined && r.epoch === epoch && seq > r.seq;
}

export interface StatusBarInput {
  state: SessionState;
  connection: ConnectionStatus;
  connectionText: string;
  room: string;
  online: number;
  unread: number;
  /** Closed by its host, and the client waits for the room to come back (a host's window reload is seconds). */
  waitingForHost?: boolean;
  /** Out of a room, what a Host or a Join on its way does (`joining host:port`), or that the window goes back to its room. */
  connecting?: string;
  /**
   * The client waits to try again after this (ChatClient.nextAttempt's `why`): the tooltip says so without the
   * figure of its status's words ("reconnecting in 6.6 s..."), which stood still in it through the wait.
   */
  retryWhy?: string;
}

export interface StatusBarView {
  visible: boolean;
  text: string;
  tooltip: string;
  /**
   * What a screen reader says of it: the text in words (the text's icons were stripped: "#general · 3 2" said
   * neither who the 3 were nor what the 2 was).
   */
  label: string;
  /** 'warning' tints the item (reconnecting, closed). */
  tone: 'normal' | 'warning';
}

/** The status bar item for a session: state, room, people online, unread count. */
export function statusBarView(i: StatusBarInput): StatusBarView {
  if (i.state.kind === 'idle') {
    // (a join to a slow or silent address took up to 10 s with only a notification to say so)
    if (i.connecting) return { visible: true, text: '$(sync~spin) TCP Chat: connecting…', tooltip: `TCP Chat: ${i.connecting}\nClick to show the chat`, label: `TCP Chat: connecting…, ${i.connecting}`, tone: 'normal' };
    return { visible: false, text: '', tooltip: '', label: '', tone: 'normal' };
  }
  // the room's name and the connection's words on one line, without controls and invisible characters, cut short:
  // a hostile server's room `x\u202e...` reversed the rest of the item (its member count), one of 256 characters or
  // of line breaks filled the bar, and its refusal or shutdown reason (4,096 characters) the tooltip
  const room = preview(i.room, 64);
  const connectionText = preview(i.retryWhy !== undefined ? retryWords(i.retryWhy) : i.connectionText, 300);
  const unread = i.unread > 0 ? ` $(bell-dot) ${i.unread}` : '';
  const unreadWords = i.unread > 0 ? `, ${i.unread} unread` : '';
  const where = i.state.kind === 'hosting' ? `hosting at ${i.state.address}` : `joined ${i.state.address}`;
  // (the count is of every room and direct conversation: "#general: 2 online, 1 unread" put a direct message's in the room)
  const unreadLine = i.unread > 0 ? `\n${i.unread} unread message${i.unread === 1 ? '' : 's'}` : '';
  const tip = (extra: string) => `TCP Chat: ${where}${extra}${unreadLine}\nClick to show the chat`;
  switch (i.connection) {
    case 'connecting':
      return { visible: true, text: '$(sync~spin) TCP Chat: connecting…', tooltip: tip(''), label: 'TCP Chat: connecting…', tone: 'normal' };
    case 'reconnecting':
      return { visible: true, text: `$(sync~spin) TCP Chat: reconnecting…${unread}`, tooltip: tip(`\n${connectionText}`), label: `TCP Chat: reconnecting…${unreadWords}`, tone: 'warning' };
    case 'closed':
      if (i.waitingForHost) return { visible: true, text: `$(sync~spin) TCP Chat: waiting for the host…${unread}`, tooltip: tip(`\n${connectionText}`), label: `TCP Chat: waiting for the host…${unreadWords}`, tone: 'warning' };
      return { visible: true, text: `$(debug-disconnect) TCP Chat: closed${unread}`, tooltip: tip(`\n${connectionText}`), label: `TCP Chat: closed${unreadWords}`, tone: 'warning' };
    case 'connected': {
      const icon = i.state.kind === 'hosting' ? '$(broadcast)' : '$(comment-discussion)';
      const hostingWords = i.state.kind === 'hosting' ? 'hosting, ' : '';
      if (i.room === '') return { visible: true, text: `${icon} TCP Chat: no room${unread}`, tooltip: tip('\nIn no room: type /join #room in the chat'), label: `TCP Chat: ${hostingWords}no room${unreadWords}`, tone: 'normal' };
      const people = `${i.online} online`;
      return {
        visible: true,
        text: `${icon} #${noIcons(room)} · $(person) ${i.online}${unread}`,
        tooltip: tip(`\n#${room}: ${people}`),
        label: `TCP Chat: ${hostingWords}#${room}, ${people}${unreadWords}`,
        tone: 'normal',
      };
    }
  }
}
