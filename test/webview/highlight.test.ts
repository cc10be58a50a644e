// Highlighting's time in a second, all code together: a member's flood of slow-to-highlight code (within the
// room's rate) held every panel's thread; past the budget code shows plain until the next second.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HighlightBudget, highlight } from '../../src/webview/highlight';

test('past the second\'s highlighting time, code shows as escaped text until the next second', () => {
  // a clock where each highlighting takes 30 ms, and the test moves it on between seconds
  let clock = 0;
  let reading = 0;
  const budget = new HighlightBudget(100, () => clock + 30 * Math.floor((reading++ + 1) / 2));
  const code = 'int x = 1; // <b>';
  const coloured = (html: string) => html.includes('<span class="hljs-');
  const shown = Array.from({ length: 7 }, () => highlight(code, 'java', undefined, budget));
  // (Java's first code is not counted: its grammar is compiled then, once; a replay's later languages showed plain)
  assert.deepEqual(shown.map(coloured), [true, true, true, true, true, false, false], 'then four take 120 ms: the rest of the second shows plain');
  assert.ok(shown.at(-1)!.includes('&#60;b&#62;'), 'escaped');
  clock += 1000 + 30 * 6;
  assert.equal(coloured(highlight(code, 'java', undefined, budget)), true, 'the next second highlights again');
});
