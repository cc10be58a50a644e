import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ChatClient, connectFailure, MAX_QUEUED, QUEUE_FULL } from '../../src/node/chatClient';
import type { MessageEvent } from '../../src/protocol/messages';
import { CuttableProxy, LineClient, RawRich, startServer, until } from './helpers';
import { createRoomKey } from '../../src/node/roomKey';

/**
 * Resolves once `c` has been away from the room (its status not connected) after this call: a reconnect within
 * 100 ms could come and go between two looks at its status.
 */
function dropSeen(c: ChatClient): Promise<void> {
  return new Promise((resolve) => {
    const on = (s: string) => {
      if (s === 'connected') return;
      c.off('status', on);
      resolve();
    };
    c.on('status', on);
  });
}

const texts = (c: ChatClient, room = 'general') =>
  (c.rooms.get(room)?.events ?? []).filter((e): e is MessageEvent => e.type === 'message').map((e) => e.text);

test('a receiver cut off in the middle of a burst ends with every message exactly once, in order', async () => {
  const { server, port } = await startServer({ limits: { rateBurst: 10_000, ratePerSecond: 10_000 } });
  const proxy = await CuttableProxy.start(port);
  const receiver = new ChatClient({ host: '127.0.0.1', port: proxy.port, nick: 'receiver', backoffMinMs: 20, backoffMaxMs: 100 });
  const statuses: string[] = [];
  receiver.on('status', (s) => statuses.push(s));
  try {
    await receiver.connect();
    const sender = await RawRich.join(port, 'sender');
    const N = 400;
    for (let i = 0; i < N; i++) {
      sender.send({ type: 'send', id: `m${i}`, room: 'general', text: `msg ${i}` });
      if (i === 100 || i === 250) {
        await until(() => texts(receiver).length > i - 50 || undefined, 'the receiver to be in the middle of the burst');
        assert.equal(proxy.cut(), 1, 'cut the receiver');
      }
    }
    await until(() => texts(receiver).length >= N || undefined, `all ${N} messages at the receiver`, 10_000);
    assert.deepEqual(texts(receiver), Array.from({ length: N }, (_, i) => `msg ${i}`));
    const seqs = receiver.rooms.get('general')!.events.map((e) => e.seq);
    assert.deepEqual(seqs, [...seqs].sort((a, b) => a - b), 'events in seq order');
    assert.equal(new Set(seqs).size, seqs.length, 'no event twice');
    assert.ok(statuses.includes('reconnecting'), 'the client said it was reconnecting');
    assert.equal(receiver.status, 'connected');
    sender.close();
  } finally {
    await receiver.leave();
    await proxy.close();
    await server.close();
  }
});

test('a sender cut off while sending: every message arrives once, in order, and all are acknowledged', async () => {
  const { server, port } = await startServer({ limits: { rateBurst: 10_000, ratePerSecond: 10_000 } });
  const proxy = await CuttableProxy.start(port);
  const sender = new ChatClient({ host: '127.0.0.1', port: proxy.port, nick: 'sender', backoffMinMs: 20, backoffMaxMs: 100 });
  const observer = new ChatClient({ host: '127.0.0.1', port, nick: 'observer' });
  try {
    await sender.connect();
    await observer.connect();
    const N = 300;
    for (let i = 0; i < N; i++) {
      sender.send('general', `s ${i}`);
      if (i % 60 === 59) {
        await until(() => texts(observer).length >= i - 40 || undefined, 'progress');
        proxy.cut();
      }
    }
    await until(() => (sender.unacknowledged === 0 && texts(observer).length >= N) || undefined, 'all acknowledged and delivered', 15_000);
    assert.deepEqual(texts(observer), Array.from({ length: N }, (_, i) => `s ${i}`));
    assert.deepEqual(texts(sender), Array.from({ length: N }, (_, i) => `s ${i}`), 'the sender sees its own messages once too');
  } finally {
    await sender.leave();
    await observer.leave();
    await proxy.close();
    await server.close();
  }
});

/**
 * `a` and `b` join, `a` sends `text` and drops; resolves once `b` saw it leave, with what `a` needs to resume.
 * The server must hold no seats (`holdSeatMs: 0`): `a` is a client that did not come back in time.
 */
async function sendThenDrop(port: number, id: string, text: string) {
  const a = await RawRich.join(port, 'a');
  const welcome = a.welcome();
  const b = await RawRich.join(port, 'b');
  a.send({ type: 'send', id, room: 'general', text });
  const ack = await a.next('ack');
  a.close();
  await b.next('leave');
  const resume = { session: welcome.session, resume: { general: { epoch: welcome.rooms[0]!.epoch, seq: ack.seq ?? 0 } } };
  return { b, ack, resume };
}

test('a resent message the server already accepted is acknowledged again, not repeated', async () => {
  const { server, port } = await startServer({ holdSeatMs: 0 });
  try {
    const { b, ack, resume } = await sendThenDrop(port, 'same', 'once');
    const again = await RawRich.join(port, 'a', resume);
    again.send({ type: 'send', id: 'same', room: 'general', text: 'once' });
    const dup = await again.next('ack');
    assert.deepEqual([dup.id, dup.seq, dup.duplicate], ['same', ack.seq, true]);
    again.send({ type: 'send', id: 'next', room: 'general', text: 'twice?' });
    await b.next('message', (m) => m.type === 'message' && m.text === 'twice?');
    assert.deepEqual(b.messages(), ['a: once', 'a: twice?']);
  } finally {
    await server.close();
  }
});

test("plain clients coming and going take no session a rich client away needs: theirs goes with them (they cannot resume one), so a laptop asleep resumes its own", async () => {
  // (sessions are capped at twice maxClients, the oldest away dropped first: plain churn pushed the sleeper's out)
  const { server, port } = await startServer({ holdSeatMs: 0, limits: { maxClients: 4, idleMs: 4000 } });
  try {
    const { b, resume } = await sendThenDrop(port, 'z', 'good night');
    for (let i = 0; i < 12; i++) {
      const nc = await LineClient.connect(port, `nc${i}`);
      await nc.waitFor(`nc${i} joined!`);
      nc.close();
      await b.next('leave', (m) => m.type === 'leave' && m.nick === `nc${i}`);
    }
    await new Promise((r) => setTimeout(r, 1300)); // (the server wakes within a second here, and drops what is past the cap)
    const again = await RawRich.join(port, 'a', resume);
    assert.equal(again.welcome().session, resume.session, 'its own session: resumed');
  } finally {
    await server.close();
  }
});

test('a client back after its session expired (away longer than a session lives) is in a new session that knows what the old one posted: a resend is acknowledged, not repeated', async () => {
  const { server, port } = await startServer({ holdSeatMs: 0, sessionTtlMs: 300, limits: { idleMs: 1000 } });
  try {
    const { b, ack, resume } = await sendThenDrop(port, 'lunch', 'see you after lunch');
    await new Promise((r) => setTimeout(r, 1200)); // (the server's tick, every 250 ms here, ends the session: it lives 300 ms)
    const again = await RawRich.join(port, 'a', resume);
    assert.notEqual(again.welcome().session, resume.session, 'a new session');
    again.send({ type: 'send', id: 'lunch', room: 'general', text: 'see you after lunch' });
    const dup = await again.next('ack');
    assert.deepEqual([dup.id, dup.seq, dup.duplicate], ['lunch', ack.seq, true]);
    again.send({ type: 'send', id: 'back', room: 'general', text: 'back' });
    await b.next('message', (m) => m.type === 'message' && m.text === 'back');
    assert.deepEqual(b.messages(), ['a: see you after lunch', 'a: back']);
  } finally {
    await server.close();
  }
});

test('a resent request the server refused is refused again with the same words, not done afresh on what changed since', async () => {
  const { server, port } = await startServer({ holdSeatMs: 0 });
  try {
    const a = await RawRich.join(port, 'a');
    const resume = { session: a.welcome().session };
    const b = await RawRich.join(port, 'b');
    a.send({ type: 'delete', id: 'del', room: 'general', target: 0 }); // nothing of a's to delete yet
    const first = await a.next('error', (m) => m.type === 'error' && m.id === 'del');
    a.send({ type: 'send', id: 'm', room: 'general', text: 'typed after the /delete' });
    await a.next('ack', (m) => m.type === 'ack' && m.id === 'm');
    a.close();
    await b.next('leave');
    const again = await RawRich.join(port, 'a', resume);
    again.send({ type: 'delete', id: 'del', room: 'general', target: 0 });
    const second = await again.next('error', (m) => m.type === 'error' && m.id === 'del');
    assert.deepEqual([second.code, second.message], [first.code, first.message]);
    again.send({ type: 'send', id: 'next', room: 'general', text: 'still here' });
    await b.next('message', (m) => m.type === 'message' && m.text === 'still here');
    assert.equal(b.received.some((m) => m.type === 'delete'), false, 'nothing deleted');
  } finally {
    await server.close();
  }
});

test('a session with no connection keeps the ids of its last 96 requests, and sessions away keep 50 a client the server takes: those that left first forget theirs', async () => {
  // (3 clients: 150 ids kept by sessions away in all)
  const { server, port } = await startServer({ holdSeatMs: 0, limits: { maxClients: 3, rateBurst: 1000, ratePerSecond: 1000 } });
  try {
    const sendAll = async (r: RawRich, who: string) => {
      for (let i = 0; i < 100; i++) r.send({ type: 'send', id: `${who}${i}`, room: 'general', text: `${who} ${i}` });
      await r.next('ack', (m) => m.type === 'ack' && m.id === `${who}99`);
      const w = r.welcome();
      r.close();
      await r.waitClosed();
      return { session: w.session };
    };
    const a = await sendAll(await RawRich.join(port, 'a'), 'a');
    await until(() => (server.connections === 0 ? true : undefined), 'a gone');
    const b = await sendAll(await RawRich.join(port, 'b'), 'b');
    await until(() => (server.connections === 0 ? true : undefined), 'b gone');
    const ackOf = async (r: RawRich, id: string) => {
      r.send({ type: 'send', id, room: 'general', text: 'again' });
      return (await r.next('ack', (m) => m.type === 'ack' && m.id === id)).duplicate === true;
    };
    const b2 = await RawRich.join(port, 'b', b);
    assert.equal(await ackOf(b2, 'b99'), true, 'one of its last 96: a duplicate');
    assert.equal(await ackOf(b2, 'b4'), true, 'b4 is the 96th from the end');
    assert.equal(await ackOf(b2, 'b3'), false, 'before them: forgotten, done as new');
    b2.close();
    const a2 = await RawRich.join(port, 'a', a);
    assert.equal(await ackOf(a2, 'a99'), false, "a left first: its ids went when b's came past the budget");
  } finally {
    await server.close();
  }
});

test('a reconnect with a session whose old connection still looks alive takes it over silently', async () => {
  const { server, port } = await startServer();
  try {
    const a = await RawRich.join(port, 'alice');
    const w = a.welcome();
    const b = await RawRich.join(port, 'bob');
    const a2 = await RawRich.join(port, 'alice', { session: w.session, resume: { general: { epoch: w.rooms[0]!.epoch, seq: w.rooms[0]!.seq } } });
    assert.equal((await a.next('error')).code, 'replaced');
    await a.waitClosed();
    b.send({ type: 'send', id: '1', room: 'general', text: 'still you?' });
    assert.equal((await a2.next('message')).text, 'still you?');
    assert.equal(b.received.filter((m) => m.type === 'leave').length, 0, 'no leave/join noise for a resumed session');
  } finally {
    await server.close();
  }
});

test('the host closing the room tells every client why', async () => {
  const { server, port } = await startServer();
  const c = new ChatClient({ host: '127.0.0.1', port, nick: 'member' });
  await c.connect();
  const closed = new Promise<string>((resolve) => c.on('status', (s, text) => s === 'closed' && resolve(text)));
  await server.close('the host closed the room');
  assert.equal(await closed, 'the host closed the room');
  await c.leave();
});

test('a client waiting for a closed room stops after hostWaitMs, and tryAgain() gets it back in when the room is back', async () => {
  const first = await startServer();
  const port = first.port;
  const c = new ChatClient({ host: '127.0.0.1', port, nick: 'member', reconnectAfterShutdown: true, hostWaitMs: 300, backoffMinMs: 20, backoffMaxMs: 50 });
  let second: Awaited<ReturnType<typeof startServer>>['server'] | undefined;
  try {
    await c.connect();
    await first.server.close('the host closed the room');
    await until(() => c.gaveUp || undefined, 'the client to give up waiting');
    assert.equal(c.status, 'closed');
    assert.equal(c.statusText, 'the host closed the room; it did not come back within 300 ms');
    // the room comes back: the client no longer tries by itself, tryAgain() does
    second = (await startServer({ port })).server;
    assert.equal(c.status, 'closed');
    assert.equal(c.tryAgain(), true);
    await until(() => c.connected || undefined, 'the client to be back in after tryAgain()');
    assert.equal(c.gaveUp, false);
    assert.equal(c.tryAgain(), false, 'nothing to try again once connected');
  } finally {
    await c.leave();
    await second?.close();
  }
});

test('a client waiting to try again says what it waits after and how long is left (the panel counts it down); nothing once back, or once it left', async () => {
  const first = await startServer();
  const port = first.port;
  const proxy = await CuttableProxy.start(port);
  const c = new ChatClient({ host: '127.0.0.1', port: proxy.port, nick: 'member', backoffMinMs: 200, backoffMaxMs: 400 });
  const waits: { status: string; text: string; wait: ChatClient['nextAttempt'] }[] = [];
  c.on('status', (status, text) => waits.push({ status, text, wait: c.nextAttempt }));
  try {
    await c.connect();
    assert.equal(c.nextAttempt, undefined, 'connected: no wait');
    const away = dropSeen(c);
    assert.equal(proxy.cut(), 1);
    await away;
    await until(() => c.connected || undefined, 'the client to be back');
    const waiting = waits.find((w) => w.status === 'reconnecting');
    assert.ok(waiting?.wait, JSON.stringify(waits));
    assert.equal(waiting.wait.why, 'connection lost');
    assert.ok(waiting.wait.inMs >= 0 && waiting.wait.inMs <= 400, String(waiting.wait.inMs));
    // (the words the status says are those of the wait)
    assert.match(waiting.text, /^connection lost; reconnecting in \d+\.\d s\.\.\.$/);
    assert.equal(c.nextAttempt, undefined, 'back: no wait');
  } finally {
    await c.leave();
    await proxy.close();
    await first.server.close();
  }
  assert.equal(c.nextAttempt, undefined, 'left: no wait');
});

test('a rich client whose hello comes after the plain-detection window still gets in', async () => {
  const { server, port } = await startServer({ limits: { plainDetectMs: 30 } });
  try {
    const c = new ChatClient({ host: '127.0.0.1', port, nick: 'other' });
    await c.connect();
    const slow = await import('node:net').then((net) => net.connect({ host: '127.0.0.1', port }));
    let got = '';
    slow.setEncoding('utf8').on('data', (d: string) => (got += d));
    await until(() => got.startsWith('NICK') || undefined, 'NICK first');
    slow.write(JSON.stringify({ type: 'hello', v: 1, nick: 'latecomer', client: 't' }) + '\n');
    await until(() => got.includes('"type":"welcome"') || undefined, 'a welcome after NICK');
    assert.ok(got.startsWith('NICK{"type":"welcome"'), got.slice(0, 40));
    await until(() => [...c.rooms.get('general')!.members].some((m) => m.nick === 'latecomer') || undefined, 'the others see the latecomer join');
    slow.destroy();
    await c.leave();
  } finally {
    await server.close();
  }
});

test("the tests' raw client reads a welcome that follows NICK too (a hello read after the wait for one, on a loaded machine)", async () => {
  const { server, port } = await startServer({ limits: { plainDetectMs: 30 } });
  try {
    const slow = await RawRich.connect(port);
    await until(() => slow.socket.bytesRead >= 4 || undefined, 'NICK first');
    slow.send({ type: 'hello', v: 1, nick: 'latecomer', client: 't' });
    assert.equal((await slow.next('welcome')).nick, 'latecomer');
    slow.close();
  } finally {
    await server.close();
  }
});

test("a newcomer's history is the conversation and its own join; a resumed client gets every event it missed", async () => {
  const { server, port } = await startServer({ holdSeatMs: 0 });
  try {
    const { b, resume } = await sendThenDrop(port, '1', 'hello b');
    const c = await RawRich.join(port, 'c');
    c.close();
    await b.next('leave', (m) => m.type === 'leave' && m.nick === 'c');
    b.send({ type: 'send', id: '2', room: 'general', text: 'anyone?' });
    await b.next('ack');

    const replayed = (r: RawRich) => r.received.flatMap((m) => (m.type === 'join' || m.type === 'leave' ? [`${m.type} ${m.nick}`] : m.type === 'message' ? [m.text] : []));
    const d = await RawRich.join(port, 'd');
    assert.deepEqual(replayed(d), ['hello b', 'anyone?', 'join d'], 'earlier joins and leaves are not replayed to a newcomer');
    const dWelcome = d.welcome();
    assert.deepEqual(dWelcome.rooms[0]!.members.map((m) => m.nick).sort(), ['b', 'd'], 'the welcome says who is here');

    const again = await RawRich.join(port, 'a', resume);
    assert.deepEqual(replayed(again), ['leave a', 'join c', 'leave c', 'anyone?', 'join d', 'join a'], 'a resumed client misses nothing');
    again.close();
    d.close();
    b.close();
  } finally {
    await server.close();
  }
});

test('direct messages written to a connection that died on the way arrive after the resume, each once', async () => {
  const { server, port } = await startServer();
  const proxy = await CuttableProxy.start(port);
  const bob = new ChatClient({ host: '127.0.0.1', port: proxy.port, nick: 'bob', backoffMinMs: 20, backoffMaxMs: 100 });
  const ada = new ChatClient({ host: '127.0.0.1', port, nick: 'ada' });
  let connects = 0;
  bob.on('status', (s) => (connects += s === 'connected' ? 1 : 0));
  const dmTexts = (c: ChatClient) => c.dms.map((d) => d.text);
  try {
    await bob.connect();
    await ada.connect();
    ada.dm('bob', 'before');
    await until(() => bob.dms.length === 1 || undefined, 'the first DM');
    proxy.freeze(); // bob's network goes silent: the server still writes to it
    ada.dm('bob', 'swallowed 1');
    ada.dm('bob', 'swallowed 2');
    await until(() => ada.unacknowledged === 0 || undefined, 'the server to accept both');
    proxy.cut(); // what was on the way is gone; bob reconnects and resumes
    await until(() => bob.dms.length === 3 || undefined, 'the two DMs again after the resume');
    assert.deepEqual(dmTexts(bob), ['before', 'swallowed 1', 'swallowed 2']);

    const before = connects;
    proxy.cut(); // a drop that lost nothing: nothing comes twice
    await until(() => connects > before || undefined, 'bob back');
    ada.dm('bob', 'after');
    await until(() => bob.dms.length >= 4 || undefined, 'the DM after the second drop');
    assert.deepEqual(dmTexts(bob), ['before', 'swallowed 1', 'swallowed 2', 'after']);
    assert.deepEqual(dmTexts(ada), ['before', 'swallowed 1', 'swallowed 2', 'after'], "the sender's copies, once each");
    assert.deepEqual(bob.dms.map((d) => d.seq), [1, 2, 3, 4], "numbered in bob's session");
  } finally {
    await bob.leave();
    await ada.leave();
    await proxy.close();
    await server.close();
  }
});

/** `a` back in its session, saying it has seen `dmSeq` direct messages, and `b` to send it some. */
async function resumedHaving(port: number, dmSeq: number): Promise<{ again: RawRich; b: RawRich }> {
  const a = await RawRich.join(port, 'a');
  const welcome = a.welcome();
  a.close();
  const b = await RawRich.join(port, 'b');
  return { again: await RawRich.join(port, 'a', { session: welcome.session, dmSeq }), b };
}

test('a resume that has seen more direct messages than the session numbered (a restarted host) never gets a number twice', async () => {
  const { server, port } = await startServer();
  try {
    const { again, b } = await resumedHaving(port, 50);
    b.send({ type: 'dm', id: 'd1', to: 'a', text: 'hi' });
    const dm = await again.next('dm');
    assert.equal(dm.seq, 51);
    const own = await b.next('dm');
    assert.equal(own.seq, 1, "the sender's copy is numbered in the sender's session");
    b.close();
    again.close();
  } finally {
    await server.close();
  }
});

test('a resume that claims to have seen 2^53 - 1 direct messages still gets its next ones numbered in safe integers', async () => {
  const { server, port } = await startServer();
  try {
    const { again, b } = await resumedHaving(port, Number.MAX_SAFE_INTEGER);
    b.send({ type: 'dm', id: 'd1', to: 'a', text: 'hi' });
    b.send({ type: 'dm', id: 'd2', to: 'a', text: 'again' });
    const [one, two] = [await again.next('dm'), await again.next('dm')];
    assert.ok(Number.isSafeInteger(one.seq) && Number.isSafeInteger(two.seq), `${one.seq}, ${two.seq}`);
    assert.equal(two.seq, one.seq! + 1);
    b.close();
    again.close();
  } finally {
    await server.close();
  }
});

test("a new client given an earlier client's session token (a window reload) gets its direct messages and role back", async () => {
  const { server, port } = await startServer();
  const ada = new ChatClient({ host: '127.0.0.1', port, nick: 'ada' });
  const bob = new ChatClient({ host: '127.0.0.1', port, nick: 'bob' });
  let again: ChatClient | undefined;
  try {
    await ada.connect();
    await bob.connect();
    ada.dm('bob', 'one');
    bob.dm('ada', 'two');
    await until(() => (bob.dms.length === 2 && ada.unacknowledged === 0 && bob.unacknowledged === 0) || undefined, 'both DMs');
    const token = bob.sessionToken;
    assert.ok(token);
    await bob.leave(); // the window closes for its reload
    again = new ChatClient({ host: '127.0.0.1', port, nick: 'bob', session: token });
    await again.connect();
    await until(() => again!.dms.length === 2 || undefined, 'the DMs back after the reload');
    assert.deepEqual(again.dms.map((d) => `${d.from}>${d.to}: ${d.text}`), ['ada>bob: one', 'bob>ada: two']);
    assert.equal(again.sessionToken, token, 'the same session');
    const fresh = new ChatClient({ host: '127.0.0.1', port, nick: 'carol', session: 'no-such-session-token' });
    await fresh.connect();
    assert.notEqual(fresh.sessionToken, 'no-such-session-token', 'an unknown token starts a new session');
    assert.equal(fresh.dms.length, 0);
    await fresh.leave();
  } finally {
    await again?.leave();
    await ada.leave();
    await server.close();
  }
});

test('a refused /nick (a bad name) answers only that request: a dropped connection afterwards still comes back', async () => {
  const { server, port } = await startServer();
  const proxy = await CuttableProxy.start(port);
  const c = new ChatClient({ host: '127.0.0.1', port: proxy.port, nick: 'xj', backoffMinMs: 20, backoffMaxMs: 100 });
  const errors: string[] = [];
  c.on('server', (m) => { if (m.type === 'error') errors.push(m.code); });
  const statuses: string[] = [];
  c.on('status', (s) => statuses.push(s));
  try {
    await c.connect();
    // (sent as it is: /nick now says what is wrong with the name before it goes)
    assert.equal(c.request({ type: 'nick', nick: 'bad:name' }), true);
    await until(() => (errors.includes('nick_invalid') ? true : undefined), 'the refusal');
    statuses.length = 0;
    assert.equal(proxy.cut(), 1);
    // (the way back can be quicker than a poll: the statuses as they came)
    await until(() => (statuses.includes('reconnecting') && c.status === 'connected' ? true : undefined), 'the drop, then back in the room');
    assert.equal(c.nick, 'xj');
  } finally {
    await c.leave();
    await proxy.close();
    await server.close();
  }
});

test("a room its host closed and hosted again on the same port: the client's copy starts over with it (the old one kept apart, to read), and the new messages come", async () => {
  const first = await startServer();
  const port = first.port;
  const c = new ChatClient({ host: '127.0.0.1', port, nick: 'member', reconnectAfterShutdown: true, hostWaitMs: 10_000, backoffMinMs: 20, backoffMaxMs: 50 });
  let second: Awaited<ReturnType<typeof startServer>>['server'] | undefined;
  let talker: RawRich | undefined;
  try {
    const welcome = await c.connect();
    const before = await RawRich.join(port, 'before');
    before.send({ type: 'send', id: 'b1', room: 'general', text: 'from the first room' });
    await until(() => (texts(c).includes('from the first room') ? true : undefined), 'the first room message');
    before.close();
    await first.server.close('the host closed the room');
    second = (await startServer({ port })).server; // a new room: another epoch, numbers from 1 again
    await until(() => (c.connected ? true : undefined), 'back in');
    talker = await RawRich.join(port, 'talker');
    talker.send({ type: 'send', id: 't1', room: 'general', text: 'in the new room' });
    await until(() => (texts(c).includes('in the new room') ? true : undefined), 'the new room message');
    assert.deepEqual(texts(c), ['in the new room'], 'nothing of the first room is kept under numbers the new one reuses');
    const earlier = c.rooms.get('general')!.earlier;
    assert.deepEqual(earlier.map((r) => r.epoch), [welcome.rooms[0]!.epoch], 'the first room is kept apart, to read');
    assert.ok(earlier[0]!.events.some((e) => e.type === 'message' && e.text === 'from the first room'));
  } finally {
    talker?.close();
    await c.leave();
    await second?.close();
  }
});

test('why a connection failed, in words: nobody listening, no such machine, no name server, unreachable', () => {
  const err = (code: string, message = `connect ${code}`) => Object.assign(new Error(message), { code });
  assert.equal(connectFailure(err('ECONNREFUSED'), '::1', 4000), 'nobody is listening on [::1]:4000');
  assert.equal(connectFailure(err('ENOTFOUND', 'getaddrinfo ENOTFOUND garbage'), 'garbage', 55555), 'no machine called "garbage" was found (check the address)');
  assert.equal(connectFailure(err('EAI_AGAIN'), 'office-pc', 55555), '"office-pc" could not be looked up (no network, or no name server answered)');
  assert.equal(connectFailure(err('EHOSTUNREACH'), '10.9.9.9', 55555), '10.9.9.9 cannot be reached from this machine (EHOSTUNREACH)');
  assert.equal(connectFailure(err('ETIMEDOUT', 'connect ETIMEDOUT 10.0.0.1:55555\nmore'), '10.0.0.1', 55555), 'connect ETIMEDOUT 10.0.0.1:55555');
});

test('waiting for a room its host closed, a refusal that would come again (the room back with another key) ends the wait: no longer waiting, no later "did not come back"', async () => {
  const key = createRoomKey();
  const first = await startServer({ roomKey: key });
  const c = new ChatClient({ host: '127.0.0.1', port: first.port, nick: 'member', roomKey: key, reconnectAfterShutdown: true, hostWaitMs: 400, backoffMinMs: 20, backoffMaxMs: 50 });
  let second: Awaited<ReturnType<typeof startServer>> | undefined;
  const statuses: string[] = [];
  try {
    await c.connect();
    await first.server.close('the host closed the room');
    await until(() => c.waitingForHost || undefined, 'the client to wait for the room');
    second = await startServer({ port: first.port, roomKey: createRoomKey() });
    await until(() => /room key/.test(c.statusText) || undefined, 'the refusal', 8000);
    c.on('status', (_s, text) => statuses.push(text));
    assert.equal(c.waitingForHost, false, c.statusText);
    await new Promise((r) => setTimeout(r, 600)); // past the wait: it ended with the refusal
    assert.deepEqual(statuses, [], 'nothing more to say: not "did not come back", no Try Again');
    assert.equal(c.gaveUp, false);
  } finally {
    await c.leave();
    await second?.server.close();
  }
});

test("the owner of a headless host that restarted, whose try read the old room key just before the new host wrote its file, tries again with the new one", async () => {
  const oldKey = createRoomKey();
  const newKey = createRoomKey();
  const first = await startServer({ roomKey: oldKey });
  let second: Awaited<ReturnType<typeof startServer>> | undefined;
  // (what the file says when asked: the old key until the new host is up; the first ask after that still gets the
  // old one, as a read just before the new host wrote its file does)
  let file = oldKey;
  const keys = () => {
    const read = file;
    if (second) file = newKey;
    return { roomKey: read, ownerKey: '' };
  };
  const c = new ChatClient({ host: '127.0.0.1', port: first.port, nick: 'boss', keys, reconnectAfterShutdown: true, backoffMinMs: 20, backoffMaxMs: 50 });
  try {
    await c.connect();
    await first.server.close('the host closed the room');
    await until(() => c.waitingForHost || undefined, 'the client to wait for the room');
    second = await startServer({ port: first.port, roomKey: newKey });
    // (refused for good: closed, no longer waiting for the room)
    const back = await until(() => (c.status === 'connected' ? true : c.status === 'closed' && !c.waitingForHost ? c.statusText : undefined), 'back in, or refused', 8000);
    assert.equal(back, true, String(back));
    assert.equal(c.roomKey, newKey);
  } finally {
    await c.leave();
    await second?.server.close();
  }
});

test("the owner of a headless host that restarted, whose try read the old owner key just before the new host wrote its file, comes back as the owner (the room saw a member come and go)", async () => {
  const oldKey = 'o'.repeat(24);
  const newKey = 'n'.repeat(24);
  const first = await startServer({ ownerKey: oldKey });
  let second: Awaited<ReturnType<typeof startServer>> | undefined;
  // (the first ask after the new host is up still gets the old key, as a read just before it wrote its file does)
  let file = oldKey;
  const keys = () => {
    const read = file;
    if (second) file = newKey;
    return { ownerKey: read };
  };
  const c = new ChatClient({ host: '127.0.0.1', port: first.port, nick: 'boss', keys, reconnectAfterShutdown: true, backoffMinMs: 20, backoffMaxMs: 50 });
  let watcher: RawRich | undefined;
  try {
    await c.connect();
    assert.equal(c.role, 'owner');
    await first.server.close('the host closed the room');
    await until(() => c.waitingForHost || undefined, 'the client to wait for the room');
    second = await startServer({ port: first.port, ownerKey: newKey });
    watcher = await RawRich.join(second.port, 'watcher');
    await until(() => (c.status === 'connected' ? true : undefined), 'back in', 8000);
    assert.equal(c.role, 'owner');
    watcher.send({ type: 'who', room: 'general' });
    const who = await watcher.next('who');
    assert.ok(who.type === 'who');
    assert.deepEqual(who.members.filter((m) => m.nick === 'boss'), [{ nick: 'boss', role: 'owner' }], 'the room has the owner, once');
  } finally {
    watcher?.close();
    await c.leave();
    await second?.server.close();
  }
});

test('a room that answered before and then stalls (its host stopped, its port still taking connections) is said to be stalled, not "something else on the port"', async () => {
  const { createServer } = await import('node:net');
  let connections = 0;
  const sockets: import('node:net').Socket[] = [];
  const fake = createServer((s) => {
    sockets.push(s);
    s.on('error', () => {});
    if (++connections > 1) return; // stalled: takes the connection, says nothing
    s.once('data', () => {
      s.write(`${JSON.stringify({ type: 'welcome', v: 1, nick: 'x', role: 'member', session: 'c2Vzc2lvbi10b2tlbi0xMjM0NTY', server: 'fake', rooms: [], limits: { maxLine: 1 << 20, maxText: 1000 } })}\n`);
      setTimeout(() => s.destroy(), 20);
    });
  });
  await new Promise<void>((r) => fake.listen(0, '127.0.0.1', () => r()));
  const port = (fake.address() as import('node:net').AddressInfo).port;
  const c = new ChatClient({ host: '127.0.0.1', port, nick: 'x', connectTimeoutMs: 200, backoffMinMs: 10, backoffMaxMs: 20 });
  try {
    await c.connect();
    await until(() => (/did not answer/.test(c.statusText) ? true : undefined), 'the stalled room', 5000);
    assert.match(c.statusText, /connected, but the room did not answer within 0\.2 s/);
    assert.doesNotMatch(c.statusText, /something else/);
  } finally {
    await c.leave();
    for (const s of sockets) s.destroy();
    fake.close();
  }
});

test('a room its host closed and hosted anew (no history file): the client says it was started anew, not that messages may be missing, before the new room\'s history', async () => {
  const first = await startServer();
  const c = new ChatClient({ host: '127.0.0.1', port: first.port, nick: 'member', reconnectAfterShutdown: true, hostWaitMs: 10_000, backoffMinMs: 400, backoffMaxMs: 500 });
  const seen: string[] = [];
  c.on('notice', (_level, text) => seen.push(text));
  c.on('server', (m) => m.type === 'message' && seen.push(`${m.from}: ${m.text}`));
  let second: Awaited<ReturnType<typeof startServer>> | undefined;
  let host: RawRich | undefined;
  try {
    await c.connect();
    await first.server.close('the host closed the room');
    await until(() => c.waitingForHost || undefined, 'the wait');
    second = await startServer({ port: first.port });
    // said in the new room before the member is back (its next try is 400 ms away): it comes in the replay
    host = await RawRich.join(second.port, 'host');
    host.send({ type: 'send', id: 'h1', room: 'general', text: 'here again' });
    await host.next('ack');
    await until(() => (c.status === 'connected' && c.rooms.get('general')?.synced ? true : undefined), 'back in the new room', 8000);
    assert.deepEqual(seen, ['#general was started anew by its host: what was said before is not in it', 'host: here again']);
  } finally {
    host?.close();
    await c.leave();
    await second?.server.close();
  }
});

test('a room called __proto__ resumes like any other (its resume point was dropped: it was replayed as to a newcomer, without the joins and leaves meanwhile)', async () => {
  const { server, port } = await startServer();
  const proxy = await CuttableProxy.start(port);
  const c = new ChatClient({ host: '127.0.0.1', port: proxy.port, nick: 'c', rooms: ['__proto__'], backoffMinMs: 20, backoffMaxMs: 100 });
  const synced: boolean[] = [];
  c.on('server', (m) => {
    if (m.type === 'synced' && m.room === '__proto__') synced.push(m.gap);
  });
  try {
    await c.connect();
    const other = await RawRich.join(port, 'other', { rooms: ['__proto__'] });
    other.send({ type: 'send', id: '1', room: '__proto__', text: 'before' });
    await until(() => texts(c, '__proto__').length === 1 || undefined, 'the first message');
    proxy.cut();
    const third = await RawRich.join(port, 'third', { rooms: ['__proto__'] });
    other.send({ type: 'send', id: '2', room: '__proto__', text: 'while away' });
    await until(() => synced.length === 2 || undefined, 'the resume');
    await until(() => texts(c, '__proto__').length === 2 || undefined, 'the missed message');
    assert.deepEqual(synced, [false, false], 'no gap');
    assert.deepEqual(texts(c, '__proto__'), ['before', 'while away']);
    // a resume gets every event it missed; a newcomer's replay leaves out the joins before its own
    assert.ok(c.rooms.get('__proto__')?.events.some((e) => e.type === 'join' && e.nick === 'third'), 'the join while away');
    other.close();
    third.close();
  } finally {
    await c.leave();
    await proxy.close();
    await server.close();
  }
});

test('what the replay after a reconnect brings is news (missed meanwhile: a mention notifies); the history of a first entry is not', async () => {
  const { server, port } = await startServer();
  const proxy = await CuttableProxy.start(port);
  const alice = await RawRich.join(port, 'alice');
  alice.send({ type: 'send', id: 'old', room: 'general', text: 'said before bob came' });
  await alice.next('ack');
  const bob = new ChatClient({ host: '127.0.0.1', port: proxy.port, nick: 'bob', backoffMinMs: 20, backoffMaxMs: 100 });
  const heard: string[] = [];
  bob.on('server', (m) => {
    if (m.type === 'message') heard.push(`${m.text}: ${bob.isNews(m.room) ? 'news' : 'history'}`);
  });
  try {
    await bob.connect();
    await until(() => bob.rooms.get('general')?.synced || undefined, 'bob in');
    alice.send({ type: 'send', id: 'live', room: 'general', text: 'bob: live' });
    await until(() => heard.length === 2 || undefined, 'the live message');
    assert.equal(proxy.freeze(), 1); // bob's network goes silent: what alice says now does not reach him
    alice.send({ type: 'send', id: 'missed', room: 'general', text: 'bob: while you were away' });
    await alice.next('ack', (m) => m.type === 'ack' && m.id === 'missed');
    proxy.cut();
    await until(() => heard.length === 3 || undefined, 'the missed message, after the resume', 10_000);
    assert.deepEqual(heard, ['said before bob came: history', 'bob: live: news', 'bob: while you were away: news']);
  } finally {
    bob.leave();
    alice.close();
    await proxy.close();
    await server.close();
  }
});

test('a long paste cut off by a drop, default limits: every message reaches the room once, in order (refused for the rate after the reconnect, some went in after newer ones)', async () => {
  const { server, port } = await startServer();
  const proxy = await CuttableProxy.start(port);
  const observer = await RawRich.join(port, 'observer');
  const c = new ChatClient({ host: '127.0.0.1', port: proxy.port, nick: 'alice', backoffMinMs: 20, backoffMaxMs: 50 });
  try {
    await c.connect();
    const n = 60;
    const body = 'é'.repeat(16_000); // (a long paste in a non-Latin script: 32 KB a line)
    for (let i = 0; i < n; i++) c.send('general', `#${i} ${body}`);
    const seen = () => observer.received.flatMap((m) => (m.type === 'message' ? [Number(/^#(\d+)/.exec(m.text)?.[1])] : []));
    await until(() => seen().length >= 30 || undefined, '30 in the room', 15_000);
    proxy.cut();
    await until(() => (c.unacknowledged === 0 && seen().length >= n ? true : undefined), 'every one acknowledged and in the room', 60_000);
    assert.deepEqual(seen(), Array.from({ length: n }, (_, i) => i));
  } finally {
    await c.leave();
    observer.close();
    await proxy.close();
    await server.close();
  }
});

test('a message that went out before a drop is still said to maybe have reached the room while it waits to go again (it was said not sent)', async () => {
  const { server, port } = await startServer();
  const proxy = await CuttableProxy.start(port);
  const c = new ChatClient({ host: '127.0.0.1', port: proxy.port, nick: 'alice', backoffMinMs: 2000, backoffMaxMs: 2000 });
  try {
    await c.connect();
    proxy.freeze(); // (the answer will not come)
    c.send('general', 'deploy is done');
    await new Promise((r) => setTimeout(r, 50));
    const dropped = dropSeen(c);
    proxy.cut();
    await dropped;
    // (it went out on the connection that dropped: the room may have it)
    assert.deepEqual(c.unsent, [{ room: 'general', line: 'deploy is done', maybeSent: true, beforeDrop: true }]);
  } finally {
    await c.leave();
    await proxy.close();
    await server.close();
  }
});

test("the members after a resume and a newcomer's are the room's: the replay's rename, then a newcomer of the old name, is not applied again to a list that has both", async () => {
  const { server, port } = await startServer();
  const proxy = await CuttableProxy.start(port);
  const bob = await RawRich.join(port, 'bob');
  const c = new ChatClient({ host: '127.0.0.1', port: proxy.port, nick: 'alice', backoffMinMs: 300, backoffMaxMs: 300 });
  const carol = new ChatClient({ host: '127.0.0.1', port, nick: 'carol' });
  let bob2: RawRich | undefined;
  try {
    await c.connect();
    const dropped = dropSeen(c);
    proxy.cut();
    await dropped;
    bob.send({ type: 'nick', id: 'n1', nick: 'robert' });
    await bob.next('you');
    bob2 = await RawRich.join(port, 'bob');
    await until(() => (c.connected && c.rooms.get('general')?.synced ? true : undefined), 'back and synced');
    await carol.connect();
    await until(() => (carol.rooms.get('general')?.synced ? true : undefined), 'carol synced');
    const names = (x: ChatClient) => x.rooms.get('general')!.members.map((m) => m.nick).sort();
    await until(() => (names(c).includes('carol') ? true : undefined), "carol's join reached alice");
    assert.deepEqual(names(c), ['alice', 'bob', 'carol', 'robert']);
    assert.deepEqual(names(carol), ['alice', 'bob', 'carol', 'robert']);
  } finally {
    await c.leave();
    await carol.leave();
    bob.close();
    bob2?.close();
    await proxy.close();
    await server.close();
  }
});

test("a /part or a /join whose answer a drop lost is not undone by the reconnect, and a rename asked while away goes after what was typed before it", async () => {
  const { server, port } = await startServer({ holdSeatMs: 0 });
  const proxy = await CuttableProxy.start(port);
  const observer = await RawRich.join(port, 'observer', { rooms: ['general', 'dev', 'ops'] });
  const c = new ChatClient({ host: '127.0.0.1', port: proxy.port, nick: 'alice', rooms: ['general', 'dev'], backoffMinMs: 100, backoffMaxMs: 100 });
  try {
    await c.connect();
    proxy.deafen();
    c.submit('/part #dev', 'dev');
    c.submit('/join #ops', 'general');
    await until(() => (observer.received.some((m) => m.type === 'leave' && m.room === 'dev') && observer.received.some((m) => m.type === 'join' && m.room === 'ops' && m.nick === 'alice') ? true : undefined), 'the part and the join done');
    const dropped = dropSeen(c);
    proxy.cut();
    await dropped;
    // typed while away, then a rename asked once back (what Change Nickname does while the room is away)
    c.send('general', 'typed before the rename');
    c.once('status', (s) => s === 'connected' && void c.ask({ type: 'nick', nick: 'alice2' }));
    await until(() => (c.connected && c.nick === 'alice2' && c.unacknowledged === 0 ? true : undefined), 'back, renamed, sent');
    assert.deepEqual([...c.rooms.keys()].sort(), ['general', 'ops']);
    await until(() => (observer.received.some((m) => m.type === 'nick' && m.room === 'general') ? true : undefined), 'the rename seen');
    const dev = observer.received.filter((m) => (m.type === 'join' || m.type === 'leave') && m.room === 'dev' && m.nick === 'alice').map((m) => m.type);
    assert.deepEqual(dev, ['join', 'leave'], '#dev: alice came, left, and did not come back');
    const general = observer.received.flatMap((m) => (m.type === 'message' && m.room === 'general' ? [`${m.from}: ${m.text}`] : m.type === 'nick' && m.room === 'general' ? [`${m.from} -> ${m.to}`] : []));
    assert.deepEqual(general, ['alice: typed before the rename', 'alice -> alice2']);
  } finally {
    await c.leave();
    observer.close();
    await proxy.close();
    await server.close();
  }
});

test('a rename whose answer a drop lost is not undone by the reconnect: the client has its new name, and the room heard no leave or join', async () => {
  const { server, port } = await startServer();
  const proxy = await CuttableProxy.start(port);
  const observer = await RawRich.join(port, 'observer');
  const c = new ChatClient({ host: '127.0.0.1', port: proxy.port, nick: 'alice', backoffMinMs: 100, backoffMaxMs: 100 });
  try {
    await c.connect();
    proxy.deafen();
    c.submit('/nick alice2', 'general');
    await until(() => (observer.received.some((m) => m.type === 'nick' && m.to === 'alice2') ? true : undefined), 'the rename done');
    const dropped = dropSeen(c);
    proxy.cut();
    await dropped;
    await until(() => (c.connected ? true : undefined), 'back');
    assert.equal(c.nick, 'alice2');
    assert.deepEqual(c.rooms.get('general')?.members.map((m) => m.nick).sort(), ['alice2', 'observer']);
    c.send('general', 'renamed');
    await observer.next('message', (m) => m.type === 'message' && m.text === 'renamed');
    const presence = observer.received.flatMap((m) => (m.type === 'join' || m.type === 'leave' ? [`${m.type} ${m.nick}`] : m.type === 'nick' ? [`${m.from} -> ${m.to}`] : []));
    assert.deepEqual(presence, ['join observer', 'join alice', 'alice -> alice2']);
    assert.equal(observer.received.filter((m) => m.type === 'message').at(-1)?.from, 'alice2');
  } finally {
    await c.leave();
    observer.close();
    await proxy.close();
    await server.close();
  }
});

test('requests a drop left unanswered go again once back: one the server did is not done twice (a reaction stays on), one it never got is done, and an ask() gets its answer', async () => {
  const { server, port } = await startServer();
  const proxy = await CuttableProxy.start(port);
  const observer = await RawRich.join(port, 'observer');
  const c = new ChatClient({ host: '127.0.0.1', port: proxy.port, nick: 'alice', ownerKey: server.ownerKey, backoffMinMs: 100, backoffMaxMs: 100 });
  try {
    await c.connect();
    observer.send({ type: 'send', id: 'm', room: 'general', text: 'react to me' });
    const target = (await observer.next('message', (m) => m.type === 'message' && m.text === 'react to me')).seq;
    await until(() => (c.rooms.get('general')?.events.some((e) => e.seq === target) ? true : undefined), 'the message seen');
    proxy.deafen(); // what the server answers from now on is lost
    assert.ok(c.request({ type: 'react', room: 'general', target, emoji: '👍' }));
    const renamed = c.ask({ type: 'nick', nick: 'alice2' });
    await until(() => (observer.received.some((m) => m.type === 'nick' && m.to === 'alice2') && observer.received.some((m) => m.type === 'react') ? true : undefined), 'both done');
    proxy.freeze(); // and now what the client sends is lost too
    c.submit('/topic set while the network was gone', 'general');
    const dropped = dropSeen(c);
    proxy.cut();
    await dropped;
    assert.deepEqual(await renamed, { ok: true }, "the rename's ask() is answered by its resend's ack");
    await until(() => (observer.received.some((m) => m.type === 'topic') ? true : undefined), 'the topic set after the reconnect');
    assert.equal(c.nick, 'alice2');
    c.send('general', 'done');
    await observer.next('message', (m) => m.type === 'message' && m.text === 'done');
    const events = observer.received.flatMap((m) => (m.type === 'react' ? [`react ${m.emoji} ${m.on}`] : m.type === 'nick' ? [`${m.from} -> ${m.to}`] : m.type === 'topic' ? [`topic ${m.topic}`] : []));
    assert.deepEqual(events, ['react 👍 true', 'alice -> alice2', 'topic set while the network was gone'], 'each once');
    await until(() => (c.rooms.get('general')?.topic === 'set while the network was gone' ? true : undefined), "the client's copy has the topic");
  } finally {
    await c.leave();
    observer.close();
    await proxy.close();
    await server.close();
  }
});

test('two renames a drop left unanswered: only the last goes again (both done again flipped the name back and forth for everyone)', async () => {
  await throughProxy({ rooms: ['general'] }, async ({ proxy, observer, c }) => {
    proxy.deafen(); // what the server answers from now on is lost
    const first = c.ask({ type: 'nick', nick: 'ally' });
    const second = c.ask({ type: 'nick', nick: 'al2' });
    await until(() => (observer.received.some((m) => m.type === 'nick' && m.to === 'al2') ? true : undefined), 'both done');
    await cutOff(c, proxy);
    assert.deepEqual([await first, await second], [{ ok: true }, { ok: true }]);
    c.send('general', 'done');
    await observer.next('message', (m) => m.type === 'message' && m.text === 'done');
    assert.equal(c.nick, 'al2');
    const renames = observer.received.flatMap((m) => (m.type === 'nick' ? [`${m.from} -> ${m.to}`] : []));
    assert.deepEqual(renames, ['ada -> ally', 'ally -> al2'], 'each once');
  });
});

test('a client that left every room stays in none through a drop (it came back in #general, announced to the room)', async () => {
  await throughProxy({ rooms: ['general'] }, async ({ proxy, observer, c }) => {
    assert.deepEqual(await c.ask({ type: 'part', room: 'general' }), { ok: true });
    await until(() => (c.rooms.size === 0 ? true : undefined), 'out of every room');
    await cutOff(c, proxy);
    await until(() => (c.status === 'connected' ? true : undefined), 'back', 10_000);
    // (a message of the observer's after the reconnect: had ada been put in #general, its join came before it)
    observer.send({ type: 'send', id: 'after', room: 'general', text: 'after the reconnect' });
    await observer.next('message', (m) => m.type === 'message' && m.text === 'after the reconnect');
    assert.deepEqual([...c.rooms.keys()], []);
    assert.deepEqual(observer.received.filter((m) => m.type === 'join' && m.nick === 'ada').length, 1, 'its first join only');
  });
});

/**
 * A room whose client `c` (ada, its owner with `owner`) goes through a proxy that can cut it off, and an `observer`
 * in `rooms` that sees what reaches the room; all of it closed after `body`.
 */
async function throughProxy(
  o: { server?: Parameters<typeof startServer>[0]; client?: Partial<ConstructorParameters<typeof ChatClient>[0]>; rooms?: string[]; owner?: boolean },
  body: (s: { proxy: CuttableProxy; observer: RawRich; c: ChatClient }) => Promise<void>,
): Promise<void> {
  const { server, port } = await startServer(o.server);
  const proxy = await CuttableProxy.start(port);
  const rooms = o.rooms ?? ['general', 'dev'];
  const observer = await RawRich.join(port, 'observer', { rooms });
  const c = new ChatClient({ host: '127.0.0.1', port: proxy.port, nick: 'ada', rooms, backoffMinMs: 50, backoffMaxMs: 100, ...(o.owner ? { ownerKey: server.ownerKey } : {}), ...o.client });
  try {
    await c.connect();
    await body({ proxy, observer, c });
  } finally {
    await c.leave();
    observer.close();
    await proxy.close();
    await server.close();
  }
}

/** Cuts `c` off through `proxy`; resolves once it saw the drop. */
async function cutOff(c: ChatClient, proxy: CuttableProxy): Promise<void> {
  const dropped = dropSeen(c);
  proxy.cut();
  await dropped;
}

test("an ask() whose answer a drop lost waits for the reconnect however long it takes: its timeout counts only time connected, and the resend's answer is the one it gets", async () => {
  await throughProxy({ client: { backoffMinMs: 20, backoffMaxMs: 40 }, rooms: ['general'] }, async ({ proxy, observer, c }) => {
    c.send('general', 'a typo');
    const target = (await observer.next('message', (m) => m.type === 'message' && m.text === 'a typo')).seq;
    await until(() => (c.unacknowledged === 0 ? true : undefined), 'the message acknowledged');
    proxy.deafen();
    // (time connected while it waits: from its send to the cut, then from the reconnect to the resend's answer; at
    // 200 ms a busy machine took longer than that over the first part alone)
    const timeoutMs = 1500;
    const edited = c.ask({ type: 'edit', room: 'general', target, text: 'no typo' }, timeoutMs);
    await observer.next('edit');
    proxy.down = true;
    await cutOff(c, proxy);
    // away for twice the ask's timeout
    await new Promise((r) => setTimeout(r, 2 * timeoutMs));
    await until(() => (proxy.refused >= 3 ? true : undefined), 'a few reconnects refused');
    proxy.down = false;
    assert.equal((await edited)?.ok, true, 'answered by the ack of its resend, not timed out while away');
    assert.equal(observer.received.filter((m) => m.type === 'edit').length, 1, 'edited once');
  });
});

test('a /delete typed right after a message, both cut off by a drop: once back, the delete goes after that message and deletes it, not the one before', async () => {
  const { server, port } = await startServer();
  const proxy = await CuttableProxy.start(port);
  const observer = await RawRich.join(port, 'observer');
  const c = new ChatClient({ host: '127.0.0.1', port: proxy.port, nick: 'alice', backoffMinMs: 100, backoffMaxMs: 100 });
  try {
    await c.connect();
    c.send('general', 'an earlier message');
    await until(() => (c.unacknowledged === 0 ? true : undefined), 'the earlier one in');
    proxy.freeze();
    c.send('general', 'oops, the password is hunter2');
    c.submit('/delete', 'general');
    const dropped = dropSeen(c);
    proxy.cut();
    await dropped;
    const del = await observer.next('delete', undefined, 8000);
    const secret = observer.received.find((m) => m.type === 'message' && m.text.includes('hunter2'));
    assert.ok(secret && secret.type === 'message');
    assert.equal(del.target, secret.seq, 'the message typed before it is the one deleted');
  } finally {
    await c.leave();
    observer.close();
    await proxy.close();
    await server.close();
  }
});

test('requests a drop left unanswered are said when they cannot go again: the room no longer knows the session', async () => {
  const first = await startServer();
  const proxy = await CuttableProxy.start(first.port);
  const observer = await RawRich.join(first.port, 'observer');
  const c = new ChatClient({ host: '127.0.0.1', port: proxy.port, nick: 'alice', ownerKey: first.server.ownerKey, backoffMinMs: 100, backoffMaxMs: 100 });
  const notices: string[] = [];
  c.on('notice', (_level, text) => notices.push(text));
  let second: Awaited<ReturnType<typeof startServer>> | undefined;
  try {
    await c.connect();
    proxy.deafen();
    const asked = c.ask({ type: 'topic', room: 'general', topic: 'one' });
    c.request({ type: 'topic', room: 'general', topic: 'two' });
    await observer.next('topic', (m) => m.type === 'topic' && m.topic === 'two');
    // the room goes (its goodbye lost too) and is hosted anew on its port, with no memory of the session
    const dropped = dropSeen(c);
    await first.server.close();
    await dropped;
    second = await startServer({ port: first.port });
    await until(() => (c.connected ? true : undefined), 'in the new room');
    assert.equal((await asked)?.ok, false, "the ask() is answered: it was not sent again");
    assert.match(notices.join('\n'), /a command sent before the connection dropped may not have been done: the room no longer knew this connection's session/);
    c.send('general', 'hello again');
    await until(() => (c.unacknowledged === 0 ? true : undefined), 'a message through');
    assert.ok(!['one', 'two'].includes(c.rooms.get('general')?.topic ?? ''), 'nothing was sent again to the new room');
  } finally {
    await c.leave();
    observer.close();
    await proxy.close();
    await second?.server.close();
  }
});

test("what a client still had on its way goes out from the next client of its session (a window reload): once, the one the room had already acknowledged not again", async () => {
  const { server, port } = await startServer();
  const proxy = await CuttableProxy.start(port);
  const observer = await RawRich.join(port, 'observer');
  const before = new ChatClient({ host: '127.0.0.1', port: proxy.port, nick: 'alice', backoffMinMs: 60_000, backoffMaxMs: 60_000 });
  let after: ChatClient | undefined;
  try {
    await before.connect();
    proxy.deafen(); // (the room gets it, its acknowledgement is lost)
    before.send('general', 'reached the room');
    await until(() => (observer.received.some((m) => m.type === 'message' && m.text === 'reached the room') ? true : undefined), 'the first in the room');
    const dropped = dropSeen(before);
    proxy.cut();
    await dropped;
    before.send('general', 'typed while away');
    const queued = before.queued;
    assert.deepEqual(queued.map((m) => ('text' in m ? m.text : m.type)), ['reached the room', 'typed while away']);
    const session = before.sessionToken;
    await before.leave(true);
    after = new ChatClient({ host: '127.0.0.1', port, nick: 'alice', ...(session ? { session } : {}), queued });
    assert.deepEqual(after.unsent.map((u) => [u.line, u.maybeSent, u.beforeDrop]), [['reached the room', true, true], ['typed while away', true, true]]);
    await after.connect();
    await until(() => (after!.unacknowledged === 0 ? true : undefined), 'both acknowledged');
    observer.send({ type: 'ping' });
    await observer.next('pong');
    assert.deepEqual(observer.received.flatMap((m) => (m.type === 'message' ? [m.text] : [])), ['reached the room', 'typed while away']);
  } finally {
    await after?.leave();
    observer.close();
    await proxy.close();
    await server.close();
  }
});

test('a /join of a room it is in, then a /part of it, then a drop: the part stays; and a /part that never reached the server is asked again after the reconnect', async () => {
  const { server, port } = await startServer();
  const proxy = await CuttableProxy.start(port);
  const observer = await RawRich.join(port, 'observer', { rooms: ['general', 'dev', 'ops'] });
  const c = new ChatClient({ host: '127.0.0.1', port: proxy.port, nick: 'ada', rooms: ['general', 'dev', 'ops'], backoffMinMs: 100, backoffMaxMs: 100 });
  try {
    await c.connect();
    assert.equal((await c.ask({ type: 'join', room: 'dev' }))?.ok, true, 'in it already: acknowledged');
    assert.equal((await c.ask({ type: 'part', room: 'dev' }))?.ok, true);
    proxy.freeze(); // (the next request goes nowhere)
    c.submit('/part #ops', 'ops');
    const dropped = dropSeen(c);
    proxy.cut();
    await dropped;
    await until(() => (c.connected && !c.rooms.has('ops') ? true : undefined), 'back, and out of #ops', 10_000);
    assert.deepEqual([...c.rooms.keys()], ['general']);
    observer.send({ type: 'ping' });
    await observer.next('pong');
    const dev = observer.received.filter((m) => (m.type === 'join' || m.type === 'leave') && m.room === 'dev' && m.nick === 'ada').map((m) => m.type);
    assert.deepEqual(dev, ['join', 'leave']);
  } finally {
    await c.leave();
    observer.close();
    await proxy.close();
    await server.close();
  }
});

test('a /topic and a message for a room, then a /part of it, all lost in a drop: once back they go in the order typed (the part last), so none finds the room left', async () => {
  await throughProxy({ owner: true, client: { backoffMinMs: 100 } }, async ({ proxy, observer, c }) => {
    const errors: string[] = [];
    c.on('notice', (level, text) => level === 'error' && errors.push(text));
    proxy.freeze(); // (what it sends from now on goes nowhere)
    c.submit('/topic release day', 'dev');
    c.submit('last words in #dev', 'dev');
    c.submit('/part #dev', 'dev');
    await cutOff(c, proxy);
    await until(() => (c.connected && !c.rooms.has('dev') && c.unacknowledged === 0 ? true : undefined), 'back, the message in, out of #dev', 10_000);
    observer.send({ type: 'ping' });
    await observer.next('pong');
    const dev = observer.received.flatMap((m) => ((m.type === 'topic' || m.type === 'message' || m.type === 'leave') && m.room === 'dev' ? [m.type] : []));
    assert.deepEqual(dev, ['topic', 'message', 'leave']);
    assert.deepEqual(errors, []);
  });
});

test("a /part's ask() whose answer a drop lost is answered once back, by the part done: the room left out of the hello, or the part sent again after what was typed before it", async () => {
  await throughProxy({ rooms: ['general', 'dev', 'ops'], client: { backoffMinMs: 100 } }, async ({ proxy, observer, c }) => {
    proxy.freeze(); // (what it sends from now on goes nowhere)
    const ops = c.ask({ type: 'part', room: 'ops' });
    c.submit('last words in #dev', 'dev');
    const dev = c.ask({ type: 'part', room: 'dev' });
    await cutOff(c, proxy);
    assert.deepEqual(await ops, { ok: true });
    assert.deepEqual(await dev, { ok: true });
    assert.deepEqual([...c.rooms.keys()], ['general']);
    observer.send({ type: 'ping' });
    await observer.next('pong');
    const seen = observer.received.flatMap((m) => ((m.type === 'message' || (m.type === 'leave' && m.nick === 'ada')) && m.room !== 'general' ? [`${m.type} ${m.room}`] : []));
    assert.deepEqual(seen, ['leave ops', 'message dev', 'leave dev']);
  });
});

test('a /part lost in a drop, waiting once back for a message typed before it, is not asked again if the room is joined meanwhile', async () => {
  await throughProxy({ client: { backoffMinMs: 100 } }, async ({ proxy, observer, c }) => {
    proxy.freeze();
    c.submit('before the part', 'general');
    c.submit('/part #dev', 'dev');
    await cutOff(c, proxy);
    // back: the part waits for the message's ack, and the user joins #dev again first
    c.once('status', (s) => s === 'connected' && c.submit('/join #dev', 'general'));
    await until(() => (c.connected && c.unacknowledged === 0 ? true : undefined), 'back, the message in', 10_000);
    c.send('dev', 'still here');
    await observer.next('message', (m) => m.type === 'message' && m.text === 'still here');
    assert.ok(c.rooms.has('dev'));
    assert.equal(observer.received.filter((m) => m.type === 'leave' && m.room === 'dev').length, 0, 'never left #dev');
  });
});

test('away longer than its seat is held: what was typed for a room before /part of it still goes there once back, then the part', async () => {
  await throughProxy({ server: { holdSeatMs: 300 }, owner: true }, async ({ proxy, observer, c }) => {
    const errors: string[] = [];
    c.on('notice', (level, text) => level === 'error' && errors.push(text));
    proxy.freeze();
    c.submit('/topic release day', 'dev');
    c.submit('last words in #dev', 'dev');
    c.submit('/part #dev', 'dev');
    proxy.down = true;
    await cutOff(c, proxy);
    await observer.next('leave', (m) => m.type === 'leave' && m.room === 'dev' && m.nick === 'ada'); // (its seat let go)
    proxy.down = false;
    await until(() => (c.connected && !c.rooms.has('dev') && c.unacknowledged === 0 ? true : undefined), 'back, the message in, out of #dev', 10_000);
    observer.send({ type: 'ping' });
    await observer.next('pong');
    const dev = observer.received.flatMap((m) => ((m.type === 'topic' || m.type === 'message' || ((m.type === 'leave' || m.type === 'join') && m.nick === 'ada')) && m.room === 'dev' ? [m.type] : []));
    assert.deepEqual(dev, ['join', 'leave', 'join', 'topic', 'message', 'leave'], 'in, let go, back, then what was typed, in order');
    assert.deepEqual(errors, []);
  });
});

test('a /part then a /join of the same room, both lost in a drop: once back the client is in the room (the join was the last word)', async () => {
  await throughProxy({}, async ({ proxy, observer, c }) => {
    proxy.freeze();
    c.submit('/part #dev', 'dev');
    c.submit('/join #dev', 'general');
    await cutOff(c, proxy);
    await until(() => (c.connected ? true : undefined), 'back');
    c.send('dev', 'still in #dev');
    await observer.next('message', (m) => m.type === 'message' && m.text === 'still in #dev');
    assert.ok(c.rooms.has('dev'));
    assert.equal(observer.received.filter((m) => m.type === 'leave' && m.room === 'dev').length, 0, 'never left #dev');
  });
});

test('a client keeps at most MAX_QUEUED messages waiting for the room: past it a message is said not sent, and commands still work', () => {
  const c = new ChatClient({ host: '127.0.0.1', port: 9, nick: 'piper' }); // (never connected: everything waits)
  for (let i = 0; i < MAX_QUEUED; i++) assert.notEqual(c.send('general', `line ${i}`), undefined);
  assert.equal(c.send('general', 'one more'), undefined);
  assert.equal(c.dm('bob', 'one more'), undefined);
  assert.deepEqual(c.submit('one more', 'general'), { kind: 'error', message: QUEUE_FULL });
  assert.deepEqual(c.submit('/me waves', 'general'), { kind: 'error', message: QUEUE_FULL });
  assert.equal(c.submit('/help', 'general').kind, 'local');
  assert.equal(c.unacknowledged, MAX_QUEUED);
});

test('a message whose acknowledgement a drop lost, sent again after the session expired (away longer than a session lives), reaches the room once', async () => {
  const server = { holdSeatMs: 0, sessionTtlMs: 300, limits: { idleMs: 1000 } };
  await throughProxy({ server, client: { backoffMinMs: 20, backoffMaxMs: 40 }, rooms: ['general'] }, async ({ proxy, observer, c }) => {
    proxy.deafen();
    c.send('general', 'see you after lunch');
    await observer.next('message', (m) => m.type === 'message' && m.text === 'see you after lunch');
    proxy.down = true;
    await cutOff(c, proxy);
    await new Promise((r) => setTimeout(r, 1200)); // (the server's tick, every 250 ms here, ends the session)
    proxy.down = false;
    await until(() => (c.unacknowledged === 0 && c.connected ? true : undefined), 'back, and the message acknowledged');
    c.send('general', 'back');
    await observer.next('message', (m) => m.type === 'message' && m.text === 'back');
    assert.deepEqual(observer.messages(), ['ada: see you after lunch', 'ada: back']);
  });
});

test('a /edit refused for want of a message, its answer lost in a drop, does not rewrite the message typed after it once sent again', async () => {
  await throughProxy({ client: { backoffMinMs: 20, backoffMaxMs: 40 }, rooms: ['general'] }, async ({ proxy, observer, c }) => {
    proxy.deafen();
    const answer = c.ask({ type: 'edit', room: 'general', target: 0, text: 'EDITED' });
    c.send('general', 'typed after the edit');
    await observer.next('message', (m) => m.type === 'message' && m.text === 'typed after the edit');
    await cutOff(c, proxy);
    assert.equal((await answer)?.ok, false, 'refused, as it was the first time');
    c.send('general', 'back');
    await observer.next('message', (m) => m.type === 'message' && m.text === 'back');
    assert.equal(observer.received.some((m) => m.type === 'edit'), false, 'nothing edited');
  });
});

test('a message, a /edit of my last message and another message, all cut off by a drop: once back, the edit changes the first, not the one typed after it', async () => {
  await throughProxy({ client: { backoffMinMs: 20, backoffMaxMs: 40 }, rooms: ['general'] }, async ({ proxy, observer, c }) => {
    proxy.freeze();
    c.send('general', 'A');
    const edited = c.ask({ type: 'edit', room: 'general', target: 0, text: 'A, edited' });
    c.send('general', 'B');
    await cutOff(c, proxy);
    assert.equal((await edited)?.ok, true);
    await until(() => (c.unacknowledged === 0 ? true : undefined), 'all in');
    const edit = await observer.next('edit');
    const messages = observer.received.filter((m): m is MessageEvent => m.type === 'message');
    assert.deepEqual(messages.map((m) => m.text), ['A', 'B']);
    assert.equal(edit.target, messages[0]!.seq, 'A edited');
  });
});

test('refused /joins are not asked for again: after 30 of them, a /part of its last room and a drop, the client is back in no room (it left them all), and was refused nothing more', async () => {
  const { server, port } = await startServer({ limits: { maxRoomsPerClient: 1 }, holdSeatMs: 0 }); // (no held seat: the hello's rooms are what it gets)
  const proxy = await CuttableProxy.start(port);
  const c = new ChatClient({ host: '127.0.0.1', port: proxy.port, nick: 'ada', backoffMinMs: 10, backoffMaxMs: 50 });
  const refused: string[] = [];
  c.on('server', (m) => void (m.type === 'error' && m.code === 'too_many_rooms' && refused.push(m.message)));
  try {
    await c.connect();
    for (let i = 0; i < 30; i++) assert.equal((await c.ask({ type: 'join', room: `room${i}` }))?.ok, false, 'refused: one room each');
    assert.equal(refused.length, 30);
    assert.equal((await c.ask({ type: 'part', room: 'general' }))?.ok, true);
    assert.equal(c.rooms.size, 0);
    await cutOff(c, proxy);
    await until(() => c.connected || undefined, 'back');
    const who = await c.ask({ type: 'rooms', id: 'r' }); // (a round trip: the welcome's refusals, if any, came before it)
    assert.equal(who?.ok, true);
    assert.deepEqual([...c.rooms.keys()], [], 'in none of the rooms it was refused, nor in #general: it left them all');
    assert.equal(refused.length, 30, 'the hello asked for none of them again');
  } finally {
    await c.leave();
    await proxy.close();
    await server.close();
  }
});
