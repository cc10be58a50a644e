// Test peers for the chat server: a raw JSON-line client, the tutorial's client.py behaviour, a netcat-style
// line client, and a server on a free loopback port. Every wait is bounded.

import { mkdtempSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, type TestContext } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { ChatServer, type ChatServerOptions } from '../../src/node/chatServer';
import type { ClientMessage, ServerMessage } from '../../src/protocol/messages';

/**
 * A server on 127.0.0.1 with `options`. Every test client comes from that one address, which the throttle on
 * new connections per address (30, then 2 a second) would refuse in any test that connects more: it is off
 * here unless a test sets `connectBurst` / `connectsPerSecond` itself (hostile.test.ts does).
 */
export async function startServer(options: ChatServerOptions = {}): Promise<{ server: ChatServer; port: number }> {
  const limits = { connectBurst: 1_000_000, connectsPerSecond: 1_000_000, ...options.limits };
  const server = new ChatServer({ host: '127.0.0.1', port: 0, ...options, limits });
  // (closed after the test that started it, however it ended: one that failed before its own close left its
  // server listening, and its file's process never ended: the whole run waited for it)
  after(() => server.close());
  if (options.historyFile !== undefined) serversByHistory.set(options.historyFile, [...(serversByHistory.get(options.historyFile) ?? []), server]);
  const addr = await server.listen();
  return { server, port: addr.port };
}

/**
 * How long the waits below wait for what a test expects, unless told: a bound on a failure, never a pause (what comes
 * ends the wait at once). 5 s ran out on a 2-core machine loaded four times over (two test files at once beside other
 * work), for answers that came.
 */
export const WAIT_MS = 15_000;

/**
 * Resolves when `check` returns a value other than undefined, polling; rejects after `ms`, saying `what` (a function:
 * as it is then, e.g. the output seen by the end of the wait, not at its start).
 */
export async function until<T>(check: () => T | undefined, what: string | (() => string), ms = WAIT_MS): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${typeof what === 'string' ? what : what()}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The servers startServer started with a history file, by that file: historyDir closes them before its folder goes. */
const serversByHistory = new Map<string, ChatServer[]>();

/**
 * A folder of its own for a test's history file, removed after the test, once the servers that keep history there are
 * closed: one still open at the end of its test saved again at its close, at the end of the file, and made the
 * folder anew (left behind in the temp folder at every run).
 */
export function historyDir(t: TestContext): { dir: string; historyFile: string } {
  const dir = mkdtempSync(join(tmpdir(), 'tcp-chat-history-'));
  const historyFile = join(dir, 'history.json');
  t.after(async () => {
    // (a server a test left as a crashed host would be, its file taken over by another: its close may fail)
    for (const server of serversByHistory.get(historyFile) ?? []) await server.close().catch(() => undefined);
    serversByHistory.delete(historyFile);
    rmSync(dir, { recursive: true, force: true });
  });
  return { dir, historyFile };
}

/** Counts the timer callbacks run from now on, for tests on node:test's mock timers (their setTimeout / setInterval, wrapped). */
export function countTimersRun(t: TestContext): { readonly runs: number } {
  const counter = { runs: 0 };
  const timeout = globalThis.setTimeout;
  const interval = globalThis.setInterval;
  const wrap = <A extends unknown[]>(f: (...a: A) => void) => (...a: A) => {
    counter.runs++;
    f(...a);
  };
  // (the typings of the global timers are Node's and the DOM's at once: the wrappers take them as they come)
  globalThis.setTimeout = ((f: () => void, ms?: number) => timeout(wrap(f), ms)) as typeof setTimeout;
  globalThis.setInterval = ((f: () => void, ms?: number) => interval(wrap(f), ms)) as typeof setInterval;
  t.after(() => {
    globalThis.setTimeout = timeout;
    globalThis.setInterval = interval;
  });
  return counter;
}

/**
 * Lets real socket I/O happen (the mock timers stand still) until `check` holds: bounded, at 20,000 turns of the
 * event loop and 15 s of real time, whichever is later (on a busy machine 20,000 turns went by, fast, before a
 * line written on loopback was read: CI failed once so). `performance.now()`: the mock timers' Date stands still.
 */
export async function ioUntil(check: () => boolean, what: string): Promise<void> {
  const start = performance.now();
  for (let i = 0; i < 20_000 || performance.now() - start < 15_000; i++) {
    if (check()) return;
    await new Promise((r) => setImmediate(r));
  }
  throw new Error(`no ${what} after 20,000 turns of the event loop and 15 s`);
}

/** A connection to 127.0.0.1:port, from `from` (another loopback address: another machine to the server). */
function dial(port: number, from?: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect({ host: '127.0.0.1', port, ...(from ? { localAddress: from } : {}) }, () => resolve(s));
    s.once('error', reject);
  });
}

/** A client that speaks the JSON line protocol by hand and records everything the server says. */
export class RawRich {
  readonly received: ServerMessage[] = [];
  closed = false;
  private buf = '';
  /** No line read yet: a server that took this connection for a plain client first says `NICK` (see below). */
  private first = true;
  private constructor(readonly socket: Socket) {
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => {
      this.buf += d;
      let i;
      while ((i = this.buf.indexOf('\n')) >= 0) {
        let line = this.buf.slice(0, i);
        this.buf = this.buf.slice(i + 1);
        // (a hello read after the server's wait for one, on a loaded machine, is answered after a plain client's
        // `NICK`, with no line break, as ChatClient reads it: the JSON lines follow)
        if (this.first && line.startsWith('NICK')) line = line.slice(4);
        this.first = false;
        if (line) this.received.push(JSON.parse(line) as ServerMessage);
      }
    });
    socket.on('error', () => {});
    socket.on('close', () => (this.closed = true));
  }

  static async connect(port: number, from?: string): Promise<RawRich> {
    return new RawRich(await dial(port, from));
  }

  /** Connects and says hello; resolves once the welcome and every room's `synced` arrived. */
  static async join(port: number, nick: string, extra: Partial<Extract<ClientMessage, { type: 'hello' }>> = {}, from?: string): Promise<RawRich> {
    const c = await RawRich.connect(port, from);
    c.send({ type: 'hello', v: 1, nick, client: 'test', ...extra });
    const welcome = await c.next('welcome');
    if (welcome.type === 'welcome') for (const r of welcome.rooms) await c.next('synced', (m) => m.type === 'synced' && m.room === r.name);
    return c;
  }

  /** The welcome this client got (join() waited for it). */
  welcome(): Extract<ServerMessage, { type: 'welcome' }> {
    const w = this.received.find((m) => m.type === 'welcome');
    if (w?.type !== 'welcome') throw new Error('no welcome received');
    return w;
  }

  send(msg: ClientMessage | Record<string, unknown>): void {
    this.socket.write(JSON.stringify(msg) + '\n');
  }

  write(raw: string | Uint8Array): void {
    this.socket.write(raw);
  }

  /** The first received message of `type` (matching `pred`) not consumed yet; waits for it. */
  private consumed = new Set<number>();
  async next<T extends ServerMessage['type']>(type: T, pred: (m: ServerMessage) => boolean = () => true, ms = WAIT_MS): Promise<Extract<ServerMessage, { type: T }>> {
    const idx = await until(() => {
      const i = this.received.findIndex((m, j) => !this.consumed.has(j) && m.type === type && pred(m));
      return i >= 0 ? i : undefined;
    }, `a "${type}" message`, ms);
    this.consumed.add(idx);
    return this.received[idx] as Extract<ServerMessage, { type: T }>;
  }

  messages(room = 'general'): string[] {
    return this.received.filter((m) => m.type === 'message' && m.room === room).map((m) => (m.type === 'message' ? `${m.from}: ${m.text}` : ''));
  }

  close(): void {
    this.socket.destroy();
  }

  waitClosed(ms = WAIT_MS): Promise<true> {
    return until(() => this.closed || undefined, 'the socket to close', ms);
  }
}

/** A plain-text peer that records the raw bytes it receives. */
export class PlainPeerClient {
  raw = Buffer.alloc(0);
  closed = false;
  protected constructor(readonly socket: Socket) {
    socket.on('data', (d: Buffer) => (this.raw = Buffer.concat([this.raw, d])));
    socket.on('error', () => {});
    socket.on('close', () => (this.closed = true));
  }

  get text(): string {
    return this.raw.toString('utf8');
  }

  lines(): string[] {
    return this.text.split('\n').filter((l) => l !== '');
  }

  waitFor(pattern: string | RegExp, ms = WAIT_MS): Promise<true> {
    return until(() => (typeof pattern === 'string' ? this.text.includes(pattern) : pattern.test(this.text)) || undefined, () => `plain output ${String(pattern)} (have ${JSON.stringify(this.text.slice(-300))})`, ms);
  }

  write(data: string | Uint8Array): void {
    this.socket.write(data);
  }

  close(): void {
    this.socket.destroy();
  }

  waitClosed(ms = WAIT_MS): Promise<true> {
    return until(() => this.closed || undefined, 'the socket to close', ms);
  }
}

/**
 * Behaves as the classic tutorial's client.py: waits for the exact message `NICK`, answers with its nickname
 * (ascii, no newline), then sends `<nick>: <text>` with no newline for each message.
 */
export class SeedClient extends PlainPeerClient {
  /** What recv() returned first, exactly (the tutorial compares it with 'NICK'). */
  firstRecv: string | undefined;
  private constructor(socket: Socket, readonly nick: string) {
    super(socket);
    socket.once('data', (d: Buffer) => {
      this.firstRecv = d.toString('ascii');
      if (this.firstRecv === 'NICK') socket.write(Buffer.from(nick, 'ascii'));
    });
  }

  static async connect(port: number, nick: string): Promise<SeedClient> {
    const c = new SeedClient(await dial(port), nick);
    await until(() => c.firstRecv, 'the first recv');
    return c;
  }

  say(text: string): void {
    this.socket.write(Buffer.from(`${this.nick}: ${text}`, 'ascii'));
  }

  /** The tutorial decodes with 'ascii' and dies on any byte >= 0x80. */
  isAsciiClean(): boolean {
    return this.raw.every((b) => b < 0x80);
  }
}

/** A netcat user: newline-terminated lines, no prefix. */
export class LineClient extends PlainPeerClient {
  static async connect(port: number, nick?: string): Promise<LineClient> {
    const c = new LineClient(await dial(port));
    if (nick !== undefined) {
      await c.waitFor('NICK');
      c.write(`${nick}\n`);
    }
    return c;
  }

  say(text: string): void {
    this.write(`${text}\n`);
  }
}

/** A TCP proxy on loopback whose connections can be cut at any moment (a dropped Wi-Fi, a sleeping laptop). */
export class CuttableProxy {
  private readonly pairs = new Set<[Socket, Socket]>();
  /** While true, a new connection is closed as it comes (the network still down); `refused` counts them. */
  down = false;
  refused = 0;
  private constructor(
    private readonly server: import('node:net').Server,
    readonly port: number,
  ) {}

  static async start(targetPort: number): Promise<CuttableProxy> {
    const net = await import('node:net');
    const holder: { proxy?: CuttableProxy } = {};
    const server = net.createServer((client) => {
      if (holder.proxy?.down) {
        holder.proxy.refused++;
        client.destroy();
        return;
      }
      const upstream = connect({ host: '127.0.0.1', port: targetPort });
      const pair: [Socket, Socket] = [client, upstream];
      holder.proxy?.pairs.add(pair);
      client.pipe(upstream);
      upstream.pipe(client);
      const end = () => {
        client.destroy();
        upstream.destroy();
        holder.proxy?.pairs.delete(pair);
      };
      client.on('error', end).on('close', end);
      upstream.on('error', end).on('close', end);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    holder.proxy = new CuttableProxy(server, (server.address() as import('node:net').AddressInfo).port);
    return holder.proxy;
  }

  /** Drops every connection through the proxy at once, both ways. */
  cut(): number {
    const n = this.pairs.size;
    for (const [a, b] of this.pairs) {
      a.destroy();
      b.destroy();
    }
    this.pairs.clear();
    return n;
  }

  /**
   * Freezes every connection through the proxy: bytes stop flowing both ways, and neither end is told (a
   * network that went silent: no FIN, no RST). New connections flow as usual; close() or cut() drops the frozen ones.
   */
  freeze(): number {
    let n = 0;
    for (const [a, b] of this.pairs) {
      if (a.isPaused() && b.isPaused()) continue;
      a.unpipe(b);
      b.unpipe(a);
      a.pause();
      b.pause();
      n++;
    }
    return n;
  }

  /**
   * What the server sends on every connection through the proxy is lost from now on (answers that never arrive);
   * what the client sends still reaches it. cut() ends them.
   */
  deafen(): number {
    for (const [client, upstream] of this.pairs) {
      upstream.unpipe(client);
      upstream.resume(); // (read and dropped)
    }
    return this.pairs.size;
  }

  close(): Promise<void> {
    this.cut();
    return new Promise((r) => this.server.close(() => r()));
  }
}

/** A tiny seeded PRNG (mulberry32): the same seed gives the same run, so a failure can be replayed. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The seed for a randomized test: `envVar` when set (to replay a failure), else a fresh one. Printed either way. */
export function testSeed(envVar: string, what: string): number {
  const given = process.env[envVar];
  const seed = given !== undefined && given !== '' ? Number(given) >>> 0 : (Math.random() * 2 ** 32) >>> 0;
  console.log(`# ${what} seed ${seed} (replay: ${envVar}=${seed} node scripts/test.mjs ${what})`);
  return seed;
}

/** A full garbage collection: global.gc when node runs with --expose-gc, else the same function fetched through V8's flags. */
export function collectGarbage(): void {
  const g = globalThis as { gc?: () => void };
  if (typeof g.gc === 'function') return g.gc();
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}
