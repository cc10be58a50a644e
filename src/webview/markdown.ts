// Chat text -> sanitised DOM. markdown-it (no raw HTML, explicit links only) renders, highlight.js colours fenced
// code, DOMPurify keeps a small allow-list, and a last pass makes `path/file.ts:42[:7]` into open-path links.
import DOMPurify from 'dompurify';
import EMOJI from 'markdown-it-emoji/lib/data/full.mjs'; // (the plugin's list of names; typed in src/shared/emojiNames.d.ts)
import { HIGHLIGHT_MAX, highlight } from './highlight';
import { replaceInText } from './dom';
import { pathMentionsIn, type PathMention } from './pathLinks';
import { firstInlineTokens, firstLinesOf, firstTokens, linesBefore, shownInline } from './firstLines';
import { emojiNamesIn } from '../protocol/emojiCompletion';
import { newChatMarkdown, SAFE_URL, shownLink } from '../protocol/chatMarkdown';

/**
 * Characters of fenced code the message being rendered may still have highlighted: each fence spends its length,
 * so a message of many fences costs no more than one long one (see HIGHLIGHT_MAX); the rest show as plain text.
 */
let fenceBudget = 0;

const md = newChatMarkdown((code, lang) => {
  const max = fenceBudget;
  fenceBudget -= code.length;
  return highlight(code, lang || undefined, max);
});
// a table column's alignment as a class: the sanitiser keeps no style attribute
for (const type of ['th_open', 'td_open']) {
  md.renderer.rules[type] = (tokens, idx, options, _env, self) => {
    const cell = tokens[idx];
    const align = cell && /^text-align:(left|center|right)$/.exec(String(cell.attrGet('style') ?? ''))?.[1];
    if (cell && align) {
      cell.attrs = (cell.attrs ?? []).filter(([name]) => name !== 'style');
      cell.attrJoin('class', `align-${align}`);
    }
    return self.renderToken(tokens, idx, options);
  };
}

/** The most columns of a line's indent kept (a hostile line of thousands of spaces is no indent to draw). */
export const MAX_INDENT = 24;
/**
 * A line's indent, kept: markdown-it drops the spaces and tabs a paragraph's next line starts with, and a pasted
 * stack trace lost its shape (a Python traceback's code under its `File` lines, a Node one's `    at`, a Go one's
 * tab). They stay as no-break spaces (HTML would fold spaces; a tab is to the next column of 4), at most
 * MAX_INDENT columns; a line's own spaces after its first word fold as before.
 */
type InlineRule = Parameters<typeof md.inline.ruler.at>[1];
const newlineRule = md.inline.ruler.__rules__[md.inline.ruler.__find__('newline')]?.fn as InlineRule;
md.inline.ruler.at('newline', (state, silent) => {
  const start = state.pos;
  if (!newlineRule(state, silent)) return false;
  if (silent) return true;
  let col = 0;
  for (let i = start + 1; i < state.pos; i++) col += state.src[i] === '\t' ? 4 - (col % 4) : 1;
  if (col > 0) state.pending += '\u00a0'.repeat(Math.min(col, MAX_INDENT));
  return true;
});

/**
 * Table cells one message may have (markdown-it fills each short row up to the header's columns: 15 KB of `|`
 * rows under a 100-column header made 590,000 cells, 2 s to parse and 20 s to draw). A table that would take
 * the message past it is shown as its text.
 */
export const MAX_TABLE_CELLS = 2_000;
/** Cells the message being parsed may still have in its tables (see MAX_TABLE_CELLS). */
let cellBudget = 0;
type BlockRule = Parameters<typeof md.block.ruler.at>[1];
const tableRule = md.block.ruler.__rules__[md.block.ruler.__find__('table')]?.fn as BlockRule;
md.block.ruler.at('table', (state, startLine, endLine, silent) => {
  // (is it a table at all: the rule's own check of the header and delimiter rows, which counts nothing)
  if (!tableRule(state, startLine, endLine, true)) return false;
  if (silent) return true;
  // at most: the delimiter row's columns, for each row up to the next blank line (what the rule would fill)
  const lineAt = (l: number) => state.src.slice(state.bMarks[l]! + state.tShift[l]!, state.eMarks[l]);
  let rows = 1;
  while (startLine + 1 + rows < endLine && lineAt(startLine + 1 + rows).trim() !== '') rows++;
  const cells = lineAt(startLine + 1).split('|').length * rows;
  if (cells > cellBudget) return false;
  cellBudget -= cells;
  return tableRule(state, startLine, endLine, false);
});

const ALLOWED_TAGS = ['p', 'br', 'strong', 'b', 'em', 'i', 's', 'del', 'code', 'pre', 'a', 'span', 'ul', 'ol', 'li', 'blockquote', 'table', 'thead', 'tbody', 'tr', 'th', 'td'];
const ALLOWED_ATTR = ['href', 'class', 'title', 'start'];

/**
 * The sanitiser with its hooks, made at its first use rather than at load: the Markdown is parsed where there is no
 * page too (the tests that hold a folded message's parse to the whole one run in Node).
 */
let purify: ReturnType<typeof DOMPurify> | undefined;
function purifier(): ReturnType<typeof DOMPurify> {
  if (purify) return purify;
  purify = DOMPurify(window);
  purify.addHook('uponSanitizeAttribute', (node, data) => {
    if (data.attrName === 'class') {
      // Only highlight.js and fence classes, and a table cell's alignment: chat text must not borrow the panel's own
      // styles. highlight.js marks a sub-scope with trailing underscores (`hljs-title class_`, `function_ invoke__`);
      // the panel's own classes never end with one.
      const cell = node.nodeName === 'TD' || node.nodeName === 'TH';
      data.attrValue = data.attrValue.split(/\s+/).filter((c) => /^(hljs(-[\w-]+)?|language-[\w+#.-]+|[a-z]+_{1,2})$/.test(c) || (cell && /^align-(left|center|right)$/.test(c))).join(' ');
      if (data.attrValue === '') data.keepAttr = false;
    }
    if (data.attrName === 'href' && !SAFE_URL.test(data.attrValue.trim())) data.keepAttr = false;
  });
  purify.addHook('afterSanitizeAttributes', (node) => {
    if (node.nodeName === 'A') {
      const href = node.getAttribute('href');
      if (href === null || !SAFE_URL.test(href)) {
        node.removeAttribute('href');
      } else {
        node.setAttribute('class', 'link');
        node.setAttribute('title', href);
      }
    }
  });
  return purify;
}


/**
 * What path links are not looked for in: links, and code blocks in a language (code, where `a.b:1` is no
 * place). A block without one, or of plain text or a log, is where a stack trace or a compiler's output is pasted.
 */
const NO_PATH_LINKS = `a, pre > code[class]${['text', 'txt', 'plaintext', 'plain', 'log', 'output'].map((l) => `:not(.language-${l})`).join('')}`;


/**
 * Wraps path:line mentions (pathMentionsIn) in text nodes with open-path links (not inside links or code in a
 * language: NO_PATH_LINKS).
 */
export function linkifyPaths(root: Node): void {
  replaceInText(root, NO_PATH_LINKS, (s, t) => {
    const code = t.parentElement;
    const wholeCode = code?.localName === 'code' && code.parentElement?.localName !== 'pre' && code.childNodes.length === 1;
    return pathMentionsIn(s, wholeCode).map(pathLink);
  });
}

/** The open-path link for a mention. */
function pathLink({ at, text, path, line, column, endLine }: PathMention): { at: number; end: number; el: HTMLElement } {
  const a = document.createElement('a');
  a.className = 'path-link';
  a.dataset.path = path;
  a.dataset.line = line;
  if (column !== undefined) a.dataset.column = column;
  // a range backwards (`a.ts:20-12`) opens at its first line, as a line alone would
  const range = endLine !== undefined && Number(endLine) > Number(line);
  if (range) a.dataset.endLine = endLine;
  a.href = '#';
  a.title = `Open ${path} at ${range ? `lines ${line}\u2013${endLine}` : `line ${line}`}${column !== undefined ? `, column ${column}` : ''}`;
  a.textContent = text;
  return { at, end: at + text.length, el: a };
}

/**
 * Wraps the http(s) links in the text nodes of `root` as a message's links are (text that is no Markdown: a
 * topic), found as markdown-it finds them in a message; what else a link would need (the click) is the
 * panel's, for every link alike.
 */
export function linkifyUrls(root: Node): void {
  replaceInText(root, 'a', (s) => (md.linkify.match(s) ?? []).filter((m) => SAFE_URL.test(m.url)).map((m) => {
    const a = document.createElement('a');
    a.className = 'link';
    a.href = m.url;
    a.title = m.url;
    a.textContent = shownLink(m.text);
    return { at: m.index, end: m.lastIndex, el: a };
  }));
}

/**
 * Turns the emoji names in the text nodes of `root` (outside links) into their emoji, as a message shows them
 * (text that is no Markdown: a topic), as the terminal does (emojiNamesIn).
 */
export function emojifyNames(root: Node): void {
  replaceInText(root, 'a', (s) => emojiNamesIn(s, EMOJI).map(({ at, end, emoji }) => ({ at, end, el: document.createTextNode(emoji) })));
}

/** Sanitises an HTML string from markdown-it or highlight.js into a fragment. */
export function sanitize(html: string): DocumentFragment {
  return purifier().sanitize(html, {
    ALLOWED_TAGS,
    ALLOWED_ATTR,
    ALLOW_DATA_ATTR: false,
    ALLOW_ARIA_ATTR: false,
    RETURN_DOM_FRAGMENT: true,
  });
}

/**
 * Text that markdown would render as one plain paragraph: letters, digits, single spaces and punctuation that
 * is not markdown syntax, not starting like a list. Such text skips the markdown and sanitiser passes.
 */
const PLAIN = /^(?![-+]\s|\d+[.)]\s)[\p{L}\p{N},.;'"?!()%$@=+-]+(?: [\p{L}\p{N},.;'"?!()%$@=+-]+)*$/u;

/**
 * Chat text rendered: the sanitised fragment (with path:line links), whether it was `cut` (to its first `max` lines:
 * see firstLines.ts), and then the whole code of each block of code, in order (a block cut shows its first lines).
 */
export interface RenderedMarkdown {
  frag: DocumentFragment;
  cut: boolean;
  codes: readonly string[];
}

/** Markdown chat text as a sanitised fragment, with path:line links: all of it, or its first `max` lines. */
export function renderMarkdown(text: string, max = Infinity): RenderedMarkdown {
  if (PLAIN.test(text)) {
    // (one line: folded, its first characters)
    const first = max === Infinity ? null : firstLinesOf(text, max);
    const frag = document.createDocumentFragment();
    const p = document.createElement('p');
    p.textContent = first ?? text;
    frag.append(p);
    return { frag, cut: first !== null, codes: [] };
  }
  const rendered = markdownHtml(text, max);
  if (!rendered) return asText(text, max);
  const frag = sanitize(rendered.html);
  linkifyPaths(frag);
  numberWidths(frag);
  return { frag, cut: rendered.cut, codes: rendered.codes };
}

/**
 * What markdown-it renders of chat text, before it is sanitised: all of it, or its first `max` lines (`cut` when that
 * is not all of it, with the whole code of each block of code then, for Copy); null when it is shown as written
 * (tooDeep, tooManyBlocks). `inline` for a `/me` (md.parseInline: no blocks). Folded, only what it shows is parsed
 * to its inline content (parseFirst); `parseAll` parses all of it first, as the panel did before: what the tests
 * hold that to.
 */
export function markdownHtml(text: string, max = Infinity, inline = false, parseAll = false): { html: string; cut: boolean; codes: readonly string[] } | null {
  fenceBudget = HIGHLIGHT_MAX;
  cellBudget = MAX_TABLE_CELLS;
  const env: Env = {};
  const parsed = max === Infinity || parseAll ? parseAllOf(text, env, max, inline) : parseFirst(text, env, max, inline);
  if (!parsed) return null;
  const codes = parsed.cut ? parsed.blocks.filter((t) => t.type === 'fence' || t.type === 'code_block').map((t) => t.content) : [];
  return { html: md.renderer.render(parsed.tokens, md.options, env), cut: parsed.cut, codes };
}

/** A text's tokens (firstTokens's: `cut` when not all), and all its block tokens; null when too deep or of too many blocks. */
type Parsed = { tokens: MdToken[]; cut: boolean; blocks: readonly MdToken[] } | null;

/** All of a text parsed (md.parse, md.parseInline), then cut to its first `max` lines. */
function parseAllOf(text: string, env: Env, max: number, inline: boolean): Parsed {
  const tokens = inline ? md.parseInline(text, env) : md.parse(text, env);
  if (tooDeep(tokens) || tooManyBlocks(tokens)) return null;
  if (max === Infinity) return { tokens, cut: false, blocks: tokens };
  return { ...(inline ? firstInlineTokens : firstTokens)(tokens, linesBefore(text), max), blocks: tokens };
}

/**
 * A folded text's first `max` lines parsed as md.parse parses them, step by step, but for the inline content of what
 * is not shown: a log of 32,768 lines was parsed whole to show 48 (~32 ms). Its blocks are parsed whole (a tenth
 * of that: a fence closed far below, a list loose by a blank line below it, the links defined at the end, the
 * cells a table may have and the checks above read as in the whole); then the inline content of the blocks shown,
 * which markdown-it parses each alone, with the links the blocks defined; the paragraph across the fold only to
 * its lines within it and one more, when that reads them alike (shownInline). foldedMarkdown.test holds it to
 * parseAllOf's.
 */
function parseFirst(text: string, env: Env, max: number, inline: boolean): Parsed {
  const state = new md.core.State(text, md, env);
  state.inlineMode = inline;
  const rules = md.core.ruler.__rules__.filter((r) => r.enabled);
  const inlineStage = rules.findIndex((r) => r.name === 'inline');
  for (const rule of rules.slice(0, inlineStage)) rule.fn(state);
  const blocks = state.tokens;
  if (tooDeep(blocks) || tooManyBlocks(blocks)) return null;
  const before = linesBefore(text);
  const kept = inline ? { tokens: [...blocks], cut: false } : firstTokens(blocks, before, max);
  // (the paragraph across the fold is the last kept; its inline content not parsed yet, so not cut yet)
  let last = kept.tokens.length - 1;
  while (last >= 0 && kept.tokens[last]!.type !== 'inline') last--;
  const across = kept.tokens[last];
  const shown = across?.map ? shownInline(across, across.map[0], before, max) : null;
  if (shown) kept.tokens[last] = shown;
  state.tokens = kept.tokens;
  for (const rule of rules.slice(inlineStage)) rule.fn(state);
  const first = (inline ? firstInlineTokens : firstTokens)(state.tokens, before, max);
  if (shown && !first.cut) {
    // Its line breaks end its lines within the fold at none of them (a code span across them takes theirs), so the
    // whole parse cuts it further down: parsed whole, as there (the links it defines the same again).
    cellBudget = MAX_TABLE_CELLS;
    return parseAllOf(text, env, max, inline);
  }
  return { tokens: first.tokens, cut: kept.cut || shown !== null || first.cut, blocks };
}

/**
 * Whether markdown-it reached its nesting limit, past which it leaves the rest of the text out: fifty nested list
 * markers (or a hundred `>`) before `@me the deploy key` showed empty bullets, with the words gone from the row and
 * from Find.
 */
function tooDeep(tokens: readonly MdToken[]): boolean {
  const limit = md.options.maxNesting - 1;
  return tokens.some((t) => t.level >= limit);
}

/**
 * Blocks of code one message may have as Markdown: 2,000 empty fences (16,000 characters) took the panel 100 ms to
 * draw, a box each, for every member, ten times a second from one member at the room's rate.
 * A message with more is shown as written (no one writes a hundred blocks to be read as blocks).
 */
export const MAX_CODE_BLOCKS = 100;

function tooManyBlocks(tokens: readonly MdToken[]): boolean {
  let blocks = 0;
  for (const t of tokens) if ((t.type === 'fence' || t.type === 'code_block') && ++blocks > MAX_CODE_BLOCKS) return true;
  return false;
}

/**
 * `text` as it was written, its lines kept (its first `max`): what a message too deep for Markdown, or of too many
 * blocks, shows.
 */
function asText(text: string, max: number): RenderedMarkdown {
  const first = max === Infinity ? null : firstLinesOf(text, max);
  const frag = document.createDocumentFragment();
  const p = document.createElement('p');
  (first ?? text).split('\n').forEach((line, i) => {
    if (i > 0) p.append(document.createElement('br'));
    p.append(line);
  });
  frag.append(p);
  linkifyPaths(frag);
  return { frag, cut: first !== null, codes: [] };
}

/**
 * Marks each numbered list whose numbers have more than two digits (`digits-N`): the list's padding holds two, and
 * `2024. was a good year` showed `024.`.
 */
function numberWidths(root: DocumentFragment): void {
  for (const ol of Array.from(root.querySelectorAll('ol'))) {
    const last = Number(ol.getAttribute('start') ?? '1') + ol.children.length - 1;
    const digits = String(Math.max(1, Math.floor(last))).length;
    if (digits > 2) ol.classList.add(`digits-${Math.min(digits, 10)}`);
  }
}

type MdToken = ReturnType<typeof md.parse>[number];
/** What a parse keeps of a text beside its tokens (the links it defines). */
type Env = Parameters<typeof md.parse>[1];

function tokenText(tokens: readonly MdToken[], out: string[]): void {
  for (const t of tokens) {
    if (t.children) tokenText(t.children, out);
    // (an emoji name's emoji: what the page shows, and so what find can mark)
    else if (t.type === 'text' || t.type === 'emoji' || t.type === 'code_inline' || t.type === 'fence' || t.type === 'code_block') out.push(t.content);
    // (a table's cells apart, as paragraphs are: the page has a line break between them too, so what is found is
    // what can be marked)
    else if (t.type === 'softbreak' || t.type === 'hardbreak' || t.type === 'paragraph_close' || t.type === 'list_item_close' || t.type === 'th_close' || t.type === 'td_close') out.push('\n');
  }
}

/** The words markdown text shows, without its syntax ("hi **all**" -> "hi all"): what a reader finds it by. */
export function markdownText(text: string, inline = false): string {
  if (PLAIN.test(text)) return text;
  const out: string[] = [];
  cellBudget = MAX_TABLE_CELLS;
  const tokens = inline ? md.parseInline(text, {}) : md.parse(text, {});
  if (tooDeep(tokens)) return text; // (shown as written: see renderMarkdown)
  tokenText(tokens, out);
  return out.join('').trim();
}

/** Markdown for one line of text (e.g. a /me action): no paragraphs. All of it, or its first `max` lines (`cut`). */
export function renderInlineMarkdown(text: string, max = Infinity): { frag: DocumentFragment; cut: boolean } {
  const rendered = markdownHtml(text, max, true)!; // (no blocks: never too deep, nor of too many)
  // (without the line break markdown-it writes after each <br>: a /me keeps its blanks as written, pre-wrap, and
  // showed an empty line between each two of its lines)
  const frag = sanitize(rendered.html.replace(/<br>\n/g, '<br>'));
  linkifyPaths(frag);
  return { frag, cut: rendered.cut };
}
