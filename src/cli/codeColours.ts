// A code card's syntax colours on a terminal, as `bat` paints code: highlight.js's scopes (src/protocol/codeHighlight.ts,
// the panel's highlighting) as a few of the 16 standard colours, those that read on a dark and a light terminal; a
// diff's (a language highlight.js reads as `diff`: diff, patch) as `git diff` paints it.

import type { HighlightBudget } from '../protocol/highlightBudget';
import { terminalMarkdown } from './laterBundle';
import { isDiffLanguage } from '../protocol/diffHunks';
import { markdownLines, markersOf, type MarkdownLine } from '../protocol/markdownLines';
import { diffColours } from './diffColours';

/**
 * The colour (SGR foreground) of a highlight.js scope, by its name and its sub-scopes' (`title` with `class_`);
 * DEFAULT: the terminal's own (interpolated code in a string reads as code); undefined: the colour around it.
 */
function colourOfScope(scope: string, subs: readonly string[]): number | undefined {
  switch (scope) {
    case 'comment':
    case 'quote':
      return 90; // (grey: dim on either background)
    case 'keyword':
    case 'meta':
    case 'selector-tag':
    case 'doctag':
      return 35;
    case 'string':
    case 'regexp':
    case 'symbol':
    case 'char':
    case 'link':
    case 'addition':
      return 32;
    case 'number':
    case 'literal':
    case 'selector-attr':
    case 'selector-pseudo':
      return 36;
    case 'title':
      return subs.includes('class_') ? 33 : 34;
    case 'type':
    case 'built_in':
      return 33;
    case 'attr':
    case 'attribute':
    case 'name':
    case 'section':
    case 'selector-id':
    case 'selector-class':
      return 34;
    case 'variable':
      return subs.includes('language_') ? 35 : undefined; // (`this`, `self`: as keywords)
    case 'deletion':
      return 31;
    case 'subst':
      return DEFAULT;
    default:
      return undefined;
  }
}

/** The terminal's default foreground colour (SGR 39: it undoes no bold). */
const DEFAULT = 39;

/** A piece of highlight.js's HTML: a scope's span opening, its closing, a character escaped, or text. */
const PIECE = /<span class="([^"]*)">|<\/span>|&(amp|lt|gt|quot|#x27);|[^<&]+/gy;
const UNESCAPED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', '#x27': "'" };

/**
 * The lines of `code` (as the terminal prints them: its line breaks split it) with colour escape sequences around its
 * tokens, each line ending in the default colour; undefined when it is printed plain: a language not bundled or none,
 * code longer than `max`, the second's highlighting time spent (`budget`; not for a language's first code), or
 * highlight.js's text not `code`'s own. A diff (diff, patch: whatever highlight.js reads as its `diff`) is in git's
 * colours (diffColours), whatever its length: no highlight.js, one look at each line.
 * Without its escape sequences each line is the same line of `code`, character for character.
 */
export function codeColours(code: string, language: string | undefined, max: number, budget: HighlightBudget): string[] | undefined {
  if (isDiffLanguage(language)) return diffColours(code.split('\n'));
  const html = terminalMarkdown().highlightedHtml(code, language, max, budget);
  if (html === undefined) return undefined;
  const lines: string[] = [];
  let line = '';
  /** The colour on in `line` (DEFAULT: none). */
  let on = DEFAULT;
  /** Per open span, the colour in it (its scope's, else its parent's). */
  const open: number[] = [];
  let text = '';
  /** `line` ends, in the default colour. */
  const endLine = () => {
    lines.push(on === DEFAULT ? line : `${line}\x1b[${DEFAULT}m`);
    line = '';
    on = DEFAULT;
  };
  const add = (piece: string) => {
    text += piece;
    const want = open.at(-1) ?? DEFAULT;
    const rows = piece.split('\n');
    rows.forEach((row, n) => {
      if (n > 0) endLine();
      if (row === '') return;
      if (want !== on) line += `\x1b[${want}m`;
      on = want;
      line += row;
    });
  };
  PIECE.lastIndex = 0;
  while (PIECE.lastIndex < html.length) {
    const m = PIECE.exec(html);
    if (m === null) break; // (not highlight.js's HTML as known: text differs from code below)
    const [piece, classes, escaped] = m;
    if (classes !== undefined) {
      const [first = '', ...subs] = classes.split(' ');
      open.push((first.startsWith('hljs-') ? colourOfScope(first.slice(5), subs) : undefined) ?? open.at(-1) ?? DEFAULT);
    } else if (piece === '</span>') open.pop();
    else add(escaped !== undefined ? (UNESCAPED[escaped] ?? '') : piece);
  }
  endLine();
  // (what it read is the code as given, or nothing is coloured: colours add escape sequences, and nothing else)
  return text === code ? lines : undefined;
}

/** A fence that opens a block of code: three or more backticks or tildes, then its info string (the language first). */
const FENCE = /^ {0,3}(`{3,}|~{3,})(.*)$/;
/** A fence that closes one: its characters alone (as many as the opening's at least, of the same: `startsWith`). */
const CLOSING = /^ {0,3}(`{3,}|~{3,}) *$/;

/**
 * The lines of a text's fenced code blocks in syntax colours (codeColours, by the language its fence names), by
 * their index in `lines`: the text's lines as Markdown reads them (markdownLines), blocks at the top level and in
 * quotes and list items alike. Only a block's code is coloured: a quote's `> ` and a list item's indentation before
 * it print as they are, and so do the fences, a block of no language or one not bundled, and one whose markers hold
 * a tab that is partly its code's indentation. Each block is highlighted on its own, within `max` and the second's
 * `budget`. `read`: the lines as markdownLines reads them, where the caller has that already.
 */
export function fencedColours(lines: readonly string[], max: number, budget: HighlightBudget, read: readonly MarkdownLine[] = markdownLines(lines).lines): Map<number, string> {
  const out = new Map<number, string>();
  for (let n = 0; n < lines.length; ) {
    const line = read[n]!;
    const open = line.code ? FENCE.exec(line.text) : null;
    if (!open) {
      n++;
      continue;
    }
    // (it ends at a fence of its character, as long at least, with nothing after it: or with its block, its
    // container's end among them)
    const [, fence = '', info = ''] = open;
    const closes = (k: number) => read[k]!.block === line.block && CLOSING.exec(read[k]!.text)?.[1]?.startsWith(fence) === true;
    let end = n + 1;
    while (end < lines.length && read[end]!.code && read[end]!.block === line.block && !closes(end)) end++;
    const markers = lines.slice(n + 1, end).map((l, k) => markersOf(l, read[n + 1 + k]!.text));
    if (end > n + 1 && markers.every((m): m is string => m !== undefined)) {
      const code = lines.slice(n + 1, end).map((l, k) => l.slice(markers[k].length));
      const coloured = codeColours(code.join('\n'), info.trim().split(/\s/)[0], max, budget);
      coloured?.forEach((l, k) => out.set(n + 1 + k, markers[k] + l));
    }
    n = end < lines.length && closes(end) ? end + 1 : end;
  }
  return out;
}
