// Whether a chat line mentions a nickname: for the extension's notifications while the panel is hidden, and the
// terminal's bold lines. (The panel has its own copy of the rule: renderMessages.ts.)

/**
 * True when `text` names `nick` as a word (`@nick`, `nick:`, `hey nick!`), case-insensitively. A word is made
 * of letters and digits of any script, `_` and `-`: `bob` is not mentioned by `bob-2` or `bob_2`, and `José`,
 * `[bob]` and `日本` are (a `\b` of ASCII word characters missed them).
 */
export function mentions(text: string, nick: string): boolean {
  if (!nick) return false;
  const esc = nick.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^\\p{L}\\p{N}_-])@?${esc}(?![\\p{L}\\p{N}_-])`, 'iu').test(text);
}
