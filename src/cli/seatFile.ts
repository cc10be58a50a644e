// A terminal's seat in a room, kept for the next `join` when this one ends without leaving (killed, crashed, its
// machine's power lost): the session token the room knows it by, in a file only its user can read, one a process
// (~/.tcp-chat/seat-<host>-<port>-<pid>.json, rewritten every minute while it runs). The next join of that room on
// this machine within SEAT_KEPT_MS of the last write, as the same nickname (the one it has now, asked for with
// --nick, or the one it started as), claims the file (renamed to its own: of two joins started together, one
// gets it) and says the token in its hello: the room gives the seat back as to a reloaded VS Code window: nobody
// sees it leave and come again, its direct messages come back, and its nickname is its own (a new join was `bob_2`
// while the room held bob's seat 30 s, and `@bob` no longer called it). A join that leaves removes its file; the
// file of a process still running, or of another machine (a shared home folder), is never taken.

import { lstatSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { homedir, hostname } from 'node:os';
import { join } from 'node:path';
import { ownerKeyFolder, unsafeFolder, writeSecretFile } from '../node/ownerKeyFile';
import { processStamp, stampGone } from '../node/processStamp';

/** How long after its last write a seat file is taken (the room holds a seat 30 s; a session, and its messages, longer). */
export const SEAT_KEPT_MS = 10 * 60_000;
/** How often a running join writes its file again (so a join killed after an hour is still within SEAT_KEPT_MS). */
export const SEAT_REFRESH_MS = 60_000;

export interface SavedSeat {
  session: string;
  /** The nickname it has, and those before it (the latest last: direct messages under each are its own). */
  nicks: string[];
  /** The nickname the join started as (--nick, or the default one): a join without --nick takes the seat by it. */
  startedAs: string;
  /** The rooms it is in (the room gives them back with the seat: for a reader of the file). */
  rooms: string[];
  /** The room its prompt names: the next join's prompt names it again. */
  room?: string;
}

const TOKEN = /^[A-Za-z0-9_-]{16,200}$/;

/** The start of the names of the seat files of the room at host:port. */
function prefix(host: string, port: number): string {
  return `seat-${host.replace(/[^A-Za-z0-9.-]/g, '_')}-${port}-`;
}

/** Where process `pid` keeps its seat in the room at host:port. */
export function seatPath(host: string, port: number, home = homedir(), pid = process.pid): string {
  return join(ownerKeyFolder(home), `${prefix(host, port)}${pid}.json`);
}

/** Keeps this process's seat (best effort: a folder it cannot write to keeps nothing, and the chat goes on). */
export function saveSeat(host: string, port: number, seat: SavedSeat, home = homedir(), now = Date.now()): void {
  try {
    const body = { tcpChat: 'seat', machine: hostname(), pid: process.pid, stamp: processStamp(process.pid), savedAt: now, ...seat };
    writeSecretFile(home, seatPath(host, port, home), JSON.stringify(body));
  } catch {
    // (nothing kept: a next join after a crash is a new member, as it was)
  }
}

/** Forgets this process's seat: it left the room (or the room put it out). Another join's file stays. */
export function forgetSeat(host: string, port: number, home = homedir()): void {
  try {
    rmSync(seatPath(host, port, home), { force: true });
  } catch {
    // (gone already)
  }
}

/**
 * The seat a join of the room at host:port that ended without leaving kept, claimed for this process: written on
 * this machine within SEAT_KEPT_MS by a process that is gone, as `nick` (asked for: the name it has now) or, with
 * none asked for, started as `startedAs`; the newest such. Undefined when there is none. Files past SEAT_KEPT_MS go.
 */
export function takeSeat(host: string, port: number, nick: string | undefined, startedAs: string, home = homedir(), now = Date.now()): SavedSeat | undefined {
  const folder = ownerKeyFolder(home);
  let names: string[];
  try {
    if (unsafeFolder(folder) !== undefined) return undefined;
    names = readdirSync(folder).filter((n) => n.startsWith(prefix(host, port)) && n.endsWith('.json'));
  } catch {
    return undefined;
  }
  const found: { file: string; seat: SavedSeat; savedAt: number }[] = [];
  for (const name of names) {
    const file = join(folder, name);
    const read = readSeat(file);
    if (read === undefined) continue;
    if (now - read.savedAt > SEAT_KEPT_MS) {
      rmSync(file, { force: true }); // (too old to take: a killed join's, never taken)
      continue;
    }
    if (read.machine !== hostname() || read.running) continue;
    if (nick !== undefined ? read.seat.nicks.at(-1) !== nick : read.seat.startedAs !== startedAs) continue;
    found.push({ file, seat: read.seat, savedAt: read.savedAt });
  }
  for (const f of found.sort((a, b) => b.savedAt - a.savedAt)) {
    try {
      // (claimed by renaming it to this process's own: a second join started together finds it gone)
      renameSync(f.file, seatPath(host, port, home));
    } catch {
      continue;
    }
    saveSeat(host, port, f.seat, home, now); // (this process's now: not taken by another while it connects)
    return f.seat;
  }
  return undefined;
}

/** A seat file as read: the seat, when it was written, where, and whether its process still runs. */
function readSeat(file: string): { seat: SavedSeat; savedAt: number; machine: unknown; running: boolean } | undefined {
  let d: Record<string, unknown>;
  try {
    if (!lstatSync(file).isFile()) return undefined;
    d = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  if (typeof d !== 'object' || d === null || typeof d.session !== 'string' || !TOKEN.test(d.session) || typeof d.savedAt !== 'number') return undefined;
  const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.length > 0 && x.length <= 200).slice(-20) : []);
  const nicks = strings(d.nicks);
  const rooms = strings(d.rooms);
  if (nicks.length === 0 || typeof d.startedAs !== 'string') return undefined;
  const room = typeof d.room === 'string' && rooms.includes(d.room) ? { room: d.room } : {};
  const pid = typeof d.pid === 'number' && Number.isSafeInteger(d.pid) && d.pid > 0 ? d.pid : 0;
  const running = pid !== 0 && pid !== process.pid && isRunning(pid, typeof d.stamp === 'string' ? d.stamp : '');
  return { seat: { session: d.session, nicks, startedAs: d.startedAs, rooms, ...room }, savedAt: d.savedAt, machine: d.machine, running };
}

/** Whether process `pid` (which wrote `stamp`) still runs. */
function isRunning(pid: number, stamp: string): boolean {
  if (stampGone(pid, stamp)) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // (another user's: running, and not this one)
  }
}
