// The chat's Markdown, as the panel renders it and the terminal styles it: markdown-it with the options and the
// rules of our own that decide what a text's characters are (emphasis, code, links, emoji). Pure: markdown-it is
// plain JavaScript. The panel adds its rendering (src/webview/markdown.ts), the terminal its styles
// (src/cli/inlineStyles.ts).
import MarkdownIt, { type StateInline } from 'markdown-it';
import { full as emoji } from 'markdown-it-emoji';
import { IN_WORD } from './emojiCompletion';

/** The links a message may have: http and https, nothing else (no `javascript:`, no `file:`). */
export const SAFE_URL = /^https?:\/\/[^\s]+$/i;

/** A markdown-it that reads a text as the chat does; `highlight` colours a fenced block (the panel's). */
export function newChatMarkdown(highlight?: (code: string, lang: string) => string) {
  const md = new MarkdownIt({
    html: false,
    linkify: true,
    breaks: true,
    typographer: false,
    ...(highlight ? { highlight } : {}),
  });
  md.linkify.set({ fuzzyLink: false, fuzzyEmail: false, fuzzyIP: false });
  // (headings would shout in a chat, `# 1` and `---` are said more often than meant as Markdown; tables are kept)
  md.disable(['image', 'heading', 'lheading', 'hr']);
  // `:tada:` and `:+1:` are 🎉 and 👍, as GitHub and Slack show them (their names, not `:)` and `8)`: in a chat about
  // code those are code more often than faces)
  md.use(emoji, { shortcuts: {} });
  // ... but only a name on its own: `key:a:value`, `x:100:y` and `10:100:` are text (🅰️ and 💯 in their middle), as
  // is `:smile:s`. One next to another (`:one::two:`) is on its own
  md.core.ruler.after('emoji', 'emoji_alone', (state) => {
    for (const block of state.tokens) {
      const kids = block.children ?? [];
      kids.forEach((t, i) => {
        if (t.type !== 'emoji') return;
        const before = kids[i - 1]?.type === 'text' ? (kids[i - 1]?.content.slice(-1) ?? '') : '';
        const after = kids[i + 1]?.type === 'text' ? (kids[i + 1]?.content[0] ?? '') : '';
        if (!IN_WORD.test(before) && !IN_WORD.test(after)) return;
        t.type = 'text';
        t.content = `:${t.markup}:`;
      });
    }
  });
  md.validateLink = (url: string) => SAFE_URL.test(url.trim());
  md.normalizeLinkText = shownLink;
  md.inline.ruler.before('emphasis', 'star_by_digit', starByDigit);
  return md;
}

// `2*3*4`, `2*x` and `2**10` are arithmetic, not "2, 3 in italics, 4": a star (or two) inside a word with a digit
// beside it is a star; `*word*`, `a*b*c` and `*x*2` (a word that opened with a star: it closes there) still take
// emphasis, as in any Markdown
const WORD_CHAR = /^[\p{L}\p{N}]$/u;
function starByDigit(state: StateInline, silent: boolean): boolean {
  const { pos, src } = state;
  if (src.charCodeAt(pos) !== 0x2a) return false;
  const end = src.charCodeAt(pos + 1) === 0x2a ? pos + 2 : pos + 1;
  if (src.charCodeAt(end) === 0x2a) return false; // (three or more: emphasis's)
  const [before = '', after = ''] = [src[pos - 1], src[end]];
  if (!WORD_CHAR.test(before) || !WORD_CHAR.test(after) || !/\d/.test(before + after)) return false;
  // (back over this word: a star before it with no word before that opened it)
  let i = pos - 1;
  while (i >= 0 && WORD_CHAR.test(src[i] ?? '')) i--;
  if (src[i] === '*') {
    while (src[i] === '*') i--;
    if (i < 0 || !WORD_CHAR.test(src[i] ?? '')) return false;
  }
  if (!silent) state.pending += src.slice(pos, end);
  state.pos = end;
  return true;
}

/**
 * A link as its text shows it: as typed, but for a host name in other letters than ASCII, shown as the ASCII name
 * it opens (`xn--...`). markdown-it showed `https://xn--80ak6aa92e.com` as `https://аррӏе.com`, Cyrillic letters
 * that read "apple.com"; a link typed in them read the same.
 */
export function shownLink(url: string): string {
  const m = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#\s]*)(.*)$/is.exec(url);
  if (!m) return url;
  const [, scheme = '', authority = '', rest = ''] = m;
  const at = authority.lastIndexOf('@');
  const host = authority.slice(at + 1);
  // eslint-disable-next-line no-control-regex -- ASCII, control characters included
  if (/^[\x00-\x7f]*$/.test(host)) return url;
  try {
    return `${scheme}${authority.slice(0, at + 1)}${new URL(`http://${host}`).host}${rest}`;
  } catch {
    return url;
  }
}
