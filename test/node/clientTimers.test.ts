// What a client's timers do once it is in a room: nothing runs that has nothing to do. Timers are node:test's mock
// timers: the counts are of timers run, never of time taken.
import assert from 'node:assert/strict';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { test, type TestContext } from 'node:test';
import { ChatClient } from '../../src/node/chatClient';
import type { ClientMessage, ServerMessage } from '../../src/protocol/messages';
import { countTimersRun, ioUntil, startServer } from './helpers';

test("a welcomed client's wait for an answer ends with the welcome: nothing runs 10 s after it connected", async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout', 'setInterval', 'Date'], now: Date.now() });
  const runs = countTimersRun(t);
  const { server, port } = await startServer();
  // (its ping after a minute of silence: a check every 30 s, none in the first 10)
  const c = new ChatClient({ host: '127.0.0.1', port, nick: 'ann', reconnect: false, pingAfterMs: 60_000 });
  try {
    await c.connect(); // (the welcome comes over the socket: no timer runs for it)
    const before = runs.runs;
    t.mock.timers.tick(10_001);
    assert.equal(runs.runs - before, 0, 'the connection timer ran out 10 s after the connection, to find it welcomed');
  } finally {
    t.mock.timers.reset();
    await c.leave();
    await server.close();
  }
});

/**
 * A room on loopback that welcomes client `x` (with `m1` beside it) and answers each ping with a pong (unless told
 * not to), then a typing line from m1; `pings`: when (mock ms) the client pinged; `marks`: its typing lines read,
 * `said`: the typing lines written to it (see `wait`).
 */
async function pongRoom(answers = true) {
  const room = { port: 0, pings: [] as number[], marks: 0, said: 0, say: () => {}, stop: () => {} };
  let sock: Socket | undefined;
  const server = createServer((s) => {
    sock = s;
    s.on('error', () => {});
    let buf = '';
    s.on('data', (d) => {
      buf += d.toString('utf8');
      for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
        const msg = JSON.parse(buf.slice(0, i)) as ClientMessage;
        buf = buf.slice(i + 1);
        if (msg.type === 'hello') {
          const members = [{ nick: 'x', role: 'member' }, { nick: 'm1', role: 'member' }];
          s.write(`${JSON.stringify({ type: 'welcome', v: 1, nick: 'x', role: 'member', session: 's', server: 'fake', rooms: [{ name: 'general', epoch: 'e', topic: '', members, seq: 0 }], limits: { maxLine: 1 << 20, maxText: 1000 } })}\n`);
          s.write(`${JSON.stringify({ type: 'synced', room: 'general', seq: 0, gap: false })}\n`);
        } else if (msg.type === 'typing') room.marks++;
        else if (msg.type === 'ping') {
          room.pings.push(Date.now());
          if (answers) {
            s.write(`${JSON.stringify({ type: 'pong', t: msg.t })}\n`);
            room.say();
          }
        }
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  room.port = (server.address() as AddressInfo).port;
  room.say = () => {
    room.said++;
    sock?.write(`${JSON.stringify({ type: 'typing', room: 'general', nick: 'm1' })}\n`);
  };
  room.stop = () => {
    sock?.destroy();
    server.close();
  };
  return room;
}

/**
 * Client `x` in a pongRoom, under mock timers, with `runs` (timers run) and `wait(ms)`: ticks ms, then lets the I/O
 * the tick started happen (what the client wrote reaches the room, the room's answer the client).
 */
async function idleInPongRoom(t: TestContext, answers = true) {
  t.mock.timers.enable({ apis: ['setTimeout', 'setInterval', 'Date'], now: Date.now() });
  const runs = countTimersRun(t);
  const room = await pongRoom(answers);
  const c = new ChatClient({ host: '127.0.0.1', port: room.port, nick: 'x', reconnect: false }); // (a ping after 20 s)
  let heard = 0;
  c.on('server', (m: ServerMessage) => m.type === 'typing' && heard++);
  t.after(async () => {
    t.mock.timers.reset();
    await c.leave();
    room.stop();
  });
  await c.connect();
  await ioUntil(() => heard === room.said, 'the room synced');
  const wait = async (ms: number) => {
    t.mock.timers.tick(ms);
    // (a typing line after what the client wrote in the tick: once the room has read it, it has read the ping)
    const marks = room.marks + 1;
    c.typing('general');
    await ioUntil(() => room.marks === marks, 'the typing line');
    await ioUntil(() => heard === room.said, 'what the room said');
  };
  return { c, room, runs, wait, start: Date.now(), before: runs.runs };
}

test('an idle client wakes once per 20 s of silence, to ping (it woke every 10 s, and pinged at 30 s)', async (t) => {
  const { c, room, runs, wait, start, before } = await idleInPongRoom(t);
  for (let s = 0; s < 180; s++) await wait(1000);
  assert.ok(runs.runs - before <= 180 / 20, `${runs.runs - before} timers run in 3 idle minutes: at most one per 20 s of silence`);
  assert.deepEqual(room.pings.map((at) => at - start), [20, 40, 60, 80, 100, 120, 140, 160, 180].map((s) => s * 1000), 'a ping at each 20 s of silence');
  assert.equal(c.status, 'connected');
});

test('a client pings the server silent for 20 s and gives it up at 40 s with no answer', async (t) => {
  const { c, room, runs, wait, start, before } = await idleInPongRoom(t, false);
  await wait(19_999);
  assert.deepEqual(room.pings, []);
  await wait(1);
  assert.deepEqual(room.pings, [start + 20_000]);
  await wait(19_999);
  assert.equal(c.status, 'connected');
  t.mock.timers.tick(1);
  await ioUntil(() => c.status === 'closed', 'the end of the connection');
  assert.equal(c.statusText, 'no answer from the server for 40 s');
  assert.equal(runs.runs - before, 2, 'one wake pings, one gives up');
});

test("a line from the server postpones the client's ping to 20 s after it", async (t) => {
  const { room, runs, wait, start, before } = await idleInPongRoom(t);
  await wait(15_000);
  for (let i = 0; i < 100; i++) room.say();
  await wait(0); // (read at 15 s)
  await wait(19_999);
  assert.deepEqual(room.pings, []);
  await wait(1);
  assert.deepEqual(room.pings, [start + 35_000]);
  assert.equal(runs.runs - before, 2, 'one wake at 20 s finds the line heard since and sleeps till 35 s, one pings');
});

test('a client stopped for longer than it waits for its server (a laptop asleep) pings it when it wakes, rather than give it up unheard', async (t) => {
  const { c, room, start } = await idleInPongRoom(t, false);
  // a minute with the process stopped: its wake comes that late, before it reads what the server said meanwhile
  t.mock.timers.setTime(start + 60_000);
  t.mock.timers.tick(0);
  await ioUntil(() => room.pings.length === 1, 'a ping');
  assert.equal(c.status, 'connected', 'not given up for the pause');
  // no answer: given up 20 s on, as ever
  t.mock.timers.tick(19_999);
  for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
  assert.equal(c.status, 'connected');
  t.mock.timers.tick(1);
  await ioUntil(() => c.status === 'closed', 'the end of the connection');
});
