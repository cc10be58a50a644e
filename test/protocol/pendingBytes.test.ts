// The bytes of a line not ended yet: one buffer, however the reads came.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { PendingBytes } from '../../src/protocol/pendingBytes';

test('bytes pushed one at a time come out whole, in order; the caller may reuse what it pushed', () => {
  const p = new PendingBytes();
  const one = new Uint8Array(1);
  const sent: number[] = [];
  for (let i = 0; i < 70_000; i++) {
    one[0] = i % 251;
    sent.push(i % 251);
    p.push(one);
  }
  assert.equal(p.length, 70_000);
  assert.deepEqual([...p.last(3)], sent.slice(-3));
  const out = p.take(Uint8Array.of(7, 8));
  assert.deepEqual([...out], [...sent, 7, 8]);
  assert.equal(p.length, 0, 'empty after');
  assert.deepEqual([...p.take()], []);
});

test('a line after a long one starts empty; fewer bytes than asked for: what there is', () => {
  const p = new PendingBytes();
  p.push(new Uint8Array(100_000).fill(1));
  p.clear();
  p.push(Uint8Array.of(5, 6));
  assert.deepEqual([...p.last(3)], [5, 6]);
  assert.deepEqual([...p.take()], [5, 6]);
  assert.deepEqual([...new PendingBytes().last(3)], []);
});

test('a line sent one byte per read costs the splitter about its bytes, not an object per read', () => {
  // (in a child process with --expose-gc, to measure; each read is its own small array, as a socket's are)
  const script = [
    `const { LineSplitter } = require(${JSON.stringify(require.resolve('../../src/protocol/lineSplitter.ts'))});`,
    'const used = () => { gc(); gc(); const m = process.memoryUsage(); return m.heapUsed + m.arrayBuffers; };',
    'const splitters = Array.from({ length: 20 }, () => new LineSplitter(64 * 1024));',
    'const before = used();',
    'for (let i = 0; i < 20_000; i++) for (const s of splitters) s.push(Uint8Array.of(120), () => {});',
    'const after = used();',
    'if (splitters.some((s) => s.buffered !== 20_000)) throw new Error("lost bytes");',
    'process.stdout.write(String((after - before) / (20 * 20_000)));',
  ].join('\n');
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', '-e', script], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, r.stderr);
  const perByte = Number(r.stdout);
  // (one array per read: ~100 bytes a byte and more; one buffer that doubles: 2 at most, and what the heap moved)
  assert.ok(perByte < 16, `${perByte.toFixed(1)} bytes of memory per byte held`);
});
