// Lines wider than the terminal, broken by the terminal's width here, each row after the first indented. Left to the
// terminal, a member's text of the right length put whatever followed at the start of a row, where it read as a
// line of its own: `hi` and 70 spaces, then `04:29 boss: run this` showed a message from boss. Indented, a row
// that was not a line's start cannot look like one. Pure.

/** Where a continuation row starts (past the `HH:MM ` a line starts with). */
export const CONTINUATION_INDENT = 6;

/** A colour or other escape sequence this program writes: it takes no room on the screen. */
// eslint-disable-next-line no-control-regex -- an escape sequence is what it finds
const ESCAPE = /^\x1b\[[0-9;]*[A-Za-z]/;

/**
 * Takes no room: a combining mark that is drawn on its letter (not a spacing one, `\p{Mc}`: the vowel sign ा takes
 * a cell as a letter does, and 65 of them counted as none let a line wrap where this did not see it, the rest of
 * it at a row's start), a joiner, a variation selector.
 */
const ZERO_WIDTH = /^(?:[\p{Mn}\p{Me}]|\u200d|[\ufe00-\ufe0f])$/u;

/**
 * East Asian Wide (W) and Fullwidth (F) characters, from Unicode's EastAsianWidth.txt (16.0), as [first, last] pairs
 * in order: the characters a terminal draws in two cells. Everything else takes one, the East Asian *ambiguous*
 * ones too (`—`, `“”`, `…`, arrows, box drawing, Greek, Cyrillic), as terminals draw them by default: counted two,
 * a row of them broke at half the terminal's width. (A terminal set to draw the ambiguous ones wide, an option some
 * have for Chinese, Japanese and Korean, wraps a row of them itself, as it did Greek or `×` counted one before.)
 */
const WIDE = [
  0x1100, 0x115f, 0x231a, 0x231b, 0x2329, 0x232a, 0x23e9, 0x23ec, 0x23f0, 0x23f0, 0x23f3, 0x23f3, 0x25fd, 0x25fe,
  0x2614, 0x2615, 0x2630, 0x2637, 0x2648, 0x2653, 0x267f, 0x267f, 0x268a, 0x268f, 0x2693, 0x2693, 0x26a1, 0x26a1,
  0x26aa, 0x26ab, 0x26bd, 0x26be, 0x26c4, 0x26c5, 0x26ce, 0x26ce, 0x26d4, 0x26d4, 0x26ea, 0x26ea, 0x26f2, 0x26f3,
  0x26f5, 0x26f5, 0x26fa, 0x26fa, 0x26fd, 0x26fd, 0x2705, 0x2705, 0x270a, 0x270b, 0x2728, 0x2728, 0x274c, 0x274c,
  0x274e, 0x274e, 0x2753, 0x2755, 0x2757, 0x2757, 0x2795, 0x2797, 0x27b0, 0x27b0, 0x27bf, 0x27bf, 0x2b1b, 0x2b1c,
  0x2b50, 0x2b50, 0x2b55, 0x2b55,
  // CJK radicals, ideographic description, CJK symbols and punctuation (U+3000 the ideographic space), kana,
  // Bopomofo, Hangul compatibility jamo, kanbun, strokes, enclosed CJK, CJK compatibility, ideographs, Yi
  0x2e80, 0x2e99, 0x2e9b, 0x2ef3, 0x2f00, 0x2fd5, 0x2ff0, 0x303e, 0x3041, 0x3096, 0x3099, 0x30ff, 0x3105, 0x312f,
  0x3131, 0x318e, 0x3190, 0x31e5, 0x31ef, 0x321e, 0x3220, 0x3247, 0x3250, 0xa48c, 0xa490, 0xa4c6,
  // Hangul jamo extended-A, Hangul syllables, CJK compatibility ideographs, vertical and small forms, fullwidth forms
  0xa960, 0xa97c, 0xac00, 0xd7a3, 0xf900, 0xfaff, 0xfe10, 0xfe19, 0xfe30, 0xfe52, 0xfe54, 0xfe66, 0xfe68, 0xfe6b,
  0xff01, 0xff60, 0xffe0, 0xffe6,
  // Tangut, Khitan, Nushu, kana supplements, Tai Xuan Jing, counting rods
  0x16fe0, 0x16fe4, 0x16ff0, 0x16ff1, 0x17000, 0x187f7, 0x18800, 0x18cd5, 0x18cff, 0x18d08, 0x1aff0, 0x1aff3,
  0x1aff5, 0x1affb, 0x1affd, 0x1affe, 0x1b000, 0x1b122, 0x1b132, 0x1b132, 0x1b150, 0x1b152, 0x1b155, 0x1b155,
  0x1b164, 0x1b167, 0x1b170, 0x1b2fb, 0x1d300, 0x1d356, 0x1d360, 0x1d376,
  // emoji of emoji presentation, enclosed ideographic supplement
  0x1f004, 0x1f004, 0x1f0cf, 0x1f0cf, 0x1f18e, 0x1f18e, 0x1f191, 0x1f19a, 0x1f200, 0x1f202, 0x1f210, 0x1f23b,
  0x1f240, 0x1f248, 0x1f250, 0x1f251, 0x1f260, 0x1f265, 0x1f300, 0x1f320, 0x1f32d, 0x1f335, 0x1f337, 0x1f37c,
  0x1f37e, 0x1f393, 0x1f3a0, 0x1f3ca, 0x1f3cf, 0x1f3d3, 0x1f3e0, 0x1f3f0, 0x1f3f4, 0x1f3f4, 0x1f3f8, 0x1f43e,
  0x1f440, 0x1f440, 0x1f442, 0x1f4fc, 0x1f4ff, 0x1f53d, 0x1f54b, 0x1f54e, 0x1f550, 0x1f567, 0x1f57a, 0x1f57a,
  0x1f595, 0x1f596, 0x1f5a4, 0x1f5a4, 0x1f5fb, 0x1f64f, 0x1f680, 0x1f6c5, 0x1f6cc, 0x1f6cc, 0x1f6d0, 0x1f6d2,
  0x1f6d5, 0x1f6d7, 0x1f6dc, 0x1f6df, 0x1f6eb, 0x1f6ec, 0x1f6f4, 0x1f6fc, 0x1f7e0, 0x1f7eb, 0x1f7f0, 0x1f7f0,
  0x1f90c, 0x1f93a, 0x1f93c, 0x1f945, 0x1f947, 0x1f9ff, 0x1fa70, 0x1fa7c, 0x1fa80, 0x1fa89, 0x1fa8f, 0x1fac6,
  0x1face, 0x1fadc, 0x1fadf, 0x1fae9, 0x1faf0, 0x1faf8,
  // CJK ideographs extensions B and on (planes 2 and 3)
  0x20000, 0x2fffd, 0x30000, 0x3fffd,
];

/**
 * Pictographs of the emoji blocks past U+1F000 that are not W (`🌡` U+1F321, `🕶`, their text presentation is the
 * default) and regional indicators (a flag's halves): two cells, as before, erring wide where terminals disagree
 * (erring narrow would let the terminal wrap first, which is what this is against).
 */
const EMOJI_KEPT_WIDE = /^(?:\p{Extended_Pictographic}|\p{Regional_Indicator})$/u;

/** Whether `cp` is in one of the [first, last] pairs of `ranges`. */
function inRanges(ranges: readonly number[], cp: number): boolean {
  let lo = 0;
  let hi = ranges.length / 2 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (cp < ranges[2 * mid]) hi = mid - 1;
    else if (cp > ranges[2 * mid + 1]) lo = mid + 1;
    else return true;
  }
  return false;
}

/**
 * The cells a character takes on a terminal: 0 for a mark drawn on its letter, a joiner, a variation selector; 2 for
 * an East Asian wide or fullwidth one (CJK, kana, Hangul, fullwidth forms, emoji; WIDE) and the emoji kept wide;
 * else 1. (An emoji presentation sequence, `©` + U+FE0F, is counted as the sequence: cellsBefore.)
 */
export function cellsOf(ch: string): number {
  if (ZERO_WIDTH.test(ch)) return 0;
  const cp = ch.codePointAt(0) ?? 0;
  if (cp < 0x1100) return 1;
  if (inRanges(WIDE, cp)) return 2;
  return cp >= 0x1f000 && cp <= 0x1faff && EMOJI_KEPT_WIDE.test(ch) ? 2 : 1;
}

/**
 * Chinese and Japanese, written without spaces (Han, kana, Bopomofo, their punctuation, fullwidth and halfwidth forms):
 * a row may break before or after any of these characters. Korean is written with spaces, and breaks at them.
 */
const NO_SPACES = /^[\u2e80-\u2fff\u3000-\u312f\u3190-\u33ff\u3400-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff9f\uffe0-\uffe6\u{1b000}-\u{1b16f}\u{20000}-\u{3ffff}]$/u;
/**
 * What no row starts with (the common kinsoku rules): closing brackets and quotes, punctuation, iteration and
 * prolonged sound marks, small kana, and the Latin closing marks next to them (`漢字.`).
 */
const NO_ROW_START = ')]}.,:;!?%\'"’”‼⁇⁈⁉…‥、。〉》」』】〕〗〙〟〜〻゛゜ゝゞ々ぁぃぅぇぉっゃゅょゎゕゖ゠ァィゥェォッャュョヮヵヶ・ーヽヾㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ！％），．：；？］｝～｠｡｣､･ｧｨｩｪｫｬｭｮｯｰﾞﾟ￠';
/** What no row ends with: opening brackets and quotes, and the signs written before a number (`￥100`). */
const NO_ROW_END = '([{\'"‘“$£¥〈《「『【〔〖〘〝（［｛｟｢＄￡￥';

/** Whether a row may break between `a` and `b`, two characters that are not spaces (see NO_SPACES). */
function breaksBetween(a: string, b: string): boolean {
  if (!NO_SPACES.test(a) && !NO_SPACES.test(b)) return false;
  return !NO_ROW_END.includes(a) && !NO_ROW_START.includes(b) && a !== '\u200d' && cellsOf(b) > 0;
}

/** Where a tab takes the text: the next multiple of this many cells, as terminals set their tab stops. */
const TAB_STOP = 8;

/**
 * `line` (one line: no line break in it) as rows of at most `columns - 1` cells (the last column stays empty: a
 * terminal that wraps as soon as it is filled would make an empty row of the line break), each after the first
 * starting with CONTINUATION_INDENT spaces (2 on a terminal too narrow for that). A row breaks at its last break
 * past the indent: after a space, or between two characters of Chinese or Japanese (breaksBetween: a run of them
 * is no word, and moved whole it left `19:26 rick:` alone on its row). A word is cut only when longer than a row
 * (`/help` read "for e" / "veryone"). Tabs become the spaces the terminal would have moved by: counted as one cell,
 * ten of them took text that looked short to the start of the next row, where it read as a line of someone else's.
 * `continuation`: the indent of the rows after the first, where not CONTINUATION_INDENT.
 */
export function wrapLine(line: string, columns: number, continuation = CONTINUATION_INDENT): string {
  const width = columns - 1;
  const indent = width >= 4 * continuation ? continuation : 2;
  if (width <= indent + 1 || (line.length <= width / 2 && !line.includes('\t'))) return line;
  // (the rows done, and the one being filled: a word moved to the next row is cut from that row alone. Cut from
  // the whole line so far, each row of a line of 300,000 CJK characters copied all before it: 5 s at 80 columns, a
  // minute in a narrow pane, the terminal frozen, for one message of a room's)
  const rows: string[] = [];
  let row = '';
  let col = 0;
  /** Where the text after the current row's last break starts in `row`, and its column; -1: no such break. */
  let brk = -1;
  let brkCol = 0;
  /** The character before this one (escape sequences aside); '' at the line's start. */
  let prev = '';
  /** The underline and strikethrough on at the current row's start (drawn on an indent, they would show). */
  let marks = NO_MARKS;
  const newRow = () => {
    marks = marksAfter(marks, row);
    rows.push(row + marksOff(marks));
    row = ' '.repeat(indent) + marksOn(marks);
    col = indent;
    brk = -1;
  };
  for (let i = 0; i < line.length; ) {
    const esc = escapeAt(line, i);
    if (esc) {
      row += esc;
      i += esc.length;
      continue;
    }
    const ch = String.fromCodePoint(line.codePointAt(i) ?? 0);
    i += ch.length;
    const before = prev;
    prev = ch;
    if (ch === '\t') {
      const to = Math.min(width, col - (col % TAB_STOP) + TAB_STOP);
      if (col >= width) newRow();
      else {
        row += ' '.repeat(to - col);
        col = to;
        brk = row.length;
        brkCol = col;
      }
      continue;
    }
    if (ch !== ' ' && before && before !== ' ' && before !== '\t' && breaksBetween(before, ch)) {
      brk = row.length;
      brkCol = col;
    }
    const w = cellsBefore(ch, line[i]);
    if (col + w > width) {
      if (ch === ' ') {
        // (the break itself: the space goes, as a space at a row's end would)
        newRow();
        continue;
      }
      // (the word moves to the next row whole, when it fits there: one longer than a row is cut where it is)
      if (brk > 0 && brkCol > indent && indent + (col - brkCol) + w + cellsToBreak(line, i, ch) <= width) {
        const rest = row.slice(brk);
        const moved = col - brkCol;
        row = row.slice(0, brk).replace(/ +$/, ''); // (spaces only: a no-break or ideographic one is text)
        newRow();
        row += rest;
        col += moved;
      } else newRow();
    }
    row += ch;
    col += w;
    if (ch === ' ') {
      brk = row.length;
      brkCol = col;
    }
  }
  rows.push(row);
  return rows.join('\n');
}

/** Underline and strikethrough (bits), as a row's escape sequences leave them. */
const NO_MARKS = 0;
const UNDERLINE = 1;
const STRUCK = 2;
const MARK_CODES: Readonly<Record<string, (marks: number) => number>> = {
  '\x1b[4m': (m) => m | UNDERLINE,
  '\x1b[24m': (m) => m & ~UNDERLINE,
  '\x1b[9m': (m) => m | STRUCK,
  '\x1b[29m': (m) => m & ~STRUCK,
  '\x1b[0m': () => NO_MARKS,
};

/** The underline and strikethrough on after `row`, from `marks` at its start (inlineStyles's links and `~~`). */
function marksAfter(marks: number, row: string): number {
  if (!row.includes('\x1b')) return marks;
  for (const esc of row.match(ESCAPES) ?? []) marks = MARK_CODES[esc]?.(marks) ?? marks;
  return marks;
}
/** Every ESCAPE in a text. */
const ESCAPES = new RegExp(ESCAPE.source.slice(1), 'g');

/** The escape sequences that turn `marks` off at a row's end, and on again after the next row's indent. */
function marksOff(marks: number): string {
  return (marks & UNDERLINE ? '\x1b[24m' : '') + (marks & STRUCK ? '\x1b[29m' : '');
}
function marksOn(marks: number): string {
  return (marks & UNDERLINE ? '\x1b[4m' : '') + (marks & STRUCK ? '\x1b[9m' : '');
}

/** The escape sequence (this program's colours) that starts at index `i` of `line`, if one does. */
function escapeAt(line: string, i: number): string | undefined {
  return line.charCodeAt(i) === 0x1b ? ESCAPE.exec(line.slice(i, i + 16))?.[0] : undefined;
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

/**
 * The cells `line` takes from index `i`, after the character `prev`, to its next break: a space, a tab, or a place
 * breaksBetween allows (its escape sequences take none).
 */
function cellsToBreak(line: string, i: number, prev: string): number {
  let n = 0;
  while (i < line.length) {
    const esc = escapeAt(line, i);
    if (esc) {
      i += esc.length;
      continue;
    }
    const ch = String.fromCodePoint(line.codePointAt(i) ?? 0);
    if (ch === ' ' || ch === '\t' || breaksBetween(prev, ch)) break;
    i += ch.length;
    n += cellsBefore(ch, line[i]);
    prev = ch;
  }
  return n;
}

/** The cells `line` (one line) takes on a terminal, as wrapLine counts them: its escape sequences take none. */
export function cellsOfLine(line: string): number {
  let n = 0;
  for (const w of cellsOfChars(line)) n += w;
  return n;
}

/** The cells each character of `line` (one line) takes, in order, as wrapLine counts them; its escape sequences skipped. */
function* cellsOfChars(line: string): Generator<number> {
  for (let i = 0; i < line.length; ) {
    const esc = escapeAt(line, i);
    if (esc) {
      i += esc.length;
      continue;
    }
    const ch = String.fromCodePoint(line.codePointAt(i) ?? 0);
    i += ch.length;
    yield cellsBefore(ch, line[i]);
  }
}

/**
 * A line of what the host says as it starts (`listening on`, who may join, how) on a terminal `columns` wide; 0:
 * no terminal, as it is. A line there goes on in the rows under it that start with two spaces (rows of at most 79
 * columns, as --help's): on a terminal it is one text again, broken at spaces to its width as a chat line is
 * (wrapLine), its rows after the first two spaces further in than it. At 60 columns the terminal broke `let your n` / `etwork in`.
 */
export function wrapBanner(line: string, columns: number): string {
  // (a line two spaces in, `  (or VS Code ...)` under the invite, goes on four in: under it, not as a line of its own)
  return columns > 0 ? wrapLine(line.replace(/\n {2}/g, ' '), columns, (/^ */.exec(line)?.[0].length ?? 0) + 2) : line;
}

/**
 * `head` and a command to type or an invite to paste after it (`others join with: tcp-chat join HOST:PORT`): on one
 * line, or where that is wider than a terminal `columns` wide (0: no terminal), the command on a row of its own, two
 * spaces in, whole to copy (broken by wrapLine, a row's indent was copied into it).
 */
export function headAndCommand(head: string, command: string, columns: number): string {
  const line = `${head} ${command}`;
  return columns > 0 && cellsOfLine(line) > columns - 1 ? `${head}\n  ${command}` : line;
}

/** Every line of `text` as wrapLine makes it. */
export function wrapText(text: string, columns: number): string {
  return text.split('\n').map((l) => wrapLine(l, columns)).join('\n');
}

/**
 * The rows the lines of `text` (each a row when it was written: a line break after it) take once a terminal
 * `columns` wide rewraps them, as terminals that rewrap on a resize do (VS Code's, xterm.js, GNOME's, kitty,
 * iTerm2, Windows Terminal, tmux): a line wider than the terminal now goes on over as many rows as it fills, a
 * wide character that finds one cell left at a row's end on the next; a narrower one stays a row (lines written
 * apart are not joined). Its escape sequences take no room.
 */
export function rowsOnResize(text: string, columns: number): number {
  if (text === '') return 0;
  let rows = 0;
  for (const line of text.split('\n')) {
    rows++;
    let col = 0;
    for (const w of cellsOfChars(line)) {
      if (columns > 0 && col + w > columns) {
        rows++;
        col = 0;
      }
      col += w;
    }
  }
  return rows;
}
