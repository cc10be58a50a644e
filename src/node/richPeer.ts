// A client that speaks the JSON line protocol: bytes -> validated messages -> the host; messages -> JSON lines.

import type { ErrorCode, ServerMessage } from '../protocol/messages';
import { decodeClientLine, encodeLine } from '../protocol/codec';
import { LineSplitter } from '../protocol/lineSplitter';
import { cleanText } from '../protocol/text';
import type { Connection } from './connection';
import type { Outbound } from './outbound';
import { Peer, type PeerHost } from './peer';
import { WaitingLines } from './waitingLines';

/**
 * Requests that come while the client has no rate token wait for one, in order, up to this many: our client
 * keeps to the rate and to 16 requests in flight, so a server that reads late (busy for a moment) and then finds
 * several lines at once still takes every one, in the order sent, rather than refuse some and take them later.
 */
export const RICH_WAITING_LINES = 32;
/** ...and this many bytes of them in all. */
const WAITING = { lines: RICH_WAITING_LINES, size: 256 * 1024 };

export class RichPeer extends Peer {
  readonly kind = 'rich';
  readonly #splitter: LineSplitter;
  /** A ping went out and no byte came back since. */
  pingSent = false;
  // (a line is a view of the read's buffer: one that waits is copied)
  readonly #waiting = new WaitingLines<Uint8Array>(this.limiter, WAITING, (line) => this.#handle(line), () => this.guarded('waiting lines', () => this.#drain()), (line) => Uint8Array.from(line));
  /** The connection closed, or the client ended its side, with requests still waiting for tokens: the peer goes once they are handled. */
  #hungUp = false;

  constructor(conn: Connection, host: PeerHost, first: Uint8Array) {
    super(conn, host);
    this.#splitter = new LineSplitter(host.limits.maxLine);
    conn.socket.on('data', (chunk: Buffer) => this.guarded('data', () => this.#onData(chunk)));
    conn.socket.on('close', () => {
      // what it sent before it hung up (a last message, then `bye`) is still handled, at the rate's pace
      if (this.#waiting.length > 0 && this.endReason === undefined) this.#hungUp = true;
      else {
        this.#waiting.clear();
        this.ended('lost');
      }
    });
    conn.socket.on('end', this.#onEndBound);
    this.guarded('data', () => this.#onData(first));
    // (a late hello read as the plain peer's last line, at the end of its input: that end came before this peer)
    if (conn.socket.readableEnded) this.#onEndBound();
  }

  readonly #onEndBound = () => this.guarded('the end of its input', () => this.#onEnd());

  /**
   * The client ended its side (a FIN: it sends no more, and may still read): what it sent is handled, requests
   * waiting for their tokens too, and answered; then it leaves, and our side ends (finishHalfClosed).
   */
  #onEnd(): void {
    if (this.endReason !== undefined) return;
    // a last line without its newline (`printf '{...}' | nc -N`) is a line
    let rest = this.#splitter.takePending();
    if (rest.length > 0 && rest[rest.length - 1] === 13) rest = rest.subarray(0, rest.length - 1);
    if (rest.length > 0) this.#onLine(rest);
    if (this.endReason !== undefined) return;
    this.halfClosed(this.#waiting.length);
    if (this.#waiting.length > 0) this.#hungUp = true; // #drain finishes, once they are handled
    else this.finishHalfClosed();
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
    if (blank(line)) {
      this.freeLine(); // (a run of newlines costs a count each, and past the free lines' rate, the connection)
      return;
    }
    if (this.#waiting.length === 0) return this.#waiting.act(line);
    // behind requests waiting for their tokens: after them, in order (or refused, past what may wait); but what costs
    // no token (a ping, a typing notice) is not held up (a `bye` is: it goes after them)
    const d = decodeClientLine(line, this.host.limits.maxText, this.host.limits.maxNick);
    if (d.ok && (d.msg.type === 'ping' || d.msg.type === 'pong' || d.msg.type === 'typing')) return this.#waiting.act(line);
    const id = d.ok ? ('id' in d.msg && typeof d.msg.id === 'string' ? d.msg.id : undefined) : d.id;
    // a request sent again after a reconnect: one adopted from the connection before, still waiting, answers it;
    // one answered already is acknowledged now (a duplicate costs no token). Each copy took a place among the
    // waiting, which filled up, and newer requests were refused and went in after the ones behind them.
    if (id !== undefined && this.#adopted.has(id)) return;
    if (id !== undefined && this.session?.accepted.get(id) !== undefined) return this.#waiting.act(line);
    if (!this.#waiting.keep(line)) this.refuse(id);
  }

  protected override waitForToken(): boolean {
    return this.#waiting.keepCurrent();
  }

  /**
   * Takes over the requests an older connection of this client's session left waiting (it hung up, then came back
   * before they were handled): they go first, in order, as tokens come; what the client sends again of them is
   * acknowledged as a duplicate, not sent twice.
   */
  adoptWaiting(from: RichPeer): void {
    for (const line of from.#waiting.take()) {
      // (a `bye` was the old connection's last word, a reload's `back` among them: not the new one's)
      const d = decodeClientLine(line, this.host.limits.maxText, this.host.limits.maxNick);
      if (d.ok && d.msg.type === 'bye') break;
      this.#waiting.keep(line); // (it fits: this queue is empty yet, its bounds the same)
      if (d.ok && 'id' in d.msg && typeof d.msg.id === 'string') this.#adopted.add(d.msg.id);
    }
  }

  /** The ids of requests adopted from an older connection (adoptWaiting) not handled yet. */
  readonly #adopted = new Set<string>();

  /** Handles waiting requests while there are tokens; the rest wait for the next one. */
  #drain(): void {
    this.#waiting.drain(() => this.endReason === undefined);
    if (this.#hungUp && this.#waiting.length === 0) this.finishHalfClosed();
  }

  #handle(line: Uint8Array): void {
    const d = decodeClientLine(line, this.host.limits.maxText, this.host.limits.maxNick);
    if (this.#adopted.size > 0 && d.ok && 'id' in d.msg && typeof d.msg.id === 'string') this.#adopted.delete(d.msg.id);
    if (!d.ok) {
      // (a hello with a field wrong says which, `hello: "client" is longer than...`: "expected a hello" misled there)
      if (!this.admitted) this.disconnect(d.code, d.type === 'hello' ? d.message : `${d.message} (expected a hello)`, 'error');
      else this.protocolError(d.code, d.message, d.id);
      return;
    }
    const msg = d.msg;
    // (what costs no rate token is counted apart: a flood of them took the server's CPU from everyone)
    if ((msg.type === 'ping' || msg.type === 'pong' || msg.type === 'typing') && !this.freeLine()) return;
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
        // (once the acknowledgements of what came before it are written: they wait for the history's save)
        this.partingWords = msg.message; // (none with `back`: validation leaves a reload's out)
        this.ended(msg.back === true ? 'back' : 'quit');
        this.host.afterSaved(() => this.conn.close());
        return;
      default:
        this.host.handle(this, msg);
    }
  }

  deliver(out: Outbound): void {
    this.conn.write(out.rich(), out.lazy);
  }

  reply(msg: ServerMessage): void {
    this.conn.write(encodeLine(msg.type === 'error' ? cleanError(msg) : msg));
  }

  /** Sends one line already encoded as chunks (the welcome). */
  replyChunks(chunks: readonly Uint8Array[]): void {
    for (const c of chunks) this.conn.write(c);
  }

  disconnect(code: ErrorCode, message: string, reason = 'error'): void {
    this.conn.close(encodeLine(cleanError({ type: 'error', code, message })));
    this.ended(reason);
  }

  ping(): void {
    this.pingSent = true;
    this.reply({ type: 'ping', t: Date.now() });
  }
}

/**
 * An error whose words quote what the client sent (a nickname, a room's name, cut to 40 characters) as room text is
 * cleaned (cleanText): half a character (a lone surrogate, `\ud800`, or a pair cut in two by the quote's cut) is
 * U+FFFD, control characters go. Quoted as it came, the error line held a `\ud800` that strict JSON decoders refuse.
 */
function cleanError<T extends Extract<ServerMessage, { type: 'error' }>>(msg: T): T {
  const message = cleanText(msg.message);
  return message === msg.message ? msg : { ...msg, message };
}

/**
 * An empty line, or one of spaces and tabs only (a `\r` too: only the last came off): nothing to do. JSON allows white
 * space around a value, and none alone is one: a line of a space was `bad_json`, and a hello after one in the same
 * read refused, where the server had waited past that white space for the first byte.
 */
function blank(line: Uint8Array): boolean {
  for (const b of line) if (b !== 0x20 && b !== 0x09 && b !== 0x0d) return false;
  return true;
}
