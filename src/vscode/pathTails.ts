// How a shared `path` is looked for by name in a workspace where it is not at that path: its tails, longest
// first (`packages/api/src/index.ts`, then `api/src/index.ts`, ... `index.ts`), each a glob of its own, and how
// much of the path a file found that way has. Pure: no vscode import.

/**
 * A glob for files that end with `tail` (a path's last parts), its special characters matched as themselves. (Not
 * `!`: special only after a `[`, and `[!]` is any character to VS Code's globs, an unclosed class to ripgrep's.)
 */
function globFor(tail: string): string {
  return `**/${tail.replace(/[[\]{}*?]/g, (c) => `[${c}]`)}`;
}

/**
 * The most tails searched, the longest that many parts: each is a search of the whole workspace, one after the
 * other (a shared path of 512 parts, a peer's, was 512 of them for one click on Open).
 */
export const MAX_TAILS = 6;

/**
 * The globs to search for `rel` (a path relative to a workspace folder, `/`-separated), longest tail first: a
 * search of its name alone stops at so many files that, in a repository of 60 `index.ts`, the right one was
 * never among them.
 */
export function tailGlobs(rel: string): string[] {
  const parts = rel.split('/').filter((p) => p !== '');
  const from = Math.max(0, parts.length - MAX_TAILS);
  return parts.slice(from).map((_, i) => globFor(parts.slice(from + i).join('/')));
}

/** How many of `rel`'s last parts the workspace-relative path `found` ends with (the name alone: 1). */
export function tailScore(rel: string, found: string): number {
  const want = rel.split('/').filter((p) => p !== '');
  const parts = found.split('/').filter((p) => p !== '');
  let score = 0;
  while (score < want.length && score < parts.length && parts[parts.length - 1 - score] === want[want.length - 1 - score]) score++;
  return score;
}

/**
 * What a search by name leaves out: node_modules, and what the user's `files.exclude` setting hides (`.git` by
 * default). A search given an exclude of its own no longer applies that setting (a name found in .git/ was
 * offered). Patterns with braces or commas of their own are left to themselves: they would break the group.
 */
export function excludeGlob(filesExclude: unknown): string {
  const hidden = filesExclude !== null && typeof filesExclude === 'object' ? Object.entries(filesExclude).filter(([p, on]) => on === true && !/[{},]/.test(p)).map(([p]) => p) : [];
  return hidden.length === 0 ? '**/node_modules/**' : `{${['**/node_modules/**', ...hidden].join(',')}}`;
}
