// Share Changes: a file's diff as the card it sends (the hunks a selection touches, whole ones as the room takes),
// and Open on such a card (one side of it looked for in the receiver's copy).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { changesCard, diffSides, findDiff, hunkNumbers, isDiffLanguage, linesBeforeChange } from '../../src/protocol/diffHunks';
import { pickSharedCopy } from '../../src/protocol/sharedLines';

/** A file of 40 lines, `const vN = N;`: HEAD's copy. */
const HEAD = Array.from({ length: 40 }, (_, i) => `const v${i + 1} = ${i + 1};`);
/** The working tree's: line 5 changed, line 20 deleted, a line added after 35. */
const NOW = HEAD.flatMap((l, i) => (i === 4 ? ['const v5 = 50;'] : i === 19 ? [] : i === 34 ? [l, 'const extra = 1;'] : [l]));
const ctx = (from: number, to: number) => HEAD.slice(from - 1, to).map((l) => ` ${l}`);
const HEADER = ['diff --git a/a.ts b/a.ts', 'index f0d2f33..56f3363 100644', '--- a/a.ts', '+++ b/a.ts'];
const H1 = ['@@ -2,7 +2,7 @@ const v1 = 1;', ...ctx(2, 4), '-const v5 = 5;', '+const v5 = 50;', ...ctx(6, 8)];
const H2 = ['@@ -17,7 +17,6 @@ const v16 = 16;', ...ctx(17, 19), '-const v20 = 20;', ...ctx(21, 23)];
const H3 = ['@@ -33,6 +32,7 @@ const v32 = 32;', ...ctx(33, 35), '+const extra = 1;', ...ctx(36, 38)];
/** As `git diff HEAD -- a.ts` prints it (made so, in a repository, from the two copies above). */
const DIFF = `${[...HEADER, ...H1, ...H2, ...H3].join('\n')}\n`;
const all = () => true;

test('no selection: the whole diff, header and every hunk, over the new-side lines its hunks cover', () => {
  assert.deepEqual(changesCard(DIFF, [], all), { text: DIFF.slice(0, -1), startLine: 2, endLine: 38 });
  assert.deepEqual(changesCard(DIFF.replace(/\n/g, '\r\n'), [], all), { text: DIFF.slice(0, -1), startLine: 2, endLine: 38 }, 'CRLF, as a CRLF file may print');
});

test('a selection (0-based lines, as selectionLines.ts gives them): only the hunks that touch its lines (context lines count), the range theirs (1-based)', () => {
  assert.deepEqual(changesCard(DIFF, [{ start: 4, end: 4 }], all), { text: [...HEADER, ...H1].join('\n'), startLine: 2, endLine: 8 });
  assert.deepEqual(changesCard(DIFF, [{ start: 7, end: 8 }, { start: 35, end: 35 }], all), { text: [...HEADER, ...H1, ...H3].join('\n'), startLine: 2, endLine: 38 }, 'several selections');
  assert.deepEqual(changesCard(DIFF, [{ start: 18, end: 18 }], all)?.text, [...HEADER, ...H2].join('\n'));
  // (between hunks: no change there)
  assert.equal(changesCard(DIFF, [{ start: 9, end: 14 }], all), undefined);
});

test('a hunk that only deletes touches the lines on either side of where it deleted', () => {
  const del = `${['--- a/x', '+++ b/x', '@@ -5,2 +4,0 @@', '-gone 1', '-gone 2'].join('\n')}\n`;
  for (const line of [3, 4]) assert.deepEqual(changesCard(del, [{ start: line, end: line }], all), { text: del.slice(0, -1), startLine: 4, endLine: 5 }, `line ${line}`);
  assert.equal(changesCard(del, [{ start: 5, end: 8 }], all), undefined);
  // at the file's top: from line 1
  assert.deepEqual(changesCard('@@ -1 +0,0 @@\n-only line\n', [], all), { text: '@@ -1 +0,0 @@\n-only line', startLine: 1, endLine: 1 });
});

test('no changes, or none in text (a binary file, a mode change): no card', () => {
  assert.equal(changesCard('', [], all), undefined);
  assert.equal(changesCard('diff --git a/i.png b/i.png\nindex 1..2 100644\nBinary files a/i.png and b/i.png differ\n', [], all), undefined);
  assert.equal(changesCard('diff --git a/s b/s\nold mode 100644\nnew mode 100755\n', [], all), undefined);
});

test('too long for the room: cut at whole hunks, from the first, with a last line that says how many were left out', () => {
  const upTo = (n: number) => (t: string) => t.length <= n;
  const two = [...HEADER, ...H1, ...H2].join('\n');
  const twoCut = `${two}\n(1 more hunk left out: too long for the room)`;
  assert.deepEqual(changesCard(DIFF, [], upTo(twoCut.length)), { text: twoCut, startLine: 2, endLine: 22 });
  const oneCut = `${[...HEADER, ...H1].join('\n')}\n(2 more hunks left out: too long for the room)`;
  assert.deepEqual(changesCard(DIFF, [], upTo(twoCut.length - 1)), { text: oneCut, startLine: 2, endLine: 8 });
  // never half a hunk: the first one alone, too long, is the card (the caller's length check refuses it, saying why)
  assert.deepEqual(changesCard(DIFF, [], upTo(10)), { text: oneCut, startLine: 2, endLine: 8 });
  for (const { text } of [changesCard(DIFF, [], upTo(twoCut.length))!, changesCard(DIFF, [], upTo(10))!]) {
    for (const hunk of text.split('\n@@').slice(1)) assert.ok([H1, H2, H3].some((h) => `@@${hunk.replace(/\n\(.*$/, '')}` === h.join('\n')), hunk);
  }
});

test("Open: the receiver's copy is HEAD's (the old side): the changes land on its lines, across all the card's hunks", () => {
  const sides = diffSides(DIFF);
  assert.deepEqual(sides.map((s) => [s.start, s.end]), [[2, 38], [2, 38]]);
  assert.equal(sides[0]!.text, HEAD.slice(1, 8).join('\n'));
  assert.equal(sides[1]!.text, NOW.slice(1, 8).join('\n'));
  const old = pickSharedCopy([HEAD], sides[0]!.text, sides[0]!.start, sides[0]!.end);
  assert.deepEqual(old, { copy: 0, at: { start: 1, end: 7, where: 'same' } });
  assert.equal(pickSharedCopy([HEAD], sides[1]!.text, sides[1]!.start, sides[1]!.end)?.at.where, 'edited', 'the new side is not in HEAD as it is');
  // only the last hunk shared: its own lines on each side (old 33-38, new 32-38)
  const last = diffSides([...HEADER, ...H3].join('\n'));
  assert.deepEqual(last.map((s) => [s.start, s.end]), [[33, 38], [32, 38]]);
  assert.deepEqual(pickSharedCopy([HEAD], last[0]!.text, last[0]!.start, last[0]!.end)?.at, { start: 32, end: 37, where: 'same' });
  assert.equal(pickSharedCopy([HEAD], last[1]!.text, last[1]!.start, last[1]!.end)?.at.where, 'edited');
});

test('Open: a copy with the changes already (the new side), or moved since, is found too', () => {
  const last = diffSides([...HEADER, ...H3].join('\n'));
  assert.equal(pickSharedCopy([NOW], last[0]!.text, last[0]!.start, last[0]!.end)?.at.where, 'edited', 'the old side is not in the new copy as it was');
  assert.deepEqual(pickSharedCopy([NOW], last[1]!.text, last[1]!.start, last[1]!.end)?.at, { start: 31, end: 37, where: 'same' });
  const moved = ['// a', '// b', ...HEAD];
  assert.deepEqual(pickSharedCopy([moved], last[0]!.text, last[0]!.start, last[0]!.end)?.at, { start: 34, end: 39, where: 'moved' });
});

test("Open's finding among the copies: the old side first, then the new, where it was or moved; neither in any copy, 'absent'; a copy too big to read, 'unread' (it may have them: opened at the lines shared, not said to lack them)", () => {
  const sides = diffSides(DIFF);
  assert.deepEqual(findDiff([HEAD], DIFF), { copy: 0, start: 1, side: sides[0] });
  assert.deepEqual(findDiff([['// other'], NOW], DIFF), { copy: 1, start: 1, side: sides[1] }, 'the second copy has the new side');
  assert.deepEqual(findDiff([['// a', ...NOW]], DIFF), { copy: 0, start: 2, side: sides[1] }, 'moved a line down');
  const other = ['no', 'such', 'lines'];
  assert.equal(findDiff([other], DIFF), 'absent');
  assert.equal(findDiff([], DIFF), 'absent', 'no copy: none has it');
  assert.equal(findDiff([other, null], DIFF), 'unread');
  assert.deepEqual(findDiff([null, HEAD], DIFF), { copy: 1, start: 1, side: sides[0] }, 'a copy that has it beats one not read');
});

test("Open: a new file's diff has no old side; a card's last line of hunks left out is none of the lines; no hunk, no side", () => {
  const created = diffSides('--- /dev/null\n+++ b/n.ts\n@@ -0,0 +1,2 @@\n+one\n+two\n');
  assert.deepEqual(created, [{ text: 'one\ntwo', start: 1, end: 2 }]);
  const cut = changesCard(DIFF, [], (t) => t.length < 400)!;
  assert.match(cut.text, /\n\(2 more hunks left out/);
  assert.deepEqual(diffSides(cut.text).map((s) => [s.text, s.start, s.end]), [[HEAD.slice(1, 8).join('\n'), 2, 8], [NOW.slice(1, 8).join('\n'), 2, 8]]);
  assert.deepEqual(diffSides('not a diff'), []);
  assert.deepEqual(diffSides(''), []);
});

test('the lines of the first hunk before its first changed line: its context above it, as many on either side', () => {
  const diff = (...hunk: string[]) => ['diff --git a/a b/a', '--- a/a', '+++ b/a', ...hunk, '@@ -20 +20 @@', '-x', '+y'].join('\n');
  assert.equal(linesBeforeChange(diff('@@ -1,5 +1,5 @@', ' a', ' b', '-c', '+C', ' d', ' e')), 2);
  assert.equal(linesBeforeChange(diff('@@ -4,4 +4,5 @@', ' a', ' b', ' c', '+new', ' d')), 3);
  assert.equal(linesBeforeChange(diff('@@ -1,2 +1 @@', '-a', ' b')), 0);
  assert.equal(linesBeforeChange('not a diff'), 0);
});

test("a hunk's numbers (a count not written is 1; no hunk line, none), and the card languages that are a diff's (VS Code's Open and the terminal's /open and colours read a `patch` card as one)", () => {
  assert.deepEqual(hunkNumbers('@@ -17,7 +17,6 @@ const v16 = 16;'), [17, 7, 17, 6]);
  assert.deepEqual(hunkNumbers('@@ -3 +3,2 @@'), [3, 1, 3, 2]);
  assert.equal(hunkNumbers('@@ hunk @@'), undefined);
  assert.equal(hunkNumbers(' @@ -1 +1 @@'), undefined);
  for (const l of ['diff', 'patch', 'Diff', 'PATCH']) assert.equal(isDiffLanguage(l), true, l);
  for (const l of [undefined, '', 'typescript', 'diffs', ' diff', 'git-diff']) assert.equal(isDiffLanguage(l), false, String(l));
});
