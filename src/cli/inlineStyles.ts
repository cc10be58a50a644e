// A message's Markdown on a terminal, as the panel reads it (src/protocol/chatMarkdown.ts, the same markdown-it):
// bold, italic and struck-through text, code spans and links in the terminal's styles, around the text as written.
// The markers stay, in grey (`**`, `` ` ``, `[`, `](url)`): a line copied from the terminal is what its author
// typed, a row is as wide as it was, and without the escape sequences each line is the same line.
import type { StateInline, Token } from 'markdown-it';
import type { newChatMarkdown } from './terminalMarkdown';
import { terminalMarkdown } from './laterBundle';
import { markdownLines, markersOf, type MarkdownLine } from '../protocol/markdownLines';
import { atMentionsIn } from '../protocol/atMentions';

/** A character's styles: bits. MARKER: a Markdown marker of one of the others (grey). */
const BOLD = 1;
const ITALIC = 2;
const STRUCK = 4;
const CODE = 8;
const LINK = 16;
const MARKER = 32;

/** Per style, the escape sequences that turn it on and off (a colour's off: the default colour, SGR 39). */
const SGR: readonly (readonly [number, string, string])[] = [
  [BOLD, '\x1b[1m', '\x1b[22m'],
  [ITALIC, '\x1b[3m', '\x1b[23m'],
  [STRUCK, '\x1b[9m', '\x1b[29m'],
  [LINK, '\x1b[4m', '\x1b[24m'],
];
/** Each style's escape sequences, on and off: what a line without colours (NO_COLOR) keeps of them. */
export const STYLE_SEQUENCES: ReadonlySet<string> = new Set(SGR.flatMap(([, on, off]) => [on, off]));
/** A code span's colour (cyan, as `rich` shows one; `bat`'s numbers) and a marker's (grey, as a comment's). */
const CODE_COLOUR = 36;
const MARKER_COLOUR = 90;
/** Where in a character's styles its mention's colour is (above the style bits). */
const MENTION_SHIFT = 8;

/** The people a text's `@name`s may mention (not you: a line that mentions you is bold), and each one's colour (an SGR code). */
export interface MentionColours {
  names: readonly string[];
  colourOf: (nick: string) => number;
}

/** Where in the parsed text a token's characters are: [start, end), and a link's label's end (its `]`). */
type Span = readonly [start: number, end: number, labelEnd?: number];

/** The characters each token of the rules below stands for: the parse records them as it goes. */
const spans = new WeakMap<Token, Span>();

/** The rules whose tokens are styled: code spans, emphasis and strikethrough (their delimiters), links. */
const TRACKED = ['backticks', 'strikethrough', 'emphasis', 'link', 'autolink'] as const;

let md: ReturnType<typeof newChatMarkdown> | undefined;

/**
 * The chat's markdown-it, its rules of TRACKED recording where their tokens are (markdown-it's inline tokens say
 * what they are, not where). Made at the first styled message: a headless host never needs it.
 */
function trackingMarkdown(): ReturnType<typeof newChatMarkdown> {
  if (md) return md;
  // (from the later bundle: markdown-it loaded took a headless host, which prints no message, 5 MB more of memory)
  const made = terminalMarkdown().newChatMarkdown();
  const ruler = made.inline.ruler;
  for (const name of TRACKED) {
    const rule = ruler.__rules__[ruler.__find__(name)]?.fn;
    if (!rule) throw new Error(`markdown-it has no inline rule "${name}"`);
    ruler.at(name, (state: StateInline, silent: boolean) => {
      if (silent) return rule(state, silent);
      const start = state.pos;
      // (the text before it a token of its own now, not one the rule's first token would make of it)
      if (state.pending !== '') state.pushPending();
      const first = state.tokens.length;
      if (!rule(state, false)) return false;
      let at = start;
      for (const t of state.tokens.slice(first)) {
        if (spans.has(t)) continue; // (a link's label's, its own rules')
        if (t.type === 'text' && (name === 'emphasis' || name === 'strikethrough')) {
          // a delimiter run: a token for each character of emphasis's, each two of strikethrough's, in order
          spans.set(t, [at, at + t.content.length]);
          at += t.content.length;
        } else if (t.type === 'code_inline' || t.type === 'link_open') {
          spans.set(t, [start, state.pos, name === 'link' ? made.helpers.parseLinkLabel(state, start, true) : state.pos - 1]);
        }
      }
      return true;
    });
  }
  md = made;
  return made;
}

/**
 * Each character's styles in `src` (one Markdown paragraph, parsed inline): its emphasis, strikethrough, code spans
 * and links, and their markers.
 */
function stylesOf(src: string): Uint8Array {
  const styles = new Uint8Array(src.length);
  const mark = (from: number, to: number, bits: number) => {
    for (let i = Math.max(0, from); i < Math.min(to, src.length); i++) styles[i]! |= bits;
  };
  const children = trackingMarkdown().parseInline(src, {})[0]?.children ?? [];
  /** Per tag, its opening markers' ends, innermost last. */
  const open = new Map<string, number[]>();
  for (const t of children) {
    const span = spans.get(t);
    if (span === undefined) continue;
    const [start, end, labelEnd = end] = span;
    const m = t.markup.length;
    switch (t.type) {
      case 'strong_open':
      case 'em_open':
      case 's_open':
        // (emphasis's tokens are a character each: the markers end at this one; strikethrough's are two)
        mark(end - m, end, MARKER);
        if (!open.has(t.tag)) open.set(t.tag, []);
        open.get(t.tag)!.push(end);
        break;
      case 'strong_close':
      case 'em_close':
      case 's_close': {
        const from = open.get(t.tag)?.pop();
        mark(start, start + m, MARKER);
        if (from === undefined) break;
        // (a run of `~~~` closes with two of them, and its lone one prints after the struck text, as the panel has it)
        let to = start;
        if (t.tag === 's') while (to > from && src[to - 1] === '~') to--;
        mark(from, to, t.tag === 'strong' ? BOLD : t.tag === 'em' ? ITALIC : STRUCK);
        break;
      }
      case 'code_inline':
        mark(start, start + m, MARKER);
        mark(end - m, end, MARKER);
        mark(start + m, end - m, CODE);
        break;
      case 'link_open':
        // `[label](url "title")`, `<https://...>`: the label underlined, the rest grey
        mark(start, start + 1, MARKER);
        mark(labelEnd, end, MARKER);
        mark(start + 1, labelEnd, LINK);
        break;
    }
  }
  return styles;
}

/** stylesOf(src), or undefined when markdown-it throws on it (none known: the panel reads every text with it too). */
function readStyles(src: string): Uint8Array | undefined {
  try {
    return stylesOf(src);
  } catch {
    return undefined;
  }
}

/**
 * The escape sequences from one character's styles to the next's (`bold`: the line is bold throughout). Above the
 * style bits, a mention's colour (its name's SGR code, shifted by MENTION_SHIFT): code's and markers' go first.
 */
function change(from: number, to: number, bold: boolean): string {
  let out = '';
  for (const [bit, on, off] of SGR) {
    if (bit === BOLD && bold) continue;
    if ((from & bit) !== (to & bit)) out += to & bit ? on : off;
  }
  const colour = (s: number) => (s & MARKER ? MARKER_COLOUR : s & CODE ? CODE_COLOUR : s >> MENTION_SHIFT || 39);
  if (colour(from) !== colour(to)) out += `\x1b[${colour(to)}m`;
  return out;
}

/**
 * The lines of a message's text (as the terminal prints them: its line breaks split it) whose Markdown has styles,
 * by their index: bold, italic, struck through, code spans in colour, links underlined, the markers grey, and each
 * line ending in no style. Read as the panel reads them: paragraph by paragraph, in quotes and list items too (their
 * `> ` and indentation print as they are), code blocks not at all. `bold`: the lines are printed bold (a mention),
 * so bold text adds nothing and ends nothing. `read`: the lines as markdownLines reads them, where the caller has
 * that already (an action's one line: one paragraph, as the panel reads a /me's text).
 */
export function inlineStyles(lines: readonly string[], bold = false, read: readonly MarkdownLine[] = markdownLines(lines).lines, people?: MentionColours): Map<number, string> {
  const out = new Map<number, string>();
  for (let n = 0; n < lines.length; ) {
    // a paragraph: the lines of one block that are not code, their containers' markers known
    const markers: string[] = [];
    let end = n;
    while (end < lines.length && !read[end]!.code && read[end]!.block === read[n]!.block) {
      const m = markersOf(lines[end]!, read[end]!.text);
      // (the line as its markers and its text, exactly: a tab partly in its markers is where a paragraph stops here)
      if (m === undefined || m + read[end]!.text !== lines[end]) break;
      markers.push(m);
      end++;
    }
    if (end === n) {
      n++;
      continue;
    }
    const texts = read.slice(n, end).map((l) => l.text);
    const src = texts.join('\n');
    // (a text markdown-it could not read, were there one, prints as written: the message is shown, unstyled)
    const marked = /[*_~`[<]/.test(src) ? readStyles(src) : undefined;
    // (`@bob` in bob's colour, as the panel shows it: not in code, whose colour goes first)
    const mentions = people && src.includes('@') ? atMentionsIn(src, people.names) : [];
    const styles = mentions.length > 0 ? Uint16Array.from(marked ?? new Uint8Array(src.length)) : marked;
    for (const m of mentions) {
      const colour = people!.colourOf(m.nick) << MENTION_SHIFT;
      for (let i = m.at; i < m.end; i++) styles![i]! |= colour;
    }
    if (styles) {
      let at = 0;
      texts.forEach((text, k) => {
        let line = markers[k]!;
        let on = 0;
        for (let i = at; i < at + text.length; i++) {
          const s = styles[i]!;
          if (s !== on) line += change(on, s, bold);
          on = s;
          line += src[i];
        }
        line += change(on, 0, bold);
        if (line !== lines[n + k]) out.set(n + k, line);
        at += text.length + 1;
      });
    }
    n = end;
  }
  return out;
}

/**
 * Per line of a message's text in a quote (a reply's, a `> ` typed), by its index: how many characters its quote
 * markers take, to the last `>` (after a list item's indentation, before it, too): they print grey, as the panel
 * draws a quote's bar. A line of a code block in a quote has its markers too; a `>` that is code's is none. `read`:
 * as inlineStyles's.
 */
export function quoteMarkers(lines: readonly string[], read?: readonly MarkdownLine[]): Map<number, number> {
  const out = new Map<number, number>();
  if (!lines.some((l) => l.includes('>'))) return out;
  (read ?? markdownLines(lines).lines).forEach((line, n) => {
    const markers = markersOf(lines[n]!, line.text);
    const end = markers === undefined ? -1 : markers.lastIndexOf('>');
    if (end >= 0) out.set(n, end + 1);
  });
  return out;
}
