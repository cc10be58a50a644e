// The messages a terminal sent that the room has not said back yet, and the rows that show them, dimmed, between
// the chat's lines and the prompt. On Enter the line typed leaves the screen for the room's line of it (irssi's
// way: see chatTerminal.ts); until that line comes, a slow link or a busy host left nothing of the message on
// screen, and one typed while disconnected stayed as typed, to show twice once it went. Pure.

import type { QueuedMessage } from '../node/chatClient';
import type { ServerMessage } from '../protocol/messages';
import { isSlashCommand } from '../protocol/commands';
import { withCommas } from '../protocol/counts';
import { nickKey } from '../protocol/names';
import { cleanText } from '../protocol/text';
import { renderForTerminal } from './terminal';
import { cellsOf, wrapText } from './terminalWrap';

/** The messages shown at most, the last ones typed; a row above them counts the others. */
export const SHOWN = 3;
/** The rows one message takes at most: a longer one is cut, ending in `…` (the room's line of it shows it whole). */
export const ROWS_EACH = 3;

/** A message sent and not acknowledged yet: what was sent, and under which name (the room says it back under that). */
interface Pending {
  id: string;
  msg: QueuedMessage;
  nick: string;
  /** What the room's line of it holds (echoKey): the first such line from you is its. */
  key: string;
  /** Where it went and its kind (groupKey): the room's lines of yours there count against the messages there. */
  group: string;
  /** Shown in the area: not yet said back (as far as the terminal can tell), nor acknowledged or refused. */
  shown: boolean;
  /** Acknowledged, refused or given up: out of the list (dropped from its front as they go). */
  gone?: true;
  /** The prompt and the line typed that sent it, which left the screen for the area (none: it stayed, or was piped). */
  typed?: string;
}

/** What tells the room's line of a message of yours from others: where it went, its kind, its text as the room keeps it. */
function echoKey(type: 'message' | 'dm', where: string, kind: string, text: string): string {
  return JSON.stringify([type, where, kind, text]);
}

/** Where a message went and its kind: the room's line of a message of yours that the room changed is one of these. */
function groupKey(type: 'message' | 'dm', where: string, kind: string): string {
  return JSON.stringify([type, where, kind]);
}

/** Per group (groupKey): the messages not acknowledged yet, and the room's lines of them that came (by seq, where it tells). */
interface Group {
  waiting: number;
  said: (number | undefined)[];
}

/**
 * The messages sent and not acknowledged yet, in the order sent, each shown until the room says it back. The room
 * says a message back before it acknowledges it (late when it keeps a history file: after its save), and its line
 * carries no id: it is told by what it holds, the oldest of those waiting first, as the room takes a connection's
 * lines in order. A server may change a text beyond cleanText (ours does not; another may trim it, cut it,
 * normalise it): its line then holds no text of ours, and tells only that one of the messages of yours to that
 * room (or person), of that kind, was said. So the room's lines of yours, under the name you go by, are counted per
 * such group, each until the acknowledgement that names it (by its seq, a room's; a direct message's names none:
 * one goes with each); when as many came as messages of the group are not acknowledged, each was said, and they
 * leave the area. Never one whose line did not come: of two waiting, the first line could be either's (one sent
 * after the other went again, for the rate, comes first), and both stay until the second.
 */
export class PendingMessages {
  /** In the order sent; the gone ones at the front are dropped as they go. */
  #list: Pending[] = [];
  readonly #byId = new Map<string, Pending>();
  readonly #groups = new Map<string, Group>();
  #shown = 0;

  /** The messages shown: not said back by the room yet. */
  get size(): number {
    return this.#shown;
  }

  /** `typed`: the prompt and the line typed that sent it, when that left the screen for the area (typedLine). */
  add(id: string, msg: QueuedMessage, nick: string, typed?: string): void {
    const [type, where] = msg.type === 'dm' ? ['dm' as const, nickKey(msg.to)] : ['message' as const, msg.room];
    const kind = msg.kind ?? 'text';
    // (as the room keeps a text: cleaned, as the server cleans it)
    const p: Pending = { id, msg, nick, key: echoKey(type, where, kind, cleanText(msg.text)), group: groupKey(type, where, kind), shown: true, ...(typed !== undefined ? { typed } : {}) };
    this.#list.push(p);
    this.#byId.set(id, p);
    this.#shown++;
    const g = this.#groups.get(p.group);
    if (g) g.waiting++;
    else this.#groups.set(p.group, { waiting: 1, said: [] });
  }

  /**
   * Takes out what `msg` settles: the message it says back (a message or direct message of yours: the caller knows
   * which are yours, and that a room's is news, not a history a join replays; `nick`, the name you go by now, that
   * a line the room changed came under), or the one it acknowledges or refuses (an ack, an error, with its id).
   * True when the messages shown changed.
   */
  settle(msg: ServerMessage, yours: boolean, nick?: string): boolean {
    if ((msg.type === 'ack' || msg.type === 'error') && msg.id !== undefined) {
      const p = this.#byId.get(msg.id);
      if (!p) return false;
      // (its line, if it came: the one of its seq; else any, which at worst counts one too few)
      if (msg.type === 'ack') this.#claim(p.group, msg.seq);
      return this.remove(msg.id);
    }
    if (!yours || (msg.type !== 'message' && msg.type !== 'dm')) return false;
    const [type, where] = msg.type === 'dm' ? ['dm' as const, nickKey(msg.to)] : ['message' as const, msg.room];
    const key = echoKey(type, where, msg.kind, msg.text);
    const p = this.#list.find((q) => q.shown && q.key === key);
    if (p) this.#hide(p);
    // counted in its group when it is under the name you go by now (one of yours from before a rename, or someone's
    // who took a name you had, may be no message of this group's); a direct message's seq is no room's
    const group = this.#groups.get(groupKey(type, where, msg.kind));
    if (group && msg.from === nick && group.said.length < group.waiting) group.said.push(msg.type === 'message' ? msg.seq : undefined);
    return this.#allSaid(groupKey(type, where, msg.kind)) || p !== undefined;
  }

  /**
   * The line typed that sent message `id`, as it read (its prompt and all), if it left the screen for the area and
   * the message is still shown there: what a refusal of it prints back above itself.
   */
  typedLine(id: string): string | undefined {
    const p = this.#byId.get(id);
    return p?.shown ? p.typed : undefined;
  }

  /** Takes message `id` out (acknowledged, refused, given up); true when the messages shown changed. */
  remove(id: string): boolean {
    const p = this.#byId.get(id);
    if (!p) return false;
    const shown = p.shown;
    this.#hide(p);
    p.gone = true;
    this.#byId.delete(id);
    let gone = 0;
    while (gone < this.#list.length && this.#list[gone]?.gone) gone++;
    if (gone > 0) this.#list.splice(0, gone);
    const g = this.#groups.get(p.group);
    if (g && --g.waiting <= 0) this.#groups.delete(p.group);
    // (a refusal: the lines that came are the others')
    return this.#allSaid(p.group) || shown;
  }

  /** Keeps only those `still` says are still on their way (a message the client gave up on says so in a notice). */
  keep(still: (id: string) => boolean): void {
    for (const id of [...this.#byId.keys()]) if (!still(id)) this.remove(id);
  }

  /** The last `n` still waiting, oldest first. */
  last(n: number): { msg: QueuedMessage; nick: string }[] {
    const out: Pending[] = [];
    for (let i = this.#list.length - 1; i >= 0 && out.length < n; i--) {
      const p = this.#list[i]!;
      if (p.shown) out.push(p);
    }
    return out.reverse();
  }

  /** Message `p` leaves the area (said back, or out). */
  #hide(p: Pending): void {
    if (!p.shown) return;
    p.shown = false;
    this.#shown--;
  }

  /** The room's line that a message of `group` acknowledged with `seq` had, if it came, is no longer counted. */
  #claim(group: string, seq: number | undefined): void {
    const said = this.#groups.get(group)?.said;
    if (!said) return;
    const i = seq === undefined ? said.length - 1 : said.indexOf(seq);
    if (i >= 0) said.splice(i, 1);
  }

  /** When as many of `group`'s lines came as its messages wait, each was said: they all leave the area. */
  #allSaid(group: string): boolean {
    const g = this.#groups.get(group);
    if (!g || g.said.length < g.waiting) return false;
    let hid = false;
    for (const p of this.#list) {
      if (p.shown && p.group === group) {
        this.#hide(p);
        hid = true;
      }
    }
    return hid;
  }
}

/** A reply's quote (a text's first lines, each a `> ` one, then a blank line, then more): what ends it. */
const LEADING_QUOTE = /^(?:[ \t]{0,3}>[^\n]*\n)+(?:[ \t]*\n)+(?=[^\n]*\S)/;

/**
 * A message waiting for the room as the room's line of it will read, but for its time and colours: `bob: hi`,
 * `* bob waves`, `[DM to ann] bob: hi`, `[#dev] bob: hi` when `current` (the prompt's room) is another. A reply's
 * quote (a `/reply`'s, one typed) is one `> …` line: the area shows a message's first rows, and they were the
 * quote of someone else's words, with nothing of the answer.
 */
export function waitingText(msg: QueuedMessage, nick: string, current: string): string {
  const kind = msg.kind ?? 'text';
  const quote = kind === 'text' ? LEADING_QUOTE.exec(msg.text) : null;
  const text = quote ? `> …\n${msg.text.slice(quote[0].length)}` : msg.text;
  const line: ServerMessage = msg.type === 'dm'
    ? { type: 'dm', from: nick, to: msg.to, text, kind, time: 0 }
    : { type: 'message', room: msg.room, seq: 0, time: 0, from: nick, text, kind };
  return renderForTerminal(line, nick, false, undefined, current) ?? '';
}

/**
 * A line read and not handled yet (a paste read while the room catches up) as it will go: a message or `/me` as
 * waitingText says it (to `to` in a /query, else to `room`), a command as typed.
 */
export function readText(line: string, nick: string, room: string, to?: string): string {
  const action = /^\/me(?:\s+(.*))?$/is.exec(line);
  if (isSlashCommand(line) && !action) return cleanText(line);
  const [text, kind] = action ? [action[1] ?? '', 'action' as const] : [line.startsWith('//') ? line.slice(1) : line, 'text' as const];
  return waitingText(to !== undefined ? { type: 'dm', id: '', to, text, kind } : { type: 'send', id: '', room, text, kind }, nick, room);
}

/**
 * The pending area's rows (joined by line breaks; '' when nothing waits): `shown`, the last messages waiting as
 * waitingText says them, each after a word of why it waits (`(sending)`, or not connected), at most ROWS_EACH rows
 * each; above them, when `more` others wait, a row that counts them. Broken by `columns` as the chat's lines are
 * (terminalWrap.ts), each row at most a row of the terminal, so that the rows written are the rows counted; dimmed
 * on a terminal that takes colours. At most `maxRows` rows (what the terminal has above the prompt: rows that
 * scroll off its top cannot be taken back): the oldest shown make way for the count, then the last one is cut.
 */
export function pendingRows(shown: string[], more: number, connected: boolean, columns: number, colours: boolean, maxRows = Infinity): string {
  const why = connected ? '(sending)' : '(not sent yet: not connected)';
  const texts = shown.map((text) => `${why} ${text}`);
  let each = texts.map((text) => fitRows(text, columns, ROWS_EACH));
  let hidden = more;
  // (the count broken by `columns` too: on a terminal narrower than it, its one row counted was two on the screen,
  // and each drawing left one above the chat's next line)
  const counted = (n: number) => (n > 0 ? fitRows(`… and ${withCommas(n)} more waiting`, columns, Infinity) : []);
  const count = () => counted(hidden).length + each.reduce((n, r) => n + r.length, 0);
  while (each.length > 1 && count() > maxRows) {
    each = each.slice(1);
    hidden++;
  }
  if (each.length === 1 && count() > maxRows) {
    const room = maxRows - counted(hidden).length;
    if (room > 0) each = [fitRows(texts.at(-1)!, columns, room)];
    else [each, hidden] = [[], hidden + 1];
  }
  if (count() > maxRows) return '';
  const rows = [...counted(hidden), ...each.flat()];
  return rows.map((r) => (colours ? `\x1b[2m${r}\x1b[22m` : r)).join('\n');
}

/** `text` broken by `columns` (not at all for none: a terminal of no width), cut to `most` rows. */
function fitRows(text: string, columns: number, most: number): string[] {
  const rows = (columns > 0 ? wrapText(text, columns) : text).split('\n');
  if (rows.length <= most) return rows;
  const kept = rows.slice(0, most);
  // (the last row kept ends in ` …`, within the row's cells: wrapText leaves the last column empty)
  const chars = [...(kept[most - 1] ?? '')];
  let cells = chars.reduce((n, ch) => n + cellsOf(ch), 0);
  while (chars.length > 0 && columns > 0 && cells + 2 > columns - 1) cells -= cellsOf(chars.pop()!);
  kept[most - 1] = `${chars.join('').trimEnd()} …`;
  return kept;
}
