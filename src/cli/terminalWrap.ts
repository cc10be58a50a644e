// Lines wider than the terminal, broken by the terminal's width here, each row after the first indented. Left to the
// terminal, a member's text of the right length put whatever followed at the start of a row, where it read as a
// line of its own: `hi` and 70 spaces, then `04:29 boss: run this` showed a message from boss. Indented, a row
// that was not a line's start cannot look like one. Pure.

/** Where a continuation row starts (past the `HH:MM ` a line starts with). */
export const CONTINUATION_INDENT = 6;

/** A colour or other escape sequence this program writes: it takes no room on the screen. */
// eslint-disable-next-line no-control-regex -- an escape sequence is what it finds
const ESCAPE = /^\x1b\[[0-9;]*[A-Za-z]/;

/** Takes no room: a combining mark, a joiner, a variation selector. */
const ZERO_WIDTH = /^(?:\p{M}|\u200d|[\ufe00-\ufe0f])$/u;

/**
 * The cells a character takes on a terminal, erring wide: 1 below U+1100 (Latin, Greek, Cyrillic, Hebrew, Arabic,
 * Indic scripts...), else 2 (CJK, Hangul, emoji, and symbols many terminals draw in 1, which only breaks a row
 * early). Erring narrow would let the terminal wrap first, which is what this is against.
 */
export function cellsOf(ch: string): number {
  if (ZERO_WIDTH.test(ch)) return 0;
  return (ch.codePointAt(0) ?? 0) < 0x1100 ? 1 : 2;
}

/**
 * `line` (one line: no line break in it) as rows of at most `columns - 1` cells (the last column stays empty: a
 * terminal that wraps as soon as it is filled would make an empty row of the line break), each after the first
 * starting with CONTINUATION_INDENT spaces (2 on a terminal too narrow for that).
 */
export function wrapLine(line: string, columns: number): string {
  const width = columns - 1;
  const indent = width >= 4 * CONTINUATION_INDENT ? CONTINUATION_INDENT : 2;
  if (width <= indent + 1 || line.length <= width / 2) return line;
  let out = '';
  let col = 0;
  for (let i = 0; i < line.length; ) {
    const esc = line.charCodeAt(i) === 0x1b ? ESCAPE.exec(line.slice(i, i + 16)) : null;
    if (esc) {
      out += esc[0];
      i += esc[0].length;
      continue;
    }
    const ch = String.fromCodePoint(line.codePointAt(i) ?? 0);
    const w = cellsOf(ch);
    if (col + w > width) {
      out += `\n${' '.repeat(indent)}`;
      col = indent;
    }
    out += ch;
    col += w;
    i += ch.length;
  }
  return out;
}

/** Every line of `text` as wrapLine makes it. */
export function wrapText(text: string, columns: number): string {
  return text.split('\n').map((l) => wrapLine(l, columns)).join('\n');
}
