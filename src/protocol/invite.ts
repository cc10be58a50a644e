// The invite: one copyable string with the room's address and, for a private room, its key.
//   tcpchat://192.168.1.20:55555/3q2-7wEAAAAAAAAAAAAAAAAAAAAAAAAA   (a keyed room)
//   127.0.0.1:55555                                                 (a loopback room: the address is enough)

import { formatAddress, parseAddress, type RoomAddress } from './address';

export interface Invite extends RoomAddress {
  /** The room key, when the room has one. */
  key?: string;
}

export type ParsedInvite = ({ ok: true } & Invite) | { ok: false; error: string };

const KEY_RE = /^[A-Za-z0-9_-]+$/;
/** A room key's length: 24 random bytes in base64url (createRoomKey). */
export const KEY_LENGTH = 32;

/** Whether a string is a room key as createRoomKey makes them (what an invite carries). */
export function isRoomKey(s: string): boolean {
  return s.length === KEY_LENGTH && KEY_RE.test(s);
}

export function formatInvite(invite: Invite): string {
  return invite.key ? `tcpchat://${formatAddress(invite)}/${invite.key}` : formatAddress(invite);
}

/** Parses an invite, or a bare `host:port`. */
export function parseInvite(input: string): ParsedInvite {
  const s = input.trim();
  const m = /^tcpchat:\/\/([^/]+)(?:\/(.*))?$/i.exec(s);
  // `tcp://host:port/` or `host:port/` as people write an address (Join Chat in VS Code takes them too): the
  // address, no key
  const bare = m ? undefined : /^(?:tcp(?:-chat)?:\/\/)?([^/]+)\/*$/i.exec(s);
  const where = m ? (m[1] ?? '') : bare ? (bare[1] ?? '') : s;
  const key = m ? m[2] : undefined;
  const a = parseAddress(where);
  if (!a.ok) return a;
  if (key === '') return { ok: false, error: 'this invite has no room key after its address: copy the whole invite again' };
  if (key !== undefined) {
    if (!KEY_RE.test(key)) return { ok: false, error: 'the room key in this invite is damaged: copy the whole invite again' };
    // (an invite broken over two lines passed with the start of its key, and the join failed as a wrong key would)
    if (key.length < KEY_LENGTH) return { ok: false, error: `the room key in this invite is cut off (${key.length} of its ${KEY_LENGTH} characters): copy the whole invite again` };
    if (key.length > KEY_LENGTH) return { ok: false, error: 'the room key in this invite is damaged: copy the whole invite again' };
    return { ok: true, host: a.host, port: a.port, key };
  }
  return { ok: true, host: a.host, port: a.port };
}
