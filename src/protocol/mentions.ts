// Whether a chat line mentions a nickname: for the panel's highlighted rows, the extension's notifications while
// the panel is hidden, and the terminal's bold lines.

import { markdownLines } from './markdownLines';

/**
 * True when `text` names `nick` as a word (`@nick`, `nick:`, `hey nick!`), case-insensitively, outside code and not
 * in an address or a path. A word is made of letters and digits of any script, `_` and `-`: `bob` is not mentioned
 * by `bob-2` or `bob_2`, and
 * `José`, `[bob]` and `日本` are (a `\b` of ASCII word characters missed them). A nickname inside a code span or a
 * code block (`` `bob.run()` ``, a pasted log, fenced or indented, in a quote or a list item too) is code, not a call for that person.
 */
export function mentions(text: string, nick: string): boolean {
  if (!nick) return false;
  const esc = nick.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // `@bob` is a call wherever it stands but in an address (`ops@bob.dev`: after a letter or digit). A bare `bob` is not
  // one in an address (`bob@example.com`), a path (`/home/bob/notes.txt`, `C:\Users\bob`) or a file's name (`bob.ts`),
  // which pairing pastes all day; the end of a sentence (`thanks bob.`) is one
  const at = `(?:^|[^\\p{L}\\p{N}_])@${esc}(?![\\p{L}\\p{N}_-])`;
  const bare = `(?:^|[^\\p{L}\\p{N}_@/\\\\-])${esc}(?![\\p{L}\\p{N}_@-]|\\.[\\p{L}\\p{N}_])`;
  return new RegExp(`${at}|${bare}`, 'iu').test(withoutCode(text));
}

/**
 * `text`'s prose: its lines but those of code blocks (fenced or indented, at the top or in a quote or list item), and
 * in each paragraph its inline code spans blanked out, as Markdown reads them: a span runs from a run of backticks
 * to the next run of the same length, within its paragraph, and never starts at an escaped backtick (`` \` ``).
 */
function withoutCode(text: string): string {
  const paragraphs: string[][] = [];
  let last = -1;
  for (const line of markdownLines(text.split('\n')).lines) {
    if (line.code || line.text.trim() === '') continue;
    if (line.block === last) paragraphs.at(-1)!.push(line.text);
    else paragraphs.push([line.text]);
    last = line.block;
  }
  return paragraphs.map((p) => p.join('\n').replace(/(?<![`\\])(`+)(?!`)([\s\S]*?[^`])\1(?!`)/g, ' ')).join('\n');
}
