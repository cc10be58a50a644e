import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newSessionToken } from '../../src/node/sessionToken';

test('session tokens are 16 bytes of base64url, never repeated across pool refills', () => {
  const seen = new Set<string>();
  for (let i = 0; i < 1000; i++) {
    const t = newSessionToken();
    assert.match(t, /^[A-Za-z0-9_-]{22}$/);
    assert.equal(Buffer.from(t, 'base64url').length, 16);
    assert.ok(!seen.has(t), 'a token came twice');
    seen.add(t);
  }
  const zero = Buffer.alloc(16).toString('base64url');
  assert.ok(!seen.has(zero), 'a wiped (all-zero) slice was handed out');
});
