// Room names as a plain client that reads ASCII only is shown them: by the rule of its nicknames (asciiNick).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { asciiRoom, withAsciiRooms } from '../../src/protocol/asciiRoom';
import { normalizeRoom } from '../../src/protocol/names';

test('a room for a client that reads ASCII only: as it is, its accents off, or xn-- and its Punycode (a name it can type back, however long)', () => {
  assert.equal(asciiRoom('general'), 'general');
  assert.equal(asciiRoom('caf\u00e9'), 'cafe');
  assert.equal(asciiRoom('\u0441\u043e\u0441\u043e'), 'xn--n1aahb', 'сосо: was ????');
  assert.notEqual(asciiRoom('\u0440\u043e\u0440'), asciiRoom('\u0441\u043e\u0441\u043e'), 'рор and сосо were both #???? and #???');
  assert.equal(asciiRoom('\u958b\u767a'), 'xn--6wyr67d', '開発');
  assert.equal(asciiRoom(''), '', 'no room');
  const long = '\u0436'.repeat(16) + '\u044f'.repeat(16); // 32 letters: the most a room's name has
  assert.ok(asciiRoom(long).length > 32);
  assert.equal(normalizeRoom(`#${asciiRoom(long).toUpperCase()}`), asciiRoom(long), 'typed back, in capitals too: a name');
  assert.equal(normalizeRoom('a'.repeat(33)), null, 'other names are as long as they were');
});

test('a message with its room names as that client is shown them: the message itself when they are already', () => {
  assert.deepEqual(withAsciiRooms({ type: 'parted', room: '\u0441\u043e\u0441\u043e' }), { type: 'parted', room: 'xn--n1aahb' });
  assert.deepEqual(withAsciiRooms({ type: 'room', name: 'caf\u00e9', topic: '', members: [] }), { type: 'room', name: 'cafe', topic: '', members: [] });
  assert.deepEqual(withAsciiRooms({ type: 'rooms', rooms: [{ name: 'general', topic: '', members: 1 }, { name: '\u0441\u043e\u0441\u043e', topic: '\u0441\u043e\u0441\u043e', members: 2 }] }), { type: 'rooms', rooms: [{ name: 'general', topic: '', members: 1 }, { name: 'xn--n1aahb', topic: '\u0441\u043e\u0441\u043e', members: 2 }] });
  const ascii = { type: 'message', room: 'general', seq: 1, time: 0, from: 'bob', text: '\u0441\u043e\u0441\u043e', kind: 'text' };
  assert.equal(withAsciiRooms(ascii), ascii);
});
