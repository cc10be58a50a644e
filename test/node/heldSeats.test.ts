// A rich client whose connection ends without a goodbye (or with one saying it will be back: a VS Code window
// reloading) keeps its seat for a while: its rooms hear no leave, and nothing at all when it resumes in time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ChatClient } from '../../src/node/chatClient';
import type { ChatServer } from '../../src/node/chatServer';
import type { Member, ServerMessage } from '../../src/protocol/messages';
import { plainText } from '../../src/protocol/plainFormat';
import { historyDir, ioUntil, LineClient, RawRich, startServer, until } from './helpers';

/** What `r` heard about who else is in the room: join and leave events, as "join a" / "leave a (lost)". */
const presence = (r: RawRich) => r.received.flatMap((m) => (m.type === 'join' && m.nick !== r.welcome().nick ? [`join ${m.nick}`] : m.type === 'leave' ? [`leave ${m.nick} (${m.reason})`] : []));

/** A member list as sorted "nick" / "nick (away)". */
const marked = (members: Member[]) => members.map((m) => `${m.nick}${m.away ? ' (away)' : ''}`).sort();

/** What `a` needs to resume from the end of its welcome and what it received since. */
function resumeOf(a: RawRich) {
  const w = a.welcome();
  const seq = Math.max(w.rooms[0]!.seq, ...a.received.flatMap((m) => ('seq' in m && m.type !== 'synced' && m.type !== 'ack' && typeof m.seq === 'number' ? [m.seq] : [])));
  const dmSeq = Math.max(0, ...a.received.flatMap((m) => (m.type === 'dm' && m.seq !== undefined ? [m.seq] : [])));
  return { session: w.session, resume: { general: { epoch: w.rooms[0]!.epoch, seq } }, dmSeq };
}

/** Drops `c`'s connection (no goodbye); resolves once the server counts `left` connections. */
async function drop(server: ChatServer, c: RawRich, left: number): Promise<void> {
  c.close();
  await until(() => server.connections === left || undefined, () => `the server to see the drop (${server.connections} connections)`);
}

test('a connection that drops and comes back in time: the room hears neither a leave nor a join, and the client misses nothing', async () => {
  const { server, port } = await startServer();
  try {
    const a = await RawRich.join(port, 'a');
    const b = await RawRich.join(port, 'b');
    const back = resumeOf(a);
    await drop(server, a, 1);
    b.send({ type: 'send', id: '1', room: 'general', text: 'while you were away' });
    b.send({ type: 'dm', id: '2', to: 'a', text: 'psst' });
    await b.next('ack', (m) => m.type === 'ack' && m.id === '2');
    const away = await b.next('away');
    assert.deepEqual(away, { type: 'away', room: 'general', nick: 'a', away: true }, 'b is told that a is away');
    const c = await RawRich.join(port, 'c');
    assert.deepEqual(marked(c.welcome().rooms[0]!.members), ['a (away)', 'b', 'c'], 'a keeps its seat, marked away in a newcomer\'s welcome');
    const taken = await RawRich.connect(port);
    taken.send({ type: 'hello', v: 1, nick: 'A', client: 'test' });
    assert.equal((await taken.next('error')).code, 'nick_taken', 'and its nickname');
    b.send({ type: 'who', id: 'w', room: 'general' });
    const who = await b.next('who');
    assert.deepEqual(marked(who.members), ['a (away)', 'b', 'c'], '/who says whose seat is held');
    assert.equal(plainText(who, 'b'), `In #general: ${who.members.map((m) => m.nick + (m.away ? ' (away)' : '')).join(' ')}`);

    const again = await RawRich.join(port, 'a', back);
    assert.deepEqual(marked(again.welcome().rooms[0]!.members), ['a', 'b', 'c'], 'back: not away in its own welcome');
    for (const other of [b, c]) assert.deepEqual(await other.next('away', (m) => m.type === 'away' && !m.away), { type: 'away', room: 'general', nick: 'a', away: false }, 'nor for the others');
    assert.equal(again.received.filter((m) => m.type === 'away').length, 0, 'a itself is told nothing about its own seat');
    assert.deepEqual(again.messages(), ['b: while you were away'], 'what was said meanwhile comes with the resume');
    assert.equal((await again.next('dm')).text, 'psst', 'so does a direct message');
    again.send({ type: 'send', id: '3', room: 'general', text: 'back' });
    await b.next('message', (m) => m.type === 'message' && m.text === 'back');
    assert.deepEqual(presence(b), ['join c'], 'b heard only c come in');
    assert.equal(b.received.filter((m) => m.type === 'info').length, 0, 'its direct message was read: nothing to tell b');
    again.close();
    b.close();
    c.close();
  } finally {
    await server.close();
  }
});

test('a seat not taken back in time: the leave comes then, "lost" for a drop, "quit" for a goodbye that said it would be back', async () => {
  // (held 1 s: until quitting's leave reaches b, a busy machine may take longer than 300 ms)
  const holdSeatMs = 1000;
  const { server, port } = await startServer({ holdSeatMs });
  try {
    const b = await RawRich.join(port, 'b');
    const dropped = await RawRich.join(port, 'dropped');
    const reloading = await RawRich.join(port, 'reloading');
    const quitting = await RawRich.join(port, 'quitting');
    const t0 = Date.now();
    dropped.close();
    reloading.send({ type: 'bye', back: true });
    quitting.send({ type: 'bye' });
    await b.next('leave', (m) => m.type === 'leave' && m.nick === 'quitting');
    assert.deepEqual(presence(b).filter((p) => p.startsWith('leave')), ['leave quitting (quit)'], 'a plain goodbye leaves at once; the others are held');
    await b.next('leave', (m) => m.type === 'leave' && m.nick === 'dropped');
    await b.next('leave', (m) => m.type === 'leave' && m.nick === 'reloading');
    assert.ok(Date.now() - t0 >= holdSeatMs - 50, 'held for about holdSeatMs');
    assert.deepEqual(presence(b).filter((p) => p.startsWith('leave')).sort(), ['leave dropped (lost)', 'leave quitting (quit)', 'leave reloading (quit)']);
    await RawRich.join(port, 'dropped'); // the nickname is free again
  } finally {
    await server.close();
  }
});

test('kicking a member whose seat is held frees its nickname at once, and its client coming back is told, not let in; a plain client is never held', async () => {
  const { server, port } = await startServer();
  try {
    const owner = await RawRich.join(port, 'owner', { ownerKey: server.ownerKey });
    const gone = await RawRich.join(port, 'gone');
    const back = resumeOf(gone);
    await drop(server, gone, 1);
    owner.send({ type: 'kick', id: 'k', room: 'general', nick: 'gone', reason: 'left it open' });
    const kick = await owner.next('kick');
    assert.equal(kick.nick, 'gone');
    const returning = await RawRich.connect(port); // its client reconnecting by itself, with its session
    returning.send({ type: 'hello', v: 1, nick: 'gone', client: 'test', ...back });
    const told = await returning.next('error');
    assert.deepEqual([told.code, told.message], ['kicked', 'you were kicked by owner: left it open']);
    await returning.waitClosed();
    await RawRich.join(port, 'gone', back); // told once: a kick is not a ban, coming back by hand works (its nickname is free)
    const plain = await LineClient.connect(port, 'pc');
    await plain.waitFor('Connected to server!');
    plain.socket.destroy();
    await owner.next('leave', (m) => m.type === 'leave' && m.nick === 'pc'); // at once: it has no session to resume
    assert.deepEqual(presence(owner), ['join gone', 'join gone', 'join pc', 'leave pc (lost)'], 'no leave for the kicked one (the kick said it)');
  } finally {
    await server.close();
  }
});

test('a kick of a held seat holds across a host restart: its client coming back to the restarted host is told, not let in', async (t) => {
  const { historyFile } = historyDir(t);
  const first = await startServer({ historyFile });
  const owner = await RawRich.join(first.port, 'owner', { ownerKey: first.server.ownerKey });
  const gone = await RawRich.join(first.port, 'gone');
  const back = resumeOf(gone);
  await drop(first.server, gone, 1);
  owner.send({ type: 'kick', id: 'k', room: 'general', nick: 'gone', reason: 'left it open' });
  await owner.next('ack', (m) => m.type === 'ack' && m.id === 'k');
  owner.close();
  await first.server.close();
  const { server, port } = await startServer({ historyFile, port: first.port });
  try {
    const returning = await RawRich.connect(port);
    returning.send({ type: 'hello', v: 1, nick: 'gone', client: 'test', ...back });
    const told = await returning.next('error');
    assert.deepEqual([told.code, told.message], ['kicked', 'you were kicked by owner: left it open']);
  } finally {
    await server.close();
  }
});

test('coming back under another nickname ends the held seat with its leave, then joins', async () => {
  const { server, port } = await startServer();
  try {
    const a = await RawRich.join(port, 'ann');
    const b = await RawRich.join(port, 'bob');
    const back = resumeOf(a);
    await drop(server, a, 1);
    const again = await RawRich.join(port, 'annie', back);
    assert.equal(again.welcome().nick, 'annie');
    await b.next('join', (m) => m.type === 'join' && m.nick === 'annie');
    assert.deepEqual(presence(b), ['leave ann (lost)', 'join annie']);
  } finally {
    await server.close();
  }
});

test("a held seat's name keeps its look-alikes too (Greek ΝΙΚΟ for NIKO), but for its own session coming back under one", async () => {
  const { server, port } = await startServer();
  try {
    const a = await RawRich.join(port, 'NIKO');
    const b = await RawRich.join(port, 'bob');
    const back = resumeOf(a);
    await drop(server, a, 1);
    const taken = await RawRich.connect(port);
    taken.send({ type: 'hello', v: 1, nick: '\u039d\u0399\u039a\u039f', client: 'test' }); // ΝΙΚΟ
    assert.equal((await taken.next('error')).code, 'nick_taken');
    const again = await RawRich.join(port, '\u039d\u0399\u039a\u039f', back);
    assert.equal(again.welcome().nick, '\u039d\u0399\u039a\u039f', 'its own seat is no one else\'s');
    await b.next('join', (m) => m.type === 'join' && m.nick === '\u039d\u0399\u039a\u039f');
    assert.deepEqual(presence(b), ['leave NIKO (lost)', 'join \u039d\u0399\u039a\u039f']);
  } finally {
    await server.close();
  }
});

test('a rename whose answer a drop lost: the session comes back under the old name and has its seat under the new one, which someone else may hold meanwhile', async () => {
  const { server, port } = await startServer();
  try {
    const a = await RawRich.join(port, 'ann');
    const b = await RawRich.join(port, 'bob');
    const back = resumeOf(a); // what its client knew: the rename's answer never reached it
    a.send({ type: 'nick', id: 'n', nick: 'anna' });
    await b.next('nick', (m) => m.type === 'nick' && m.to === 'anna');
    await drop(server, a, 1);
    const c = await RawRich.join(port, 'ann'); // the name ann left is free
    const again = await RawRich.join(port, 'ann', back);
    assert.equal(again.welcome().nick, 'anna', 'its seat, under the name it has');
    assert.deepEqual(marked(again.welcome().rooms[0]!.members), ['ann', 'anna', 'bob']);
    assert.ok(again.received.some((m) => m.type === 'nick' && m.from === 'ann' && m.to === 'anna'), 'the resume says the rename it missed');
    b.send({ type: 'send', id: 'm', room: 'general', text: 'still here?' });
    await again.next('message', (m) => m.type === 'message' && m.text === 'still here?');
    assert.deepEqual(presence(b), ['join ann'], 'the room heard no leave of anna and no second join of ann');
    assert.equal(c.received.some((m) => m.type === 'error'), false, 'the newcomer called ann keeps its connection');
    b.send({ type: 'who', id: 'w', room: 'general' });
    assert.deepEqual(marked((await b.next('who')).members), ['ann', 'anna', 'bob']);
  } finally {
    await server.close();
  }
});

test("ChatClient.leave(true) says it will be back: the room hears nothing, and its resume (a reloaded window's) neither", async () => {
  const { server, port } = await startServer();
  const first = new ChatClient({ host: '127.0.0.1', port, nick: 'ada' });
  const clients: ChatClient[] = [];
  const b = await RawRich.join(port, 'bob');
  try {
    const welcome = await first.connect();
    await b.next('join', (m) => m.type === 'join' && m.nick === 'ada');
    const watcher = new ChatClient({ host: '127.0.0.1', port, nick: 'cy' });
    clients.push(watcher);
    await watcher.connect();
    const adaFor = (c: ChatClient) => c.rooms.get('general')?.members.find((m) => m.nick === 'ada');
    await first.leave(true);
    await until(() => server.connections === 2 || undefined, 'the goodbye to end the connection');
    await until(() => adaFor(watcher)?.away || undefined, "a ChatClient to mark ada's member entry away");
    b.send({ type: 'send', id: '1', room: 'general', text: 'still there?' });
    await b.next('ack');
    const second = new ChatClient({ host: '127.0.0.1', port, nick: 'ada', session: welcome.session }); // as a reloaded window
    const heard: ServerMessage[] = [];
    second.on('server', (m: ServerMessage) => heard.push(m));
    await second.connect();
    await until(() => heard.some((m) => m.type === 'message' && m.text === 'still there?') || undefined, 'the message said meanwhile');
    second.send('general', 'yes');
    await b.next('message', (m) => m.type === 'message' && m.text === 'yes');
    assert.deepEqual(presence(b), ['join ada', 'join cy']);
    await until(() => (adaFor(watcher) && adaFor(watcher)?.away === undefined) || undefined, 'and unmark it when ada is back');
    await second.leave();
    await b.next('leave', (m) => m.type === 'leave' && m.nick === 'ada');
    assert.deepEqual(presence(b), ['join ada', 'join cy', 'leave ada (quit)'], 'Leave (no "back") leaves at once');
  } finally {
    for (const c of clients) await c.leave();
    b.close();
    await server.close();
  }
});

test('an address cannot pile up held seats: past its connection limit its oldest held seat leaves at once', async () => {
  const { server, port } = await startServer({ limits: { maxClientsPerAddress: 3 } });
  try {
    const b = await RawRich.join(port, 'b');
    for (const nick of ['x1', 'x2', 'x3']) await drop(server, await RawRich.join(port, nick), 1);
    assert.deepEqual(presence(b).filter((p) => p.startsWith('leave')), [], 'three held seats: as many as its connections may be');
    await drop(server, await RawRich.join(port, 'x4'), 1);
    await b.next('leave', (m) => m.type === 'leave' && m.nick === 'x1');
    assert.deepEqual(presence(b).filter((p) => p.startsWith('leave')), ['leave x1 (lost)'], 'the fourth pushes the oldest out');
  } finally {
    await server.close();
  }
});

test('a direct message to a held seat that does not come back: its sender is told, once it is clear', async () => {
  // (held 1.5 s: both direct messages must reach the seat while it is held, which a busy machine may not do in 300 ms)
  const { server, port } = await startServer({ holdSeatMs: 1500 });
  try {
    const b = await RawRich.join(port, 'b');
    const nc = await LineClient.connect(port, 'nc');
    await nc.waitFor('Connected to server!');
    await drop(server, await RawRich.join(port, 'gone'), 2);
    b.send({ type: 'dm', id: '1', to: 'gone', text: 'are you there?' });
    await b.next('ack');
    nc.say('/msg gone me too');
    await b.next('leave', (m) => m.type === 'leave' && m.nick === 'gone');
    const told = await b.next('info');
    assert.equal(told.text, 'gone left before your direct message reached them (their connection was lost)');
    await nc.waitFor('gone left before your direct message reached them (their connection was lost)\n');
    assert.equal(b.received.filter((m) => m.type === 'info').length, 1, 'once, however many it sent');
  } finally {
    await server.close();
  }
});

test("a held seat's 'your direct message did not reach them' goes to its sender under its new name, not to whoever took the old one", async () => {
  // (held 1.5 s: the direct message, the rename and the newcomer must all come while it is held, as on a busy machine
  // they may not within 300 ms)
  const { server, port } = await startServer({ holdSeatMs: 1500 });
  try {
    const alice = await RawRich.join(port, 'alice');
    await drop(server, await RawRich.join(port, 'gone'), 1);
    alice.send({ type: 'dm', id: '1', to: 'gone', text: 'are you there?' });
    await alice.next('ack');
    alice.send({ type: 'nick', id: 'n', nick: 'alice2' });
    await alice.next('ack', (m) => m.type === 'ack' && m.id === 'n');
    const mallory = await RawRich.join(port, 'alice');
    await alice.next('leave', (m) => m.type === 'leave' && m.nick === 'gone');
    const told = await alice.next('info');
    assert.equal(told.text, 'gone left before your direct message reached them (their connection was lost)');
    await mallory.next('leave', (m) => m.type === 'leave' && m.nick === 'gone');
    mallory.send({ type: 'ping' });
    await mallory.next('pong');
    assert.deepEqual(mallory.received.filter((m) => m.type === 'info'), [], 'nothing to the new "alice"');
  } finally {
    await server.close();
  }
});

test('one session is never two members: a hello with it under another name replaces the connection; a banned session stays out', async () => {
  const { server, port } = await startServer();
  try {
    const boss = await RawRich.join(port, 'boss', { ownerKey: server.ownerKey });
    const mal = await RawRich.join(port, 'mal');
    boss.send({ type: 'op', id: 'o', room: 'general', nick: 'mal' });
    await boss.next('ack', (m) => m.type === 'ack' && m.id === 'o');
    const token = { session: mal.welcome().session };
    const mal2 = await RawRich.join(port, 'mal2', token);
    assert.equal(mal2.welcome().role, 'op', 'the same person, under a new name');
    assert.equal((await mal.next('error')).code, 'replaced', 'its other connection is replaced');
    await boss.next('leave', (m) => m.type === 'leave' && m.nick === 'mal');
    boss.send({ type: 'who', id: 'w', room: 'general' });
    assert.deepEqual(marked((await boss.next('who')).members), ['boss', 'mal2']);
    // banned: that session is out under any name (on loopback the address is not banned)
    boss.send({ type: 'ban', id: 'b', room: 'general', nick: 'mal2' });
    await boss.next('ack', (m) => m.type === 'ack' && m.id === 'b');
    const again = await RawRich.connect(port);
    again.send({ type: 'hello', v: 1, nick: 'innocent', client: 't', ...token });
    assert.equal((await again.next('error')).code, 'banned');
    // a held seat banned: its session too
    const held = await RawRich.join(port, 'held');
    const heldToken = { session: held.welcome().session };
    await drop(server, held, 2);
    boss.send({ type: 'ban', id: 'b2', room: 'general', nick: 'held' });
    await boss.next('ack', (m) => m.type === 'ack' && m.id === 'b2');
    const alt = await RawRich.connect(port);
    alt.send({ type: 'hello', v: 1, nick: 'held_alt', client: 't', ...heldToken });
    assert.equal((await alt.next('error')).code, 'banned');
  } finally {
    await server.close();
  }
});

test('a member cut for silence (idle_timeout) keeps its seat as a dropped one does: back in time, the room hears nothing; not back, a leave "timeout"', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout', 'setInterval', 'Date'], now: Date.now() });
  const { server, port } = await startServer(); // (idleMs 60 s: cut after 120 s of silence; seats held 30 s)
  const clients: RawRich[] = [];
  const join = async (nick: string, extra: Record<string, unknown> = {}) => {
    const c = await RawRich.connect(port);
    clients.push(c);
    c.send({ type: 'hello', v: 1, nick, client: 'test', ...extra });
    await ioUntil(() => c.received.some((m) => m.type === 'synced'), `${nick}'s welcome`);
    return c;
  };
  const turns = async () => {
    for (let i = 0; i < 50; i++) await new Promise((r) => setImmediate(r));
  };
  try {
    const b = await join('b');
    const a = await join('a');
    const gone = await join('gone');
    const back = resumeOf(a);
    // a minute of silence: all are pinged; only b answers
    t.mock.timers.tick(61_000);
    await ioUntil(() => [a, b, gone].every((c) => c.received.some((m) => m.type === 'ping')), 'a ping to each');
    b.send({ type: 'pong' });
    // (read by the server before the minute passes: the answer to a request sent after it says so)
    b.send({ type: 'rooms', id: 'after-pong' });
    await ioUntil(() => b.received.some((m) => m.type === 'rooms'), 'the answer after the pong');
    t.mock.timers.tick(61_000);
    await ioUntil(() => a.closed && gone.closed, 'the silent ones cut');
    assert.equal(a.received.find((m) => m.type === 'error')?.code, 'idle_timeout');
    await ioUntil(() => b.received.filter((m) => m.type === 'away' && m.away).length === 2, 'b told both are away');
    t.mock.timers.tick(200); // (presence may lag 100 ms)
    await turns();
    assert.deepEqual(presence(b), ['join a', 'join gone'], 'no leave: their seats are held');
    // a's client, its connection back (its own pings found the old one dead), takes its seat back
    const again = await join('a', back);
    assert.equal(again.welcome().nick, 'a');
    await ioUntil(() => b.received.some((m) => m.type === 'away' && m.nick === 'a' && !m.away), 'b told a is back');
    // the other is not back when the seat's time is over: its leave says why it went
    t.mock.timers.tick(30_100);
    await turns();
    t.mock.timers.tick(200);
    await ioUntil(() => b.received.some((m) => m.type === 'leave'), "gone's leave");
    assert.deepEqual(presence(b), ['join a', 'join gone', 'leave gone (timeout)'], 'a came back unheard; the other left for silence');
  } finally {
    for (const c of clients) c.close();
    t.mock.timers.reset();
    await server.close();
  }
});
