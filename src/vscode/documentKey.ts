// Which open document a file is. Pure: no vscode import.

/** What `Uri` gives that the key needs. */
export interface UriLike {
  readonly scheme: string;
  readonly fsPath: string;
  toString(): string;
}

/**
 * A key alike for the same file however its name is written: its URI, and on a file system that ignores case
 * (Windows, macOS) its path in lower case. VS Code hands back the open document for `src/A.ts` when `src/a.ts` is
 * open with unsaved edits; its lines read from the disk instead put the selection off by the lines added since.
 */
export function documentKey(uri: UriLike, ignoreCase: boolean): string {
  return uri.scheme === 'file' && ignoreCase ? `file:${uri.fsPath.toLowerCase()}` : uri.toString();
}
