// Tab in `tcp-chat join` (and the host's own seat): completes a slash command at the start of the line, a
// nickname of the current room after `@` or as the first argument of /msg, /kick, /op, /delete..., and a room after
// /join, /part and /who, as the panel's list does (src/protocol/completion.ts), a nickname after /react's emoji,
// and an emoji name (`:tad`: 🎉) into its emoji (src/protocol/emojiCompletion.ts). Readline inserts a single match whole, or what all matches share; a
// second Tab lists them: commands with their usage and what they do (commandChoices), emoji with their names
// (emojiChoices), as the panel's list shows them, and the others (nicknames, rooms, files) as readline lays them out
// (listedCompletions), each printed as a line of the chat is.

import { COMMANDS } from '../protocol/commands';
import { cellsOf } from './terminalWrap';
import { SHARE_COMMAND } from './shareFile';
import { CHANGES_COMMAND } from './shareChanges';
import { OPEN_COMMAND } from './openInEditor';
import { APPLY_COMMAND } from './applyHere';
import { REACT_COMMAND } from './reactCommand';
import { QUERY_COMMAND } from './queryCommand';
import { REPLY_COMMAND } from './replyCommand';
import { completions, type KnownRooms } from '../protocol/completion';
import { emojiCompletions, type EmojiCompletion } from '../protocol/emojiCompletion';
import { terminalMarkdown } from './laterBundle';

/** The commands a terminal takes: every client's, and its own /share, /changes, /open, /apply, /react, /reply and /query. */
const TERMINAL_COMMANDS = [...COMMANDS, SHARE_COMMAND, CHANGES_COMMAND, OPEN_COMMAND, APPLY_COMMAND, REACT_COMMAND, REPLY_COMMAND, QUERY_COMMAND];
const NAMES = TERMINAL_COMMANDS.map((c) => c.name);

/** The most emoji a second Tab lists (as the panel's list); typing more of the name narrows them. */
export const MAX_EMOJI_CHOICES = 20;

/** A line of what a second Tab lists for a command being typed: one it could be, its usage and what it does. */
export interface CommandChoice {
  usage: string;
  help: string;
}

/** Readline's completer result for `before` (the line up to the cursor): the candidates, and the text they replace. */
export function tabCompletion(before: string, nicks: readonly string[], rooms?: KnownRooms): [string[], string] {
  // (/react's nickname comes after its emoji: the emoji, or its name, is what completes before it)
  const reactNick = /^\/react\s+\S+\s+(@?[^\s@]*)$/i.exec(before)?.[1];
  const asked = reactNick !== undefined ? `/msg ${reactNick}` : before;
  const found = completions(asked, NAMES, nicks, rooms);
  if (found.length === 0) return emojiTab(before);
  // a command typed whole is that command, though a longer one starts so (`/op`, and the terminal's `/open`)
  const whole = found.find((f) => f.kind === 'command' && f.insert === `${before} `);
  if (whole) return [[whole.insert], before];
  // (what they replace is the end of `asked`, which `before` ends with too)
  const from = (found[0]?.from ?? asked.length) + before.length - asked.length;
  return [found.map((f) => f.insert), before.slice(from)];
}

/**
 * An emoji name being typed: the emoji itself (and a space) for the name typed whole, or for the only one that
 * starts so (`:tad`: 🎉), or the only one at all; else the names that start with it (readline adds what they
 * share: `:smir` -> `:smirk`), or when none does, those with it inside (`:rus`: :taurus:, :belarus:...).
 * `before`'s name is what they replace.
 */
function emojiTab(before: string): [string[], string] {
  const { pick, names, typed } = emojiMatches(before);
  if (pick) return [[pick.insert], typed];
  return [names.map((e) => `:${e.name}`), typed];
}

/** What an emoji name being typed completes to: its emoji (`pick`) when that is sure, else the names it could be. */
function emojiMatches(before: string): { pick?: EmojiCompletion; names: EmojiCompletion[]; typed: string } {
  const found = emojiCompletions(before, terminalMarkdown().emojiNames);
  const first = found[0];
  if (!first) return { names: [], typed: '' };
  const typed = before.slice(first.from);
  const q = typed.slice(1).toLowerCase();
  const starts = found.filter((e) => e.name.startsWith(q));
  if (found.length === 1 || first.name === q || starts.length === 1) return { pick: starts[0] ?? first, names: [], typed };
  return { names: starts.length > 0 ? starts : found, typed };
}

/** A line of what a second Tab lists for an emoji name being typed: the emoji and its name. */
export interface EmojiChoice {
  emoji: string;
  name: string;
}

/**
 * The emoji a second Tab lists when `before` ends in an emoji name that more than one could complete (readline lists
 * the names alone): at most MAX_EMOJI_CHOICES of them, the common ones first, and how many more there are.
 */
export function emojiChoices(before: string): { choices: EmojiChoice[]; more: number } | undefined {
  const { names } = emojiMatches(before);
  if (names.length < 2) return undefined;
  return { choices: names.slice(0, MAX_EMOJI_CHOICES).map((e) => ({ emoji: e.emoji, name: `:${e.name}:` })), more: Math.max(0, names.length - MAX_EMOJI_CHOICES) };
}

/**
 * The commands a second Tab lists when `before` is a command being typed that more than one could complete (readline
 * lists their names alone): each with its usage, padded to one column, and what it does, as /help says it.
 */
export function commandChoices(before: string): CommandChoice[] | undefined {
  // (no nicknames nor rooms given: what it finds are commands, or nothing)
  const found = completions(before, NAMES, []);
  if (found.length < 2) return undefined;
  const shown = found.map((f) => TERMINAL_COMMANDS.find((c) => c.name === f.name)).filter((c) => c !== undefined);
  const width = Math.max(...shown.map((c) => c.usage.length));
  return shown.map((c) => ({ usage: c.usage.padEnd(width), help: `${c.help}${c.who ? ` (${c.who} only)` : ''}` }));
}

/**
 * The rows of the list readline writes at a second Tab for the completer's `result` (its candidates, the text they
 * replace), or undefined when readline writes none for it (it inserts what they share, or replaces the text, or has
 * nothing to do). Readline writes its list under the line typed and draws the prompt under it, from where the
 * cursor is: the pending area above that line stayed where it was, counted as right above the prompt, and the
 * next drawing went up into the list, and left the rest of it, the area and the line typed on the screen. The
 * terminal prints these rows instead, as a line of the chat, and gives readline nothing to list. Laid out as
 * readline lays them out (in columns as wide as the widest, in the order given; an empty candidate ends a row),
 * within `columns` (none: one a row), after two spaces as the other lists of a second Tab.
 */
export function listedCompletions([found, typed]: [string[], string], columns: number): string[] | undefined {
  const names = found.filter((f) => f !== '');
  if (names.length === 0) return undefined;
  // (readline's rule: what they all share longer than what is typed goes in; typed text they do not all start with
  // is replaced by what they share; else, at a second Tab, the list)
  const shared = names.reduce((a, b) => {
    let n = 0;
    while (n < a.length && n < b.length && a[n] === b[n]) n++;
    return a.slice(0, n);
  });
  const inserts = shared.startsWith(typed) && shared.length > typed.length;
  if (inserts || !typed.startsWith(shared)) return undefined;
  const shown = found.map((f) => f.trimEnd());
  const width = Math.max(...shown.map(cellsOfText)) + 2;
  const perRow = columns > 2 ? Math.max(1, Math.floor((columns - 2) / width)) : 1;
  const rows: string[] = [];
  let row: string[] = [];
  const end = () => {
    if (row.length > 0) rows.push(`  ${row.join('')}`.trimEnd());
    row = [];
  };
  for (const s of shown) {
    if (s === '' || row.length === perRow) end();
    if (s !== '') row.push(s + ' '.repeat(width - cellsOfText(s)));
  }
  end();
  return rows;
}

/** The cells `text` takes on a terminal (cellsOf each character). */
function cellsOfText(text: string): number {
  let n = 0;
  for (const ch of text) n += cellsOf(ch);
  return n;
}
