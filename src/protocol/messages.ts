// Wire protocol v1: every message a rich client and the server exchange, as discriminated unions on `type`.
// docs/protocol.md describes the same shapes with examples; keep the two in step.

export const PROTOCOL_VERSION = 1;

export type Role = 'owner' | 'op' | 'member';
export type MessageKind = 'text' | 'action' | 'code';

/** Where a shared selection came from; present on `kind: 'code'` messages. */
export interface CodeRef {
  /** Workspace-relative path with forward slashes, e.g. `src/app.ts`. */
  path?: string;
  /** VS Code language id, e.g. `typescript`. */
  language?: string;
  /** 1-based first line of the selection. */
  startLine?: number;
  /** 1-based last line of the selection (inclusive). */
  endLine?: number;
  /**
   * The code is not from a file of the sharer's workspace (a file outside it, or a notebook's cell): `path` is
   * only its name, to show; there is nothing to open by it.
   */
  outside?: boolean;
}

export interface Member {
  nick: string;
  role: Role;
  /** Its connection dropped and its seat is held for its return (see "Held seats"); left out when false. */
  away?: boolean;
}

/** Where a client left off in one room: the room's epoch (it changes when a room is created anew) and last seq. */
export interface ResumePoint {
  epoch: string;
  seq: number;
}

// ---------------------------------------------------------------- client -> server

export interface HelloMsg {
  type: 'hello';
  v: number;
  nick: string;
  /** Free-form client name and version, e.g. `tcp-chat-cli/0.1.0`. */
  client: string;
  /** Rooms to enter (without `#`); the server adds `general` when empty. */
  rooms?: string[];
  /** Per room, the last event seen; the server replays exactly what came after. */
  resume?: Record<string, ResumePoint>;
  /** The session token a previous `welcome` gave: resends are de-duplicated against it. */
  session?: string;
  /** With `session`: the `seq` of the last direct message seen; the server sends the session's later ones again. */
  dmSeq?: number;
  /** The host's owner secret; only the host process knows it. */
  ownerKey?: string;
}

export interface SendMsg {
  type: 'send';
  /** Client-chosen id, unique within the session; acknowledged, and used to drop resent duplicates. */
  id: string;
  room: string;
  text: string;
  kind?: MessageKind;
  code?: CodeRef;
}

export interface DmMsg {
  type: 'dm';
  id: string;
  to: string;
  text: string;
  kind?: MessageKind;
  code?: CodeRef;
}

/** Requests that act on the room or the server; `id` is optional and echoed in the ack or error. */
export type CommandMsg =
  | { type: 'join'; id?: string; room: string }
  /** Leaves `room`; `message`: parting words its `leave` event carries (REASON_MAX characters, one line). */
  | { type: 'part'; id?: string; room: string; message?: string }
  | { type: 'nick'; id?: string; nick: string }
  | { type: 'topic'; id?: string; room: string; topic?: string }
  | { type: 'kick'; id?: string; room: string; nick: string; reason?: string }
  | { type: 'ban'; id?: string; room: string; nick: string; reason?: string }
  /** Lifts the ban of `nick`: its nickname, and the address and session banned with it, may come back. */
  | { type: 'unban'; id?: string; nick: string }
  | { type: 'op'; id?: string; room: string; nick: string }
  | { type: 'deop'; id?: string; room: string; nick: string }
  | { type: 'who'; id?: string; room: string }
  | { type: 'rooms'; id?: string }
  /**
   * The owner of a private room makes a new room key: the invites given so far let nobody in from then on; the
   * members connected stay and get the new key (`key`).
   */
  | { type: 'newkey'; id?: string }
  /** Changes the text of your own message `target` (its seq in `room`; 0: your latest one there). */
  | { type: 'edit'; id?: string; room: string; target: number; text: string }
  /**
   * Deletes message `target` (0: your latest; with `nick`, target 0: the latest one shown as from `nick`) for
   * everyone: your own; the owner anyone's, an op a member's.
   */
  | { type: 'delete'; id?: string; room: string; target: number; nick?: string }
  /** Puts your `emoji` (one of REACTIONS) under message `target`, or takes it away if it is there. */
  | { type: 'react'; id?: string; room: string; target: number; emoji: string };

export interface TypingMsg {
  type: 'typing';
  room: string;
}
export interface PingMsg {
  type: 'ping';
  t?: number;
}
export interface PongMsg {
  type: 'pong';
  t?: number;
}
export interface ByeMsg {
  type: 'bye';
  /** It means to come back at once (a VS Code window reloading): the server holds its seat for a while. */
  back?: boolean;
  /**
   * Parting words (`/quit gone for lunch`): the `leave` events of its rooms carry them (REASON_MAX characters, one
   * line); none with `back` (a reload says nothing).
   */
  message?: string;
}

export type ClientMessage = HelloMsg | SendMsg | DmMsg | CommandMsg | TypingMsg | PingMsg | PongMsg | ByeMsg;
export type ClientMessageType = ClientMessage['type'];

// ---------------------------------------------------------------- server -> client

export interface RoomState {
  name: string;
  epoch: string;
  topic: string;
  members: Member[];
  /** The room's latest seq when this state was sent. */
  seq: number;
}

export interface WelcomeMsg {
  type: 'welcome';
  v: number;
  nick: string;
  role: Role;
  session: string;
  server: string;
  rooms: RoomState[];
  /**
   * The server's limits a client keeps to: line and text sizes, its rate limit and a topic's size (the last three
   * absent from older servers).
   */
  limits: { maxLine: number; maxText: number; rateBurst?: number; ratePerSecond?: number; maxTopic?: number };
}

/** Fields every room event carries: the room, its per-room sequence number and the server time (ms). */
interface RoomEventBase {
  room: string;
  seq: number;
  time: number;
}

export interface MessageEvent extends RoomEventBase {
  type: 'message';
  from: string;
  text: string;
  kind: MessageKind;
  code?: CodeRef;
  /** When its author last changed the text (history replays the message as it is now). */
  edited?: number;
  /** Deleted: `text` is empty and `code` gone (history replays what is left of it). */
  deleted?: true;
  /** Reactions, in the order their first one came: the emoji and who put it there. */
  reactions?: MessageReaction[];
}

export interface MessageReaction {
  emoji: string;
  by: string[];
}
export interface JoinEvent extends RoomEventBase {
  type: 'join';
  nick: string;
  role: Role;
  /**
   * It was in the room when the host restarted (a reload of the host's window) and is back: clients add it to
   * the members and show nothing, as for a member who never left.
   */
  back?: boolean;
}
export interface LeaveEvent extends RoomEventBase {
  type: 'leave';
  nick: string;
  /** Why: `quit`, `part`, `kicked`, `banned`, `timeout`, `error`, `shutdown`. */
  reason: string;
  /** The member's parting words, when its own `part` or `bye` (`quit`) said some: one line, cleaned. */
  message?: string;
}
export interface NickEvent extends RoomEventBase {
  type: 'nick';
  from: string;
  to: string;
}
export interface TopicEvent extends RoomEventBase {
  type: 'topic';
  by: string;
  topic: string;
}
export interface KickEvent extends RoomEventBase {
  type: 'kick';
  nick: string;
  by: string;
  reason: string;
  ban: boolean;
}
export interface RoleEvent extends RoomEventBase {
  type: 'role';
  nick: string;
  role: Role;
  by: string;
}

/** Message `target`'s author (`from`) changed its text to `text`. */
export interface EditEvent extends RoomEventBase {
  type: 'edit';
  target: number;
  from: string;
  text: string;
  /** The edited message's kind when it is an action (`/me`): a reader that prints the edit as a line words it so. */
  kind?: 'action';
}
/** Message `target` (by `from`) was deleted by `by` (its author, or the owner or an op). */
export interface DeleteEvent extends RoomEventBase {
  type: 'delete';
  target: number;
  from: string;
  by: string;
}

/** `from` put `emoji` under message `target` (`on`), or took it away; `reactions`: the message's reactions now. */
export interface ReactEvent extends RoomEventBase {
  type: 'react';
  target: number;
  from: string;
  emoji: string;
  on: boolean;
  reactions: MessageReaction[];
}

/** Events that live in a room's history and carry its sequence number. */
export type RoomEvent = MessageEvent | JoinEvent | LeaveEvent | NickEvent | TopicEvent | KickEvent | RoleEvent | EditEvent | DeleteEvent | ReactEvent;

/** Sent when a client enters a room (at hello or `join`): the state, then history, then `synced`. */
export interface RoomMsg extends RoomState {
  type: 'room';
}
export interface SyncedMsg {
  type: 'synced';
  room: string;
  seq: number;
  /** True when history did not reach back to the resume point: something may be missing before it. */
  gap: boolean;
}
export interface PartedMsg {
  type: 'parted';
  room: string;
}
export interface DmEvent {
  type: 'dm';
  from: string;
  to: string;
  text: string;
  kind: MessageKind;
  code?: CodeRef;
  time: number;
  /** Rich clients: the message's number in the receiving session (the sender's copy in the sender's). */
  seq?: number;
}
export interface AckMsg {
  type: 'ack';
  id: string;
  /** The room seq a `send` got (the original one when a resend was a duplicate). */
  seq?: number;
  duplicate?: boolean;
}
export interface ErrorMsg {
  type: 'error';
  code: ErrorCode;
  message: string;
  /** The id of the request that failed, when it had one. */
  id?: string;
  /** A nickname that is free, when `code` is `nick_taken`. */
  suggestion?: string;
}
export interface InfoMsg {
  type: 'info';
  text: string;
}
export interface WhoMsg {
  type: 'who';
  /** The id of the request it answers, if it had one (as a `rooms` reply: a client that asks without a word to its user tells it by that). */
  id?: string;
  room: string;
  members: Member[];
}
/** A room of a server's list (/rooms): its name, topic and how many are in it. */
export interface ListedRoom {
  name: string;
  topic: string;
  members: number;
}
export interface RoomsMsg {
  type: 'rooms';
  /** The id of the request it answers, if it had one (a client asking quietly, for /join's suggestions, tells it by that). */
  id?: string;
  rooms: ListedRoom[];
}
export interface TypingEvent {
  type: 'typing';
  room: string;
  nick: string;
}
/** A member's seat is held (`away`: its connection dropped, it may come back) or taken back; not kept in history. */
export interface AwayEvent {
  type: 'away';
  room: string;
  nick: string;
  away: boolean;
}
export interface YouMsg {
  type: 'you';
  nick: string;
  role: Role;
  /** After a rename: when the nickname became yours (the server's clock, as the `nick` events'). */
  time?: number;
}
/**
 * A private room's new room key (the owner's /newkey), to each rich member connected (over TLS): its reconnects
 * use it; the old one lets nobody in now. `by`: the owner's nickname.
 */
export interface RoomKeyMsg {
  type: 'key';
  key: string;
  by: string;
}
export interface ShutdownMsg {
  type: 'shutdown';
  reason: string;
}

export type ServerMessage =
  | WelcomeMsg
  | RoomEvent
  | RoomMsg
  | SyncedMsg
  | PartedMsg
  | DmEvent
  | AckMsg
  | ErrorMsg
  | InfoMsg
  | WhoMsg
  | RoomsMsg
  | TypingEvent
  | AwayEvent
  | YouMsg
  | RoomKeyMsg
  | ShutdownMsg
  | PingMsg
  | PongMsg;
export type ServerMessageType = ServerMessage['type'];

// ---------------------------------------------------------------- errors

export const ERROR_CODES = [
  'bad_json',
  'bad_utf8',
  'bad_message',
  'unknown_type',
  'line_too_long',
  'text_too_long',
  'version',
  'hello_required',
  'hello_twice',
  'handshake_timeout',
  'idle_timeout',
  'nick_invalid',
  'nick_taken',
  'no_such_nick',
  'no_such_message',
  'room_invalid',
  'no_such_room',
  'not_in_room',
  'too_many_rooms',
  'room_full',
  'server_full',
  'too_many_connections',
  'rate_limited',
  'flood',
  'slow_consumer',
  'not_permitted',
  'banned',
  'kicked',
  'unknown_command',
  'bad_command',
  'replaced',
  'shutdown',
  'key_required',
  'too_many_failures',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

// ---------------------------------------------------------------- client state (not on the wire)

/** A client's connection as its user interfaces show it. */
export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting' | 'closed';
