// A reply's quote, as the panel's Reply and the terminal's /reply start one: the message's first lines quoted (shared
// code by its file and lines), then an @mention of its author. Pure.
import { markdownLines } from './markdownLines';
import type { CodeRef } from './messages';

/**
 * The text a reply starts with: `text` quoted (its first lines), then an @mention of `mention` when given. Lines cut
 * inside a fenced block of code get its closing fence (the "…" read as one more line of the code).
 */
export function quoteOf(text: string, mention?: string, maxLines = 4): string {
  const lines = text.split('\n');
  const kept = lines.slice(0, maxLines);
  if (lines.length > maxLines) {
    const { open } = markdownLines(kept);
    if (open) kept.push(open);
    kept.push('…');
  }
  const quote = kept.map((l) => `> ${l}`.trimEnd()).join('\n');
  return `${quote}\n\n${mention !== undefined ? `@${mention} ` : ''}`;
}

/** A code card's lines in words: `line 12`, `lines 12–15`; undefined when it names none. */
export function lineRange(c: CodeRef): string | undefined {
  if (c.startLine === undefined) return undefined;
  if (c.endLine === undefined || c.endLine === c.startLine) return `line ${c.startLine}`;
  return `lines ${c.startLine}–${c.endLine}`;
}

/**
 * Shared code named in one line, for a reply's quote: `src/a.ts:12 (lines 12–15)` (a message makes `path:line` a
 * link); one from outside the sharer's workspace by its name and lines, no `path:line` (a link to the reader's own
 * file of that name, their `package.json`).
 */
export function codeRefLine(c: CodeRef): string {
  const range = lineRange(c);
  if (!c.path) return range ? `shared code, ${range}` : 'shared code';
  if (c.outside) return `${c.path}${range ? `, ${range}` : ''} (from outside the sharer's workspace)`;
  const at = c.startLine !== undefined ? `${c.path}:${c.startLine}` : c.path;
  return range && c.endLine !== undefined && c.endLine !== c.startLine ? `${at} (${range})` : at;
}

/**
 * Whether `reply` starts as a reply to a message whose text is `source` (a code card's: codeRefLine): with the quote
 * quoteOf makes of it, then a blank line, as the panel's Reply and the terminal's /reply write one.
 */
export function quotes(reply: string, source: string): boolean {
  return reply.startsWith(quoteOf(source));
}
