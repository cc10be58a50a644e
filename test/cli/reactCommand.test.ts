// `/react <emoji> [nick]` on a terminal: what it takes, and which message it answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseReact, reactionOf, reactTarget } from '../../src/cli/reactCommand';
import type { RoomEvent } from '../../src/protocol/messages';

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

const t = 1_764_070_000_000;
const msg = (seq: number, from: string, extra: object = {}): RoomEvent => ({ type: 'message', room: 'general', seq, time: t + seq, from, text: `m${seq}`, kind: 'text', ...extra });
const nick = (seq: number, from: string, to: string): RoomEvent => ({ type: 'nick', room: 'general', seq, time: t + seq, from, to });

test('the last message by someone else, not deleted; with a nick, the last one by them (as shown, or by their name now)', () => {
  const events: RoomEvent[] = [msg(1, 'bob'), msg(2, 'carol'), { type: 'join', room: 'general', seq: 3, time: t, nick: 'dave', role: 'member' }, msg(4, 'carol', { deleted: true, text: '' }), msg(5, 'me'), msg(6, 'me', { kind: 'action' })];
  assert.equal((reactTarget(events, 'me', 'general') as { seq: number }).seq, 2, 'yours and a deleted one are passed over');
  assert.equal((reactTarget(events, 'me', 'general', 'bob') as { seq: number }).seq, 1);
  assert.equal((reactTarget(events, 'me', 'general', 'BOB') as { seq: number }).seq, 1, 'nicknames compared as for uniqueness');
  assert.deepEqual(reactTarget(events, 'me', 'general', 'dave'), { error: 'no message by dave in #general to react to (of those this terminal has)' });
  assert.deepEqual(reactTarget([msg(1, 'me')], 'me', 'general'), { error: 'no message by someone else in #general to react to' });
  assert.deepEqual(reactTarget([], 'me', 'dev'), { error: 'no message by someone else in #dev to react to' });
});

test('renames: yours under an earlier name are yours; another under the name you took later is theirs; a nick finds them by their new name', () => {
  // old-me wrote 1 and became me; bob wrote 3 and became robert; then someone new took the name bob and wrote 6
  const events: RoomEvent[] = [msg(1, 'old-me'), nick(2, 'old-me', 'me'), msg(3, 'bob'), nick(4, 'bob', 'robert'), msg(6, 'me')];
  assert.equal((reactTarget(events, 'me', 'general') as { seq: number }).seq, 3);
  assert.equal((reactTarget(events, 'me', 'general', 'robert') as { seq: number }).seq, 3, 'by the name they go by now');
  assert.equal((reactTarget(events.slice(0, 2), 'me', 'general') as { error?: string }).error, 'no message by someone else in #general to react to');
  // someone had the name `me` before you took it: theirs is not yours
  const before: RoomEvent[] = [msg(1, 'me'), nick(2, 'me', 'ann'), nick(3, 'guest', 'me')];
  assert.equal((reactTarget(before, 'me', 'general') as { seq: number }).seq, 1);
});
