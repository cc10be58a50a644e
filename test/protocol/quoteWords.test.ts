import { test } from 'node:test';
import assert from 'node:assert/strict';
import { QUOTE_MAX, quoteWords } from '../../src/protocol/quoteWords';

test('a refusal quotes a name whole up to its limit, else its start and …, never half a character', () => {
  assert.equal(quoteWords('bob'), 'bob');
  assert.equal(quoteWords('x'.repeat(QUOTE_MAX)), 'x'.repeat(QUOTE_MAX));
  assert.equal(quoteWords('a-very-long-nickname-that-goes-on-and-on-forever'), 'a-very-long-nickname-that-goes-on-and-on…');
  // an emoji across the cut goes whole to the … side
  const cut = quoteWords(`${'x'.repeat(QUOTE_MAX - 1)}😀tail`);
  assert.equal(cut, `${'x'.repeat(QUOTE_MAX - 1)}…`);
  assert.doesNotMatch(cut, /[\uD800-\uDBFF](?![\uDC00-\uDFFF])/, 'no half of a pair');
});
