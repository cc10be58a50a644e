// Whether an address is this machine's: where a secret kept on this machine (a headless host's owner key) may be
// sent, and nowhere else.

import { isIP } from 'node:net';
import { networkInterfaces } from 'node:os';
import { isLoopback } from './connection';

/** Whether `host` is this machine: a loopback address, localhost, or an address of one of its interfaces. */
export function isThisMachine(host: string): boolean {
  if (host === 'localhost') return true;
  if (isIP(host) === 0) return false; // (a name goes to DNS, which may say anything)
  if (isLoopback(host)) return true;
  return Object.values(networkInterfaces()).some((list) => (list ?? []).some((i) => i.address === host));
}
