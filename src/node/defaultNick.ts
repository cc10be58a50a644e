// The nickname a terminal user gets when they name none: Git's user.name, else the OS user name.

import { execFileSync } from 'node:child_process';
import { userInfo } from 'node:os';
import { toValidNick } from '../protocol/names';

/** `git config user.name`, or undefined when Git is missing or has no name set. */
export function gitUserName(cwd = process.cwd()): string | undefined {
  try {
    const name = execFileSync('git', ['config', 'user.name'], { cwd, encoding: 'utf8', timeout: 3000, stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return name || undefined;
  } catch {
    return undefined;
  }
}

export function osUserName(): string | undefined {
  try {
    return userInfo().username || undefined;
  } catch {
    return process.env.USER || process.env.USERNAME || undefined;
  }
}

/** The first of the candidates that is set, made into a valid nickname. */
export function pickNick(candidates: (string | undefined)[], maxNick = 32): string {
  for (const c of candidates) {
    if (c && c.trim()) {
      const nick = toValidNick(c, maxNick, '');
      if (nick) return nick;
    }
  }
  return 'guest';
}

/** `maxNick`: the longest the room takes (a name nobody typed is cut to fit, not refused). */
export function defaultNick(maxNick?: number): string {
  return pickNick([gitUserName(), osUserName()], maxNick);
}
