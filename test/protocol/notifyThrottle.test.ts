// Mention and direct-message notifications: at most one per conversation every few seconds, each on its own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NOTIFY_AT_ONCE, NOTIFY_EVERY_MS, NotifyThrottle } from '../../src/protocol/notifyThrottle';

test('two people writing to you at once: two notifications (one for all dropped the second); a burst from one: one', () => {
  const t = new NotifyThrottle();
  assert.equal(t.take('@alice', 1000), true);
  assert.equal(t.take('@bob', 1500), true, 'another person');
  assert.equal(t.take('#general', 1600), true, 'a room');
  assert.equal(t.take('@alice', 2000), false, 'alice again, within the time');
  assert.equal(t.take('@alice', 1000 + NOTIFY_EVERY_MS), true, 'alice once the time passed');
});

test('what it keeps stays small: conversations whose time has passed go', () => {
  const t = new NotifyThrottle();
  for (let i = 0; i < 1000; i++) assert.equal(t.take(`@p${i}`, i * NOTIFY_EVERY_MS), true);
  assert.ok(t.size <= 65, `${t.size} kept`);
  assert.equal(t.take('@p999', 999 * NOTIFY_EVERY_MS + 1), false, 'the latest still counts');
  assert.equal(t.take('@p0', 1000 * NOTIFY_EVERY_MS), true);
});

test('a member renaming between direct messages (a new conversation each time) gets a few notifications, not one for each', () => {
  const t = new NotifyThrottle();
  const shown = Array.from({ length: 15 }, (_, i) => t.take(`@eve${i}`, 1000 + i * 60)).filter(Boolean).length;
  assert.equal(shown, NOTIFY_AT_ONCE);
  assert.equal(t.take('@bob', 1000 + NOTIFY_EVERY_MS + 900), true, 'once the time passed, the next');
});
