// Randomized fault-injection harness: a ChatServer (with a history file, restarted now and then), 2-4 ChatClients
// through CuttableProxies, random chat activity, random cuts/freezes/deafens/downs/restarts; then settle and check.
// Run by `npm run fuzz` (scripts/fuzz.ts), never by `npm test`: its checks are over many random seeds.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChatServer } from '../../src/node/chatServer';
import { ChatClient } from '../../src/node/chatClient';
import type { Answer } from '../../src/node/chatClient';
import type { CommandMsg, MessageEvent, RoomEvent, ServerMessage } from '../../src/protocol/messages';
import { CuttableProxy, RawRich, mulberry32, sleep } from '../node/helpers';

const ROOMS = ['general', 'dev', 'ops'];
const EMOJI = ['👍', '👀', '🎉'];
const OWNER_KEY = 'fuzz-owner-key-123456';

interface Op {
  n: number;
  client: number;
  kind: string;
  room?: string;
  text?: string;
  id?: string;
  to?: string;
  /** ack seq / 'dup' / error */
  ack?: { seq?: number; duplicate?: boolean };
  error?: string;
  answered?: boolean;
  session?: string;
  t: number;
}

export interface Config {
  seed: number;
  clients: number;
  steps: number;
  holdSeatMs: number;
  highRate: boolean;
  restarts: boolean;
  faults: string[]; // which fault kinds are allowed
  actions: string[];
  stepMaxMs: number;
}

export function configFor(seed: number): Config {
  const r = mulberry32(seed ^ 0xabcdef);
  return {
    seed,
    clients: 2 + Math.floor(r() * 3),
    steps: 60 + Math.floor(r() * 90),
    holdSeatMs: [200, 600, 1500, 3000][Math.floor(r() * 4)]!,
    highRate: r() < 0.5,
    restarts: r() < 0.6,
    faults: ['cut', 'freeze', 'deafen', 'down'],
    actions: ['send', 'send', 'send', 'join', 'part', 'nick', 'dm', 'edit', 'delete', 'react', 'topic'],
    stepMaxMs: 80,
  };
}

export async function runScenario(cfg: Config): Promise<{ violations: string[]; log: string[]; stats: Record<string, number> }> {
  const rng = mulberry32(cfg.seed);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rng() * a.length)]!;
  const log: string[] = [];
  const violations: string[] = [];
  const stats: Record<string, number> = {};
  const count = (k: string) => (stats[k] = (stats[k] ?? 0) + 1);
  const t0 = Date.now();
  const say = (s: string) => log.push(`${String(Date.now() - t0).padStart(5)} ${s}`);
  const internal: string[] = [];
  const uncaught: string[] = [];
  const onErr = (e: unknown) => uncaught.push(String((e as Error)?.stack ?? e));
  process.on('uncaughtException', onErr);
  process.on('unhandledRejection', onErr);

  const dir = mkdtempSync(join(tmpdir(), 'chatfuzz-'));
  const historyFile = join(dir, 'history.json');
  const limits = {
    connectBurst: 1_000_000, connectsPerSecond: 1_000_000, history: 5000, idleMs: 1000,
    ...(cfg.highRate ? { rateBurst: 1_000_000, ratePerSecond: 1_000_000, floodDisconnectAfter: 1_000_000 } : {}),
  };
  const mkServer = (port: number) => new ChatServer({
    host: '127.0.0.1', port, limits, ownerKey: OWNER_KEY, historyFile, holdSeatMs: cfg.holdSeatMs,
    log: (line) => {
      if (/internal error/i.test(line)) internal.push(line.slice(0, 800));
      if (process.env.FUZZ_SERVERLOG) say(`  [server] ${line.slice(0, 200)}`);
    },
  });
  let server = mkServer(0);
  const port = (await server.listen()).port;
  let lastRestart = 0;
  let serverUp = true;

  const proxies: CuttableProxy[] = [];
  const clients: ChatClient[] = [];
  const ops: Op[] = [];
  const byId = new Map<string, Op>();
  const asks: Promise<unknown>[] = [];
  const sessions: Set<string>[] = [];
  const nickCounter: number[] = [];
  const clientNotices: string[][] = [];
  let opN = 0;
  try {
    for (let i = 0; i < cfg.clients; i++) {
      const proxy = await CuttableProxy.start(port);
      proxies.push(proxy);
      const rooms = ['general', ...ROOMS.slice(1).filter(() => rng() < 0.5)];
      const c = new ChatClient({
        host: '127.0.0.1', port: proxy.port, nick: `u${i}`, rooms, backoffMinMs: 10, backoffMaxMs: 200, pingAfterMs: 150,
        reconnectAfterShutdown: true, connectTimeoutMs: 2000, ...(i === 0 ? { ownerKey: OWNER_KEY } : {}),
      });
      const idx = i;
      sessions.push(new Set());
      nickCounter.push(0);
      clientNotices.push([]);
      c.on('server', (m: ServerMessage) => {
        if (m.type === 'ack') {
          const op = byId.get(m.id);
          if (op) {
            if (op.ack && !m.duplicate) violations.push(`op ${op.n} (${op.kind} ${op.id}) acked twice, non-duplicate the second time`);
            op.ack = { ...(m.seq !== undefined ? { seq: m.seq } : {}), ...(m.duplicate ? { duplicate: true } : {}) };
            say(`c${idx} ack ${m.id} seq=${m.seq ?? '-'}${m.duplicate ? ' dup' : ''}`);
          }
        } else if (m.type === 'error') {
          if (m.id !== undefined) {
            const op = byId.get(m.id);
            if (op) op.error = `${m.code}: ${m.message}`;
          }
          say(`c${idx} error ${m.id ?? ''} ${m.code} ${m.message}`);
        } else if (m.type === 'welcome') {
          sessions[idx]!.add(m.session);
          say(`c${idx} welcome nick=${m.nick} rooms=${m.rooms.map((r) => r.name).join(',')} session=${m.session.slice(0, 6)}`);
        } else if (m.type === 'you') say(`c${idx} you ${m.nick}`);
        else if (m.type === 'parted') say(`c${idx} parted ${m.room}`);
        else if (m.type === 'room') say(`c${idx} room ${m.name}`);
        else if (m.type === 'info') say(`c${idx} info ${m.text}`);
      });
      c.on('notice', (lvl, text) => {
        clientNotices[idx]!.push(text);
        say(`c${idx} notice ${lvl} ${text}`);
      });
      c.on('status', (s, text) => say(`c${idx} status ${s} ${text}`));
      clients.push(c);
      await c.connect();
    }

    const record = (op: Omit<Op, 'n' | 't'>): Op => {
      const full: Op = { ...op, n: opN++, t: Date.now() - t0 };
      ops.push(full);
      if (full.id) byId.set(full.id, full);
      return full;
    };
    const ask = (ci: number, kind: string, msg: CommandMsg & { id?: string }, room?: string, text?: string) => {
      const c = clients[ci]!;
      const id = `${ci}-q${opN}`;
      const op = record({ client: ci, kind, id, ...(room ? { room } : {}), ...(text ? { text } : {}), session: c.sessionToken });
      const p = c.ask({ ...msg, id } as CommandMsg, 8000);
      if (!p) {
        op.error = 'not connected (ask undefined)';
        op.answered = true;
        say(`c${ci} ${kind} ${JSON.stringify(msg)}: not connected`);
        return;
      }
      say(`c${ci} ${kind} ${id} ${JSON.stringify(msg)}`);
      asks.push(p.then((a: Answer) => {
        op.answered = true;
        if (!a.ok) op.error ??= `answer: ${a.message}`;
        say(`c${ci} answer ${id} ${JSON.stringify(a)}`);
      }));
    };

    const doAction = (ci: number) => {
      const c = clients[ci]!;
      const myRooms = [...c.rooms.keys()];
      const kind = pick(cfg.actions);
      count(`a:${kind}`);
      switch (kind) {
        case 'send': {
          if (myRooms.length === 0) return;
          const room = pick(myRooms);
          const text = `m${ci}.${opN}`;
          const id = c.send(room, text);
          record({ client: ci, kind, room, text, ...(id ? { id } : { error: 'not queued' }), session: c.sessionToken });
          say(`c${ci} send ${id} #${room} ${text}`);
          return;
        }
        case 'dm': {
          const others = clients.filter((_, j) => j !== ci);
          const to = pick(others).nick;
          const text = `d${ci}.${opN}`;
          const id = c.dm(to, text);
          record({ client: ci, kind, to, text, ...(id ? { id } : { error: 'not queued' }), session: c.sessionToken });
          say(`c${ci} dm ${id} ->${to} ${text}`);
          return;
        }
        case 'join':
          return ask(ci, kind, { type: 'join', room: pick(ROOMS) });
        case 'part': {
          if (myRooms.length <= 1) return;
          return ask(ci, kind, { type: 'part', room: pick(myRooms) });
        }
        case 'nick': {
          const nick = rng() < 0.1 ? pick(clients.filter((_, j) => j !== ci)).nick : `u${ci}x${++nickCounter[ci]!}`;
          return ask(ci, kind, { type: 'nick', nick });
        }
        case 'edit': {
          if (myRooms.length === 0) return;
          const room = pick(myRooms);
          const text = `e${ci}.${opN}`;
          return ask(ci, kind, { type: 'edit', room, target: 0, text }, room, text);
        }
        case 'delete': {
          if (myRooms.length === 0) return;
          const room = pick(myRooms);
          return ask(ci, kind, { type: 'delete', room, target: 0 }, room);
        }
        case 'react': {
          if (myRooms.length === 0) return;
          const room = pick(myRooms);
          const msgs = (c.rooms.get(room)?.events ?? []).filter((e): e is MessageEvent => e.type === 'message' && !e.deleted);
          if (msgs.length === 0) return;
          return ask(ci, kind, { type: 'react', room, target: pick(msgs).seq, emoji: pick(EMOJI) }, room);
        }
        case 'topic': {
          if (myRooms.length === 0) return;
          const room = pick(myRooms);
          return ask(ci, kind, { type: 'topic', room, topic: `t${ci}.${opN}` }, room);
        }
      }
    };

    const downTimers: NodeJS.Timeout[] = [];
    const doFault = async () => {
      const k = Math.floor(rng() * clients.length);
      const p = proxies[k]!;
      const f = pick(cfg.faults);
      count(`f:${f}`);
      say(`FAULT ${f} c${k}`);
      if (f === 'cut') p.cut();
      else if (f === 'freeze') p.freeze();
      else if (f === 'deafen') p.deafen();
      else if (f === 'down') {
        p.down = true;
        p.cut();
        const ms = pick([100, 300, cfg.holdSeatMs + 300, 1000]);
        downTimers.push(setTimeout(() => ((p.down = false), say(`UP c${k}`)), ms));
      }
    };
    const restart = async () => {
      count('restart');
      say('RESTART begin');
      serverUp = false;
      await server.close('the host closed the room');
      await sleep(Math.floor(rng() * 300));
      server = mkServer(port);
      await server.listen();
      serverUp = true;
      lastRestart = Date.now();
      say('RESTART done');
    };

    for (let step = 0; step < cfg.steps; step++) {
      await sleep(Math.floor(rng() * cfg.stepMaxMs));
      const r = rng();
      if (r < 0.12) await doFault();
      else if (r < 0.135 && cfg.restarts) await restart();
      else doAction(Math.floor(rng() * clients.length));
    }
    say('SETTLE');
    for (const t of downTimers) clearTimeout(t);
    for (const p of proxies) p.down = false;
    void serverUp;

    // settle: every client connected with nothing on its way and every ask answered, seats resolved
    const settleDeadline = Date.now() + 12_000;
    const settled = () =>
      clients.every((c) => c.connected && c.unacknowledged === 0 && [...c.rooms.values()].every((r) => r.synced)) &&
      ops.every((o) => o.kind === 'send' || o.kind === 'dm' || o.answered) &&
      server.people === clients.length &&
      Date.now() - lastRestart > cfg.holdSeatMs + 300;
    // (settled for a while: a frozen connection is noticed only after 2 x pingAfterMs)
    let stableSince = 0;
    while (Date.now() < settleDeadline) {
      if (!settled()) stableSince = 0;
      else if (stableSince === 0) stableSince = Date.now();
      else if (Date.now() - stableSince > 800) break;
      await sleep(20);
    }
    if (!settled()) {
      violations.push(
        `did not settle: ${clients.map((c, i) => `c${i}:${c.status}/unack=${c.unacknowledged}/synced=${[...c.rooms.values()].every((r) => r.synced)}`).join(' ')} unanswered=${ops.filter((o) => o.kind !== 'send' && o.kind !== 'dm' && !o.answered).map((o) => o.id).join(',')} people=${server.people}`,
      );
    }
    await sleep(300);

    // ---- the truth: an observer joins every room directly
    const obs = await RawRich.join(port, 'observer', { rooms: ROOMS });
    const welcome = obs.welcome();
    const hist = new Map<string, RoomEvent[]>();
    for (const m of obs.received) if ('room' in m && 'seq' in m && m.type !== 'synced') (hist.get(m.room as string) ?? hist.set(m.room as string, []).get(m.room as string)!).push(m as RoomEvent);
    const members = new Map(welcome.rooms.map((r) => [r.name, new Set(r.members.map((m) => m.nick).filter((n) => n !== 'observer'))]));
    const topics = new Map(welcome.rooms.map((r) => [r.name, r.topic]));
    obs.close();

    // 1. statuses and stuck
    clients.forEach((c, i) => {
      if (!c.connected) violations.push(`c${i} not connected at the end: ${c.status} ${c.statusText}`);
      if (c.unacknowledged > 0) violations.push(`c${i} still has ${c.unacknowledged} unacknowledged: ${JSON.stringify(c.unsent)}`);
    });
    // 2. membership / nick / topic
    const allNicks = new Set(clients.map((c) => c.nick));
    clients.forEach((c, i) => {
      const serverRooms = ROOMS.filter((r) => members.get(r)?.has(c.nick));
      const mine = [...c.rooms.keys()].sort();
      if (serverRooms.sort().join() !== mine.join()) violations.push(`c${i} (${c.nick}) thinks it is in [${mine}] but the server has it in [${serverRooms}]`);
      for (const r of mine) {
        const cm = new Set(c.rooms.get(r)!.members.map((m) => m.nick).filter((n) => n !== 'observer'));
        const sm = members.get(r) ?? new Set();
        if ([...cm].sort().join() !== [...sm].sort().join()) violations.push(`c${i} #${r} members [${[...cm].sort()}] != server [${[...sm].sort()}]`);
        if (c.rooms.get(r)!.topic !== topics.get(r)) violations.push(`c${i} #${r} topic "${c.rooms.get(r)!.topic}" != server "${topics.get(r)}"`);
      }
    });
    for (const [r, s] of members) for (const n of s) if (!allNicks.has(n)) violations.push(`ghost member ${n} in #${r} (clients are ${[...allNicks]})`);

    // 3. messages: the server's truth per room
    const truth = new Map<string, Map<number, MessageEvent>>();
    for (const [r, evs] of hist) truth.set(r, new Map(evs.filter((e): e is MessageEvent => e.type === 'message').map((e) => [e.seq, e])));
    const textAt = new Map<string, { room: string; seq: number }[]>();
    for (const [r, ms] of truth) for (const m of ms.values()) if (!m.deleted && !m.edited) (textAt.get(m.text) ?? textAt.set(m.text, []).get(m.text)!).push({ room: r, seq: m.seq });
    for (const [t, where] of textAt) if (where.length > 1 && /^m\d/.test(t)) violations.push(`message "${t}" posted ${where.length} times: ${JSON.stringify(where)}`);
    for (const op of ops.filter((o) => o.kind === 'send')) {
      if (op.ack?.seq !== undefined) {
        const m = truth.get(op.room!)?.get(op.ack.seq);
        if (!m) violations.push(`send ${op.id} "${op.text}" acked seq ${op.ack.seq} in #${op.room}, not in the server's history`);
        else if (!m.deleted && !m.edited && m.text !== op.text) violations.push(`send ${op.id} "${op.text}" acked seq ${op.ack.seq} but history has "${m.text}" there`);
      } else if (!op.error) violations.push(`send ${op.id} "${op.text}" neither acked nor refused`);
      else if (op.id && textAt.has(op.text!)) violations.push(`send ${op.id} "${op.text}" refused (${op.error}) but it is in history`);
    }
    // sender's order
    for (let i = 0; i < clients.length; i++) {
      for (const r of ROOMS) {
        const seqs = ops.filter((o) => o.client === i && o.kind === 'send' && o.room === r && o.ack?.seq !== undefined).map((o) => ({ seq: o.ack!.seq!, text: o.text }));
        for (let k = 1; k < seqs.length; k++) if (seqs[k]!.seq < seqs[k - 1]!.seq) violations.push(`c${i} #${r}: "${seqs[k]!.text}" (seq ${seqs[k]!.seq}) landed before "${seqs[k - 1]!.text}" (seq ${seqs[k - 1]!.seq}) typed before it`);
      }
    }
    // each client's copy of each room it is in equals the server's history (messages: text, deleted)
    clients.forEach((c, i) => {
      for (const [r, room] of c.rooms) {
        const seqs = room.events.map((e) => e.seq);
        for (let k = 1; k < seqs.length; k++) if (seqs[k]! <= seqs[k - 1]!) violations.push(`c${i} #${r}: events out of order/duplicated at ${seqs[k - 1]} -> ${seqs[k]}`);
        const mine = new Map(room.events.filter((e): e is MessageEvent => e.type === 'message').map((e) => [e.seq, e]));
        const srv = truth.get(r) ?? new Map<number, MessageEvent>();
        for (const [s, m] of srv) {
          const x = mine.get(s);
          if (!x) violations.push(`c${i} #${r} lacks message seq ${s} "${m.text}" from ${m.from}`);
          else if (x.text !== m.text || !!x.deleted !== !!m.deleted) violations.push(`c${i} #${r} seq ${s}: client "${x.text}"${x.deleted ? ' (deleted)' : ''} vs server "${m.text}"${m.deleted ? ' (deleted)' : ''}`);
        }
        for (const [s, m] of mine) if (!srv.has(s)) violations.push(`c${i} #${r} has message seq ${s} "${m.text}" the server's history lacks`);
      }
    });
    // 4. edit / delete targets: simulate in the order typed
    for (let i = 0; i < clients.length; i++) {
      if (sessions[i]!.size > 1) {
        count('sessionChanged');
        continue; // a new session: "your last message" is the new session's (documented)
      }
      for (const r of ROOMS) {
        const mine: { seq: number; deleted: boolean }[] = [];
        for (const op of ops.filter((o) => o.client === i && o.room === r)) {
          if (op.kind === 'send' && op.ack?.seq !== undefined) mine.push({ seq: op.ack.seq, deleted: false });
          if ((op.kind === 'edit' || op.kind === 'delete') && op.ack?.seq !== undefined) {
            const ev = (hist.get(r) ?? []).find((e) => e.seq === op.ack!.seq);
            const target = ev && (ev.type === 'edit' || ev.type === 'delete') ? ev.target : undefined;
            const expected = op.kind === 'edit' ? mine.at(-1) : [...mine].reverse().find((m) => !m.deleted);
            if (!ev) {
              // an edit to the same text is acked with the message's seq
              if (op.kind === 'edit' && truth.get(r)?.has(op.ack.seq)) continue;
              violations.push(`c${i} ${op.kind} ${op.id} acked seq ${op.ack.seq}: no such event in history`);
            } else if (target !== expected?.seq) violations.push(`c${i} ${op.kind} ${op.id} #${r} hit seq ${target}, meant ${expected?.seq ?? 'none'} (${op.kind === 'edit' && expected?.deleted ? 'deleted' : ''})`);
            if (op.kind === 'delete' && expected && target === expected.seq) expected.deleted = true;
          }
        }
      }
    }
    // 5. direct messages: each at most once per client; acked ones reach the sender and one other (the sender alone when sent to its own name)
    const dmOps = ops.filter((o) => o.kind === 'dm');
    clients.forEach((c, i) => {
      const seen = new Map<string, number>();
      for (const d of c.dms) seen.set(d.text, (seen.get(d.text) ?? 0) + 1);
      for (const [t, n] of seen) if (n > 1) violations.push(`c${i} holds DM "${t}" ${n} times`);
    });
    for (const op of dmOps) {
      if (!op.ack) {
        if (!op.error) violations.push(`dm ${op.id} "${op.text}" neither acked nor refused`);
        continue;
      }
      const holders = clients.map((c, j) => (c.dms.some((d) => d.text === op.text) ? j : -1)).filter((j) => j >= 0);
      const others = holders.filter((j) => j !== op.client);
      if (!holders.includes(op.client) && sessions[op.client]!.size === 1) violations.push(`dm ${op.id} "${op.text}" acked but the sender c${op.client} lacks its copy`);
      // (to its own name, as the server knew it then: another client's, which this one took while it was away; the
      // server delivers it once, to the sender)
      const own = clients[op.client]!.dms.find((d) => d.text === op.text);
      const toSelf = own !== undefined && own.from === own.to;
      if (others.length !== (toSelf ? 0 : 1)) {
        const lost = others.length === 0;
        const note = lost ? clients.map((_c, j) => `c${j}:${sessions[j]!.size}sess`).join(' ') : '';
        violations.push(`dm ${op.id} "${op.text}" ->${op.to} acked, held by ${others.length} receivers ${lost ? `(lost? ${note})` : JSON.stringify(others)}`);
      }
    }
    if (internal.length > 0) violations.push(`server internal errors: ${internal.join(' | ')}`);
    if (uncaught.length > 0) violations.push(`uncaught: ${uncaught.join(' | ')}`);
  } finally {
    process.off('uncaughtException', onErr);
    process.off('unhandledRejection', onErr);
    await Promise.all(clients.map((c) => c.leave().catch(() => {})));
    await Promise.all(proxies.map((p) => p.close()));
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
  stats.ops = ops.length;
  stats.ms = Date.now() - t0;
  return { violations, log, stats };
}

