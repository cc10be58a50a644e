import { test } from 'node:test';
import assert from 'node:assert/strict';
import { commandChoices, emojiChoices, listedCompletions, MAX_EMOJI_CHOICES, tabCompletion } from '../../src/cli/tabCompletion';

test("readline gets the candidates and the text they replace: one it inserts whole, several what they share", () => {
  assert.deepEqual(tabCompletion('hi @rob', ['Robert', 'alice']), [['@Robert '], '@rob']);
  assert.deepEqual(tabCompletion('/to', []), [['/topic '], '/to']);
  assert.deepEqual(tabCompletion('/de', []), [['/delete ', '/deop '], '/de']);
  assert.deepEqual(tabCompletion('/op', []), [['/op '], '/op'], 'typed whole, though /open starts so');
  assert.deepEqual(tabCompletion('/o', []), [['/op ', '/open '], '/o']);
  assert.deepEqual(tabCompletion('hello', ['Robert']), [[], ''], 'nothing to complete');
});

test('a room after /join, /part and /who', () => {
  const rooms = { joined: ['general'], listed: ['general', 'dev', 'design'] };
  assert.deepEqual(tabCompletion('/join d', [], rooms), [['dev ', 'design '], 'd']);
  assert.deepEqual(tabCompletion('/part #g', [], rooms), [['#general '], '#g']);
  assert.deepEqual(tabCompletion('/join d', []), [[], ''], 'no rooms known');
});

test('a second Tab on a command more than one could be: each with its usage, in one column, and what it does', () => {
  assert.deepEqual(commandChoices('/de'), [
    { usage: '/delete [nick]', help: "Delete your last message in this room, for everyone; with a nick, their last one (the owner anyone's, ops a member's)." },
    { usage: '/deop <nick>  ', help: 'Take operator rights from <nick>. (owner only)' },
  ]);
  assert.equal(commandChoices('/to'), undefined, 'one command: Tab typed it whole');
  assert.equal(commandChoices('/msg a'), undefined, 'a nickname being typed: readline lists them');
  assert.equal(commandChoices('hello'), undefined);
});

test('an emoji name: its emoji for the name typed whole or the only one that starts so; else the names, for readline to add what they share', () => {
  assert.deepEqual(tabCompletion('ship it :tad', []), [['🎉 '], ':tad'], 'tada the only name that starts so (stadium has it inside)');
  assert.deepEqual(tabCompletion(':smile', []), [['😄 '], ':smile'], 'typed whole, though smiley starts so too');
  assert.deepEqual(tabCompletion('(:+1', []), [['👍 '], ':+1']);
  assert.deepEqual(tabCompletion(':smir', []), [[':smirk', ':smirk_cat'], ':smir']);
  // (none starts so: those with it inside)
  const inside = tabCompletion(':rus', [])[0];
  assert.ok(inside.length > 1 && inside.every((n) => n.slice(1).includes('rus') && !n.startsWith(':rus')), inside.join(' '));
  // no name: a time, a word's colon, code, one letter, a name of no emoji
  for (const before of ['at 10:30', 'Note:x', 'see `:tad', '```\n:tad', ':t', ':zzzq']) assert.deepEqual(tabCompletion(before, []), [[], ''], before);
  // a command or a nickname is completed first, as before
  assert.deepEqual(tabCompletion('/msg :ta', [':tango']), [[':tango '], ':ta']);
});

test('a second Tab on an emoji name more than one could be: each emoji with its name, at most MAX_EMOJI_CHOICES, and how many more', () => {
  assert.deepEqual(emojiChoices(':smir'), { choices: [{ emoji: '😏', name: ':smirk:' }, { emoji: '😼', name: ':smirk_cat:' }], more: 0 });
  const many = emojiChoices(':s');
  assert.equal(many, undefined, 'one letter is no name yet');
  const ar = emojiChoices(':ar');
  const names = tabCompletion(':ar', [])[0];
  assert.ok(names.length > MAX_EMOJI_CHOICES, names.join(' '));
  assert.deepEqual(ar?.choices.map((c) => c.name), names.slice(0, MAX_EMOJI_CHOICES).map((n) => `${n}:`));
  assert.equal(ar?.more, names.length - MAX_EMOJI_CHOICES);
  // (the common ones first, as the panel lists them)
  assert.equal(emojiChoices(':sm')?.choices[0]?.name, ':smile:');
  assert.equal(emojiChoices(':tad'), undefined, 'one: Tab typed it');
  assert.equal(emojiChoices(':smirk'), undefined, 'typed whole: Tab typed it');
  assert.equal(emojiChoices('hello'), undefined);
});

test('/react: Tab completes the command, an emoji name into its emoji, and a nickname after the emoji', () => {
  assert.deepEqual(tabCompletion('/rea', []), [['/react '], '/rea']);
  assert.deepEqual(tabCompletion('/react :tad', ['Robert']), [['🎉 '], ':tad']);
  assert.deepEqual(tabCompletion('/react :white_check', []), [['✅ '], ':white_check']);
  assert.deepEqual(tabCompletion('/react 👍 rob', ['Robert', 'alice']), [['Robert '], 'rob']);
  assert.deepEqual(tabCompletion('/react :+1: @al', ['Robert', 'alice']), [['@alice '], '@al']);
  assert.deepEqual(commandChoices('/rea')?.map((c) => c.usage.trim()), undefined, 'one command: nothing to list');
  assert.deepEqual(commandChoices('/re')?.map((c) => c.usage.trim()), ['/react <emoji> [nick]', '/reply [@nick] <text>']);
  assert.match(commandChoices('/r')?.map((c) => c.usage.trim()).join(' ') ?? '', /\/rooms \/react <emoji> \[nick\]/);
});

test("a second Tab's list of nicknames, rooms or files: the rows readline would write, in its columns, after two spaces; none where readline inserts or replaces", () => {
  assert.deepEqual(listedCompletions([['@Robert ', '@Rosa '], '@Ro'], 80), ['  @Robert  @Rosa'], 'what is typed is what they share');
  assert.equal(listedCompletions([['@Robert ', '@Rosa '], '@R'], 80), undefined, 'readline types what they share');
  assert.equal(listedCompletions([['@Robert ', '@Rosa '], '@ro'], 80), undefined, 'readline puts what they share in place of what is typed');
  assert.equal(listedCompletions([['@Robert '], '@rob'], 80), undefined, 'one: readline puts it in');
  assert.equal(listedCompletions([[], ''], 80), undefined, 'nothing');
  const files = ['a.ts', 'ab.ts', 'abc.ts', 'abcd.ts', '字幕.ts'];
  // (as wide as the widest and two more, 9 cells: four a row within 40 columns but the two spaces before them)
  assert.deepEqual(listedCompletions([files, ''], 40), ['  a.ts     ab.ts    abc.ts   abcd.ts', '  字幕.ts'], 'wide characters take two cells');
  assert.deepEqual(listedCompletions([['ab.ts', 'cd.ts'], ''], 5), ['  ab.ts', '  cd.ts'], 'one a row where none fits');
  assert.deepEqual(listedCompletions([['a', '', 'b', 'c'], ''], 80), ['  a', '  b  c'], 'an empty one ends a row');
});
