// The connection banner's countdown to the next attempt: its words, its ticks once a second, and no timer left once
// the attempt is due or the countdown is stopped (connected).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { countdownWords, retryDue, RetryCountdown, type Clock } from '../../src/webview/retryCountdown';

/** A clock the test moves on (`run(ms)` fires the timers due by then, in order), and the timers pending. */
function testClock() {
  let now = 1000;
  let next = 0;
  const timers = new Map<number, { at: number; f: () => void }>();
  const clock: Clock = {
    now: () => now,
    set: (f, ms) => (timers.set(++next, { at: now + ms, f }), next),
    clear: (t) => void timers.delete(t as number),
  };
  return {
    clock, timers,
    run(ms: number): void {
      const end = now + ms;
      // (bounded: a countdown of a few seconds sets a few timers)
      for (let i = 0; i < 100; i++) {
        const due = [...timers].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        timers.delete(due[0]);
        now = due[1].at;
        due[1].f();
      }
      now = end;
    },
    get now() {
      return now;
    },
  };
}

test('the banner counts the wait down in whole seconds, rounded up, then says the attempt is being made', () => {
  const r = { why: 'connection lost', at: 1000 + 2600 };
  assert.equal(countdownWords(r, 1000), 'connection lost; reconnecting in 3 s...');
  assert.equal(countdownWords(r, 1000 + 1599), 'connection lost; reconnecting in 2 s...');
  assert.equal(countdownWords(r, 1000 + 2300), 'connection lost; reconnecting in 1 s...', 'less than a second left is 1 s, not 0');
  assert.equal(countdownWords(r, 1000 + 2600), 'connection lost; reconnecting...');
  assert.equal(countdownWords(r, 1000 + 9000), 'connection lost; reconnecting...');
});

test('the countdown ticks as the whole seconds left change, the last time at the attempt, and leaves no timer then', () => {
  const c = testClock();
  const seen: string[] = [];
  const r = { why: 'connection lost', at: c.now + 2600 };
  const countdown = new RetryCountdown(() => seen.push(countdownWords(r, c.now)), c.clock);
  countdown.to(r.at);
  assert.equal(countdown.running, true);
  countdown.to(r.at); // (the chrome drawn again: the same wait, not counted down twice)
  assert.equal(c.timers.size, 1);
  c.run(10_000);
  assert.deepEqual(seen, ['connection lost; reconnecting in 2 s...', 'connection lost; reconnecting in 1 s...', 'connection lost; reconnecting...']);
  assert.equal(countdown.running, false);
  assert.equal(c.timers.size, 0, 'no timer left once the attempt is due');
  countdown.to(r.at); // (drawn again after it: nothing to count)
  assert.equal(c.timers.size, 0);
});

test('the countdown stops when told (connected), and a new wait replaces the one counted down', () => {
  const c = testClock();
  let ticks = 0;
  const countdown = new RetryCountdown(() => ticks++, c.clock);
  countdown.to(c.now + 5000);
  c.run(1500);
  assert.equal(ticks, 1);
  countdown.to(undefined);
  assert.equal(countdown.running, false);
  assert.equal(c.timers.size, 0, 'connected: no timer left');
  c.run(10_000);
  assert.equal(ticks, 1);
  countdown.to(c.now + 3000);
  countdown.to(c.now + 1000); // (the attempt failed at once: another, shorter wait)
  assert.equal(c.timers.size, 1);
  c.run(10_000);
  assert.equal(ticks, 2, 'its one second, counted once');
  assert.equal(c.timers.size, 0);
  countdown.to(c.now); // (a wait of nothing: the attempt is under way)
  assert.equal(countdown.running, false);
  assert.equal(c.timers.size, 0);
});

test("a wait the extension sends is taken in the page's clock; a malformed one is none, a huge one is a day at most", () => {
  assert.deepEqual(retryDue({ why: 'connection lost', inMs: 2600 }, 500), { why: 'connection lost', at: 3100 });
  for (const bad of [undefined, null, 'soon', {}, { why: 'x' }, { why: 1, inMs: 5 }, { why: 'x', inMs: -1 }, { why: 'x', inMs: NaN }, { why: 'x', inMs: '5' }]) assert.equal(retryDue(bad, 0), undefined, JSON.stringify(bad));
  assert.equal(retryDue({ why: 'x', inMs: Infinity }, 0)?.at, 86_400_000);
});
