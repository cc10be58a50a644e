// Parting words: `/part #dev see you` and `/quit gone for lunch` (a rich client's `part` or `bye` with a `message`, a
// plain client's typed command) reach the room in the member's `leave` events: one line, cleaned, cut to REASON_MAX.
// Without them a leave is as it was (`bob left!`), and a reload's bye says none.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ChatClient } from '../../src/node/chatClient';
import { REASON_MAX } from '../../src/protocol/limits';
import type { ServerMessage } from '../../src/protocol/messages';
import { historyDir, LineClient, RawRich, startServer, until } from './helpers';

type Leave = Extract<ServerMessage, { type: 'leave' }>;
const leaveOf = (nick: string, room = 'general') => (m: ServerMessage) => m.type === 'leave' && m.nick === nick && m.room === room;

test("a rich client's part with a message: the room's leave carries it, on one line; plain clients read `bob left! (see you)`", async () => {
  const { server, port } = await startServer();
  try {
    const ann = await RawRich.join(port, 'ann', { rooms: ['general', 'dev'] });
    const nc = await LineClient.connect(port, 'nc');
    await nc.waitFor('Connected to server!');
    const bob = await RawRich.join(port, 'bob', { rooms: ['general', 'dev'] });
    await nc.waitFor('bob joined!\n');
    bob.send({ type: 'part', id: 'p1', room: 'general', message: 'see\r\nyou \u001b[2Jsoon' });
    const leave = await ann.next('leave', leaveOf('bob'));
    assert.deepEqual([leave.reason, leave.message], ['part', 'see you [2Jsoon']);
    await nc.waitFor('bob left! (see you [2Jsoon)\n');
    assert.equal((await bob.next('parted')).room, 'general');
    // words past what a request holds are cut there; none, blank or left out: a leave as ever
    bob.send({ type: 'join', id: 'j', room: 'general' });
    await bob.next('ack', (m) => m.type === 'ack' && m.id === 'j');
    bob.send({ type: 'part', id: 'p2', room: 'general', message: 'w'.repeat(REASON_MAX * 3) });
    assert.equal((await ann.next('leave', leaveOf('bob'))).message, 'w'.repeat(REASON_MAX));
    bob.send({ type: 'part', id: 'p3', room: 'dev', message: ' \n\t ' });
    const blank = await ann.next('leave', leaveOf('bob', 'dev'));
    assert.equal('message' in blank, false, 'blank words are none');
    // a message of another type is refused, and the part not done
    bob.send({ type: 'join', id: 'j2', room: 'dev' });
    await bob.next('ack', (m) => m.type === 'ack' && m.id === 'j2');
    bob.send({ type: 'part', id: 'p4', room: 'dev', message: 42 });
    const refused = await bob.next('error', (m) => m.type === 'error' && m.id === 'p4');
    assert.equal(refused.code, 'bad_message');
    bob.send({ type: 'who', id: 'w', room: 'dev' });
    assert.ok((await bob.next('who', (m) => m.type === 'who' && m.id === 'w')).members.some((m) => m.nick === 'bob'), 'still in #dev');
    for (const c of [ann, bob]) c.close();
    nc.close();
  } finally {
    await server.close();
  }
});

test("a rich client's bye with a message: the leave in each of its rooms carries it (reason quit); a reload's bye (back) says none", async () => {
  const { server, port } = await startServer({ holdSeatMs: 50 });
  try {
    const ann = await RawRich.join(port, 'ann', { rooms: ['general', 'dev'] });
    const nc = await LineClient.connect(port, 'nc');
    await nc.waitFor('Connected to server!');
    const bob = await RawRich.join(port, 'bob', { rooms: ['general', 'dev'] });
    bob.send({ type: 'bye', message: 'gone for lunch' });
    const [general, dev] = [await ann.next('leave', leaveOf('bob')), await ann.next('leave', leaveOf('bob', 'dev'))];
    for (const l of [general, dev]) assert.deepEqual([l.reason, l.message], ['quit', 'gone for lunch'], l.room);
    await nc.waitFor('bob left! (gone for lunch)\n');
    await bob.waitClosed();
    // a reload: the seat is held; when it does not come back, the room hears a quit, with no words
    const cal = await RawRich.join(port, 'cal');
    cal.send({ type: 'bye', back: true, message: 'brb' });
    const held = await ann.next('leave', leaveOf('cal'));
    assert.equal(held.reason, 'quit');
    assert.equal('message' in held, false);
    await nc.waitFor('cal left!\n');
    assert.ok(!nc.text.includes('brb'));
    ann.close();
    nc.close();
  } finally {
    await server.close();
  }
});

test("a plain client's /quit <words> and /part [#room] [words]: the leaves carry them", async () => {
  const { server, port } = await startServer();
  try {
    const ann = await RawRich.join(port, 'ann', { rooms: ['general', 'dev'] });
    const nc = await LineClient.connect(port, 'nc');
    await nc.waitFor('Connected to server!');
    nc.say('/join #dev');
    await ann.next('join', (m) => m.type === 'join' && m.nick === 'nc' && m.room === 'dev');
    nc.say('/part see you later'); // (the current room: #dev, joined last)
    assert.deepEqual(await ann.next('leave', leaveOf('nc', 'dev')).then((l: Leave) => [l.reason, l.message]), ['part', 'see you later']);
    await nc.waitFor(/(^|\n)nc left! \(see you later\)\n/); // (its current room's line: no [#dev] before it)
    nc.say('/join #dev');
    await ann.next('join', (m) => m.type === 'join' && m.nick === 'nc' && m.room === 'dev');
    nc.say('/part #dev back soon');
    assert.equal((await ann.next('leave', leaveOf('nc', 'dev'))).message, 'back soon');
    nc.say('/part dev'); // (one word: a room's name, as ever; not in it any more)
    await nc.waitFor('error: you are not in #dev\n'); // (no "/join #dev first": it is leaving)
    // a room it is in, named without its #, then words: that room (it left the current one, saying "dev later")
    nc.say('/join #dev');
    await ann.next('join', (m) => m.type === 'join' && m.nick === 'nc' && m.room === 'dev');
    nc.say('/join #general');
    nc.say('/part dev later');
    assert.equal((await ann.next('leave', leaveOf('nc', 'dev'))).message, 'later');
    const other = await LineClient.connect(port, 'other');
    await other.waitFor('Connected to server!');
    nc.say('/quit gone for lunch');
    await nc.waitClosed();
    assert.match(nc.text, /Bye\.\n$/);
    const quit = await ann.next('leave', leaveOf('nc'));
    assert.deepEqual([quit.reason, quit.message], ['quit', 'gone for lunch']);
    await other.waitFor('nc left! (gone for lunch)\n');
    // and a /quit with no words is the tutorial's line
    other.say('/quit');
    assert.equal('message' in (await ann.next('leave', leaveOf('other'))), false);
    ann.close();
  } finally {
    await server.close();
  }
});

test('ChatClient: /quit <words> says them in its bye, /part #room <words> in its part', async () => {
  const { server, port } = await startServer();
  const c = new ChatClient({ host: '127.0.0.1', port, nick: 'ada', rooms: ['general', 'dev'] });
  try {
    const ann = await RawRich.join(port, 'ann', { rooms: ['general', 'dev'] });
    await c.connect();
    assert.equal(c.submit('/part #dev see you', 'general').kind, 'sent');
    assert.equal((await ann.next('leave', leaveOf('ada', 'dev'))).message, 'see you');
    // a room it is in, named without its #: that room, not the one the command was typed in
    assert.equal(c.submit('/join #dev', 'general').kind, 'sent');
    await until(() => c.rooms.has('dev') || undefined, 'ada in #dev again');
    assert.equal(c.submit('/part dev see you again', 'general').kind, 'sent');
    assert.equal((await ann.next('leave', leaveOf('ada', 'dev'))).message, 'see you again');
    assert.equal(c.submit('/quit gone for lunch', 'general').kind, 'quit');
    await c.leave();
    const quit = await ann.next('leave', leaveOf('ada'));
    assert.deepEqual([quit.reason, quit.message], ['quit', 'gone for lunch']);
    ann.close();
  } finally {
    await c.leave();
    await server.close();
  }
});

test('parting words stay in the history file: a host restarted from it replays the leave with them', async (t) => {
  const { historyFile } = historyDir(t);
  const first = await startServer({ historyFile });
  let epoch: string;
  try {
    const ann = await RawRich.join(first.port, 'ann');
    epoch = ann.welcome().rooms[0]!.epoch;
    const bob = await RawRich.join(first.port, 'bob');
    bob.send({ type: 'part', id: 'p', room: 'general', message: 'see you' });
    await ann.next('leave', leaveOf('bob'));
    await bob.next('ack', (m) => m.type === 'ack' && m.id === 'p'); // (acknowledged once saved)
    ann.close();
    bob.close();
  } finally {
    await first.server.close();
  }
  const { server: again, port } = await startServer({ historyFile });
  try {
    const ann = await RawRich.join(port, 'ann2', { resume: { general: { epoch, seq: 1 } } });
    const leave = await until(() => ann.received.find(leaveOf('bob')) as Leave | undefined, 'the leave replayed');
    assert.equal(leave.message, 'see you');
    ann.close();
  } finally {
    await again.close();
  }
});
