// `@bob` in a message, marked as a mention of bob: in bob's colour (as his name over his messages), and `@you` on a
// tint of its own, as chat apps show a call for someone. Only names of the conversation's people (and yours): an
// `@Override` or `@param` in prose is no one's.

import { h, nickColour, replaceInText } from './dom';
import { atMentionsIn } from '../protocol/atMentions';
import type { Conversation, Row } from './state';

/**
 * Marks the mentions in the text nodes of `root` (not in links or code: `@bob` in a code span is code) of `names`
 * (the conversation's people); one of `me` (your nickname) is marked as yours.
 */
export function markAtMentions(root: Node, names: readonly string[], me: string): void {
  replaceInText(root, 'a, code, pre', (s) =>
    atMentionsIn(s, names).map(({ at, end, nick }) => {
      const you = nick.toLowerCase() === me.toLowerCase();
      return { at, end, el: h('span', { class: `at-mention ${you ? 'at-you' : nickColour(nick)}` }, s.slice(at, end)) };
    }),
  );
}

/** The names its rows show people under (authors, joins), gathered per rows array: what was added since is read. */
const rowNames = new WeakMap<readonly Row[], { length: number; last: string | undefined; names: Set<string> }>();

/**
 * The people an `@name` in conversation `c` may mention: its members now, everyone its rows show writing or joining
 * (a mention of someone who has left is still theirs), a direct conversation's other side, and you (`me`).
 */
export function mentionableIn(c: Conversation | undefined, me: string): string[] {
  if (c === undefined) return [me];
  const rows = c.rows;
  let kept = rowNames.get(rows);
  // (rows come at the end: only those after the last one read; anything else, read again)
  const from = kept !== undefined && kept.length <= rows.length && rows[kept.length - 1]?.key === kept.last ? kept.length : 0;
  if (kept === undefined || from === 0) rowNames.set(rows, (kept = { length: 0, last: undefined, names: new Set() }));
  for (let i = from; i < rows.length; i++) {
    const e = rows[i]!.entry;
    if (e.type === 'message' || e.type === 'dm') kept.names.add(e.from);
    else if (e.type === 'join') kept.names.add(e.nick);
  }
  kept.length = rows.length;
  kept.last = rows.at(-1)?.key;
  return [...new Set([...kept.names, ...c.members.map((m) => m.nick), ...(c.kind === 'dm' ? [c.name] : []), me])];
}
