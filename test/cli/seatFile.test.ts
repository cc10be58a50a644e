import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { forgetSeat, saveSeat, SEAT_KEPT_MS, seatPath, takeSeat, type SavedSeat } from '../../src/cli/seatFile';

const seat: SavedSeat = { session: 'abcdefghijklmnop0123', nicks: ['ann', 'ann2'], startedAs: 'ann', rooms: ['general', 'dev'], room: 'dev' };

/** The id of a process that has ended. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0']);
  await new Promise((r) => child.on('exit', r));
  return child.pid!;
}

/** Writes a seat file as process `pid` would have, `age` ms ago, with `extra` over it. */
function seatOf(home: string, pid: number, now: number, s: SavedSeat, extra: Record<string, unknown> = {}): string {
  saveSeat('127.0.0.1', 5000, s, home, now);
  const mine = seatPath('127.0.0.1', 5000, home);
  const data = JSON.parse(readFileSync(mine, 'utf8')) as Record<string, unknown>;
  rmSync(mine);
  const file = seatPath('127.0.0.1', 5000, home, pid);
  writeFileSync(file, JSON.stringify({ ...data, pid, stamp: '', ...extra }), { mode: 0o600 });
  return file;
}

test("a killed join's seat is taken by the next join as its name now or the one it started as, claimed (once), within its time, on this machine", async (t) => {
  const home = mkdtempSync(join(tmpdir(), 'tcp-chat-seat-'));
  t.after(() => rmSync(home, { recursive: true, force: true }));
  const now = Date.now();
  const dead = await deadPid();
  let file = seatOf(home, dead, now, seat);
  if (process.platform !== 'win32') assert.equal(statSync(seatPath('127.0.0.1', 5000, home, dead)).mode & 0o077, 0, 'only its user reads it');
  assert.equal(takeSeat('127.0.0.1', 5000, 'bob', 'bob', home, now), undefined, 'another name: a new member');
  assert.equal(takeSeat('127.0.0.1', 5001, undefined, 'ann', home, now), undefined, 'another room');
  assert.equal(takeSeat('127.0.0.1', 5000, 'ann', 'ann', home, now), undefined, '--nick ann: not the name it has now');
  assert.deepEqual(takeSeat('127.0.0.1', 5000, undefined, 'ann', home, now), seat, 'no --nick: the name it started as');
  // claimed: the file is this process's now, and nobody else's to take
  assert.equal(existsSync(file), false);
  assert.equal(existsSync(seatPath('127.0.0.1', 5000, home)), true);
  assert.equal((JSON.parse(readFileSync(seatPath('127.0.0.1', 5000, home), 'utf8')) as { pid: number }).pid, process.pid, "written as this process's at once: another join sees it running");
  forgetSeat('127.0.0.1', 5000, home);
  seatOf(home, dead, now, seat);
  assert.deepEqual(takeSeat('127.0.0.1', 5000, 'ann2', 'x', home, now), seat, '--nick ann2: the name it has now');
  forgetSeat('127.0.0.1', 5000, home);
  // too old: not taken, and gone
  file = seatOf(home, dead, now - SEAT_KEPT_MS - 1, seat);
  assert.equal(takeSeat('127.0.0.1', 5000, undefined, 'ann', home, now), undefined);
  assert.equal(existsSync(file), false, 'an old one is cleared away');
  // another machine's (a shared home folder): never
  file = seatOf(home, dead, now, seat, { machine: 'elsewhere' });
  assert.equal(takeSeat('127.0.0.1', 5000, undefined, 'ann', home, now), undefined, "another machine's");
  rmSync(file);
  // a process still running (this one's parent stands in): its seat stays its own
  file = seatOf(home, process.ppid, now, seat);
  assert.equal(takeSeat('127.0.0.1', 5000, undefined, 'ann', home, now), undefined, 'its process still runs');
  rmSync(file);
  // of two, the newest; a damaged one or a token that is none is nothing
  seatOf(home, dead, now - 5000, { ...seat, session: 'olderolderolder0000' });
  seatOf(home, dead + 100_000, now, seat);
  writeFileSync(seatPath('127.0.0.1', 5000, home, dead + 200_000), '{"session": 5');
  seatOf(home, dead + 300_000, now + 1, seat, { session: 'x y' });
  assert.equal(takeSeat('127.0.0.1', 5000, undefined, 'ann', home, now)?.session, seat.session);
  // forgetting removes this process's file only
  forgetSeat('127.0.0.1', 5000, home);
  assert.equal(readdirSync(join(home, '.tcp-chat')).filter((n) => n.startsWith('seat-')).length, 3, "the others' stay");
  // a folder others may write in is no place for it
  if (process.platform !== 'win32') {
    seatOf(home, dead + 400_000, now, seat);
    chmodSync(join(home, '.tcp-chat'), 0o777);
    assert.equal(takeSeat('127.0.0.1', 5000, undefined, 'ann', home, now), undefined, 'others may write in its folder');
    chmodSync(join(home, '.tcp-chat'), 0o700);
  }
});
