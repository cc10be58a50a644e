import assert from 'node:assert/strict';
import { test } from 'node:test';
import MarkdownIt from 'markdown-it';
import type { PanelDm, PanelRoom, RoomEvent } from '../../src/shared/panelMessages';
import { conversationsOf, dmTranscript, roomTranscript, transcriptName } from '../../src/vscode/transcript';
import { mulberry32, testSeed } from '../node/helpers';

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
    '09:37 _alice set the topic: ship &#42;it&#42;!_',
    '### 2026-12-02',
    '**carol** 08:01\n> ```js\n> left open',
  ].join('\n\n') + '\n');
});

test('a room its host started anew: the earlier room first, then a line, then the new one; an empty room says so', () => {
  const room: PanelRoom = {
    name: 'general', epoch: 'B', topic: '', members: [],
    earlier: [{ epoch: 'A', events: [{ ...base(1, at(9, 0)), type: 'message', from: 'alice', kind: 'text', text: 'before' }] }],
    events: [{ ...base(1, at(9, 5)), type: 'join', nick: 'alice', role: 'owner' }, { ...base(2, at(9, 6)), type: 'message', from: 'alice', kind: 'text', text: 'after' }],
  };
  const md = roomTranscript(room, { ...info, address: '' });
  assert.match(md, /^# #general\n\nIn a room this window has left\. {2}\n/);
  assert.ok(md.indexOf('before') < md.indexOf('anew here') && md.indexOf('anew here') < md.indexOf('after'), md);
  assert.match(md, /\n09:05 _The host started &#35;general anew here: the messages above are from before\._\n\n09:05 _alice joined as the owner_\n/, 'when, and who hosts it, as the panel says');
  assert.equal((md.match(/### 2026-12-01/g) ?? []).length, 1, 'one date line for the day');
  assert.match(roomTranscript({ name: 'dev', epoch: 'x', topic: '', members: [], events: [] }, info), /_Nothing was said yet\._\n$/);
});

test("a room whose oldest events the window let go says how many, where they were: a transcript that starts late would pass for the whole room", () => {
  const events: RoomEvent[] = [{ ...base(41, at(9, 5)), type: 'message', from: 'alice', kind: 'text', text: 'kept' }];
  const md = (dropped?: number) => roomTranscript({ name: 'general', epoch: 'e', topic: '', members: [], events, ...(dropped ? { dropped } : {}) }, info);
  assert.ok(md(1_040).includes('\n\n_1,040 earlier events (messages, joins and the like) are not here: the window keeps the newest of a room._\n\n### 2026-12-01\n\n**alice** 09:05\n> kept'), md(1_040));
  assert.match(md(1), /\n_1 earlier event \(a message, a join or the like\) is not here/);
  assert.doesNotMatch(md(), /not here/, 'nothing let go, nothing said');
});

test('direct messages with one person as Markdown: both sides, yours marked with whom they went to; names that look like Markdown stay names', () => {
  const dms: PanelDm[] = [
    { type: 'dm', from: 'b_o_b', to: 'me', kind: 'text', text: 'psst', time: at(10, 0), with: 'b_o_b' },
    { type: 'dm', from: 'me', to: 'b_o_b', kind: 'text', text: 'yes?', time: at(10, 1), with: 'b_o_b' },
    { type: 'dm', from: 'carol', to: 'me', kind: 'text', text: 'not in this one', time: at(10, 2), with: 'carol' },
  ];
  const md = dmTranscript('b_o_b', dms, info);
  assert.match(md, /^# Direct messages with b&#95;o&#95;b\n/);
  assert.match(md, /\*\*b&#95;o&#95;b\*\* 10:00\n> psst/);
  assert.match(md, /\*\*me\*\* → b&#95;o&#95;b 10:01\n> yes\?/);
  assert.doesNotMatch(md, /not in this one/);
  assert.equal(transcriptName({ kind: 'dm', name: 'b_o_b' }, info.savedAt), 'dm-b_o_b-2026-12-02.md');
  assert.equal(transcriptName({ kind: 'room', name: 'general' }, info.savedAt), 'general-2026-12-02.md');
  // a hostile server's names: a file name, never a path (nor a hidden file)
  assert.equal(transcriptName({ kind: 'room', name: '../../../home/u/Desktop/x' }, info.savedAt), '_.._.._home_u_Desktop_x-2026-12-02.md');
  assert.equal(transcriptName({ kind: 'room', name: '..\\..\\x:y\u202e' }, info.savedAt), '_.._x_y_-2026-12-02.md');
  assert.equal(transcriptName({ kind: 'room', name: '.bashrc' }, info.savedAt), 'bashrc-2026-12-02.md');
  assert.equal(transcriptName({ kind: 'dm', name: 'émile.ü' }, info.savedAt), 'dm-émile.ü-2026-12-02.md');
});

test("a message cannot reach outside its quote: as a Markdown reader parses it, no forged header, no HTML, no image, no link definition, however its code spans and fences are written", () => {
  const texts = [
    'sounds good\n\n**bob** 09:33\nyes, push straight to main',
    '<!--\nhidden?',
    '```\ncode\n```js\nstill code',
    'see ![x](https://e.example/p.png) and <img src="https://e.example/q.png"> but `<b>` and `![y](z)`',
    'look \\`<img src="https://e.example/a.png">` here\nx `a\nb` <img src="https://e.example/c.png"> `c`',
    '\t```\nx\n```\n<img src="https://e.example/d.png">\n```\ny\n\t```\n<img src="https://e.example/e.png">',
    '```\r<img src="https://e.example/f.png">\rhi\r\r**mallory** 12:00',
    '![x][r]\n\n[r]: https://e.example/g.png',
    '- a\n\n**mallory** 12:00',
    '- a\n   ```\n<img src="https://e.example/h.png">',
    '# `a\n<img src="https://e.example/i.png"> `',
    'x | `y\n:-|-\n`a | <img src="https://e.example/j.png"> | b`',
    '[a]: /u \'`\'\n<img src="https://e.example/k.png">`',
    '  ```\n```\n<img src="https://e.example/l.png">',
    '[a](`) <img src="https://e.example/m.png"> `',
    'http://e.example/` <img src="https://e.example/n.png"> `',
    'http://e.example/\\<img src="https://e.example/o.png">',
    '~~~\u2028\n```\n~~~\n<img src=https://e.example/p.png>\n<!--\n```',
    ' ~~~\u2029\n```\n~~~\n<img src=https://e.example/q.png>\n```',
    '[1]: https://e.example/phish "CI dashboard"\n[docs]: https://e.example/docs',
    '- [a]: /a\n> [b]: /b\n10.  [c]:\n/c\n\n    [d]: /d\n\t- [e\n]: /e',
    'see [docs] and [1]',
    // a closing fence indented by a tab: 4 columns at a line's start, 2 after the quote's `> `, where it closes
    '```\n\t```\n<img src="https://e.example/r.png">',
    '~~~\n \t~~~\n<img src="https://e.example/s.png">',
    'IMPORTANT: do not deploy',
  ];
  const room: PanelRoom = { name: 'general', epoch: 'e', topic: '', members: [], events: texts.map((text, i) => ({ ...base(i + 1, at(9, i + 1)), type: 'message', from: i === texts.length - 1 ? 'bob' : 'eve', kind: 'text', text })) };
  // shared code from a hostile server: a lone CR in it, a line break in its language
  room.events.splice(1, 0, { ...base(20, at(9, 1)), type: 'message', from: 'eve', kind: 'code', text: 'x\r<img src="https://e.example/z.png">\r\r**mallory** 12:00', code: { language: 'js\n<img src=x>' } });
  const env: Parameters<InstanceType<typeof MarkdownIt>['parse']>[1] = {};
  const tokens = new MarkdownIt({ html: true, linkify: true }).parse(roomTranscript(room, info), env);
  // the headers: paragraphs outside any quote that start with a name in bold
  const headers = tokens.flatMap((t, i) => (t.type === 'inline' && tokens[i - 1]?.type === 'paragraph_open' && tokens[i - 1]!.level === 0 && t.content.startsWith('**') ? [t.content] : []));
  const expected = texts.map((_, i) => `**${i === texts.length - 1 ? 'bob' : 'eve'}** 09:${String(i + 1).padStart(2, '0')}`);
  expected.splice(1, 0, '**eve** 09:01');
  assert.deepEqual(headers.map((h) => h.replace(/ shared .*/, '')), expected);
  const all = tokens.flatMap((t) => [t, ...(t.children ?? [])]);
  assert.deepEqual(all.filter((t) => t.type === 'html_block' || t.type === 'html_inline' || t.type === 'image').map((t) => t.content), [], 'no HTML, no image');
  assert.ok(tokens.some((t) => t.type === 'inline' && t.content === 'IMPORTANT: do not deploy'), 'what follows is still there');
  assert.deepEqual(Object.keys(env.references ?? {}), [], 'no link definition (it would be the whole document\'s)');
});

test('direct messages written under an earlier nickname of yours are yours, in the conversation with the other side', () => {
  const dms: PanelDm[] = [
    { type: 'dm', from: 'me', to: 'bob', kind: 'text', text: 'sent before I renamed', time: at(10, 0), with: 'bob' },
    { type: 'dm', from: 'bob', to: 'me', kind: 'text', text: 'reply to old me', time: at(10, 1), with: 'bob' },
    { type: 'dm', from: 'bob', to: 'newme', kind: 'text', text: 'reply to new me', time: at(10, 2), with: 'bob' },
  ];
  const s = { nick: 'newme', nicks: ['me', 'newme'], rooms: [], activeRoom: '', dms };
  assert.deepEqual(conversationsOf(s), [{ kind: 'dm', name: 'bob' }]);
  const md = dmTranscript('bob', dms, { me: 'newme', nicks: ['me', 'newme'], address: '', savedAt: info.savedAt });
  for (const t of ['sent before I renamed', 'reply to old me', 'reply to new me']) assert.match(md, new RegExp(t));
  assert.match(md, /\*\*me\*\* → bob 10:00/);
  // someone took the nickname you had before and writes to you: theirs, not yours
  const taken: PanelDm[] = [...dms, { type: 'dm', from: 'me', to: 'newme', kind: 'text', text: 'I am the new "me"', time: at(10, 3), with: 'me' }];
  assert.deepEqual(conversationsOf({ ...s, dms: taken }), [{ kind: 'dm', name: 'me' }, { kind: 'dm', name: 'bob' }]);
  assert.match(dmTranscript('me', taken, { me: 'newme', nicks: ['me', 'newme'], address: '', savedAt: info.savedAt }), /\*\*me\*\* 10:03\n> I am the new "me"/);
});

test('a direct conversation with someone who renamed is saved under their nickname now, each message under the name it was written by', () => {
  const dms: PanelDm[] = [
    { type: 'dm', from: 'bob', to: 'me', kind: 'text', text: 'psst', time: at(10, 0), with: 'robert' },
    { type: 'dm', from: 'me', to: 'bob', kind: 'text', text: 'yes?', time: at(10, 1), with: 'robert' },
    { type: 'dm', from: 'robert', to: 'me', kind: 'text', text: 'new name', time: at(10, 2), with: 'robert' },
  ];
  assert.deepEqual(conversationsOf({ rooms: [], activeRoom: '', dms }), [{ kind: 'dm', name: 'robert' }]);
  const md = dmTranscript('robert', dms, info);
  assert.match(md, /^# Direct messages with robert\n/);
  assert.match(md, /\*\*bob\*\* 10:00\n> psst[^]*\*\*me\*\* → bob 10:01\n> yes\?[^]*\*\*robert\*\* 10:02\n> new name/);
});

test("a direct conversation saved after you took your partner's old nickname: each message under the name it was written by, theirs and yours as they were", () => {
  // you were alice; bob (robert now) wrote to you; at 10:05 you took "bob"
  const dms: PanelDm[] = [
    { type: 'dm', from: 'bob', to: 'alice', kind: 'text', text: 'psst', time: at(10, 0), with: 'robert' },
    { type: 'dm', from: 'alice', to: 'bob', kind: 'text', text: 'yes?', time: at(10, 1), with: 'robert' },
  ];
  const md = dmTranscript('robert', dms, { me: 'bob', nicks: ['alice', 'bob'], nickSince: [['bob', at(10, 5)]], address: '', savedAt: info.savedAt });
  assert.match(md, /\*\*bob\*\* 10:00\n> psst[^]*\*\*alice\*\* → bob 10:01\n> yes\?/);
});

/** A Markdown reader as VS Code's preview has it: HTML on, URLs made links (`www.` ones too: linkify-it 5's default), math. */
function preview(): InstanceType<typeof MarkdownIt> {
  const md = new MarkdownIt({ html: true, linkify: true }).use(math);
  md.linkify.set({ fuzzyLink: true });
  return md;
}

/** Parses a transcript as a Markdown preview would (HTML on): its tokens, nested ones included. */
function previewTokens(md: string, env = {}): ReturnType<InstanceType<typeof MarkdownIt>['parse']> {
  return preview().parse(md, env).flatMap((t) => [t, ...(t.children ?? [])]);
}

/** Math as VS Code's preview finds it (@vscode/markdown-it-katex, after escapes), looser: any `$` up to the next. */
function math(md: InstanceType<typeof MarkdownIt>): void {
  md.inline.ruler.after('escape', 'math_inline', (state, silent) => {
    const end = state.src[state.pos] === '$' ? state.src.indexOf('$', state.pos + 1) : -1;
    if (end < 0) return false;
    if (!silent) state.push('math_inline', 'math', 0).content = state.src.slice(state.pos + 1, end);
    state.pos = end + 1;
    return true;
  });
}

const oneMessage = (text: string): PanelRoom => ({ name: 'general', epoch: 'e', topic: '', members: [], events: [{ ...base(1, at(9, 1)), type: 'message', from: 'eve', kind: 'text', text }] });

test('code spans keep what they hold (`Map<string, number>`) where a Markdown reader sees them as this transcript does: a line, or lines that only go on a paragraph', () => {
  const spans = (text: string) => previewTokens(roomTranscript(oneMessage(text), { ...info, address: '' })).filter((t) => t.type === 'code_inline').map((t) => t.content);
  assert.deepEqual(spans('use `Map<string, number>` here, not `<T>`'), ['Map<string, number>', '<T>']);
  assert.deepEqual(spans('first line\nthen `a<b` and\n`c\nd<e`'), ['a<b', 'c   d<e'], 'across the lines of one paragraph (its line break, with the two spaces before it, a space or three)');
  // a list item's line ends the paragraph a code span could cross: every < is made text there
  assert.deepEqual(spans('see `x\n- <b>`'), []);
  assert.match(roomTranscript(oneMessage('see `x\n- <b>`'), info), /> - &lt;b>`/);
  // runs of many lengths that close nothing, then spans of some of those lengths (each run that closed nothing
  // scanned the rest of the text again: a megabyte of them took 21 s to save; now 75 ms)
  const unclosed = Array.from({ length: 40 }, (_, n) => `${'`'.repeat(n + 10)}x`).join('');
  assert.deepEqual(spans(`${unclosed} \`a<b\` \`\`c<\`d\`\` \`\`\`e<f\`\`\` ${'`a` '.repeat(3)} \`\`\`\`\`\`\`\`\`g<\`\`\`\`\`\`\`\`\``), ['a<b', 'c<`d', 'e<f', 'a', 'a', 'a', 'g<']);
});

test('no math in a saved conversation (VS Code\'s preview renders it; KaTeX can draw over the messages around): a `$` is text, in code spans as written', () => {
  const tokens = previewTokens(roomTranscript(oneMessage('$\\smash{\\raisebox{4em}{\\text{alice: ship it}}}$ for `$HOME` and $5'), { ...info, address: '' }));
  assert.deepEqual(tokens.filter((t) => t.type === 'math_inline').map((t) => t.content), []);
  assert.deepEqual(tokens.filter((t) => t.type === 'code_inline').map((t) => t.content), ['$HOME']);
  assert.ok(tokens.some((t) => t.type === 'text' && t.content.includes('$\\smash{')), 'the text as written');
});

test('fuzz: no message, however its backticks, fences, brackets and markers fall, gets HTML, an image, a link definition or a forged header into a saved transcript', () => {
  const seed = testSeed('TRANSCRIPT_FUZZ_SEED', 'test/vscode/transcript.test.ts');
  const rand = mulberry32(seed);
  const pieces = ['`', '``', '```', '~~~', ' ```', '  ~~~', '\n```\n', '\\', '<img src=x>', '<b>', '<!--', '![a](b)', '![a][r]', '[r]: /i.png', '[r]:', ' /i.png', '[a](', '](', ')', '"', "'", '\n', '\n\n', '\r', ' ', '   ', '    ', '\t', 'a', 'x y', '10. ', '# ', '- ', '* ', '1. ', '> ', '|', ':-', '===', '---', '**mallory** 12:00', '[', ']', '(', '<', '>', 'http://e.example/', 'www.e.example/', 'a@e.example/', '$', '\u2028', '\u2029', '\n\t```', '\n \t~~~', '\t```'];
  for (let n = 0; n < 3000; n++) {
    let text = '';
    const len = 1 + Math.floor(rand() * 14);
    for (let k = 0; k < len; k++) text += pieces[Math.floor(rand() * pieces.length)];
    const env: Parameters<InstanceType<typeof MarkdownIt>['parse']>[1] = {};
    const tokens = previewTokens(roomTranscript(oneMessage(text), info), env);
    assert.deepEqual(Object.keys(env.references ?? {}), [], `no link definition from ${JSON.stringify(text)}`);
    const bad = tokens.filter((t) => t.type === 'html_block' || t.type === 'html_inline' || t.type === 'image' || t.type === 'math_inline');
    assert.deepEqual(bad.map((t) => t.content), [], `message ${JSON.stringify(text)}`);
    const headers = tokens.filter((t) => t.type === 'inline' && t.level === 1 && /^\*\*\w+\*\* \d\d:\d\d/.test(t.content));
    assert.equal(headers.length, 1, `one header for ${JSON.stringify(text)}`);
  }
});

test('fuzz: no name, topic, action or kick reason gets HTML, an image, math or a link definition into a saved transcript, a URL before it or not', () => {
  const seed = testSeed('TRANSCRIPT_NAMES_FUZZ_SEED', 'test/vscode/transcript.test.ts');
  const rand = mulberry32(seed);
  const pieces = ['https://x.example/', 'www.x.example/', 'a@x.example', '\\', '<img src=https://e.example/p.png>', '<', '>', '<!--', '![a](b)', '[', ']', ']:', '(', ')', '`', '*', '_', '~', '#', '|', '$', '&', '&lt;', ' ', '\n', 'a', '- ', '1. '];
  const some = () => {
    let s = '';
    for (let k = 1 + Math.floor(rand() * 8); k > 0; k--) s += pieces[Math.floor(rand() * pieces.length)];
    return s;
  };
  for (let n = 0; n < 1000; n++) {
    const events: RoomEvent[] = [
      { ...base(1, at(9, 1)), type: 'message', from: some(), kind: 'action', text: some() },
      { ...base(2, at(9, 2)), type: 'topic', topic: some(), by: some() },
      { ...base(3, at(9, 3)), type: 'kick', nick: some(), by: some(), ban: false, reason: some() },
      { ...base(4, at(9, 4)), type: 'message', from: some(), kind: 'text', text: 'hi', reactions: [{ emoji: some(), by: [some()] }] },
    ];
    const room: PanelRoom = { name: some(), epoch: 'e', topic: some(), members: [], events };
    const dms: PanelDm[] = [
      { type: 'dm', from: 'me', to: some(), kind: 'action', text: some(), time: at(9, 5), with: 'x' },
      { type: 'dm', from: some(), to: 'me', kind: 'text', text: 'hi', time: at(9, 6), with: 'x' },
    ];
    for (const md of [roomTranscript(room, { ...info, me: some() }), dmTranscript('x', dms, info)]) {
      const env: Parameters<InstanceType<typeof MarkdownIt>['parse']>[1] = {};
      const tokens = previewTokens(md, env);
      const bad = tokens.filter((t) => t.type === 'html_block' || t.type === 'html_inline' || t.type === 'image' || t.type === 'math_inline');
      assert.deepEqual(bad.map((t) => t.content), [], md);
      assert.deepEqual(Object.keys(env.references ?? {}), [], md);
    }
  }
});

test('names and topics read as written in the preview, however much Markdown or HTML they look like', () => {
  const topic = 'a<b> *c* _d_ [e](f) `g` #h |i| ~~j~~ $k$ &lt; \\ &amp';
  const room: PanelRoom = { name: 'general', epoch: 'e', topic, members: [], events: [{ ...base(1, at(9, 1)), type: 'topic', topic, by: 'o_p' }] };
  const lines = previewTokens(roomTranscript(room, info)).filter((t) => t.type === 'inline').map((t) => t.children!.map((c) => (c.type === 'softbreak' || c.type === 'hardbreak' ? '\n' : c.content)).join(''));
  assert.ok(lines.includes(`In the room at 127.0.0.1:55555; topic: ${topic}.\nSaved by me on 2026-12-02 at 18:05 (local time).`), lines.join('\n'));
  assert.ok(lines.includes(`09:01 o_p set the topic: ${topic}`), lines.join('\n'));
});

test('a web or e-mail address in a topic or an action reads and leads in the preview where it was written, and lets nothing in (an autolink, escaped text around it)', () => {
  // what each is in the preview's HTML: its links as written, the rest as text (no <img>, emphasis, code, math)
  const cases: [string, string][] = [
    ['see https://github.com/a/b/issues/12#comment', 'see <a href="https://github.com/a/b/issues/12#comment">https://github.com/a/b/issues/12#comment</a>'],
    ['reads https://en.wikipedia.org/wiki/Foo_(bar).', 'reads <a href="https://en.wikipedia.org/wiki/Foo_(bar)">https://en.wikipedia.org/wiki/Foo_(bar)</a>.'],
    ['(see https://x.example/a_b), then https://x.example/c?!', '(see <a href="https://x.example/a_b">https://x.example/a_b</a>), then <a href="https://x.example/c">https://x.example/c</a>?!'],
    ['https://a.example/*a_b and https://b.example/c*_d ~~e~~', '<a href="https://a.example/*a_b">https://a.example/*a_b</a> and <a href="https://b.example/c*_d">https://b.example/c*_d</a> ~~e~~'],
    ['https://x.example/a<img src=x onerror=alert(1)>', '<a href="https://x.example/a">https://x.example/a</a>&lt;img src=x onerror=alert(1)&gt;'],
    ['https://x.example/a\\<img src=x> https://x.example/"onmouseover="alert(1)', '<a href="https://x.example/a%5C">https://x.example/a\\</a>&lt;img src=x&gt; <a href="https://x.example/%22onmouseover=%22alert(1)">https://x.example/&quot;onmouseover=&quot;alert(1)</a>'],
    ['[docs](https://x.example/a_b) https://x.example/c](javascript:alert(1))', '[docs](<a href="https://x.example/a_b">https://x.example/a_b</a>) <a href="https://x.example/c%5D(javascript:alert(1))">https://x.example/c](javascript:alert(1))</a>'],
    ['https://x.example/`a` `b` https://x.example/$c$ $d$', '<a href="https://x.example/%60a%60">https://x.example/`a`</a> `b` <a href="https://x.example/$c$">https://x.example/$c$</a> $d$'],
    ['javascript:alert(1) www.example.com/a_b', 'javascript:alert(1) <a href="http://www.example.com/a_b">http://www.example.com/a_b</a>'],
    ['mail a_b@example.com or mailto:c_d@example.com, not a*b@example.com', 'mail <a href="mailto:a_b@example.com">a_b@example.com</a> or <a href="mailto:c_d@example.com">mailto:c_d@example.com</a>, not a*b@example.com'],
  ];
  for (const [text, html] of cases) {
    const room: PanelRoom = {
      name: 'general', epoch: 'e', topic: text, members: [],
      events: [{ ...base(1, at(9, 1)), type: 'topic', topic: text, by: 'alice' }, { ...base(2, at(9, 2)), type: 'message', from: 'eve', kind: 'action', text }],
    };
    const md = roomTranscript(room, info);
    const out = preview().render(md);
    assert.ok(out.includes(`<p>In the room at <code>127.0.0.1:55555</code>; topic: ${html}.<br>`), `${md}\n${out}`);
    assert.ok(out.includes(`<p>09:01 <em>alice set the topic: ${html}</em></p>`), `${md}\n${out}`);
    assert.ok(out.includes(`<p>09:02 <em>* eve ${html}</em></p>`), `${md}\n${out}`);
  }
});

test('fuzz: a topic or an action of addresses and Markdown reads as written in the preview, its links as written, nothing else made of it', () => {
  const seed = testSeed('TRANSCRIPT_LINKS_FUZZ_SEED', 'test/vscode/transcript.test.ts');
  const rand = mulberry32(seed);
  const pieces = ['https://x.example/', 'http://', 'www.', 'example.com', 'a_b@example.com', 'mailto:', '@', 'a', '_', '*', '**', '~~', '`', '$', '\\', '<', '>', '<img src=x>', '[', ']', '](', '(', ')', '{', '}', '"', "'", '.', ',', '?', '!', ':', '::', ':12', '/', '#', '&', '&lt;', '&#35;', '|', ' ', '-'];
  for (let n = 0; n < 2000; n++) {
    let text = '';
    for (let k = 1 + Math.floor(rand() * 10); k > 0; k--) text += pieces[Math.floor(rand() * pieces.length)];
    text = text.trim().replace(/ +/g, ' ');
    if (text === '') continue;
    const room: PanelRoom = { name: 'general', epoch: 'e', topic: '', members: [], events: [{ ...base(1, at(9, 1)), type: 'topic', topic: text, by: 'alice' }, { ...base(2, at(9, 2)), type: 'message', from: 'eve', kind: 'action', text }] };
    const md = roomTranscript(room, { ...info, address: '' });
    const lines = preview().parse(md, {}).filter((t) => t.type === 'inline' && /^09:0[12] /.test(t.content));
    assert.equal(lines.length, 2, md);
    for (const line of lines) {
      const children = line.children!;
      // the line is an emphasis of text and links, nothing else: no code, math, HTML, image, emphasis or strike of its own
      const inner = children.slice(2, -1);
      assert.deepEqual([children[1]?.type, children.at(-1)?.type], ['em_open', 'em_close'], md);
      assert.deepEqual(inner.filter((t) => !['text', 'link_open', 'link_close'].includes(t.type)).map((t) => t.type), [], md);
      const shown = children.map((t) => t.content).join('');
      // (a www. address shows the http:// it leads to)
      const expected = `09:0${line === lines[0] ? '1 alice set the topic: ' : '2 * eve '}${text}`;
      assert.equal(shown.replaceAll('http://www.', 'www.'), expected.replaceAll('http://www.', 'www.'), md);
      // each autolink leads where it reads (a bare `example.com` the preview makes a link of itself: it reads as written)
      for (const [i, t] of inner.entries()) {
        if (t.type !== 'link_open' || t.markup !== 'autolink') continue;
        const link = inner[i + 1]!.content;
        const lead = /^(?:(?:https?|ftp):\/\/|mailto:)/i.test(link) ? '' : link.includes('@') ? 'mailto:' : 'http://';
        assert.equal(decodeURI(String(t.attrGet('href'))), lead + link, md);
      }
    }
  }
});

test('an address whose port the preview would move or drop, or whose host it would drop, is a link up to there and text after it, and any address in that text a link too', () => {
  const long = `${'a.'.repeat(140)}com`;
  const cases: [string, string][] = [
    // (the preview's URL parser takes `example.com*,.:` for the host and `:` for an empty port, which it drops)
    ['http://a_b@example.com*,.::`', '<a href="http://a_b@example.com">http://a_b@example.com</a>*,.::`'],
    // (and a port after what no host has it writes right after the host: `http://example.com:12*`)
    ['see http://example.com*:12 or www.example.com*:12, not http://example.com:12*', 'see <a href="http://example.com">http://example.com</a>*:12 or <a href="http://www.example.com">http://www.example.com</a>*:12, not <a href="http://example.com:12">http://example.com:12</a>*'],
    ['http://[::1]:8080/a http://[::1]*:8', '<a href="http://[::1]:8080/a">http://[::1]:8080/a</a> <a href="http://[::1]">http://[::1]</a>*:8'],
    // (cut before its last port, it still ends in one the preview moves: `…!a:12` read `…:12!a`; cut again)
    ['http://a_b@example.com!a:12:12~~', '<a href="http://a_b@example.com!a">http://a_b@example.com!a</a>:12:12~~'],
    // (a host of over 255 characters it drops: `http:///x`)
    [`http://${long}/x`, `<a href="http://${long.slice(0, 255)}">http://${long.slice(0, 255)}</a>${long.slice(255)}/x`],
    // (what is cut off may hold an address of its own, which the preview links over the emphasis's end if left as text)
    ['awww.http://www.::\\https://x.example/', 'awww.<a href="http://www">http://www</a>.::\\<a href="https://x.example/">https://x.example/</a>'],
  ];
  for (const [text, html] of cases) {
    const room: PanelRoom = { name: 'general', epoch: 'e', topic: '', members: [], events: [{ ...base(1, at(9, 1)), type: 'topic', topic: text, by: 'alice' }] };
    const out = preview().render(roomTranscript(room, info));
    assert.ok(out.includes(`<p>09:01 <em>alice set the topic: ${html}</em></p>`), out);
  }
});

test("a task list keeps its boxes in a saved transcript (no definition can start there), and a box's look-alike definition is still escaped", () => {
  const at0 = Date.UTC(2026, 10, 25, 9, 1);
  const ev = (seq: number, text: string): RoomEvent => ({ type: 'message', room: 'general', seq, time: at0 + seq * 60_000, from: 'eve', kind: 'text', text });
  const room: PanelRoom = { name: 'general', epoch: 'e', topic: '', members: [], events: [ev(1, '- [ ] write the test\n- [x] fix the bug\n[x]: https://e.example/')] };
  const md = roomTranscript(room, { me: 'me', address: '', savedAt: at0 });
  assert.match(md, /^> - \[ \] write the test {2}$/m);
  assert.match(md, /^> - \[x\] fix the bug {2}$/m);
  assert.match(md, /^> \\\[x\]: /m);
});

test('a shell command with one `$` in a list keeps its code span as written in a saved transcript (no math can open with one)', () => {
  const at0 = Date.UTC(2026, 10, 25, 9, 1);
  const ev = (seq: number, text: string): RoomEvent => ({ type: 'message', room: 'general', seq, time: at0 + seq * 60_000, from: 'eve', kind: 'text', text });
  const room: PanelRoom = { name: 'general', epoch: 'e', topic: '', members: [], events: [ev(1, '- run `echo $HOME`\n- then `ls`'), ev(2, 'costs $5 and $6')] };
  const md = roomTranscript(room, { me: 'me', address: '', savedAt: at0 });
  assert.match(md, /^> - run `echo \$HOME` {2}$/m);
  assert.match(md, /^> costs \\\$5 and \\\$6 {2}$/m, 'two: escaped');
});

test("a URL in a message links to itself in the preview, not to the escapes after it (`…/a&lt;img`, `…/\\$b`); in a code span it stays as written", () => {
  const links = (text: string) => previewTokens(roomTranscript(oneMessage(text), { ...info, address: '' })).filter((t) => t.type === 'link_open').map((t) => t.attrGet('href'));
  assert.deepEqual(links('see https://x.example/a<img src=x> now'), ['https://x.example/a']);
  assert.deepEqual(links('pay at https://x.example/$a$b today'), ['https://x.example/$a$b']);
  assert.deepEqual(links('a \\https://x.example/a<b>'), ['https://x.example/a'], 'a backslash before it is itself');
  assert.deepEqual(links('plain https://x.example/a?b=1&c=2, ok'), ['https://x.example/a?b=1&c=2']);
  for (const p of ['.', '?', ',', ':', '*', ')', '.)']) assert.deepEqual(links(`see https://x.example/a${p}<img src=x>`), ['https://x.example/a'], `punctuation ${p} before the <`);
  const md = roomTranscript(oneMessage('see https://x.example/a<img src=x> now'), info);
  assert.match(md, /> see <https:\/\/x\.example\/a>&lt;img src=x> now/);
  assert.deepEqual(previewTokens(md).filter((t) => t.type === 'html_inline' || t.type === 'image'), [], 'no HTML');
  assert.match(roomTranscript(oneMessage('run `curl https://x.example/a` now'), info), /> run `curl https:\/\/x\.example\/a` now/, 'a code span keeps its URL as written (no `<>`)');
  assert.doesNotMatch(roomTranscript(oneMessage('`start\nhttps://x.example/a<b\nend`'), info), /<https:/, 'nor one that crosses lines');
});

test('indented code in a message reads as written (its `<` read `&lt;`, its `$` `\\$`); in a list it goes on the item, made inert', () => {
  const code = (md: string) => preview().parse(md, {}).filter((t) => t.type === 'code_block').map((t) => t.content);
  assert.deepEqual(code(roomTranscript(oneMessage('fix:\n\n    if (a < b && c > d) {\n    \treturn $x + $y;\n    }\n\nafter'), info)), ['if (a < b && c > d) {\n\treturn $x + $y;\n}\n']);
  const listed = roomTranscript(oneMessage('- item\n\n    <img src=x onerror=alert(1)> more'), info);
  assert.deepEqual(code(listed), []);
  assert.deepEqual(previewTokens(listed).filter((t) => t.type === 'html_inline' || t.type === 'html_block'), []);
});

test("fenced code keeps its tabs (a pasted Makefile's recipes ran no more); an action keeps its reactions, and whom you sent it to", () => {
  const fences = preview().parse(roomTranscript(oneMessage('```make\nall:\n\tgcc -o x x.c\n```'), info), {}).filter((t) => t.type === 'fence');
  assert.deepEqual(fences.map((t) => t.content), ['all:\n\tgcc -o x x.c\n']);
  const room: PanelRoom = { name: 'general', epoch: 'e', topic: '', members: [], events: [{ ...base(1, at(9, 1)), type: 'message', from: 'eve', kind: 'action', text: 'waves', reactions: [{ emoji: '👍', by: ['bob'] }] }] };
  assert.match(roomTranscript(room, info), /09:01 _\\\* eve waves_\n\n👍 bob/);
  const dms: PanelDm[] = [{ type: 'dm', from: 'me', to: 'bob', kind: 'action', text: 'waves at you', time: at(10, 1), with: 'bob' }];
  assert.match(dmTranscript('bob', dms, info), /10:01 _\\\* me waves at you_ → bob/);
});

test('a nickname or room name that reads as an address (evil.com, www.evil.com) is no link in the preview, wherever it stands; a topic\'s address still is', () => {
  const room: PanelRoom = {
    name: 'www.evil.com', epoch: 'e', topic: '', members: [],
    earlier: [{ epoch: 'd', events: [{ ...base(1, at(8, 0)), type: 'message', from: 'evil.com', kind: 'text', text: 'before' }] }],
    events: [
      { ...base(1, at(9, 0)), type: 'join', nick: 'evil.com', role: 'member' },
      { ...base(2, at(9, 1)), type: 'message', from: 'evil.com', kind: 'text', text: 'hi', reactions: [{ emoji: '👍', by: ['www.evil.com'] }] },
      { ...base(3, at(9, 2)), type: 'message', from: 'www.evil.com', kind: 'action', text: 'waves' },
      { ...base(4, at(9, 3)), type: 'nick', from: 'evil.com', to: 'x.io' },
      { ...base(5, at(9, 4)), type: 'topic', by: 'x.io', topic: 'docs at https://docs.example.com/a' },
      { ...base(6, at(9, 5)), type: 'kick', nick: 'www.evil.com', by: 'x.io', reason: 'see www.example.com', ban: false },
      { ...base(7, at(9, 6)), type: 'role', nick: 'x.io', by: 'evil.com', role: 'op' },
      { ...base(8, at(9, 7)), type: 'leave', nick: 'x.io', reason: 'quit' },
    ],
  };
  const md = roomTranscript(room, { ...info, me: 'evil.com' });
  const links = previewTokens(md).filter((t) => t.type === 'link_open').map((t) => t.attrGet('href'));
  assert.deepEqual(links, ['https://docs.example.com/a', 'http://www.example.com'], md);
  const text = preview().render(md).replace(/<[^>]*>/g, '');
  for (const line of ['www.evil.com', 'evil.com joined', 'evil.com 09:01', '👍 www.evil.com', '* www.evil.com waves', 'evil.com is now known as x.io', 'x.io set the topic', 'www.evil.com was kicked by x.io', 'evil.com made x.io an operator', 'x.io left', 'Saved by evil.com', 'The host started #www.evil.com anew']) {
    assert.ok(text.includes(line), `${line} in\n${text}`);
  }
  const dms = dmTranscript('x.io', [{ type: 'dm', from: 'evil.com', to: 'x.io', kind: 'text', text: 'psst', time: at(10, 0), with: 'x.io' }], { ...info, me: 'evil.com' });
  assert.deepEqual(previewTokens(dms).filter((t) => t.type === 'link_open').map((t) => t.attrGet('href')), [], dms);
});

test('a leave with parting words reads `carol left (gone for lunch)` in the transcript, its words as text; without them `carol left`', () => {
  const events: RoomEvent[] = [
    { ...base(1, at(9, 30)), type: 'leave', nick: 'carol', reason: 'quit', message: 'gone for *lunch* <b>now</b>' },
    { ...base(2, at(9, 31)), type: 'leave', nick: 'dave', reason: 'part' },
    { ...base(3, at(9, 32)), type: 'leave', nick: 'eve', reason: 'part', message: 'she left! too' },
  ];
  const lines = roomTranscript({ name: 'general', epoch: 'e', topic: '', members: [], events }, info).split('\n\n').slice(3);
  assert.deepEqual(lines.map((l) => l.trim()), [
    '09:30 _carol left (gone for &#42;lunch&#42; &#60;b&#62;now&#60;/b&#62;)_',
    '09:31 _dave left_',
    '09:32 _eve left (she left! too)_',
  ]);
  // (the words are text in the Markdown: no emphasis, no HTML)
  const html = new MarkdownIt({ html: true }).render(lines[0]!);
  assert.doesNotMatch(html, /<b>|<em>lunch/);
});
