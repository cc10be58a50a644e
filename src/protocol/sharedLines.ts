// Where a shared selection is in this workspace's copy of the file. Each side of a pairing session edits its
// own copy, so line numbers drift: the lines shared as 12-15 may be at 15-18 here. Pure (no vscode import):
// the document comes in as its lines.
import type { CodeRef } from './messages';

export interface SharedLines {
  /** First and last line here, 0-based. */
  start: number;
  end: number;
  /**
   * 'same': the shared text is at the shared lines. 'moved': it is elsewhere (the nearest place it is).
   * 'edited': no copy of it is left, but these lines still have most of it (the best such place, nearest first).
   * 'absent': it is nowhere, so these are the shared lines as numbered. 'unread': the file was too big to look in
   * (not read): the shared lines as numbered, which may be past its end.
   */
  where: 'same' | 'moved' | 'edited' | 'unread' | 'absent';
  /** Moved, and the file has the code more than once: how many times (the nearest copy is taken, maybe another's). */
  copies?: number;
}

/** How good a finding is, best first: a copy where it was, anywhere, most of it, nothing. */
const RANK: Record<SharedLines['where'], number> = { same: 0, moved: 1, edited: 2, unread: 3, absent: 4 };

/** A line that says something: one that matches says where a block is (a `}` or a blank line matches anywhere). */
const telling = (line: string): boolean => line.length >= 4;
/** A line found more often than this in a document votes for no place. */
const COMMON = 200;

/** Lines compared without what editors and line endings change: trailing spaces (and a `\r`). */
const tight = (line: string): string => line.trimEnd();
/** Lines compared without their indentation either (the block was re-indented). */
const loose = (line: string): string => line.trim();

/** "12" or "12-15". */
export function span(start: number, end: number): string {
  return start === end ? `${start}` : `${start}-${end}`;
}

/** "line 12" or "lines 12-15". */
export function lineSpan(start: number, end: number): string {
  return `${start === end ? 'line' : 'lines'} ${span(start, end)}`;
}

/**
 * What Open says of code found elsewhere than it was shared (`at` moved): "shared as lines 12-14, found at 15-17
 * here", and when the file has it more than once, that the nearest copy was taken (a short block, a guard every
 * function starts with, may be another one).
 */
export function movedNote(sharedStart: number, sharedEnd: number, at: SharedLines): string {
  const copies = at.copies !== undefined ? ` (the nearest of ${at.copies} copies of it)` : '';
  return `shared as ${lineSpan(sharedStart, sharedEnd)}, found at ${span(at.start + 1, at.end + 1)} here${copies}`;
}

/** Whether `path:line` is inside the lines shared as `code` (a link about that card: see lineWithCard). */
export function cardHasLine(code: Pick<CodeRef, 'path' | 'startLine' | 'endLine'>, path: string, line: number): boolean {
  return code.path === path && code.startLine !== undefined && code.startLine <= line && line <= (code.endLine ?? code.startLine);
}

/**
 * Line `line` of the sharer's copy, inside the code they shared as lines `sharedStart`-`sharedEnd` (`text`), where it
 * is in this copy (`doc`): moved as the code was, when it is found whole or most of it (where Open on the card
 * lands); else as numbered. A problem the sharer's editor showed at 13 in code shared as 12-15 is at 16 where that code
 * is at 15-18.
 */
export function lineWithCard(doc: readonly string[], text: string, sharedStart: number, sharedEnd: number, line: number): number {
  const at = locateSharedLines(doc, text, sharedStart, sharedEnd);
  return at.where === 'same' || at.where === 'moved' || at.where === 'edited' ? line + (at.start + 1 - Math.trunc(sharedStart)) : line;
}

/** A text's lines as VS Code numbers them: a lone `\r` (an old Mac file) ends a line as `\n` and `\r\n` do. */
export function textLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/**
 * Finds `text` (the shared lines) in `doc` (this copy's lines), preferring the shared place (`startLine`,
 * 1-based), then the nearest exact copy, then the nearest copy with other indentation, then the place that
 * has most of its telling lines (at least half) where the block has them.
 */
export function locateSharedLines(doc: readonly string[], text: string, sharedStart: number, sharedEnd: number): SharedLines {
  const n = doc.length;
  const startLine = Number.isFinite(sharedStart) ? Math.trunc(sharedStart) : 1;
  const endLine = Number.isFinite(sharedEnd) ? Math.trunc(sharedEnd) : startLine;
  const clamp = (l: number) => Math.max(0, Math.min(n - 1, l));
  const start = clamp(startLine - 1);
  const stated: SharedLines = { start, end: Math.max(start, clamp(endLine - 1)), where: 'absent' };
  // a text's final line break ends its last line; where the shared lines say that line is there, blank (a
  // function and the blank line after it), the text is looked for with it first (one line short without it), then
  // without it (a line written since under the block is no change to the block)
  const all = textLines(text);
  const bare = all.length > 1 && all.at(-1) === '' ? all.slice(0, -1) : all;
  const wants = bare !== all && all.length === endLine - startLine + 1 ? [all, bare] : [bare];
  if (n === 0 || bare.every((l) => l.trim() === '')) return stated;
  for (const want of wants) {
    for (const norm of [tight, loose]) {
      // the nearest copy to the shared place wins (a block repeated in a file is found where it was), the earlier
      // of two as near
      let best: number | undefined;
      const found = copiesOf(doc.map(norm), want.map(norm));
      for (const i of found) {
        if (best === undefined || Math.abs(i - start) < Math.abs(best - start)) best = i;
      }
      if (best === startLine - 1) return { start: best, end: best + want.length - 1, where: 'same' };
      if (best !== undefined) return { start: best, end: best + want.length - 1, where: 'moved', ...(found.length > 1 ? { copies: found.length } : {}) };
    }
  }
  return mostAlike(doc, bare, start) ?? stated;
}

/**
 * Where `want` is in `doc` as a run of whole lines: the first line of each copy, in order. In one pass (Knuth,
 * Morris and Pratt over the lines): a card compared at every line of a file cost the file's lines times the
 * card's, and a card of 5,000 lines of `0,` against a data file of them held the window for 36 s.
 */
function copiesOf(doc: readonly string[], want: readonly string[]): number[] {
  // (for each length k of the card's start: the longest card start that also ends it, shorter than k)
  const back = [0];
  for (let k = 1, j = 0; k < want.length; k++) {
    while (j > 0 && want[k] !== want[j]) j = back[j - 1]!;
    if (want[k] === want[j]) j++;
    back.push(j);
  }
  const found: number[] = [];
  for (let i = 0, j = 0; i < doc.length; i++) {
    while (j > 0 && doc[i] !== want[j]) j = back[j - 1]!;
    if (doc[i] === want[j]) j++;
    if (j === want.length) {
      found.push(i - j + 1);
      j = back[j - 1]!;
    }
  }
  return found;
}

/** How many lines a telling line may have moved within its block (lines added or deleted above it in it). */
const SHIFT = 3;

/**
 * The place of `doc` where a window of `want`'s size has most of want's telling lines at their places, give or
 * take SHIFT lines (each compared without indentation), most of them exactly at theirs among equals, then nearest
 * `from`; undefined when no place has half of them.
 */
function mostAlike(doc: readonly string[], want: readonly string[], from: number): SharedLines | undefined {
  const w = want.map(loose);
  const marks = w.flatMap((l, k) => (telling(l) ? [k] : []));
  // (one line: a copy of it or nothing; a block longer than the file may be the whole file, a line deleted in it)
  if (marks.length < 2) return undefined;
  // each telling line of the block found in the document votes for where the block would start (a line found
  // everywhere says nothing: past COMMON places it does not vote)
  const places = new Map<string, number[]>();
  for (const k of marks) places.set(w[k]!, []);
  doc.forEach((line, j) => {
    const at = places.get(loose(line));
    if (at && at.length <= COMMON) at.push(j);
  });
  // (a line deleted in the middle of a block split its votes between two places a line apart, neither with half;
  // and a window may overhang the file's start or end: a block that ends the file, a line deleted in it)
  const votes = new Map<number, number>();
  const exact = new Map<number, number>();
  for (const k of marks) {
    const at = places.get(w[k]!)!;
    if (at.length > COMMON) continue;
    const near = new Set<number>();
    for (const j of at) {
      exact.set(j - k, (exact.get(j - k) ?? 0) + 1);
      for (let d = -SHIFT; d <= SHIFT; d++) near.add(j - k + d);
    }
    for (const i of near) votes.set(i, (votes.get(i) ?? 0) + 1);
  }
  let best: { i: number; hits: number; exact: number } | undefined;
  for (const [i, hits] of votes) {
    if (2 * hits < marks.length) continue;
    const e = exact.get(i) ?? 0;
    if (!best || hits > best.hits || (hits === best.hits && (e > best.exact || (e === best.exact && Math.abs(i - from) < Math.abs(best.i - from))))) best = { i, hits, exact: e };
  }
  if (!best) return undefined;
  // the lines it spans here: from where its first telling line found there says it starts to where its last says
  // it ends (lines added or deleted in it make it longer or shorter than it was)
  const at = best.i;
  const found = marks.flatMap((k) => {
    const js = (places.get(w[k]!) ?? []).filter((j) => Math.abs(j - k - at) <= SHIFT);
    return js.length > 0 ? [{ k, j: js.reduce((a, b) => (Math.abs(b - k - at) < Math.abs(a - k - at) ? b : a)) }] : [];
  });
  const first = found[0]!;
  const last = found.at(-1)!;
  const start = Math.max(0, first.j - first.k);
  return { start, end: Math.max(start, Math.min(doc.length - 1, last.j + (w.length - 1 - last.k))), where: 'edited' };
}

/**
 * Which of several copies (the files a shared path may name here: one per workspace folder, or found by name)
 * has the shared text, and where: a copy the path names (`named`, all of them if not given) that has it, where
 * it was or moved, wins; else the best finding; the earlier copy among equals. Undefined for no copies. A copy
 * that is null was not read (too big to look in): it may have the text at the shared lines.
 */
export function pickSharedCopy(copies: readonly (readonly string[] | null)[], text: string, sharedStart: number, sharedEnd: number, named?: readonly boolean[]): { copy: number; at: SharedLines } | undefined {
  let best: { copy: number; at: SharedLines; rank: number } | undefined;
  copies.forEach((doc, copy) => {
    const at = doc === null ? unreadAt(sharedStart, sharedEnd) : locateSharedLines(doc, text, sharedStart, sharedEnd);
    // (another file of the name with the code at the shared numbers beat the named one where it had moved a line)
    const rank = RANK[at.where] + ((named?.[copy] ?? true) && RANK[at.where] <= RANK.moved ? 0 : RANK.absent + 1);
    if (!best || rank < best.rank) best = { copy, at, rank };
  });
  return best && { copy: best.copy, at: best.at };
}

/** The shared lines as numbered (0-based, in order), in a copy that was not read. */
function unreadAt(sharedStart: number, sharedEnd: number): SharedLines {
  const start = Number.isFinite(sharedStart) ? Math.max(0, Math.trunc(sharedStart) - 1) : 0;
  const end = Number.isFinite(sharedEnd) ? Math.max(start, Math.trunc(sharedEnd) - 1) : start;
  return { start, end, where: 'unread' };
}

/**
 * A copy as pickSharedCopy takes it: its lines, or null when it was too big to read, for the file the shared path
 * names only (one found by its name alone is another file of that name: a bundled dist/index.js beat the named
 * src/index.js that no longer had the code, and the code opened in an untitled editor instead).
 */
export function copyToSearch(lines: readonly string[] | null, exact: boolean): readonly string[] | null {
  return lines === null && !exact ? [] : lines;
}
