import { test } from 'node:test';
import assert from 'node:assert/strict';
import { asciiNick, punycode, withAsciiNicks } from '../../src/protocol/asciiNick';
import { nickError } from '../../src/protocol/names';

test('punycode: RFC 3492 (the values Node\'s punycode module gives)', () => {
  const cases: [string, string][] = [['bücher', 'bcher-kva'], ['München', 'Mnchen-3ya'], ['ü', 'tda'], ['Борис', 'd0a2fraig'], ['Петро', 'r0a8b1ahj'], ['li王', 'li-pe6e'], ['li李', 'li-5p8d'], ['ͺ', '1va'], ['👩‍💻x', 'x-tgn4172soja']];
  for (const [text, code] of cases) assert.equal(punycode(text), code, text);
});

test('a nickname for a client that reads ASCII only: as it is, its accents off, or its Punycode when that would say less than the name', () => {
  assert.equal(asciiNick('alice'), 'alice');
  assert.equal(asciiNick('José'), 'Jose', 'a member called Jose could not be here at once (one key)');
  assert.equal(asciiNick('Борис'), 'xn--d0a2fraig');
  assert.notEqual(asciiNick('Петро'), asciiNick('Борис'), 'both were ?????');
  assert.notEqual(asciiNick('li王'), asciiNick('li李'));
  assert.equal(asciiNick('ͺ'), 'xn--1va', 'was a blank');
  assert.match(nickError('xn--d0a2fraig') ?? '', /cannot start with xn--/, 'nobody can take a name that passes for another one so');
  assert.match(nickError('XN--x') ?? '', /cannot start with xn--/);
  for (const lookalike of ['\uff58n--d0a2fraig', '\u1e8bn--d0a2fraig', 'x\u0301n--d0a2fraig']) assert.match(nickError(lookalike) ?? '', /cannot start with xn--/, lookalike);
  assert.deepEqual(withAsciiNicks({ type: 'who', room: 'r', members: [{ nick: 'Борис', role: 'member' }] }), { type: 'who', room: 'r', members: [{ nick: 'xn--d0a2fraig', role: 'member' }] });
  assert.deepEqual(withAsciiNicks({ type: 'nick', room: 'r', seq: 1, time: 0, from: 'José', to: 'Петро' }), { type: 'nick', room: 'r', seq: 1, time: 0, from: 'Jose', to: 'xn--r0a8b1ahj' });
  // names in ASCII already: the message itself, whose wording a plain UTF-8 reader's already is (Outbound shares it)
  const ascii = { type: 'message', room: 'r', seq: 1, time: 0, from: 'bob', text: 'Привет', kind: 'text' };
  assert.equal(withAsciiNicks(ascii), ascii);
});
