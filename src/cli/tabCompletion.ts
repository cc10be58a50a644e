// Tab in `tcp-chat join` (and the host's own seat): completes a slash command at the start of the line, a
// nickname of the current room after `@` or as the first argument of /msg, /kick, /op, /delete..., and a room after
// /join, /part and /who, as the panel's list does (src/protocol/completion.ts). Readline inserts a single match whole, or what all matches share; a
// second Tab lists them.

import { COMMANDS } from '../protocol/commands';
import { completions, type KnownRooms } from '../protocol/completion';

const NAMES = COMMANDS.map((c) => c.name);

/** Readline's completer result for `before` (the line up to the cursor): the candidates, and the text they replace. */
export function tabCompletion(before: string, nicks: readonly string[], rooms?: KnownRooms): [string[], string] {
  const found = completions(before, NAMES, nicks, rooms);
  const from = found[0]?.from ?? before.length;
  return [found.map((f) => f.insert), before.slice(from)];
}
