// The code card a `path:line` link is about: the one its author shared of that file, with that line, just before
// the message the link is in (Share Selection's message of the problems in the shared lines follows its card). The
// link's numbers are the sharer's copy's when they shared it; the extension moves them as the card's code has
// moved in the reader's copy, as Open on the card does.
import type { CodeRef } from '../shared/panelMessages';
import type { Row } from './state';
import { cardHasLine } from '../protocol/sharedLines';

/** How many rows before the link's a card may be (a message or two may come between them). */
const CARD_WITHIN = 5;

/** The card for a link to `path` at `line` in row `key` of `rows` (the conversation shown), if there is one. */
export function cardOfLink(rows: readonly Row[], key: string, path: string, line: number): { code: CodeRef; text: string } | undefined {
  const at = rows.findIndex((r) => r.key === key);
  const link = rows[at]?.entry;
  if (link === undefined || (link.type !== 'message' && link.type !== 'dm')) return undefined;
  for (let i = at - 1; i >= Math.max(0, at - CARD_WITHIN); i--) {
    const e = rows[i]!.entry;
    if ((e.type !== 'message' && e.type !== 'dm') || e.from !== link.from || e.kind !== 'code' || e.code === undefined) continue;
    if (cardHasLine(e.code, path, line)) return { code: e.code, text: e.text };
  }
  return undefined;
}
