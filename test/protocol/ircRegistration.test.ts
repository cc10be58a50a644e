import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ircRefusal, isIrcRegistration } from '../../src/protocol/ircRegistration';

test("an IRC client's registration is told from a nickname", () => {
  for (const text of ['CAP LS 302\r\nNICK ada\r\n', 'CAP LS', 'CAP REQ :sasl', 'PASS hunter2', 'PASS :hunter2\r\n', 'USER ada 0 * :Ada Lovelace', 'NICK ada\r\nUSER ada 0 * :Ada\r\n', '  NICK ada\nUSER ada 8 * :Ada']) {
    assert.equal(isIrcRegistration(text), true, JSON.stringify(text));
  }
  // a netcat user may answer NICK so; and names, words, lower case
  for (const text of ['NICK ada', 'NICK ada\r\nhello everyone', 'NICK', 'PASS', 'CAP', 'cap ls 302', 'pass hunter2', 'USER', 'USER ada', 'Passepartout', 'bob', '']) {
    assert.equal(isIrcRegistration(text), false, JSON.stringify(text));
  }
});

test('the refusal is an IRC ERROR line that says how to join; after NICK, NICK is a line of its own', () => {
  assert.match(ircRefusal(), /^ERROR :This is a TCP Chat room, not an IRC server\. Join it with .*tcp-chat join HOST:PORT.*\r\n$/);
  assert.equal(ircRefusal().split('\r\n').length, 2, 'one line');
  assert.equal(ircRefusal(true), `\r\n${ircRefusal()}`);
});
