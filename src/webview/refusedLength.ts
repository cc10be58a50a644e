// What of a composer line the room measures, against which of its limits (the count under the box), and what the
// composer keeps rather than sends: a line the room would refuse as too long (by the limits its welcome said), said
// at once with the text still in the box to shorten. Sent, it was gone from the box by the time the room's refusal
// came back: a long /topic or /me was typed again from nothing.

import { isSlashCommand, parseSlash, sizedPart } from '../protocol/commands';
import { withCommas } from '../protocol/counts';
import { topicLength, topicTooLong } from '../protocol/topicLength';

export interface TextLimits {
  /** The longest message text the room takes (UTF-16 units, as the client counts). */
  maxText: number;
  /** The longest topic (characters, as the server counts). */
  maxTopic: number;
}

/** How long what the room measures of a line is, and the most it takes of it. */
export interface Measured {
  length: number;
  max: number;
  of: 'text' | 'topic';
}

/** "The message is 20,000 characters long; this room takes at most 16,384." */
export function textTooLong(what: string, text: string, maxText: number): string {
  return `${what} is ${withCommas(text.length)} characters long; this room takes at most ${withCommas(maxText)}.`;
}

type Judged = { of: 'text'; what: string; text: string } | { of: 'topic'; topic: string } | undefined;

/** What of `line` the room judges by its length: a message, the text of a /me, /msg or /edit, a /topic's topic. */
function judged(line: string): Judged {
  if (!isSlashCommand(line)) return { of: 'text', what: 'The message', text: line.startsWith('//') ? line.slice(1) : line }; // (as the client sends it)
  // (the room a command is for only decides whether it has one: any name parses its text the same)
  const p = parseSlash(line, 'room');
  const sized = p.ok ? sizedPart(p.command) : undefined;
  if (sized?.of !== 'text') return sized;
  const edit = p.ok && p.command.cmd === 'request';
  return { ...sized, what: edit ? 'The new text' : 'The text' };
}

/**
 * What the room measures of the composer's `line` and its limit (`asText`: the line is a message's new text, as in
 * an edit, never a command); undefined for a line it measures nothing of (any other command).
 */
export function measuredLength(line: string, limits: TextLimits, asText = false): Measured | undefined {
  const j = asText ? { of: 'text' as const, what: '', text: line } : judged(line);
  if (j === undefined) return undefined;
  return j.of === 'text' ? { length: j.text.length, max: limits.maxText, of: 'text' } : { length: topicLength(j.topic), max: limits.maxTopic, of: 'topic' };
}

/**
 * Why the room would refuse the composer's `line` for its length, or undefined: what else is wrong with a command is
 * the client's to say, as ever.
 */
export function refusedLength(line: string, limits: TextLimits): string | undefined {
  const j = judged(line);
  if (j === undefined) return undefined;
  if (j.of === 'text') return j.text.length > limits.maxText ? textTooLong(j.what, j.text, limits.maxText) : undefined;
  const why = topicTooLong(j.topic, limits.maxTopic);
  return why === undefined ? undefined : `${why[0]!.toUpperCase()}${why.slice(1)}.`;
}
