// Whether a path a chat card names, under a folder of this machine, is in that folder in fact: a symbolic link in it
// may lead anywhere (`vendor -> /usr/lib/x`). The card names a path of the sharer's copy; what that path leads to
// here is this machine's. (Apply, in VS Code and on a terminal, changes no file out of the folder it applies to.)

import { existsSync, realpathSync } from 'node:fs';
import { dirname, sep } from 'node:path';

/**
 * Whether `file` (a path under `dir`, or to be made there) is somewhere else in fact: it, or the nearest folder of it
 * there is, is reached through a symbolic link that leads out of `dir`.
 */
export function leadsOut(dir: string, file: string): boolean {
  let at = file;
  while (!existsSync(at) && dirname(at) !== at) at = dirname(at);
  const real = realpathSync(at);
  const base = realpathSync(dir);
  return real !== base && !real.startsWith(base.endsWith(sep) ? base : base + sep);
}
