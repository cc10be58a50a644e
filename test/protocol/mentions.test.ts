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

test('a nickname inside code is code, not a mention: inline spans and fenced blocks, closed or not', () => {
  assert.ok(!mentions('run `alice.start()` first', 'alice'));
  assert.ok(!mentions('see ``a `alice` b``', 'alice'));
  assert.ok(!mentions('log:\n```\nalice: connection reset\n```', 'alice'));
  assert.ok(!mentions('~~~js\nalice()\n', 'alice'), 'a block left open runs to the end');
  assert.ok(mentions('```\nlog\n```\nalice, this is yours', 'alice'), 'after the block is text again');
  assert.ok(mentions('`x` then alice', 'alice'));
  assert.ok(mentions('a lone ` then alice', 'alice'), 'a backtick with no partner opens no span');
  assert.ok(mentions('```alice``` is not a fence here', 'alice') === false, 'an inline span of three backticks');
  assert.ok(!mentions('````\n```\nalice\n````', 'alice'), 'a shorter fence does not close a longer one');
  // a span stays in its block, and an escaped backtick opens none
  assert.ok(mentions('I typed a ` by mistake\n\n@alice can you run `npm test`?', 'alice'));
  assert.ok(mentions('- a ` here\n- @alice `b`', 'alice'));
  assert.ok(!mentions('> a ` here\n> @alice `b`', 'alice'), "a quote's lines are one paragraph: a span from one to the next");
  assert.ok(mentions('use \\` to quote, @alice, then `x`', 'alice'));
});
