// Which file a shared selection is from: its document's own, or, for a version of a workspace file (the old side
// of Source Control's diff, a staged version: a `git:` document), that file. Pure: no vscode import.

/** The part of a vscode.Uri this needs. */
export interface UriLike<U> {
  readonly scheme: string;
  with(change: { scheme?: string; query?: string; fragment?: string }): U;
}

/**
 * `uri`, or the workspace file a `git:` document is a version of (its path is that file's): shared from a diff, it
 * was labelled "outside the workspace", and its Open said it was in no file of the sharer's, which it was.
 */
export function sharedFileUri<U extends UriLike<U>>(uri: U): U {
  return uri.scheme === 'git' ? uri.with({ scheme: 'file', query: '', fragment: '' }) : uri;
}
