// A terminal's seat in a room, kept for the next `join` when this one ends without leaving (killed, crashed, its
// machine's power lost): the session token the room knows it by, in a file only its user can read
// (~/.tcp-chat/seat-<host>-<port>.json). The next join within SEAT_KEPT_MS, under the same nickname or none given,
// says the token in its hello and takes the seat back, as a reloaded VS Code window does: nobody sees it leave and
// come again, its direct messages come back, and its nickname is its own (a new join was `bob_2` while the room
// held bob's seat 30 s, and `@bob` no longer called it). A join that leaves removes the file; the file of a process
// still running is not taken (two terminals in one room under one name would take each other's seat).

import { randomBytes } from 'node:crypto';
import { lstatSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ownerKeyFolder, unsafeFolder } from '../node/ownerKeyFile';
import { processStamp, stampGone } from '../node/processStamp';

/** How long after its last save a seat file is taken (the room holds a seat 30 s; a session's messages longer). */
export const SEAT_KEPT_MS = 10 * 60_000;

export interface SavedSeat {
  session: string;
  /** The nickname it had, and those before it (the latest last: direct messages under each are its own). */
  nicks: string[];
  /** The rooms it was in (the room gives them back with the seat: for a reader of the file). */
  rooms: string[];
  /** The room its prompt named: the next join's prompt names it again. */
  room?: string;
}

const TOKEN = /^[A-Za-z0-9_-]{16,200}$/;

/** Where the seat in the room at host:port is kept. */
export function seatPath(host: string, port: number, home = homedir()): string {
  return join(ownerKeyFolder(home), `seat-${host.replace(/[^A-Za-z0-9.-]/g, '_')}-${port}.json`);
}

/** Keeps the seat (best effort: a folder it cannot write to keeps nothing, and the chat goes on). */
export function saveSeat(host: string, port: number, seat: SavedSeat, home = homedir(), now = Date.now()): void {
  try {
    const folder = ownerKeyFolder(home);
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    if (unsafeFolder(folder) !== undefined) return;
    const file = seatPath(host, port, home);
    const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
    writeFileSync(tmp, `${JSON.stringify({ tcpChat: 'seat', pid: process.pid, stamp: processStamp(process.pid), savedAt: now, ...seat })}\n`, { mode: 0o600, flag: 'wx' });
    try {
      renameSync(tmp, file);
    } catch {
      rmSync(tmp, { force: true });
    }
  } catch {
    // (nothing kept: a next join after a crash is a new member, as it was)
  }
}

/** Forgets the seat: this join left the room (or the room put it out). */
export function forgetSeat(host: string, port: number, home = homedir()): void {
  try {
    rmSync(seatPath(host, port, home), { force: true });
  } catch {
    // (gone already, or not ours to remove)
  }
}

/**
 * The seat a join that ended without leaving kept for host:port, if this join may take it: saved within
 * SEAT_KEPT_MS, by a process that is gone, under `nick` when one was asked for. Undefined otherwise.
 */
export function takeSeat(host: string, port: number, nick: string | undefined, home = homedir(), now = Date.now()): SavedSeat | undefined {
  const file = seatPath(host, port, home);
  let d: { pid?: unknown; stamp?: unknown; savedAt?: unknown; session?: unknown; nicks?: unknown; rooms?: unknown; room?: unknown };
  try {
    if (unsafeFolder(ownerKeyFolder(home)) !== undefined || !lstatSync(file).isFile()) return undefined;
    d = JSON.parse(readFileSync(file, 'utf8')) as typeof d;
  } catch {
    return undefined;
  }
  if (typeof d !== 'object' || d === null || typeof d.session !== 'string' || !TOKEN.test(d.session)) return undefined;
  const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.length > 0 && x.length <= 200).slice(-20) : []);
  const nicks = strings(d.nicks);
  const rooms = strings(d.rooms);
  if (nicks.length === 0 || typeof d.savedAt !== 'number' || now - d.savedAt > SEAT_KEPT_MS || d.savedAt > now + 60_000) return undefined;
  if (nick !== undefined && nick !== nicks.at(-1)) return undefined;
  if (typeof d.pid === 'number' && Number.isSafeInteger(d.pid) && d.pid > 0 && d.pid !== process.pid && running(d.pid, typeof d.stamp === 'string' ? d.stamp : '')) return undefined;
  const room = typeof d.room === 'string' && rooms.includes(d.room) ? { room: d.room } : {};
  return { session: d.session, nicks, rooms, ...room };
}

/** Whether process `pid` (which wrote `stamp`) is still running. */
function running(pid: number, stamp: string): boolean {
  if (stampGone(pid, stamp)) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // (another user's: running, and not this one)
  }
}
