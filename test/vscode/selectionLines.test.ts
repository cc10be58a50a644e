// Share Selection's lines: whole lines of every selection (multi-cursor too), in order, overlapping ones as one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { linesLabel, MAX_SHARED_SELECTIONS, sharedLineRanges, sharedText } from '../../src/vscode/selectionLines';

const sel = (startLine: number, endLine: number, endCharacter = 5, isEmpty = false) => ({ startLine, endLine, endCharacter, isEmpty });

test("one selection: its whole lines; an empty one the cursor's line; one ending at a line's start leaves that line out", () => {
  assert.deepEqual(sharedLineRanges([sel(3, 5)]), [{ start: 3, end: 5 }]);
  assert.deepEqual(sharedLineRanges([sel(7, 7, 2, true)]), [{ start: 7, end: 7 }]);
  assert.deepEqual(sharedLineRanges([sel(3, 6, 0)]), [{ start: 3, end: 5 }]);
  assert.deepEqual(sharedLineRanges([sel(3, 3, 0)]), [{ start: 3, end: 3 }], 'within one line it is that line');
  // Shift+Down three times from the end of line 4: lines 5-7 are what shows selected
  assert.deepEqual(sharedLineRanges([{ ...sel(3, 6, 9), startsAtLineEnd: true }]), [{ start: 4, end: 6 }]);
  assert.deepEqual(sharedLineRanges([{ ...sel(3, 4, 0), startsAtLineEnd: true }]), [{ start: 3, end: 3 }], 'only the line break at its end: that line');
  assert.deepEqual(sharedLineRanges([{ ...sel(3, 3, 9), startsAtLineEnd: true }]), [{ start: 3, end: 3 }], 'within one line it is that line');
});

test('several cursors: every selection is shared (only the first was, without a word), in order, overlapping and touching ones as one', () => {
  assert.deepEqual(sharedLineRanges([sel(20, 22), sel(3, 4), sel(10, 10, 1, true)]), [{ start: 3, end: 4 }, { start: 10, end: 10 }, { start: 20, end: 22 }]);
  assert.deepEqual(sharedLineRanges([sel(3, 6), sel(5, 9), sel(10, 11)]), [{ start: 3, end: 11 }]);
  // a column selection: a cursor on each line, one block
  assert.deepEqual(sharedLineRanges([sel(4, 4, 8), sel(5, 5, 8), sel(6, 6, 8)]), [{ start: 4, end: 6 }]);
  const many = Array.from({ length: 50 }, (_, i) => sel(i * 3, i * 3));
  assert.equal(sharedLineRanges(many).length, MAX_SHARED_SELECTIONS);
  // blank ones left out are not among the ten: 12 cursors, 3 of the first ten on blank lines, 9 cards (it sent 7)
  const twelve = Array.from({ length: 12 }, (_, i) => sel(i * 3, i * 3));
  const blankLines = new Set([0, 6, 12]);
  const kept = sharedLineRanges(twelve, (r) => blankLines.has(r.start));
  assert.deepEqual(kept.map((r) => r.start), [3, 9, 15, 18, 21, 24, 27, 30, 33]);
});

test('what the status bar says was shared', () => {
  assert.equal(linesLabel([{ start: 4, end: 4 }]), 'line 5');
  assert.equal(linesLabel([{ start: 2, end: 4 }]), 'lines 3-5');
  assert.equal(linesLabel([{ start: 2, end: 4 }, { start: 8, end: 8 }, { start: 19, end: 21 }]), 'lines 3-5, 9, 20-22');
});

test("a selection's text goes with `\\n` line breaks, a CRLF file's too (its `\\r`s counted against the room's maxText)", () => {
  assert.equal(sharedText('a\r\nb\r\n\r\nc'), 'a\nb\n\nc');
  assert.equal(sharedText('a\rb'), 'a\nb', 'a lone CR (old Mac files) is a line break too');
  assert.equal(sharedText('a\nb'), 'a\nb');
});
