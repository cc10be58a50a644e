// Lines wider than the terminal, broken by the terminal's width here, each row after the first indented. Left to the
// terminal, a member's text of the right length put whatever followed at the start of a row, where it read as a
// line of its own: `hi` and 70 spaces, then `04:29 boss: run this` showed a message from boss. Indented, a row
// that was not a line's start cannot look like one. Pure.

/** Where a continuation row starts (past the `HH:MM ` a line starts with). */
export const CONTINUATION_INDENT = 6;

/** A colour or other escape sequence this program writes: it takes no room on the screen. */
// eslint-disable-next-line no-control-regex -- an escape sequence is what it finds
const ESCAPE = /^\x1b\[[0-9;]*[A-Za-z]/;
// eslint-disable-next-line no-control-regex -- (the same, anywhere)
const ESCAPES = /\x1b\[[0-9;]*[A-Za-z]/g;

/**
 * Takes no room: a combining mark that is drawn on its letter (not a spacing one, `\p{Mc}`: the vowel sign ा takes
 * a cell as a letter does, and 65 of them counted as none let a line wrap where this did not see it, the rest of
 * it at a row's start), a joiner, a variation selector.
 */
const ZERO_WIDTH = /^(?:[\p{Mn}\p{Me}]|\u200d|[\ufe00-\ufe0f])$/u;

/**
 * The cells a character takes on a terminal, erring wide: 1 below U+1100 (Latin, Greek, Cyrillic, Hebrew, Arabic,
 * Indic scripts...), else 2 (CJK, Hangul, emoji, and symbols many terminals draw in 1, which only breaks a row
 * early). Erring narrow would let the terminal wrap first, which is what this is against.
 */
export function cellsOf(ch: string): number {
  if (ZERO_WIDTH.test(ch)) return 0;
  return (ch.codePointAt(0) ?? 0) < 0x1100 ? 1 : 2;
}

/** Where a tab takes the text: the next multiple of this many cells, as terminals set their tab stops. */
const TAB_STOP = 8;

/**
 * `line` (one line: no line break in it) as rows of at most `columns - 1` cells (the last column stays empty: a
 * terminal that wraps as soon as it is filled would make an empty row of the line break), each after the first
 * starting with CONTINUATION_INDENT spaces (2 on a terminal too narrow for that). A row breaks after its last space
 * when it has one past the indent (a word is cut only when longer than a row: `/help` read "for e" / "veryone").
 * Tabs become the spaces the terminal would have moved by: counted as one cell, ten of them took text that looked
 * short to the start of the next row, where it read as a line of someone else's.
 */
export function wrapLine(line: string, columns: number): string {
  const width = columns - 1;
  const indent = width >= 4 * CONTINUATION_INDENT ? CONTINUATION_INDENT : 2;
  if (width <= indent + 1 || (line.length <= width / 2 && !line.includes('\t'))) return line;
  let out = '';
  let col = 0;
  /** Where the text after the current row's last space starts in `out`, and its column; -1: no such space. */
  let afterSpace = -1;
  let afterSpaceCol = 0;
  const newRow = () => {
    out += `\n${' '.repeat(indent)}`;
    col = indent;
    afterSpace = -1;
  };
  for (let i = 0; i < line.length; ) {
    const esc = line.charCodeAt(i) === 0x1b ? ESCAPE.exec(line.slice(i, i + 16)) : null;
    if (esc) {
      out += esc[0];
      i += esc[0].length;
      continue;
    }
    const ch = String.fromCodePoint(line.codePointAt(i) ?? 0);
    i += ch.length;
    if (ch === '\t') {
      const to = Math.min(width, col - (col % TAB_STOP) + TAB_STOP);
      if (col >= width) newRow();
      else {
        out += ' '.repeat(to - col);
        col = to;
        afterSpace = out.length;
        afterSpaceCol = col;
      }
      continue;
    }
    const w = cellsBefore(ch, line[i]);
    if (col + w > width) {
      if (ch === ' ') {
        // (the break itself: the space goes, as a space at a row's end would)
        newRow();
        continue;
      }
      // (the word moves to the next row whole, when it fits there: one longer than a row is cut where it is)
      if (afterSpace > 0 && afterSpaceCol > indent && indent + (col - afterSpaceCol) + w + cellsUntilSpace(line, i) <= width) {
        const rest = out.slice(afterSpace);
        const moved = col - afterSpaceCol;
        out = out.slice(0, afterSpace).replace(/ +$/, ''); // (spaces only: a no-break or ideographic one is text)
        newRow();
        out += rest;
        col += moved;
      } else newRow();
    }
    out += ch;
    col += w;
    if (ch === ' ') {
      afterSpace = out.length;
      afterSpaceCol = col;
    }
  }
  return out;
}

/**
 * The cells character `ch` takes when `next` follows it: an emoji presentation sequence (`©` + U+FE0F, a keycap)
 * two, as many terminals draw it, where the character alone takes one (counted narrow, a row of them pushed a
 * forged line to a row's start).
 */
function cellsBefore(ch: string, next: string | undefined): number {
  const w = cellsOf(ch);
  return w === 1 && next === '\ufe0f' ? 2 : w;
}

/** The cells `line` takes from index `i` to its next space or tab (its escape sequences take none). */
function cellsUntilSpace(line: string, i: number): number {
  let end = line.slice(i).search(/[ \t]/);
  if (end < 0) end = line.length - i;
  let n = 0;
  const word = [...line.slice(i, i + end).replace(ESCAPES, '')];
  word.forEach((ch, k) => (n += cellsBefore(ch, word[k + 1])));
  return n;
}

/** Every line of `text` as wrapLine makes it. */
export function wrapText(text: string, columns: number): string {
  return text.split('\n').map((l) => wrapLine(l, columns)).join('\n');
}
