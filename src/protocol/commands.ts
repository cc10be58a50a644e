// Slash commands: the one table every client and the server use (help texts, autocomplete) and the parser
// that turns a typed line into a request. Plain clients' lines go through the same parser on the server.

import type { CommandMsg } from './messages';
import { nickError, normalizeRoom } from './names';
import { NICK_FIELD_MAX, NICK_FIELD_UNITS, REASON_MAX } from './limits';
import { cutAt } from './cutAt';

export interface CommandInfo {
  name: string;
  usage: string;
  help: string;
  /** Who may use it; absent means everyone. */
  who?: 'owner' | 'owner and ops';
}

export const COMMANDS: readonly CommandInfo[] = [
  { name: 'help', usage: '/help [command]', help: 'List the commands, or explain one.' },
  { name: 'me', usage: '/me <action>', help: 'Say what you are doing: "/me is reviewing" shows "* <your nickname> is reviewing".' },
  { name: 'msg', usage: '/msg <nick> <text>', help: 'Send a direct message only <nick> sees.' },
  { name: 'edit', usage: '/edit <text>', help: 'Change your last message in this room to <text>, for everyone.' },
  { name: 'delete', usage: '/delete [nick]', help: 'Delete your last message in this room, for everyone; with a nick, their last one (the owner anyone\'s, ops a member\'s).' },
  { name: 'nick', usage: '/nick <name>', help: 'Change your nickname.' },
  { name: 'who', usage: '/who [#room]', help: 'List who is in this room (or #room, one you are in), with their roles (~ owner, @ operator).' },
  { name: 'join', usage: '/join #room', help: 'Enter a room, creating it if it does not exist; it becomes your current room.' },
  { name: 'part', usage: '/part [#room] [message]', help: 'Leave a room (the current one by default), with parting words if you like: "/part #dev see you".' },
  { name: 'rooms', usage: '/rooms', help: 'List the rooms on this server.' },
  { name: 'topic', usage: '/topic [text]', help: 'Show the room topic, or set it (owner and ops).' },
  { name: 'op', usage: '/op <nick>', help: 'Make <nick> an operator.', who: 'owner' },
  { name: 'deop', usage: '/deop <nick>', help: 'Take operator rights from <nick>.', who: 'owner' },
  { name: 'kick', usage: '/kick <nick> [reason]', help: 'Disconnect <nick> from the server (they may come back).', who: 'owner and ops' },
  { name: 'ban', usage: '/ban <nick> [reason]', help: 'Disconnect <nick> and refuse them from then on (across the host\'s restarts when it keeps a history file).', who: 'owner and ops' },
  { name: 'unban', usage: '/unban <nick>', help: 'Let a banned <nick> in again (with the address and session banned with it); a nick that is not banned gets the list of those who are.', who: 'owner and ops' },
  { name: 'newkey', usage: '/newkey', help: 'Make a new room key for this private room: the invite given so far lets nobody in from now on; everyone in the room now stays (and gets the new key), anyone else needs the new invite.', who: 'owner' },
  { name: 'quit', usage: '/quit [message]', help: 'Leave the chat, with parting words if you like: "/quit gone for lunch" (the host: close the room for everyone).' },
];

export type SlashCommand =
  | { cmd: 'help'; topic?: string }
  /** `message`: parting words the rooms' leave events carry (`/quit gone for lunch`). */
  | { cmd: 'quit'; message?: string }
  | { cmd: 'action'; text: string }
  | { cmd: 'dm'; to: string; text: string; kind?: 'action' }
  | { cmd: 'request'; msg: CommandMsg };

export type SlashResult = { ok: true; command: SlashCommand } | { ok: false; code: 'unknown_command' | 'bad_command'; message: string };

/**
 * What of a command the room judges by its length: the text of a /me, /msg or /edit (against `maxText`), the topic
 * of a /topic that sets one (against `maxTopic`); undefined for a command that carries neither.
 */
export function sizedPart(c: SlashCommand): { of: 'text'; text: string } | { of: 'topic'; topic: string } | undefined {
  if (c.cmd === 'action' || c.cmd === 'dm') return { of: 'text', text: c.text };
  if (c.cmd !== 'request') return undefined;
  if (c.msg.type === 'edit') return { of: 'text', text: c.msg.text };
  if (c.msg.type === 'topic' && c.msg.topic !== undefined) return { of: 'topic', topic: c.msg.topic };
  return undefined;
}

/** True when a typed line is a command rather than text (`//` escapes a leading slash). */
export function isSlashCommand(line: string): boolean {
  return /^\/[^/\s]/.test(line);
}

/**
 * The room a `/join #room` line joins, named as the server names it; undefined for any other line, and for a
 * `/join` the client refuses (no name, a name no room can have). The panel moves to that room.
 */
export function joinTarget(line: string): string | undefined {
  if (!isSlashCommand(line)) return undefined;
  // (the room a command is for does not change which room a /join names)
  const p = parseSlash(line, '');
  return p.ok && p.command.cmd === 'request' && p.command.msg.type === 'join' ? p.command.msg.room : undefined;
}

/** A typed line that is `/quit` (or `/exit`): the client's to act on, in a room or not. */
export function isQuitLine(line: string): boolean {
  if (!isSlashCommand(line)) return false;
  const p = parseSlash(line, '');
  return p.ok && p.command.cmd === 'quit';
}

/** What a slash command no one has gets (`/frobnicate`, and `/help frobnicate`): the same words for both. */
export function unknownCommand(name: string): string {
  return `unknown command /${name.slice(0, 32)}; type /help for the list`;
}

/** The command `/help <topic>` explains: `topic` (`who` or `/who`, any case) among the commands and `extra`, a client's own. */
function helpTopic(topic: string, extra: readonly CommandInfo[]): CommandInfo | undefined {
  const name = topic.replace(/^\//, '').toLowerCase();
  return COMMANDS.find((c) => c.name === name) ?? extra.find((c) => c.name === name);
}

/** Why `/help <topic>` explains nothing: `topic` (`nope` or `/nope`) names none of the commands (with `extra`, a client's own). */
export function unknownHelpTopic(topic: string, extra: readonly CommandInfo[] = []): string | undefined {
  return helpTopic(topic, extra) ? undefined : unknownCommand(topic.replace(/^\//, ''));
}

/**
 * Help for all commands, or for one. `extra`: a client's own commands (the terminal's /share). `columns`: the
 * width of the terminal it is for: each entry's text is then broken at spaces into rows of at most `columns - 1`
 * characters, the rows after its first under its first (left to the terminal, a long one ran on at the row's
 * start, under the command names). Without it, each entry is one line. `cells`: the columns a text takes there (by
 * default one a UTF-16 unit; a terminal's client counts an emoji's two).
 */
export function helpLines(topic?: string, extra: readonly CommandInfo[] = [], columns?: number, cells: (text: string) => number = unitsOf): string[] {
  const all = [...COMMANDS, ...extra];
  const said = (c: CommandInfo) => `${c.help}${c.who ? ` (${c.who} only)` : ''}`;
  if (topic !== undefined && topic !== '') {
    const c = helpTopic(topic, extra);
    if (!c) return [unknownCommand(topic.replace(/^\//, ''))];
    return entryRows(`${c.usage}: `, said(c), columns, 2, cells);
  }
  const width = Math.max(...all.map((c) => c.usage.length));
  const entry = (usage: string, text: string) => entryRows(`  ${usage.padEnd(width)}  `, text, columns, width + 4, cells);
  return ['Commands:', ...all.flatMap((c) => entry(c.usage, said(c))), ...entry('//<text>', 'Send text that starts with a slash: "//etc/hosts" sends "/etc/hosts".')];
}

/** The indent of an entry's text under its head, where beside it the text had too few characters a row. */
const TEXT_UNDER = 6;

/** The length of a text in UTF-16 units: the columns it takes where nothing is wider than a letter. */
const unitsOf = (text: string): number => text.length;

/**
 * `head` then `text`, as rows of at most `columns - 1` columns (the last column stays empty: a terminal that
 * wraps as it is filled would add an empty row) broken at spaces, the rows after the first indented by `indent`;
 * where that leaves the text fewer than 20 columns a row (a narrow terminal: /help's column of usages is 35
 * wide), `head` alone, and the text under it indented by TEXT_UNDER (as a chat line's rows go on). One line when
 * `columns` is not given, or leaves fewer than 20 columns even so: the terminal breaks it. A word longer than a
 * row stays whole (the terminal breaks it). `cells`: the columns a text takes (a terminal draws an emoji in two:
 * counted as one, /react's row of them ran past the terminal's edge, which broke it again, a word alone on a row).
 */
export function entryRows(head: string, text: string, columns: number | undefined, indent: number, cells: (text: string) => number = unitsOf): string[] {
  if (columns === undefined || cells(head) + cells(text) <= columns - 1) return [head + text];
  const room = (n: number) => columns - 1 - (n === 0 ? cells(head) : indent);
  if (room(0) < 20 || room(1) < 20) {
    // (one line each, the terminal broke them: `  /rooms` and 27 spaces, `List`, then `the rooms on this server.`)
    return columns - 1 - TEXT_UNDER >= 20 && head.trim() !== '' ? [head.trimEnd(), ...entryRows(' '.repeat(TEXT_UNDER), text, columns, TEXT_UNDER, cells)] : [head + text];
  }
  const rows: string[] = [];
  let row = '';
  let rowCells = 0;
  for (const word of text.split(' ')) {
    const w = cells(word);
    if (row !== '' && rowCells + 1 + w > room(rows.length)) {
      rows.push(row);
      row = word;
      rowCells = w;
    } else {
      rowCells += row === '' ? w : 1 + w;
      row = row === '' ? word : `${row} ${word}`;
    }
  }
  rows.push(row);
  return rows.map((r, i) => (i === 0 ? head : ' '.repeat(indent)) + r);
}

/** What a text or a command for the current room gets when the user is in no room. */
export const NO_ROOM = 'you are not in a room: /join #room first';

/**
 * Parses a line that starts with `/`. `room` is the room the command applies to when it names none; `inRoom`, where
 * known, says which rooms the typist is in (`/part dev see you` leaves #dev when they are in it).
 */
export function parseSlash(line: string, room: string, inRoom?: (name: string) => boolean): SlashResult {
  const m = /^\/(\S+)\s*([\s\S]*)$/.exec(line.trim());
  if (!m) return { ok: false, code: 'bad_command', message: 'empty command; type /help for the list' };
  const name = (m[1] ?? '').toLowerCase();
  const rest = (m[2] ?? '').trim();
  const [first = '', ...more] = rest.split(/\s+/);
  const tail = rest.slice(first.length).trim();
  const usage = (n: string) => {
    const c = COMMANDS.find((x) => x.name === n);
    return { ok: false as const, code: 'bad_command' as const, message: `usage: ${c ? c.usage : '/' + n}` };
  };
  // A command for the current room, given none (the user parted the last one): say so before asking the server.
  const noRoom: SlashResult = { ok: false, code: 'bad_command', message: NO_ROOM };
  const request = (msg: CommandMsg): SlashResult => ('room' in msg && msg.room === '' ? noRoom : { ok: true, command: { cmd: 'request', msg } });
  // a nickname named in a command (`@` before it taken off), within what a request may carry: a plain client's
  // 64 KB one was folded for the lookup at every command (18 ms each)
  const who = first.replace(/^@/, '');
  // (the field holds two UTF-16 units a character: NICK_FIELD_UNITS, a nickname of astral letters too)
  if (who.length > NICK_FIELD_UNITS && ['msg', 'm', 'dm', 'query', 'delete', 'op', 'deop', 'unban', 'kick', 'ban'].includes(name)) {
    return { ok: false, code: 'bad_command', message: `no nickname is that long (at most ${NICK_FIELD_MAX} characters)` };
  }
  switch (name) {
    case 'help':
    case '?':
      if (first) {
        // (`/help nope` is refused as `/nope` is, in the same words)
        const unknown = unknownHelpTopic(first);
        return unknown === undefined ? { ok: true, command: { cmd: 'help', topic: first } } : { ok: false, code: 'unknown_command', message: unknown };
      }
      return { ok: true, command: { cmd: 'help' } };
    case 'quit':
    case 'exit':
      // (parting words cut as a kick's reason is, to what a request holds)
      return { ok: true, command: rest ? { cmd: 'quit', message: cutAt(rest, REASON_MAX) } : { cmd: 'quit' } };
    case 'me':
      if (!rest) return usage('me');
      return room === '' ? noRoom : { ok: true, command: { cmd: 'action', text: rest } };
    case 'msg':
    case 'm':
    case 'dm':
    case 'query': {
      // (`/query bob` alone, IRC's way to open a conversation, reaches the server from a plain client only: the
      // panel and the terminal switch to one. Netcat was given /msg's usage for what it typed)
      if (name === 'query' && (!first || !tail)) {
        return { ok: false, code: 'bad_command', message: 'usage: /query <nick> <text> (here it sends <text> to <nick> alone, as /msg does: this client has no conversation to switch to)' };
      }
      if (!first || !tail) return usage('msg');
      // `/msg ada /me waves`: an action for ada, as /me in a direct conversation is (its text was `/me waves`)
      const action = /^\/me\s+(\S[\s\S]*)$/i.exec(tail);
      return { ok: true, command: action ? { cmd: 'dm', to: who, text: action[1]!, kind: 'action' } : { cmd: 'dm', to: who, text: tail } };
    }
    case 'edit':
      return rest ? request({ type: 'edit', room, target: 0, text: rest }) : usage('edit');
    case 'delete':
      if (more.length > 0) return usage('delete');
      return request(first ? { type: 'delete', room, target: 0, nick: who } : { type: 'delete', room, target: 0 });
    case 'nick': {
      if (!first) return usage('nick');
      // (`/nick Ada Lovelace`: said why, as `--nick "Ada Lovelace"` is, not the usage again)
      if (more.length > 0) return { ok: false, code: 'bad_command', message: `"${[first, ...more].join(' ')}": a nickname cannot contain spaces` };
      // typed decomposed (`e` + U+0301, as macOS may): the same name composed, the form a nickname takes
      const nick = first.normalize('NFC');
      // said here as the server would (its check of the request's size came first for a very long one); the
      // length up to that size is the server's to judge (its maxNick)
      const bad = nick.length > NICK_FIELD_MAX ? nickError(nick) : nickError(nick, NICK_FIELD_MAX);
      return bad === null ? request({ type: 'nick', nick }) : { ok: false as const, code: 'bad_command' as const, message: bad };
    }
    case 'who':
    case 'names': {
      if (!first) return request({ type: 'who', room });
      // (another room than the current one: it was the current one's list, under the other's name)
      const r = normalizeRoom(first);
      return r === null || more.length > 0 ? usage('who') : request({ type: 'who', room: r });
    }
    case 'rooms':
    case 'list':
      return request({ type: 'rooms' });
    case 'join':
    case 'j': {
      const r = normalizeRoom(first);
      if (!first) return usage('join');
      if (more.length > 0) return { ok: false, code: 'bad_command', message: `"${[first, ...more].join(' ')}": a room's name cannot contain spaces (letters, digits, _ - . up to 32); /join one room at a time` };
      if (r === null) return { ok: false, code: 'bad_command', message: `"${first}" is not a valid room name (letters, digits, _ - . up to 32)` };
      return request({ type: 'join', room: r });
    }
    case 'part':
    case 'leave': {
      if (!first) return request({ type: 'part', room });
      // parting words: after a #room (`/part #dev see you`), or after a room you are in written without its `#`
      // (`/part dev see you`: it left the current room, saying "dev see you"), or, for the current room, several
      // words whose first is no room of yours (`/part see you later`); one word alone is a room's name (`/part dev`)
      const bare = normalizeRoom(first);
      const named = first.startsWith('#') || more.length === 0 || (bare !== null && inRoom?.(bare) === true);
      const words = named ? tail : rest;
      const message = words ? { message: cutAt(words, REASON_MAX) } : {};
      if (!named) return request({ type: 'part', room, ...message });
      const r = normalizeRoom(first);
      return r === null ? usage('part') : request({ type: 'part', room: r, ...message });
    }
    case 'topic':
      return request(rest ? { type: 'topic', room, topic: rest } : { type: 'topic', room });
    case 'op':
    case 'deop':
      return first && more.length === 0 ? request({ type: name, room, nick: who }) : usage(name);
    case 'newkey':
      return first ? usage(name) : request({ type: 'newkey' });
    case 'unban':
      return first && more.length === 0 ? request({ type: 'unban', nick: who }) : usage(name);
    case 'kick':
    case 'ban':
      if (!first) return usage(name);
      // (a reason longer than a request holds is cut, as the server cuts a plain client's: refused, it was a
      // malformed request, counted against the one who typed it)
      return request(tail ? { type: name, room, nick: who, reason: cutAt(tail, REASON_MAX) } : { type: name, room, nick: who });
    default:
      return { ok: false, code: 'unknown_command', message: unknownCommand(name) };
  }
}
