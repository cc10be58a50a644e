import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Member } from '../../src/protocol/messages';
import { MemberListJson } from '../../src/node/memberListJson';
import { Room } from '../../src/node/room';
import { collectGarbage } from './helpers';

const text = (chunks: Uint8Array[]) => Buffer.concat(chunks).toString('utf8');
const expected = (ms: Iterable<Member>) => JSON.stringify([...ms].map((m) => (m.away ? { nick: m.nick, role: m.role, away: true } : { nick: m.nick, role: m.role })));

test('the kept list always reads as the members now: joins, leaves, new nicknames and roles, any order', () => {
  const list = new MemberListJson();
  const members = new Set<Member>();
  assert.equal(text(list.chunks(members)), '[]');
  const ada: Member = { nick: 'ada', role: 'owner' };
  const bob: Member = { nick: 'bob', role: 'member' };
  const zoe: Member = { nick: 'zoë "z" \\ 🎉', role: 'member' };
  members.add(ada);
  assert.equal(text(list.chunks(members)), expected(members));
  members.add(bob).add(zoe);
  assert.equal(text(list.chunks(members)), expected(members), 'appended');
  bob.role = 'op';
  assert.equal(text(list.chunks(members)), expected(members), 'a new role');
  zoe.nick = 'zoe';
  assert.equal(text(list.chunks(members)), expected(members), 'a new nickname');
  ada.away = true;
  assert.equal(text(list.chunks(members)), expected(members), 'a held seat is marked away');
  assert.match(text(list.chunks(members)), /^\[\{"nick":"ada","role":"owner","away":true\},/);
  ada.away = false;
  assert.equal(text(list.chunks(members)), expected(members), 'and unmarked when it is back');
  members.delete(bob);
  assert.equal(text(list.chunks(members)), expected(members), 'a leave in the middle');
  members.delete(zoe);
  members.add(bob);
  assert.equal(text(list.chunks(members)), expected(members), 'same size, another member at the end');
  members.clear();
  assert.equal(text(list.chunks(members)), '[]');
});

test('bytes handed out earlier do not change when the list grows or is rebuilt', () => {
  const list = new MemberListJson();
  const members = new Set<Member>([{ nick: 'ada', role: 'owner' }]);
  const first = list.chunks(members);
  const before = text(first);
  for (let i = 0; i < 200; i++) members.add({ nick: `user${i}`, role: 'member' });
  const grown = list.chunks(members);
  assert.equal(text(first), before, 'appending (and growing the buffer) leaves the earlier view alone');
  const grownText = text(grown);
  members.delete([...members][1]!);
  list.chunks(members);
  assert.equal(text(grown), grownText, 'a rebuild leaves the earlier view alone');
  assert.equal(text(first), before);
});

test('a room does not hold a member who left until its next welcome (the kept list let go of them)', async () => {
  const room = new Room<Member>('#r', 10);
  const ada: Member = { nick: 'ada', role: 'owner' };
  room.members.add(ada);
  // (bob only in this function: once it returns, what holds him is the room's)
  const held = ((): WeakRef<Member> => {
    const bob: Member = { nick: 'bob', role: 'member' };
    room.members.add(bob);
    assert.match(text(room.welcomeRoom().members), /"bob"/);
    room.leave(bob);
    return new WeakRef(bob);
  })();
  // (a WeakRef's target is kept to the end of the job that made or read it)
  await new Promise((resolve) => setImmediate(resolve));
  collectGarbage();
  assert.equal(held.deref(), undefined, 'bob was collected');
  assert.equal(text(room.welcomeRoom().members), expected([ada]), 'and the next welcome lists who is there');
});
