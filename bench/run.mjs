#!/usr/bin/env node
// `npm run bench`: fan-out benchmark of tcp-chat against ngircd, a seed-style Python server and a raw
// Node echo, all on 127.0.0.1. Writes docs/benchmarks.md (+ SVG charts) and bench/results/*.json.
// Every phase is bounded in time; every child process is killed on exit.
//
//   node bench/run.mjs [--quick] [--repeats N] [--clients 10,100,500,1000] [--targets a,b]
//                      [--duration S] [--workers N] [--modes unlimited,rate] [--window 8] [--rate 200]
//                      [--mem-clients 1000,10000] [--mem-targets a,b] [--idle 45] [--no-memory] [--no-fanout] [--no-write]
//                      [--timeline]  (per 50 ms of send time: worst latency, deliveries over 10 ms)
//                      [--no-syscalls]  (by default the server's system calls are counted with `perf stat` where it works)
//   node bench/run.mjs --report-only bench/results/<file>.json   (re-render docs from saved data)
// Targets: ours-rich, ours-plain, seed, ngircd, echo. BENCH_NODE_FLAGS="--cpu-prof --cpu-prof-dir=DIR"
// profiles our server (BENCH_WORKER_FLAGS: the generator; BENCH_SERVER_LOG=FILE keeps the servers' output,
// e.g. with BENCH_NODE_FLAGS=--trace-gc). --quick: C = 10, 100, 1 repeat, 1 s runs, memory at 1,000 for ours.
import { fork, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SLICE_NS, merge, newHist, quantile } from './lib/hist.mjs';
import { writeReport } from './lib/report.mjs';
import { countSyscalls, syscallCountsAvailable } from './lib/syscalls.mjs';
import { SERVER_NEEDS, TARGETS, benchDir, children, cpuSeconds, killAll, sysSeconds, oursAvailable, repoDir, rssBytes, rssSplitBytes, setServerMaxSeconds, startServer } from './lib/targets.mjs';

// ---------------------------------------------------------------------------------------------- options
const argv = process.argv.slice(2);
const flag = (name) => argv.includes(`--${name}`);
const opt = (name, dflt) => {
  const i = argv.indexOf(`--${name}`);
  return i !== -1 && i + 1 < argv.length ? argv[i + 1] : dflt;
};
if (flag('help')) {
  // the header comment: every line from the second up to the first that is not a comment
  const lines = fs.readFileSync(new URL(import.meta.url), 'utf8').split('\n');
  console.log(lines.slice(1, lines.findIndex((l, i) => i > 0 && !l.startsWith('//'))).join('\n'));
  process.exit(0);
}
const quick = flag('quick');
const o = {
  quick,
  repeats: Number(opt('repeats', quick ? 1 : 3)),
  clients: opt('clients', quick ? '10,100' : '10,100,500,1000').split(',').map(Number),
  senders: Number(opt('senders', 10)),
  durationS: Number(opt('duration', quick ? 1 : 3)),
  rate: Number(opt('rate', 200)),
  window: Number(opt('window', 8)),
  workers: Number(opt('workers', Math.max(2, Math.min(4, os.cpus().length)))),
  targets: opt('targets', Object.keys(TARGETS).join(',')).split(','),
  modes: opt('modes', 'unlimited,rate').split(','),
  memory: !flag('no-memory'),
  timeline: flag('timeline'),
  syscalls: !flag('no-syscalls'),
  fanout: !flag('no-fanout'),
  memClients: opt('mem-clients', quick ? '1000' : '1000,10000').split(',').map(Number),
  write: !flag('no-write'),
  drainS: Number(opt('drain', quick ? 5 : 10)),
  joinConcurrency: Number(opt('join-concurrency', 50)),
  maxTotalS: Number(opt('max-total', quick ? 300 : 2700)),
  // V8's memory reducer gives back what a burst grew at one of its checks 8 s apart, once the allocation rate it
  // averages has dropped: 14-23 s after the joins in most readings, not within 25 s in some (benchmarks notes)
  idleS: Number(opt('idle', quick ? 0 : 45)),
  memTargets: opt('mem-targets', quick ? 'ours-rich' : 'ours-rich,seed,ngircd,echo').split(','),
};
for (const t of o.targets) if (!TARGETS[t]) { console.error(`unknown target ${t}; known: ${Object.keys(TARGETS).join(', ')}`); process.exit(2); }

const log = (...a) => console.log(`[${((Date.now() - T0) / 1000).toFixed(1).padStart(6)}s]`, ...a);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const nowNs = () => Number(process.hrtime.bigint());
const T0 = Date.now();
const LOAD_AT_START = os.loadavg();

// ------------------------------------------------------------------------------------ cleanup, bounds
let cleaning = false;
function cleanup(code) {
  if (cleaning) return;
  cleaning = true;
  killAll();
  if (code !== undefined) process.exit(code);
}
process.on('exit', () => killAll());
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => { console.error(`\n${sig}: stopping`); cleanup(130); });
process.on('uncaughtException', (e) => { console.error(e); cleanup(1); });
process.on('unhandledRejection', (e) => { console.error(e); cleanup(1); });
setServerMaxSeconds(o.maxTotalS + 30);
setTimeout(() => { console.error(`bench exceeded --max-total ${o.maxTotalS}s; stopping`); cleanup(1); }, o.maxTotalS * 1000).unref();

// ---------------------------------------------------------------------------------------------- workers
class Workers {
  constructor(n, init) {
    this.list = [];
    for (let i = 0; i < n; i++) {
      // BENCH_WORKER_FLAGS, e.g. "--cpu-prof --cpu-prof-dir=DIR": profile the load generator itself
      const execArgv = (process.env.BENCH_WORKER_FLAGS ?? '').split(' ').filter(Boolean);
      const ch = fork(path.join(benchDir, 'lib', 'worker.mjs'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv });
      children.add(ch);
      const w = { ch, pending: new Map(), seq: 0 };
      ch.on('message', (m) => { const p = w.pending.get(m.id); if (p) { w.pending.delete(m.id); p(m); } });
      ch.on('exit', () => { for (const p of w.pending.values()) p({ ok: false, error: 'worker exited' }); w.pending.clear(); });
      this.list.push(w);
    }
    this.init = init;
  }
  call(i, cmd, args = {}, timeoutMs = 120000) {
    const w = this.list[i];
    const id = ++w.seq;
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => { w.pending.delete(id); reject(new Error(`worker ${i}: ${cmd} timed out`)); }, timeoutMs);
      w.pending.set(id, (m) => { clearTimeout(t); if (m.ok) resolve(m); else reject(new Error(`worker ${i}: ${m.error}`)); });
      try {
        w.ch.send({ id, cmd, ...args });
      } catch (e) {
        clearTimeout(t);
        w.pending.delete(id);
        reject(e);
      }
    });
  }
  all(cmd, argsFor, timeoutMs) {
    return Promise.all(this.list.map((_, i) => this.call(i, cmd, typeof argsFor === 'function' ? argsFor(i) : argsFor, timeoutMs)));
  }
  async close() {
    const exited = this.list.map((w) => (w.ch.exitCode !== null || w.ch.signalCode !== null ? null : new Promise((r) => w.ch.once('exit', r))));
    await Promise.allSettled(this.list.map((_, i) => this.call(i, 'close', {}, 3000)));
    await Promise.race([Promise.all(exited), sleep(process.env.BENCH_WORKER_FLAGS ? 10000 : 1000)]); // let workers exit (and write profiles)
    for (const w of this.list) { w.ch.kill('SIGKILL'); children.delete(w.ch); }
  }
}

/** Connect client indices [from, to) spread round-robin over the workers. */
/** Connects clients from..to-1 through the first `nWorkers` generator processes (all by default). */
async function connectClients(ws, from, to, concurrency, timeoutMs, nWorkers = ws.list.length) {
  const per = ws.list.map(() => []);
  for (let i = from; i < to; i++) per[i % nWorkers].push(i);
  const t0 = nowNs();
  const rs = await ws.all('connect', (i) => ({ indices: per[i], concurrency, timeoutMs }), timeoutMs + 5000);
  return {
    ms: (nowNs() - t0) / 1e6,
    ok: rs.reduce((a, r) => a + r.joined, 0),
    failed: rs.reduce((a, r) => a + r.failed, 0),
    misdetected: rs.reduce((a, r) => a + r.misdetected, 0),
    nickBeforeHello: rs.reduce((a, r) => a + r.nickBeforeHello, 0),
    retried: rs.reduce((a, r) => a + r.retried, 0),
    retryReasons: rs.flatMap((r) => r.retryReasons).slice(0, 3),
    timedOut: rs.some((r) => r.timedOut),
    errors: rs.flatMap((r) => r.errors),
  };
}

/** Wait until no worker has received a byte for quietMs (bounded by maxMs). Returns ms waited. */
async function settle(ws, quietMs, maxMs) {
  const t0 = Date.now();
  let last = -1;
  let stableSince = Date.now();
  while (Date.now() - t0 < maxMs) {
    const ps = await ws.all('progress', {}, 5000);
    const bytes = ps.reduce((a, p) => a + p.bytesIn, 0);
    if (bytes !== last) { last = bytes; stableSince = Date.now(); } else if (Date.now() - stableSince >= quietMs) break;
    await sleep(Math.min(100, quietMs / 3));
  }
  return Date.now() - t0;
}

/**
 * After the senders stop: wait until every expected delivery has arrived, or nothing new has arrived
 * for quietMs (what is missing then is lost), or maxMs has passed (then the run is marked: what is
 * missing may still have been in flight).
 */
async function drainRun(ws, expected, quietMs, maxMs) {
  const t0 = Date.now();
  let last = -1;
  let since = Date.now();
  for (;;) {
    const got = (await ws.all('progress', {}, 5000)).reduce((a, p) => a + p.uniq, 0);
    if (got >= expected) return { ms: Date.now() - t0, timedOut: false };
    if (got !== last) { last = got; since = Date.now(); } else if (Date.now() - since >= quietMs) return { ms: Date.now() - t0, timedOut: false };
    if (Date.now() - t0 >= maxMs) return { ms: Date.now() - t0, timedOut: true };
    await sleep(50);
  }
}

// --------------------------------------------------------------------------------------------- fan-out
let runId = 0;
const JOIN_CONCURRENCY = o.joinConcurrency; // handshakes in flight per generator process (memory/join test)

/** --timeline: one line per slice of send time with its worst latency and its deliveries over 10 ms. */
function logTimeline(reps) {
  const n = Math.max(...reps.map((r) => r.sliceMaxUs.length));
  const rows = [];
  for (let k = 0; k < n; k++) {
    const worst = Math.max(0, ...reps.map((r) => r.sliceMaxUs[k] ?? 0));
    const slow = reps.reduce((a, r) => a + (r.sliceSlow[k] ?? 0), 0);
    rows.push(`${((k * SLICE_NS) / 1e6).toFixed(0).padStart(5)} ms: max ${(worst / 1000).toFixed(1).padStart(6)} ms, >10 ms ${slow}`);
  }
  log(`  timeline (send time from the start of the run):\n${rows.join('\n')}`);
}

async function fanoutGroup(name, C, rep) {
  const t = TARGETS[name];
  const srv = await startServer(t.server);
  const ws = new Workers(Math.min(o.workers, C));
  const results = [];
  try {
    await ws.all('init', { target: { proto: t.proto, port: srv.port, echoSelf: t.echoSelf }, senders: o.senders });
    const join = await connectClients(ws, 0, C, 32, 60000);
    if (join.ok < C) throw new Error(`only ${join.ok}/${C} clients joined (${join.errors.join('; ')})${join.timedOut ? ' (timeout)' : ''}`);
    const settledMs = await settle(ws, 400, 20000);
    log(`${name} C=${C} #${rep + 1}: joined in ${join.ms.toFixed(0)} ms${join.misdetected ? ` (${join.misdetected} rich hellos taken for plain, retried)` : ''}${join.nickBeforeHello ? ` (${join.nickBeforeHello} saw NICK before the rich handshake)` : ''}${join.retried ? ` (${join.retried} attempts retried: ${join.retryReasons[0]})` : ''}, settled in ${settledMs} ms`);
    for (const [mi, mode] of o.modes.entries()) {
      if (mi > 0) await settle(ws, 300, 15000); // let a backlog from the previous mode finish
      const id = ++runId;
      const D = o.durationS * 1e9;
      const t0 = nowNs() + 200e6;
      const t1 = t0 + D;
      const ratePerSender = o.rate / o.senders;
      await ws.all('start', { runId: id, mode, window: o.window, ratePerSender, t0, t1, maxPerSender: mode === 'rate' ? Math.ceil(ratePerSender * o.durationS) + 1 : 5e6 });
      // counting from before t0 (nothing is sent before it) to t1: the calls the window's messages cost
      const calls = o.syscalls && syscallCountsAvailable() ? countSyscalls(srv.pid) : null;
      await sleep(Math.max(0, (t0 - nowNs()) / 1e6));
      const cpu0 = cpuSeconds(srv.pid);
      const sys0 = sysSeconds(srv.pid);
      const g0 = (await ws.all('progress', {})).reduce((a, p) => a + p.cpu.user + p.cpu.system, 0);
      await sleep(Math.max(0, (t1 - nowNs()) / 1e6));
      const cpu1 = cpuSeconds(srv.pid);
      const sys1 = sysSeconds(srv.pid);
      const g1 = (await ws.all('progress', {})).reduce((a, p) => a + p.cpu.user + p.cpu.system, 0);
      const rss = rssBytes(srv.pid);
      const counted = calls ? await calls.stop() : null;
      const stops = await ws.all('stopSend', {});
      const sent = {};
      for (const st of stops) Object.assign(sent, st.sent);
      const totalSent = Object.values(sent).reduce((a, b) => a + b, 0);
      const recipients = t.echoSelf ? C : C - 1;
      const drain = await drainRun(ws, totalSent * recipients, 1000, o.drainS * 1000);
      const reps = await ws.all('report', {});
      const uniq = reps.reduce((a, r) => a + r.uniq.reduce((x, y) => x + y, 0), 0);
      const hist = reps.reduce((h, r) => merge(h, r.hist), newHist());
      const sum = (k) => reps.reduce((a, r) => a + r[k], 0);
      const inWindow = sum('inWindow');
      const r = {
        target: name, C, mode, repeat: rep, durationS: o.durationS, senders: o.senders,
        window: mode === 'unlimited' ? o.window : null, ratePerS: mode === 'rate' ? o.rate : null,
        joinMs: join.ms, handshakeRetries: join.misdetected, nickBeforeHello: join.nickBeforeHello, connectRetries: join.retried, sent: totalSent, expected: totalSent * recipients, delivered: uniq,
        deliveriesPerS: inWindow / o.durationS, msgsPerS: totalSent / o.durationS,
        lost: Math.max(0, totalSent * recipients - uniq), corrupted: sum('corrupted'), duplicated: sum('dup'),
        outOfOrder: sum('ooo'), other: sum('other'), stale: sum('stale'), stalls: sum('stalls'),
        disconnects: Math.max(...reps.map((x) => x.disconnects)),
        p50Ms: ms(quantile(hist, 0.5)), p99Ms: ms(quantile(hist, 0.99)), maxMs: ms(hist.n ? hist.maxUs : null), latencySamples: hist.n,
        serverCpuS: cpu1 - cpu0, serverSysCpuS: sys1 - sys0, serverCpuPct: (100 * (cpu1 - cpu0)) / o.durationS,
        cpuUsPerDelivery: inWindow ? ((cpu1 - cpu0) * 1e6) / inWindow : null,
        syscallsPerDelivery: counted && inWindow ? counted.all / inWindow : null, writesPerDelivery: counted && inWindow ? counted.writes / inWindow : null,
        generatorCpuPct: (g1 - g0) / 1e4 / o.durationS, serverRssMB: rss / 2 ** 20, loadAvg1: os.loadavg()[0], drainMs: drain.ms, drainTimedOut: drain.timedOut,
        samples: { corrupt: reps.flatMap((x) => x.corruptSamples).slice(0, 5), other: reps.flatMap((x) => x.otherSamples).slice(0, 3) },
      };
      results.push(r);
      log(`  ${mode.padEnd(9)} ${fmtN(r.deliveriesPerS)}/s deliveries, ${fmtN(r.msgsPerS)} msg/s, p50 ${f2(r.p50Ms)} p99 ${f2(r.p99Ms)} max ${f2(r.maxMs)} ms, ` +
        `cpu ${r.serverCpuPct.toFixed(0)}% (${r.serverCpuS > 0 ? ((100 * r.serverSysCpuS) / r.serverCpuS).toFixed(0) : '-'}% sys, ${f2(r.cpuUsPerDelivery)} µs/dlv${r.writesPerDelivery != null ? `, ${r.writesPerDelivery.toFixed(2)} writes + ${(r.syscallsPerDelivery - r.writesPerDelivery).toFixed(2)} other calls/dlv` : ''}), gen ${r.generatorCpuPct.toFixed(0)}%, rss ${r.serverRssMB.toFixed(1)} MB, ` +
        `lost ${r.lost}${r.drainTimedOut ? ' (drain timed out)' : ''} corrupt ${r.corrupted} dup ${r.duplicated} ooo ${r.outOfOrder}${r.stalls ? ` stalls ${r.stalls}` : ''}${r.disconnects ? ` disconnects ${r.disconnects}` : ''}`);
      if (o.timeline) logTimeline(reps);
      if (!srv.alive()) throw new Error(`server died: ${srv.log().slice(-500)}`);
    }
  } finally {
    await ws.close();
    await srv.stop();
  }
  return results;
}

// ---------------------------------------------------------------------------------------------- memory
async function memoryTest(name) {
  const t = TARGETS[name];
  const srv = await startServer(t.server);
  const nW = Math.max(o.workers, Math.ceil(Math.max(...o.memClients) / 4000));
  const ws = new Workers(nW);
  const r = { target: name, points: [] };
  try {
    await ws.all('init', { target: { proto: t.proto, port: srv.port, echoSelf: t.echoSelf }, senders: 0, lightweight: true });
    await sleep(300);
    r.baseRssMB = rssBytes(srv.pid) / 2 ** 20;
    r.baseFileMB = rssSplitBytes(srv.pid).file / 2 ** 20;
    let have = 0;
    for (const n of o.memClients) {
      const budget = 60000;
      // as many generator processes as the fan-out uses until more are needed for the sockets (4,000 each): with
      // a third process sharing the 2 cores, 1,000 joins to our server took 1.05-1.44 s against 0.83-1.12 s
      const j = await connectClients(ws, have, n, JOIN_CONCURRENCY, budget, Math.min(nW, Math.max(o.workers, Math.ceil(n / 4000))));
      const settled = await settle(ws, 500, n <= 1000 ? 10000 : 15000);
      const ready = (await ws.all('progress', {})).reduce((a, p) => a + p.ready, 0);
      have = n;
      const point = { clients: n, ready, joined: j.ok, handshakeRetries: j.misdetected, nickBeforeHello: j.nickBeforeHello, connectRetries: j.retried, failed: j.failed, timedOut: j.timedOut, ms: j.ms, settleMs: settled, rssMB: rssBytes(srv.pid) / 2 ** 20, anonMB: rssSplitBytes(srv.pid).anon / 2 ** 20, fileMB: rssSplitBytes(srv.pid).file / 2 ** 20, cpuS: cpuSeconds(srv.pid), loadAvg1: os.loadavg()[0] };
      if (n === 1000 && ready === 1000) r.join1000Ms = j.ms;
      r.points.push(point);
      log(`memory ${name}: ${ready}/${n} clients ready (${j.ok} new joined${j.misdetected ? `, ${j.misdetected} rich hellos taken for plain and retried` : ''}${j.nickBeforeHello ? `, ${j.nickBeforeHello} saw NICK before the rich handshake` : ''}${j.retried ? `, ${j.retried} attempts retried: ${j.retryReasons[0]}` : ''}${j.failed ? `, ${j.failed} failed: ${j.errors[0]}` : ''}${j.timedOut ? ', TIMED OUT' : ''}) in ${j.ms.toFixed(0)} ms, settled ${settled} ms, server cpu ${point.cpuS.toFixed(2)} s in all, rss ${point.rssMB.toFixed(1)} MB (anon ${point.anonMB.toFixed(1)}, file-backed ${point.fileMB.toFixed(1)})`);
      // idle: once every client joined, the RSS again after they sat idle (what an idle connection costs)
      if (ready === n && o.idleS > 0) point.idle = await idleRss(srv.pid, o.idleS);
      if (n === 1000 && point.idle) r.idle1000 = point.idle;
      if (j.failed || j.timedOut || !srv.alive()) { r.note = j.timedOut ? `only ${ready} of ${n} joined in ${budget / 1000} s` : `failed joining ${n}: ${j.errors[0] ?? 'server died'}`; break; }
    }
    const a = r.points.find((p) => p.clients === 1000 && p.ready === 1000);
    const b = r.points.filter((p) => p.clients > 1000 && p.ready > 1500).pop();
    if (a && b) {
      // from the idle readings when both have one (like the 1,000 target), and from right after the joins
      r.kbPerExtraConnAfterJoins = ((b.rssMB - a.rssMB) * 1024) / (b.ready - 1000);
      r.kbPerExtraConn = a.idle && b.idle ? ((b.idle.rssMB - a.idle.rssMB) * 1024) / (b.ready - 1000) : r.kbPerExtraConnAfterJoins;
      if (b.ready < b.clients) r.note = `${r.note ?? ''}; KB/conn measured from 1,000 to ${b.ready} clients`;
    }
    if (a) r.kbPerConnAt1000 = ((a.rssMB - r.baseRssMB) * 1024) / 1000;
  } finally {
    await ws.close();
    await srv.stop();
  }
  return r;
}

/**
 * RSS once the room has been idle for `seconds` (sampled every second): a server that grew during the join
 * burst may give memory back later (V8's memory reducer runs a few seconds after the heap stops growing).
 */
async function idleRss(pid, seconds) {
  const samplesMB = [];
  let rssMB = NaN;
  for (let s = 0; s < seconds; s++) {
    await sleep(1000);
    rssMB = rssBytes(pid) / 2 ** 20;
    samplesMB.push(Number(rssMB.toFixed(1)));
  }
  const split = rssSplitBytes(pid);
  const r = { seconds, rssMB, anonMB: split.anon / 2 ** 20, fileMB: split.file / 2 ** 20, samplesMB };
  log(`  after ${seconds} s idle: rss ${r.rssMB.toFixed(1)} MB (anon ${r.anonMB.toFixed(1)}, file-backed ${r.fileMB.toFixed(1)}); every second: ${samplesMB.join(' ')}`);
  return r;
}

/** What a Node process that does nothing holds resident (the floor under our server's RSS). */
async function bareNodeRss() {
  const ch = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 5000)'], { stdio: 'ignore' });
  children.add(ch);
  try {
    await sleep(1000);
    const split = rssSplitBytes(ch.pid);
    return { command: "node -e 'setTimeout(() => {}, 5000)'", rssMB: rssBytes(ch.pid) / 2 ** 20, anonMB: split.anon / 2 ** 20, fileMB: split.file / 2 ** 20 };
  } finally {
    ch.kill('SIGKILL');
    children.delete(ch);
  }
}

// ------------------------------------------------------------------------------------------------ main
const ms = (us) => (us == null ? null : us / 1000);
const f2 = (x) => (x == null || Number.isNaN(x) ? '-' : x < 10 ? x.toFixed(2) : x.toFixed(1));
const fmtN = (x) => (x >= 1e6 ? `${(x / 1e6).toFixed(2)} M` : x >= 1e3 ? `${(x / 1e3).toFixed(1)} k` : x.toFixed(0));

async function main() {
  const from = opt('report-only', null);
  if (from) {
    // re-render docs/benchmarks.md and the charts from a saved result (no measurement)
    const data = JSON.parse(fs.readFileSync(from, 'utf8'));
    const md = writeReport(data, path.join(repoDir, 'docs'), path.relative(repoDir, path.resolve(from)));
    log(`wrote ${path.relative(repoDir, md)} from ${from}`);
    cleanup(0);
    return;
  }
  let targets = o.targets;
  const skipped = {};
  // each server is started once before the runs: one that cannot start (ngircd not installed on a fresh machine)
  // is left out of the whole run, said here and in the report, instead of an error in every run
  for (const kind of new Set(targets.map((n) => TARGETS[n].server))) {
    let why;
    if (kind === 'ours' && !oursAvailable()) why = 'dist/cli.js not built (run npm run build)';
    else {
      try {
        const s = await startServer(kind);
        await s.stop();
      } catch (e) {
        why = `server did not start (it needs ${SERVER_NEEDS[kind]}): ${String(e.message).split('\n').slice(0, 3).join(' ')}`;
      }
    }
    if (why !== undefined) for (const n of targets) if (TARGETS[n].server === kind) skipped[n] = why;
  }
  targets = targets.filter((n) => !skipped[n]);
  for (const [n, why] of Object.entries(skipped)) log(`skipping ${n}: ${why}`);
  log(`targets ${targets.join(', ')}; C = ${o.clients.join(', ')}; S = ${o.senders}; ${o.durationS}s per run; repeats ${o.repeats}; ${o.workers} workers`);

  const fanout = [];
  const errors = [];
  if (o.fanout) {
    for (let rep = 0; rep < o.repeats; rep++) {
      for (const C of o.clients) {
        for (const name of targets) {
          try {
            fanout.push(...(await fanoutGroup(name, C, rep)));
          } catch (e) {
            log(`ERROR ${name} C=${C}: ${e.message}`);
            errors.push({ target: name, C, repeat: rep, error: String(e.message).slice(0, 500) });
          }
        }
      }
    }
  }
  const memory = [];
  let bareNode = null;
  if (o.memory) {
    bareNode = await bareNodeRss();
    log(`a node process doing nothing: rss ${bareNode.rssMB.toFixed(1)} MB (anon ${bareNode.anonMB.toFixed(1)}, file-backed ${bareNode.fileMB.toFixed(1)})`);
    const memTargets = targets.filter((n) => o.memTargets.includes(n));
    for (const name of memTargets) {
      try {
        memory.push(await memoryTest(name));
      } catch (e) {
        log(`ERROR memory ${name}: ${e.message}`);
        errors.push({ target: name, memory: true, error: String(e.message).slice(0, 500) });
      }
    }
  }
  const cpus = os.cpus();
  const data = {
    date: new Date().toISOString(),
    command: `node bench/run.mjs ${argv.join(' ')}`.trim(),
    machine: { cpus: cpus.length, model: cpus[0]?.model, memGB: os.totalmem() / 2 ** 30, kernel: os.release(), node: process.version, load: os.loadavg(), loadAtStart: LOAD_AT_START },
    options: o, skipped, errors, fanout, memory, bareNode, elapsedS: (Date.now() - T0) / 1000,
  };
  if (o.write) {
    const dir = path.join(benchDir, 'results');
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${quick ? 'quick' : 'full'}-${data.date.replace(/[:.]/g, '-')}.json`);
    fs.writeFileSync(file, JSON.stringify(data, null, 1));
    fs.writeFileSync(path.join(dir, 'latest.json'), JSON.stringify(data, null, 1));
    const md = writeReport(data, path.join(repoDir, 'docs'), path.relative(repoDir, file));
    log(`wrote ${path.relative(repoDir, file)} and ${path.relative(repoDir, md)}`);
  }
  log(`done in ${((Date.now() - T0) / 1000).toFixed(0)} s`);
  cleanup(0);
}

main();
