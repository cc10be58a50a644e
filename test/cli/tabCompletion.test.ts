import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tabCompletion } from '../../src/cli/tabCompletion';

test("readline gets the candidates and the text they replace: one it inserts whole, several what they share", () => {
  assert.deepEqual(tabCompletion('hi @rob', ['Robert', 'alice']), [['@Robert '], '@rob']);
  assert.deepEqual(tabCompletion('/to', []), [['/topic '], '/to']);
  assert.deepEqual(tabCompletion('/de', []), [['/delete ', '/deop '], '/de']);
  assert.deepEqual(tabCompletion('hello', ['Robert']), [[], ''], 'nothing to complete');
});

test('a room after /join, /part and /who', () => {
  const rooms = { joined: ['general'], listed: ['general', 'dev', 'design'] };
  assert.deepEqual(tabCompletion('/join d', [], rooms), [['dev ', 'design '], 'd']);
  assert.deepEqual(tabCompletion('/part #g', [], rooms), [['#general '], '#g']);
  assert.deepEqual(tabCompletion('/join d', []), [[], ''], 'no rooms known');
});
