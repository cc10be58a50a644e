// What the server says when it refuses a request: the code and the words name what is wrong, and quote what the
// client sent so that any client can read the line.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RawRich, startServer } from './helpers';

/** The error a hello gets (the connection then closes). */
async function helloError(port: number, nick: string) {
  const c = await RawRich.connect(port);
  c.send({ type: 'hello', v: 1, nick, client: 'test' });
  const e = await c.next('error');
  c.close();
  return e;
}

test('a nickname too long is nick_invalid, in characters, whether its letters are ASCII or outside the BMP; a huge one too', async () => {
  const { port } = await startServer();
  for (const nick of ['a'.repeat(33), '𝒶'.repeat(33), '𝒶'.repeat(20) + 'a'.repeat(13), 'a'.repeat(5000)]) {
    const e = await helloError(port, nick);
    assert.equal(e.code, 'nick_invalid', `${nick.length} units: ${e.message}`);
    assert.match(e.message, /a nickname has at most 32 characters/);
  }
  // 32 of them is a nickname (64 units)
  const ok = await RawRich.join(port, '𝒶'.repeat(32));
  assert.equal(ok.welcome().nick, '𝒶'.repeat(32));
  // and a rename asks as a hello does
  ok.send({ type: 'nick', id: 'n1', nick: '𝒷'.repeat(33) });
  const e = await ok.next('error', (m) => m.type === 'error' && m.id === 'n1');
  assert.equal(e.code, 'nick_invalid');
  assert.match(e.message, /a nickname has at most 32 characters/);
  ok.close();
});

test('an edit of message 2^53 is told the number is too large, not that it must be an integer >= 0', async () => {
  const { port } = await startServer();
  const a = await RawRich.join(port, 'alice');
  a.send({ type: 'edit', id: 'e1', room: 'general', target: 2 ** 53, text: 'x' });
  const e = await a.next('error', (m) => m.type === 'error' && m.id === 'e1');
  assert.equal(e.code, 'bad_message');
  assert.doesNotMatch(e.message, /must be an integer >= 0/);
  assert.match(e.message, /"target" is too large: at most 9007199254740991/);
  a.close();
});

test('an edit or a reaction on a message not said yet is told there is none yet, not that history let it go', async () => {
  const { port } = await startServer();
  const a = await RawRich.join(port, 'alice');
  a.send({ type: 'send', id: 's1', room: 'general', text: 'hi' });
  const ack = await a.next('ack', (m) => m.type === 'ack' && m.id === 's1');
  const next = (ack.seq ?? 0) + 1;
  a.send({ type: 'edit', id: 'e1', room: 'general', target: next, text: 'x' });
  a.send({ type: 'react', id: 'r1', room: 'general', target: next + 5, emoji: '👍' });
  const edit = await a.next('error', (m) => m.type === 'error' && m.id === 'e1');
  const react = await a.next('error', (m) => m.type === 'error' && m.id === 'r1');
  assert.equal(edit.code, 'no_such_message');
  assert.equal(edit.message, `no message #${next} in #general yet`);
  assert.equal(react.message, `no message #${next + 5} in #general yet`);
  a.close();
});

test('an error that quotes what the client sent holds no half character (a lone surrogate): U+FFFD in its place', async () => {
  const { port } = await startServer();
  const e = await helloError(port, 'ab\ud800');
  assert.equal(e.code, 'nick_invalid');
  assert.ok(e.message.includes('ab\ufffd'), e.message);
  const isWellFormed = (s: string) => (s as unknown as { isWellFormed(): boolean }).isWellFormed();
  assert.ok(isWellFormed(e.message), 'no lone surrogate');
  const a = await RawRich.join(port, 'alice');
  // a quote cut at 40 units in the middle of a pair (cut before it, with …), and lone halves in a room's name, a
  // nickname asked for (U+FFFD)
  a.send({ type: 'nick', id: 'n1', nick: 'a'.repeat(39) + '𝒶' });
  a.send({ type: 'join', id: 'j1', room: 'x\udc00y' });
  a.send({ type: 'dm', id: 'd1', to: '\ud800bob', text: 'hi' });
  for (const id of ['n1', 'j1', 'd1']) {
    const m = await a.next('error', (x) => x.type === 'error' && x.id === id);
    assert.ok(isWellFormed(m.message), `${id}: ${JSON.stringify(m.message)}`);
    assert.match(m.message, id === 'n1' ? /"a{39}…"/ : /\ufffd/, id);
  }
  a.close();
});
