// Who holds which nickname, by every key it is read under: a look-alike in either case is found taken, but by
// whoever is excepted (its own name), and a holder gone frees only its own keys.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NickHolders } from '../../src/node/nickHolders';
import { nickKey } from '../../src/protocol/names';

test('a name is taken by any holder of a name that shares a key with it, but the one excepted', () => {
  const names = new NickHolders<string>();
  names.add('NIKO', 'p1');
  assert.equal(names.taken('\u039d\u0399\u039a\u039f'), true, 'ΝΙΚΟ in Greek');
  assert.equal(names.taken('niko'), true);
  assert.equal(names.taken('niko', 'p1'), false, "p1's own name");
  assert.equal(names.taken('nika'), false);
  assert.equal(names.holds(nickKey('niko')), true);
  // two holders under one key (seated before a newer key folded their names together): one gone, the other holds
  names.add('\u039d\u03b9\u03ba\u03bf', 'p2'); // Νικο
  names.delete('NIKO', 'p1');
  assert.equal(names.taken('NIKO'), true, "Νικο's");
  assert.equal(names.taken('NIKO', 'p2'), false);
  names.delete('\u039d\u03b9\u03ba\u03bf', 'p2');
  assert.equal(names.taken('NIKO'), false);
  assert.equal(names.taken('\u03bd\u03b9\u03ba\u03bf'), false, 'νικο: nothing left under any key');
  // whom a name reads as: every holder of a name that shares a key with it (Ηαηκ reads as Hank and as ηαηκ)
  names.add('Hank', 'h1');
  names.add('\u03b7\u03b1\u03b7\u03ba', 'h2');
  assert.deepEqual([...names.holdersOf('\u0397\u03b1\u03b7\u03ba')].sort(), ['h1', 'h2']);
  assert.deepEqual([...names.holdersOf('hank')], ['h1']);
  assert.deepEqual([...names.holdersOf('nika')], []);
  names.add('bob', 'p3');
  names.clear();
  assert.equal(names.taken('bob'), false);
});
