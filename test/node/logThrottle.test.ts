import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LogThrottle } from '../../src/node/logThrottle';

test('per address: the first lines of a minute, the last of them saying the rest are left out, then how many were', () => {
  const t = new LogThrottle(3, 100, 60_000);
  const out = Array.from({ length: 10 }, (_, i) => t.pass('10.0.0.9', `line ${i}`, 1000 + i));
  assert.deepEqual(out, ['line 0', 'line 1', 'line 2 (the next about 10.0.0.9 in this minute are left out)', ...Array(7).fill(undefined)]);
  assert.equal(t.pass('10.0.0.7', 'another address', 1020), 'another address', 'others are not held back by it');
  assert.equal(t.pass('10.0.0.9', 'a minute later', 61_000), 'a minute later (in the minute before, 7 line(s) about 10.0.0.9 were left out)');
});

test('overall: many addresses together have a budget too, and the map of addresses stays bounded', () => {
  const t = new LogThrottle(5, 4, 60_000, 10);
  const out = Array.from({ length: 50 }, (_, i) => t.pass(`10.0.${i}.1`, `from ${i}`, 5));
  assert.deepEqual(out.slice(0, 4), ['from 0', 'from 1', 'from 2', 'from 3 (the next about connections that did not get in are left out this minute)']);
  assert.deepEqual(out.slice(4).filter((l) => l !== undefined), []);
  assert.ok(t.addresses <= 12, 'bounded');
  assert.match(t.pass('10.0.99.1', 'later', 60_005)!, /^later \(in the minute before, 46 line\(s\) about connections were left out\)$/);
});

test('one noisy address uses up its own lines, not those of the others', () => {
  const t = new LogThrottle(5, 10, 60_000);
  for (let i = 0; i < 60; i++) t.pass('10.0.0.1', `noise ${i}`, i);
  assert.equal(t.pass('10.0.0.2', 'wrong room key', 100), 'wrong room key');
});
