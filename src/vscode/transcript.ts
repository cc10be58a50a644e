// A conversation as a Markdown document, for keeping after a pairing session (TCP Chat: Save Conversation as
// Markdown): who said what and when, code as fenced blocks with their file and lines, messages as they are now
// (edited, deleted, with their reactions), joins and the like as quiet lines. Pure: no vscode here.

import type { CodeRef, DmEvent, PanelDm, PanelRoom, PanelSnapshot, RoomEvent } from '../shared/panelMessages';
import type { Role } from '../protocol/messages';
import { plainText } from '../protocol/plainFormat';
import { clockOf, dateOf } from '../protocol/localTime';
import { sentUnder } from '../protocol/ownDm';
import { withCommas } from '../protocol/counts';

export interface TranscriptInfo {
  /** Your nickname (direct messages name the other side). */
  me: string;
  /** Every nickname you had in the session (direct messages written under an earlier one are yours too). */
  nicks?: readonly string[];
  /** When each of `nicks` became yours, where known (between two of them, a direct message is the one you had then). */
  nickSince?: readonly (readonly [string, number])[];
  /** The room's address (`host:port`), '' when the window left it. */
  address: string;
  /** When it is saved (ms since the epoch); dates and times are the machine's local ones. */
  savedAt: number;
}

/**
 * Text on one line, as written, in Markdown: names, topics, system lines. Its web and e-mail addresses are
 * autolinks (WEB_OR_MAIL); the rest has Markdown's inline syntax escaped (escapeText).
 */
export function escapeInline(s: string): string {
  return autolinked(s.replace(/\s+/g, ' '), escapeText);
}

/**
 * A nickname or a room name in Markdown: escaped as text is (escapeText), its dots too: the preview makes a link of
 * `evil.com` (linkify's fuzzy links) and an address of `www.evil.com`, which a name is not, whoever chose it.
 */
export function escapeName(s: string): string {
  return escapeText(s).replace(/\./g, '&#46;');
}

/**
 * `text` with its web and e-mail addresses as autolinks (`<https://x.example/a>`), the rest as `rest` makes it. A
 * URL left in text is made a link by the preview (linkify) from the text as written: it would take an escape after
 * it in (`https://x.example/a&lt;img`, `…/\$x`); an autolink ends where it says. `needed`: false for an address
 * that can stay as it is (a message's, in what may be a code span, where an autolink would show its `<>`).
 */
function autolinked(text: string, rest: (s: string) => string, needed: (address: string, after: string) => boolean = () => true): string {
  let out = '';
  let at = 0;
  const addresses = new RegExp(WEB_OR_MAIL);
  for (let m = addresses.exec(text); m !== null; m = addresses.exec(text)) {
    // (a web address's trailing punctuation goes on as text)
    const end = m.groups?.web === undefined ? m[0].length : shownLength(m[0].slice(0, urlLength(m[0])));
    if (!needed(m[0].slice(0, end), text.slice(m.index + end))) continue;
    // (what an address is cut short of is looked through again: `http://www.::\https://x.example/` has a second one,
    // which the preview would make a link of, over the emphasis it is in)
    addresses.lastIndex = m.index + Math.max(end, 1);
    const before = rest(text.slice(at, m.index));
    // (a lone backslash before it would escape the autolink's `<`: it is itself)
    out += /(?:^|[^\\])(?:\\\\)*\\$/.test(before) ? `${before.slice(0, -1)}&#92;` : before;
    out += `<${/^www\./i.test(m[0]) ? 'http://' : ''}${m[0].slice(0, end)}>`;
    at = m.index + end;
  }
  return out + rest(text.slice(at));
}

/**
 * Text with Markdown's inline syntax escaped, as character references (`&#60;`), not with a backslash: a URL the
 * preview makes a link of (linkify) takes a backslash after it in and leaves the character bare
 * (`https://x.example/\<img ...>` is an `<img>`); a reference is text whatever is before it. (`&` where it would
 * start a reference, so that one is read as written; `$` opens math in VS Code's.)
 */
function escapeText(s: string): string {
  return s.replace(/[\\`*_[\]<>#|~$]|&(?=#?\w+;)/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * A web address, up to a space, `<` or `>` (as markdown-it's linkify and GitHub end one; urlLength takes off what
 * follows it). What has no host (`https://[]`, `http://x::`) is left as text: the preview would not show it as
 * written.
 */
const WEB = new RegExp(
  // its scheme, or `www.`, where no letter or digit is before it (as linkify's: nor a host's part before `www.`)
  String.raw`(?:(?<![a-z0-9])(?:https?|ftp):\/\/|(?<![\w./@-])www\.)` +
    // a host (after a user's name): a letter or digit first, or an IPv6 address in brackets; a port of digits
    String.raw`(?=(?:[^\s/?#<>@[\]]{1,256}@)?(?:[a-z0-9\xa0-\uffff][\w\xa0-\uffff.-]*|\[[\da-f.]*:[\da-f:.]*\])(?::\d+)?(?![\w\xa0-\uffff:@[\]-]|\.[\w\xa0-\uffff]))` +
    String.raw`[^\s\x00-\x1f\x7f-\x9f<>]+`,
);

/**
 * An e-mail address as CommonMark's autolinks have one (of fewer characters before its `@`), where nothing of one
 * is before or after it: no address the preview leaves as text is made a link to a part of it (`a*b@example.com`
 * is no link to `b@example.com`).
 */
const MAIL = /(?<![\w.!#$%&'*+/=?^`{|}~;:,"@-])(?:mailto:)?[\w.%+-]+@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+(?![\w@-]|\.[\w-])/;

/**
 * A web or e-mail address, which the Markdown preview makes a link of. Escaped as the text around it, it would be
 * a wrong one: linkify takes the references in (`.../12&#35;comment`), or stops at the first (`www.example.com/a`
 * of `www.example.com/a_b`). So it is written as it is, in an autolink: `<https://github.com/a/b/issues/12#comment>`,
 * `<a_b@example.com>`, a `www.` one with the `http://` the preview gives it (and shows, here). Nothing in an
 * autolink is Markdown or HTML (no emphasis, code span, link, math or reference; a backslash is itself), and nothing
 * ends it but a `>`: it holds no space, control character, `<` or `>` (CommonMark takes it for an autolink then, or
 * for text, never for HTML). Around it the text is escaped as ever, so nothing opened outside it closes inside it.
 * (Not `u` regexes: with `i`, their `[a-z]` and `\w` would take the Kelvin sign and the long s, which no autolink holds.)
 */
const WEB_OR_MAIL = new RegExp(`${MAIL.source}|(?<web>${WEB.source})`, 'gi');

/** Punctuation after a web address, a sentence's (`see https://x.example/a.`), GitHub's list and quotes. */
const TRAILING = `?!.,:;*_~'"`;

/**
 * How much of `run` (a web address and what follows it up to a space) is the address: without the punctuation
 * after it (TRAILING) nor a closing bracket it did not open (`(see https://x.example/a)`), as GitHub's autolinks
 * end; Wikipedia's `Foo_(bar)` keeps its own.
 */
function urlLength(run: string): number {
  const unopened = [0, 0, 0]; // of `)`, `]` and `}`: closed more often than opened
  for (const ch of run) {
    const close = ')]}'.indexOf(ch);
    const open = '([{'.indexOf(ch);
    if (close >= 0) unopened[close]!++;
    else if (open >= 0) unopened[open]!--;
  }
  let end = run.length;
  while (end > 0) {
    const ch = run[end - 1]!;
    const close = ')]}'.indexOf(ch);
    if (close >= 0 && unopened[close]! > 0) unopened[close]!--;
    else if (!TRAILING.includes(ch)) break;
    end--;
  }
  return end;
}

/**
 * How much of a web address (`address`, as urlLength ends it) the preview shows as written. Its URL parser (mdurl)
 * takes the host up to the first character no host has (`%/?;#'` and those it escapes), less one `:` at its end;
 * then a `:` and digits at the end of that as the port, which it writes right after the host's valid labels
 * (`http://example.com*:12` reads `http://example.com:12*`) or, with no digits, drops (`http://example.com*,.::`
 * reads with one colon); and it drops a host of over 255 characters. Such an address ends before that colon, or
 * at 255 characters of host (then without the punctuation before that, as an address ends), and again if what is
 * left would be moved: the rest is text.
 */
function shownLength(address: string): number {
  // (a `www.` address is written with `http://` before it)
  const from = /^www\./i.test(address) ? 0 : address.indexOf('//') + 2;
  const afterScheme = address.slice(from);
  const pathAt = afterScheme.search(/[/?#]/);
  const hostAt = from + 1 + (pathAt < 0 ? afterScheme.lastIndexOf('@') : afterScheme.lastIndexOf('@', pathAt));
  let host = /^[^%/?;#'{}|\\^`<>"\s]*/.exec(address.slice(hostAt))![0];
  if (host.endsWith(':')) host = host.slice(0, -1);
  const port = /:\d*$/.exec(host);
  if (port) host = host.slice(0, port.index);
  // mdurl's hostname: its labels up to one with a character no label has (non-ASCII ones count as letters)
  const labels = host.split('.');
  const bad = /^\[.*\]$/.test(host) ? -1 : labels.findIndex((l) => !/^[+\w-]{0,63}$/.test(l.replace(/[\u0080-\uffff]/g, 'x')));
  const shownHost = bad < 0 ? host : [...labels.slice(0, bad), /^[+\w-]{0,63}/.exec(labels[bad]!)![0]].join('.');
  // (what is left may end in a port the preview moves again, `…@example.com!a:12` of `…!a:12:12`: cut until it shows as written)
  const cut = (n: number) => (n < address.length ? shownLength(address.slice(0, n)) : n);
  if (shownHost.length > 255) return cut(urlLength(address.slice(0, hostAt + 255)));
  if (port && (port[0] === ':' || bad >= 0)) return cut(urlLength(address.slice(0, hostAt + port.index)));
  return address.length;
}

/** A fence longer than any run of backticks in `code` (three at least). */
function fenceFor(code: string): string {
  const longest = Math.max(0, ...[...code.matchAll(/`+/g)].map((m) => m[0].length));
  return '`'.repeat(Math.max(3, longest + 1));
}

/** "`src/a.ts:12-15` (typescript)", or '' for code shared from no file and in no language. */
function codeLabel(code: CodeRef | undefined): string {
  if (!code) return '';
  const lines = code.startLine ? `:${code.startLine}${code.endLine && code.endLine !== code.startLine ? `-${code.endLine}` : ''}` : '';
  const path = code.path ? `\`${code.path.replace(/`/g, "'").replace(/\s+/g, ' ')}${lines}\`` : '';
  const where = code.path && code.outside ? ' (outside the workspace)' : '';
  const language = code.language ? ` (${escapeInline(code.language)})` : '';
  return `${path}${where}${language}`.trim();
}

/**
 * The opening line of a fenced code block (a backtick fence's info has no backtick), where CommonMark opens one in
 * this message's quote whatever came before: at the line's start. (Indented, it may belong to a list item, and
 * end with it: then what follows is no code. Such a fence is taken for text, its `<` made inert.) Its info is
 * `[^]*`, not `.*`: `.` stops at U+2028 and U+2029, which are no line break to a Markdown reader.
 */
const OPENING = /^(?:(`{3,})[^`]*|(~{3,})[^]*)$/;
/** A closing fence: the fence's character, at least as many, nothing after but spaces and tabs. */
const CLOSING = /^ {0,3}(`{3,}|~{3,})[ \t]*$/;

/** What is after a line's first 4 columns of indentation (tabs to the next multiple of 4), as written. */
function pastIndent(line: string): string {
  let col = 0;
  let i = 0;
  for (; i < line.length && col < 4 && (line[i] === ' ' || line[i] === '\t'); i++) col = line[i] === '\t' ? col + 4 - (col % 4) : col + 1;
  return line.slice(i);
}

/**
 * `line` with its leading tabs as the spaces CommonMark takes them for (tab stops of 4), the line starting at column
 * `from`: fences are judged on that. A line of a message is written after the quote's `> ` (`from` 2), where a tab
 * reaches less far than at a line's start.
 */
function expandIndent(line: string, from = 0): string {
  const lead = /^[ \t]*/.exec(line)![0];
  if (!lead.includes('\t')) return line;
  let col = from;
  for (const ch of lead) col = ch === '\t' ? col + 4 - (col % 4) : col + 1;
  return ' '.repeat(col - from) + line.slice(lead.length);
}

/**
 * The runs of backticks in a text by their length, to find the run that closes a code span: the first of the same
 * length after it. Looked for from the text each time, every run that found none scanned the rest of the text
 * again: a message of runs of many lengths took 21 s to save. Asked in the order of the text, each list is
 * walked once.
 */
class BacktickRuns {
  /** Length -> where the runs of that length start, in order; and how far into each list the asking is. */
  readonly #starts = new Map<number, number[]>();
  readonly #at = new Map<number, number>();

  constructor(text: string) {
    for (let i = text.indexOf('`'); i >= 0; i = text.indexOf('`', i)) {
      let n = 1;
      while (text[i + n] === '`') n++;
      const list = this.#starts.get(n);
      if (list) list.push(i);
      else this.#starts.set(n, [i]);
      i += n;
    }
  }

  /** Where the first run of exactly `n` backticks at or after `from` starts, or -1 (`from` never goes back). */
  next(n: number, from: number): number {
    const list = this.#starts.get(n);
    if (!list) return -1;
    let k = this.#at.get(n) ?? 0;
    while (k < list.length && list[k]! < from) k++;
    this.#at.set(n, k);
    return list[k] ?? -1;
  }
}

/**
 * `text` (Markdown outside fenced code) with what would load or run something in a Markdown preview made text:
 * every `<` (HTML: an `<img>` fetches from a server of the writer's choosing, `<!--` hides the rest of a block) and
 * every `![` (an image) and every `$` (math, in VS Code's preview), but inside code spans (`Map<K, V>` stays as
 * written), which `codeSpans` says whether to tell apart. The chat panel renders neither HTML nor images.
 */
function inert(text: string, codeSpans: boolean, math = true): string {
  let out = '';
  let i = 0;
  let closers: BacktickRuns | undefined;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '\\' && /[!-/:-@[-`{-~]/.test(text[i + 1] ?? '')) {
      // an escaped character is itself, whatever it is (an escaped backtick opens no code span); but a URL made a
      // link may take the backslash in (linkify): an escaped `<` is made text all the same, an escaped `![` both
      const next = text[i + 1];
      const image = next === '!' && text[i + 2] === '[';
      out += next === '<' ? '&lt;' : image ? '\\!\\[' : text.slice(i, i + 2);
      i += image ? 3 : 2;
    } else if (ch === '`' && codeSpans) {
      // CommonMark's code span: a run of n backticks, up to the next run of exactly n; without one, the run is text
      let n = 1;
      while (text[i + n] === '`') n++;
      closers ??= new BacktickRuns(text);
      const close = closers.next(n, i + n);
      const to = close < 0 ? i + n : close + n;
      out += text.slice(i, to);
      i = to;
    } else if (ch === '<') {
      out += '&lt;';
      i++;
    } else if (ch === '!' && text[i + 1] === '[') {
      out += '!\\[';
      i += 2;
    } else if (ch === '$' && math) {
      // VS Code's preview renders math between `$`s: KaTeX can draw over the messages around (`\raisebox`)
      out += '\\$';
      i++;
    } else {
      out += ch;
      i++;
    }
  }
  return out;
}

/**
 * A line that can only go on a paragraph, never start a block of its own or end one: it starts with a letter, a
 * digit that is no list number, a backtick or two, or punctuation that means nothing at a line's start. (Not:
 * indentation, `#`, `>`, `-`, `*`, `+`, `=`, `_`, `|`, `:`, `[`, `<`, `~`.)
 */
const PLAIN_LINE = /^(?:[\p{L}\p{So}("'@/.,;?!$%&]|`(?!``)|(?=\p{N})(?!\p{N}+[.)]))/u;

/**
 * The lines of one paragraph made inert. Code spans are told apart where a Markdown reader parses these lines as
 * this one paragraph: a single line (whatever block it is, a code span cannot leave it), or lines that each only
 * go on a paragraph. Elsewhere (a heading over a line, a table, ...) every `<` is made text, in code spans too,
 * where it reads `&lt;`: a code span guessed where the reader sees none would let an `<img>` through.
 */
function inertParagraph(lines: string[]): string[] {
  const text = lines.join('\n');
  // (math needs two `$`s in one paragraph: with one, `echo $HOME` in a code span stays as written, which it does
  // not once escaped where code spans are not told apart)
  const math = text.indexOf('$') !== text.lastIndexOf('$');
  if ((lines.length > 1 && !lines.every((l) => PLAIN_LINE.test(l))) || CONSUMES_BACKTICKS.test(text)) {
    const code = text.includes('`');
    return lines.map((l) => inertLine(l, math, code));
  }
  return inert(text, true, math).split('\n');
}

/**
 * What a Markdown reader may read before a code span and take a backtick into: a link's destination or title
 * (`](`), a URL or e-mail address the preview makes a link of (markdown-it's linkify, GitHub's autolinks). In a
 * paragraph with any of these, code spans are not told apart. (Not math: a `$` that could open it is escaped.)
 */
const CONSUMES_BACKTICKS = /\]\(|(?:https?|ftp|mailto):|\/\/|www\.|[\w.+-]@[\w-]+\./i;

/**
 * A line made inert where code spans are not told apart (inertParagraph), with an address the preview would make a
 * link of up to an escape (a `<` made `&lt;` after it, a `$` made `\$` in it) as an autolink; the others as written.
 * Not where a code span may be (`code`: a backtick in the paragraph): there an autolink would show its `<>`
 * (`https://x.example/users/<id>`).
 */
function inertLine(line: string, math: boolean, code: boolean): string {
  const made = (part: string) => inert(part, false, math);
  if (code) return made(line);
  // (the punctuation urlLength left after it: linkify takes it back in, and the escape after it)
  return autolinked(line, made, (address, after) => made(address) !== address || /^[?!.,:;*_~'")\]}]*[<\\$]/.test(after));
}

/**
 * Where a line could start a link reference definition (`[docs]: https://...`): its `[` after indentation and the
 * markers of quotes and list items. A definition in one message would be the whole document's, its link the target
 * of everyone's `[docs]`, and itself not shown: that `[` is escaped (an escaped `[` opens no label). Not a task
 * list's box (`- [ ] task`, `- [x] done`): no definition, and GitHub draws a checkbox for it.
 */
const DEFINITION_START = /^([ \t]*(?:(?:>|[-+*]|\d{1,9}[.)])[ \t]*)*)\[(?![ xX]\](?:[ \t]|$))/;

/** A fence indented 1-3 spaces: a code block's opening at the quote's top level, or a line of a list item's. */
const INDENTED_FENCE = /^ {1,3}(?:`{3,}[^`]*|~{3,}[^]*)$/;

/** A line that starts a list item (after any quote markers): lines indented after it go on it, not code. */
const LIST_ITEM = /^[ \t]*(?:>[ \t]*)*(?:[-+*]|\d{1,9}[.)])(?:[ \t]|$)/;

/** A line of a message's text (made inert) in its quote: no link definition starts it, a hard break ends it. */
function quoteLine(line: string): string {
  return `> ${line.replace(DEFINITION_START, '$1\\[')}  `;
}

/**
 * A message's text as the lines of a Markdown quote: as written (chat messages are Markdown), each line break kept
 * (two spaces: a hard break where Markdown would join the lines), nothing that loads or hides anything
 * (inertParagraph) or defines a link (DEFINITION_START) but in fenced code. In a quote, nothing of it reaches
 * outside it: a code block it leaves open ends with the quote, and a line that looks like another message's header
 * stays inside this one.
 */
function quoted(text: string): string {
  const out: string[] = [];
  let fence: string | undefined;
  // after an indented fence outside any code block, a reader may be in code or not: every line is made inert
  let unsure = false;
  let paragraph: string[] = [];
  // in an indented code block; after a list item (its paragraphs, indented, go on it)
  let indented = false;
  let inList = false;
  const endParagraph = () => {
    const first = paragraph[0] ?? '';
    if (LIST_ITEM.test(first)) inList = true;
    else if (!/^\s/.test(first)) inList = false;
    for (const line of inertParagraph(paragraph)) out.push(quoteLine(line));
    paragraph = [];
  };
  // (a lone CR is a line break to a Markdown reader too)
  for (const raw of text.split(/\r\n?|\n/)) {
    const line = expandIndent(raw);
    if (unsure || (fence === undefined && INDENTED_FENCE.test(line))) {
      if (paragraph.length > 0) endParagraph();
      unsure = true;
      out.push(line.trim() === '' ? '>' : quoteLine(inert(line, false)));
      continue;
    }
    if (fence !== undefined) {
      // (closed as a reader of the quote sees it too: `\t```` is indented 4 at a line's start, 2 after `> `, where it
      // closes the fence; judged at the start only, what followed was copied as code, raw HTML and all)
      const c = CLOSING.exec(line)?.[1] ?? CLOSING.exec(expandIndent(raw, 2))?.[1];
      if (c && c[0] === fence[0] && c.length >= fence.length) fence = undefined;
      // (as written: its tabs expanded, a pasted Makefile's recipe lines no longer ran)
      out.push(`> ${raw}`);
      continue;
    }
    // an indented code block (4 columns, after a blank line, in no list: there it would go on a list item's
    // paragraph): as written, as the panel shows it (escaped, its `<` read `&lt;` and its `$` `\$`)
    if (indented ? line.trim() === '' || /^ {4}/.test(line) : paragraph.length === 0 && !inList && /^ {4}\s*\S/.test(line)) {
      indented = true;
      out.push(line.trim() === '' ? '>' : `>     ${pastIndent(raw)}`);
      continue;
    }
    indented = false;
    const o = OPENING.exec(line);
    if (o || line.trim() === '') {
      if (paragraph.length > 0) endParagraph();
      if (o) fence = o[1] ?? o[2];
      out.push(o ? `> ${line}` : '>');
      continue;
    }
    paragraph.push(line);
  }
  if (paragraph.length > 0) endParagraph();
  return out.join('\n');
}

/** The reactions line ("👍 bob, carol · 🎉 me"), or ''. */
function reactionsLine(m: RoomEvent): string {
  if (m.type !== 'message' || !m.reactions?.length) return '';
  return m.reactions.map((r) => `${escapeInline(r.emoji)} ${r.by.map(escapeName).join(', ')}`).join(' · ');
}

/** One message (room or direct) as a Markdown block: a header line (who, when), then its text or code as a quote. */
function messageBlock(m: Extract<RoomEvent, { type: 'message' }> | DmEvent, sentByYou: (d: DmEvent) => boolean): string {
  const dmTo = m.type === 'dm' && sentByYou(m) ? ` → ${escapeName(m.to)}` : '';
  const edited = m.type === 'message' && m.edited !== undefined && !m.deleted ? ' (edited)' : '';
  const reactions = m.type === 'message' && m.deleted ? '' : reactionsLine(m as RoomEvent);
  const tail = reactions ? `\n\n${reactions}` : '';
  // (an action's reactions and, one you sent in a direct conversation, whom it went to: both were left out)
  if (m.kind === 'action' && !(m.type === 'message' && m.deleted)) return `${clockOf(m.time)} _\\* ${escapeName(m.from)} ${escapeInline(m.text)}_${dmTo}${edited}${tail}`;
  const head = `**${escapeName(m.from)}**${dmTo} ${clockOf(m.time)}${edited}`;
  if (m.type === 'message' && m.deleted) return `${head}\n> _message deleted_`;
  if (m.kind === 'code') {
    const fence = fenceFor(m.text);
    const label = codeLabel(m.code);
    // (a language is an id; every kind of line break is one, a lone CR too: each line in the quote)
    const language = (m.code?.language ?? '').replace(/[^\w+#.-]/g, '');
    const code = [`${fence}${language}`, ...m.text.split(/\r\n?|\n/), fence].map((l) => `> ${l}`).join('\n');
    return `${head}${label ? ` shared ${label}` : ''}\n${code}${tail}`;
  }
  return `${head}\n${quoted(m.text)}${tail}`;
}

/** Whether a direct message was sent by you, by the nicknames you had (`nicks`, the latest last; `me` now): `sentUnder`. */
export function sentByYouOf(info: Pick<TranscriptInfo, 'me' | 'nicks' | 'nickSince'>): (d: DmEvent) => boolean {
  const order = [...(info.nicks ?? []).filter((n) => n !== info.me), info.me];
  const since = new Map(info.nickSince ?? []);
  return (d) => sentUnder(order, d, since);
}

/** How a join says a role other than member ("alice joined as the owner"), as the panel says it. */
const JOINED_AS: Record<Role, string> = { owner: ' as the owner', op: ' as an operator', member: '' };

/** A quiet line at `time` (`09:30 _bob joined_`: `md`, Markdown made), after a date line when a day starts there. */
function quietLine(out: string[], time: number, md: string, lastDay: { day?: string }): void {
  dayLine(out, time, lastDay);
  out.push(`${clockOf(time)} _${md}_`);
}

/** What stands for each of a system line's names while the line is escaped as text (no name holds one). */
const NAME_MARKS = ['\uE000', '\uE001', '\uE002', '\uE003'];

/**
 * A room's system line (a leave, a rename, a topic...) as a plain client reads it, in Markdown: its nicknames as
 * names (escapeName), the rest as text (escapeInline). Null for an event that says nothing.
 */
function systemLine(e: Exclude<RoomEvent, { type: 'message' | 'join' | 'edit' | 'delete' | 'react' }>, me: string): string | null {
  const names: string[] = [];
  const mark = (name: string): string => NAME_MARKS[names.push(name) - 1]!;
  // (a topic or a reason that holds a mark itself: the names are escaped as text, as the rest)
  const marked = NAME_MARKS.some((m) => JSON.stringify(e).includes(m))
    ? e
    : e.type === 'leave'
      ? { ...e, nick: mark(e.nick) }
      : e.type === 'nick'
        ? { ...e, from: mark(e.from), to: mark(e.to) }
        : e.type === 'topic'
          ? { ...e, by: mark(e.by) }
          : { ...e, nick: mark(e.nick), by: mark(e.by) };
  const line = plainText(marked, me);
  if (line === null) return null;
  // without the room prefix of a plain line, and the tutorial's "left!" (`bob left (gone for lunch)` with parting
  // words: the first " left!" is the line's own, a nickname holds no space nor "!")
  const said = line.replace(/^\[#[^\]]*\] /, '');
  const md = escapeInline(e.type === 'leave' ? said.replace(' left!', ' left') : said);
  return names.reduce((out, name, i) => out.replaceAll(NAME_MARKS[i]!, escapeName(name)), md);
}

function dayLine(out: string[], time: number, lastDay: { day?: string }): void {
  const d = dateOf(time);
  if (d === lastDay.day) return;
  out.push(`### ${d}`);
  lastDay.day = d;
}

/** The blocks of a run of events, with a date line where a day starts. */
function blocks(events: readonly (RoomEvent | DmEvent)[], info: TranscriptInfo, lastDay: { day?: string }): string[] {
  const me = info.me;
  const sentByYou = sentByYouOf(info);
  const out: string[] = [];
  for (const e of events) {
    if (e.type === 'edit' || e.type === 'delete' || e.type === 'react') continue; // the messages are as they are now
    if (e.type === 'join' && e.back === true) continue; // never left, as far as anyone could tell
    if (e.type === 'message' || e.type === 'dm') {
      dayLine(out, e.time, lastDay);
      out.push(messageBlock(e, sentByYou));
    } else if (e.type === 'join') quietLine(out, e.time, `${escapeName(e.nick)} joined${JOINED_AS[e.role]}`, lastDay);
    else {
      const line = systemLine(e, me);
      if (line !== null) quietLine(out, e.time, line, lastDay);
    }
  }
  return out;
}

/** A room's conversation (its earlier rooms too, when its host started it anew) as a Markdown document. */
export function roomTranscript(room: PanelRoom, info: TranscriptInfo): string {
  const lastDay: { day?: string } = {};
  const parts = [`# #${escapeName(room.name)}`, header(info, room.topic)];
  const earlier = room.earlier ?? [];
  earlier.forEach((before, i) => {
    parts.push(...blocks(before.events, info, lastDay));
    // (at the time the next room began, as far as its first event tells)
    const anew = `The host started &#35;${escapeName(room.name)} anew here: the messages above are from before.`;
    const began = (earlier[i + 1]?.events ?? room.events)[0]?.time;
    if (began === undefined) parts.push(`_${anew}_`);
    else quietLine(parts, began, anew, lastDay);
  });
  // (what the window let go is said where it was: a transcript that starts late would pass for the whole room)
  if (room.dropped) {
    const what = room.dropped === 1 ? 'event (a message, a join or the like) is' : 'events (messages, joins and the like) are';
    parts.push(`_${withCommas(room.dropped)} earlier ${what} not here: the window keeps the newest of a room._`);
  }
  parts.push(...blocks(room.events, info, lastDay));
  if (parts.length === 2) parts.push('_Nothing was said yet._');
  return `${parts.join('\n\n')}\n`;
}

/** The direct messages between you and `nick` (under the nicknames they had too) as a Markdown document. */
export function dmTranscript(nick: string, dms: readonly PanelDm[], info: TranscriptInfo): string {
  const between = dms.filter((d) => d.with === nick);
  const parts = [`# Direct messages with ${escapeName(nick)}`, header(info), ...blocks(between, info, {})];
  if (between.length === 0) parts.push('_Nothing was said yet._');
  return `${parts.join('\n\n')}\n`;
}

function header(info: TranscriptInfo, topic = ''): string {
  const where = info.address ? `In the room at \`${info.address.replace(/`/g, '')}\`` : 'In a room this window has left';
  const about = topic ? `; topic: ${escapeInline(topic)}` : '';
  return `${where}${about}.  \nSaved by ${info.me ? escapeName(info.me) : 'you'} on ${dateOf(info.savedAt)} at ${clockOf(info.savedAt)} (local time).`;
}

/**
 * The file name to offer: `general-2026-12-01.md`, `dm-bob-2026-12-01.md`. Of letters, digits, `_`, `.` and `-`
 * only, no dot first: a hostile server's room name `../../../home/u/Desktop/x` would be a path out of the workspace.
 */
export function transcriptName(conversation: { kind: 'room' | 'dm'; name: string }, savedAt: number): string {
  const name = conversation.name.replace(/[^\p{L}\p{N}_.-]+/gu, '_').replace(/^\.+/, '');
  return `${conversation.kind === 'dm' ? 'dm-' : ''}${name}-${dateOf(savedAt)}.md`;
}

/** A conversation the window has: a room, or the direct messages with one person. */
export interface ConversationRef {
  kind: 'room' | 'dm';
  name: string;
}

/** The panel's id of a conversation: `#room`, `@nick`. */
export const conversationId = (c: ConversationRef): string => `${c.kind === 'room' ? '#' : '@'}${c.name}`;

/**
 * The conversations in a snapshot, to choose one to save: the active room first, the other rooms, then the
 * people you exchanged direct messages with, the latest first.
 */
export function conversationsOf(s: Pick<PanelSnapshot, 'rooms' | 'activeRoom' | 'dms'>): ConversationRef[] {
  const rooms = [...s.rooms].sort((a, b) => Number(b.name === s.activeRoom) - Number(a.name === s.activeRoom)).map((r) => ({ kind: 'room' as const, name: r.name }));
  const people: string[] = [];
  for (let i = s.dms.length - 1; i >= 0; i--) {
    const other = s.dms[i]!.with;
    if (!people.includes(other)) people.push(other);
  }
  return [...rooms, ...people.map((name) => ({ kind: 'dm' as const, name }))];
}

/** The Markdown of conversation `c` in snapshot `s`, saved at `savedAt`; undefined when `s` does not have it. */
export function transcriptOf(s: PanelSnapshot, c: ConversationRef, savedAt: number): string | undefined {
  const info = { me: s.nick, ...(s.nicks ? { nicks: s.nicks } : {}), ...(s.nickSince ? { nickSince: s.nickSince } : {}), address: s.address, savedAt };
  if (c.kind === 'dm') return dmTranscript(c.name, s.dms, info);
  const room = s.rooms.find((r) => r.name === c.name);
  return room && roomTranscript(room, info);
}
