// Free-port helpers for Host Chat when the configured port is busy. Node only (no vscode).

import { createServer } from 'node:net';

/** Whether `host:port` can be listened on right now (a probe that closes again at once). */
export function isPortFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, host, () => s.close(() => resolve(true)));
  });
}

/** A port the OS says is free on `host`. */
export function anyFreePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, host, () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

/** Up to `count` free ports near `busy` (busy+1, busy+2, ...), topped up with OS-chosen ones. */
export async function freePortsNear(busy: number, host: string, count = 3, scan = 40): Promise<number[]> {
  const out: number[] = [];
  for (let p = busy + 1; p <= Math.min(65535, busy + scan) && out.length < count; p++) {
    if (await isPortFree(p, host)) out.push(p);
  }
  while (out.length < count) {
    const p = await anyFreePort(host);
    if (!out.includes(p)) out.push(p);
  }
  return out;
}
