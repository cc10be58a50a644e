// The owner key of a headless host, in a file only its user can read: `tcp-chat host --headless` has no seat in
// its room, so nobody could set a topic, kick, ban, op someone or delete another's pasted secret there. The host
// writes its owner key (and its room key, for a private room) to ~/.tcp-chat/owner-<port>.json; `tcp-chat join
// 127.0.0.1:<port> --owner`, run by the same user on the same machine, reads it and joins as the owner.
// The key is new at every start (a key read by someone once is worth nothing after a restart), so a client reads
// the file again at each connection; a host that stops removes its file.

import { randomBytes } from 'node:crypto';
import { lstatSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface OwnerKeys {
  ownerKey: string;
  /** The room key of a private room (its TLS needs it, over loopback too). */
  roomKey?: string;
  /**
   * Where the host listens, for this machine (a wildcard's loopback): the owner key goes there only. Sent to the
   * port at another of the machine's addresses, it went to whoever listened there (another local user on 127.0.0.2,
   * or on ::1 where `localhost` led), who then joined the real room as its owner.
   */
  host?: string;
}

/** The address on this machine a client reaches a host listening on `bound` at: a wildcard's loopback. */
export function ownerHostOf(bound: string): string {
  return bound === '0.0.0.0' ? '127.0.0.1' : bound === '::' ? '::1' : bound;
}

const KEY = /^[A-Za-z0-9_-]{16,200}$/;

/** The folder the files live in: ~/.tcp-chat. */
export function ownerKeyFolder(home = homedir()): string {
  return join(home, '.tcp-chat');
}

/** Where the owner key of the host on `port` is kept. */
export function ownerKeyPath(port: number, home = homedir()): string {
  return join(ownerKeyFolder(home), `owner-${port}.json`);
}

/**
 * Why `folder` is no place for a secret (a link, not a folder, another user's, or others may write in it: they
 * could put their own file in the key's place), or undefined when it is one.
 */
export function unsafeFolder(folder: string): string | undefined {
  const st = lstatSync(folder);
  if (st.isSymbolicLink() || !st.isDirectory()) return `${folder} is not a folder`;
  if (process.platform === 'win32') return undefined; // (no POSIX modes: the user's profile folder is theirs)
  if (typeof process.getuid === 'function' && st.uid !== process.getuid()) return `${folder} belongs to another user`;
  if ((st.mode & 0o022) !== 0) return `others may write in ${folder} (chmod 700 it)`;
  return undefined;
}

/**
 * Writes the owner key of the host on `port`, readable by this user only (0600 in a 0700 folder), in one step
 * (written beside it, then renamed over it: a reader never sees half a file). Returns the path, or throws why not.
 */
export function writeOwnerKey(port: number, keys: OwnerKeys, home = homedir()): string {
  const file = ownerKeyPath(port, home);
  writeSecretFile(home, file, JSON.stringify({ tcpChat: 'owner key', port, ownerKey: keys.ownerKey, ...(keys.roomKey !== undefined ? { roomKey: keys.roomKey } : {}), ...(keys.host !== undefined ? { host: keys.host } : {}) }));
  return file;
}

/**
 * Writes `text` (and a line break) to `file` in ~/.tcp-chat, readable by this user only (0600 in a 0700 folder), in
 * one step (written beside it, then renamed over it: a reader never sees half a file); throws why not (a folder
 * others may write in: unsafeFolder). The owner key's file, and a terminal's seat (src/cli/seatFile.ts).
 */
export function writeSecretFile(home: string, file: string, text: string): void {
  const folder = ownerKeyFolder(home);
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  const why = unsafeFolder(folder);
  if (why !== undefined) throw new Error(why);
  const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  writeFileSync(tmp, text + '\n', { mode: 0o600, flag: 'wx' });
  try {
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/** The keys the host on `port` wrote, or why there are none to read (no host of this user there, a damaged file). */
export function readOwnerKey(port: number, home = homedir()): OwnerKeys | { error: string } {
  const file = ownerKeyPath(port, home);
  let text: string;
  try {
    const why = unsafeFolder(ownerKeyFolder(home));
    if (why !== undefined) return { error: why };
    if (!lstatSync(file).isFile()) return { error: `${file} is not a file` };
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { error: `no owner key for port ${port} (${file}): --owner joins a room that \`tcp-chat host --headless\` runs on this machine, started by your user` };
    return { error: `cannot read ${file}: ${(e as Error).message}` };
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    data = undefined;
  }
  const d = data as { ownerKey?: unknown; roomKey?: unknown; host?: unknown } | undefined;
  if (typeof d !== 'object' || d === null || typeof d.ownerKey !== 'string' || !KEY.test(d.ownerKey) || (d.roomKey !== undefined && (typeof d.roomKey !== 'string' || !KEY.test(d.roomKey))) || (d.host !== undefined && (typeof d.host !== 'string' || isIP(d.host) === 0))) {
    return { error: `${file} is not an owner key file (host the room again to write it anew)` };
  }
  return { ownerKey: d.ownerKey, ...(typeof d.roomKey === 'string' ? { roomKey: d.roomKey } : {}), ...(typeof d.host === 'string' ? { host: d.host } : {}) };
}

/** Removes the file of the host on `port` when it still holds `ownerKey` (another host may have taken the port since). */
export function removeOwnerKey(port: number, ownerKey: string, home = homedir()): void {
  const kept = readOwnerKey(port, home);
  if ('ownerKey' in kept && kept.ownerKey === ownerKey) rmSync(ownerKeyPath(port, home), { force: true });
}

/** A headless host's keys for a client, as its file has them at each call (ChatClient's `keys`). */
export type OwnerKeyReader = () => OwnerKeys;

/**
 * The keys of the host on `port` as the file has them at each call (the host's keys are new after a restart: the
 * room key of a private room, the owner key), or the last ones read while the file is gone (`last` before any: no
 * owner key, and the room key of the invite if any).
 */
export function ownerKeyReader(port: number, home = homedir(), last: OwnerKeys = { ownerKey: '' }): OwnerKeyReader {
  return () => {
    const read = readOwnerKey(port, home);
    if ('ownerKey' in read) last = read;
    return last;
  };
}

/**
 * For a client joining as the owner of the host on `port`: its keys, read again at each connection
 * (ownerKeyReader); or why there are none.
 */
export function ownerKeysFor(port: number, home = homedir()): OwnerKeyReader | { error: string } {
  const first = readOwnerKey(port, home);
  if ('error' in first) return first;
  return ownerKeyReader(port, home, first);
}
