import { after, afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type AddressInfo } from 'node:net';
import { CuttableProxy, LineClient, RawRich, until } from '../node/helpers';
import { inRepository } from '../node/gitRepository';
import { clockOf } from '../../src/protocol/localTime';
import { cellsOf } from '../../src/cli/terminalWrap';

const CLI = 'dist/cli.js';
/** The home of every process a test starts: a headless host writes its owner key there (~/.tcp-chat), not in yours. */
const HOME = mkdtempSync(join(tmpdir(), 'tcp-chat-cli-home-'));
after(() => rmSync(HOME, { recursive: true, force: true }));
// The seats joins killed at a test's end leave there (~/.tcp-chat/seat-*.json, kept 10 minutes) go with the test: a
// later test's host given the same port by chance would seat its join of the same name in one (tests run one by one
// in a file).
afterEach(() => {
  const dir = join(HOME, '.tcp-chat');
  for (const name of existsSync(dir) ? readdirSync(dir) : []) if (name.startsWith('seat-')) rmSync(join(dir, name), { force: true });
});

function ensureBuilt(): void {
  if (!existsSync(CLI)) spawnSync(process.execPath, ['scripts/build.mjs', '--no-typecheck'], { stdio: 'inherit' });
}

/** A terminal's size: its columns and rows. */
interface TerminalSize {
  cols: number;
  rows: number;
}

class Proc {
  out = '';
  err = '';
  code: number | null | undefined;
  readonly child: ChildProcessWithoutNullStreams;
  /** Where in its output its terminal was resized, and to how many columns (resize). */
  readonly resizes: Resize[] = [];
  /**
   * `terminal`: run it on a pseudo-terminal (util-linux `script`), as someone typing in a terminal does; a number:
   * one that many columns wide, 40 rows high (without, the terminal has no width and nothing wraps); or its size.
   * `cwd`: the folder it runs in (this checkout's, where none is given).
   */
  constructor(args: string[], env: Record<string, string> = {}, terminal: boolean | number | TerminalSize = false, cwd?: string) {
    const options = { env: { ...process.env, HOME, ...env, FORCE_COLOR: '0' }, ...(cwd !== undefined ? { cwd } : {}) };
    const cli = cwd !== undefined ? join(process.cwd(), CLI) : CLI;
    const command = [process.execPath, cli, ...args].join(' ');
    const size = typeof terminal === 'number' ? { cols: terminal, rows: 40 } : typeof terminal === 'object' ? terminal : undefined;
    this.child = terminal !== false
      ? // (`exec`: the join is script's child itself, as bash would make it, but dash, /bin/sh where $SHELL is unset
        // as on CI, stays between them)
        spawn('script', ['-qfec', size ? `stty cols ${size.cols} rows ${size.rows}; exec ${command}` : `exec ${command}`, '/dev/null'], options)
      : spawn(process.execPath, [cli, ...args], options);
    this.child.stdout.setEncoding('utf8').on('data', (d: string) => (this.out += d));
    this.child.stderr.setEncoding('utf8').on('data', (d: string) => (this.err += d));
    this.child.on('exit', (c) => (this.code = c));
  }
  waitOut(pattern: RegExp | string, ms = 20_000): Promise<true> {
    return until(() => (typeof pattern === 'string' ? this.out.includes(pattern) : pattern.test(this.out)) || undefined, () => `${String(pattern)} in output ${JSON.stringify(this.out.slice(-400))} ${this.err}`, ms);
  }
  line(text: string): void {
    this.child.stdin.write(text + '\n');
  }
  /**
   * Makes its terminal (a number or a size given to the constructor) `cols` wide, as a window resized: the kernel
   * tells the join (SIGWINCH). Its output until now was written at the width before (wait for it to be still).
   */
  resize(cols: number): void {
    const pid = childOf(this.child.pid!);
    assert.ok(pid > 0, 'the join under script');
    this.resizes.push({ at: this.out.length, cols });
    const r = spawnSync('stty', ['-F', readlinkSync(`/proc/${pid}/fd/0`), 'cols', String(cols)], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
  }
  exited(ms = 20_000): Promise<number | null> {
    return until(() => (this.code !== undefined ? { c: this.code } : undefined), 'exit', ms).then((x) => x.c);
  }
  kill(): void {
    if (this.code === undefined) this.child.kill('SIGKILL');
  }
}

/**
 * What a terminal shows of this output: a line cleared (`\r` + erase line or below, or cursor to column 1 + erase below,
 * as readline redraws its prompt) loses what it held; colours and other escapes come off.
 */
function screenOf(out: string): string {
  // eslint-disable-next-line no-control-regex -- terminal escapes are what this reads
  return out.replace(/[^\n]*(\r\x1b\[2K|\r\x1b\[0J|\x1b\[1G\x1b\[0J)/g, '').replace(/\x1b\[[0-9;]*[A-Za-z]/g, '').replace(/\r/g, '');
}

/** A resize of a test's terminal: where in its output (the length of it until then), to how many columns. */
interface Resize {
  at: number;
  cols: number;
}

/**
 * The rows a terminal `cols` wide shows after this output, as a VT100 draws it: printable characters wrap at the
 * last column (deferred, as xterm does), and the cursor moves and erasures readline uses are applied. A wide
 * character (CJK) takes two cells, and goes to the next row when only the last cell of a row is left, as xterm
 * puts it; a mark drawn on its letter takes none. `height`: the terminal's rows; those that scroll off its top stay
 * first in what this returns (its scrollback), and the cursor goes up no further than its first row. `resizes`:
 * where the terminal was made how wide, as VS Code's terminal (xterm.js) rewraps then: the rows a line wrapped to
 * are joined and wrapped anew (rows written apart, a line break between them, stay apart), and a row wider than the
 * terminal now goes on in the rows under it; but the line the cursor is on, cut at the new width, is the program's
 * to draw again (readline does).
 */
function terminalRows(out: string, cols: number, height = Infinity, resizes: readonly Resize[] = []): string[] {
  let rows: string[][] = [[]];
  /** Per row: it goes on from the row above it (the terminal wrapped there). */
  let wrapped: boolean[] = [false];
  let r = 0;
  let c = 0;
  /** The screen's first row (those above it scrolled off). */
  let top = 0;
  let pendingWrap = false;
  const row = () => (rows[r] ??= []);
  /** To the next row: after a line break (`wrap` false) or as the terminal wraps a line. */
  const down = (wrap: boolean) => {
    r++;
    c = 0; // (the pty turns \n into \r\n)
    pendingWrap = false;
    if (wrap || r >= wrapped.length) wrapped[r] = wrap;
    top = Math.max(top, r - height + 1);
  };
  const rewrap = (to: number) => {
    for (let k = 0; k <= r; k++) rows[k] ??= [];
    const made: string[][] = [];
    const madeWrapped: boolean[] = [];
    let cursorAt = r;
    for (let start = 0; start < rows.length; ) {
      let end = start + 1;
      while (end < rows.length && wrapped[end]) end++;
      const group = rows.slice(start, end).map((g) => g ?? []);
      if (r >= start && r < end) {
        cursorAt = made.length + (r - start);
        group.forEach((g, k) => {
          made.push(g.slice(0, to));
          madeWrapped.push(k > 0);
        });
      } else if (group.length > 1 || group[0]!.length > to) {
        const cells = group.flat();
        let cur: string[] = [];
        const lines = [cur];
        for (let k = 0; k < cells.length; k++) {
          const wide = cells[k + 1] === '';
          if (cur.length + (wide ? 2 : 1) > to) lines.push((cur = []));
          cur.push(cells[k]!);
          if (wide) cur.push(cells[++k]!);
        }
        lines.forEach((l, k) => {
          made.push(l);
          madeWrapped.push(k > 0);
        });
      } else {
        made.push(group[0]!);
        madeWrapped.push(false);
      }
      start = end;
    }
    top = Number.isFinite(height) ? Math.max(0, cursorAt - (r - top)) : 0;
    [rows, wrapped, r] = [made, madeWrapped, cursorAt];
    c = Math.min(pendingWrap ? c + 1 : c, to - 1);
    pendingWrap = false;
    cols = to;
  };
  let resized = 0;
  for (let i = 0; i < out.length; i++) {
    while (resized < resizes.length && resizes[resized]!.at <= i) rewrap(resizes[resized++]!.cols);
    const ch = String.fromCodePoint(out.codePointAt(i)!);
    i += ch.length - 1;
    if (ch === '\x1b' && out[i + 1] === '[') {
      // eslint-disable-next-line no-control-regex -- terminal escapes are what this reads
      const m = /^\x1b\[([0-9;?]*)([A-Za-z])/.exec(out.slice(i));
      if (!m) continue;
      i += m[0].length - 1;
      const n = Number(m[1]!.split(';')[0]) || 1;
      const arg = Number(m[1]!.split(';')[0]) || 0;
      pendingWrap = false;
      if (m[2] === 'A') r = Math.max(top, r - n);
      else if (m[2] === 'B') r += n;
      else if (m[2] === 'C') c = Math.min(cols - 1, c + n);
      else if (m[2] === 'D') c = Math.max(0, c - n);
      else if (m[2] === 'G') c = Math.min(cols - 1, n - 1);
      else if (m[2] === 'H') {
        // (to a row of the screen and a column: readline's Ctrl+L goes to its top, 1;1)
        const [row = 1, col = 1] = m[1]!.split(';').map((x) => Number(x) || 1);
        r = top + row - 1;
        c = Math.min(cols - 1, col - 1);
      }
      else if (m[2] === 'J' && arg === 0) {
        row().length = Math.min(row().length, c);
        rows.length = r + 1;
        wrapped.length = r + 1;
        if (c === 0) wrapped[r] = false;
      } else if (m[2] === 'K') {
        if (arg === 2) rows[r] = [];
        else if (arg === 0) row().length = Math.min(row().length, c);
      }
      continue;
    }
    if (ch === '\r') {
      c = 0;
      pendingWrap = false;
    } else if (ch === '\n') {
      down(false);
    } else if (ch >= ' ') {
      const width = cellsOf(ch);
      if (width === 0) {
        const cells = row();
        if (cells.length > 0) cells[cells.length - 1] += ch;
        continue;
      }
      if (pendingWrap || (width === 2 && c === cols - 1)) down(true);
      const cells = row();
      while (cells.length < c) cells.push(' ');
      cells[c] = ch;
      if (width === 2) cells[c + 1] = ''; // (the wide character's second cell)
      if (c + width >= cols) pendingWrap = true;
      else c += width;
    }
  }
  while (resized < resizes.length) rewrap(resizes[resized++]!.cols);
  return rows.map((cells) => (cells ?? []).join('').trimEnd());
}

function run(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 10_000, env: { ...process.env, HOME } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('tcp-chat host, two joiners, a message each way, Ctrl+C closes the room for everyone (one quits, one waits for it)', async () => {
  ensureBuilt();
  const host = new Proc(['host', '--port', '0', '--nick', 'hoster']);
  const procs = [host];
  try {
    await host.waitOut(/listening on 127\.0\.0\.1:(\d+)/);
    const port = /listening on 127\.0\.0\.1:(\d+)/.exec(host.out)![1]!;
    await host.waitOut(`others join with: tcp-chat join 127.0.0.1:${port}`);
    const ann = new Proc(['join', `127.0.0.1:${port}`, '--nick', 'ann', '--wait-for-host', '0']);
    procs.push(ann);
    await ann.waitOut('ann joined!');
    await host.waitOut('ann joined!');
    const ben = new Proc(['join', `localhost:${port}`, '--nick', 'ben']);
    procs.push(ben);
    await ben.waitOut('ben joined!');
    await ann.waitOut('ben joined!');
    ann.line('hello ben');
    await ben.waitOut('ann: hello ben\n');
    ben.line('hi ann');
    await ann.waitOut('ben: hi ann\n');
    await host.waitOut('ben: hi ann\n');
    host.line('/topic pairing session');
    await ann.waitOut('hoster set the topic: pairing session');
    ben.line('/nosuch');
    await ben.waitOut('error: unknown command /nosuch');
    assert.ok(!ann.out.includes('nosuch'), 'an unknown command is not broadcast');
    host.child.kill('SIGINT');
    await ann.waitOut('-- the host closed the room\n');
    assert.equal(await host.exited(), 0);
    assert.equal(await ann.exited(), 0);
    assert.equal(ann.out.split('the host closed the room').length - 1, 1, 'said once');
    // ben waits for the room to come back (the default), says so, and quits with /quit like any time
    await ben.waitOut('the host closed the room; waiting for it to come back');
    assert.equal(ben.code, undefined, 'ben is still waiting');
    ben.line('/quit');
    assert.equal(await ben.exited(), 0);
    // (the host's seat says the room closed, and the host that it is: no `-- you left the chat` between them)
    assert.match(host.out, /\n-- the host closed the room\nroom closed\n$/);
  } finally {
    for (const p of procs) p.kill();
  }
});

/** Runs `tcp-chat join 127.0.0.1:<port>` with more arguments (and environment). */
type Joiner = (args: string[], env?: Record<string, string>, terminal?: boolean | number, cwd?: string) => Proc;

/**
 * Starts `tcp-chat host --headless` on a free port (with `extra` arguments; `--nick N` instead of `--headless`
 * gives it its seat in the room; `env` for its process); runs `body` with it and a joiner; kills every process after.
 */
async function withHost(body: (host: Proc, join: Joiner) => Promise<void>, extra: string[] = [], env: Record<string, string> = {}): Promise<void> {
  ensureBuilt();
  const host = new Proc(['host', '--port', '0', ...(extra.includes('--nick') ? [] : ['--headless']), ...extra], env);
  const procs = [host];
  try {
    await host.waitOut(/listening on 127\.0\.0\.1:(\d+)/);
    const port = /listening on 127\.0\.0\.1:(\d+)/.exec(host.out)![1]!;
    await body(host, (args, env, terminal, cwd) => {
      const j = new Proc(['join', `127.0.0.1:${port}`, ...args], env, terminal, cwd);
      procs.push(j);
      return j;
    });
  } finally {
    for (const p of procs) p.kill();
  }
}

test('join --room of a room the server cannot make (past maxRooms) is in no room: what it types is refused as in no room, not sent to #general it is not in', () =>
  withHost(async (_host, joiner) => {
    const zed = joiner(['--nick', 'zed', '--room', 'dev']);
    await zed.waitOut('error: not in #dev: the server has the most rooms it allows (1)');
    zed.line('hello there');
    await zed.waitOut('error: you are not in a room: /join #room first');
    assert.ok(!zed.out.includes('not in #general'), zed.out);
    zed.line('/join #general');
    zed.line('in at last');
    await zed.waitOut('zed: in at last');
  }, ['--limit', 'maxRooms=1']));

test('a joiner whose output is gone (`| head`, a pager quit) leaves the room, though its input is still open', () =>
  withHost(async (host, joiner) => {
    const reader = joiner(['--nick', 'reader']);
    await host.waitOut('reader joined');
    reader.child.stdout.destroy(); // (the reading end closed: its next write fails with EPIPE)
    const talker = joiner(['--nick', 'talker']);
    await host.waitOut('talker joined');
    talker.line('anyone reading?');
    await host.waitOut('reader left');
    assert.equal(await reader.exited(), 0);
  }));

test('a line that is not UTF-8 (a Latin-1 terminal or file) is refused, not sent with U+FFFD for its letters', () =>
  withHost(async (host, joiner) => {
    const watcher = joiner(['--nick', 'watcher']);
    await host.waitOut('watcher joined');
    const latin = joiner(['--nick', 'latin']);
    await watcher.waitOut('latin joined!');
    latin.child.stdin.write(Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a])); // caf\xe9: café in Latin-1
    latin.line('in UTF-8: café');
    await watcher.waitOut('latin: in UTF-8: café');
    await latin.waitOut('error: this line is not valid UTF-8 (set your terminal to UTF-8): not sent');
    assert.ok(!watcher.out.includes('latin: caf\ufffd'), watcher.out);
  }));

test('a member the host kicks is told why, gets no prompt after it, and join exits with 1', () =>
  withHost(async (host, joiner) => {
    const visitor = joiner(['--nick', 'visitor'], {}, true);
    await host.waitOut('visitor joined!');
    await visitor.waitOut('#general > ');
    host.line('/kick visitor spamming');
    assert.equal(await visitor.exited(), 1);
    const screen = screenOf(visitor.out);
    assert.match(screen, /visitor was kicked by boss: spamming\nerror: you were kicked by boss: spamming\n$/, JSON.stringify(screen.slice(-300)));
    assert.ok(visitor.out.includes('\x1b[31merror: you were kicked by boss: spamming'), 'the server\'s error in red');
    assert.equal(screen.split('you were kicked by boss').length - 1, 1, 'said once');
  }, ['--nick', 'boss']));

test("a host whose input ends without a terminal (< /dev/null, nohup) keeps the room open; SIGTERM closes it", () =>
  withHost(async (host, joiner) => {
    await host.waitOut('boss joined!');
    host.child.stdin.end();
    await host.waitOut('-- the input ended: the room stays open (Ctrl+C or SIGTERM closes it; --headless hosts without a seat)');
    const guest = joiner(['--nick', 'guest', '--wait-for-host', '0']);
    await host.waitOut('guest joined!');
    host.child.kill('SIGTERM');
    assert.equal(await host.exited(), 0);
    await guest.waitOut('the host closed the room');
    assert.equal(await guest.exited(), 0);
  }, ['--nick', 'boss']));

test('a netcat line of half a megabyte of blanks between two letters is answered at once, and so is a /me of them with a line break, in the terminal of a member', () =>
  // (the host in a process of its own: a server busy on one line answers nobody, this test included. The blanks
  // were cut with /\s+$/ and an action's line breaks joined with /\s*\n\s*/, each of which, from every blank of a
  // long run, scanned the rest of it again: minutes for this line)
  withHost(async (host, joiner) => {
    const watcher = joiner(['--nick', 'watcher']);
    await host.waitOut('watcher joined');
    const nc = await LineClient.connect(Number(/listening on 127\.0\.0\.1:(\d+)/.exec(host.out)![1]), 'blank');
    try {
      await nc.waitFor('Connected to server!');
      nc.write(`x${' '.repeat(500_000)}y\n`);
      await nc.waitFor(/500,002 characters long; this room takes at most/, 20_000);
      nc.write(`/me waves${' '.repeat(15_000)}x\nhello\n`);
      await watcher.waitOut(/\* blank waves {15000}x\n/, 20_000);
      await watcher.waitOut('blank: hello', 20_000);
    } finally {
      nc.close();
    }
  }, ['--limit', 'maxLine=1000000']));

test('a private room\'s banner fits 80 columns: the invite and the owner\'s join command on rows of their own, the words in rows of at most 79', async () => {
  ensureBuilt();
  const host = new Proc(['host', '--port', '0', '--headless', '--bind', '0.0.0.0', '--allow-plain']);
  try {
    await host.waitOut('owner key is in');
    await host.waitOut('for your user only)\n');
    assert.match(host.out, /\nothers join with: tcp-chat join, pasting the invite when it asks:\n {2}tcpchat:\/\/[^\s]+:\d+\/[\w-]+\n {2}\(or VS Code "TCP Chat: Join Chat", or: nc [^\s]+ \d+\)\n/);
    assert.match(host.out, /\nto join as its owner \(topic, kick, ban, op\):\n {2}tcp-chat join 127\.0\.0\.1:\d+ --owner\n {2}\(the owner key is in /);
    // (an 80-column terminal that wraps a full row puts an empty one after it: 79 at most; the key file's path is
    // as long as the home folder's)
    for (const row of host.out.split('\n').filter((r) => !r.includes('owner key is in'))) assert.ok(row.length <= 79, `${row.length}: ${row}`);
  } finally {
    host.kill();
  }
});

test('on a terminal the host\'s banner is broken at spaces to its width, the invite and the commands whole on rows of their own', async () => {
  ensureBuilt();
  const host = new Proc(['host', '--port', '0', '--headless', '--bind', '0.0.0.0', '--allow-plain'], {}, 60);
  try {
    await host.waitOut('for your user only)');
    const rows = screenOf(host.out).split('\n');
    const at = (start: string) => rows.findIndex((r) => r.startsWith(start));
    // (at 60 columns the terminal broke them: `let your n` / `etwork in`, `(it holds the room k` / `ey) can`)
    assert.deepEqual(rows.slice(at('this room is private'), at('to join as its owner')), [
      'this room is private: only people with the invite (it holds',
      '  the room key) can join, over TLS',
      'warning: --allow-plain lets plain-text clients in after',
      '  they type the room key at PASS; their traffic, and the',
      '  key they type, cross the network unencrypted',
    ]);
    assert.match(rows[at('  tcpchat://')]!, /^ {2}tcpchat:\/\/[^\s]+:\d+\/[\w-]+$/);
    assert.match(rows[at('  tcp-chat join')]!, /^ {2}tcp-chat join 127\.0\.0\.1:\d+ --owner$/);
    // (a line two spaces in goes on four in)
    // (the key file's path as long as the home folder's: cut where longer than a row)
    assert.match(rows.slice(at('  (the owner key is in') + 1, at('  (the owner key is in') + 4).join('\n'), /^ {4}\S+[^\n]*for your user only\)$/m);
    for (const row of rows.filter((r) => !r.includes('tcpchat://') && !r.includes('owner key is in'))) assert.ok(row.length <= 59, `${row.length}: ${row}`);
  } finally {
    host.kill();
  }
});

test('on a terminal too narrow for the host\'s `others join with: tcp-chat join HOST:PORT`, the command goes on a row of its own', async () => {
  ensureBuilt();
  const host = new Proc(['host', '--port', '0', '--headless'], {}, 40);
  try {
    await host.waitOut('to let your network in');
    const rows = screenOf(host.out).split('\n');
    const at = rows.indexOf('others join with:');
    assert.ok(at > 0, JSON.stringify(rows));
    assert.match(rows[at + 1]!, /^ {2}tcp-chat join 127\.0\.0\.1:\d+$/);
    assert.deepEqual(rows.slice(rows.indexOf('only this machine can join; use --bind'), rows.indexOf('only this machine can join; use --bind') + 2), ['only this machine can join; use --bind', '  0.0.0.0 to let your network in']);
  } finally {
    host.kill();
  }
});

test('--bind 127.1 is loopback as the socket takes it (127.0.0.1): no room key, no TLS, --limits off allowed', async () => {
  ensureBuilt();
  const host = new Proc(['host', '--port', '0', '--headless', '--bind', '127.1', '--limits', 'off']);
  try {
    await host.waitOut('only this machine can join');
    assert.match(host.out, /^listening on 127\.0\.0\.1:\d+\nothers join with: tcp-chat join 127\.0\.0\.1:\d+\n {2}\(or VS Code "TCP Chat: Join Chat", or: nc 127\.0\.0\.1 \d+\)\n/);
    assert.doesNotMatch(host.out, /private|tcpchat:/);
  } finally {
    host.kill();
  }
});

test('a headless host logs joins and leaves, and its closing once', () =>
  withHost(async (host, joiner) => {
    const j = joiner(['--nick', 'visitor']);
    await host.waitOut('visitor joined (rich, 127.0.0.1)');
    j.line('/quit');
    assert.equal(await j.exited(), 0);
    await host.waitOut('visitor left (quit)');
    host.child.kill('SIGTERM');
    assert.equal(await host.exited(), 0);
    await until(() => host.child.stdout.readableEnded || undefined, 'the host\'s output read to its end');
    assert.deepEqual(host.out.match(/room closed.*/g), ['room closed: the host closed the room']);
  }));

test('on a terminal the prompt stays below what prints, and is not drawn again once you left', () =>
  withHost(async (_host, joiner) => {
    const j = joiner(['--nick', 'typist'], {}, true);
    await j.waitOut('#general > ');
    j.line('hello');
    await j.waitOut(/\d\d:\d\d\S* \S*typist\S*: hello/); // (the room's line, with its time: not the one waiting for it)
    // an error the client finds itself looks as the server's do: red
    j.line('/frobnicate');
    await j.waitOut('\x1b[31merror: unknown command /frobnicate');
    // and /help of a command there is not: in the same words, red as well
    j.line('/help nope');
    await j.waitOut('\x1b[31merror: unknown command /nope');
    // its topic is the first word after it, as the server and the panel read it (the terminal's own commands too)
    j.line('/help open please');
    await j.waitOut('/open [n]: Open the code last shared');
    j.line('/help me too');
    await j.waitOut('/me <action>: ');
    j.child.stdin.end(); // the input ends (Ctrl+D): the joiner leaves
    await j.waitOut('you left the chat');
    assert.equal(await j.exited(), 0);
    const screen = screenOf(j.out);
    assert.match(screen, /typist: hello\n(?:.*\n)?error: unknown command \/frobnicate; type \/help for the list\n(?:.*\n)?error: unknown command \/nope; type \/help for the list\n(?:.*\n)*\/open \[n\]: Open (?:.*\n)*\/me <action>: (?:.*\n)*-- you left the chat\n$/, JSON.stringify(screen.slice(-200)));
  }));

/**
 * A room with `typist` on a terminal and Robert (a raw rich client) in it; `shows(end)` waits until the typist's
 * screen ends so. (Type key by key, each once the terminal shows the last: readline completes only on a Tab that ends
 * what it read at once, the rest of a read being a paste.)
 */
function typistAndRobert(fn: (typist: Proc, robert: RawRich, shows: (end: string) => Promise<unknown>) => Promise<void>, env: Record<string, string> = {}): Promise<void> {
  return withHost(async (host, joiner) => {
    const port = Number(/listening on 127\.0\.0\.1:(\d+)/.exec(host.out)![1]);
    const typist = joiner(['--nick', 'typist'], env, true);
    await typist.waitOut('#general > ');
    const robert = await RawRich.join(port, 'Robert');
    try {
      await typist.waitOut('Robert joined');
      await fn(typist, robert, (end) => until(() => screenOf(typist.out).endsWith(end) || undefined, () => `the line typed to end in ${end}: ${JSON.stringify(screenOf(typist.out).slice(-200))}`, 20_000));
    } finally {
      robert.close();
    }
  });
}

test('joining a room, the terminal says its topic and who is in it (as IRC does), once its history is in; not for a room of your own', () =>
  withHost(async (host, joiner) => {
    await host.waitOut('boss joined!');
    host.line('/topic Pairing on issue 42 :tada:');
    await host.waitOut('Pairing on issue 42');
    const typist = joiner(['--nick', 'typist'], {}, true);
    await typist.waitOut('#general > ');
    await typist.waitOut('In #general (2): ~boss typist');
    const screen = screenOf(typist.out);
    assert.match(screen, /Topic for #general: Pairing on issue 42 🎉\n.*In #general \(2\): ~boss typist/, screen);
    // a room of your own: nothing to say about it
    typist.line('/join #quiet');
    await typist.waitOut('#quiet > ');
    typist.line('/who');
    await typist.waitOut('In #quiet: typist');
    assert.doesNotMatch(screenOf(typist.out), /In #quiet \(/);
    // a /join of a room with a topic says it once, after its history (its first line said it too)
    host.line('/join #design');
    await host.waitOut('You are now in #design');
    host.line('/topic the new parser');
    await host.waitOut('boss set the topic: the new parser');
    typist.line('/join #design');
    await typist.waitOut('In #design (2): ~boss typist');
    const joined = screenOf(typist.out).slice(screen.length);
    assert.match(joined, /You are now in #design\. Your messages go here; \/join #general to go back\.\n/, joined);
    assert.equal(joined.split('the new parser').length - 1, 2, `the history's line and the topic's:\n${joined}`);
    assert.match(joined, /boss set the topic: the new parser\n[^]*Topic for #design: the new parser\n/, joined);
  }, ['--nick', 'boss']));

test('on a terminal Tab completes a command, a nickname of the room and a room, as the panel does', () =>
  typistAndRobert(async (typist, robert, shows) => {
    typist.child.stdin.write('hi @rob\t');
    await typist.waitOut('hi @Robert ');
    typist.child.stdin.write('there\n');
    await robert.next('message', (m) => m.type === 'message' && m.from === 'typist' && m.text === 'hi @Robert there');
    typist.child.stdin.write('/to\t');
    await typist.waitOut('/topic ');
    typist.child.stdin.write('x\n');
    await typist.waitOut('error: only the owner and ops can set the topic');
    // a room of the server's list after /join: Tab asks for it, without printing it
    robert.send({ type: 'join', room: 'design-review' });
    await robert.next('room', (m) => m.type === 'room' && m.name === 'design-review');
    typist.child.stdin.write('/join #des\t');
    await typist.waitOut('/join #design-review ');
    typist.child.stdin.write('\n');
    await typist.waitOut('#design-review > ');
    assert.ok(!typist.out.includes('Rooms:'), 'the list asked for by Tab is not printed');
    // a second Tab on a command more than one could be: each with its usage and what it does (not just the names)
    // (the first Tab types what /delete and /deop share, the second lists them)
    typist.child.stdin.write('/d');
    await shows('#design-review > /d');
    typist.child.stdin.write('\t');
    await shows('#design-review > /de');
    typist.child.stdin.write('\t');
    await typist.waitOut('Take operator rights from <nick>. (owner only)');
    const listed = screenOf(typist.out);
    assert.match(listed, /\n {2}\/delete \[nick\] {2}Delete your last message in this room, for everyone;/);
    assert.match(listed, /\n {2}\/deop <nick> {4}Take operator rights from <nick>\. \(owner only\)\n/);
  }));

test('on a terminal a paste, or an input method\'s word, in the middle of the line goes in at the cursor (Node\'s readline put it at the end), a tab in it as text', () =>
  typistAndRobert(async (typist, robert, shows) => {
    typist.child.stdin.write('abcdef');
    await shows('#general > abcdef');
    typist.child.stdin.write('\x01\x1b[C'); // Ctrl+A, then Right: after the a
    typist.child.stdin.write('XY'); // one read of two characters
    typist.child.stdin.write('\n');
    await robert.next('message', (m) => m.type === 'message' && m.from === 'typist' && m.text === 'aXYbcdef');
    typist.child.stdin.write('abcdef');
    await shows('#general > abcdef');
    typist.child.stdin.write('\x1b[D');
    typist.child.stdin.write('日本');
    typist.child.stdin.write('\n');
    await robert.next('message', (m) => m.type === 'message' && m.from === 'typist' && m.text === 'abcde日本f');
    // a tab in such a paste (indented code) is text there, as at the end of the line: no completion, in its place
    typist.child.stdin.write('@Rob');
    await shows('#general > @Rob');
    typist.child.stdin.write('\x01');
    typist.child.stdin.write('x\ty');
    typist.child.stdin.write('\n');
    const pasted = await robert.next('message', (m) => m.type === 'message' && m.from === 'typist' && m.text.startsWith('x'));
    assert.equal(pasted.text, 'x\ty@Rob');
  }));

test('on a terminal a paste in the middle of the line draws the line once, not once a character', () =>
  typistAndRobert(async (typist, robert, shows) => {
    typist.child.stdin.write('abcdef');
    await shows('#general > abcdef');
    typist.child.stdin.write('\x01\x1b[C'); // Ctrl+A, then Right: after the a
    await until(() => typist.out.endsWith('\x1b[1C') || undefined, 'the cursor after the a');
    const before = typist.out.length;
    const paste = Array.from({ length: 40 }, (_, i) => `word${i} `).join(''); // one write, one read (or a few)
    typist.child.stdin.write(paste);
    await shows(`#general > a${paste}bcdef`);
    // each drawing of the line writes the prompt again: readline drew it once a character (270 times)
    const drawn = typist.out.slice(before).split('#general > ').length - 1;
    assert.ok(drawn >= 1 && drawn <= 3, `the line drawn ${drawn} times`);
    typist.child.stdin.write('\r');
    await robert.next('message', (m) => m.type === 'message' && m.from === 'typist' && m.text === `a${paste}bcdef`);
  }));

test('/query NICK: what is typed goes to that person alone (the prompt says @NICK), /me too, other commands are the room\'s; /query alone goes back', () =>
  typistAndRobert(async (typist, robert, shows) => {
    typist.child.stdin.write('/que\t');
    await shows('#general > /query ');
    typist.child.stdin.write('Rob\t');
    await shows('#general > /query Robert ');
    typist.child.stdin.write('\n');
    await typist.waitOut('talking to Robert directly');
    await shows('@Robert > ');
    typist.line('psst');
    const dm = await robert.next('dm', (m) => m.type === 'dm' && m.from === 'typist');
    assert.deepEqual([dm.to, dm.text, dm.kind], ['Robert', 'psst', 'text']);
    typist.line('/me waves');
    const action = await robert.next('dm', (m) => m.type === 'dm' && m.from === 'typist' && m.kind === 'action');
    assert.equal(action.text, 'waves');
    typist.line('/who');
    await typist.waitOut('In #general:');
    typist.line('/query');
    await typist.waitOut('your messages go to #general again');
    await shows('#general > ');
    typist.line('to everyone');
    await robert.next('message', (m) => m.type === 'message' && m.from === 'typist' && m.text === 'to everyone');
    // with a first line: sent at once
    typist.line('/query Robert one more thing');
    const more = await robert.next('dm', (m) => m.type === 'dm' && m.from === 'typist' && m.text === 'one more thing');
    assert.equal(more.to, 'Robert');
    await shows('@Robert > ');
    // Robert renames as it happens: the conversation follows him
    robert.send({ type: 'nick', id: 'r', nick: 'Bobby' });
    await shows('@Bobby > ');
    typist.line('still there?');
    const followed = await robert.next('dm', (m) => m.type === 'dm' && m.from === 'typist' && m.text === 'still there?');
    assert.equal(followed.to, 'Bobby');
    // a name in none of the rooms (mistyped): said at once, before anything is typed for them; a member's is not
    typist.line('/query Bbboy');
    await typist.waitOut('talking to Bbboy directly');
    await typist.waitOut('-- Bbboy is in none of your rooms: the server refuses what you send unless they are in another');
    typist.line('/query bobby');
    await typist.waitOut('talking to bobby directly');
    typist.line('/query');
    await typist.waitOut(/your messages go to #general again[\s\S]*your messages go to #general again/);
    assert.equal(screenOf(typist.out).split('is in none of your rooms').length, 2, 'said of Bbboy only');
  }));

test('on a terminal Tab turns an emoji name into its emoji; a second Tab lists the emoji it could be, with their names', () =>
  typistAndRobert(async (typist, robert, shows) => {
    typist.child.stdin.write('ship it :tad');
    await shows('#general > ship it :tad');
    typist.child.stdin.write('\t');
    await shows('#general > ship it 🎉 ');
    typist.child.stdin.write('now\n');
    // the emoji itself is sent: a plain client, or any other, gets it as the panel's user sees it
    await robert.next('message', (m) => m.type === 'message' && m.from === 'typist' && m.text === 'ship it 🎉 now');
    // (the first Tab types what the names share, the second lists them)
    typist.child.stdin.write(':smiling_f');
    await shows('#general > :smiling_f');
    typist.child.stdin.write('\t');
    await shows('#general > :smiling_face_with_t');
    typist.child.stdin.write('\t');
    await typist.waitOut(':smiling_face_with_tear:');
    assert.match(screenOf(typist.out), /\n {2}🥰 {2}:smiling_face_with_three_hearts:\n {2}🥲 {2}:smiling_face_with_tear:\n/);
    // what was typed stays, and a name typed whole is its emoji
    typist.child.stdin.write('ear');
    await shows('#general > :smiling_face_with_tear');
    typist.child.stdin.write('\t');
    await shows('#general > 🥲 ');
  }));

test('/share sends lines of a file as a code card, its path from its repository, as VS Code does; /help lists it; what it refuses, it says; Tab completes it and the file', () =>
  typistAndRobert(async (typist, robert, shows) => {
    const repo = mkdtempSync(join(tmpdir(), 'tcp-chat-share-'));
    try {
      mkdirSync(join(repo, '.git'));
      mkdirSync(join(repo, 'src'));
      writeFileSync(join(repo, 'src', 'chatClient.ts'), 'import x from "y";\nfunction resumePoint() {\n  return 1;\n}\n');
      typist.child.stdin.write(`/share ${join(repo, 'src', 'chatClient.ts')}:2-4\n`);
      const card = await robert.next('message', (m) => m.type === 'message' && m.from === 'typist');
      assert.ok(card.type === 'message');
      assert.equal(card.kind, 'code');
      assert.equal(card.text, 'function resumePoint() {\n  return 1;\n}');
      assert.deepEqual(card.code, { path: 'src/chatClient.ts', language: 'typescript', startLine: 2, endLine: 4 });
      await typist.waitOut(': [code src/chatClient.ts:2-4 (typescript)]');
      typist.child.stdin.write(`/share ${join(repo, 'src', 'chatClient.ts')}:9\n`);
      await typist.waitOut('chatClient.ts has 4 lines: line 9 is past its end');
      typist.child.stdin.write('/help\n');
      await typist.waitOut(/\/share <file>\[:<line>\[-<line>\]\] +Share lines of a file/);
      // Tab: the command, then the file
      typist.child.stdin.write('/sha');
      await shows('#general > /sha');
      typist.child.stdin.write('\t');
      await shows('#general > /share ');
      typist.child.stdin.write(`${join(repo, 's')}`);
      await shows(`#general > /share ${join(repo, 's')}`);
      typist.child.stdin.write('\t');
      await shows(`#general > /share ${join(repo, 'src')}/`);
      typist.child.stdin.write('\t');
      await shows(`#general > /share ${join(repo, 'src', 'chatClient.ts')}`);
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  }));

test("/changes sends a file's uncommitted changes as a diff card, as VS Code's Share Changes does; none: said, nothing sent; /help and Tab know it", () =>
  typistAndRobert((typist, robert, shows) =>
    inRepository({ 'src/chatClient.ts': 'import x from "y";\nfunction resumePoint() {\n  return 1;\n}\n' }, async (repo) => {
      const file = join(repo, 'src', 'chatClient.ts');
      typist.child.stdin.write(`/changes ${file}\n`);
      await typist.waitOut('-- no changes of src/chatClient.ts since its last commit: nothing sent');
      writeFileSync(file, 'import x from "y";\nfunction resumePoint() {\n  return 2;\n}\n');
      typist.child.stdin.write(`/changes ${file}\n`);
      const card = await robert.next('message', (m) => m.type === 'message' && m.from === 'typist');
      assert.ok(card.type === 'message');
      assert.equal(card.kind, 'code');
      assert.match(card.text, /^diff --git a\/src\/chatClient\.ts b\/src\/chatClient\.ts\n[^]*\n@@ -1,4 \+1,4 @@\n import x from "y";\n function resumePoint\(\) \{\n- {2}return 1;\n\+ {2}return 2;\n \}$/);
      assert.deepEqual(card.code, { path: 'src/chatClient.ts', language: 'diff', startLine: 1, endLine: 4 });
      await typist.waitOut(': [code src/chatClient.ts:1-4 (diff)]');
      writeFileSync(join(repo, 'src', 'new.ts'), 'new\n');
      typist.child.stdin.write(`/changes ${join(repo, 'src', 'new.ts')}\n`);
      await typist.waitOut('Git does not track src/new.ts');
      typist.child.stdin.write('/help\n');
      await typist.waitOut(/\/changes <file>\[:<line>\[-<line>\]\] +Share a file's uncommitted changes/);
      typist.child.stdin.write('/c');
      await shows('#general > /c');
      typist.child.stdin.write('\t');
      await shows('#general > /changes ');
      typist.child.stdin.write(`${join(repo, 'src', 'new')}`);
      typist.child.stdin.write('\t');
      await shows(`#general > /changes ${join(repo, 'src', 'new.ts')}`);
    })));

test("/help on a terminal: an entry's rows are all under its text, counted in the terminal's cells (/react's emoji take two each)", () =>
  withHost(async (_host, joiner) => {
    // (90 columns: counted a character each, /react's row of emoji was one cell too wide there, and the terminal's
    // wrapping put its last word alone on a row of its own, under the chat's lines' indent)
    const typist = joiner(['--nick', 'typist'], {}, 90);
    await typist.waitOut('#general > ');
    typist.child.stdin.write('/help\n');
    await typist.waitOut('//<text>');
    const rows = terminalRows(typist.out, 90);
    const react = rows.findIndex((r) => r.startsWith('  /react '));
    const next = rows.findIndex((r) => r.startsWith('  /reply '));
    assert.ok(react > 0 && next > react + 1, rows.join('\n'));
    const column = rows[react]!.indexOf('Put a reaction');
    const under = rows.slice(react + 1, next);
    assert.deepEqual(under.filter((r) => !r.startsWith(' '.repeat(column)) || r[column] === ' '), [], rows.slice(react, next + 1).join('\n'));
    assert.match(under.join(' ').replace(/ +/g, ' '), /👍 👀 🎉 ✅ ❤️ 😄, or its name \(:\+1: :eyes: :tada: :white_check_mark: :heart: :smile:\)\.$/);
  }));

test('reactions on a terminal: one put under your message prints a line; /react puts one under the last message by someone else, and again takes it off', () =>
  typistAndRobert(async (typist, robert, shows) => {
    typist.child.stdin.write('ready for review\n');
    const mine = await robert.next('message', (m) => m.type === 'message' && m.from === 'typist' && m.text === 'ready for review');
    const sent = clockOf(mine.time); // (the time the typist's line shows, in this machine's time zone as the test's)
    robert.send({ type: 'react', id: 'r1', room: 'general', target: mine.seq, emoji: '👍' });
    await until(() => screenOf(typist.out).includes(`-- Robert reacted 👍 to your message sent at ${sent}\n`) || undefined, () => `the reaction's line: ${JSON.stringify(screenOf(typist.out).slice(-300))}`, 20_000);
    // the typist answers Robert's message, the last one by someone else (its own is passed over)
    robert.send({ type: 'send', id: 's1', room: 'general', text: 'looks good', kind: 'text' });
    const his = await robert.next('message', (m) => m.type === 'message' && m.from === 'Robert' && m.text === 'looks good');
    await until(() => screenOf(typist.out).includes('Robert: looks good') || undefined, 'his message on the typist\'s screen');
    typist.child.stdin.write('/react :+1:\n');
    const put = await robert.next('react', (m) => m.type === 'react' && m.from === 'typist');
    assert.ok(put.type === 'react');
    assert.deepEqual([put.target, put.emoji, put.on], [his.seq, '👍', true]);
    await typist.waitOut("-- you reacted 👍 to Robert's message sent at ");
    // the same again takes it off (the server toggles it), by his name too
    typist.child.stdin.write('/react 👍 robert\n');
    const off = await robert.next('react', (m) => m.type === 'react' && m.from === 'typist');
    assert.ok(off.type === 'react');
    assert.deepEqual([off.target, off.emoji, off.on], [his.seq, '👍', false]);
    await typist.waitOut("-- you took your 👍 off Robert's message sent at ");
    typist.child.stdin.write('/react :rocket:\n');
    await typist.waitOut('error: :rocket: is no reaction: react with one of 👍 :+1:');
    typist.child.stdin.write('/react 👀 nobody\n');
    await typist.waitOut('error: no message by nobody in #general to react to (of those this terminal has)');
    // the typist's own reactions, and Robert's on his own message, print nothing of the kind
    assert.equal(screenOf(typist.out).split('to your message').length - 1, 1, screenOf(typist.out));
    // /help lists it (the terminal's own command), and Tab completes it
    typist.child.stdin.write('/help react\n');
    await typist.waitOut('/react <emoji> [nick]: Put a reaction under the last message');
    typist.child.stdin.write('/reac');
    await shows('#general > /reac');
    typist.child.stdin.write('\t');
    await shows('#general > /react ');
    // a reaction that waits for its window's end names its author as they are called when it is said: 🎉 is said at
    // once or waits, ❤️ (in a window whichever way) waits, and Robert renames before it ends
    typist.child.stdin.write('\x15'); // (Ctrl+U: the typed `/react ` goes)
    robert.send({ type: 'react', id: 'r2', room: 'general', target: mine.seq, emoji: '🎉' });
    robert.send({ type: 'react', id: 'r3', room: 'general', target: mine.seq, emoji: '❤️' });
    robert.send({ type: 'nick', id: 'n1', nick: 'Bob' });
    await until(() => /-- Bob reacted (🎉 )?❤️ to your message sent at /.test(screenOf(typist.out)) || undefined, () => `the gathered line under the new name: ${JSON.stringify(screenOf(typist.out).slice(-400))}`, 20_000);
  }));

test("/reply on a terminal: a message quoting the room's last message by someone else (or by @nick), its author mentioned, as VS Code's Reply", () =>
  typistAndRobert(async (typist, robert, shows) => {
    robert.send({ type: 'send', id: 's1', room: 'general', text: 'the build is red\nsince 9:00\n\nany idea?', kind: 'text' });
    await until(() => screenOf(typist.out).includes('Robert: any idea?') || undefined, 'his message on the typist\'s screen');
    /** What the typist's line sends, as Robert gets it (a message ending in `end`). */
    const sends = async (line: string, end: string) => {
      typist.child.stdin.write(`${line}\n`);
      const got = await robert.next('message', (m) => m.type === 'message' && m.from === 'typist' && m.text.endsWith(end));
      return got.type === 'message' ? got.text : '';
    };
    await sends('here too', 'here too');
    // (its own message is passed over: Robert's is the last by someone else)
    assert.equal(await sends('/reply on it, a flaky test', 'a flaky test'), '> the build is red\n> since 9:00\n>\n> any idea?\n\n@Robert on it, a flaky test');
    // shared code by its file and lines; by @nick, his last; one's own (by @ itself), quoted without a mention
    robert.send({ type: 'send', id: 's2', room: 'general', text: 'let x = 1;', kind: 'code', code: { path: 'src/a.ts', startLine: 3, endLine: 4, language: 'typescript' } });
    await until(() => screenOf(typist.out).includes('let x = 1;') || undefined, 'his card on the typist\'s screen');
    assert.equal(await sends('/reply @robert why 1?', 'why 1?'), '> src/a.ts:3 (lines 3–4)\n\n@Robert why 1?');
    // (in the typist's room too before its next /reply: Robert may have it first, and /reply quoted the one before.
    // The room's line of it quotes the card; the pending area's shows `> …`, and its answer's line was taken for it)
    await until(() => screenOf(typist.out).includes('typist: > src/a.ts:3 (lines 3–4)') || undefined, 'the reply back in the typist\'s room');
    assert.equal(await sends('/reply @typist and more', 'and more'), '> > src/a.ts:3 (lines 3–4)\n>\n> @Robert why 1?\n\nand more', 'its last: the reply before, quoted in turn');
    // refused, with a line saying why: no text, nobody's message; in a /query, none of his yet, a third person's;
    // /help lists it (the terminal's own command)
    for (const [line, answer] of [
      ['/reply @robert', 'error: usage: /reply [@nick] <text>'],
      ['/reply @nobody hi', 'error: no message by nobody in #general to reply to (of those this terminal has)'],
      ['/query robert', 'talking to robert directly'],
      ['/reply hi', 'error: no message from robert in your conversation with robert to reply to (of those this terminal has)'],
      ['/reply @carol hi', 'error: carol is not in your conversation with robert: /reply @robert (or none) answers their last message'],
      ['/help reply', '/reply [@nick] <text>: Send <text> as a reply to the last message'],
    ]) {
      typist.child.stdin.write(`${line}\n`);
      await typist.waitOut(answer!);
    }
    // in the /query: his last direct message quoted, to him alone, with no mention (as the panel's Reply in a
    // direct conversation); the room's messages are not his direct ones
    robert.send({ type: 'dm', id: 'd1', to: 'typist', text: 'can you look at\nthe CI?', kind: 'text' });
    await until(() => screenOf(typist.out).includes('the CI?') || undefined, 'his direct message on the typist\'s screen');
    typist.child.stdin.write('/reply sure\n');
    const dm = await robert.next('dm', (m) => m.type === 'dm' && m.from === 'typist');
    assert.equal(dm.type === 'dm' ? `${dm.to}: ${dm.text}` : '', 'Robert: > can you look at\n> the CI?\n\nsure');
    typist.child.stdin.write('/query\n');
    await typist.waitOut('your messages go to #general again');
    // and Tab completes it
    typist.child.stdin.write('/repl');
    await shows('#general > /repl');
    typist.child.stdin.write('\t');
    await shows('#general > /reply ');
  }));

test("/apply on a terminal: the room's last diff card made in your copy of its file, where its lines are now; /apply undo takes it back; again, said to be there already; refused for another file", () =>
  withHost(async (host, joiner) => {
    // (a repository of the typist's own: /apply writes the file)
    const repo = mkdtempSync(join(tmpdir(), 'tcp-chat-apply-'));
    try {
      mkdirSync(join(repo, '.git'));
      mkdirSync(join(repo, 'src'));
      // (the typist's copy: two lines above the ones Robert's diff was made on)
      writeFileSync(join(repo, 'src', 'a.ts'), '// mine\n// also mine\nconst a = 1;\nconst b = 2;\nconst c = 3;\n');
      const port = Number(/listening on 127\.0\.0\.1:(\d+)/.exec(host.out)![1]);
      // (a terminal wide enough for the lines that name the file whole)
      const typist = joiner(['--nick', 'typist'], {}, 200, repo);
      await typist.waitOut('#general > ');
      const robert = await RawRich.join(port, 'Robert');
      try {
        await typist.waitOut('Robert joined');
        typist.line('/apply');
        await typist.waitOut('error: no shared diff in #general to apply (Share Changes and /changes send one)');
        const diff = 'diff --git a/src/a.ts b/src/a.ts\nindex 1..2 100644\n--- a/src/a.ts\n+++ b/src/a.ts\n@@ -1,3 +1,3 @@\n const a = 1;\n-const b = 2;\n+const b = 20;\n const c = 3;';
        robert.send({ type: 'send', id: 'd1', room: 'general', text: diff, kind: 'code', code: { path: 'src/a.ts', language: 'diff', startLine: 1, endLine: 3 } });
        robert.send({ type: 'send', id: 'c1', room: 'general', text: 'x', kind: 'code', code: { path: 'src/a.ts', language: 'typescript', startLine: 1, endLine: 1 } });
        await typist.waitOut('+const b = 20;');
        // (the last diff, not the last card, which is code)
        typist.line('/apply');
        await typist.waitOut(`-- made 1 change in src/a.ts (${join(repo, 'src', 'a.ts')}; git diff shows them, /apply undo takes them back)`);
        assert.equal(readFileSync(join(repo, 'src', 'a.ts'), 'utf8'), '// mine\n// also mine\nconst a = 1;\nconst b = 20;\nconst c = 3;\n');
        // taken back, once
        typist.line('/apply undo');
        await typist.waitOut(`-- took back the changes /apply made in src/a.ts (${join(repo, 'src', 'a.ts')})`);
        assert.equal(readFileSync(join(repo, 'src', 'a.ts'), 'utf8'), '// mine\n// also mine\nconst a = 1;\nconst b = 2;\nconst c = 3;\n');
        typist.line('/apply undo');
        await typist.waitOut('error: nothing to take back: /apply has changed no file here since join started');
        typist.line('/apply');
        await until(() => typist.out.split('/apply undo takes them back)').length === 3 || undefined, () => `made again: ${JSON.stringify(typist.out.slice(-300))}`);
        // Tab after /apply lists the cards as /open's does: the numbers /apply n takes; and undo first, with an /apply
        // to take back
        typist.child.stdin.write('/apply \t');
        await until(() => /undo {2}take back the last \/apply, of src\/a\.ts\n +1 {2}src\/a\.ts:1 \(typescript\) {2}Robert \d\d:\d\d\n(?:.*\n)*? +2 {2}src\/a\.ts/.test(screenOf(typist.out)) || undefined, () => `the cards listed: ${JSON.stringify(screenOf(typist.out).slice(-300))}`);
        typist.child.stdin.write('2\n');
        await typist.waitOut('-- src/a.ts here has these changes already');
        // (`/apply u` completes to undo)
        typist.child.stdin.write('/apply u\t');
        await until(() => screenOf(typist.out).endsWith('#general > /apply undo') || undefined, () => `undo completed: ${JSON.stringify(screenOf(typist.out).slice(-200))}`);
        typist.child.stdin.write('\n');
        await until(() => typist.out.split('-- took back the changes /apply made in src/a.ts').length === 3 || undefined, () => `taken back again: ${JSON.stringify(typist.out.slice(-300))}`);
        typist.line('/apply 1');
        await typist.waitOut('error: that shared code is no diff: /apply makes the changes of a diff card (Share Changes, /changes)');
        robert.send({ type: 'send', id: 'g1', room: 'general', text: diff.replace(/src\/a\.ts/g, '.git/config'), kind: 'code', code: { path: '.git/config', language: 'diff', startLine: 1, endLine: 3 } });
        await typist.waitOut('.git/config');
        typist.line('/apply');
        await typist.waitOut("error: .git/config is one of Git's own files: changes to it are not applied from chat");
        typist.line('/help apply');
        await typist.waitOut('/apply [n|undo]: Make the changes of the room');
        // in no room: said so, as the room's other commands say it
        typist.line('/part');
        await typist.waitOut('You left #general.');
        typist.line('/apply');
        await typist.waitOut('error: you are not in a room: /join #room first');
      } finally {
        robert.close();
      }
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  }));

test("after a rename, what the terminal says of a message says whose it is by the name its author goes by now: /react's answer, a delete, /open's list", () =>
  typistAndRobert(async (typist, robert, shows) => {
    const sees = (text: string | RegExp) => until(() => (typeof text === 'string' ? screenOf(typist.out).includes(text) : text.test(screenOf(typist.out))) || undefined, () => `${String(text)} on the screen: ${JSON.stringify(screenOf(typist.out).slice(-400))}`, 20_000);
    robert.send({ type: 'send', id: 'c1', room: 'general', text: '"name": "tcp-chat",', kind: 'code', code: { path: 'package.json', language: 'json', startLine: 2, endLine: 2 } });
    robert.send({ type: 'send', id: 's1', room: 'general', text: 'written as Robert', kind: 'text' });
    await sees('Robert: written as Robert');
    robert.send({ type: 'nick', id: 'n1', nick: 'Bobby' });
    await sees('Robert is now known as Bobby');
    // by the name they go by now, or by the one the message shows: either way it is Bobby's now
    typist.line('/react 👀 bobby');
    await sees("-- you reacted 👀 to Bobby's message sent at ");
    typist.line('/react 👀 robert');
    await sees("-- you took your 👀 off Bobby's message sent at ");
    // (your own, named: yours)
    typist.line('before my rename');
    await robert.next('message', (m) => m.type === 'message' && m.text === 'before my rename');
    typist.line('/nick typist2');
    await sees('You are now typist2.');
    typist.line('/react 🎉 typist');
    await sees('-- you reacted 🎉 to your message sent at ');
    typist.child.stdin.write('/open ');
    await shows('#general > /open ');
    typist.child.stdin.write('\t');
    await sees(/ {3}1 {2}package\.json:2 \(json\) {2}Bobby \d\d:\d\d\n/);
    typist.child.stdin.write('\x15'); // (Ctrl+U: the line typed goes)
    // his own delete, of the message he wrote as Robert: his, under his name now
    robert.send({ type: 'delete', id: 'd1', room: 'general', target: 0 });
    await sees(/-- Bobby deleted a message sent at \d\d:\d\d\n/);
    assert.doesNotMatch(screenOf(typist.out), /Robert's message|Robert deleted|Robert \d\d:\d\d/, JSON.stringify(screenOf(typist.out).slice(-600)));
  }));

/**
 * Runs `fn` with an editor for $EDITOR that prints EDITING, reads a line typed in it, writes what it was given and
 * that line to `record`, prints DONE and exits. It reads the terminal cooked, as `ed` does, and as `ed` does, takes
 * Ctrl+C for itself (prints INTERRUPTED and reads on); a resize of the terminal, it prints RESIZED.
 */
async function withFakeEditor(fn: (env: Record<string, string>, record: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tcp-chat-editor-'));
  try {
    const record = join(dir, 'record.json');
    // (in a folder with a space in its name, quoted in $EDITOR: the shell reads it as Git's $EDITOR is read)
    mkdirSync(join(dir, 'my editor'));
    writeFileSync(join(dir, 'my editor', 'editor.mjs'), `import { writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
process.on('SIGINT', () => process.stdout.write('INTERRUPTED\\n'));
process.on('SIGWINCH', () => process.stdout.write('RESIZED\\n'));
process.stdout.write('EDITING\\n');
createInterface({ input: process.stdin }).once('line', (line) => {
  writeFileSync(${JSON.stringify(record)}, JSON.stringify({ args: process.argv.slice(2), line }));
  process.stdout.write('DONE\\n');
  process.exit(0);
});
`);
    // (VISUAL comes first: one set where the tests run would open instead)
    // (TMPDIR: the copies /open writes of code this copy has no file for go in this folder, removed with it)
    await fn({ VISUAL: '', EDITOR: `${process.execPath} '${join(dir, 'my editor', 'editor.mjs')}'`, TMPDIR: dir }, record);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The typist shares line 2 of package.json (its card comes back), then types /open. */
async function shareAndOpen(typist: Proc): Promise<void> {
  typist.child.stdin.write('/share package.json:2\n');
  await typist.waitOut(': [code package.json:2 (json)]');
  typist.child.stdin.write('/open\n');
}

test("/open hands the terminal to $EDITOR at the room's last code card, where it is in this copy of its file; the room's lines wait until it exits", () =>
  withFakeEditor((env, record) => typistAndRobert(async (typist, robert, shows) => {
      typist.child.stdin.write('/open\n');
      await typist.waitOut('no shared code in #general to open');
      // (shared from robert's copy, where the lines are 5-6: in this one they are 2-3)
      robert.send({ type: 'send', id: 'c1', room: 'general', text: '"name": "tcp-chat",\n"displayName": "TCP Chat",', kind: 'code', code: { path: 'package.json', language: 'json', startLine: 5, endLine: 6 } });
      await typist.waitOut(': [code package.json:5-6 (json)]');
      typist.child.stdin.write('/open\n');
      await typist.waitOut('-- shared as lines 5-6, found at 2-3 here');
      await typist.waitOut('EDITING');
      // what the room says meanwhile waits: the terminal is the editor's
      robert.send({ type: 'send', id: 'm1', room: 'general', text: 'while you edit' });
      await robert.next('message', (m) => m.type === 'message' && m.text === 'while you edit');
      // what is typed goes to the editor, not to the room
      typist.child.stdin.write('typed in the editor\n');
      await typist.waitOut('while you edit');
      const out = screenOf(typist.out);
      assert.ok(out.indexOf('DONE') < out.indexOf('while you edit'), JSON.stringify(out.slice(-300)));
      assert.deepEqual(JSON.parse(readFileSync(record, 'utf8')), { args: ['+2', join(process.cwd(), 'package.json')], line: 'typed in the editor' });
      // and the chat reads the terminal again
      await shows('#general > ');
      typist.child.stdin.write('back\n');
      const next = await robert.next('message', (m) => m.type === 'message' && m.from === 'typist');
      assert.ok(next.type === 'message' && next.text === 'back', JSON.stringify(next));
    }, env)));

test('/open of a diff card opens this copy at its first changed line; a diff whose lines this copy has not, a copy of the diff, saying so', () =>
  withFakeEditor((env, record) => typistAndRobert(async (typist, robert, shows) => {
      // package.json's first lines, the third changed on robert's side
      const diffOf = (lines: string[]) => ['diff --git a/package.json b/package.json', '--- a/package.json', '+++ b/package.json', '@@ -1,4 +1,4 @@', ` ${lines[0]!}`, ` ${lines[1]!}`, `-${lines[2]!}`, `+${lines[2]!.replace('",', '!",')}`, ` ${lines[3]!}`].join('\n');
      const send = (id: string, text: string) => robert.send({ type: 'send', id, room: 'general', text, kind: 'code', code: { path: 'package.json', language: 'diff', startLine: 1, endLine: 4 } });
      send('d1', diffOf(readFileSync('package.json', 'utf8').split('\n').slice(0, 4)));
      await typist.waitOut(': [code package.json:1-4 (diff)]');
      typist.child.stdin.write('/open\n');
      await typist.waitOut('EDITING');
      typist.child.stdin.write('seen\n');
      await typist.waitOut('DONE');
      assert.deepEqual(JSON.parse(readFileSync(record, 'utf8')).args, ['+3', join(process.cwd(), 'package.json')]);
      await shows('#general > ');
      send('d2', diffOf(['{', '  "name": "another",', '  "displayName": "Another",', '  "version": "9.0.0",']));
      await typist.waitOut('"version": "9.0.0",');
      typist.child.stdin.write('/open\n');
      await typist.waitOut(/-- the lines of these changes are not in your package\.json, neither as they were before them nor as after: opening a copy of the shared code, [^\n]*package\.json\.diff/);
      typist.child.stdin.write('seen\n');
      await until(() => /package\.json\.diff"\]/.test(readFileSync(record, 'utf8')) || undefined, 'the copy opened');
      const [, copy] = JSON.parse(readFileSync(record, 'utf8')).args as string[];
      assert.match(readFileSync(copy!, 'utf8'), /^diff --git a\/package\.json b\/package\.json\n[^]*\+ {2}"displayName": "Another!",\n/);
    }, env)));

test('Ctrl+C in an editor that /open started, on a cooked terminal (ed), is the editor\'s: join stays in the room', () =>
  withFakeEditor((env, record) => typistAndRobert(async (typist, robert, shows) => {
      await shareAndOpen(typist);
      await typist.waitOut('EDITING');
      // (the terminal's driver signals every process of its foreground group: join and the editor)
      typist.child.stdin.write('\x03');
      await typist.waitOut('INTERRUPTED');
      typist.child.stdin.write('after the interrupt\n');
      await typist.waitOut('DONE');
      assert.equal(JSON.parse(readFileSync(record, 'utf8')).line, 'after the interrupt');
      await shows('#general > ');
      typist.child.stdin.write('still here\n');
      const next = await robert.next('message', (m) => m.type === 'message' && m.from === 'typist' && m.kind !== 'code');
      assert.ok(next.type === 'message' && next.text === 'still here', JSON.stringify(next));
    }, env)));

test('a resize while /open\'s editor has the terminal draws nothing of the chat into it: its prompt comes back once the editor exits', () =>
  withFakeEditor((env) => withHost(async (_host, joiner) => {
    const typist = joiner(['--nick', 'typist'], env, 80);
    await typist.waitOut('#general > ');
    await shareAndOpen(typist);
    await typist.waitOut('EDITING');
    typist.resize(60);
    // (the terminal's group got the signal, the join too: it reads it before it learns that the editor exited)
    await typist.waitOut('RESIZED');
    typist.child.stdin.write('edited\n');
    await typist.waitOut('DONE');
    await until(() => rowsOf(typist).at(-1) === '#general >' || undefined, () => `the prompt again:\n${rowsOf(typist).slice(-8).join('\n')}`);
    const rows = rowsOf(typist);
    const editor = rows.lastIndexOf('EDITING');
    assert.deepEqual(rows.slice(editor), ['EDITING', 'RESIZED', 'edited', 'DONE', '#general >'], rows.slice(-8).join('\n'));
  })));

test("/open n opens the nth last code card of the room; Tab after /open lists them, the last first; a deleted card is gone from them", () =>
  withFakeEditor((env, record) => typistAndRobert(async (typist, robert, shows) => {
      const card = (id: string, startLine: number, text: string, language = 'json') => robert.send({ type: 'send', id, room: 'general', text, kind: 'code', code: { path: 'package.json', language, startLine, endLine: startLine } });
      card('c1', 2, '"name": "tcp-chat",');
      await typist.waitOut(': [code package.json:2 (json)]');
      card('c2', 3, '"displayName": "TCP Chat",', 'jsonc');
      await typist.waitOut(': [code package.json:3 (jsonc)]');
      card('c3', 4, 'a secret: nothing of package.json');
      await typist.waitOut(': [code package.json:4 (json)]');
      robert.send({ type: 'delete', id: 'd1', room: 'general', target: 0 });
      await typist.waitOut('Robert deleted a message');
      typist.child.stdin.write('/open ');
      await shows('#general > /open ');
      typist.child.stdin.write('\t');
      // (in columns: the shorter reference padded to the longer)
      const listed = /\n {3}1 {2}package\.json:3 \(jsonc\) {2}Robert \d\d:\d\d\n {3}2 {2}package\.json:2 \(json\) {3}Robert \d\d:\d\d\n/;
      await until(() => listed.test(screenOf(typist.out)) || undefined, () => `the cards listed: ${JSON.stringify(screenOf(typist.out).slice(-300))}`, 20_000);
      assert.doesNotMatch(screenOf(typist.out), /package\.json:4 \(json\) {2}Robert/, 'the deleted card is not listed');
      typist.child.stdin.write('3\n');
      await typist.waitOut('/open 3: open the nth last code of #general, n from 1 (the last) to 2 (Tab after /open lists them)');
      typist.child.stdin.write('/open 2\n');
      await typist.waitOut('EDITING');
      typist.child.stdin.write('done\n');
      await typist.waitOut('DONE');
      assert.deepEqual(JSON.parse(readFileSync(record, 'utf8')).args, ['+2', join(process.cwd(), 'package.json')]);
      // the room's history again after a /part and a /join: the same two cards, not four
      await shows('#general > ');
      typist.child.stdin.write('/part\n');
      await typist.waitOut('(no room: /join #room) > ');
      typist.child.stdin.write('/join #general\n');
      await shows('#general > ');
      typist.child.stdin.write('/open 3\n');
      await typist.waitOut(/\/open 3: open the nth last code of #general, n from 1 \(the last\) to 2 \(Tab after \/open lists them\)[^]*\/open 3: open the nth last code of #general, n from 1 \(the last\) to 2 \(Tab/);
    }, env)));

test("on a terminal a mention of you or a direct message rings the bell as it comes; the history, another's line and --no-bell ring nothing", () =>
  withHost(async (host, joiner) => {
    const port = Number(/listening on 127\.0\.0\.1:(\d+)/.exec(host.out)![1]);
    const robert = await RawRich.join(port, 'Robert');
    try {
      robert.send({ type: 'send', id: 'h1', room: 'general', text: 'before you came, @typist' });
      await robert.next('ack', (m) => m.type === 'ack' && m.id === 'h1');
      const bells = (p: Proc) => p.out.split('\x07').length - 1;
      const typist = joiner(['--nick', 'typist'], {}, true);
      await typist.waitOut('#general > ');
      await typist.waitOut('before you came, @typist');
      robert.send({ type: 'send', id: 'm1', room: 'general', text: 'just chatting' });
      await typist.waitOut('just chatting');
      assert.equal(bells(typist), 0, 'the history a join replays and a line not for you ring nothing');
      robert.send({ type: 'send', id: 'm2', room: 'general', text: '@typist look at this' });
      await until(() => bells(typist) === 1 || undefined, 'the bell on a mention', 20_000);
      robert.send({ type: 'dm', id: 'd1', to: 'typist', text: 'psst' });
      await until(() => bells(typist) === 2 || undefined, 'the bell on a direct message', 20_000);
      // a burst in one conversation rings once (as VS Code notifies: once in 3 s)
      for (let i = 0; i < 10; i++) robert.send({ type: 'dm', id: `burst${i}`, to: 'typist', text: `psst ${i}` });
      await typist.waitOut('psst 9');
      const rung = bells(typist);
      assert.ok(rung <= 3, `ten direct messages at once rang ${rung - 2} times`);
      // (your own mention of yourself is no call)
      typist.child.stdin.write('note to self, @typist\n');
      await robert.next('message', (m) => m.type === 'message' && m.from === 'typist');
      const quiet = joiner(['--nick', 'quiet', '--no-bell'], {}, true);
      await quiet.waitOut('#general > ');
      robert.send({ type: 'send', id: 'm3', room: 'general', text: '@quiet hello' });
      robert.send({ type: 'dm', id: 'd2', to: 'quiet', text: 'psst again' });
      await quiet.waitOut('psst again');
      // (`@quiet` in quiet's colour: the screen's text)
      await until(() => screenOf(typist.out).includes('@quiet hello') || undefined, 'the mention of quiet on the typist\'s screen');
      assert.equal(bells(quiet), 0, '--no-bell');
      assert.equal(bells(typist), rung, "another's mention and your own ring nothing");
    } finally {
      robert.close();
    }
  }));

test('/open of code this copy has no file for (a file you lack, none named) opens a copy of the card, as VS Code opens it untitled', () =>
  withFakeEditor((env, record) => typistAndRobert(async (typist, robert) => {
      robert.send({ type: 'send', id: 'c1', room: 'general', text: 'export const answer = 42;', kind: 'code', code: { path: 'src/not-here.ts', language: 'typescript', startLine: 7, endLine: 7 } });
      await typist.waitOut(': [code src/not-here.ts:7 (typescript)]');
      typist.child.stdin.write('/open\n');
      await typist.waitOut(/-- no src\/not-here\.ts in .* \(run join in your copy of the repository to open its files\): opening a copy of the shared code, /);
      await typist.waitOut('EDITING');
      typist.child.stdin.write('read it\n');
      await typist.waitOut('DONE');
      const { args } = JSON.parse(readFileSync(record, 'utf8')) as { args: string[] };
      assert.equal(args[0], '+1');
      assert.ok(args[1]!.startsWith(env.TMPDIR!) && args[1]!.endsWith('not-here.ts'), args[1]);
      assert.equal(readFileSync(args[1]!, 'utf8'), 'export const answer = 42;\n');
    }, env)));

test('an editor that cannot start: /open says so and the chat reads the terminal again', () =>
  typistAndRobert(async (typist, robert, shows) => {
    await shareAndOpen(typist);
    await typist.waitOut('cannot start your editor (/nonexistent/editor: the shell could not run it, exit 127); set VISUAL or EDITOR');
    await shows('#general > ');
    typist.child.stdin.write('typed after\n');
    const next = await robert.next('message', (m) => m.type === 'message' && m.from === 'typist' && m.kind !== 'code');
    assert.ok(next.type === 'message' && next.text === 'typed after', JSON.stringify(next));
  }, { VISUAL: '', EDITOR: '/nonexistent/editor' }));

test('a room that closes while /open has the editor up: join waits for the editor to exit, then says so and leaves', () =>
  withFakeEditor((env, record) => withHost(async (host, joiner) => {
    const typist = joiner(['--nick', 'typist', '--wait-for-host', '0'], env, true);
    await typist.waitOut('#general > ');
    await shareAndOpen(typist);
    await typist.waitOut('EDITING');
    host.child.kill('SIGTERM');
    await until(() => (!existsSync(record) && host.code !== undefined) || undefined, 'the host to stop', 20_000);
    // (time for join to see the room closed: without waiting for the editor it left within 0.1 s. A slower machine
    // can only make this test pass without showing the wait, never fail with it)
    await new Promise((r) => setTimeout(r, 2000));
    // the editor still has the terminal and the room's last line is held for it: join is there yet
    typist.child.stdin.write('still editing\n');
    assert.equal(await typist.exited(), 0);
    assert.deepEqual(JSON.parse(readFileSync(record, 'utf8')).line, 'still editing');
    const out = screenOf(typist.out);
    assert.ok(out.indexOf('DONE') >= 0 && out.indexOf('DONE') < out.indexOf('the host closed the room'), JSON.stringify(out.slice(-300)));
  })));

test('on a terminal an edit and a delete say which message by the time it was sent (its text is not repeated)', () =>
  withHost(async (host, joiner) => {
    const port = Number(/listening on 127\.0\.0\.1:(\d+)/.exec(host.out)![1]);
    const reader = joiner(['--nick', 'reader'], {}, true);
    await reader.waitOut('#general > ');
    const bob = await RawRich.join(port, 'bob');
    try {
      bob.send({ type: 'send', id: 's1', room: 'general', text: 'the token is abc123' });
      const sent = await bob.next('message', (m) => m.type === 'message' && m.from === 'bob');
      await reader.waitOut('the token is abc123');
      const at = new Date(sent.time);
      const hhmm = `${String(at.getHours()).padStart(2, '0')}:${String(at.getMinutes()).padStart(2, '0')}`;
      bob.send({ type: 'edit', room: 'general', target: sent.seq, text: 'the token is (gone)' });
      await reader.waitOut('(gone)');
      bob.send({ type: 'delete', room: 'general', target: sent.seq });
      await reader.waitOut('deleted a message');
      const screen = screenOf(reader.out);
      assert.match(screen, new RegExp(`bob \\(edited, sent at ${hhmm}\\): the token is \\(gone\\)\n`), JSON.stringify(screen.slice(-300)));
      assert.match(screen, new RegExp(`-- bob deleted a message sent at ${hhmm}\n`), JSON.stringify(screen.slice(-300)));
    } finally {
      bob.close();
    }
  }));

test('on a narrow terminal, messages that come while a long line is typed all show, above the line being typed', () =>
  withHost(async (_host, joiner) => {
    const typist = joiner(['--nick', 'typist'], {}, 40);
    await typist.waitOut('#general > ');
    const other = joiner(['--nick', 'other']);
    await typist.waitOut('other joined!');
    const typed = 'a reply long enough to wrap over two rows of this terminal';
    typist.child.stdin.write(typed); // no Enter: still being typed
    await typist.waitOut('wrap over two');
    for (const text of ['message one', 'message two', 'message three']) {
      other.line(text);
      await typist.waitOut(new RegExp(`other\\S*: ${text}`)); // the nickname is coloured
    }
    await until(() => (terminalRows(typist.out, 40).some((l) => l.includes('this terminal')) ? true : undefined), 'the typed line drawn again');
    const screen = terminalRows(typist.out, 40).filter((l) => l !== '');
    const shown = screen.filter((l) => /other: message/.test(l)).map((l) => l.replace(/^\d\d:\d\d /, ''));
    assert.deepEqual(shown, ['other: message one', 'other: message two', 'other: message three'], screen.join('\n'));
    assert.equal(screen.filter((l) => l.startsWith('#general > ')).length, 1, `one prompt, below them:\n${screen.join('\n')}`);
    assert.equal(screen.slice(-2).join(''), `#general > ${typed}`);
  }));

/**
 * The rows (not empty) a terminal `cols` wide shows once its join, `nick`, has typed `typed` and Enter, and the room's
 * line of it came back with the prompt under it; the line typed must be gone: one prompt, alone on the last row.
 * `count`: how often a character shows on them.
 */
async function typedAndSent(join: Proc, nick: string, typed: string, cols: number): Promise<{ rows: string[]; count: (ch: string) => number }> {
  const screen = () => terminalRows(join.out, cols).filter((l) => l !== '');
  join.child.stdin.write(typed);
  const end = [...typed].slice(-3).join('');
  await until(() => screen().join('').includes(end) || undefined, () => `${end} typed: ${screen().join('\n')}`);
  const before = join.out.length;
  join.child.stdin.write('\r');
  // (the room's line, with its time: not the one that waits for it)
  const rows = await until(() => (new RegExp(`\\d\\d:\\d\\d\\S* \\S*${nick}\\S*: `).test(join.out.slice(before)) && screen().at(-1) === '#general >' ? screen() : undefined), () => `the room's line and the prompt under it: ${screen().join('\n')}`);
  assert.deepEqual(rows.filter((l) => l.startsWith('#general >')), ['#general >'], `the line typed is gone:\n${rows.join('\n')}`);
  return { rows, count: (ch) => rows.join('').split(ch).length - 1 };
}

test('on a terminal a message typed and sent is replaced by the room\'s line of it: every row it wrapped to, wide characters on a narrow terminal too; a command stays above what it prints', () =>
  withHost(async (_host, joiner) => {
    const typist = joiner(['--nick', 'typist'], {}, 40);
    await typist.waitOut('#general > ');
    // two rows typed, three as the room says it (`12:00 typist: ` before it): shown once
    const sent = await typedAndSent(typist, 'typist', 'a reply long enough to wrap over two rows of this terminal', 40);
    assert.equal(sent.count('wrap'), 1, sent.rows.join('\n'));
    assert.ok(sent.rows.some((l) => /^\d\d:\d\d typist: a reply long enough/.test(l)), sent.rows.join('\n'));
    // two rows filled to their last column (readline draws a blank on a third): none of them stays, the line before does
    const filled = await typedAndSent(typist, 'typist', 'x'.repeat(80 - '#general > '.length - 1) + 'Z', 40);
    assert.equal(filled.count('Z'), 1, filled.rows.join('\n'));
    assert.ok(filled.rows.some((l) => l.trim() === 'terminal'), `the line before stays:\n${filled.rows.join('\n')}`);
    // a command's line stays, with what it printed under it (nothing of the room says it again)
    typist.child.stdin.write('/who\r');
    const screen = () => terminalRows(typist.out, 40).filter((l) => l !== '');
    await until(() => (screen().at(-2)?.startsWith('-- In #general') ? true : undefined), () => `the answer to /who: ${screen().join('\n')}`);
    assert.equal(screen().at(-3), '#general > /who', screen().join('\n'));
    // 20 columns: after `#general > ` (11 cells) the fifth wide character finds one cell left, and starts the next row
    const narrow = joiner(['--nick', 'narrow'], {}, 20);
    await narrow.waitOut('#general > ');
    const wide = await typedAndSent(narrow, 'narrow', '日本語で長いメッセージを書いています。折り返しの試験です', 20);
    for (const ch of ['日', '長', '折', '試']) assert.equal(wide.count(ch), 1, `${ch} once:\n${wide.rows.join('\n')}`);
  }));

test('lines piped into join all go out, in order, at the pace the room takes, before it leaves', () =>
  withHost(async (_host, joiner) => {
    const watcher = joiner(['--nick', 'watcher']);
    await watcher.waitOut('watcher joined!');
    const piper = joiner(['--nick', 'piper']);
    await watcher.waitOut('piper joined!');
    const lines = Array.from({ length: 60 }, (_, i) => `piped ${i}`);
    piper.child.stdin.end(lines.join('\n') + '\n');
    assert.equal(await piper.exited(), 0);
    await watcher.waitOut('piper left');
    const got = watcher.out.split('\n').filter((l) => l.startsWith('piper: ')).map((l) => l.slice(7));
    assert.deepEqual(got, lines);
    assert.doesNotMatch(piper.out + piper.err, /slow down|not sent/);
  }, ['--limit', 'ratePerSecond=50']));

test('after /part of the last room, text gets "not in a room" and /join takes you in again', () =>
  withHost(async (_host, joiner) => {
    const j = joiner(['--nick', 'wanderer']);
    await j.waitOut('wanderer joined!');
    j.line('/part');
    await j.waitOut('You left #general.');
    j.line('hello?');
    await j.waitOut('error: you are not in a room: /join #room first');
    j.line('/join #ops');
    await j.waitOut('You are now in #ops');
    j.line('hello ops');
    await j.waitOut('wanderer: hello ops\n');
  }));

test('the join nickname defaults to git user.name', () =>
  withHost(async (host, joiner) => {
    joiner([], { GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'user.name', GIT_CONFIG_VALUE_0: 'Grace Hopper' });
    await host.waitOut('Grace_Hopper joined');
  }));

test('a default nickname longer than the room takes: the host cuts its own to fit; a joiner refused is told it was not typed', async () => {
  ensureBuilt();
  const git = { GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'user.name', GIT_CONFIG_VALUE_0: 'Grace Brewster Hopper' };
  const host = new Proc(['host', '--port', '0', '--limit', 'maxNick=8'], git);
  const procs = [host];
  try {
    await host.waitOut(/listening on 127\.0\.0\.1:(\d+)/);
    const port = /listening on 127\.0\.0\.1:(\d+)/.exec(host.out)![1]!;
    await host.waitOut('Grace_Br joined');
    const j = new Proc(['join', `127.0.0.1:${port}`, '--wait-for-host', '0'], git);
    procs.push(j);
    assert.equal(await j.exited(), 1);
    assert.match(j.err, /a nickname has at most 8 characters \(your nickname comes from git's user\.name or your login name: choose one with --nick\)/);
  } finally {
    for (const p of procs) p.kill();
  }
});

test('a --nick typed decomposed (e + U+0301, as a macOS terminal may) joins as the same name composed', () =>
  withHost(async (host, joiner) => {
    joiner(['--nick', 'e\u0301clair']);
    await host.waitOut('\u00e9clair joined');
  }));

test('a taken nickname: the joiner says so once, joins as the suggested one, and stays to chat', () =>
  withHost(async (host, joiner) => {
    const first = joiner(['--nick', 'ada']);
    await host.waitOut('ada joined');
    const second = joiner(['--nick', 'ada']);
    await second.waitOut('-- the nickname "ada" is taken; joining as ada_2\n');
    assert.doesNotMatch(second.out, /try "ada_2"/, 'what it does, not a suggestion to do it as well');
    await second.waitOut('ada_2 joined!');
    await new Promise((r) => setTimeout(r, 300)); // it used to exit 50 ms after the first try failed
    second.line('still here');
    await first.waitOut('ada_2: still here');
    assert.equal(second.code, undefined, 'still running');
    assert.doesNotMatch(second.out, /error: /, 'the refusal is not shown as an error of its own');
  }));

test('--limit sets a limit of the server', () =>
  withHost(async (_host, joiner) => {
    const j = joiner(['--nick', 'abcd']);
    assert.equal(await j.exited(), 1);
    assert.match(j.err, /a nickname has at most 3 characters/);
  }, ['--limit', 'maxNick=3']));

test('--version prints the version of package.json', () => {
  ensureBuilt();
  const version = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;
  for (const flag of ['--version', '-V']) assert.deepEqual(run([flag]), { status: 0, stdout: `tcp-chat ${version}\n`, stderr: '' });
});

test('--help on every command; wrong arguments get one line and exit code 2', () => {
  ensureBuilt();
  for (const args of [['--help'], ['host', '--help'], ['join', '--help']]) {
    const r = run(args);
    assert.equal(r.status, 0, args.join(' '));
    assert.match(r.stdout, /Usage/);
  }
  // `help COMMAND` is that command's help, as `COMMAND --help`
  for (const cmd of ['join', 'host']) {
    assert.equal(run(['help', cmd]).stdout, run([cmd, '--help']).stdout, `help ${cmd}`);
    assert.equal(run(['--help', cmd]).stdout, run([cmd, '--help']).stdout, `--help ${cmd}`);
  }
  const bad: [string[], RegExp][] = [
    [['frob'], /unknown command "frob"/],
    [['join'], /join needs an address/],
    [['join', 'host:99999'], /out of range/],
    [['join', 'a:b:c'], /IPv6/],
    [['join', '127.0.0.1', '4000', 'extra'], /unexpected argument "extra"/],
    [['join', '127.0.0.1', 'x'], /unexpected argument "x"/],
    [['join', '127.0.0.1:42000:1'], /"127\.0\.0\.1:42000:1" is not host:port \(like 127\.0\.0\.1:55555\)/],
    [['join', 'http://127.0.0.1:42000'], /"http:\/\/127\.0\.0\.1:42000" is a URL: give host:port/],
    [['join', 'tcpchat://127.0.0.1:42000/'], /this invite has no room key after its address/],
    [['host', '--port', 'abc'], /not a port number/],
    [['host', '--bogus'], /^tcp-chat: unknown option --bogus \(see --help\)\n$/],
    // a mistyped option: the command's option it was likely meant to be
    [['host', '--prot', '5'], /^tcp-chat: unknown option --prot: did you mean --port\? \(see --help\)\n$/],
    [['host', '--hist=9'], /^tcp-chat: unknown option --hist: did you mean --history or --history-file\? \(see --help\)\n$/],
    [['join', '127.0.0.1:1', '--nik', 'bob'], /^tcp-chat: unknown option --nik: did you mean --nick\? \(see --help\)\n$/],
    [['host', '--limits', 'off', '--bind', '0.0.0.0'], /only allowed on a loopback/],
    [['host', '--limit', 'constructor=1'], /no such limit/],
    [['host', '--limit', 'maxLine'], /write name=number/],
    // a value that is a number but not a whole one, 0 or more: said so (it was told to "write name=number")
    [['host', '--limit', 'maxLine=1.5'], /--limit "maxLine=1\.5": maxLine takes a whole number, 1024 or more \(the default is 65536\)/],
    [['host', '--limit', 'rateBurst=-1'], /--limit "rateBurst=-1": rateBurst takes a whole number, 1 or more/],
    [['host', '--limit', 'idleMs=1e4'], /idleMs takes a whole number/],
    [['host', '--limit', 'history=x'], /history takes a whole number, 0 or more \(the default is 500\)/],
    [['host', '--limit', 'nosuch=1.5'], /no such limit/],
    [['join', '127.0.0.1:1', '--nick', 'bad nick'], /cannot contain spaces/],
    // (an invisible character written out: cleaned away, the name would read as "ab", which is a good one)
    [['join', '127.0.0.1:1', '--nick', 'a\u200bb'], /--nick "a\\u\{200b\}b": a nickname cannot contain control or invisible characters/],
    [['join', '127.0.0.1:1', '--wait-for-host', 'soon'], /--wait-for-host "soon": a whole number of seconds/],
    [['join', '127.0.0.1:1', '--room', 'bad room!'], /--room "bad room!" is not a valid room name/],
    [['host', '--port', ''], /--port "" is not a port number/],
    [['host', '--port', '1e3'], /not a port number/],
    [['host', '--port', '-1'], /--port "-1" is not a port number/],
    [['host', '-p', '-1'], /--port "-1" is not a port number/],
    [['host', '--limit', 'handshakeMs=3000000000'], /--limit handshakeMs=3000000000: too large \(at most 2147483647\)/],
    [['host', '--history-file', ''], /--history-file needs a path/],
    [['host', '--new-key', '--history-file', 'h.json'], /--new-key is for private rooms \(a non-loopback --bind\); a room on loopback has no key/],
    [['host', '--new-key', '--bind', '0.0.0.0'], /--new-key is for a private room with --history-file \(without one every start makes a new room key\)/],
    // a headless host has no seat: the nickname would be ignored without a word
    [['host', '--headless', '--nick', 'boss'], /--nick names the host in its room, and --headless hosts without joining it/],
    [['host', '--headless', '--no-bell'], /--no-bell is for the host's seat in its room, and --headless hosts without joining it/],
    // refused before it listens, not after (the room started, then ended)
    [['host', '--nick', 'boss', '--limit', 'maxNick=3'], /--nick "boss": a nickname has at most 3 characters \(--limit maxNick=3\)/],
    // a name that starts with 127. is no loopback address (it may resolve to any)
    [['host', '--limits', 'off', '--bind', '127.example.com'], /only allowed on a loopback/],
    // nor is one that only looks like an address (no address has a part of 999: DNS answers for it)
    [['host', '--limits', 'off', '--bind', '127.999.0.1'], /only allowed on a loopback/],
    [['join', '127.0.0.1:1', '--wait-for-host', '-5'], /--wait-for-host "-5": a whole number of seconds/],
    [['host', '--limit', 'maxLine=0'], /--limit maxLine=0: at least 1024 \(the default is 65536\)/],
    [['host', '--limit', 'rateBurst=0'], /at least 1/],
    [['host', '--limit', 'maxBans=0'], /--limit maxBans=0: at least 1 \(the default is 1000\)/],
    [['host', '--limit', 'maxText=99999999999999999999'], /--limit maxText=99999999999999999999: too large \(at most 9007199254740991\)/],
    [['host', '--limit', 'history=99999999999999999999'], /too large/],
    // a request's nickname and topic fields hold 64 and 1,024 characters: past them a limit would refuse as malformed
    [['host', '--limit', 'maxNick=65'], /--limit maxNick=65: too large \(at most 64\) \(the default is 32\)/],
    [['host', '--limit', 'maxTopic=1025'], /--limit maxTopic=1025: too large \(at most 1024\)/],
    [['host', '--history', '-1'], /--history "-1" must be a whole number, 0 or more/],
    // what Number() would take: an empty value (0: the history turned off), exponents, hex, spaces
    [['host', '--history', ''], /--history "" must be a whole number/],
    [['host', '--history', '1e2'], /--history "1e2" must be a whole number/],
    [['join', '127.0.0.1:1', '--wait-for-host', ''], /--wait-for-host "": a whole number of seconds/],
    [['join', '127.0.0.1:1', '--wait-for-host', '0x10'], /--wait-for-host "0x10": a whole number of seconds/],
    [['join', '127.0.0.1:1', '--wait-for-host', '1.5'], /--wait-for-host "1\.5": a whole number of seconds/],
    // a value that starts with a dash: how to write it (parseArgs' first line said only "argument is ambiguous")
    [['join', '127.0.0.1:1', '--nick', '-bob'], /--nick "-bob": a value that starts with "-" is written --nick=-bob/],
    [['join', '127.0.0.1:1', '-n', '-bob'], /--nick "-bob": a value that starts with "-" is written --nick=-bob/],
    [['host', '--port'], /^tcp-chat: --port needs a value \(see --help\)\n$/],
    // (the value after the option that has one: not an earlier one, and a grouped short option's too)
    [['join', '127.0.0.1:1', '--nick', 'alice', '--nick', '-bob'], /--nick "-bob": a value that starts with "-" is written --nick=-bob/],
    [['join', '-hn', '-bob', '127.0.0.1:1'], /--nick "-bob": a value that starts with "-" is written --nick=-bob/],
    // an option where the value should be: the value was forgotten
    [['join', '127.0.0.1:1', '--nick', '--room', 'dev'], /^tcp-chat: --nick needs a value \(see --help\)\n$/],
    // an unset shell variable is no address (the socket took '' for every interface)
    [['host', '--bind', ''], /--bind needs an address/],
    // the address the socket takes decides loopback: 127.1 and LOCALHOST are this machine, no private room
    [['host', '--bind', '127.1', '--allow-plain'], /--allow-plain is for private rooms/],
    [['host', '--bind', 'LOCALHOST', '--allow-plain'], /--allow-plain is for private rooms/],
    [['--version', 'extra'], /unexpected argument "extra"/],
    [['--help', 'extra'], /unexpected argument "extra"/],
    // a control character in a room name is written out, not cleaned away from the quote ("a" is a good name)
    [['join', '127.0.0.1:1', '--room', 'a\u0007'], /--room "a\\u\{7\}" is not a valid room name/],
  ];
  for (const [args, pattern] of bad) {
    const r = run(args);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, pattern);
    assert.equal(r.stderr.trim().split('\n').length, 1, 'one line');
  }
});

/** A headless host keeping its history in a file (a folder of its own), eve in its room; all ended after `body`. */
async function withHistoryHost(body: (o: { host: Proc; eve: Proc; port: string; file: string; procs: Proc[] }) => Promise<void>): Promise<void> {
  ensureBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'tcp-chat-cli-'));
  const file = join(dir, 'history.json');
  const procs: Proc[] = [];
  try {
    const host = new Proc(['host', '--port', '0', '--headless', '--history-file', file]);
    procs.push(host);
    await host.waitOut(/listening on 127\.0\.0\.1:(\d+)/);
    const port = /listening on 127\.0\.0\.1:(\d+)/.exec(host.out)![1]!;
    const eve = new Proc(['join', `127.0.0.1:${port}`, '--nick', 'eve']);
    procs.push(eve);
    await host.waitOut('eve joined');
    await body({ host, eve, port, file, procs });
  } finally {
    for (const p of procs) p.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

test('a joiner waits for a host that closed the room to come back on the same port, and resumes there', () =>
  withHistoryHost(async ({ host: first, eve, port, file, procs }) => {
    eve.line('before the restart');
    await until(() => existsSync(file) && readFileSync(file, 'utf8').includes('before the restart') ? true : undefined, 'the history file', 10_000);
    first.child.kill('SIGTERM'); // a host reloading its window: the room closes, and comes back
    assert.equal(await first.exited(), 0);
    await eve.waitOut('the host closed the room; waiting for it to come back');
    const second = new Proc(['host', '--port', port, '--headless', '--history-file', file]);
    procs.push(second);
    await second.waitOut('eve is back after the restart', 30_000); // expected back: nobody is shown her join
    const zed = new Proc(['join', `127.0.0.1:${port}`, '--nick', 'zed', '--wait-for-host', '0']);
    procs.push(zed);
    await zed.waitOut('eve: before the restart'); // the room's history came back with it
    zed.line('welcome back eve');
    await eve.waitOut('zed: welcome back eve');
    assert.equal(eve.out.split('eve: before the restart').length - 1, 1, 'eve resumed: her own message is not replayed to her');
  }));

test('a private room with --history-file keeps its room key across a restart: a joiner waiting with the invite gets back in; --new-key makes a new one, which the old invite does not open', async () => {
  ensureBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'tcp-chat-cli-'));
  const file = join(dir, 'history.json');
  const procs: Proc[] = [];
  const keyOf = (out: string) => /tcpchat:\/\/[^\s]+:\d+\/([\w-]+)\n/.exec(out)?.[1];
  try {
    const first = new Proc(['host', '--port', '0', '--headless', '--bind', '0.0.0.0', '--history-file', file]);
    procs.push(first);
    await first.waitOut(/tcpchat:\/\/[^\s]+:(\d+)\/([\w-]+)\n/);
    const [, port, key] = /tcpchat:\/\/[^\s]+:(\d+)\/([\w-]+)\n/.exec(first.out)!;
    assert.ok(!first.out.includes('the room key is as before'), 'a first start has a new key');
    const invite = `tcpchat://127.0.0.1:${port}/${key}`;
    const eve = new Proc(['join', '--nick', 'eve', '--wait-for-host', '60'], { TCP_CHAT_INVITE: invite });
    procs.push(eve);
    await first.waitOut('eve joined (rich, 127.0.0.1)');
    first.child.kill('SIGTERM');
    assert.equal(await first.exited(), 0);
    await eve.waitOut('the host closed the room; waiting for it to come back');
    const second = new Proc(['host', '--port', port!, '--headless', '--bind', '0.0.0.0', '--history-file', file]);
    procs.push(second);
    await second.waitOut('eve is back after the restart', 30_000);
    assert.equal(keyOf(second.out), key, 'the invite printed is the one given before');
    assert.match(second.out, /the room key is as before \(kept in the history file\): the invites given earlier\n {2}still work; --new-key makes a new one\n/);
    second.child.kill('SIGTERM');
    assert.equal(await second.exited(), 0);
    await eve.waitOut(/waiting for it to come back[\s\S]*waiting for it to come back/);
    const third = new Proc(['host', '--port', port!, '--headless', '--bind', '0.0.0.0', '--history-file', file, '--new-key']);
    procs.push(third);
    await third.waitOut(/tcpchat:\/\/[^\s]+:\d+\/[\w-]+\n/);
    assert.notEqual(keyOf(third.out), key, 'a new key');
    assert.ok(!third.out.includes('the room key is as before'));
    assert.equal(await eve.exited(), 1, 'the old invite no longer opens the room');
    assert.match(eve.out, /did not accept this room key/);
  } finally {
    for (const p of procs) p.kill();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a host whose history file missed the last changes (its saves failing) exits 1 at its close, saying how many', () =>
  withHistoryHost(async ({ host, eve, file }) => {
    await until(() => (existsSync(file) ? true : undefined), 'the history file', 10_000);
    // where the file goes, a folder now: every save fails
    rmSync(file);
    mkdirSync(file);
    eve.line('not in the file');
    await host.waitOut('cannot save history');
    host.child.kill('SIGTERM');
    assert.equal(await host.exited(), 1);
    assert.match(host.out, /history: the last \d+ change\(s\) could not be saved to .*history\.json: a restart from it will not have them/);
  }));

test('host --bind with an address this machine does not have: a wrong argument (exit 2), said with the addresses it has', () => {
  ensureBuilt();
  // (192.0.2.1: TEST-NET-1, kept for documentation, no machine's)
  const r = run(['host', '--headless', '--port', '0', '--bind', '192.0.2.1']);
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /^tcp-chat: --bind 192\.0\.2\.1: not an address of this machine \(.*EADDRNOTAVAIL.*\); --bind takes an address of this machine \(127\.0\.0\.1[^)]*\), or 0\.0\.0\.0 for every one\n$/);
});

test('join HOST PORT, as nc takes them, joins HOST:PORT', () =>
  withHost(async (host) => {
    const port = /listening on 127\.0\.0\.1:(\d+)/.exec(host.out)![1]!;
    const j = new Proc(['join', '127.0.0.1', port, '--nick', 'spaced']);
    try {
      await host.waitOut('spaced joined');
    } finally {
      j.kill();
    }
  }));

test('a joiner gives up on a room that does not come back within --wait-for-host', () =>
  withHost(async (host, joiner) => {
    const j = joiner(['--nick', 'patient', '--wait-for-host', '1']);
    await host.waitOut('patient joined');
    host.child.kill('SIGTERM');
    await j.waitOut('the host closed the room; waiting for it to come back');
    assert.equal(await j.exited(), 0);
    assert.match(j.out, /-- the host closed the room; it did not come back within 1 s/);
  }));

test('Ctrl+C while join still waits for the room to answer leaves quietly (exit 0), not as a failure to join', async () => {
  ensureBuilt();
  // a room that takes the connection and never answers the hello
  const hello: string[] = [];
  const silent = createServer((s) => s.on('data', (d) => hello.push(d.toString())).on('error', () => {}));
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
  const j = new Proc(['join', `127.0.0.1:${(silent.address() as AddressInfo).port}`, '--nick', 'quick']);
  try {
    await until(() => hello.join('').includes('"hello"') || undefined, 'the hello');
    j.child.kill('SIGINT');
    assert.equal(await j.exited(), 0, j.err);
    assert.doesNotMatch(j.err, /cannot join/);
  } finally {
    j.kill();
    silent.close();
  }
});

test('joining a port nobody listens on fails with a clear message (a script at once; a terminal after --wait-for-host)', async () => {
  ensureBuilt();
  const r = run(['join', '127.0.0.1:1', '--nick', 'x']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /cannot join 127\.0\.0\.1:1: nobody is listening on 127\.0\.0\.1:1/);
  const j = new Proc(['join', '127.0.0.1:1', '--nick', 'x', '--wait-for-host', '2'], {}, true);
  try {
    await j.waitOut('nobody is listening on 127.0.0.1:1 yet: waiting up to 2 s for its host to start (Ctrl+C leaves)');
    assert.equal(await j.exited(), 1);
    assert.match(j.out, /cannot join 127\.0\.0\.1:1: nobody is listening on 127\.0\.0\.1:1/);
  } finally {
    j.kill();
  }
});

/**
 * The id of a child of process `parent` (0: none), from Linux's /proc, as `script` and this file's terminals are
 * Linux's: pgrep (procps) is not on a slim Debian image, CI's, where spawnSync('pgrep') had no output to read.
 */
function childOf(parent: number): number {
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue; // (it ended since)
    }
    // `pid (name) state ppid ...`: the name may hold spaces and parentheses, so read on from its last `)`
    if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === parent) return Number(name);
  }
  return 0;
}

test('a join that ended without leaving (killed) leaves its seat to the next join here: nobody sees it go and come back, and its name is its own', () =>
  withHost(async (host, joiner) => {
    const port = Number(/listening on 127\.0\.0\.1:(\d+)/.exec(host.out)![1]);
    const watcher = await RawRich.join(port, 'watcher');
    try {
      const first = joiner(['--nick', 'crashy'], {}, true);
      await first.waitOut('#general > ');
      first.line('/join #dev');
      await first.waitOut('#dev > ');
      // (a rename last: what the seat's file has must follow it)
      first.line('/nick crashy2');
      await watcher.next('nick', (m) => m.type === 'nick' && m.to === 'crashy2');
      await first.waitOut('You are now crashy2');
      // the join itself killed (not its terminal: that is a hang-up, which leaves): no bye, no leave
      const pid = childOf(first.child.pid!);
      assert.ok(pid > 0, 'the join under script');
      process.kill(pid, 'SIGKILL');
      await watcher.next('away', (m) => m.type === 'away' && m.nick === 'crashy2');
      const since = watcher.received.length;
      // as the name it has now
      const again = joiner(['--nick', 'crashy2'], {}, true);
      await again.waitOut('this one goes on in its session, as crashy2');
      await again.waitOut('#dev > ');
      again.line('/who');
      await again.waitOut('In #dev: crashy2');
      assert.deepEqual(watcher.received.slice(since).filter((m) => (m.type === 'leave' || m.type === 'join') && 'nick' in m && /crashy/.test(m.nick)), [], 'no leave and join again');
      // it leaves for good: the next join is a new member
      again.line('/quit');
      await watcher.next('leave', (m) => m.type === 'leave' && m.nick === 'crashy2');
      assert.equal(await again.exited(), 0);
      const third = joiner(['--nick', 'crashy2'], {}, true);
      await third.waitOut('#general > ');
      assert.doesNotMatch(third.out, /goes on in its session/);
    } finally {
      watcher.close();
    }
  }));

test('a joiner started on a terminal before its host waits for it, and joins once it listens', async () => {
  ensureBuilt();
  // a port nobody listens on, for now
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', () => r()));
  const port = (probe.address() as AddressInfo).port;
  await new Promise<void>((r) => probe.close(() => r()));
  const j = new Proc(['join', `127.0.0.1:${port}`, '--nick', 'early'], {}, true);
  let host: Proc | undefined;
  try {
    await j.waitOut('waiting up to 60 s for its host to start');
    host = new Proc(['host', '--port', String(port), '--headless']);
    await host.waitOut(`listening on 127.0.0.1:${port}`);
    await j.waitOut('#general > ');
    await host.waitOut('early joined');
  } finally {
    j.kill();
    host?.kill();
  }
});

test('--history-file naming a file that is not a history file, or in a folder that is not there: refused before anything starts, nothing written', () => {
  ensureBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'tcp-chat-cli-'));
  try {
    const file = join(dir, 'package.json');
    const content = '{"name":"my-project"}\n';
    writeFileSync(file, content);
    const r = run(['host', '--port', '0', '--headless', '--history-file', file]);
    assert.equal(r.status, 1);
    assert.equal(r.stderr, `tcp-chat: ${file} is not a TCP Chat history file, and would be written over: give a new file, or one a host saved\n`);
    assert.doesNotMatch(r.stdout, /listening/);
    assert.equal(readFileSync(file, 'utf8'), content);
    // a mistyped folder is said, not made
    const missing = join(dir, 'no-such-folder', 'h.json');
    const m = run(['host', '--port', '0', '--headless', '--history-file', missing]);
    assert.equal(m.status, 1);
    assert.equal(m.stderr, `tcp-chat: cannot keep history in ${missing}: there is no folder ${join(dir, 'no-such-folder')}\n`);
    assert.equal(existsSync(join(dir, 'no-such-folder')), false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a headless host loads no locale data, not even to refuse a message that is too long (~6 MB resident)', () =>
  withHost(async (host) => {
    const port = Number(/listening on 127\.0\.0\.1:(\d+)/.exec(host.out)![1]);
    const nc = await LineClient.connect(port, 'nc');
    try {
      await nc.waitFor('Connected to server!');
      nc.say('x'.repeat(1500));
      await nc.waitFor('error: the message is 1,500 characters long; this room takes at most 1,000: not sent\n');
      nc.say('fits');
      await nc.waitFor('nc: fits\n');
      host.child.kill('SIGINT');
      assert.equal(await host.exited(), 0);
      await until(() => host.child.stderr.readableEnded || undefined, 'the host\'s stderr read to its end');
      assert.doesNotMatch(host.err, /locale data/);
    } finally {
      nc.socket.destroy();
    }
  }, ['--limit', 'maxText=1000'], { NODE_OPTIONS: `--import ${join(process.cwd(), 'test/cli/localeSpy.mjs')}` }));

test('Ctrl+C while a paste still goes out at the room\'s pace says so and sends it; a second Ctrl+C stops waiting and prints what was not sent', () =>
  withHost(async (_host, joiner) => {
    const watcher = joiner(['--nick', 'watcher']);
    await watcher.waitOut('watcher joined!');
    const paster = joiner(['--nick', 'paster']);
    await watcher.waitOut('paster joined!');
    const lines = Array.from({ length: 30 }, (_, i) => `pasted ${i}`);
    paster.child.stdin.write(lines.join('\n') + '\n'); // (the input stays open: a terminal's would)
    await watcher.waitOut('paster: pasted 0');
    paster.child.kill('SIGINT');
    await paster.waitOut(/-- sending the \d+ lines still on the way to the room \(Ctrl\+C again: stop, and see what was not sent\)/);
    paster.child.kill('SIGINT');
    assert.equal(await paster.exited(), 1);
    const listed = /-- (\d+) messages were not sent \(you stopped waiting\)[^\n]*; to send again in #general:\n((?:pasted \d+\n)+)/.exec(paster.out);
    assert.ok(listed, paster.out);
    assert.doesNotMatch(paster.out, /connection dropped/, 'no connection dropped: none is blamed');
    const unsent = listed[2]!.trimEnd().split('\n');
    assert.equal(Number(listed[1]), unsent.length);
    await watcher.waitOut('paster left');
    const got = watcher.out.split('\n').filter((l) => l.startsWith('paster: ')).map((l) => l.slice(8));
    // none lost without a word: each line reached the room or is printed to send again (one in flight may be both)
    assert.deepEqual(lines.filter((l) => !got.includes(l) && !unsent.includes(l)), []);
    assert.ok(got.length < lines.length, 'it did not wait for them all');
  }, ['--limit', 'ratePerSecond=2', '--limit', 'rateBurst=2']));

test('Ctrl+C on a terminal with lines still going out and a draft typed: the draft and prompt leave the screen, and what is said starts a row of its own, broken as the chat is', () =>
  withHost(async (_host, joiner) => {
    const watcher = joiner(['--nick', 'watcher']);
    await watcher.waitOut('watcher joined!');
    const paster = joiner(['--nick', 'paster'], {}, 80);
    await paster.waitOut('#general > ');
    paster.child.stdin.write(Array.from({ length: 20 }, (_, i) => `pasted ${i}`).join('\r') + '\r');
    await watcher.waitOut('paster: pasted 0');
    paster.child.stdin.write('half a draft');
    await paster.waitOut('half a draft');
    paster.child.stdin.write('\x03'); // (Ctrl+C as the terminal sends it: readline closes the input)
    await paster.waitOut('see what was not sent)');
    const screen = terminalRows(paster.out, 80);
    const at = screen.findIndex((r) => r.includes('-- sending the'));
    assert.match(screen[at] ?? '', /^-- sending the \d+ lines still on the way to the room/, `a row of its own:\n${screen.join('\n')}`);
    assert.ok(!screen.some((r) => r.includes('half a draft')), `the draft is gone from the screen:\n${screen.join('\n')}`);
    assert.deepEqual(screen.filter((r) => r.length > 79), [], screen.join('\n'));
    paster.child.kill('SIGINT');
    await paster.exited();
  }, ['--limit', 'ratePerSecond=2', '--limit', 'rateBurst=2']));

test("the host's own pasted lines still go out when it presses Ctrl+C: the room closes after them, not before", () =>
  withHost(async (host, joiner) => {
    const watcher = joiner(['--nick', 'watcher']);
    await host.waitOut('watcher joined!');
    const lines = Array.from({ length: 12 }, (_, i) => `host pasted ${i}`);
    host.child.stdin.write(lines.join('\n') + '\n'); // (the input stays open: a terminal's would)
    await watcher.waitOut('boss: host pasted 0');
    host.child.kill('SIGINT');
    await host.waitOut(/-- sending the \d+ lines still on the way to the room/);
    assert.equal(await host.exited(), 0);
    await watcher.waitOut('the host closed the room');
    const got = watcher.out.split('\n').filter((l) => l.startsWith('boss: ')).map((l) => l.slice(6));
    assert.deepEqual(got, lines, 'every line reached the room before it closed');
  }, ['--nick', 'boss', '--limit', 'ratePerSecond=4', '--limit', 'rateBurst=2']));

test('an input that fails (a read error, as a terminal\'s can) ends it as Ctrl+D does: join leaves, it does not hang on', () =>
  withHost(async (host, joiner) => {
    const j = joiner(['--nick', 'failing'], { NODE_OPTIONS: `--import ${join(process.cwd(), 'test/cli/stdinError.mjs')}` });
    await host.waitOut('failing joined');
    assert.equal(await j.exited(), 0);
    await host.waitOut('failing left (quit)');
  }));

test('closing the terminal (SIGHUP) leaves at once, as Ctrl+C does, not as a dropped connection whose seat is held', () =>
  withHost(async (_host, joiner) => {
    const watcher = joiner(['--nick', 'watcher']);
    await watcher.waitOut('watcher joined!');
    const closing = joiner(['--nick', 'closing']);
    await watcher.waitOut('closing joined!');
    closing.child.kill('SIGHUP');
    assert.equal(await closing.exited(), 0);
    await watcher.waitOut('closing left!', 10_000); // a held seat would say it after 30 s
  }));

test("closing the host's terminal (its window) closes the room as Ctrl+C does: everyone told, its history saved", async () => {
  ensureBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'tcp-chat-cli-'));
  const file = join(dir, 'history.json');
  const procs: Proc[] = [];
  try {
    // the host's own seat on a terminal (through `script`), which then goes away: a hang-up, and an input that
    // ends with an error (EIO), which killed the host before it could close the room
    const host = new Proc(['host', '--port', '0', '--nick', 'boss', '--history-file', file], {}, 100);
    procs.push(host);
    await host.waitOut(/listening on 127\.0\.0\.1:(\d+)/);
    const port = /listening on 127\.0\.0\.1:(\d+)/.exec(host.out)![1]!;
    const eve = new Proc(['join', `127.0.0.1:${port}`, '--nick', 'eve', '--wait-for-host', '0']);
    procs.push(eve);
    await host.waitOut('eve joined');
    eve.line('said just before the window closed');
    await eve.waitOut('eve: said just before the window closed');
    host.child.kill('SIGKILL'); // (`script`: the terminal goes with it)
    await eve.waitOut('the host closed the room');
    assert.equal(await eve.exited(), 0);
    assert.match(readFileSync(file, 'utf8'), /said just before the window closed/, 'its history saved');
  } finally {
    for (const p of procs) p.kill();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a host with no terminal for its input or output (nohup) outlives a hang-up: the room stays open', () =>
  withHost(async (host, joiner) => {
    host.child.kill('SIGHUP');
    await host.waitOut('the terminal closed (SIGHUP): the room stays open (Ctrl+C or SIGTERM closes it)');
    const late = joiner(['--nick', 'late']);
    await late.waitOut('late joined!');
    assert.equal(host.code, undefined, 'still running');
  }));

test('text typed while the connection is down and never sent is not dropped without a word: join prints it whole and exits 1', () =>
  withHost(async (host, joiner) => {
    const j = joiner(['--nick', 'offline']);
    await j.waitOut('offline joined!');
    host.child.kill('SIGKILL');
    await j.waitOut('reconnecting... (Ctrl+C leaves)');
    j.line('important unsent message');
    j.line('/msg boss a secret');
    j.line('/me waves');
    j.line('//shrug is text');
    j.child.stdin.end();
    assert.equal(await j.exited(), 1);
    // each as it would be typed again: the direct message still to boss alone, the action an action, the slash escaped
    assert.match(j.out, /-- 4 messages were not sent \(not connected\); to send again in #general:\nimportant unsent message\n\/msg boss a secret\n\/me waves\n\/\/shrug is text\n/);
  }));

test('join --room dev: the history of #dev, the prompt\'s room from the start, comes without [#dev]', () =>
  withHost(async (host, joiner) => {
    const port = Number(/listening on 127\.0\.0\.1:(\d+)/.exec(host.out)![1]);
    const ann = await RawRich.join(port, 'ann', { rooms: ['dev'] });
    try {
      ann.send({ type: 'send', id: 'h', room: 'dev', text: 'hello dev' });
      await ann.next('ack');
      const j = joiner(['--nick', 'zed', '--room', 'dev']);
      await j.waitOut('ann: hello dev');
      ann.send({ type: 'send', id: 'l', room: 'dev', text: 'live in dev' });
      await j.waitOut('ann: live in dev');
      assert.doesNotMatch(j.out, /\[#dev\]/, j.out);
    } finally {
      ann.close();
    }
  }));

test('/join of a room you are already in makes it your current room again, whose lines need no [#room] before them', () =>
  withHost(async (_host, joiner) => {
    const watcher = joiner(['--nick', 'watcher']);
    await watcher.waitOut('watcher joined!');
    const j = joiner(['--nick', 'roamer']);
    await watcher.waitOut('roamer joined!');
    j.line('/join #dev');
    await j.waitOut('You are now in #dev');
    j.line('in dev');
    // (the current room's lines need no name: another's say theirs, #general's too)
    await j.waitOut('roamer: in dev');
    assert.doesNotMatch(j.out, /\[#dev\]/);
    watcher.line('while you are away');
    await j.waitOut('[#general] watcher: while you are away');
    // (in the words of a join the server answers)
    j.line('/join #general');
    await j.waitOut(/You are now in #dev\. Your messages go here; \/join #general to go back\.\n[^]*\nYou are now in #general\. Your messages go here\.\n/);
    j.line('back in general');
    await watcher.waitOut('roamer: back in general\n');
    assert.doesNotMatch(watcher.out, /in dev/, 'the watcher is not in #dev');
  }));

/**
 * `watcher` and `nick` joined, each in #general and #dev (the watcher's current room #dev); `change` makes what is
 * seen in both rooms, `after` names the one that made it as it says a line after it; once the lines it said in #dev
 * then in #general reached the watcher, all that came of the change is in. Returns the two.
 */
async function inTwoRooms(joiner: Joiner, nick: string, change: (j: Proc) => Promise<void>, after = nick): Promise<{ watcher: Proc; j: Proc }> {
  const watcher = joiner(['--nick', 'watcher']);
  await watcher.waitOut('watcher joined!');
  const j = joiner(['--nick', nick]);
  await watcher.waitOut(`${nick} joined!`);
  for (const p of [watcher, j]) {
    p.line('/join #dev');
    await p.waitOut('You are now in #dev');
  }
  await watcher.waitOut(`${nick} joined!\n`); // (in #dev, the watcher's current room)
  await change(j);
  // (what comes after the change, from both rooms, is in: its lines are before it)
  j.line('in dev');
  j.line('/join #general');
  await j.waitOut('You are now in #general.');
  j.line('in general');
  await watcher.waitOut(`[#general] ${after}: in general`);
  await j.waitOut(`${after}: in general`);
  return { watcher, j };
}

test('a rename prints once, not once for each room it is seen in: yours as "You are now ...", another\'s as the nickname\'s, without a room', () =>
  withHost(async (_host, joiner) => {
    const { watcher, j: rob } = await inTwoRooms(joiner, 'rob', async (rob) => {
      rob.line('/nick bobby');
      await rob.waitOut('You are now bobby.');
    }, 'bobby');
    assert.deepEqual(watcher.out.split('\n').filter((l) => l.includes('known as')), ['rob is now known as bobby']);
    assert.doesNotMatch(rob.out, /known as/);
  }));

test('an op or a deop prints once, not once for each room it is seen in, without a room; yours not again as "You are now vic (op)."', () =>
  withHost(async (host, joiner) => {
    const { watcher, j: vic } = await inTwoRooms(joiner, 'vic', async (vic) => {
      host.line('/op vic');
      await vic.waitOut('boss made vic an operator');
      host.line('/deop vic');
      await vic.waitOut('boss set vic to member');
    });
    for (const j of [watcher, vic]) {
      assert.deepEqual(j.out.split('\n').filter((l) => / made | set vic /.test(l)), ['boss made vic an operator', 'boss set vic to member'], j.out);
    }
    assert.doesNotMatch(vic.out, /You are now vic/);
  }, ['--nick', 'boss']));

/** A server on loopback that answers every connection's first line with `lines` (a hostile or broken room). */
async function fakeRoom(lines: (hello: string) => string[], close: boolean): Promise<{ port: number; stop: () => void }> {
  const { createServer } = await import('node:net');
  const server = createServer((s) => {
    s.on('error', () => {});
    s.once('data', (d) => {
      s.write(lines(d.toString()).join('\n') + '\n');
      if (close) s.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as import('node:net').AddressInfo).port;
  return { port, stop: () => server.close() };
}

/** A fake room's welcome (a line) to the hello it got: the joiner alone in `room`, which is empty, under `limits`. */
function fakeWelcome(hello: string, limits = { maxLine: 65536, maxText: 16384 }, room = 'general'): string {
  const nick = (JSON.parse(hello) as { nick: string }).nick;
  return JSON.stringify({ type: 'welcome', v: 1, nick, role: 'member', session: 's', server: 'fake', rooms: [{ name: room, epoch: 'e', topic: '', members: [], seq: 0 }], limits });
}

/** A fake room's word (a line) that `room`'s history, none, is all in. */
const fakeSynced = (room = 'general'): string => JSON.stringify({ type: 'synced', room, seq: 0, gap: false });

/**
 * A room of a few lines (a rich server) that says a member's messages and direct messages back (a direct message to
 * its sender alone), each then its ack, only when told to (`release`): a slow link, or a busy host. `say(from, text)`
 * is a message of someone else's to everyone (with `code`, a code card). `change`: what it makes of a text (a server
 * that trims or normalises it); `release(false)` holds the acks until `acknowledge()` (a host that keeps a history
 * file acks after its save). `byeTakes`: a `bye` makes it say back and acknowledge what it holds from that member,
 * then close the connection, as a room takes a connection's lines in order (else a `bye` goes unanswered).
 */
async function slowRoom(change = (text: string) => text, byeTakes = false): Promise<{ port: number; held: () => number; say: (from: string, text: string, code?: object) => void; release: (acks?: boolean) => void; acknowledge: () => void; stop: () => void }> {
  const members = new Set<import('node:net').Socket>();
  const held: { to: import('node:net').Socket; id: string; from: string; text: string; kind: string; dmTo?: string }[] = [];
  const acks: (() => void)[] = [];
  let seq = 0;
  const line = (s: import('node:net').Socket, msg: object) => s.write(JSON.stringify(msg) + '\n');
  const message = (from: string, text: string, kind = 'text') => ({ type: 'message', room: 'general', seq: ++seq, time: Date.now(), from, text, kind });
  const server = createServer((s) => {
    s.on('error', () => {});
    s.on('close', () => members.delete(s));
    s.setEncoding('utf8');
    let buf = '';
    let nick = '';
    s.on('data', (d: string) => {
      buf += d;
      for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
        const text = buf.slice(0, i);
        buf = buf.slice(i + 1);
        const m = JSON.parse(text) as { type: string; nick?: string; id?: string; text?: string; kind?: string; to?: string };
        if (m.type === 'hello') {
          nick = m.nick ?? '';
          s.write(`${fakeWelcome(text)}\n${fakeSynced()}\n`);
          members.add(s);
        } else if (m.type === 'send' || m.type === 'dm') held.push({ to: s, id: m.id ?? '', from: nick, text: m.text ?? '', kind: m.kind ?? 'text', ...(m.type === 'dm' ? { dmTo: m.to } : {}) });
        else if (m.type === 'ping') line(s, { type: 'pong' });
        else if (m.type === 'bye' && byeTakes) {
          for (const h of held.filter((x) => x.to === s)) {
            held.splice(held.indexOf(h), 1);
            const msg = message(h.from, change(h.text), h.kind);
            for (const o of members) line(o, msg);
            line(s, { type: 'ack', id: h.id, seq: msg.seq });
          }
          s.end();
        }
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    port: (server.address() as AddressInfo).port,
    held: () => held.length,
    say: (from, text, code) => {
      const msg = code ? { ...message(from, text, 'code'), code } : message(from, text);
      for (const s of members) line(s, msg);
    },
    release: (now = true) => {
      for (const h of held.splice(0)) {
        if (h.dmTo !== undefined) {
          line(h.to, { type: 'dm', from: h.from, to: h.dmTo, text: change(h.text), kind: h.kind, time: Date.now() });
          acks.push(() => line(h.to, { type: 'ack', id: h.id }));
        } else {
          const msg = message(h.from, change(h.text), h.kind);
          for (const s of members) line(s, msg);
          acks.push(() => line(h.to, { type: 'ack', id: h.id, seq: msg.seq }));
        }
        if (now) acks.shift()!();
      }
    },
    acknowledge: () => {
      for (const ack of acks.splice(0)) ack();
    },
    stop: () => {
      for (const s of members) s.destroy();
      server.close();
    },
  };
}

/**
 * The rows (not empty) a terminal 80 columns wide (or `size`, as resized since) shows after `p`'s output, those
 * scrolled off its top first.
 */
const rowsOf = (p: Proc, size: TerminalSize = { cols: 80, rows: Infinity }): string[] => terminalRows(p.out, size.cols, size.rows, p.resizes).filter((l) => l !== '');
/** The rows of the chat that a `join`'s screen ends with, its time taken off (`12:00 `): the last ones, the prompt. */
const endsWith = (p: Proc, end: string[], size?: TerminalSize) =>
  until(() => {
    const rows = rowsOf(p, size).map((l) => l.replace(/^\d\d:\d\d /, ''));
    return JSON.stringify(rows.slice(-end.length)) === JSON.stringify(end) ? rows : undefined;
  }, () => `the screen to end with ${JSON.stringify(end)}:\n${rowsOf(p, size).join('\n')}`);

/**
 * Runs `body` with a slowRoom (that makes texts what `change` makes them) and `typist` in it on a terminal 80
 * columns wide, or `size` (its prompt drawn); stops both after.
 */
async function withSlowRoom(body: (room: Awaited<ReturnType<typeof slowRoom>>, typist: Proc) => Promise<void>, size: TerminalSize = { cols: 80, rows: 40 }, change?: (text: string) => string): Promise<void> {
  ensureBuilt();
  const room = await slowRoom(change);
  const typist = new Proc(['join', `127.0.0.1:${room.port}`, '--nick', 'typist'], {}, size);
  try {
    await typist.waitOut('#general > ');
    await body(room, typist);
  } finally {
    typist.kill();
    room.stop();
  }
}

test('on a terminal a message sent shows from Enter on, dimmed and said to be sending, until the room says it back: then once, as its line', () =>
  withSlowRoom(async (room, typist) => {
    typist.child.stdin.write('hello there\r');
    // (the room holds its line of it: the message is on screen all the same, where the line typed was)
    await until(() => room.held() === 1 || undefined, 'the message at the room');
    await endsWith(typist, ['(sending) typist: hello there', '#general >']);
    assert.match(typist.out, /\x1b\[2m\(sending\) typist: hello there\x1b\[22m/, 'dimmed'); // eslint-disable-line no-control-regex
    room.release();
    const rows = await endsWith(typist, ['typist: hello there', '#general >']);
    assert.equal(rows.filter((l) => l.includes('hello there')).length, 1, rows.join('\n'));
  }));

test('on a terminal a message the room refuses (a direct message to nobody) comes back as typed above the refusal, as a command\'s line does: it had left the screen for the pending area', () =>
  withHost(async (_host, joiner) => {
    const typist = joiner(['--nick', 'typist'], {}, 80);
    await typist.waitOut('#general > ');
    typist.child.stdin.write('/msg bbo are you free at three?\r');
    await endsWith(typist, ['#general > /msg bbo are you free at three?', 'error: nobody called "bbo" is here', '#general >']);
    typist.child.stdin.write('/query bbo\r');
    await typist.waitOut('@bbo > ');
    typist.child.stdin.write('still there?\r');
    const rows = await endsWith(typist, ['@bbo > still there?', 'error: nobody called "bbo" is here', '@bbo >']);
    assert.equal(rows.filter((l) => l.includes('three')).length, 1, rows.join('\n'));
  }));

test('on a terminal a direct message waits for the room as a message does, /query\'s first line too', () =>
  withSlowRoom(async (room, typist) => {
    typist.child.stdin.write('/msg bob psst\r');
    await endsWith(typist, ['(sending) [DM to bob] typist: psst', '#general >']);
    typist.child.stdin.write('/query bob are you there?\r');
    await endsWith(typist, ['(sending) [DM to bob] typist: psst', '(sending) [DM to bob] typist: are you there?', '@bob >']);
    room.release();
    const rows = await endsWith(typist, ['[DM to bob] typist: psst', '[DM to bob] typist: are you there?', '@bob >']);
    assert.ok(rows.some((l) => l.startsWith('-- talking to bob directly')), rows.join('\n'));
    assert.equal(rows.filter((l) => /psst|are you there/.test(l)).length, 3, `the /query line typed, and each message once:\n${rows.join('\n')}`);
  }));

test('on a terminal a line of the room that comes while a message of yours waits for it prints above that message, as a command and its answer do; the message follows in its turn', () =>
  withSlowRoom(async (room, typist) => {
    typist.child.stdin.write('mine first\r');
    await endsWith(typist, ['(sending) typist: mine first', '#general >']);
    room.say('bob', 'theirs, said meanwhile');
    await endsWith(typist, ['bob: theirs, said meanwhile', '(sending) typist: mine first', '#general >']);
    // a command's line stays above its answer, both above the message waiting
    typist.child.stdin.write('/frobnicate\r');
    await endsWith(typist, ['#general > /frobnicate', 'error: unknown command /frobnicate; type /help for the list', '(sending) typist: mine first', '#general >']);
    room.release();
    const rows = await endsWith(typist, ['error: unknown command /frobnicate; type /help for the list', 'typist: mine first', '#general >']);
    assert.equal(rows.filter((l) => l.includes('mine first')).length, 1, rows.join('\n'));
  }));

test('on a terminal a message the room says back changed (trimmed, normalised) leaves the pending area as its line comes, not at its ack, which comes late', () =>
  withSlowRoom(async (room, typist) => {
    typist.child.stdin.write('cafe\u0301 at noon  \r');
    await endsWith(typist, ['(sending) typist: cafe\u0301 at noon', '#general >']);
    // (a room that keeps a history file acknowledges after its save: the line comes first)
    room.release(false);
    await endsWith(typist, ['typist: café at noon', '#general >']);
    // two of them waiting: each line could be either's, and once both came both were said
    typist.child.stdin.write(' one more \r  and another\r');
    await endsWith(typist, ['typist: café at noon', '(sending) typist:  one more', '(sending) typist:   and another', '#general >']);
    room.release(false);
    await endsWith(typist, ['typist: café at noon', 'typist: one more', 'typist: and another', '#general >']);
    room.acknowledge();
    room.say('bob', 'after the acks');
    const rows = await endsWith(typist, ['typist: and another', 'bob: after the acks', '#general >']);
    assert.deepEqual(rows.filter((l) => /noon|one more|another/.test(l)), ['typist: café at noon', 'typist: one more', 'typist: and another'], rows.join('\n'));
  }, undefined, (text) => text.trim().normalize('NFC')));

/** Whether `rows` show `text` (a line broken by the terminal's width: read whole, as one). */
const showsOnce = (rows: string[], text: string): boolean => rows.join(' ').replace(/\s+/g, ' ').split(text).length === 2;

test('on a terminal resized while a message waits, the pending area is drawn again at the new width and the prompt under it: no row of it stays stale, no row of the chat goes', () =>
  withSlowRoom(async (room, typist) => {
    room.say('bob', 'the line above');
    await endsWith(typist, ['bob: the line above', '#general >']);
    // (a row at 80 columns, two at 40)
    typist.child.stdin.write('a message long enough for two rows at forty\r');
    await endsWith(typist, ['bob: the line above', '(sending) typist: a message long enough for two rows at forty', '#general >']);
    /** Resizes the terminal, and waits for the join to draw again (the prompt at least). */
    const resize = async (cols: number) => {
      typist.resize(cols);
      await until(() => (typist.out.length > typist.resizes.at(-1)!.at && rowsOf(typist).at(-1) === '#general >') || undefined, 'drawn again');
    };
    await resize(40);
    // (broken between words as the chat's lines are, not where the terminal cut the row it had; then a line of the
    // room above it: with the area counted as drawn, a row the terminal made of it stayed above that line)
    room.say('carol', 'a line while it waits');
    await endsWith(typist, ['bob: the line above', 'carol: a line while it waits', '(sending) typist: a message long enough', '      for two rows at forty', '#general >']);
    // wider: its two rows stay two (rows written apart are not joined), drawn again as one
    await resize(100);
    await endsWith(typist, ['bob: the line above', 'carol: a line while it waits', '(sending) typist: a message long enough for two rows at forty', '#general >']);
    room.release();
    const rows = await endsWith(typist, ['bob: the line above', 'carol: a line while it waits', 'typist: a message long enough for two rows at forty', '#general >']);
    assert.equal(rows.filter((l) => l.includes('sending')).length, 0, rows.join('\n'));
    for (const text of ['the line above', 'a line while it waits', 'long enough for two']) assert.ok(showsOnce(rows, text), `${text} once:\n${rows.join('\n')}`);
  }));

/** Whether `rows` hold `run`, one row after the other. */
const hasRun = (rows: string[], run: string[]): boolean => rows.some((_, i) => run.every((r, k) => rows[i + k] === r));

test('on a terminal made narrower than its prompt, /open takes the prompt (and the pending area) off the screen as drawn: the line typed stays, and so do the editor\'s lines once it exits', () =>
  withFakeEditor(async (env) => {
    ensureBuilt();
    const room = await slowRoom();
    const typist = new Proc(['join', `127.0.0.1:${room.port}`, '--nick', 'typist'], env, { cols: 80, rows: 40 });
    try {
      await typist.waitOut('#general > ');
      room.say('bob', '"name": "tcp-chat",', { path: 'package.json', language: 'json', startLine: 2, endLine: 2 });
      await endsWith(typist, ['bob: "name": "tcp-chat",', '#general >']);
      // (`#general > ` is 11 columns: at 10 the prompt takes two rows, the cursor on the second)
      typist.resize(10);
      await until(() => (typist.out.length > typist.resizes.at(-1)!.at && rowsOf(typist).at(-1) === '#general >') || undefined, 'drawn again');
      /** Opens the card, types `line` in the editor, and waits for the chat's prompt under what it printed. */
      const open = async (line: string) => {
        const from = typist.out.length;
        typist.child.stdin.write('/open\r');
        await until(() => typist.out.slice(from).includes('EDITING') || undefined, 'the editor');
        typist.child.stdin.write(`${line}\r`);
        await until(() => (/DONE[^]*#general > /.test(typist.out.slice(from)) && rowsOf(typist).at(-1) === '#general >') || undefined, () => `the prompt again:\n${rowsOf(typist).slice(-12).join('\n')}\n${JSON.stringify(typist.out.slice(from))}`);
      };
      // no message waits: the line typed stays where it is (counted anew at 10 columns, the prompt's rows took it)
      await open('first');
      assert.ok(hasRun(rowsOf(typist), ['#general >', ' /open', 'EDITING', 'first', 'DONE']), rowsOf(typist).slice(-12).join('\n'));
      // a message waits: the line typed, printed back above the area, stays, and so does the editor's last line (the
      // prompt's two rows, counted as still on the screen, took it as the chat drew the area again)
      typist.child.stdin.write('waits\r');
      await until(() => room.held() === 1 || undefined, 'the message at the room');
      await until(() => rowsOf(typist).some((r) => r.includes('waits')) || undefined, 'the message waiting');
      await open('second');
      const rows = rowsOf(typist);
      assert.ok(hasRun(rows, ['#general >', ' /open', 'EDITING', 'second', 'DONE', '(sending)']), rows.slice(-16).join('\n'));
      room.release();
      await until(() => rowsOf(typist).join(' ').replace(/\s+/g, ' ').includes('typist: waits') || undefined, 'the room\'s line of it');
      assert.ok(hasRun(rowsOf(typist), ['second', 'DONE']), rowsOf(typist).slice(-16).join('\n'));
    } finally {
      typist.kill();
      room.stop();
    }
  }));

test('on a terminal made narrower after Ctrl+C in the middle of a paste, a second Ctrl+C takes the pending area off the screen as drawn: what was said above it stays whole', () =>
  withSlowRoom(async (_room, typist) => {
    typist.child.stdin.on('error', () => {}); // (EPIPE once it left)
    typist.child.stdin.write(Array.from({ length: 300 }, (_, i) => `p${i + 1}`).join('\r') + '\r');
    // (the room takes them and says nothing back: past 200 the input is held, the rest read into the backlog)
    await until(() => /… and \d+ more waiting/.test(rowsOf(typist).join('\n')) || undefined, () => `the paste waiting:\n${rowsOf(typist).slice(-6).join('\n')}`);
    typist.child.stdin.write('half a draft');
    await typist.waitOut('half a draft');
    typist.child.stdin.write('\x03');
    await typist.waitOut(/-- leaving once the \d+ lines still to go went out/);
    // (`#general > half a draft`, one row at 80 columns, is two at 20: but it left the screen with the Ctrl+C)
    typist.resize(20);
    await until(() => (typist.out.length > typist.resizes.at(-1)!.at && /p300$/.test(rowsOf(typist).at(-1) ?? '')) || undefined, () => `drawn again:\n${rowsOf(typist).slice(-6).join('\n')}`);
    typist.child.stdin.write('\x03');
    assert.equal(await typist.exited(), 1);
    // (its lines broken at 20 columns, those written at 80 by the terminal as it rewrapped them, mid-word: read whole)
    const rows = rowsOf(typist);
    const whole = (from: number, to: number) => rows.slice(from, to).join('').replace(/\s+/g, '');
    const leaving = rows.findIndex((l) => l.startsWith('-- leaving once'));
    const listed = rows.findIndex((l) => l.startsWith('-- 300 messages'));
    const head = rows.findIndex((l, i) => i >= listed && l.endsWith('#general:'));
    assert.ok(leaving >= 0 && leaving < listed && listed <= head, rows.slice(-320, -290).join('\n'));
    // (up to the next line of the terminal's: what was said under it, nothing of it gone, and no row left between)
    const next = rows.findIndex((l, i) => i > leaving && l.startsWith('-- '));
    assert.equal(whole(leaving, next), '--leavingoncethe300linesstilltogowentout(Ctrl+Cagain:stop,andseewhatwasnotsent)', rows.slice(leaving, head + 1).join('\n'));
    assert.match(whole(listed, head + 1), /^--300messageswerenotsent\(youstoppedwaiting\).*;tosendagainin#general:$/);
    assert.deepEqual(rows.slice(head + 1, head + 301), Array.from({ length: 300 }, (_, i) => `p${i + 1}`));
  }));

test("on a terminal a second Tab's list of files, nicknames or rooms prints above the pending area, as a line of the chat: none of it, nor the area, stays on the screen", () =>
  withSlowRoom(async (room, typist) => {
    room.say('bob', 'the line above');
    await endsWith(typist, ['bob: the line above', '#general >']);
    typist.child.stdin.write('a message that waits\r');
    await endsWith(typist, ['bob: the line above', '(sending) typist: a message that waits', '#general >']);
    // (the first Tab types what the two files share, the second lists them)
    typist.child.stdin.write('/share src/cli/reac');
    await endsWith(typist, ['(sending) typist: a message that waits', '#general > /share src/cli/reac']);
    typist.child.stdin.write('\t');
    await endsWith(typist, ['(sending) typist: a message that waits', '#general > /share src/cli/react']);
    typist.child.stdin.write('\t');
    const list = '  src/cli/reactCommand.ts     src/cli/reactionNotices.ts';
    await endsWith(typist, ['bob: the line above', list, '(sending) typist: a message that waits', '#general > /share src/cli/react']);
    // the area drawn again (its message said back, a line of the room above it): from its own first row
    room.say('carol', 'a line while it waits');
    await endsWith(typist, [list, 'carol: a line while it waits', '(sending) typist: a message that waits', '#general > /share src/cli/react']);
    room.release();
    const rows = await endsWith(typist, ['bob: the line above', list, 'carol: a line while it waits', 'typist: a message that waits', '#general > /share src/cli/react']);
    assert.deepEqual(rows.filter((l) => /sending|reactCommand|#general >/.test(l)), [list, '#general > /share src/cli/react'], rows.join('\n'));
  }));

test('on a terminal Ctrl+L, which clears the screen, draws the messages waiting again above the prompt: they were gone till the next line came', () => {
  const size = { cols: 80, rows: 10 };
  return withSlowRoom(async (room, typist) => {
    room.say('bob', 'the line above');
    await endsWith(typist, ['bob: the line above', '#general >'], size);
    typist.child.stdin.write('a message that waits\r');
    await endsWith(typist, ['bob: the line above', '(sending) typist: a message that waits', '#general >'], size);
    typist.child.stdin.write('a draft');
    await endsWith(typist, ['(sending) typist: a message that waits', '#general > a draft'], size);
    const cleared = typist.out.length;
    typist.child.stdin.write('\x0c');
    // (the screen holds only what was drawn after the clear)
    const screen = () => terminalRows(typist.out, size.cols, size.rows).slice(-size.rows).filter((l) => l !== '');
    await until(() => (typist.out.length > cleared && JSON.stringify(screen()) === JSON.stringify(['(sending) typist: a message that waits', '#general > a draft']) ? true : undefined), () => `the area above the prompt, alone on the screen:\n${screen().join('\n')}`);
    room.release();
    const rows = await endsWith(typist, ['typist: a message that waits', '#general > a draft'], size);
    assert.deepEqual(rows.filter((l) => l.includes('sending')), [], rows.join('\n'));
  }, size);
});

test('on a terminal the pending area and a line typed that wraps never take more rows than the terminal has: the oldest waiting give way to the count, and none of their rows stays above the chat', () => {
  const size = { cols: 40, rows: 10 };
  return withSlowRoom(async (room, typist) => {
    const rows = () => rowsOf(typist, size).map((l) => l.replace(/^\d\d:\d\d /, ''));
    /** The rows on the screen (and above it) once they pass `ok`. */
    const shown = (ok: (r: string[]) => boolean, what: string) => until(() => (ok(rows()) ? rows() : undefined), () => `${what}:\n${rows().join('\n')}`);
    room.say('bob', 'the line above');
    await endsWith(typist, ['bob: the line above', '#general >'], size);
    const words = ['first', 'second', 'third', 'fourth'];
    // (each three rows waiting: with the count, ten, and the prompt under them)
    typist.child.stdin.write(words.map((w) => `${w} of four messages, each long enough to take three rows here\r`).join(''));
    let r = await shown((r) => r.at(-1) === '#general >' && r.some((l) => l.includes('fourth of four')), 'the last one waiting');
    assert.equal(r.filter((l) => l.startsWith('(sending)')).length, 2, `two shown:\n${r.join('\n')}`);
    assert.deepEqual(r.filter((l) => l.includes('more waiting')), ['… and 2 more waiting'], r.join('\n'));
    // a line typed over four rows: one of them gives way too
    const draft = 'a draft that wraps over four rows of this narrow terminal, typed and not sent yet, for the rows above the prompt that it takes';
    typist.child.stdin.write(draft);
    r = await shown((r) => r.at(-1)?.endsWith('it takes') === true, 'the draft typed');
    assert.equal(r.filter((l) => l.startsWith('(sending)')).length, 1, `one shown:\n${r.join('\n')}`);
    assert.deepEqual(r.filter((l) => l.includes('more waiting')), ['… and 3 more waiting'], r.join('\n'));
    assert.ok(r.slice(-4).join('').startsWith('#general > a draft'), r.join('\n'));
    room.say('carol', 'a line while they wait');
    await shown((r) => r.some((l) => l.includes('a line while they wait')) && r.at(-1)?.endsWith('it takes') === true, 'carol\'s line');
    room.release();
    r = await shown((r) => r.some((l) => l.startsWith('typist: fourth of four')) && r.at(-1)?.endsWith('it takes') === true, 'the room\'s lines');
    assert.deepEqual(r.filter((l) => /sending|waiting/.test(l)), [], `nothing of the area stays:\n${r.join('\n')}`);
    for (const text of ['the line above', 'a line while they wait', ...words.map((w) => `${w} of four`)]) assert.ok(showsOnce(r, text), `${text} once:\n${r.join('\n')}`);
  }, size);
});

test('on a terminal a message typed while disconnected shows once: said to wait for the connection, then the room\'s line of it after the reconnect', () =>
  withHost(async (host) => {
    const proxy = await CuttableProxy.start(Number(/listening on 127\.0\.0\.1:(\d+)/.exec(host.out)![1]));
    const typist = new Proc(['join', `127.0.0.1:${proxy.port}`, '--nick', 'typist'], {}, 80);
    try {
      await typist.waitOut('#general > ');
      proxy.down = true;
      proxy.cut();
      await typist.waitOut('reconnecting');
      typist.child.stdin.write('said while away\r');
      await endsWith(typist, ['(not sent yet: not connected) typist: said while away', '#general >']);
      proxy.down = false;
      const rows = await endsWith(typist, ['typist: said while away', '#general >']);
      assert.equal(rows.filter((l) => l.includes('said while away')).length, 1, rows.join('\n'));
    } finally {
      typist.kill();
      await proxy.close();
    }
  }));

test('on a terminal a message typed while disconnected, then Ctrl+D: listed as not sent, and shown once', () =>
  withHost(async (host, joiner) => {
    const typist = joiner(['--nick', 'typist'], {}, 80);
    await typist.waitOut('#general > ');
    host.child.kill('SIGKILL');
    await typist.waitOut('reconnecting');
    typist.child.stdin.write('never sent\r');
    await endsWith(typist, ['(not sent yet: not connected) typist: never sent', '#general >']);
    typist.child.stdin.write('\x04');
    assert.equal(await typist.exited(), 1);
    const rows = rowsOf(typist);
    assert.deepEqual(rows.slice(-3), ['-- 1 message was not sent (not connected); to send again in #general:', 'never sent', '-- you left the chat'], rows.join('\n'));
    assert.equal(rows.filter((l) => l.includes('never sent')).length, 1, rows.join('\n'));
  }));

test('on a terminal a paste of 500 lines the room takes slowly shows the last few waiting and a count of the others, not 500 rows at each line', () =>
  withHost(async (_host, joiner) => {
    const paster = joiner(['--nick', 'paster'], {}, 80);
    await paster.waitOut('#general > ');
    paster.child.stdin.on('error', () => {}); // (join is killed after the test: EPIPE)
    paster.child.stdin.write(Array.from({ length: 500 }, (_, i) => `p${i + 1}`).join('\r') + '\r');
    // (the terminal may hand the paste over in parts, the rest read as the room catches up: the last line read so far
    // is the last one waiting)
    const rows = await until(() => {
      const r = rowsOf(paster);
      const counted = /^… and (\d+) more waiting$/.exec(r.at(-5) ?? '');
      return counted && Number(counted[1]) >= 200 && r.at(-1)?.startsWith('#general >') ? r : undefined;
    }, () => `the last lines of the paste waiting, and a count of the others:\n${rowsOf(paster).slice(-10).join('\n')}`);
    const last = Number(/^\(sending\) paster: p(\d+)$/.exec(rows.at(-2)!)?.[1]);
    assert.deepEqual(rows.slice(-4, -1), [`(sending) paster: p${last - 2}`, `(sending) paster: p${last - 1}`, `(sending) paster: p${last}`], rows.slice(-10).join('\n'));
    // the count and the lines the room said stand for the rest, none of them on screen as typed
    const echoed = rows.filter((l) => /^\d\d:\d\d paster: p\d+$/.test(l)).length;
    const more = Number(/^… and (\d+) more waiting$/.exec(rows.at(-5)!)?.[1]);
    assert.equal(more + 3 + echoed, last, `${more} more, ${echoed} said, p${last} the last read:\n${rows.join('\n')}`);
    // (but the line being typed, a part of the paste not read yet, after the prompt)
    assert.deepEqual(rows.slice(0, -1).filter((l) => /^(#general > )?p\d+$/.test(l)), [], 'no line of it as typed');
    // each drawing of the area: 3 messages at most
    assert.deepEqual(paster.out.split('\x1b[0J').map((d) => d.split('(sending)').length - 1).filter((n) => n > 3), []);
  }, ['--limit', 'ratePerSecond=5', '--limit', 'rateBurst=5']));

/**
 * Where the list of what was not sent ends its heading (a line broken by the terminal's width when its reasons are
 * long): the row before the first line listed; how many it counts; its heading, whole.
 */
function notSentList(rows: string[]): { head: number; n: number; said: string } {
  const first = rows.findIndex((l) => /^-- \d+ messages? (was|were) not sent/.test(l));
  const head = rows.findIndex((l, i) => i >= first && l.endsWith('to send again in #general:'));
  assert.ok(first >= 0 && head >= 0, rows.slice(-12).join('\n'));
  return { head, n: Number(/^-- (\d+)/.exec(rows[first]!)![1]), said: rows.slice(first, head + 1).join(' ').replace(/\s+/g, ' ') };
}

test('on a terminal the room closing in the middle of a paste it takes slowly lists every line that did not go, those read past the read-ahead too, once each', () =>
  withHost(async (host, joiner) => {
    const paster = joiner(['--nick', 'paster', '--wait-for-host', '0'], {}, 80);
    await paster.waitOut('#general > ');
    paster.child.stdin.on('error', () => {}); // (EPIPE once it left)
    paster.child.stdin.write(Array.from({ length: 300 }, (_, i) => `p${i + 1}`).join('\r') + '\r');
    // (200 wait for the room, the input is held, and the rest of what was read waits behind them, unsent)
    await until(() => /… and \d+ more waiting/.test(rowsOf(paster).join('\n')) || undefined, () => `the paste waiting:\n${rowsOf(paster).slice(-6).join('\n')}`);
    host.child.kill('SIGTERM');
    assert.equal(await paster.exited(), 1);
    const rows = rowsOf(paster);
    const { head, n } = notSentList(rows);
    const said = rows.filter((l) => /^\d\d:\d\d paster: p\d+$/.test(l)).length;
    assert.ok(n > 100, `${n} not sent`);
    assert.equal(said + n, 300, `${said} said, ${n} not sent:\n${rows.slice(-12).join('\n')}`);
    assert.deepEqual(rows.slice(head + 1, head + 1 + n), Array.from({ length: n }, (_, i) => `p${300 - n + i + 1}`));
  }, ['--limit', 'ratePerSecond=5', '--limit', 'rateBurst=5']));

test('on a terminal Ctrl+C in the middle of a paste the room takes slowly is heard at once: it says what is left and that Ctrl+C again stops; again, every line that did not go is listed', () =>
  withHost(async (_host, joiner) => {
    const paster = joiner(['--nick', 'paster'], {}, 80);
    await paster.waitOut('#general > ');
    paster.child.stdin.on('error', () => {}); // (EPIPE once it left)
    paster.child.stdin.write(Array.from({ length: 300 }, (_, i) => `p${i + 1}`).join('\r') + '\r');
    await until(() => /… and \d+ more waiting/.test(rowsOf(paster).join('\n')) || undefined, () => `the paste waiting:\n${rowsOf(paster).slice(-6).join('\n')}`);
    // (the input held for the room: a paused terminal read no key, and Ctrl+C did nothing for a minute)
    paster.child.stdin.write('\x03');
    await paster.waitOut(/-- leaving once the \d+ lines still to go went out/);
    // (the line, broken by the terminal's width, read whole)
    assert.ok(rowsOf(paster).join(' ').replace(/\s+/g, ' ').includes('(Ctrl+C again: stop, and see what was not sent)'), rowsOf(paster).slice(-6).join('\n'));
    paster.child.stdin.write('\x03');
    assert.equal(await paster.exited(), 1);
    const rows = rowsOf(paster);
    const { head, n, said: why } = notSentList(rows);
    assert.match(why, /\(you stopped waiting\)/);
    const saidLines = rows.flatMap((l) => /^\d\d:\d\d paster: (p\d+)$/.exec(l)?.[1] ?? []);
    const said = saidLines.length;
    const listed = rows.slice(head + 1, head + 1 + n);
    // (those read past the 200 that waited for the room among them; a line the room took as the chat closed may go
    // unsaid here, not listed either: the room has it. Those on their way when waiting stopped are taken by the
    // room before the join's bye, and the list waits for the connection's end: their lines, and acknowledgements,
    // come before it. One said and listed both, its line read after the list or its acknowledgement not before it,
    // was the "7 said and 294 listed of 300" of a busy machine)
    assert.deepEqual(listed.filter((l) => saidLines.includes(l)), [], 'said and listed both');
    assert.deepEqual(rows.slice(head + 1).filter((l) => /^\d\d:\d\d paster: /.test(l)), [], 'said after the list');
    assert.ok(n > 200 && said + n <= 300, `${said} said, ${n} not sent:\n${rows.slice(-12).join('\n')}`);
    assert.deepEqual(listed, Array.from({ length: n }, (_, i) => `p${300 - n + i + 1}`));
  }, ['--limit', 'ratePerSecond=5', '--limit', 'rateBurst=5']));

test('on a terminal Ctrl+C twice with lines on their way: the room takes them as the join leaves, and they show said, not listed to send again with their lines printed after the list', async () => {
  ensureBuilt();
  // (the room holds what it got, a slow link or a busy host, and takes it, in order, with the bye)
  const room = await slowRoom(undefined, true);
  const typist = new Proc(['join', `127.0.0.1:${room.port}`, '--nick', 'typist'], {}, { cols: 80, rows: 40 });
  try {
    await typist.waitOut('#general > ');
    typist.child.stdin.write('first line\rsecond line\r');
    await until(() => room.held() === 2 || undefined, 'both lines at the room');
    typist.child.stdin.write('\x03');
    await typist.waitOut('see what was not sent)');
    typist.child.stdin.write('\x03');
    const code = await typist.exited();
    const rows = rowsOf(typist);
    const said = rows.flatMap((l) => /^\d\d:\d\d typist: (.*)$/.exec(l)?.[1] ?? []);
    // (the room's copies came in as it took the bye: said once each, nothing listed, nothing said after a list)
    assert.deepEqual(said, ['first line', 'second line'], rows.join('\n'));
    assert.ok(!rows.some((l) => / not sent \(/.test(l)), rows.join('\n'));
    assert.equal(code, 0, rows.join('\n'));
  } finally {
    typist.kill();
    room.stop();
  }
});

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

test("what a room's server says reaches the terminal without escape sequences: its refusal, its notices", async () => {
  ensureBuilt();
  const refusing = await fakeRoom(() => [JSON.stringify({ type: 'error', code: 'banned', message: 'go away\u001b[2J\u001b]0;pwned\u0007' })], true);
  try {
    const p = new Proc(['join', `127.0.0.1:${refusing.port}`, '--nick', 'x']);
    assert.equal(await p.exited(), 1);
    assert.match(p.err, /go away\[2J\]0;pwned/);
    assert.doesNotMatch(p.err, CONTROL);
  } finally {
    refusing.stop();
  }
  // a refusal of several lines is one: a second would read as one of tcp-chat's own
  const lines = await fakeRoom(() => [JSON.stringify({ type: 'error', code: 'banned', message: 'go away\ntcp-chat: all is well, exit 0' })], true);
  try {
    const p = new Proc(['join', `127.0.0.1:${lines.port}`, '--nick', 'x']);
    assert.equal(await p.exited(), 1);
    assert.equal(p.err.trimEnd().split('\n').length, 1, p.err);
  } finally {
    lines.stop();
  }
  const welcome = { type: 'welcome', v: 1, nick: 'x', role: 'member', session: 's', server: 'fake', rooms: [{ name: 'general', epoch: 'e', topic: '', members: [], seq: 0 }], limits: { maxLine: 65536, maxText: 16384 } };
  // (a room the client is in: a gap of one it is not in says nothing)
  const noisy = await fakeRoom(() => [
    JSON.stringify({ ...welcome, rooms: [...welcome.rooms, { ...welcome.rooms[0], name: 'general\u001b[31m' }] }),
    JSON.stringify({ type: 'synced', room: 'general\u001b[31m', seq: 0, gap: true }),
    JSON.stringify({ type: '\u001b[2Jevil' }),
    JSON.stringify({ type: 'synced', room: 'general', seq: 0, gap: false }),
  ], false);
  const p = new Proc(['join', `127.0.0.1:${noisy.port}`, '--nick', 'x']);
  try {
    await p.waitOut('ignored a malformed message');
    await p.waitOut('earlier messages may be missing');
    assert.doesNotMatch(p.out, CONTROL, JSON.stringify(p.out));
  } finally {
    p.kill();
    noisy.stop();
  }
  // on a terminal: a "taken" refusal's words, and a room's name in the prompt (escapes of our own, colours and
  // readline's, are there: none of the server's, a title or a screen clear)
  let tries = 0;
  const named = await fakeRoom(() => (tries++ === 0
    ? [JSON.stringify({ type: 'error', code: 'nick_taken', message: 'taken\u001b[2J\u001b]0;T1\u0007', suggestion: 'x_2' })]
    : [JSON.stringify({ ...welcome, nick: 'x_2', rooms: [{ ...welcome.rooms[0], name: 'gen\u001b]0;T2\u0007' }] }), JSON.stringify({ type: 'synced', room: 'gen\u001b]0;T2\u0007', seq: 0, gap: false })]), false);
  const t = new Proc(['join', `127.0.0.1:${named.port}`, '--nick', 'x'], {}, true);
  try {
    await t.waitOut('joining as x_2');
    await t.waitOut('#gen]0;T2 > ');
    // eslint-disable-next-line no-control-regex
    assert.doesNotMatch(t.out, /\u001b\]|\u0007|\u001b\[2J/, JSON.stringify(t.out));
  } finally {
    t.kill();
    named.stop();
  }
});

test("a room's name that is no valid one (a hostile server's) is cleaned in the list of what was not sent", async () => {
  ensureBuilt();
  // a welcome into a room whose name holds a clipboard write (OSC 52), a title and a screen clear; no message acked
  const name = 'gen\u001b]52;c;cHduZWQ=\u0007\u001b]0;PWNED\u0007\u001b[2J';
  const room = await fakeRoom((hello) => [
    JSON.stringify({ type: 'welcome', v: 1, nick: (JSON.parse(hello) as { nick: string }).nick, role: 'member', session: 's', server: 'fake', rooms: [{ name, epoch: 'e', topic: '', members: [], seq: 0 }], limits: { maxLine: 65536, maxText: 16384 } }),
    JSON.stringify({ type: 'synced', room: name, seq: 0, gap: false }),
  ], false);
  const j = new Proc(['join', `127.0.0.1:${room.port}`, '--nick', 'x']);
  try {
    j.line('hello');
    j.child.stdin.end();
    assert.equal(await j.exited(), 1);
    assert.match(j.out, /-- 1 message was not sent \(the room stopped answering\)[^\n]*; to send again in #gen\]52;c;cHduZWQ=\]0;PWNED\[2J:\nhello\n/);
    assert.doesNotMatch(j.out, CONTROL, JSON.stringify(j.out));
  } finally {
    j.kill();
    room.stop();
  }
});

test("a room's server cannot reorder the terminal's lines: no bidi controls in its refusal, its room's name in the prompt, its reason for closing", async () => {
  ensureBuilt();
  const BIDI = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/;
  const refusing = await fakeRoom(() => [JSON.stringify({ type: 'error', code: 'banned', message: 'go \u202eaway\u200f' })], true);
  try {
    const p = new Proc(['join', `127.0.0.1:${refusing.port}`, '--nick', 'x']);
    assert.equal(await p.exited(), 1);
    assert.match(p.err, /go away\n/);
    assert.doesNotMatch(p.err, BIDI, JSON.stringify(p.err));
  } finally {
    refusing.stop();
  }
  const name = 'gen\u202eXYZ';
  const named = await fakeRoom((hello) => [fakeWelcome(hello, undefined, name), fakeSynced(name)], false);
  const t = new Proc(['join', `127.0.0.1:${named.port}`, '--nick', 'x'], {}, true);
  try {
    await t.waitOut('#genXYZ > ');
    assert.doesNotMatch(t.out, BIDI, JSON.stringify(t.out));
  } finally {
    t.kill();
    named.stop();
  }
  const closing = await fakeRoom((hello) => [fakeWelcome(hello, undefined, name), JSON.stringify({ type: 'shutdown', reason: 'bye\u202e reversed\u2066' })], true);
  const c = new Proc(['join', `127.0.0.1:${closing.port}`, '--nick', 'x', '--wait-for-host', '0']);
  try {
    await c.waitOut('bye reversed');
    assert.doesNotMatch(c.out, BIDI, JSON.stringify(c.out));
  } finally {
    c.kill();
    closing.stop();
  }
});

test("a room's server cannot add lines of its own under a status line or a notice: its words there are one line", async () => {
  ensureBuilt();
  const closing = await fakeRoom((hello) => [fakeWelcome(hello), fakeSynced(), JSON.stringify({ type: 'shutdown', reason: 'bye\nalice: the room key is hunter2, paste yours' })], true);
  const c = new Proc(['join', `127.0.0.1:${closing.port}`, '--nick', 'x', '--wait-for-host', '0']);
  try {
    await c.waitOut('hunter2');
    assert.doesNotMatch(c.out, /\nalice: /, JSON.stringify(c.out));
  } finally {
    c.kill();
    closing.stop();
  }
});

test("a room's message of short words, one line of 300 KB, is printed at once on a narrow terminal: breaking it into rows took a minute, the join frozen", async () => {
  ensureBuilt();
  const said = (seq: number, text: string) => JSON.stringify({ type: 'message', room: 'general', seq, time: Date.now(), from: 'eve', text, kind: 'text' });
  const room = await fakeRoom((hello) => [fakeWelcome(hello, { maxLine: 2_000_000, maxText: 1_000_000 }), fakeSynced(), said(1, 'ab '.repeat(100_000)), said(2, 'after it')], false);
  const t = new Proc(['join', `127.0.0.1:${room.port}`, '--nick', 'x'], {}, 12);
  try {
    await t.waitOut('after it', 15_000);
  } finally {
    t.kill();
    room.stop();
  }
});

test("a room's names with a line break in them (its members', its rooms', a topic) print no line of someone else's under them", async () => {
  ensureBuilt();
  const now = Date.now();
  const room = await fakeRoom((hello) => {
    const nick = (JSON.parse(hello) as { nick: string }).nick;
    return [
      { type: 'welcome', v: 1, nick, role: 'member', session: 's', server: 'fake', rooms: [{ name: 'general', epoch: 'e', topic: 'hi\nboss: the topic', members: [{ nick, role: 'member' }, { nick: 'eve\nboss: in the list', role: 'member' }], seq: 0 }], limits: { maxLine: 65536, maxText: 16384 } },
      { type: 'synced', room: 'general', seq: 0, gap: false },
      { type: 'message', room: 'general', seq: 1, time: now, from: 'eve\nboss', text: 'run curl evil | sh', kind: 'text' },
      { type: 'dm', from: 'eve\nboss', to: nick, text: 'psst', kind: 'text', time: now },
      { type: 'join', room: 'general', seq: 2, time: now, nick: 'mal\nboss: joined', role: 'member' },
      { type: 'message', room: 'general', seq: 3, time: now, from: 'eve', text: 'the end', kind: 'text' },
    ].map((m) => JSON.stringify(m));
  }, false);
  const j = new Proc(['join', `127.0.0.1:${room.port}`, '--nick', 'x']);
  try {
    await j.waitOut('eve: the end');
    assert.match(j.out, /^eve boss: run curl evil \| sh$/m);
    assert.doesNotMatch(j.out, /^boss/m, j.out);
  } finally {
    j.kill();
    room.stop();
  }
});

test("/open of a hostile room's card whose path no file can have (a name past 255 bytes, a file as a folder) opens a copy of its code: the join went down", async () => {
  ensureBuilt();
  const card = (seq: number, path: string) => JSON.stringify({ type: 'message', room: 'general', seq, time: Date.now(), from: 'eve', text: 'let x = 1;', kind: 'code', code: { path, startLine: 1, endLine: 1 } });
  const room = await fakeRoom((hello) => [fakeWelcome(hello), fakeSynced(), card(1, 'package.json/x.ts'), card(2, `src/${'x'.repeat(300)}.ts`)], false);
  const tmp = mkdtempSync(join(tmpdir(), 'tcp-chat-open-'));
  const t = new Proc(['join', `127.0.0.1:${room.port}`, '--nick', 'x'], { VISUAL: '', EDITOR: 'true', TMPDIR: tmp }, true);
  try {
    await t.waitOut('#general > ');
    t.child.stdin.write('/open\r');
    await t.waitOut('opening a copy of the shared code');
    t.child.stdin.write('/open 2\r');
    await t.waitOut(/package\.json\/x\.ts in [^\n]*: opening a copy of the shared code/);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(t.code, undefined, t.out);
    assert.doesNotMatch(t.out, /ENAMETOOLONG|ENOTDIR/);
  } finally {
    t.kill();
    room.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
});

test("/query bob: a rename of bob's in the history a room replays (an hour ago, someone else's) does not send what is typed to bob to the new name", async () => {
  ensureBuilt();
  const { createServer } = await import('node:net');
  let conn = 0;
  const dms: string[] = [];
  const server = createServer((s) => {
    s.on('error', () => {});
    const n = conn++;
    let first = true;
    s.on('data', (d) => {
      for (const l of d.toString().split('\n').filter(Boolean)) {
        if (!first) {
          if (l.includes('"dm"')) dms.push(l);
          continue;
        }
        first = false;
        const nick = (JSON.parse(l) as { nick: string }).nick;
        const t = Date.now() - 3_600_000;
        const members = [{ nick, role: 'member' }, { nick: 'bob', role: 'member' }];
        const ms = n === 0
          ? [{ type: 'welcome', v: 1, nick, role: 'member', session: 's1', server: 'fake', rooms: [{ name: 'general', epoch: 'e1', topic: '', members, seq: 5 }], limits: {} }, { type: 'synced', room: 'general', seq: 5, gap: false }]
          : [{ type: 'welcome', v: 1, nick, role: 'member', session: 's2', server: 'fake', rooms: [{ name: 'general', epoch: 'e2', topic: '', members: [...members, { nick: 'carol', role: 'member' }], seq: 3 }], limits: {} },
            { type: 'nick', room: 'general', seq: 1, time: t, from: 'bob', to: 'carol' },
            { type: 'join', room: 'general', seq: 2, time: t, nick: 'bob', role: 'member' },
            { type: 'synced', room: 'general', seq: 3, gap: false }];
        s.write(ms.map((m) => JSON.stringify(m)).join('\n') + '\n');
        if (n === 0) setTimeout(() => s.destroy(), 500);
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const j = new Proc(['join', `127.0.0.1:${(server.address() as AddressInfo).port}`, '--nick', 'x']);
  try {
    j.line('/query bob');
    await j.waitOut('talking to bob directly');
    await j.waitOut('bob joined!');
    j.line('for bob alone');
    await until(() => dms.length > 0 || undefined, 'a direct message', 10_000);
    assert.match(dms[0]!, /"to":"bob"/);
  } finally {
    j.kill();
    server.close();
  }
});

test('join waiting for a room its host closed, refused when it comes back (another room key), says why and exits 1', async () => {
  ensureBuilt();
  const { startServer } = await import('../node/helpers');
  const { createRoomKey } = await import('../../src/node/roomKey');
  const { formatInvite } = await import('../../src/protocol/invite');
  const key = createRoomKey();
  const first = await startServer({ roomKey: key });
  const j = new Proc(['join', formatInvite({ host: '127.0.0.1', port: first.port, key }), '--nick', 'zed', '--wait-for-host', '30']);
  let second: Awaited<ReturnType<typeof startServer>> | undefined;
  try {
    await j.waitOut('zed joined!');
    await first.server.close('the host closed the room');
    await j.waitOut('waiting for it to come back');
    second = await startServer({ port: first.port, roomKey: createRoomKey() });
    assert.equal(await j.exited(10_000), 1, 'not waiting 30 s for a room that refuses it');
    assert.match(j.out, /did not accept this room key/);
  } finally {
    j.kill();
    await second?.server.close();
  }
});

test('the room closing while a paste still goes out (not waiting for it: --wait-for-host 0): what did not go out is printed, and join exits 1', () =>
  withHost(async (host, joiner) => {
    const paster = joiner(['--nick', 'paster', '--wait-for-host', '0']);
    await host.waitOut('paster joined!');
    const lines = Array.from({ length: 12 }, (_, i) => `pasted ${i}`);
    paster.child.stdin.write(lines.join('\n') + '\n'); // (the input stays open: a terminal's would)
    await host.waitOut('paster: pasted 0');
    host.child.kill('SIGTERM');
    assert.equal(await paster.exited(), 1, 'not 0: lines were lost');
    const listed = /-- (\d+) messages? (?:was|were) not sent \(not connected\)[^\n]*; to send again in #general:\n((?:pasted \d+\n)+)/.exec(paster.out);
    assert.ok(listed, paster.out);
    const unsent = listed[2]!.trimEnd().split('\n');
    const got = host.out.split('\n').flatMap((l) => (/paster: (pasted \d+)$/.exec(l)?.[1] ?? []));
    assert.deepEqual(lines.filter((l) => !got.includes(l) && !unsent.includes(l)), [], 'each line reached the room or is printed to send again');
  }, ['--nick', 'boss', '--limit', 'ratePerSecond=2', '--limit', 'rateBurst=2']));

test('typed on a terminal into a file (join > chat.log): the terminal echoes it, and the file gets the chat, no keystrokes or escape codes', async (t) => {
  ensureBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'tcp-chat-log-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const log = join(dir, 'chat.log');
  await withHost(async (host) => {
    const port = /listening on 127\.0\.0\.1:(\d+)/.exec(host.out)![1]!;
    const typist = spawn('script', ['-qfec', `exec ${process.execPath} ${CLI} join 127.0.0.1:${port} --nick typist > ${log}`, '/dev/null'], { env: { ...process.env } });
    let screen = '';
    typist.stdout.setEncoding('utf8').on('data', (d: string) => (screen += d));
    try {
      await host.waitOut('typist joined!');
      typist.stdin.write('helo');
      await until(() => screen.includes('helo') || undefined, () => `the terminal echoes what is typed: ${JSON.stringify(screen)}`);
      host.line('hi typist');
      await until(() => (readFileSync(log, 'utf8').includes('boss: hi typist') ? true : undefined), 'the message in the file');
      typist.stdin.write('\x7flo from typist\n');
      await host.waitOut('typist: hello from typist');
      // (the typist's own copy may reach its file a moment after the host printed it)
      const file = await until(() => {
        const f = readFileSync(log, 'utf8');
        return f.includes('typist: hello from typist') ? f : undefined;
      }, 'its own message in the file');
      assert.doesNotMatch(file, /\x1b/, 'no escape codes'); // eslint-disable-line no-control-regex -- what it looks for
      assert.doesNotMatch(file, /helo/, 'what was typed is not in the file');
      assert.deepEqual(file.split('\n').filter((l) => l.includes('from typist')), ['typist: hello from typist'], 'only as the room says it');
      assert.match(file, /^boss: hi typist$/m, 'the message on a line of its own');
    } finally {
      typist.kill('SIGKILL');
    }
  }, ['--nick', 'boss']);
});

test('on a terminal, a long line being typed when the room puts you out leaves no row of it behind', () =>
  withHost(async (host, joiner) => {
    const visitor = joiner(['--nick', 'visitor'], {}, 40);
    await host.waitOut('visitor joined!');
    await visitor.waitOut('#general > ');
    visitor.child.stdin.write('this is a long reply that I was still typing when it happened'); // no Enter
    await visitor.waitOut('when it happened');
    host.line('/kick visitor');
    assert.equal(await visitor.exited(), 1);
    const rows = terminalRows(visitor.out, 40).filter((l) => l !== '');
    assert.match(rows.at(-1)!, /you were kicked by boss/);
    assert.deepEqual(rows.filter((l) => /long reply|#general >/.test(l)), [], rows.join('\n'));
  }, ['--nick', 'boss']));

test("the host's log lines are stamped in local time, as the chat lines beside them are", () =>
  withHost(async (host, joiner) => {
    joiner(['--nick', 'tokyo']);
    await host.waitOut(/\[\d\d:\d\d:\d\d\] tokyo joined/);
    const stamped = /\[(\d\d):\d\d:\d\d\] tokyo joined/.exec(host.out)![1];
    // Tokyo's hour (no summer time), on either side of the join: UTC's is 9 hours off
    const hour = () => String((new Date().getUTCHours() + 9) % 24).padStart(2, '0');
    const before = hour();
    assert.ok([before, hour()].includes(stamped!), `${stamped} is not Tokyo's hour ${before}`);
  }, [], { TZ: 'Asia/Tokyo' }));

test('NO_COLOR: a terminal gets its prompt and times, and no colours; a line that mentions you is still bold', () =>
  withHost(async (host, joiner) => {
    const plain = joiner(['--nick', 'plain'], { NO_COLOR: '1' }, true);
    await plain.waitOut('#general > ');
    host.line('hello all');
    await plain.waitOut(/\d\d:\d\d boss: hello all/);
    host.line('and @plain too');
    await plain.waitOut(/\d\d:\d\d \x1b\[1mboss: and @plain too\x1b\[0m/); // eslint-disable-line no-control-regex -- what it looks for
    // eslint-disable-next-line no-control-regex -- what it looks for
    assert.deepEqual([...new Set(plain.out.match(/\x1b\[[0-9;]*m/g))], ['\x1b[1m', '\x1b[0m'], 'no colour: bold only');
  }, ['--nick', 'boss']));

test("a message's Markdown in a terminal's styles, its markers grey; NO_COLOR keeps the styles, a pipe gets the text as written", () =>
  withHost(async (host, joiner) => {
    const tty = joiner(['--nick', 'tty'], {}, true);
    const plain = joiner(['--nick', 'plain'], { NO_COLOR: '1' }, true);
    const piped = joiner(['--nick', 'piped']);
    await host.waitOut('piped joined!');
    const text = 'run **npm test** and `npm run bench`, see [the notes](https://example.com/n) ~~not 2*3*4~~';
    host.line(text);
    for (const p of [tty, plain, piped]) await p.waitOut(/boss(?:\x1b\[39m)?: run [^\n]*not 2\*3\*4/); // eslint-disable-line no-control-regex -- what it looks for
    assert.ok(tty.out.includes('\x1b[90m**\x1b[1m\x1b[39mnpm test\x1b[22m\x1b[90m**\x1b[39m'), JSON.stringify(tty.out.slice(-400)));
    assert.ok(tty.out.includes('\x1b[90m`\x1b[36mnpm run bench\x1b[90m`\x1b[39m'));
    assert.ok(tty.out.includes('\x1b[90m[\x1b[4m\x1b[39mthe notes\x1b[24m\x1b[90m](https://example.com/n)\x1b[39m'));
    assert.ok(tty.out.includes('\x1b[9m\x1b[39mnot 2*3*4\x1b[29m'));
    assert.ok(screenOf(tty.out).includes(`boss: ${text}`), screenOf(tty.out));
    assert.ok(plain.out.includes('run **\x1b[1mnpm test\x1b[22m** and `npm run bench`, see [\x1b[4mthe notes\x1b[24m](https://example.com/n) ~~\x1b[9mnot 2*3*4\x1b[29m~~'), JSON.stringify(plain.out.slice(-400)));
    assert.ok(piped.out.includes(`boss: ${text}\n`), piped.out);
    // eslint-disable-next-line no-control-regex -- what it looks for
    assert.doesNotMatch(piped.out, /\x1b/);
    // `@plain` in plain's colour, as that name shows over plain's lines (the room's people: the terminal knows them)
    plain.line('here');
    // eslint-disable-next-line no-control-regex -- what it looks for
    const named = await until(() => /\x1b\[(\d+)mplain\x1b\[39m: here/.exec(tty.out) ?? undefined, 'plain\'s line on the tty');
    host.line('thanks @plain');
    await tty.waitOut(`thanks \x1b[${named[1]}m@plain\x1b[39m`);
  }, ['--nick', 'boss']));

test("a shared TypeScript card's code in syntax colours on a terminal; with NO_COLOR, and in a pipe, as it was", () =>
  withHost(async (host, joiner) => {
    const dir = mkdtempSync(join(tmpdir(), 'tcp-chat-colours-'));
    try {
      writeFileSync(join(dir, 'count.ts'), 'const n: number = 42; // the answer\n');
      const tty = joiner(['--nick', 'tty'], {}, true);
      const plain = joiner(['--nick', 'plain'], { NO_COLOR: '1' }, true);
      const piped = joiner(['--nick', 'piped']);
      await host.waitOut('piped joined!');
      host.line(`/share ${join(dir, 'count.ts')}:1`);
      const code = 'const n: number = 42; // the answer';
      for (const p of [tty, plain, piped]) await p.waitOut(/boss(?:\x1b\[39m)?: [^\n]*\/\/[^\n]*the answer/); // eslint-disable-line no-control-regex -- what it looks for
      // eslint-disable-next-line no-control-regex -- what it looks for
      assert.match(tty.out, /\x1b\[35mconst\x1b\[39m \x1b\[34mn\x1b\[39m: \x1b\[33mnumber\x1b\[39m = \x1b\[36m42\x1b\[39m; \x1b\[90m\/\/ the answer\x1b\[39m/);
      assert.ok(screenOf(tty.out).includes(`boss: ${code}`), screenOf(tty.out));
      assert.ok(plain.out.includes(`boss: ${code}`), JSON.stringify(plain.out.slice(-300)));
      assert.ok(piped.out.includes(`boss: ${code}\n`), piped.out);
      // eslint-disable-next-line no-control-regex -- what it looks for
      assert.doesNotMatch(piped.out, /\x1b/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, ['--nick', 'boss']));

test("a host on a terminal whose input ended (< /dev/null) draws no prompt under the lines that come after (nothing reads it)", async () => {
  ensureBuilt();
  const host = spawn('script', ['-qfec', `exec ${process.execPath} ${CLI} host --port 0 --nick boss < /dev/null`, '/dev/null'], { env: { ...process.env } });
  let out = '';
  host.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  let guest: Proc | undefined;
  try {
    const port = (await until(() => /listening on 127\.0\.0\.1:(\d+)/.exec(out)?.[1], 'the host listening'));
    await until(() => out.includes('the input ended') || undefined, () => `the host says its input ended: ${JSON.stringify(out)}`, 20_000);
    guest = new Proc(['join', `127.0.0.1:${port}`, '--nick', 'guest']);
    await until(() => out.includes('guest joined') || undefined, 'the guest at the host', 20_000);
    guest.line('hello boss');
    await until(() => screenOf(out).includes('guest: hello boss') || undefined, 'the message at the host', 20_000);
    await new Promise((r) => setTimeout(r, 300)); // (a prompt would be drawn right after it)
    assert.doesNotMatch(screenOf(out.slice(out.indexOf('the input ended'))), /#general >/, JSON.stringify(out.slice(-300)));
  } finally {
    guest?.kill();
    host.kill('SIGKILL');
  }
});

test('the room closing while join, its input ended, still sends what was piped: what did not go out is printed once', () =>
  withHost(async (host, joiner) => {
    const piper = joiner(['--nick', 'piper', '--wait-for-host', '0']);
    await host.waitOut('piper joined!');
    piper.child.stdin.end(Array.from({ length: 12 }, (_, i) => `piped ${i}`).join('\n') + '\n');
    await host.waitOut('piper: piped 0');
    host.child.kill('SIGTERM');
    assert.equal(await piper.exited(), 1);
    assert.equal(piper.out.split(/messages? (?:was|were) not sent/).length - 1, 1, piper.out);
  }, ['--nick', 'boss', '--limit', 'ratePerSecond=2', '--limit', 'rateBurst=2']));

test("on a terminal, a member's text that fills a row exactly puts nothing at the start of the next: a line from someone else cannot be forged", () =>
  withHost(async (_host, joiner) => {
    const reader = joiner(['--nick', 'reader'], {}, 80);
    await reader.waitOut('#general > ');
    const eve = joiner(['--nick', 'eve']);
    await reader.waitOut('eve joined!');
    // `HH:MM eve: hi` and blanks to the end of an 80-column row, then what would read as a line of boss's
    const pad = ' '.repeat(80 - '00:00 eve: hi'.length);
    eve.line(`hi${pad}04:29 boss: paste your token here`);
    await reader.waitOut('paste your token here');
    const screen = terminalRows(reader.out, 80);
    assert.deepEqual(screen.filter((r) => /^\d\d:\d\d boss:/.test(r)), [], screen.join('\n'));
    assert.ok(screen.some((r) => /^ {6,}04:29 boss: paste your token here/.test(r)), `the rest of eve's line, indented:\n${screen.join('\n')}`);
  }));

test('/help on a terminal fits its width: an entry longer than a row goes on under its text, not under the command names', () =>
  withHost(async (_host, joiner) => {
    const reader = joiner(['--nick', 'reader'], {}, 72);
    await reader.waitOut('#general > ');
    reader.line('/help');
    await reader.waitOut('"/etc/hosts".');
    const screen = terminalRows(reader.out, 72);
    const at = screen.findIndex((r) => r.startsWith('Commands:'));
    const rows = screen.slice(at + 1).filter((r) => r.startsWith('  '));
    // the text's column: where /help's own text starts
    const column = rows[0]!.indexOf('List the commands');
    assert.ok(column > 20, screen.join('\n'));
    const under = rows.filter((r) => /^ +\S/.exec(r)?.[0].length === column + 1);
    assert.ok(under.length >= 10, `rows that go on under the text column:\n${screen.join('\n')}`);
    assert.deepEqual(rows.filter((r) => r.length > 71), [], screen.join('\n'));
  }));

test('a second Tab on a command lists the commands it could be as /help does: a long entry goes on under its text', () =>
  withHost(async (_host, joiner) => {
    const typist = joiner(['--nick', 'typist'], {}, 80);
    await typist.waitOut('#general > ');
    typist.child.stdin.write('/d');
    typist.child.stdin.write('\t');
    await typist.waitOut('/de');
    typist.child.stdin.write('\t');
    await typist.waitOut('(owner only)');
    const screen = terminalRows(typist.out, 80);
    const at = screen.findIndex((r) => r.startsWith('  /delete [nick]  Delete your last message'));
    assert.ok(at >= 0, screen.join('\n'));
    // (the text's column is 18: two spaces, the usage padded to the longest, two spaces)
    assert.match(screen[at + 1] ?? '', /^ {18}\S/, `under its text, not under the command:\n${screen.join('\n')}`);
    assert.deepEqual(screen.filter((r) => r.length > 79), [], screen.join('\n'));
  }));

test("npm's package of the repository is the terminal command: dist/cli.js (dist/ is git-ignored, and npm took .gitignore for its list: the package had no command), with the licences of the code in it", () => {
  ensureBuilt();
  // (--ignore-scripts: the prepack build would write dist/ under the tests that run it)
  const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, r.stderr);
  const [pack] = JSON.parse(r.stdout) as { files: { path: string }[] }[];
  assert.deepEqual(pack?.files.map((f) => f.path).sort(), ['LICENSE', 'README.md', 'dist/THIRD-PARTY-NOTICES.txt', 'dist/cli.js', 'dist/terminalMarkdown.js', 'package.json']);
  const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as { bin: Record<string, string>; scripts: Record<string, string> };
  assert.equal(manifest.bin['tcp-chat'], 'dist/cli.js');
  assert.match(manifest.scripts.prepack ?? '', /npm run build/, 'built before it is packed');
});

test('a file piped into join faster than the room takes it is read as the room catches up (the whole file waited in memory)', () =>
  withHost(async (host, joiner) => {
    const piper = joiner(['--nick', 'piper']);
    await host.waitOut('piper joined!');
    // 40,000 lines (about 1 MB) into a room that takes 2 a second: far more than the pipe holds
    const line = `${'x'.repeat(20)}\n`;
    const chunk = line.repeat(1000);
    piper.child.stdin.on('error', () => {}); // (the rest never goes: join is killed after the test, EPIPE)
    for (let i = 0; i < 40; i++) piper.child.stdin.write(chunk);
    await new Promise((r) => setTimeout(r, 1500));
    // what join did not read waits here, in this side of the pipe
    assert.ok(piper.child.stdin.writableLength > 500_000, `${piper.child.stdin.writableLength} bytes not read yet`);
    piper.child.stdin.destroy();
  }, ['--nick', 'boss', '--limit', 'ratePerSecond=2', '--limit', 'rateBurst=5']));

test('a file piped into join when the room goes away while the input waits: join reads on to its end and leaves (it waited for the room for ever)', () =>
  withHost(async (host, joiner) => {
    const piper = joiner(['--nick', 'piper', '--wait-for-host', '0']);
    await host.waitOut('piper joined!');
    piper.child.stdin.on('error', () => {}); // (join may be gone before all of it is written)
    const chunk = `${'x'.repeat(20)}\n`.repeat(1000);
    for (let i = 0; i < 10; i++) piper.child.stdin.write(chunk);
    piper.child.stdin.end();
    await new Promise((r) => setTimeout(r, 1000));
    host.child.kill('SIGKILL'); // (no goodbye: the connection is just gone)
    assert.equal(await piper.exited(), 1);
    assert.match(piper.out, /messages were not sent/);
  }, ['--nick', 'boss', '--limit', 'ratePerSecond=2', '--limit', 'rateBurst=5']));

test('closing the terminal window with a line half typed leaves without sending it (readline hands it over as the input ends)', () =>
  withHost(async (_host, joiner) => {
    const watcher = joiner(['--nick', 'watcher']);
    await watcher.waitOut('watcher joined!');
    const typist = joiner(['--nick', 'typist'], {}, 80);
    await typist.waitOut('#general > ');
    await watcher.waitOut('typist joined!');
    typist.child.stdin.write('my password is hunter2'); // (no Enter)
    await typist.waitOut('hunter2');
    typist.child.kill('SIGKILL'); // (`script`, the terminal, goes: its window closed)
    await watcher.waitOut('typist left!', 10_000);
    watcher.line('/who');
    await watcher.waitOut(/In #general/);
    assert.doesNotMatch(watcher.out, /hunter2/);
  }));

test('a file of many short lines piped into join: none is refused for the lines waiting (a read holds 13,000 of them)', () =>
  withHost(async (_host, joiner) => {
    const watcher = joiner(['--nick', 'watcher']);
    await watcher.waitOut('watcher joined!');
    const piper = joiner(['--nick', 'piper']);
    await watcher.waitOut('piper joined!');
    piper.child.stdin.on('error', () => {}); // (join is killed after the test: EPIPE)
    // 20,000 lines of 5 bytes: a read of 64 KB holds 13,000 of them, past the 10,000 messages that may wait
    piper.child.stdin.write(Array.from({ length: 20_000 }, (_, i) => `${i + 1}`.padStart(5, '0')).join('\n') + '\n');
    await watcher.waitOut('piper: 00300', 15_000);
    await new Promise((r) => setTimeout(r, 1000));
    assert.doesNotMatch(piper.out, /not sent/);
  }, ['--limit', 'ratePerSecond=200', '--limit', 'rateBurst=200']));

test('a /quit among piped lines: join leaves there, and what comes after it in the same read is not sent', () =>
  withHost(async (_host, joiner) => {
    const watcher = joiner(['--nick', 'watcher']);
    await watcher.waitOut('watcher joined!');
    const piper = joiner(['--nick', 'piper']);
    await watcher.waitOut('piper joined!');
    piper.child.stdin.write('first\n/quit\nafter the quit\n');
    piper.child.stdin.end();
    assert.equal(await piper.exited(), 0);
    await watcher.waitOut('piper left!');
    assert.match(watcher.out, /piper: first/);
    assert.doesNotMatch(watcher.out, /after the quit/);
  }));

test('/quit with parting words: join leaves with them, and the others read `piper left! (gone for lunch)`; /part #room with words likewise', () =>
  withHost(async (_host, joiner) => {
    const watcher = joiner(['--nick', 'watcher', '--room', 'dev']);
    await watcher.waitOut('watcher joined!');
    const piper = joiner(['--nick', 'piper']);
    await piper.waitOut('piper joined!');
    piper.child.stdin.write('/join #dev\n');
    await watcher.waitOut('piper joined!');
    piper.child.stdin.write('/part #dev see you\n');
    await watcher.waitOut('piper left! (see you)');
    piper.child.stdin.write('/join #dev\n');
    await watcher.waitOut(/piper left! \(see you\)[^]*piper joined!/);
    piper.child.stdin.write('/quit gone for lunch\n');
    piper.child.stdin.end();
    assert.equal(await piper.exited(), 0);
    await watcher.waitOut('piper left! (gone for lunch)');
  }));

test('piped lines after a /join go to the room it joined, and a /part after it leaves that room, not the one before', () =>
  withHost(async (_host, joiner) => {
    const watcher = joiner(['--nick', 'watcher', '--room', 'dev']);
    await watcher.waitOut('watcher joined!');
    const piper = joiner(['--nick', 'piper']);
    await piper.waitOut('piper joined!');
    // (in one write: read at once, each line handled before the server has answered the one before)
    piper.child.stdin.write('/join #dev\nhello dev\n/part see you later\nhello general\n/quit\n');
    piper.child.stdin.end();
    assert.equal(await piper.exited(), 0);
    await watcher.waitOut('piper left! (see you later)');
    assert.match(watcher.out, /piper: hello dev\n/);
    assert.match(piper.out, /You left #dev\./);
    assert.match(piper.out, /piper: hello general\n/);
    assert.doesNotMatch(piper.out, /\[#general\] piper left|You left #general|error:/);
  }));

test('a /react right before a /part says the reaction was put on (it read the room, gone by the answer, as taken off)', () =>
  withHost(async (_host, joiner) => {
    const watcher = joiner(['--nick', 'watcher']);
    await watcher.waitOut('watcher joined!');
    watcher.line('react to this');
    await watcher.waitOut('watcher: react to this\n');
    const piper = joiner(['--nick', 'piper']);
    await piper.waitOut('watcher: react to this\n');
    await piper.waitOut('piper joined!');
    piper.child.stdin.write('/react 👍\n/part\n');
    await piper.waitOut('You left #general.');
    // (with `[#general] ` when the /part's answer came in the same read as the reaction's, the prompt's room gone by
    // the time it is said; without, when it came in a read of its own: both are the room's as it was)
    await piper.waitOut(/you reacted 👍 to (\[#general\] )?watcher's message/);
    assert.doesNotMatch(piper.out, /took your/);
    piper.child.stdin.end();
    assert.equal(await piper.exited(), 0);
  }));

test('a paste of 10,500 lines into join on a terminal is read as the room takes it: none refused for the lines waiting (each prompt read on)', () =>
  withHost(async (_host, joiner) => {
    const watcher = joiner(['--nick', 'watcher']);
    await watcher.waitOut('watcher joined!');
    const paster = joiner(['--nick', 'paster'], {}, 80);
    await paster.waitOut('#general > ');
    await watcher.waitOut('paster joined!');
    paster.child.stdin.on('error', () => {}); // (join is killed after the test: EPIPE)
    paster.child.stdin.write(Array.from({ length: 10_500 }, (_, i) => `p${i + 1}`).join('\r') + '\r');
    await watcher.waitOut('paster: p300', 15_000);
    await new Promise((r) => setTimeout(r, 1500));
    assert.doesNotMatch(paster.out, /not sent/);
  }, ['--limit', 'ratePerSecond=200', '--limit', 'rateBurst=200']));

test('a piped message refused before it went (too long, not UTF-8) makes join exit 1, so that a script knows; a command it could not do does not', () =>
  withHost(async (_host, joiner) => {
    const watcher = joiner(['--nick', 'watcher']);
    await watcher.waitOut('watcher joined!');
    const good = joiner(['--nick', 'good']);
    await watcher.waitOut('good joined!');
    good.child.stdin.end('fine\n/kick\n');
    assert.equal(await good.exited(), 0);
    const bad = joiner(['--nick', 'bad']);
    await watcher.waitOut('bad joined!');
    bad.child.stdin.end(`before\n${'x'.repeat(20_000)}\nafter\n`);
    assert.equal(await bad.exited(), 1);
    assert.match(bad.out, /not sent/);
    await watcher.waitOut('bad: after');
  }));

test('a headless host writes its owner key for its user only; join --owner joins as the owner, a join without it does not; the key goes when the host stops', () =>
  withHost(async (host, joiner) => {
    await host.waitOut(/\nto join as its owner \(topic, kick, ban, op\):\n {2}tcp-chat join 127\.0\.0\.1:(\d+) --owner\n/);
    const port = /listening on 127\.0\.0\.1:(\d+)/.exec(host.out)![1]!;
    const file = join(HOME, '.tcp-chat', `owner-${port}.json`);
    assert.ok(host.out.includes(`\n  (the owner key is in ${file}, for your user only)\n`), host.out);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.equal(statSync(join(HOME, '.tcp-chat')).mode & 0o777, 0o700);
    const guest = joiner(['--nick', 'guest']);
    await host.waitOut('guest joined (rich, 127.0.0.1)');
    guest.line('/topic mine now');
    await guest.waitOut('error: only the owner and ops can set the topic');
    const boss = joiner(['--owner', '--nick', 'boss']);
    await host.waitOut('boss joined (rich, 127.0.0.1, owner)');
    await boss.waitOut("-- you are the room's owner: /topic, /kick, /ban, /op, /delete <nick> (/help says more)");
    boss.line('/topic pairing on the parser');
    await guest.waitOut('boss set the topic: pairing on the parser');
    boss.line('/kick guest enough');
    assert.equal(await guest.exited(), 1);
    host.child.kill('SIGTERM');
    assert.equal(await host.exited(), 0);
    assert.ok(!existsSync(file), 'a stopped host leaves no key behind');
  }));

for (const bind of [[], ['--bind', '0.0.0.0']]) {
  test(`join --owner stays the owner when its headless host restarts (its keys are new: read again at each connection)${bind.length ? ', in a private room (a new room key too)' : ''}`, async () => {
    ensureBuilt();
    const procs: Proc[] = [];
    try {
      const first = new Proc(['host', '--port', '0', '--headless', ...bind]);
      procs.push(first);
      await first.waitOut(/tcp-chat join 127\.0\.0\.1:(\d+) --owner/);
      const port = /tcp-chat join 127\.0\.0\.1:(\d+) --owner/.exec(first.out)![1]!;
      const file = join(HOME, '.tcp-chat', `owner-${port}.json`);
      const before = readFileSync(file, 'utf8');
      assert.equal(before.includes('"roomKey"'), bind.length > 0);
      const boss = new Proc(['join', `127.0.0.1:${port}`, '--owner', '--nick', 'boss']);
      procs.push(boss);
      await first.waitOut('boss joined (rich, 127.0.0.1, owner)');
      first.child.kill('SIGTERM');
      assert.equal(await first.exited(), 0);
      await boss.waitOut('the host closed the room; waiting for it to come back');
      const second = new Proc(['host', '--port', port, '--headless', ...bind]);
      procs.push(second);
      await second.waitOut('boss joined (rich, 127.0.0.1, owner)', 30_000);
      const after = readFileSync(file, 'utf8');
      assert.notEqual(after, before, 'new keys');
      if (bind.length) assert.notEqual(JSON.parse(after).roomKey, JSON.parse(before).roomKey, 'a new room key');
      boss.line('/topic after the restart');
      await boss.waitOut('boss set the topic: after the restart');
    } finally {
      for (const p of procs) p.kill();
    }
  });
}

/**
 * A headless host of a private room (--bind 0.0.0.0) and `boss`, joined as its owner over 127.0.0.1 (the room key
 * from the owner file): its port and the room key its banner printed. The processes are in `procs`, to kill.
 */
async function privateRoomWithOwner(procs: Proc[]): Promise<{ host: Proc; boss: Proc; port: string; key: string }> {
  const host = new Proc(['host', '--port', '0', '--headless', '--bind', '0.0.0.0']);
  procs.push(host);
  await host.waitOut(/tcp-chat join 127\.0\.0\.1:(\d+) --owner/);
  const port = /tcp-chat join 127\.0\.0\.1:(\d+) --owner/.exec(host.out)![1]!;
  const key = /tcpchat:\/\/[^\s]+:\d+\/([\w-]+)\n/.exec(host.out)![1]!;
  const boss = new Proc(['join', `127.0.0.1:${port}`, '--owner', '--nick', 'boss']);
  procs.push(boss);
  await host.waitOut('boss joined (rich, 127.0.0.1, owner)');
  return { host, boss, port, key };
}

test('join --owner on a private room (--bind 0.0.0.0) over 127.0.0.1: the room key comes from the same file', async () => {
  ensureBuilt();
  const procs: Proc[] = [];
  try {
    const { boss } = await privateRoomWithOwner(procs);
    boss.line('/who');
    await boss.waitOut('In #general: ~boss');
  } finally {
    for (const p of procs) p.kill();
  }
});

test("the owner's /newkey on a headless host's private room: the host prints the new invite and its owner file has the key; the member in stays, the old invite lets nobody in", async () => {
  ensureBuilt();
  const procs: Proc[] = [];
  try {
    const { host, boss, port, key: old } = await privateRoomWithOwner(procs);
    const eve = new Proc(['join', '--nick', 'eve'], { TCP_CHAT_INVITE: `tcpchat://127.0.0.1:${port}/${old}` });
    procs.push(eve);
    await host.waitOut('eve joined (rich, 127.0.0.1)');
    eve.line('/newkey');
    await eve.waitOut('only the owner can make a new room key');
    boss.line('/newkey');
    await boss.waitOut('You made a new room key: the invites given before let nobody in from now on. The member connected got it and stays.');
    await eve.waitOut('boss made a new room key: the invites given before let nobody in now. You stay in, and your reconnects use the new key.');
    await host.waitOut(/a new room key: the invites given before let nobody in now; others join with(?: one of)?:\n {2}tcpchat:\/\/[^\s]+:\d+\/([\w-]+)\n/);
    const fresh = /a new room key: [^\n]*\n {2}tcpchat:\/\/[^\s]+:\d+\/([\w-]+)\n/.exec(host.out)![1]!;
    assert.notEqual(fresh, old);
    assert.equal((JSON.parse(readFileSync(join(HOME, '.tcp-chat', `owner-${port}.json`), 'utf8')) as { roomKey?: string }).roomKey, fresh, "the owner's other windows join by it");
    const late = new Proc(['join', '--nick', 'late'], { TCP_CHAT_INVITE: `tcpchat://127.0.0.1:${port}/${old}` });
    procs.push(late);
    assert.equal(await late.exited(), 1);
    assert.match(late.err, /did not accept this room key/);
    const friend = new Proc(['join', '--nick', 'friend'], { TCP_CHAT_INVITE: `tcpchat://127.0.0.1:${port}/${fresh}` });
    procs.push(friend);
    await eve.waitOut('friend joined!');
    eve.line('still here');
    await friend.waitOut('eve: still here\n');
  } finally {
    for (const p of procs) p.kill();
  }
});

test('a private room\'s invite stays off the command line (any local user reads it there): join takes it from TCP_CHAT_INVITE, or asks for it on a terminal; one given there is warned about', async () => {
  ensureBuilt();
  const host = new Proc(['host', '--port', '0', '--headless', '--bind', '0.0.0.0']);
  const procs = [host];
  try {
    // (the invite on a row of its own, whole to copy: after the words, an 80-column terminal broke it mid-key)
    await host.waitOut(/\nothers join with: tcp-chat join, pasting the invite when it asks:\n {2}tcpchat:\/\/[^\s]+:(\d+)\/([\w-]+)\n {2}\(or VS Code "TCP Chat: Join Chat"\)\n/);
    const [, port, key] = /tcpchat:\/\/[^\s]+:(\d+)\/([\w-]+)\n/.exec(host.out)!;
    const invite = `tcpchat://127.0.0.1:${port}/${key}`;
    const fromEnv = new Proc(['join', '--nick', 'envy'], { TCP_CHAT_INVITE: invite });
    procs.push(fromEnv);
    await host.waitOut('envy joined (rich, 127.0.0.1)');
    assert.ok(!fromEnv.err.includes('room key is on this command line'));
    const asked = new Proc(['join', '--nick', 'asked'], {}, true);
    procs.push(asked);
    await asked.waitOut('Address or invite (paste it; tcpchat://HOST:PORT/KEY): ');
    asked.line(invite);
    await host.waitOut('asked joined (rich, 127.0.0.1)');
    // Ctrl+C at the question leaves
    const left = new Proc(['join'], {}, true);
    procs.push(left);
    await left.waitOut('Address or invite');
    left.child.stdin.write('\x03');
    assert.equal(await left.exited(), 2);
    assert.match(left.out, /no address or invite given/);
    const onLine = new Proc(['join', invite, '--nick', 'shown']);
    procs.push(onLine);
    await host.waitOut('shown joined (rich, 127.0.0.1)');
    assert.match(onLine.err, /-- the room key is on this command line, where other users of this machine can read it \(ps\)/);
  } finally {
    for (const p of procs) p.kill();
  }
});

test('join --owner sends the owner key only where its host listens: not to whoever listens on the port at another address of this machine', async () => {
  ensureBuilt();
  const host = new Proc(['host', '--port', '0', '--headless']);
  const procs = [host];
  const heard: string[] = [];
  const squatter = createServer((s) => s.on('data', (d: Buffer) => heard.push(d.toString('utf8'))));
  try {
    await host.waitOut(/tcp-chat join 127\.0\.0\.1:(\d+) --owner/);
    const port = Number(/tcp-chat join 127\.0\.0\.1:(\d+) --owner/.exec(host.out)![1]);
    // another local user on 127.0.0.2, the same port (the host has 127.0.0.1's)
    await new Promise<void>((r) => squatter.listen(port, '127.0.0.2', () => r()));
    const boss = new Proc(['join', `127.0.0.2:${port}`, '--owner', '--nick', 'boss']);
    procs.push(boss);
    await host.waitOut('boss joined (rich, 127.0.0.1, owner)');
    assert.match(boss.err, new RegExp(`-- --owner joins the room where its host listens, 127\\.0\\.0\\.1:${port} \\(the owner key goes nowhere else\\)`));
    assert.deepEqual(heard, [], 'nothing went to 127.0.0.2');
  } finally {
    for (const p of procs) p.kill();
    await new Promise<void>((r) => squatter.close(() => r()));
  }
});

test('join --owner: refused for another machine (its key would be given away), and said why with no host of yours on the port', () => {
  ensureBuilt();
  const far = run(['join', '192.0.2.1:55555', '--owner']);
  assert.equal(far.status, 2);
  assert.match(far.stderr, /^tcp-chat: --owner joins a room hosted on this machine \(127\.0\.0\.1:55555\): 192\.0\.2\.1 is not one of its addresses\n$/);
  const named = run(['join', 'example.org:55555', '--owner']);
  assert.equal(named.status, 2, 'a name: DNS may say anything');
  const none = run(['join', '127.0.0.1:1', '--owner']);
  assert.equal(none.status, 1);
  assert.ok(none.stderr.includes(`tcp-chat: no owner key for port 1 (${join(HOME, '.tcp-chat', 'owner-1.json')}): --owner joins a room that \`tcp-chat host --headless\` runs on this machine, started by your user`), none.stderr);
});

test('join --owner with a key the room does not take (another host\'s, an old one) says it joined as a member', () =>
  withHost(async (host, joiner) => {
    const port = /listening on 127\.0\.0\.1:(\d+)/.exec(host.out)![1]!;
    const file = join(HOME, '.tcp-chat', `owner-${port}.json`);
    await until(() => existsSync(file) || undefined, 'the owner key file');
    writeFileSync(file, JSON.stringify({ tcpChat: 'owner key', port: Number(port), ownerKey: 'x'.repeat(24) }));
    const j = joiner(['--owner', '--nick', 'notboss']);
    await j.waitOut('-- the room did not take your owner key (was its host started again just now?): you are a member');
    await host.waitOut('notboss joined (rich, 127.0.0.1)');
    assert.ok(!host.out.includes('notboss joined (rich, 127.0.0.1, owner)'));
  }));
