// What the panel is told is news (read aloud, counted) and what history (`history` on a `server` message).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ServerMessage } from '../../src/protocol/messages';
import { newsToPanel } from '../../src/vscode/panelNews';

const T0 = Date.UTC(2024, 0, 1, 9);
const message: ServerMessage = { type: 'message', room: 'general', seq: 4, time: T0, from: 'bob', text: 'hi', kind: 'text' };
const react: ServerMessage = { type: 'react', room: 'general', seq: 5, time: T0, target: 3, from: 'bob', emoji: '👍', on: true, reactions: [{ emoji: '👍', by: ['bob'] }] };
const edit: ServerMessage = { type: 'edit', room: 'general', seq: 6, time: T0, target: 4, from: 'bob', text: 'hello' };
const deletion: ServerMessage = { type: 'delete', room: 'general', seq: 7, time: T0, target: 4, from: 'bob', by: 'alice' };

test("a room's reaction, edit or deletion is news as its messages are: live or in a reconnect's replay, not in the history a room's first entry replays", () => {
  const entry = () => false; // (the client: not synced yet, not resumed, nor come while the window reloaded)
  const live = () => true;
  // (an edit or a deletion of the first entry's history is not read out; one that came while reconnecting is, once
  // the replay is over, as one that happens is)
  assert.deepEqual([message, react, edit, deletion].map((m) => newsToPanel(m, entry)), [false, false, false, false], "a first entry's history: a reaction to yours, an edit there are not read out");
  assert.deepEqual([message, react, edit, deletion].map((m) => newsToPanel(m, live)), [true, true, true, true]);
  // (it is asked about the event itself: the reload's test compares its seq with what the window had)
  const asked: number[] = [];
  for (const m of [react, edit, deletion]) newsToPanel(m, (e) => (asked.push(e.seq), true));
  assert.deepEqual(asked, [5, 6, 7]);
  // other events go as news: the panel tells their replays by the room's state
  assert.equal(newsToPanel({ type: 'synced', room: 'general', seq: 6, gap: false }, entry), true);
  assert.equal(newsToPanel({ type: 'join', room: 'general', seq: 8, time: T0, nick: 'carol', role: 'member' }, entry), true);
});
