// One TCP (or TLS) socket: writes coalesced into one syscall per flush round (FlushRounds says when), a
// cap on bytes queued for a peer that does not read, and one idempotent close that ends gracefully and
// then destroys.

import type { Socket } from 'node:net';
import type { FlushRounds } from './flushRounds';
import type { SharedConcat } from './sharedConcat';

export interface ConnectionOptions {
  /**
   * When its queued bytes are written: the server's scheduler, shared by all its connections (a room's members
   * share their rounds). One per server, not per process: a server's pending round cannot hold up another's.
   */
  rounds: FlushRounds<Connection>;
  /** Bytes queued (in our queue plus the socket's) above which the peer is evicted at once. */
  maxBuffered: number;
  /** Bytes queued above which the peer must catch up within `slowMs`, or be evicted (default: no soft limit). */
  softBuffered?: number;
  slowMs?: number;
  /**
   * Called once when the peer exceeded maxBuffered; what it returns is the last thing written before the
   * socket goes. It gets the connection, so one function can serve every connection (no closure each).
   */
  onOverflow?: (conn: Connection) => Uint8Array | string | undefined;
  /** How long a graceful close may take before the socket is destroyed. */
  closeTimeoutMs?: number;
}

export class Connection {
  #queue: Uint8Array[] = [];
  #queued = 0;
  #closing = false;
  #closeTimer: NodeJS.Timeout | undefined;
  /** Running while more than softBuffered bytes wait: a burst is fine, a peer that stays behind is not. */
  #stallTimer: NodeJS.Timeout | undefined;
  readonly remoteAddress: string;
  readonly remotePort: number;
  readonly #options: ConnectionOptions;

  constructor(
    readonly socket: Socket,
    options: ConnectionOptions,
  ) {
    this.#options = options;
    this.remoteAddress = normalizeAddress(socket.remoteAddress ?? 'unknown');
    this.remotePort = socket.remotePort ?? 0;
    socket.setNoDelay(true);
    socket.setKeepAlive(true, 30_000);
    socket.on('close', () => {
      this.#unschedule();
      this.#queue = [];
      this.#queued = 0;
      if (this.#closeTimer) clearTimeout(this.#closeTimer);
      this.#clearStall();
    });
    socket.on('drain', () => this.#clearStall());
  }

  get closed(): boolean {
    return this.#closing || this.socket.destroyed;
  }

  /** Bytes waiting to go out: our queue plus what the socket holds. */
  get buffered(): number {
    return this.#queued + this.socket.writableLength;
  }

  /**
   * Queues bytes; they go out with everything else queued before the next round, in one write. Bytes that
   * are `lazy` may wait up to LAZY_MS for company (they still go out in the order they were written).
   */
  write(chunk: Uint8Array | string, lazyBytes = false): void {
    if (this.closed) return;
    const bytes = toBytes(chunk);
    const total = this.buffered + bytes.length;
    if (total > this.#options.maxBuffered) {
      this.#overflow();
      return;
    }
    const soft = this.#options.softBuffered;
    if (soft !== undefined && total > soft && this.#stallTimer === undefined) {
      this.#stallTimer = setTimeout(() => {
        this.#stallTimer = undefined;
        if (this.buffered > soft) this.#overflow();
      }, this.#options.slowMs ?? 5000);
      this.#stallTimer.unref();
    }
    this.#queue.push(bytes);
    this.#queued += bytes.length;
    if (lazyBytes) this.#options.rounds.later(this);
    else this.#options.rounds.soon(this);
  }

  /**
   * Writes what is queued now, in one write (called once per round by the scheduler, with the round's
   * shared concatenations, and before a close).
   */
  flush(shared?: SharedConcat): void {
    if (this.#queue.length === 0 || this.socket.destroyed) return;
    this.#queued = 0;
    if (this.#queue.length === 1) {
      // the common case in a room at a steady pace: keep the array (no garbage per socket per round)
      const only = this.#queue[0]!;
      this.#queue.length = 0;
      this.socket.write(only);
      return;
    }
    const chunks = this.#queue; // the round's SharedConcat may keep it: a new array for what comes next
    this.#queue = [];
    if (shared === undefined) {
      this.socket.write(Buffer.concat(chunks)); // close(): nobody to share with
      return;
    }
    this.socket.write(shared.concat(chunks));
    shared.wrote(this.socket);
  }

  /** flush() threw in a round: what was queued may be lost, so the peer goes (a rich client resumes). */
  failed(error: unknown): void {
    this.#queue = [];
    this.#queued = 0;
    this.socket.destroy(error instanceof Error ? error : new Error(String(error)));
  }

  /**
   * Sends `last` (if any) and everything queued, ends the socket, and destroys it if the peer has not
   * closed within the timeout. Safe to call any number of times.
   */
  close(last?: Uint8Array | string): void {
    if (this.#closing) return;
    if (last !== undefined && !this.socket.destroyed) {
      const bytes = toBytes(last);
      this.#queue.push(bytes);
      this.#queued += bytes.length; // bytes, not characters: `buffered` counts bytes
    }
    this.flush();
    this.#closing = true;
    this.#unschedule();
    if (this.socket.destroyed) return;
    this.socket.end();
    this.#closeTimer = setTimeout(() => this.socket.destroy(), this.#options.closeTimeoutMs ?? 2000);
    this.#closeTimer.unref();
  }

  /** Drops the connection at once (no graceful end). */
  destroy(): void {
    this.#closing = true;
    this.#unschedule();
    this.socket.destroy();
  }

  /** Takes the connection out of the next rounds (its queue is written, dropped or gone). */
  #unschedule(): void {
    this.#options.rounds.forget(this);
  }

  #clearStall(): void {
    if (this.#stallTimer) clearTimeout(this.#stallTimer);
    this.#stallTimer = undefined;
  }

  #overflow(): void {
    this.#clearStall();
    if (this.#closing) return;
    this.#closing = true;
    this.#unschedule();
    this.#queue = [];
    this.#queued = 0;
    const last = this.#options.onOverflow?.(this);
    if (last === undefined) {
      this.socket.destroy();
      return;
    }
    this.socket.end(last);
    this.#closeTimer = setTimeout(() => this.socket.destroy(), 500);
    this.#closeTimer.unref();
  }
}

function toBytes(chunk: Uint8Array | string): Uint8Array {
  return typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
}

/** `::ffff:127.0.0.1` -> `127.0.0.1`, so IPv4 peers compare equal whichever socket family accepted them. */
export function normalizeAddress(address: string): string {
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}

/** Whether `address` is this machine's loopback: `::1`, `localhost`, or an IPv4 address of 127/8 (not a name that starts with 127.). */
export function isLoopback(address: string): boolean {
  const a = normalizeAddress(address);
  return a === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(a) || a === 'localhost';
}
