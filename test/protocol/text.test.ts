// Text hygiene: what the server keeps of chat text, and what a line shown inside another may hold.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { blankText, cleanLine, cleanShown, cleanText, eraseTyped, joinLines, toAscii, withoutInvisible } from '../../src/protocol/text';

const BIDI = 'a\u202ab\u202bc\u202cd\u202de\u202ef\u2066g\u2067h\u2068i\u2069j\u200ek\u200fl\u061cm';

test('a one-line text (a topic, a reason, a name in a prompt, the log) and what a terminal prints go without bidi controls and marks', () => {
  assert.equal(cleanLine(BIDI), 'abcdefghijklm');
  assert.equal(cleanLine(' gen\u202eXYZ \n\u001b[2J x '), 'genXYZ [2J x');
  assert.equal(cleanShown(`bye\u202e reversed\u001b]0;T\u0007\n${BIDI}`), `bye reversed]0;T\nabcdefghijklm`);
  assert.equal(cleanLine('report\u202efdp.sh'), 'reportfdp.sh', 'a shared file\'s path');
});

test("chat text keeps them as it is stored and sent to rich clients (the panel isolates it; right-to-left writers use the marks)", () => {
  assert.equal(cleanText(BIDI), BIDI);
  assert.equal(cleanText('שלום \u200fworld\r\nx\u001b[2J'), 'שלום \u200fworld\nx[2J');
});

test('half a character (a lone surrogate, which JSON lets in as \\ud800) is U+FFFD, as UTF-8 writes it; whole ones stay', () => {
  assert.equal(cleanText('hi \ud800 there \udc00!'), 'hi \ufffd there \ufffd!');
  assert.equal(cleanText('end\udbff'), 'end\ufffd');
  assert.equal(cleanText('\udc00\ud800'), '\ufffd\ufffd', 'the halves in the wrong order are two halves');
  assert.equal(cleanText('😀 👩\u200d💻 \u{10ffff}'), '😀 👩\u200d💻 \u{10ffff}');
  assert.equal(cleanLine('topic \ud83d'), 'topic \ufffd');
  assert.equal(Buffer.from(cleanText('a\ud800b')).toString('utf8'), 'a\ufffdb');
});

test("a server's words a terminal prints go without invisible characters; a line separator is a line break", () => {
  assert.equal(cleanShown('re\u200bfused\u00ad\ufeff\u{e0041}\u2028next'), 'refused\nnext');
  assert.equal(cleanShown('👩\u200d💻'), '👩\u200d💻');
  assert.equal(cleanText('a\u200bb'), 'a\u200bb', 'chat text keeps them: the panel shows them');
});

test('withoutInvisible leaves text without format characters as it is, and takes out every other format character in any text', () => {
  const texts = ['plain ascii', 'привет, мир', '漢字テキスト'.repeat(500), '👩\u200d💻 🏳\ufe0f\u200d🌈 ❤️ 🏴\u{e0067}\u{e0062}\u{e0073}\u{e0063}\u{e0074}\u{e007f}', 'שלום עולם', '\u0600١٢'];
  for (const t of texts) assert.equal(withoutInvisible(t), t, t.slice(0, 20));
  // every format character but the joiners (their own rule) and the prepended concatenation marks, in any script
  const kept = /\u200c|\u200d|[\u180e\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\u{110bd}\u{110cd}]/u;
  for (let cp = 0; cp <= 0xe007f; cp = cp === 0xffff ? 0xe0000 : cp + 1) {
    const c = String.fromCodePoint(cp);
    if (!/[\p{Cf}\u{e0000}-\u{e007f}]/u.test(c) || kept.test(c)) continue;
    for (const [a, b] of [['a', 'b'], ['漢', '字'], ['👩', '💻'], ['ш', ' ']]) assert.equal(withoutInvisible(`${a}${c}${b}`.repeat(3)), `${a}${b}`.repeat(3), `U+${cp.toString(16)}`);
  }
});

test('joinLines: a text on one line, each run of line breaks with the blanks around it one space; a long run of blanks without a break costs one pass', { timeout: 60_000 }, () => {
  assert.equal(joinLines('waves'), 'waves');
  assert.equal(joinLines(`waves${'\n'.repeat(16_000)}  \r\n at  you`), 'waves at  you');
  assert.equal(joinLines('a\u2028b\u2029 c \n'), 'a b c');
  // (a regex with \s* before the break rescanned the run from each of its blanks: 2 million of them, hours)
  const blanks = `a${' '.repeat(2_000_000)}b`;
  assert.equal(joinLines(blanks), blanks);
  assert.equal(joinLines(`${blanks}\nc`), `${blanks} c`);
});

test('eraseTyped applies the erase keys of a client that sends each key: BS and DEL a character, Ctrl+U all before it', () => {
  assert.equal(eraseTyped('hunter2' + '\x7f'.repeat(7) + 'public'), 'public');
  assert.equal(eraseTyped('abc\b\bd'), 'ad');
  assert.equal(eraseTyped('my password is x\u0015hi'), 'hi');
  assert.equal(eraseTyped('\x7f\x7fok'), 'ok', 'nothing before it: nothing to erase');
  assert.equal(eraseTyped('caf\u00e9 \u{1f600}\x7f!'), 'caf\u00e9 !', 'a character, not half of one');
  assert.equal(eraseTyped('no keys here'), 'no keys here');
});

test('toAscii: accents come off, written with their letter or apart from it (decomposed, as macOS writes file names)', () => {
  assert.equal(toAscii('caf\u00e9'), 'cafe');
  assert.equal(toAscii('cafe\u0301'), 'cafe');
  assert.equal(toAscii('Re\u0301sume\u0301.ts'), 'Resume.ts');
  assert.equal(toAscii('\u2014 \u041f'), '- ?', 'what has no ASCII form is ?');
  // a stroke through a relation negates it: never the relation itself
  assert.equal(toAscii('x \u226e y, a =\u0338 b, c <\u0338 d, \u2271'), 'x !< y, a != b, c !< d, !>=');
});


test('withoutInvisible keeps a variation selector where it selects a glyph, and takes out the rest (one per byte of a hidden text)', () => {
  for (const kept of ['\u2764\ufe0f', '1\ufe0f\u20e3', '\u{1f44b}\ufe0f', '\u2122\ufe0e', '\u845b\u{e0100}', '\u2269\ufe00']) assert.equal(withoutInvisible(kept), kept, JSON.stringify(kept));
  const hidden = [...'the key is 1234'].map((ch) => String.fromCodePoint(0xe0100 + ch.charCodeAt(0) - 16)).join('');
  assert.equal(withoutInvisible(`hi \u{1f44b}${hidden}`), 'hi \u{1f44b}');
  assert.equal(withoutInvisible(`hi \u{1f44b}\ufe0f${hidden}`), 'hi \u{1f44b}\ufe0f', 'the emoji selector stays, what follows it goes');
  assert.equal(withoutInvisible('a\ufe0fb\ufe01'), 'ab');
  assert.equal(withoutInvisible('a\u034fb \u3164\uffa0\u115f\u1160c'), 'ab c', 'the combining grapheme joiner and the Hangul fillers');
});

test('a blank text: white space and what cleaning takes out (Share Selection sends none: the server refused it after the status bar said it was shared)', () => {
  assert.equal(blankText('   \n\t\u0007\r\n'), true);
  assert.equal(blankText(''), true);
  assert.equal(blankText('  x'), false);
  assert.equal(blankText('\u00a0'), true, 'a no-break space is white space');
});
