// The benchmark's syscall counts (bench/lib/syscalls.mjs) read `perf stat -x ,` output: the writes are the four
// calls a server can put bytes on a socket with, and a count perf could not take is no count at all.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCounts } from '../../bench/lib/syscalls.mjs';

const line = (count: string, event: string) => `${count},,${event},1107119,100.00,,`;
const EVENTS = ['raw_syscalls:sys_enter', 'syscalls:sys_enter_write', 'syscalls:sys_enter_writev', 'syscalls:sys_enter_sendto', 'syscalls:sys_enter_sendmsg'];

test('perf stat CSV: all calls, and the writes summed over write, writev, sendto and sendmsg', () => {
  const csv = [line('1950', EVENTS[0]), line('12', EVENTS[1]), line('900', EVENTS[2]), line('3', EVENTS[3]), line('1', EVENTS[4]), ''].join('\n');
  assert.deepEqual(parseCounts(csv), { all: 1950, writes: 916 });
});

test('perf stat CSV: an event perf did not count, or did not print, gives no counts rather than wrong ones', () => {
  const counted = EVENTS.map((e) => line('5', e));
  assert.equal(parseCounts(counted.map((l, i) => (i === 2 ? line('<not counted>', EVENTS[2]) : l)).join('\n')), null);
  assert.equal(parseCounts(counted.map((l, i) => (i === 2 ? line('<not supported>', EVENTS[2]) : l)).join('\n')), null);
  assert.equal(parseCounts(counted.slice(1).join('\n')), null);
  assert.equal(parseCounts('event syntax error: \'syscalls:sys_enter_writev\'\n'), null);
});
