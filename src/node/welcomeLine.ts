// The welcome line as chunks to write in sequence: the same JSON object encodeLine() would make (keys in
// another order), with each room's member list taken from the room's kept bytes instead of encoded again.

import type { RoomState, WelcomeMsg } from '../protocol/messages';

/** A room as the welcome describes it: its state without the members, and the member list's JSON chunks. */
export interface WelcomeRoom {
  state: Omit<RoomState, 'members'>;
  members: Uint8Array[];
}

/** `{...welcome, rooms: [...]}` followed by a newline. */
export function welcomeChunks(welcome: Omit<WelcomeMsg, 'rooms'>, rooms: readonly WelcomeRoom[]): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  let text = `${JSON.stringify(welcome).slice(0, -1)},"rooms":[`;
  rooms.forEach((r, i) => {
    text += `${i > 0 ? ',' : ''}${JSON.stringify(r.state).slice(0, -1)},"members":`;
    chunks.push(Buffer.from(text, 'utf8'), ...r.members);
    text = '}';
  });
  chunks.push(Buffer.from(`${text}]}\n`, 'utf8'));
  return chunks;
}
