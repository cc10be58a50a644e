// What a panel with no webview (closed, or hidden: torn down) is told once it has one again.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { conversationToShow, heldForNextPanel, noticeOfUnseen } from '../../src/vscode/heldForPanel';

test('a refused message or edit, and notices, are kept for the next webview; live events are not (the snapshot has them)', () => {
  assert.equal(heldForNextPanel({ type: 'sendRefused', to: 'bob', text: 'see you tomorrow' }), true, 'its text goes back into the composer');
  assert.equal(heldForNextPanel({ type: 'editRefused', room: 'general', seq: 4, text: 'fixed typo' }), true);
  assert.equal(heldForNextPanel({ type: 'notice', level: 'error', text: 'x' }), true);
  assert.equal(heldForNextPanel({ type: 'server', msg: { type: 'message', room: 'general', seq: 1, time: 1, from: 'a', kind: 'text', text: 'hi' } }), false);
});

test("the room's refusal of something no webview saw becomes a notice in the room's words, its suggestion said", () => {
  assert.deepEqual(noticeOfUnseen({ type: 'error', code: 'no_such_nick', message: 'bob is not here', id: 'c4' }), { type: 'notice', level: 'error', text: 'bob is not here' });
  assert.deepEqual(noticeOfUnseen({ type: 'error', code: 'nick_taken', message: 'the nickname "bob" is taken', suggestion: 'bob_2' }), { type: 'notice', level: 'error', text: 'the nickname "bob" is taken (try "bob_2")' });
  assert.equal(noticeOfUnseen({ type: 'info', text: 'In #general: a, b' }), undefined);
});

test("the conversation a Reply asked a webview not yet ready to open is the one its snapshot shows: the last asked, as #room or @nick", () => {
  assert.equal(conversationToShow([]), undefined);
  assert.equal(conversationToShow([{ type: 'focusComposer' }]), undefined);
  assert.equal(conversationToShow([{ type: 'activateDm', nick: 'bob' }, { type: 'focusComposer' }]), '@bob');
  assert.equal(conversationToShow([{ type: 'activateDm', nick: 'bob' }, { type: 'focusComposer' }, { type: 'activateRoom', room: 'dev' }, { type: 'focusComposer' }]), '#dev');
});
