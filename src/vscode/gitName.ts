// The nickname sources that need VS Code or Git: the built-in Git extension's API (repository config, then
// global config) and the `git` command line. The order lives in nickname.ts.

import * as vscode from 'vscode';
import { execFile } from 'node:child_process';
import { userInfo } from 'node:os';
import { gitCliFolder, repositoryOf, type NickSources } from './nickname';
import { gitApi, withTimeout, type GitApi, type GitRepository } from './gitApi';

/** The repository of the active editor's file, else the first one. */
function pickRepository(api: GitApi): GitRepository | undefined {
  const doc = vscode.window.activeTextEditor?.document.uri.fsPath;
  if (doc) {
    const hit = repositoryOf(doc, api.repositories.map((r) => r.rootUri.fsPath));
    if (hit >= 0) return api.repositories[hit];
  }
  return api.repositories[0];
}

function gitCli(cwd: string | undefined): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile('git', ['config', 'user.name'], { cwd, timeout: 3000, encoding: 'utf8' }, (err, stdout) => resolve(err ? undefined : stdout.trim() || undefined));
  });
}

export function vscodeNickSources(): NickSources {
  let api: Promise<GitApi | undefined> | undefined;
  const getApi = () => (api ??= gitApi().catch(() => undefined));
  return {
    setting: () => vscode.workspace.getConfiguration('tcpChat').get<string>('nickname')?.trim() || undefined,
    gitRepository: async () => {
      const a = await getApi();
      const repo = a ? pickRepository(a) : undefined;
      return repo ? (await withTimeout(repo.getConfig('user.name'), 3000))?.trim() || undefined : undefined;
    },
    gitGlobal: async () => {
      const a = await getApi();
      const repo = a ? pickRepository(a) : undefined;
      return repo ? (await withTimeout(repo.getGlobalConfig('user.name'), 3000))?.trim() || undefined : undefined;
    },
    gitCli: () => gitCli(gitCliFolder(vscode.workspace.isTrusted, vscode.workspace.workspaceFolders?.[0]?.uri.fsPath)),
    osUser: () => {
      try {
        return userInfo().username || undefined;
      } catch {
        return process.env.USER || process.env.USERNAME || undefined;
      }
    },
  };
}
