import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, createServer, type AddressInfo } from 'node:net';
import { ChatClient } from '../../src/node/chatClient';
import { clientTlsOptions, createRoomKey, IMPOSTOR } from '../../src/node/roomKey';
import { connect as tlsConnect, createServer as createTlsServer } from 'node:tls';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FailureLimiter } from '../../src/node/failureLimiter';
import { formatInvite, parseInvite } from '../../src/protocol/invite';
import type { MessageEvent } from '../../src/protocol/messages';
import { LineClient, RawRich, SeedClient, startServer, until } from './helpers';

const texts = (c: ChatClient) => (c.rooms.get('general')?.events ?? []).filter((e): e is MessageEvent => e.type === 'message').map((e) => `${e.from}: ${e.text}`);

/**
 * Sends a message and waits until it comes back: a join the server had queued for this client (joins may
 * wait up to 100 ms) arrives before it, so the client's member list is then up to date.
 */
async function caughtUp(c: ChatClient, nick: string): Promise<void> {
  const text = `caught up ${Math.random()}`;
  c.send('general', text);
  await until(() => texts(c).includes(`${nick}: ${text}`) || undefined, 'our own message back');
}

/** A loopback proxy that keeps a copy of every byte that crosses it, both ways. */
async function captureProxy(targetPort: number) {
  const seen: Buffer[] = [];
  const server = createServer((a) => {
    const b = connect({ host: '127.0.0.1', port: targetPort });
    a.on('data', (d: Buffer) => seen.push(Buffer.from(d)));
    b.on('data', (d: Buffer) => seen.push(Buffer.from(d)));
    a.pipe(b);
    b.pipe(a);
    a.on('error', () => b.destroy());
    b.on('error', () => a.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { port: (server.address() as AddressInfo).port, bytes: () => Buffer.concat(seen), close: () => new Promise<void>((r) => server.close(() => r())) };
}

test('invites carry the address and the key; damaged ones are named', () => {
  const key = createRoomKey();
  assert.ok(key.length >= 32, 'at least 128 bits, base64url');
  assert.notEqual(createRoomKey(), key);
  const invite = formatInvite({ host: '192.168.1.20', port: 55555, key });
  assert.equal(invite, `tcpchat://192.168.1.20:55555/${key}`);
  assert.deepEqual(parseInvite(invite), { ok: true, host: '192.168.1.20', port: 55555, key });
  assert.deepEqual(parseInvite(`  ${invite}\n`), { ok: true, host: '192.168.1.20', port: 55555, key });
  assert.deepEqual(parseInvite('localhost:4000'), { ok: true, host: 'localhost', port: 4000 });
  assert.deepEqual(parseInvite('tcpchat://[::1]:4000'), { ok: true, host: '::1', port: 4000 });
  assert.equal(formatInvite({ host: '::1', port: 4000, key }), `tcpchat://[::1]:4000/${key}`);
  // a key cut off (an invite broken over two lines) is said to be, not tried as a wrong key
  const cut = parseInvite(`tcpchat://10.0.0.1:55555/${key.slice(0, 25)}`);
  assert.deepEqual(cut, { ok: false, error: 'the room key in this invite is cut off (25 of its 32 characters): copy the whole invite again' });
  assert.ok(!parseInvite(`tcpchat://10.0.0.1:55555/${key}x`).ok, 'one character too many');
  const damaged = parseInvite(`tcpchat://10.0.0.1:55555/${key.slice(0, 31)}+`);
  assert.ok(!damaged.ok && /damaged/.test(damaged.error));
  assert.ok(!parseInvite('tcpchat://bad host:1/x').ok);
});

test('a private room: the key gets you in over TLS; the wire shows no message text', async () => {
  const key = createRoomKey();
  const { server, port } = await startServer({ roomKey: key });
  const proxy = await captureProxy(port);
  const a = new ChatClient({ host: '127.0.0.1', port: proxy.port, nick: 'alice', roomKey: key });
  const b = new ChatClient({ host: '127.0.0.1', port, nick: 'bob', roomKey: key });
  try {
    await a.connect();
    await b.connect();
    const secret = 'the deploy password is hunter2-SECRET-4242';
    a.send('general', secret);
    b.send('general', 'got it, bob-SECRET-reply');
    await until(() => texts(a).length === 2 || undefined, 'both messages at alice');
    assert.deepEqual(texts(a).sort(), [`alice: ${secret}`, 'bob: got it, bob-SECRET-reply']);
    const wire = proxy.bytes();
    assert.ok(wire.length > 500, 'traffic was captured');
    for (const needle of ['SECRET', 'hunter2', 'alice', 'general', '"type"']) {
      assert.equal(wire.indexOf(needle), -1, `"${needle}" is not readable on the wire`);
    }
    assert.equal(wire[0], 0x16, 'the connection starts with a TLS handshake record');
  } finally {
    await a.leave();
    await b.leave();
    await proxy.close();
    await server.close();
  }
});

test('over TLS a hello that comes late (a lost packet, a slow machine) is waited for, up to the handshake time', async () => {
  const key = createRoomKey();
  const { server, port } = await startServer({ roomKey: key, limits: { plainDetectMs: 50, handshakeMs: 2000 } });
  try {
    const s = tlsConnect(clientTlsOptions('127.0.0.1', port, key));
    s.on('error', () => {});
    await new Promise((r) => s.once('secureConnect', r));
    await new Promise((r) => setTimeout(r, 300)); // six plain-detection windows: a plain client would have had NICK
    let got = '';
    s.on('data', (d: Buffer) => (got += d.toString('utf8')));
    s.write(`${JSON.stringify({ type: 'hello', v: 1, nick: 'late', client: 'test' })}\n`);
    await until(() => got.includes('\n') || undefined, 'an answer');
    assert.match(got, /^\{"type":"welcome"/);
    s.destroy();
    // and one that never says anything is dropped at the handshake time, with the reason
    const silent = tlsConnect(clientTlsOptions('127.0.0.1', port, key));
    silent.on('error', () => {});
    let said = '';
    silent.on('data', (d: Buffer) => (said += d.toString('utf8')));
    await new Promise((r) => silent.once('close', r));
    assert.match(said, /"code":"handshake_timeout"/);
  } finally {
    await server.close();
  }
});

test("a private room's connection whose TLS fails after the handshake (a record that fails its check) is closed, not held open until the idle timeout", { timeout: 60_000 }, async () => {
  const key = createRoomKey();
  const { server, port } = await startServer({ roomKey: key });
  try {
    const raw = connect({ host: '127.0.0.1', port });
    raw.on('error', () => {});
    const closed = new Promise<void>((r) => raw.once('close', () => r()));
    const s = tlsConnect({ ...clientTlsOptions('127.0.0.1', port, key), socket: raw });
    s.on('error', () => {});
    await new Promise((r) => s.once('secureConnect', r));
    let got = '';
    s.on('data', (d: Buffer) => (got += d.toString('utf8')));
    s.write(`${JSON.stringify({ type: 'hello', v: 1, nick: 'alice', client: 'test' })}\n`);
    await until(() => got.includes('"type":"synced"') || undefined, 'alice in');
    assert.equal(server.people, 1);
    raw.write(Buffer.from('17030300050000000000', 'hex')); // application data that no key wrote
    await closed; // (before: open for the 2 minutes of the idle timeout, alice present and her events lost)
    await until(() => server.connections === 0 || undefined, 'the server let the connection go');
  } finally {
    await server.close();
  }
});

test('without the key, or with a wrong one, nobody gets in; repeated failures block the address', async () => {
  const key = createRoomKey();
  // (loopback refused as another address would be: every test connects from it)
  const { server, port } = await startServer({ roomKey: key, blockLoopback: true });
  const member = new ChatClient({ host: '127.0.0.1', port, nick: 'member', roomKey: key });
  try {
    await member.connect();
    const noKey = await RawRich.connect(port);
    noKey.send({ type: 'hello', v: 1, nick: 'snoop', client: 't' });
    const e = await noKey.next('error');
    assert.equal(e.code, 'key_required');
    await noKey.waitClosed();
    // bytes that start like a TLS handshake and are none try no key: they count as no failed attempt (five of
    // them locked everyone on the address out, the host's own client too)
    for (let i = 0; i < 6; i++) {
      const junk = connect({ host: '127.0.0.1', port });
      junk.on('error', () => {}).resume();
      junk.write(Buffer.concat([Buffer.from([0x16, 0x03, 0x01, 0x00, 0x40]), Buffer.alloc(64, 0x41)]));
      await new Promise((r) => junk.once('end', r).once('close', r)); // the server hung up
      junk.destroy();
    }
    const friend = new ChatClient({ host: '127.0.0.1', port, nick: 'friend', roomKey: key, reconnect: false });
    await friend.connect();
    await friend.leave();
    const wrong = new ChatClient({ host: '127.0.0.1', port, nick: 'guesser', roomKey: createRoomKey(), reconnect: false });
    await assert.rejects(wrong.connect(), (err: Error & { code?: string }) => err.code === 'key_required' && /did not accept this room key/.test(err.message));
    for (let i = 0; i < 5; i++) {
      const again = new ChatClient({ host: '127.0.0.1', port, nick: `g${i}`, roomKey: createRoomKey(), reconnect: false });
      await assert.rejects(again.connect());
    }
    const blocked = await RawRich.connect(port);
    blocked.send({ type: 'hello', v: 1, nick: 'blocked', client: 'test' }); // a refusal answers in its client's words: JSON to `{`
    const b = await blocked.next('error');
    assert.equal(b.code, 'too_many_failures');
    assert.match(b.message, /try again in \d+ s/);
    // someone with the right key on that address (behind the same NAT) is refused too, for a while: its client
    // says so, not that its key is wrong (which would make it stop trying for good)
    const neighbour = new ChatClient({ host: '127.0.0.1', port, nick: 'neighbour', roomKey: key, reconnect: false });
    await assert.rejects(neighbour.connect(), (err: Error & { code?: string }) => err.code !== 'key_required' && /answered without TLS: it is full or refusing this address for a while/.test(err.message));
    assert.equal(member.status, 'connected', 'members are not affected');
    await caughtUp(member, 'member');
    assert.ok(!member.rooms.get('general')!.members.some((m) => m.nick !== 'member'), 'nobody else got in');
  } finally {
    await member.leave();
    await server.close();
  }
});

test('a server without the room key that shows a certificate a CA vouches for (any public CA: any name) is not taken for the room', async () => {
  const fixtures = join(__dirname, 'fixtures');
  const cert = readFileSync(join(fixtures, 'impostor.pem'));
  const impostor = createTlsServer({ key: readFileSync(join(fixtures, 'impostor.key')), cert, minVersion: 'TLSv1.3' }, (s) => s.end('{"type":"welcome"}\n'));
  await new Promise<void>((r) => impostor.listen(0, '127.0.0.1', () => r()));
  try {
    const port = (impostor.address() as AddressInfo).port;
    // (its certificate trusted, as a public CA's is: Node checks the chain, and the name check was turned off)
    const c = tlsConnect({ ...clientTlsOptions('127.0.0.1', port, createRoomKey()), ca: [cert] });
    const outcome = await new Promise<string>((r) => {
      c.once('secureConnect', () => r('connected'));
      c.once('error', (e) => r(e.message));
    });
    c.destroy();
    assert.equal(outcome, IMPOSTOR);
  } finally {
    await new Promise<void>((r) => impostor.close(() => r()));
  }
});

test('a connection closed or reset before the TLS handshake ends (a room at its connection limit, a blip) is not taken for a wrong key, which gives up for good', async () => {
  for (const close of ['closed', 'reset'] as const) {
    const server = createServer((s) => (close === 'reset' ? s.resetAndDestroy() : s.destroy()));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    try {
      const port = (server.address() as AddressInfo).port;
      const c = new ChatClient({ host: '127.0.0.1', port, nick: 'blip', roomKey: createRoomKey(), reconnect: false });
      await assert.rejects(c.connect(), (err: Error & { code?: string }) => err.code !== 'key_required' && !/did not accept this room key/.test(err.message), close);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  }
});

test("a TLS handshake that starts a while after the connection (a busy client, its ClientHello's packet sent again) is no plain client's silence: the room's answer is TLS", async () => {
  const key = createRoomKey();
  const { server, port } = await startServer({ roomKey: key });
  try {
    const raw = connect({ host: '127.0.0.1', port });
    await new Promise((r, j) => raw.once('connect', r).once('error', j));
    raw.pause(); // (what the server says first is the TLS client's to read)
    // longer than plainDetectMs (150 ms): it read the private room's refusal in clear, ERR_SSL_WRONG_VERSION_NUMBER
    await new Promise((r) => setTimeout(r, 400));
    const s = tlsConnect({ ...clientTlsOptions('127.0.0.1', port, key), socket: raw });
    try {
      await new Promise((r, j) => s.once('secureConnect', r).once('error', j).once('close', () => j(new Error('closed before the handshake'))));
    } finally {
      s.destroy();
    }
  } finally {
    await server.close();
  }
});

test('plain clients on a private room: refused with a clear text, or PASS/REFUSE when the host allows them', async () => {
  const key = createRoomKey();
  const closed = await startServer({ roomKey: key });
  try {
    const nc = await LineClient.connect(closed.port);
    await nc.waitFor('This room is private: plain-text clients (nc, telnet) cannot join it.');
    await nc.waitClosed();
    assert.ok(!nc.text.includes('NICK'));
  } finally {
    await closed.server.close();
  }
  const logged: string[] = [];
  // (a second for a TLS hello, not 150 ms: a loaded machine's came later, and the rich client was taken for a plain one)
  const open = await startServer({ roomKey: key, allowPlain: true, log: (line) => logged.push(line), limits: { plainDetectMs: 1000 } });
  const rich = new ChatClient({ host: '127.0.0.1', port: open.port, nick: 'rich', roomKey: key });
  try {
    await rich.connect();
    const seed = await SeedClient.connect(open.port, 'seed');
    await seed.waitFor('PASS');
    assert.equal(seed.text, 'NICKPASS', 'after the nickname, exactly PASS');
    seed.write(key);
    await seed.waitFor('Connected to server!');
    seed.say('hello');
    await until(() => texts(rich).includes('seed: hello') || undefined, 'the plain message at the rich client');
    const liar = await SeedClient.connect(open.port, 'liar');
    await liar.waitFor('PASS');
    liar.write('not-the-key');
    await liar.waitFor('REFUSE');
    assert.equal(liar.text, 'NICKPASSREFUSE');
    // (logged under the nickname it gave before PASS: it was "(no nick)")
    assert.ok(logged.some((l) => /^liar \[plain 127\.0\.0\.1:\d+\]: wrong room key at PASS; 1 failure\(s\)$/.test(l)), logged.join('\n'));
    await liar.waitClosed();
    // a rich hello after the detection window (it got NICK: it was taken for a plain client) is no way around
    // the key: only TLS with it lets a rich client in
    const late = await LineClient.connect(open.port);
    await late.waitFor('NICK');
    late.write(`${JSON.stringify({ type: 'hello', v: 1, nick: 'mallory', client: 'x' })}\n`);
    await late.waitFor('"code":"key_required"');
    await late.waitClosed();
    assert.ok(!late.text.includes('welcome'), late.text);
    await caughtUp(rich, 'rich');
    assert.ok(!rich.rooms.get('general')!.members.some((m) => m.nick === 'liar' || m.nick === 'mallory'));
  } finally {
    await rich.leave();
    await open.server.close();
  }
});

/** A loopback proxy whose first `slowCount` connections pass on what their client says only `delayMs` after connecting. */
async function slowStartProxy(targetPort: number, slowCount: number, delayMs: number) {
  let connections = 0;
  const server = createServer((a) => {
    const b = connect({ host: '127.0.0.1', port: targetPort });
    const slow = ++connections <= slowCount;
    a.on('error', () => b.destroy());
    b.on('error', () => a.destroy());
    b.pipe(a);
    if (slow) setTimeout(() => a.pipe(b), delayMs);
    else a.pipe(b);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { port: (server.address() as AddressInfo).port, connections: () => connections, close: () => new Promise<void>((r) => server.close(() => r())) };
}

test('a TLS hello that comes after NICK on a room that lets plain clients in: the client tries again, and that address is waited for longer', async () => {
  const key = createRoomKey();
  const logged: string[] = [];
  const { server, port } = await startServer({ roomKey: key, allowPlain: true, log: (line) => logged.push(line), limits: { plainDetectMs: 100 } });
  // (both tries of the client are slow: the second gets in because the room waits longer for it, not by luck)
  const proxy = await slowStartProxy(port, 2, 400);
  const rich = new ChatClient({ host: '127.0.0.1', port: proxy.port, nick: 'late', roomKey: key, reconnect: false });
  try {
    await rich.connect();
    assert.equal(proxy.connections(), 2, 'one more try');
    assert.ok(logged.some((l) => /127\.0\.0\.1: a TLS hello after NICK \(it came late\): its next hello is waited for longer/.test(l)), logged.join('\n'));
    // a plain client from that address still gets in (spoken to a moment later)
    const seed = await SeedClient.connect(port, 'seed');
    await seed.waitFor('PASS');
    seed.write(key);
    await seed.waitFor('Connected to server!');
    seed.say('still here');
    await until(() => texts(rich).includes('seed: still here') || undefined, 'the plain message at the late client');
    // a typist's Ctrl+V (0x16, as a TLS record starts) before the nickname is no TLS hello
    const typist = await LineClient.connect(port);
    await typist.waitFor('NICK');
    typist.write('\x16zed\n');
    await typist.waitFor('PASS');
    typist.close();
  } finally {
    await rich.leave();
    await proxy.close();
    await server.close();
  }
});

test("failed keys from loopback are counted and logged, not refused: the host's --owner, and everyone through an SSH tunnel, come from there", async () => {
  const key = createRoomKey();
  const logged: string[] = [];
  const { server, port } = await startServer({ roomKey: key, log: (line) => logged.push(line) });
  try {
    for (let i = 0; i < 7; i++) {
      const guess = new ChatClient({ host: '127.0.0.1', port, nick: `g${i}`, roomKey: createRoomKey(), reconnect: false });
      await assert.rejects(guess.connect(), (err: Error & { code?: string }) => err.code === 'key_required');
    }
    assert.ok(logged.some((l) => /wrong room key; 5 failure\(s\)/.test(l)), logged.join('\n'));
    const owner = new ChatClient({ host: '127.0.0.1', port, nick: 'owner', roomKey: key, reconnect: false });
    await owner.connect();
    assert.equal(owner.status, 'connected', 'the right key still gets in');
    await owner.leave();
  } finally {
    await server.close();
  }
});

test('the failure limiter blocks after five failures and doubles the wait', () => {
  let now = 0;
  const f = new FailureLimiter(() => now);
  for (let i = 0; i < 4; i++) f.fail('10.0.0.9');
  assert.equal(f.blockedFor('10.0.0.9'), 0);
  f.fail('10.0.0.9');
  assert.equal(f.blockedFor('10.0.0.9'), 30_000);
  f.fail('10.0.0.9');
  assert.equal(f.blockedFor('10.0.0.9'), 60_000);
  assert.equal(f.blockedFor('10.0.0.10'), 0, 'other addresses are not affected');
  now = 10 * 60_000;
  assert.equal(f.blockedFor('10.0.0.9'), 0);
  assert.equal(f.fail('10.0.0.9'), 1, 'a new window starts');
});
