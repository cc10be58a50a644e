// A client that ends its side of the connection after its requests (a FIN: `printf 'alice\nhello\n' | nc -N`, a
// shutdown of its writes) and reads on: it gets every answer (acknowledgements waiting for the history's save, requests
// waiting for their rate tokens and their echoes), then the server ends its side. In every phase: before any byte,
// at the NICK prompt, over TLS, in the middle of a line. No socket stays once the peer is gone.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { clientTlsOptions, createRoomKey } from '../../src/node/roomKey';
import type { ServerMessage } from '../../src/protocol/messages';
import { historyDir, RawRich, startServer, until } from './helpers';

/** A client that writes `data` and ends its side at once (its FIN), then reads everything until the server's end. */
class HalfClosing {
  raw = Buffer.alloc(0);
  closed = false;
  constructor(readonly socket: Socket) {
    socket.on('data', (d: Buffer) => (this.raw = Buffer.concat([this.raw, d])));
    socket.on('error', () => {});
    // (its own side ended already: a close is the server's end of its side)
    socket.on('close', () => (this.closed = true));
  }

  static async send(port: number, data: string): Promise<HalfClosing> {
    const s = connect({ host: '127.0.0.1', port });
    await new Promise((r, j) => s.once('connect', r).once('error', j));
    const c = new HalfClosing(s);
    s.end(data);
    return c;
  }

  get text(): string {
    return this.raw.toString('utf8');
  }

  /** The JSON lines read (after a `NICK` a late hello gets first). */
  messages(): ServerMessage[] {
    return this.text
      .replace(/^NICK/, '')
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as ServerMessage);
  }

  waitClosed(ms = 30_000): Promise<true> {
    return until(() => this.closed || undefined, () => `the server to end the connection (read ${JSON.stringify(this.text.slice(-200))})`, ms);
  }
}

const hello = (nick: string) => JSON.stringify({ type: 'hello', v: 1, nick, client: 'test' }) + '\n';
const send = (i: number) => JSON.stringify({ type: 'send', id: `s${i}`, room: 'general', text: `line ${i}` }) + '\n';
const sends = (n: number) => Array.from({ length: n }, (_, i) => send(i + 1)).join('');

/** Every request acknowledged and echoed, in order, and the server's end after them. */
function assertAllAnswered(c: HalfClosing, n: number): void {
  const got = c.messages();
  const acks = got.filter((m) => m.type === 'ack').map((m) => (m.type === 'ack' ? m.id : ''));
  assert.deepEqual(acks, Array.from({ length: n }, (_, i) => `s${i + 1}`), 'every request acknowledged, in order');
  const echoes = got.filter((m) => m.type === 'message').map((m) => (m.type === 'message' ? m.text : ''));
  assert.deepEqual(echoes, Array.from({ length: n }, (_, i) => `line ${i + 1}`), 'and echoed');
  assert.equal(got.filter((m) => m.type === 'error').length, 0, JSON.stringify(got.filter((m) => m.type === 'error')));
}

test('a rich client that ends its side after a hello and 40 requests gets every ack (after the save) and echo, then the end', async (t) => {
  const { historyFile } = historyDir(t);
  const { server, port } = await startServer({ historyFile });
  const watcher = await RawRich.join(port, 'watcher');
  // 40: 20 on the burst's tokens, 20 waiting for theirs
  const c = await HalfClosing.send(port, hello('alice') + sends(40));
  await c.waitClosed();
  assertAllAnswered(c, 40);
  await until(() => watcher.messages().length === 40 || undefined, 'the room to get all 40');
  await until(() => server.connections === 1 || undefined, () => `alice's connection gone (${server.connections})`);
  watcher.close();
});

test('a rich client that ends its side after a bye among its requests gets their acks (after the save), then the end', async (t) => {
  const { historyFile } = historyDir(t);
  const { port } = await startServer({ historyFile });
  const c = await HalfClosing.send(port, hello('alice') + sends(25) + JSON.stringify({ type: 'bye' }) + '\n');
  await c.waitClosed();
  assertAllAnswered(c, 25);
});

test('a rich client that ends its side in the middle of a line: the last line without its newline is read, answered, and the connection ends', async (t) => {
  const { historyFile } = historyDir(t);
  const { server, port } = await startServer({ historyFile });
  const c = await HalfClosing.send(port, hello('alice') + send(1) + send(2).trimEnd());
  await c.waitClosed();
  assertAllAnswered(c, 2);
  // and a line cut short (half a JSON object): said what is wrong with it, then the end
  const cut = await HalfClosing.send(port, hello('bob') + send(1) + send(2).slice(0, 20));
  await cut.waitClosed();
  const errors = cut.messages().filter((m) => m.type === 'error');
  assert.deepEqual(errors.map((m) => (m.type === 'error' ? m.code : '')), ['bad_json']);
  await until(() => server.connections === 0 || undefined, () => `no connection left (${server.connections})`);
});

test('a plain client that ends its side after its nickname and lines (printf | nc -N) gets its lines echoed, then the end', async () => {
  const { server, port } = await startServer();
  const watcher = await RawRich.join(port, 'watcher');
  const lines = Array.from({ length: 40 }, (_, i) => `hello ${i + 1}`);
  const c = await HalfClosing.send(port, `alice\n${lines.join('\n')}\n`);
  await c.waitClosed();
  const got = c.text.split('\n');
  assert.match(c.text, /^NICKalice joined!\nConnected to server!\n/);
  assert.deepEqual(got.filter((l) => l.startsWith('alice: ')), lines.map((l) => `alice: ${l}`), 'every line, the 20 that waited for their tokens too');
  await watcher.next('leave', (m) => m.type === 'leave' && m.nick === 'alice');
  assert.equal(watcher.messages().length, 40);
  // the last line without its newline, as the tutorial's client sends it
  const last = await HalfClosing.send(port, 'bob\nhi\nbye now');
  await last.waitClosed();
  assert.match(last.text, /bob: hi\nbob: bye now\n/);
  await until(() => server.connections === 1 || undefined, () => `only the watcher left (${server.connections})`);
  watcher.close();
});

test('an end before anything is said, white space only, at the NICK prompt, or with a nickname and no newline: the server ends its side too', async () => {
  const { server, port } = await startServer({ limits: { plainDetectMs: 50 } });
  // an end before the detection's time: at a server that waits long for a first byte (at 50 ms a loaded machine read
  // the FIN after the timer, and the silent client got NICK first)
  const { server: patient, port: patientPort } = await startServer({ limits: { plainDetectMs: 60_000 } });
  const silent = await HalfClosing.send(patientPort, '');
  const blank = await HalfClosing.send(patientPort, '  \n\n');
  // at the NICK prompt: it got NICK, then ends with no nickname
  const s = connect({ host: '127.0.0.1', port });
  const prompt = new HalfClosing(s);
  await until(() => prompt.text === 'NICK' || undefined, 'NICK');
  s.end();
  // a nickname without its newline, then the end: it joins and leaves
  const nickOnly = await HalfClosing.send(port, 'carol');
  for (const c of [silent, blank, prompt, nickOnly]) await c.waitClosed();
  assert.equal(silent.text, '');
  assert.equal(prompt.text, 'NICK');
  assert.match(nickOnly.text, /^NICKcarol joined!\n/);
  await until(() => server.connections === 0 || undefined, () => `no connection left (${server.connections})`);
  await until(() => patient.connections === 0 || undefined, () => `no connection left (${patient.connections})`);
});

test('over TLS (a private room) a client that ends its side after its requests gets every ack and echo, then the end', async (t) => {
  const key = createRoomKey();
  const { historyFile } = historyDir(t);
  const { server, port } = await startServer({ roomKey: key, historyFile });
  const s = tlsConnect(clientTlsOptions('127.0.0.1', port, key));
  await new Promise((r, j) => s.once('secureConnect', r).once('error', j));
  const c = new HalfClosing(s);
  s.end(hello('alice') + sends(30));
  await c.waitClosed();
  assertAllAnswered(c, 30);
  // and one that ends its side before its hello
  const quiet = tlsConnect(clientTlsOptions('127.0.0.1', port, key));
  await new Promise((r, j) => quiet.once('secureConnect', r).once('error', j));
  const q = new HalfClosing(quiet);
  quiet.end();
  await q.waitClosed();
  await until(() => server.connections === 0 || undefined, () => `no connection left (${server.connections})`);
});

test('a rich client slower than the detection (it got NICK) whose hello is its last line, without its newline, before its end: welcomed, then the end', async () => {
  const { server, port } = await startServer({ limits: { plainDetectMs: 20 } });
  const s = connect({ host: '127.0.0.1', port });
  const c = new HalfClosing(s);
  await until(() => c.text === 'NICK' || undefined, 'NICK');
  s.end(hello('alice').trimEnd());
  await c.waitClosed();
  const got = c.messages();
  assert.equal(got[0]?.type, 'welcome', JSON.stringify(got));
  await until(() => server.connections === 0 || undefined, () => `no connection left (${server.connections})`);
});
