// `/changes FILE[:LINE[-LINE]]` in `tcp-chat join` (and the host's own seat): a file's uncommitted changes against
// HEAD sent as a diff card, as VS Code's Share Changes sends one (with lines, as with a selection there: the hunks
// that touch them). Its path is /share's (from the root of the file's Git repository), so that Open in the others'
// VS Code selects the changed lines in their copy.

import { existsSync, statSync } from 'node:fs';
import type { CommandInfo } from '../protocol/commands';
import type { CodeRef } from '../protocol/messages';
import { changesCard } from '../protocol/diffHunks';
import { lineSpan } from '../protocol/sharedLines';
import { gitFileDiff } from '../node/gitDiff';
import { cardPathOf, located, parseShareArgs, unreadable } from './shareFile';

export const CHANGES_COMMAND: CommandInfo = {
  name: 'changes',
  usage: '/changes <file>[:<line>[-<line>]]',
  help: "Share a file's uncommitted changes (since its last commit) as a diff; with lines, the changes that touch them: in VS Code, Open lands on them.",
};

/**
 * The diff card `/changes <args>` sends, typed in folder `cwd`: its text and where it is from, as many whole hunks from
 * the first as `fits` takes (then a line saying how many were left out; the caller checks the first one's length);
 * or why there is none, in words for the user: `none` when the file has no changes (nothing is wrong: nothing to
 * send). `diffOf`: the file's diff against HEAD, '' for none, null for a file Git does not track (gitFileDiff).
 */
export async function readChanges(args: string, cwd: string, fits: (text: string) => boolean, diffOf = gitFileDiff): Promise<{ ok: true; text: string; code: CodeRef } | { ok: false; message: string; none?: true }> {
  const asked = parseShareArgs(args, (p) => existsSync(located(p, cwd)), CHANGES_COMMAND.usage);
  if ('error' in asked) return { ok: false, message: asked.error };
  const file = located(asked.file, cwd);
  try {
    if (statSync(file).isDirectory()) return { ok: false, message: `${asked.file} is a folder: share a file's changes` };
  } catch (e) {
    return { ok: false, message: unreadable(asked.file, cwd, e) };
  }
  const { path, outside } = cardPathOf(file, cwd);
  let diff: string | null;
  try {
    diff = await diffOf(file);
  } catch (e) {
    // (not in a repository, no commit yet, no git: said so; else git's words)
    return { ok: false, message: `cannot share the changes of ${path}: ${(e as Error).message}` };
  }
  if (diff === null) return { ok: false, message: `Git does not track ${path}` };
  const lines = asked.start !== undefined ? [{ start: asked.start - 1, end: (asked.end ?? asked.start) - 1 }] : [];
  const card = changesCard(diff, lines, fits);
  if (!card) return { ok: false, none: true, message: `no changes${asked.start !== undefined ? ` in ${lineSpan(asked.start, asked.end ?? asked.start)}` : ''} of ${path} since its last commit: nothing sent` };
  return { ok: true, text: card.text, code: { path, language: 'diff', startLine: card.startLine, endLine: card.endLine, ...(outside ? { outside } : {}) } };
}
