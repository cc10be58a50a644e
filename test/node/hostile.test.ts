import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DM_KEEP_UNITS } from '../../src/node/chatServer';
import { FREE_LINES_PER_TOKEN, type Peer } from '../../src/node/peer';
import { RICH_WAITING_LINES } from '../../src/node/richPeer';
import { LineClient, RawRich, sleep, startServer, until } from './helpers';

/** Two well-behaved clients; `check` proves they still chat with each other. */
async function bystanders(port: number) {
  const a = await RawRich.join(port, 'alice');
  const b = await RawRich.join(port, 'bob');
  let n = 0;
  return {
    a,
    b,
    async check() {
      const text = `still fine ${++n}`;
      a.send({ type: 'send', id: `ok${n}`, room: 'general', text });
      const got = await b.next('message', (m) => m.type === 'message' && m.text === text);
      assert.equal(got.from, 'alice');
      assert.equal(b.received.filter((m) => m.type === 'error').length, 0, 'bystanders never see errors');
    },
  };
}

/** A rich client that says hello and then never reads again; resolves once `watcher` saw it join. */
async function deafClient(port: number, nick: string, watcher: RawRich) {
  const deaf = connect({ host: '127.0.0.1', port });
  deaf.on('error', () => {});
  await new Promise((r) => deaf.once('connect', r));
  deaf.write(JSON.stringify({ type: 'hello', v: 1, nick, client: 't' }) + '\n');
  deaf.pause(); // never reads again
  await watcher.next('join', (m) => m.type === 'join' && m.nick === nick);
  return deaf;
}

test('malformed JSON, unknown types, invalid UTF-8: named errors, the room unaffected', async () => {
  const { server, port } = await startServer();
  try {
    const room = await bystanders(port);
    const bad = await RawRich.join(port, 'bad');
    bad.write('{"type": "send", oops\n');
    assert.equal((await bad.next('error')).code, 'bad_json');
    bad.write('{"type":"teleport"}\n');
    const unknown = await bad.next('error');
    assert.equal(unknown.code, 'unknown_type');
    assert.match(unknown.message, /teleport/);
    bad.write(Buffer.concat([Buffer.from('{"type":"send","id":"u","room":"general","text":"'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('"}\n')]));
    assert.equal((await bad.next('error')).code, 'bad_utf8');
    bad.write('[]\n"x"\nnull\n');
    for (let i = 0; i < 3; i++) assert.equal((await bad.next('error')).code, 'bad_message');
    await room.check();
    // still connected: a good message from it works
    bad.send({ type: 'send', id: 'g', room: 'general', text: 'recovered' });
    await room.b.next('message', (m) => m.type === 'message' && m.text === 'recovered');
    // half a character (JSON's `\ud800`, which has no UTF-8 form: a strict reader refuses the line) reaches the room
    // as U+FFFD (cleanText: topics and reasons too)
    bad.write('{"type":"send","id":"s","room":"general","text":"hi \\ud800 there"}\n');
    await room.b.next('message', (m) => m.type === 'message' && m.text === 'hi \ufffd there');
    // past the limit of bad messages it is disconnected
    for (let i = 0; i < 12; i++) bad.write('nope\n');
    await bad.waitClosed();
    await room.check();
  } finally {
    await server.close();
  }
});

test('an oversized line gets a clear error and a disconnect, without buffering it', async () => {
  const { server, port } = await startServer({ limits: { maxLine: 4096 } });
  try {
    const room = await bystanders(port);
    const big = await RawRich.join(port, 'big');
    big.write('{"type":"send","id":"x","room":"general","text":"' + 'a'.repeat(10_000));
    const e = await big.next('error');
    assert.equal(e.code, 'line_too_long');
    assert.match(e.message, /4096 bytes/);
    await big.waitClosed();
    await room.check();
    const hello = await RawRich.connect(port);
    hello.write('{"type":"hello","v":1,"nick":"' + 'n'.repeat(5000) + '"}\n');
    assert.equal((await hello.next('error')).code, 'line_too_long');
    await room.check();
  } finally {
    await server.close();
  }
});

test("a plain member's overlong lines are refused each with the reason, and counted as bad messages: a stream of them is disconnected", async () => {
  const { server, port } = await startServer({ limits: { maxLine: 4096, maxProtocolErrors: 3 } });
  try {
    const room = await bystanders(port);
    const nc = await LineClient.connect(port, 'nc');
    await nc.waitFor('Connected to server!');
    nc.write(`${'x'.repeat(5000)}\n`);
    await nc.waitFor('a message is longer than 4096 bytes: not sent');
    nc.say('still here');
    await room.b.next('message', (m) => m.type === 'message' && m.text === 'still here');
    nc.write(`${'y'.repeat(5000)}\n`.repeat(5));
    await nc.waitClosed();
    assert.match(nc.text, /too many bad messages: disconnected/);
    await room.check();
  } finally {
    await server.close();
  }
});

test('a rich hello that is wrong is refused with the reason', async () => {
  const { server, port } = await startServer();
  try {
    const cases: [object | string, string, RegExp][] = [
      [{ type: 'send', id: '1', room: 'general', text: 'no hello' }, 'hello_required', /must be a hello, not "send"/],
      [{ type: 'hello', v: 99, nick: 'x', client: 't' }, 'version', /version 1, not 99/],
      ['{"type":"hello", broken', 'bad_json', /not valid JSON.*\(expected a hello\)$/],
      [{ type: 'ping', t: 'x' }, 'bad_message', /^ping: "t" must be a number \(expected a hello\)$/],
      // a hello with a field wrong: that field is the reason, not a missing hello
      [{ type: 'hello', v: 1, nick: 'x', client: 'c'.repeat(129) }, 'bad_message', /^hello: "client" is longer than 128 characters$/],
      // (a type that only starts like one is no hello)
      [{ type: 'hello: x' }, 'unknown_type', /^hello: x: .*\(expected a hello\)$/],
    ];
    for (const [msg, code, message] of cases) {
      const c = await RawRich.connect(port);
      c.write((typeof msg === 'string' ? msg : JSON.stringify(msg)) + '\n');
      const e = await c.next('error');
      assert.equal(e.code, code);
      assert.match(e.message, message);
      await c.waitClosed();
    }
  } finally {
    await server.close();
  }
});

test('garbage bytes from a raw socket: answered as a plain client, then dropped without harm', async () => {
  const { server, port } = await startServer({ limits: { handshakeMs: 300 } });
  try {
    const room = await bystanders(port);
    const g = await LineClient.connect(port);
    g.write(Buffer.from([0x00, 0x01, 0x02, 0xfe, 0x80, 0x81, 0x0a]));
    await g.waitFor('NICK');
    await g.waitFor(/error: .*UTF-8/);
    g.write(Buffer.from([0x1b, 0x5b, 0x32, 0x4a, 0x0a])); // ESC [ 2 J as a nickname: control characters are dropped
    await g.waitFor('Connected to server!');
    await room.check();
    assert.ok(room.b.received.every((m) => !(m.type === 'join' && m.nick.includes('\u001b'))), 'no escape codes in nicknames');
  } finally {
    await server.close();
  }
});

test('a peer that connects and says nothing is dropped at the handshake deadline; slowloris too', async () => {
  const logged: string[] = [];
  const { server, port } = await startServer({ limits: { handshakeMs: 400 }, log: (line) => logged.push(line) });
  try {
    const room = await bystanders(port);
    const silent = await LineClient.connect(port);
    await silent.waitFor('NICK');
    await silent.waitFor('error: no nickname within 0.4 s: disconnected'); // the limit as set, not rounded to 0 s
    // the host's log says it in the same words (it said "within 400 ms")
    assert.ok(logged.some((l) => l.endsWith(': no nickname within 0.4 s: disconnected')), logged.join('\n'));
    await silent.waitClosed();
    const slow = await RawRich.connect(port);
    const hello = JSON.stringify({ type: 'hello', v: 1, nick: 'slowpoke', client: 't' });
    // its first byte at once (a `{` within plainDetectMs makes it a rich client: a busy CI machine's first timer
    // tick once came after it, and the server took it for a plain client), then the rest a byte every 50 ms
    slow.write(hello[0]!);
    let i = 1;
    const drip = setInterval(() => i < hello.length && !slow.closed && slow.write(hello[i++]!), 50);
    try {
      assert.equal((await slow.next('error')).code, 'handshake_timeout');
      await slow.waitClosed();
    } finally {
      clearInterval(drip);
    }
    await room.check();
    assert.equal(server.connections, 2);
  } finally {
    await server.close();
  }
});

test('a flooding client is refused past its rate, then disconnected; others keep chatting', async () => {
  const { server, port } = await startServer({ limits: { rateBurst: 5, ratePerSecond: 2, floodDisconnectAfter: 20 } });
  try {
    const room = await bystanders(port);
    const flood = await RawRich.join(port, 'flood');
    for (let i = 0; i < 100; i++) flood.send({ type: 'send', id: `f${i}`, room: 'general', text: `spam ${i}` });
    const limited = await flood.next('error');
    assert.equal(limited.code, 'rate_limited');
    assert.equal(limited.id, `f${5 + RICH_WAITING_LINES}`, 'the burst passes, the next ones wait for their tokens, the one after them is refused with its id');
    const last = await flood.next('error', (m) => m.type === 'error' && m.code === 'flood');
    assert.match(last.message, /too many messages/);
    await flood.waitClosed();
    await room.check();
    const spam = room.b.received.filter((m) => m.type === 'message' && m.from === 'flood');
    assert.equal(spam.length, 5, 'only the burst reached the room (the ones waiting went with the connection)');
  } finally {
    await server.close();
  }
});

test('lines that cost no rate token (pings, pongs, typing, empty lines) have a budget of their own: a flood of them is disconnected, as a rich or a plain member; a client within it is not', async () => {
  const ratePerSecond = 2;
  const { server, port } = await startServer({ limits: { rateBurst: 5, ratePerSecond, floodDisconnectAfter: 20 } });
  try {
    const room = await bystanders(port);
    const budget = FREE_LINES_PER_TOKEN * 5; // (the burst of free lines)
    // what refills while a peer is connected (free lines per rate token, at the rate's tokens a second): a busy CI
    // machine once took long enough over one flood for two to come back, and the bound without them failed
    const refilledSince = (start: number): number => Math.ceil(((performance.now() - start) / 1000) * FREE_LINES_PER_TOKEN * ratePerSecond);
    // within it: some of each, all in one read, and nothing happens to the peer
    const calm = await RawRich.join(port, 'calm');
    calm.write(`${JSON.stringify({ type: 'typing', room: 'general' })}\n\n${JSON.stringify({ type: 'pong' })}\n`.repeat(Math.floor(budget / 3) - 2));
    calm.send({ type: 'ping', t: 1 });
    assert.equal((await calm.next('pong')).t, 1, 'a ping within the budget is answered');
    for (const [nick, line] of [['pongs', JSON.stringify({ type: 'pong' })], ['pings', JSON.stringify({ type: 'ping' })], ['typist', JSON.stringify({ type: 'typing', room: 'general' })], ['blanks', ''], ['spaces', ' \t']] as const) {
      const start = performance.now();
      const flood = await RawRich.join(port, nick);
      flood.write(`${line}\n`.repeat(budget + 40));
      const e = await flood.next('error', (m) => m.type === 'error' && m.code === 'flood');
      assert.match(e.message, /too many messages/, nick);
      await flood.waitClosed();
      assert.ok(flood.received.filter((m) => m.type === 'pong').length <= budget + refilledSince(start), `${nick}: no more pongs than the budget`);
    }
    // a request sent again and again under one id: each copy answered as a resend is (acknowledged, or refused again
    // in its words), and each a free line: it was neither, and kept the host busy and the room's messages late
    const once = { type: 'send', id: 'r1', room: 'general', text: 'said once' };
    const refused = { type: 'kick', id: 'k1', room: 'general', nick: 'calm' }; // (not an operator)
    for (const [nick, line] of [['resender', once], ['refusedagain', refused]] as const) {
      const start = performance.now();
      const flood = await RawRich.join(port, nick);
      flood.send(line);
      await flood.next(line === once ? 'ack' : 'error');
      flood.write(`${JSON.stringify(line)}\n`.repeat(budget + 40));
      const e = await flood.next('error', (m) => m.type === 'error' && m.code === 'flood');
      assert.match(e.message, /too many messages/, nick);
      await flood.waitClosed();
      const answers = flood.received.filter((m) => (m.type === 'ack' || (m.type === 'error' && m.code !== 'flood')) && m.id === line.id);
      const most = budget + 1 + refilledSince(start);
      assert.ok(answers.length > 1 && answers.length <= most, `${nick}: answered as resends, up to the budget (${answers.length} of at most ${most})`);
    }
    const nc = await LineClient.connect(port, 'netcat');
    await nc.waitFor('Connected to server!');
    nc.write('\n'.repeat(budget + 40));
    await nc.waitFor('too many messages');
    await nc.waitClosed();
    const nc2 = await LineClient.connect(port, 'telnet');
    await nc2.waitFor('Connected to server!');
    nc2.write(' \r\n\x07\n'.repeat(budget + 40)); // (blanks and control characters: empty once cleaned)
    await nc2.waitFor('too many messages');
    // its own name and nothing after it (the tutorial client's empty Enter, `eve: `) is a blank line: it was free,
    // never disconnected, and kept every message half a second late
    const nc3 = await LineClient.connect(port, 'eve');
    await nc3.waitFor('Connected to server!');
    nc3.write('eve: \neve:\n'.repeat(budget + 40));
    await nc3.waitFor('too many messages');
    await nc3.waitClosed();
    await room.check();
    calm.send({ type: 'send', id: 'c', room: 'general', text: 'calm is still here' });
    await room.b.next('message', (m) => m.type === 'message' && m.text === 'calm is still here');
  } finally {
    await server.close();
  }
});

test('a byte order mark before the first line (.NET\'s and PowerShell\'s UTF-8 writers) is no part of it: a hello after it is a rich client\'s, a name a plain one\'s', async () => {
  const { server, port } = await startServer();
  try {
    const room = await bystanders(port);
    const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
    const c = await RawRich.connect(port);
    c.write(Buffer.concat([BOM, Buffer.from(`${JSON.stringify({ type: 'hello', v: 1, nick: 'dotnet', client: 'test' })}\n`)]));
    await c.next('synced');
    await room.b.next('join', (m) => m.type === 'join' && m.nick === 'dotnet');
    const p = await LineClient.connect(port);
    await p.waitFor('NICK');
    p.write(Buffer.concat([BOM, Buffer.from('posh\n')]));
    await p.waitFor('Connected to server!');
    await room.b.next('join', (m) => m.type === 'join' && m.nick === 'posh');
    // and a hello after one, slower than the detection window (taken for a plain client first, NICK sent)
    const slow = connect({ host: '127.0.0.1', port });
    let got = '';
    slow.on('data', (d: Buffer) => (got += d.toString('utf8'))).on('error', () => {});
    await until(() => got.startsWith('NICK') || undefined, 'NICK (taken for a plain client)');
    slow.write(Buffer.concat([BOM, Buffer.from(`${JSON.stringify({ type: 'hello', v: 1, nick: 'slowdotnet', client: 'test' })}\n`)]));
    await room.b.next('join', (m) => m.type === 'join' && m.nick === 'slowdotnet');
    slow.destroy();
    await room.check();
  } finally {
    await server.close();
  }
});

test('a rich client slower than the detection window is rich in any JSON layout of its hello (Python\'s json.dumps, keys in another order, white space first), and a hello cut by a pause goes on: its direct message reaches only the one it names', async () => {
  const { server, port } = await startServer({ limits: { plainQuietMs: 50 } });
  const sockets: Socket[] = [];
  try {
    const room = await bystanders(port);
    const late = async (nick: string, write: (s: Socket) => Promise<void>) => {
      const s = connect({ host: '127.0.0.1', port });
      sockets.push(s);
      let got = '';
      s.on('data', (d: Buffer) => (got += d.toString('utf8'))).on('error', () => {});
      await until(() => got.startsWith('NICK') || undefined, 'NICK (taken for a plain client)');
      await write(s);
      await until(() => got.includes('"type":"synced"') || undefined, () => `${nick} welcomed as a rich client (have ${JSON.stringify(got.slice(0, 300))})`);
      // its requests are requests: a direct message to alice, not a line of text for the room
      s.write(`${JSON.stringify({ type: 'dm', id: 'd1', to: 'alice', text: `secret from ${nick}` })}\n`);
      await room.a.next('dm', (m) => m.type === 'dm' && m.text === `secret from ${nick}`);
      await until(() => got.includes('"type":"ack","id":"d1"') || undefined, `${nick}'s ack`);
      const joined = await room.b.next('join', (m) => m.type === 'join' && m.nick === nick);
      assert.equal(joined.nick, nick);
    };
    // Python's json.dumps: a space after each colon and comma
    await late('py', async (s) => void s.write('{"type": "hello", "v": 1, "nick": "py", "client": "python"}\n'));
    // its keys in another order, white space before it
    await late('order', async (s) => void s.write(`  ${JSON.stringify({ nick: 'order', v: 1, client: 't', type: 'hello' })}\n`));
    // cut in two by a pause longer than a plain client's quiet time (which ends a plain message)
    await late('halves', async (s) => {
      const line = `${JSON.stringify({ type: 'hello', v: 1, nick: 'halves', client: 't' })}\n`;
      s.write(line.slice(0, 12));
      await sleep(200);
      s.write(line.slice(12));
    });
    assert.deepEqual(room.b.received.filter((m) => m.type === 'message' || m.type === 'dm'), [], 'bob saw no request as a message, nor a direct message to alice');
    // a nickname in braces (netcat) is still a plain client's
    const p = await LineClient.connect(port);
    await p.waitFor('NICK');
    p.write('{bob2}\n');
    await p.waitFor('Connected to server!');
    // ... and so is `{}` (the first bytes' check takes it for JSON, as more could follow; a line after NICK is whole)
    const q = await LineClient.connect(port);
    await q.waitFor('NICK');
    q.write('{}\n');
    await q.waitFor('Connected to server!');
    await room.check();
  } finally {
    for (const s of sockets) s.destroy();
    await server.close();
  }
});

test('a late hello cut by a pause and never finished is ended at the handshake time, as any hello not said', async () => {
  const { server, port } = await startServer({ limits: { plainQuietMs: 50, handshakeMs: 500 } });
  const s = connect({ host: '127.0.0.1', port });
  try {
    let got = '';
    let closed = false;
    s.on('data', (d: Buffer) => (got += d.toString('utf8'))).on('error', () => {}).on('close', () => (closed = true));
    await until(() => got.startsWith('NICK') || undefined, 'NICK (taken for a plain client)');
    s.write('{"type": "hel');
    await until(() => closed || undefined, () => `the half hello's connection ended (have ${JSON.stringify(got)})`, 10_000);
    assert.match(got, /handshake_timeout/);
    await until(() => server.connections === 0 || undefined, 'its place among the connections given back');
  } finally {
    s.destroy();
    await server.close();
  }
});

test('a rich client\'s line of spaces or tabs is an empty line: no bad_json, before its hello or after', async () => {
  const { server, port } = await startServer();
  try {
    const c = await RawRich.connect(port);
    // (the server waits past white space for a rich client's first byte: the hello after it, in the same read, counts)
    c.write(` \t\n${JSON.stringify({ type: 'hello', v: 1, nick: 'spacey', client: 'test' })}\n  \r\n\t\n \n`);
    await c.next('synced');
    c.send({ type: 'ping', t: 7 });
    assert.equal((await c.next('pong')).t, 7);
    assert.deepEqual(c.received.filter((m) => m.type === 'error'), [], 'no error for white space');
    assert.equal(c.closed, false);
  } finally {
    await server.close();
  }
});

test('a client that never reads is evicted once its queue passes the cap; the room gets everything', async () => {
  const { server, port } = await startServer({ limits: { maxBuffered: 256 * 1024, rateBurst: 100_000, ratePerSecond: 100_000 } });
  try {
    const room = await bystanders(port);
    const deaf = await deafClient(port, 'deaf', room.a);
    const text = 'y'.repeat(8000);
    const N = 1500; // 12 MB: more than the kernel's socket buffers hold for a peer that does not read
    for (let i = 0; i < N; i += 20) {
      // paced by acks, as a real client is: the readers keep up, only the deaf peer falls behind
      for (let j = i; j < i + 20; j++) room.a.send({ type: 'send', id: `big${j}`, room: 'general', text: `${j} ${text}` });
      await room.a.next('ack', (m) => m.type === 'ack' && m.id === `big${i + 19}`, 10_000);
    }
    const left = await room.b.next('leave', (m) => m.type === 'leave' && m.nick === 'deaf', 20_000);
    assert.equal(left.reason, 'slow');
    await until(() => room.b.messages().length >= N || undefined, 'bob to get every message', 20_000);
    deaf.destroy();
    await room.check();
  } finally {
    await server.close();
  }
});

test('too many connections from one address are refused with a reason', async () => {
  // (a rich client's hello after plainDetectMs is refused in words, as to a plain one: CI under load took 150 ms once)
  const { server, port } = await startServer({ limits: { maxClientsPerAddress: 3, plainDetectMs: 1000 } });
  try {
    const peers = [await RawRich.join(port, 'p1'), await RawRich.join(port, 'p2'), await RawRich.join(port, 'p3')];
    const extra = await RawRich.connect(port);
    extra.send({ type: 'hello', v: 1, nick: 'p5', client: 'test' }); // as a rich client does at once
    const e = await extra.next('error');
    assert.equal(e.code, 'too_many_connections');
    await extra.waitClosed();
    const nc = await LineClient.connect(port); // netcat: silent until its user types
    await nc.waitFor('error: too many connections from 127.0.0.1 (at most 3)\n');
    assert.doesNotMatch(nc.text, /[{}]/, 'in words, not JSON');
    const tutorial = await LineClient.connect(port); // or it types its nickname first
    tutorial.write('fred\n');
    await tutorial.waitFor('error: too many connections from 127.0.0.1 (at most 3)\n');
    const braces = await LineClient.connect(port); // a nickname in braces, and a hello after a blank line: each in its words
    braces.write('{bob}\n');
    await braces.waitFor('error: too many connections from 127.0.0.1 (at most 3)\n');
    const late = await RawRich.connect(port);
    late.write(`\r\n${JSON.stringify({ type: 'hello', v: 1, nick: 'p6', client: 'test' })}\n`);
    assert.equal((await late.next('error')).code, 'too_many_connections');
    const blank = await RawRich.connect(port); // a blank line alone first, then the hello
    blank.write('\n');
    await new Promise((r) => setTimeout(r, 30));
    blank.write(`${JSON.stringify({ type: 'hello', v: 1, nick: 'p7', client: 'test' })}\n`);
    assert.equal((await blank.next('error')).code, 'too_many_connections');
    peers[0]!.close(); // its seat is held for its return, but a seat is not a connection
    await until(() => server.connections === 2 || undefined, 'the count to drop');
    await RawRich.join(port, 'p4');
  } finally {
    await server.close();
  }
});

test('an address joining and leaving in a loop is refused past its newcomers (a burst, then a few a second); the room hears only those it let in; a session coming back is no newcomer', async () => {
  // a token every 5 s: each round of the loop takes far less, however loaded the machine
  const { server, port } = await startServer({ limits: { connectBurst: 5, connectsPerSecond: 0.2 } });
  try {
    const { a, b } = await bystanders(port);
    let refusal = '';
    let admitted = 0;
    for (let i = 0; i < 10 && !refusal; i++) {
      const nc = await LineClient.connect(port, `drifter${i}`);
      await until(() => /Connected to server!|error/.test(nc.text) || undefined, 'in, or the refusal');
      if (/error/.test(nc.text)) refusal = nc.text.slice(nc.text.indexOf('error'));
      else {
        admitted++;
        await a.next('join', (m) => m.type === 'join' && m.nick === `drifter${i}`);
        nc.say('/quit');
        await a.next('leave', (m) => m.type === 'leave' && m.nick === `drifter${i}`);
      }
    }
    assert.match(refusal, /^error: too many newcomers from 127\.0\.0\.1 \(at most 5 at once, then 0\.2 a second\): try again in \d s\n$/);
    assert.equal(a.received.filter((m) => m.type === 'join' && m.nick.startsWith('drifter')).length, admitted, 'the room heard only those let in');
    // bob's window reloads: its session comes back, however many newcomers the address had
    const session = b.welcome().session;
    b.close();
    const again = await RawRich.join(port, 'bob', { session });
    assert.equal(again.welcome().nick, 'bob');
    a.send({ type: 'send', id: 'after', room: 'general', text: 'welcome back' });
    await again.next('message', (m) => m.type === 'message' && m.text === 'welcome back');
    // but a session that comes back under another name each time is a leave and a join each time: a newcomer
    const renamed = await RawRich.connect(port);
    renamed.send({ type: 'hello', v: 1, nick: 'sneaky', client: 't', session });
    assert.equal((await renamed.next('error')).code, 'too_many_connections');
    assert.equal(a.received.filter((m) => m.type === 'join' && m.nick === 'sneaky').length, 0);
  } finally {
    await server.close();
  }
});

test('a client that stays behind the soft cap is evicted after the grace time, below the hard cap', async () => {
  const { server, port } = await startServer({ limits: { slowBuffered: 64 * 1024, slowConsumerMs: 300, rateBurst: 100_000, ratePerSecond: 100_000 } });
  try {
    const room = await bystanders(port);
    const deaf = await deafClient(port, 'laggard', room.a);
    const text = 'z'.repeat(8000);
    for (let i = 0; i < 800 && !room.b.received.some((m) => m.type === 'leave'); i += 20) {
      for (let j = i; j < i + 20; j++) room.a.send({ type: 'send', id: `s${j}`, room: 'general', text: `${j} ${text}` });
      await room.a.next('ack', (m) => m.type === 'ack' && m.id === `s${i + 19}`, 10_000);
    }
    const left = await room.b.next('leave', (m) => m.type === 'leave' && m.nick === 'laggard', 20_000);
    assert.equal(left.reason, 'slow');
    deaf.destroy();
    await room.check();
  } finally {
    await server.close();
  }
});

test('a text whose event would not fit in one line is refused (text_too_long) and the room hears nothing; one that fits goes out', async () => {
  const { server, port } = await startServer({ limits: { maxLine: 2048 } });
  try {
    const a = await RawRich.join(port, 'a');
    const b = await RawRich.join(port, 'b');
    a.send({ type: 'send', id: 'big', room: 'general', text: '漢'.repeat(600) }); // 1,800 bytes + the event around it
    const e = await a.next('error');
    assert.equal(e.code, 'text_too_long');
    assert.equal(e.id, 'big');
    a.send({ type: 'send', id: 'near', room: 'general', text: '漢'.repeat(500) }); // counted exactly: it fits
    a.send({ type: 'send', id: 'short', room: 'general', text: 'hi' }); // fits without counting
    await a.next('ack', (m) => m.type === 'ack' && m.id === 'short');
    await until(() => b.messages().length === 2 || undefined, 'two messages at b');
    assert.deepEqual(b.messages(), [`a: ${'漢'.repeat(500)}`, 'a: hi']);
    a.close();
    b.close();
  } finally {
    await server.close();
  }
});

test('direct messages kept for resumes have a server-wide budget: a flood of long ones drops those of sessions gone first', async () => {
  const { server, port } = await startServer({ limits: { rateBurst: 100_000, ratePerSecond: 100_000 } });
  try {
    // a session whose connection is gone keeps a direct message for its resume
    const gone = await RawRich.join(port, 'gone');
    const flooder = await RawRich.join(port, 'flooder');
    flooder.send({ type: 'dm', id: 'g', to: 'gone', text: 'kept for your return' });
    await gone.next('dm');
    const token = gone.welcome().session;
    gone.send({ type: 'bye' });
    await until(() => server.connections === 1 || undefined, 'gone to leave');
    // sessions that each keep their 100 longest direct messages (to themselves), together past the budget
    const text = 'x'.repeat(16 * 1024);
    const n = 100;
    const crowd = [flooder];
    while (crowd.length * n * text.length <= DM_KEEP_UNITS) crowd.push(await RawRich.join(port, `flooder${crowd.length + 1}`));
    for (const c of crowd) {
      for (let i = 1; i <= n; i++) c.send({ type: 'dm', id: `f${i}`, to: c.welcome().nick, text });
      await c.next('ack', (m) => m.type === 'ack' && m.id === `f${n}`, 20_000);
    }
    const back = await RawRich.join(port, 'gone', { session: token, dmSeq: 0 });
    back.send({ type: 'ping', t: 1 });
    await back.next('pong');
    assert.deepEqual(back.received.filter((m) => m.type === 'dm'), [], "the gone session's kept messages went first");
    // the flooder's own latest ones are still kept (its connection may die: a resume gets them again)
    const last = crowd[crowd.length - 1]!;
    const again = await RawRich.join(port, last.welcome().nick, { session: last.welcome().session, dmSeq: n - 4 });
    await until(() => again.received.filter((m) => m.type === 'dm').length === 4 || undefined, 'the last four again');
    for (const c of [back, again, ...crowd]) c.close();
  } finally {
    await server.close();
  }
});

test("the rooms' histories have a server-wide budget: one client filling rooms with long messages and edits trims the fullest room first; another room keeps its history", async () => {
  const { server, port } = await startServer({ limits: { rateBurst: 100_000, ratePerSecond: 100_000, historyText: 200_000 } });
  const clients: RawRich[] = [];
  try {
    const dave = await RawRich.join(port, 'dave', { rooms: ['dev'] });
    clients.push(dave);
    dave.send({ type: 'send', id: 'd', room: 'dev', text: 'the plan for tomorrow' });
    await dave.next('ack');
    const filler = await RawRich.join(port, 'filler', { rooms: ['a', 'b'] });
    clients.push(filler);
    const text = '字'.repeat(16_000);
    for (let i = 1; i <= 20; i++) {
      for (const room of ['a', 'b']) filler.send({ type: 'send', id: `${room}${i}`, room, text });
      filler.send({ type: 'edit', id: `e${i}`, room: 'a', target: 0, text: `${text}!` });
    }
    await filler.next('ack', (m) => m.type === 'ack' && m.id === 'e20', 20_000);
    const kept = async (room: string) => {
      const c = await RawRich.join(port, `reader${clients.length}`, { rooms: [room] });
      clients.push(c);
      return c.received.filter((m) => (m.type === 'message' || m.type === 'edit') && m.room === room).reduce((n, m) => n + (m.type === 'message' || m.type === 'edit' ? m.text.length : 0), 0);
    };
    const [a, b] = [await kept('a'), await kept('b')];
    assert.ok(a + b <= 200_000, `what the histories keep fits the budget: ${a} + ${b}`);
    assert.ok(a > 0 && b > 0, 'each keeps its newest');
    assert.deepEqual((await RawRich.join(port, 'dave2', { rooms: ['dev'] })).messages('dev'), ['dave: the plan for tomorrow'], 'a room with little in it keeps it');
  } finally {
    for (const c of clients) c.close();
    await server.close();
  }
});

test('a history of long messages past what a connection may queue: a newcomer gets its newest part and a gap, not an eviction', async () => {
  const { server, port } = await startServer({ limits: { maxBuffered: 256 * 1024, slowBuffered: 128 * 1024, history: 100 } });
  try {
    const talker = await RawRich.join(port, 'talker');
    const text = 'é'.repeat(16 * 1024 - 8); // ~32 KiB as UTF-8, within maxText
    for (let i = 1; i <= 20; i++) {
      talker.send({ type: 'send', id: `m${i}`, room: 'general', text: `${i} ${text}` });
      await talker.next('ack', (m) => m.type === 'ack' && m.id === `m${i}`); // one at a time: the talker reads them all
    }
    const newcomer = await RawRich.join(port, 'newcomer');
    const synced = newcomer.received.find((m) => m.type === 'synced');
    assert.equal(synced?.type === 'synced' && synced.gap, true, 'what did not fit is said to be missing');
    const got = newcomer.received.flatMap((m) => (m.type === 'message' ? [Number(m.text.split(' ')[0])] : []));
    assert.ok(got.length > 0 && got.length < 20, `some of the history, not all (${got.length})`);
    assert.deepEqual(got, Array.from({ length: got.length }, (_, k) => 21 - got.length + k), 'the newest, in order');
    talker.send({ type: 'send', id: 'after', room: 'general', text: 'still here?' });
    await newcomer.next('message', (m) => m.type === 'message' && m.text === 'still here?');
    newcomer.close();
    talker.close();
  } finally {
    await server.close();
  }
});

test("what a peer sends reaches the host's log as one line without control characters", async () => {
  const lines: string[] = [];
  const { server, port } = await startServer({ log: (line) => lines.push(line) });
  try {
    const evil = await RawRich.connect(port);
    evil.send({ type: 'hello', v: 1, nick: 'x\u001b[2J\nhost: everyone is banned', client: 'x\u001b]0;pwned\u0007' });
    await evil.next('error');
    const nc = await LineClient.connect(port, 'y\u001b[31m');
    await nc.waitFor('Connected');
    await until(() => lines.some((l) => l.includes('joined')) || undefined, 'the plain join in the log');
    // a line built from what a peer said before it was checked (a banned address's hello names its nickname)
    server.log(`10.0.0.9 as ${'eve\u001b[2J\nhost: everyone is banned'}: banned: refused`, 'warn');
    assert.equal(lines.at(-1), '10.0.0.9 as eve[2J host: everyone is banned: banned: refused');
    // eslint-disable-next-line no-control-regex
    assert.deepEqual(lines.filter((l) => /[\u0000-\u001f\u007f-\u009f]/.test(l)), [], lines.join('\n'));
    nc.close();
  } finally {
    await server.close();
  }
});

test("a shared code's path reaches everyone as one line, without control or bidirectional characters, in a room and in a direct message", async () => {
  const { server, port } = await startServer();
  try {
    const { a, b } = await bystanders(port);
    const code = { path: 'src/a.ts\n\u001b[2J report\u202efdp.sh\u2066x\u2069\u200f', language: 'typescript', startLine: 1, endLine: 1 };
    a.send({ type: 'send', id: 'c1', room: 'general', text: 'x', kind: 'code', code });
    a.send({ type: 'dm', id: 'c2', to: 'bob', text: 'x', kind: 'code', code });
    const inRoom = await b.next('message', (m) => m.type === 'message' && m.kind === 'code');
    const direct = await b.next('dm');
    assert.equal(inRoom.code?.path, 'src/a.ts [2J reportfdp.shx');
    assert.equal(direct.code?.path, 'src/a.ts [2J reportfdp.shx', 'a direct message the same');
  } finally {
    await server.close();
  }
});

test("a shared code's path keeps its own spaces (a file called `Meeting  notes.md` opens, for its sharer too)", async () => {
  const { server, port } = await startServer();
  try {
    const { a, b } = await bystanders(port);
    for (const [i, path] of ['docs/Meeting  notes.md', 'src/a\u00a0b.ts', 'notes/ todo.md', 'a\tb.txt'].entries()) {
      a.send({ type: 'send', id: `p${i}`, room: 'general', text: 'x', kind: 'code', code: { path, startLine: 1, endLine: 1 } });
      const got = await b.next('message', (m) => m.type === 'message' && m.kind === 'code');
      assert.equal(got.code?.path, path);
    }
  } finally {
    await server.close();
  }
});

test("joins, leaves and reaction toggles past the history's length do not push the conversation out of a newcomer's replay", async () => {
  const { server, port } = await startServer({ limits: { history: 5 } });
  try {
    const { a, b } = await bystanders(port);
    for (const text of ['one', 'two', 'three']) a.send({ type: 'send', id: text, room: 'general', text });
    const three = await b.next('message', (m) => m.type === 'message' && m.text === 'three');
    for (let i = 0; i < 8; i++) {
      const nc = await LineClient.connect(port, `drifter${i}`);
      await nc.waitFor('Connected');
      nc.say('/quit');
      await b.next('leave', (m) => m.type === 'leave' && m.nick === `drifter${i}`);
    }
    for (let i = 0; i < 8; i++) {
      b.send({ type: 'react', id: `r${i}`, room: 'general', target: three.seq, emoji: '👍' });
      await b.next('ack', (m) => m.type === 'ack' && m.id === `r${i}`);
    }
    const newcomer = await RawRich.join(port, 'newcomer');
    assert.deepEqual(newcomer.messages(), ['alice: one', 'alice: two', 'alice: three']);
  } finally {
    await server.close();
  }
});

test("a flood of connections the server refuses does not hold its connection slots: others still get in", async () => {
  // maxClients 10: the server takes 74 connections at once (10 + 64 to tell the excess why)
  const { server, port } = await startServer({ limits: { maxClients: 10, maxClientsPerAddress: 2 } });
  const flood: Socket[] = [];
  try {
    // from another loopback address, 150 connections that say nothing: all but 2 are refused
    for (let i = 0; i < 150; i++) {
      const s = connect({ host: '127.0.0.1', port, localAddress: '127.0.0.2' });
      s.on('error', () => {});
      flood.push(s);
    }
    await Promise.all(flood.map((s) => new Promise((r) => (s.readyState === 'opening' ? s.once('connect', r).once('close', r) : r(undefined)))));
    const friend = await RawRich.join(port, 'friend');
    assert.equal(friend.welcome().nick, 'friend');
    friend.close();
  } finally {
    for (const s of flood) s.destroy();
    await server.close();
  }
});

/** Writes `bytes` on a new connection (after `NICK` came, when `afterNick`) and gathers what comes back until it closes (at most 5 s). */
async function oneShot(port: number, bytes: string | Buffer, afterNick = false): Promise<string> {
  const s = connect({ host: '127.0.0.1', port });
  s.on('error', () => {});
  const got: Buffer[] = [];
  s.on('data', (d: Buffer) => got.push(d));
  await new Promise((r) => s.once('connect', r));
  if (afterNick) await until(() => (Buffer.concat(got).toString('latin1').startsWith('NICK') ? true : undefined), 'NICK');
  s.write(bytes);
  // (a server that let it in would keep it: what came within 5 s, then)
  await new Promise((r) => {
    s.once('close', r);
    setTimeout(r, 5000).unref();
  });
  s.destroy();
  return Buffer.concat(got).toString('latin1');
}

test('a web browser or curl at the room\'s port gets an HTTP 400 and is nobody in the room; its headers are not posted', async () => {
  const { server, port } = await startServer();
  try {
    const room = await bystanders(port);
    const request = 'GET /some/path HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: session=secret\r\n\r\n';
    const answer = await oneShot(port, request);
    assert.match(answer, /^HTTP\/1\.1 400 Bad Request\r\n/);
    assert.match(answer, /This is a TCP Chat room, not a web server/);
    // a request that comes after NICK (a slow one): refused too, with the same answer
    assert.match(await oneShot(port, 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nhi', true), /HTTP\/1\.1 400 Bad Request/);
    // a long address (its HTTP/1.1 far from the start), and a method of curl -X
    assert.match(await oneShot(port, `GET /${'x'.repeat(5000)} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: session=secret\r\n\r\n`), /^HTTP\/1\.1 400 Bad Request\r\n/);
    assert.match(await oneShot(port, 'FOO / HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: session=secret\r\n\r\n'), /^HTTP\/1\.1 400 Bad Request\r\n/);
    // an address longer than a line may be (a first line no nickname could be): disconnected, its headers unread
    assert.match(await oneShot(port, `GET /${'x'.repeat(70_000)} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: session=secret\r\n\r\n`), /error: the first line is over 65,536 bytes, and a nickname has at most 32 characters: disconnected/);
    await room.check();
    const seen = room.b.received.filter((m) => (m.type === 'join' && m.nick !== 'bob') || (m.type === 'message' && m.from !== 'alice'));
    assert.deepEqual(seen, [], 'nobody joined, nothing was said');
    assert.equal(JSON.stringify(room.b.received).includes('secret'), false);
  } finally {
    await server.close();
  }
});

test("an IRC client at the room's port is told this is no IRC server and is nobody in the room; its password is no nickname, nor in the log", async () => {
  const logs: string[] = [];
  const { server, port } = await startServer({ log: (l) => logs.push(l) });
  try {
    const room = await bystanders(port);
    // WeeChat, irssi and HexChat ask for capabilities first; one set up with the server's password sends it first;
    // an older one or a bot says NICK and USER
    for (const opening of ['CAP LS 302\r\n', 'PASS hunter2\r\n', '']) {
      const answer = await oneShot(port, `${opening}NICK ada\r\nUSER ada 0 * :Ada Lovelace\r\n`);
      assert.match(answer, /^ERROR :This is a TCP Chat room, not an IRC server\. Join it with .*\r\n$/, JSON.stringify(opening));
    }
    // one that came after NICK (a slow one): `NICK` a line of its own, then the same
    assert.match(await oneShot(port, 'PASS hunter2\r\nNICK ada\r\nUSER ada 0 * :Ada\r\n', true), /^NICK\r\nERROR :This is a TCP Chat room, not an IRC server/);
    await room.check();
    const seen = room.b.received.filter((m) => (m.type === 'join' && m.nick !== 'bob') || (m.type === 'message' && m.from !== 'alice'));
    assert.deepEqual(seen, [], 'nobody joined, nothing was said');
    assert.equal(JSON.stringify(room.b.received).includes('hunter2'), false);
    assert.equal(logs.filter((l) => l.includes('an IRC client')).length, 4, logs.join('\n'));
    assert.equal(logs.some((l) => l.includes('hunter2')), false, logs.join('\n'));
  } finally {
    await server.close();
  }
});

test("a flood of refused connections does not flood the host's log: a few lines a minute per address, then one that says the rest are left out", async () => {
  const logs: string[] = [];
  const { server, port } = await startServer({ log: (l) => logs.push(l) });
  try {
    for (let i = 0; i < 12; i++) assert.match(await oneShot(port, 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'), /^HTTP\/1\.1 400/);
    const refused = logs.filter((l) => l.includes('an HTTP request'));
    assert.equal(refused.length, 5, refused.join('\n'));
    assert.match(refused[4]!, /\(the next about 127\.0\.0\.1 in this minute are left out\)$/);
    // a member's own lines are not held back by it
    const c = await RawRich.join(port, 'member');
    await until(() => logs.some((l) => l.startsWith('member joined')) || undefined, 'the join logged');
    c.close();
  } finally {
    await server.close();
  }
});

test("a banned nickname tried again and again does not flood the host's log: its refusals are throttled as the others are", async () => {
  const logs: string[] = [];
  const { server, port } = await startServer({ log: (l) => logs.push(l) });
  try {
    const owner = await RawRich.join(port, 'owner', { ownerKey: server.ownerKey });
    const eve = await RawRich.join(port, 'eve');
    owner.send({ type: 'ban', id: 'b', room: 'general', nick: 'eve', reason: 'spam' });
    await eve.waitClosed();
    // a plain client that names itself at once: refused with BAN
    for (let i = 0; i < 12; i++) assert.match(await oneShot(port, 'eve\n'), /BAN$/);
    const refused = logs.filter((l) => l.startsWith('refused eve'));
    assert.equal(refused.length, 5, refused.join('\n'));
    owner.close();
  } finally {
    await server.close();
  }
});

test('an invite with a key at a room that is not private: refused in clear, and no member made of its TLS hello', async () => {
  const { server, port } = await startServer();
  try {
    const room = await bystanders(port);
    // the start of a TLS ClientHello (a handshake record), as a client holding a key opens
    const hello = Buffer.from([0x16, 0x03, 0x01, 0x00, 0x40, 0x01, 0x00, 0x00, 0x3c, 0x03, 0x03, ...Buffer.alloc(58, 0x41)]);
    const answer = await oneShot(port, hello);
    assert.deepEqual(JSON.parse(answer), { type: 'error', code: 'bad_message', message: 'this room is not private: join without the key' });
    await room.check();
    assert.deepEqual(room.b.received.filter((m) => m.type === 'join' && m.nick !== 'bob'), [], 'no "guest joined"');
  } finally {
    await server.close();
  }
});

test("an IPv6 address's /64 is one address for bans and failed room keys (its next address is the same machine), as for newcomers", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'tcp-chat-v6-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const historyFile = join(dir, 'history.json');
  writeFileSync(historyFile, JSON.stringify({ version: 1, savedAt: Date.now(), rooms: [], sessions: [], bans: { nicks: [], addresses: ['2001:db8:0:7::1'] } }));
  const lines: string[] = [];
  const { server } = await startServer({ historyFile, roomKey: 'k'.repeat(32), log: (line) => lines.push(line) });
  try {
    const at = (address: string) => ({ address, label: `x [plain ${address}]` }) as unknown as Peer; // (only what these read)
    assert.equal(server.isBanned(at('2001:db8:0:7::1'), 'eve'), true);
    assert.equal(server.isBanned(at('2001:db8:0:7:a:b:c:d'), 'eve2'), true, 'another address of the /64');
    assert.equal(server.isBanned(at('2001:db8:0:8::1'), 'eve2'), false, 'the next /64 is someone else');
    for (const address of ['2001:db8:0:9::1', '2001:db8:0:9::2', '2001:db8:0:9::3']) server.checkRoomKey(at(address), 'wrong');
    assert.match(lines.filter((l) => l.includes('wrong room key')).at(-1) ?? '', /3 failure\(s\)/, 'counted together');
  } finally {
    await server.close();
  }
});

