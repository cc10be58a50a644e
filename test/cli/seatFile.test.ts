import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { forgetSeat, saveSeat, SEAT_KEPT_MS, seatPath, takeSeat } from '../../src/cli/seatFile';

const seat = { session: 'abcdefghijklmnop0123', nicks: ['ann', 'ann2'], rooms: ['general', 'dev'], room: 'dev' };

test('a seat kept is taken by the next join under its name (or none given), within its time, once its process is gone', async (t) => {
  const home = mkdtempSync(join(tmpdir(), 'tcp-chat-seat-'));
  t.after(() => rmSync(home, { recursive: true, force: true }));
  const now = Date.now();
  // written by a process that is gone (a child that exited)
  const child = spawn(process.execPath, ['-e', '0']);
  await new Promise((r) => child.on('exit', r));
  saveSeat('127.0.0.1', 5000, seat, home, now);
  const file = seatPath('127.0.0.1', 5000, home);
  const data = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  writeFileSync(file, JSON.stringify({ ...data, pid: child.pid, stamp: '' }));
  if (process.platform !== 'win32') assert.equal(statSync(file).mode & 0o077, 0, 'only its user reads it');
  assert.deepEqual(takeSeat('127.0.0.1', 5000, undefined, home, now + 1000), seat);
  assert.deepEqual(takeSeat('127.0.0.1', 5000, 'ann2', home, now + 1000), seat, 'under its name');
  assert.equal(takeSeat('127.0.0.1', 5000, 'bob', home, now + 1000), undefined, 'under another name: a new member');
  assert.equal(takeSeat('127.0.0.1', 5001, undefined, home, now + 1000), undefined, 'another room');
  assert.equal(takeSeat('127.0.0.1', 5000, undefined, home, now + SEAT_KEPT_MS + 1), undefined, 'too old');
  // a process still running (this one's parent stands in: not this process, alive) keeps its seat
  writeFileSync(file, JSON.stringify({ ...data, pid: process.ppid, stamp: '' }));
  assert.equal(takeSeat('127.0.0.1', 5000, undefined, home, now + 1000), undefined, 'its process still runs');
  // a damaged file, or a token that is none, is nothing
  writeFileSync(file, '{"session": 5');
  assert.equal(takeSeat('127.0.0.1', 5000, undefined, home, now), undefined);
  writeFileSync(file, JSON.stringify({ ...data, pid: child.pid, stamp: '', session: 'x y' }));
  assert.equal(takeSeat('127.0.0.1', 5000, undefined, home, now), undefined);
  // a folder others may write in is no place for it
  writeFileSync(file, JSON.stringify({ ...data, pid: child.pid, stamp: '' }));
  if (process.platform !== 'win32') {
    chmodSync(join(home, '.tcp-chat'), 0o777);
    assert.equal(takeSeat('127.0.0.1', 5000, undefined, home, now), undefined, 'others may write in its folder');
    chmodSync(join(home, '.tcp-chat'), 0o700);
  }
  forgetSeat('127.0.0.1', 5000, home);
  assert.equal(takeSeat('127.0.0.1', 5000, undefined, home, now), undefined, 'forgotten');
});
