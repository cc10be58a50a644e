// The load generator's line checks (bench/lib/lines.mjs): every delivery the benchmark counts as intact has
// passed them, so they must accept what the servers really send and refuse anything else.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PAD, parseStamp, stamp, usualLine } from '../../bench/lib/lines.mjs';
import { LineClient, RawRich, startServer, until } from '../node/helpers';

const STAMP = `b 7 2 15 123456789012345 ${PAD}`;

/** usualLine() on the first line of `text` (as bytes, without its line end). */
function check(proto: string, text: string): number {
  const buf = Buffer.from(text, 'latin1');
  const nl = buf.indexOf(10);
  const end = nl === -1 ? buf.length : nl > 0 && buf[nl - 1] === 13 ? nl - 1 : nl;
  return usualLine(proto, buf, new DataView(buf.buffer, buf.byteOffset, buf.length), 0, end);
}

test('each server shape is read on the bytes: the nick number and the stamp', () => {
  const lines: [string, string][] = [
    ['rich', `{"type":"message","from":"c2","text":"${STAMP}","kind":"text","room":"general","seq":9,"time":1}\n`],
    ['irc', `:c2!~c2@localhost PRIVMSG #bench :${STAMP}\r\n`],
    ['plain', `c2: ${STAMP}\n`],
    ['seed', `c2: ${STAMP}\n`],
  ];
  for (const [proto, line] of lines) {
    stamp.fill(0);
    assert.equal(check(proto, line), 2, `${proto}: ${line}`);
    assert.deepEqual(stamp, [7, 2, 15, 123456789012345], proto);
  }
  assert.equal(check('plain', `c10: b 7 10 15 123456789012345 ${PAD}\n`), 10, 'a two-digit nick');
  assert.equal(check('plain', `c0: b 7 0 15 123456789012345 ${PAD}\n`), 0, 'c0 is a nick');
  // the nick and the stamp's sender are both returned: a line relayed under another nick is told apart
  assert.equal(check('plain', `c3: ${STAMP}\n`), 3);
  assert.equal(stamp[1], 2);
});

test('anything else is left to the general path (which counts it as corrupted or other)', () => {
  const bad: [string, string, string][] = [
    ['rich', 'one pad byte changed', `{"type":"message","from":"c2","text":"${STAMP.replace('xyz', 'xYz')}","kind":"text"}`],
    ['rich', 'the text goes on after the stamp', `{"type":"message","from":"c2","text":"${STAMP}!","kind":"text"}`],
    ['rich', 'the text is cut', `{"type":"message","from":"c2","text":"${STAMP.slice(0, -3)}`],
    ['rich', 'a letter in the nick', `{"type":"message","from":"cx2","text":"${STAMP}","kind":"text"}`],
    ['rich', 'a leading zero', `{"type":"message","from":"c02","text":"${STAMP}","kind":"text"}`],
    ['rich', 'not a message', `{"type":"join","from":"c2","text":"${STAMP}"}`],
    ['rich', 'keys in another order', `{"type":"message","text":"${STAMP}","from":"c2"}`],
    ['rich', 'a missing number', `{"type":"message","from":"c2","text":"b 7 2  123456789012345 ${PAD}"}`],
    ['irc', 'another channel', `:c2!~c2@localhost PRIVMSG #other :${STAMP}`],
    ['irc', 'no prefix', `PRIVMSG #bench :${STAMP}`],
    ['irc', 'the stamp is cut', `:c2!~c2@localhost PRIVMSG #bench :${STAMP.slice(0, -1)}`],
    ['plain', 'two lines spliced (the seed server under load)', `c2: b 106 2 18 5384368750286 abcdefghijkc3: b 106 3 2 5384368750286 ${PAD}`],
    ['plain', 'a join glued in front', `c5 joined!c2: ${STAMP}`],
    ['plain', 'a number too long', `c2: b 7 2 15 12345678901234567 ${PAD}`],
    ['plain', 'bytes after the pad', `c2: ${STAMP}x`],
    ['plain', 'no space after the colon', `c2:${STAMP}`],
  ];
  for (const [proto, what, line] of bad) assert.equal(check(proto, `${line}\n`), -1, `${proto}: ${what}`);
  // the general path's text parser agrees on the stamp itself
  assert.ok(parseStamp(STAMP, 0, STAMP.length));
  assert.ok(!parseStamp(`${STAMP}x`, 0, STAMP.length + 1));
});

test("our server's message lines, rich and plain, take the usual path", async () => {
  const { server, port } = await startServer();
  try {
    const sender = await RawRich.join(port, 'c2');
    const rich = await RawRich.connect(port);
    let raw = '';
    rich.socket.removeAllListeners('data');
    rich.socket.on('data', (d: Buffer) => (raw += d.toString('latin1')));
    rich.send({ type: 'hello', v: 1, nick: 'c4', client: 'bench' });
    await until(() => raw.includes('"type":"synced"') || undefined, 'the rich client to be in');
    const plain = await LineClient.connect(port, 'c5');
    await plain.waitFor('Connected to server!');
    sender.send({ type: 'send', id: 'x1', room: 'general', text: STAMP });
    const richLine = await until(() => raw.split('\n').find((l) => l.includes('"type":"message"')), 'the message at the rich client');
    await plain.waitFor(`c2: ${STAMP}\n`);
    const plainLine = plain.text.split('\n').find((l) => l.startsWith('c2: '));
    assert.equal(check('rich', `${richLine}\n`), 2, richLine);
    assert.equal(check('plain', `${plainLine}\n`), 2, plainLine);
    assert.equal(stamp[2], 15);
  } finally {
    await server.close();
  }
});
