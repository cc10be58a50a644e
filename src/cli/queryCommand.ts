// The terminal's `/query <nick>`, as IRC's: a conversation with one person, where what you type goes to them alone
// (the prompt says `@nick > `) until `/query` alone, or a `/join`, takes you back to the room. `/msg` sends one line.
// What follows it is read by src/protocol/queryArgs.ts.

import type { CommandInfo } from '../protocol/commands';

export const QUERY_COMMAND: CommandInfo = {
  name: 'query',
  usage: '/query [nick] [text]',
  help: 'Talk to <nick> directly: what you type goes to them alone (and <text> at once) until /query alone, or a /join, takes you back to the room.',
};
