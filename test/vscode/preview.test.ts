// A message in a notification: one line, as it reads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { conversationLabel, deleteQuestion, mentionNotice, nickRefusal, notInWorkspace, preview, untitledNotice } from '../../src/vscode/preview';

test('a message in a notification is one line, shortened, without what would reorder or hide part of it', () => {
  assert.equal(preview('hi \u202eevil.exe fdp.'), 'hi evil.exe fdp.', 'a bidi override reversed the rest');
  assert.equal(preview('a\u2066b\u200fc\u200bd\u00ade\u{e0041}f'), 'abcdef', 'isolates, marks, zero-width, soft hyphen, tags');
  assert.equal(preview('two\nlines\u2028and\ttabs\u0007 '), 'two lines and tabs');
  assert.equal(preview('👩‍💻 ok'), '👩‍💻 ok', 'a joiner between emoji stays');
  assert.equal(preview('x'.repeat(200)), `${'x'.repeat(119)}…`);
});

test('a preview cut short never cuts a character in two (an emoji at the cut)', () => {
  for (let pad = 0; pad < 4; pad++) {
    const cut = preview(`${'a'.repeat(pad)}${'😄'.repeat(80)}`, 20);
    assert.ok(!/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/.test(cut), JSON.stringify(cut));
    assert.ok(cut.endsWith('…') && cut.length <= 20, JSON.stringify(cut));
  }
});

test("a server's refusal reaches an error notification and the log as one line, cut short, through preview", () => {
  // (commands.ts imports vscode: its source is read; a refusal can be 4,096 characters, lines that read as log lines)
  const src = readFileSync(join(__dirname, '../../src/vscode/commands.ts'), 'utf8');
  assert.match(src, /const msg = preview\(\(e as Error\)\.message, \d+\);/);
  assert.match(src, /showErrorMessage\(nickRefusal\(answer, c\.nick\)\)/);
  assert.equal(preview(`oops\n12:00 [info] alice joined\u202e${'x'.repeat(4096)}`, 300).length, 300);
  // a nickname the room refused: its words, said as the room's, one line; the client's own words as they are
  assert.equal(nickRefusal({ message: 'Run the command "Reset" now\n[ok](command:x)', server: true }, 'bob'), 'TCP Chat: the room refused: Run the command "Reset" now [ok] (command:x); you are still bob.');
  assert.equal(nickRefusal({ message: 'the server did not answer' }, 'bob'), 'TCP Chat: the server did not answer; you are still bob.');
  assert.equal(nickRefusal(undefined, 'bob'), 'TCP Chat: not connected; you are still bob.');
  assert.equal(nickRefusal({ message: 'x'.repeat(5000), server: true }, 'bob').length, 'TCP Chat: the room refused: '.length + 300 + '; you are still bob.'.length);
});

test("a mention's notification and the delete question clean the names a server sent, as they do the text", () => {
  // (a hostile server's names: a bidi override that reverses what follows, a line break, a link that runs a command)
  const from = 'eve\u202e';
  const room = 'ops\n[x](command:workbench.action.terminal.new)';
  assert.equal(mentionNotice(from, room, 'hi\u202e you'), 'eve in #ops [x] (command:workbench.action.terminal.new): hi you');
  assert.equal(mentionNotice(`${'e'.repeat(100)}`, undefined, 'ok'), `${'e'.repeat(63)}… (direct message): ok`, 'a name is cut short');
  assert.equal(deleteQuestion(from, room), "Delete eve's message in #ops [x] (command:workbench.action.terminal.new) for everyone? It cannot be brought back.");
  assert.equal(deleteQuestion(undefined, 'general'), 'Delete your message in #general for everyone? It cannot be brought back.');
});

test('a path another member shared reaches a notification as one cleaned line', () => {
  // (any member shares any path; a hostile server passes it on as sent)
  const path = 'src/\u202egnp.exe\n12:00 [info] [ok](command:x)';
  assert.equal(notInWorkspace(path), 'TCP Chat: src/gnp.exe 12:00 [info] [ok] (command:x) is not in this workspace.');
  assert.equal(untitledNotice(path, false, 0, false), 'TCP Chat: src/gnp.exe 12:00 [info] [ok] (command:x) is not in this workspace; the shared code is open in an untitled editor.');
  assert.equal(untitledNotice('a/b\u2066.ts', false, 2, false), 'TCP Chat: no file named b.ts here has the shared code; the shared code is open in an untitled editor.');
  assert.equal(untitledNotice('nb.ipynb', true, 0, true), "TCP Chat: nb.ipynb is not in a text file of the sharer's workspace; the shared code is open in an untitled editor.");
  // a cell of another kind of notebook (Polyglot's .dib): shared with no lines
  assert.equal(untitledNotice('analysis.dib', true, 0, true), "TCP Chat: analysis.dib is not in a text file of the sharer's workspace; the shared code is open in an untitled editor.");
  assert.equal(notInWorkspace('x'.repeat(5000)).length, 'TCP Chat: '.length + 200 + ' is not in this workspace.'.length, 'cut short');
});

test("a diff card (Share Changes) whose lines are in no copy here opens as the diff, saying so: not \"the shared code was changed\"", () => {
  assert.equal(untitledNotice('src/a.ts', false, 1, false, true), 'TCP Chat: the lines of these changes are not in your src/a.ts, neither as they were before them nor as after; the diff is open in an untitled editor.');
  assert.equal(untitledNotice('src/a.ts', false, 0, false, true), 'TCP Chat: src/a.ts is not in this workspace; the diff is open in an untitled editor.');
  assert.equal(untitledNotice('a.ts', true, 0, false, true), "TCP Chat: a.ts is not in the sharer's workspace; the diff is open in an untitled editor.");
  // (another's path, cleaned as any)
  assert.equal(untitledNotice('src/\u202egnp.exe\n[x](command:y)', false, 2, false, true), 'TCP Chat: the lines of these changes are not in your src/gnp.exe [x] (command:y), neither as they were before them nor as after; the diff is open in an untitled editor.');
});

test('a conversation as the Save Conversation pick and dialog name it: one line, no bidi reordering, no icon, no link', () => {
  assert.equal(conversationLabel('#general'), '#general');
  assert.equal(conversationLabel('#a\u202egnp.exe'), '#agnp.exe', 'a bidi override from a hostile server read as another name');
  assert.equal(conversationLabel('@bob $(shield)\n[x](command:y)'), '@bob \\$(shield) [x] (command:y)');
  assert.equal(conversationLabel('#' + 'r'.repeat(500)).length, 80, 'cut short');
});
