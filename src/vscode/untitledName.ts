// The name of the untitled editor that shows code shared from a file this workspace does not have: the
// file's own name (its tab reads `onlyb.ts`, Save As offers it), made safe and not taken by another one.

/** At most this many characters of a shared file's name. */
const MAX_NAME = 80;

/**
 * The last part of `path`, with nothing but letters, digits, marks and `._-+@#,() ` kept (no separators, no
 * control or bidirectional characters that could make one name look like another), at most MAX_NAME long;
 * '' when nothing of it is left.
 */
export function sharedFileName(path: string): string {
  const base = path.split(/[\\/]/).pop() ?? '';
  const safe = base.replace(/[^\p{L}\p{N}\p{M}._\-+@#,() ]/gu, '').trim().slice(0, MAX_NAME).trim();
  return /^\.*$/.test(safe) ? '' : safe;
}

/**
 * An untitled editor's name for code shared from `path`: its file name, else "shared code"; the first of
 * `name`, `name (2)`, `name (3)`... (before the extension: `a (2).ts`) that `taken` does not refuse.
 */
export function untitledName(path: string, taken: (name: string) => boolean): string {
  const name = sharedFileName(path) || 'shared code';
  const dot = name.lastIndexOf('.');
  const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? name : `${stem} (${n})${ext}`;
    if (!taken(candidate)) return candidate;
  }
}
