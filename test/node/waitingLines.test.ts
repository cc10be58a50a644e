// The lines a peer sent with no rate token left: in order, bounded, acted on as tokens come, forgotten with the peer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RateLimiter } from '../../src/node/rateLimiter';
import { WaitingLines } from '../../src/node/waitingLines';

test('waiting lines go in the order they came, the one the rate stopped first; past the bounds nothing more is kept; they go with the peer', () => {
  let now = 0;
  const limiter = new RateLimiter(1, 1, () => now);
  const acted: string[] = [];
  // a handler that needs a token: without one, the line it acts on waits (as Peer.allow does through waitForToken)
  const q: WaitingLines<string> = new WaitingLines<string>(limiter, { lines: 3, size: 10 }, (line) => {
    if (limiter.take()) acted.push(line);
    else assert.ok(q.keepCurrent(), `${line} waits`);
  }, () => {}, (line) => `${line}`);
  try {
    q.act('a'); // the token there
    q.act('b'); // none: it waits, first
    assert.ok(q.keep('c'));
    assert.ok(q.keep('dd'));
    assert.equal(q.keep('e'), false, 'past 3 lines');
    assert.deepEqual([q.length, acted], [3, ['a']]);
    now = 1000;
    q.drain(() => true);
    assert.deepEqual(acted, ['a', 'b'], 'one token: one line, the oldest');
    now = 3000;
    q.drain(() => true);
    assert.deepEqual(acted, ['a', 'b', 'c'], '(the bucket holds one token at most)');
    assert.equal(q.keep('x'.repeat(9)), false, 'past 10 characters in all');
    assert.ok(q.keep('fff'));
    q.drain(() => false); // the peer ended
    assert.equal(q.length, 0, 'forgotten with it');
    assert.deepEqual(acted, ['a', 'b', 'c']);
  } finally {
    q.clear();
  }
});
