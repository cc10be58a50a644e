import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mentions } from '../../src/protocol/mentions';

test('a nickname is mentioned as a word of its own, in any script', () => {
  assert.ok(mentions('hey @alice look', 'alice'));
  assert.ok(mentions('Alice: done?', 'alice'));
  assert.ok(mentions('alice', 'alice'));
  assert.ok(!mentions('malice aforethought', 'alice'));
  assert.ok(!mentions('alice_2 is here', 'alice'));
  assert.ok(!mentions('bob-2 says hi', 'bob'), 'bob-2 is another nickname');
  assert.ok(mentions('ping b.o.b!', 'b.o.b'));
  assert.ok(!mentions('bxoxb', 'b.o.b'));
  assert.ok(!mentions('anything', ''));
  // letters outside ASCII, and nicknames that start or end with no letter (a \b test missed them)
  assert.ok(mentions('hi José, look', 'José'));
  assert.ok(!mentions('Joséphine', 'José'));
  assert.ok(mentions('thanks [bob]', '[bob]'));
  assert.ok(mentions('日本 さん', '日本'));
});
