// The first lines of a text, or of a parsed Markdown text: what a long message shows while it is folded. Only that is
// built: a pasted log of 8,000 short lines laid out every line behind its "Show more" (0.1-0.6 s a message). Lines
// are counted as the fold counts them (a line per 100 characters), and a line that runs past the fold is cut there
// too, by characters (a minified file or a base64 blob of 60,000 characters on one line). A Markdown text is cut
// between its parsed tokens (whole blocks, then lines of a paragraph or of a block of code, then characters of a
// text or of a line of code), never in its source, so what shows is what the whole text shows up to there: a fence
// cut open, a list cut in its middle, emphasis or a link across the cut or a link defined below it all read as in
// the whole.
import type { Token } from 'markdown-it';
import { cutAt } from '../protocol/cutAt';

/** Characters a line of the fold holds, as lineCount counts them. */
const LINE_CHARS = 100;

/** How many lines a line of text counts for (see isLong): one, and one more per 100 characters. */
export function lineCount(line: string): number {
  return 1 + Math.floor(line.length / LINE_CHARS);
}

/** The lines of a text as Markdown reads them (CR LF and a lone CR end a line too). */
const NEWLINE = /\r\n?|\n/;

/** For each line of `text`, how many lines (lineCount) come before it; one more entry, for the end, at the end. */
export function linesBefore(text: string): number[] {
  const out = [0];
  for (const line of text.split(NEWLINE)) out.push(out[out.length - 1]! + lineCount(line));
  return out;
}

/**
 * The lines of plain `text` that start within its first `max` (lineCount) lines, the last of them cut where those
 * end (see firstChars), or null when that is all of it.
 */
export function firstLinesOf(text: string, max: number): string | null {
  let count = 0;
  let at = 0;
  for (;;) {
    const end = text.indexOf('\n', at);
    const line = end < 0 ? text.slice(at) : text.slice(at, end);
    const first = firstChars(line, (max - count) * LINE_CHARS);
    if (first !== null) return text.slice(0, at) + first;
    count += lineCount(line);
    if (end < 0) return null;
    if (count >= max) return text.slice(0, end);
    at = end + 1;
  }
}

/**
 * The first `room` characters of a line that runs past the fold, or null when it does not: never in the middle of a
 * character as people see it (cutAt), so a cut emoji or a letter cut from its accent shows no broken glyph.
 */
function firstChars(line: string, room: number): string | null {
  return line.length > room ? cutAt(line, Math.max(0, room)) : null;
}

/**
 * How many characters of line `line` of a text are within its first lines (`max` of them, a line per LINE_CHARS
 * characters: see lineCount), `before` its line numbers (linesBefore); none (0 or less) for a line below them.
 */
type Room = (line: number) => number;

function roomOf(before: readonly number[], max: number): Room {
  return (line) => (max - before[Math.min(line, before.length - 1)]!) * LINE_CHARS;
}

/**
 * The block tokens of a parsed Markdown text (md.parse) that start within its first `max` lines, `before` its line
 * numbers (linesBefore), with a paragraph or a block of code that runs past them cut to its lines within them, and
 * every block left open there closed; `cut` when anything was left out.
 */
export function firstTokens(tokens: readonly Token[], before: readonly number[], max: number): { tokens: Token[]; cut: boolean } {
  const room = roomOf(before, max);
  const out: Token[] = [];
  const open: Token[] = [];
  for (const t of tokens) {
    if (t.map && room(t.map[0]) <= 0) return { tokens: closed(out, open), cut: true };
    if (t.nesting === 1) open.push(t);
    else if (t.nesting === -1) open.pop();
    else if (t.map && room(t.map[1]) < 0) {
      const first = firstLinesOfLeaf(t, room);
      if (first) {
        out.push(first);
        return { tokens: closed(out, open), cut: true };
      }
    }
    out.push(t);
  }
  return { tokens: out, cut: false };
}

/** What md.parseInline made of a `/me` (one inline token), its first `max` lines only (see firstTokens). */
export function firstInlineTokens(tokens: readonly Token[], before: readonly number[], max: number): { tokens: Token[]; cut: boolean } {
  const [t] = tokens;
  const children = t && tokens.length === 1 ? firstInline(t.children ?? [], 0, roomOf(before, max)) : null;
  return children && t ? { tokens: [copy(t, { children })], cut: true } : { tokens: [...tokens], cut: false };
}

/**
 * The inline tokens (a paragraph's, or a `/me`'s from md.parseInline) within the `room` of their lines, the first
 * being line `first` of the text; null when they are all shown. A text or a code span that runs past it is cut by
 * characters, counted as shown (no markup), so never earlier than the source's would be. Inline code across lines
 * breaks no line here, so the cut may come a line or so later than asked: never earlier.
 */
function firstInline(children: readonly Token[], first: number, room: Room): Token[] | null {
  let line = first;
  let used = 0; // (characters of this line shown so far)
  const open: Token[] = [];
  for (let i = 0; i < children.length; i++) {
    const t = children[i]!;
    if (t.type === 'softbreak' || t.type === 'hardbreak') {
      line++;
      used = 0;
      if (room(line) <= 0) return closed(children.slice(0, i), open);
    } else if (t.type === 'text' || t.type === 'code_inline' || t.type === 'emoji') {
      const content = firstChars(t.content, room(line) - used);
      if (content !== null) {
        const kept = children.slice(0, i);
        // (an emoji is not cut: it goes whole)
        if (content !== '' && t.type !== 'emoji') kept.push(copy(t, { content }));
        return closed(kept, open);
      }
      used += t.content.length;
    }
    if (t.nesting === 1) open.push(t);
    else if (t.nesting === -1) open.pop();
  }
  return null;
}

/**
 * A leaf block (a paragraph's inline, a fenced or indented block of code) cut to the `room` of its lines, or null
 * when it is all kept.
 */
function firstLinesOfLeaf(t: Token, room: Room): Token | null {
  const start = t.map![0];
  if (t.type === 'inline') {
    const children = firstInline(t.children ?? [], start, room);
    return children ? copy(t, { children }) : null;
  }
  if (t.type !== 'fence' && t.type !== 'code_block') return null;
  const first = t.type === 'fence' ? start + 1 : start; // (a fence's content starts under its opening line)
  const lines = t.content.split('\n');
  const shown = (kept: string[]) => copy(t, { content: kept.map((l) => `${l}\n`).join('') });
  let n = 0;
  for (; n < lines.length && room(first + n) > 0; n++) {
    const cut = firstChars(lines[n]!, room(first + n));
    if (cut !== null) return shown([...lines.slice(0, n), cut]);
  }
  if (n >= lines.length - 1) return null; // (its last "line" is what follows the content's last newline)
  return shown(lines.slice(0, n));
}

/**
 * Inline token `t` of a folded text, its blocks parsed but not yet its inline content (markdown-it's block stage),
 * given only the source of its lines within the first `max` (the first being line `first` of the text) and of one
 * more, its line break included (a line's end reads as in the whole, and the fold's cut falls at a line break of
 * what was parsed: at this one where a code span took the one before), when parsing that alone reads those lines
 * as parsing all of it does (readsAlone); null when that is all of it, or it does not. A paragraph's inline content
 * is parsed alone, a line's constructs within it: a log of 32,768 lines was parsed whole to show 48 (~32 ms).
 */
export function shownInline(t: Token, first: number, before: readonly number[], max: number): Token | null {
  const room = roomOf(before, max);
  const { content } = t;
  let end = -1;
  for (let line = first; ; line++) {
    end = content.indexOf('\n', end + 1);
    if (end < 0) return null;
    if (room(line) <= 0) break; // (the first line below them: kept too, to its line break)
  }
  const kept = content.slice(0, end + 1);
  return readsAlone(kept, content.slice(end + 1)) ? copy(t, { content: kept, children: [] }) : null;
}

/**
 * Whether the inline Markdown `kept` reads alone as it does followed by `rest`. A construct that markdown-it reads
 * across lines closes with a character of its own: a code span with a backtick, emphasis with a star or an
 * underscore, strikethrough with two tildes, a link's text with `]`, its address and title with `)`. What `kept`
 * opens is closed in it or nowhere when `rest` has none of that closing character (or `kept` opens none): then a
 * delimiter in `rest` pairs with nothing before it (markdown-it pairs each closer with an opener before it, in
 * order). An autolink, an entity, an emoji name or a bare link has no line break in it.
 */
function readsAlone(kept: string, rest: string): boolean {
  const opens = (close: string, open: string | RegExp = close) => rest.includes(close) && (typeof open === 'string' ? kept.includes(open) : open.test(kept));
  // (an underscore after a letter or a digit opens nothing: snake_case)
  if (opens('`') || opens('*') || opens('~~') || opens('_', /(?:^|[^A-Za-z0-9])_/) || opens(')', '](')) return false;
  return !opens(']', '[') || bracketsClosed(kept);
}

/**
 * Whether each `[` of `text` is closed in it, as markdown-it looks for a link text's `]`, counting brackets: none of
 * what it skips over there (a code span, an escaped bracket, an autolink, a link with its address) that could hide
 * one from a plain count.
 */
function bracketsClosed(text: string): boolean {
  if (/[`\\<]|\]\(/.test(text)) return false;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5b) depth++;
    else if (c === 0x5d && depth > 0) depth--;
  }
  return depth === 0;
}

/** `tokens`, then a closing token for each of `open` (innermost first). */
function closed(tokens: Token[], open: readonly Token[]): Token[] {
  for (const o of [...open].reverse()) tokens.push(copy(o, { type: o.type.replace(/_open$/, '_close'), nesting: -1, attrs: null, map: null, children: null, content: '' }));
  return tokens;
}

/** Token `t` with `changes` (a token of the same class: the renderer calls its methods). */
function copy(t: Token, changes: Partial<Token>): Token {
  return Object.assign(Object.create(Object.getPrototypeOf(t) as object) as Token, t, changes);
}
