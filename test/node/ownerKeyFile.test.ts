import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ownerHostOf, ownerKeyPath, ownerKeyReader, ownerKeysFor, readOwnerKey, removeOwnerKey, writeOwnerKey } from '../../src/node/ownerKeyFile';

const OWNER = 'o'.repeat(24);
const ROOM = 'r'.repeat(32);

function withHome(body: (home: string) => void): void {
  const home = mkdtempSync(join(tmpdir(), 'tcp-chat-owner-'));
  try {
    body(home);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

test('the owner key is written for its user only and read back; a new host on the port writes over it, in one step', () =>
  withHome((home) => {
    const file = writeOwnerKey(4000, { ownerKey: OWNER, roomKey: ROOM }, home);
    assert.equal(file, ownerKeyPath(4000, home));
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.equal(statSync(join(home, '.tcp-chat')).mode & 0o777, 0o700);
    assert.deepEqual(readOwnerKey(4000, home), { ownerKey: OWNER, roomKey: ROOM });
    writeOwnerKey(4000, { ownerKey: 'n'.repeat(24) }, home);
    assert.deepEqual(readOwnerKey(4000, home), { ownerKey: 'n'.repeat(24) });
    assert.deepEqual(readdirSync(join(home, '.tcp-chat')), ['owner-4000.json'], 'nothing left beside it');
  }));

test('the file says where the host listens (a wildcard: its loopback), the one address the owner key may go to', () =>
  withHome((home) => {
    writeOwnerKey(4004, { ownerKey: OWNER, host: ownerHostOf('0.0.0.0') }, home);
    assert.deepEqual(readOwnerKey(4004, home), { ownerKey: OWNER, host: '127.0.0.1' });
    assert.equal(ownerHostOf('::'), '::1');
    assert.equal(ownerHostOf('127.0.0.2'), '127.0.0.2');
  }));

test('a folder others may write in, a link in its place, or another file in it: no key written there, none read', () =>
  withHome((home) => {
    const folder = join(home, '.tcp-chat');
    mkdirSync(folder, { mode: 0o700 });
    writeOwnerKey(4001, { ownerKey: OWNER }, home);
    chmodSync(folder, 0o777);
    assert.throws(() => writeOwnerKey(4001, { ownerKey: OWNER }, home), /others may write in .*\.tcp-chat \(chmod 700 it\)/);
    assert.match((readOwnerKey(4001, home) as { error: string }).error, /others may write in/);
    rmSync(folder, { recursive: true });
    const elsewhere = join(home, 'elsewhere');
    mkdirSync(elsewhere, { mode: 0o700 });
    symlinkSync(elsewhere, folder);
    assert.throws(() => writeOwnerKey(4001, { ownerKey: OWNER }, home), /\.tcp-chat is not a folder/);
    assert.deepEqual(readdirSync(elsewhere), []);
  }));

test('a damaged or strange file is no key: said so, nothing sent', () =>
  withHome((home) => {
    writeOwnerKey(4002, { ownerKey: OWNER }, home);
    for (const body of ['', '{', 'null', '{"ownerKey":12}', '{"ownerKey":"short"}', `{"ownerKey":"${OWNER}","roomKey":"a b"}`, `{"ownerKey":"${OWNER}\\n"}`, `{"ownerKey":"${OWNER}","host":"example.org"}`]) {
      writeFileSync(ownerKeyPath(4002, home), body);
      assert.match((readOwnerKey(4002, home) as { error: string }).error, /is not an owner key file \(host the room again to write it anew\)/, body);
    }
    assert.match((readOwnerKey(4003, home) as { error: string }).error, /^no owner key for port 4003 \(/);
  }));

test('a host that stops removes its key, not the one a host after it on the port wrote', () =>
  withHome((home) => {
    writeOwnerKey(4004, { ownerKey: OWNER }, home);
    removeOwnerKey(4004, 'x'.repeat(24), home);
    assert.deepEqual(readOwnerKey(4004, home), { ownerKey: OWNER });
    removeOwnerKey(4004, OWNER, home);
    assert.match((readOwnerKey(4004, home) as { error: string }).error, /^no owner key/);
    removeOwnerKey(4004, OWNER, home); // (gone already: nothing to do)
  }));

test("a client's reader asks the file at each connection (a restarted host's keys are new), and keeps the last keys when it is gone", () =>
  withHome((home) => {
    assert.match((ownerKeysFor(4005, home) as { error: string }).error, /^no owner key for port 4005/);
    const early = ownerKeyReader(4005, home, { ownerKey: '', roomKey: 'saved'.repeat(5) }); // (a restored window's, before its host wrote the file)
    assert.deepEqual(early(), { ownerKey: '', roomKey: 'saved'.repeat(5) }, 'no owner key yet; the room key saved with the address until then');
    writeOwnerKey(4005, { ownerKey: OWNER, roomKey: ROOM }, home);
    const keys = ownerKeysFor(4005, home);
    assert.ok(!('error' in keys));
    assert.deepEqual(keys(), { ownerKey: OWNER, roomKey: ROOM });
    assert.deepEqual(early(), { ownerKey: OWNER, roomKey: ROOM });
    writeOwnerKey(4005, { ownerKey: 'n'.repeat(24), roomKey: 'm'.repeat(32) }, home);
    assert.deepEqual(keys(), { ownerKey: 'n'.repeat(24), roomKey: 'm'.repeat(32) }, 'the private room restarted with new keys');
    assert.deepEqual(early(), { ownerKey: 'n'.repeat(24), roomKey: 'm'.repeat(32) });
    removeOwnerKey(4005, 'n'.repeat(24), home);
    assert.deepEqual(keys(), { ownerKey: 'n'.repeat(24), roomKey: 'm'.repeat(32) }, 'the last keys read, while the file is gone');
    writeOwnerKey(4005, { ownerKey: OWNER }, home);
    assert.deepEqual(keys(), { ownerKey: OWNER }, 'started again on loopback: not private');
  }));
