// What a member's window keeps of a room's earlier epochs across its reload: bounded, for its own room only,
// and checked as the client checks what a server sends.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EarlierSaves, earlierToSave, parseEarlier } from '../../src/vscode/earlierRooms';
import type { RoomEvent } from '../../src/protocol/messages';

const message = (room: string, seq: number, text: string): RoomEvent => ({ type: 'message', room, seq, time: 1_764_000_000_000 + seq, from: 'alice', kind: 'text', text });

test('the earlier epochs of each room are saved (the newest 500 events), read back for the same address only, through JSON', () => {
  const rooms = [
    { name: 'general', earlier: [{ epoch: 'A', events: [message('general', 1, 'first room')] }, { epoch: 'B', events: Array.from({ length: 600 }, (_, i) => message('general', i + 1, `b${i + 1}`)) }] },
    { name: 'dev', earlier: [] },
  ];
  const saved = earlierToSave('10.0.0.5:55555', rooms);
  assert.deepEqual(Object.keys(saved?.rooms ?? {}), ['general'], 'a room with nothing from before is not saved');
  assert.deepEqual(saved?.rooms.general?.map((r) => [r.epoch, r.events.length]), [['B', 500]], 'the newest 500: the oldest epoch went');
  assert.equal(earlierToSave('a:1', [{ name: 'dev', earlier: [] }]), undefined);
  const back = parseEarlier(JSON.parse(JSON.stringify(saved)), '10.0.0.5:55555');
  assert.deepEqual(back, saved?.rooms);
  assert.deepEqual(parseEarlier(JSON.parse(JSON.stringify(saved)), '10.0.0.6:55555'), {}, 'another room');
});

test('what storage gives back is checked: events that are not a room\'s events, or another room\'s, are left out', () => {
  const stored = {
    address: 'a:1',
    rooms: {
      general: [
        { epoch: 'A', events: [message('general', 1, 'kept'), message('dev', 2, 'another room'), { type: 'message', room: 'general', seq: 'x' }, { type: 'welcome' }, null, 'text'] },
        { epoch: '', events: [message('general', 3, 'no epoch')] },
        { epoch: 'C', events: 'not a list' },
        null,
      ],
      dev: 'not a list',
    },
  };
  assert.deepEqual({ ...parseEarlier(stored, 'a:1') }, { general: [{ epoch: 'A', events: [message('general', 1, 'kept')] }] });
  for (const bad of [undefined, null, 'x', { address: 'a:1' }, { address: 'a:1', rooms: null }]) assert.deepEqual(parseEarlier(bad, 'a:1'), {});
});

test('the window writes them when they change, not at every save of its session', () => {
  const saves = new EarlierSaves();
  const room = { name: 'general', earlier: [] as { epoch: string; events: RoomEvent[] }[] };
  assert.deepEqual(saves.next('a:1', [room]), { changed: true }, 'the first time: nothing to keep, said once');
  assert.deepEqual(saves.next('a:1', [room]), { changed: false });
  room.earlier = [{ epoch: 'A', events: [message('general', 1, 'before')] }];
  assert.equal(saves.next('a:1', [room]).value?.rooms.general?.[0]?.events.length, 1, 'the host started the room anew');
  assert.deepEqual(saves.next('a:1', [room]), { changed: false });
  room.earlier = [...room.earlier, { epoch: 'B', events: [message('general', 1, 'and again')] }];
  assert.equal(saves.next('a:1', [room]).changed, true);
  saves.reset();
  assert.equal(saves.next('a:1', [room]).changed, true, 'after the window forgot its room');
});

test('rooms called __proto__ and constructor are saved and read back like any other', () => {
  const rooms = ['__proto__', 'constructor'].map((name) => ({ name, earlier: [{ epoch: 'A', events: [message(name, 1, `in ${name}`)] }] }));
  const saved = earlierToSave('a:1', rooms);
  const back = parseEarlier(JSON.parse(JSON.stringify(saved)), 'a:1');
  assert.deepEqual(Object.keys(back), ['__proto__', 'constructor']);
  assert.deepEqual(Object.entries(back).map(([name, r]) => [name, r[0]?.events[0]?.type === 'message' && r[0].events[0].text]), [['__proto__', 'in __proto__'], ['constructor', 'in constructor']]);
  assert.deepEqual(Object.keys(parseEarlier(JSON.parse(JSON.stringify(earlierToSave('a:1', [rooms[1]!]))), 'a:1')), ['constructor']);
});
