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

/** A message sent and not said back yet: what was sent, and under which name (the room says it back under that). */
interface Pending {
  id: string;
  msg: QueuedMessage;
  nick: string;
  /** What the room's line of it holds (echoKey): the first such line from you is its. */
  key: string;
  gone?: true;
}

/** What tells the room's line of a message of yours from others: where it went, its kind, its text as the room keeps it. */
function echoKey(type: 'message' | 'dm', where: string, kind: string, text: string): string {
  return JSON.stringify([type, where, kind, text]);
}

/**
 * The messages sent and not said back by the room yet, in the order sent. The room says a message back before it
 * acknowledges it (and acknowledges it late when it keeps a history file: after its save), and its line carries no
 * id: it is told by what it holds, the oldest of those waiting first, as the room takes a connection's lines in
 * order. One the room said back otherwise (none of ours changes a text but cleanText) goes at its acknowledgement.
 */
export class PendingMessages {
  /** In the order sent; the gone ones at the front are dropped as they go. */
  #list: Pending[] = [];
  readonly #byId = new Map<string, Pending>();

  get size(): number {
    return this.#byId.size;
  }

  add(id: string, msg: QueuedMessage, nick: string): void {
    // (as the room keeps a text: cleaned, as the server cleans it)
    const key = msg.type === 'dm' ? echoKey('dm', nickKey(msg.to), msg.kind ?? 'text', cleanText(msg.text)) : echoKey('message', msg.room, msg.kind ?? 'text', cleanText(msg.text));
    const p: Pending = { id, msg, nick, key };
    this.#list.push(p);
    this.#byId.set(id, p);
  }

  /**
   * Takes out what `msg` settles: the message it says back (a message or direct message of yours: the caller knows
   * which are yours, and that a room's is news, not a history a join replays), or the one it acknowledges or
   * refuses (an ack, an error, with its id). True when one went.
   */
  settle(msg: ServerMessage, yours: boolean): boolean {
    if ((msg.type === 'ack' || msg.type === 'error') && msg.id !== undefined) return this.remove(msg.id);
    if (!yours || (msg.type !== 'message' && msg.type !== 'dm')) return false;
    const key = msg.type === 'dm' ? echoKey('dm', nickKey(msg.to), msg.kind, msg.text) : echoKey('message', msg.room, msg.kind, msg.text);
    const p = this.#list.find((q) => !q.gone && q.key === key);
    return p !== undefined && this.remove(p.id);
  }

  /** Takes message `id` out; true when it was in. */
  remove(id: string): boolean {
    const p = this.#byId.get(id);
    if (!p) return false;
    p.gone = true;
    this.#byId.delete(id);
    let gone = 0;
    while (gone < this.#list.length && this.#list[gone]?.gone) gone++;
    if (gone > 0) this.#list.splice(0, gone);
    return true;
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
      if (!p.gone) out.push(p);
    }
    return out.reverse();
  }
}

/**
 * A message waiting for the room as the room's line of it will read, but for its time and colours: `bob: hi`,
 * `* bob waves`, `[DM to ann] bob: hi`, `[#dev] bob: hi` when `current` (the prompt's room) is another.
 */
export function waitingText(msg: QueuedMessage, nick: string, current: string): string {
  const line: ServerMessage = msg.type === 'dm'
    ? { type: 'dm', from: nick, to: msg.to, text: msg.text, kind: msg.kind ?? 'text', time: 0 }
    : { type: 'message', room: msg.room, seq: 0, time: 0, from: nick, text: msg.text, kind: msg.kind ?? 'text' };
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
  const count = () => (hidden > 0 ? 1 : 0) + each.reduce((n, r) => n + r.length, 0);
  while (each.length > 1 && count() > maxRows) {
    each = each.slice(1);
    hidden++;
  }
  if (each.length === 1 && count() > maxRows) {
    const room = maxRows - (hidden > 0 ? 1 : 0);
    if (room > 0) each = [fitRows(texts.at(-1)!, columns, room)];
    else [each, hidden] = [[], hidden + 1];
  }
  if (count() > maxRows) return '';
  const rows = each.flat();
  if (hidden > 0) rows.unshift(`… and ${withCommas(hidden)} more waiting`);
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
