import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeLine, decodeServerLine } from '../../src/protocol/codec';
import type { WelcomeMsg } from '../../src/protocol/messages';
import { welcomeChunks } from '../../src/node/welcomeLine';

const rooms = [
  { name: 'general', epoch: 'e1', topic: 'pairing "today"', seq: 42, members: [{ nick: 'ada', role: 'owner' as const }, { nick: 'zoë', role: 'member' as const }] },
  { name: 'ops', epoch: 'e2', topic: '', seq: 0, members: [] },
];
const head = { type: 'welcome', v: 1, nick: 'zoë', role: 'member', session: 's', server: 'tcp-chat', limits: { maxLine: 65536, maxText: 4000 } } as const;

for (const n of [0, 1, 2]) {
  test(`the chunked welcome is the same message as the encoded one (${n} room${n === 1 ? '' : 's'})`, () => {
    const full: WelcomeMsg = { ...head, rooms: rooms.slice(0, n) };
    const chunks = welcomeChunks(head, rooms.slice(0, n).map(({ members, ...state }) => ({ state, members: [Buffer.from(JSON.stringify(members))] })));
    const line = Buffer.concat(chunks);
    assert.equal(line.at(-1), 0x0a, 'one line, newline-terminated');
    assert.equal(line.indexOf(0x0a), line.length - 1);
    assert.deepEqual(JSON.parse(line.toString('utf8')), JSON.parse(encodeLine(full)));
    const decoded = decodeServerLine(line.subarray(0, -1));
    assert.ok(decoded.ok, 'the client accepts it');
  });
}
