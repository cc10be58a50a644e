// A diff's colours on a terminal, as `git diff` paints them: a hunk's `@@` line cyan, its removed lines red and its
// added ones green. For a code card or a fenced block whose language is a diff (diff, patch: see codeColours).

import { hunkNumbers } from '../protocol/diffHunks';

/**
 * The lines of a diff with colour escape sequences around those git colours, each coloured line ending in the
 * default colour: a hunk's `@@` line cyan, its removed lines red, its added ones green. A hunk ends where its
 * header's line counts say (a patch of several files: the next file's `--- a/b.ts` and `+++ b/b.ts` are a header,
 * not a removed and an added line); a header line (`--- a/a.ts`, `diff --git`) is none of those colours. A diff with
 * no `@@` line at all (a snippet, `- old` and `+ new` in a message's ```diff block) is all one hunk, and so is one
 * whose `@@` lines carry no counts; a `@@` line starts a hunk wherever it is (counts that ran short: an edited
 * snippet). Without its escape sequences each line is the same line, as given.
 */
export function diffColours(lines: readonly string[]): string[] {
  // (lines of the hunk still to come on each side; Infinity: to the end)
  let [oldLeft, newLeft] = lines.some((l) => l.startsWith('@@ ')) ? [0, 0] : [Infinity, Infinity];
  return lines.map((line) => {
    if (line.startsWith('@@ ')) {
      const [, oldCount = Infinity, , newCount = Infinity] = hunkNumbers(line) ?? [];
      [oldLeft, newLeft] = [oldCount, newCount];
      return paint(36, line);
    }
    if (oldLeft <= 0 && newLeft <= 0) return line; // (a header, between files)
    if (line.startsWith('+')) {
      newLeft--;
      return paint(32, line);
    }
    if (line.startsWith('-')) {
      oldLeft--;
      return paint(31, line);
    }
    // (a line of both sides, ` one`; `\ No newline at end of file` is of neither)
    if (!line.startsWith('\\')) {
      oldLeft--;
      newLeft--;
    }
    return line;
  });
}

function paint(hue: number, line: string): string {
  return `\x1b[${hue}m${line}\x1b[39m`;
}
