// Cutting a text short without cutting a character in two. (A module of its own: the panel's bundle takes it
// without text.ts's tables.)

/** Made at the first cut, not at load: a segmenter loads locale data (~1 MB resident), which a host does without. */
let graphemes: Intl.Segmenter | undefined;

/**
 * How far back from the cut the characters are looked at. A character people see as one (👨‍👩‍👧, a flag, a letter
 * with its marks) longer than this is cut between its code points: past this the cost would grow with the text.
 */
const LOOK_BACK = 64;

/** Whether a regional indicator letter (half of a flag: 🇩 of 🇩🇪) starts at `i`. */
function isRegionalIndicator(text: string, i: number): boolean {
  return text.charCodeAt(i) === 0xd83c && text.charCodeAt(i + 1) >= 0xdde6 && text.charCodeAt(i + 1) <= 0xddff;
}

/**
 * The first `n` UTF-16 units of `text`, or fewer: never in the middle of a character as people see it (a grapheme:
 * an emoji's surrogate pair, a family emoji's ZWJ sequence, a flag's two letters, a letter and its combining marks).
 */
export function cutAt(text: string, n: number): string {
  if (n >= text.length) return text;
  if (n <= 0) return '';
  let from = Math.max(0, n - LOOK_BACK);
  if (from > 0 && /[\uDC00-\uDFFF]/.test(text[from] ?? '')) from -= 1;
  // Flags pair their letters counting from the start of a run of them: start the window an even count into the run.
  if (isRegionalIndicator(text, from)) {
    let start = from;
    while (start >= 2 && isRegionalIndicator(text, start - 2)) start -= 2;
    if ((from - start) % 4 !== 0) from -= 2;
  }
  // Two units past the cut: what follows decides whether the cut is a boundary (a ZWJ, a mark, a surrogate pair).
  let cut = from;
  graphemes ??= new Intl.Segmenter('en', { granularity: 'grapheme' });
  for (const { index } of graphemes.segment(text.slice(from, n + 2))) {
    if (from + index > n) break;
    cut = from + index;
  }
  // The window began inside a cluster longer than LOOK_BACK: fall back to not splitting a surrogate pair.
  if (cut === from && from > 0) return text.slice(0, /[\uD800-\uDBFF]/.test(text[n - 1] ?? '') ? n - 1 : n);
  return text.slice(0, cut);
}

/**
 * `text` when it is at most `max` UTF-16 units long; else cut (as `cutAt` cuts) and marked with `…`, the two at
 * most `max` units together.
 */
export function cutWithEllipsis(text: string, max: number): string {
  return text.length > max ? `${cutAt(text, max - 1)}…` : text;
}
