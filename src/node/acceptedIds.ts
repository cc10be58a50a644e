// The request ids a session had accepted, with the seq each got, so that a resend after a reconnect is
// acknowledged again instead of delivered twice; and those it had refused, so that a resend is refused again
// instead of done afresh on what changed since. Only the last `cap` are kept, evicted oldest first through
// a ring of ids (evicting a Map's first key instead costs O(deleted entries) in V8 until the table is
// rebuilt: ~450 ns per message against ~130 at 1,000 ids).

import { ERROR_CODES, type ErrorCode } from '../protocol/messages';

/** The refusals whose words a session keeps (our client has at most 64 requests on their way), and their length. */
const WORDS_KEPT = 64;
const WORDS_MAX = 300;

export class AcceptedIds {
  /** The seq each id got (0: a direct message); a refused one's is negative, -1 - its code's index in ERROR_CODES. */
  readonly #seqs = new Map<string, number>();
  /**
   * The words of this run's latest refusals (WORDS_KEPT, each cut at WORDS_MAX: a thousand refusals of up to 700
   * characters each, in each of 2,000 sessions, would hold a gigabyte); older ones, and a restart's, keep their code.
   */
  readonly #words = new Map<string, string>();
  /** Ids in the order they were accepted, a ring once full: `head` is the oldest. */
  readonly #order: string[] = [];
  #head = 0;
  readonly #cap: number;

  constructor(
    cap: number,
    entries: Iterable<readonly [string, number]> = [],
  ) {
    this.#cap = cap;
    for (const [id, seq] of entries) this.add(id, seq);
  }

  get size(): number {
    return this.#seqs.size;
  }

  /**
   * The seq the request got (0 for a direct message; negative: it was refused, see `refusal`), or undefined when
   * the id is not known (or is forgotten).
   */
  get(id: string): number | undefined {
    return this.#seqs.get(id);
  }

  /** Keeps that request `id` was refused, with `code` and `message`. */
  refuse(id: string, code: ErrorCode, message: string): void {
    this.add(id, -1 - ERROR_CODES.indexOf(code));
    if (!this.#seqs.has(id)) return;
    this.#words.delete(id);
    this.#words.set(id, message.length > WORDS_MAX ? `${message.slice(0, WORDS_MAX - 1)}…` : message);
    if (this.#words.size > WORDS_KEPT) this.#words.delete(this.#words.keys().next().value!);
  }

  /** How request `id` was refused, or undefined when it was not (or is forgotten). */
  refusal(id: string): { code: ErrorCode; message: string } | undefined {
    const seq = this.#seqs.get(id);
    if (seq === undefined || seq >= 0) return undefined;
    const code = ERROR_CODES[-1 - seq] ?? 'bad_command';
    return { code, message: this.#words.get(id) ?? `the server refused this before the connection dropped (${code})` };
  }

  add(id: string, seq: number): void {
    if (this.#cap <= 0) return;
    if (this.#seqs.has(id)) {
      this.#seqs.set(id, seq); // (the server refuses a known id before it gets here; keep its place)
      return;
    }
    if (this.#order.length < this.#cap) this.#order.push(id);
    else {
      this.#seqs.delete(this.#order[this.#head]!);
      this.#words.delete(this.#order[this.#head]!);
      this.#order[this.#head] = id;
      this.#head = (this.#head + 1) % this.#cap;
    }
    this.#seqs.set(id, seq);
  }

  /** Forgets all but the last `n` ids. */
  keepLast(n: number): void {
    const kept = n > 0 ? this.entries().slice(-n) : [];
    if (kept.length === this.#seqs.size) return;
    this.#seqs.clear();
    this.#order.length = 0;
    this.#head = 0;
    for (const [id, seq] of kept) this.add(id, seq);
    for (const id of this.#words.keys()) if (!this.#seqs.has(id)) this.#words.delete(id);
  }

  /** Oldest first (what the host saves, and gives back to the constructor after a restart). */
  entries(): [string, number][] {
    const n = this.#order.length;
    const out: [string, number][] = [];
    for (let k = 0; k < n; k++) {
      const id = this.#order[(this.#head + k) % n]!;
      out.push([id, this.#seqs.get(id)!]);
    }
    return out;
  }
}

/**
 * Past `budget` ids kept by `sessions` together, those that left first (`leftAt`) forget theirs, whole: the ids of
 * sessions with no connection, each a few, add up when an address opens session after session.
 */
export function forgetOldest(sessions: readonly { leftAt: number; accepted: AcceptedIds }[], budget: number): void {
  let kept = 0;
  for (const s of sessions) kept += s.accepted.size;
  if (kept <= budget) return;
  for (const s of [...sessions].sort((a, b) => a.leftAt - b.leftAt)) {
    if (kept <= budget) break;
    kept -= s.accepted.size;
    s.accepted.keepLast(0);
  }
}
