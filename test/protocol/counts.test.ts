// Numbers in messages to users, grouped as "20,000" without loading locale data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withCommas } from '../../src/protocol/counts';

test('withCommas groups thousands as en-US does', () => {
  for (const n of [0, 7, 999, 1000, 1500, 20_000, 999_999, 1_000_000, 123_456_789, -1, -1234, 2 ** 53 - 1]) {
    assert.equal(withCommas(n), n.toLocaleString('en-US'), String(n));
  }
  assert.equal(withCommas(1234.9), '1,234', 'a count: whole numbers only');
});
