import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineSplitter } from '../../src/protocol/lineSplitter';
import { decodeClientLine, decodeServerLine, encodeLine } from '../../src/protocol/codec';
import type { ClientMessage, ServerMessage } from '../../src/protocol/messages';
import { REASON_MAX } from '../../src/protocol/limits';

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);

const CLIENT: ClientMessage[] = [
  { type: 'hello', v: 1, nick: 'alice', client: 'test/1', rooms: ['general', 'dev'], resume: { general: { epoch: 'e1', seq: 4 } }, session: 's1', ownerKey: 'k' },
  { type: 'send', id: 'c1', room: 'general', text: 'hi "there"\nline 2 ünïcødé 🎉', kind: 'text' },
  { type: 'send', id: 'c2', room: 'general', text: 'const x = 1;', kind: 'code', code: { path: 'src/a.ts', language: 'typescript', startLine: 3, endLine: 4 } },
  { type: 'send', id: 'c4', room: 'general', text: 'x = 1', kind: 'code', code: { path: 'scratch.py', language: 'objective-c++', outside: true } },
  { type: 'dm', id: 'c3', to: 'bob', text: 'psst' },
  { type: 'join', room: 'dev' }, { type: 'part', id: 'p', room: 'dev' }, { type: 'nick', nick: 'al' },
  { type: 'topic', room: 'general', topic: 'release' }, { type: 'topic', room: 'general' },
  { type: 'kick', room: 'general', nick: 'bob', reason: 'spam' }, { type: 'ban', room: 'general', nick: 'bob' },
  { type: 'op', room: 'general', nick: 'bob' }, { type: 'deop', room: 'general', nick: 'bob' },
  { type: 'who', room: 'general' }, { type: 'rooms' }, { type: 'typing', room: 'general' }, { type: 'newkey', id: 'k1' },
  { type: 'ping', t: 5 }, { type: 'pong' }, { type: 'bye' }, { type: 'bye', back: true },
  { type: 'part', room: 'dev', message: 'see you' }, { type: 'bye', message: 'gone for lunch' },
];
const base = { room: 'general', seq: 7, time: 1700000000000 };
const SERVER: ServerMessage[] = [
  { type: 'welcome', v: 1, nick: 'alice', role: 'owner', session: 's', server: 'tcp-chat/0.1.0', rooms: [{ name: 'general', epoch: 'e', topic: '', members: [{ nick: 'alice', role: 'owner' }], seq: 0 }], limits: { maxLine: 65536, maxText: 16384 } },
  { type: 'message', ...base, from: 'bob', text: 'yo', kind: 'text' },
  { type: 'join', ...base, nick: 'bob', role: 'member' }, { type: 'leave', ...base, nick: 'bob', reason: 'quit' },
  { type: 'leave', ...base, nick: 'bob', reason: 'part', message: 'see you' },
  { type: 'nick', ...base, from: 'bob', to: 'rob' }, { type: 'topic', ...base, by: 'alice', topic: 't' },
  { type: 'kick', ...base, nick: 'bob', by: 'alice', reason: '', ban: true }, { type: 'role', ...base, nick: 'bob', role: 'op', by: 'alice' },
  { type: 'room', name: 'dev', epoch: 'e', topic: '', members: [], seq: 0 }, { type: 'synced', room: 'dev', seq: 0, gap: false },
  { type: 'parted', room: 'dev' }, { type: 'dm', from: 'bob', to: 'alice', text: 'x', kind: 'text', time: 1 },
  { type: 'ack', id: 'c1', seq: 3 }, { type: 'error', code: 'nick_taken', message: 'taken', suggestion: 'bob_2' },
  { type: 'info', text: 'i' }, { type: 'who', room: 'general', members: [] }, { type: 'rooms', rooms: [{ name: 'general', topic: '', members: 1 }] },
  { type: 'typing', room: 'general', nick: 'bob' }, { type: 'you', nick: 'al', role: 'op' }, { type: 'shutdown', reason: 'bye' },
  { type: 'away', room: 'general', nick: 'bob', away: true }, { type: 'key', key: 'Ab-_'.repeat(8), by: 'alice' },
  { type: 'ping', t: 1 }, { type: 'pong', t: 1 },
  // every optional field, nested ones too: a client keeps what it knows, all of it
  { type: 'message', ...base, from: 'bob', text: 'x = 1', kind: 'code', code: { path: 'a.ts', language: 'typescript', startLine: 1, endLine: 2, outside: true }, edited: 1700000000001, reactions: [{ emoji: '👍', by: ['alice', 'carol'] }] },
  { type: 'message', ...base, from: 'bob', text: '', kind: 'text', deleted: true },
  { type: 'dm', from: 'bob', to: 'alice', text: 'x', kind: 'code', code: { path: 'b.py' }, time: -1, seq: 4 },
  { type: 'edit', ...base, target: 3, from: 'bob', text: 'y' }, { type: 'edit', ...base, target: 4, from: 'bob', text: 'waves', kind: 'action' },
  { type: 'delete', ...base, target: 3, from: 'bob', by: 'alice' },
  { type: 'react', ...base, target: 3, from: 'bob', emoji: '🎉', on: false, reactions: [] },
  { type: 'join', ...base, nick: 'bob', role: 'member', back: true }, { type: 'ack', id: 'c2', duplicate: true },
  { type: 'error', code: 'rate_limited', message: 'slow down', id: 'c3' },
  { type: 'rooms', id: 'r4', rooms: [] }, { type: 'who', id: 'w5', room: 'general', members: [{ nick: 'bob', role: 'member' }] },
  { type: 'welcome', v: 1, nick: 'alice', role: 'member', session: 's', server: 'x', rooms: [{ name: 'g', epoch: 'e', topic: 't', members: [{ nick: 'bob', role: 'op', away: true }], seq: 9 }], limits: { maxLine: 1, maxText: 2, rateBurst: 3, ratePerSecond: 0.5 } },
];

test('every client message type round-trips through the codec', () => {
  for (const m of CLIENT) {
    const line = encodeLine(m);
    assert.equal(line.indexOf('\n'), line.length - 1, 'one line per message');
    const r = decodeClientLine(enc(line.slice(0, -1)), 16384);
    assert.ok(r.ok, `${m.type}: ${JSON.stringify(r)}`);
    assert.deepEqual(structuredClone(r.msg), m, 'the same fields and values (a resume record has no prototype)');
  }
});

test('every server message type round-trips through the codec', () => {
  for (const m of SERVER) {
    const r = decodeServerLine(enc(encodeLine(m).slice(0, -1)));
    assert.ok(r.ok, `${m.type}: ${JSON.stringify(r)}`);
    assert.deepEqual(r.msg, m);
  }
});

test('a stream split at every byte boundary yields the same messages', () => {
  const bytes = enc(CLIENT.map(encodeLine).join(''));
  for (let cut = 0; cut <= bytes.length; cut++) {
    const s = new LineSplitter(1024);
    const lines: string[] = [];
    assert.equal(s.push(bytes.subarray(0, cut), (l) => lines.push(dec(l))), 'ok');
    assert.equal(s.push(bytes.subarray(cut), (l) => lines.push(dec(l))), 'ok');
    assert.deepEqual(lines.map((l) => JSON.parse(l)), CLIENT);
  }
});

test('byte-by-byte and coalesced input give the same lines; CRLF is accepted', () => {
  const bytes = enc('one\r\ntwo\nthree\n');
  const s = new LineSplitter(64);
  const lines: string[] = [];
  for (const b of bytes) s.push(Uint8Array.of(b), (l) => lines.push(dec(l)));
  assert.deepEqual(lines, ['one', 'two', 'three']);
  assert.equal(s.buffered, 0);
});

test('a multi-byte character split across chunks survives', () => {
  const bytes = enc('{"type":"ping","x":"é🎉"}\n');
  const s = new LineSplitter(1024);
  const out: Uint8Array[] = [];
  s.push(bytes.subarray(0, 22), (l) => out.push(l));
  s.push(bytes.subarray(22), (l) => out.push(l));
  assert.equal(out.length, 1);
  assert.equal(dec(out[0]!), '{"type":"ping","x":"é🎉"}');
});

test('the line cap holds whether the long line arrives at once or in pieces', () => {
  const s1 = new LineSplitter(10);
  assert.equal(s1.push(enc('12345678901\n'), () => {}), 'too_long');
  const s2 = new LineSplitter(10);
  assert.equal(s2.push(enc('123456'), () => {}), 'ok');
  assert.equal(s2.push(enc('789012'), () => {}), 'too_long');
  assert.ok(s2.buffered <= 11, 'never buffers past the cap');
  const s3 = new LineSplitter(10);
  const got: string[] = [];
  assert.equal(s3.push(enc('1234567890\n'), (l) => got.push(dec(l))), 'ok');
  assert.deepEqual(got, ['1234567890'], 'exactly the cap is fine');
});

test('bad input is named precisely', () => {
  const bad = (s: string | Uint8Array) => {
    const r = decodeClientLine(typeof s === 'string' ? enc(s) : s, 100);
    assert.ok(!r.ok);
    return r;
  };
  assert.equal(bad(Uint8Array.of(0x7b, 0xff, 0xfe, 0x7d)).code, 'bad_utf8');
  assert.equal(bad('{nope').code, 'bad_json');
  assert.equal(bad('[1,2]').code, 'bad_message');
  assert.equal(bad('"str"').code, 'bad_message');
  assert.equal(bad('{"type":"launch"}').code, 'unknown_type');
  assert.equal(bad('{"type":"send","room":"general","text":"x"}').code, 'bad_message');
  const long = bad(JSON.stringify({ type: 'send', id: 'z', room: 'general', text: 'x'.repeat(101) }));
  assert.equal(long.code, 'text_too_long');
  assert.equal(long.id, 'z', 'the failing request id is echoed');
  assert.equal(bad('{"type":"send","id":"a","room":"general","text":"x","kind":"html"}').code, 'bad_message');
  assert.equal(bad('{"type":"hello","v":"1","nick":"a","client":"c"}').code, 'bad_message');
  assert.deepEqual(decodeClientLine(enc('{"type":"hello","v":1,"nick":"a"}'), 100), { ok: true, msg: { type: 'hello', v: 1, nick: 'a', client: '' } }, '"client" may be left out');
  assert.equal(bad('{"type":"hello","v":1,"nick":"a","client":7}').code, 'bad_message');
  assert.equal(bad('{"type":"bye","back":"yes"}').code, 'bad_message');
  assert.deepEqual(decodeClientLine(enc('{"type":"bye","back":false}'), 100), { ok: true, msg: { type: 'bye' } });
  assert.equal(bad('{"type":"send","id":"a","room":"g","text":"x","code":{"startLine":5,"endLine":2}}').code, 'bad_message');
  // a line number no file has (a card's Open searched up to it): refused, from a client and from a server
  for (const code of [{ startLine: Number.MAX_SAFE_INTEGER, endLine: Number.MAX_SAFE_INTEGER }, { startLine: 1, endLine: 10_000_001 }]) {
    const r = bad(JSON.stringify({ type: 'send', id: 'a', room: 'g', text: 'x', kind: 'code', code }));
    assert.match(r.ok ? '' : r.message, /"(startLine|endLine)" must be an integer from 1 to 10000000/);
    assert.equal(decodeServerLine(enc(JSON.stringify({ type: 'message', room: 'g', seq: 1, time: 1, from: 'a', text: 'x', kind: 'code', code }))).ok, false, 'nor from a server');
  }
  assert.ok(decodeClientLine(enc(JSON.stringify({ type: 'send', id: 'a', room: 'g', text: 'x', kind: 'code', code: { startLine: 10_000_000, endLine: 10_000_000 } })), 100).ok, 'the highest line a card may name');
  // a language is an id: not a line break that would print as a line from someone else, nor an escape sequence
  for (const language of ['x\nbob: sure, paste the deploy key', 'ts\u001b[2J', '', 'ts lang']) {
    const r = bad(JSON.stringify({ type: 'send', id: 'a', room: 'g', text: 'x', kind: 'code', code: { language } }));
    assert.match(r.ok ? '' : r.message, /"code.language" must be a language id/);
    assert.equal(decodeServerLine(enc(JSON.stringify({ type: 'message', room: 'g', seq: 1, time: 1, from: 'a', text: 'x', kind: 'code', code: { language } }))).ok, false, 'nor from a server');
  }
  assert.equal(bad('{"type":"send","id":"a","room":"g","text":"x","code":{"outside":1}}').code, 'bad_message');
  // an id is up to 64 printable ASCII characters: the server keeps and saves them (control characters were six
  // bytes each in its file); a refused one is not echoed back
  for (const id of ['x\u0001y', 'tab\there', 'ünï', 'z'.repeat(65), 7]) {
    const r = bad(JSON.stringify({ type: 'send', id, room: 'g', text: 'x' }));
    assert.match(r.ok ? '' : r.message, /"id" must be up to 64 printable ASCII characters/, JSON.stringify(id));
    assert.equal(r.ok ? undefined : r.id, undefined);
  }
  for (const id of ['tcp-chat/1.0:~!{}'.padEnd(64, '#'), 'with spaces']) assert.ok(decodeClientLine(enc(JSON.stringify({ type: 'send', id, room: 'g', text: 'x' })), 100).ok, id);
  assert.equal(decodeServerLine(enc('{"type":"evil"}')).ok, false);
  assert.equal(decodeServerLine(enc('{"type":"message","room":"g","from":"a","text":"t"}')).ok, false, 'room events need a seq');
  assert.equal(decodeServerLine(enc('{"type":"edit","room":"g","seq":2,"time":1,"target":1,"from":"a","text":"t","kind":"code"}')).ok, false, "an edit's kind is an action's or none");
});

test("a server message keeps only the fields a client knows, nested ones too: another's megabyte or a field nested 100,000 deep goes", () => {
  // (the deep field goes in as text: JSON.stringify of it overflows the stack, which is the point)
  const junk = { x: 'x'.repeat(1 << 20), deep: '<deep>' };
  const deep = '['.repeat(100_000) + ']'.repeat(100_000);
  for (const m of SERVER) {
    const extra = JSON.parse(JSON.stringify(m), (_key, v: unknown) => (typeof v === 'object' && v !== null && !Array.isArray(v) ? { ...v, ...junk } : v)) as object;
    const r = decodeServerLine(enc(JSON.stringify(extra).replaceAll('"<deep>"', deep)));
    assert.ok(r.ok, `${m.type}: ${JSON.stringify(r).slice(0, 200)}`);
    assert.deepEqual(r.msg, m, `${m.type}: as it was without them`);
    assert.ok(JSON.stringify(r.msg).length < 1000, 'and can be written out again (a snapshot of the panel)');
  }
  // a field another type has, of any shape, on a type that has none: gone, not a crash (the client read it
  // outside its guard: an `info` with `"reactions":1` killed the terminal client)
  for (const line of ['{"type":"info","text":"hi","reactions":1}', '{"type":"join","room":"g","seq":1,"time":1,"nick":"a","role":"member","reactions":[null]}', '{"type":"ack","id":"x","reactions":[{"by":5}]}']) {
    const r = decodeServerLine(enc(line));
    assert.ok(r.ok, line);
    assert.equal('reactions' in r.msg, false, line);
  }
  // what the client does not read, whatever it is, is no reason to refuse the message: the welcome's limits
  const odd = decodeServerLine(enc(JSON.stringify({ ...SERVER[0], limits: { maxText: '9', maxLine: 4, other: 1 }, server: 7 })));
  assert.ok(odd.ok && odd.msg.type === 'welcome');
  assert.deepEqual(odd.msg.limits, { maxLine: 4 });
  assert.equal(odd.msg.server, undefined);
});

test("parting words: a part's or a bye's message is a string, cut to REASON_MAX; a reload's bye has none; a leave's absurd one is left out, the leave kept", () => {
  const client = (m: object) => decodeClientLine(enc(JSON.stringify(m)), 100);
  // another type is refused, named
  for (const m of [{ type: 'part', room: 'dev', message: 5 }, { type: 'bye', message: ['x'] }, { type: 'bye', message: null }]) {
    const r = client(m);
    assert.ok(!r.ok, JSON.stringify(m));
    assert.equal(r.code, 'bad_message');
    assert.match(r.message, /"message" must be a string/);
  }
  // longer than a request holds: cut there, not refused (the shipped clients cut so too)
  const long = client({ type: 'part', room: 'dev', message: 'w'.repeat(REASON_MAX * 10) });
  assert.ok(long.ok && long.msg.type === 'part');
  assert.equal(long.msg.message, 'w'.repeat(REASON_MAX));
  const bye = client({ type: 'bye', message: '🎉'.repeat(REASON_MAX) });
  assert.ok(bye.ok && bye.msg.type === 'bye');
  assert.equal(bye.msg.message, '🎉'.repeat(REASON_MAX / 2), 'never half an emoji');
  // a reload (`back`) says nothing
  assert.deepEqual(client({ type: 'bye', back: true, message: 'brb' }), { ok: true, msg: { type: 'bye', back: true } });
  // a client keeps a leave's words when they are a string of a sane size; else the leave without them
  const leave = { type: 'leave', room: 'general', seq: 3, time: 1, nick: 'bob', reason: 'quit' };
  for (const message of [7, null, { x: 1 }, ['a'], 'x'.repeat(5000), '']) {
    const r = decodeServerLine(enc(JSON.stringify({ ...leave, message })));
    assert.ok(r.ok, JSON.stringify(message).slice(0, 40));
    assert.deepEqual(r.msg, leave);
  }
  const said = decodeServerLine(enc(JSON.stringify({ ...leave, message: 'gone for lunch' })));
  assert.deepEqual(said.ok && said.msg, { ...leave, message: 'gone for lunch' });
});

test('a server time a date cannot hold (1e20, Infinity, a fraction) is refused: every panel that drew it threw', () => {
  const times = [1e20, 8.64e15 + 1, -8.64e15 - 1, 1.5];
  for (const t of times) {
    assert.equal(decodeServerLine(enc(JSON.stringify({ type: 'message', ...base, time: t, from: 'a', text: 'x', kind: 'text' }))).ok, false, `message time ${t}`);
    assert.equal(decodeServerLine(enc(JSON.stringify({ type: 'message', ...base, from: 'a', text: 'x', kind: 'text', edited: t }))).ok, false, `edited ${t}`);
    assert.equal(decodeServerLine(enc(JSON.stringify({ type: 'dm', from: 'a', to: 'b', text: 'x', kind: 'text', time: t }))).ok, false, `dm time ${t}`);
  }
  assert.equal(decodeServerLine(enc('{"type":"dm","from":"a","to":"b","text":"x","kind":"text","time":1e400}')).ok, false, 'a dm at Infinity');
  assert.equal(decodeServerLine(enc('{"type":"dm","from":"a","to":"b","text":"x","kind":"text","time":1,"seq":"7"}')).ok, false, "a dm's number that is no number");
  assert.ok(decodeServerLine(enc(JSON.stringify({ type: 'join', ...base, time: 8.64e15, nick: 'a', role: 'member' }))).ok, 'the last date there is');
});

test('__proto__ keys in resume do not pollute prototypes', () => {
  const r = decodeClientLine(enc('{"type":"hello","v":1,"nick":"a","client":"c","resume":{"__proto__":{"epoch":"e","seq":1}}}'), 100);
  assert.ok(r.ok);
  assert.equal(({} as Record<string, unknown>).epoch, undefined);
  assert.deepEqual(r.ok && r.msg.type === 'hello' && Object.keys(r.msg.resume ?? {}), ['__proto__'], 'an own key');
  // a room called constructor that the hello does not resume has no resume point (it read Object's constructor)
  const other = decodeClientLine(enc('{"type":"hello","v":1,"nick":"a","client":"c","rooms":["general","constructor"],"resume":{"general":{"epoch":"e","seq":1}}}'), 100);
  assert.equal(other.ok && other.msg.type === 'hello' && other.msg.resume?.['constructor'], undefined);
});

test('a type nested 20,000 arrays deep is a named error, not a stack overflow', () => {
  const deep = '['.repeat(20_000) + ']'.repeat(20_000);
  const r = decodeClientLine(enc(`{"type":${deep}}`), 100);
  assert.ok(!r.ok);
  assert.equal(r.code, 'bad_message');
  const s = decodeServerLine(enc(`{"type":"error","code":${deep},"message":"m"}`));
  assert.ok(s.ok && s.msg.type === 'error' && s.msg.code === 'bad_message', 'a server error code that is not a known string becomes bad_message');
});

test("a server's room key (/newkey) is taken only in a room key's form: a reconnect could use no other", () => {
  for (const key of ['short', 'A'.repeat(33), `${'A'.repeat(31)}+`, `${'A'.repeat(31)}\n`, 32, null]) {
    const r = decodeServerLine(enc(JSON.stringify({ type: 'key', key, by: 'alice' })));
    assert.ok(!r.ok, JSON.stringify(key));
  }
  const ok = decodeServerLine(enc(JSON.stringify({ type: 'key', key: 'A'.repeat(32), by: 'alice', extra: 1 })));
  assert.deepEqual(ok.ok ? ok.msg : ok, { type: 'key', key: 'A'.repeat(32), by: 'alice' });
});

