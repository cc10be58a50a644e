// The mention sound: a `chime` from the extension plays two notes through Web Audio; nothing else does.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { makeSnapshot, startHarness, type Harness } from './harness';

let hx: Harness;
before(async () => {
  hx = await startHarness();
});
after(async () => {
  await hx?.close();
});

test('a chime message plays the mention sound through Web Audio', async () => {
  const p = await hx.open({ snapshot: makeSnapshot() });
  try {
    // count the oscillators the page starts (Web Audio itself runs: headless Chromium has it)
    await p.page.evaluate(() => {
      const w = window as unknown as { __tones: number[] };
      w.__tones = [];
      const start = OscillatorNode.prototype.start;
      OscillatorNode.prototype.start = function (this: OscillatorNode, when?: number) {
        w.__tones.push(this.frequency.value);
        return start.call(this, when);
      };
    });
    const tones = () => p.page.evaluate(() => (window as unknown as { __tones: number[] }).__tones.slice());
    await p.deliver({ type: 'notice', level: 'info', text: 'not a chime' });
    assert.deepEqual(await tones(), [], 'nothing else makes a sound');
    await p.deliver({ type: 'chime' });
    assert.deepEqual(await tones(), [880, 1320]);
    assert.deepEqual(p.errors, []);
  } finally {
    await p.page.close();
  }
});
