import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseQuery } from '../../src/protocol/queryArgs';

test('/query reads a nickname (an @ before it taken off) and a first line, or nothing: back to the room', () => {
  assert.deepEqual(parseQuery(''), { back: true });
  assert.deepEqual(parseQuery('  '), { back: true });
  assert.deepEqual(parseQuery('bob'), { nick: 'bob' });
  assert.deepEqual(parseQuery('@bob  are you there? '), { nick: 'bob', text: 'are you there?' });
  assert.deepEqual(parseQuery('a:b'), { error: '"a:b": a nickname may use letters, digits and _ - . [ ] { } | ^ ` (no : @ # , ! / or quotes)' });
});
