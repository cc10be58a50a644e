import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BatchedLines } from '../../src/cli/batchedLines';

const nextTurn = () => new Promise((r) => setImmediate(r));

test('lines pushed in one turn go out in one write, in order; a later turn makes another write', async () => {
  const writes: string[] = [];
  const lines = new BatchedLines({ write: (t) => writes.push(t) });
  lines.push('a joined');
  lines.push('b joined');
  lines.push('c joined');
  assert.deepEqual(writes, [], 'nothing is written before the turn ends');
  await nextTurn();
  assert.deepEqual(writes, ['a joined\nb joined\nc joined\n']);
  lines.push('a left');
  await nextTurn();
  assert.deepEqual(writes, ['a joined\nb joined\nc joined\n', 'a left\n']);
});

test('flush() writes what waits at once, and the scheduled turn then writes nothing more', async () => {
  const writes: string[] = [];
  const lines = new BatchedLines({ write: (t) => writes.push(t) });
  lines.push('last words');
  lines.flush();
  assert.deepEqual(writes, ['last words\n']);
  await nextTurn();
  assert.deepEqual(writes, ['last words\n']);
});
