// The benchmark report (bench/lib/report.mjs): what it says about an idle wait, and the kernel's part of the
// CPU per delivery, which it computes from each run's fields.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fellAfter, loadNotes, summarize } from '../../bench/lib/report.mjs';

test('fellAfter: the second of the idle wait at which RSS first read a tenth below its first reading', () => {
  assert.equal(fellAfter({ samplesMB: [82.4, 82.4, 82.5, 58.8, 56.1] }), ' (fell after 4 s)');
  assert.equal(fellAfter({ samplesMB: [53.3, 53.3, 50.7, 49.3] }), ''); // 7.5% is not a tenth
  assert.equal(fellAfter({ samplesMB: [298.2, 298.4, 299.1] }), '');
  assert.equal(fellAfter({}), '');
  assert.equal(fellAfter(undefined), '');
});

test('summarize: the kernel µs per delivery is system time over deliveries in the window, median of the repeats', () => {
  const run = (sys: number) => ({ target: 'ours-rich', C: 100, mode: 'rate', deliveriesPerS: 20_000, durationS: 3, serverSysCpuS: sys, writesPerDelivery: 1, syscallsPerDelivery: 1.04 });
  const [s] = summarize([run(0.3), run(0.33), run(0.36)]);
  assert.ok(s);
  assert.equal((s.kernelUsPerDelivery as number).toFixed(2), '5.50'); // 0.33 s / 60,000 deliveries
  assert.equal(s.writesPerDelivery, 1);
  assert.equal(s.syscallsPerDelivery, 1.04);
});

test('loadNotes: a load only a memory test saw is named there, the fan-out runs are not called overloaded; a busy fan-out still is', () => {
  const data = (fanLoad: number, memLoad: number) => ({
    options: { workers: 2 },
    machine: { cpus: 2, load: [4, 5, 6], loadAtStart: [2.8, 2.8, 3.2] },
    fanout: [{ loadAvg1: 1.5 }, { loadAvg1: fanLoad }],
    memory: [{ target: 'ours-rich', points: [{ clients: 1000, loadAvg1: 1.9 }] }, { target: 'ngircd', points: [{ clients: 1000, loadAvg1: memLoad }, { clients: 10000, loadAvg1: Math.min(memLoad, 21) }] }],
  });
  const quietRuns = loadNotes(data(2.8, 134.5)).join('\n');
  assert.match(quietRuns, /Note: the load average reached 134\.5 in the memory test of ngircd at 1,000 clients\*\* \(on 2 cores; the fan-out runs saw at most 2\.8\)/);
  assert.doesNotMatch(quietRuns, /overloaded/);
  assert.match(quietRuns, /during the fan-out runs up to 2\.8 \(median 2\.1\), in the memory tests up to 134\.5,/);
  assert.match(loadNotes(data(9, 3)).join('\n'), /Warning: the machine was overloaded during this run\*\* \(load average up to 9\.0/);
  assert.doesNotMatch(loadNotes(data(2, 3)).join('\n'), /Warning|Note/);
});
