import { test } from 'node:test';
import assert from 'node:assert/strict';
import { commandChoices, tabCompletion } from '../../src/cli/tabCompletion';

test("readline gets the candidates and the text they replace: one it inserts whole, several what they share", () => {
  assert.deepEqual(tabCompletion('hi @rob', ['Robert', 'alice']), [['@Robert '], '@rob']);
  assert.deepEqual(tabCompletion('/to', []), [['/topic '], '/to']);
  assert.deepEqual(tabCompletion('/de', []), [['/delete ', '/deop '], '/de']);
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
