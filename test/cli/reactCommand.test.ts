// `/react <emoji> [nick]` on a terminal: what it takes (the message it answers: answeredMessage.test.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseReact, reactionOf } from '../../src/cli/reactCommand';

test('the six reactions, as the emoji or by name (with or without colons); anything else is refused, listing them', () => {
  for (const [typed, emoji] of [['👍', '👍'], [':+1:', '👍'], [':thumbsup:', '👍'], ['+1', '👍'], [':eyes:', '👀'], [':tada:', '🎉'], [':white_check_mark:', '✅'], [':heart:', '❤️'], ['❤', '❤️'], ['❤️', '❤️'], [':smile:', '😄'], [':TADA:', '🎉']]) {
    assert.equal(reactionOf(typed!), emoji, typed);
  }
  for (const typed of ['🚀', ':rocket:', ':heavy_check_mark:', 'yes', ':nosuch:', '👍🏽']) assert.equal(reactionOf(typed), undefined, typed);
  assert.deepEqual(parseReact(' :tada: '), { emoji: '🎉' });
  assert.deepEqual(parseReact('👍 bob'), { emoji: '👍', nick: 'bob' });
  assert.deepEqual(parseReact(':eyes: @bob'), { emoji: '👀', nick: 'bob' }, 'a nickname as Tab after @ completes it');
  const unknown = parseReact(':rocket: bob');
  assert.ok('error' in unknown);
  assert.equal(unknown.error, ':rocket: is no reaction: react with one of 👍 :+1:  👀 :eyes:  🎉 :tada:  ✅ :white_check_mark:  ❤️ :heart:  😄 :smile:');
  for (const args of ['', '  ', '👍 bob carol']) {
    const r = parseReact(args);
    assert.ok('error' in r && r.error.startsWith('usage: /react <emoji> [nick]'), args);
  }
});
