// Going back into the room a window was in after a reload: the room may not be back yet (its host reloaded too),
// so it is tried a few times, a little longer apart each time, until the user does something else. Pure: no
// vscode here.

import { setTimeout as sleep } from 'node:timers/promises';

/** Attempts at most (about 15 s in all, with the waits between them). */
export const REJOIN_ATTEMPTS = 6;

/**
 * Runs `join` until it works (true), the attempts are spent (its last error is thrown), or `signal` says the user
 * gave up on the room (false: left, hosted or joined another meanwhile; a join that worked after that is left
 * again with `leave`). `waitMs(k)`: the wait after the k-th failed attempt (from 1).
 */
export async function rejoin(join: () => Promise<void>, leave: () => Promise<void>, signal?: AbortSignal, waitMs = (k: number) => 1000 * k): Promise<boolean> {
  for (let attempt = 1; ; attempt++) {
    try {
      await join();
      break;
    } catch (e) {
      if (signal?.aborted) return false;
      if (attempt >= REJOIN_ATTEMPTS) throw e;
      await sleep(waitMs(attempt), undefined, signal ? { signal } : {}).catch(() => undefined);
      if (signal?.aborted) return false;
    }
  }
  if (!signal?.aborted) return true;
  await leave();
  return false;
}
