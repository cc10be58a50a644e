// The built-in Git extension's API (version 1), as far as TCP Chat uses it: the nickname (gitName.ts) and a file's
// changes (fileChanges.ts).

import * as vscode from 'vscode';

/** The parts of the vscode.git extension API (version 1) used here. */
export interface GitRepository {
  rootUri: vscode.Uri;
  getConfig(key: string): Promise<string>;
  getGlobalConfig(key: string): Promise<string>;
  /** `git diff <ref> -- <path>`: the working tree against `ref` (diffWithHEAD is against the index). */
  diffWith(ref: string, path: string): Promise<string>;
  /** `git ls-tree -l <treeish> -- <path>`'s entry (emptyDiff.ts). */
  getObjectDetails(treeish: string, path: string): Promise<{ mode: string; object: string; size: number }>;
}
export interface GitApi {
  repositories: GitRepository[];
  getRepository(uri: vscode.Uri): GitRepository | null;
}
interface GitExtension {
  enabled: boolean;
  getAPI(version: 1): GitApi;
}

/** The API; none when the extension is not there, is disabled, or did not start within 3 seconds. */
export async function gitApi(): Promise<GitApi | undefined> {
  const ext = vscode.extensions.getExtension<GitExtension>('vscode.git');
  if (!ext) return undefined;
  const exports = ext.isActive ? ext.exports : await withTimeout(Promise.resolve(ext.activate()), 3000);
  if (!exports || !exports.enabled) return undefined;
  return exports.getAPI(1);
}

export function withTimeout<T>(p: Promise<T>, ms: number): Promise<T | undefined> {
  return Promise.race([p, new Promise<undefined>((r) => setTimeout(() => r(undefined), ms))]);
}
