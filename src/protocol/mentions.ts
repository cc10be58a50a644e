// Whether a chat line mentions a nickname: for the panel's highlighted rows, the extension's notifications while
// the panel is hidden, and the terminal's bold lines.

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

/** An opening code fence (Markdown's: at most three spaces in, three or more backticks or tildes). */
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/**
 * `text` with its fenced code blocks and inline code spans blanked out, as Markdown reads them: a block runs to a
 * fence of the same character at least as long (or to the end), and a span from a run of backticks to the next run
 * of the same length.
 */
export function withoutCode(text: string): string {
  let fence = '';
  const kept = text.split('\n').map((line) => {
    const m = FENCE.exec(line);
    if (fence) {
      if (m && m[1]![0] === fence[0] && m[1]!.length >= fence.length && line.slice(m[0].length).trim() === '') fence = '';
      return '';
    }
    if (m && !(m[1]![0] === '`' && line.slice(m[0].length).includes('`'))) {
      fence = m[1]!;
      return '';
    }
    return line;
  });
  return kept.join('\n').replace(/(?<!`)(`+)(?!`)([\s\S]*?[^`])\1(?!`)/g, ' ');
}
