// Tab in `tcp-chat join` (and the host's own seat): completes a slash command at the start of the line, a
// nickname of the current room after `@` or as the first argument of /msg, /kick, /op, /delete..., and a room after
// /join, /part and /who, as the panel's list does (src/protocol/completion.ts). Readline inserts a single match whole, or what all matches share; a
// second Tab lists them: commands with their usage and what they do (commandChoices), as the panel's list shows them.

import { COMMANDS } from '../protocol/commands';
import { completions, type KnownRooms } from '../protocol/completion';

const NAMES = COMMANDS.map((c) => c.name);

/** A line of what a second Tab lists for a command being typed: one it could be, its usage and what it does. */
export interface CommandChoice {
  usage: string;
  help: string;
}

/** Readline's completer result for `before` (the line up to the cursor): the candidates, and the text they replace. */
export function tabCompletion(before: string, nicks: readonly string[], rooms?: KnownRooms): [string[], string] {
  const found = completions(before, NAMES, nicks, rooms);
  const from = found[0]?.from ?? before.length;
  return [found.map((f) => f.insert), before.slice(from)];
}

/**
 * The commands a second Tab lists when `before` is a command being typed that more than one could complete (readline
 * lists their names alone): each with its usage, padded to one column, and what it does, as /help says it.
 */
export function commandChoices(before: string): CommandChoice[] | undefined {
  // (no nicknames nor rooms given: what it finds are commands, or nothing)
  const found = completions(before, NAMES, []);
  if (found.length < 2) return undefined;
  const shown = found.map((f) => COMMANDS.find((c) => c.name === f.name)).filter((c) => c !== undefined);
  const width = Math.max(...shown.map((c) => c.usage.length));
  return shown.map((c) => ({ usage: c.usage.padEnd(width), help: `${c.help}${c.who ? ` (${c.who} only)` : ''}` }));
}
