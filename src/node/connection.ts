// One TCP (or TLS) socket: writes coalesced into one syscall per flush round (at the end of the event-loop
// turn; after a costly round, when FlushPacer says; bytes that may wait, within LAZY_MS), a cap on bytes
// queued for a peer that does not read, and one idempotent close that ends gracefully and then destroys.

import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { ConcatSlab } from './concatSlab';
import { FlushPacer } from './flushPacer';
import { SharedConcat } from './sharedConcat';

/** Connections with queued bytes; flushed together once per round. */
const dirty = new Set<Connection>();
/** Connections whose queued bytes may all wait (presence): flushed LAZY_MS after the first, or sooner with other bytes. */
const lazy = new Set<Connection>();
const pacer = new FlushPacer();
/** Where the rounds' concatenations go (reused while the sockets keep up). */
const slab = new ConcatSlab();
let flushScheduled = false;
let lazyTimer: NodeJS.Timeout | undefined;

/**
 * How long bytes written with `lazy` (joins and leaves) may wait for company. A crowd joining a big room
 * would otherwise cost one write per member per round; a notice 100 ms late is not noticed, and anything
 * urgent for the same socket takes the waiting bytes along, in order.
 */
export const LAZY_MS = 100;

/**
 * A round to fewer sockets is cheap (100 cost ~1.1 ms of CPU on the 2-core test machine, under the pacer's
 * 2 ms; a preempted one only looks costly): it is not measured (two getrusage calls) and never paced.
 */
const MEASURED_ROUND = 128;

function scheduleFlush(): void {
  if (flushScheduled) return;
  flushScheduled = true;
  const wait = pacer.waitAt(performance.now());
  if (wait < 1) setImmediate(flushAll);
  else setTimeout(flushAll, wait);
}

function scheduleLazyFlush(): void {
  if (lazyTimer !== undefined) return;
  lazyTimer = setTimeout(() => {
    lazyTimer = undefined;
    for (const c of lazy) dirty.add(c);
    lazy.clear();
    if (dirty.size > 0) scheduleFlush();
  }, LAZY_MS);
}

function flushAll(): void {
  flushScheduled = false;
  const start = performance.now();
  // process.cpuUsage() is a syscall: only rounds big enough to be costly pay for it
  const cpu = dirty.size >= MEASURED_ROUND ? process.cpuUsage() : undefined;
  const shared = new SharedConcat(slab);
  for (const c of dirty) c.flush(shared);
  dirty.clear();
  const end = performance.now();
  const spent = cpu && process.cpuUsage(cpu);
  pacer.roundDone(end, end - start, spent ? (spent.user + spent.system) / 1000 : 0);
}

export interface ConnectionOptions {
  /** Bytes queued (in our queue plus the socket's) above which the peer is evicted at once. */
  maxBuffered: number;
  /** Bytes queued above which the peer must catch up within `slowMs`, or be evicted (default: no soft limit). */
  softBuffered?: number;
  slowMs?: number;
  /** Called once when the peer exceeded maxBuffered; what it returns is the last thing written before the socket goes. */
  onOverflow?: () => Uint8Array | string | undefined;
  /** How long a graceful close may take before the socket is destroyed. */
  closeTimeoutMs?: number;
}

export class Connection {
  private queue: Uint8Array[] = [];
  private queued = 0;
  private closing = false;
  private closeTimer: NodeJS.Timeout | undefined;
  /** Running while more than softBuffered bytes wait: a burst is fine, a peer that stays behind is not. */
  private stallTimer: NodeJS.Timeout | undefined;
  readonly remoteAddress: string;
  readonly remotePort: number;

  constructor(
    readonly socket: Socket,
    private readonly options: ConnectionOptions,
  ) {
    this.remoteAddress = normalizeAddress(socket.remoteAddress ?? 'unknown');
    this.remotePort = socket.remotePort ?? 0;
    socket.setNoDelay(true);
    socket.setKeepAlive(true, 30_000);
    socket.on('close', () => {
      this.unschedule();
      this.queue = [];
      this.queued = 0;
      if (this.closeTimer) clearTimeout(this.closeTimer);
      this.clearStall();
    });
    socket.on('drain', () => this.clearStall());
  }

  get closed(): boolean {
    return this.closing || this.socket.destroyed;
  }

  /** Bytes waiting to go out: our queue plus what the socket holds. */
  get buffered(): number {
    return this.queued + this.socket.writableLength;
  }

  /**
   * Queues bytes; they go out with everything else queued before the next round, in one write. Bytes that
   * are `lazy` may wait up to LAZY_MS for company (they still go out in the order they were written).
   */
  write(chunk: Uint8Array | string, lazyBytes = false): void {
    if (this.closed) return;
    const bytes = toBytes(chunk);
    const total = this.buffered + bytes.length;
    if (total > this.options.maxBuffered) {
      this.overflow();
      return;
    }
    const soft = this.options.softBuffered;
    if (soft !== undefined && total > soft && this.stallTimer === undefined) {
      this.stallTimer = setTimeout(() => {
        this.stallTimer = undefined;
        if (this.buffered > soft) this.overflow();
      }, this.options.slowMs ?? 5000);
      this.stallTimer.unref();
    }
    this.queue.push(bytes);
    this.queued += bytes.length;
    if (lazyBytes && !dirty.has(this)) {
      lazy.add(this);
      scheduleLazyFlush();
      return;
    }
    lazy.delete(this);
    dirty.add(this);
    scheduleFlush();
  }

  /**
   * Writes what is queued now, in one write (called once per round by the scheduler, with the round's
   * shared concatenations, and before a close).
   */
  flush(shared?: SharedConcat): void {
    if (this.queue.length === 0 || this.socket.destroyed) return;
    this.queued = 0;
    if (this.queue.length === 1) {
      // the common case in a room at a steady pace: keep the array (no garbage per socket per round)
      const only = this.queue[0]!;
      this.queue.length = 0;
      this.socket.write(only);
      return;
    }
    const chunks = this.queue; // the round's SharedConcat may keep it: a new array for what comes next
    this.queue = [];
    if (shared === undefined) {
      this.socket.write(Buffer.concat(chunks)); // close(): nobody to share with
      return;
    }
    this.socket.write(shared.concat(chunks));
    shared.wrote(this.socket);
  }

  /**
   * Sends `last` (if any) and everything queued, ends the socket, and destroys it if the peer has not
   * closed within the timeout. Safe to call any number of times.
   */
  close(last?: Uint8Array | string): void {
    if (this.closing) return;
    if (last !== undefined && !this.socket.destroyed) {
      const bytes = toBytes(last);
      this.queue.push(bytes);
      this.queued += bytes.length; // bytes, not characters: `buffered` counts bytes
    }
    this.flush();
    this.closing = true;
    this.unschedule();
    if (this.socket.destroyed) return;
    this.socket.end();
    this.closeTimer = setTimeout(() => this.socket.destroy(), this.options.closeTimeoutMs ?? 2000);
    this.closeTimer.unref();
  }

  /** Drops the connection at once (no graceful end). */
  destroy(): void {
    this.closing = true;
    this.unschedule();
    this.socket.destroy();
  }

  /** Takes the connection out of the next rounds (its queue is written, dropped or gone). */
  private unschedule(): void {
    dirty.delete(this);
    lazy.delete(this);
  }

  private clearStall(): void {
    if (this.stallTimer) clearTimeout(this.stallTimer);
    this.stallTimer = undefined;
  }

  private overflow(): void {
    this.clearStall();
    if (this.closing) return;
    this.closing = true;
    this.unschedule();
    this.queue = [];
    this.queued = 0;
    const last = this.options.onOverflow?.();
    if (last === undefined) {
      this.socket.destroy();
      return;
    }
    this.socket.end(last);
    this.closeTimer = setTimeout(() => this.socket.destroy(), 500);
    this.closeTimer.unref();
  }
}

function toBytes(chunk: Uint8Array | string): Uint8Array {
  return typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
}

/** `::ffff:127.0.0.1` -> `127.0.0.1`, so IPv4 peers compare equal whichever socket family accepted them. */
export function normalizeAddress(address: string): string {
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}

export function isLoopback(address: string): boolean {
  const a = normalizeAddress(address);
  return a === '::1' || a.startsWith('127.') || a === 'localhost';
}
