// An emoji name being typed or just closed, against the list the caller gives (here a small one, and the panel's).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closedEmojiName, emojiCompletions } from '../../src/protocol/emojiCompletion';
import EMOJI from 'markdown-it-emoji/lib/data/full.mjs';

const NAMES = { tada: '🎉', '+1': '👍', x: '❌', taco: '🌮' };

test('a name closed at the end of the text: its emoji and where its colon starts; only on its own, outside code, of the list, as written', () => {
  assert.deepEqual(closedEmojiName('ship it :tada:', NAMES), { from: 8, emoji: '🎉' });
  assert.deepEqual(closedEmojiName(':+1:', NAMES), { from: 0, emoji: '👍' });
  assert.deepEqual(closedEmojiName('ok (:x:', NAMES), { from: 4, emoji: '❌' });
  assert.deepEqual(closedEmojiName('line\n:taco:', NAMES), { from: 5, emoji: '🌮' });
  assert.deepEqual(closedEmojiName('```\ncode\n```\n:tada:', NAMES), { from: 13, emoji: '🎉' }, 'after a fence closed');
  for (const before of ['key:tada:', 'x:100:', ':TADA:', ':nope:', 'see `:tada:', '```\n:tada:', ':tada', 'tada:', '::', ':tada: ']) {
    assert.equal(closedEmojiName(before, NAMES), undefined, before);
  }
  // a word that goes on after the caret (`key:a:value` typed in the middle): not on its own
  assert.equal(closedEmojiName('key:a:tada:', NAMES, 'value'), undefined);
  assert.equal(closedEmojiName('a :tada:', NAMES, 'b'), undefined);
  assert.deepEqual(closedEmojiName('a :tada:', NAMES, ' b'), { from: 2, emoji: '🎉' });
  // the panel's list: GitHub's names
  assert.deepEqual(closedEmojiName('done :white_check_mark:', EMOJI), { from: 5, emoji: '✅' });
});

test('a name being typed: its emoji first when typed whole, then those that start so, then those with it inside', () => {
  assert.deepEqual(emojiCompletions('so :ta', NAMES).map((e) => e.name), ['tada', 'taco']);
  assert.deepEqual(emojiCompletions('so :tada', NAMES).map((e) => [e.from, e.insert]), [[3, '🎉 ']]);
  assert.deepEqual(emojiCompletions('so :ac', NAMES).map((e) => e.name), ['taco']);
  assert.deepEqual(emojiCompletions('at 10:30', NAMES), []);
});
