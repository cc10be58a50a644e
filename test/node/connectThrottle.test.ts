// New members per address: a burst, then a few a second; an IPv6 /64 is one address; the map stays bounded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addressKey, ConnectThrottle } from '../../src/node/connectThrottle';

test('a burst, then one every 1/perSecond; a refusal says how long, and counts the refusals in a row', () => {
  let now = 0;
  const t = new ConnectThrottle(3, 2, () => now);
  assert.deepEqual([1, 2, 3].map(() => t.wait('10.0.0.9').ms), [0, 0, 0]);
  assert.deepEqual(t.wait('10.0.0.9'), { ms: 500, refused: 1 });
  assert.deepEqual(t.wait('10.0.0.9'), { ms: 500, refused: 2 });
  assert.equal(t.wait('10.0.0.8').ms, 0, 'another address has its own');
  now = 500;
  assert.deepEqual(t.wait('10.0.0.9'), { ms: 0, refused: 0 });
});

test('an IPv6 address counts as its /64 (a machine holds a whole one); IPv4 as itself', () => {
  assert.equal(addressKey('2001:db8:1:2:aaaa:bbbb:cccc:dddd'), '2001:db8:1:2::/64');
  assert.equal(addressKey('2001:db8:1:2::99'), '2001:db8:1:2::/64');
  assert.equal(addressKey('2001:0db8:0001:0002:0:0:0:1'), '2001:db8:1:2::/64');
  assert.equal(addressKey('2001:db8::1'), '2001:db8:0:0::/64');
  assert.equal(addressKey('::1'), '0:0:0:0::/64');
  assert.equal(addressKey('fe80::1%eth0'), 'fe80:0:0:0::/64');
  assert.equal(addressKey('192.168.1.20'), '192.168.1.20');
  assert.equal(addressKey('::ffff:1.2.3.4'), '1.2.3.4', 'an IPv4 address in IPv6 form is itself');
  assert.equal(addressKey('0:0:0:0:0:ffff:5.6.7.8'), '5.6.7.8');
  const t = new ConnectThrottle(1, 1, () => 0);
  assert.equal(t.wait('2001:db8:1:2::1').ms, 0);
  assert.ok(t.wait('2001:db8:1:2::2').ms > 0, 'the same /64');
  assert.equal(t.wait('2001:db8:1:3::1').ms, 0, 'another /64');
});

test('it keeps at most 4,096 addresses: the least recently used goes (and starts full when it comes back)', () => {
  const t = new ConnectThrottle(1, 0.001, () => 0);
  t.wait('10.0.0.1');
  for (let i = 0; i < 5000; i++) t.wait(`172.16.${i >> 8}.${i & 255}`);
  assert.equal(t.size, 4096);
  assert.equal(t.wait('10.0.0.1').ms, 0, 'forgotten: a full bucket again');
});
