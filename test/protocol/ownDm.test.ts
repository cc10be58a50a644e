// Whose a direct message is, by the nicknames you had.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sentUnder } from '../../src/protocol/ownDm';

test('a direct message written under any nickname you had is yours; between two of them, the later one is you', () => {
  const order = ['me', 'newme'];
  assert.equal(sentUnder(order, { from: 'me', to: 'bob' }), true, 'written before you renamed');
  assert.equal(sentUnder(order, { from: 'newme', to: 'bob' }), true);
  assert.equal(sentUnder(order, { from: 'bob', to: 'me' }), false);
  assert.equal(sentUnder(order, { from: 'bob', to: 'newme' }), false);
  // someone took "me" after you left it, and writes to you: theirs
  assert.equal(sentUnder(order, { from: 'me', to: 'newme' }), false);
  assert.equal(sentUnder(order, { from: 'newme', to: 'me' }), true);
  assert.equal(sentUnder([], { from: 'me', to: 'bob' }), false, 'no nickname yet: nothing is yours');
});

test('between two nicknames you had, with the times they became yours, a direct message is yours by the one you had at its time', () => {
  // you were alice; bob wrote to you at 100; bob became robert, and you took "bob" at 200
  const order = ['alice', 'bob'];
  const since = new Map([['bob', 200]]);
  assert.equal(sentUnder(order, { from: 'bob', to: 'alice', time: 100 }, since), false, "the old bob's, to you");
  assert.equal(sentUnder(order, { from: 'alice', to: 'bob', time: 150 }, since), true, 'yours, to the old bob');
  // after 200: someone took "alice", and you (bob now) write to them, or they to you
  assert.equal(sentUnder(order, { from: 'bob', to: 'alice', time: 300 }, since), true);
  assert.equal(sentUnder(order, { from: 'alice', to: 'bob', time: 300 }, since), false);
  // no times known (an earlier version's save): the one you had later is you
  assert.equal(sentUnder(order, { from: 'bob', to: 'alice', time: 100 }), true);
  // you were alice, bob at 200, alice again at 300: alice counts from 300
  const twice = ['bob', 'alice'];
  const again = new Map([['bob', 200], ['alice', 300]]);
  assert.equal(sentUnder(twice, { from: 'alice', to: 'bob', time: 250 }, again), false, 'at 250 you were bob');
  assert.equal(sentUnder(twice, { from: 'alice', to: 'bob', time: 350 }, again), true);
  // one with no time of its own, not the first, tells nothing: the rule without times
  assert.equal(sentUnder(['x', 'alice', 'bob'], { from: 'alice', to: 'bob', time: 150 }, new Map([['x', 50]])), false);
});
