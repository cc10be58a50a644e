import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import fs, { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { ChatClient } from '../../src/node/chatClient';
import { ChatServer } from '../../src/node/chatServer';
import { processStamp } from '../../src/node/processStamp';
import { HistoryStore, loadState } from '../../src/node/historyStore';
import type { MessageEvent } from '../../src/protocol/messages';
import { historyDir, LineClient, RawRich, startServer, until } from './helpers';
import { plainText } from '../../src/protocol/plainFormat';
import { REASON_MAX } from '../../src/protocol/limits';
import { createRoomKey } from '../../src/node/roomKey';

const texts = (c: ChatClient) => (c.rooms.get('general')?.events ?? []).filter((e): e is MessageEvent => e.type === 'message').map((e) => e.text);

/** The host started again on `port` with its history file (the port the clients reconnect to), listening. */
async function restart(port: number, historyFile: string, extra: Partial<ConstructorParameters<typeof ChatServer>[0]> = {}): Promise<ChatServer> {
  const server = new ChatServer({ host: '127.0.0.1', port, historyFile, ...extra });
  try {
    await server.listen();
  } catch (e) {
    await server.close().catch(() => {});
    throw e;
  }
  return server;
}

test('a restarted host serves the same history, and clients resume without loss or doubles', async (t) => {
  const { historyFile } = historyDir(t);
  const first = await startServer({ historyFile });
  const port = first.port;
  const opts = { host: '127.0.0.1', port, reconnectAfterShutdown: true, backoffMinMs: 20, backoffMaxMs: 200 };
  const alice = new ChatClient({ ...opts, nick: 'alice' });
  const bob = new ChatClient({ ...opts, nick: 'bob' });
  let second: ChatServer | undefined;
  try {
    await alice.connect();
    await bob.connect();
    for (let i = 0; i < 15; i++) alice.send('general', `before ${i}`);
    await until(() => texts(bob).length === 15 || undefined, 'the first messages');
    await first.server.close('restarting');
    await until(() => (alice.status === 'closed' && bob.status === 'closed') || undefined, 'both clients to see the room close');
    for (let i = 0; i < 5; i++) alice.send('general', `while down ${i}`);
    second = await restart(port, historyFile);
    const expected = [...Array.from({ length: 15 }, (_, i) => `before ${i}`), ...Array.from({ length: 5 }, (_, i) => `while down ${i}`)];
    await until(() => (alice.unacknowledged === 0 && texts(bob).length >= 20) || undefined, 'resume after the restart', 15_000);
    assert.deepEqual(texts(bob), expected);
    assert.deepEqual(texts(alice), expected);
    const carol = new ChatClient({ host: '127.0.0.1', port, nick: 'carol' });
    await carol.connect();
    assert.deepEqual(texts(carol), expected, 'a newcomer gets the history from before the restart');
    await carol.leave();
    const saved = JSON.parse(readFileSync(historyFile, 'utf8')) as { rooms: { name: string }[] };
    assert.ok(saved.rooms.some((r) => r.name === 'general'));
  } finally {
    await alice.leave();
    await bob.leave();
    await second?.close();
  }
});

test('a host that died before its last save: after its restart nobody takes new messages for ones they already had', async (t) => {
  const { historyFile } = historyDir(t);
  const first = await startServer({ historyFile });
  const port = first.port;
  const opts = { host: '127.0.0.1', port, reconnectAfterShutdown: true, backoffMinMs: 20, backoffMaxMs: 200 };
  const alice = new ChatClient({ ...opts, nick: 'alice' });
  const bob = new ChatClient({ ...opts, nick: 'bob' });
  let second: ChatServer | undefined;
  try {
    await alice.connect();
    await bob.connect();
    for (let i = 0; i < 3; i++) alice.send('general', `saved ${i}`);
    await until(() => (existsSync(historyFile) && /saved 2/.test(readFileSync(historyFile, 'utf8'))) || undefined, 'the save of the first messages');
    const lastSave = readFileSync(historyFile);
    for (let i = 0; i < 3; i++) alice.send('general', `lost ${i}`);
    await until(() => texts(bob).length === 6 || undefined, 'every message to bob');
    // the host dies before it saves again: its file is its last save, without the last three messages
    await first.server.close('restarting');
    writeFileSync(historyFile, lastSave);
    await until(() => (alice.status === 'closed' && bob.status === 'closed') || undefined, 'both clients to see the room close');
    second = await restart(port, historyFile);
    await until(() => (alice.status === 'connected' && bob.status === 'connected') || undefined, 'both back');
    alice.send('general', 'after the restart');
    await until(() => (alice.unacknowledged === 0 && texts(bob).length === 7) || undefined, 'the new message to bob', 15_000);
    const all = ['saved 0', 'saved 1', 'saved 2', 'lost 0', 'lost 1', 'lost 2', 'after the restart'];
    assert.deepEqual(texts(bob), all);
    assert.deepEqual(texts(alice), all);
  } finally {
    await alice.leave();
    await bob.leave();
    await first.server.close();
    await second?.close();
  }
});

test('a history file that is something else (a project file, text, a directory) is refused, and left as it was', (t) => {
  const { dir } = historyDir(t);
  const cases: [string, string | undefined, RegExp][] = [
    ['package.json', '{"name":"my-project","version":"1.0.0"}', /package\.json is not a TCP Chat history file, and would be written over/],
    ['notes.txt', 'remember the milk\n', /notes\.txt is not a TCP Chat history file/],
    ['a-directory', undefined, /cannot use .*a-directory for history: it is a folder \(give a file in it\)/],
  ];
  for (const [name, content, error] of cases) {
    const file = join(dir, name);
    if (content === undefined) mkdirSync(file);
    else writeFileSync(file, content);
    assert.throws(() => new ChatServer({ historyFile: file, log: () => {} }), error);
    if (content !== undefined) assert.equal(readFileSync(file, 'utf8'), content, `${name} untouched`);
  }
  assert.deepEqual(readdirSync(dir).sort(), ['a-directory', 'notes.txt', 'package.json'], 'nothing written beside them');
});

test('a damaged history file is moved aside (not written over), reported, and the room starts empty', async (t) => {
  const { dir, historyFile } = historyDir(t);
  const damaged = '{"version":1,"rooms":[{"name":';
  writeFileSync(historyFile, damaged);
  const logs: string[] = [];
  const { server, port } = await startServer({ historyFile, log: (l) => logs.push(l) });
  try {
    const aside = readdirSync(dir).filter((f) => f.startsWith('history.json.damaged-'));
    assert.equal(aside.length, 1, readdirSync(dir).join(' '));
    assert.equal(readFileSync(join(dir, aside[0]!), 'utf8'), damaged, 'kept as it was');
    assert.ok(logs.some((l) => l === `${historyFile} is damaged (not JSON): kept as ${join(dir, aside[0]!)}; history starts empty`), logs.join('\n'));
    const c = new ChatClient({ host: '127.0.0.1', port, nick: 'x' });
    await c.connect();
    assert.deepEqual(texts(c), []);
    await c.leave();
  } finally {
    await server.close();
  }
});

test("a host's reloaded window (its client names no room) and a member are back in every room their seats were in, not in #general alone", async (t) => {
  const { historyFile } = historyDir(t);
  // (seats held far longer than the test: those coming back need no hurry, as a busy machine may not make one)
  const first = await startServer({ historyFile, holdSeatMs: 60_000 });
  const port = first.port;
  let second: ChatServer | undefined;
  try {
    const host = await RawRich.join(port, 'host', { ownerKey: first.server.ownerKey, rooms: ['general', 'dev'] });
    const ann = await RawRich.join(port, 'ann', { rooms: ['dev', 'ops'] });
    const sessions = [host.welcome().session, ann.welcome().session];
    await first.server.close('restarting');
    second = await restart(port, historyFile, { holdSeatMs: 60_000 });
    const host2 = await RawRich.join(port, 'host', { ownerKey: second.ownerKey, session: sessions[0] });
    const ann2 = await RawRich.join(port, 'ann', { session: sessions[1], rooms: ['ops'] });
    assert.deepEqual(host2.welcome().rooms.map((r) => r.name).sort(), ['dev', 'general']);
    assert.deepEqual(ann2.welcome().rooms.map((r) => r.name).sort(), ['dev', 'ops'], 'the room its hello named, and the others of its seat');
    assert.deepEqual(ann2.welcome().rooms.find((r) => r.name === 'dev')!.members.map((m) => m.nick).sort(), ['ann', 'host']);
  } finally {
    await second?.close();
  }
});

test('a host restarted from its history file: who was in comes back with no join anyone sees, and one who does not is said to have left', async (t) => {
  const { historyFile } = historyDir(t);
  // (seats held 3 s: long enough for the four below to be back on a busy machine, which at 500 ms may not be; then
  // cat's leave comes)
  const first = await startServer({ historyFile, holdSeatMs: 3000 });
  const port = first.port;
  let second: ChatServer | undefined;
  try {
    await RawRich.join(port, 'host', { ownerKey: first.server.ownerKey });
    const ann = await RawRich.join(port, 'ann');
    const bob = await RawRich.join(port, 'bob');
    await RawRich.join(port, 'cat'); // will not come back
    const sessionOf = (r: RawRich) => ({ session: r.welcome().session });
    await first.server.close('restarting');

    second = await restart(port, historyFile, { holdSeatMs: 3000 });
    const nc = await LineClient.connect(port, 'nc'); // a plain client, there before the others are back
    await nc.waitFor('Connected to server!');
    const host2 = await RawRich.join(port, 'host', { ownerKey: second.ownerKey }); // the host's own client: a new session
    const ann2 = await RawRich.join(port, 'ann', sessionOf(ann));
    const bob2 = await RawRich.join(port, 'bob', sessionOf(bob));
    await RawRich.join(port, 'dan'); // a newcomer
    // (each on its own connection: one may read the leave before the other)
    for (const r of [ann2, host2]) await r.next('leave', (m) => m.type === 'leave' && m.nick === 'cat');
    const heard = (r: RawRich) => r.received.flatMap((m) => (m.type === 'join' ? [`join ${m.nick}${m.back ? ' (back)' : ''}`] : m.type === 'leave' ? [`leave ${m.nick} (${m.reason})`] : []));
    assert.deepEqual(heard(host2).slice(1), ['join ann (back)', 'join bob (back)', 'join dan', 'leave cat (lost)'], 'the host hears who is back (to show nothing), the newcomer, and who is not');
    assert.deepEqual(heard(ann2).filter((h) => !h.startsWith('join ann')), ['join bob (back)', 'join dan', 'leave cat (lost)']);
    assert.deepEqual(bob2.welcome().rooms[0]!.members.map((m) => m.nick).sort(), ['ann', 'bob', 'host', 'nc']);
    const back = host2.received.find((m) => m.type === 'join' && m.back === true);
    assert.ok(back && plainText(back, 'nc') === null, 'a line-by-line client is shown nothing for it');
    await nc.waitFor('cat left!\n');
    assert.doesNotMatch(nc.text, /(host|ann|bob) joined!/, 'netcat saw nobody come back');
    assert.match(nc.text, /dan joined!\n/);
  } finally {
    await second?.close();
  }
});

test('a rename whose answer the restart lost: the session comes back under its old name and takes its seat under the new one, as after a drop', async (t) => {
  const { historyFile } = historyDir(t);
  const first = await startServer({ historyFile, holdSeatMs: 60_000 });
  const port = first.port;
  let second: ChatServer | undefined;
  try {
    const ann = await RawRich.join(port, 'ann', { rooms: ['general', 'dev'] });
    const bob = await RawRich.join(port, 'bob');
    ann.send({ type: 'nick', id: 'n', nick: 'anna' });
    await bob.next('nick', (m) => m.type === 'nick' && m.to === 'anna');
    await first.server.close('restarting');

    second = await restart(port, historyFile, { holdSeatMs: 60_000 });
    const bob2 = await RawRich.join(port, 'bob', { session: bob.welcome().session });
    // what its client knew: the rename's answer never reached it
    const ann2 = await RawRich.join(port, 'ann', { session: ann.welcome().session });
    assert.equal(ann2.welcome().nick, 'anna', 'its seat, under the name it has');
    assert.deepEqual(ann2.welcome().rooms.map((r) => r.name).sort(), ['dev', 'general'], 'in the rooms its seat was in');
    bob2.send({ type: 'who', id: 'w', room: 'general' });
    assert.deepEqual((await bob2.next('who')).members.map((m) => m.nick).sort(), ['anna', 'bob']);
    const heard = bob2.received.flatMap((m) => (m.type === 'join' ? [`join ${m.nick}${m.back ? ' (back)' : ''}`] : m.type === 'leave' ? [`leave ${m.nick}`] : []));
    assert.deepEqual(heard.filter((h) => !h.includes('bob')), ['join anna (back)'], 'no newcomer called ann, and anna did not leave');
  } finally {
    await second?.close();
  }
});

test("after a restart: an op still cannot delete the owner's messages, and the nicknames of those expected back are theirs", async (t) => {
  const { historyFile } = historyDir(t);
  const first = await startServer({ historyFile, holdSeatMs: 60_000 });
  const port = first.port;
  let second: ChatServer | undefined;
  try {
    const boss = await RawRich.join(port, 'boss', { ownerKey: first.server.ownerKey });
    const alice = await RawRich.join(port, 'alice');
    const opper = await RawRich.join(port, 'opper');
    boss.send({ type: 'op', id: 'o', room: 'general', nick: 'opper' });
    await boss.next('ack', (m) => m.type === 'ack' && m.id === 'o');
    boss.send({ type: 'send', id: 'b1', room: 'general', text: "the owner's word" });
    const seq = (await boss.next('ack', (m) => m.type === 'ack' && m.id === 'b1')).seq!;
    const sessionOf = (r: RawRich) => ({ session: r.welcome().session });
    await first.server.close('restarting');

    second = await restart(port, historyFile, { holdSeatMs: 60_000 });
    // a stranger first: alice's and the owner's nicknames wait for them
    for (const nick of ['alice', 'boss']) {
      const stranger = await RawRich.connect(port);
      stranger.send({ type: 'hello', v: 1, nick, client: 't' });
      assert.equal((await stranger.next('error')).code, 'nick_taken', `${nick} is kept for its return`);
    }
    const dan = await RawRich.join(port, 'dan');
    dan.send({ type: 'nick', id: 'n', nick: 'alice' });
    assert.equal((await dan.next('error')).code, 'nick_taken', 'nor by a rename');
    const alice2 = await RawRich.join(port, 'alice', sessionOf(alice));
    assert.equal(alice2.welcome().nick, 'alice');
    const opper2 = await RawRich.join(port, 'opper', sessionOf(opper));
    assert.equal(opper2.welcome().role, 'op');
    opper2.send({ type: 'delete', id: 'd', room: 'general', target: seq });
    const refused = await opper2.next('error');
    assert.equal(refused.code, 'not_permitted', "the owner's message, though the owner is not back yet");
  } finally {
    await second?.close();
  }
});

test('after a restart, /edit of a last message that was deleted is refused as before it, not made on the message before it', async (t) => {
  const { historyFile } = historyDir(t);
  const first = await startServer({ historyFile });
  const port = first.port;
  let second: ChatServer | undefined;
  try {
    const alice = await RawRich.join(port, 'alice');
    for (const [id, text] of [['s1', 'first'], ['s2', 'second']]) {
      alice.send({ type: 'send', id, room: 'general', text });
      await alice.next('ack', (m) => m.type === 'ack' && m.id === id);
    }
    alice.send({ type: 'delete', id: 'd', room: 'general', target: 0 });
    await alice.next('ack', (m) => m.type === 'ack' && m.id === 'd');
    await first.server.close('restarting');

    second = await restart(port, historyFile);
    const back = await RawRich.join(port, 'alice', { session: alice.welcome().session });
    back.send({ type: 'edit', id: 'e', room: 'general', target: 0, text: 'EDITED' });
    const answer = await back.next('error', (m) => m.type === 'error' && m.id === 'e');
    assert.deepEqual([answer.code, answer.message], ['no_such_message', 'your last message in #general was deleted']);
    assert.equal(back.received.some((m) => m.type === 'edit'), false, '"first" left as it was');
  } finally {
    await second?.close();
  }
});

test('a request is acknowledged once it is in the history file: a host killed right after the ack keeps the message, and a deleted secret stays deleted', async (t) => {
  const { historyFile } = historyDir(t);
  const { server, port } = await startServer({ historyFile });
  try {
    const alice = await RawRich.join(port, 'alice');
    // (read as the ack is read: a host killed then restarts from this file)
    const fileAtAck = async (id: string) => {
      await alice.next('ack', (m) => m.type === 'ack' && m.id === id);
      return readFileSync(historyFile, 'utf8');
    };
    alice.send({ type: 'send', id: 's1', room: 'general', text: 'my password is hunter2' });
    const sent = alice.next('message', (m) => m.type === 'message' && m.text === 'my password is hunter2');
    assert.match(await fileAtAck('s1'), /my password is hunter2/, 'the message, in the file by its ack');
    const seq = (await sent).seq;
    alice.send({ type: 'send', id: 's2', room: 'general', text: 'second' });
    alice.send({ type: 'delete', id: 'd1', room: 'general', target: seq });
    assert.match(await fileAtAck('s2'), /"second"/);
    assert.doesNotMatch(await fileAtAck('d1'), /hunter2/, 'the deleted text, gone from the file by its ack');
  } finally {
    await server.close();
  }
});

test('members a restarted host expects back are no newcomers to its throttle: many behind one address all get in at once', async (t) => {
  const { historyFile } = historyDir(t);
  const first = await startServer({ historyFile });
  const members = [];
  for (let i = 0; i < 6; i++) members.push(await RawRich.join(first.port, `m${i}`));
  const sessions = members.map((m) => m.welcome().session);
  for (const m of members) m.close();
  await first.server.close('restarting');
  // (two newcomers an address at once, then one a second: five returning members were refused or kept waiting)
  const { server, port } = await startServer({ historyFile, port: first.port, limits: { connectBurst: 2, connectsPerSecond: 1 } });
  try {
    const back = await Promise.all(sessions.map((session, i) => RawRich.join(port, `m${i}`, { session })));
    assert.deepEqual(back.map((b) => b.welcome().nick), sessions.map((_, i) => `m${i}`));
    await assert.rejects(async () => {
      for (let i = 0; i < 3; i++) await RawRich.join(port, `new${i}`);
    }, 'newcomers are throttled still');
  } finally {
    await server.close();
  }
});

test('a refusal is saved as it happens: a host killed after it, nothing else changed, refuses the request again when it comes back', async (t) => {
  const { historyFile } = historyDir(t);
  const first = await startServer({ historyFile });
  const port = first.port;
  let second: ChatServer | undefined;
  try {
    const alice = await RawRich.join(port, 'alice');
    alice.send({ type: 'send', id: 's1', room: 'general', text: 'first' });
    await alice.next('ack', (m) => m.type === 'ack' && m.id === 's1');
    await until(() => (existsSync(historyFile) && readFileSync(historyFile, 'utf8').includes('"s1"')) || undefined, 'the save of the message');
    alice.send({ type: 'delete', id: 'd', room: 'general', target: 7 });
    const refused = await alice.next('error', (m) => m.type === 'error' && m.id === 'd');
    await until(() => readFileSync(historyFile, 'utf8').includes('"d"') || undefined, 'the save of the refusal');
    // the host dies: its file is its last save
    const lastSave = readFileSync(historyFile);
    await first.server.close('restarting');
    writeFileSync(historyFile, lastSave);
    second = await restart(port, historyFile);
    const back = await RawRich.join(port, 'alice', { session: alice.welcome().session });
    back.send({ type: 'delete', id: 'd', room: 'general', target: 7 });
    const again = await back.next('error', (m) => m.type === 'error' && m.id === 'd');
    assert.equal(again.code, refused.code);
  } finally {
    await first.server.close();
    await second?.close();
  }
});

test('after a restart, a name that looks like one expected back (Greek ΝΙΚΟ for NIKO) is kept for it too', async (t) => {
  const { historyFile } = historyDir(t);
  const first = await startServer({ historyFile, holdSeatMs: 60_000 });
  const port = first.port;
  let second: ChatServer | undefined;
  try {
    await RawRich.join(port, 'NIKO');
    await first.server.close('restarting');
    second = await restart(port, historyFile, { holdSeatMs: 60_000 });
    const stranger = await RawRich.connect(port);
    stranger.send({ type: 'hello', v: 1, nick: '\u039d\u0399\u039a\u039f', client: 't' });
    assert.equal((await stranger.next('error')).code, 'nick_taken', 'ΝΙΚΟ');
    const dan = await RawRich.join(port, 'dan');
    dan.send({ type: 'nick', id: 'n', nick: '\u039d\u03b9\u03ba\u03bf' });
    assert.equal((await dan.next('error')).code, 'nick_taken', 'nor Νικο by a rename');
  } finally {
    await second?.close();
  }
});

test("after a restart, the suggestion after 'is taken' is a name the server takes: none a seat expected back reads as (Greek ΒΟΒ_2), nor a banned one", async (t) => {
  const { historyFile } = historyDir(t);
  const first = await startServer({ historyFile, holdSeatMs: 60_000 });
  const port = first.port;
  let second: ChatServer | undefined;
  try {
    await RawRich.join(port, '\u0392\u039f\u0392_2'); // ΒΟΒ_2, in Greek: its small letters read bob_2
    await first.server.close('restarting');
    second = await restart(port, historyFile, { holdSeatMs: 60_000 });
    const boss = await RawRich.join(port, 'boss', { ownerKey: second.ownerKey });
    await RawRich.join(port, 'bob');
    const banned = await RawRich.join(port, 'bob_3');
    boss.send({ type: 'ban', id: 'b', room: 'general', nick: 'bob_3' });
    await boss.next('ack', (m) => m.type === 'ack' && m.id === 'b');
    await banned.waitClosed();
    // a rename: it suggested bob_2, then refused it as kept for someone the host expects back
    const dan = await RawRich.join(port, 'dan');
    dan.send({ type: 'nick', id: 'n1', nick: 'bob' });
    const taken = await dan.next('error', (m) => m.type === 'error' && m.id === 'n1');
    assert.deepEqual([taken.code, taken.suggestion], ['nick_taken', 'bob_4']);
    dan.send({ type: 'nick', id: 'n2', nick: taken.suggestion });
    assert.equal((await dan.next('you')).nick, 'bob_4', 'the suggestion is taken in');
    // a join's suggestion the same
    const newcomer = await RawRich.connect(port);
    newcomer.send({ type: 'hello', v: 1, nick: 'BOB', client: 't' });
    const refused = await newcomer.next('error');
    assert.deepEqual([refused.code, refused.suggestion], ['nick_taken', 'BOB_5']);
    assert.equal((await RawRich.join(port, refused.suggestion!)).welcome().nick, 'BOB_5');
  } finally {
    await second?.close();
  }
});

test('after a restart, two members whose names a newer key folds together (mary, rnary) each get their seat back', async (t) => {
  const { historyFile } = historyDir(t);
  const first = await startServer({ historyFile, holdSeatMs: 60_000 });
  const port = first.port;
  let second: ChatServer | undefined;
  try {
    const mary = await RawRich.join(port, 'mary');
    const bob = await RawRich.join(port, 'bob');
    const sessions = [mary.welcome().session, bob.welcome().session];
    await first.server.close('restarting');
    // as an earlier version saved it: rnary beside mary (their keys were apart then)
    writeFileSync(historyFile, readFileSync(historyFile, 'utf8').replaceAll('"bob"', '"rnary"'));
    second = await restart(port, historyFile, { holdSeatMs: 60_000 });
    const back = await RawRich.join(port, 'mary', { session: sessions[0] });
    assert.equal(back.welcome().nick, 'mary', 'the first back takes its own seat (each refused the other for good)');
    const other = await RawRich.connect(port);
    other.send({ type: 'hello', v: 1, nick: 'rnary', client: 't', session: sessions[1] });
    assert.equal((await other.next('error')).code, 'nick_taken', 'the other finds the name taken, as any look-alike does');
  } finally {
    await second?.close();
  }
});

test("a restarted host keeps the sessions' direct messages: a window reloaded after it gets them back, numbered on from where they were", async (t) => {
  const { historyFile } = historyDir(t);
  const first = await startServer({ historyFile });
  const port = first.port;
  const alice = new ChatClient({ host: '127.0.0.1', port, nick: 'alice' });
  const bob = await RawRich.join(port, 'bob');
  let second: ChatServer | undefined;
  let again: ChatClient | undefined;
  try {
    await alice.connect();
    const session = alice.sessionToken!;
    bob.send({ type: 'dm', id: 'd1', to: 'alice', text: 'the staging password is in the vault' });
    await until(() => (alice.dms.length === 1 ? true : undefined), 'the direct message');
    await alice.leave(true); // (as a window that reloads: it will be back)
    bob.close();
    await first.server.close('restarting');
    second = await restart(port, historyFile);
    // alice's window reloads: a new client, in the same session, that has seen no direct message yet
    again = new ChatClient({ host: '127.0.0.1', port, nick: 'alice', session });
    await again.connect();
    await until(() => (again!.dms.length === 1 ? true : undefined), 'the direct message again');
    assert.deepEqual(again.dms.map((d) => [d.from, d.text, d.seq]), [['bob', 'the staging password is in the vault', 1]]);
    const carol = await RawRich.join(port, 'carol');
    carol.send({ type: 'dm', id: 'd2', to: 'alice', text: 'and a new one' });
    await until(() => (again!.dms.length === 2 ? true : undefined), 'a new direct message');
    assert.ok(again.dms[1]!.seq! > 1000, `numbered well past the kept one (a crash may have lost the last numbers), not from 1 again: ${again.dms[1]!.seq}`);
    carol.close();
  } finally {
    await alice.leave();
    await again?.leave();
    bob.close();
    await second?.close();
  }
});

test('bans hold across a restart: the banned nickname and the banned session (an op, too) stay out', async (t) => {
  const { historyFile } = historyDir(t);
  const first = await startServer({ historyFile });
  const port = first.port;
  let second: ChatServer | undefined;
  try {
    const boss = await RawRich.join(port, 'boss', { ownerKey: first.server.ownerKey });
    const rogue = await RawRich.join(port, 'rogue');
    boss.send({ type: 'op', id: 'o', room: 'general', nick: 'rogue' });
    await boss.next('ack', (m) => m.type === 'ack' && m.id === 'o');
    const session = rogue.welcome().session;
    boss.send({ type: 'ban', id: 'b', room: 'general', nick: 'rogue', reason: 'spam' });
    await boss.next('ack', (m) => m.type === 'ack' && m.id === 'b');
    await first.server.close('restarting');
    second = await restart(port, historyFile);
    for (const hello of [{ nick: 'rogue' }, { nick: 'rogue2', session }]) {
      const again = await RawRich.connect(port);
      again.send({ type: 'hello', v: 1, client: 't', ...hello });
      assert.equal((await again.next('error')).code, 'banned', JSON.stringify(hello));
    }
  } finally {
    await second?.close();
  }
});

test('a private room restarted from its history file keeps its room key when asked (keepRoomKey): a member holding the old invite resumes; a fresh history or no keepRoomKey gets the key given', async (t) => {
  const { historyFile } = historyDir(t);
  const [k1, k2, k3] = [createRoomKey(), createRoomKey(), createRoomKey()];
  const first = await startServer({ historyFile, roomKey: k1, keepRoomKey: true });
  const port = first.port;
  assert.equal(first.server.roomKey, k1, 'a file with no key: the one given');
  const zed = new ChatClient({ host: '127.0.0.1', port, nick: 'zed', roomKey: k1, reconnectAfterShutdown: true, backoffMinMs: 20, backoffMaxMs: 200 });
  let second: ChatServer | undefined;
  try {
    await zed.connect();
    zed.send('general', 'before');
    await until(() => (zed.unacknowledged === 0 && texts(zed).length === 1) || undefined, 'the first message');
    await first.server.close('restarting');
    await until(() => zed.status === 'closed' || undefined, 'the room to close');
    zed.send('general', 'while down');
    second = await restart(port, historyFile, { roomKey: k2, keepRoomKey: true });
    assert.equal(second.roomKey, k1, 'the saved key, not the new one');
    // (saved at once: a host that died before its first save had written the file with the new key's place empty)
    assert.equal((JSON.parse(readFileSync(historyFile, 'utf8')) as { roomKey?: string }).roomKey, k1);
    await until(() => (zed.unacknowledged === 0 && texts(zed).length === 2) || undefined, 'zed back with the old invite', 15_000);
    assert.deepEqual(texts(zed), ['before', 'while down']);
  } finally {
    await zed.leave();
    await second?.close();
  }
  const given = await restart(port, historyFile, { roomKey: k3 });
  assert.equal(given.roomKey, k3, 'not asked to keep it: the key given');
  await given.close();
  const fresh = await restart(port, historyFile, { roomKey: k2, keepRoomKey: true, freshHistory: true });
  assert.equal(fresh.roomKey, k2, 'a fresh history keeps no key');
  await fresh.close();
  const open = await restart(port, historyFile, { keepRoomKey: true });
  assert.equal(open.roomKey, undefined, 'an open room stays open: a saved key makes no room private');
  await open.close();
  // (and drops the key it kept: a private start after it makes a new one, as docs/security.md says)
  assert.equal((JSON.parse(readFileSync(historyFile, 'utf8')) as { roomKey?: string }).roomKey, undefined);
});

test("a private room that cannot listen (its port busy) leaves no history file it made for its key; one that was there stays, and its lock goes", async (t) => {
  const { dir, historyFile } = historyDir(t);
  const busy = await startServer();
  const tryOn = async (file: string) => {
    const s = new ChatServer({ host: '127.0.0.1', port: busy.port, roomKey: createRoomKey(), keepRoomKey: true, historyFile: file });
    assert.ok(existsSync(file), 'saved at the start, for the key');
    await assert.rejects(s.listen(), (e: NodeJS.ErrnoException) => e.code === 'EADDRINUSE');
  };
  await tryOn(historyFile);
  assert.deepEqual(readdirSync(dir), [], 'neither the file nor its lock');
  // a room's file from before (an earlier hosting): kept, with the key it holds
  const { server } = await startServer({ historyFile, roomKey: createRoomKey(), keepRoomKey: true });
  const kept = server.roomKey;
  await server.close();
  await tryOn(historyFile);
  assert.equal((JSON.parse(readFileSync(historyFile, 'utf8')) as { roomKey?: string }).roomKey, kept);
});

test('a new private room\'s key is in its history file at once, before anything changed: a host killed before its first save keeps its invites (a fresh history too)', async (t) => {
  const { historyFile } = historyDir(t);
  const k = createRoomKey();
  const { server } = await startServer({ historyFile, roomKey: k, keepRoomKey: true });
  try {
    // (read as a killed host left it: no close, no change in the room)
    assert.equal((JSON.parse(readFileSync(historyFile, 'utf8')) as { roomKey?: string }).roomKey, k);
  } finally {
    await server.close();
  }
  const fresh = createRoomKey();
  const again = await startServer({ historyFile, roomKey: fresh, freshHistory: true });
  try {
    assert.equal((JSON.parse(readFileSync(historyFile, 'utf8')) as { roomKey?: string }).roomKey, fresh);
  } finally {
    await again.server.close();
  }
});

test('the copies a host keeps of its history file (.original-, .damaged-) are for its user only (0600), as the file is: they hold the room key and the sessions\' tokens', async (t) => {
  const { dir, historyFile } = historyDir(t);
  const k = createRoomKey();
  // an edited file, written anew by an editor as anyone may read it: what the host leaves out of it (a room key that
  // is no key) has the file kept as it was
  writeFileSync(historyFile, JSON.stringify({ version: 1, savedAt: 1, rooms: [], roomKey: 'short', sessions: [{ token: 't'.repeat(32), accepted: [], seat: { nick: 'ann', rooms: ['general'] } }] }));
  fs.chmodSync(historyFile, 0o644);
  const first = await startServer({ historyFile, roomKey: k, log: () => {} });
  await first.server.close();
  const original = readdirSync(dir).filter((f) => f.startsWith('history.json.original-'));
  assert.equal(original.length, 1, readdirSync(dir).join(' '));
  // (modes as POSIX has them: Windows keeps a file's access in its folder's)
  const posix = process.platform !== 'win32';
  if (posix) assert.equal(statSync(join(dir, original[0]!)).mode & 0o777, 0o600, '.original-');
  if (posix) assert.equal(statSync(historyFile).mode & 0o777, 0o600, 'the file, saved');
  writeFileSync(historyFile, `{"version":1,"roomKey":"${k}","rooms":[`);
  fs.chmodSync(historyFile, 0o644);
  const second = await startServer({ historyFile, roomKey: createRoomKey(), log: () => {} });
  await second.server.close();
  const damaged = readdirSync(dir).filter((f) => f.startsWith('history.json.damaged-'));
  assert.equal(damaged.length, 1, readdirSync(dir).join(' '));
  if (posix) assert.equal(statSync(join(dir, damaged[0]!)).mode & 0o777, 0o600, '.damaged-');
  if (posix) for (const f of readdirSync(dir)) assert.equal(statSync(join(dir, f)).mode & 0o077, 0, `${f}: for its user only`);
});

test('a history file whose room key is no key (an edited file) says so and the room gets the key given', async (t) => {
  const { historyFile } = historyDir(t);
  writeFileSync(historyFile, JSON.stringify({ version: 1, savedAt: 1, sessions: [], rooms: [], roomKey: 'short' }));
  const logged: string[] = [];
  const k = createRoomKey();
  const { server } = await startServer({ historyFile, roomKey: k, keepRoomKey: true, log: (line) => logged.push(line) });
  try {
    assert.equal(server.roomKey, k);
    assert.match(logged.join('\n'), /left out a room key that is not one; the file as it was is kept as /);
  } finally {
    await server.close();
  }
});

test('/unban lifts a ban for good: its nickname and session come back, after a restart too; a ban saved before /unban is lifted by its name', async (t) => {
  const { historyFile } = historyDir(t);
  const first = await startServer({ historyFile });
  const port = first.port;
  let second: ChatServer | undefined;
  try {
    const boss = await RawRich.join(port, 'boss', { ownerKey: first.server.ownerKey });
    const rogue = await RawRich.join(port, 'rogue');
    const troll = await RawRich.join(port, 'troll');
    const session = rogue.welcome().session;
    for (const nick of ['rogue', 'troll']) {
      boss.send({ type: 'ban', id: `b-${nick}`, room: 'general', nick });
      await boss.next('ack', (m) => m.type === 'ack' && m.id === `b-${nick}`);
    }
    troll.close();
    await first.server.close('restarting');
    second = await restart(port, historyFile);
    const boss2 = await RawRich.join(port, 'boss', { ownerKey: second.ownerKey });
    boss2.send({ type: 'unban', id: 'u', nick: 'ROGUE' });
    assert.equal((await boss2.next('info')).text, 'rogue is no longer banned: they may come back.');
    await boss2.next('ack', (m) => m.type === 'ack' && m.id === 'u');
    await second.close('restarting');
    second = await restart(port, historyFile);
    const back = await RawRich.join(port, 'rogue2', { session });
    assert.equal(back.welcome().nick, 'rogue2', 'the banned session is let in again (under another name too)');
    const byName = await RawRich.join(port, 'rogue');
    assert.equal(byName.welcome().nick, 'rogue', 'and the nickname');
    const still = await RawRich.connect(port);
    still.send({ type: 'hello', v: 1, client: 't', nick: 'troll' });
    assert.equal((await still.next('error')).code, 'banned', 'the other ban holds');
  } finally {
    await second?.close();
  }
  // a file from before /unban: the keys and addresses alone
  writeFileSync(historyFile, JSON.stringify({ version: 1, savedAt: 1, rooms: [], sessions: [], bans: { nicks: ['alice', 'nlko'], addresses: [] } }));
  const third = await startServer({ historyFile });
  try {
    const boss = await RawRich.join(third.port, 'boss', { ownerKey: third.server.ownerKey });
    boss.send({ type: 'unban', id: 'u', nick: 'alice' });
    await boss.next('ack', (m) => m.type === 'ack' && m.id === 'u');
    assert.equal((await RawRich.join(third.port, 'alice')).welcome().nick, 'alice');
    // (and by a look-alike: NIKO's key, nlko, lifted by Greek ΝΙΚΟ)
    boss.send({ type: 'unban', id: 'u2', nick: '\u039d\u0399\u039a\u039f' });
    assert.equal((await boss.next('info', (m) => m.type === 'info' && m.text.startsWith('nlko'))).text, 'nlko is no longer banned: they may come back.');
    await boss.next('ack', (m) => m.type === 'ack' && m.id === 'u2');
    assert.equal((await RawRich.join(third.port, 'NIKO')).welcome().nick, 'NIKO');
  } finally {
    await third.server.close();
  }
  assert.equal(JSON.parse(readFileSync(historyFile, 'utf8')).bans, undefined, 'the file keeps no ban');
});

test("a ban saved by a build that folded fewer look-alikes still holds: the saved key is folded again (alıce's key was 'alıce')", async (t) => {
  const { historyFile } = historyDir(t);
  writeFileSync(historyFile, JSON.stringify({ version: 1, savedAt: 1, rooms: [], sessions: [], bans: { nicks: ['al\u0131ce', 'b\u1d0fb'], addresses: [] } }));
  const { server, port } = await startServer({ historyFile });
  try {
    // and for what this build folds too: a capital I for the l, Lisu ꓐꓳꓐ
    for (const nick of ['al\u0131ce', 'alice', 'bob', 'aIice', '\ua4d0\ua4f3\ua4d0']) {
      const again = await RawRich.connect(port);
      again.send({ type: 'hello', v: 1, client: 't', nick });
      assert.equal((await again.next('error')).code, 'banned', nick);
    }
  } finally {
    await server.close();
  }
});

test('a history file with odd entries (a null event, a broken id, odd direct messages, a room twice) starts the host with what is sound in it', async (t) => {
  const { historyFile } = historyDir(t);
  const ok = { type: 'message', room: 'general', seq: 2, time: 1, from: 'ann', text: 'sound', kind: 'text' };
  // (general twice: its first entry, as for a session's token twice)
  const twice = { name: 'general', epoch: 'e2', topic: '', seq: 2, events: [{ ...ok, text: 'the second entry' }] };
  writeFileSync(historyFile, JSON.stringify({ version: 1, savedAt: 1, rooms: [{ name: 'general', epoch: 'e1', topic: '', seq: 2, events: [null, { seq: 1 }, ok] }, twice], sessions: [{ token: 't', accepted: [null, ['a', 1]], role: 'member', leftAt: 1, dms: [null, { type: 'dm', from: 'x' }, { type: 'dm', from: 'ann', to: 'reader', text: 'kept', kind: 'text', time: 1, seq: 3, extra: 'not replayed' }, { type: 'dm', from: 'ann', to: 'reader', text: 'no number', kind: 'text', time: 1 }] }] }));
  const { server, port } = await startServer({ historyFile });
  try {
    const c = await RawRich.join(port, 'reader');
    assert.deepEqual(c.messages(), ['ann: sound']);
    const resumed = await RawRich.join(port, 'reader2', { session: 't', dmSeq: 0 });
    const replayed = await resumed.next('dm');
    assert.equal('extra' in replayed, false, "a direct message's own fields only");
    assert.deepEqual(resumed.received.filter((m) => m.type === 'dm').map((m) => m.type === 'dm' && [m.text, m.seq]), [['kept', 3]], 'the sound direct message, not the odd ones');
  } finally {
    await server.close();
  }
});

test('a history file that keeps two rooms whose names read alike (#coco and Cyrillic #сосо, from before such rooms were refused) starts the host with both and their histories; no third is made, one of them gone too', async (t) => {
  const { historyFile } = historyDir(t);
  const coco = '\u0441\u043e\u0441\u043e'; // сосо
  const room = (name: string, text: string, time: number) => ({ name, epoch: `e-${time}`, topic: '', seq: 1, events: [{ type: 'message', room: name, seq: 1, time, from: 'ann', text, kind: 'text' }] });
  writeFileSync(historyFile, JSON.stringify({ version: 1, savedAt: 1, rooms: [room('coco', 'in Latin', 1), room(coco, 'in Cyrillic', 2)], sessions: [] }));
  const logged: string[] = [];
  // (4 rooms at most, and any room nobody is in may go: a room made past them drops #coco, the one idle longest)
  const { server, port } = await startServer({ historyFile, log: (line) => logged.push(line), limits: { maxRooms: 4, roomIdleMs: 0 } });
  try {
    assert.ok(logged.includes(`#${coco} (Cyrillic letters) reads as #coco: the history file keeps it (from before such rooms were refused); no other room that reads so is made`), logged.join('\n'));
    const reader = await RawRich.join(port, 'reader', { rooms: ['coco', coco] });
    assert.deepEqual([reader.messages('coco'), reader.messages(coco)], [['ann: in Latin'], ['ann: in Cyrillic']]);
    for (const r of ['coco', coco]) {
      reader.send({ type: 'part', room: r });
      await reader.next('parted', (m) => m.type === 'parted' && m.room === r);
    }
    const eve = await RawRich.join(port, 'eve');
    const join = async (name: string, id: string): Promise<string | undefined> => {
      eve.send({ type: 'join', id, room: `#${name}` });
      const answer = await eve.next(name.startsWith('x') ? 'ack' : 'error', (m) => (m.type === 'ack' || m.type === 'error') && m.id === id);
      return answer.type === 'error' ? answer.message : undefined;
    };
    assert.equal(await join('c0c0', 'j1'), '#c0c0 reads as #coco, a room there is: /join #coco, or name one that reads as no other');
    await join('x1', 'j2');
    await join('x2', 'j3'); // (past maxRooms: #coco goes)
    assert.equal(await join('c0c0', 'j4'), `#c0c0 (Latin letters) reads as #${coco}, a room there is: /join #${coco}, or name one that reads as no other`, 'сосо holds the reading now');
    eve.send({ type: 'rooms', id: 'r' });
    assert.deepEqual((await eve.next('rooms')).rooms.map((r) => r.name).sort(), ['general', coco, 'x1', 'x2'].sort());
  } finally {
    await server.close();
  }
});

test('a history file that keeps #genera1 and no #general: the #general made anew is the room its reading points to, #genera1 kept beside it', async (t) => {
  const { historyFile } = historyDir(t);
  writeFileSync(historyFile, JSON.stringify({ version: 1, savedAt: 1, rooms: [{ name: 'genera1', epoch: 'e1', topic: '', seq: 1, events: [{ type: 'message', room: 'genera1', seq: 1, time: 1, from: 'ann', text: 'kept', kind: 'text' }] }], sessions: [] }));
  const logged: string[] = [];
  const { server, port } = await startServer({ historyFile, log: (line) => logged.push(line) });
  try {
    assert.ok(logged.includes('#genera1 reads as #general: the history file keeps it (from before such rooms were refused); no other room that reads so is made'), logged.join('\n'));
    const eve = await RawRich.join(port, 'eve', { rooms: ['genera1'] });
    assert.deepEqual(eve.messages('genera1'), ['ann: kept']);
    eve.send({ type: 'join', id: 'j1', room: '#generai' });
    assert.equal((await eve.next('error', (m) => m.type === 'error' && m.id === 'j1')).message, '#generai reads as #general, a room there is: /join #general, or name one that reads as no other');
  } finally {
    await server.close();
  }
});

test('a history file whose events have fields of the wrong type (an edited file) starts the host with the sound ones', async (t) => {
  const { historyFile } = historyDir(t);
  const ok = { type: 'message', room: 'general', seq: 2, time: 1, from: 'ann', text: 'sound', kind: 'text' };
  // `reactions: "x"` and `[null]` stopped the host at its start (a bare TypeError); `text: 5` went to every client
  const odd = [{ ...ok, seq: 3, reactions: 'x' }, { ...ok, seq: 4, reactions: [null] }, { ...ok, seq: 5, text: 5 }, { ...ok, seq: 6, type: 'welcome' }, { ...ok, seq: 7, code: null, kind: 'code' }];
  writeFileSync(historyFile, JSON.stringify({ version: 1, savedAt: 1, rooms: [{ name: 'general', epoch: 'e1', topic: '', seq: 7, events: [ok, ...odd] }], sessions: [] }));
  const { server, port } = await startServer({ historyFile });
  try {
    const c = await RawRich.join(port, 'reader');
    assert.deepEqual(c.messages(), ['ann: sound']);
  } finally {
    await server.close();
  }
});

test('a history file with a room whose own fields were edited keeps the room and its history; what it leaves out (odd events, rooms past maxRooms) it says, and keeps the file as it was', async (t) => {
  const { dir, historyFile } = historyDir(t);
  const ok = (room: string, seq: number, text: string) => ({ type: 'message', room, seq, time: 1, from: 'ann', text, kind: 'text' });
  const original = JSON.stringify({
    version: 1, savedAt: 1, sessions: [],
    rooms: [
      // a topic of null and a seq that is no number left the whole room out, its messages with it
      { name: 'general', epoch: 'e1', topic: null, seq: 'x', events: [ok('general', 1, 'important 0'), ok('general', 2, 'important 1'), { ...ok('general', 3, 'odd'), time: 'noon' }] },
      { name: 'dev', epoch: 'e2', topic: 'kept', seq: 1, events: [ok('dev', 1, 'in dev')] },
      { name: 'ops', epoch: 'e3', topic: '', seq: 1, events: [ok('ops', 1, 'in ops')] },
    ],
  });
  writeFileSync(historyFile, original);
  const logged: string[] = [];
  const { server, port } = await startServer({ historyFile, limits: { maxRooms: 2 }, log: (line) => logged.push(line) });
  try {
    const c = await RawRich.join(port, 'reader');
    assert.deepEqual(c.messages(), ['ann: important 0', 'ann: important 1']);
    const said = logged.find((l) => l.includes('left out')) ?? '';
    assert.match(said, /left out 1 event\(s\) of #general; 1 room\(s\) past maxRooms \(2\): #ops; the file as it was is kept as .*history\.json\.original-/, logged.join('\n'));
    const copies = readdirSync(dir).filter((f) => f.startsWith('history.json.original-'));
    assert.equal(copies.length, 1);
    assert.equal(readFileSync(join(dir, copies[0]!), 'utf8'), original, 'as it was');
    assert.match(logged.join('\n'), /history restored from .*: 2 room\(s\), 3 event\(s\)/, 'what it restored, not what the file had');
  } finally {
    await server.close();
  }
  // a file with nothing left out gets no copy
  const next = await startServer({ historyFile, limits: { maxRooms: 2 } });
  await next.server.close();
  assert.equal(readdirSync(dir).filter((f) => f.startsWith('history.json.original-')).length, 1);
});

test('a history file numbered near the safe integers (an edited file) is not numbered on past them, and its rooms of names no join gives are left out, said', async (t) => {
  const { historyFile } = historyDir(t);
  const ok = (room: string, seq: number, text: string) => ({ type: 'message', room, seq, time: 1, from: 'ann', text, kind: 'text' });
  const huge = 2 ** 53 - 10;
  writeFileSync(historyFile, JSON.stringify({
    version: 1, savedAt: 1,
    sessions: [{ token: 't'.repeat(32), accepted: [], role: 'member', leftAt: 1, dmSeq: huge }],
    rooms: [
      { name: 'general', epoch: 'e1', topic: '', seq: huge, events: [ok('general', 1, 'kept'), ok('general', huge, 'numbered too far'),
        // parting words edited: not a text, and far past what a leave carries
        { type: 'leave', room: 'general', seq: 2, time: 1, nick: 'ann', reason: 'part', message: 5 },
        { type: 'leave', room: 'general', seq: 3, time: 1, nick: 'bea', reason: 'quit', message: 'w'.repeat(5000) }] },
      { name: 'General', epoch: 'e2', topic: '', seq: 1, events: [ok('General', 1, 'in a room nobody joins')] },
      { name: 'has space', epoch: 'e3', topic: '', seq: 1, events: [] },
    ],
  }));
  // (a leave's words read back as the server writes them: not a text, none; too long, cut)
  const read = loadState(historyFile);
  const leaves = ('state' in read ? read.state?.rooms[0]?.events ?? [] : []).filter((e) => e.type === 'leave').map((e) => [e.type === 'leave' ? e.nick : '', e.type === 'leave' ? e.message : '']);
  assert.deepEqual(leaves, [['ann', undefined], ['bea', 'w'.repeat(REASON_MAX)]]);
  const logged: string[] = [];
  const { server, port } = await startServer({ historyFile, log: (line) => logged.push(line) });
  try {
    const c = await RawRich.join(port, 'reader');
    assert.deepEqual(c.messages(), ['ann: kept']);
    c.send({ type: 'send', id: 'a', room: 'general', text: 'one' });
    c.send({ type: 'send', id: 'b', room: 'general', text: 'two' });
    const one = await c.next('message', (m) => m.type === 'message' && m.text === 'one');
    const two = await c.next('message', (m) => m.type === 'message' && m.text === 'two');
    assert.ok(Number.isSafeInteger(two.seq) && two.seq === one.seq + 1, `numbered ${one.seq}, ${two.seq}`);
    assert.match(logged.join('\n'), /left out 2 room\(s\) with no name a join could give, or no events; 1 event\(s\) of #general/, logged.join('\n'));
    // the session's direct messages too
    const back = await RawRich.join(port, 'back', { session: 't'.repeat(32) });
    c.send({ type: 'dm', id: 'd', to: 'back', text: 'numbered?' });
    const dm = await back.next('dm', (m) => m.type === 'dm' && m.text === 'numbered?');
    assert.ok(Number.isSafeInteger(dm.seq), `a direct message numbered ${dm.seq}`);
    c.send({ type: 'rooms', id: 'r' });
    const listed = await c.next('rooms');
    assert.deepEqual(listed.rooms.map((r) => r.name), ['general']);
  } finally {
    await server.close();
  }
});

test('what a host killed while saving left beside the history file (the whole history, deleted messages too) goes at the next start', async (t) => {
  const { dir, historyFile } = historyDir(t);
  const left = ['history.json.0123456789abcdef.tmp', 'history.json.fedcba9876543210.tmp'];
  const others = ['history.json.notes.tmp', 'other.json.0123456789abcdef.tmp', 'history.json.0123456789abcdef.tmp.keep'];
  for (const f of [...left, ...others]) writeFileSync(join(dir, f), '{"version":1,"rooms":[{"events":[{"text":"a deleted secret"}]}]}');
  const server = new ChatServer({ historyFile, log: () => {} });
  try {
    assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith('.tmp') || f.endsWith('.keep')).sort(), [...others].sort(), 'its own saves gone, nothing else');
  } finally {
    await server.close();
  }
});

test("two hosts taking over a killed host's lock at the same moment: one gets it, the other is refused", (t) => {
  const { dir, historyFile } = historyDir(t);
  const lock = `${historyFile}.lock`;
  const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
  writeFileSync(lock, gone);
  const state = { version: 1 as const, savedAt: 0, rooms: [], sessions: [] };
  const first = new HistoryStore(historyFile, () => state, () => {});
  const second = new HistoryStore(historyFile, () => state, () => {});
  // the second host reads the killed host's id and takes the lock over just after the first read it (as two
  // processes started together do: both found it gone, and both wrote their id over it)
  const read = fs.readFileSync;
  let raced = false;
  t.mock.method(fs, 'readFileSync', (...args: Parameters<typeof fs.readFileSync>) => {
    const r = read(...args);
    if (!raced && args[0] === lock) {
      raced = true;
      second.lock();
    }
    return r;
  });
  assert.throws(() => first.lock(), (e: NodeJS.ErrnoException) => e.code === 'EBUSY' && /is in use by another host/.test(e.message));
  t.mock.restoreAll();
  assert.equal(readFileSync(lock, 'utf8'), String(process.pid), "the second's lock, where it was");
  second.unlock();
  first.unlock();
  assert.deepEqual(readdirSync(dir), [], 'nothing left beside it');
});

test("three hosts taking over a killed host's lock, each stopped at every step of another's: one gets it, the others are refused", (t) => {
  const { dir, historyFile } = historyDir(t);
  const lock = `${historyFile}.lock`;
  const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
  // three live processes whose ids the hosts take for theirs (each host is this process, under its own id)
  const sleepers = [0, 1, 2].map(() => spawn('sleep', ['60'], { stdio: 'ignore' }));
  t.after(() => sleepers.forEach((c) => c.kill()));
  const ids = sleepers.map((c) => c.pid!);
  const state = { version: 1 as const, savedAt: 0, rooms: [], sessions: [] };
  // who is running, and where another host's lock() is to run: at the nth call to the file system of this one
  const running: { pid: number; calls: number; at: Map<number, () => void> }[] = [];
  const realPid = process.pid;
  Object.defineProperty(process, 'pid', { configurable: true, get: () => running.at(-1)?.pid ?? realPid });
  t.after(() => Object.defineProperty(process, 'pid', { configurable: true, writable: false, value: realPid }));
  for (const name of ['readFileSync', 'writeFileSync', 'renameSync', 'rmSync', 'existsSync', 'readdirSync', 'statSync', 'openSync'] as const) {
    const real = fs[name] as (...a: unknown[]) => unknown;
    t.mock.method(fs, name, (...args: unknown[]) => {
      const me = running.at(-1);
      if (me) {
        const then = me.at.get(++me.calls);
        if (then) then();
      }
      return real(...args);
    });
  }
  const stores = ids.map(() => new HistoryStore(historyFile, () => state, () => {}));
  const attempt = (i: number, at = new Map<number, () => void>()): boolean => {
    running.push({ pid: ids[i]!, calls: 0, at });
    try {
      stores[i]!.lock();
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EBUSY') throw e;
      return false;
    } finally {
      running.pop();
    }
  };
  /** The history file's folder with the killed host's lock alone. */
  const fresh = () => {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir);
    writeFileSync(lock, gone);
  };
  const release = (i: number) => {
    running.push({ pid: ids[i]!, calls: 0, at: new Map() });
    try {
      stores[i]!.unlock();
    } finally {
      running.pop();
    }
  };
  const holders: number[] = [];
  const other = (i: number, at = new Map<number, () => void>()) => () => {
    if (attempt(i, at)) holders.push(i);
  };
  const tryAll = (what: string, first: Map<number, () => void>) => {
    fresh();
    const held = [...(attempt(0, first) ? [0] : []), ...holders.splice(0)];
    assert.equal(held.length, 1, `${what}: ${held.length} hosts hold the lock (${held.join(', ')})`);
    assert.equal(readFileSync(lock, 'utf8'), String(ids[held[0]!]), `${what}: the lock is its holder's`);
    release(held[0]!);
    assert.deepEqual(readdirSync(dir), [], `${what}: nothing left beside it`);
  };
  tryAll('alone', new Map());
  // how many calls to the file system a lone takeover makes
  const lone = { pid: ids[0]!, calls: 0, at: new Map<number, () => void>() };
  fresh();
  running.push(lone);
  try {
    stores[0]!.lock();
  } finally {
    running.pop();
  }
  release(0);
  const steps = lone.calls;
  assert.ok(steps >= 3, `${steps} calls`);
  let tried = 0;
  for (let k = 1; k <= steps + 1; k++) {
    // the second host stopped at the kth step of the first, the third at each step of the second's
    for (let j = 1; j <= steps + 1; j++, tried++) tryAll(`second at ${k}, third at its ${j}`, new Map([[k, other(1, new Map([[j, other(2)]]))]]));
    // both stopping the first, one after the other
    for (let m = k + 1; m <= steps + 1; m++, tried++) tryAll(`second at ${k}, third at ${m}`, new Map([[k, other(1)], [m, other(2)]]));
  }
  assert.ok(tried > 20);
});

test("a takeover's claim a host left: a dead host's, or one older than 10 s, is made anew; a live host's fresh one refuses", (t) => {
  const { dir, historyFile } = historyDir(t);
  const lock = `${historyFile}.lock`;
  const claim = `${lock}.takeover`;
  const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
  const sleeper = spawn('sleep', ['60'], { stdio: 'ignore' });
  t.after(() => sleeper.kill());
  const state = { version: 1 as const, savedAt: 0, rooms: [], sessions: [] };
  const store = new HistoryStore(historyFile, () => state, () => {});
  for (const [what, pid, old] of [['a dead host', gone, false], ['a live host, 11 s ago', String(sleeper.pid), true]] as const) {
    writeFileSync(lock, gone);
    writeFileSync(claim, pid);
    if (old) utimesSync(claim, new Date(Date.now() - 11_000), new Date(Date.now() - 11_000));
    store.lock();
    assert.equal(readFileSync(lock, 'utf8'), String(process.pid), what);
    store.unlock();
    assert.deepEqual(readdirSync(dir), [], `${what}: nothing left beside it`);
  }
  writeFileSync(lock, gone);
  writeFileSync(claim, String(sleeper.pid));
  assert.throws(() => store.lock(), (e: NodeJS.ErrnoException) => e.code === 'EBUSY' && e.message.includes(`(process ${sleeper.pid})`));
  assert.equal(readFileSync(lock, 'utf8'), gone, 'the lock as it was');
  assert.equal(readFileSync(claim, 'utf8'), String(sleeper.pid), 'and the claim');
});

test("saving history writes no file through a link planted where it keeps its temporary file", async (t) => {
  const { dir, historyFile } = historyDir(t);
  const victim = join(dir, 'victim.txt');
  writeFileSync(victim, 'mine');
  symlinkSync(victim, `${historyFile}.${process.pid}.tmp`); // the name a save used to write to
  const { server, port } = await startServer({ historyFile });
  const c = await RawRich.join(port, 'writer');
  c.send({ type: 'send', id: '1', room: 'general', text: 'saved' });
  await c.next('ack');
  await server.close();
  assert.equal(readFileSync(victim, 'utf8'), 'mine');
  assert.match(readFileSync(historyFile, 'utf8'), /"saved"/);
  assert.equal(statSync(historyFile).mode & 0o777, 0o600);
});

test('a history that takes long to save is saved less often: no sooner than ten times what the last save took', (t) => {
  const { dir } = historyDir(t);
  t.mock.timers.enable({ apis: ['setTimeout'] });
  let clock = 0;
  let saves = 0;
  const state = { version: 1 as const, savedAt: 0, rooms: [], sessions: [] };
  // each save "takes" 300 ms on the store's clock
  const store = new HistoryStore(join(dir, 'history.json'), () => {
    saves++;
    clock += 300;
    return state;
  }, () => {}, 200, () => clock);
  store.changed();
  t.mock.timers.tick(200);
  assert.equal(saves, 1, 'the first save after the usual 200 ms');
  store.changed();
  t.mock.timers.tick(2_999);
  assert.equal(saves, 1, 'the next not before 3 s (ten times 300 ms)');
  t.mock.timers.tick(1);
  assert.equal(saves, 2);
});

test('afterSave: at once with nothing to save; else after the save that holds what changed, a failed one too; and when the store is given back', (t) => {
  const { dir } = historyDir(t);
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const state = { version: 1 as const, savedAt: 0, rooms: [], sessions: [] };
  let saves = 0;
  let fail = false;
  const store = new HistoryStore(join(dir, 'history.json'), () => {
    saves++;
    if (fail) throw new Error('disk full');
    return state;
  }, () => {}, 200, () => 0);
  const ran: string[] = [];
  store.afterSave(() => ran.push('idle'));
  assert.deepEqual(ran, ['idle'], 'nothing waits to be saved: at once');
  store.changed();
  store.afterSave(() => ran.push('a'));
  store.afterSave(() => ran.push('b'));
  t.mock.timers.tick(199);
  assert.deepEqual(ran, ['idle'], 'not before the save');
  t.mock.timers.tick(1);
  assert.deepEqual([saves, ran], [1, ['idle', 'a', 'b']], 'after it, in order');
  fail = true;
  store.changed();
  store.afterSave(() => ran.push('failed'));
  t.mock.timers.tick(200);
  assert.deepEqual(ran.at(-1), 'failed', 'a save that failed (it said so) lets them go too');
  store.changed();
  store.afterSave(() => ran.push('given back'));
  store.unlock();
  assert.deepEqual(ran.at(-1), 'given back', 'a store given back saves no more');
});

test('a history store saves at once when too many changes wait (what a restart skips past must cover them)', (t) => {
  const { dir } = historyDir(t);
  t.mock.timers.enable({ apis: ['setTimeout'] });
  let saves = 0;
  const state = { version: 1 as const, savedAt: 0, rooms: [], sessions: [] };
  const store = new HistoryStore(join(dir, 'history.json'), () => (saves++, state), () => {}, 200, () => 0, 3);
  store.changed();
  store.changed();
  assert.equal(saves, 0, 'two changes wait for the delay');
  store.changed();
  assert.equal(saves, 1, 'the third is saved at once');
  t.mock.timers.tick(200);
  assert.equal(saves, 1, 'and the pending save went with it');
  store.changed();
  t.mock.timers.tick(200);
  assert.equal(saves, 2, 'the count starts again');
});

test('a save that fails leaves no part of a file behind, is said once while it lasts, and said again when it works', (t) => {
  const { dir, historyFile } = historyDir(t);
  const said: string[] = [];
  const state = { version: 1 as const, savedAt: 0, rooms: [], sessions: [] };
  const store = new HistoryStore(historyFile, () => state, (m, kind) => said.push(`${kind}: ${m}`));
  // where the file goes, a folder: the temporary file is written, and the rename over it fails
  mkdirSync(historyFile);
  for (let i = 0; i < 3; i++) store.flush();
  assert.deepEqual(readdirSync(dir), ['history.json'], 'no temporary file left by the failed saves');
  assert.equal(said.length, 1, `said once: ${said.join(' | ')}`);
  assert.match(said[0]!, /^warn: cannot save history to .*history\.json: .*\(tried again as the room changes; said when it works\)$/);
  rmSync(historyFile, { recursive: true });
  store.flush();
  assert.deepEqual(said.slice(1), [`info: history saved to ${historyFile} again`]);
  assert.equal(readFileSync(historyFile, 'utf8'), JSON.stringify(state));
});

test("a host whose last saves failed (a full disk) says at its close how many changes the file missed, not only when the first failed", async (t) => {
  const { historyFile } = historyDir(t);
  const logged: string[] = [];
  const { server, port } = await startServer({ historyFile, log: (line) => logged.push(line) });
  const c = await RawRich.join(port, 'ann');
  c.send({ type: 'send', id: 's1', room: 'general', text: 'saved' });
  await c.next('ack', (m) => m.type === 'ack' && m.id === 's1');
  // where the file goes, a folder now: every save fails
  rmSync(historyFile);
  mkdirSync(historyFile);
  c.send({ type: 'send', id: 's2', room: 'general', text: 'not saved' });
  await c.next('ack', (m) => m.type === 'ack' && m.id === 's2');
  assert.equal(logged.filter((l) => l.includes('cannot save history')).length, 1, 'the first failure said');
  await server.close();
  assert.ok(server.lostAtClose > 0, `${server.lostAtClose}`);
  assert.match(logged.join('\n'), new RegExp(`history: the last ${server.lostAtClose} change\\(s\\) could not be saved to .*history\\.json: a restart from it will not have them`));
});

test('saves that fail for as many changes as a restart skips past move the history file aside: a restart from it would number below what clients saw', (t) => {
  const { dir, historyFile } = historyDir(t);
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const said: string[] = [];
  const state = { version: 1 as const, savedAt: 0, rooms: [], sessions: [] };
  const store = new HistoryStore(historyFile, () => state, (m, kind) => said.push(`${kind}: ${m}`), 200, () => 0, 3);
  store.flush();
  let full = true; // (a full disk: the temporary file cannot be synced)
  recordFileCalls(t, (path) => (full && path.endsWith('.tmp') ? 'ENOSPC' : undefined));
  store.changed();
  store.changed();
  t.mock.timers.tick(200);
  assert.deepEqual(readdirSync(dir), ['history.json'], 'a save that failed for two changes: the file is still good to restart from');
  store.changed(); // the third since the last save that worked
  t.mock.timers.tick(200);
  const aside = readdirSync(dir).filter((f) => f.startsWith('history.json.stale-'));
  assert.deepEqual(readdirSync(dir), aside, 'moved aside');
  assert.equal(readFileSync(join(dir, aside[0]!), 'utf8'), JSON.stringify(state), 'as it was');
  assert.match(said.at(-1)!, /^warn: history not saved for 3 changes: .*history\.json moved to .*history\.json\.stale-.* \(a restart from it would number messages as ones already sent\)$/);
  full = false;
  store.changed();
  store.changed();
  store.changed();
  assert.equal(readFileSync(historyFile, 'utf8'), JSON.stringify(state), 'the next save that works writes it again');
  assert.equal(said.at(-1), `info: history saved to ${historyFile} again`);
});

/**
 * Records the history store's file operations as they are made (through the `node:fs` module object, which the
 * store's calls read at each call): opens by path, then fsyncs, closes and renames by the path their descriptor was
 * opened on. An fsync throws the error code `fsyncFails` gives for its path, if any (EIO: a failing disk).
 */
function recordFileCalls(t: TestContext, fsyncFails: (path: string) => string | undefined = () => undefined): string[] {
  const calls: string[] = [];
  const opened = new Map<number, string>();
  const { openSync, fsyncSync, closeSync, renameSync } = fs;
  t.mock.method(fs, 'openSync', (path: fs.PathLike, flags: fs.OpenMode, mode?: fs.Mode | null) => {
    const fd = openSync(path, flags, mode);
    opened.set(fd, String(path));
    calls.push(`open ${String(path)}`);
    return fd;
  });
  t.mock.method(fs, 'fsyncSync', (fd: number) => {
    const path = opened.get(fd) ?? `fd ${fd}`;
    // what the file held when it was synced: all of it was written first
    const stat = fs.fstatSync(fd);
    const size = stat.isFile() ? ` (${stat.size} bytes)` : '';
    calls.push(`fsync ${path}${size}`);
    const code = fsyncFails(path);
    if (code) throw Object.assign(new Error(`${code}: fsync failed`), { code });
    fsyncSync(fd);
  });
  t.mock.method(fs, 'closeSync', (fd: number) => {
    calls.push(`close ${opened.get(fd) ?? `fd ${fd}`}`);
    closeSync(fd);
  });
  t.mock.method(fs, 'renameSync', (from: fs.PathLike, to: fs.PathLike) => {
    calls.push(`rename ${String(from)} -> ${String(to)}`);
    renameSync(from, to);
  });
  return calls;
}

test('a save is on disk before it counts: the temporary file is synced before the rename, and its folder after it (a power cut lost the history)', (t) => {
  const { dir, historyFile } = historyDir(t);
  const state = { version: 1 as const, savedAt: 0, rooms: [], sessions: [] };
  const store = new HistoryStore(historyFile, () => state, () => {});
  const calls = recordFileCalls(t);
  store.flush();
  const tmp = calls[0]?.replace(/^open /, '') ?? '';
  assert.match(tmp, /history\.json\.[0-9a-f]{16}\.tmp$/, `the temporary file is opened first: ${calls.join(' | ')}`);
  const bytes = Buffer.byteLength(JSON.stringify(state));
  assert.deepEqual(calls, [
    `open ${tmp}`,
    `fsync ${tmp} (${bytes} bytes)`,
    `close ${tmp}`,
    `rename ${tmp} -> ${historyFile}`,
    `open ${dir}`,
    `fsync ${dir}`,
    `close ${dir}`,
  ]);
  assert.equal(readFileSync(historyFile, 'utf8'), JSON.stringify(state));
});

test('a save whose file cannot be synced (EIO) failed: its temporary file goes, the saved file stays as it was, and it is said once', (t) => {
  const { dir, historyFile } = historyDir(t);
  const said: string[] = [];
  let state = { version: 1 as const, savedAt: 1, rooms: [], sessions: [] };
  const store = new HistoryStore(historyFile, () => state, (m, kind) => said.push(`${kind}: ${m}`));
  store.flush();
  const saved = readFileSync(historyFile, 'utf8');
  state = { ...state, savedAt: 2 };
  const calls = recordFileCalls(t, () => 'EIO');
  for (let i = 0; i < 3; i++) store.flush();
  assert.equal(calls.some((c) => c.startsWith('rename')), false, `nothing renamed over the saved file: ${calls.join(' | ')}`);
  assert.deepEqual(readdirSync(dir), ['history.json'], 'no temporary file left by the failed saves');
  assert.equal(readFileSync(historyFile, 'utf8'), saved, 'the saved file as it was');
  assert.equal(said.length, 1, `said once: ${said.join(' | ')}`);
  assert.match(said[0]!, /^warn: cannot save history to .*history\.json: EIO: fsync failed \(tried again as the room changes; said when it works\)$/);
  t.mock.restoreAll();
  store.flush();
  assert.deepEqual(said.slice(1), [`info: history saved to ${historyFile} again`]);
  assert.equal(readFileSync(historyFile, 'utf8'), JSON.stringify(state));
});

test("a folder that cannot be synced where that is not supported (Windows: EPERM) is no failed save; one that fails to sync (EIO) is", (t) => {
  const { dir, historyFile } = historyDir(t);
  const said: string[] = [];
  const state = { version: 1 as const, savedAt: 0, rooms: [], sessions: [] };
  const store = new HistoryStore(historyFile, () => state, (m, kind) => said.push(`${kind}: ${m}`));
  let code = 'EPERM';
  recordFileCalls(t, (path) => (path === dir ? code : undefined));
  store.flush();
  assert.deepEqual(said, [], 'nothing said');
  assert.equal(readFileSync(historyFile, 'utf8'), JSON.stringify(state));
  code = 'EIO';
  store.flush();
  assert.equal(said.length, 1);
  assert.match(said[0]!, /^warn: cannot save history to .*history\.json: EIO: fsync failed/);
});

test('a history path that is no file is refused at once (a pipe hung the host, a device filled its memory); an empty file is a new one', async (t) => {
  const { dir } = historyDir(t);
  const fifo = join(dir, 'pipe');
  assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
  assert.throws(() => new ChatServer({ historyFile: fifo, log: () => {} }), /cannot use .*pipe for history: it is not a file \(a device, a pipe or a socket\)/);
  assert.throws(() => new ChatServer({ historyFile: '/dev/zero', log: () => {} }), /cannot use \/dev\/zero for history: it is not a file/);
  const empty = join(dir, 'empty.json');
  writeFileSync(empty, '');
  const server = new ChatServer({ historyFile: empty, log: () => {} });
  await server.close();
  assert.match(readFileSync(empty, 'utf8'), /^\{"version":1,/, 'taken as new, and saved');
});

test('a history path that is a link: the file it points to is saved, and the link stays', async (t) => {
  const { dir } = historyDir(t);
  const target = join(dir, 'kept', 'history.json');
  mkdirSync(join(dir, 'kept'));
  writeFileSync(target, '');
  const link = join(dir, 'history.json');
  symlinkSync(target, link);
  const { server, port } = await startServer({ historyFile: link });
  const c = await RawRich.join(port, 'linked');
  c.send({ type: 'send', id: '1', room: 'general', text: 'through the link' });
  await c.next('ack');
  c.close();
  await server.close();
  assert.ok(lstatSync(link).isSymbolicLink(), 'still a link');
  assert.match(readFileSync(target, 'utf8'), /through the link/);
});

test('a history file where nothing can be written is refused at the start, not found out at the first save', () => {
  // (/proc: there for every user, and no file can be made in it)
  assert.throws(() => new ChatServer({ historyFile: '/proc/tcp-chat-history.json', log: () => {} }), /^Error: cannot keep history in \/proc\/tcp-chat-history\.json: /);
});

test('two hosts on one history file: the second is refused, saying so, until the first closes; a killed host\'s lock is taken over', async (t) => {
  const { dir, historyFile } = historyDir(t);
  const first = await startServer({ historyFile });
  assert.throws(() => new ChatServer({ historyFile, log: () => {} }), (e: NodeJS.ErrnoException) => {
    assert.match(e.message, new RegExp(`is in use by another host \\(process ${process.pid}\\): give each host its own history file`));
    return e.code === 'EBUSY';
  });
  await first.server.close();
  assert.deepEqual(readdirSync(dir), ['history.json'], 'the lock went with the host');
  // a host that was killed left its lock: its process is gone, the next host takes it
  const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  writeFileSync(`${historyFile}.lock`, gone.stdout);
  const second = new ChatServer({ historyFile, log: () => {} });
  assert.equal(readFileSync(`${historyFile}.lock`, 'utf8'), String(process.pid), 'its id alone: what an earlier version reads there');
  assert.equal(readFileSync(`${historyFile}.lock.stamp`, 'utf8'), `${process.pid} ${processStamp(process.pid)}\n`);
  assert.match(processStamp(process.pid), /^[0-9a-f-]{36} \d+$/, 'the boot and the start time of the host (Linux)');
  await second.close();
  assert.deepEqual(readdirSync(dir), ['history.json'], 'the lock and its stamp went with the host');
});

test('a history file\'s lock whose process id another program has now (after a reboot, in a container started again) is taken over; one its own process still holds is not', async (t) => {
  const { historyFile } = historyDir(t);
  const lock = `${historyFile}.lock`;
  // a running process that is no host: this test's parent, under the id a host that died had written
  const other = process.ppid;
  const [boot = '', start = ''] = processStamp(other).split(' ');
  const stampFile = `${lock}.stamp`;
  const held = (stamp: string | undefined) => {
    writeFileSync(lock, String(other));
    if (stamp === undefined) rmSync(stampFile, { force: true });
    else writeFileSync(stampFile, stamp);
  };
  const refused = (stamp: string | undefined, why: string) => {
    held(stamp);
    assert.throws(() => new ChatServer({ historyFile, log: () => {} }), /in use by another host/, why);
    assert.equal(readFileSync(lock, 'utf8'), String(other), 'the lock is left as it was');
  };
  // a link planted where the stamp goes: the stamp is written as a file of its own, not where the link points
  const victim = join(dirname(historyFile), 'victim.txt');
  writeFileSync(victim, 'mine');
  symlinkSync(victim, stampFile);
  const first = new ChatServer({ historyFile, log: () => {} });
  assert.equal(readFileSync(victim, 'utf8'), 'mine');
  assert.equal(lstatSync(stampFile).isSymbolicLink(), false);
  await first.close();
  refused(`${other} ${boot} ${start}\n`, 'the process that wrote the lock still runs');
  refused(undefined, 'a lock with no stamp (an earlier version\'s) whose process runs');
  refused(`${other} not a stamp\n`, 'a stamp that says nothing');
  refused(`${other + 1} ${boot} ${Number(start) + 1}\n`, "another process's stamp (left by a host before an earlier version took the lock over)");
  for (const [stamp, why] of [
    [`${other} ${boot} ${Number(start) + 1}\n`, 'another process under the same id (a container started again)'],
    [`${other} ${boot.replace(/^./, (c) => (c === '0' ? '1' : '0'))} ${start}\n`, 'written before the machine last started'],
  ]) {
    held(stamp);
    const host = new ChatServer({ historyFile, log: () => {} });
    assert.equal(readFileSync(lock, 'utf8'), String(process.pid), why);
    await host.close();
    assert.equal(existsSync(lock) || existsSync(stampFile), false, 'given back at the close');
  }
});

test('a host that cannot listen (a busy port) gives its history file back; a fresh room starts empty in a file that held one', async (t) => {
  const { dir } = historyDir(t);
  const busy = await startServer({ historyFile: join(dir, 'a.json') });
  const other = new ChatServer({ host: '127.0.0.1', port: busy.port, historyFile: join(dir, 'b.json'), log: () => {} });
  await assert.rejects(other.listen(), /EADDRINUSE/);
  const c = await RawRich.join(busy.port, 'old');
  c.send({ type: 'send', id: '1', room: 'general', text: 'from the old room' });
  await c.next('ack');
  c.close();
  await busy.server.close();
  // (the file b.json is free again: another server takes it; a.json holds a room, which a fresh one does not get)
  const again = await startServer({ historyFile: join(dir, 'b.json') });
  await again.server.close();
  const fresh = await startServer({ historyFile: join(dir, 'a.json'), freshHistory: true });
  const n = await RawRich.join(fresh.port, 'new');
  n.send({ type: 'send', id: '1', room: 'general', text: 'in the new room' });
  await n.next('ack');
  n.close();
  await fresh.server.close();
  const saved = readFileSync(join(dir, 'a.json'), 'utf8');
  assert.match(saved, /in the new room/);
  assert.doesNotMatch(saved, /from the old room/);
});

test('a host that dies twice, each time before its first save: the numbers its restart skipped on were saved at once', async (t) => {
  const { historyFile } = historyDir(t);
  let n = 0;
  const seqOf = async (port: number, text: string) => {
    const c = await RawRich.join(port, `counter${++n}`);
    c.send({ type: 'send', id: text, room: 'general', text });
    const ack = (await c.next('ack')) as { seq: number };
    c.close();
    return ack.seq;
  };
  const first = await startServer({ historyFile });
  await seqOf(first.port, 'before');
  await first.server.close();
  const second = await startServer({ historyFile });
  const afterStart = readFileSync(historyFile); // what it saved before it numbered anything
  const numbered = await seqOf(second.port, 'after the first restart');
  await second.server.close();
  writeFileSync(historyFile, afterStart); // it died before its first save
  const third = await startServer({ historyFile });
  const next = await seqOf(third.port, 'after the second restart');
  await third.server.close();
  assert.ok(next > numbered, `numbered on past what the host before handed out: ${next} after ${numbered}`);
});

test('a damaged history file behind a link is moved aside where the link points, and the link stays', async (t) => {
  const { dir } = historyDir(t);
  mkdirSync(join(dir, 'kept'));
  const target = join(dir, 'kept', 'history.json');
  writeFileSync(target, '{"version":1,"rooms":[{"name":');
  const link = join(dir, 'history.json');
  symlinkSync(target, link);
  const { server } = await startServer({ historyFile: link, log: () => {} });
  await server.close();
  assert.ok(lstatSync(link).isSymbolicLink(), 'the link stays');
  assert.ok(readdirSync(join(dir, 'kept')).some((f) => f.startsWith('history.json.damaged-')), 'kept beside the file it was');
  // and a link to a file not there yet is a link still once the history is saved
  const dangling = join(dir, 'new.json');
  symlinkSync(join(dir, 'kept', 'new-target.json'), dangling);
  const other = await startServer({ historyFile: dangling, log: () => {} });
  await other.server.close();
  assert.ok(lstatSync(dangling).isSymbolicLink());
  assert.match(readFileSync(join(dir, 'kept', 'new-target.json'), 'utf8'), /^\{"version":1,/);
});

test('a restart saves at once who it still expects back (a host that died again forgot every seat), and a lock with this process\'s own id that no host here holds is taken', async (t) => {
  const { historyFile } = historyDir(t);
  const a = await startServer({ historyFile, log: () => {} });
  const m = await RawRich.join(a.port, 'mallory');
  await a.server.close();
  m.close();
  const seats = () => (JSON.parse(readFileSync(historyFile, 'utf8')) as { sessions: { seat?: unknown }[] }).sessions.filter((s) => s.seat).length;
  assert.equal(seats(), 1, 'saved at the close');
  // its lock file, as a host before a restart left it with the id this process has now (a container's process 1)
  writeFileSync(`${historyFile}.lock`, String(process.pid));
  const b = new ChatServer({ historyFile, log: () => {} });
  assert.equal(seats(), 1, 'still expected back in the file saved right after the restart');
  await b.close();
});

test('a history store given back saves nothing more: the file may be another host\'s by then', (t) => {
  const { dir } = historyDir(t);
  const file = join(dir, 'history.json');
  const store = new HistoryStore(file, () => ({ version: 1 as const, savedAt: 0, rooms: [], sessions: [] }), () => {});
  store.lock();
  store.changed();
  store.unlock();
  store.flush();
  store.changed();
  assert.equal(existsSync(file), false, 'no save after unlock');
});

test('a room from the history file is as idle as its last event: one talked in just before the restart is kept past maxRooms', async (t) => {
  const { historyFile } = historyDir(t);
  const first = await startServer({ historyFile });
  const port = first.port;
  const bob = await RawRich.join(port, 'bob', { rooms: ['general', 'notes'] });
  bob.send({ type: 'send', id: 'n', room: 'notes', text: 'the plan' });
  await bob.next('ack', (m) => m.type === 'ack' && m.id === 'n');
  bob.send({ type: 'part', id: 'p', room: 'notes' }); // (nobody in it, nor expected back in it)
  await bob.next('parted');
  bob.close();
  await first.server.close();
  // (each by a nickname of its own: a restarted host keeps those it expects back)
  const ask = async (server: ChatServer, nick: string): Promise<string> => {
    try {
      const c = await RawRich.join(port, nick);
      c.send({ type: 'join', id: 'j', room: 'new' });
      const answer = await Promise.race([c.next('room', (m) => m.type === 'room' && m.name === 'new').then(() => 'joined'), c.next('error', (m) => m.type === 'error' && m.id === 'j').then((e) => e.code)]);
      c.close();
      return answer;
    } finally {
      await server.close();
    }
  };
  assert.equal(await ask(await restart(port, historyFile, { limits: { maxRooms: 2, roomIdleMs: 3_600_000 } }), 'carol'), 'too_many_rooms', '#notes was talked in a moment ago');
  assert.equal(await ask(await restart(port, historyFile, { limits: { maxRooms: 2, roomIdleMs: 0 } }), 'dave'), 'joined', 'idle long enough, it makes way');
});
