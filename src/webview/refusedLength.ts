// What the composer keeps rather than sends: a line whose text the room would refuse as too long (by the limits its
// welcome said), said at once with the text still in the box to shorten. Sent, it was gone from the box by the time
// the room's refusal came back: a long /topic or /me was typed again from nothing.

import { isSlashCommand, parseSlash } from '../protocol/commands';
import { withCommas } from '../protocol/counts';
import { topicTooLong } from '../protocol/topicLength';

export interface TextLimits {
  /** The longest message text the room takes (UTF-16 units, as the client counts). */
  maxText: number;
  /** The longest topic (characters, as the server counts). */
  maxTopic: number;
}

/** "The message is 20,000 characters long; this room takes at most 16,384." */
export function textTooLong(what: string, text: string, maxText: number): string {
  return `${what} is ${withCommas(text.length)} characters long; this room takes at most ${withCommas(maxText)}.`;
}

/**
 * Why the room would refuse the composer's `line` for its length (a message, the text of a /me, /msg or /edit, the
 * topic of a /topic), or undefined: what else is wrong with a command is the client's to say, as ever.
 */
export function refusedLength(line: string, limits: TextLimits): string | undefined {
  if (!isSlashCommand(line)) {
    const text = line.startsWith('//') ? line.slice(1) : line; // (as the client sends it)
    return text.length > limits.maxText ? textTooLong('The message', text, limits.maxText) : undefined;
  }
  // (the room a command is for only decides whether it has one: any name parses its text the same)
  const p = parseSlash(line, 'room');
  if (!p.ok) return undefined;
  const c = p.command;
  if (c.cmd === 'action' || c.cmd === 'dm') return c.text.length > limits.maxText ? textTooLong('The text', c.text, limits.maxText) : undefined;
  if (c.cmd !== 'request') return undefined;
  if (c.msg.type === 'edit') return c.msg.text.length > limits.maxText ? textTooLong('The new text', c.msg.text, limits.maxText) : undefined;
  if (c.msg.type === 'topic' && c.msg.topic !== undefined) {
    const why = topicTooLong(c.msg.topic, limits.maxTopic);
    return why === undefined ? undefined : `${why[0]!.toUpperCase()}${why.slice(1)}.`;
  }
  return undefined;
}
