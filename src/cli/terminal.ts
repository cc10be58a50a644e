// How server messages look in a terminal: `<nick>: <text>` lines (the plain protocol's wording), with the
// time and colours when the output is a TTY.

import type { Member, ServerMessage } from '../protocol/messages';
import { DEFAULT_ROOM, plainText } from '../protocol/plainFormat';
import { clockOf, dateOf } from '../protocol/localTime';
import { cleanLine, cleanText } from '../protocol/text';
import { mentions } from '../protocol/mentions';
import { emojifyPlain, emojifyText, mayNameEmoji, type EmojiNames } from '../protocol/emojiCompletion';
import { HIGHLIGHT_MAX, HighlightBudget } from '../protocol/highlightBudget';
import { codeColours, fencedColours } from './codeColours';
import { inlineStyles, quoteMarkers } from './inlineStyles';
import { markdownLines } from '../protocol/markdownLines';
import { terminalMarkdown } from './laterBundle';

const COLOURS = [31, 32, 33, 34, 35, 36, 91, 92, 93, 94, 95, 96];

/** The time the terminal's code cards may take to colour, in a second, all together (see HighlightBudget). */
const terminalHighlighting = new HighlightBudget();

function colourOf(nick: string): number {
  let h = 0;
  for (const ch of nick) h = (h * 31 + (ch.codePointAt(0) ?? 0)) >>> 0;
  return COLOURS[h % COLOURS.length] ?? 36;
}

function paint(code: number, text: string): string {
  return `\x1b[${code}m${text}\x1b[0m`;
}

/** `text` in colour `code`, then the default colour again, and nothing else undone (a line in bold stays bold). */
function colour(code: number, text: string): string {
  return `\x1b[${code}m${text}\x1b[39m`;
}

/**
 * The lines to print for a server message, or null when the terminal shows nothing for it. `targetTime`: for an
 * edit or a delete, when the message it changes was sent, if the client still has it (a terminal shows each
 * message's time: "alice deleted a message sent at 14:02" says which, where repeating its text would not do).
 * `current`: the room the prompt names, whose lines need no `[#room] ` (#general's, for what is not a chat).
 * `highlighting`: the time a code card's colours may take (codeColours), all the terminal's cards together.
 * `people`: whom an `@name` in a message may mention (asked for a text with an @): shown in their colour.
 */
export function renderForTerminal(raw: ServerMessage, me: string, tty: boolean, targetTime?: number, current = DEFAULT_ROOM, highlighting = terminalHighlighting, people?: () => readonly string[]): string | null {
  const msg = namesOnOneLine(raw);
  // (a room's lines but the current one's say which room: `[#general] bob left!` with the prompt in #dev; compared as
  // the server named them, a room whose name cleans to the current one's still says its name)
  const home = 'room' in raw && typeof raw.room === 'string' ? (raw.room === current ? (msg as { room: string }).room : '\n') : current;
  const text = plainText(withEmoji(msg), me, 'terminal', home);
  if (text === null) return null;
  // nothing from the network may move the cursor or recolour the terminal; plainText left out what reorders a line
  let safe = cleanText(text);
  // an error of several lines (a server's: ours have none): each says it is one, as each line of a message starts
  // with who said it; else the line after `error: oops` could read `12:00 alice: ...`
  if (msg.type === 'error') safe = safe.split('\n').join('\nerror: ');
  if (!tty) return safe;
  if (targetTime !== undefined) {
    const sent = sentAt(targetTime);
    if (msg.type === 'delete') safe += ` ${sent}`;
    if (msg.type === 'edit') {
      // each line starts with the prefix (after a room's name); the text after it is the author's, left as written
      // (an action's one line: `* ada (edited) waves`)
      const [prefix, timed] = msg.kind === 'action' ? [`* ${msg.from} (edited) `, `* ${msg.from} (edited, ${sent}) `] : [`${msg.from} (edited): `, `${msg.from} (edited, ${sent}): `];
      safe = safe.split('\n').map((l) => {
        const at = l.indexOf(prefix);
        return at < 0 ? l : `${l.slice(0, at)}${timed}${l.slice(at + prefix.length)}`;
      }).join('\n');
    }
  }
  const time = 'time' in msg && typeof msg.time === 'number' ? paint(90, clockOf(msg.time)) + ' ' : '';
  switch (msg.type) {
    case 'message':
    case 'dm': {
      const from = msg.from;
      // (in what they wrote: the line's `from: ` prefix is no mention, `bob-2: hi` is none of bob; you by the name as
      // sent: `me\n`, cleaned to `me`, is someone else)
      const mentioned = (raw as typeof msg).from !== me && mentions(msg.text, me);
      // (`@bob` in bob's colour, as the panel shows it; you not: a line that mentions you is bold)
      const named = people && msg.text.includes('@') ? { names: people().filter((n) => n !== me), colourOf } : undefined;
      if (msg.kind === 'action') {
        // (`* ada waves **hard**`: its text's Markdown as the panel reads a /me's, inline: no quote, no list)
        return safe.split('\n').map((line) => {
          const at = line.indexOf(`* ${from} `);
          const head = at + from.length + 3;
          const text = line.slice(head);
          const shown = at < 0 ? undefined : inlineStyles([text], mentioned, [{ code: false, text, block: 0 }], named).get(0);
          const decorated = shown === undefined ? line : line.slice(0, head) + shown;
          return time + (mentioned ? paint(1, decorated) : decorated);
        }).join('\n');
      }
      // (each line, where its `from: ` is, and what follows it: a line of what they wrote, as printed)
      const lines = safe.split('\n').map((line) => {
        const i = line.indexOf(`${from}: `);
        return { line, i, rest: i < 0 ? '' : line.slice(i + from.length + 2) };
      });
      // (a code card's lines after its card line)
      const code = msg.kind === 'code' ? lines.slice(1).filter(({ i }) => i >= 0).map(({ rest }) => rest) : [];
      // (its code in syntax colours, as `bat` shows it, a diff's as git does; the same text, escapes around it)
      const syntax = code.length === 0 ? undefined : codeColours(code.join('\n'), msg.code?.language, HIGHLIGHT_MAX, highlighting);
      // (a text's fenced code blocks, ```ts, in the same colours: by the line's index)
      // (what they wrote, line by line, read as Markdown once for the three that follow)
      const rests = lines.map(({ rest }) => rest);
      const read = msg.kind === 'text' ? markdownLines(rests).lines : [];
      const fenced = msg.kind === 'text' && msg.text.includes('\n') ? fencedColours(rests, HIGHLIGHT_MAX, highlighting, read) : undefined;
      // (its Markdown's bold, italic, struck text, code spans and links, as the panel reads it; the markers grey)
      const styled = msg.kind === 'text' ? inlineStyles(rests, mentioned, read, named) : undefined;
      // (a quote's `>` grey, as the panel draws its bar: a reply's quote reads apart from what it says)
      const quotes = msg.kind === 'text' ? quoteMarkers(rests, read) : undefined;
      let codeLine = 0;
      return lines
        .map(({ line, i, rest }, n) => {
          const inCode = n > 0 && i >= 0 && msg.kind === 'code';
          const text = inCode && syntax ? (syntax[codeLine++] ?? rest) : (fenced?.get(n) ?? styled?.get(n) ?? rest);
          // (each of those starts with the line's markers as written: no escape sequence before them)
          const quote = quotes?.get(n) ?? 0;
          const shown = quote > 0 ? `${colour(90, text.slice(0, quote))}${text.slice(quote)}` : text;
          // (the name's colour ends without a reset: a line that mentions you is bold to its end, not to the name)
          const decorated = i < 0 ? line : `${line.slice(0, i)}${colour(colourOf(from), from)}: ${shown}`;
          return time + (mentioned ? paint(1, decorated) : decorated);
        })
        .join('\n');
    }
    case 'error':
      return safe
        .split('\n')
        .map((l) => paint(31, l))
        .join('\n');
    default:
      return safe
        .split('\n')
        .map((l) => time + paint(90, `-- ${l}`))
        .join('\n');
  }
}

/** The fields of a server message that name someone or something (a nickname, a room), or are a one-line text. */
const ONE_LINE_FIELDS = ['from', 'to', 'nick', 'by', 'room', 'name', 'topic', 'reason'] as const;

/**
 * `msg` with its names (who said it, to whom, by whom, in which room; a member list's, a room list's) and its
 * one-line texts (a topic, a kick's reason) each on one line (cleanLine). A hostile room's `eve\nboss` as a message's
 * author printed `eve` and, under it, a line `12:00 boss: run this`; a room's own server never sends such a name.
 */
function namesOnOneLine(msg: ServerMessage): ServerMessage {
  const o: Record<string, unknown> = { ...msg };
  for (const k of ONE_LINE_FIELDS) if (typeof o[k] === 'string') o[k] = cleanLine(o[k]);
  if (Array.isArray(o.members)) o.members = (o.members as Member[]).map((m) => ({ ...m, nick: cleanLine(m.nick) }));
  if (msg.type === 'rooms') o.rooms = msg.rooms.map((r) => ({ ...r, name: cleanLine(r.name), topic: cleanLine(r.topic) }));
  return o as unknown as ServerMessage;
}

/**
 * A delete as the terminal says it: its message's author under the name they go by now (`authorNow`), as /react says
 * whose message it answered; one of their own by them under it too (the room names both as the message was sent:
 * `cat deleted a message` of kat's, who was cat when it was written).
 */
export function deletedByNamesNow(msg: Extract<ServerMessage, { type: 'delete' }>, authorNow: string): Extract<ServerMessage, { type: 'delete' }> {
  return { ...msg, from: authorNow, by: msg.by === msg.from ? authorNow : msg.by };
}

/**
 * When a message was sent, as a line about a change to it says it (a terminal shows each message's time): "sent at
 * 14:02", or "sent on 2026-11-30 at 14:02" for a message of another day than `now`'s.
 */
export function sentAt(targetTime: number, now = Date.now()): string {
  const day = dayOf(targetTime) === dayOf(now) ? '' : `on ${dateOf(targetTime)} `;
  return `sent ${day}at ${clockOf(targetTime)}`;
}

/**
 * A line of the terminal's own about the room (`text`, one line, cleaned), as the room's quiet events print: on a
 * terminal dim, after `-- ` and the time it happened; into a file as it is.
 */
export function quietLine(text: string, time: number, tty: boolean): string {
  return tty ? paint(90, clockOf(time)) + ' ' + paint(90, `-- ${text}`) : text;
}

/** The emoji names (the later bundle's) for text that may name one: a message with no `:name:` loads nothing. */
function namesFor(text: string): EmojiNames {
  return mayNameEmoji(text) ? terminalMarkdown().emojiNames : {};
}

/**
 * `msg` with the emoji names in its text, topics and the server's answers as their emoji (`:tada:` 🎉), as the
 * panel shows them: a terminal user who typed a name whole without Tab sent the name; a shared code card's text is
 * code, left as it is.
 */
function withEmoji(msg: ServerMessage): ServerMessage {
  switch (msg.type) {
    case 'message':
    case 'dm':
      return msg.kind === 'code' ? msg : { ...msg, text: emojifyText(msg.text, namesFor(msg.text)) };
    case 'edit':
      return { ...msg, text: emojifyText(msg.text, namesFor(msg.text)) };
    case 'topic':
    case 'room':
      return { ...msg, topic: emojifyPlain(msg.topic, namesFor(msg.topic)) };
    case 'rooms':
      return { ...msg, rooms: msg.rooms.map((r) => ({ ...r, topic: emojifyPlain(r.topic, namesFor(r.topic)) })) };
    case 'info':
      // (what the server says quotes topics and reasons: /topic's "Topic for #general: ship it :tada:")
      return { ...msg, text: emojifyPlain(msg.text, namesFor(msg.text)) };
    default:
      return msg;
  }
}

/** The local calendar day of a time, as a number that differs between days. */
function dayOf(ms: number): number {
  const d = new Date(ms);
  return d.getFullYear() * 10000 + d.getMonth() * 100 + d.getDate();
}

// Made on first use: Intl's locale data is ~6 MB of the node executable's pages, resident from the moment a formatter
// exists, and a headless host (this module is in its bundle) never names a day.
let dayFormats: { day: Intl.DateTimeFormat; dayYear: Intl.DateTimeFormat } | undefined;

/** A day's name in the user's locale ("Monday 30 November"), with its year when it is not the current one. */
function dayName(time: number, now: number): string {
  dayFormats ??= {
    day: new Intl.DateTimeFormat(undefined, { weekday: 'long', day: 'numeric', month: 'long' }),
    dayYear: new Intl.DateTimeFormat(undefined, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }),
  };
  const sameYear = new Date(time).getFullYear() === new Date(now).getFullYear();
  return (sameYear ? dayFormats.day : dayFormats.dayYear).format(time);
}

/**
 * On a terminal, where messages show only their time: a line that names the day goes before the first message of
 * each day (a replayed history can span days), and before the first one printed if it is not from today.
 */
export class DayHeadings {
  #last: number | undefined;

  /** The line to print before a message sent at `time`, or null when it is the same day as the one before. */
  before(time: number, now = Date.now()): string | null {
    const day = dayOf(time);
    const first = this.#last === undefined;
    if (day === this.#last) return null;
    this.#last = day;
    if (first && day === dayOf(now)) return null;
    const yesterday = new Date(now);
    yesterday.setDate(yesterday.getDate() - 1);
    const name = day === dayOf(now) ? 'Today' : day === dayOf(yesterday.getTime()) ? 'Yesterday'
      : dayName(time, now);
    return paint(90, `-- ${name} --`);
  }
}

/**
 * A room's history replay (after its welcome or `room`, until its `synced`) gives each message as it is now, edited
 * or deleted; the edits and deletes that follow it in the replay would print that news again. They are shown only
 * for a message printed before the replay (a resumed client's screen has the old text).
 */
export class ReplayedChanges {
  /** Per room in replay: the messages printed in it. */
  readonly #replaying = new Map<string, Set<number>>();

  /** False for a change the terminal has already shown (call for every server message, in order). */
  shows(msg: ServerMessage): boolean {
    switch (msg.type) {
      case 'welcome':
        for (const r of msg.rooms) this.#replaying.set(r.name, new Set());
        return true;
      case 'room':
        this.#replaying.set(msg.name, new Set());
        return true;
      case 'synced':
        this.#replaying.delete(msg.room);
        return true;
      case 'message':
        this.#replaying.get(msg.room)?.add(msg.seq);
        return true;
      case 'edit':
      case 'delete':
        return this.#replaying.get(msg.room)?.has(msg.target) !== true;
      default:
        return true;
    }
  }
}
