// What follows `/query` (IRC's conversation with one person): the terminal's `/query <nick>` (src/cli/queryCommand.ts)
// and the panel's, which opens that person's direct tab, read it alike.

import { NICK_FIELD_MAX } from './limits';
import { nickError } from './names';

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
