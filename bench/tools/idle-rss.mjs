#!/usr/bin/env node
// Where a tcp-chat host's memory goes when many clients join and then sit idle. Starts
// `node dist/cli.js host --limits off --headless` on 127.0.0.1, joins N rich clients (50 handshakes in
// flight), then prints the server's RSS (anonymous / file-backed) every second for S seconds. With
// --maps it also prints the server's anonymous mappings by kind at the end (`[heap]` is malloc's heap,
// 256 KB blocks are V8's heap pages); with --malloc-sizes (needs `cc`) it counts the server's malloc
// calls by size during the joins (an LD_PRELOAD counter, bench/tools/malloc-sizes.c); with --exe-pages, which
// parts of the node executable it holds resident at the end (its file-backed RSS; bench/lib/exePages.mjs).
//   node bench/tools/idle-rss.mjs [N=1000] [S=30] [--maps] [--malloc-sizes] [--exe-pages]
//   BENCH_SERVER_LOG=/tmp/gc.log BENCH_NODE_FLAGS=--trace-gc node bench/tools/idle-rss.mjs ...   (as for bench/run.mjs)
import { execFileSync } from 'node:child_process';
import net from 'node:net';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { rssBytes, rssSplitBytes, setServerMaxSeconds, startServer } from '../lib/targets.mjs';
import { exePages } from '../lib/exePages.mjs';

const args = process.argv.slice(2);
const nums = args.filter((a) => /^\d+$/.test(a)).map(Number);
const N = nums[0] ?? 1000;
const HOLD = nums[1] ?? 30;
const here = path.dirname(new URL(import.meta.url).pathname);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

let preload;
if (args.includes('--malloc-sizes')) {
  preload = path.join(os.tmpdir(), `malloc-sizes-${process.pid}.so`);
  execFileSync('cc', ['-O2', '-shared', '-fPIC', '-o', preload, path.join(here, 'malloc-sizes.c')]);
  process.env.LD_PRELOAD = preload; // the server inherits it (counting only starts at our SIGPWR)
}
// the bench's own start: same command line, BENCH_NODE_FLAGS and BENCH_SERVER_LOG apply
setServerMaxSeconds(HOLD + 120); // the server cannot outlive this tool by much, whatever happens to it
const srv = await startServer('ours');
const port = srv.port;
const mb = (bytes) => (bytes / 2 ** 20).toFixed(1);
const rss = () => {
  const split = rssSplitBytes(srv.pid);
  return `${mb(rssBytes(srv.pid))} MB (anon ${mb(split.anon)}, file-backed ${mb(split.file)})`;
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
if (preload) { process.kill(srv.pid, 'SIGPWR'); await sleep(100); } // counting on
const t0 = Date.now();
let next = 0;
await Promise.all(Array.from({ length: 50 }, async () => { while (next < N) await one(next++); }));
console.log(`${ready} of ${N} joined in ${Date.now() - t0} ms: ${rss()}`);
if (preload) {
  await sleep(1000);
  process.kill(srv.pid, 'SIGPWR'); // counting off: the counter prints to the server's stderr
  await sleep(300);
  for (const l of srv.log().split('\n')) if (l.startsWith('malloc ')) console.log(`  ${l}`);
}
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
if (args.includes('--exe-pages')) {
  for (const [k, b] of exePages(srv.pid)) if (b >= 100 * 1024) console.log(`  ${(b / 2 ** 20).toFixed(1).padStart(6)} MB of the executable resident: ${k}`);
}
for (const s of socks) s.destroy();
await srv.stop();
if (preload) fs.rmSync(preload, { force: true });
