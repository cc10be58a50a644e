// The errors and warnings VS Code shows in the lines Share Selection sends, as one chat message after the code:
// "look at this error" is what a pair most often shares, and the card alone left the other side to guess which
// line was red and why (or the sharer to copy the message by hand from the hover). Pure: no vscode import.
//
// A fenced block without a language: compiler words (`<T>`, `__proto__`, `*`) stay as written, every client
// (terminal, netcat) reads it as lines, and in the panel each `path:line:col` opens the file there.

import { linesLabel } from './selectionLines';

/** The parts of a vscode.Diagnostic this needs (lines and characters 0-based, as VS Code's). */
export interface ProblemLike {
  startLine: number;
  startCharacter: number;
  endLine: number;
  /** vscode.DiagnosticSeverity: 0 error, 1 warning, 2 information, 3 hint. */
  severity: number;
  message: string;
  source?: string;
  code?: string | number;
}

/** The most problems one message lists (then "and N more"). */
export const MAX_PROBLEMS = 10;
/** The most characters of one problem's message (a long elaboration is cut). */
const MAX_PROBLEM_TEXT = 400;
/** The most lines of one problem's message (TypeScript's elaborations go on for many). */
const MAX_PROBLEM_LINES = 6;

const SEVERITY = ['error', 'warning'] as const;

/**
 * The message that lists the errors and warnings of `problems` on the shared `spans` (0-based lines), with how many
 * of each (`1 error and 2 warnings`, for the status bar), or undefined when they have none. `path`: the file as the others can open it (undefined for an untitled editor or a file outside
 * the workspace: lines are then named by number only, not by a path that would open another file). `fits`: whether
 * a text is short enough for the room; problems are left out from the last until it is.
 */
export function problemsMessage(spans: readonly { start: number; end: number }[], problems: readonly ProblemLike[], path: string | undefined, fits: (text: string) => boolean): { text: string; counts: string } | undefined {
  const shown = problems
    .filter((p) => p.severity === 0 || p.severity === 1)
    .filter((p) => spans.some((s) => p.startLine <= s.end && p.endLine >= s.start))
    .sort((a, b) => a.startLine - b.startLine || a.startCharacter - b.startCharacter || a.severity - b.severity);
  if (shown.length === 0) return undefined;
  const errors = shown.filter((p) => p.severity === 0).length;
  const warnings = shown.length - errors;
  const counts = [errors > 0 ? plural(errors, 'error') : '', warnings > 0 ? plural(warnings, 'warning') : ''].filter(Boolean).join(' and ');
  const head = `${counts} in ${path ?? 'the shared code'} ${linesLabel(spans)}:`;
  for (let n = Math.min(shown.length, MAX_PROBLEMS); n >= 1; n--) {
    const rows = shown.slice(0, n).map((p) => row(p, path));
    if (shown.length > n) rows.push(`and ${plural(shown.length - n, 'more problem')}`);
    const fence = '`'.repeat(Math.max(3, longestBacktickRun(rows.join('\n')) + 1));
    const text = `${head}\n${fence}\n${rows.join('\n')}\n${fence}`;
    if (fits(text)) return { text, counts };
  }
  return undefined;
}

/** One problem: where, how bad, what (its first lines), and who says so (`[ts 2339]`, `[eslint no-unused-vars]`). */
function row(p: ProblemLike, path: string | undefined): string {
  const where = path !== undefined ? `${path}:${p.startLine + 1}:${p.startCharacter + 1}` : `line ${p.startLine + 1}:${p.startCharacter + 1}`;
  const by = [p.source, p.code].filter((x) => x !== undefined && String(x) !== '').join(' ');
  let lines = p.message.replace(/\r\n?/g, '\n').split('\n').map((l) => l.trimEnd()).filter((l) => l.trim() !== '');
  if (lines.length > MAX_PROBLEM_LINES) lines = [...lines.slice(0, MAX_PROBLEM_LINES), '...'];
  let text = lines.join('\n  ');
  if (text.length > MAX_PROBLEM_TEXT) text = `${text.slice(0, MAX_PROBLEM_TEXT).trimEnd()}...`;
  return `${where} ${SEVERITY[p.severity] ?? 'error'}: ${text}${by ? ` [${by}]` : ''}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function longestBacktickRun(s: string): number {
  let best = 0;
  for (const m of s.matchAll(/`+/g)) best = Math.max(best, m[0].length);
  return best;
}
