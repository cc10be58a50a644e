// Escape in the chat: which editor gets the keyboard back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { editorToFocus } from '../../src/vscode/editorToFocus';

test('Escape in the chat goes back to the editor last in use while it is on screen, else one beside the chat, else none', () => {
  const left = { name: 'left', viewColumn: 1 };
  const right = { name: 'right', viewColumn: 3 };
  const withChat = { name: 'with the chat', viewColumn: 2 };
  assert.equal(editorToFocus([left, right], right, 2), right, 'the one last in use');
  assert.equal(editorToFocus([withChat, left], undefined, 2), left, 'none in use yet: one outside the chat\'s column');
  assert.equal(editorToFocus([withChat, left], { name: 'closed since', viewColumn: 1 }, 2), left, 'the one in use was closed');
  assert.equal(editorToFocus([], left, 2), undefined, 'no editor on screen: nowhere to go');
});
