// What a refusal quotes of a name or a word it was given (a nickname, a room's name): its start, never a character
// cut in two, and `…` when there was more (a nickname of 50 characters was quoted as its first 40, a name nobody
// typed, said to be too long).

/** The most of it a refusal quotes (UTF-16 units). */
export const QUOTE_MAX = 40;

/** `text` as a refusal quotes it: whole up to QUOTE_MAX, else its start and `…`. */
export function quoteWords(text: string, max = QUOTE_MAX): string {
  if (text.length <= max) return text;
  // (not after the first half of a surrogate pair: an emoji cut in two)
  const end = /[\uD800-\uDBFF]/.test(text[max - 1] ?? '') ? max - 1 : max;
  return `${text.slice(0, end)}…`;
}
