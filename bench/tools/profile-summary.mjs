#!/usr/bin/env node
// Summarise a V8 .cpuprofile (from BENCH_NODE_FLAGS="--cpu-prof --cpu-prof-dir=DIR" node bench/run.mjs ...):
// self time by function, and the callers of the hottest ones.
//   node bench/tools/profile-summary.mjs FILE.cpuprofile [topN=20]
// The last table is inclusive time (the function and what it called), to see which path a cost belongs to.
import fs from 'node:fs';

const file = process.argv[2];
if (!file) { console.error('usage: profile-summary.mjs FILE.cpuprofile [topN]'); process.exit(2); }
const top = Number(process.argv[3] ?? 20);
const p = JSON.parse(fs.readFileSync(file, 'utf8'));
const byId = new Map(p.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const name = (n) => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').slice(-2).join('/')}:${n.callFrame.lineNumber + 1}:${n.callFrame.columnNumber + 1}`;

const selfUs = new Map(); // function -> µs
const nodeUs = new Map(); // node id -> µs
let total = 0;
for (let i = 0; i < p.samples.length; i++) {
  const dt = p.timeDeltas[i] ?? 0;
  const n = byId.get(p.samples[i]);
  selfUs.set(name(n), (selfUs.get(name(n)) ?? 0) + dt);
  nodeUs.set(n.id, (nodeUs.get(n.id) ?? 0) + dt);
  total += dt;
}
const ranked = [...selfUs].sort((a, b) => b[1] - a[1]);
console.log(`${(total / 1e3).toFixed(0)} ms sampled`);
for (const [k, v] of ranked.slice(0, top)) console.log(`${(v / 1e3).toFixed(0).padStart(8)} ms ${((100 * v) / total).toFixed(1).padStart(5)}%  ${k}`);
for (const [hot] of ranked.filter(([k]) => !k.startsWith('(')).slice(0, 3)) {
  const chains = new Map();
  for (const n of p.nodes) {
    if (name(n) !== hot) continue;
    const parts = [];
    for (let id = parent.get(n.id), k = 0; id && k < 6; id = parent.get(id), k++) parts.push(name(byId.get(id)));
    const key = parts.join('\n      < ');
    chains.set(key, (chains.get(key) ?? 0) + (nodeUs.get(n.id) ?? 0));
  }
  console.log(`\ncallers of ${hot}:`);
  for (const [k, v] of [...chains].sort((a, b) => b[1] - a[1]).slice(0, 3)) console.log(`  ${(v / 1e3).toFixed(0)} ms\n      < ${k}`);
}

const inclUs = new Map(); // function -> µs with it anywhere on the stack
for (let i = 0; i < p.samples.length; i++) {
  const dt = p.timeDeltas[i] ?? 0;
  const seen = new Set();
  for (let id = p.samples[i]; id; id = parent.get(id)) seen.add(name(byId.get(id)));
  for (const k of seen) inclUs.set(k, (inclUs.get(k) ?? 0) + dt);
}
console.log('\ninclusive:');
for (const [k, v] of [...inclUs].filter(([k]) => !k.startsWith('(')).sort((a, b) => b[1] - a[1]).slice(0, top)) {
  console.log(`${(v / 1e3).toFixed(0).padStart(8)} ms ${((100 * v) / total).toFixed(1).padStart(5)}%  ${k}`);
}
