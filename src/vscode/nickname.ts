// Which nickname to use, in order: the tcpChat.nickname setting, Git's user.name through the built-in Git
// extension (repository config, then global), `git config user.name`, the OS user name. Pure: the sources
// are passed in, so the order is unit tested without VS Code or Git.

import { toValidNick } from '../protocol/names';

export type NickSource = 'setting' | 'git-repository' | 'git-global' | 'git-cli' | 'os' | 'fallback';

export interface NickSources {
  setting: () => string | undefined;
  gitRepository: () => Promise<string | undefined>;
  gitGlobal: () => Promise<string | undefined>;
  gitCli: () => Promise<string | undefined>;
  osUser: () => string | undefined;
}

export const NICK_ORDER: readonly Exclude<NickSource, 'fallback'>[] = ['setting', 'git-repository', 'git-global', 'git-cli', 'os'];

/** The first source that gives a usable name, made into a valid nickname; 'guest' if none does. A source that throws is skipped. */
export async function resolveNickname(sources: NickSources): Promise<{ nick: string; source: NickSource }> {
  const get: Record<Exclude<NickSource, 'fallback'>, () => Promise<string | undefined> | string | undefined> = {
    setting: sources.setting,
    'git-repository': sources.gitRepository,
    'git-global': sources.gitGlobal,
    'git-cli': sources.gitCli,
    os: sources.osUser,
  };
  for (const source of NICK_ORDER) {
    let raw: string | undefined;
    try {
      raw = await get[source]();
    } catch {
      raw = undefined;
    }
    const nick = raw ? nickOf(raw) : '';
    if (nick) return { nick, source };
  }
  return { nick: 'guest', source: 'fallback' };
}

/**
 * The nickname a name from a source (the setting, Git's user.name, the OS user) makes: `Grace Hopper` is
 * `Grace_Hopper`; '' when nothing of it can be one. Host, Join and a change of the setting in a room all take the
 * setting this way (a change in a room refused a setting that Join had made a name of).
 */
export function nickOf(raw: string): string {
  return toValidNick(raw.trim(), 32, '');
}

/**
 * Which of the repositories at `roots` a file at `path` is in: the deepest root that holds it (a folder of its
 * own, not a name that starts the same: /x/app-lib/a.ts is not in /x/app), else -1. Git's repositories may nest
 * (a submodule): the innermost is the file's.
 */
export function repositoryOf(path: string, roots: readonly string[]): number {
  let best = -1;
  roots.forEach((root, i) => {
    const folder = /[\\/]$/.test(root) ? root : `${root}${path.includes('\\') && !path.includes('/') ? '\\' : '/'}`;
    if ((path === root || path.startsWith(folder)) && (best < 0 || root.length > roots[best]!.length)) best = i;
  });
  return best;
}

/**
 * Where Change Nickname saves the name: where the setting has its value now, the workspace's settings when they
 * set it (saved in the user's settings, the workspace's went on winning: the name changed back at the next
 * room), else the user's.
 */
export function nicknameTarget(inspected: { workspaceValue?: unknown } | undefined): 'workspace' | 'global' {
  return inspected?.workspaceValue !== undefined ? 'workspace' : 'global';
}

/**
 * Where `git config user.name` runs: the workspace's folder (its repository's config) when the workspace is
 * trusted; else nowhere in it, the global config only (on Windows a command is looked for in the folder it runs
 * in first: a `git.exe` in a repository cloned a minute ago would run).
 */
export function gitCliFolder(trusted: boolean, folder: string | undefined): string | undefined {
  return trusted ? folder : undefined;
}
