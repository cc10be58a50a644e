// The terminal's `/query <nick>`, as IRC's: a conversation with one person, where what you type goes to them alone
// (the prompt says `@nick > `) until `/query` alone, or a `/join`, takes you back to the room. `/msg` sends one line.

import type { CommandInfo } from '../protocol/commands';
import { NICK_FIELD_MAX } from '../protocol/limits';
import { nickError } from '../protocol/names';

export const QUERY_COMMAND: CommandInfo = {
  name: 'query',
  usage: '/query [nick] [text]',
  help: 'Talk to <nick> directly: what you type goes to them alone (and <text> at once) until /query alone, or a /join, takes you back to the room.',
};

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
