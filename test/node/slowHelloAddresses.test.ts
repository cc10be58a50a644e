import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SlowHelloAddresses } from '../../src/node/slowHelloAddresses';

test('an address whose TLS hello came late is waited for longer for ten minutes, an IPv6 /64 as one address', () => {
  let now = 1_000_000;
  const slow = new SlowHelloAddresses(() => now);
  assert.equal(slow.has('10.0.0.1'), false);
  slow.note('10.0.0.1');
  slow.note('2001:db8::1');
  assert.equal(slow.has('10.0.0.1'), true);
  assert.equal(slow.has('::ffff:10.0.0.1'), true, 'the same IPv4 address in IPv6 form');
  assert.equal(slow.has('2001:db8::2'), true, 'the same /64');
  assert.equal(slow.has('10.0.0.2'), false);
  now += 10 * 60_000 - 1;
  assert.equal(slow.has('10.0.0.1'), true);
  slow.note('2001:db8::1'); // (noted again: kept from now)
  now += 1;
  assert.equal(slow.has('10.0.0.1'), false);
  assert.equal(slow.has('2001:db8::1'), true);
});

test('at most 4,096 addresses are kept: the one noted first is forgotten', () => {
  const slow = new SlowHelloAddresses(() => 0);
  for (let i = 0; i < 4096; i++) slow.note(`10.0.${i >> 8}.${i & 255}`);
  assert.equal(slow.has('10.0.0.0'), true);
  slow.note('10.1.0.0');
  assert.equal(slow.has('10.0.0.0'), false);
  assert.equal(slow.has('10.0.0.1'), true);
  assert.equal(slow.has('10.1.0.0'), true);
});
