// How often the server pings a member that answers, and what it costs in wakes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countTimersRun, ioUntil, RawRich, startServer } from './helpers';

test('a member that answers its pings is pinged once a minute, one wake each (a wake a round trip too soon put the next off 5 s, with a wake of its own)', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout', 'setInterval', 'Date'], now: Date.now() });
  const runs = countTimersRun(t);
  const { server, port } = await startServer(); // (idleMs 60 s)
  let c: RawRich | undefined;
  try {
    c = await RawRich.connect(port);
    const client = c;
    client.send({ type: 'hello', v: 1, nick: 'answers', client: 'test' });
    await ioUntil(() => client.received.some((m) => m.type === 'welcome'), 'welcome');
    const before = runs.runs;
    const pings: number[] = [];
    // five minutes, a second at a time; each ping answered at once (a round trip of a millisecond)
    for (let s = 0; s < 300; s++) {
      t.mock.timers.tick(1000);
      const seen = client.received.filter((m) => m.type === 'ping').length;
      await ioUntil(() => client.received.filter((m) => m.type === 'ping').length === seen, 'a settled second');
      for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
      const now = client.received.filter((m) => m.type === 'ping').length;
      if (now > pings.length) {
        pings.push(Date.now());
        t.mock.timers.tick(1);
        client.send({ type: 'pong' });
        for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
      }
    }
    const gaps = pings.slice(1).map((p, i) => Math.round((p - pings[i]!) / 1000));
    assert.ok(pings.length >= 4 && gaps.every((g) => g <= 61), `pings every ${JSON.stringify(gaps)} s`);
    assert.ok(runs.runs - before <= pings.length + 1, `${runs.runs - before} wakes for ${pings.length} pings`);
  } finally {
    c?.close();
    t.mock.timers.reset();
    await server.close();
  }
});

test('a host stopped longer than a member may be silent (a laptop asleep): when it wakes, each member is pinged, not cut; one that does not answer is cut a round later', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout', 'setInterval', 'Date'], now: Date.now() });
  const { server, port } = await startServer(); // (idleMs 60 s: cut after 120 s of silence)
  const clients: RawRich[] = [];
  try {
    const join = async (nick: string) => {
      const c = await RawRich.connect(port);
      clients.push(c);
      c.send({ type: 'hello', v: 1, nick, client: 'test' });
      await ioUntil(() => c.received.some((m) => m.type === 'welcome'), `${nick}'s welcome`);
      return c;
    };
    const answers = await join('answers');
    const silent = await join('silent');
    // five minutes pass with the host stopped: its wake comes that late, before it reads anything
    t.mock.timers.setTime(Date.now() + 300_000);
    t.mock.timers.tick(0);
    await ioUntil(() => answers.received.some((m) => m.type === 'ping') && silent.received.some((m) => m.type === 'ping'), 'a ping to each');
    assert.deepEqual([answers, silent].map((c) => c.received.filter((m) => m.type === 'error').map((m) => m.code)), [[], []], 'nobody cut for the pause');
    answers.send({ type: 'pong' });
    // (read by the server before the minute passes: the answer to a request sent after it says so; 20 turns of the
    // event loop were no proof on a busy machine)
    answers.send({ type: 'rooms', id: 'after-pong' });
    await ioUntil(() => answers.received.some((m) => m.type === 'rooms'), 'the answer after the pong');
    // a minute on, the one that did not answer is cut, the other is not
    t.mock.timers.tick(61_000);
    await ioUntil(() => silent.received.some((m) => m.type === 'error'), 'the silent one cut');
    assert.equal(silent.received.find((m) => m.type === 'error')?.code, 'idle_timeout');
    assert.deepEqual(answers.received.filter((m) => m.type === 'error'), []);
  } finally {
    for (const c of clients) c.close();
    t.mock.timers.reset();
    await server.close();
  }
});
