import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AcceptedIds, forgetOldest } from '../../src/node/acceptedIds';

test('keeps the last cap ids with their seq, forgets the oldest first', () => {
  const ids = new AcceptedIds(3);
  for (let i = 1; i <= 5; i++) ids.add(`m${i}`, i * 10);
  assert.equal(ids.size, 3);
  assert.equal(ids.get('m1'), undefined);
  assert.equal(ids.get('m2'), undefined);
  assert.equal(ids.get('m3'), 30);
  assert.equal(ids.get('m5'), 50);
  assert.deepEqual(ids.entries(), [['m3', 30], ['m4', 40], ['m5', 50]], 'oldest first');
  ids.add('m6', 0); // a direct message's id gets seq 0
  assert.equal(ids.get('m6'), 0);
  assert.deepEqual(ids.entries().map(([id]) => id), ['m4', 'm5', 'm6']);
});

test('round-trips through what the host saves, and an id added twice keeps one place', () => {
  const ids = new AcceptedIds(4, [['a', 1], ['b', 2], ['c', 3]]);
  ids.add('b', 2);
  ids.add('d', 4);
  ids.add('e', 5);
  assert.deepEqual(ids.entries(), [['b', 2], ['c', 3], ['d', 4], ['e', 5]]);
  const restored = new AcceptedIds(4, ids.entries());
  assert.deepEqual(restored.entries(), ids.entries());
  assert.equal(new AcceptedIds(2, [['x', 1], ['y', 2], ['z', 3]]).get('x'), undefined, 'more saved than the cap: the oldest go');
});

test('keepLast forgets all but the newest ids; forgetOldest takes the ids of sessions that left first, whole, until the rest fit', () => {
  const ids = new AcceptedIds(10, [['a', 1], ['b', 2], ['c', 3], ['d', 4]]);
  ids.keepLast(2);
  assert.deepEqual(ids.entries(), [['c', 3], ['d', 4]]);
  ids.add('e', 5);
  assert.deepEqual(ids.entries(), [['c', 3], ['d', 4], ['e', 5]], 'and goes on from them');
  ids.keepLast(0);
  assert.equal(ids.size, 0);
  const session = (leftAt: number, n: number) => ({ leftAt, accepted: new AcceptedIds(100, Array.from({ length: n }, (_, i) => [`${leftAt}-${i}`, i] as const)) });
  const sessions = [session(30, 5), session(10, 5), session(20, 5), session(40, 5)];
  forgetOldest(sessions, 20);
  assert.deepEqual(sessions.map((s) => s.accepted.size), [5, 5, 5, 5], 'within the budget: nothing forgotten');
  forgetOldest(sessions, 11);
  assert.deepEqual(sessions.map((s) => s.accepted.size), [5, 0, 0, 5], 'the two that left first');
});

test('a refused id is kept with its code and words, answered so again; a restart keeps its code, evicting it takes its words', () => {
  const ids = new AcceptedIds(3);
  ids.add('m1', 10);
  ids.refuse('e1', 'no_such_message', 'you have no message in #general that can still be changed');
  assert.equal(ids.refusal('m1'), undefined, 'accepted: no refusal');
  assert.equal(ids.refusal('x'), undefined, 'unknown');
  assert.deepEqual(ids.refusal('e1'), { code: 'no_such_message', message: 'you have no message in #general that can still be changed' });
  assert.ok((ids.get('e1') ?? 0) < 0, 'known, as no seq');
  const restored = new AcceptedIds(3, ids.entries());
  assert.deepEqual(restored.refusal('e1'), { code: 'no_such_message', message: 'the server refused this before the connection dropped (no_such_message)' });
  ids.keepLast(1);
  assert.deepEqual(ids.refusal('e1')?.code, 'no_such_message', 'the newest stays, words and all');
  assert.equal(ids.refusal('e1')?.message, 'you have no message in #general that can still be changed');
  for (let i = 0; i < 3; i++) ids.add(`n${i}`, i + 1);
  assert.equal(ids.refusal('e1'), undefined, 'evicted');
  ids.add('e1', 7);
  assert.equal(ids.refusal('e1'), undefined, 'no words left behind for an id used again');
});

test("a session keeps the words of its latest 64 refusals, each cut at 300 characters; older ones say their code", () => {
  const ids = new AcceptedIds(1000);
  for (let i = 0; i < 70; i++) ids.refuse(`r${i}`, 'not_permitted', `${i} `.padEnd(700, 'x'));
  assert.equal(ids.refusal('r69')?.message.length, 300);
  assert.ok(ids.refusal('r69')?.message.startsWith('69 '));
  assert.equal(ids.refusal('r5')?.message, 'the server refused this before the connection dropped (not_permitted)');
  assert.equal(ids.refusal('r6')?.message.startsWith('6 '), true, 'the 64th from the end keeps its words');
});
