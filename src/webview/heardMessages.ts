// Messages read out to a screen reader, a busy room's in one line. 50 messages in a moment were 50 lines of which
// the reader got the last five (the live region keeps five), or, spread over a second, 50 read one by one: past a
// few lines a moment, what came is said once, "12 new messages from alice, bob and 2 others". Others' edits and
// deletions of messages on screen are said the same way (a reader heard nothing while the row changed in place).

/**
 * A message to read out: its words, who wrote it (or edited or deleted it), and where (' in #dev', or '' in the
 * conversation on show); `change`: an edit or a deletion of message `key` (a newer one of the same message, still
 * waiting to be said, takes the place of the older: a typo fixed three times is said once).
 */
export interface HeardMessage {
  text: string;
  from: string;
  where: string;
  change?: 'edited' | 'deleted';
  key?: string;
  /** Whether an edit held (HEARD_SAME_MS) is still to be said when its time comes (its conversation still on show). */
  still?: () => boolean;
}

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
  /** Messages past HEARD_KEPT, counted only. */
  #more = 0;
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

  #enqueue(m: HeardMessage): void {
    const same = m.key === undefined ? -1 : this.#queue.findIndex((q) => q.key === m.key);
    if (same >= 0) this.#queue.splice(same, 1);
    if (this.#queue.length < HEARD_KEPT) this.#queue.push(m);
    else this.#more++;
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
    const lines = this.#queue.length + this.#more <= room ? this.#queue.map((m) => `${m.text}${m.where}`) : [heardSummary(this.#queue, this.#more)];
    for (const [key, t] of this.#saidKeys) if (now - t >= HEARD_SAME_MS) this.#saidKeys.delete(key);
    for (const m of this.#queue) if (m.key !== undefined) this.#saidKeys.set(m.key, now);
    this.#queue = [];
    this.#more = 0;
    for (const line of lines) {
      this.#say(line);
      this.#said.push(now);
    }
  }
}

/**
 * "12 new messages from alice, bob and 2 others" (in #dev; in 2 conversations); with edits or deletions among them,
 * "12 new, 2 edited and 1 deleted messages from ..."; `more`: as many again, not kept (counted as new).
 */
export function heardSummary(ms: readonly HeardMessage[], more = 0): string {
  const from = [...new Set(ms.map((m) => m.from))];
  const names = saidList(from);
  const wheres = [...new Set(ms.map((m) => m.where))];
  const where = wheres.length === 1 ? wheres[0] : ` in ${wheres.length} conversations`;
  const edited = ms.filter((m) => m.change === 'edited').length;
  const deleted = ms.filter((m) => m.change === 'deleted').length;
  const added = ms.length - edited - deleted + more;
  const counts = edited + deleted === 0 ? `${added} new` : saidList([added && `${added} new`, edited && `${edited} edited`, deleted && `${deleted} deleted`].filter((x) => x !== 0));
  return `${counts} ${ms.length + more === 1 ? 'message' : 'messages'}${where} from ${names}${more > 0 && from.length <= 3 ? ', among others' : ''}`;
}

/**
 * Words (names, counts) as a reader hears a list of them: "alice", "alice and bob", "alice, bob and carol"; past
 * three, the first two "and 3 others".
 */
export function saidList(items: readonly string[]): string {
  if (items.length > 3) return `${items.slice(0, 2).join(', ')} and ${items.length - 2} others`;
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
