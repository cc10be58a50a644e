import { test } from 'node:test';
import assert from 'node:assert/strict';
import { menuMember, menuRoom, menuRowKey } from '../../src/vscode/menuContext';
import { NICK_FIELD_UNITS } from '../../src/protocol/limits';

test("a context menu's argument: the room and the member the panel put there; anything else is none", () => {
  const tab = { webview: 'tcpChat.panel', webviewSection: 'roomTab', room: 'dev', preventDefaultContextMenuItems: true };
  assert.equal(menuRoom(tab), 'dev');
  const m = { webview: 'tcpChat.panel', webviewSection: 'member', room: 'general', nick: 'eve', memberRole: 'member', myRole: 'owner', memberIsYou: false };
  assert.deepEqual(menuMember(m), { room: 'general', nick: 'eve' });
  // a nickname of 64 letters outside the BMP (two UTF-16 units each), as a room allowing 64 characters has
  const astral = '\u{20000}'.repeat(64);
  assert.deepEqual(menuMember({ ...m, nick: astral }), { room: 'general', nick: astral });
  // run from the palette, a keybinding or another extension: no argument, or one of another shape
  for (const arg of [undefined, null, 'dev', 42, {}, { room: 7 }, { room: '' }, { room: 'x'.repeat(33) }, [tab]]) assert.equal(menuRoom(arg), undefined, JSON.stringify(arg));
  for (const arg of [undefined, tab, { nick: 'eve' }, { room: 'general', nick: '' }, { room: 'general', nick: 'e'.repeat(NICK_FIELD_UNITS + 1) }, { room: 'general', nick: ['eve'] }]) {
    assert.equal(menuMember(arg), undefined, JSON.stringify(arg));
  }
  assert.equal(menuRowKey({ webviewSection: 'message', key: 'r:general:e1:43', canReply: true }), 'r:general:e1:43');
  for (const arg of [undefined, tab, { key: 43 }, { key: '' }, { key: 'k'.repeat(201) }]) assert.equal(menuRowKey(arg), undefined, JSON.stringify(arg));
});
