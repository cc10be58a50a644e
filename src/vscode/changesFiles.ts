// Which files Share Changes shares, from what VS Code passes the command: nothing (the palette, a key), the editor's
// own Uri (its context menu), the Explorer's (the file clicked, then those selected), Source Control's resource
// states (one argument each when several are selected); and what it says, once, of those it did not share. Values
// from outside: what does not look like a Uri is left out. Pure: no vscode import.

/** A file as Share Changes takes it: a Uri's scheme, and its file system path (`fsPath`, else its `path`). */
export interface FileRef {
  scheme: string;
  path: string;
}

/** At most this many files' changes at once (a card each): the others are left out, and it says so. */
export const CHANGES_FILES_MAX = 10;

/** The fields read of an argument, any of them missing: any value has none or has them (a string's are undefined). */
type Fields = { scheme?: unknown; fsPath?: unknown; path?: unknown; resourceUri?: unknown } | null | undefined;

function uriRef(v: unknown): FileRef | undefined {
  const u = v as Fields;
  const path = typeof u?.fsPath === 'string' ? u.fsPath : u?.path;
  return typeof u?.scheme === 'string' && typeof path === 'string' && path !== '' ? { scheme: u.scheme, path } : undefined;
}

/**
 * The files of `args` in order, the first CHANGES_FILES_MAX (`more`: how many others): a Uri, or a Source Control
 * resource state's (`resourceUri`); the Explorer's list of the selected files, when it has any, is all of them, the
 * one clicked included. None when `args` are the editor's file alone (`own`), as its context menu passes it: that
 * editor shares as from the palette, where a selection counts.
 */
export function changesFiles(args: readonly unknown[], own: FileRef | undefined): { files: FileRef[]; more: number } {
  const refs = (vs: readonly unknown[]) => vs.flatMap((v) => uriRef(v) ?? uriRef((v as Fields)?.resourceUri) ?? []);
  const lone = args.length === 1 ? uriRef(args[0]) : undefined;
  const listed = refs(args.filter((a) => Array.isArray(a)).flat());
  const files = lone && lone.scheme === own?.scheme && lone.path === own.path ? [] : listed.length > 0 ? listed : refs(args);
  return { files: files.slice(0, CHANGES_FILES_MAX), more: Math.max(0, files.length - CHANGES_FILES_MAX) };
}

/**
 * What is said once of the files whose changes did not go, out of several: `whys`, each as it is said for one file
 * ("save src/b.ts first"), and the `more` left out; undefined when all went.
 */
export function notSharedText(whys: readonly string[], more: number): string | undefined {
  const all = more > 0 ? [...whys, `${more} more (${CHANGES_FILES_MAX} at a time)`] : whys;
  return all.length > 0 ? `not shared: ${all.join('; ')}` : undefined;
}
