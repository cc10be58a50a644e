// A diff's colours on a terminal, as `git diff` paints them: a hunk's `@@` line cyan, its removed lines red and its
// added ones green. For a code card or a fenced block whose language is a diff (diff, patch: see codeColours).

/**
 * The lines of a diff with colour escape sequences around those git colours, each coloured line ending in the
 * default colour: a hunk's `@@` line cyan, its removed lines red, its added ones green. A line of a header before the
 * first hunk (`--- a/a.ts`) is none of those; a diff with no `@@` line at all (a snippet, `- old` and `+ new` in a
 * message's ```diff block) is all one hunk. Without its escape sequences each line is the same line, as given.
 */
export function diffColours(lines: readonly string[]): string[] {
  let inHunk = !lines.some(isHunkHeader);
  return lines.map((line) => {
    if (isHunkHeader(line)) inHunk = true;
    const hue = isHunkHeader(line) ? 36 : !inHunk ? undefined : line.startsWith('+') ? 32 : line.startsWith('-') ? 31 : undefined;
    return hue === undefined ? line : `\x1b[${hue}m${line}\x1b[39m`;
  });
}

function isHunkHeader(line: string): boolean {
  return line.startsWith('@@ ');
}
