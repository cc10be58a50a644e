// The owner's /newkey: a private room's key replaced while the room runs. The invites given before let nobody
// in from then on; the members connected stay and get the new key, which their reconnects use.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { connect as tlsConnect } from 'node:tls';
import { ChatClient } from '../../src/node/chatClient';
import type { ChatServerOptions } from '../../src/node/chatServer';
import { clientTlsOptions, createRoomKey } from '../../src/node/roomKey';
import { encodeLine } from '../../src/protocol/codec';
import { parseSlash } from '../../src/protocol/commands';
import { CuttableProxy, historyDir, SeedClient, startServer, until } from './helpers';

/**
 * A private room (`options` beside its key, `old`), its owner `ada` and a member `bob` who comes in through a proxy
 * (his connection can be cut, and he comes back by himself), neither connected yet; `close` ends them all.
 */
async function ownerAndMember(options: ChatServerOptions = {}) {
  const old = createRoomKey();
  const { server, port } = await startServer({ roomKey: old, ...options });
  const proxy = await CuttableProxy.start(port);
  const ada = new ChatClient({ host: '127.0.0.1', port, nick: 'ada', roomKey: old, ownerKey: server.ownerKey });
  const bob = new ChatClient({ host: '127.0.0.1', port: proxy.port, nick: 'bob', roomKey: old, backoffMinMs: 20, backoffMaxMs: 200 });
  const close = async () => {
    await bob.leave();
    await ada.leave();
    await proxy.close();
    await server.close();
  };
  return { old, server, port, proxy, ada, bob, close };
}

const infos = (c: ChatClient) => {
  const seen: string[] = [];
  c.on('server', (m) => {
    if (m.type === 'info') seen.push(m.text);
  });
  return seen;
};

test("the owner's /newkey: the old invite lets nobody in, the members connected stay and reconnect with the new key, which the history file keeps", async (t) => {
  const { historyFile } = historyDir(t);
  const saved: string[] = [];
  const { old, server, port, proxy, ada, bob, close } = await ownerAndMember({ keepRoomKey: true, historyFile, onRoomKey: (k) => saved.push(k) });
  const adaSaw = infos(ada);
  const bobSaw = infos(bob);
  const bobKeys: string[] = [];
  bob.on('roomKey', (k) => bobKeys.push(k));
  try {
    await ada.connect();
    await bob.connect();
    const refused = await bob.ask({ type: 'newkey' });
    assert.deepEqual(refused, { ok: false, message: 'only the owner can make a new room key', server: true });
    assert.equal(server.roomKey, old, 'a member changes nothing');

    const answer = await ada.ask({ type: 'newkey' });
    assert.deepEqual(answer, { ok: true });
    const fresh = server.roomKey!;
    assert.notEqual(fresh, old);
    assert.deepEqual(saved, [fresh], 'the host heard of it');
    assert.equal((JSON.parse(readFileSync(historyFile, 'utf8')) as { roomKey?: string }).roomKey, fresh, 'saved before anyone was told');
    await until(() => bobKeys.length === 1 || undefined, 'bob gets the new key');
    assert.deepEqual(bobKeys, [fresh]);
    assert.equal(bob.roomKey, fresh);
    assert.equal(ada.roomKey, fresh, "the owner's own client keeps it too");
    assert.ok(adaSaw.includes('You made a new room key: the invites given before let nobody in from now on. The member connected got it and stays.'), adaSaw.join('\n'));
    await until(() => bobSaw.some((s) => s.startsWith('ada made a new room key')) || undefined, 'bob is told');
    assert.equal(bob.status, 'connected');

    // the old invite: refused at the TLS handshake, as any wrong key
    const stranger = new ChatClient({ host: '127.0.0.1', port, nick: 'eve', roomKey: old, reconnect: false });
    await assert.rejects(stranger.connect(), (e: Error & { code?: string }) => e.code === 'key_required');
    // the new one lets a newcomer in
    const carol = new ChatClient({ host: '127.0.0.1', port, nick: 'carol', roomKey: fresh, reconnect: false });
    await carol.connect();
    await carol.leave();

    // bob's connection drops: he comes back with the new key, as himself
    assert.equal(proxy.cut(), 1);
    await until(() => (bob.status === 'reconnecting' || bob.status === 'connecting') || undefined, 'bob notices the drop');
    await until(() => bob.status === 'connected' || undefined, 'bob back with the new key');
    assert.equal(bob.nick, 'bob');
    bob.send('general', 'back in');
    await until(() => (bob.unacknowledged === 0 ? true : undefined), "bob's message taken");
  } finally {
    await close();
  }
});

test('after many /newkey (more than a client remembers the replaced ones of), a member given the first invite still reconnects with the newest key', async () => {
  const { server, proxy, ada, bob, close } = await ownerAndMember({ limits: { rateBurst: 1000, ratePerSecond: 1000 } });
  try {
    await ada.connect();
    await bob.connect();
    for (let i = 0; i < 40; i++) assert.deepEqual(await ada.ask({ type: 'newkey' }), { ok: true });
    await until(() => bob.roomKey === server.roomKey || undefined, 'bob has the last key');
    proxy.cut();
    await until(() => bob.status !== 'connected' || undefined, 'bob notices the drop');
    await until(() => bob.status === 'connected' || undefined, 'bob back with the newest key');
  } finally {
    await close();
  }
});

test('a handshake made with the old key whose hello comes after the /newkey is not let in', async () => {
  const old = createRoomKey();
  const { server, port } = await startServer({ roomKey: old });
  const ada = new ChatClient({ host: '127.0.0.1', port, nick: 'ada', roomKey: old, ownerKey: server.ownerKey });
  try {
    await ada.connect();
    const s = tlsConnect(clientTlsOptions('127.0.0.1', port, old));
    s.on('error', () => {});
    await new Promise<void>((r) => s.once('secureConnect', () => r()));
    let got = '';
    s.on('data', (d: Buffer) => (got += d.toString()));
    const closed = new Promise<void>((r) => s.once('close', () => r()));
    assert.deepEqual(await ada.ask({ type: 'newkey' }), { ok: true });
    s.write(encodeLine({ type: 'hello', v: 1, nick: 'late', client: 't' }));
    await closed;
    const error = JSON.parse(got.split('\n')[0]!) as { type: string; code: string; message: string };
    assert.equal(error.code, 'key_required');
    assert.match(error.message, /new room key/);
    assert.equal(server.people, 1, 'ada alone');
  } finally {
    await ada.leave();
    await server.close();
  }
});

test("a plain client a private room let in (--allow-plain, PASS) stays after the /newkey and is told, without the key; the old key at PASS is refused, the new one taken", async () => {
  const old = createRoomKey();
  // (a TLS hello later than the plain-text wait is taken for a plain client's silence: 150 ms, which a loaded CI
  // machine passed, CI 13:47; a second, as the other tests with both kinds of client wait)
  const { server, port } = await startServer({ roomKey: old, allowPlain: true, limits: { plainDetectMs: 1000 } });
  const ada = new ChatClient({ host: '127.0.0.1', port, nick: 'ada', roomKey: old, ownerKey: server.ownerKey });
  try {
    await ada.connect();
    const seed = await SeedClient.connect(port, 'seed');
    await seed.waitFor('PASS');
    seed.write(old);
    await seed.waitFor('Connected to server!');
    assert.deepEqual(await ada.ask({ type: 'newkey' }), { ok: true });
    const fresh = server.roomKey!;
    await seed.waitFor('ada made a new room key: the key typed at PASS lets nobody in now. You stay in; to come back, ask the host for the new one.');
    assert.ok(!seed.text.includes(fresh), 'not in clear');
    seed.say('still here');
    await until(() => (ada.rooms.get('general')?.events ?? []).some((e) => e.type === 'message' && e.text === 'still here') || undefined, 'seed still in the room');
    const again = await SeedClient.connect(port, 'again');
    await again.waitFor('PASS');
    again.write(old);
    await again.waitFor('REFUSE');
    const next = await SeedClient.connect(port, 'next');
    await next.waitFor('PASS');
    next.write(fresh);
    await next.waitFor('Connected to server!');
    for (const c of [seed, again, next]) c.close();
  } finally {
    await ada.leave();
    await server.close();
  }
});

test('/newkey on a room that is not private, and typed with words after it', async () => {
  const { server, port } = await startServer();
  const ada = new ChatClient({ host: '127.0.0.1', port, nick: 'ada', ownerKey: server.ownerKey });
  try {
    await ada.connect();
    assert.deepEqual(await ada.ask({ type: 'newkey' }), { ok: false, message: 'this room is not private (it is on loopback): it has no key to change', server: true });
    assert.equal(server.roomKey, undefined);
  } finally {
    await ada.leave();
    await server.close();
  }
  const typed = parseSlash('/newkey', 'general');
  assert.deepEqual(typed, { ok: true, command: { cmd: 'request', msg: { type: 'newkey' } } });
  assert.deepEqual(parseSlash('/newkey please', 'general'), { ok: false, code: 'bad_command', message: 'usage: /newkey' });
});
