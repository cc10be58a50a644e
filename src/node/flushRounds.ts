// When queued bytes are written. Sockets with queued bytes are written together in a flush round: at the
// end of the event-loop turn, or after a costly round when FlushPacer says. A round to many sockets is
// written in slices of SLICE_SOCKETS with a turn of the event loop between them: what arrives meanwhile is
// read at once and goes out in this round to the sockets not yet written, instead of waiting for the whole
// round and then the pause after it (a round to 500 sockets costs ~3 ms on the 2-core test machine). The
// process (the VS Code extension host) is never held up for more than a slice. Bytes that may wait
// (joins and leaves) wait up to LAZY_MS for company.

import { performance } from 'node:perf_hooks';
import { ConcatSlab } from './concatSlab';
import { FlushPacer } from './flushPacer';
import { SharedConcat } from './sharedConcat';

/** What a round writes: a socket's queued bytes, in one write. */
export interface Flushable {
  flush(shared: SharedConcat): void;
  /**
   * flush() threw (a bug: it must not). The round goes on to the other sockets; this one may have lost
   * bytes, so it must go (a rich client resumes from its last seq when it reconnects).
   */
  failed(error: unknown): void;
}

/**
 * How long bytes written with `lazy` (joins and leaves) may wait for company. A crowd joining a big room
 * would otherwise cost one write per member per round; a notice 100 ms late is not noticed, and anything
 * urgent for the same socket takes the waiting bytes along, in order.
 */
export const LAZY_MS = 100;

/** Sockets written before the event loop gets a turn (64 cost ~0.4 ms of CPU on the test machine). */
export const SLICE_SOCKETS = 64;

/**
 * A round to fewer sockets is cheap (100 cost ~1.1 ms of CPU on the test machine, under the pacer's 2 ms;
 * a preempted one only looks costly): it is not measured (two getrusage calls per slice) and never paced.
 */
const MEASURED_ROUND = 128;

export class FlushRounds<T extends Flushable> {
  /** Sockets with queued bytes waiting for the next round. */
  #waiting = new Set<T>();
  /** The round under way: its sockets not yet written (new bytes for them go out in it). */
  #round = new Set<T>();
  #cursor: Iterator<T> | undefined;
  #shared: SharedConcat | undefined;
  #measured = false;
  #wallMs = 0;
  #cpuMs = 0;
  /** A round is due to start (at the end of the turn, or when the pacer said). */
  #scheduled = false;
  /** Sockets whose queued bytes may all wait: they join the round LAZY_MS after the first, or sooner with other bytes. */
  readonly #lazy = new Set<T>();
  #lazyTimer: NodeJS.Timeout | undefined;
  readonly #pacer: FlushPacer;
  /** Where the rounds' concatenations go (reused while the sockets keep up). */
  readonly #slab: ConcatSlab;
  readonly #sliceSockets: number;

  constructor(
    pacer = new FlushPacer(),
    slab = new ConcatSlab(),
    sliceSockets = SLICE_SOCKETS,
  ) {
    this.#pacer = pacer;
    this.#slab = slab;
    this.#sliceSockets = sliceSockets;
  }

  /** `socket` has bytes that go out in the next round (or in the one under way, if it is not written yet). */
  soon(socket: T): void {
    this.#lazy.delete(socket);
    if (this.#round.has(socket)) return;
    this.#waiting.add(socket);
    this.#schedule();
  }

  /** `socket` has bytes that may wait up to LAZY_MS, unless it is in a round already. */
  later(socket: T): void {
    if (this.#waiting.has(socket) || this.#round.has(socket)) return;
    this.#lazy.add(socket);
    if (this.#lazyTimer !== undefined) return;
    this.#lazyTimer = setTimeout(() => {
      this.#lazyTimer = undefined;
      for (const s of this.#lazy) this.#waiting.add(s); // (a lazy socket is in no round: soon() takes it out)
      this.#lazy.clear();
      if (this.#waiting.size > 0) this.#schedule();
    }, LAZY_MS);
  }

  /** Takes `socket` out of every round to come (its bytes were written, dropped or are gone). */
  forget(socket: T): void {
    this.#waiting.delete(socket);
    this.#round.delete(socket);
    this.#lazy.delete(socket);
  }

  #schedule(): void {
    if (this.#scheduled || this.#cursor !== undefined) return; // a round under way schedules the next when it ends
    this.#scheduled = true;
    const wait = this.#pacer.waitAt(performance.now());
    if (wait < 1) setImmediate(this.#slice);
    else setTimeout(this.#slice, wait);
  }

  readonly #slice = (): void => {
    this.#scheduled = false;
    if (this.#cursor === undefined) this.#begin();
    const start = performance.now();
    // process.cpuUsage() is a syscall: only rounds big enough to be costly pay for it
    const cpu = this.#measured ? process.cpuUsage() : undefined;
    const round = this.#round;
    const shared = this.#shared!;
    let n = 0;
    for (let next = this.#cursor!.next(); !next.done; next = this.#cursor!.next()) {
      const socket = next.value;
      round.delete(socket); // bytes it gets from now on wait for the next round
      try {
        socket.flush(shared);
      } catch (error) {
        socket.failed(error); // one socket's bug must not stop everyone's writes (the round would stay open)
      }
      if (++n === this.#sliceSockets) break;
    }
    const end = performance.now();
    const spent = cpu && process.cpuUsage(cpu);
    this.#wallMs += end - start;
    this.#cpuMs += spent ? (spent.user + spent.system) / 1000 : 0;
    if (round.size > 0) {
      setImmediate(this.#slice); // (schedule() leaves a round under way alone: `cursor` is set)
      return;
    }
    this.#cursor = undefined;
    this.#shared = undefined;
    this.#pacer.roundDone(end, this.#wallMs, this.#cpuMs);
    if (this.#waiting.size > 0) this.#schedule();
  };

  /** The waiting sockets become the round (the emptied set of the last round waits for the next). */
  #begin(): void {
    const done = this.#round;
    this.#round = this.#waiting;
    this.#waiting = done;
    this.#cursor = this.#round.values();
    this.#shared = new SharedConcat(this.#slab);
    this.#measured = this.#round.size >= MEASURED_ROUND;
    this.#wallMs = 0;
    this.#cpuMs = 0;
  }
}
