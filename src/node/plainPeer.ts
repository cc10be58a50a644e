// A plain-text client (the tutorial's client.py, netcat, telnet). On connect it gets exactly `NICK`; its first
// message is its nickname, each later one text for its current room. A message ends at a newline, or when no
// byte has come for a short while (the tutorial's client sends without newlines). Text reaches it as ASCII
// until it has sent UTF-8 itself.

import type { ErrorCode, ServerMessage } from '../protocol/messages';
import { encodeLine } from '../protocol/codec';
import { httpRefusal, isHttpRequestLine } from '../protocol/httpRequest';
import { ircRefusal, isIrcRegistration } from '../protocol/ircRegistration';
import { decodeUtf8, endsInsideUtf8Char, utf8BomLength } from '../protocol/encoding';
import { isSlashCommand, helpLines, NO_ROOM, parseSlash } from '../protocol/commands';
import { plainText } from '../protocol/plainFormat';
import { withCommas } from '../protocol/counts';
import { cleanText, eraseTyped } from '../protocol/text';
import { PendingBytes } from '../protocol/pendingBytes';
import { firstBytes } from '../protocol/firstBytes';
import { toValidNick } from '../protocol/names';
import { asciiNick, withAsciiNicks } from '../protocol/asciiNick';
import { asciiRoom, withAsciiRooms } from '../protocol/asciiRoom';
import type { Connection } from './connection';
import { plainBytes, type Outbound } from './outbound';
import { OnceAcrossRooms } from '../protocol/onceAcrossRooms';
import { Peer, type PeerHost } from './peer';
import { WaitingLines } from './waitingLines';

const IAC = 0xff;
/** Telnet's erase character and erase line commands (after IAC). */
const TELNET_EC = 0xf7;
const TELNET_EL = 0xf8;
/** Lines a plain client sends faster than its rate limit wait for their tokens, up to this many (a paste). */
export const MAX_WAITING_LINES = 200;
/** ...and this many characters of text in all. */
const WAITING = { lines: MAX_WAITING_LINES, size: 256 * 1024 };
/**
 * How long the rest of a character cut by a pause is waited for before the message counts as complete; and the
 * next key of one typed key by key (telnet in character mode that asked for no option, Windows' telnet).
 */
const MID_CHAR_WAIT_MS = 1000;
/** The longest lines a peer may send with no line end (nor a pause, the tutorial client's end) before it is disconnected. */
const ENDLESS_LINES = 4;
/**
 * Lines before the nickname that are none (empty, a command): the first few get a word on what is wanted, and
 * past this many the client is disconnected (a person needs one nudge; thousands of empty lines are no person,
 * and each answer was 32 bytes out for 1 in, for every connection that never says a nickname).
 */
export const MAX_LINES_BEFORE_NICK = 20;
const NUDGES_BEFORE_NICK = 3;
/** The width /help is written for: nc, telnet and the tutorial client say none, and 80 columns is the terminal's default. */
const PLAIN_COLUMNS = 80;

/**
 * A plain client's first line that is a rich client's (its hello, late): a JSON object's start with a key, `{"`,
 * white space around. Not `{}` or `{` alone, which the first bytes' check takes for JSON as more may follow: after
 * NICK the line is whole, and a netcat user may type them as a nickname.
 */
const LATE_HELLO = /^\s*\{\s*"/;

export class PlainPeer extends Peer {
  readonly kind = 'plain';
  /** True once the client sent valid non-ASCII UTF-8: from then on it gets UTF-8 instead of ASCII. */
  utf8 = false;
  /** The nickname exactly as the client typed it: the tutorial's client prefixes its text with it. */
  typedNick: string | undefined;
  /** The bytes of the message not complete yet. */
  readonly #pending = new PendingBytes();
  #discarding = false;
  #quietTimer: NodeJS.Timeout | undefined;
  /**
   * The client ends its messages with a newline (it sent one, or telnet commands): netcat, telnet. Its messages
   * end at a newline only, not at a pause (a typist's keys in telnet's character mode, a line in two segments):
   * the pause rule is for the tutorial's client, which sends no newline.
   */
  #endsLines = false;
  /**
   * It sent a telnet command: a telnet client (PuTTY's Telnet mode, Windows' telnet), whose lines end in CR LF. A
   * bare LF moved such a terminal down a row without going back to its start: every line began where the last ended.
   */
  #telnet = false;
  #iac: 'none' | 'cmd' | 'opt' | 'sub' | 'subIac' = 'none';
  /** Bytes read since a message last ended (a newline, a pause): an endless line is read only so far. */
  #sinceEnd = 0;
  /** Every read of the message pending was one key (a character or less): a typist, not the tutorial's client. */
  #keyByKey = true;
  #nextId = 1;
  /** The renames this client was told: each room it shares with them tells them again. */
  readonly #renames = new OnceAcrossRooms();

  /** Some bytes came from it (its first read is looked at for a late TLS hello). */
  #heard = false;
  /** Lines before the nickname that were none (MAX_LINES_BEFORE_NICK). */
  #notNicks = 0;
  /** Set after the nickname on a private room: the next message must be the room key. */
  #pendingNick: string | undefined;

  /** (a wrong key at PASS is logged under the nickname given before it, not as "(no nick)") */
  protected override get nickToBe(): string | undefined {
    return this.#pendingNick;
  }
  /**
   * Lines that came faster than the rate limit lets through, in order, going on as tokens come: netcat and
   * the tutorial's client cannot send a refused line again, and a paste is many lines at once.
   */
  readonly #waiting = new WaitingLines<string>(this.limiter, WAITING, (line) => this.#actOn(line), () => this.guarded('waiting lines', () => this.#drain()));
  /** A private room that lets plain clients in: after the nickname the server says PASS and wants the key. */
  readonly #needsPass: boolean;

  constructor(
    conn: Connection,
    host: PeerHost,
    first?: Uint8Array,
    needsPass = false,
  ) {
    super(conn, host);
    this.#needsPass = needsPass;
    // exactly these 4 bytes, alone: the tutorial's client compares what it receives with 'NICK'
    conn.write('NICK');
    conn.flush();
    conn.socket.on('data', this.#onDataBound);
    conn.socket.on('close', this.#onCloseBound);
    conn.socket.on('end', this.#onEndBound);
    if (first) this.guarded('data', () => this.#onData(Buffer.from(first.buffer, first.byteOffset, first.length)));
  }

  /** While a line is handled: the bytes of the same read after it. */
  #rest: Buffer | undefined;

  readonly #onDataBound = (chunk: Buffer) => this.guarded('data', () => this.#onData(chunk));
  readonly #onCloseBound = () => {
    if (this.#quietTimer) clearTimeout(this.#quietTimer);
    this.#quietTimer = undefined;
    // what it sent before it hung up still goes out (`cat notes | nc -N`: a last line without its newline, and
    // the lines still waiting for their tokens, which go at the pace they would have)
    if (this.admitted && this.endReason === undefined) {
      if (this.#pending.length > 0) this.guarded('a message', () => this.#complete(true, true));
      if (this.#waiting.length > 0 && this.endReason === undefined) {
        this.#hungUp = true;
        return; // drain() ends it once they are out
      }
    }
    this.#waiting.clear();
    this.ended('lost');
  };
  readonly #onEndBound = () => this.guarded('the end of its input', () => this.#onEnd());

  /**
   * The client ended its side (a FIN: `printf 'alice\nhello\n' | nc -N`; it may still read): its last message (one
   * without its newline too: a nickname, a room key at PASS, text) is handled, and the lines waiting for their tokens
   * at their pace, and what they make is written to it; then it leaves, and our side ends (finishHalfClosed).
   */
  #onEnd(): void {
    if (this.#quietTimer) clearTimeout(this.#quietTimer);
    this.#quietTimer = undefined;
    if (this.endReason !== undefined) return;
    if (this.#pending.length > 0 || this.#discarding) this.#complete(true, true);
    // (it said /quit, was refused, was flooded (its waiting lines go, then it is disconnected), or its last line was
    // a late hello: the rich peer made of it goes on from this end)
    if (this.endReason !== undefined || this.#flooded) return;
    this.halfClosed(this.#waiting.length);
    if (this.#waiting.length > 0) this.#hungUp = true; // #drain finishes, once they went out
    else this.finishHalfClosed();
  }

  /** The connection closed, or the client ended its side, with lines still waiting for tokens: the peer leaves once they went out. */
  #hungUp = false;
  /** The last line was empty (or blank). */
  #afterBlank = false;

  /**
   * A member's empty or blank line: nothing to do, and one after a line of text costs nothing (a paste of
   * paragraphs has one between each two, and the text is paced already); one after another is a free line
   * (Peer.freeLine), so a flood of them is counted. False when it was refused.
   */
  #blank(): boolean {
    if (!this.#afterBlank) {
      this.#afterBlank = true;
      return true;
    }
    return this.freeLine();
  }

  /** Writes text exactly as given (no newline added): `BAN`, `PASS`-style handshake words. */
  writeRaw(text: string): void {
    this.conn.write(text);
  }

  #onData(chunk: Buffer): void {
    if (this.endReason !== undefined || this.#flooded) return;
    const first = !this.#heard;
    this.#heard = true;
    this.lastHeard = Date.now();
    // a TLS client (an invite with the key) whose hello came after NICK: it read NICK where the handshake's answer
    // should be and gave up; it tries again, and the room waits longer for that address's hello (SlowHelloAddresses)
    // (a handshake record's first bytes: 0x16 0x03, not a typist's Ctrl+V)
    const head = first && this.#needsPass ? firstBytes(chunk) : undefined;
    if (head?.kind === 'tls' && chunk[head.at + 1] === 0x03) {
      this.host.logRefused(this.address, `${this.address}: a TLS hello after NICK (it came late): its next hello is waited for longer`);
      this.host.lateTlsHello?.(this);
      // (in clear: its TLS client reads that the answer is no handshake's, and tries again)
      this.conn.close('error: your TLS hello came after NICK: connect again\n');
      this.ended('refused');
      return;
    }
    const data = this.#lineEnds(this.#stripTelnet(chunk));
    // one endless line, or telnet commands and nothing else, goes only so far: refused once as too long, it was read
    // (and its NULs and commands taken apart byte by byte) at full speed for ever, a core of the host's CPU
    const lastNl = data.lastIndexOf(10);
    this.#sinceEnd = lastNl === -1 ? this.#sinceEnd + chunk.length : data.length - lastNl - 1;
    if (this.#sinceEnd > ENDLESS_LINES * this.host.limits.maxLine) {
      this.disconnect('line_too_long', `over ${withCommas(ENDLESS_LINES * this.host.limits.maxLine)} bytes with no line end: disconnected`);
      return;
    }
    let start = 0;
    while (start < data.length) {
      const nl = data.indexOf(10, start);
      // an empty line from a member is nothing to do: a run of them costs no decoding (a flood of newlines)
      if (nl === start && this.admitted && this.#pending.length === 0 && !this.#discarding) {
        start++;
        this.#endsLines = true;
        if (!this.#blank() && (this.endReason !== undefined || this.#flooded)) return;
        continue;
      }
      const end = nl === -1 ? data.length : nl;
      this.#take(data.subarray(start, end));
      if (nl === -1) break;
      this.#endsLines = true;
      this.#rest = data.subarray(nl + 1);
      this.#complete();
      this.#rest = undefined;
      start = nl + 1;
      if (this.endReason !== undefined || this.#flooded) return;
    }
    if (this.#quietTimer) clearTimeout(this.#quietTimer);
    this.#quietTimer = undefined;
    if ((this.#pending.length > 0 || this.#discarding) && !this.#endsLines) {
      // a pause in the middle of a character (a slow link cut "é" in two) is not the end of a message
      const inChar = this.#pending.length > 0 && endsInsideUtf8Char(this.#pending.last(3));
      const wait = inChar || this.#keyByKey ? Math.max(this.host.limits.plainQuietMs, MID_CHAR_WAIT_MS) : this.host.limits.plainQuietMs;
      this.#quietTimer = setTimeout(() => this.guarded('a message', () => this.#complete(true)), wait);
    }
  }

  #take(bytes: Buffer): void {
    if (bytes.length === 0 || this.#discarding) return;
    // (a read of more than one character: not a key typed; the tutorial's client sends a message in one piece)
    const lead = bytes[0]!;
    if (bytes.length > (lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1)) this.#keyByKey = false;
    if (this.#pending.length + bytes.length > this.host.limits.maxLine) {
      if (!this.admitted && this.#pendingNick === undefined) {
        // no nickname is that long (a web request with a long address is: the lines after it, its headers,
        // would be taken for the nickname and the messages)
        this.host.logRefused(this.address, `refused ${this.address}: a first line over ${this.host.limits.maxLine} bytes`, 'warn');
        this.disconnect('line_too_long', `the first line is over ${withCommas(this.host.limits.maxLine)} bytes, and a nickname has at most ${this.host.limits.maxNick} characters: disconnected`);
        return;
      }
      this.#discarding = true;
      this.#pending.clear();
      // (counted as a bad message: a stream of them, each read in full and answered, was never disconnected)
      this.protocolError('line_too_long', `a message is longer than ${this.host.limits.maxLine} bytes: not sent`);
      return;
    }
    this.#pending.push(bytes);
  }

  /** A message is complete (newline, or `quiet`: no byte for a while): decode and act on it. */
  #complete(quiet = false, final = false): void {
    if (this.#quietTimer) clearTimeout(this.#quietTimer);
    this.#quietTimer = undefined;
    const bytes = this.#pending.take();
    if (quiet) this.#sinceEnd = 0; // (the tutorial's client ends its messages with a pause)
    this.#keyByKey = true;
    if (this.#discarding) {
      this.#discarding = false;
      return;
    }
    if (this.endReason !== undefined || (this.conn.closed && !final)) return;
    const decoded = decodeUtf8(bytes);
    if (decoded === null) {
      // (at the NICK prompt it is the nickname that is refused, and the prompt still waits: said so)
      const what = this.admitted ? 'your message is not valid UTF-8 (set your terminal to UTF-8): not sent' : 'that nickname is not valid UTF-8 (set your terminal to UTF-8); type your nickname again';
      this.protocolError('bad_utf8', what);
      return;
    }
    // eslint-disable-next-line no-control-regex
    if (!this.utf8 && /[^\u0000-\u007f]/.test(decoded)) this.utf8 = true;
    const text = cleanText(eraseTyped(decoded)).trimEnd(); // (not /\s+$/: from each blank of a long run it scans the run again)
    if (text.trim() === '') {
      // an empty answer to NICK (Enter in netcat): it is still waited for, and says so (it said nothing)
      if (!this.admitted && this.#pendingNick === undefined && !quiet) this.#notNick('Type your nickname, then Enter.');
      else if (this.admitted) this.#blank(); // (blanks and control characters: nothing to do, but counted)
      return;
    }
    // a rich client slower than the detection window: it got NICK, and its first line still makes it rich when it
    // starts as a JSON object with a key (LATE_HELLO; after a byte order mark too: .NET's and PowerShell's UTF-8
    // writers put one first). Any JSON layout of the hello (Python's json.dumps writes `{"type": "hello"`): only the
    // exact bytes `{"type":"hello"` were, and another layout's client became a plain member whose requests, its
    // direct messages too, went to the room as its messages. The rich peer checks it is a hello.
    const bom = utf8BomLength(bytes);
    if (!this.admitted && LATE_HELLO.test(text.slice(bom > 0 ? 1 : 0)) && (this.#needsPass || this.host.upgrade)) {
      if (this.#needsPass) {
        // a private room: a rich client's only way in is TLS with the room key (else this hello would be a way
        // around the key)
        this.host.logRefused(this.address, `refused ${this.address}: a rich client without the room key (a late hello)`, 'warn');
        this.conn.close(encodeLine({ type: 'error', code: 'key_required', message: 'this room is private: join with the invite (it holds the room key)' }));
        this.ended('refused');
        return;
      }
      this.conn.socket.off('data', this.#onDataBound);
      this.conn.socket.off('close', this.#onCloseBound);
      this.conn.socket.off('end', this.#onEndBound);
      this.endReason = 'upgraded';
      // with what came after the hello in the same read (its first requests): the rich peer reads them next; a
      // hello cut by a pause (taken as a line by its quiet) goes on in the rich peer's next read
      this.host.upgrade?.(this, Buffer.concat([bytes.subarray(bom), Buffer.from(quiet ? '' : '\n'), this.#rest ?? Buffer.alloc(0)]));
      return;
    }
    if (this.admitted) {
      for (const one of quiet ? this.#unglued(text) : [text]) {
        if (this.#flooded || this.endReason !== undefined) break; // (nothing more is read: see floodWithWaiting)
        // its own prefix and nothing else (the tutorial's client on an empty Enter: `ada: `) is a blank line, counted
        // as one: a stream of `eve:` lines, each free, kept the host busy and every message half a second late
        if (this.#withoutOwnPrefix(one).trim() === '') {
          this.#blank();
          continue;
        }
        this.#afterBlank = false;
        this.#onText(one);
      }
    } else if (this.#pendingNick !== undefined) this.#onPass(text);
    else this.#onNick(text);
  }

  /**
   * The tutorial's client sends each message as `<nick>: <text>` with no newline, so two sent within the quiet
   * time arrive as one: `ada: /help meada: /who`. Such a run is split where its own prefix comes again.
   */
  #unglued(text: string): string[] {
    const prefix = this.typedNick ? `${this.typedNick}: ` : '';
    if (prefix === ': ' || !text.startsWith(prefix) || text.indexOf(prefix, prefix.length) === -1) return [text];
    return text.split(prefix).filter((part) => part !== '').map((part) => prefix + part);
  }

  #onNick(typed: string): void {
    if (typed.trim().startsWith('/')) {
      // a command before any nickname: /quit leaves, anything else waits for the nickname (it became one: "quit")
      if (/^\/quit\b/i.test(typed.trim())) {
        this.conn.close();
        this.ended('quit');
      } else this.#notNick('Type your nickname first, then commands (/help lists them).');
      return;
    }
    if (isHttpRequestLine(typed)) {
      // a web request that came after NICK (ChatServer.detect answers one that comes at once): no nickname
      this.host.logRefused(this.address, `refused ${this.address}: an HTTP request (a web browser or curl)`, 'warn');
      this.conn.close(httpRefusal());
      this.ended('refused');
      return;
    }
    if (isIrcRegistration(`${typed}\n${this.#rest?.toString('latin1') ?? ''}`)) {
      // an IRC client's registration after NICK (ChatServer.detect answers one that comes at once): its `PASS` line
      // would have been the nickname, its `USER` line a message
      this.host.logRefused(this.address, `refused ${this.address}: an IRC client`, 'warn');
      this.conn.close(ircRefusal(true));
      this.ended('refused');
      return;
    }
    this.typedNick = typed.trim();
    const nick = toValidNick(this.typedNick, this.host.limits.maxNick);
    if (this.#needsPass && !this.host.isBanned(this, nick)) {
      // the tutorial's admin handshake: PASS, then the password (here: the room key), REFUSE when wrong
      this.#pendingNick = nick;
      this.writeRaw('PASS');
      return;
    }
    this.host.admit(this, { type: 'hello', v: 1, nick, client: 'plain' });
  }

  /** A line before the nickname that is none: a nudge (the first few), a disconnect past MAX_LINES_BEFORE_NICK. */
  #notNick(nudge: string): void {
    this.#notNicks++;
    if (this.#notNicks > MAX_LINES_BEFORE_NICK) {
      this.host.logRefused(this.address, `refused ${this.address}: ${MAX_LINES_BEFORE_NICK} lines and no nickname`, 'warn');
      this.disconnect('flood', `${MAX_LINES_BEFORE_NICK} lines and no nickname: disconnected`);
    } else if (this.#notNicks <= NUDGES_BEFORE_NICK) this.reply({ type: 'info', text: nudge });
  }

  #onPass(key: string): void {
    const nick = this.#pendingNick ?? '';
    if (!this.host.checkRoomKey(this, key.trim())) {
      this.writeRaw('REFUSE');
      this.conn.close();
      this.ended('refused');
      return;
    }
    this.host.admit(this, { type: 'hello', v: 1, nick, client: 'plain' });
  }

  #onText(line: string): void {
    if (this.#waiting.length === 0) return this.#waiting.act(line);
    // behind lines still waiting for their tokens: after them, in order (or refused, past what may wait)
    if (!this.#waiting.keep(line)) this.refuse();
  }

  /**
   * A flood past what may wait: the lines already waiting (accepted: netcat cannot send them again) still go
   * out at their pace, then the peer is disconnected; what it sends meanwhile is not read.
   */
  protected override floodWithWaiting(): boolean {
    if (this.#flooded) return true; // (said once)
    if (this.#waiting.length === 0) return false;
    this.#flooded = true;
    this.conn.socket.pause();
    this.fail('flood', `you sent too many messages too fast: the ${this.#waiting.length} lines already waiting go out, then you are disconnected`);
    return true;
  }
  /** A flood past what may wait (floodWithWaiting): nothing more is read; the peer goes once the waiting lines went. */
  #flooded = false;

  protected override waitForToken(): boolean {
    return this.#waiting.keepCurrent();
  }

  /** Acts on waiting lines while there are tokens; the rest wait for the next one. */
  #drain(): void {
    this.#waiting.drain(() => this.endReason === undefined);
    if (this.#waiting.length > 0 && this.endReason === undefined) return; // (more when the next token comes)
    if (this.#flooded && this.endReason === undefined) this.disconnectForFlood();
    else if (this.#hungUp) this.finishHalfClosed();
  }

  /**
   * A line without the member's own `<nick>: ` before it (the name it typed at NICK, for the tutorial's client,
   * which puts it before every line, whatever the server made of it; a client that ends its lines types its text
   * itself: `al: hi` from al_2 is addressed to al).
   */
  #withoutOwnPrefix(line: string): string {
    for (const own of this.#endsLines ? [this.nick] : [this.typedNick, this.nick]) {
      if (own && (line.startsWith(`${own}: `) || line === `${own}:`)) return line.slice(own.length + 2);
    }
    return line;
  }

  /** Acts on one line: text for the current room, or a command. */
  #actOn(raw: string): void {
    let text = this.#withoutOwnPrefix(raw);
    if (text.trim() === '') return; // (blank once its prefix went: a /nick since it waited)
    if (text.startsWith('//')) text = text.slice(1);
    else if (isSlashCommand(text)) {
      this.#onCommand(text);
      return;
    }
    if (this.currentRoom === '') {
      // parted from the last room: say so (a mistake answered here costs a rate token, as a bad command does)
      if (this.allow()) this.fail('not_in_room', NO_ROOM);
      return;
    }
    this.host.handle(this, { type: 'send', id: `p${this.#nextId++}`, room: this.currentRoom, text, kind: 'text' });
  }

  #onCommand(line: string): void {
    // (`/part cafe bye` leaves #café for an ASCII reader, which is shown it so)
    const p = parseSlash(line, this.currentRoom, (r) => [...this.rooms].some((x) => x.name === r || (!this.utf8 && asciiRoom(x.name) === r)));
    // what the server answers itself (help, mistakes) costs a rate token here; the rest pays in `handle`
    if ((!p.ok || p.command.cmd === 'help') && !this.allow()) return;
    if (!p.ok) {
      this.fail(p.code, p.message);
      return;
    }
    const c = p.command;
    switch (c.cmd) {
      case 'help':
        this.reply({ type: 'info', text: helpLines(c.topic, [], PLAIN_COLUMNS).join('\n') });
        return;
      case 'quit':
        this.reply({ type: 'info', text: 'Bye.' }); // (the connection then closes: netcat shows why it ended)
        this.conn.close();
        this.partingWords = c.message; // (`/quit gone for lunch`: its leaves say so)
        this.ended('quit');
        return;
      case 'action':
        this.host.handle(this, { type: 'send', id: `p${this.#nextId++}`, room: this.currentRoom, text: c.text, kind: 'action' });
        return;
      case 'dm':
        this.host.handle(this, { type: 'dm', id: `p${this.#nextId++}`, to: c.to, text: c.text, ...(c.kind ? { kind: c.kind } : {}) });
        return;
      case 'request':
        this.host.handle(this, c.msg);
    }
  }

  deliver(out: Outbound): void {
    const m = out.msg;
    // a rename is said once, as the nickname's (one for the whole server), not once for each room shared with them:
    // its own by "You are now ..." (the reply to /nick), another's without a room's name
    let current = this.currentRoom;
    if (m.type === 'nick') {
      if (m.to === this.nick || !this.#renames.first(`${m.from}\n${m.to}`, m.time)) return;
      current = m.room;
    }
    const bytes = out.plain(!this.utf8, current);
    if (!bytes) return;
    if (this.#telnet) this.conn.write(crlf(bytes));
    else this.conn.write(bytes, out.lazy);
  }

  reply(msg: ServerMessage): void {
    // (an ASCII reader's names are their ASCII forms, its own and its room's too: asciiNick, asciiRoom)
    const text = this.utf8
      ? plainText(msg, this.nick, 'plain client', this.currentRoom)
      : plainText(withAsciiRooms(withAsciiNicks(msg)), asciiNick(this.nick), 'plain client', asciiRoom(this.currentRoom));
    if (text !== null) this.conn.write(this.#lines(text));
  }

  /** `text` and a line break, encoded for this client (its line breaks CR LF for telnet). */
  #lines(text: string): Uint8Array {
    const bytes = this.#encode(text + '\n');
    return this.#telnet ? crlf(bytes) : bytes;
  }

  disconnect(code: ErrorCode, message: string, reason = 'error'): void {
    this.conn.close(this.#lines(plainText({ type: 'error', code, message }, this.nick) ?? ''));
    this.ended(reason);
  }

  #encode(text: string): Buffer {
    return plainBytes(text, !this.utf8);
  }

  /**
   * Line ends as the rest reads them, LF: telnet in character mode ends a line with CR NUL, never a newline (RFC
   * 854's bare carriage return: once it sent a telnet command, nothing it typed ended), and a terminal in raw mode
   * or a client that sends each key sends Enter as a CR alone (two lines arrived as one, a second late). A CR LF or
   * CR NUL cut between two reads ends the line at the CR; the LF or NUL that opens the next read is then dropped.
   */
  #lineEnds(data: Buffer): Buffer {
    const crBefore = this.#endedInCr;
    this.#endedInCr = data.length > 0 && data[data.length - 1] === 13;
    const rest = crBefore && (data[0] === 10 || data[0] === 0) ? data.subarray(1) : data;
    if (!rest.includes(13)) return rest;
    const out = Buffer.from(rest);
    for (let i = out.indexOf(13); i !== -1; i = out.indexOf(13, i + 1)) {
      if (out[i + 1] === 0) out[i + 1] = 10; // (CR NUL: the CR goes with the rest of the line's white space)
      else if (out[i + 1] !== 10) out[i] = 10;
    }
    return out;
  }

  /** The last read ended with a CR, which ended a line: an LF or NUL that starts the next is its second half. */
  #endedInCr = false;

  /** Removes telnet negotiation (IAC ...) so telnet users' bytes never show up as text. */
  #stripTelnet(chunk: Buffer): Buffer {
    if (this.#iac === 'none' && !chunk.includes(IAC)) return chunk;
    const out: number[] = [];
    for (const b of chunk) {
      switch (this.#iac) {
        case 'none':
          if (b === IAC) this.#iac = 'cmd';
          else out.push(b);
          break;
        case 'cmd':
          if (b === IAC) {
            out.push(IAC);
            this.#iac = 'none';
          } else if (b < 0xf0) {
            out.push(IAC, b); // (no telnet command: a byte of a text in another encoding, refused as not UTF-8)
            this.#iac = 'none';
          } else {
            // (telnet: it ends its lines, as netcat does; see #endsLines)
            this.#endsLines = true;
            this.#telnet = true;
            if (b >= 251 && b <= 254) this.#iac = 'opt';
            else if (b === 250) this.#iac = 'sub';
            else {
              // erase character, erase line: as the keys that do so (applied by eraseTyped)
              if (b === TELNET_EC) out.push(0x7f);
              else if (b === TELNET_EL) out.push(0x15);
              this.#iac = 'none';
            }
          }
          break;
        case 'opt':
          this.#iac = 'none';
          break;
        case 'sub':
          if (b === IAC) this.#iac = 'subIac';
          break;
        case 'subIac':
          this.#iac = b === 240 ? 'none' : 'sub';
          break;
      }
    }
    return Buffer.from(out);
  }
}

/** `bytes` with each LF not after a CR written CR LF (telnet's line end). */
function crlf(bytes: Uint8Array): Uint8Array {
  let n = 0;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === 10 && (i === 0 || bytes[i - 1] !== 13)) n++;
  if (n === 0) return bytes;
  const out = new Uint8Array(bytes.length + n);
  let j = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 10 && (i === 0 || bytes[i - 1] !== 13)) out[j++] = 13;
    out[j++] = bytes[i]!;
  }
  return out;
}
