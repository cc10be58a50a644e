// `/reply [@nick] <text>` in `tcp-chat join` (and the host's own seat): a message that answers the room's last message
// by someone else (or by nick) as the panel's Reply starts one: that message's first lines quoted (shared code by its
// file and lines), then an @mention of its author, then the text; in a `/query`, the other side's last direct
// message, quoted without a mention (answeredMessage.ts finds it). A terminal types one line: the quote, over
// several, is what it could not type.

import type { CommandInfo } from '../protocol/commands';
import type { DmEvent, MessageEvent } from '../protocol/messages';
import { codeRefLine, quoteOf } from '../protocol/replyQuote';

export const REPLY_COMMAND: CommandInfo = {
  name: 'reply',
  usage: '/reply [@nick] <text>',
  help: "Send <text> as a reply to the last message in this room by someone else (or by @nick): it quotes that message's first lines and mentions its author, as Reply in VS Code does. In a /query, to the other side's last message (@yourself: yours).",
};

/** What `/reply` was given (`args`: what follows it): whose message (a nickname after `@`), and the text. */
export function parseReply(args: string): { nick?: string; text: string } | { error: string } {
  const m = /^\s*(?:@(\S+)(?:\s+|$))?(.*)$/s.exec(args);
  const text = m?.[2]?.trim() ?? '';
  if (text === '') return { error: `usage: ${REPLY_COMMAND.usage}` };
  return m?.[1] ? { nick: m[1], text } : { text };
}

/**
 * The reply to `target` (its author called `author` now; '' when gone from the room) that says `text`, as the panel's
 * Reply starts it: the text quoted, a code card by its file and lines, an action not at all (only the mention); the
 * author mentioned unless it is you.
 */
export function replyText(target: MessageEvent | DmEvent, author: string, me: string, text: string): string {
  const mention = author !== '' && author !== me ? author : undefined;
  if (target.kind === 'text') return quoteOf(target.text, mention) + text;
  if (target.kind === 'code' && target.code) return quoteOf(codeRefLine(target.code), mention) + text;
  return `${mention !== undefined ? `@${mention} ` : ''}${text}`;
}
