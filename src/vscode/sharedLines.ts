// Where a shared selection is in this workspace's copy of the file. Each side of a pairing session edits its
// own copy, so line numbers drift: the lines shared as 12-15 may be at 15-18 here. Pure (no vscode import):
// the document comes in as its lines.

export interface SharedLines {
  /** First and last line here, 0-based. */
  start: number;
  end: number;
  /** 'same': the shared text is at the shared lines. 'moved': it is elsewhere (the nearest place it is). 'absent': it is nowhere, so these are the shared lines as numbered. */
  where: 'same' | 'moved' | 'absent';
}

/** Lines compared without what editors and line endings change: trailing spaces (and a `\r`). */
const tight = (line: string): string => line.trimEnd();
/** Lines compared without their indentation either (the block was re-indented). */
const loose = (line: string): string => line.trim();

/**
 * Finds `text` (the shared lines) in `doc` (this copy's lines), preferring the shared place (`startLine`,
 * 1-based), then the nearest exact copy, then the nearest copy with other indentation.
 */
export function locateSharedLines(doc: readonly string[], text: string, sharedStart: number, sharedEnd: number): SharedLines {
  const n = doc.length;
  const startLine = Number.isFinite(sharedStart) ? Math.trunc(sharedStart) : 1;
  const endLine = Number.isFinite(sharedEnd) ? Math.trunc(sharedEnd) : startLine;
  const clamp = (l: number) => Math.max(0, Math.min(n - 1, l));
  const start = clamp(startLine - 1);
  const stated: SharedLines = { start, end: Math.max(start, clamp(endLine - 1)), where: 'absent' };
  const want = text.replace(/\r?\n$/, '').split(/\r?\n/);
  if (n === 0 || want.every((l) => l.trim() === '')) return stated;
  for (const norm of [tight, loose]) {
    const w = want.map(norm);
    const at = (i: number) => i >= 0 && i + w.length <= n && w.every((l, k) => norm(doc[i + k] ?? '') === l);
    // outward from the shared place: the nearest copy wins (a block repeated in a file is found where it was)
    for (let d = 0; startLine - 1 - d >= 0 || startLine - 1 + d < n; d++) {
      for (const i of d === 0 ? [startLine - 1] : [startLine - 1 - d, startLine - 1 + d]) {
        if (at(i)) return { start: i, end: i + w.length - 1, where: i === startLine - 1 ? 'same' : 'moved' };
      }
    }
  }
  return stated;
}
