// Which file a shared selection is from: its document's own, or, for a version of a workspace file (the old side
// of Source Control's diff, a staged version: a `git:` document; the saved side of Compare with Saved; a Timeline
// entry of the local history), that file. Pure: no vscode import.

/** The part of a vscode.Uri this needs. */
export interface UriLike<U> {
  readonly scheme: string;
  with(change: { scheme?: string; authority?: string; query?: string; fragment?: string }): U;
}

/**
 * Schemes of documents that are a version of a workspace file, with that file's path (what they say of the version
 * is in the query): Git's; VS Code's Compare with Saved (`showModifications`) and local history
 * (`vscode-local-history`).
 */
const VERSION_SCHEMES: ReadonlySet<string> = new Set(['git', 'showModifications', 'vscode-local-history']);

/**
 * `uri`, or the workspace file a version document is of (its path is that file's): shared from a diff, it was
 * labelled "outside the workspace", and its Open said it was in no file of the sharer's, which it was. (Those VS Code
 * makes keep the authority of the window's side, a Remote window's (code-server's too): a `file:` URI has none.)
 */
export function sharedFileUri<U extends UriLike<U>>(uri: U): U {
  return VERSION_SCHEMES.has(uri.scheme) ? uri.with({ scheme: 'file', authority: '', query: '', fragment: '' }) : uri;
}
