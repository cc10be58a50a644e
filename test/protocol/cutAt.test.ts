// Cutting a text short: never through a character as people see it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cutAt, cutWithEllipsis } from '../../src/protocol/cutAt';

const family = '👨‍👩‍👧'; // three emoji joined by two ZWJs: 8 UTF-16 units

test('a cut inside a ZWJ sequence, a flag or a letter with its marks goes before it', () => {
  for (let n = 3; n < 10; n++) assert.equal(cutAt(`ab${family}cd`, n), 'ab', `cut at ${n}`);
  assert.equal(cutAt(`ab${family}cd`, 10), `ab${family}`);
  assert.equal(cutAt('ab🇩🇪', 4), 'ab', 'half a flag is another letter');
  assert.equal(cutAt('xa\u0301\u0302b', 3), 'x', 'a letter keeps its accents');
  assert.equal(cutAt('a😀b', 2), 'a', 'a surrogate pair');
  assert.equal(cutAt('abcdef', 3), 'abc');
  assert.equal(cutAt('abc', 5), 'abc');
  assert.equal(cutAt('abc', 0), '');
});

test('a long run of flags is cut between two flags, wherever the cut falls and however the run is offset', () => {
  for (const pad of ['', 'x', 'xy']) {
    const text = pad + '🇩🇪'.repeat(60);
    for (let n = 100; n < 110; n++) {
      const cut = cutAt(text, n);
      assert.ok(cut.length <= n && cut.length > n - 4, `${pad.length}/${n}: ${cut.length}`);
      assert.equal((cut.length - pad.length) % 4, 0, `${pad.length}/${n}: whole flags only`);
    }
  }
});

test('a text of one endless character (a letter under 100 accents) is cut at the limit, never through a surrogate pair', () => {
  assert.equal(cutAt(`e${'\u0301'.repeat(100)}`, 80).length, 80);
  const zalgo = `😀${'\u{1d167}'.repeat(100)}`; // marks outside the BMP: two units each
  for (const n of [80, 81]) assert.ok(!/[\uD800-\uDBFF]$/.test(cutAt(zalgo, n)), `${n}`);
});

test('a text that starts with half a character (a lone low surrogate) is cut within the limit', () => {
  const text = `\uDC00${'x'.repeat(5000)}`;
  for (const n of [1, 10, 64]) assert.ok(cutAt(text, n).length <= n, `${n}: ${cutAt(text, n).length}`);
});

test('cutWithEllipsis: a text that fits is kept; a longer one is cut to the limit with its … (not through an emoji)', () => {
  assert.equal(cutWithEllipsis('abc', 3), 'abc');
  assert.equal(cutWithEllipsis('abcd', 3), 'ab…');
  assert.equal(cutWithEllipsis('a😀bc', 3), 'a…', 'the emoji would straddle the cut');
  assert.equal(cutWithEllipsis('a😀bc', 4), 'a😀…');
});
