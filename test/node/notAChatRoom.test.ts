// Joining a port where something else listens (ssh, a web server, a program that says nothing): the client says
// so at once, or after its wait, instead of hanging or reporting malformed messages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { ChatClient } from '../../src/node/chatClient';

async function listen(onConnection: (s: Socket) => void): Promise<{ server: Server; port: number; sockets: Socket[] }> {
  const sockets: Socket[] = [];
  const server = createServer((s) => {
    sockets.push(s);
    s.on('error', () => {});
    onConnection(s);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return { server, port: typeof address === 'object' && address ? address.port : 0, sockets };
}

test('a server that speaks another protocol is named for what it said, at once', async () => {
  const { server, port, sockets } = await listen((s) => s.write('SSH-2.0-OpenSSH_9.2\r\n'));
  try {
    const c = new ChatClient({ host: '127.0.0.1', port, nick: 'ada', reconnect: false });
    await assert.rejects(c.connect(), /not a TCP Chat room: it said "SSH-2.0-OpenSSH_9.2"/);
    await c.leave();
  } finally {
    for (const s of sockets) s.destroy();
    server.close();
  }
});

test('an echo server (it says our hello back) is quoted cut short with an ellipsis, not stopped mid-word as if that were all', async () => {
  const { server, port, sockets } = await listen((s) => s.pipe(s));
  try {
    const c = new ChatClient({ host: '127.0.0.1', port, nick: 'zed', reconnect: false });
    const e = await c.connect().then(() => undefined, (err: Error) => err);
    assert.match(e?.message ?? '', /^not a TCP Chat room: it said "\{"type":"hello","v":1,"nick":"zed",.{10,}…"$/);
    await c.leave();
  } finally {
    for (const s of sockets) s.destroy();
    server.close();
  }
});

test("the Python tutorial's server (NICK, then every line sent back to everyone) is named a plain-text room, with the nc line to join it", async () => {
  // (its broadcast sends the client's own lines back to it: our hello, as if the server had said it)
  const { server, port, sockets } = await listen((s) => {
    s.write('NICK');
    s.once('data', (d) => s.write(d));
  });
  try {
    const c = new ChatClient({ host: '127.0.0.1', port, nick: 'zed', reconnect: false });
    const e = await c.connect().then(() => undefined, (err: Error) => err);
    assert.equal(e?.message, `a plain-text chat room, not a TCP Chat one (it asked for a NICK and sent our hello back, as the Python tutorial's server does): join it with nc 127.0.0.1 ${port}`);
    await c.leave();
  } finally {
    for (const s of sockets) s.destroy();
    server.close();
  }
});

/** What joining a server that answers `answer` (and nothing else) says. */
async function quoted(answer: string): Promise<string> {
  const { server, port, sockets } = await listen((s) => s.write(answer));
  try {
    const c = new ChatClient({ host: '127.0.0.1', port, nick: 'zed', reconnect: false });
    const e = await c.connect().then(() => undefined, (err: Error) => err);
    await c.leave();
    return e?.message ?? '';
  } finally {
    for (const s of sockets) s.destroy();
    server.close();
  }
}

test("a server's refusal in words (a TCP Chat server that took a late hello for a plain client's) is said as a refusal, not as no chat room", async () => {
  assert.equal(await quoted('error: too many connections from 127.0.0.1 (at most 3)\n'), 'the server refused the connection: too many connections from 127.0.0.1 (at most 3)');
});

test('an answer of emoji is counted in characters: 31 of them are quoted whole, with no ellipsis', async () => {
  assert.equal(await quoted(`${'😀'.repeat(31)}\n`), `not a TCP Chat room: it said "${'😀'.repeat(31)}"`);
});

test('a character cut at the 200th byte of a long answer is left out of the quote, not shown as U+FFFD', async () => {
  // 49 emoji and "aaa" are 199 bytes: the next emoji straddles the cut
  assert.equal(await quoted(`${'😀'.repeat(49)}aaa${'😀'.repeat(5)}\n`), `not a TCP Chat room: it said "${'😀'.repeat(49)}aaa…"`);
});

test('a server that accepts and says nothing is given up after the wait, with a hint', async () => {
  const { server, port, sockets } = await listen(() => {});
  try {
    const c = new ChatClient({ host: '127.0.0.1', port, nick: 'ada', reconnect: false, connectTimeoutMs: 300 });
    await assert.rejects(c.connect(), new RegExp(`connected, but no TCP Chat room answered within 0.3 s \\(is something else on port ${port}\\?\\)`));
    await c.leave();
  } finally {
    for (const s of sockets) s.destroy();
    server.close();
  }
});
