// Share Selection brings the chat up, but never over the editor the selection came from.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { showChatAfterShare } from '../../src/vscode/chatAfterShare';

const hiddenIn = (viewColumn: number) => ({ exists: true, visible: false, viewColumn });

test('a hidden chat in the group of the editor shared from stays behind it; in another group it comes up; none yet: it opens', () => {
  assert.equal(showChatAfterShare(hiddenIn(1), 1, 1), false);
  assert.equal(showChatAfterShare(hiddenIn(2), 1, 1), true);
  assert.equal(showChatAfterShare({ exists: false, visible: false, viewColumn: undefined }, 1, 1), true);
  assert.equal(showChatAfterShare({ exists: true, visible: true, viewColumn: 2 }, 1, 1), false, 'already on show');
});

test("a side of a diff editor has no column (VS Code's embedded editor): the group with the focus, the diff's, is where it is", () => {
  // Compare with Saved / Open Changes in group 1, the chat a background tab of group 1: the diff stays in front
  assert.equal(showChatAfterShare(hiddenIn(1), undefined, 1), false);
  assert.equal(showChatAfterShare(hiddenIn(2), undefined, 1), true);
  // nothing known of where it is: as before, the chat comes up
  assert.equal(showChatAfterShare(hiddenIn(1), undefined, undefined), true);
});
