// `@bob` in a message's text read as a mention of one of the conversation's people: the panel marks it in bob's
// colour (src/webview/atMentions.ts), the terminal too (src/cli/inlineStyles.ts). Pure.

/** An `@` that starts a mention: not after a letter, digit or `_` (`ops@bob.dev` is an address), as mentions.ts reads it. */
const AT = /(?<![\p{L}\p{N}_])@/gu;
/** What may not follow a name for it to be the whole word: `@bob-2` does not mention bob. */
const WORD_GOES_ON = /^[\p{L}\p{N}_-]/u;

/**
 * The mentions in `s`: each `@name` of `names` (compared without case, the longest that fits), and the name it is
 * (as `names` spells it).
 */
export function atMentionsIn(s: string, names: readonly string[]): { at: number; end: number; nick: string }[] {
  const found: { at: number; end: number; nick: string }[] = [];
  if (!s.includes('@')) return found;
  for (const m of s.matchAll(AT)) {
    const from = m.index + 1;
    let best: string | undefined;
    for (const n of names) {
      if (n === '' || (best !== undefined && n.length <= best.length)) continue;
      const written = s.slice(from, from + n.length);
      if (written.toLowerCase() === n.toLowerCase() && !WORD_GOES_ON.test(s.slice(from + n.length))) best = n;
    }
    if (best !== undefined) found.push({ at: m.index, end: from + best.length, nick: best });
  }
  return found;
}
