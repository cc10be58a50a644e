// An emoji name being typed or just closed, against the list the caller gives (here a small one, and the panel's).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closedEmojiName, emojiCompletions, emojifyPlain, emojifyText } from '../../src/protocol/emojiCompletion';
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

test('a message\'s emoji names as their emoji, as the panel shows them (a terminal prints it so): on their own, of the list, not in code', () => {
  assert.equal(emojifyText('ship it :tada: :+1:', NAMES), 'ship it 🎉 👍');
  assert.equal(emojifyText(':tada::taco:', NAMES), '🎉🌮', 'one next to another is on its own');
  assert.equal(emojifyText('(:x:) and "\n:taco:"', NAMES), '(❌) and "\n🌮"');
  for (const left of ['key:tada:value', 'x:taco:s', ':TADA:', ':nope:', 'at 10:30:00', ':tada', 'no colon at all']) assert.equal(emojifyText(left, NAMES), left, left);
  // not in code: a backtick span (closed by a run as long), a fenced block; after them again
  assert.equal(emojifyText('`:tada:` is :tada:', NAMES), '`:tada:` is 🎉');
  assert.equal(emojifyText('``a ` :tada:`` :x:', NAMES), '``a ` :tada:`` ❌');
  assert.equal(emojifyText('an open ` :tada:', NAMES), 'an open ` 🎉', 'a backtick never closed opens no span');
  assert.equal(emojifyText(':x:\n```\nconst a = {b::tada:};\n:tada:\n```\n:taco:', NAMES), '❌\n```\nconst a = {b::tada:};\n:tada:\n```\n🌮');
  assert.equal(emojifyText('~~~\n:tada:', NAMES), '~~~\n:tada:', 'a fence never closed: code to the end');
  assert.equal(emojifyText(':x:\n\n    const t = ":tada:";\n> ```\n> :tada:', NAMES), '❌\n\n    const t = ":tada:";\n> ```\n> :tada:', 'an indented block, a fence in a quote: code as Markdown reads it');
  // a span closes at the next run of backticks as long, with runs of other lengths between (they are its text):
  // lines of random runs, emoji names and letters, against the rule written out plainly
  const spansByRule = (line: string) => {
    const runs = [...line.matchAll(/`+/g)];
    let out = '';
    let from = 0;
    for (let i = 0; i < runs.length; i++) {
      let close = i + 1;
      while (close < runs.length && runs[close]![0].length !== runs[i]![0].length) close++;
      if (close === runs.length) continue;
      const end = runs[close]!.index + runs[close]![0].length;
      out += emojifyPlain(line.slice(from, runs[i]!.index), NAMES) + line.slice(runs[i]!.index, end);
      from = end;
      i = close;
    }
    return out + emojifyPlain(line.slice(from), NAMES);
  };
  let seed = 7;
  const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
  const pieces = ['`', '``', '```', ':tada:', ':x:', ' ', 'a', ':'];
  for (let k = 0; k < 500; k++) {
    const line = 'a' + Array.from({ length: 1 + random(24) }, () => pieces[random(pieces.length)]).join(''); // (no fence, no indented code)
    assert.equal(emojifyText(line, NAMES), spansByRule(line), JSON.stringify(line));
  }
  // the panel's list
  assert.equal(emojifyText('done :white_check_mark:', EMOJI), 'done ✅');
  // a topic is no Markdown: a name between backticks is a name
  assert.equal(emojifyPlain('release `:rocket:`', EMOJI), 'release `🚀`');
});
