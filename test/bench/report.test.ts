// The benchmark report (bench/lib/report.mjs): what it says about an idle wait, and the kernel's part of the
// CPU per delivery, which it computes from each run's fields.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fellAfter, summarize } from '../../bench/lib/report.mjs';

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
