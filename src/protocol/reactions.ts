// Reactions: the few emoji a message can be answered with, without a message. A fixed set: a reaction is a
// vote, not text, so nothing else (no text, no invisible characters) can be put under someone's message.

import type { MessageReaction } from './messages';

export const REACTIONS = ['👍', '👀', '🎉', '✅', '❤️', '😄'] as const;
export type Reaction = (typeof REACTIONS)[number];

export function isReaction(s: string): s is Reaction {
  return (REACTIONS as readonly string[]).includes(s);
}

/** The most names kept under one emoji of one message. */
export const MAX_REACTORS = 100;

/**
 * The reactions with `from`'s under the name `to` (a new nickname), under the emoji `moves` takes (all by default):
 * null when `from` has none there.
 */
export function renamedReactions(reactions: readonly MessageReaction[] | undefined, from: string, to: string, moves: (emoji: string) => boolean = () => true): MessageReaction[] | null {
  const moving = (r: MessageReaction) => r.by.includes(from) && moves(r.emoji);
  if (!reactions?.some(moving)) return null;
  return reactions.map((r) => ({ emoji: r.emoji, by: moving(r) ? [...new Set(r.by.map((n) => (n === from ? to : n)))] : [...r.by] }));
}

/**
 * The reactions after `nick` put `emoji` under a message (`on`) or took it away: a new list (the old one may be
 * held elsewhere); an emoji nobody has left goes; `nick`'s other emoji stay. The server applies it; the
 * `react` event carries the result.
 */
export function withReaction(reactions: readonly MessageReaction[] | undefined, emoji: string, nick: string, on: boolean): MessageReaction[] {
  const out = (reactions ?? []).map((r) => ({ emoji: r.emoji, by: r.emoji === emoji ? r.by.filter((n) => n !== nick) : [...r.by] }));
  const r = out.find((x) => x.emoji === emoji);
  if (on) {
    if (r) r.by.push(nick);
    else out.push({ emoji, by: [nick] });
  }
  return out.filter((x) => x.by.length > 0);
}
