// Which lines of a Markdown text are fenced code, as Markdown reads them: for what must not count as prose (a
// nickname in a pasted log is no mention) and for cutting a text into a quote without leaving a block open.

/** An opening code fence: at most three spaces in, three or more backticks or tildes. */
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/**
 * For each line, whether it belongs to a fenced code block (its fences included), and the fence still open after
 * the last line ('' when none). A block runs to a fence of the same character at least as long; a backtick fence's
 * info string holds no backtick (```` ```x``` ```` is an inline span).
 */
export function fencedLines(lines: readonly string[]): { inside: boolean[]; open: string } {
  let open = '';
  const inside = lines.map((line) => {
    const m = FENCE.exec(line);
    if (open) {
      if (m && m[1]![0] === open[0] && m[1]!.length >= open.length && line.slice(m[0].length).trim() === '') open = '';
      return true;
    }
    if (m && !(m[1]![0] === '`' && line.slice(m[0].length).includes('`'))) {
      open = m[1]!;
      return true;
    }
    return false;
  });
  return { inside, open };
}
