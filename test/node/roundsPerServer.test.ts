// Each server has flush rounds of its own: a test on mock timers that stops (its clock reset) with bytes of its
// server waiting for a round leaves nothing behind for the next server of the same process. With one scheduler for
// the whole process, the join notice below waited for ever on a timer of the dead clock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ioUntil, RawRich, startServer, until } from './helpers';

test('a server on mock timers stops with a join notice still waiting for its round (the clock reset under it)', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout', 'setInterval', 'Date'], now: Date.now() });
  const { server, port } = await startServer();
  const a = await RawRich.connect(port);
  const b = await RawRich.connect(port);
  try {
    a.send({ type: 'hello', v: 1, nick: 'first', client: 'test' });
    await ioUntil(() => a.received.some((m) => m.type === 'welcome'), 'welcome');
    b.send({ type: 'hello', v: 1, nick: 'second', client: 'test' });
    await ioUntil(() => b.received.some((m) => m.type === 'welcome'), 'welcome');
    // (its join notice to `first` waits up to LAZY_MS for company: on this clock, for ever)
    assert.equal(a.received.some((m) => m.type === 'join' && m.nick === 'second'), false);
  } finally {
    a.close();
    b.close();
    t.mock.timers.reset();
    await server.close();
  }
});

test('the next server of the process sends its join notices: no round of the last one holds it up', async () => {
  const { server, port } = await startServer();
  const a = await RawRich.join(port, 'first');
  const b = await RawRich.join(port, 'second');
  try {
    await until(() => a.received.some((m) => m.type === 'join' && m.nick === 'second') || undefined, "second's join notice to first");
  } finally {
    a.close();
    b.close();
    await server.close();
  }
});
