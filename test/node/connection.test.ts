import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { createServer, connect, type AddressInfo, type Socket } from 'node:net';
import { Connection } from '../../src/node/connection';
import { FlushRounds, LAZY_MS } from '../../src/node/flushRounds';
import { until } from './helpers';

test('close() sends what was queued and its last words whole, multi-byte characters included', async () => {
  let serverSide: Socket | undefined;
  const server = createServer((s) => (serverSide = s));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const client = connect({ host: '127.0.0.1', port: (server.address() as AddressInfo).port });
  let got = Buffer.alloc(0);
  let ended = false;
  client.on('data', (d: Buffer) => (got = Buffer.concat([got, d])));
  client.on('end', () => (ended = true));
  try {
    const s = await until(() => serverSide, 'the connection');
    const conn = new Connection(s, { rounds: new FlushRounds<Connection>(), maxBuffered: 1 << 20 });
    conn.write('queued first\n');
    conn.close('last words: café — “ok” 🎉\n');
    await until(() => ended || undefined, 'the end of the stream');
    assert.equal(got.toString('utf8'), 'queued first\nlast words: café — “ok” 🎉\n');
  } finally {
    client.destroy();
    await new Promise<void>((r) => server.close(() => r()));
  }
});

/** A socket that records what a Connection writes: each entry is one syscall's worth (corked writes together). */
class RecordingSocket extends EventEmitter {
  readonly writes: string[] = [];
  private corked: string[] | undefined;
  destroyed = false;
  writableLength = 0;
  remoteAddress = '127.0.0.1';
  remotePort = 1;
  setNoDelay(): this { return this; }
  setKeepAlive(): this { return this; }
  cork(): void { this.corked = []; }
  uncork(): void {
    if (this.corked) this.writes.push(this.corked.join(''));
    this.corked = undefined;
  }
  write(chunk: Uint8Array): boolean {
    const text = Buffer.from(chunk).toString('utf8');
    if (this.corked) this.corked.push(text);
    else this.writes.push(text);
    return true;
  }
  end(): void { this.destroyed = true; }
  destroy(): void { this.destroyed = true; }
}

function recorded(): { sock: RecordingSocket; conn: Connection } {
  const sock = new RecordingSocket();
  // the fake implements every Socket member Connection uses; the cast is the point of a fake
  return { sock, conn: new Connection(sock as unknown as Socket, { rounds: new FlushRounds<Connection>(), maxBuffered: 1 << 20 }) };
}

test('lazy bytes (joins and leaves) wait up to LAZY_MS for company, then go out by themselves', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout', 'setImmediate'] });
  const { sock, conn } = recorded();
  conn.write('{"type":"join","nick":"a"}\n', true);
  conn.write('{"type":"join","nick":"b"}\n', true);
  t.mock.timers.tick(0); // the end of the turn: an ordinary round would have written by now
  t.mock.timers.tick(LAZY_MS - 1);
  assert.deepEqual(sock.writes, []);
  t.mock.timers.tick(1);
  t.mock.timers.tick(0);
  assert.deepEqual(sock.writes, ['{"type":"join","nick":"a"}\n{"type":"join","nick":"b"}\n'], 'both in one write, in order');
});

test('bytes that may not wait take the waiting lazy bytes along, in order, in one write; other sockets keep waiting', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout', 'setImmediate'] });
  const a = recorded();
  const b = recorded();
  a.conn.write('a joined\n', true);
  b.conn.write('a joined\n', true);
  a.conn.write('a: hello\n');
  t.mock.timers.tick(0);
  assert.deepEqual(a.sock.writes, ['a joined\na: hello\n']);
  assert.deepEqual(b.sock.writes, [], 'a socket with only lazy bytes is not part of the round');
  b.conn.write('b left\n', true);
  t.mock.timers.tick(LAZY_MS);
  t.mock.timers.tick(0);
  assert.deepEqual(b.sock.writes, ['a joined\nb left\n']);
  assert.deepEqual(a.sock.writes, ['a joined\na: hello\n'], 'nothing is written twice');
});

test('close() sends the lazy bytes still waiting before its last words', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout', 'setImmediate'] });
  const { sock, conn } = recorded();
  conn.write('b joined\n', true);
  conn.close('bye\n');
  t.mock.timers.tick(LAZY_MS);
  t.mock.timers.tick(0);
  assert.deepEqual(sock.writes, ['b joined\nbye\n']);
});

test('a write that throws in a round drops that peer (it resumes when it reconnects) and the others are written', async () => {
  const bad = recorded();
  const good = recorded();
  bad.sock.write = () => {
    throw new Error('boom');
  };
  bad.conn.write('to bad\n');
  good.conn.write('to good\n');
  await new Promise((r) => setImmediate(r));
  assert.ok(bad.sock.destroyed, 'the peer whose write threw is dropped');
  assert.ok(bad.conn.closed);
  assert.deepEqual(good.sock.writes, ['to good\n']);
  good.conn.write('again\n');
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(good.sock.writes, ['to good\n', 'again\n'], 'the rounds after it go on');
});
