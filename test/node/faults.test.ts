// Faults: 10,000 messages from several senders while random clients' connections are cut at random moments
// (seeded; replay with FAULTS_SEED=<seed> node scripts/test.mjs faults). Nobody is restarted by hand: the
// ChatClient reconnects, resends what was not acknowledged and resumes where it left off. At the end every
// client holds every message exactly once, in the same order.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ChatClient } from '../../src/node/chatClient';
import type { MessageEvent } from '../../src/protocol/messages';
import { CuttableProxy, mulberry32, sleep, startServer, testSeed, until } from './helpers';

const SEED = testSeed('FAULTS_SEED', 'faults');

const messagesOf = (c: ChatClient) => (c.rooms.get('general')?.events ?? []).filter((e): e is MessageEvent => e.type === 'message');

test('10,000 messages from 4 senders, 3 receivers, random connections cut: every client holds every message once, in order', async () => {
  const SENDERS = 4;
  const RECEIVERS = 3;
  const PER_SENDER = 2500;
  const TOTAL = SENDERS * PER_SENDER;
  const rng = mulberry32(SEED);
  const internal: string[] = [];
  const { server, port } = await startServer({
    log: (line) => void (/internal error/i.test(line) && internal.push(line.slice(0, 600))),
    limits: {
      rateBurst: 1_000_000,
      ratePerSecond: 1_000_000,
      floodDisconnectAfter: 1_000_000,
      // the room keeps the whole run, so a resume after a cut never finds a gap
      history: TOTAL + 2000,
      plainDetectMs: 1000,
    },
  });
  const proxies: CuttableProxy[] = [];
  const clients: ChatClient[] = [];
  const cutsOf = new Map<ChatClient, number>();
  const reconnects = new Map<ChatClient, number>();
  let cutting = true;
  try {
    for (let i = 0; i < SENDERS + RECEIVERS; i++) {
      const proxy = await CuttableProxy.start(port);
      proxies.push(proxy);
      const c = new ChatClient({
        host: '127.0.0.1',
        port: proxy.port,
        nick: i < SENDERS ? `sender${i}` : `receiver${i - SENDERS}`,
        backoffMinMs: 10,
        backoffMaxMs: 200,
        keepPerRoom: TOTAL * 2,
      });
      c.on('status', (s) => s === 'reconnecting' && reconnects.set(c, (reconnects.get(c) ?? 0) + 1));
      clients.push(c);
      cutsOf.set(c, 0);
      await c.connect();
    }
    const senders = clients.slice(0, SENDERS);

    /** Drops client k's connection (both ways, as a dead network does), if it has one. */
    const cut = (k: number) => {
      if (proxies[k]!.cut() > 0) cutsOf.set(clients[k]!, cutsOf.get(clients[k]!)! + 1);
    };
    // a cutter on its own clock, at random moments
    const cutter = (async () => {
      for (let n = 0; cutting && n < 400; n++) {
        await sleep(10 + Math.floor(rng() * 120));
        if (cutting) cut(Math.floor(rng() * clients.length));
      }
    })();

    // the senders: each queues its messages in bursts, as someone typing fast and pasting would; after about
    // one burst in four, some client's connection is cut too (so the number of cuts does not depend on speed)
    const sending = senders.map(async (c, k) => {
      const r = mulberry32(SEED + 1 + k);
      for (let i = 0; i < PER_SENDER; ) {
        const burst = 1 + Math.floor(r() * 100);
        for (const end = Math.min(PER_SENDER, i + burst); i < end; i++) c.send('general', `s${k} ${i}`);
        if (r() < 0.25) cut(Math.floor(r() * clients.length));
        await sleep(Math.floor(r() * 20));
      }
    });
    await Promise.all(sending);
    await until(() => senders.every((c) => c.unacknowledged === 0) || undefined, 'every message acknowledged', 60_000);
    cutting = false;
    await cutter;
    await until(() => clients.every((c) => c.connected && messagesOf(c).length >= TOTAL) || undefined, 'every client to hold every message', 60_000).catch((e: unknown) => {
      throw new Error(`${String(e)}; have ${clients.map((c) => `${c.nick}:${messagesOf(c).length}/${c.status}`).join(' ')}`);
    });

    const totalCuts = [...cutsOf.values()].reduce((a, b) => a + b, 0);
    console.log(`# faults: ${totalCuts} cuts (${clients.map((c) => `${c.nick} ${cutsOf.get(c)}`).join(', ')})`);
    assert.ok(totalCuts >= 20, `connections were cut (${totalCuts})`);
    assert.ok(senders.some((c) => (cutsOf.get(c) ?? 0) > 0) && clients.slice(SENDERS).some((c) => (cutsOf.get(c) ?? 0) > 0), 'senders and receivers were both cut');
    for (const c of clients) if ((cutsOf.get(c) ?? 0) > 0) assert.ok((reconnects.get(c) ?? 0) > 0, `${c.nick} reconnected by itself`);

    const reference = messagesOf(clients[0]!).map((m) => `${m.seq} ${m.from} ${m.text}`);
    for (const c of clients) {
      const msgs = messagesOf(c);
      assert.equal(msgs.length, TOTAL, `${c.nick} holds exactly ${TOTAL} messages`);
      assert.equal(new Set(msgs.map((m) => `${m.from} ${m.text}`)).size, TOTAL, `${c.nick}: no message twice`);
      assert.ok(msgs.every((m, i) => i === 0 || m.seq > msgs[i - 1]!.seq), `${c.nick}: in seq order`);
      for (let k = 0; k < SENDERS; k++) {
        const mine = msgs.filter((m) => m.from === `sender${k}`).map((m) => m.text);
        assert.deepEqual(mine, Array.from({ length: PER_SENDER }, (_, i) => `s${k} ${i}`), `${c.nick}: sender${k}'s messages, each once, in the order sent`);
      }
      assert.deepEqual(msgs.map((m) => `${m.seq} ${m.from} ${m.text}`), reference, `${c.nick} holds the same sequence as ${clients[0]!.nick}`);
    }
    for (const c of senders) assert.equal(c.unacknowledged, 0, `${c.nick} has nothing unacknowledged`);
    assert.deepEqual(internal, [], 'no internal error in the server\'s handlers');
  } finally {
    cutting = false;
    await Promise.all(clients.map((c) => c.leave()));
    await Promise.all(proxies.map((p) => p.close()));
    await server.close();
  }
});

test('frozen connections (no FIN, no RST): clients notice by ping, reconnect, take their session over; nothing lost or doubled', async () => {
  const SENDERS = 3;
  const RECEIVERS = 2;
  const PER_SENDER = 1000;
  const TOTAL = SENDERS * PER_SENDER;
  const rng = mulberry32(SEED ^ 0x5eed);
  let takeovers = 0;
  const internal: string[] = [];
  const { server, port } = await startServer({
    limits: { rateBurst: 1_000_000, ratePerSecond: 1_000_000, floodDisconnectAfter: 1_000_000, history: TOTAL + 2000, plainDetectMs: 1000 },
    log: (line) => {
      if (line.includes('resumed its session (old connection replaced)')) takeovers++;
      if (/internal error/i.test(line)) internal.push(line.slice(0, 600));
    },
  });
  const proxies: CuttableProxy[] = [];
  const clients: ChatClient[] = [];
  const frozen = new Map<ChatClient, number>();
  let freezing = true;
  try {
    for (let i = 0; i < SENDERS + RECEIVERS; i++) {
      const proxy = await CuttableProxy.start(port);
      proxies.push(proxy);
      // a short ping interval: a frozen connection is given up after 2 x 150 ms of silence
      const c = new ChatClient({ host: '127.0.0.1', port: proxy.port, nick: i < SENDERS ? `sender${i}` : `receiver${i - SENDERS}`, backoffMinMs: 10, backoffMaxMs: 200, keepPerRoom: TOTAL * 2, pingAfterMs: 150 });
      clients.push(c);
      frozen.set(c, 0);
      await c.connect();
    }
    const senders = clients.slice(0, SENDERS);
    const freeze = (k: number) => {
      if (proxies[k]!.freeze() > 0) frozen.set(clients[k]!, frozen.get(clients[k]!)! + 1);
    };
    const freezer = (async () => {
      for (let n = 0; freezing && n < 100; n++) {
        await sleep(100 + Math.floor(rng() * 400));
        if (freezing) freeze(Math.floor(rng() * clients.length));
      }
    })();
    await Promise.all(senders.map(async (c, k) => {
      const r = mulberry32((SEED ^ 0x5eed) + 1 + k);
      for (let i = 0; i < PER_SENDER; ) {
        const burst = 1 + Math.floor(r() * 40);
        for (const end = Math.min(PER_SENDER, i + burst); i < end; i++) c.send('general', `s${k} ${i}`);
        if (r() < 0.08) freeze(Math.floor(r() * clients.length));
        await sleep(5 + Math.floor(r() * 30));
      }
    }));
    await until(() => senders.every((c) => c.unacknowledged === 0) || undefined, 'every message acknowledged', 60_000);
    freezing = false;
    await freezer;
    await until(() => clients.every((c) => c.connected && messagesOf(c).length >= TOTAL) || undefined, 'every client to hold every message', 60_000).catch((e: unknown) => {
      throw new Error(`${String(e)}; have ${clients.map((c) => `${c.nick}:${messagesOf(c).length}/${c.status}`).join(' ')}`);
    });
    const total = [...frozen.values()].reduce((a, b) => a + b, 0);
    console.log(`# faults: ${total} freezes (${clients.map((c) => `${c.nick} ${frozen.get(c)}`).join(', ')}); ${takeovers} session takeovers`);
    assert.ok(total >= 3, `connections were frozen (${total})`);
    assert.ok(takeovers >= 1, 'a frozen client came back while the server still held its old connection, and took it over');
    assert.deepEqual(internal, [], 'no internal error in the server\'s handlers');
    const reference = messagesOf(clients[0]!).map((m) => `${m.seq} ${m.from} ${m.text}`);
    for (const c of clients) {
      const msgs = messagesOf(c);
      assert.equal(msgs.length, TOTAL, `${c.nick} holds exactly ${TOTAL} messages`);
      for (let k = 0; k < SENDERS; k++) {
        assert.deepEqual(msgs.filter((m) => m.from === `sender${k}`).map((m) => m.text), Array.from({ length: PER_SENDER }, (_, i) => `s${k} ${i}`), `${c.nick}: sender${k}'s messages once each, in order`);
      }
      assert.deepEqual(msgs.map((m) => `${m.seq} ${m.from} ${m.text}`), reference, `${c.nick} holds the same sequence`);
      assert.equal(c.nick, clients.indexOf(c) < SENDERS ? `sender${clients.indexOf(c)}` : `receiver${clients.indexOf(c) - SENDERS}`, 'the session kept its nickname');
    }
  } finally {
    freezing = false;
    await Promise.all(clients.map((c) => c.leave()));
    await Promise.all(proxies.map((p) => p.close()));
    await server.close();
  }
});

test('the host closes the room in the middle of a storm: close() finishes, every client is told, nothing is left open', async () => {
  const internal: string[] = [];
  const uncaught: unknown[] = [];
  const onErr = (e: unknown) => uncaught.push(e);
  process.on('uncaughtException', onErr);
  process.on('unhandledRejection', onErr);
  const { server, port } = await startServer({
    limits: { rateBurst: 1_000_000, ratePerSecond: 1_000_000, floodDisconnectAfter: 1_000_000, plainDetectMs: 1000 },
    log: (line) => void (/internal error/i.test(line) && internal.push(line.slice(0, 600))),
  });
  const clients: ChatClient[] = [];
  const raw: import('node:net').Socket[] = [];
  const rng = mulberry32(SEED ^ 0xc105e);
  let storming = true;
  try {
    for (let i = 0; i < 6; i++) {
      const c = new ChatClient({ host: '127.0.0.1', port, nick: `talker${i}`, backoffMinMs: 10, backoffMaxMs: 50 });
      clients.push(c);
      await c.connect();
    }
    const net = await import('node:net');
    // plain talkers and half-open handshakes alongside
    for (let i = 0; i < 10; i++) {
      const s = net.connect({ host: '127.0.0.1', port });
      s.on('error', () => {}).on('data', () => {});
      raw.push(s);
      if (i < 5) s.write(`plain${i}\n`);
      else s.write('{"type":"hello","v":1,'); // never finished
    }
    const storm = Promise.all(clients.map(async (c, k) => {
      for (let i = 0; storming && i < 100_000; i++) {
        c.send('general', `storm ${k} ${i}`);
        if (i % 20 === 19) await sleep(Math.floor(rng() * 5));
      }
    }));
    const plainStorm = (async () => {
      for (let i = 0; storming && i < 100_000; i++) {
        for (const s of raw.slice(0, 5)) if (!s.destroyed) s.write(`plain says ${i}\n`);
        await sleep(2);
      }
    })();
    await until(() => clients.every((c) => (c.rooms.get('general')?.events.length ?? 0) > 200) || undefined, 'the storm to be under way', 15_000);
    const closedWith = clients.map((c) => new Promise<string>((resolve) => c.on('status', (st, text) => st === 'closed' && resolve(text))));
    await server.close('the host closed the room');
    await Promise.all(closedWith.map((p, i) => Promise.race([p, sleep(10_000).then(() => `talker${i}: not closed`)]))).then((texts) => {
      assert.deepEqual(texts, clients.map(() => 'the host closed the room'), 'every rich client is told why');
    });
    await until(() => raw.every((s) => s.destroyed || s.readableEnded) || undefined, 'every raw connection to be closed by the server', 10_000);
    storming = false;
    await Promise.all([storm, plainStorm]);
    assert.deepEqual(uncaught.map(String), [], 'nothing thrown');
    assert.deepEqual(internal, [], 'no internal error in the server\'s handlers');
  } finally {
    storming = false;
    process.off('uncaughtException', onErr);
    process.off('unhandledRejection', onErr);
    for (const s of raw) s.destroy();
    await Promise.all(clients.map((c) => c.leave()));
    await server.close();
  }
});

test('after close() the server counts no connection (admitted peers are forgotten too)', async () => {
  const { server, port } = await startServer({ limits: { plainDetectMs: 1000 } });
  const clients = ['a', 'b', 'c'].map((nick) => new ChatClient({ host: '127.0.0.1', port, nick }));
  try {
    for (const c of clients) await c.connect();
    assert.equal(server.connections, 3);
    await server.close();
    await until(() => server.connections === 0 || undefined, () => `the count to drop after close (still ${server.connections})`);
  } finally {
    await Promise.all(clients.map((c) => c.leave()));
    await server.close();
  }
});
