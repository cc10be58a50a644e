// What follows `/query` (IRC's conversation with one person): the terminal's `/query <nick>` (src/cli/queryCommand.ts)
// and the panel's, which opens that person's direct tab, read it alike.

import { NICK_FIELD_MAX } from './limits';
import { nickError, nickKey } from './names';

/** What `/query` was given: a conversation to go to (and a first line for it), back to the room, or why not. */
export type QueryAsked = { nick: string; text?: string } | { back: true } | { error: string };

/** Reads what follows `/query`. */
export function parseQuery(args: string): QueryAsked {
  const [first = ''] = args.trim().split(/\s+/);
  if (first === '') return { back: true };
  const nick = first.replace(/^@/, '').normalize('NFC');
  // (the room's own limit is its to judge: a name it does not have gets its "nobody called")
  const bad = nickError(nick, NICK_FIELD_MAX);
  if (bad !== null) return { error: `"${nick}": ${bad}` };
  const text = args.trim().slice(first.length).trim();
  return text === '' ? { nick } : { nick, text };
}

/**
 * What `/query nick` says at once of a name in none of `rooms` (each its members: a name mistyped, someone gone), or
 * undefined for a member of one. A word, not a refusal: the person may be in a room of the server's this client is
 * not in, where the server takes direct messages to them.
 */
export function notInYourRooms(nick: string, rooms: Iterable<readonly { nick: string }[]>): string | undefined {
  const key = nickKey(nick);
  for (const members of rooms) if (members.some((m) => nickKey(m.nick) === key)) return undefined;
  return `${nick} is in none of your rooms: the server refuses what you send unless they are in another`;
}
