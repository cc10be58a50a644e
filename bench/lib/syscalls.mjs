// Counts a server's system calls over a run with `perf stat` on the kernel's syscall tracepoints (counting only,
// no sampling: the server runs at full speed). Where perf or the tracepoints are missing, the bench goes on
// without the counts.
import { spawn, spawnSync } from 'node:child_process';
import { children } from './targets.mjs';

/** The calls that write to a socket: Node uses writev/write, ngircd write, Python's sendall send (sendto). */
const WRITES = ['write', 'writev', 'sendto', 'sendmsg'];
const EVENTS = ['raw_syscalls:sys_enter', ...WRITES.map((w) => `syscalls:sys_enter_${w}`)];

let usable;
/** Whether `perf stat` can count syscall tracepoints here (checked once, on a short `true`). */
export function syscallCountsAvailable() {
  if (usable === undefined) {
    const r = spawnSync('perf', ['stat', '-x', ',', '-e', EVENTS.join(','), '--', 'true'], { encoding: 'utf8', timeout: 10000 });
    usable = r.status === 0 && parseCounts(r.stderr) !== null;
  }
  return usable;
}

/** perf's CSV lines (`count,unit,event,...`) to { all, writes }; null when an event was not counted. */
export function parseCounts(csv) {
  const by = new Map();
  for (const line of csv.split('\n')) {
    const f = line.split(',');
    if (f.length >= 3 && EVENTS.includes(f[2])) by.set(f[2], /^\d+$/.test(f[0]) ? Number(f[0]) : NaN);
  }
  if (EVENTS.some((e) => !Number.isFinite(by.get(e)))) return null;
  return { all: by.get(EVENTS[0]), writes: WRITES.reduce((a, w) => a + by.get(`syscalls:sys_enter_${w}`), 0) };
}

/**
 * Starts counting the syscalls of every thread of `pid`; `stop()` ends the count and resolves to
 * { all, writes } (null if perf failed). Bounded: perf is killed if it has not finished 5 s after stop().
 */
export function countSyscalls(pid) {
  const perf = spawn('perf', ['stat', '-x', ',', '-e', EVENTS.join(','), '-p', String(pid)], { stdio: ['ignore', 'ignore', 'pipe'] });
  children.add(perf);
  let err = '';
  perf.stderr.on('data', (d) => { err += d; });
  const done = new Promise((resolve) => perf.on('close', () => { children.delete(perf); resolve(parseCounts(err)); }));
  perf.on('error', () => {});
  return {
    async stop() {
      perf.kill('SIGINT');
      const t = setTimeout(() => perf.kill('SIGKILL'), 5000);
      const r = await done;
      clearTimeout(t);
      return r;
    },
  };
}
