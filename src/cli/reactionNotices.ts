// The terminal's line when someone puts a reaction under one of your messages, as it happens: "alice reacted 👍 to
// your message sent at 14:02". A burst on one message (a few people answering at once, or one clicking through
// the emoji) makes no flood: the first reaction is said at once, those that come in the next NOTICE_WINDOW_MS are
// gathered into one line at its end (and so on while they keep coming), so a message gets one line in
// NOTICE_WINDOW_MS at most. A reaction taken off before its line is said is not said; someone who renames before
// their reaction's line is said is named as they are called then.

import { cleanLine } from '../protocol/text';
import { andList } from '../protocol/andList';

/** The least time between two lines about the reactions to one message. */
export const NOTICE_WINDOW_MS = 5000;
/** The most people a line names (then "and 3 others"). */
export const MAX_NAMED = 4;
/** The most people a gathered line keeps track of (it counts the rest). */
const MAX_KEPT = 100;

/** One reaction put under a message of yours. */
export interface ReactionOn {
  room: string;
  /** The message's seq, and when it was sent. */
  target: number;
  targetTime: number;
  from: string;
  emoji: string;
  /** When it was put on (the server's time). */
  time: number;
}

/** What a line says: who put which emoji under which message (the latest `time`). */
export interface ReactionLine {
  room: string;
  targetTime: number;
  time: number;
  /** In the order they came, each with their emoji in that order. */
  by: { nick: string; emoji: string[] }[];
  /** People past those in `by` (a crowd). */
  more: number;
}

/**
 * A line's words: `[#dev] alice reacted 👍 🎉, bob 👀 and 2 others to your message` and `sent` after it (see
 * terminal.ts's sentAt; none when the reader is no terminal, as an edit's line has none). `current`: the room the
 * prompt names, whose lines need no `[#room] `.
 */
export function reactionText(line: ReactionLine, current: string, sent?: string): string {
  const named = line.by.slice(0, MAX_NAMED).map((b, i) => `${cleanLine(b.nick)}${i === 0 ? ' reacted' : ''} ${b.emoji.map(cleanLine).join(' ')}`);
  const others = line.more + Math.max(0, line.by.length - MAX_NAMED);
  if (others > 0) named.push(`${others} other${others === 1 ? '' : 's'}`);
  const where = line.room === current ? '' : `[#${cleanLine(line.room)}] `;
  return `${where}${andList(named)} to your message${sent === undefined ? '' : ` ${sent}`}`;
}

/** Cancels a timer `schedule` started. */
type Cancel = () => void;

/** A message's reactions waiting for the end of its window (a line was said at its start). */
interface Window {
  line: ReactionLine;
  cancel: Cancel;
}

const unrefTimer = (run: () => void, ms: number): Cancel => {
  const t = setTimeout(run, ms);
  t.unref?.();
  return () => clearTimeout(t);
};

/**
 * Decides when the reactions to your messages are said (see the top of this file): `say` gets each line's
 * contents. `schedule` runs a function after some ms (a test's clock; by default a timer that keeps no process up).
 */
export class ReactionNotices {
  readonly #windows = new Map<string, Window>();
  readonly #say: (line: ReactionLine) => void;
  readonly #schedule: (run: () => void, ms: number) => Cancel;

  constructor(say: (line: ReactionLine) => void, schedule: (run: () => void, ms: number) => Cancel = unrefTimer) {
    this.#say = say;
    this.#schedule = schedule;
  }

  /** Someone put a reaction under a message of yours. */
  on(r: ReactionOn): void {
    const key = `${r.room}\n${r.target}`;
    const open = this.#windows.get(key);
    if (open) {
      const line = open.line;
      line.time = Math.max(line.time, r.time);
      const by = line.by.find((b) => b.nick === r.from);
      if (by) {
        if (!by.emoji.includes(r.emoji)) by.emoji.push(r.emoji);
      } else if (line.by.length < MAX_KEPT) line.by.push({ nick: r.from, emoji: [r.emoji] });
      else line.more++;
      return;
    }
    this.#say({ room: r.room, targetTime: r.targetTime, time: r.time, by: [{ nick: r.from, emoji: [r.emoji] }], more: 0 });
    this.#open(key, r.room, r.targetTime);
  }

  /** Someone took a reaction off a message of yours: one waiting to be said is not said. */
  off(room: string, target: number, from: string, emoji: string): void {
    const line = this.#windows.get(`${room}\n${target}`)?.line;
    const by = line?.by.find((b) => b.nick === from);
    if (!line || !by) return;
    by.emoji = by.emoji.filter((e) => e !== emoji);
    if (by.emoji.length === 0) line.by = line.by.filter((b) => b !== by);
  }

  /**
   * Someone in `room` is called `to` now (was `from`): the lines still to be said there name them so, as the
   * room's own lines do from now on (and a reaction they take off, or put on, under the new name is theirs).
   */
  renamed(room: string, from: string, to: string): void {
    for (const { line } of this.#windows.values()) {
      const by = line.room === room ? line.by.find((b) => b.nick === from) : undefined;
      if (by) by.nick = to;
    }
  }

  /** Says nothing more (the chat closed). */
  close(): void {
    for (const w of this.#windows.values()) w.cancel();
    this.#windows.clear();
  }

  /** Starts a message's window: what comes in it waits for its end, and is said then (opening the next one). */
  #open(key: string, room: string, targetTime: number): void {
    const w: Window = {
      line: { room, targetTime, time: 0, by: [], more: 0 },
      cancel: this.#schedule(() => {
        this.#windows.delete(key);
        if (w.line.by.length === 0 && w.line.more === 0) return;
        this.#say(w.line);
        this.#open(key, room, targetTime);
      }, NOTICE_WINDOW_MS),
    };
    this.#windows.set(key, w);
  }
}
