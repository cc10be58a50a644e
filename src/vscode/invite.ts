// Invites and addresses for Join Chat: what Copy Invite puts on the clipboard, how a pasted invite (or a bare
// `host:port`) is read back, and the list of recent rooms. Pure: no vscode, no Node.

import { formatAddress, joinHostPort, netcatCommand, parseAddress, type RoomAddress } from '../protocol/address';
import { formatInvite, parseInvite as parseProtocolInvite } from '../protocol/invite';
import { nickError } from '../protocol/names';
import { noIcons } from './notificationText';

export type ParsedInvite =
  | ({
      ok: true;
      /** `host:port`, for showing. */
      address: string;
      /** The canonical invite: `host:port`, or `tcpchat://host:port/key` for a private room. */
      invite: string;
      /** The room key of a private room. */
      key?: string;
    } & RoomAddress)
  | { ok: false; error: string };

/**
 * Reads what someone pasted into Join Chat: an invite (`tcpchat://host:port/key`), `host:port`, `host`,
 * `[::1]:4000`, `tcp-chat join <invite>`, `nc host port`, or a whole invite line from Copy Invite (the first
 * invite or address in it wins).
 */
export function parseInvite(input: string): ParsedInvite {
  // (what chat apps put in copied text and no one sees: a zero-width space after the key, a direction mark before the host)
  const s = input.replace(/\p{Cf}/gu, '').trim();
  if (s === '') return { ok: false, error: 'give an address like 192.168.1.20:55555, or paste an invite' };
  // a private room's invite, anywhere in the text (a damaged key is an error, not a fall-back to no key)
  // (its key on the next line, a chat having broken it there, is its key; what follows a key that no key has is
  // the sentence's or the Markdown's around it: `!`, `?`, `**`, a link's `](`)
  const keyed = /tcpchat:\/\/[^\s"'`<>()/]+(?:\s*\/[^\s"'`<>()]*)?/i.exec(s);
  if (keyed) {
    const p = parseProtocolInvite(keyed[0].replace(/\s+/g, '').replace(/(\/[A-Za-z0-9_-]*)[^A-Za-z0-9_\-/]+$/, '$1').replace(/[.,;]+$/, ''));
    if (!p.ok) return p;
    return ok(p, p.key);
  }
  const direct = parseAddress(stripScheme(s));
  if (direct.ok) return ok(direct);
  const words = s.split(/\s+/);
  const nc = words.findIndex((w) => w === 'nc' || w === 'ncat' || w === 'netcat' || w === 'telnet');
  // a host, then a port, after its options (`nc -v host port`, `nc -w 5 host port`)
  for (let i = nc + 1; nc >= 0 && i + 1 < words.length; i++) {
    const [host = '', port = ''] = [words[i], words[i + 1]];
    if (host.startsWith('-') || !/^\d{1,5}$/.test(port)) continue;
    const a = parseAddress(joinHostPort(host, port));
    if (a.ok) return ok(a);
  }
  // `HOST PORT`, as nc and telnet take them (the host's "nc 10.0.0.5 55555" copied without its nc)
  if (words.length === 2 && /^\d{1,5}$/.test(words[1]!)) {
    const a = parseAddress(joinHostPort(words[0]!, words[1]!));
    if (a.ok) return ok(a);
  }
  // an invite line: the first word that is an explicit host:port
  for (const w of words) {
    const cleaned = stripScheme(trimTrailing(w.replace(/^[("'`<]+/, ''), ')"\'`>.,;'));
    // (a time of day is no address: `moved to 10:30, chat at 10.0.0.5:55555` joined host 10, port 30)
    if (!/:\d{1,5}$/.test(cleaned) || /^\d+:\d+$/.test(cleaned)) continue;
    const a = parseAddress(cleaned);
    if (a.ok) return ok(a);
  }
  // `tcp-chat join HOST` (the CLI's default port, as Join Chat's for a bare host)
  const joined = joinArgument(words);
  if (joined !== undefined) {
    const a = parseAddress(stripScheme(joined));
    if (a.ok) return ok(a);
  }
  return { ok: false, error: words.length === 1 ? direct.error : 'no host:port found in that text; give an address like 192.168.1.20:55555' };
}

/** The options of `tcp-chat join` that take a value (`--nick bob`): the word after them is no address. */
const JOIN_VALUE_OPTIONS = new Set(['-n', '--nick', '-r', '--room', '--wait-for-host']);

/** The address in a `tcp-chat join ...` command line: its first word that is no option nor an option's value. */
function joinArgument(words: readonly string[]): string | undefined {
  const join = words.findIndex((w, i) => w === 'join' && /(?:^|\/)(?:tcp-chat|cli\.js)$/.test(words[i - 1] ?? ''));
  if (join < 0) return undefined;
  for (let i = join + 1; i < words.length; i++) {
    const w = words[i]!;
    if (!w.startsWith('-')) return w;
    if (JOIN_VALUE_OPTIONS.has(w)) i++;
  }
  return undefined;
}

function stripScheme(s: string): string {
  return trimTrailing(s.replace(/^tcp(?:-?chat)?:\/\//i, ''), '/');
}

/**
 * `s` without the characters of `chars` at its end. (Not a regex `[...]+$`: from every character of a long run that
 * something else ends, it scans the run again; a pasted line of 64,000 slashes took 10 s.)
 */
function trimTrailing(s: string, chars: string): string {
  let end = s.length;
  while (end > 0 && chars.includes(s[end - 1]!)) end--;
  return s.slice(0, end);
}

function ok(a: RoomAddress, key?: string): ParsedInvite {
  const r: ParsedInvite = { ok: true, host: a.host, port: a.port, address: formatAddress(a), invite: formatInvite({ host: a.host, port: a.port, ...(key ? { key } : {}) }) };
  if (key) r.key = key;
  return r;
}

/** The invite for a room at `address` (host:port), with its key when it is private. */
export function makeInvite(address: string, key: string | undefined): string {
  const a = parseAddress(address);
  return a.ok ? formatInvite({ host: a.host, port: a.port, ...(key ? { key } : {}) }) : address;
}

/** What to show of an invite or address: host:port, never the key (what cannot be parsed, as it is). */
export function shownAddress(invite: string): string {
  const p = parseInvite(invite);
  return p.ok ? p.address : invite;
}

/** The one line Copy Invite puts on the clipboard: readable by people, and by parseInvite. */
export function inviteText(invite: string): string {
  const p = parseInvite(invite);
  if (!p.ok) return invite;
  const nc = p.key ? '' : ` or: ${netcatCommand(p)}`;
  // (a room's address is its invite: said once, not `at 10.0.0.5:4000: 10.0.0.5:4000`)
  const what = p.key ? `my private TCP Chat room at ${p.address} (the invite holds its key)` : 'my TCP Chat room';
  // (a key on a command line is any user's of that machine to read: the terminal's join asks for the invite)
  const terminal = p.key ? 'tcp-chat join, then paste the invite' : `tcp-chat join ${p.invite}`;
  return `Join ${what}: ${p.invite} (VS Code: "TCP Chat: Join Chat"; terminal: ${terminal}${nc})`;
}

/**
 * Adapters that reach only this machine's containers and virtual machines (Docker's bridges, libvirt, VirtualBox,
 * VMware, WSL's and Hyper-V's vEthernet): a colleague on the network cannot join at their addresses, so they come
 * last (the first address is the invite's, and Docker's 172.17.0.1 could be it).
 */
const VIRTUAL_ADAPTER = /^(docker|br-|veth|virbr|vboxnet|vmnet|vEthernet|cni|flannel|podman|lxdbr|lxcbr)/i;

/**
 * The addresses others can use to reach a server bound to `bind`: the bind address itself, or, for a wildcard
 * bind, this machine's external IPv4 addresses, those of virtual adapters last (loopback when there is none).
 */
export function reachableAddresses(bind: string, port: number, interfaces: { name?: string; address: string; family: string | number; internal: boolean }[]): string[] {
  if (bind !== '0.0.0.0' && bind !== '::') return [formatAddress({ host: bind, port })];
  const external = interfaces.filter((i) => (i.family === 'IPv4' || i.family === 4) && !i.internal);
  // (a stable sort: the system's order otherwise)
  external.sort((a, b) => Number(VIRTUAL_ADAPTER.test(a.name ?? '')) - Number(VIRTUAL_ADAPTER.test(b.name ?? '')));
  const addresses = external.map((i) => formatAddress({ host: i.address, port }));
  return addresses.length > 0 ? [...new Set(addresses)] : [formatAddress({ host: '127.0.0.1', port })];
}

export interface RecentRoom {
  /** The invite: `host:port`, or `tcpchat://host:port/key` for a private room. */
  address: string;
  /** When it was last joined (ms since epoch). */
  lastUsed: number;
  /** The nickname used there last time, if any. */
  nick?: string;
  /** `nick` was chosen in that room (a rename there): joining it again from the list takes it, not the default. */
  chosen?: true;
}

/** Where VS Code's global state keeps the recent rooms. */
export const RECENT_KEY = 'tcpChat.recentRooms';

export const MAX_RECENT = 8;

/**
 * Where an invite's room is, one spelling for all: its host in lower case (an IPv6 address in its short form) and
 * port, without its key (a private room hosted again on the same address has a new one: the same room to its
 * members, whose recent list filled with copies of it, each with a dead key, and lost the nickname chosen there).
 */
export function roomOf(invite: string): string {
  const p = parseProtocolInvite(invite);
  if (!p.ok) return invite;
  let host = p.host.toLowerCase();
  if (host.includes(':')) {
    try {
      host = new URL(`http://[${host}]/`).hostname.slice(1, -1);
    } catch {
      // (as written)
    }
  }
  return `${host}:${p.port}`;
}

/** The recent list with `address` moved (or added) to the front, at most MAX_RECENT long: one entry a room (roomOf). */
export function addRecent(list: readonly RecentRoom[], entry: RecentRoom, max = MAX_RECENT): RecentRoom[] {
  const room = roomOf(entry.address);
  return [entry, ...list.filter((r) => roomOf(r.address) !== room)].slice(0, max);
}

/** The list with `nick` as the nickname chosen in the room of `invite` (a rename there); the same list when it has no such room. */
export function renamedIn(list: readonly RecentRoom[], invite: string, nick: string): RecentRoom[] {
  const room = roomOf(invite);
  return list.map((r) => (roomOf(r.address) === room ? { ...r, nick, chosen: true } : r));
}

/** The list with the room of `invite` joined by `newInvite` from now on (its owner made a new room key); the rest as they were. */
export function rekeyedIn(list: readonly RecentRoom[], invite: string, newInvite: string): RecentRoom[] {
  const room = roomOf(invite);
  return list.map((r) => (roomOf(r.address) === room ? { ...r, address: newInvite } : r));
}

/** The nickname chosen in the room of `invite` (whatever its key now) when it was last there (a rename), to join it with again. */
export function chosenNick(list: readonly RecentRoom[], invite: string): string | undefined {
  const room = roomOf(invite);
  const r = list.find((x) => roomOf(x.address) === room);
  return r?.chosen ? r.nick : undefined;
}

/** Validates the recent list read back from storage; drops anything malformed. */
export function parseRecent(value: unknown): RecentRoom[] {
  if (!Array.isArray(value)) return [];
  const out: RecentRoom[] = [];
  const rooms = new Set<string>();
  for (const v of value) {
    if (v === null || typeof v !== 'object') continue;
    const r = v as Record<string, unknown>;
    if (typeof r.address !== 'string' || !parseInvite(r.address).ok) continue;
    const entry: RecentRoom = { address: r.address, lastUsed: typeof r.lastUsed === 'number' ? r.lastUsed : 0 };
    // (a nickname the room said, which a hostile one may make anything: `$(lock) bob · private` drew a lock)
    if (typeof r.nick === 'string' && nickError(r.nick) === null) entry.nick = r.nick;
    if (r.chosen === true && typeof r.nick === 'string' && nickError(r.nick) === null) entry.chosen = true;
    const room = roomOf(entry.address);
    if (rooms.has(room)) continue;
    rooms.add(room);
    out.push(entry);
  }
  return out.slice(0, MAX_RECENT);
}

/**
 * What Join Chat's list of recent rooms says of one: when it was joined (the time it keeps: a room left a moment ago
 * after an hour in it read "1 hour ago", as if that were when it was last there), as whom, and whether it is private.
 */
export function recentDescription(r: RecentRoom, now: number): string {
  const p = parseInvite(r.address);
  return `joined ${ago(r.lastUsed, now)}${r.nick ? ` as ${noIcons(r.nick)}` : ''}${p.ok && p.key ? ' · private' : ''}`;
}

/** "3 minutes ago"-style text for the recent rooms quick pick. */
export function ago(then: number, now: number): string {
  const s = Math.max(0, Math.round((now - then) / 1000));
  if (s < 60) return 'just now';
  const m = Math.round(s / 60);
  if (m < 60) return `${m} minute${m === 1 ? '' : 's'} ago`;
  const h = Math.round(m / 60);
  if (h < 48) return `${h} hour${h === 1 ? '' : 's'} ago`;
  const d = Math.round(h / 24);
  return `${d} days ago`;
}
