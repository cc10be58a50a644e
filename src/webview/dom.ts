// Small DOM helpers. Everything that comes from the network goes in through textContent (or sanitised markdown).
import type { IconName } from './iconNames';
import { cutAt } from '../protocol/cutAt';

type Attrs = Record<string, string | undefined>;

/** Creates an element with attributes (never `on*`, never `style`) and children (strings become text nodes). */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: (Node | string | null | undefined | false)[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined) continue;
    if (/^on/i.test(k) || k === 'style') throw new Error(`h(): refusing attribute ${k}`);
    el.setAttribute(k, v);
  }
  if (attrs.title !== undefined && attrs.title === attrs['aria-label'] && attrs['aria-description'] === undefined) el.setAttribute('aria-description', '');
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.append(typeof c === 'string' ? document.createTextNode(c) : c);
  }
  return el;
}

/**
 * Names `el` for a screen reader (`aria-label`) and the mouse (`title`: the name, unless `tip` says more). A title
 * that only repeats the name is kept from being its description too (an empty `aria-description`; `h()` does the
 * same with the two as attributes): Chromium gives an element's title as its description when its name comes from
 * elsewhere, and a reader said the name twice ("Room general, tab, selected, Room general").
 */
export function setLabel(el: HTMLElement, name: string, tip = name): void {
  if (el.getAttribute('aria-label') !== name) el.setAttribute('aria-label', name);
  if (el.title !== tip) el.title = tip;
  // (nothing set that is set already: the arrows over hidden tabs are labelled at every scroll)
  if (tip !== name) el.removeAttribute('aria-description');
  else if (el.getAttribute('aria-description') !== '') el.setAttribute('aria-description', '');
}

/** A codicon (one of ICON_NAMES: the panel carries no others), with `label` for a screen reader or hidden from it. */
export function icon(name: IconName, label?: string): HTMLElement {
  const el = h('span', { class: `codicon codicon-${name}`, 'aria-hidden': label === undefined ? 'true' : undefined });
  if (label !== undefined) {
    // (a label on a span with no role is no name at all to some screen readers: an icon that says something is an image)
    el.setAttribute('role', 'img');
    el.setAttribute('aria-label', label);
  }
  return el;
}

/**
 * Characters that change how text around them is laid out or that render as nothing: bidi controls,
 * zero-width characters, the soft hyphen, other format characters. In a nickname they could make one
 * person look like another, so they are shown as visible `⟨U+XXXX⟩` marks.
 */
// eslint-disable-next-line no-misleading-character-class -- each of these characters is meant to match on its own
export const INVISIBLE = /[\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\u3164\uFE00-\uFE0F\uFEFF\uFFA0\uFFF9-\uFFFB]|[\u{E0000}-\u{E007F}]/gu;

// eslint-disable-next-line no-misleading-character-class -- as above
const HAS_INVISIBLE = new RegExp(INVISIBLE.source, 'u');

/**
 * Appends `text` to `parent`, with invisible characters replaced by visible marks, and long runs of combining marks
 * cut (capMarks: a topic's, a reason's, a hostile server's notice's or nickname's drew over the lines around).
 */
function appendVisible(parent: HTMLElement, text: string): void {
  let last = 0;
  for (const m of text.matchAll(INVISIBLE)) {
    const i = m.index ?? 0;
    if (i > last) parent.append(text.slice(last, i));
    parent.append(mark(m[0]));
    last = i + m[0].length;
  }
  if (last < text.length) parent.append(text.slice(last));
  capMarks(parent);
}

/**
 * The characters a message's text or code may not hide: bidi embeddings, overrides and isolates, which make code
 * read otherwise than it runs ("Trojan Source", CVE-2021-42574: `"user\u202E \u2066// Check if admin\u2069 \u2066"`
 * reads `"user") { // Check if admin`) and a file `report\u202Efdp.exe` read `reportexe.pdf`; bidi marks (in
 * prose: BIDI_MARK); zero-width and other format characters; letters that draw as nothing (the Hangul fillers:
 * U+3164 is a letter JavaScript takes in a name, `const { timeout,\u3164} = req.query` an "invisible backdoor");
 * tag characters (text no one sees, but for an emoji flag's); the soft hyphen and the blank braille pattern (in
 * code). INVISIBLE, but for emoji's variation selectors.
 */
const HIDDEN_ONE = String.raw`[\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\u2800\u3164\uFEFF\uFFA0\uFFF9-\uFFFB]`;
const TAGS = String.raw`[\u{E0000}-\u{E007F}]`;
// eslint-disable-next-line no-misleading-character-class -- each of these characters is meant to match on its own
const HIDDEN = new RegExp(`${HIDDEN_ONE}|${TAGS}`, 'u');
/**
 * What a joiner (ZWJ, ZWNJ) may follow unmarked, but for a Latin letter: emoji (👩‍💻, 🏳️‍🌈), or letters that join
 * (Persian می‌خواهم, Devanagari, a Malayalam chillu ന്‍ at the end of a word). Plain clients' lines keep the same ones
 * (LOOSE_JOINER, src/protocol/text.ts).
 */
// (no character class before `$`: Chromium 156 finds no `[\p{Extended_Pictographic}]$` at the end of "👩")
const JOINS_AFTER = /(?:\p{Extended_Pictographic}|\p{Emoji_Modifier}|\uFE0F|\p{L}|\p{M})$/u;

function joins(text: string, i: number): boolean {
  if (text[i] !== '\u200C' && text[i] !== '\u200D') return false;
  const before = text.slice(Math.max(0, i - 2), i); // (a surrogate pair)
  const after = text.slice(i + 1, i + 3);
  // a joiner at a Latin letter changes nothing that shows, and could tell apart two names that read the same
  return JOINS_AFTER.test(before) && !/\p{Script=Latin}$/u.test(before) && !/^\p{Script=Latin}/u.test(after);
}

/**
 * Bidi marks (LRM, RLM, ALM): right-to-left writers put them in what they write, to place a digit or a full stop.
 * In prose they are left unmarked where right-to-left letters are, but for one between two digits or Latin
 * letters: `account 4417\u200F1234\u200F9905` showed as `account 441799051234`, `PR #123\u200F45` as `#12345`.
 */
const BIDI_MARK = /^[\u061C\u200E\u200F]/;
/** A right-to-left letter (Hebrew, Arabic and the scripts written like them). */
const RTL_LETTER = /[\p{Script=Hebrew}\p{Script=Arabic}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}\p{Script=Samaritan}\p{Script=Mandaic}\p{Script=Adlam}]/u;
const MONGOLIAN_END = /\p{Script=Mongolian}$/u;
const MONGOLIAN_START = /^\p{Script=Mongolian}/u;

/**
 * Whether the characters on both sides of `s[at..end)` (past spaces) are digits or Latin letters: a right-to-left
 * mark there reorders them (`DE44 \u200F5001 0517 5407` read `5407 0517 5001`), whatever right-to-left words the
 * message has elsewhere. (One before a full stop is a right-to-left writer's.)
 */
function betweenLtr(s: string, at: number, end: number): boolean {
  const before = /(\S)\s*$/u.exec(s.slice(Math.max(0, at - 64), at))?.[1];
  const after = /^\s*(\S)/u.exec(s.slice(end, end + 64))?.[1];
  const ltr = (c: string | undefined) => c !== undefined && /[\p{Script=Latin}0-9]/u.test(c);
  return ltr(before) && ltr(after);
}

/** Marked in code only: the soft hyphen (a hyphenation point in prose pasted from the web). */
const CODE_ONLY = /^\u00AD/;
/**
 * An emoji tag sequence (🏴 and tag characters: the flag of Scotland, `gbsct`): its tags are the flag's. Only a
 * subdivision's letters and digits, 2 to 7 of them, as the protocol's INVISIBLE takes them (any text in tags
 * after a 🏴 went unmarked).
 */
const FLAG_TAGS = /\u{1F3F4}[\u{E0030}-\u{E0039}\u{E0061}-\u{E007A}]{2,7}\u{E007F}/gu;

/**
 * Replaces, in the text of `root` (a message's sanitised markdown, a code card's code), the characters of HIDDEN
 * with the visible marks nicknames have (bidi marks, the soft hyphen: see above), then cuts long runs of combining
 * marks (capMarks: after the hidden characters, which may part them); returns whether it found hidden characters.
 */
export function showHidden(root: Node): boolean {
  let found = false;
  // (a mark is an element: 16,000 of them took 2 s to draw. A run of one character is one mark, and past
  // MAX_MARKS in a text the rest are left out and counted at its end)
  let marks = 0;
  let left = 0;
  let rtl: boolean | undefined; // (right-to-left letters in the text: looked for once, at its first bidi mark)
  replaceInText(root, undefined, (s, t) => {
    if (!HIDDEN.test(s)) return [];
    const code = t.parentElement?.closest('pre, code') != null;
    const flags = [...s.matchAll(FLAG_TAGS)].map((f) => [f.index + 2, f.index + f[0].length] as const);
    const pieces: { at: number; end: number; el: Node }[] = [];
    for (const m of s.matchAll(HIDDEN_RUN)) {
      const at = m.index;
      const end = at + m[0].length;
      if (flags.some(([from, to]) => at >= from && end <= to)) continue;
      if (m[0].length === 1 && joins(s, at)) continue;
      if (!code && CODE_ONLY.test(m[0])) continue;
      if (!code && BIDI_MARK.test(m[0])) {
        rtl ??= RTL_LETTER.test(root.textContent ?? '');
        // (a left-to-right mark there changes nothing: its neighbours read left to right already)
        if (rtl && (m[0][0] === '\u200E' || !betweenLtr(s, at, end))) continue;
      }
      // (the Mongolian vowel separator between Mongolian letters is the script's own, as in the protocol's INVISIBLE;
      // a blank braille pattern in braille is braille's)
      const before = s.slice(Math.max(0, at - 2), at);
      const after = s.slice(end, end + 2);
      if (m[0] === '\u180E' && MONGOLIAN_END.test(before) && MONGOLIAN_START.test(after)) continue;
      if (m[0] === '\u2800' && (/[\u2801-\u28FF]$/.test(before) || /^[\u2801-\u28FF]/.test(after))) continue;
      found = true;
      if (marks >= MAX_MARKS) {
        // the rest of this text, its hidden characters each a zero-width space (no direction; capMarks counts the
        // combining marks on either side of it as one letter's), in one piece
        const rest = s.slice(at);
        for (const r of rest.matchAll(HIDDEN_RUN)) left += [...r[0]].length;
        pieces.push({ at, end: s.length, el: document.createTextNode(rest.replace(HIDDEN_ALL, '\u200B')) });
        break;
      }
      marks++;
      pieces.push({ at, end, el: mark(String.fromCodePoint(m[0].codePointAt(0) ?? 0), [...m[0]].length, m[1] === undefined) });
    }
    return pieces;
  });
  if (left > 0) root.appendChild(h('span', { class: 'invisible-char', title: 'invisible characters left out' }, `${left} more invisible characters`));
  capMarks(root);
  return found;
}

/**
 * Combining marks one letter is drawn with at most: past them, the rest of its run shows as a count. Chromium took
 * 0.6 s to lay out one letter with 16,000 accents (10 s at 64,000), for every member, at every redraw; a letter
 * of any script has a few (nicknames may have 3).
 */
const MAX_MARKS_PER_LETTER = 8;
/**
 * A run of combining marks with no letter in it, invisible format characters included: zero-width spaces between
 * runs of 8 made each run a letter of its own for Chromium, and 1,777 of them in a message took it 330 ms to draw.
 */
const MARK_RUN = /\p{M}[\p{M}\p{Cf}]*/gu; // (from a mark: a run of invisible characters alone is tried once)
const MARK = /\p{M}/gu;
const ONE_MARK = /^\p{M}$/u;

/**
 * Cuts each run of more than MAX_MARKS_PER_LETTER combining marks in the text of `root` (counted across the
 * invisible characters in it) to that many and a count; the text a message is copied from keeps them all.
 */
function capMarks(root: Node): void {
  replaceInText(root, undefined, (s) => {
    if ((s.match(MARK)?.length ?? 0) <= MAX_MARKS_PER_LETTER) return [];
    return [...s.matchAll(MARK_RUN)].flatMap((m) => {
      // (cut at the first mark past those kept: the invisible characters among the kept ones stay)
      let marks = 0;
      let at = 0;
      let cut = -1;
      for (const c of m[0]) {
        if (ONE_MARK.test(c) && ++marks === MAX_MARKS_PER_LETTER + 1) cut = at;
        at += c.length;
      }
      if (cut < 0) return [];
      const more = marks - MAX_MARKS_PER_LETTER;
      return [{ at: m.index + cut, end: m.index + m[0].length, el: h('span', { class: 'invisible-char', title: `${more} more combining marks on this letter, not drawn` }, `+${more} marks`) }];
    });
  });
}

/** Marks one message shows at most (see showHidden). */
const MAX_MARKS = 200;
/** Every one of HIDDEN's characters (the rest of a text past MAX_MARKS). */
// eslint-disable-next-line no-misleading-character-class -- as HIDDEN
const HIDDEN_ALL = new RegExp(`${HIDDEN_ONE}|${TAGS}`, 'gu');
/** A run of tag characters (one mark for the text they hide), or of one other of HIDDEN's characters. */
// eslint-disable-next-line no-misleading-character-class -- as HIDDEN
const HIDDEN_RUN = new RegExp(`${TAGS}+|(${HIDDEN_ONE})\\1*`, 'gu');

/**
 * Replaces, in the text nodes of `root` outside `skip` (a selector), each stretch `piecesIn` finds in a node's text
 * with the element it makes of it (a link, a visible mark); the stretches come in order and do not overlap.
 */
export function replaceInText(root: Node, skip: string | undefined, piecesIn: (s: string, t: Text) => { at: number; end: number; el: Node }[]): void {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const texts: Text[] = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) if (skip === undefined || !(n as Text).parentElement?.closest(skip)) texts.push(n as Text);
  for (const t of texts) {
    const s = t.data;
    const pieces = piecesIn(s, t);
    if (pieces.length === 0) continue;
    const frag = document.createDocumentFragment();
    let last = 0;
    for (const { at, end, el } of pieces) {
      if (at > last) frag.append(s.slice(last, at));
      frag.append(el);
      last = end;
    }
    if (last < s.length) frag.append(s.slice(last));
    t.replaceWith(frag);
  }
}

/**
 * The visible mark of an invisible character (`n` of them in a row: one mark that counts them; `tags`, a run of
 * tag characters, each its own).
 */
function mark(ch: string, n = 1, tags = false): HTMLElement {
  const cp = (ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
  if (tags && n > 1) return h('span', { class: 'invisible-char', title: `${n} invisible tag characters in a row (they can hide text)` }, `tags \u00d7${n}`);
  return n === 1
    ? h('span', { class: 'invisible-char', title: `invisible character U+${cp}` }, `U+${cp}`)
    : h('span', { class: 'invisible-char', title: `${n} invisible characters U+${cp} in a row` }, `U+${cp} \u00d7${n}`);
}

/** FNV-1a over the code points: a stable colour slot per nickname (spoofs with hidden characters differ). */
function hash(s: string): number {
  let x = 0x811c9dc5;
  for (const ch of s) {
    x ^= ch.codePointAt(0) ?? 0;
    x = Math.imul(x, 0x01000193) >>> 0;
  }
  return x;
}
const NICK_COLOURS = 8;

/**
 * `text` as a screen reader is to say it: each hidden character named, ` U+200B `, as the page marks it (a name
 * written for the reader, an aria-label, said `ali\u200Bce` as "alice" and a file `report\u202Efdp.exe` with no
 * word of what it hides). `nick`: a nickname's set (variation selectors too), else a text's.
 */
export function spokenText(text: string, nick = false): string {
  return text.replace(nick ? INVISIBLE : HIDDEN_ALL, (ch) => ` U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')} `);
}

/** The colour class of a nickname (`nick-c3`): the same for its name as an author and in an @mention. */
export function nickColour(nick: string): string {
  return `nick-c${hash(nick) % NICK_COLOURS}`;
}

/** A nickname: isolated from surrounding text (`<bdi>`), invisible characters made visible, a colour per name. */
export function nickEl(nick: string, extraClass = ''): HTMLElement {
  const el = h('bdi', { class: `nick ${nickColour(nick)}${extraClass ? ' ' + extraClass : ''}`, dir: 'auto' });
  appendVisible(el, nick); // (marks cut too: a server's own check of names is not this panel's, a hostile one sends any)
  if (HAS_INVISIBLE.test(nick)) {
    el.classList.add('nick-suspicious');
    el.title = 'This name contains invisible characters';
  } else if (/\s/u.test(nick)) {
    // no nickname has a blank (nickError): a hostile server's `alice ` or `me\u00a0` drew as alice or you, and
    // `eve\nboss` as `eve boss`
    el.classList.add('nick-suspicious');
    el.title = 'This name contains spaces or line breaks';
  } else if (/\p{Script=Latin}/u.test(nick) && /[\p{Script=Cyrillic}\p{Script=Greek}\p{Script=Armenian}]/u.test(nick)) {
    // Latin mixed with look-alike letters (Cyrillic "а" for Latin "a"): a classic way to pose as someone else.
    el.classList.add('nick-suspicious');
    el.title = 'This name mixes alphabets (some letters only look Latin)';
  }
  return el;
}

/** Plain text that is not a nickname (topic, reason, room name): isolated, invisible characters shown. */
export function textEl(text: string, cls = ''): HTMLElement {
  const el = h('bdi', { class: cls || undefined, dir: 'auto' });
  appendVisible(el, text);
  return el;
}

/**
 * The most of one text (characters) the panel shows: a server may send far more than the 16 KB a message has by
 * default, and a megabyte of markdown took seconds to render.
 */
export const SHOWN_MAX = 64 * 1024;

/** `text` cut to SHOWN_MAX (never inside a surrogate pair), and a note that says how much is not shown (or null). */
export function shownPart(text: string, rest = ''): [string, HTMLElement | null] {
  if (text.length <= SHOWN_MAX) return [text, null];
  const shown = cutAt(text, SHOWN_MAX);
  const more = (text.length - shown.length).toLocaleString('en-US');
  return [shown, h('div', { class: 'truncated' }, `… truncated: ${more} more characters not shown${rest}`)];
}

export function formatTime(ms: number): string {
  const d = new Date(ms);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

const FULL_TIME = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
export function fullTime(ms: number): string {
  return FULL_TIME.format(ms);
}
