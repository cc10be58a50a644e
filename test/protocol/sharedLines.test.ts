// Landing on a shared selection in a copy of the file that has drifted from the sharer's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { copyToSearch, lineWithCard, locateSharedLines, movedNote, pickSharedCopy, textLines } from '../../src/protocol/sharedLines';

const FILE = Array.from({ length: 30 }, (_, i) => `const v${i + 1} = ${i + 1};`);
const SHARED = 'const v12 = 12;\nconst v13 = 13;\nconst v14 = 14;\n';

test('the same lines where they were shared', () => {
  assert.deepEqual(locateSharedLines(FILE, SHARED, 12, 14), { start: 11, end: 13, where: 'same' });
  // trailing spaces and CRLF do not count
  const crlf = FILE.map((l, i) => (i === 12 ? `${l}   \r` : l));
  assert.deepEqual(locateSharedLines(crlf, SHARED.replace(/\n/g, '\r\n'), 12, 14), { start: 11, end: 13, where: 'same' });
});

test('a file with old-Mac line endings (a lone CR): its lines as VS Code numbers them', () => {
  assert.deepEqual(textLines('a\rb\r\nc\nd\r'), ['a', 'b', 'c', 'd', '']);
  const mac = textLines(FILE.join('\r'));
  assert.equal(mac.length, 30);
  assert.deepEqual(locateSharedLines(mac, SHARED, 12, 14), { start: 11, end: 13, where: 'same' });
  assert.deepEqual(locateSharedLines(mac, SHARED.replace(/\n/g, '\r'), 12, 14), { start: 11, end: 13, where: 'same' }, 'shared from such a file');
  assert.deepEqual(locateSharedLines(FILE, SHARED.replace(/\n/g, '\r'), 12, 14), { start: 11, end: 13, where: 'same' });
});

test('lines added or removed above: the text is found where it moved', () => {
  const added = ['// mine', '// mine too', '// and this', ...FILE];
  assert.deepEqual(locateSharedLines(added, SHARED, 12, 14), { start: 14, end: 16, where: 'moved' });
  const removed = FILE.slice(5);
  assert.deepEqual(locateSharedLines(removed, SHARED, 12, 14), { start: 6, end: 8, where: 'moved' });
});

test('a block that occurs twice: the copy nearest the shared place', () => {
  const block = ['}', '', 'return x;'];
  const twice = [...FILE.slice(0, 10), ...block, ...FILE.slice(10, 30), ...block]; // at 10-12 and 33-35
  assert.deepEqual(locateSharedLines(twice, block.join('\n'), 36, 38), { start: 33, end: 35, where: 'moved', copies: 2 });
  assert.deepEqual(locateSharedLines(twice, block.join('\n'), 9, 11), { start: 10, end: 12, where: 'moved', copies: 2 });
  assert.deepEqual(locateSharedLines(twice, block.join('\n'), 34, 36), { start: 33, end: 35, where: 'same' });
});

test('moved, the note says where; and, when the file has the code more than once, that the nearest copy was taken (it may be another one)', () => {
  // the guard of b() shared at 9-11; six imports added above: a()'s guard, the same lines, is nearer
  const guard = ['  if (!x) {', '    return null;', '  }'];
  const file = [...Array.from({ length: 6 }, (_, i) => `import m${i} from "m${i}";`), 'function a(x) {', ...guard, '}', '', 'function b(x) {', ...guard, '  return x;', '}'];
  const at = locateSharedLines(file, guard.join('\n'), 9, 11);
  assert.deepEqual(at, { start: 7, end: 9, where: 'moved', copies: 2 });
  assert.equal(movedNote(9, 11, at), 'shared as lines 9-11, found at 8-10 here (the nearest of 2 copies of it)');
  assert.equal(movedNote(12, 14, { start: 14, end: 16, where: 'moved' }), 'shared as lines 12-14, found at 15-17 here');
});

test('a block whose start repeats inside it (a a b in a a a b): every copy is found, the nearest wins', () => {
  const doc = ['x', 'a', 'a', 'b', 'a', 'a', 'a', 'b', 'a', 'a', 'b', 'y'];
  assert.deepEqual(locateSharedLines(doc, 'a\na\nb', 2, 4), { start: 1, end: 3, where: 'same' });
  assert.deepEqual(locateSharedLines(doc, 'a\na\nb', 7, 9), { start: 5, end: 7, where: 'moved', copies: 3 });
  assert.deepEqual(locateSharedLines(doc, 'a\na\nb', 12, 14), { start: 8, end: 10, where: 'moved', copies: 3 });
  assert.deepEqual(locateSharedLines(doc, 'a\na\na\nb', 1, 4), { start: 4, end: 7, where: 'moved' });
  assert.deepEqual(locateSharedLines(doc, 'b\na\na', 1, 3), { start: 3, end: 5, where: 'moved', copies: 2 }, 'the earlier of two as near');
});

/**
 * What `lines` of script (with locateSharedLines in scope) write as JSON, run in a child process: a search that does
 * not end fails the test, killed after 30 s, rather than hangs the run.
 */
function searchedInChild(lines: string[]): unknown {
  const script = [`const { locateSharedLines } = require(${JSON.stringify(fileURLToPath(new URL('../../src/protocol/sharedLines.ts', import.meta.url)))});`, ...lines].join('\n');
  const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8', timeout: 30_000 });
  assert.equal(r.signal, null, 'the search did not end');
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

test('a card of thousands of one line against a data file of them: found, or not, in one pass over the file', () => {
  // compared at every line of the file, a card of 5,460 lines of `0,` held the extension host for 36 s
  const script = [
    `const doc = Array.from({ length: 200_000 }, () => '0,');`,
    `const card = '0,\\n'.repeat(8000) + '1';`,
    `const found = [locateSharedLines(doc, card, 1, 8001)];`,
    `doc[150_000] = '1';`,
    `found.push(locateSharedLines(doc, card, 1, 8001));`,
    `process.stdout.write(JSON.stringify(found));`,
  ];
  assert.deepEqual(searchedInChild(script), [
    { start: 0, end: 8000, where: 'absent' },
    { start: 142_000, end: 150_000, where: 'moved' },
  ]);
});

test('re-indented: found by its text when no exact copy is left', () => {
  const indented = FILE.map((l, i) => (i >= 11 && i <= 13 ? `  ${l}` : l));
  assert.deepEqual(locateSharedLines(['a', ...indented], SHARED, 12, 14), { start: 12, end: 14, where: 'moved' });
});

test('not in this copy: the shared line numbers, clamped to the file', () => {
  assert.deepEqual(locateSharedLines(FILE, 'something else\n', 12, 14), { start: 11, end: 13, where: 'absent' });
  assert.deepEqual(locateSharedLines(FILE.slice(0, 5), SHARED, 12, 14), { start: 4, end: 4, where: 'absent' });
  assert.deepEqual(locateSharedLines(FILE, '\n\n', 3, 4), { start: 2, end: 3, where: 'absent' }, 'blank lines match anywhere: not searched');
  assert.deepEqual(locateSharedLines([], SHARED, 12, 14), { start: 0, end: 0, where: 'absent' });
  // no usable line numbers (an older or odd client): searched from the top
  assert.deepEqual(locateSharedLines(FILE, SHARED, Number.NaN, Number.NaN), { start: 11, end: 13, where: 'moved' });
});

test('changed inside the block here: the place with most of its lines, not the shared numbers', () => {
  // five lines added above, and the middle line of the shared three edited
  const edited = ['// 1', '// 2', '// 3', '// 4', '// 5', ...FILE.map((l) => (l === 'const v13 = 13;' ? 'const v13 = 13; // mine' : l))];
  assert.deepEqual(locateSharedLines(edited, SHARED, 12, 14), { start: 16, end: 18, where: 'edited' });
  // less than half of the block left: nothing resembles it enough
  const rewritten = FILE.map((l) => (l === 'const v13 = 13;' || l === 'const v14 = 14;' ? `${l} // mine` : l));
  assert.deepEqual(locateSharedLines(rewritten, SHARED, 12, 14), { start: 11, end: 13, where: 'absent' });
  // lines that match anywhere (braces, blanks) do not count
  const braces = '}\n\nconst changed = 1;\n}\n';
  assert.deepEqual(locateSharedLines(['}', '', 'x', '}', ...FILE], braces, 1, 4).where, 'absent');
});

test('of several copies (one per workspace folder, or found by name), the one that has the code', () => {
  const other = Array.from({ length: 30 }, (_, i) => `export const w${i} = ${i};`);
  const moved = ['// header', ...FILE];
  assert.deepEqual(pickSharedCopy([other, FILE], SHARED, 12, 14), { copy: 1, at: { start: 11, end: 13, where: 'same' } });
  assert.deepEqual(pickSharedCopy([other, moved, FILE], SHARED, 12, 14)?.copy, 2, 'where it was shared beats moved');
  assert.deepEqual(pickSharedCopy([other, moved], SHARED, 12, 14), { copy: 1, at: { start: 12, end: 14, where: 'moved' } });
  assert.deepEqual(pickSharedCopy([other, other], SHARED, 12, 14), { copy: 0, at: { start: 11, end: 13, where: 'absent' } }, 'none has it: the first');
  assert.equal(pickSharedCopy([], SHARED, 12, 14), undefined);
});

test('a shared range whose last line is blank: that line is part of what is looked for (it was one line short)', () => {
  const doc = ['// top', 'function f() {', '  return 1;', '}', '', 'f();'];
  // lines 2-5: the function and the blank line after it, as Share Selection sends them (no line break after the last)
  assert.deepEqual(locateSharedLines(doc, 'function f() {\n  return 1;\n}\n', 2, 5), { start: 1, end: 4, where: 'same' });
  assert.deepEqual(locateSharedLines(['// new', ...doc], 'function f() {\n  return 1;\n}\n', 2, 5), { start: 2, end: 5, where: 'moved' });
  // a text that ends with a line break its range does not count: the break ends its last line
  assert.deepEqual(locateSharedLines(doc, 'function f() {\n  return 1;\n}\n', 2, 4), { start: 1, end: 3, where: 'same' });
  // a line written since under the block, where the blank line was: the block is still there, as it was
  const filled = ['// top', 'function f() {', '  return 1;', '}', 'g();'];
  assert.deepEqual(locateSharedLines(filled, 'function f() {\n  return 1;\n}\n', 2, 5), { start: 1, end: 3, where: 'same' });
  assert.deepEqual(locateSharedLines(['a', 'b', 'c', 'd', 'const only = 1;', 'x'], 'const only = 1;\n', 2, 3), { start: 4, end: 4, where: 'moved' }, 'one line and its blank, moved');
});

test('a block at the end of the file, a line deleted in it: found edited (only the lines after the deletion voted: said to be nowhere)', () => {
  const block = Array.from({ length: 9 }, (_, i) => `  step(${i}); // the part that matters`);
  const doc = [...Array.from({ length: 20 }, (_, i) => `const a${i} = ${i};`), ...block];
  const shared = block.join('\n');
  const deleted = doc.filter((l) => l !== block[6]);
  assert.deepEqual(locateSharedLines(deleted, shared, 21, 29), { start: 20, end: 27, where: 'edited' });
  // and at the top: a line deleted in a block that starts the file
  const top = [...block, ...Array.from({ length: 20 }, (_, i) => `const a${i} = ${i};`)].filter((l) => l !== block[2]);
  assert.deepEqual(locateSharedLines(top, shared, 1, 9), { start: 0, end: 7, where: 'edited' });
  // and a block that was the whole file
  assert.deepEqual(locateSharedLines(block.filter((l) => l !== block[4]), shared, 1, 9), { start: 0, end: 7, where: 'edited' });
});

test('a line deleted or lines added in the middle of a block: found edited, the lines it spans now (its votes split in two: said to be nowhere)', () => {
  const block = Array.from({ length: 9 }, (_, i) => `  step(${i}); // the part that matters`);
  const pre = Array.from({ length: 20 }, (_, i) => `const a${i} = ${i};`);
  const post = Array.from({ length: 20 }, (_, i) => `const b${i} = ${i};`);
  const shared = block.join('\n');
  assert.deepEqual(locateSharedLines([...pre, ...block.filter((l) => l !== block[4]), ...post], shared, 21, 29), { start: 20, end: 27, where: 'edited' });
  assert.deepEqual(locateSharedLines([...pre, ...block.slice(0, 4), '  extra();', '  more();', ...block.slice(4), ...post], shared, 21, 29), { start: 20, end: 30, where: 'edited' });
  // moved too
  assert.deepEqual(locateSharedLines([...pre, ...post, ...block.filter((l) => l !== block[4]), 'tail'], shared, 21, 29), { start: 40, end: 47, where: 'edited' });
});

test('the file the path names, with the code a line off, beats another file of its name with the code at the shared lines', () => {
  const named = ['// a new first line', ...FILE];
  // src/config.ts (named) has it moved by one; tools/legacy/src/config.ts (found by name) at the shared numbers
  assert.deepEqual(pickSharedCopy([named, FILE], SHARED, 12, 14, [true, false]), { copy: 0, at: { start: 12, end: 14, where: 'moved' } });
  // the named one without it: the other file that has it
  const other = Array.from({ length: 30 }, (_, i) => `export const w${i} = ${i};`);
  assert.deepEqual(pickSharedCopy([other, FILE], SHARED, 12, 14, [true, false]), { copy: 1, at: { start: 11, end: 13, where: 'same' } });
});

test('a copy too big to look in (not read): its shared lines as numbered, behind a copy that has the code, ahead of one that does not', () => {
  const other = Array.from({ length: 30 }, (_, i) => `export const w${i} = ${i};`);
  // a generated 14 MB source opened at line 1, said not to have the code: it was read as an empty file
  assert.deepEqual(pickSharedCopy([null], SHARED, 250_000, 250_002), { copy: 0, at: { start: 249_999, end: 250_001, where: 'unread' } });
  assert.deepEqual(pickSharedCopy([other, null], SHARED, 12, 14), { copy: 1, at: { start: 11, end: 13, where: 'unread' } });
  assert.deepEqual(pickSharedCopy([null, FILE], SHARED, 12, 14)?.copy, 1, 'one that has it wins');
  assert.deepEqual(pickSharedCopy([null], SHARED, 3, 1)?.at, { start: 2, end: 2, where: 'unread' }, 'an end before the start');
  // only the file the path names may have it unread: one found by its name alone (a bundled dist/index.js) is
  // another file, and does not beat the named one whose code changed
  const copies = [copyToSearch(other, true), copyToSearch(null, false)];
  assert.deepEqual(pickSharedCopy(copies, SHARED, 12, 14), { copy: 0, at: { start: 11, end: 13, where: 'absent' } });
  assert.equal(copyToSearch(null, true), null);
});

test('line numbers far past the end of the file: the search ends with the file', () => {
  // it counted to the card's startLine before: 2^53 froze the extension host
  const script = [
    `const doc = Array.from({ length: 100 }, (_, i) => 'line ' + i);`,
    `const found = [Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER].map((l) => locateSharedLines(doc, 'not in the file\\nnor this', l, l));`,
    `found.push(locateSharedLines(doc, 'line 7\\nline 8', Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER));`,
    `process.stdout.write(JSON.stringify(found));`,
  ];
  assert.deepEqual(searchedInChild(script), [
    { start: 99, end: 99, where: 'absent' },
    { start: 0, end: 0, where: 'absent' },
    { start: 7, end: 8, where: 'moved' },
  ]);
});

test("a line inside shared code (a problem the sharer's editor showed there) moves with the code in this copy, as Open moves it; where the code is not found, it stays as numbered", () => {
  const code = ['function f(x: number) {', '  return x.nope;', '}'];
  const file = ['// a', '// b', ...Array.from({ length: 9 }, (_, i) => `const c${i} = ${i};`), ...code, 'export { f };'];
  // shared as 12-14, here at 12-14: as written
  assert.equal(lineWithCard(file, code.join('\n'), 12, 14, 13), 13);
  // three lines written above it since: 16
  assert.equal(lineWithCard(['// 1', '// 2', '// 3', ...file], code.join('\n'), 12, 14, 13), 16);
  // two taken away: 11
  assert.equal(lineWithCard(file.slice(2), code.join('\n'), 12, 14, 13), 11);
  // most of it still there, a line of it changed, three lines written above: moved as Open moves it
  assert.equal(lineWithCard(['// 1', '// 2', '// 3', ...file.map((l) => l.replace('x.nope', 'x.toFixed()'))], code.join('\n'), 12, 14, 13), 16);
  // none of it found: the line as the sharer numbered it
  assert.equal(lineWithCard(['// 1', '// 2', '// 3', ...file.slice(0, 11)], code.join('\n'), 12, 14, 13), 13);
});
