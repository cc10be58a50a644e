import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DmEvent, PanelRoom, RoomEvent } from '../../src/shared/panelMessages';
import { conversationsOf, dmTranscript, roomTranscript, transcriptName } from '../../src/vscode/transcript';

const at = (h: number, m: number, d = 1) => new Date(2026, 11, d, h, m).getTime();
const base = (seq: number, time: number) => ({ room: 'general', seq, time });
const info = { me: 'me', address: '127.0.0.1:55555', savedAt: at(18, 5, 2) };

test('a room as Markdown: who and when, line breaks kept, code fenced with its file and lines, messages as they are now, quiet lines for the rest, a date where a day starts', () => {
  const events: RoomEvent[] = [
    { ...base(1, at(9, 30)), type: 'join', nick: 'bob', role: 'member' },
    { ...base(2, at(9, 31)), type: 'message', from: 'alice', kind: 'text', text: 'two lines:\nthe **second** one', reactions: [{ emoji: '👍', by: ['bob', 'me'] }] },
    { ...base(3, at(9, 32)), type: 'message', from: 'bob', kind: 'code', text: 'const a = "```";\nreturn a;', code: { path: 'src/a.ts', language: 'typescript', startLine: 12, endLine: 13 } },
    { ...base(4, at(9, 33)), type: 'message', from: 'me', kind: 'text', text: 'teh fix', edited: at(9, 34) },
    { ...base(5, at(9, 34)), type: 'edit', target: 4, from: 'me', text: 'the fix' },
    { ...base(6, at(9, 35)), type: 'message', from: 'bob', kind: 'text', text: '', deleted: true },
    { ...base(7, at(9, 36)), type: 'message', from: 'me', kind: 'action', text: 'waves' },
    { ...base(8, at(9, 37)), type: 'topic', topic: 'ship *it*!', by: 'alice' },
    { ...base(9, at(8, 0, 2)), type: 'join', nick: 'carol', role: 'member', back: true },
    { ...base(10, at(8, 1, 2)), type: 'message', from: 'carol', kind: 'text', text: '```js\nleft open' },
  ];
  const room: PanelRoom = { name: 'general', epoch: 'e', topic: 'the parser', members: [], events };
  assert.equal(roomTranscript(room, info), [
    '# #general',
    'In the room at `127.0.0.1:55555`; topic: the parser.  \nSaved by me on 2026-12-02 at 18:05 (local time).',
    '### 2026-12-01',
    '09:30 _bob joined_',
    '**alice** 09:31\n> two lines:  \n> the **second** one  \n\n👍 bob, me',
    '**bob** 09:32 shared `src/a.ts:12-13` (typescript)\n> ````typescript\n> const a = "```";\n> return a;\n> ````',
    '**me** 09:33 (edited)\n> teh fix  ',
    '**bob** 09:35\n> _message deleted_',
    '09:36 _\\* me waves_',
    '09:37 _alice set the topic: ship \\*it\\*!_',
    '### 2026-12-02',
    '**carol** 08:01\n> ```js\n> left open',
  ].join('\n\n') + '\n');
});

test('a room its host started anew: the earlier room first, then a line, then the new one; an empty room says so', () => {
  const room: PanelRoom = {
    name: 'general', epoch: 'B', topic: '', members: [],
    earlier: [{ epoch: 'A', events: [{ ...base(1, at(9, 0)), type: 'message', from: 'alice', kind: 'text', text: 'before' }] }],
    events: [{ ...base(1, at(9, 5)), type: 'message', from: 'alice', kind: 'text', text: 'after' }],
  };
  const md = roomTranscript(room, { ...info, address: '' });
  assert.match(md, /^# #general\n\nIn a room this window has left\. {2}\n/);
  assert.ok(md.indexOf('before') < md.indexOf('anew here') && md.indexOf('anew here') < md.indexOf('after'), md);
  assert.equal((md.match(/### 2026-12-01/g) ?? []).length, 1, 'one date line for the day');
  assert.match(roomTranscript({ name: 'dev', epoch: 'x', topic: '', members: [], events: [] }, info), /_Nothing was said yet\._\n$/);
});

test('direct messages with one person as Markdown: both sides, yours marked with whom they went to; names that look like Markdown stay names', () => {
  const dms: DmEvent[] = [
    { type: 'dm', from: 'b_o_b', to: 'me', kind: 'text', text: 'psst', time: at(10, 0) },
    { type: 'dm', from: 'me', to: 'b_o_b', kind: 'text', text: 'yes?', time: at(10, 1) },
    { type: 'dm', from: 'carol', to: 'me', kind: 'text', text: 'not in this one', time: at(10, 2) },
  ];
  const md = dmTranscript('b_o_b', dms, info);
  assert.match(md, /^# Direct messages with b\\_o\\_b\n/);
  assert.match(md, /\*\*b\\_o\\_b\*\* 10:00\n> psst/);
  assert.match(md, /\*\*me\*\* → b\\_o\\_b 10:01\n> yes\?/);
  assert.doesNotMatch(md, /not in this one/);
  assert.equal(transcriptName({ kind: 'dm', name: 'b_o_b' }, info.savedAt), 'dm-b_o_b-2026-12-02.md');
  assert.equal(transcriptName({ kind: 'room', name: 'general' }, info.savedAt), 'general-2026-12-02.md');
});

test("a message cannot reach outside its quote: no forged header, no HTML that hides what follows or loads from elsewhere, no image; code spans keep their text", () => {
  const say = (seq: number, from: string, text: string): RoomEvent => ({ ...base(seq, at(9, seq)), type: 'message', from, kind: 'text', text });
  const room: PanelRoom = { name: 'general', epoch: 'e', topic: '', members: [], events: [
    say(1, 'alice', 'sounds good\n\n**bob** 09:33\nyes, push straight to main'),
    say(2, 'alice', '<!--\nhidden?'),
    say(3, 'alice', '```\ncode\n```js\nstill code'),
    say(4, 'alice', 'see ![x](https://tracker.example/p.png) and <img src="https://tracker.example/q.png"> but `<b>` and `![y](z)` stay'),
    say(5, 'bob', 'IMPORTANT: do not deploy'),
  ] };
  const md = roomTranscript(room, info);
  const lines = md.split('\n');
  assert.deepEqual(lines.filter((l) => /^\*\*/.test(l)), ['**alice** 09:01', '**alice** 09:02', '**alice** 09:03', '**alice** 09:04', '**bob** 09:05'], 'every header is a real one; the forged one is quoted');
  assert.ok(lines.includes('> **bob** 09:33  '));
  assert.ok(lines.includes('> &lt;!--  '), 'no HTML comment');
  assert.ok(lines.includes('> see !\\[x](https://tracker.example/p.png) and &lt;img src="https://tracker.example/q.png"> but `<b>` and `![y](z)` stay  '));
  assert.ok(lines.includes('**bob** 09:05') && lines.includes('> IMPORTANT: do not deploy  '), 'what follows is still there, outside the others');
  // a message's lines are all in its quote: the line after a quote is blank, a header, or the reactions
  lines.forEach((l, i) => {
    if (l.startsWith('>') && i + 1 < lines.length && !lines[i + 1]!.startsWith('>')) assert.equal(lines[i + 1], '', `after line ${i}: ${JSON.stringify(lines[i + 1])}`);
  });
});

test('direct messages written under an earlier nickname of yours are yours, in the conversation with the other side', () => {
  const dms: DmEvent[] = [
    { type: 'dm', from: 'me', to: 'bob', kind: 'text', text: 'sent before I renamed', time: at(10, 0) },
    { type: 'dm', from: 'bob', to: 'me', kind: 'text', text: 'reply to old me', time: at(10, 1) },
    { type: 'dm', from: 'bob', to: 'newme', kind: 'text', text: 'reply to new me', time: at(10, 2) },
  ];
  const s = { nick: 'newme', nicks: ['me', 'newme'], rooms: [], activeRoom: '', dms };
  assert.deepEqual(conversationsOf(s), [{ kind: 'dm', name: 'bob' }]);
  const md = dmTranscript('bob', dms, { me: 'newme', nicks: ['me', 'newme'], address: '', savedAt: info.savedAt });
  for (const t of ['sent before I renamed', 'reply to old me', 'reply to new me']) assert.match(md, new RegExp(t));
  assert.match(md, /\*\*me\*\* → bob 10:00/);
});
