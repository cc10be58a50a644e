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
  return lines.map((line, i) => (inside[i] ? '' : line)).join('\n').replace(/(?<!`)(`+)(?!`)([\s\S]*?[^`])\1(?!`)/g, ' ');
}
