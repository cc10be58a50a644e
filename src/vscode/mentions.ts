// Whether a chat line mentions a nickname (for notifications while the panel is hidden). Pure.

/** True when `text` names `nick` as a word (`@nick`, `nick:`, `hey nick!`), case-insensitively. */
export function mentions(text: string, nick: string): boolean {
  if (!nick) return false;
  const esc = nick.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^\\p{L}\\p{N}_-])@?${esc}(?![\\p{L}\\p{N}_-])`, 'iu').test(text);
}

/** A one-line preview of a message for a notification. */
export function preview(text: string, max = 120): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}
