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
