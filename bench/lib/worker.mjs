// Load-generator worker: one child process holding a share of the clients. Driven by bench/run.mjs
// over IPC (request {id, cmd, ...} -> reply {id, ...}). Exits when the parent goes away.
//
// Every bench message text is a stamp: `b <run> <sender> <seq> <sendTimeNs> <PAD>`. Receivers check
// each delivery against the sender's sequence: first-time in order, late (out of order), duplicate,
// or corrupted (a line that carries a stamp but does not parse exactly). Lost = expected - unique.
import net from 'node:net';
import { SLICE_NS, newHist, record } from './hist.mjs';
import { PAD, parseStamp, stamp, usualLine } from './lines.mjs';

const HANDSHAKE_MS = 10000; // per client attempt; a failed attempt is retried (up to 3 times) and counted
const MISSING_CAP = 4096; // per (receiver, sender): beyond this, gaps are only counted
const now = () => Number(process.hrtime.bigint());

/** @type {Client[]} */
let clients = [];
/** @type {Client[]} local senders by sender index */
let senderByIdx = [];
let target = null; // { proto, port, echoSelf, senders }
let S = 10;
let run = null; // current run state
let bytesIn = 0;
let lastRecvNs = 0;
let linesIn = 0;
let disconnects = 0;
let misdetected = 0; // rich handshakes the server answered with NICK
let nickBeforeHello = 0; // rich clients that saw NICK first (the server may still upgrade them)
let retried = 0; // other failed connection attempts (refused, reset, handshake timeout), retried
const retryReasons = [];
let joinBudgetMs = 60000; // the current connect() call's overall budget
let lightweight = false; // memory test: do not parse after the handshake

function newRunStats() {
  return {
    uniq: new Array(S).fill(0), dup: 0, ooo: 0, corrupted: 0, other: 0, stale: 0,
    inWindow: 0, hist: newHist(), gapsOverflow: 0, corruptSamples: [], otherSamples: [],
    // --timeline: per SLICE_NS of send time, the worst latency (µs) and the deliveries over 10 ms
    sliceMaxUs: [], sliceSlow: [],
  };
}

const NICKS = Array.from({ length: 1000 }, (_, i) => `c${i}`);

/** Where `needle` starts inside buf[start, end), or -1. */
function within(buf, needle, start, end) {
  const k = buf.indexOf(needle, start);
  return k !== -1 && k + needle.length <= end ? k : -1;
}

/** True when buf[from, to) is exactly `text`. */
function sameText(buf, from, to, text) {
  return to - from === text.length && buf.startsWith(text, from);
}

class Client {
  constructor(idx) {
    this.idx = idx;
    this.nick = `c${idx}`;
    this.sock = null;
    this.carry = '';
    this.carryBytes = null; // after the handshake: the start of a line not yet ended
    this.ready = false;
    this.next = new Int32Array(S).fill(1);
    this.missing = null; // Map<sender, Set<seq>>
    // sender state (only if idx < S)
    this.seq = 0;
    this.inflight = 0;
    this.lastAckNs = 0;
    this.probeFor = []; // senders whose window this client releases
  }

  connect(onReady, onFail) {
    const sock = net.connect({ port: target.port, host: '127.0.0.1', noDelay: true });
    this.sock = sock;

    let done = false;
    const limit = target.proto === 'seed' ? joinBudgetMs : HANDSHAKE_MS;
    const timer = setTimeout(() => finish(new Error(`no handshake after ${limit} ms`)), limit);
    const finish = (err) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (err) onFail(err); else onReady();
    };
    this.onHandshakeDone = finish;
    sock.on('connect', () => {
      if (target.proto === 'rich') sock.write(`{"type":"hello","v":1,"nick":"${this.nick}","client":"bench"}\n`);
      else if (target.proto === 'irc') sock.write(`NICK ${this.nick}\r\nUSER ${this.nick} 0 * :${this.nick}\r\n`);
      else if (target.proto === 'echo') { this.ready = true; finish(); }
    });
    // bytes as latin1 text (one char per byte); an idle client of the memory test only looks for pings, in the bytes
    sock.on('data', (d) => {
      if (!this.ready) this.onData(d.toString('latin1'));
      else if (lightweight) this.onIdleData(d);
      else this.onBytes(d);
    });
    sock.on('error', (e) => { finish(e); });
    sock.on('close', () => {
      if (this.ready) disconnects++;
      this.ready = false;
      finish(new Error('closed during handshake'));
    });
  }

  handshake(text) {
    const p = target.proto;
    this.carry += text;
    const c = this.carry;
    if (p === 'rich') {
      if (this.carry.startsWith('NICK')) {
        // the server's NICK came before it read our hello; a server that upgrades the connection when the
        // late hello arrives goes on with the rich handshake: count it, and carry on
        this.carry = this.carry.slice(4);
        nickBeforeHello++;
      }
      if (this.carry.includes('Connected to server!') || this.carry.includes(' joined!')) {
        // ...but this one treats us as a plain client
        const e = new Error('rich client was taken for a plain one (NICK handshake)');
        e.misdetected = true;
        this.onHandshakeDone(e);
        return;
      }
      let nl;
      while ((nl = this.carry.indexOf('\n')) !== -1) {
        const line = this.carry.slice(0, nl);
        this.carry = this.carry.slice(nl + 1);
        if (line.includes('"type":"synced"')) { this.ready = true; this.onHandshakeDone(); return; }
        if (line.includes('"type":"error"')) { this.onHandshakeDone(new Error(line.slice(0, 200))); return; }
        if (line.includes('"type":"ping"')) this.sock.write('{"type":"pong"}\n');
      }
    } else if (p === 'plain' || p === 'seed') {
      if (!this.sentNick) {
        if (c.length >= 4) {
          if (!c.startsWith('NICK')) { this.onHandshakeDone(new Error(`expected NICK, got ${JSON.stringify(c.slice(0, 80))}`)); return; }
          this.sentNick = true;
          this.carry = c.slice(4);
          this.sock.write(p === 'seed' ? this.nick : `${this.nick}\n`); // the tutorial client sends no newline
        }
      }
      const at = this.carry.indexOf('Connected to server!');
      if (this.sentNick && at !== -1) {
        this.carry = this.carry.slice(at + 20).replace(/^\n/, '');
        this.ready = true;
        this.onHandshakeDone();
      }
    } else if (p === 'irc') {
      let nl;
      while ((nl = this.carry.indexOf('\n')) !== -1) {
        const line = this.carry.slice(0, nl);
        this.carry = this.carry.slice(nl + 1);
        if (line.startsWith('PING ')) this.sock.write(`PONG ${line.slice(5)}\n`);
        else if (/^:\S+ 001 /.test(line)) this.sock.write('JOIN #bench\r\n');
        else if (/^:\S+ 366 /.test(line)) { this.ready = true; this.onHandshakeDone(); return; }
        else if (/^:\S+ [45]\d\d /.test(line) || line.startsWith('ERROR')) { this.onHandshakeDone(new Error(line.slice(0, 200))); return; }
      }
    }
  }

  /** Bytes before the handshake is done (as latin1 text); what follows the handshake in the same chunk goes on as bytes. */
  onData(text) {
    bytesIn += text.length;
    const t = now();
    lastRecvNs = t;
    this.handshake(text);
    if (!this.ready || this.carry === '') return;
    const rest = this.carry;
    this.carry = '';
    if (lightweight) this.answerPings(rest);
    else this.lines(Buffer.from(rest, 'latin1'), t);
  }

  /** Bytes after the handshake. */
  onBytes(d) {
    bytesIn += d.length;
    const t = now();
    lastRecvNs = t;
    this.lines(d, t);
  }

  /** Splits bytes into lines; the usual shape is checked on the bytes, anything else is decoded. */
  lines(d, t) {
    let buf = d;
    if (this.carryBytes !== null) {
      buf = Buffer.concat([this.carryBytes, d]);
      this.carryBytes = null;
    }
    const dv = new DataView(buf.buffer, buf.byteOffset, buf.length);
    let start = 0;
    let nl;
    while ((nl = buf.indexOf(10, start)) !== -1) {
      let end = nl;
      if (end > start && buf[end - 1] === 13) end--;
      if (!this.fastLine(buf, dv, start, end, t)) {
        const line = buf.latin1Slice(start, end);
        this.line(line, 0, line.length, t);
      }
      start = nl + 1;
    }
    if (start < buf.length) {
      if (buf.length - start > 1 << 20) { // a line that never ends: count and drop
        if (run) run.stats.corrupted++;
      } else this.carryBytes = Buffer.from(buf.subarray(start)); // a copy: keep the small rest, not the whole chunk
    }
  }

  /** A bench message in its server's usual shape, on the bytes: counted (true), or false for the general path. */
  fastLine(buf, dv, start, end, t) {
    if (!run) return false;
    const nick = usualLine(target.proto, buf, dv, start, end);
    if (nick === -1) return false;
    linesIn++;
    this.delivered(nick === stamp[1], t, buf, start, end);
    return true;
  }

  /** Memory test, after the handshake: count the bytes, answer pings, nothing else (no decoding). */
  onIdleData(bytes) {
    bytesIn += bytes.length;
    lastRecvNs = now();
    if (target.proto === 'irc' ? bytes.includes('PING ') : target.proto === 'rich' && bytes.includes('"type":"ping"')) this.answerPings(bytes.toString('latin1'));
  }

  answerPings(text) {
    if (target.proto === 'irc' && text.includes('PING ')) {
      for (const m of text.matchAll(/^PING (.*)$/gm)) this.sock.write(`PONG ${m[1]}\n`);
    } else if (target.proto === 'rich' && text.includes('"type":"ping"')) this.sock.write('{"type":"pong"}\n');
  }

  /** One line: buf[start, end), without its line end. Offsets into the received text: no string per line. */
  line(buf, start, end, t) {
    linesIn++;
    if (!run) return;
    const p = target.proto;
    let fromStart;
    let fromEnd;
    let textStart;
    let textEnd = end;
    if (p === 'rich') {
      const i = within(buf, '"text":"', start, end);
      if (i === -1 || within(buf, '"type":"message"', start, end) === -1) {
        if (within(buf, '"type":"ping"', start, end) !== -1) this.sock.write('{"type":"pong"}\n');
        else this.noteOther(buf.slice(start, end));
        return;
      }
      textStart = i + 8;
      textEnd = within(buf, '"', textStart, end);
      const f = within(buf, '"from":"', start, end);
      fromStart = f === -1 ? start : f + 8;
      fromEnd = f === -1 ? start : within(buf, '"', fromStart, end);
      if (textEnd === -1) { this.corrupt(buf.slice(start, end)); return; }
    } else if (p === 'irc') {
      if (buf.startsWith('PING ', start)) { this.sock.write(`PONG ${buf.slice(start + 5, end)}\r\n`); return; }
      const i = within(buf, ' PRIVMSG ', start, end);
      if (i === -1 || buf.charCodeAt(start) !== 58) { this.noteOther(buf.slice(start, end)); return; }
      const bang = within(buf, '!', start, end);
      fromStart = start + 1;
      fromEnd = bang === -1 || bang > i ? i : bang;
      const colon = within(buf, ' :', i + 9, end);
      if (colon === -1) { this.corrupt(buf.slice(start, end)); return; }
      textStart = colon + 2;
    } else {
      const i = within(buf, ': b ', start, end);
      if (i === -1) {
        const line = buf.slice(start, end);
        if (line.includes(' b ') || line.includes(PAD.slice(0, 8))) this.corrupt(line); else this.noteOther(line);
        return;
      }
      let j = i;
      while (j > start && buf.charCodeAt(j - 1) !== 32 && buf.charCodeAt(j - 1) !== 33) j--; // back to ' ' or '!'
      fromStart = j;
      fromEnd = i;
      if (j > start) {
        // seed: announcements arrive without newlines and glue onto the next line
        const prefix = buf.slice(start, j);
        if (!/^(?:[^\s!]+ (?:joined|left)!|Connected to server!)+$/.test(prefix)) {
          // the nick itself may be glued: "c5 joined!c7"
          const m = /^((?:[^\s!]+ (?:joined|left)!|Connected to server!)+)(c\d+)$/.exec(buf.slice(start, i));
          if (!m) { this.corrupt(buf.slice(start, end)); return; }
          fromStart = i - m[2].length;
        }
      }
      textStart = i + 2;
    }
    if (!parseStamp(buf, textStart, textEnd)) { this.corrupt(buf.slice(start, end)); return; }
    const s = stamp[1];
    this.delivered(s < S && sameText(buf, fromStart, fromEnd, NICKS[s]), t, buf, start, end);
  }

  /** A delivery whose stamp is parsed (in `stamp`); fromSender: it came from the stamp's sender. The line is buf[start, end) (text or bytes). */
  delivered(fromSender, t, buf, start, end) {
    const st = run.stats;
    const r = stamp[0];
    const s = stamp[1];
    const q = stamp[2];
    const sendNs = stamp[3];
    if (!(s < S) || !(q >= 1) || !(sendNs > 0) || !fromSender) { this.corrupt(typeof buf === 'string' ? buf.slice(start, end) : buf.latin1Slice(start, end)); return; }
    if (r !== run.id) { st.stale++; return; }
    // ordering / duplicates
    const exp = this.next[s];
    if (q === exp) {
      this.next[s] = q + 1;
    } else if (q > exp) {
      if (!this.missing) this.missing = new Map();
      let set = this.missing.get(s);
      if (!set) { set = new Set(); this.missing.set(s, set); }
      for (let k = exp; k < q; k++) {
        if (set.size < MISSING_CAP) set.add(k); else st.gapsOverflow++;
      }
      this.next[s] = q + 1;
    } else {
      const set = this.missing && this.missing.get(s);
      if (set && set.delete(q)) st.ooo++;
      else { st.dup++; return; }
    }
    st.uniq[s]++;
    if (t >= run.t0 && t <= run.t1) st.inWindow++;
    if (sendNs >= run.t0 && sendNs <= run.t1) {
      const us = (t - sendNs) / 1000;
      record(st.hist, us);
      const k = Math.floor((sendNs - run.t0) / SLICE_NS);
      if (!(st.sliceMaxUs[k] >= us)) st.sliceMaxUs[k] = us;
      if (us > 10_000) st.sliceSlow[k] = (st.sliceSlow[k] ?? 0) + 1;
    }
    // closed loop: release the sender's window
    if (this.probeFor.length !== 0 && this.probeFor.includes(s)) {
      const snd = senderByIdx[s];
      if (snd) { snd.inflight--; snd.lastAckNs = t; if (run.mode === 'unlimited' && run.sending) snd.fill(); }
    }
  }

  corrupt(line) {
    if (!run) return;
    run.stats.corrupted++;
    if (run.stats.corruptSamples.length < 5) run.stats.corruptSamples.push(line.slice(0, 160));
  }

  noteOther(line) {
    if (!run) return;
    run.stats.other++;
    if (run.stats.otherSamples.length < 3) run.stats.otherSamples.push(line.slice(0, 160));
  }

  format(q, t) {
    const text = `b ${run.id} ${this.idx} ${q} ${t} ${PAD}`;
    switch (target.proto) {
      case 'rich': return `{"type":"send","id":"${run.id}-${this.idx}-${q}","room":"general","text":"${text}"}\n`;
      case 'plain': return `${text}\n`;
      case 'irc': return `PRIVMSG #bench :${text}\r\n`;
      default: return `${this.nick}: ${text}\n`; // seed, echo: the tutorial client prefixes its own nick
    }
  }

  sendN(n) {
    if (n <= 0 || !this.ready) return;
    const t = now();
    let out = '';
    for (let k = 0; k < n; k++) out += this.format(++this.seq, t);
    this.inflight += n;
    this.sock.write(out);
  }

  fill() {
    const n = run.window - this.inflight;
    if (n > 0 && this.seq < run.maxPerSender) this.sendN(Math.min(n, run.maxPerSender - this.seq));
  }
}

function connectAll(indices, concurrency, timeoutMs) {
  return new Promise((resolve) => {
    const t0 = now();
    let nextI = 0;
    let active = 0;
    let ok = 0;
    const errors = [];
    let finished = false;
    const timer = setTimeout(() => end(true), timeoutMs);
    const finishedRef = { v: false };
    const end = (timedOut) => {
      if (finished) return;
      finished = true;
      finishedRef.v = true;
      clearTimeout(timer);
      resolve({ joined: ok, misdetected, nickBeforeHello, retried, retryReasons, failed: errors.length, errors: errors.slice(0, 3), timedOut, ms: (now() - t0) / 1e6 });
    };
    const pump = () => {
      while (!finished && active < concurrency && nextI < indices.length) {
        const c = new Client(indices[nextI++]);
        clients.push(c);
        active++;
        const attempt = (tries) => c.connect(() => { active--; ok++; pump(); }, (e) => {
          // never retry against the seed server: a client that leaves in the middle of its handshake
          // kills the tutorial's accept loop (send() on a closed socket raises in the main thread)
          if (tries < 3 && !finishedRef.v && target.proto !== 'seed') {
            // counted and reported; retried so that the fan-out can still be measured
            if (e.misdetected) misdetected++; else retried++;
            if (retryReasons.length < 3) retryReasons.push(String(e.message ?? e).slice(0, 120));
            c.sock.removeAllListeners();
            c.sock.on('error', () => {});
            c.sock.destroy();
            c.carry = '';
            c.ready = false;
            c.sentNick = false;
            setTimeout(() => attempt(tries + 1), 100 * (tries + 1));
            return;
          }
          active--;
          errors.push(String(e.message ?? e));
          pump();
        });
        attempt(0);
      }
      if (!finished && active === 0 && nextI >= indices.length) end(false);
    };
    pump();
  });
}

const handlers = {
  async init(m) {
    target = m.target;
    S = m.senders;
    lightweight = !!m.lightweight;
    return {};
  },
  async connect(m) {
    joinBudgetMs = m.timeoutMs;
    const r = await connectAll(m.indices, m.concurrency, m.timeoutMs);
    // probes: who releases each local sender's window
    senderByIdx = [];
    for (const c of clients) if (c.idx < S) senderByIdx[c.idx] = c;
    for (const c of clients) {
      if (c.idx >= S) continue;
      let probe = c;
      if (!target.echoSelf) probe = clients.find((o) => o.idx >= S && o.ready) ?? clients.find((o) => o !== c && o.ready) ?? c;
      if (!probe.probeFor.includes(c.idx)) probe.probeFor.push(c.idx);
    }
    return r;
  },
  async progress() {
    const uniq = run ? run.stats.uniq.reduce((a, b) => a + b, 0) : 0;
    return { bytesIn, linesIn, lastRecvNs, now: now(), ready: clients.filter((c) => c.ready).length, disconnects, cpu: process.cpuUsage(), uniq };
  },
  async start(m) {
    run = { id: m.runId, mode: m.mode, window: m.window, rate: m.ratePerSender, t0: m.t0, t1: m.t1,
      maxPerSender: m.maxPerSender, sending: true, stats: newRunStats(), timer: null, stalls: 0 };
    const senders = clients.filter((c) => c.idx < S);
    for (const c of senders) { c.seq = 0; c.inflight = 0; c.lastAckNs = now(); }
    for (const c of clients) { c.next.fill(1); c.missing = null; }
    const begin = () => {
      if (run.mode === 'unlimited') {
        for (const c of senders) c.fill();
        // a lost message would hold its window forever: release windows that have been silent too long
        run.timer = setInterval(() => {
          const t = now();
          for (const c of senders) {
            if (c.inflight > 0 && t - c.lastAckNs > 2e9) { run.stalls++; c.inflight = 0; c.lastAckNs = t; c.fill(); }
          }
        }, 100);
      } else {
        const tick = () => {
          const t = now();
          for (const c of senders) {
            const due = Math.min(run.maxPerSender, Math.floor(((t - run.t0) / 1e9) * run.rate + c.idx / S)) - c.seq;
            if (due > 0) c.sendN(due);
          }
        };
        run.timer = setInterval(tick, 2);
      }
    };
    const wait = Math.max(0, (m.t0 - now()) / 1e6);
    setTimeout(begin, wait);
    return {};
  },
  async stopSend() {
    if (run) { run.sending = false; clearInterval(run.timer); }
    const sent = {};
    for (const c of clients) if (c.idx < S) sent[c.idx] = c.seq;
    return { sent };
  },
  async report() {
    const st = run.stats;
    let missing = 0;
    for (const c of clients) if (c.missing) for (const set of c.missing.values()) missing += set.size;
    const out = { ...st, missing, stalls: run.stalls, disconnects, ready: clients.filter((c) => c.ready).length };
    run = null;
    return out;
  },
  async close() {
    for (const c of clients) c.sock?.destroy();
    clients = [];
    setTimeout(() => process.exit(0), 50);
    return {};
  },
};

process.on('message', async (m) => {
  try {
    const r = await handlers[m.cmd](m);
    process.send({ id: m.id, ok: true, ...r });
  } catch (e) {
    process.send({ id: m.id, ok: false, error: String(e?.stack ?? e) });
  }
});
process.on('disconnect', () => process.exit(0));
setTimeout(() => process.exit(3), Number(process.env.BENCH_WORKER_MAX_MS ?? 3_600_000)).unref();
