// How server messages read for plain clients (the tutorial's client, netcat, telnet): one line each,
// `<nick>: <text>` for messages and `<nick> joined!` / `<nick> left!` as the tutorial announces them.

import type { CodeRef, Member, ServerMessage } from './messages';
import { span } from './sharedLines';
import { cleanLine, joinLines, LINE_SEPARATORS, withoutInvisible } from './text';

export const DEFAULT_ROOM = 'general';

/** A member as /who lists them: `~` before the owner, `@` before an op, `(away)` after a held seat. */
export function whoName(m: Member): string {
  return (m.role === 'owner' ? '~' : m.role === 'op' ? '@' : '') + m.nick + (m.away ? ' (away)' : '');
}

/** `[#room] ` before a line of a room but `home` (the one a line of no room's name is about). */
function roomPrefix(room: string, home: string): string {
  return room === home ? '' : `[#${room}] `;
}

function prefixed(prefix: string, text: string): string {
  return text
    .split('\n')
    .map((l) => prefix + l)
    .join('\n');
}

/** Who reads a plain text: a plain client (netcat, the tutorial's client), or the terminal of `tcp-chat join`. */
export type PlainReader = 'plain client' | 'terminal';

/** The lines of a message's text a plain reader is shown at most (runs of blank lines shortened first). */
export const MAX_SHOWN_LINES = 40;

/**
 * A message's text as a plain reader is shown it, each line after `prefix`: a run of blank lines at most two,
 * at most MAX_SHOWN_LINES lines (one more rather than a note in its place), then a line (after `before`: the
 * room's prefix) that says how many more the message had. A message of 16,000 newlines was 16,000 lines on every
 * netcat user's and terminal's screen (scrollback gone, for the price of one message); rich clients and the
 * room's history keep it as it was said.
 */
function shown(prefix: string, text: string, reader: PlainReader, before = ''): string {
  const lines: string[] = [];
  const all = text.replace(LINE_SEPARATORS, '\n').split('\n'); // (a line separator was a line break to its writer)
  let blanks = 0;
  let shownOf = all.length; // how many of the message's lines the ones shown stand for
  for (let i = 0; i < all.length; i++) {
    const l = all[i] ?? '';
    blanks = blank(l) ? blanks + 1 : 0;
    if (blanks <= 2 && lines.push(l) === MAX_SHOWN_LINES) shownOf = i + 1;
  }
  if (lines.length <= MAX_SHOWN_LINES + 1) return lines.map((l) => prefix + l).join('\n');
  const more = all.length - shownOf; // (2 at least)
  const kept = lines.slice(0, MAX_SHOWN_LINES).map((l) => prefix + l).join('\n');
  const where = reader === 'terminal' ? 'not shown here' : 'not sent to plain clients';
  return `${kept}\n${before}(… ${more} more lines of this message ${where}: TCP Chat in VS Code shows it whole)`;
}

/**
 * Whether a line shows nothing: white space and invisible characters only (plainText leaves those out, once for
 * the whole text: this looks no further than a line's first visible character).
 */
function blank(l: string): boolean {
  return l.trim() === '' || (NOTHING_SHOWN.test(l) && withoutInvisible(l).trim() === '');
}
const NOTHING_SHOWN = /^[\s\p{Cf}\u{e0000}-\u{e007f}]*$/u;

/**
 * The text a plain client sees for a server message (lines joined by \n, no final newline), or null when
 * plain clients do not see this message at all. `me` is the recipient's nickname (for direct messages).
 * Without invisible characters (withoutInvisible: bidirectional controls among them): the panel isolates every
 * piece of text and shows what is invisible instead; a plain client's line (and the terminal's) goes without them.
 * A long message's text is shortened for its `reader` (shown). A line of a room but `home` starts with its name
 * (`[#dev] `): a plain client's home is its current room, where its text goes (the server's chatServer.ts;
 * #general by default); the terminal's, the room its prompt names.
 */
export function plainText(msg: ServerMessage, me: string, reader: PlainReader = 'plain client', home = DEFAULT_ROOM): string | null {
  const text = linesOf(msg, me, reader, home);
  // (a line separator left, in a one-line field: a space; a message's were its line breaks, each line prefixed:
  // shown)
  return text === null ? null : withoutInvisible(text).replace(LINE_SEPARATORS, ' ');
}

/** A code card's file, lines and language as its line shows them: `src/a.ts:12-15 (typescript)`; '' for none. */
export function codeLabel(c: CodeRef): string {
  const where = c.path ? `${cleanLine(c.path)}${c.startLine ? `:${span(c.startLine, c.endLine || c.startLine)}` : ''}` : '';
  const lang = c.language ? `(${cleanLine(c.language)})` : '';
  return [where, lang].filter((w) => w !== '').join(' ');
}

/**
 * What a join of room `name` says (`topic`, its topic, if any): that what you type goes there now. The terminal's
 * `/join` of a room it is in already (the server asks nothing: see chatTerminal.ts) says it in the same words.
 */
export function nowInRoom(name: string, topic = ''): string {
  return `You are now in #${name}${topic ? ` - topic: ${topic}` : ''}. Your messages go here${name === DEFAULT_ROOM ? '.' : `; /join #${DEFAULT_ROOM} to go back.`}`;
}

/** A leave's parting words as its line ends with them, ` (gone for lunch)`: on one line; '' for none. */
function saidAs(words: string | undefined): string {
  const said = words === undefined ? '' : cleanLine(words);
  return said === '' ? '' : ` (${said})`;
}

/**
 * A message's or a direct message's lines after `p` (its room's or its `[DM]` prefix): an action as `* ada waves` on
 * one line (16,000 line breaks were as many spaces), code under its card's line, text as `ada: ...`.
 */
function authored(p: string, msg: Extract<ServerMessage, { type: 'message' | 'dm' }>, reader: PlainReader): string {
  if (msg.kind === 'action') return prefixed(p, joinLines(`* ${msg.from} ${msg.text}`));
  if (msg.kind === 'code') {
    const label = codeLabel(msg.code ?? {});
    return `${p}${msg.from}: [code${label ? ` ${label}` : ''}]\n${shown(`${p}${msg.from}: `, msg.text, reader, p)}`;
  }
  return shown(`${p}${msg.from}: `, msg.text, reader, p);
}

function linesOf(msg: ServerMessage, me: string, reader: PlainReader, home: string): string | null {
  switch (msg.type) {
    case 'message': {
      const p = roomPrefix(msg.room, home);
      if (msg.deleted) return `${p}${msg.from}: (message deleted)`;
      return authored(p, msg, reader);
    }
    case 'join':
      return msg.back === true ? null : `${roomPrefix(msg.room, home)}${msg.nick} joined!`; // back after a host restart: it never left
    case 'leave':
      // (the tutorial's `bob left!`; parting words after it, on its line: `bob left! (gone for lunch)`)
      return `${roomPrefix(msg.room, home)}${msg.nick} left!${saidAs(msg.message)}`;
    case 'nick':
      return `${roomPrefix(msg.room, home)}${msg.from} is now known as ${msg.to}`;
    case 'topic':
      return `${roomPrefix(msg.room, home)}${msg.by} set the topic: ${msg.topic || '(none)'}`;
    case 'kick':
      return `${roomPrefix(msg.room, home)}${msg.nick} was ${msg.ban ? 'banned' : 'kicked'} by ${msg.by}${msg.reason ? `: ${msg.reason}` : ''}`;
    case 'role':
      return `${roomPrefix(msg.room, home)}${msg.by} ${msg.role === 'op' ? 'made' : 'set'} ${msg.nick} ${msg.role === 'op' ? 'an operator' : `to ${msg.role}`}`;
    case 'edit':
      // an edit of a message deleted since (history keeps it without its text): the delete says it all
      if (msg.text === '') return null;
      // (an action reads as one, on one line as it did: `* ada waves` becomes `* ada (edited) waves hello`)
      if (msg.kind === 'action') return prefixed(roomPrefix(msg.room, home), joinLines(`* ${msg.from} (edited) ${msg.text}`));
      return shown(`${roomPrefix(msg.room, home)}${msg.from} (edited): `, msg.text, reader, roomPrefix(msg.room, home));
    case 'delete':
      return `${roomPrefix(msg.room, home)}${msg.by} deleted ${msg.by === msg.from ? 'a message' : `a message by ${msg.from}`}`;
    case 'dm': {
      const p = msg.to === me && msg.from !== me ? '[DM] ' : `[DM to ${msg.to}] `;
      // (as a room's message reads: `/msg bob /me waves` reads `[DM] * ada waves`, code its card's line first)
      return authored(p, msg, reader);
    }
    case 'error':
      return `error: ${msg.message}`;
    case 'info':
      return msg.text;
    case 'who':
      return `In #${msg.room}: ${msg.members.map(whoName).join(' ')}`;
    case 'rooms':
      return ['Rooms:', ...msg.rooms.map((r) => `  #${r.name} (${r.members})${r.topic ? ` - ${r.topic}` : ''}`)].join('\n');
    case 'room':
      // (a terminal says the topic after the room's history, with who is in it: roomIntro. Here too, it said it twice)
      return nowInRoom(msg.name, reader === 'terminal' ? '' : msg.topic);
    case 'parted':
      return `You left #${msg.room}.`;
    case 'you':
      return `You are now ${msg.nick}${msg.role !== 'member' ? ` (${msg.role})` : ''}.`;
    case 'shutdown':
      return `The room closed: ${msg.reason}`;
    default:
      return null;
  }
}
