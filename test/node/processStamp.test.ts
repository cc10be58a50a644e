import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { processStamp, stampGone } from '../../src/node/processStamp';
import { until } from './helpers';

/** The state letter of process `pid` (R, S, Z...), or '' when it is gone. */
function state(pid: number): string {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0] ?? '';
  } catch {
    return '';
  }
}

test('a process that ended but whose parent has not read how (a zombie) is gone, though signal 0 still reaches its id; a running one is not', async (t) => {
  // a child that ends at once, of a parent that never waits for it (perl, Debian's own, reaps nothing unasked): a
  // zombie until the test kills its parent. (A shell's `sleep 0 & exec sleep 5` was not one under CI's load: the
  // shell can reap it before its exec.)
  const parent = spawn('perl', ['-e', '$| = 1; my $pid = fork(); exit 0 unless $pid; print "$pid\n"; sleep 60'], { stdio: ['ignore', 'pipe', 'ignore'] });
  t.after(() => parent.kill('SIGKILL'));
  let out = '';
  parent.stdout.on('data', (d: Buffer) => (out += d.toString()));
  await until(() => /^\d+\n/.test(out), 'the pid of the child');
  const zombie = Number(out.trim());
  const stamp = processStamp(zombie);
  await until(() => state(zombie) === 'Z', 'the child ended, unreaped');
  assert.doesNotThrow(() => process.kill(zombie, 0), 'signal 0 reaches it');
  assert.match(stamp, /^[0-9a-f-]{36} \d+$/, 'its stamp, read while it ran or once it ended (Linux)');
  assert.equal(stampGone(zombie, stamp), true, 'the zombie: gone');
  assert.equal(stampGone(parent.pid!, processStamp(parent.pid!)), false, 'its parent runs: not gone');
  assert.equal(stampGone(process.pid, processStamp(process.pid)), false, 'this process: not gone');
});
