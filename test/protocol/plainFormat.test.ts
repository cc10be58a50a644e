// How a message reads for plain clients and the terminal: bidirectional controls do not reach them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { codeLabel, plainText } from '../../src/protocol/plainFormat';
import { renderForTerminal } from '../../src/cli/terminal';
import type { ServerMessage } from '../../src/protocol/messages';
import { partingWords } from '../../src/protocol/partingWords';
import { REASON_MAX } from '../../src/protocol/limits';

test('bidi embeddings, overrides and isolates never reach a line-by-line client; right-to-left text itself does', () => {
  const spoof: ServerMessage = { type: 'message', room: 'general', seq: 1, time: 0, from: 'eve', kind: 'text', text: 'ok \u202egnp.exe\u202c and \u2067isolated\u2069 \u202aembedded\u202c' };
  assert.equal(plainText(spoof, 'me'), 'eve: ok gnp.exe and isolated embedded');
  assert.equal(renderForTerminal(spoof, 'me', false), 'eve: ok gnp.exe and isolated embedded');
  const hebrew: ServerMessage = { ...spoof, text: 'שלום \u200fworld' }; // the letters stay; the RLM mark is invisible, and goes
  assert.equal(plainText(hebrew, 'me'), 'eve: שלום world');
  const dm: ServerMessage = { type: 'dm', from: 'eve', to: 'me', text: '\u202eevil', time: 0, kind: 'text' };
  assert.equal(plainText(dm, 'me'), '[DM] eve: evil');
});

test('entering a room tells a plain client how to go back to #general, unless it is #general', () => {
  const room = (name: string): ServerMessage => ({ type: 'room', name, epoch: 'e', topic: '', members: [], seq: 0 });
  assert.equal(plainText(room('dev'), 'ann'), 'You are now in #dev. Your messages go here; /join #general to go back.');
  assert.equal(plainText(room('general'), 'ann'), 'You are now in #general. Your messages go here.');
});

test("entering a room with a topic: a plain client is told it there; a terminal says it after the room's history, with who is in it, and not twice", () => {
  const room: ServerMessage = { type: 'room', name: 'dev', epoch: 'e', topic: 'parser rewrite', members: [], seq: 0 };
  assert.equal(plainText(room, 'ann'), 'You are now in #dev - topic: parser rewrite. Your messages go here; /join #general to go back.');
  assert.equal(plainText(room, 'ann', 'terminal', 'dev'), 'You are now in #dev. Your messages go here; /join #general to go back.');
});

test("a shared selection's header line: its path and language on one line, whatever they hold", () => {
  const code: ServerMessage = { type: 'message', room: 'general', seq: 1, time: 0, from: 'eve', kind: 'code', text: 'x = 1', code: { path: 'a\nbob: hi\u001b[2J.py', language: 'python', startLine: 2, endLine: 3 } };
  assert.equal(plainText(code, 'me'), 'eve: [code a bob: hi[2J.py:2-3 (python)]\neve: x = 1');
});

test('a message of many lines is shortened for plain clients and terminals: blank runs at most two, 40 lines, then how many more', () => {
  const flood: ServerMessage = { type: 'message', room: 'general', seq: 1, time: 0, from: 'eve', kind: 'text', text: '\n'.repeat(16380) + 'x' };
  assert.equal(plainText(flood, 'me'), 'eve: \neve: \neve: x');
  assert.equal(renderForTerminal(flood, 'me', false), 'eve: \neve: \neve: x');
  const spaced: ServerMessage = { ...flood, text: 'a\n\n\nb\n \t\n\n\n\nc\n\nd' };
  assert.equal(plainText(spaced, 'me'), 'eve: a\neve: \neve: \neve: b\neve:  \t\neve: \neve: c\neve: \neve: d');
  const long: ServerMessage = { ...flood, room: 'dev', text: Array.from({ length: 1000 }, (_, i) => `line ${i + 1}`).join('\n') };
  const plain = plainText(long, 'me')!.split('\n');
  assert.equal(plain.length, 41);
  assert.equal(plain[39], '[#dev] eve: line 40');
  assert.equal(plain[40], '[#dev] (… 960 more lines of this message not sent to plain clients: TCP Chat in VS Code shows it whole)');
  const shown = renderForTerminal(long, 'me', false)!.split('\n');
  assert.deepEqual(shown.slice(0, 40), plain.slice(0, 40));
  assert.equal(shown[40], '[#dev] (… 960 more lines of this message not shown here: TCP Chat in VS Code shows it whole)');
  // one line more than 40 is shown rather than a note in its place; from two, the note
  const ys = (n: number) => Array.from({ length: n }, () => 'y').join('\n');
  const one: ServerMessage = { ...long, room: 'general', text: ys(41) };
  assert.equal(plainText(one, 'me'), ys(41).replace(/^/gm, 'eve: '));
  assert.match(plainText({ ...one, text: ys(42) }, 'me')!, /\neve: y\n\(… 2 more lines of this message not sent/);
  assert.equal(plainText({ ...one, text: ys(42) }, 'me')!.split('\n').length, 41);
  // the note counts the lines the message had beyond those shown, blank ones too (not what is left once runs of
  // blank lines are shortened: that was "3 more lines" here)
  const gap: ServerMessage = { ...one, text: `${ys(40)}${'\n'.repeat(10_001)}z` };
  assert.match(plainText(gap, 'me')!, /\neve: y\n\(… 10001 more lines of this message not sent/);
  // direct messages, edits and shared code likewise; rich clients get the message as it was said (not from here)
  const dm: ServerMessage = { type: 'dm', from: 'eve', to: 'me', text: long.text, time: 0, kind: 'text' };
  assert.match(plainText(dm, 'me')!, /^\[DM\] eve: line 1\n(?:\[DM\] eve: line \d+\n){39}\[DM\] \(… 960 more lines/);
  // the sender's own copy: its note has the prefix its lines have
  assert.match(plainText({ ...dm, from: 'me', to: 'eve' }, 'me')!, /^\[DM to eve\] me: line 1\n(?:\[DM to eve\] me: line \d+\n){39}\[DM to eve\] \(… 960 more lines/);
  const edit: ServerMessage = { type: 'edit', room: 'general', seq: 2, time: 0, target: 1, from: 'eve', text: long.text };
  assert.equal(plainText(edit, 'me')!.split('\n').length, 41);
  const code: ServerMessage = { ...long, room: 'general', kind: 'code', code: { path: 'a.ts' } };
  assert.equal(plainText(code, 'me')!.split('\n').length, 42); // its header line, 40 lines, the count
});

test('invisible characters do not reach a plain client or the terminal; emoji joined or tagged stay whole; a line separator breaks the line', () => {
  const msg = (text: string): ServerMessage => ({ type: 'message', room: 'general', seq: 1, time: 0, from: 'eve', kind: 'text', text });
  // zero-width space, joiner between letters, word joiner, soft hyphen, byte order mark, a hidden text in tag characters
  const hidden = msg('pay\u200bpal a\u200db c\u2060d re\u00adad \ufeffx\u{e0001}\u{e0069}\u{e0067}\u{e006e}\u{e006f}\u{e0072}\u{e0065}\u{e007f}y');
  assert.equal(plainText(hidden, 'me'), 'eve: paypal ab cd read xy');
  assert.equal(renderForTerminal(hidden, 'me', false), 'eve: paypal ab cd read xy');
  const emoji = msg('👩\u200d💻 🏳\ufe0f\u200d🌈 🧑🏽\u200d💻 🏴\u{e0067}\u{e0062}\u{e0073}\u{e0063}\u{e0074}\u{e007f} \u0600١٢');
  assert.equal(plainText(emoji, 'me'), `eve: ${(emoji as { text: string }).text}`);
  // a line separator is a line break, with the prefix every line of a message has; in a one-line text, a space
  assert.equal(plainText(msg('hi\u2028bob: not bob\u2029end'), 'me'), 'eve: hi\neve: bob: not bob\neve: end');
  assert.equal(renderForTerminal(msg('hi\u2028bob: not bob'), 'me', false), 'eve: hi\neve: bob: not bob');
  assert.equal(plainText({ type: 'message', room: 'general', seq: 1, time: 0, from: 'eve', kind: 'action', text: 'waves\u2028bob: hi' }, 'me'), '* eve waves bob: hi');
  const breaks = plainText({ type: 'message', room: 'general', seq: 1, time: 0, from: 'eve', kind: 'action', text: `waves${'\n'.repeat(16_000)}  \r\n at  you` }, 'me');
  assert.equal(breaks, '* eve waves at  you', 'an action is one line: a run of line breaks (and the blanks around them) is one space');
  assert.equal(plainText({ type: 'topic', room: 'general', seq: 2, time: 0, by: 'eve', topic: 'a\u2028b\u200bc' }, 'me'), 'eve set the topic: a bc');
  // a joiner between letters of a script that joins them stays (or at a word's end: a Malayalam chillu), and the
  // Mongolian vowel separator between Mongolian letters; at a Latin letter, or elsewhere, they go
  const joined = 'می\u200cخواهم ශ්\u200dරී र्\u200dय അവന്\u200d ᠠ\u180eᠡ';
  assert.equal(plainText(msg(joined), 'me'), `eve: ${joined}`);
  assert.equal(renderForTerminal(msg(joined), 'me', false), `eve: ${joined}`);
  assert.equal(plainText(msg('a\u200cی ی\u200ca a\u200d\u0928 \u200cی a\u180eb \u180eᠡ ی\u200c\u200c\u200cی'), 'me'), 'eve: aی یa aन ی ab ᠡ ی\u200cی');
  // a run of lines that show nothing is a run of blank lines
  assert.equal(plainText(msg('\u200b\n'.repeat(100) + 'x'), 'me'), 'eve: \neve: \neve: x');
});

test("an edited action reads as one, to a plain client and in the terminal: it read as the author's line", () => {
  const edit: ServerMessage = { type: 'edit', room: 'dev', seq: 2, time: 0, target: 1, from: 'eve', text: 'waves\nhello', kind: 'action' };
  assert.equal(plainText(edit, 'me'), '[#dev] * eve (edited) waves hello');
  assert.equal(renderForTerminal(edit, 'me', false), '[#dev] * eve (edited) waves hello');
  assert.equal(plainText({ ...edit, kind: undefined, text: 'waves' }, 'me'), '[#dev] eve (edited): waves');
});

test("a code card's label: its file, lines and language as its line shows them (and /open's list)", () => {
  assert.equal(codeLabel({ path: 'src/a.ts', startLine: 12, endLine: 15, language: 'typescript' }), 'src/a.ts:12-15 (typescript)');
  assert.equal(codeLabel({ path: 'src/a.ts', startLine: 12, endLine: 12 }), 'src/a.ts:12');
  assert.equal(codeLabel({ path: 'notes.md' }), 'notes.md');
  assert.equal(codeLabel({ language: 'python' }), '(python)');
  assert.equal(codeLabel({}), '');
});

test("a leave with parting words: `bob left! (gone for lunch)` on one line; without them the tutorial's exact `bob left!`", () => {
  const leave: ServerMessage = { type: 'leave', room: 'general', seq: 1, time: 0, nick: 'bob', reason: 'quit' };
  assert.equal(plainText(leave, 'me'), 'bob left!');
  assert.equal(plainText({ ...leave, message: 'gone for lunch' }, 'me'), 'bob left! (gone for lunch)');
  assert.equal(plainText({ ...leave, room: 'dev', reason: 'part', message: 'see you' }, 'me'), '[#dev] bob left! (see you)');
  // (a server that sent them otherwise: one line, nothing that moves the cursor or reorders the line)
  assert.equal(plainText({ ...leave, message: 'one\ntwo\u001b[2J \u202eevil' }, 'me'), 'bob left! (one two[2J evil)');
  assert.equal(plainText({ ...leave, message: ' \n ' }, 'me'), 'bob left!');
});

test('parting words as a leave carries them: one line, cleaned as a kick reason is, at most REASON_MAX; none for blank', () => {
  assert.equal(partingWords(undefined), undefined);
  assert.equal(partingWords('  \n\t '), undefined);
  assert.equal(partingWords('gone\r\nfor   lunch\u0007'), 'gone for lunch');
  assert.equal(partingWords('\u202eevil\u202c words'), 'evil words');
  assert.equal(partingWords('w'.repeat(REASON_MAX + 1)), 'w'.repeat(REASON_MAX));
  assert.equal(partingWords(`${'w'.repeat(REASON_MAX - 1)} more`), 'w'.repeat(REASON_MAX - 1), 'no space left at the cut');
});

test('a direct action (/msg bob /me waves, /me in a /query) reads as an action, a direct code share with its card line', () => {
  const action: ServerMessage = { type: 'dm', from: 'ada', to: 'bob', text: 'waves', time: 0, kind: 'action' };
  assert.equal(plainText(action, 'bob'), '[DM] * ada waves');
  assert.equal(plainText(action, 'ada'), '[DM to bob] * ada waves');
  assert.equal(renderForTerminal(action, 'bob', false), '[DM] * ada waves');
  assert.equal(plainText({ ...action, text: 'waves\nand bows' }, 'bob'), '[DM] * ada waves and bows');
  const code: ServerMessage = { type: 'dm', from: 'ada', to: 'bob', text: 'x = 1', time: 0, kind: 'code', code: { path: 'a.py', language: 'python', startLine: 2, endLine: 2 } };
  assert.equal(plainText(code, 'bob'), '[DM] ada: [code a.py:2 (python)]\n[DM] ada: x = 1');
});
