// How a shared `path` is looked for by name in a workspace where it is not at that path: its tails, longest
// first (`packages/api/src/index.ts`, then `api/src/index.ts`, ... `index.ts`), each a glob of its own, and how
// much of the path a file found that way has. Pure: no vscode import.

/** A glob for files that end with `tail` (a path's last parts), its special characters matched as themselves. */
function globFor(tail: string): string {
  return `**/${tail.replace(/[[\]{}*?!]/g, (c) => `[${c}]`)}`;
}

/**
 * The globs to search for `rel` (a path relative to a workspace folder, `/`-separated), longest tail first: a
 * search of its name alone stops at so many files that, in a repository of 60 `index.ts`, the right one was
 * never among them.
 */
export function tailGlobs(rel: string): string[] {
  const parts = rel.split('/').filter((p) => p !== '');
  return parts.map((_, i) => globFor(parts.slice(i).join('/')));
}

/** How many of `rel`'s last parts the workspace-relative path `found` ends with (the name alone: 1). */
export function tailScore(rel: string, found: string): number {
  const want = rel.split('/');
  const parts = found.split('/');
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
