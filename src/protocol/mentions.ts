// Whether a chat line mentions a nickname: for the panel's highlighted rows, the extension's notifications while
// the panel is hidden, and the terminal's bold lines.

import { fencedLines } from './fencedLines';

/**
 * True when `text` names `nick` as a word (`@nick`, `nick:`, `hey nick!`), case-insensitively, outside code. A word
 * is made of letters and digits of any script, `_` and `-`: `bob` is not mentioned by `bob-2` or `bob_2`, and
 * `José`, `[bob]` and `日本` are (a `\b` of ASCII word characters missed them). A nickname inside a code span or a
 * fenced block (`` `bob.run()` ``, a pasted log) is code, not a call for that person.
 */
export function mentions(text: string, nick: string): boolean {
  if (!nick) return false;
  const esc = nick.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^\\p{L}\\p{N}_-])@?${esc}(?![\\p{L}\\p{N}_-])`, 'iu').test(withoutCode(text));
}

/**
 * `text` with its fenced code blocks and inline code spans blanked out, as Markdown reads them: a span runs from a
 * run of backticks to the next run of the same length.
 */
function withoutCode(text: string): string {
  const lines = text.split('\n');
  const { inside } = fencedLines(lines);
  // a span stays in its block (it never runs past a blank line or a list item's start), and never
  // starts at an escaped backtick (`` \` `` is a backtick)
  const blocks: string[][] = [];
  lines.forEach((line, i) => {
    const text = inside[i] ? '' : line;
    if (blocks.length === 0 || text.trim() === '' || BLOCK_START.test(text)) blocks.push([text]);
    else blocks.at(-1)!.push(text);
  });
  return blocks.map((b) => b.join('\n').replace(/(?<![`\\])(`+)(?!`)([\s\S]*?[^`])\1(?!`)/g, ' ')).join('\n');
}

/** A line that starts a block of its own: a list item (a quote's lines are one paragraph, as Markdown reads them). */
const BLOCK_START = /^ {0,3}(?:[-+*]|\d{1,9}[.)])(?:\s|$)/;

