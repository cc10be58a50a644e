import { test, mock } from 'node:test';
import assert from 'node:assert/strict';
import { AfterQuiet } from '../../src/vscode/afterQuiet';

test('a burst of pokes runs once, after the last has been quiet long enough; a later burst runs again', () => {
  mock.timers.enable({ apis: ['setTimeout'] });
  try {
    let runs = 0;
    const q = new AfterQuiet(1500, () => runs++);
    for (let i = 0; i < 6; i++) {
      q.poke(); // a letter typed every 400 ms
      mock.timers.tick(400);
    }
    assert.equal(runs, 0, 'still typing');
    mock.timers.tick(1100);
    assert.equal(runs, 1, 'once, for the whole word');
    mock.timers.tick(10_000);
    assert.equal(runs, 1);
    q.poke();
    mock.timers.tick(1500);
    assert.equal(runs, 2);
  } finally {
    mock.timers.reset();
  }
});

test('dispose stops what waits', () => {
  mock.timers.enable({ apis: ['setTimeout'] });
  try {
    let runs = 0;
    const q = new AfterQuiet(1500, () => runs++);
    q.poke();
    q.dispose();
    mock.timers.tick(5000);
    assert.equal(runs, 0);
  } finally {
    mock.timers.reset();
  }
});
