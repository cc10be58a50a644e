import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, connect, type AddressInfo, type Socket } from 'node:net';
import { ConcatSlab } from '../../src/node/concatSlab';
import { SharedConcat } from '../../src/node/sharedConcat';
import { Connection } from '../../src/node/connection';
import { FlushRounds } from '../../src/node/flushRounds';
import { collectGarbage, until } from './helpers';

const b = (s: string) => Buffer.from(s, 'utf8');
/** A socket as the slab sees it: bytes it has not handed to the kernel yet. */
const backlog = (writableLength = 0) => ({ writableLength });

test('concatenations are copied one after another into the same slab', () => {
  const slab = new ConcatSlab(64);
  const one = slab.concat([b('ab'), b('cd')]);
  const two = slab.concat([b('é'), b('f\n')]);
  assert.equal(one.toString('utf8'), 'abcd');
  assert.equal(two.toString('utf8'), 'éf\n');
  assert.equal(one.buffer, two.buffer, 'no allocation per concatenation');
  assert.equal(two.byteOffset, one.byteOffset + 4);
});

test('a full slab starts over in place when every socket it gave bytes to has passed them on', () => {
  const slab = new ConcatSlab(64);
  const sock = backlog(3);
  const first = slab.concat([b('x'.repeat(10)), b('y'.repeat(6))]);
  slab.wrote(sock); // the kernel did not take everything at once
  slab.concat([b('z'.repeat(16)), b('')]);
  slab.concat([b('z'.repeat(16)), b('')]);
  slab.concat([b('z'.repeat(16)), b('')]); // 64 bytes used
  sock.writableLength = 0; // it caught up since
  const epoch = slab.epoch;
  const again = slab.concat([b('new'), b('!')]);
  assert.equal(again.buffer, first.buffer, 'the same memory');
  assert.equal(again.byteOffset, first.byteOffset);
  assert.equal(again.toString('utf8'), 'new!');
  assert.notEqual(slab.epoch, epoch, 'bytes handed out before may now be overwritten');
});

test('a full slab is never reused while a socket may still read its bytes', () => {
  const slab = new ConcatSlab(64);
  const slow = backlog();
  const first = slab.concat([b('p'.repeat(8)), b('q'.repeat(8))]);
  slow.writableLength = 16; // still queued in the socket: its write request points into the slab
  slab.wrote(slow);
  slab.wrote(backlog(0)); // another socket took the same bytes at once: it holds nothing
  for (let i = 0; i < 3; i++) slab.concat([b('r'.repeat(8)), b('s'.repeat(8))]);
  const next = slab.concat([b('t'.repeat(8)), b('u'.repeat(8))]);
  assert.notEqual(next.buffer, first.buffer, 'a new slab');
  assert.equal(first.toString('utf8'), 'p'.repeat(8) + 'q'.repeat(8), 'the pending bytes are untouched');
  assert.equal(next.toString('utf8'), 't'.repeat(8) + 'u'.repeat(8));
});

test('a concatenation bigger than a quarter slab gets a buffer of its own', () => {
  const slab = new ConcatSlab(64);
  const small = slab.concat([b('a'), b('b')]);
  const big = slab.concat([b('c'.repeat(10)), b('d'.repeat(10))]);
  assert.notEqual(big.buffer, small.buffer);
  assert.equal(big.toString('utf8'), 'c'.repeat(10) + 'd'.repeat(10));
  assert.equal(slab.concat([b('e'), b('f')]).byteOffset, small.byteOffset + 2, 'the slab did not move on');
});

test('a round shares a concatenation only while the slab keeps it', () => {
  const slab = new ConcatSlab(64);
  const round = new SharedConcat(slab);
  const a = b('a'.repeat(8));
  const c = b('c'.repeat(8));
  const first = round.concat([a, c]);
  round.wrote(backlog(0));
  assert.equal(round.concat([a, c]), first, 'shared while nothing moved');
  for (let i = 0; i < 3; i++) round.concat([b('x'.repeat(8)), b(String(i).repeat(8))]); // fills the slab
  round.concat([b('y'.repeat(8)), b('z'.repeat(8))]); // starts it over: `first` is overwritten now
  const again = round.concat([a, c]);
  assert.equal(again.toString('utf8'), 'a'.repeat(8) + 'c'.repeat(8), 'copied again, not the stale view');
});

test('a peer that stops reading gets every byte intact while the slab serves a fast peer next to it', async () => {
  const sides: Socket[] = [];
  const server = createServer((s) => sides.push(s));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  const slow = connect({ host: '127.0.0.1', port });
  const fast = connect({ host: '127.0.0.1', port });
  const got = { slow: [] as Buffer[], fast: [] as Buffer[] };
  fast.on('data', (d: Buffer) => got.fast.push(d));
  try {
    await until(() => (sides.length === 2 ? true : undefined), 'both connections');
    const [slowSide, fastSide] = sides[0]!.remotePort === slow.localPort ? [sides[0]!, sides[1]!] : [sides[1]!, sides[0]!];
    const opts = { rounds: new FlushRounds<Connection>(), maxBuffered: 256 << 20 };
    const conns = [new Connection(slowSide, opts), new Connection(fastSide, opts)];
    slow.pause(); // reads nothing: the kernel's buffers fill, then the server's writes wait in the socket
    // Each round queues two chunks per peer (one concatenation in the slab), each chunk numbered, so a
    // reused slab region would show up as a wrong or repeated number in what the slow peer reads later.
    const rounds = 400;
    const expected: string[] = [];
    for (let r = 0; r < rounds; r++) {
      const line = (k: number) => `${String(r).padStart(5, '0')}:${k}:${'v'.repeat(7000)}\n`;
      expected.push(line(0), line(1));
      for (const c of conns) {
        c.write(line(0));
        c.write(line(1));
      }
      await new Promise((res) => setImmediate(res)); // one flush round
    }
    const total = expected.join('').length;
    await until(() => (got.fast.reduce((n, d) => n + d.length, 0) >= total ? true : undefined), 'the fast peer', 20000);
    assert.ok(slowSide.writableLength > 0, 'the slow peer really held bytes in its socket (else this test proves nothing)');
    slow.on('data', (d: Buffer) => got.slow.push(d));
    slow.resume();
    await until(() => (got.slow.reduce((n, d) => n + d.length, 0) >= total ? true : undefined), 'the slow peer', 20000);
    assert.equal(Buffer.concat(got.fast).toString('utf8'), expected.join(''));
    assert.equal(Buffer.concat(got.slow).toString('utf8'), expected.join(''));
  } finally {
    slow.destroy();
    fast.destroy();
    await new Promise<void>((r) => server.close(() => r()));
  }
});

test('a socket that passed its bytes on since, or was destroyed, is not kept by the slab until it fills (a closed TLS connection and its peer were, hundreds of reconnects long in a quiet private room)', async () => {
  const slab = new ConcatSlab(64 * 1024);
  const gone: WeakRef<object>[] = [];
  const live: { writableLength: number; destroyed: boolean }[] = [];
  for (let i = 0; i < 200; i++) {
    const sock = { writableLength: 40, destroyed: false };
    slab.concat([b('x'.repeat(20)), b('y'.repeat(20))]);
    slab.wrote(sock); // (TLS: bytes queued right after every write)
    if (i % 10 === 0) live.push(sock); // a few still backlogged, alive
    else if (i % 2 === 0) sock.destroyed = true; // closed with bytes queued
    else sock.writableLength = 0; // drained, then closed
    if (i % 10 !== 0) gone.push(new WeakRef(sock));
  }
  await new Promise((r) => setImmediate(r)); // (WeakRefs hold their targets until the job that made them ends)
  collectGarbage();
  const kept = gone.filter((r) => r.deref() !== undefined).length;
  assert.ok(kept <= 2 * live.length + 16, `${kept} of ${gone.length} sockets that hold nothing still kept`);
  // the ones still holding bytes are held on to: the slab is not reused under them
  const before = slab.concat([b('z'.repeat(16)), b('')]);
  for (let i = 0; i < 4000; i++) slab.concat([b('w'.repeat(16)), b('')]);
  assert.notEqual(slab.concat([b('z'.repeat(16)), b('')]).buffer, before.buffer, 'a new slab: backlogged sockets may still read the old one');
});
