// An idle room costs its server no wake-ups: the server sleeps until a connection can be due a ping (or its end)
// or a session its expiry. Timers are node:test's mock timers: the counts are of timers run, never of time taken.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WakeAt } from '../../src/node/wakeAt';
import { countTimersRun, ioUntil, RawRich, startServer } from './helpers';

test('WakeAt keeps one timer for the earliest time given, not sooner than its floor', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 1_000_000 });
  const runs = countTimersRun(t);
  let woke = 0;
  const w = new WakeAt(100, () => woke++);
  w.at(Infinity); // nothing due: nothing armed
  t.mock.timers.tick(10_000);
  assert.equal(runs.runs, 0);
  w.at(1_000_000 + 10_000 + 5_000);
  w.at(1_000_000 + 10_000 + 9_000); // later than the one armed: it stays
  w.at(1_000_000 + 10_000 + 1_000); // sooner: it takes its place
  t.mock.timers.tick(999);
  assert.equal(woke, 0);
  t.mock.timers.tick(1);
  assert.deepEqual([woke, runs.runs], [1, 1], 'one wake for the three times given');
  w.at(0); // due already: at the floor
  t.mock.timers.tick(99);
  assert.equal(woke, 1);
  t.mock.timers.tick(1);
  assert.equal(woke, 2);
  w.at(1_000_000 + 20_000);
  w.stop();
  t.mock.timers.tick(60_000);
  assert.deepEqual([woke, runs.runs], [2, 2]);
});

test('WakeAt says how late a wake runs by the clock: far later when the process was stopped, or the clock moved on', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 1_000_000 });
  const lates: number[] = [];
  const w = new WakeAt(100, (late) => lates.push(late));
  w.at(1_000_000 + 1_000);
  t.mock.timers.tick(1_000);
  w.at(1_001_000 + 1_000);
  t.mock.timers.setTime(1_001_000 + 300_000);
  t.mock.timers.tick(0);
  assert.deepEqual(lates, [0, 299_000]);
});

test('an idle room wakes its server once a connection can be due a ping, not every 5 s, and still pings and ends a silent one', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout', 'setInterval', 'Date'], now: Date.now() });
  const runs = countTimersRun(t);
  const { server, port } = await startServer(); // (idleMs 60 s: a ping after 60 s of silence, the end after 120 s)
  let c: RawRich | undefined;
  try {
    c = await RawRich.connect(port);
    const client = c;
    client.send({ type: 'hello', v: 1, nick: 'quiet', client: 'test' });
    await ioUntil(() => client.received.some((m) => m.type === 'welcome'), 'welcome');
    const before = runs.runs;
    t.mock.timers.tick(59_000);
    assert.equal(runs.runs - before, 0, 'nothing wakes in the minute a member was heard in (it woke every 5 s: 11 times)');
    t.mock.timers.tick(2_000);
    await ioUntil(() => client.received.some((m) => m.type === 'ping'), 'ping');
    assert.equal(runs.runs - before, 1, 'one wake pings the member silent for 60 s');
    t.mock.timers.tick(61_000);
    await ioUntil(() => client.closed, 'end of the silent connection');
    assert.equal(runs.runs - before, 2, 'and one more ends it, silent for 120 s');
  } finally {
    c?.close();
    t.mock.timers.reset();
    await server.close();
  }
});
