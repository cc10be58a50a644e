import { test } from 'node:test';
import assert from 'node:assert/strict';
import { completions, wantsRoomList } from '../../src/protocol/completion';

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

test('a nickname typed whole comes first, whoever joined before it: Enter after "/kick al" kicked alice', () => {
  const nicks = ['me', 'alice', 'al', 'Alan'];
  const names = (before: string) => completions(before, [], nicks).map((c) => c.name);
  assert.deepEqual(names('/kick al'), ['al', 'alice', 'Alan']);
  assert.deepEqual(names('/msg AL'), ['al', 'alice', 'Alan'], 'whatever its case');
  assert.deepEqual(names('thanks @al'), ['al', 'alice', 'Alan']);
  assert.deepEqual(names('@a'), ['alice', 'al', 'Alan'], 'none typed whole: as they joined');
});

test('/delete alone deletes your own last message: names only once one is being typed', () => {
  assert.deepEqual(of('/delete '), []);
  assert.deepEqual(of('/delete b'), [[8, 'bob ']]);
  assert.deepEqual(of('/m b'), [[3, 'bob ']], "IRC's /m as /msg");
  assert.equal(of('/delete @').length, 3);
});

test("a room's name after /join (those of the server's list you are not in first, then yours), /part and /who (yours)", () => {
  const rooms = { joined: ['general', 'design'], listed: ['general', 'dev', 'design', 'random'] };
  const of = (before: string) => completions(before, COMMANDS, NICKS, rooms).map((c) => [c.from, c.insert]);
  assert.deepEqual(of('/join '), [[6, '#dev '], [6, '#random '], [6, '#general '], [6, '#design ']]);
  assert.deepEqual(of('/join #de'), [[6, '#dev '], [6, '#design ']]);
  assert.deepEqual(of('/JOIN De'), [[6, 'dev '], [6, 'design ']], 'whatever the case typed; the # as typed');
  assert.deepEqual(of('/join #design'), [[6, '#design ']], 'the room of exactly that name first');
  assert.deepEqual(completions('/join dev', COMMANDS, NICKS, { joined: ['dev'], listed: ['devops'] }).map((c) => c.insert), ['dev ', 'devops '], 'the room of exactly that name first');
  assert.deepEqual(of('/part #'), [[6, '#general '], [6, '#design ']]);
  assert.deepEqual(of('/who g'), [[5, 'general ']]);
  assert.deepEqual(of('/part '), [], '/part alone leaves the current room: Enter must not pick another');
  assert.deepEqual(of('/who '), []);
  assert.deepEqual(of('/join #dev now'), [], 'past the name');
  // IRC's short and other forms complete as theirs do
  assert.deepEqual(of('/j #de'), [[3, '#dev '], [3, '#design ']]);
  assert.deepEqual(of('/leave #g'), [[7, '#general ']]);
  assert.deepEqual(of('/names g'), [[7, 'general ']]);
  assert.equal(wantsRoomList('/j '), true);
  assert.deepEqual(completions('/join ', COMMANDS, NICKS).map((c) => c.insert), [], 'no rooms known');
  assert.deepEqual(completions('/join #g', COMMANDS, NICKS, { joined: ['general'], listed: [] }).map((c) => c.insert), ['#general '], 'no list asked for: the rooms you are in');
  const hostile = { joined: [], listed: ['g\x1b[2Jx', 'g\nx', 'G', 'good'] };
  assert.deepEqual(completions('/join g', COMMANDS, NICKS, hostile).map((c) => c.insert), ['good '], "a server's names that are no room's are not offered");
});

test("the server's room list is wanted while a /join's room is typed, and only then", () => {
  assert.equal(wantsRoomList('/join '), true);
  assert.equal(wantsRoomList('/JOIN #de'), true);
  assert.equal(wantsRoomList('/join #dev now'), false);
  assert.equal(wantsRoomList('/part #'), false);
  assert.equal(wantsRoomList('/jo'), false);
  assert.equal(wantsRoomList('join #dev'), false);
});
