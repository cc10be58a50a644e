import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HiddenUnread, MAX_COUNTED } from '../../src/vscode/hiddenUnread';

test('a message deleted before anyone saw it stops counting; others keep counting', () => {
  const u = new HiddenUnread();
  assert.equal(u.add('general', 7), 1);
  assert.equal(u.add('general', 8), 2);
  assert.equal(u.add(undefined, 7), 3); // a direct message with the same seq is another message
  assert.equal(u.add('ops', 8), 4);
  assert.equal(u.deleted('general', 8), 3);
  assert.equal(u.deleted('general', 8), 3, 'a second delete event for it changes nothing');
  assert.equal(u.deleted('general', 3), 3, 'a message it never counted (seen, or its own) changes nothing');
  assert.equal(u.deleted('general', 7), 2);
  assert.equal(u.count, 2);
});

test("the panel's own count replaces it, and what was counted before is forgotten", () => {
  const u = new HiddenUnread();
  u.add('general', 1);
  u.add('general', 2);
  assert.equal(u.reset(5), 5);
  assert.equal(u.deleted('general', 2), 5, 'the panel counted by what was seen: a delete of an older count does not go below it');
  assert.equal(u.add('general', 9), 6);
  assert.equal(u.deleted('general', 9), 5);
  assert.equal(u.reset(0), 0);
  assert.equal(u.count, 0);
});

test('a window hidden for days in a busy room: the newest MAX_COUNTED messages are kept to take a delete off, not every one', () => {
  const u = new HiddenUnread();
  const total = MAX_COUNTED + 500;
  for (let seq = 1; seq <= total; seq++) u.add('general', seq);
  assert.equal(u.count, total);
  assert.equal(u.deleted('general', total), total - 1, 'the newest');
  assert.equal(u.deleted('general', total - MAX_COUNTED + 1), total - 2, 'the oldest still kept');
  assert.equal(u.deleted('general', 500), total - 2, 'one from before those: forgotten, it stays counted');
  // forgotten, not kept: what it holds is bounded
  for (let seq = 1; seq <= 500; seq++) u.deleted('general', seq);
  assert.equal(u.count, total - 2);
});

test('messages posted to the open panel count when it goes away before it said it counted them', () => {
  const u = new HiddenUnread();
  u.posted(2, 'general', 10);
  u.posted(3, undefined, 4); // a direct message
  u.posted(4, 'general', 11);
  assert.equal(u.reset(1, 2), 1, 'the panel had the first: it is in its count');
  u.panelGone();
  assert.equal(u.count, 3, 'the two it never had count now');
  assert.equal(u.deleted('general', 11), 2, 'and a delete of one of them takes it off');
  u.panelGone();
  assert.equal(u.count, 2, 'counted once');
});

test('a message the panel said it counted, or one deleted on its way, is not counted again when it goes away', () => {
  const u = new HiddenUnread();
  u.posted(1, 'general', 1);
  u.posted(2, 'general', 2);
  u.deleted('general', 2);
  assert.equal(u.reset(0, 1), 0);
  u.panelGone();
  assert.equal(u.count, 0);
  u.posted(3, 'general', 3);
  assert.equal(u.reset(0), 0, 'a count that says nothing of what it had (the room left) forgets them all');
  u.panelGone();
  assert.equal(u.count, 0);
});

test('what is waiting for the panel to say it had it is bounded', () => {
  const u = new HiddenUnread();
  for (let at = 1; at <= MAX_COUNTED + 10; at++) u.posted(at, 'general', at);
  u.panelGone();
  assert.equal(u.count, MAX_COUNTED);
});

test('a webview that loads again (the panel still shown) starts the numbers again: what went to the one before is in its snapshot, not counted at the next hide', () => {
  const u = new HiddenUnread();
  u.posted(2, 'general', 10);
  u.posted(3, 'general', 11);
  u.panelReady();
  u.posted(2, 'general', 12);
  assert.equal(u.reset(0, 2), 0, 'the new webview had the snapshot and the next message: all read');
  u.panelGone();
  assert.equal(u.count, 0, 'not 2: the earlier ones were in its snapshot');
});

test('a mention posted to the panel as it closed is given back to be notified (nobody saw it); one it had is not', () => {
  const u = new HiddenUnread<string>();
  u.posted(1, 'general', 1, 'alice: @bob had');
  u.posted(2, 'general', 2);
  u.posted(3, undefined, 1, 'a direct message never had');
  u.posted(4, 'general', 3, '@bob never had');
  u.reset(0, 1);
  assert.deepEqual(u.panelGone(), ['a direct message never had', '@bob never had']);
  assert.equal(u.count, 3);
  assert.deepEqual(u.panelGone(), [], 'given once');
});
