// `/react <emoji> [nick]` in `tcp-chat join` (and the host's own seat): a reaction, as the panel puts one under a
// message, on the last message of the room by someone else (or by `nick`); the same again takes it off (the server
// toggles it). What it takes: one of the six REACTIONS, or a name of one (the message it answers: answeredMessage.ts).

import type { CommandInfo } from '../protocol/commands';
import { isReaction, REACTIONS, type Reaction } from '../protocol/reactions';
import { terminalMarkdown } from './laterBundle';

/** A name of each reaction, as Tab completes it and the errors list them. */
export const REACTION_NAMES: Readonly<Record<Reaction, string>> = { '👍': ':+1:', '👀': ':eyes:', '🎉': ':tada:', '✅': ':white_check_mark:', '❤️': ':heart:', '😄': ':smile:' };

const CHOICES = REACTIONS.map((r) => `${r} ${REACTION_NAMES[r]}`).join('  ');

export const REACT_COMMAND: CommandInfo = {
  name: 'react',
  usage: '/react <emoji> [nick]',
  help: `Put a reaction under the last message in this room by someone else (or by <nick>); the same again takes it off. <emoji>: ${REACTIONS.join(' ')}, or its name (${REACTIONS.map((r) => REACTION_NAMES[r]).join(' ')}).`,
};

/** The reaction `word` names: one of REACTIONS itself (❤ without its variation selector too), or a name of one (`:+1:`, `thumbsup`). */
export function reactionOf(word: string): Reaction | undefined {
  if (isReaction(word)) return word;
  if (isReaction(`${word}\ufe0f`)) return `${word}\ufe0f` as Reaction;
  const name = /^:?([\w+-]+):?$/.exec(word)?.[1]?.toLowerCase();
  const names = terminalMarkdown().emojiNames;
  const emoji = name !== undefined && Object.hasOwn(names, name) ? names[name] : undefined;
  return emoji !== undefined && isReaction(emoji) ? emoji : undefined;
}

/** What `/react` was given (`args`: what follows it): the reaction, and whose message (a nickname, `@` or not). */
export function parseReact(args: string): { emoji: Reaction; nick?: string } | { error: string } {
  const words = args.trim().split(/\s+/).filter((w) => w !== '');
  const [word, nick] = words;
  if (word === undefined || words.length > 2) return { error: `usage: ${REACT_COMMAND.usage} (emoji: ${CHOICES})` };
  const emoji = reactionOf(word);
  if (emoji === undefined) return { error: `${word} is no reaction: react with one of ${CHOICES}` };
  const who = nick?.replace(/^@/, '');
  return who ? { emoji, nick: who } : { emoji };
}
