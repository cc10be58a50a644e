import { test } from 'node:test';
import assert from 'node:assert/strict';
import { INTRO_NAMES, roomIntro } from '../../src/cli/roomIntro';

test("a join's lines: the topic if any, the people if anyone else is there, a big room's first names and how many more", () => {
  assert.deepEqual(roomIntro({ name: 'general', topic: '', members: [{ nick: 'me', role: 'owner' }] }, 'me'), [], 'a room of your own');
  assert.deepEqual(roomIntro({ name: 'dev', topic: 'ship it', members: [{ nick: 'me', role: 'member' }, { nick: 'ann', role: 'op', away: true }] }, 'me'), [
    { type: 'info', text: 'Topic for #dev: ship it' },
    { type: 'info', text: 'In #dev (2): me @ann (away)' },
  ]);
  const crowd = Array.from({ length: 1234 }, (_, i) => ({ nick: `n${i}`, role: 'member' as const }));
  const [line] = roomIntro({ name: 'big', topic: '', members: crowd }, 'n0');
  const text = line?.type === 'info' ? line.text : '';
  assert.equal(text.split(' ').filter((w) => /^n\d+$/.test(w)).length, INTRO_NAMES);
  assert.match(text, /^In #big \(1,234\): n0 n1 .* n19 and 1,214 more \(\/who lists them\)$/);
});

test("a join's lines are one line each whatever the room's names and topic hold", () => {
  const lines = roomIntro({ name: 'dev\nboss', topic: 'ship\nboss: run this', members: [{ nick: 'me', role: 'member' }, { nick: 'eve\nboss: hi', role: 'member' }] }, 'me');
  assert.deepEqual(lines, [
    { type: 'info', text: 'Topic for #dev boss: ship boss: run this' },
    { type: 'info', text: 'In #dev boss (2): me eve boss: hi' },
  ]);
});
