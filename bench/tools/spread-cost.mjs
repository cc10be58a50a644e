#!/usr/bin/env node
// Why Room.record() builds its event with Object.assign(): on this Node (V8), adding properties to an
// object made by spread costs microseconds, not nanoseconds. Prints µs per object for each way.
//   node bench/tools/spread-cost.mjs
const N = 500_000;
const event = { type: 'message', from: 'c1', text: 'b 1 2 3 4 abcdefghijklmnopqrstuvwxyz012345', kind: 'text' };
const ways = {
  'spread, then properties: { ...event, room, seq, time }': (e, seq) => ({ ...e, room: 'general', seq, time: 1 }),
  'Object.assign({}, event, { room, seq, time })': (e, seq) => Object.assign({}, e, { room: 'general', seq, time: 1 }),
  'spread only: { ...event }': (e) => ({ ...e }),
};
let keep;
for (const [name, make] of Object.entries(ways)) {
  for (let i = 0; i < 10_000; i++) keep = make(event, i); // warm up
  const t0 = performance.now();
  for (let i = 0; i < N; i++) keep = make(event, i);
  console.log(`${(((performance.now() - t0) * 1000) / N).toFixed(3).padStart(7)} µs  ${name}`);
}
if (keep === undefined) process.exit(1);
console.log(`node ${process.version}`);
