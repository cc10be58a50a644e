import { mock, test } from 'node:test';
import assert from 'node:assert/strict';
import { BatchedLines } from '../../src/cli/batchedLines';

test('lines pushed within the delay go out in one write, in order, even across event-loop turns; later lines make another write', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const writes: string[] = [];
  const lines = new BatchedLines({ write: (s) => writes.push(s) }, 50);
  lines.push('a joined');
  lines.push('b joined');
  t.mock.timers.tick(49);
  lines.push('c joined');
  assert.deepEqual(writes, [], 'nothing is written before the delay is over');
  t.mock.timers.tick(1);
  assert.deepEqual(writes, ['a joined\nb joined\nc joined\n']);
  lines.push('a left');
  t.mock.timers.tick(50);
  assert.deepEqual(writes, ['a joined\nb joined\nc joined\n', 'a left\n']);
});

test('flush() writes what waits at once, and the timer then writes nothing more', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const writes: string[] = [];
  const lines = new BatchedLines({ write: (s) => writes.push(s) });
  lines.push('last words');
  lines.flush();
  assert.deepEqual(writes, ['last words\n']);
  t.mock.timers.tick(1000);
  assert.deepEqual(writes, ['last words\n']);
});

test('the delay timer does not keep the process alive', () => {
  const setTimeoutSpy = mock.method(globalThis, 'setTimeout');
  try {
    const lines = new BatchedLines({ write: () => undefined });
    lines.push('x');
    const timer = setTimeoutSpy.mock.calls[0]?.result as NodeJS.Timeout | undefined;
    assert.ok(timer, 'a timer was set');
    assert.equal(timer.hasRef(), false);
    lines.flush();
  } finally {
    setTimeoutSpy.mock.restore();
  }
});
