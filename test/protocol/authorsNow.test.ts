// Who wrote a kept message of a room, under the name they go by now (authorsNow.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { authoredMessage } from '../../src/protocol/authorsNow';
import type { RoomEvent } from '../../src/protocol/messages';

const t = 1_764_070_000_000;
const msg = (seq: number, from: string): RoomEvent => ({ type: 'message', room: 'general', seq, time: t + seq, from, text: `m${seq}`, kind: 'text' });
const nick = (seq: number, from: string, to: string): RoomEvent => ({ type: 'nick', room: 'general', seq, time: t + seq, from, to });

test('one message with the name its author goes by now: after their renames; nobody when another took the name after they left it; none for a seq that is no message kept', () => {
  // cat wrote 1, became kat, then kat2; bob wrote 3 and left; guest took the name bob, then became rob
  const events: RoomEvent[] = [msg(1, 'cat'), nick(2, 'cat', 'kat'), msg(3, 'bob'), nick(4, 'kat', 'kat2'), nick(5, 'guest', 'bob'), nick(6, 'bob', 'rob'), msg(8, 'rob')];
  assert.equal(authoredMessage(events, 1)?.message, events[0]);
  assert.equal(authoredMessage(events, 1)?.authorNow, 'kat2');
  assert.equal(authoredMessage(events, 3)?.authorNow, '');
  assert.equal(authoredMessage(events, 8)?.authorNow, 'rob');
  for (const seq of [0, 2, 6, 7, 9]) assert.equal(authoredMessage(events, seq), undefined, String(seq));
});
