// A file's uncommitted changes for Share Changes: from the built-in Git extension, else from the `git` command line.

import * as vscode from 'vscode';
import { gitFileDiff } from '../node/gitDiff';
import { gitApi } from './gitApi';
import { emptyDiff } from './emptyDiff';

/**
 * The changes of the file at `uri` since the last commit (working tree against HEAD), as a diff; '' for none; null
 * for a file Git does not track. Asks the Git extension about a repository it looks after (and, to tell no changes
 * from a file Git does not track, for the extension says '' for both, whether HEAD has the file: emptyDiff), else, or
 * when it could not say, runs `git` in the file's folder; neither in a workspace not trusted (git runs what a
 * repository's settings say; the extension is off there).
 */
export async function fileChanges(uri: vscode.Uri): Promise<string | null> {
  if (!vscode.workspace.isTrusted) throw new Error('Share Changes runs git: trust this workspace first');
  const repo = (await gitApi().catch(() => undefined))?.getRepository(uri);
  const diff = await repo?.diffWith('HEAD', uri.fsPath);
  if (diff) return diff;
  const means = repo ? await emptyDiff(repo, uri.fsPath) : undefined;
  return means !== undefined ? means : gitFileDiff(uri.fsPath);
}
