// Which lines Share Selection sends for an editor's selections: whole lines, each selection's (the cursor's line
// for an empty one, not the line a selection ends at the start of nor the one it starts at the end of), in order,
// overlapping ones as one. Pure: no
// vscode import.

/**
 * A selection as the editor has it: 0-based lines, the column its end is at, and whether its start is at the end
 * of its line (Shift+Down from a line's end: the lines below are what the editor shows selected).
 */
export interface SelectionSpan {
  startLine: number;
  endLine: number;
  endCharacter: number;
  isEmpty: boolean;
  startsAtLineEnd?: boolean;
}

/** At most this many cards go out for one Share Selection (more cursors than that: the first ones). */
export const MAX_SHARED_SELECTIONS = 10;

/**
 * The 0-based line ranges to share, in order, overlapping or touching ones merged, the first MAX_SHARED_SELECTIONS
 * of those `blank` does not leave out (blank ones counted among the ten left fewer cards than there were to send).
 */
export function sharedLineRanges(selections: readonly SelectionSpan[], blank: (r: { start: number; end: number }) => boolean = () => false): { start: number; end: number }[] {
  const ranges = selections
    .map((s) => {
      const end = s.isEmpty ? s.startLine : s.endCharacter === 0 && s.endLine > s.startLine ? s.endLine - 1 : s.endLine;
      const start = !s.isEmpty && s.startsAtLineEnd === true && s.endLine > s.startLine ? s.startLine + 1 : s.startLine;
      // (only the line break at a line's end: that line)
      return start > end ? { start: s.startLine, end: s.startLine } : { start, end };
    })
    .sort((a, b) => a.start - b.start);
  const out: { start: number; end: number }[] = [];
  for (const r of ranges) {
    const last = out.at(-1);
    if (last && r.start <= last.end + 1) last.end = Math.max(last.end, r.end);
    else out.push({ ...r });
  }
  return out.filter((r) => !blank(r)).slice(0, MAX_SHARED_SELECTIONS);
}

/** The ranges as the status bar says them (1-based): `line 5`, `lines 3-5`, `lines 3-5, 9, 20-22`. */
export function linesLabel(ranges: readonly { start: number; end: number }[]): string {
  const one = ranges.length === 1 && ranges[0]!.start === ranges[0]!.end;
  return `${one ? 'line' : 'lines'} ${ranges.map(({ start, end }) => (start === end ? `${start + 1}` : `${start + 1}-${end + 1}`)).join(', ')}`;
}

/**
 * The shared lines' text as a card carries it: line breaks as `\n`, whatever the file's (a CRLF file's `\r`s counted
 * against the room's maxText, so its selection was refused as too long sooner than the same lines of an LF file;
 * the terminal's /share sends `\n`).
 */
export function sharedText(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}
