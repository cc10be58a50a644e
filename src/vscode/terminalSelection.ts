// Share Terminal Selection: what a terminal's selection is as a message. A terminal pads a row it copies with
// the blanks to its right margin, and a selection dragged past the output takes blank rows with it. Pure: no vscode
// import.

/** `copied` (as the terminal copies it) with its line ends as `\n`, each line's trailing blanks and the blank lines before and after it gone. */
export function terminalSelectionText(copied: string): string {
  const lines = copied.replace(/\r\n?/g, '\n').split('\n').map((l) => l.replace(/[ \t]+$/, ''));
  let start = 0;
  let end = lines.length;
  while (start < end && lines[start] === '') start++;
  while (end > start && lines[end - 1] === '') end--;
  return lines.slice(start, end).join('\n');
}

/**
 * `text` (terminalSelectionText's) as a message: a fenced block of `output`, which the panel does not colour as code
 * but reads for paths (a stack trace's `src/a.ts:42` opens the file there), fenced longer than any run of backticks
 * in it (one of three would have ended the block early).
 */
export function outputMessage(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}output\n${text}\n${fence}`;
}
