// Cutting a text short without cutting a character in two. (A module of its own: the panel's bundle takes it
// without text.ts's tables.)

/** The first `n` UTF-16 units of `text`, one fewer where the last would be the first half of a character (an emoji). */
export function cutAt(text: string, n: number): string {
  return text.slice(0, /[\uD800-\uDBFF]/.test(text[n - 1] ?? '') ? n - 1 : n);
}
