// Apply on a diff card (Share Changes): the card's hunks made in this copy of the file, as `git apply` would, where
// the copy has drifted too (a hunk's lines found nearest where they were); a hunk whose result the copy has already
// is left as it is. All or nothing: a hunk whose lines are in the copy neither as before nor as after stops it.
// Pure: no Node, no vscode.

import { diffParts, hunkNumbers } from './diffHunks';

/**
 * One hunk to make: replace `count` lines of the copy from `start` (0-based) with `lines`, of which those from
 * `added` (an index into them) on, `addedCount` of them, are the hunk's own (its context lines are around them; one
 * that only deletes: none, at the place it deleted).
 */
export interface HunkEdit {
  start: number;
  count: number;
  lines: string[];
  added: number;
  addedCount: number;
}

export interface Applied {
  /** The edits, in the copy's order, none overlapping (positions in the copy as it is). */
  edits: HunkEdit[];
  /** Hunks the copy had already, as after the changes. */
  already: number;
  /** Hunks the sharer's card left out (too long for the room): not in it, so not made. */
  leftOut: number;
  /** The card makes a file the copy does not have (its old side is /dev/null). */
  creates: boolean;
}

/** The card's line that says how many hunks it left out (diffHunks.ts's changesCard writes it). */
const LEFT_OUT = /^\((\d+) more hunks? left out/;

/** Whether `block` is `lines` from `at`, line by line (blanks at line ends aside: an editor may trim them). */
function blockAt(lines: readonly string[], block: readonly string[], at: number): boolean {
  if (at < 0 || at + block.length > lines.length) return false;
  for (let i = 0; i < block.length; i++) if (lines[at + i]!.trimEnd() !== block[i]!.trimEnd()) return false;
  return true;
}

/** Where `block` is in `lines` at or after `floor`, the nearest to `near`; -1 when nowhere. */
function nearest(lines: readonly string[], block: readonly string[], near: number, floor: number): number {
  const last = lines.length - block.length;
  for (let d = 0; near - d >= floor || near + d <= last; d++) {
    if (near - d >= floor && blockAt(lines, block, near - d)) return near - d;
    if (d > 0 && near + d <= last && near + d >= floor && blockAt(lines, block, near + d)) return near + d;
  }
  return -1;
}

/** Hunk `n` (1-based) of `count`, from line `start` (1-based, the sharer's HEAD), in words, with its verb. */
const hunkWords = (n: number, count: number, start: number) => (count > 1 ? `hunk ${n} (from line ${start}) is` : 'its lines are');

/**
 * The edit that makes hunk `body` where its old lines are at `at` in `lines`: its context lines as the copy has them
 * (its blanks kept), and where among the lines after it its own are (the first added to the last; where it deleted).
 */
function madeAt(lines: readonly string[], body: readonly string[], at: number): HunkEdit {
  const out: string[] = [];
  let k = at;
  let firstAdded: number | undefined;
  let firstDeleted: number | undefined;
  let end = 0;
  for (const l of body) {
    if (l[0] === ' ') out.push(lines[k++]!);
    else if (l[0] === '-') {
      k++;
      firstDeleted ??= out.length;
    } else {
      firstAdded ??= out.length;
      out.push(l.slice(1));
      end = out.length;
    }
  }
  return { start: at, count: k - at, lines: out, added: firstAdded ?? firstDeleted ?? 0, addedCount: firstAdded === undefined ? 0 : end - firstAdded };
}

/**
 * The edits that make diff card `diff` in `lines` (a copy of its file: [''] for an empty one, [] for none), or why
 * not, in words.
 */
export function applyDiff(lines: readonly string[], diff: string): Applied | { error: string } {
  const { header, hunks } = diffParts(diff);
  if (hunks.length === 0) return { error: 'the card has no changes to make (no hunk)' };
  if (header.some((l) => l === '+++ /dev/null')) return { error: 'these changes delete the file: that is yours to do' };
  const creates = header.some((l) => l === '--- /dev/null');
  const edits: HunkEdit[] = [];
  let already = 0;
  let leftOut = 0;
  let floor = 0;
  let drift = 0;
  for (const [i, hunk] of hunks.entries()) {
    const [oldStart = 1] = hunkNumbers(hunk[0]!) ?? [];
    const body = hunk.slice(1).filter((l) => /^[ +-]/.test(l));
    leftOut += hunk.slice(1).reduce((n, l) => n + Number(LEFT_OUT.exec(l)?.[1] ?? 0), 0);
    const before = body.filter((l) => l[0] !== '+').map((l) => l.slice(1));
    const after = body.filter((l) => l[0] !== '-').map((l) => l.slice(1));
    if (before.length === 0) {
      // (a new file's only hunk: the copy is empty, or has it already)
      if (lines.every((l) => l === '')) edits.push({ start: 0, count: lines.length, lines: after, added: 0, addedCount: after.length });
      else if (blockAt(lines, after, 0)) already++;
      else return { error: 'the file these changes make is here already, with other lines: nothing changed' };
      continue;
    }
    const near = Math.max(floor, oldStart - 1 + drift);
    const was = nearest(lines, before, near, floor);
    const is = nearest(lines, after, near, floor);
    // (both: the nearer; as near, the longer, which says more: lines added at a file's end leave its old lines whole)
    const made = is >= 0 && (was < 0 || Math.abs(is - near) < Math.abs(was - near) || (is === was && after.length > before.length));
    if (made) {
      already++;
      floor = is + after.length;
      drift = is - (oldStart - 1);
    } else if (was >= 0) {
      edits.push(madeAt(lines, body, was));
      floor = was + before.length;
      drift = was - (oldStart - 1);
    } else {
      return { error: `${hunkWords(i + 1, hunks.length, oldStart)} in your copy neither as before these changes nor as after: nothing changed` };
    }
  }
  return { edits, already, leftOut, creates };
}

/** A new file's text as `r` (applyDiff's of a card that makes one, on no copy) makes it: each line ending in a line break. */
export function createdText(r: Applied): string {
  return withEdits([], r.edits).map((l) => `${l}\n`).join('');
}

/** `lines` with `edits` (applyDiff's) made. */
export function withEdits(lines: readonly string[], edits: readonly HunkEdit[]): string[] {
  const out = [...lines];
  for (const e of [...edits].reverse()) out.splice(e.start, e.count, ...e.lines);
  return out;
}

/** What was made, in words: the hunks, those there already, those the card left out. */
export function appliedWords(r: Pick<Applied, 'edits' | 'already' | 'leftOut'>, name: string): string {
  const made = r.edits.length;
  const parts = [made === 0 ? `${name} here has these changes already` : `made ${made} change${made > 1 ? 's' : ''} in ${name}`];
  if (made > 0 && r.already > 0) parts.push(`${r.already} more ${r.already > 1 ? 'were' : 'was'} there already`);
  if (r.leftOut > 0) parts.push(`the card left ${r.leftOut} more out (too long for the room): not made`);
  return parts.join('; ');
}

/**
 * Why a card's changes are not applied to `path` (workspace-relative, `/`-separated) whatever they hold, or
 * undefined: Git's own files (`.git/config`, `.git/hooks/...`), where a line from chat runs commands (a `core.fsmonitor`,
 * a hook) at the next `git status`.
 */
export function applyRefused(path: string): string | undefined {
  return path.split('/').some((part) => part.toLowerCase() === '.git') ? `${path} is one of Git's own files: changes to it are not applied from chat` : undefined;
}
