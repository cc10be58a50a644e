// Going back into the room after a reload: tried a few times, until the user does something else.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { REJOIN_ATTEMPTS, rejoin } from '../../src/vscode/rejoinAttempts';

const nobody = () => Promise.reject(new Error('nobody is listening'));

test('a room that is not back is tried REJOIN_ATTEMPTS times, each wait longer, then its error is said', async () => {
  let tries = 0;
  const waits: number[] = [];
  await assert.rejects(rejoin(() => (tries++, nobody()), async () => {}, undefined, (k) => (waits.push(k), 1)), /nobody is listening/);
  assert.equal(tries, REJOIN_ATTEMPTS);
  assert.deepEqual(waits, [1, 2, 3, 4, 5]);
});

test('a room that comes back meanwhile is joined', async () => {
  let tries = 0;
  assert.equal(await rejoin(async () => {
    if (++tries < 3) throw new Error('not yet');
  }, async () => assert.fail('not left'), new AbortController().signal, () => 1), true);
  assert.equal(tries, 3);
});

test('the user gave up on the room (Leave Chat, another room) while it waited: no more attempts, at once', async () => {
  const stop = new AbortController();
  let tries = 0;
  const going = rejoin(() => (tries++, nobody()), async () => assert.fail('never in'), stop.signal, () => 60_000);
  await new Promise((r) => setTimeout(r, 20));
  stop.abort();
  assert.equal(await going, false);
  assert.equal(tries, 1, 'the minute it was to wait was not waited');
});

test('an attempt that gets in after the user gave up on the room leaves it again', async () => {
  const stop = new AbortController();
  let left = 0;
  const going = rejoin(() => new Promise<void>((r) => setTimeout(r, 20)), async () => void left++, stop.signal);
  stop.abort();
  assert.equal(await going, false);
  assert.equal(left, 1);
});
