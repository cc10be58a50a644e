// Validation of untrusted input: a decoded JSON value becomes a typed message, or a precise error that
// names the problem. Nothing here trusts the peer: every field is checked for type and size.

import type { ClientMessage, CodeRef, ErrorCode, MessageKind, ResumePoint, ServerMessage } from './messages';
import { ERROR_CODES } from './messages';
import { NICK_FIELD_MAX, NICK_FIELD_UNITS, REASON_MAX, TOPIC_FIELD_MAX } from './limits';
import { cutAt } from './cutAt';
import { isRoomKey } from './invite';

/** A decoded message, or why not: `type`, the message's own type where it named one (a refused hello is `hello`). */
export type Validated<T> = { ok: true; msg: T } | { ok: false; code: ErrorCode; message: string; id?: string; type?: string };

type Obj = Record<string, unknown>;

class Invalid extends Error {
  constructor(
    message: string,
    readonly code: ErrorCode = 'bad_message',
  ) {
    super(message);
  }
}

const MAX_ID = 64;
const MAX_FIELD = 256;
const MAX_LIST = 50;
/**
 * The highest line number a shared selection may name. No file anyone shares from has ten million lines (the
 * extension does not even read a file over 8 MB to look for shared code); a number past that is refused, not
 * clamped: clamped, the card would name a line the sharer never sent.
 */
export const MAX_CODE_LINE = 10_000_000;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(o: Obj, key: string, max = MAX_FIELD): string {
  const v = o[key];
  if (typeof v !== 'string') throw new Invalid(`"${key}" must be a string`);
  if (v.length > max) throw new Invalid(`"${key}" is longer than ${max} characters`, key === 'text' ? 'text_too_long' : 'bad_message');
  return v;
}

/**
 * A request's id: up to MAX_ID printable ASCII characters. The server keeps the ids it did (a resend is not done
 * twice) and saves them: ids of control characters were six bytes each in the history file.
 */
const ID = new RegExp(`^[\\x20-\\x7e]{0,${MAX_ID}}$`);

function optId(o: Obj): string | undefined {
  if (o.id === undefined) return undefined;
  if (typeof o.id !== 'string' || !ID.test(o.id)) throw new Invalid(`"id" must be up to ${MAX_ID} printable ASCII characters`);
  return o.id;
}

function optStr(o: Obj, key: string, max = MAX_FIELD): string | undefined {
  return o[key] === undefined ? undefined : str(o, key, max);
}

/**
 * A request's parting words (a `part`'s, a `bye`'s `message`): a string, cut to REASON_MAX characters as the clients
 * cut them (the server cleans what is left: partingWords). Another type is refused.
 */
function optWords(o: Obj): string | undefined {
  const v = o.message;
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw new Invalid('"message" must be a string');
  return cutAt(v, REASON_MAX);
}

function int(o: Obj, key: string, min = 0, max?: number): number {
  const v = o[key];
  // (2^53 is an integer >= 0: "must be an integer >= 0" said nothing of what was wrong with it)
  if (typeof v === 'number' && Number.isInteger(v) && !Number.isSafeInteger(v) && v > 0 && max === undefined) {
    throw new Invalid(`"${key}" is too large: at most ${Number.MAX_SAFE_INTEGER} (2^53 - 1), the largest integer JSON numbers hold exactly`);
  }
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min || (max !== undefined && v > max)) {
    throw new Invalid(max === undefined ? `"${key}" must be an integer >= ${min}` : `"${key}" must be an integer from ${min} to ${max}`);
  }
  return v;
}

function optInt(o: Obj, key: string, min = 0, max?: number): number | undefined {
  return o[key] === undefined ? undefined : int(o, key, min, max);
}

function optNum(o: Obj, key: string): number | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new Invalid(`"${key}" must be a number`);
  return v;
}

function kind(o: Obj): MessageKind | undefined {
  const v = o.kind;
  if (v === undefined) return undefined;
  if (v !== 'text' && v !== 'action' && v !== 'code') throw new Invalid('"kind" must be "text", "action" or "code"');
  return v;
}

function codeRef(o: Obj): CodeRef | undefined {
  const v = o.code;
  if (v === undefined) return undefined;
  if (!isObj(v)) throw new Invalid('"code" must be an object');
  const ref: CodeRef = {};
  const path = optStr(v, 'path', 1024);
  const language = optStr(v, 'language', 64);
  // a language id is a word (VS Code's ids: typescript, objective-cpp, c#): never text that could print as more
  if (language !== undefined && !/^[A-Za-z0-9][A-Za-z0-9_.+#-]*$/.test(language)) throw new Invalid('"code.language" must be a language id (letters, digits and _ . + # -)');
  const startLine = optInt(v, 'startLine', 1, MAX_CODE_LINE);
  const endLine = optInt(v, 'endLine', 1, MAX_CODE_LINE);
  bool(v, 'outside', true);
  if (v.outside === true) ref.outside = true;
  if (path !== undefined) ref.path = path;
  if (language !== undefined) ref.language = language;
  if (startLine !== undefined) ref.startLine = startLine;
  if (endLine !== undefined) ref.endLine = endLine;
  if (startLine !== undefined && endLine !== undefined && endLine < startLine) throw new Invalid('"code.endLine" is before "code.startLine"');
  return ref;
}

/**
 * A code reference that came some other way than in a message (the chat panel asks the extension to open one),
 * checked as a message's is: only its fields, of their types and sizes; undefined when it fails the check.
 */
export function validCodeRef(value: unknown): CodeRef | undefined {
  if (value === undefined) return undefined;
  try {
    return codeRef({ code: value });
  } catch (e) {
    if (e instanceof Invalid) return undefined;
    throw e;
  }
}

function resume(o: Obj): Record<string, ResumePoint> | undefined {
  const v = o.resume;
  if (v === undefined) return undefined;
  if (!isObj(v)) throw new Invalid('"resume" must be an object of room -> {epoch, seq}');
  const keys = Object.keys(v);
  if (keys.length > MAX_LIST) throw new Invalid(`"resume" names more than ${MAX_LIST} rooms`);
  // no prototype: a room called __proto__ is an own key, and one called constructor not read as Object's
  const out = Object.create(null) as Record<string, ResumePoint>;
  for (const k of keys) {
    const p = v[k];
    if (!isObj(p)) throw new Invalid(`"resume.${k}" must be {epoch, seq}`);
    out[k] = { epoch: str(p, 'epoch', MAX_ID), seq: int(p, 'seq') };
  }
  return out;
}

function strList(o: Obj, key: string): string[] | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || v.length > MAX_LIST || v.some((x) => typeof x !== 'string' || x.length > MAX_FIELD)) {
    throw new Invalid(`"${key}" must be a list of at most ${MAX_LIST} strings`);
  }
  return v as string[];
}

/**
 * The nickname a member asks for (a hello's, a `nick` request's): past two UTF-16 units a character it is longer
 * than `maxNick` characters whatever it holds, refused here as the nickname rules word it (`nick_invalid`), without
 * counting the characters of a huge string; shorter, those rules judge it.
 */
function ownNick(o: Obj, maxNick: number): string {
  const v = o.nick;
  if (typeof v === 'string' && v.length > 2 * maxNick) throw new Invalid(`a nickname has at most ${maxNick} characters`, 'nick_invalid');
  return str(o, 'nick', NICK_FIELD_UNITS);
}

/**
 * Validates a decoded JSON value from a client. `maxText` caps message text (characters); `maxNick` the nickname a
 * hello or a `nick` request asks for (the server's limit: at most NICK_FIELD_MAX).
 */
export function validateClientMessage(value: unknown, maxText: number, maxNick = NICK_FIELD_MAX): Validated<ClientMessage> {
  if (!isObj(value)) return { ok: false, code: 'bad_message', message: 'a message must be a JSON object' };
  const id = typeof value.id === 'string' && ID.test(value.id) ? value.id : undefined;
  // the type names the message in errors only when it is a short string: String() of a deeply nested array recurses
  const label = typeof value.type === 'string' ? value.type.slice(0, 32) : 'message';
  try {
    return { ok: true, msg: parseClient(value, maxText, Math.min(maxNick, NICK_FIELD_MAX)) };
  } catch (e) {
    const named = { ...(id ? { id } : {}), ...(typeof value.type === 'string' ? { type: label } : {}) };
    if (e instanceof Invalid) return { ok: false, code: e.code, message: `${label}: ${e.message}`, ...named };
    if (e instanceof RangeError) return { ok: false, code: 'bad_message', message: `${label}: too deeply nested`, ...named };
    throw e;
  }
}

function parseClient(o: Obj, maxText: number, maxNick: number): ClientMessage {
  const type = o.type;
  if (typeof type !== 'string') throw new Invalid('"type" must be a string');
  const id = optId(o);
  const withId = <T extends object>(m: T): T => (id === undefined ? m : { ...m, id });
  switch (type) {
    case 'hello': {
      const msg: ClientMessage = { type, v: int(o, 'v'), nick: ownNick(o, maxNick), client: optStr(o, 'client', 128) ?? '' };
      const rooms = strList(o, 'rooms');
      const res = resume(o);
      const session = optStr(o, 'session', MAX_ID);
      const dmSeq = optInt(o, 'dmSeq');
      const ownerKey = optStr(o, 'ownerKey', MAX_ID);
      if (rooms) msg.rooms = rooms;
      if (res) msg.resume = res;
      if (session !== undefined) msg.session = session;
      if (dmSeq !== undefined) msg.dmSeq = dmSeq;
      if (ownerKey !== undefined) msg.ownerKey = ownerKey;
      return msg;
    }
    case 'send':
    case 'dm': {
      if (id === undefined || id.length === 0) throw new Invalid('"id" is required');
      const text = str(o, 'text', maxText);
      const k = kind(o);
      const code = codeRef(o);
      const base = type === 'send' ? { type, id, room: str(o, 'room', 64), text } : { type, id, to: str(o, 'to', NICK_FIELD_UNITS), text };
      return { ...base, ...(k ? { kind: k } : {}), ...(code ? { code } : {}) };
    }
    case 'join':
    case 'who':
      return withId({ type, room: str(o, 'room', 64) });
    case 'part': {
      const message = optWords(o);
      return withId({ type, room: str(o, 'room', 64), ...(message !== undefined ? { message } : {}) });
    }
    case 'nick':
      return withId({ type, nick: ownNick(o, maxNick) });
    case 'topic': {
      const topic = optStr(o, 'topic', TOPIC_FIELD_MAX);
      return withId({ type, room: str(o, 'room', 64), ...(topic !== undefined ? { topic } : {}) });
    }
    case 'kick':
    case 'ban': {
      const reason = optStr(o, 'reason', REASON_MAX);
      return withId({ type, room: str(o, 'room', 64), nick: str(o, 'nick', NICK_FIELD_UNITS), ...(reason !== undefined ? { reason } : {}) });
    }
    case 'op':
    case 'deop':
      return withId({ type, room: str(o, 'room', 64), nick: str(o, 'nick', NICK_FIELD_UNITS) });
    case 'unban':
      return withId({ type, nick: str(o, 'nick', NICK_FIELD_UNITS) });
    case 'rooms':
    case 'newkey':
      return withId({ type });
    case 'edit':
      return withId({ type, room: str(o, 'room', 64), target: int(o, 'target'), text: str(o, 'text', maxText) });
    case 'delete': {
      const nick = optStr(o, 'nick', NICK_FIELD_UNITS);
      const target = int(o, 'target');
      if (nick !== undefined && target !== 0) throw new Invalid('"nick" names whose latest message to delete: "target" must be 0 with it');
      return withId({ type, room: str(o, 'room', 64), target, ...(nick !== undefined ? { nick } : {}) });
    }
    case 'react':
      return withId({ type, room: str(o, 'room', 64), target: int(o, 'target', 1), emoji: str(o, 'emoji', 16) });
    case 'typing':
      return { type, room: str(o, 'room', 64) };
    case 'ping':
    case 'pong': {
      const t = optNum(o, 't');
      return t === undefined ? { type } : { type, t };
    }
    case 'bye': {
      const back = o.back;
      if (back !== undefined && typeof back !== 'boolean') throw new Invalid('"back" must be true or false');
      const message = optWords(o);
      // (a reload's bye says nothing: the seat is held, and the rooms hear no leave unless it does not come back)
      return back === true ? { type, back } : message !== undefined ? { type, message } : { type };
    }
    default:
      throw new Invalid(`unknown message type "${type.slice(0, 32)}"`, 'unknown_type');
  }
}

const CODES = new Set<string>(ERROR_CODES);
const MAX_SERVER_TEXT = 1 << 20;

function role(o: Obj, key = 'role'): void {
  const v = o[key];
  if (v !== 'owner' && v !== 'op' && v !== 'member') throw new Invalid(`"${key}" must be owner, op or member`);
}

function bool(o: Obj, key: string, optional = false): void {
  if (optional && o[key] === undefined) return;
  if (typeof o[key] !== 'boolean') throw new Invalid(`"${key}" must be true or false`);
}

function list(o: Obj, key: string, max: number, each: (item: Obj) => void): void {
  const v = o[key];
  if (!Array.isArray(v) || v.length > max) throw new Invalid(`"${key}" must be a list of at most ${max}`);
  for (const item of v) {
    if (!isObj(item)) throw new Invalid(`"${key}" must hold objects`);
    each(item);
  }
}

const member = (m: Obj) => {
  str(m, 'nick');
  role(m);
  bool(m, 'away', true);
};

function roomState(r: Obj): void {
  str(r, 'name');
  str(r, 'epoch');
  str(r, 'topic', 4096);
  int(r, 'seq');
  list(r, 'members', 100_000, member);
}

/** `reactions`: [{emoji, by: [nick...]}...] */
function reactionList(o: Obj): void {
  list(o, 'reactions', 64, (r) => {
    str(r, 'emoji', 16);
    if (!Array.isArray(r.by) || r.by.length > 10_000 || r.by.some((n) => typeof n !== 'string' || n.length > MAX_FIELD)) throw new Invalid('"reactions.by" must be a list of nicknames');
  });
}

/** The farthest a JavaScript Date reaches either side of 1970 (ms): a time past it is no date to show. */
export const MAX_TIME = 8.64e15;

/** A time (ms since 1970): a whole number a Date can hold (a `time` of 1e20 threw in every panel that drew it). */
function time(o: Obj, key: string, optional = false): void {
  if (optional && o[key] === undefined) return;
  int(o, key, -MAX_TIME, MAX_TIME);
}

function roomEvent(o: Obj): void {
  str(o, 'room');
  int(o, 'seq');
  time(o, 'time');
}

/** `o` with only the fields named (those it has). */
function pick(o: Obj, keys: readonly string[]): Obj {
  const out: Obj = {};
  for (const k of keys) if (o[k] !== undefined) out[k] = o[k];
  return out;
}

const EVENT = ['type', 'room', 'seq', 'time'];
/**
 * The fields of each server message that a client keeps, nested ones apart (kept()). A field no client knows goes:
 * kept, a hostile server's megabyte in every message got past every bound on what a client holds (its history is
 * bounded in messages and text), and one nested 100,000 deep made every snapshot of the panel after it fail.
 */
const FIELDS: Record<string, readonly string[]> = {
  welcome: ['type', 'v', 'nick', 'role', 'session'],
  room: ['type', 'name', 'epoch', 'topic', 'seq'],
  message: [...EVENT, 'from', 'text', 'kind', 'edited', 'deleted'],
  dm: ['type', 'from', 'to', 'text', 'kind', 'time', 'seq'],
  react: [...EVENT, 'target', 'from', 'emoji', 'on'],
  edit: [...EVENT, 'target', 'from', 'text', 'kind'],
  delete: [...EVENT, 'target', 'from', 'by'],
  join: [...EVENT, 'nick', 'role', 'back'],
  leave: [...EVENT, 'nick', 'reason'],
  nick: [...EVENT, 'from', 'to'],
  topic: [...EVENT, 'by', 'topic'],
  kick: [...EVENT, 'nick', 'by', 'reason', 'ban'],
  role: [...EVENT, 'nick', 'by', 'role'],
  synced: ['type', 'room', 'seq', 'gap'],
  parted: ['type', 'room'],
  ack: ['type', 'id', 'seq', 'duplicate'],
  error: ['type', 'code', 'message', 'id', 'suggestion'],
  info: ['type', 'text'],
  who: ['type', 'id', 'room'],
  rooms: ['type', 'id'],
  typing: ['type', 'room', 'nick'],
  away: ['type', 'room', 'nick', 'away'],
  you: ['type', 'nick', 'role', 'time'],
  key: ['type', 'key', 'by'],
  shutdown: ['type', 'reason'],
  ping: ['type', 't'],
  pong: ['type', 't'],
};

const memberOf = (m: Obj): Obj => pick(m, ['nick', 'role', 'away']);
const membersOf = (v: unknown): Obj[] => (v as Obj[]).map(memberOf);
const roomStateOf = (r: Obj): Obj => ({ ...pick(r, FIELDS.room!.slice(1)), members: membersOf(r.members) });
const reactionsOf = (v: unknown): Obj[] => (v as Obj[]).map((r) => ({ emoji: r.emoji, by: [...(r.by as string[])] }));

/** The welcome's limits: the numbers a client knows of, where they are numbers; anything else is no limit said. */
function limitsOf(v: unknown): Obj {
  const out: Obj = {};
  if (!isObj(v)) return out;
  for (const k of ['maxLine', 'maxText', 'rateBurst', 'ratePerSecond', 'maxTopic']) if (typeof v[k] === 'number' && Number.isFinite(v[k])) out[k] = v[k];
  return out;
}

/**
 * The longest parting words a leave event's `message` may have for a client to keep them (a kick's `reason` is held
 * to the same): our server sends at most REASON_MAX characters; past this, or not a string, they are no words anyone
 * said, and the leave is kept without them (the member still left).
 */
const MAX_PARTING_WORDS = 4096;

/** A checked server message `o` as a client keeps it: its known fields, nested ones too (a fresh object). */
function kept(o: Obj, type: string, code: CodeRef | undefined): Obj {
  const out = pick(o, FIELDS[type] ?? ['type']);
  if (type === 'leave' && typeof o.message === 'string' && o.message !== '' && o.message.length <= MAX_PARTING_WORDS) out.message = o.message;
  if (code) out.code = code;
  // (only where they were checked: another message's reactions, whatever they are, are no field it has)
  if ((type === 'message' || type === 'react') && o.reactions !== undefined) out.reactions = reactionsOf(o.reactions);
  if (type === 'room' || type === 'who') out.members = membersOf(o.members);
  if (type === 'welcome') {
    out.rooms = (o.rooms as Obj[]).map(roomStateOf);
    out.limits = limitsOf(o.limits);
    if (typeof o.server === 'string') out.server = o.server.slice(0, MAX_FIELD);
  }
  if (type === 'rooms') out.rooms = (o.rooms as Obj[]).map((r) => pick(r, ['name', 'topic', 'members']));
  return out;
}

/**
 * Checks a server message completely before a client acts on it: a hostile or broken server must not be
 * able to crash a client or feed it state of the wrong shape. What it returns is a fresh object of the fields a
 * client knows (FIELDS): unknown ones go.
 */
export function validateServerMessage(value: unknown): Validated<ServerMessage> {
  if (!isObj(value) || typeof value.type !== 'string') return { ok: false, code: 'unknown_type', message: 'not a known server message' };
  const o = value;
  const type = value.type;
  let code: CodeRef | undefined;
  try {
    switch (type) {
      case 'welcome':
        int(o, 'v');
        str(o, 'nick');
        role(o);
        str(o, 'session');
        list(o, 'rooms', 1000, roomState);
        break;
      case 'room':
        roomState(o);
        break;
      case 'message':
      case 'dm':
        if (o.type === 'message') roomEvent(o);
        else {
          str(o, 'to');
          time(o, 'time');
          optInt(o, 'seq');
        }
        str(o, 'from');
        str(o, 'text', MAX_SERVER_TEXT);
        if (kind(o) === undefined) throw new Invalid('"kind" is required');
        code = codeRef(o);
        time(o, 'edited', true);
        if (o.deleted !== undefined && o.deleted !== true) throw new Invalid('"deleted" must be true when present');
        if (o.reactions !== undefined) reactionList(o);
        break;
      case 'react':
        roomEvent(o);
        int(o, 'target', 1);
        str(o, 'from');
        str(o, 'emoji', 16);
        bool(o, 'on');
        reactionList(o);
        break;
      case 'edit':
        roomEvent(o);
        int(o, 'target', 1);
        str(o, 'from');
        str(o, 'text', MAX_SERVER_TEXT);
        if (o.kind !== undefined && o.kind !== 'action') throw new Invalid('an edit\'s "kind" can only be "action"');
        break;
      case 'delete':
        roomEvent(o);
        int(o, 'target', 1);
        str(o, 'from');
        str(o, 'by');
        break;
      case 'join':
        roomEvent(o);
        str(o, 'nick');
        role(o);
        if (o.back !== undefined && typeof o.back !== 'boolean') throw new Invalid('"back" must be true or false');
        break;
      case 'leave':
        roomEvent(o);
        str(o, 'nick');
        str(o, 'reason');
        break;
      case 'nick':
        roomEvent(o);
        str(o, 'from');
        str(o, 'to');
        break;
      case 'topic':
        roomEvent(o);
        str(o, 'by');
        str(o, 'topic', 4096);
        break;
      case 'kick':
        roomEvent(o);
        str(o, 'nick');
        str(o, 'by');
        str(o, 'reason', 4096);
        bool(o, 'ban');
        break;
      case 'role':
        roomEvent(o);
        str(o, 'nick');
        str(o, 'by');
        role(o);
        break;
      case 'synced':
        str(o, 'room');
        int(o, 'seq');
        bool(o, 'gap');
        break;
      case 'parted':
        str(o, 'room');
        break;
      case 'ack':
        str(o, 'id', MAX_ID);
        optInt(o, 'seq');
        bool(o, 'duplicate', true);
        break;
      case 'error':
        if (typeof o.code !== 'string' || !CODES.has(o.code)) o.code = 'bad_message';
        str(o, 'message', 4096);
        optStr(o, 'id', MAX_ID);
        optStr(o, 'suggestion');
        break;
      case 'info':
        str(o, 'text', MAX_SERVER_TEXT);
        break;
      case 'who':
        optStr(o, 'id', MAX_ID);
        str(o, 'room');
        list(o, 'members', 100_000, member);
        break;
      case 'rooms':
        optStr(o, 'id', MAX_ID);
        list(o, 'rooms', 100_000, (r) => {
          str(r, 'name');
          str(r, 'topic', 4096);
          int(r, 'members');
        });
        break;
      case 'typing':
        str(o, 'room');
        str(o, 'nick');
        break;
      case 'away':
        str(o, 'room');
        str(o, 'nick');
        bool(o, 'away');
        break;
      case 'you':
        str(o, 'nick');
        role(o);
        time(o, 'time', true);
        break;
      case 'key':
        // (a room key's form only: anything else is no key a reconnect could use)
        if (typeof o.key !== 'string' || !isRoomKey(o.key)) throw new Invalid('"key" must be a room key');
        str(o, 'by');
        break;
      case 'shutdown':
        str(o, 'reason', 4096);
        break;
      case 'ping':
      case 'pong':
        optNum(o, 't');
        break;
      default:
        return { ok: false, code: 'unknown_type', message: `unknown server message type "${type.slice(0, 32)}"` };
    }
    return { ok: true, msg: kept(o, type, code) as unknown as ServerMessage };
  } catch (e) {
    if (e instanceof Invalid || e instanceof RangeError) return { ok: false, code: 'bad_message', message: `${type.slice(0, 32)}: ${e.message}` };
    throw e;
  }
}
