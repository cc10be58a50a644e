#!/usr/bin/env node
// Where a tcp-chat host's memory goes when many clients join and then sit idle. Starts
// `node dist/cli.js host --limits off --headless` on 127.0.0.1, joins N rich clients (50 handshakes in
// flight), then prints the server's RSS (anonymous / file-backed) every second for S seconds. With
// --maps it also prints the server's anonymous mappings by kind at the end (`[heap]` is malloc's heap,
// 256 KB blocks are V8's heap pages); with --malloc-sizes (needs `cc`) it counts the server's malloc
// calls by size during the joins (an LD_PRELOAD counter, bench/tools/malloc-sizes.c).
//   node bench/tools/idle-rss.mjs [N=1000] [S=30] [--maps] [--malloc-sizes]
//   BENCH_NODE_FLAGS=--trace-gc node bench/tools/idle-rss.mjs ...   (V8's flags for the server; its stdout is shown)
import { spawn, execFileSync } from 'node:child_process';
import net from 'node:net';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const args = process.argv.slice(2);
const nums = args.filter((a) => /^\d+$/.test(a)).map(Number);
const N = nums[0] ?? 1000;
const HOLD = nums[1] ?? 30;
const here = path.dirname(new URL(import.meta.url).pathname);
const cli = path.join(here, '..', '..', 'dist', 'cli.js');
const flags = (process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

let preload;
if (args.includes('--malloc-sizes')) {
  preload = path.join(os.tmpdir(), `malloc-sizes-${process.pid}.so`);
  execFileSync('cc', ['-O2', '-shared', '-fPIC', '-o', preload, path.join(here, 'malloc-sizes.c')]);
}
const port = 40000 + Math.floor(Math.random() * 20000);
const srv = spawn(process.execPath, [...flags, cli, 'host', '--port', String(port), '--bind', '127.0.0.1', '--limits', 'off', '--headless'],
  { stdio: ['ignore', 'pipe', 'inherit'], env: preload ? { ...process.env, LD_PRELOAD: preload } : process.env });
let out = '';
srv.stdout.on('data', (d) => {
  if (out.length < 4096) out += d;
  if (flags.length) for (const l of String(d).split('\n')) if (l && !/ joined \(/.test(l)) console.log(`  server: ${l}`);
});
const deadline = Date.now() + 10000;
while (!/listening/i.test(out)) {
  if (Date.now() > deadline || srv.exitCode !== null) throw new Error(`the server did not start: ${out}`);
  await sleep(50);
}
const rss = () => {
  const s = fs.readFileSync(`/proc/${srv.pid}/status`, 'utf8');
  const kb = (k) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(s)[1]) / 1024;
  return `${kb('VmRSS').toFixed(1)} MB (anon ${kb('RssAnon').toFixed(1)}, file-backed ${kb('RssFile').toFixed(1)})`;
};
console.log(`server idle, no clients: ${rss()}`);

const socks = [];
let ready = 0;
const one = (i) => new Promise((resolve) => {
  const s = net.connect(port, '127.0.0.1', () => s.write(`{"type":"hello","v":1,"nick":"u${i}","client":"idle-rss"}\n`));
  let done = false;
  const finish = () => { if (!done) { done = true; resolve(); } };
  s.on('data', (d) => {
    if (!done && d.includes('"welcome"')) { ready++; finish(); }
    if (d.includes('"type":"ping"')) s.write('{"type":"pong"}\n');
  });
  s.on('error', finish);
  s.setTimeout(10000, finish);
  socks.push(s);
});
if (preload) { srv.kill('SIGPWR'); await sleep(100); } // counting on
const t0 = Date.now();
let next = 0;
await Promise.all(Array.from({ length: 50 }, async () => { while (next < N) await one(next++); }));
console.log(`${ready} of ${N} joined in ${Date.now() - t0} ms: ${rss()}`);
if (preload) { await sleep(1000); srv.kill('SIGPWR'); await sleep(300); } // counting off: the counter prints to stderr
for (let t = 1; t <= HOLD; t++) {
  await sleep(1000);
  console.log(`  +${t} s idle: ${rss()}`);
}
if (args.includes('--maps')) {
  const byKind = new Map();
  let cur;
  for (const l of fs.readFileSync(`/proc/${srv.pid}/smaps`, 'utf8').split('\n')) {
    const m = /^([0-9a-f]+)-([0-9a-f]+) \S+ \S+ \S+ \d+\s*(.*)$/.exec(l);
    if (m) {
      const kb = (parseInt(m[2], 16) - parseInt(m[1], 16)) / 1024;
      cur = m[3] || (kb === 256 ? '[anon] 256 KB blocks (V8 heap pages)' : '[anon] other');
      continue;
    }
    const a = /^Anonymous:\s+(\d+)/.exec(l);
    if (a && cur) byKind.set(cur, (byKind.get(cur) ?? 0) + Number(a[1]));
  }
  for (const [k, kb] of [...byKind].sort((x, y) => y[1] - x[1])) if (kb >= 100) console.log(`  ${(kb / 1024).toFixed(1).padStart(6)} MB anonymous in ${k}`);
}
for (const s of socks) s.destroy();
srv.kill();
if (preload) fs.rmSync(preload, { force: true });
