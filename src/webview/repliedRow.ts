// The message a reply answers: a message that starts with the quote Reply (the terminal's /reply too) makes of
// another, above it in the conversation. Its quote leads there (a click, Enter), as chat apps' replies do.

import { codeRefLine, quotes } from '../protocol/replyQuote';
import type { Row } from './state';

/** What a message is quoted as: its text; a code card by its file and lines; nothing for an action or a deleted one. */
function quotedAs(row: Row): string | undefined {
  const e = row.entry;
  if ((e.type !== 'message' && e.type !== 'dm') || (e.type === 'message' && e.deleted)) return undefined;
  if (e.kind === 'text') return e.text;
  return e.kind === 'code' && e.code ? codeRefLine(e.code) : undefined;
}

/**
 * The row `rows[at]` replies to: the nearest message above it whose quote its text starts with (it may have been
 * edited since: then none). Undefined for a message that starts with no quote.
 */
export function repliedRow(rows: readonly Row[], at: number): Row | undefined {
  const e = rows[at]?.entry;
  if ((e?.type !== 'message' && e?.type !== 'dm') || e.kind !== 'text' || !e.text.startsWith('> ')) return undefined;
  // (its first quoted line, which the message it quotes starts with: the others are passed by that alone)
  const end = e.text.indexOf('\n');
  const first = e.text.slice(2, end < 0 ? undefined : end);
  for (let i = at - 1; i >= 0; i--) {
    const source = quotedAs(rows[i]!);
    if (source?.startsWith(first) && quotes(e.text, source)) return rows[i];
  }
  return undefined;
}
