// What a client's timers do once it is in a room: nothing runs that has nothing to do. Timers are node:test's mock
// timers: the counts are of timers run, never of time taken.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ChatClient } from '../../src/node/chatClient';
import { countTimersRun, startServer } from './helpers';

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
