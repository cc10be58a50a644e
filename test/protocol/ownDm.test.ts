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
