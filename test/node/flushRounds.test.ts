import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FlushPacer } from '../../src/node/flushPacer';
import { FlushRounds, LAZY_MS } from '../../src/node/flushRounds';
import type { SharedConcat } from '../../src/node/sharedConcat';

/** One turn of the event loop: an immediate queued now runs after those already queued. */
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** A socket stand-in: counts its writes and what each carried; `onFlush` runs inside the write. */
class FakeSocket {
  pending: string[] = [];
  readonly writes: string[][] = [];
  readonly rounds: (SharedConcat | undefined)[] = [];
  onFlush: (() => void) | undefined;
  readonly failures: unknown[] = [];
  constructor(readonly name: string) {}
  failed(error: unknown): void {
    this.failures.push(error);
  }
  flush(shared: SharedConcat): void {
    if (this.pending.length === 0) return;
    this.writes.push(this.pending);
    this.rounds.push(shared);
    this.pending = [];
    this.onFlush?.();
  }
}

function sockets(n: number): FakeSocket[] {
  return Array.from({ length: n }, (_, i) => new FakeSocket(`s${i}`));
}

/** Queues `text` for each socket and tells the scheduler. */
function send(rounds: FlushRounds<FakeSocket>, to: FakeSocket[], text: string): void {
  for (const s of to) {
    s.pending.push(text);
    rounds.soon(s);
  }
}

const written = (all: FakeSocket[]): number => all.filter((s) => s.writes.length > 0).length;

test('a round to more sockets than a slice is written a slice per turn of the event loop', async () => {
  const rounds = new FlushRounds<FakeSocket>(new FlushPacer(), undefined, 2);
  const all = sockets(5);
  send(rounds, all, 'm1');
  assert.equal(written(all), 0, 'nothing is written before the end of the turn');
  await turn();
  assert.equal(written(all), 2);
  await turn();
  assert.equal(written(all), 4);
  await turn();
  assert.equal(written(all), 5);
  assert.ok(all.every((s) => s.writes.length === 1), 'one write each');
  assert.equal(new Set(all.map((s) => s.rounds[0])).size, 1, 'one round: the slices share its concatenations');
});

test('bytes that arrive between slices go out in the round under way to the sockets it has not written yet', async () => {
  const rounds = new FlushRounds<FakeSocket>(new FlushPacer(), undefined, 2);
  const all = sockets(4);
  send(rounds, all, 'm1');
  await turn(); // s0 and s1 written
  send(rounds, all, 'm2'); // read between slices
  await turn(); // s2 and s3: m1 and m2 in one write
  assert.deepEqual(all[2]!.writes, [['m1', 'm2']]);
  assert.deepEqual(all[3]!.writes, [['m1', 'm2']]);
  assert.deepEqual(all[0]!.writes, [['m1']], 'a socket written already waits for the next round');
  await turn();
  assert.deepEqual(all[0]!.writes, [['m1'], ['m2']]);
  assert.deepEqual(all[1]!.writes, [['m1'], ['m2']]);
  assert.notEqual(all[0]!.rounds[1], all[0]!.rounds[0], 'in a round of its own');
  assert.deepEqual(all[3]!.writes, [['m1', 'm2']], 'nothing is written twice');
});

test('a socket forgotten during a round (closed) is not written by the rest of it', async () => {
  const rounds = new FlushRounds<FakeSocket>(new FlushPacer(), undefined, 2);
  const all = sockets(4);
  send(rounds, all, 'm1');
  await turn();
  rounds.forget(all[3]!);
  await turn();
  await turn();
  assert.deepEqual(all.map((s) => s.writes.length), [1, 1, 1, 0]);
});

test('bytes queued while a socket is being written (from inside the round) wait for the next round', async () => {
  const rounds = new FlushRounds<FakeSocket>(new FlushPacer(), undefined, 64);
  const [a, b] = sockets(2);
  a!.onFlush = () => {
    a!.onFlush = undefined;
    send(rounds, [a!, b!], 'reply'); // e.g. an overflow notice, a kick
  };
  send(rounds, [a!, b!], 'm1');
  await turn();
  assert.deepEqual(a!.writes, [['m1']]);
  assert.deepEqual(b!.writes, [['m1', 'reply']], 'b was still to come in this round');
  await turn();
  assert.deepEqual(a!.writes, [['m1'], ['reply']]);
});

test('the next round waits for the pacer, and the pacer hears the cost of the whole round, once', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] }); // immediates stay real: slices still take turns
  const done: number[] = [];
  const pacer = new (class extends FlushPacer {
    override roundDone(end: number, wallMs: number, cpuMs: number): void {
      done.push(end);
      assert.ok(wallMs >= 0 && cpuMs >= 0);
    }
    override waitAt(): number {
      return done.length > 0 ? 5 : 0;
    }
  })();
  const rounds = new FlushRounds<FakeSocket>(pacer, undefined, 2);
  const all = sockets(3);
  send(rounds, all, 'm1');
  await turn();
  await turn();
  assert.equal(done.length, 1, 'one round of two slices');
  send(rounds, all, 'm2');
  await turn();
  assert.equal(all[0]!.writes.length, 1, 'the pacer said wait');
  t.mock.timers.tick(5);
  await turn();
  await turn();
  assert.ok(all.every((s) => s.writes.length === 2));
  assert.equal(done.length, 2);
});

test('lazy bytes go out with the next bytes that may not wait for the same socket; alone they wait LAZY_MS', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const rounds = new FlushRounds<FakeSocket>(new FlushPacer(), undefined, 64);
  const [a, b] = sockets(2);
  a!.pending.push('a joined');
  rounds.later(a!);
  b!.pending.push('a joined');
  rounds.later(b!);
  send(rounds, [b!], 'b: hi');
  await turn();
  assert.deepEqual(b!.writes, [['a joined', 'b: hi']]);
  assert.deepEqual(a!.writes, [], 'still waiting for company');
  t.mock.timers.tick(LAZY_MS);
  await turn();
  assert.deepEqual(a!.writes, [['a joined']]);
  assert.deepEqual(b!.writes, [['a joined', 'b: hi']], 'nothing is written twice');
});

test('a socket whose write throws is told so, and the round and the rounds after it go on', async () => {
  const rounds = new FlushRounds<FakeSocket>(new FlushPacer(), undefined, 2);
  const all = sockets(4);
  all[1]!.onFlush = () => {
    throw new Error('boom');
  };
  send(rounds, all, 'm1');
  for (let i = 0; i < 3; i++) await turn();
  assert.equal(written(all), 4, 'the sockets after it in the round were written');
  assert.deepEqual(all.map((s) => s.failures.length), [0, 1, 0, 0]);
  all[1]!.onFlush = undefined;
  send(rounds, all, 'm2');
  for (let i = 0; i < 3; i++) await turn();
  assert.ok(all.every((s) => s.writes.length === 2), 'the next round ran');
});
