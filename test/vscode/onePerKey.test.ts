// One value per key, made once when asked for twice at once, made anew once stale.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OnePerKey } from '../../src/vscode/onePerKey';

test('asked for twice at once (a double click on Open), one value is made and both get it; a stale one is made anew', async () => {
  const closed = new Set<number>();
  const once = new OnePerKey<number>((n) => closed.has(n));
  let made = 0;
  const make = () => new Promise<number>((r) => setTimeout(() => r(++made), 10));
  const [a, b] = await Promise.all([once.get('card', make), once.get('card', make)]);
  assert.deepEqual([a, b, made], [1, 1, 1]);
  assert.equal(await once.get('card', make), 1, 'open: the same');
  closed.add(1);
  assert.equal(await once.get('card', make), 2, 'closed: a new one');
  assert.equal(await once.get('other', make), 3);
  closed.add(3);
  await once.get('third', make);
  await new Promise((r) => setTimeout(r, 0));
  assert.equal(once.size, 2, 'the stale one of another key is forgotten');
  // one that failed to be made is not kept
  await assert.rejects(once.get('bad', () => Promise.reject(new Error('no'))));
  assert.equal(await once.get('bad', make), 5);
});
