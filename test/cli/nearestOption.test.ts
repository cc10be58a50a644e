import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nearestOptions, unknownOptionMessage } from '../../src/cli/nearestOption';

const HOST = ['port', 'bind', 'nick', 'headless', 'history', 'limits', 'allow-plain', 'no-bell', 'history-file', 'limit', 'help'];

test('a mistyped option gets the option it was likely meant to be: the one or two it begins, else the nearest within 2 edits', () => {
  assert.equal(unknownOptionMessage('--prot', HOST), 'unknown option --prot: did you mean --port? (see --help)');
  assert.deepEqual(nearestOptions('--prot', HOST), ['--port'], 'two letters swapped: one edit');
  assert.deepEqual(nearestOptions('--nik', HOST), ['--nick']);
  assert.deepEqual(nearestOptions('--Port', HOST), ['--port'], 'whatever its case');
  assert.deepEqual(nearestOptions('--headles', HOST), ['--headless']);
  assert.deepEqual(nearestOptions('--allow-plane', HOST), ['--allow-plain']);
  assert.deepEqual(nearestOptions('--lmit', HOST), ['--limit'], 'the nearest of two near ones');
  assert.deepEqual(nearestOptions('--limi', HOST), ['--limit', '--limits'], 'the beginning of two');
  // a beginning of two: both said (--history is not the only one it may mean)
  assert.equal(unknownOptionMessage('--hist', HOST), 'unknown option --hist: did you mean --history or --history-file? (see --help)');
  assert.deepEqual(nearestOptions('--history-f', HOST), ['--history-file'], 'a beginning of one');
});

test('nothing near, a short option, or a beginning of many: no suggestion, the message as it was', () => {
  assert.equal(unknownOptionMessage('--bogus', HOST), 'unknown option --bogus (see --help)');
  assert.equal(unknownOptionMessage('-x', HOST), 'unknown option -x (see --help)');
  assert.deepEqual(nearestOptions('--h', HOST), [], 'the beginning of four options');
  assert.deepEqual(nearestOptions('--ab', HOST), [], 'as many edits as letters is no typo');
  assert.deepEqual(nearestOptions('--', HOST), []);
  assert.deepEqual(nearestOptions(`--${'x'.repeat(10_000)}`, ['port']), [], 'a long one: bounded work, no suggestion');
});
