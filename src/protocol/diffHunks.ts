// A one-file unified diff (`git diff`'s) taken apart into hunks: Share Changes sends the hunks a selection touches,
// whole ones only and as many as the room takes; Open on a diff card looks for one side of it in the file. Pure: no
// Node, no vscode. (Small: it goes into the extension's bundle, which has a size budget.)

import { pickSharedCopy } from './sharedLines';

/** A hunk's first line: where each side starts (1-based) and how many lines it has there (1 when not written). */
const HUNK = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

/** A hunk's old start, old line count, new start, new line count. */
function numbers(hunk: readonly string[]): number[] {
  return hunkNumbers(hunk[0]!)!;
}

/** The numbers of a hunk's first line (`@@ -12,3 +12,4 @@`): old start, old line count, new start, new line count. */
export function hunkNumbers(line: string): number[] | undefined {
  const m = HUNK.exec(line);
  return m ? [+m[1]!, +(m[2] ?? 1), +m[3]!, +(m[4] ?? 1)] : undefined;
}

/**
 * Whether a card's language is a diff's: `diff`, or `patch` (highlight.js's name for it, which the panel's and the
 * terminal's colours follow), in any case. Share Changes and /changes send `diff`; another client may say `patch`.
 */
export function isDiffLanguage(language: string | undefined): boolean {
  return language !== undefined && /^(?:diff|patch)$/i.test(language);
}

/**
 * The header (`diff --git`, `index`, `---`, `+++`: what comes before the first hunk), then each hunk as its lines
 * (its `@@` line first). A line that starts a hunk starts with `@@ -`; a hunk's own lines start with a space, `-`,
 * `+` or `\`.
 */
function parse(diff: string): string[][] {
  const parts: string[][] = [[]];
  for (const line of diff.replace(/\r?\n$/, '').split(/\r?\n/)) {
    if (HUNK.test(line)) parts.push([line]);
    else parts.at(-1)!.push(line);
  }
  return parts;
}

/** A diff's header (what comes before its first hunk) and its hunks, each its lines, its `@@` line first. */
export function diffParts(diff: string): { header: string[]; hunks: string[][] } {
  const [header = [], ...hunks] = parse(diff);
  return { header, hunks };
}

/** The new-side lines a hunk covers; one that only deletes, the lines on either side of where it deleted. */
function newSpan(hunk: readonly string[]): [number, number] {
  const [, , start, count] = numbers(hunk);
  return [start!, start! + (count || 2) - 1];
}

/** A diff card: its text and the new-side lines its hunks cover (1-based). */
export interface ChangesCard {
  text: string;
  startLine: number;
  endLine: number;
}

/**
 * The card Share Changes sends of `diff`: its header and its hunks that touch one of `selected` (new-side line
 * ranges, 0-based as selectionLines.ts gives them; none: every hunk), from the first as many whole ones as `fits` takes, then a line that says how many
 * were left out; at least one hunk, which the caller's length check then refuses. Undefined: no hunk to send (none
 * touches the selection, or the diff has none: a binary file, a mode change).
 */
export function changesCard(diff: string, selected: readonly { start: number; end: number }[], fits: (text: string) => boolean): ChangesCard | undefined {
  const [header = [], ...hunks] = parse(diff);
  const picked = hunks.filter((h) => {
    const [start, end] = newSpan(h);
    return selected.length === 0 || selected.some((s) => s.start < end && s.end + 1 >= start);
  });
  let card: ChangesCard | undefined;
  for (let n = 1; n <= picked.length; n++) {
    const left = picked.length - n;
    const text = [...header, ...picked.slice(0, n).flat(), ...(left > 0 ? [`(${left} more hunk${left > 1 ? 's' : ''} left out: too long for the room)`] : [])].join('\n');
    if (card && !fits(text)) break;
    card = { text, startLine: Math.max(1, newSpan(picked[0]!)[0]), endLine: newSpan(picked[n - 1]!)[1] };
  }
  return card;
}

/**
 * The two sides of a diff card's text, the old (what HEAD has: the receiver's copy, most often) first: each its first
 * hunk's lines on that side, to look for, with the lines (1-based) that side of all its hunks spans. A side without
 * lines (a new file's old one) is left out.
 */
export function diffSides(diff: string): { text: string; start: number; end: number }[] {
  const [, first, ...rest] = parse(diff);
  if (!first) return [];
  const [oldStart, , newStart] = numbers(first);
  const [lastOld, oldCount, lastNew, newCount] = numbers(rest.at(-1) ?? first);
  const sides: [string, number, number][] = [['-', oldStart!, lastOld! + oldCount! - 1], ['+', newStart!, lastNew! + newCount! - 1]];
  return sides.flatMap(([mark, start, end]) => {
    const lines = first.slice(1).filter((l) => l[0] === ' ' || l[0] === mark).map((l) => l.slice(1));
    return lines.length > 0 ? [{ text: lines.join('\n'), start, end: Math.max(start, end) }] : [];
  });
}

/** A side of a diff card (diffSides) found in copy `copy` of its file, its first hunk's lines from `start` (0-based). */
export interface DiffFound {
  copy: number;
  start: number;
  side: { text: string; start: number; end: number };
}

/**
 * Where Open (the panel's, the terminal's) finds diff card `diff` among `copies` of its file (each its lines; null:
 * not read, too big to look in): the first side, the old then the new, that a copy has where it was or moved;
 * 'unread' when a copy was not read (it may have it: opened at the lines shared, as for any card; it was said not to
 * have them, unlooked-at); 'absent' when none has either side.
 */
export function findDiff(copies: readonly (readonly string[] | null)[], diff: string): DiffFound | 'unread' | 'absent' {
  for (const side of diffSides(diff)) {
    const found = pickSharedCopy(copies, side.text, side.start, side.end);
    if (found?.at.where === 'same' || found?.at.where === 'moved') return { copy: found.copy, start: found.at.start, side };
  }
  return copies.includes(null) ? 'unread' : 'absent';
}

/** What Open (the panel's, the terminal's) says of a diff card whose lines are in no copy of `path` here. */
export function diffNotHere(path: string): string {
  return `the lines of these changes are not in your ${path}, neither as they were before them nor as after`;
}

/**
 * How many lines of a diff card's first hunk come before its first changed line (its context above it: as many on
 * either side). /open lands there, on the changes; (only the terminal's: out of the extension's bundle).
 */
export function linesBeforeChange(diff: string): number {
  const first = parse(diff)[1] ?? [];
  const at = first.findIndex((l, i) => i > 0 && l[0] !== ' ');
  return at < 0 ? 0 : at - 1;
}
