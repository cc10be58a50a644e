// The chat once a room is hosted or joined: shown, and the composer given the keyboard when the chat takes it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ToPanel } from '../../src/shared/panelMessages';
import { showRoom, showToWrite } from '../../src/vscode/roomShown';

/** A panel that records what it was asked: shown (with preserveFocus), and what it was given to post. */
function panel(exists: boolean) {
  const asked: (string | ToPanel)[] = [];
  return { asked, exists, show: (preserveFocus: boolean) => void asked.push(`show ${preserveFocus ? 'keeping the focus' : 'focused'}`), post: (m: ToPanel) => (asked.push(m), 1) };
}

test("a room joined (or hosted with no editor open) gives the composer the keyboard, in a panel open already too: Join Chat from the recent rooms left it on the panel's last message", () => {
  for (const exists of [true, false]) {
    const p = panel(exists);
    showRoom(p, false, false);
    assert.deepEqual(p.asked, ['show focused', { type: 'focusComposer' }], exists ? 'open already' : 'opened now');
  }
});

test('a host with an editor open goes on in it; a room a reload restored shows its panel only if it came back, and takes no focus', () => {
  const host = panel(true);
  showRoom(host, false, true);
  assert.deepEqual(host.asked, ['show keeping the focus']);
  const restored = panel(true);
  showRoom(restored, true, false);
  assert.deepEqual(restored.asked, ['show keeping the focus']);
  const closed = panel(false);
  showRoom(closed, true, false);
  assert.deepEqual(closed.asked, [], 'a reload with the chat closed keeps it closed');
});

test("a room picked in Join a Room is shown with its composer given the keyboard, as after Join Chat: the panel gave it back to what had it (a message, the members), or to nothing", () => {
  const p = panel(true);
  showToWrite(p, { type: 'activateRoom', room: 'dev' });
  assert.deepEqual(p.asked, ['show focused', { type: 'activateRoom', room: 'dev' }, { type: 'focusComposer' }]);
});
