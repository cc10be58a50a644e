// A room's history: its last `length` messages, and beside them its last `length` other events (joins,
// leaves, renames, topics, edits, deletes, reactions, kicks, roles), each kind in a ring of its own. In one ring,
// events nobody reads as conversation pushed the messages out: one address joining and leaving (or a
// member toggling a reaction) 500 times left a newcomer nothing to read.

import type { MessageEvent, RoomEvent } from '../protocol/messages';
import { Outbound } from './outbound';

/** The newest `cap` items, oldest first; pushing past the cap drops the oldest. O(1) per push. */
class Ring {
  items: Outbound[] = [];
  #head = 0;
  readonly #cap: number;

  constructor(cap: number) {
    this.#cap = cap;
  }

  /** Adds `out`; returns the item it pushed out, if any. */
  push(out: Outbound): Outbound | undefined {
    if (this.items.length < this.#cap) {
      this.items.push(out);
      return undefined;
    }
    const gone = this.items[this.#head];
    this.items[this.#head] = out;
    this.#head = (this.#head + 1) % this.#cap;
    return gone;
  }

  /** Takes the oldest item out (rare: the history budget is spent; it costs the ring's length). */
  shift(): Outbound | undefined {
    if (this.#head !== 0) {
      this.items = [...this.items.slice(this.#head), ...this.items.slice(0, this.#head)];
      this.#head = 0;
    }
    return this.items.shift();
  }

  /** The k-th item, oldest first. */
  at(k: number): Outbound {
    return this.items[this.place(k)]!;
  }

  /** Where the k-th item, oldest first, is in `items`. */
  place(k: number): number {
    return (this.#head + k) % this.items.length;
  }

  /** How many of the oldest items have a seq of at most `seq` (each ring is in seq order): a binary search. */
  countUpTo(seq: number): number {
    let lo = 0;
    let hi = this.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (seqOf(this.at(mid)) <= seq) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The items after the first `from`, oldest first. */
  from(from: number): Outbound[] {
    const out: Outbound[] = [];
    for (let k = from; k < this.items.length; k++) out.push(this.at(k));
    return out;
  }
}

const seqOf = (o: Outbound): number => (o.msg as RoomEvent).seq;

/**
 * What an event costs the history budget (HistoryBudget): the UTF-16 units of its texts, a shared file's path and
 * its reactions' emoji and names (a message and each `react` event carry the whole list: up to 600 names), and 64
 * for the rest of it (its own names and numbers: each bounded).
 */
export function historyUnits(o: Outbound): number {
  const e = o.msg as { text?: string; topic?: string; reason?: string; code?: { path?: string }; reactions?: { emoji: string; by: string[] }[] };
  let units = 64 + (e.text?.length ?? 0) + (e.topic?.length ?? 0) + (e.reason?.length ?? 0) + (e.code?.path?.length ?? 0);
  for (const r of e.reactions ?? []) {
    units += 8 + r.emoji.length;
    for (const nick of r.by) units += 4 + nick.length;
  }
  return units;
}

export class RoomHistory {
  readonly #messages: Ring;
  readonly #others: Ring;
  /** The largest seq that has left history (0: none has): a resume from before it has a gap. */
  #droppedUpTo = 0;
  /** What it holds, as the history budget counts (historyUnits()). */
  #units = 0;
  /**
   * How many `edit` events with their text it holds, by the message they edit: when the message leaves history
   * (nobody can delete it then), their texts go with it (a secret pasted, edited and deleted too late stayed in
   * them, in the history file, and went to every newcomer). Looked up at each message that leaves: no scan.
   */
  readonly #editTexts = new Map<number, number>();

  /** `length`: messages kept, and other events kept (0: none; every resume then has a gap). */
  constructor(readonly length: number) {
    this.#messages = new Ring(Math.max(0, length));
    this.#others = new Ring(Math.max(0, length));
  }

  /** Keeps `out` (the room's newest event); returns the message it pushed out of history, if it did. */
  keep(out: Outbound): MessageEvent | undefined {
    const e = out.msg as RoomEvent;
    if (this.length <= 0) {
      this.#droppedUpTo = e.seq;
      return undefined;
    }
    this.#units += historyUnits(out);
    if (e.type === 'edit' && e.text !== '') this.#editTexts.set(e.target, (this.#editTexts.get(e.target) ?? 0) + 1);
    const gone = e.type === 'message' ? this.#messages.push(out) : this.#others.push(out);
    return gone && this.#left(gone);
  }

  /** `gone` left history: the message it was, if it was one. */
  #left(gone: Outbound): MessageEvent | undefined {
    this.#units -= historyUnits(gone);
    this.#droppedUpTo = Math.max(this.#droppedUpTo, seqOf(gone));
    const g = gone.msg as RoomEvent;
    if (g.type === 'edit' && g.text !== '') {
      const n = (this.#editTexts.get(g.target) ?? 0) - 1;
      if (n > 0) this.#editTexts.set(g.target, n);
      else this.#editTexts.delete(g.target);
    }
    if (g.type !== 'message') return undefined;
    this.forgetEditTexts(g.seq);
    return g;
  }

  /** What it holds, as the history budget counts. */
  get units(): number {
    return this.#units;
  }

  /** Drops the oldest event it holds: undefined when it holds none, else the message it was, or null. */
  dropOldest(): MessageEvent | null | undefined {
    const m = this.#messages.items.length > 0 ? this.#messages.at(0) : undefined;
    const o = this.#others.items.length > 0 ? this.#others.at(0) : undefined;
    if (!m && !o) return undefined;
    const gone = m && (!o || seqOf(m) < seqOf(o)) ? this.#messages.shift()! : this.#others.shift()!;
    return this.#left(gone) ?? null;
  }

  /** The largest seq that has left history (0: none has): a history file keeps it. */
  get dropped(): number {
    return this.#droppedUpTo;
  }

  /** After a restore: events up to `seq` are not in history (a history file says so). */
  droppedBefore(seq: number): void {
    this.#droppedUpTo = Math.max(this.#droppedUpTo, seq);
  }

  /** Message `seq` as history holds it now, if it still does. */
  message(seq: number): MessageEvent | undefined {
    const i = this.#indexOfMessage(seq);
    return i < 0 ? undefined : (this.#messages.items[i]!.msg as MessageEvent);
  }

  /** The messages history holds, in no particular order. */
  allMessages(): readonly Outbound[] {
    return this.#messages.items;
  }

  /** Puts message `now` in place of the one history holds under its seq (false: it holds none). */
  replaceMessage(now: MessageEvent): boolean {
    const i = this.#indexOfMessage(now.seq);
    if (i < 0) return false;
    const next = new Outbound(now);
    this.#units += historyUnits(next) - historyUnits(this.#messages.items[i]!);
    this.#messages.items[i] = next;
    return true;
  }

  /** Empties the text of the `edit` events of message `target` (it was deleted, or left history: its old texts go too). */
  forgetEditTexts(target: number): void {
    if (!this.#editTexts.delete(target)) return;
    const items = this.#others.items;
    for (let k = 0; k < items.length; k++) {
      const e = items[k]!.msg as RoomEvent;
      if (e.type === 'edit' && e.target === target && e.text !== '') {
        this.#units -= e.text.length;
        items[k] = new Outbound({ ...e, text: '' });
      }
    }
  }

  /** After a restore: the texts of edits of messages it does not hold (they had left history) go. */
  forgetOrphanEdits(): void {
    for (const target of [...this.#editTexts.keys()]) if (this.message(target) === undefined) this.forgetEditTexts(target);
  }

  /** Every event history holds, in seq order. */
  all(): Outbound[] {
    return this.since(0).events;
  }

  /** The events after `seq` that history still holds, and whether none after it has left history. */
  since(seq: number): { events: Outbound[]; complete: boolean } {
    // a resume usually wants the last few: found by binary search in each ring, not by copying both
    const events = merge(this.#messages.from(this.#messages.countUpTo(seq)), this.#others.from(this.#others.countUpTo(seq)));
    return { events, complete: seq >= this.#droppedUpTo };
  }

  /**
   * Where message `seq` is in the ring's items, or -1: a binary search (the ring is in seq order). Looked for one
   * by one, a rename that moved its reactions in 500 messages in each of 20 rooms held the server 35-104 ms.
   */
  #indexOfMessage(seq: number): number {
    const k = this.#messages.countUpTo(seq) - 1;
    return k >= 0 && seqOf(this.#messages.at(k)) === seq ? this.#messages.place(k) : -1;
  }
}

/** Two lists in seq order as one. */
function merge(a: Outbound[], b: Outbound[]): Outbound[] {
  if (b.length === 0) return a;
  if (a.length === 0) return b;
  const out: Outbound[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) out.push(seqOf(a[i]!) < seqOf(b[j]!) ? a[i++]! : b[j++]!);
  while (i < a.length) out.push(a[i++]!);
  while (j < b.length) out.push(b[j++]!);
  return out;
}
