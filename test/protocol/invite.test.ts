import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseInvite } from '../../src/protocol/invite';

test('an address written as tcp://host:port/ is that address, as Join Chat in VS Code takes it; another scheme is refused', () => {
  assert.deepEqual(parseInvite('tcp://10.0.0.5:4000/'), { ok: true, host: '10.0.0.5', port: 4000 });
  assert.deepEqual(parseInvite('TCP-CHAT://[::1]:4000'), { ok: true, host: '::1', port: 4000 });
  assert.deepEqual(parseInvite('http://10.0.0.5:4000'), { ok: false, error: '"http://10.0.0.5:4000" is a URL: give host:port, like 127.0.0.1:55555' });
  // a path after the address is no address
  assert.equal(parseInvite('tcp://10.0.0.5:4000/room').ok, false);
});

test('a bare host:port/ (a slash after it, as pasted from a browser bar) is that address, as Join Chat takes it', () => {
  assert.deepEqual(parseInvite('127.0.0.1:4000/'), { ok: true, host: '127.0.0.1', port: 4000 });
  assert.deepEqual(parseInvite('[::1]:4000//'), { ok: true, host: '::1', port: 4000 });
  assert.equal(parseInvite('127.0.0.1:4000/room').ok, false);
  assert.equal(parseInvite('/').ok, false);
});
