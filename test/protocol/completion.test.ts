import { test } from 'node:test';
import assert from 'node:assert/strict';
import { completions } from '../../src/protocol/completion';

const COMMANDS = ['help', 'me', 'msg', 'topic', 'kick', 'delete'];
const NICKS = ['alice', 'Albert', 'bob'];
const of = (before: string) => completions(before, COMMANDS, NICKS).map((c) => [c.from, c.insert]);

test('a command at the start of the line, from its first letters', () => {
  assert.deepEqual(of('/m'), [[0, '/me '], [0, '/msg ']]);
  assert.deepEqual(of('/'), COMMANDS.map((c) => [0, `/${c} `]));
  assert.deepEqual(of('/topic x'), [], 'its argument is no command');
  assert.deepEqual(of(' /m'), [], 'not a command there');
});

test('a nickname after @ anywhere, whatever its case, and as the first argument of the commands that take one', () => {
  assert.deepEqual(of('hi @al'), [[3, '@alice '], [3, '@Albert ']]);
  assert.deepEqual(of('hi @AL'), [[3, '@alice '], [3, '@Albert ']]);
  assert.deepEqual(of('/kick b'), [[6, 'bob ']]);
  assert.deepEqual(of('/msg @b'), [[5, '@bob ']]);
  assert.deepEqual(of('/kick bob now'), [], 'past the name: the reason');
  assert.deepEqual(of('email me at a@b'), [], 'an address is no mention');
});

test('/delete alone deletes your own last message: names only once one is being typed', () => {
  assert.deepEqual(of('/delete '), []);
  assert.deepEqual(of('/delete b'), [[8, 'bob ']]);
  assert.equal(of('/delete @').length, 3);
});
