// A client that speaks the JSON line protocol: bytes -> validated messages -> the host; messages -> JSON lines.

import type { ErrorCode, ServerMessage } from '../protocol/messages';
import { decodeClientLine, encodeLine } from '../protocol/codec';
import { LineSplitter } from '../protocol/lineSplitter';
import type { Connection } from './connection';
import type { Outbound } from './outbound';
import { Peer, type PeerHost } from './peer';

export class RichPeer extends Peer {
  readonly kind = 'rich';
  readonly #splitter: LineSplitter;
  /** A ping went out and no byte came back since. */
  pingSent = false;

  constructor(conn: Connection, host: PeerHost, first: Uint8Array) {
    super(conn, host);
    this.#splitter = new LineSplitter(host.limits.maxLine);
    conn.socket.on('data', (chunk: Buffer) => this.guarded('data', () => this.#onData(chunk)));
    conn.socket.on('close', () => this.ended('lost'));
    this.guarded('data', () => this.#onData(first));
  }

  #onData(chunk: Uint8Array): void {
    if (this.endReason !== undefined) return;
    this.lastHeard = Date.now();
    this.pingSent = false;
    const r = this.#splitter.push(chunk, (line) => this.#onLine(line));
    if (r === 'too_long' && this.endReason === undefined) {
      this.disconnect('line_too_long', `a line is longer than ${this.host.limits.maxLine} bytes: disconnected`, 'error');
    }
  }

  #onLine(line: Uint8Array): void {
    if (this.endReason !== undefined || this.conn.closed) return;
    if (line.length === 0) return;
    const d = decodeClientLine(line, this.host.limits.maxText);
    if (!d.ok) {
      if (!this.admitted) this.disconnect(d.code, `${d.message} (expected a hello)`, 'error');
      else this.protocolError(d.code, d.message, d.id);
      return;
    }
    const msg = d.msg;
    if (!this.admitted) {
      if (msg.type !== 'hello') this.disconnect('hello_required', `the first message must be a hello, not "${msg.type}"`, 'error');
      else this.host.admit(this, msg);
      return;
    }
    switch (msg.type) {
      case 'hello':
        this.protocolError('hello_twice', 'you already said hello');
        return;
      case 'ping':
        this.reply(msg.t === undefined ? { type: 'pong' } : { type: 'pong', t: msg.t });
        return;
      case 'pong':
        return;
      case 'bye':
        this.conn.close();
        this.ended(msg.back === true ? 'back' : 'quit');
        return;
      default:
        this.host.handle(this, msg);
    }
  }

  deliver(out: Outbound): void {
    this.conn.write(out.rich(), out.lazy);
  }

  reply(msg: ServerMessage): void {
    this.conn.write(encodeLine(msg));
  }

  /** Sends one line already encoded as chunks (the welcome). */
  replyChunks(chunks: readonly Uint8Array[]): void {
    for (const c of chunks) this.conn.write(c);
  }

  disconnect(code: ErrorCode, message: string, reason = 'error'): void {
    this.conn.close(encodeLine({ type: 'error', code, message }));
    this.ended(reason);
  }

  ping(): void {
    this.pingSent = true;
    this.reply({ type: 'ping', t: Date.now() });
  }
}
