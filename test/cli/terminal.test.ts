// How the terminal names days between messages (it shows only their time), and how it shows edits and deletes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { statusGist } from '../../src/cli/chatTerminal';
import { DayHeadings, deletedByNamesNow, renderForTerminal, ReplayedChanges } from '../../src/cli/terminal';
import type { ServerMessage } from '../../src/protocol/messages';
import { HIGHLIGHT_MAX, HighlightBudget } from '../../src/protocol/highlightBudget';
import { wrapText } from '../../src/cli/terminalWrap';

/** Without the dim colour the heading is printed in. */
const plain = (s: string | null) => (s === null ? null : s.replaceAll('\u001b[90m', '').replaceAll('\u001b[0m', ''));

test('a heading before the first message of each day; none between messages of one day', () => {
  const now = new Date(2026, 11, 1, 15, 0).getTime(); // Tuesday 1 December 2026, local time
  const at = (month: number, d: number, h: number) => new Date(2026, month, d, h, 0).getTime(); // month 10: November
  const days = new DayHeadings();
  const longDate = new Intl.DateTimeFormat(undefined, { weekday: 'long', day: 'numeric', month: 'long' }).format(at(10, 27, 9));
  assert.equal(plain(days.before(at(10, 27, 9), now)), `-- ${longDate} --`, 'a replayed history starts with its day');
  assert.equal(days.before(at(10, 27, 18), now), null);
  assert.equal(plain(days.before(at(10, 30, 23), now)), '-- Yesterday --');
  assert.equal(plain(days.before(at(11, 1, 8), now)), '-- Today --');
  assert.equal(days.before(at(11, 1, 14), now), null);
  const lastYear = new Date(2025, 11, 24, 9, 0).getTime();
  assert.match(plain(new DayHeadings().before(lastYear, now)) ?? '', /2025/, 'with the year when not this one');
});

test('a session that starts today prints no heading until the day changes', () => {
  const now = new Date(2026, 11, 1, 23, 59).getTime();
  const days = new DayHeadings();
  assert.equal(days.before(new Date(2026, 11, 1, 23, 58).getTime(), now), null);
  assert.equal(plain(days.before(new Date(2026, 11, 2, 0, 1).getTime(), new Date(2026, 11, 2, 0, 1).getTime())), '-- Today --');
});

test('an edited message, a deleted one in a replayed history, and the edit and delete events read as text', () => {
  const base = { room: 'general', time: Date.UTC(2026, 11, 1, 9, 0) };
  assert.equal(renderForTerminal({ ...base, type: 'message', seq: 3, from: 'alice', text: '', kind: 'text', deleted: true }, 'me', false), 'alice: (message deleted)');
  assert.equal(renderForTerminal({ ...base, type: 'edit', seq: 4, target: 2, from: 'alice', text: 'the fix\nis in' }, 'me', false), 'alice (edited): the fix\nalice (edited): is in');
  assert.equal(renderForTerminal({ ...base, type: 'delete', seq: 5, target: 3, from: 'alice', by: 'alice' }, 'me', false), 'alice deleted a message');
  assert.equal(renderForTerminal({ ...base, room: 'dev', type: 'delete', seq: 6, target: 1, from: 'bob', by: 'alice' }, 'me', false), '[#dev] alice deleted a message by bob');
});

test('a delete names the author of its message by the name they go by now, and so a delete of their own', () => {
  const base = { room: 'general', time: Date.UTC(2026, 11, 1, 9, 0), type: 'delete' as const, seq: 9, target: 3 };
  // (cat wrote it, then became kat: the room names it as it was sent)
  const said = (from: string, by: string, now: string) => renderForTerminal(deletedByNamesNow({ ...base, from, by }, now), 'me', false);
  assert.equal(said('cat', 'cat', 'kat'), 'kat deleted a message', 'their own');
  assert.equal(said('cat', 'boss', 'kat'), 'boss deleted a message by kat', "an op's");
  assert.equal(said('cat', 'boss', 'cat'), 'boss deleted a message by cat', 'no rename');
});

test("a room's lines but the current one's (the prompt's) say which room: #general's too when the prompt is in #dev", () => {
  const t = Date.UTC(2026, 11, 1, 9, 0);
  const left: ServerMessage = { type: 'leave', room: 'general', seq: 7, time: t, nick: 'bob', reason: 'part' };
  const said: ServerMessage = { type: 'message', room: 'dev', seq: 2, time: t, from: 'ann', text: 'in dev', kind: 'text' };
  assert.equal(renderForTerminal(left, 'me', false, undefined, 'dev'), '[#general] bob left!', 'the prompt is in #dev');
  assert.equal(renderForTerminal(said, 'me', false, undefined, 'dev'), 'ann: in dev');
  assert.equal(renderForTerminal(left, 'me', false), 'bob left!', "#general's, as a plain client's, when no room is said");
  assert.equal(renderForTerminal(said, 'me', false), '[#dev] ann: in dev');
});

test("a replay shows a message as it is now, without its edits and deletes again; a resumed screen's older message gets them", () => {
  const r = new ReplayedChanges();
  const room = (seq: number) => ({ room: 'general', seq, time: 0 });
  const welcome: ServerMessage = { type: 'welcome', v: 1, nick: 'me', role: 'member', session: 's', server: 't', limits: { maxLine: 65536, maxText: 16384 },
    rooms: [{ name: 'general', epoch: 'e', topic: '', members: [], seq: 9 }] };
  assert.equal(r.shows(welcome), true);
  assert.equal(r.shows({ type: 'message', ...room(5), from: 'alice', text: 'fixed', kind: 'text', edited: 1 }), true);
  assert.equal(r.shows({ type: 'edit', ...room(6), target: 5, from: 'alice', text: 'fixed' }), false, 'already shown edited');
  assert.equal(r.shows({ type: 'edit', ...room(7), target: 2, from: 'alice', text: 'earlier, fixed' }), true, 'a message printed before the replay');
  assert.equal(r.shows({ type: 'delete', ...room(8), target: 5, from: 'alice', by: 'alice' }), false);
  assert.equal(r.shows({ type: 'synced', room: 'general', seq: 9, gap: false }), true);
  assert.equal(r.shows({ type: 'delete', ...room(10), target: 5, from: 'alice', by: 'alice' }), true, 'live, after the replay: news');
});

test('retries waiting for a room read the same but for their delay and last failure: one line says it', () => {
  assert.equal(statusGist('the host closed the room; waiting for it to come back; reconnecting in 0.2 s...'), 'the host closed the room; waiting for it to come back');
  assert.equal(statusGist('the host closed the room; waiting for it to come back (nobody is listening on 127.0.0.1:4000); reconnecting in 2.5 s...'), 'the host closed the room; waiting for it to come back');
  assert.equal(statusGist('connection lost (read ECONNRESET); reconnecting in 1.0 s...'), 'connection lost');
  assert.equal(statusGist('you were kicked by boss (spam)'), 'you were kicked by boss (spam)', 'a reason that is not a retry stays');
});

test('on a terminal an edit and a delete say when their message was sent (with the date when it was another day); the edited text is left as written', () => {
  const now = Date.now();
  const today = new Date(now);
  today.setHours(9, 5, 0, 0);
  const earlier = new Date(2026, 0, 2, 14, 2).getTime();
  const base = { room: 'general', time: now };
  const edit = plain(renderForTerminal({ ...base, type: 'edit', seq: 4, target: 2, from: 'bob', text: 'fixed: bob (edited): was wrong' }, 'me', true, today.getTime())) ?? '';
  assert.match(edit, /bob \(edited, sent at 09:05\): fixed: bob \(edited\): was wrong$/);
  // an edited /me too (its line has no colon: the time was left out)
  const action = plain(renderForTerminal({ ...base, type: 'edit', seq: 6, target: 2, from: 'bob', text: 'waves hello', kind: 'action' }, 'me', true, today.getTime())) ?? '';
  assert.match(action, /\* bob \(edited, sent at 09:05\) waves hello$/);
  const del = plain(renderForTerminal({ ...base, type: 'delete', seq: 5, target: 3, from: 'bob', by: 'bob' }, 'me', true, earlier)) ?? '';
  assert.match(del, /-- bob deleted a message sent on 2026-01-02 at 14:02$/);
});

test('on a terminal a message that mentions you is bold: by a word of its own in what was written, in any script', () => {
  const bold = (from: string, text: string, me: string) =>
    (renderForTerminal({ type: 'message', room: 'general', seq: 1, time: Date.now(), from, text, kind: 'text' }, me, true) ?? '').includes('\u001b[1m');
  assert.equal(bold('alice', 'hi José, look', 'José'), true);
  assert.equal(bold('alice', 'thanks [bob]', '[bob]'), true);
  assert.equal(bold('alice', 'ask bob', 'bob'), true);
  // the line's own "bob-2: " prefix is none of bob's business
  assert.equal(bold('bob-2', 'a new build is up', 'bob'), false);
  assert.equal(bold('alice', 'bob-2 has it', 'bob'), false);
  assert.equal(bold('bob', 'I am bob', 'bob'), false, 'your own message');
  assert.equal(bold('alice', 'run `bob.start()` first', 'bob'), false, 'a nickname in code is code');
});

test('a message that mentions you is bold to its end, not to the name of who wrote it (the name\'s colour ends without a reset)', () => {
  const line = renderForTerminal({ type: 'message', room: 'general', seq: 1, time: Date.now(), from: 'eve', text: 'alice: can you review my PR?', kind: 'text' }, 'alice', true) ?? '';
  const bold = line.slice(line.indexOf('\u001b[1m'));
  // eslint-disable-next-line no-control-regex -- the escape sequences are what it reads
  const resets = [...bold.matchAll(/\u001b\[(?:0|22)?m/g)].map((m) => m.index);
  assert.deepEqual(resets, [bold.length - 4], `one reset, after the text: ${JSON.stringify(bold)}`);
  assert.ok(bold.indexOf('can you review my PR?') > 0);
});

test("on a terminal a diff card's lines are coloured as git colours them: the hunk's @@ line cyan, removed lines red, added green; its header and the card's line not; not in a file", () => {
  const text = ['diff --git a/a.ts b/a.ts', '--- a/a.ts', '+++ b/a.ts', '@@ -1,3 +1,3 @@ fn', ' one', '--- two', '+2', ' three'].join('\n');
  const msg: ServerMessage = { type: 'message', room: 'general', seq: 1, time: Date.now(), from: 'kat', text, kind: 'code', code: { path: 'a.ts', startLine: 1, endLine: 3, language: 'diff' } };
  // eslint-disable-next-line no-control-regex -- the escape sequences are what it reads
  const hues = (m: ServerMessage) => (renderForTerminal(m, 'me', true) ?? '').split('\n').map((l) => /kat\u001b\[39m: (?:\u001b\[(\d+)m)?/.exec(l)?.[1] ?? '');
  assert.deepEqual(hues(msg), ['', '', '', '', '36', '', '31', '32', '']);
  assert.equal(renderForTerminal(msg, 'me', false), `kat: [code a.ts:1-3 (diff)]\n${text.split('\n').map((l) => `kat: ${l}`).join('\n')}`);
  // another language's card: not as a diff (its lines in the language's own colours: see below)
  assert.deepEqual(hues({ ...msg, code: { path: 'a.ts', language: 'typescript' } }), hues({ ...msg, code: { path: 'a.ts' } }));
  // every language that is a diff (highlight.js's diff: patch, Diff), as git colours it too, not in highlight.js's colours
  for (const language of ['patch', 'Diff', 'PATCH']) assert.deepEqual(hues({ ...msg, code: { path: 'a.patch', language } }), ['', '', '', '', '36', '', '31', '32', ''], language);
  // and a text's ```diff or ```patch block
  for (const fence of ['diff', 'patch']) assert.deepEqual(hues({ ...msg, kind: 'text', text: `\`\`\`${fence}\n@@ -1 +1 @@\n-a\n+b\n\`\`\`` }), ['', '36', '31', '32', ''], fence);
});

/* eslint-disable no-control-regex -- a code card's colours: the escape sequences are what these tests read */
const withoutEscapes = (s: string) => s.replace(/\u001b\[[0-9;]*m/g, '');
/** `msg` as a terminal prints it to `me` (on a terminal: `tty`), with all the time highlighting may take. */
const render = (msg: ServerMessage, tty: boolean) => renderForTerminal(msg, 'me', tty, undefined, undefined, new HighlightBudget(Infinity));

test("on a terminal a code card's code is in syntax colours, as `bat` shows it: keywords, strings, numbers, comments, types; the same text, character for character; not in a file", () => {
  const text = 'import { x } from "./y";\n/** A count. */\nexport function count(a: number): string {\n  return `n=${a + 1}`; // <b> & \'q\'\n}';
  const msg: ServerMessage = { type: 'message', room: 'general', seq: 1, time: Date.now(), from: 'kat', text, kind: 'code', code: { path: 'a.ts', startLine: 1, endLine: 5, language: 'typescript' } };
  const shown = render(msg, true) ?? '';
  const plain = render(msg, false) ?? '';
  assert.equal(plain, `kat: [code a.ts:1-5 (typescript)]\n${text.split('\n').map((l) => `kat: ${l}`).join('\n')}`, 'in a file: as it was');
  const lines = shown.split('\n');
  // (each line after its time and the name's colour: the code as the terminal prints it)
  const code = lines.slice(1).map((l) => l.slice(l.indexOf('kat\u001b[39m: ') + 'kat\u001b[39m: '.length));
  assert.equal(code[0], '\u001b[35mimport\u001b[39m { x } \u001b[35mfrom\u001b[39m \u001b[32m"./y"\u001b[39m;');
  assert.equal(code[1], '\u001b[90m/** A count. */\u001b[39m', 'a comment grey');
  assert.match(code[2] ?? '', /\u001b\[33mnumber\u001b\[39m\): \u001b\[33mstring\u001b\[39m/, 'types yellow');
  assert.match(code[3] ?? '', /\u001b\[36m1\u001b\[39m/, 'a number cyan');
  assert.match(code[3] ?? '', /\u001b\[90m\/\/ <b> & 'q'\u001b\[39m$/, 'a comment as written');
  assert.equal(code[4], '}', 'plain text: no colour');
  // the card's line is not code; each line of it ends in the default colour (a comment's grey stops at its end)
  assert.doesNotMatch(lines[0] ?? '', /\[code a\.ts:1-5 \(typescript\)\]\u001b/);
  for (const l of code) assert.doesNotMatch(l, /\u001b\[(?!39m)\d+m[^\u001b]*$/, JSON.stringify(l));
  assert.equal(withoutEscapes(shown).replace(/^\d\d:\d\d /gm, ''), plain, 'without its escapes, the text printed in a file');
});

test("a code card's colours: none for a language not bundled or none, nor for code longer than the panel highlights (HIGHLIGHT_MAX); a block comment grey on each of its lines", () => {
  const msg = (text: string, language?: string): ServerMessage => ({ type: 'message', room: 'general', seq: 1, time: Date.now(), from: 'kat', text, kind: 'code', code: { path: 'a', ...(language ? { language } : {}) } });
  // (the code's lines: what follows the name's colour)
  const coloured = (m: ServerMessage) => (render(m, true) ?? '').split('\n').slice(1).some((l) => /kat\u001b\[39m: .*\u001b/.test(l));
  const ts = 'const a = 1;';
  assert.equal(coloured(msg(ts, 'typescript')), true);
  assert.equal(coloured(msg(ts, 'tsx')), true, "VS Code's language ids as the panel knows them");
  assert.equal(coloured(msg(ts, 'cobol')), false, 'a language not bundled');
  assert.equal(coloured(msg(ts)), false, 'none');
  assert.equal(coloured(msg(ts, 'constructor')), false);
  const long = `${ts}\n// ${'x'.repeat(HIGHLIGHT_MAX)}`;
  assert.equal(coloured(msg(long, 'typescript')), false, 'an over-long card prints plain');
  assert.equal(withoutEscapes(render(msg(long, 'typescript'), true) ?? '').replace(/^\d\d:\d\d /gm, ''), render(msg(long, 'typescript'), false));
  const lines = (render(msg('/* one\ntwo */ x', 'c'), true) ?? '').split('\n');
  assert.match(lines[1] ?? '', /kat\u001b\[39m: \u001b\[90m\/\* one\u001b\[39m$/);
  assert.match(lines[2] ?? '', /kat\u001b\[39m: \u001b\[90mtwo \*\/\u001b\[39m x$/);
});

test("a code card's own escape sequences are taken out before its colours go in: only the terminal's colours reach the screen", () => {
  const text = 'const a = 1; // \u001b[2J\u001b[31mred\u009b2J\nlet b = "\u001b]0;title\u0007";';
  const msg: ServerMessage = { type: 'message', room: 'general', seq: 1, time: Date.now(), from: 'kat', text, kind: 'code', code: { path: 'a.ts', language: 'typescript' } };
  const shown = render(msg, true) ?? '';
  assert.match(shown, /\u001b\[36m1\u001b\[39m/, 'coloured');
  assert.ok(shown.includes('// [2J[31mred2J'), JSON.stringify(shown));
  // every escape is one of the terminal's colours, none the code's
  assert.deepEqual(shown.match(/\u001b(?!\[(?:0|39|90|3[1-6])m)/g), null, JSON.stringify(shown));
  assert.doesNotMatch(withoutEscapes(shown), /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
  assert.equal(withoutEscapes(shown).replace(/^\d\d:\d\d /gm, ''), render(msg, false));
});

test("a code card's coloured line wraps where its plain line does: its colours take no cells", () => {
  const text = `const message = "${'word '.repeat(30)}" + 42; // ${'and more '.repeat(10)}`;
  const msg: ServerMessage = { type: 'message', room: 'general', seq: 1, time: Date.now(), from: 'kat', text, kind: 'code', code: { path: 'a.ts', language: 'typescript' } };
  const shown = render(msg, true) ?? '';
  assert.match(shown, /\u001b\[32m/);
  const wrapped = wrapText(shown, 80);
  assert.equal(withoutEscapes(wrapped), wrapText(withoutEscapes(shown), 80));
  assert.ok(withoutEscapes(wrapped).split('\n').length > 3);
});

test("a message's fenced code block (```ts) is in the same syntax colours on a terminal: its code, not the fences nor the text around it; not in a file", () => {
  const text = 'look @kat:\n```ts\nconst a: number = 1; // hi\n```\nand `b` ok\n~~~\nno language\n~~~';
  const msg: ServerMessage = { type: 'message', room: 'general', seq: 1, time: Date.now(), from: 'bob', text, kind: 'text' };
  const shown = render(msg, true) ?? '';
  const lines = shown.split('\n');
  assert.match(lines[2] ?? '', /bob\u001b\[39m: \u001b\[35mconst\u001b\[39m .*\u001b\[36m1\u001b\[39m; \u001b\[90m\/\/ hi\u001b\[39m/);
  for (const n of [0, 1, 3, 5, 6, 7]) assert.doesNotMatch(lines[n]!.slice(lines[n]!.indexOf('bob\u001b[39m: ') + 13), /\u001b\[(?!0m)/, `${n}: ${JSON.stringify(lines[n])}`);
  // (the text around it is Markdown as any message's: its code span in the code's colour, its backticks grey)
  assert.match(lines[4] ?? '', /bob\u001b\[39m: and \u001b\[90m`\u001b\[36mb\u001b\[90m`\u001b\[39m ok/);
  assert.equal(withoutEscapes(shown).replace(/^\d\d:\d\d /gm, ''), render(msg, false), 'without its escapes, the text printed in a file');
  assert.doesNotMatch(render(msg, false) ?? '', /\u001b\[3/, 'in a file: none');
  // a fence in a quote or a list item: its code coloured as well, after the markers as they print in a file
  const nested: ServerMessage = { ...msg, text: 'see:\n> ```ts\n> const a = 1;\n> ```\n- and\n  ```py\n  x = 1\n  ```' };
  const inside = (render(nested, true) ?? '').split('\n');
  // (the quote's `>` grey, as the panel draws its bar)
  assert.match(inside[2] ?? '', /bob\u001b\[39m: \u001b\[90m>\u001b\[39m \u001b\[35mconst\u001b\[39m a = \u001b\[36m1\u001b\[39m;$/);
  for (const n of [1, 3]) assert.match(inside[n] ?? '', /bob\u001b\[39m: \u001b\[90m>\u001b\[39m ```(ts)?$/);
  assert.match(inside[6] ?? '', /bob\u001b\[39m: {3}x = \u001b\[36m1\u001b\[39m$/);
  for (const n of [0, 4, 5, 7]) assert.doesNotMatch(inside[n]!.slice(inside[n]!.indexOf('bob\u001b[39m: ') + 'bob\u001b[39m: '.length), /\u001b\[(?!0m)/, `${n}: ${JSON.stringify(inside[n])}`);
  assert.equal(withoutEscapes(inside.join('\n')).replace(/^\d\d:\d\d /gm, ''), render(nested, false));
});

test("a message's Markdown is styled on a terminal only, in a text and an action: a code card's code and an edit's line as they were", () => {
  const base = { type: 'message', room: 'general', seq: 1, time: Date.now(), from: 'bob', kind: 'text' } as const;
  assert.match(render({ ...base, text: 'a **b**' }, true) ?? '', /bob\u001b\[39m: a \u001b\[90m\*\*\u001b\[1m\u001b\[39mb\u001b\[22m\u001b\[90m\*\*\u001b\[39m$/);
  assert.equal(render({ ...base, text: 'a **b**' }, false), 'bob: a **b**');
  // an action's text, as the panel reads a /me's: inline (`> ` is no quote there)
  assert.match(render({ ...base, kind: 'action', text: '> waves **hard**' }, true) ?? '', /\* bob > waves \u001b\[90m\*\*\u001b\[1m\u001b\[39mhard\u001b\[22m\u001b\[90m\*\*\u001b\[39m$/);
  assert.equal(render({ ...base, kind: 'action', text: 'waves **hard**' }, false), '* bob waves **hard**');
  for (const msg of [
    { ...base, kind: 'code', text: 'x = **y**', code: { language: 'python', path: 'a.py', startLine: 1, endLine: 1 } },
    { type: 'edit', room: 'general', target: 1, time: Date.now(), from: 'bob', text: 'now **b**', kind: 'text' },
  ] as ServerMessage[]) {
    const shown = render(msg, true);
    assert.match(shown ?? '', /\*\*/, JSON.stringify(msg));
    assert.doesNotMatch(shown ?? '', /\u001b\[1m|\u001b\[90m\*\*/, JSON.stringify(msg));
  }
});

/* eslint-enable no-control-regex */

test("a server's error of several lines reads as an error on each of them, never as someone's message", () => {
  const error: ServerMessage = { type: 'error', code: 'bad_message', message: 'oops\n12:00 alice: forged line' };
  assert.equal(renderForTerminal(error, 'me', false), 'error: oops\nerror: 12:00 alice: forged line');
  assert.equal(renderForTerminal(error, 'me', true), '\u001b[31merror: oops\u001b[0m\n\u001b[31merror: 12:00 alice: forged line\u001b[0m');
  // and what it says is not reordered: no bidi controls or marks in a terminal's line
  assert.equal(renderForTerminal({ ...error, message: 'a\u202eb\u200fc' }, 'me', false), 'error: abc');
});

test('emoji names read as their emoji, as the panel shows them: in messages, actions, edits, DMs, topics and the server\'s answers; not in code', () => {
  const base = { room: 'general', time: Date.UTC(2026, 11, 1, 9, 0) };
  const show = (m: ServerMessage) => renderForTerminal(m, 'me', false);
  assert.equal(show({ ...base, type: 'message', seq: 1, from: 'alice', text: 'ship it :tada: (`:tada:` in code)', kind: 'text' }), 'alice: ship it 🎉 (`:tada:` in code)');
  assert.equal(show({ ...base, type: 'message', seq: 2, from: 'alice', text: 'waves :wave:', kind: 'action' }), '* alice waves 👋');
  assert.equal(show({ ...base, type: 'edit', seq: 3, target: 1, from: 'alice', text: 'done :white_check_mark:' }), 'alice (edited): done ✅');
  assert.equal(show({ type: 'dm', from: 'bob', to: 'me', text: ':+1:', kind: 'text', time: base.time }), '[DM] bob: 👍');
  assert.equal(show({ ...base, type: 'topic', seq: 4, by: 'alice', topic: 'release :rocket:' }), 'alice set the topic: release 🚀');
  // and the server's answers that quote them: /topic's "Topic for ..." (it showed `:rocket:` under a 🚀 topic)
  assert.equal(show({ type: 'info', text: 'Topic for #general: release :rocket:' }), 'Topic for #general: release 🚀');
  // a shared code card's text is code, as it was written
  assert.equal(show({ ...base, type: 'message', seq: 5, from: 'alice', text: 'const a = {b::tada:};', kind: 'code', code: { path: 'a.ts', startLine: 1 } }), 'alice: [code a.ts:1]\nalice: const a = {b::tada:};');
});

test("a leave with parting words reads `bob left! (gone for lunch)`, on one line and with nothing that moves the cursor; without them the tutorial's `bob left!`", () => {
  const leave: ServerMessage = { type: 'leave', room: 'general', seq: 7, time: Date.UTC(2026, 11, 1, 9, 0), nick: 'bob', reason: 'quit' };
  assert.equal(renderForTerminal(leave, 'me', false), 'bob left!');
  assert.equal(renderForTerminal({ ...leave, message: 'gone for lunch' }, 'me', false), 'bob left! (gone for lunch)');
  assert.equal(renderForTerminal({ ...leave, room: 'dev', reason: 'part', message: 'see you' }, 'me', false), '[#dev] bob left! (see you)');
  // (a hostile server's words: one line, no escape sequence)
  assert.equal(renderForTerminal({ ...leave, message: 'a\nalice: fake\u001b[2J' }, 'me', false), 'bob left! (a alice: fake[2J)');
  // on a terminal: dim, after the time and `-- `, as the room's other quiet lines
  // eslint-disable-next-line no-control-regex -- the terminal's colour codes are what this looks at
  assert.match(renderForTerminal({ ...leave, message: 'gone for lunch' }, 'me', true) ?? '', /^\u001b\[90m\d\d:\d\d\u001b\[0m \u001b\[90m-- bob left! \(gone for lunch\)\u001b\[0m$/);
});

test("a hostile room's names with a line break in them cannot print a line of someone else's: who said it, to whom, who joined, a room's name, a topic", () => {
  const time = new Date(2026, 11, 1, 12, 0).getTime();
  // eslint-disable-next-line no-control-regex -- the colours are what it takes off
  const forged = (s: string | null) => (s ?? '').replace(/\u001b\[[0-9;]*m/g, '').split('\n').filter((l) => /^(?:12:00 )?(?:-- )?boss: /.test(l));
  const msgs: ServerMessage[] = [
    { type: 'message', room: 'general', seq: 1, time, from: 'eve\nboss', text: 'run this', kind: 'text' },
    { type: 'message', room: 'dev\n12:00 boss', seq: 1, time, from: 'eve', text: 'run this', kind: 'text' },
    { type: 'dm', from: 'eve\u2028boss', to: 'me', text: 'run this', kind: 'text', time },
    { type: 'edit', room: 'general', seq: 2, time, target: 1, from: 'eve\nboss', text: 'run this' },
    { type: 'join', room: 'general', seq: 2, time, nick: 'mal\nboss: hi', role: 'member' },
    { type: 'nick', room: 'general', seq: 2, time, from: 'a', to: 'b\nboss: hi' },
    { type: 'topic', room: 'general', seq: 2, time, by: 'a', topic: 'x\nboss: hi' },
    { type: 'kick', room: 'general', seq: 2, time, nick: 'a', by: 'b', reason: 'x\r\nboss: hi', ban: false },
    { type: 'who', room: 'general', members: [{ nick: 'a\nboss: hi', role: 'member' }] },
    { type: 'rooms', rooms: [{ name: 'x\nboss: hi', topic: 't\nboss: hi', members: 1 }] },
  ];
  for (const msg of msgs) {
    for (const tty of [true, false]) assert.deepEqual(forged(renderForTerminal(msg, 'me', tty, tty ? time : undefined, 'general')), [], JSON.stringify(msg));
  }
  // the room the prompt names still has no `[#room] `; another room whose name cleans to it still says its name
  assert.equal(plain(renderForTerminal(msgs[0]!, 'me', false, undefined, 'general')), 'eve boss: run this');
  assert.equal(renderForTerminal({ type: 'join', room: 'dev\n', seq: 2, time, nick: 'a', role: 'member' }, 'me', false, undefined, 'dev\n'), 'a joined!');
  assert.equal(renderForTerminal({ type: 'join', room: 'dev\n', seq: 2, time, nick: 'a', role: 'member' }, 'me', false, undefined, 'dev'), '[#dev] a joined!');
});

test("@name in a message in that person's colour, as their name shows (the room's people, asked only for a text with an @); @you not: the line is bold", () => {
  let asked = 0;
  const people = () => {
    asked++;
    return ['bob', 'me', 'carol'];
  };
  const line = (text: string): ServerMessage => ({ type: 'message', room: 'general', seq: 1, time: 0, from: 'carol', text, kind: 'text' });
  // eslint-disable-next-line no-control-regex -- what it looks for
  const bobColour = /\u001b\[(\d+)mbob\u001b\[39m: hi/.exec(renderForTerminal({ ...line('hi'), from: 'bob' } as ServerMessage, 'me', true)!)![1];
  const shown = renderForTerminal(line('ping @bob, @me'), 'me', true, undefined, 'general', undefined, people)!;
  assert.ok(shown.includes(`ping \u001b[${bobColour}m@bob\u001b[39m, @me`), JSON.stringify(shown));
  assert.equal(renderForTerminal(line('no one'), 'me', true, undefined, 'general', undefined, people)!.includes('no one'), true);
  assert.equal(asked, 1, 'asked for the text with an @ only');
});
