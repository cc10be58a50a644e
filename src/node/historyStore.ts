// History that survives a host restart: each room's recent events (with their epoch and seq, so clients
// resume across the restart) and each session's accepted message ids (so resends stay de-duplicated),
// saved to one JSON file, written atomically and durably (temp file, fsync, rename, fsync of its folder), at most
// every `delayMs`, and at once when `maxUnsaved` changes wait (a host killed before its save must not have numbered
// more than a restart skips).

import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, constants as fsConstants, copyFileSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, readlinkSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { RoomSnapshot } from './room';
import type { DmEvent, RoomEvent } from '../protocol/messages';
import { isRoomEvent } from '../protocol/roomEvents';
import { partingWords } from '../protocol/partingWords';
import { normalizeRoom } from '../protocol/names';
import { validateServerMessage } from '../protocol/validate';
import { processStamp, stampGone } from './processStamp';
import { isRoomKey } from '../protocol/invite';

/** A member's place in the rooms when the state was saved: a restarted host expects it back for a while. */
export interface SavedSeat {
  nick: string;
  rooms: string[];
  /**
   * The names (as nickKey folds them) the seat was renamed from, latest last: a session whose rename's answer
   * the restart lost comes back under one of them, and takes its seat under the name it has.
   */
  renamedFrom?: string[];
}

export interface SavedSession {
  token: string;
  accepted: [string, number][];
  role: 'op' | 'member';
  leftAt: number;
  /** In the rooms when saved (connected, or its seat held). */
  seat?: SavedSeat;
  /**
   * The direct messages the session kept for a resume (to and from it, numbered), and the number of its last:
   * after a restart its window gets them back as after any reconnect (a reload of the host's window lost them).
   */
  dms?: DmEvent[];
  dmSeq?: number;
  /** Banned: what its next hello is told. */
  banned?: string;
  /** Kicked while its seat was held: what its next hello is told, once (a restart forgot it: the kick was undone). */
  kicked?: string;
}

export interface SavedState {
  version: 1;
  savedAt: number;
  rooms: RoomSnapshot[];
  sessions: SavedSession[];
  /** The owner's place (the host's own seat: expected back by the owner key, in its old session or a new one). */
  owner?: SavedSeat;
  /**
   * Authors (session tokens) that wrote as owner or op: an op may not delete their messages, after a restart
   * too. Nobody is let in as owner or op by it (the owner key makes the owner; saved sessions are op or member).
   */
  elevated?: [string, 'owner' | 'op'][];
  /**
   * Bans (`/ban`): nicknames (as nickKey folds them) and addresses, as versions before `/unban` read them; each
   * ban, with the address and session banned with it (`entries`: what `/unban` lifts). A banned session also says
   * so itself.
   */
  bans?: { nicks: string[]; addresses: string[]; entries?: SavedBan[] };
  /**
   * A private room's room key: a host started again with this file keeps it when asked (ChatServerOptions.keepRoomKey),
   * so the invites it gave still work. A secret, as the sessions' tokens are: the file is written 0600.
   */
  roomKey?: string;
}

/** One ban: the nickname as it was, and the address (not a loopback one) and session banned with it. */
export interface SavedBan {
  nick: string;
  address?: string;
  session?: string;
  /** The owner made it: only the owner lifts it (an op may not overrule the owner). */
  byOwner?: true;
}

/** The bans' entries as read back (the file may have been edited): each with a nickname string, or none. */
function bansOf(value: unknown): SavedBan[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((v): SavedBan[] => {
    if (v === null || typeof v !== 'object' || typeof (v as SavedBan).nick !== 'string') return [];
    const { nick, address, session, byOwner } = v as Record<string, unknown>;
    return [{ nick: nick as string, ...(typeof address === 'string' ? { address } : {}), ...(typeof session === 'string' ? { session } : {}), ...(byOwner === true ? { byOwner } : {}) }];
  });
}

/** A saved seat as read back (the file may have been edited), or undefined. */
function seatOf(value: unknown): SavedSeat | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const { nick, rooms, renamedFrom } = value as Record<string, unknown>;
  if (typeof nick !== 'string' || !Array.isArray(rooms)) return undefined;
  const from = Array.isArray(renamedFrom) ? renamedFrom.filter((r): r is string => typeof r === 'string').slice(-8) : [];
  return { nick, rooms: rooms.filter((r): r is string => typeof r === 'string'), ...(from.length > 0 ? { renamedFrom: from } : {}) };
}

/**
 * What is at a history file's path: nothing yet; a saved state; a history file too damaged to read (`damaged`:
 * the caller moves it aside, it may hold what someone wants back); or something that is not a history file, or
 * not a readable file at all (`refused`: it must be left alone, and not written over).
 */
export type LoadedState = { state?: SavedState; damaged?: string; refused?: string; leftOut?: string[] };

/** Reads a saved state. */
export function loadState(file: string): LoadedState {
  let text: string;
  try {
    // a FIFO would hang the host at its start, and a device (/dev/zero) be read until memory runs out
    const stat = statSync(file);
    if (stat.isDirectory()) return { refused: `cannot use ${file} for history: it is a folder (give a file in it)` };
    if (!stat.isFile()) return { refused: `cannot use ${file} for history: it is not a file (a device, a pipe or a socket)` };
    // (an empty file is a new one: what touch or mktemp made for it)
    if (stat.size === 0) return {};
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') return { refused: `cannot use ${file} for history: ${(e as Error).message}` };
    // a new file, in a folder that must be there already: a mistyped path is said, not made
    return existsSync(dirname(file)) ? {} : { refused: `cannot keep history in ${file}: there is no folder ${dirname(file)}` };
  }
  const notOurs = { refused: `${file} is not a TCP Chat history file, and would be written over: give a new file, or one a host saved` };
  let parsed: Partial<SavedState>;
  try {
    parsed = JSON.parse(text) as Partial<SavedState>;
  } catch {
    // a history file starts as JSON.stringify writes it (version first); anything else was never one
    return text.startsWith('{"version":1,') ? { damaged: `${file} is damaged (not JSON)` } : notOurs;
  }
  if (parsed === null || typeof parsed !== 'object' || parsed.version !== 1 || !Array.isArray(parsed.rooms) || !Array.isArray(parsed.sessions)) return notOurs;
  // what an edited file has that cannot be read is left out, and said (leftOut): the first save writes the file
  // without it, and the caller keeps the file as it was
  const leftOut: string[] = [];
  // (a name as a join would make it: `General` or `has space` were rooms nobody could join, each a room's place)
  const usable = parsed.rooms.filter((r) => typeof r?.name === 'string' && normalizeRoom(r.name) === r.name && Array.isArray(r.events));
  if (usable.length < parsed.rooms.length) leftOut.push(`${parsed.rooms.length - usable.length} room(s) with no name a join could give, or no events`);
  // (a room twice: its first entry)
  const named = new Set<string>();
  const once = usable.filter((r) => !named.has(r.name) && named.add(r.name));
  if (once.length < usable.length) leftOut.push(`${usable.length - once.length} room(s) named twice`);
  const rooms = once.map((r) => {
    // an edited file's odd events (null, no type, no seq, a field of the wrong type) are left out rather than
    // taken for events (`reactions: "x"` stopped the host at its start, `text: 5` went to every client)
    const events = r.events.filter(soundEvent).map(withSoundWords);
    if (events.length < r.events.length) leftOut.push(`${r.events.length - events.length} event(s) of #${r.name}`);
    // a room's own fields mended, not the room left out with its history (a topic of null lost every message)
    const last = events.reduce((n, e) => Math.max(n, e.seq), 0);
    const seq = savedSeq(r.seq) && r.seq >= last ? r.seq : last;
    return { ...r, epoch: typeof r.epoch === 'string' && r.epoch !== '' ? r.epoch : randomBytes(6).toString('hex'), topic: typeof r.topic === 'string' ? r.topic : '', seq, events };
  });
  const owner = seatOf(parsed.owner);
  const sound = parsed.sessions.filter((s) => typeof s?.token === 'string' && Array.isArray(s.accepted));
  if (sound.length < parsed.sessions.length) leftOut.push(`${parsed.sessions.length - sound.length} session(s)`);
  const sessions = sound
    .map(({ seat, accepted, dms, dmSeq, kicked: k, ...s }) => {
      const checked = seatOf(seat);
      const ids = accepted.filter((a): a is [string, number] => Array.isArray(a) && typeof a[0] === 'string' && typeof a[1] === 'number');
      const kept = dmsOf(dms);
      const numbered = savedSeq(dmSeq) && dmSeq > 0 ? { dmSeq } : {};
      const banned = typeof s.banned === 'string' ? { banned: s.banned } : {};
      const kicked = typeof k === 'string' ? { kicked: k } : {};
      return { ...s, accepted: ids, ...(checked ? { seat: checked } : {}), ...(kept.length > 0 ? { dms: kept } : {}), ...numbered, ...banned, ...kicked };
    });
  const elevated = (Array.isArray(parsed.elevated) ? parsed.elevated : []).filter(
    (e): e is [string, 'owner' | 'op'] => Array.isArray(e) && typeof e[0] === 'string' && (e[1] === 'owner' || e[1] === 'op'),
  );
  const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  const bans = parsed.bans && typeof parsed.bans === 'object' ? { nicks: strings(parsed.bans.nicks), addresses: strings(parsed.bans.addresses), entries: bansOf(parsed.bans.entries) } : undefined;
  // (a key as createRoomKey makes one: an edited file's other value would make a room no invite could open)
  const roomKey = typeof parsed.roomKey === 'string' && isRoomKey(parsed.roomKey) ? parsed.roomKey : undefined;
  if (parsed.roomKey !== undefined && roomKey === undefined) leftOut.push('a room key that is not one');
  return {
    state: { version: 1, savedAt: Number(parsed.savedAt) || 0, rooms, sessions, ...(owner ? { owner } : {}), ...(elevated.length ? { elevated } : {}), ...(bans ? { bans } : {}), ...(roomKey ? { roomKey } : {}) },
    ...(leftOut.length > 0 ? { leftOut } : {}),
  };
}

/** Whether a room event read back is one a client would take: a room event, numbered, every field as it should be. */
function soundEvent(e: unknown): boolean {
  const v = validateServerMessage(e);
  return v.ok && isRoomEvent(v.msg) && savedSeq(v.msg.seq);
}

/**
 * A leave's parting words as the server would have written them (partingWords): an edited file's `message: 5` or
 * a megabyte of text went back to every newcomer as it was. Other events as they are.
 */
function withSoundWords(e: RoomEvent): RoomEvent {
  if (e.type !== 'leave' || e.message === undefined) return e;
  const message = typeof e.message === 'string' ? partingWords(e.message) : undefined;
  if (message === e.message) return e;
  const { message: _dropped, ...rest } = e;
  return message === undefined ? rest : { ...rest, message };
}

/** A saved session's direct messages as read back: only sound, numbered ones (the file may have been edited). */
function dmsOf(value: unknown): DmEvent[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((d): DmEvent[] => {
    const v = validateServerMessage(d);
    if (!v.ok || v.msg.type !== 'dm' || !savedSeq(v.msg.seq) || v.msg.seq <= 0) return [];
    // (its own fields only: an edited file's extras are not replayed)
    const { from, to, text, kind, code, time, seq } = v.msg;
    return [{ type: 'dm', from, to, text, kind, ...(code ? { code } : {}), time, seq }];
  });
}

/**
 * Moves a history file aside (beside it, why and the time in its name: `.damaged-<time>` for one too damaged to
 * read, `.stale-<time>` for one its host could not save to); returns where it went.
 */
export function keepAside(file: string, why: 'damaged' | 'stale', now = new Date()): string {
  const aside = asideName(file, why, now);
  renameSync(file, aside);
  forOwnerOnly(aside);
  return aside;
}

/**
 * Copies a history file beside it as it is (`.original-<time>`), before a save writes it without what the host
 * left out of it (what it could not read, rooms past maxRooms); returns where.
 */
export function keepOriginal(file: string, now = new Date()): string {
  const aside = asideName(file, 'original', now);
  copyFileSync(file, aside, fsConstants.COPYFILE_EXCL);
  forOwnerOnly(aside);
  return aside;
}

/**
 * Makes a copy kept aside readable by its user only, as the history file is once saved (0600): it holds the room key
 * and the sessions' tokens. A copy takes its file's mode, which an editor that wrote the file anew may have left
 * readable by all, and it stayed so when the save made the file itself 0600. One that cannot be changed (another
 * user's) is kept as it is.
 */
function forOwnerOnly(file: string): void {
  try {
    chmodSync(file, 0o600);
  } catch {
    // (kept, as it was: it is moved aside all the same)
  }
}

function asideName(file: string, why: string, now: Date): string {
  return `${file}.${why}-${now.toISOString().replace(/[:.]/g, '-')}`;
}

/** Where `file` is: the file a link there points to (one that is not there yet, too), else `file`. */
function linkTarget(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    try {
      return resolve(dirname(file), readlinkSync(file)); // (a link to a file not made yet)
    } catch {
      return file;
    }
  }
}

/**
 * Why a folder cannot be synced where that is no failure of the save: Windows opens a folder but cannot flush it
 * (EPERM), other systems cannot open one (EISDIR), some file systems do not sync one (EINVAL, ENOTSUP), and a
 * folder may be writable but not readable (EACCES).
 */
const FOLDER_SYNC_UNSUPPORTED = new Set(['EISDIR', 'EINVAL', 'EPERM', 'EACCES', 'ENOTSUP']);

/**
 * Makes a rename in `folder` last through a power cut or a crash of the system (the file's own data was synced
 * before it). Throws where a folder can be synced and the sync fails (EIO: a failing disk).
 */
function syncFolder(folder: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(folder, 'r');
    fsyncSync(fd);
  } catch (e) {
    if (!FOLDER_SYNC_UNSUPPORTED.has((e as NodeJS.ErrnoException).code ?? '')) throw e;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The lock files this process's hosts hold. */
const heldHere = new Set<string>();

/**
 * The stamp (processStamp()) of the lock file `lock`'s holder `pid`, from `lock`.stamp: '' when there is none, or it
 * is another process's (an earlier version that took the lock over left the stamp of the host before it).
 */
function stampOf(lock: string, pid: number): string {
  try {
    const [id = '', ...stamp] = readFileSync(`${lock}.stamp`, 'utf8').trim().split(' ');
    return Number(id) === pid ? stamp.join(' ') : '';
  } catch {
    return '';
  }
}

/** The error of a history file another host holds (EBUSY: VS Code takes it as a busy port, whose file it is, and offers another). */
function inUseError(file: string, lock: string, pid: number, cause: unknown): Error {
  return Object.assign(new Error(`${file} is in use by another host (process ${pid}): give each host its own history file (if no host runs, delete ${lock})`, { cause }), { code: 'EBUSY' });
}

/** How old a takeover's claim (see takeOver) is when its host surely died taking over: it takes milliseconds. */
const CLAIM_STALE_MS = 10_000;

/**
 * Makes `claim` (a takeover's, holding `text`: this process's id) as only one host can; one a dead host left (it
 * died taking over, or long ago) is made anew. Throws as lock() does when another host is taking over.
 */
function claimTakeover(claim: string, text: string, file: string, lock: string): void {
  for (let tries = 0; ; tries++) {
    try {
      writeFileSync(claim, text, { mode: 0o600, flag: 'wx' });
      return;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw new Error(`cannot keep history in ${file}: ${(e as Error).message}`, { cause: e });
      let pid = NaN;
      let age = 0;
      try {
        pid = Number(readFileSync(claim, 'utf8').trim());
        age = Date.now() - statSync(claim).mtimeMs;
      } catch {
        // (gone meanwhile: its host is done; made again below)
      }
      // (this process's own id: a claim of another process that had it, since this one makes claims in one go)
      const taking = Number.isSafeInteger(pid) && pid > 0 && pid !== process.pid && alive(pid) && age < CLAIM_STALE_MS;
      if (taking || tries > 0) throw inUseError(file, lock, Number.isSafeInteger(pid) && pid > 0 ? pid : 0, e);
      rmSync(claim, { force: true });
    }
  }
}

/**
 * Takes over the lock of a host that is gone (the lock says `held`), as only one host can: it claims the takeover
 * first (`<lock>.takeover`, made only where there is none), then replaces the lock if it still says `held`.
 * (Two hosts started together on a crashed host's file both wrote their id over it, and both saved there; moving
 * the lock aside and back, a third's lock made meanwhile was put back over.) Throws as lock() does when another
 * host was quicker.
 */
function takeOver(lock: string, held: string, text: string, file: string): void {
  const claim = `${lock}.takeover`;
  claimTakeover(claim, text, file, lock);
  try {
    let now = '';
    try {
      now = readFileSync(lock, 'utf8').trim();
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`cannot keep history in ${file}: ${(e as Error).message}`, { cause: e });
    }
    // another host's lock since (it took over, and gave the file back or not), or its own made in the gap
    if (now !== held && now !== '') throw inUseError(file, lock, Number(now), undefined);
    rmSync(lock, { force: true });
    try {
      writeFileSync(lock, text, { mode: 0o600, flag: 'wx' });
    } catch (e) {
      throw inUseError(file, lock, Number(held), e);
    }
  } finally {
    rmSync(claim, { force: true });
  }
}

/**
 * Removes what saves of a host that died while saving left beside the history file (`<file>.<16 hex>.tmp`: the
 * whole history as it was, messages deleted since among it). Only the lock's holder saves there.
 */
function removeLeftSaves(file: string): void {
  const name = basename(file);
  try {
    for (const f of readdirSync(dirname(file))) {
      if (f.startsWith(`${name}.`) && /^\.[0-9a-f]{16}\.tmp$/.test(f.slice(name.length))) rmSync(join(dirname(file), f), { force: true });
    }
  } catch {
    // (a folder that cannot be read: the saves say so)
  }
}

/** Whether process `pid` is running (one of another user's is: it cannot be signalled, but it is there). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A save waits at least this many times as long as the last one took: a big history is not saved all the time. */
const SAVE_COST_FACTOR = 10;
/**
 * Changes (room events, direct messages) that may wait for a save: the next one saves at once. A restarted host
 * numbers on past what its file says by more than this (RESTART_SEQ_GAP in chatServer.ts), so numbers handed
 * out after the last save and lost with the process (killed, crashed) are never handed out again.
 */
export const MAX_UNSAVED = 50_000;

/**
 * The highest number (a room's seq, a session's dmSeq, an event's) a history file may say: a host numbers on from
 * it (past RESTART_SEQ_GAP after a restart) for longer than any room lasts (142 years at a million events a
 * second), and never past the safe integers. An edited file's 2^53 - 10 numbered every event after the restart
 * 2^53 + 99,990: one number for all of them, and clients dropped all but the first.
 */
export const MAX_SAVED_SEQ = 2 ** 52;

/** A number a history file may say (MAX_SAVED_SEQ). */
function savedSeq(n: unknown): n is number {
  return Number.isSafeInteger(n) && (n as number) <= MAX_SAVED_SEQ;
}

export class HistoryStore {
  #timer: NodeJS.Timeout | undefined;
  /** How long the last save took (ms), its fsyncs too: a slow disk is saved to less often (changed()). */
  #cost = 0;
  /** Changes since the last save's snapshot. */
  #unsaved = 0;
  /**
   * Changes since the last save that worked: past `maxUnsaved` the file is moved aside (see #save), as a restart
   * from it would number on below what clients have seen.
   */
  #sinceSaved = 0;
  /** The last save failed (and said so): the next failures are not said again, a save that works is. */
  #failing = false;
  /** The lock file this host holds (see lock()). */
  #locked: string | undefined;
  /** Given back (unlock): no more saves. */
  #released = false;
  /** What waits for the next save (afterSave): acknowledgements of what it will hold. */
  #waiting: (() => void)[] = [];

  /** Where the history is written: the file a link at the path given points to, which stays a link. */
  readonly file: string;
  readonly #snapshot: () => SavedState;
  /** A save failed (`warn`, once until one works again), or works again (`info`). */
  readonly #report: (message: string, kind: 'warn' | 'info') => void;
  readonly #delayMs: number;
  readonly #now: () => number;
  readonly #maxUnsaved: number;

  constructor(
    file: string,
    snapshot: () => SavedState,
    report: (message: string, kind: 'warn' | 'info') => void,
    delayMs = 200,
    now: () => number = () => performance.now(),
    maxUnsaved = MAX_UNSAVED,
  ) {
    this.#snapshot = snapshot;
    this.#report = report;
    this.#delayMs = delayMs;
    this.#now = now;
    this.#maxUnsaved = maxUnsaved;
    this.file = linkTarget(file);
  }

  /**
   * Takes the history file for this host: a lock file beside it (`.lock`: this process's id, all an earlier
   * version reads there) that another host on the same file finds (two hosts on one file wrote over each other's
   * history without a word), until unlock(); and beside that `.lock.stamp`, its id and processStamp(). A lock whose
   * process is gone (a host killed; or, by its stamp, one whose id another program has now: after a reboot, in a
   * container started again) is taken over. Throws, saying why, when another host holds it, or when no file can be
   * made there (a read-only disk: found at the start, not at every save).
   */
  lock(): void {
    const lock = `${this.file}.lock`;
    const text = String(process.pid);
    try {
      writeFileSync(lock, text, { mode: 0o600, flag: 'wx' });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' && !existsSync(dirname(this.file))) throw new Error(`cannot keep history in ${this.file}: there is no folder ${dirname(this.file)}`, { cause: e });
      if (code !== 'EEXIST') throw new Error(`cannot keep history in ${this.file}: ${(e as Error).message}`, { cause: e });
      const held = readFileSync(lock, 'utf8').trim();
      const pid = Number(held);
      // this process's own id: another of its hosts holds it, or a host before a restart that got the same id
      // (a container's process 1)
      const inUse = pid === process.pid ? heldHere.has(lock) : Number.isSafeInteger(pid) && pid > 0 && alive(pid) && !stampGone(pid, stampOf(lock, pid));
      if (inUse) throw inUseError(this.file, lock, pid, e);
      takeOver(lock, held, text, this.file);
    }
    const stamp = processStamp(process.pid);
    try {
      // (a new file, not through whatever is there: a link planted there would have this written where it points)
      rmSync(`${lock}.stamp`, { force: true });
      if (stamp) writeFileSync(`${lock}.stamp`, `${process.pid} ${stamp}\n`, { mode: 0o600, flag: 'wx' });
    } catch {
      // (without it the lock is as an earlier version's: its id alone)
    }
    this.#locked = lock;
    heldHere.add(lock);
    removeLeftSaves(this.file);
  }

  /** A new room in a held file: what the file holds goes (before the first save writes it again). */
  forget(): void {
    rmSync(this.file, { force: true });
  }

  /** Gives the history file back (the host closed, or never started listening). */
  unlock(): void {
    // nothing is saved after it: the file may be another host's by then (a server whose listen failed kept its
    // restored state, and wrote it over the next host's history at its next save)
    this.#released = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#saved();
    if (this.#locked === undefined) return;
    heldHere.delete(this.#locked);
    try {
      if (readFileSync(this.#locked, 'utf8').trim() === String(process.pid)) {
        if (stampOf(this.#locked, process.pid) !== '') rmSync(`${this.#locked}.stamp`, { force: true });
        rmSync(this.#locked, { force: true });
      }
    } catch {
      // (gone already)
    }
    this.#locked = undefined;
  }

  /**
   * Something changed: save soon (once per `delayMs`, however much changed; and no sooner than ten times what
   * the last save took: saving a 60 MB history took 240 ms of the host's time, and it came five times a second).
   */
  changed(): void {
    this.#sinceSaved++;
    if (++this.#unsaved >= this.#maxUnsaved) return this.flush();
    if (this.#timer) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#save();
    }, Math.max(this.#delayMs, SAVE_COST_FACTOR * this.#cost));
    this.#timer.unref();
  }

  /**
   * Runs `fn` once what changed so far is in the file: after the next save (whose snapshot holds it), or at once
   * when nothing waits to be saved. The server acknowledges a request so: acknowledged at once, a message (a
   * delete of a pasted secret) lost with a host killed before the save was never sent again (its client had let it
   * go); unacknowledged, it is. A save that fails runs them too (it said so; else its clients would wait for ever).
   */
  afterSave(fn: () => void): void {
    if (this.#released || this.#timer === undefined) return fn();
    this.#waiting.push(fn);
  }

  /** Runs what waited for a save (afterSave). */
  #saved(): void {
    const waiting = this.#waiting;
    this.#waiting = [];
    for (const fn of waiting) fn();
  }

  /** Changes since the last save that worked: a restart from the file would not have them (0 once one works). */
  get unsaved(): number {
    return this.#sinceSaved;
  }

  /** Saves now (on close). */
  flush(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#save();
  }

  /**
   * Saves have failed for `maxUnsaved` changes: a host restarted from the file would number on past it by no more
   * than a restart skips, below numbers clients have seen, and they would drop what it says then (a full disk for
   * a day). The file goes aside (a rename needs no room on the disk); a restart finds none, and starts the rooms
   * anew, which clients see; the next save that works writes it again.
   */
  #setStaleAside(): void {
    if (!existsSync(this.file)) return;
    try {
      const aside = keepAside(this.file, 'stale');
      this.#report(`history not saved for ${this.#sinceSaved.toLocaleString('en-US')} changes: ${this.file} moved to ${aside} (a restart from it would number messages as ones already sent)`, 'warn');
    } catch (e) {
      this.#report(`history not saved for ${this.#sinceSaved.toLocaleString('en-US')} changes, and ${this.file} cannot be moved aside: ${(e as Error).message} (do not restart the host from it)`, 'warn');
    }
    this.#sinceSaved = 0; // (said once; counted anew)
  }

  #save(): void {
    if (this.#released) return;
    const start = this.#now();
    // (counted from the snapshot, saved or not: a failing disk is retried at the usual pace, not at every change)
    this.#unsaved = 0;
    // a new file of a name nobody can guess, made by this save and no other (`wx`: not through a link planted
    // there, not one that exists with other permissions): the history holds chat text and session tokens
    const tmp = `${this.file}.${randomBytes(8).toString('hex')}.tmp`;
    let made = false;
    try {
      mkdirSync(dirname(this.file), { recursive: true });
      const text = JSON.stringify(this.#snapshot());
      made = true;
      const fd = openSync(tmp, 'wx', 0o600);
      try {
        writeFileSync(fd, text);
        // on disk before the rename: else a power cut or a system crash soon after it can leave the history file
        // empty or cut short (a file system may write a file's data later than its rename: ext4's delayed
        // allocation), the whole history lost
        fsyncSync(fd);
      } finally {
        // (before the failure path removes it: Windows cannot remove an open file)
        closeSync(fd);
      }
      renameSync(tmp, this.file);
      // the rename itself on disk, or the old file may be back after a crash
      syncFolder(dirname(this.file));
      if (this.#failing) this.#report(`history saved to ${this.file} again`, 'info');
      this.#failing = false;
      this.#sinceSaved = 0;
    } catch (e) {
      // what a failed write made goes (a full disk kept every attempt's part, chat text and all, and stayed full);
      // said once, not at every change while it lasts
      if (made) {
        try {
          rmSync(tmp, { force: true });
        } catch {
          // (it cannot go either: the warning below names the file's folder)
        }
      }
      if (!this.#failing) this.#report(`cannot save history to ${this.file}: ${(e as Error).message} (tried again as the room changes; said when it works)`, 'warn');
      this.#failing = true;
      if (this.#sinceSaved >= this.#maxUnsaved) this.#setStaleAside();
    }
    this.#cost = this.#now() - start;
    this.#saved();
  }
}
