// Share Selection: which editor it shares from, or why there is none.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { shareSource } from '../../src/vscode/shareSource';

const editor = (name: string, isClosed = false) => ({ name, document: { isClosed } });

test('Share Selection shares from the active editor, else (the chat focused) the one last in use on screen; none: says why', () => {
  const a = editor('a');
  const b = editor('b');
  assert.equal(shareSource(a, b, [a, b]).editor, a, 'the active one');
  assert.equal(shareSource(undefined, b, [a, b]).editor, b, 'from the palette with the chat focused: the one last in use');
  const hidden = shareSource(undefined, b, [a]);
  assert.equal(hidden.editor, undefined);
  assert.match(hidden.why, /^the editor you were in is not on screen \(behind the chat\?\)/, 'its file is open, the chat covers it: not "open a file"');
  assert.equal(shareSource(undefined, editor('c', true), [a]).why, 'open a file and select the lines to share', 'its file was closed since');
  assert.equal(shareSource(undefined, undefined, []).why, 'open a file and select the lines to share');
});
