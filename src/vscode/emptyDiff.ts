// What the Git extension's empty diff of a file against HEAD means: it says '' for a file without changes and for one
// Git does not track alike. Told apart by the extension itself (its own git: git.path may be one that is not on PATH,
// where the git command line Share Changes falls back to is not there). Pure: no vscode.

/** What emptyDiff asks of a repository of the Git extension's API (GitRepository has it). */
export interface HeadTree {
  /** `git ls-tree HEAD -- path`'s entry; rejected with `gitErrorCode` UnknownPath when HEAD has no such file. */
  getObjectDetails(treeish: string, path: string): Promise<unknown>;
}

/**
 * What an empty diff of the file at `path` against HEAD means: '' (no changes: HEAD has the file, as the working tree
 * does), null (HEAD has no such file: untracked or ignored; one added since diffs as a new file), undefined
 * when the extension could not say (its git failed otherwise: the caller asks the git command line). Not by the
 * repository's state: its lists of untracked files are empty under git.untrackedChanges "hidden", never hold an
 * ignored one, and lag the disk by a refresh.
 */
export function emptyDiff(repo: HeadTree, path: string): Promise<'' | null | undefined> {
  return repo.getObjectDetails('HEAD', path).then(
    () => '' as const,
    (e: unknown) => ((e as { gitErrorCode?: unknown } | undefined)?.gitErrorCode === 'UnknownPath' ? null : undefined),
  );
}
