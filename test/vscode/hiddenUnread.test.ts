import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HiddenUnread } from '../../src/vscode/hiddenUnread';

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
