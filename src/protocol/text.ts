// Text hygiene shared by every client and the server: what may appear in chat text, and how text reaches
// a plain client that only understands ASCII.

// C0 and C1 control characters except tab and newline: terminal escapes (ESC [ ...) must never reach a
// netcat or telnet user through someone else's message.
// eslint-disable-next-line no-control-regex
const CONTROL_RE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/**
 * Half of a character outside the BMP with no other half (a lone UTF-16 surrogate): JSON's `\ud800` gets one past
 * the parser, and it has no UTF-8 form (a strict reader refuses the line, Python's print raised on it).
 */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Removes control characters (keeps \n and \t), turns \r\n and \r into \n, and half a character (a lone
 * surrogate) into U+FFFD, as a UTF-8 encoder writes it: text any client can read.
 */
export function cleanText(text: string): string {
  const clean = text.replace(/\r\n?/g, '\n').replace(CONTROL_RE, '');
  return wellFormed(clean) ? clean : clean.replace(LONE_SURROGATE, '\ufffd');
}

/** No lone surrogate in `text`: String.prototype.isWellFormed (ES2024: Node 20, Chromium 111), else the regex. */
function wellFormed(text: string): boolean {
  // (the ES2022 library this code is typed against does not have it yet)
  const native = (text as unknown as { isWellFormed?: () => boolean }).isWellFormed;
  if (native !== undefined) return native.call(text);
  LONE_SURROGATE.lastIndex = 0;
  return !LONE_SURROGATE.test(text);
}

/** A text that says nothing once cleaned (cleanText): the server sends no such message. */
export function blankText(text: string): boolean {
  return cleanText(text).trim() === '';
}

/**
 * Text as its typist meant it, from a client that sends each key as typed (telnet in character mode): Backspace
 * and Delete (BS, DEL) erase the character before them, Ctrl+U (NAK: a terminal's kill-line key) all before it.
 * Else the text it erased went out with the rest (`hunter2` then seven DELs then `public` sent `hunter2public`).
 */
export function eraseTyped(text: string): string {
  // eslint-disable-next-line no-control-regex -- the erase keys are what this looks for
  if (!/[\u0008\u007f\u0015]/.test(text)) return text;
  const out: string[] = [];
  for (const ch of text) {
    if (ch === '\u0008' || ch === '\u007f') out.pop();
    else if (ch === '\u0015') out.length = 0;
    else out.push(ch);
  }
  return out.join('');
}

/**
 * Bidirectional embeddings, overrides and isolates: in a terminal they reorder the rest of the line, so that
 * "eve: ...\u202e" could show someone else's words, or reversed ones; in a file's name they make
 * `report\u202efdp.sh` read `reporths.pdf`.
 */
export const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/g;

/** Bidirectional marks (LRM, RLM, ALM): invisible, they move the punctuation and digits next to them across. */
const BIDI_MARKS = /[\u200e\u200f\u061c]/g;

/**
 * One line of text: control characters and bidirectional controls and marks removed, runs of white space (line
 * breaks too) made one space (topics, reasons, names, the host's log). Such a line is shown inside another (a
 * prompt, a status line, a notification, `alice set the topic: ...`), where nothing isolates it: a U+202E in it
 * would reverse the rest of that line.
 */
export function cleanLine(text: string): string {
  return cleanText(withoutBidi(text)).replace(/\s+/g, ' ').trim();
}

/**
 * A file's path on one line: control characters and bidirectional controls and marks out, a line break a space,
 * and its own spaces as they are (cleanLine made `Meeting  notes.md` and `a\u00a0b.ts` names no file has: a shared
 * selection of one never opened, for its sharer neither). Where it is shown in a line of text it is cut there.
 */
export function cleanPath(path: string): string {
  return cleanText(withoutBidi(path)).replace(/[\n\u2028\u2029]/g, ' ');
}

/**
 * Text a terminal prints (a server's words in a status line, a refusal, a notice): cleanText, and without
 * invisible characters (withoutInvisible: bidirectional controls and marks, which reorder the rest of the
 * terminal's line, among them); a line or paragraph separator is a line break. (Chat text keeps them where it is
 * stored and sent to rich clients: the panel isolates every piece of text and shows what is invisible, and
 * right-to-left writers use the marks; plain clients' and the terminal's lines leave them out as they are made.)
 */
export function cleanShown(text: string): string {
  return cleanText(withoutInvisible(text).replace(LINE_SEPARATORS, '\n'));
}

/** Line and paragraph separators: line breaks to whoever wrote them, nothing a terminal or netcat breaks a line at. */
export const LINE_SEPARATORS = /[\u2028\u2029]/g;

/**
 * `text` on one line: each run of line breaks, with the blanks around it, one space. (Not a regex with `\s*` on
 * both sides of the break: from each place in a long run of blanks with no break after it, it scans the run again,
 * and a message of 16,000 spaces held the server for a quarter of a second.)
 */
export function joinLines(text: string): string {
  if (!/[\n\u2028\u2029]/.test(text)) return text;
  return text.split(/[\n\u2028\u2029]/).map((l) => l.trim()).filter((l) => l !== '').join(' ');
}

/**
 * A joiner (ZWJ, ZWNJ) that does not join, as the panel has it (joins, src/webview/dom.ts): one after anything but
 * an emoji or a letter or mark of a script other than Latin, or before a Latin letter. Kept, it joins emoji (👩‍💻)
 * and letters (Persian می‌خواهم, Sinhala ශ්‍රී, Devanagari's eyelash र्‍य, a Malayalam chillu ന്‍ at the end of a word);
 * at a Latin letter it changes nothing that shows, and could tell apart two texts that read the same.
 */
const LOOSE_JOINER = String.raw`(?:\u200c|\u200d)(?:(?<!(?:\p{Extended_Pictographic}|\p{Emoji_Modifier}|\ufe0f|(?!\p{Script=Latin})[\p{L}\p{M}])(?:\u200c|\u200d))|(?=\p{Script=Latin}))`;

// Kept of the format characters: an emoji flag's tags (🏴 + tag letters + cancel tag: Scotland's flag), a joiner
// that joins (LOOSE_JOINER), the Mongolian vowel separator between Mongolian letters (ᠠ U+180E ᠡ), and the prepended
// concatenation marks, which have a glyph (U+0600 ARABIC NUMBER SIGN). Every other format character (\p{Cf}) and tag
// character goes. (A kept joiner is no match: 16 KB of 👩‍💻 took 0.45 ms with a function that looked at each, 0.11 ms
// so.)
// Variation selectors are kept only where they select a glyph: the emoji and text presentation selectors after an
// emoji, the others after an ideograph (a Han variant) or a math symbol. Anywhere else they show as nothing, one
// per byte of a hidden text ("hi 👋" and 44 of them carried a sentence). The combining grapheme joiner and the
// Hangul fillers show as nothing too, and go.
const STRAY_SELECTOR = String.raw`[\ufe0e\ufe0f](?<!\p{Emoji}[\ufe0e\ufe0f])|[\ufe00-\ufe0d\u{e0100}-\u{e01ef}](?<![\p{Ideographic}\p{Sm}][\ufe00-\ufe0d\u{e0100}-\u{e01ef}])|[\u034f\u115f\u1160\u3164\uffa0]`;
const INVISIBLE = new RegExp(
  String.raw`\u{1f3f4}[\u{e0030}-\u{e0039}\u{e0061}-\u{e007a}]{2,7}\u{e007f}|${LOOSE_JOINER}|${STRAY_SELECTOR}|\u180e(?:(?<!\p{Script=Mongolian}\u180e)|(?!\p{Script=Mongolian}))|(?!\u200c|\u200d)(?![\u180e\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\u{110bd}\u{110cd}])[\p{Cf}\u{e0000}-\u{e007f}]`,
  'gu',
);
/** Any character INVISIBLE may take: a first look, a fraction of its cost on text that has none (most text). */
// eslint-disable-next-line no-misleading-character-class -- a lone combining joiner and variation selectors are what it looks for
const ANY_INVISIBLE = /[\p{Cf}\u{e0000}-\u{e007f}\ufe00-\ufe0f\u{e0100}-\u{e01ef}\u034f\u115f\u1160\u3164\uffa0]/u;

/**
 * Text without invisible format characters, for a terminal's or a plain client's line: zero-width spaces and
 * joiners, the word joiner, the soft hyphen, the byte order mark, bidirectional controls and marks, tag characters
 * and stray variation selectors (either can carry a whole hidden text), the combining grapheme joiner, the Hangul
 * fillers. A terminal shows them as nothing (a plain client in ASCII as `?`), so
 * that two texts that look the same differ, or a hidden text rides along; the panel shows them.
 */
export function withoutInvisible(text: string): string {
  // (every message to plain clients comes here: 16 KB of CJK text took 0.7 ms through INVISIBLE, 25 µs here)
  if (!ANY_INVISIBLE.test(text)) return text;
  // (a flag is kept: the only match longer than a character, 2 units at most; a function per match costs 3 times
  // what '' does)
  return text.includes('\u{1f3f4}') ? text.replace(INVISIBLE, (c: string) => (c.length > 2 ? c : '')) : text.replace(INVISIBLE, '');
}

function withoutBidi(text: string): string {
  return text.replace(BIDI_CONTROLS, '').replace(BIDI_MARKS, '');
}

const PUNCTUATION: Record<string, string> = {
  '\u2018': "'", '\u2019': "'", '\u201a': ',', '\u201b': "'", '\u201c': '"', '\u201d': '"', '\u201e': '"',
  '\u2013': '-', '\u2014': '-', '\u2015': '-', '\u2212': '-', '\u2026': '...', '\u00a0': ' ', '\u2022': '*',
  '\u00b7': '.', '\u00ab': '<<', '\u00bb': '>>', '\u2039': '<', '\u203a': '>', '\u00d7': 'x', '\u00f7': '/',
  '\u00df': 'ss', '\u00e6': 'ae', '\u00c6': 'AE', '\u0153': 'oe', '\u0152': 'OE', '\u00f8': 'o', '\u00d8': 'O',
  '\u0142': 'l', '\u0141': 'L', '\u0111': 'd', '\u0110': 'D', '\u00fe': 'th', '\u00de': 'Th', '\u00f0': 'd',
  '\u20ac': 'EUR', '\u00a3': 'GBP', '\u00a9': '(c)', '\u00ae': '(r)', '\u2122': '(tm)', '\u2192': '->',
  '\u2190': '<-', '\u21d2': '=>', '\u2264': '<=', '\u2265': '>=', '\u2260': '!=', '\u2713': 'v', '\u2714': 'v',
  '\u226e': '!<', '\u226f': '!>', '\u2270': '!<=', '\u2271': '!>=', '\u2262': '!==',
};

/**
 * Transliterates text to ASCII for plain clients that decode ASCII strictly (the tutorial's client dies on
 * any other byte): accents come off (é -> e), common punctuation gets its ASCII form, the rest becomes `?`.
 */
export function toAscii(text: string): string {
  // eslint-disable-next-line no-control-regex
  if (/^[\u0000-\u007f]*$/.test(text)) return text;
  let out = '';
  // (composed first: `=` + U+0338 is ≠, which reads !=, not =)
  for (const ch of text.normalize('NFC')) {
    const code = ch.codePointAt(0) ?? 0;
    if (code < 0x80) {
      out += ch;
      continue;
    }
    const mapped = PUNCTUATION[ch];
    if (mapped !== undefined) {
      out += mapped;
      continue;
    }
    // (accents come off; not the overlays U+0337 and U+0338, which negate: ≮ is no <)
    const stripped = ch.normalize('NFKD').replace(/[\u0300-\u0336\u0339-\u036f]/g, '');
    // (an accent written apart from its letter, `cafe` + U+0301, is nothing: its letter was written already)
    // eslint-disable-next-line no-control-regex
    out += /^[\u0000-\u007f]*$/.test(stripped) ? stripped : '?';
  }
  return out;
}
