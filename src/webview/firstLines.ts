// The first lines of a text, or of a parsed Markdown text: what a long message shows while it is folded. Only that is
// built: a pasted log of 8,000 short lines laid out every line behind its "Show more" (0.1-0.6 s a message). Lines
// are counted as the fold counts them (a line per 100 characters); a Markdown text is cut between its parsed tokens
// (whole blocks, then lines of a paragraph or of a block of code), never in its source, so what shows is what the
// whole text shows up to there: a fence cut open, a list cut in its middle, emphasis across the cut or a link
// defined below it all read as in the whole.
import type { Token } from 'markdown-it';

/** How many lines a line of text counts for (see isLong): one, and one more per 100 characters. */
export function lineCount(line: string): number {
  return 1 + Math.floor(line.length / 100);
}

/** The lines of a text as Markdown reads them (CR LF and a lone CR end a line too). */
const NEWLINE = /\r\n?|\n/;

/** For each line of `text`, how many lines (lineCount) come before it; one more entry, for the end, at the end. */
export function linesBefore(text: string): number[] {
  const out = [0];
  for (const line of text.split(NEWLINE)) out.push(out[out.length - 1]! + lineCount(line));
  return out;
}

/** The lines of plain `text` that start within its first `max` (lineCount) lines, or null when that is all of it. */
export function firstLinesOf(text: string, max: number): string | null {
  let count = 0;
  let at = 0;
  for (;;) {
    const end = text.indexOf('\n', at);
    const line = end < 0 ? text.slice(at) : text.slice(at, end);
    count += lineCount(line);
    if (end < 0) return null;
    if (count >= max) return text.slice(0, end);
    at = end + 1;
  }
}

/**
 * The block tokens of a parsed Markdown text (md.parse) that start within its first `max` lines, `before` its line
 * numbers (linesBefore), with a paragraph or a block of code that runs past them cut to its lines within them, and
 * every block left open there closed; `cut` when anything was left out.
 */
export function firstTokens(tokens: readonly Token[], before: readonly number[], max: number): { tokens: Token[]; cut: boolean } {
  const at = (line: number) => before[Math.min(line, before.length - 1)]!;
  const out: Token[] = [];
  const open: Token[] = [];
  for (const t of tokens) {
    if (t.map && at(t.map[0]) >= max) return { tokens: closed(out, open), cut: true };
    if (t.nesting === 1) open.push(t);
    else if (t.nesting === -1) open.pop();
    else if (t.map && at(t.map[1]) > max) {
      const first = firstLinesOfLeaf(t, (line) => at(line) < max);
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
  const children = t && tokens.length === 1 ? firstInline(t.children ?? [], 0, (line) => before[Math.min(line, before.length - 1)]! < max) : null;
  return children && t ? { tokens: [copy(t, { children })], cut: true } : { tokens: [...tokens], cut: false };
}

/**
 * The inline tokens (a paragraph's, or a `/me`'s from md.parseInline) on the lines `shown` keeps, the first being
 * line `first` of the text; null when they are all shown. Inline code across lines breaks no line here, so the
 * cut may come a line or so later than asked: never earlier.
 */
function firstInline(children: readonly Token[], first: number, shown: (line: number) => boolean): Token[] | null {
  let line = first;
  const open: Token[] = [];
  for (let i = 0; i < children.length; i++) {
    const t = children[i]!;
    if (t.type === 'softbreak' || t.type === 'hardbreak') {
      line++;
      if (!shown(line)) return closed(children.slice(0, i), open);
    }
    if (t.nesting === 1) open.push(t);
    else if (t.nesting === -1) open.pop();
  }
  return null;
}

/** A leaf block (a paragraph's inline, a fenced or indented block of code) cut to the lines `shown` keeps, or null when it is all kept. */
function firstLinesOfLeaf(t: Token, shown: (line: number) => boolean): Token | null {
  const start = t.map![0];
  if (t.type === 'inline') {
    const children = firstInline(t.children ?? [], start, shown);
    return children ? copy(t, { children }) : null;
  }
  if (t.type !== 'fence' && t.type !== 'code_block') return null;
  const first = t.type === 'fence' ? start + 1 : start; // (a fence's content starts under its opening line)
  const lines = t.content.split('\n');
  let n = 0;
  while (n < lines.length && shown(first + n)) n++;
  if (n >= lines.length - 1) return null; // (its last "line" is what follows the content's last newline)
  return copy(t, { content: lines.slice(0, n).map((l) => `${l}\n`).join('') });
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
