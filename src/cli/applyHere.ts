// `/apply [n|undo]` in `tcp-chat join` (and the host's own seat): a diff card's changes (Share Changes, /changes) made in
// your copy of its file, as VS Code's Apply makes them (src/protocol/applyDiff.ts): where its lines are now, hunks
// there already left, a hunk the copy has neither way stopping it all. The file is written where it is (its path
// from your repository's root, as /open finds it); `git diff` shows what changed, and `/apply undo` takes the last
// one back while the file is as /apply left it.

import { mkdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { leadsOut } from '../node/pathLeadsOut';
import type { CommandInfo } from '../protocol/commands';
import type { CodeRef } from '../protocol/messages';
import { applyDiff, appliedWords, applyRefused, createdText, withEdits } from '../protocol/applyDiff';
import { isDiffLanguage } from '../protocol/diffHunks';
import { textLines } from '../protocol/sharedLines';
import { repositoryOf } from './shareFile';
import { MAX_READ_BYTES, repositoryPath } from './openInEditor';

export const APPLY_COMMAND: CommandInfo = {
  name: 'apply',
  usage: '/apply [n|undo]',
  help: "Make the changes of the room's last shared diff (Share Changes, /changes; n: the nth last shared code, as /open counts them) in your copy of its file, where its lines are now; /apply undo takes the last ones back.",
};

/** What one /apply changed, to take back: the file, its bytes before (none: /apply made it) and its text after. */
export interface AppliedChange {
  path: string;
  file: string;
  before: Buffer | undefined;
  after: string;
}

/** Reads bytes as UTF-8 text, or undefined when they are not (a Latin-1 file: rewritten as text, its letters were lost). */
function utf8Text(bytes: Buffer): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * Makes diff card `text` (of `code`) in this copy (typed from folder `cwd`): the file of its path under the root of
 * cwd's repository, else under cwd, the first that takes it; a new file's card makes the file where there is none.
 * What it did, or why nothing, in words.
 */
export function applyHere(code: CodeRef, text: string, cwd: string): { said: string; change?: AppliedChange } | { error: string } {
  const path = code.path;
  if (!isDiffLanguage(code.language)) return { error: 'that shared code is no diff: /apply makes the changes of a diff card (Share Changes, /changes)' };
  if (path === undefined || path === '' || code.outside) return { error: 'these changes are of no file of the sharer\'s repository: nothing to apply them to' };
  const parts = repositoryPath(path);
  if (parts === undefined) return { error: `${path} is no path in a repository` };
  const refused = applyRefused(path);
  if (refused !== undefined) return { error: refused };
  const root = repositoryOf(cwd);
  const dirs = [...new Set(root !== undefined ? [root, cwd] : [cwd])];
  const files = dirs.map((dir) => join(dir, ...parts));
  let error: string | undefined;
  for (const [i, file] of files.entries()) {
    let bytes: Buffer;
    try {
      const stat = statSync(file, { throwIfNoEntry: false });
      if (!stat?.isFile()) continue;
      if (leadsOut(dirs[i]!, file)) return { error: `${path} here leads out of ${dirs[i]} (a symbolic link): not changed from chat` };
      // (a file /open does not look in is not changed from chat either)
      if (stat.size > MAX_READ_BYTES) return { error: `${path} is too big to change from chat` };
      bytes = readFileSync(file);
    } catch (e) {
      return { error: `${path} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` };
    }
    const content = utf8Text(bytes);
    if (content === undefined) return { error: `${path} here is not UTF-8 text: not changed from chat (its other letters would be lost)` };
    const lines = textLines(content);
    const r = applyDiff(lines, text);
    if ('error' in r) {
      error ??= r.error;
      continue;
    }
    // (in the file's own line ends; written in place: its mode, a script's x, stays)
    if (r.edits.length === 0) return { said: appliedWords(r, path) };
    const after = withEdits(lines, r.edits).join(content.includes('\r\n') ? '\r\n' : '\n');
    writeFileSync(file, after);
    return { said: `${appliedWords(r, path)} (${file}; git diff shows them, /apply undo takes them back)`, change: { path, file, before: bytes, after } };
  }
  if (error !== undefined) return { error: `not applied to ${path}: ${error}` };
  const made = applyDiff([], text);
  if ('error' in made || !made.creates) return { error: `no ${path} in ${root ?? cwd} (run join in your copy of the repository to change its files)` };
  const file = files[0]!;
  if (leadsOut(dirs[0]!, file)) return { error: `${path} here leads out of ${dirs[0]} (a symbolic link): not made from chat` };
  mkdirSync(dirname(file), { recursive: true });
  const after = createdText(made);
  writeFileSync(file, after, { flag: 'wx' });
  return { said: `made ${path}, a new file of the shared changes (${file}; /apply undo removes it)`, change: { path, file, before: undefined, after } };
}

/**
 * Takes back what /apply changed (`change`): the file's bytes as they were, or the file it made removed; only while
 * the file is as /apply left it (changed since, by hand or an editor, it is left alone: that would be lost).
 */
export function undoApply(change: AppliedChange): { said: string } | { error: string } {
  let now: Buffer;
  try {
    now = readFileSync(change.file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { error: code === 'ENOENT' ? `${change.path} is gone: nothing to take back` : `${change.path} cannot be read (${code ?? (e as Error).message})` };
  }
  if (!now.equals(Buffer.from(change.after))) return { error: `${change.path} changed since /apply: not taken back (git diff shows how it differs)` };
  if (change.before === undefined) {
    unlinkSync(change.file);
    return { said: `removed ${change.path}, the new file /apply made (${change.file})` };
  }
  writeFileSync(change.file, change.before);
  return { said: `took back the changes /apply made in ${change.path} (${change.file})` };
}
