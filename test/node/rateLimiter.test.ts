import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RateLimiter } from '../../src/node/rateLimiter';

test('a token bucket: burst at once, then the rate; waitMs says when the next token comes; spend goes into debt', () => {
  let now = 0;
  const r = new RateLimiter(3, 10, () => now);
  assert.deepEqual([r.take(), r.take(), r.take(), r.take()], [true, true, true, false]);
  assert.equal(r.waitMs(), 100, 'one token per 100 ms');
  now = 40;
  assert.equal(r.waitMs(), 60);
  now = 100;
  assert.equal(r.waitMs(), 0);
  assert.equal(r.take(), true);
  r.spend(); // what cannot wait takes a token there is not
  assert.equal(r.waitMs(), 200, 'the debt is paid before the next token');
  for (let i = 0; i < 10; i++) r.spend();
  assert.equal(r.waitMs(), 400, 'the debt stops at the burst');
  now = 10_000;
  assert.deepEqual([r.take(), r.take(), r.take(), r.take()], [true, true, true, false], 'refilled up to the burst, no more');
});
