// The message a terminal's `/react` or `/reply` answers: in a room, its last message by someone else (or by a
// nickname); in a `/query`, the conversation's last message from the other side (or yours, by your nickname).

import { messagesNewestFirst } from '../protocol/authorsNow';
import type { DmEvent, MessageEvent, RoomEvent } from '../protocol/messages';
import { nickKey } from '../protocol/names';

/**
 * The message answered among a room's kept events (oldest first): the last one not deleted by someone other than
 * `me`, or with `nick`, the last one shown as from `nick` or by whoever goes by `nick` now (nicknames compared as
 * for uniqueness, as /delete's are); or why none, in words (`room`: the room, as its prompt names it; `doing`: what
 * the message is for, as the error says it: `react to`, `reply to`).
 */
export function answeredMessage(events: readonly RoomEvent[], me: string, room: string, doing: string, nick?: string): MessageEvent | { error: string } {
  const key = nick === undefined ? undefined : nickKey(nick);
  for (const { message, authorNow } of messagesNewestFirst(events)) {
    if (message.deleted) continue;
    if (key === undefined ? authorNow !== me : nickKey(message.from) === key || (authorNow !== '' && nickKey(authorNow) === key)) return message;
  }
  return { error: key === undefined ? `no message by someone else in #${room} to ${doing}` : `no message by ${nick} in #${room} to ${doing} (of those this terminal has)` };
}

/** What answeredDm reads of a client's direct messages: who each is with now, and whether it is yours. */
export interface DmReader {
  partnerOf(d: DmEvent): string;
  isOwnDm(d: DmEvent): boolean;
}

/**
 * The direct message answered in the conversation with `partner` (its name now) among `dms` (oldest first): their
 * last one, or with `nick`, the last one by `nick`: the partner, or you (`me`: the name you go by now) for your own;
 * or why none, in words.
 */
export function answeredDm(dms: readonly DmEvent[], reader: DmReader, me: string, partner: string, doing: string, nick?: string): DmEvent | { error: string } {
  const partnerKey = nickKey(partner);
  const key = nick === undefined ? partnerKey : nickKey(nick);
  if (key !== partnerKey && key !== nickKey(me)) return { error: `${nick} is not in your conversation with ${partner}: /reply @${partner} (or none) answers their last message` };
  const yours = key !== partnerKey || partnerKey === nickKey(me); // (a conversation with yourself: every message is yours)
  for (let i = dms.length - 1; i >= 0; i--) {
    const d = dms[i]!;
    if (nickKey(reader.partnerOf(d)) === partnerKey && reader.isOwnDm(d) === yours) return d;
  }
  return { error: `no message ${yours ? 'of yours' : `from ${partner}`} in your conversation with ${partner} to ${doing} (of those this terminal has)` };
}
