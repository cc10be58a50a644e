// Messages read out to a screen reader, a busy room's in one line. 50 messages in a moment were 50 lines of which
// the reader got the last five (the live region keeps five), or, spread over a second, 50 read one by one: past a
// few lines a moment, what came is said once, "12 new messages from alice, bob and 2 others". Others' edits and
// deletions of messages on screen are said the same way (a reader heard nothing while the row changed in place), and
// so are their reactions to your messages and, in the conversation on show, who joins, leaves or is renamed (a busy
// room's comings and goings are counted in that line: "3 joined and 2 left").

import { cutAt } from '../protocol/cutAt';
import { andList } from '../protocol/andList';

/**
 * A message to read out: its words, who wrote it (or edited or deleted it, or reacted to it), and where (' in #dev',
 * or '' in the conversation on show); `change`: an edit or a deletion of message `key` (a newer one of the same
 * message, still waiting to be said, takes the place of the older: a typo fixed three times is said once), a
 * reaction (`key`: the message's, who and which emoji), or a member who joined, left or was renamed (a summary counts
 * them, and names nobody for them).
 */
export interface HeardMessage {
  text: string;
  from: string;
  where: string;
  change?: 'edited' | 'deleted' | 'reacted' | MemberChange;
  key?: string;
  /** Whether an edit held (HEARD_SAME_MS) is still to be said when its time comes (its conversation still on show). */
  still?: () => boolean;
  /** A new message's row (its key): deleted before it is said, it is not (unsay); edited, it is said so (reword). */
  row?: string;
}

/** What a member did, as a summary counts it (a kick is someone who left). */
type MemberChange = 'joined' | 'left' | 'renamed';
const MEMBER_CHANGES: readonly MemberChange[] = ['joined', 'left', 'renamed'];
/** What a summary counts: new messages, the changes of others, the members' comings and goings. */
type HeardKind = 'new' | NonNullable<HeardMessage['change']>;
const kindOf = (m: HeardMessage): HeardKind => m.change ?? 'new';
const isMemberChange = (k: HeardKind): k is MemberChange => (MEMBER_CHANGES as readonly string[]).includes(k);

/** Lines of messages said at most in WINDOW_MS; what comes past them is said in one line once there is room. */
export const HEARD_LINES = 5;
export const HEARD_WINDOW_MS = 3000;
/** Messages kept to be said at most (a window whose frames stop, minimised, gathered a busy room's for ever). */
const HEARD_KEPT = 200;
/**
 * An edit of a message whose change was said less than this ago waits until then, and the newest of its edits
 * meanwhile is said once (a bot that edits its progress line every second was read every second).
 */
export const HEARD_SAME_MS = 10_000;

export class HeardMessages {
  #queue: HeardMessage[] = [];
  /** Messages past HEARD_KEPT, counted only (by kind: a flood of joins is no flood of messages). */
  #more: Partial<Record<HeardKind, number>> = {};
  /** When each line of the window was said. */
  #said: number[] = [];
  #waiting = false;
  /** When the change of each message (by key) was last said, for HEARD_SAME_MS. */
  #saidKeys = new Map<string, number>();
  /** The newest edit of a message whose last change was said too lately, by key, until it may be said. */
  #held = new Map<string, HeardMessage>();
  readonly #say: (text: string) => void;
  readonly #nextFrame: (f: () => void) => void;
  readonly #now: () => number;

  /** `nextFrame`: when the messages come in a frame are gathered (the page's next animation frame). */
  constructor(say: (text: string) => void, nextFrame: (f: () => void) => void, now: () => number) {
    this.#say = say;
    this.#nextFrame = nextFrame;
    this.#now = now;
  }

  add(m: HeardMessage): void {
    const key = m.key;
    if (key !== undefined && m.change === 'edited') {
      const last = this.#saidKeys.get(key);
      const now = this.#now();
      if (last !== undefined && now - last < HEARD_SAME_MS) {
        if (!this.#held.has(key)) {
          setTimeout(() => {
            const held = this.#held.get(key);
            this.#held.delete(key);
            if (held && held.still?.() !== false) this.#enqueue(held);
          }, HEARD_SAME_MS - (now - last));
        }
        this.#held.set(key, m);
        return;
      }
    }
    // (a deletion is the last change: said at once, instead of an edit held)
    if (key !== undefined) this.#held.delete(key);
    this.#enqueue(m);
  }

  /** The message `key` is not to be said, if it still waits (a reaction taken back before it was said). */
  drop(key: string): void {
    this.#queue = this.#queue.filter((q) => q.key !== key);
  }

  /**
   * The new message of row `row` was deleted: not said, if it still waits, nor an edit of it. True when it was
   * waiting (never said: its deletion is no news either).
   */
  unsay(row: string): boolean {
    if (!this.#queue.some((q) => q.row === row)) return false;
    this.#queue = this.#queue.filter((q) => q.row !== row && q.key !== row);
    return true;
  }

  /**
   * The new message of row `row` was edited: said as `text` (its words now), if it still waits, and the edit is no
   * news (the message was never heard with its old words). True when it was waiting.
   */
  reword(row: string, text: string): boolean {
    const m = this.#queue.find((q) => q.row === row);
    if (m) m.text = text;
    return m !== undefined;
  }

  #enqueue(m: HeardMessage): void {
    const same = m.key === undefined ? -1 : this.#queue.findIndex((q) => q.key === m.key);
    if (same >= 0) this.#queue.splice(same, 1);
    if (this.#queue.length < HEARD_KEPT) this.#queue.push(m);
    else this.#more[kindOf(m)] = (this.#more[kindOf(m)] ?? 0) + 1;
    if (this.#waiting) return;
    this.#waiting = true;
    this.#nextFrame(() => this.#flush());
  }

  #flush(): void {
    this.#waiting = false;
    if (this.#queue.length === 0) return;
    const now = this.#now();
    this.#said = this.#said.filter((t) => now - t < HEARD_WINDOW_MS);
    const room = HEARD_LINES - this.#said.length;
    if (room <= 0) {
      // the window is full: all of them in one line once its oldest line is out of it
      this.#waiting = true;
      setTimeout(() => this.#flush(), HEARD_WINDOW_MS - (now - (this.#said[0] ?? now)));
      return;
    }
    const lines = this.#queue.length + counted(this.#more) <= room ? this.#queue.map((m) => `${m.text}${m.where}`) : [heardSummary(this.#queue, this.#more)];
    for (const [key, t] of this.#saidKeys) if (now - t >= HEARD_SAME_MS) this.#saidKeys.delete(key);
    for (const m of this.#queue) if (m.key !== undefined) this.#saidKeys.set(m.key, now);
    this.#queue = [];
    this.#more = {};
    for (const line of lines) {
      this.#say(line);
      this.#said.push(now);
    }
  }
}

const counted = (more: Readonly<Partial<Record<HeardKind, number>>>): number => Object.values(more).reduce((n, k) => n + k, 0);

/**
 * "12 new messages from alice, bob and 2 others" (in #dev; in 2 conversations); with edits or deletions among them,
 * "12 new, 2 edited and 1 deleted messages from ..."; with reactions, "4 new messages and 3 reactions from ...";
 * members who came and went are counted after it, "...; 3 joined and 2 left" (" here" when the rest was said to be
 * elsewhere), or alone. `more`: as many again of each kind, not kept.
 */
export function heardSummary(ms: readonly HeardMessage[], more: Readonly<Partial<Record<HeardKind, number>>> = {}): string {
  const count = (k: HeardKind) => ms.filter((m) => kindOf(m) === k).length + (more[k] ?? 0);
  const talk = ms.filter((m) => !isMemberChange(kindOf(m)));
  const from = [...new Set(talk.map((m) => m.from))];
  const wheres = [...new Set(talk.map((m) => m.where))];
  const where = wheres.length <= 1 ? wheres[0] ?? '' : ` in ${wheres.length} conversations`;
  const [added, edited, deleted, reacted] = [count('new'), count('edited'), count('deleted'), count('reacted')];
  const messages = added + edited + deleted;
  const changes = edited + deleted === 0 ? `${added} new` : saidList([added && `${added} new`, edited && `${edited} edited`, deleted && `${deleted} deleted`].filter((x) => x !== 0));
  const said = [messages && `${changes} ${messages === 1 ? 'message' : 'messages'}`, reacted && `${reacted} ${reacted === 1 ? 'reaction' : 'reactions'}`].filter((x) => x !== 0);
  // (those not kept are somebody too: "from alice and bob, among others"; of a queue full of joins, nobody known)
  const unnamed = messages + reacted > talk.length;
  const by = from.length === 0 ? '' : ` from ${saidList(from)}${unnamed && from.length <= 3 ? ', among others' : ''}`;
  const about = said.length === 0 ? '' : `${said.join(' and ')}${where}${by}`;
  const members = saidList(MEMBER_CHANGES.map((k) => count(k) && `${count(k)} ${k}`).filter((x) => x !== 0));
  if (members === '') return about;
  return about === '' ? members : `${about}; ${members}${where === '' ? '' : ' here'}`;
}

/**
 * The first words of a message, which a line about it quotes to say which one it is ("bob reacted with 👍 to your
 * message: the parser is done, with tests and…"): whole up to `max` characters, else cut between words when one ends
 * past half of them, and `…`.
 */
export function firstWords(text: string, max = 60): string {
  if (text.length <= max) return text;
  const cut = cutAt(text, max - 1);
  const space = cut.search(/\s\S*$/);
  return `${space > max / 2 ? cut.slice(0, space) : cut}…`;
}

/**
 * Words (names, counts) as a reader hears a list of them: "alice", "alice and bob", "alice, bob and carol"; past
 * three, the first two "and 3 others".
 */
export function saidList(items: readonly string[]): string {
  if (items.length > 3) return `${items.slice(0, 2).join(', ')} and ${items.length - 2} others`;
  return andList(items);
}
