// Which process runs under an id, beyond the id: on Linux the machine's boot and the process's start time, both
// read from /proc, neither from the wall clock. A lock file that names a process id says nothing once that
// process is gone and the id is another program's (after a reboot, or in a container started again, where ids
// come out the same every time); with the stamp beside the id, the lock's owner is known to be gone.

import { readFileSync } from 'node:fs';

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** This boot of the machine (a random id the kernel makes at each start), or '' where /proc does not say. */
function bootId(): string {
  return read('/proc/sys/kernel/random/boot_id')?.trim() ?? '';
}

/** The fields of process `pid`'s stat line from the third (its state) on, or undefined where it cannot be read. */
function statFields(pid: number): string[] | undefined {
  const stat = read(`/proc/${pid}/stat`);
  // (field 2 is the command's name in parentheses, which may hold blanks and parentheses: count after the last)
  return stat?.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/** When a process started, in clock ticks since the boot (field 22 of its stat line `fields`), or '' if unknown. */
function startTicks(fields: string[] | undefined): string {
  const ticks = fields?.[19] ?? '';
  return /^\d+$/.test(ticks) ? ticks : '';
}

/** `<boot id> <start ticks>` of process `pid`, or '' where the system does not say (not Linux, /proc hidden). */
export function processStamp(pid: number): string {
  const boot = bootId();
  const start = startTicks(statFields(pid));
  return boot && start ? `${boot} ${start}` : '';
}

/**
 * Whether the process that wrote `stamp` (processStamp() of its id then) is surely not the one under that id now:
 * another boot, or another start time, or it ended (a zombie). An empty stamp or none (a lock from elsewhere, or
 * written where /proc says nothing) and a process whose stat cannot be read (another user's, /proc mounted with
 * hidepid) say nothing: not gone.
 */
export function stampGone(pid: number, stamp: string): boolean {
  const [, boot, start] = /^([0-9a-f-]{36}) (\d+)$/.exec(stamp) ?? [];
  if (!boot || !start) return false;
  const nowBoot = bootId();
  if (nowBoot && nowBoot !== boot) return true;
  const fields = statFields(pid);
  // (a zombie ended: its id stays taken only until its parent reads how it ended, which a busy or stuck parent may
  // not do for a while, and signal 0 still reaches it)
  if (fields?.[0] === 'Z' || fields?.[0] === 'X') return true;
  const nowStart = startTicks(fields);
  return nowStart !== '' && nowStart !== start;
}
