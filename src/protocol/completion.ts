// What completes the end of a line being typed, for every client: a slash command at the start of the line, and a
// nickname after `@` or as the first argument of /msg, /kick, /op, /delete... The panel lists them under its
// composer; the terminal completes them on Tab. Pure: no Node, no DOM.

export interface Completion {
  kind: 'command' | 'nick';
  /** The command's name (no slash), or the nickname. */
  name: string;
  /** Replaces the typed text from `from` to its end. */
  insert: string;
  from: number;
}

/** Commands whose first argument is a nickname. */
const NICK_ARG = /^\/(msg|dm|query|kick|ban|op|deop|delete)\s+(@?)([^\s]*)$/i;

/** The completions of `before` (the text before the caret), in the order of `commands` and of `nicks`. */
export function completions(before: string, commands: readonly string[], nicks: readonly string[]): Completion[] {
  const slash = /^\/([\w?]*)$/.exec(before);
  if (slash) {
    const q = (slash[1] ?? '').toLowerCase();
    return commands.filter((c) => c.startsWith(q)).map((name) => ({ kind: 'command', name, insert: `/${name} `, from: 0 }));
  }
  const arg = NICK_ARG.exec(before);
  // `/delete` alone deletes your own last message: names are offered only once one is being typed, so that
  // Enter after "/delete " sends it instead of picking someone's name
  if (arg && arg[1]?.toLowerCase() === 'delete' && arg[2] === '' && arg[3] === '') return [];
  const at = arg ? null : /(^|\s)@([^\s@]*)$/.exec(before);
  const m = arg ? { q: arg[3] ?? '', at: arg[2] ?? '' } : at ? { q: at[2] ?? '', at: '@' } : null;
  if (!m) return [];
  const q = m.q.toLowerCase();
  const from = before.length - m.q.length - m.at.length;
  return nicks.filter((n) => n.toLowerCase().startsWith(q)).map((name) => ({ kind: 'nick', name, insert: `${m.at}${name} `, from }));
}
