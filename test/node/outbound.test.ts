import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Outbound } from '../../src/node/outbound';

test('joins and leaves may wait to share a write; messages and every other event may not', () => {
  const base = { room: 'general', seq: 1, time: 0 };
  assert.equal(new Outbound({ type: 'join', nick: 'ada', role: 'member', ...base }).lazy, true);
  assert.equal(new Outbound({ type: 'leave', nick: 'ada', reason: 'quit', ...base }).lazy, true);
  assert.equal(new Outbound({ type: 'message', from: 'ada', text: 'hi', kind: 'text', ...base }).lazy, false);
  assert.equal(new Outbound({ type: 'topic', by: 'ada', topic: 't', ...base }).lazy, false);
  assert.equal(new Outbound({ type: 'typing', room: 'general', nick: 'ada' }).lazy, false);
});
