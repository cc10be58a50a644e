import { test } from 'node:test';
import assert from 'node:assert/strict';
import { notInYourRooms, parseQuery } from '../../src/protocol/queryArgs';

test('/query reads a nickname (an @ before it taken off) and a first line, or nothing: back to the room', () => {
  assert.deepEqual(parseQuery(''), { back: true });
  assert.deepEqual(parseQuery('  '), { back: true });
  assert.deepEqual(parseQuery('bob'), { nick: 'bob' });
  assert.deepEqual(parseQuery('@bob  are you there? '), { nick: 'bob', text: 'are you there?' });
  assert.deepEqual(parseQuery('a:b'), { error: '"a:b": a nickname may use letters, digits and _ - . [ ] { } | ^ ` (no : @ # , ! / or quotes)' });
});

test('/query of a name in none of your rooms says so; a member of any (compared as nicknames are) is no stranger', () => {
  const rooms = [[{ nick: 'alice' }], [{ nick: 'Bob' }, { nick: 'carol' }]];
  assert.equal(notInYourRooms('bbo', rooms), 'bbo is in none of your rooms: the server refuses what you send unless they are in another');
  assert.equal(notInYourRooms('bob', rooms), undefined);
  assert.equal(notInYourRooms('CAROL', rooms), undefined);
  assert.equal(notInYourRooms('alice', []), 'alice is in none of your rooms: the server refuses what you send unless they are in another');
});
