import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_PACING, FlushPacer } from '../../src/node/flushPacer';

test('rounds shorter than minRoundMs never make the next one wait', () => {
  const p = new FlushPacer({ ratio: 2, maxMs: 10, minRoundMs: 2 });
  assert.equal(p.waitAt(0), 0);
  p.roundDone(101.5, 1.5, 1.5);
  assert.equal(p.waitAt(101.5), 0);
});

test('after a costly round the next waits ratio times its CPU time, counted from its end', () => {
  const p = new FlushPacer({ ratio: 2, maxMs: 10, minRoundMs: 2 });
  p.roundDone(103, 3, 3); // 3 ms: wait 6 ms after 103
  assert.equal(p.waitAt(103), 6);
  assert.equal(p.waitAt(107), 2);
  assert.equal(p.waitAt(109), 0);
  assert.equal(p.waitAt(500), 0);
});

test('the wait is capped at maxMs however much the round cost', () => {
  const p = new FlushPacer({ ratio: 2, maxMs: 10, minRoundMs: 2 });
  p.roundDone(40, 40, 40);
  assert.equal(p.waitAt(40), 10);
});

test('a cheap round after a costly one lifts the wait', () => {
  const p = new FlushPacer({ ratio: 2, maxMs: 10, minRoundMs: 2 });
  p.roundDone(4, 4, 4);
  assert.equal(p.waitAt(4), 8);
  p.roundDone(20.2, 0.2, 0.2);
  assert.equal(p.waitAt(20.2), 0);
});

test('the default keeps a busy big room to at most two thirds of its time flushing, and small rooms unpaced', () => {
  assert.deepEqual({ ...DEFAULT_PACING }, { ratio: 0.5, maxMs: 10, minRoundMs: 2 });
  const p = new FlushPacer();
  p.roundDone(1, 1, 1);
  assert.equal(p.waitAt(1), 0);
  p.roundDone(13, 3, 3);
  assert.equal(p.waitAt(13), 1.5);
});

test('a round costs the smaller of its wall time and the CPU time: preemption or busy threads do not make it costly', () => {
  const p = new FlushPacer({ ratio: 2, maxMs: 10, minRoundMs: 2 });
  p.roundDone(130, 30, 0.8); // the OS preempted it: 30 ms on the clock, 0.8 ms of CPU
  assert.equal(p.waitAt(130), 0);
  p.roundDone(200, 0.3, 5); // other threads of the process were busy: 5 ms of process CPU in 0.3 ms
  assert.equal(p.waitAt(200), 0);
  p.roundDone(300, 5, 4.5); // a costly round
  assert.equal(p.waitAt(300), 9);
});
