// `/open` on a terminal: which file of this copy a code card names, and the command that opens it at its line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cardToOpen, copyName, editorCommand, OPEN_LIST_PAD_MAX, openListRows, RECENT_CODE_MAX, sharedFileHere, writeCodeCopy } from '../../src/cli/openInEditor';
import { cellsOfLine } from '../../src/cli/terminalWrap';

test("the editor's command: $EDITOR run by the shell, as Git runs it, with +LINE FILE for vi, Emacs, nano and the rest; FILE:LINE for those that take it", () => {
  const sh = (editor: string, ...at: string[]) => ({ command: 'sh', args: ['-c', `${editor} "$@"`, editor, ...at] });
  assert.deepEqual(editorCommand('vim', '/r/a.ts', 12, 'linux'), sh('vim', '+12', '/r/a.ts'));
  assert.deepEqual(editorCommand('  emacsclient -t ', '/r/a.ts', 3, 'linux'), sh('emacsclient -t', '+3', '/r/a.ts'));
  assert.deepEqual(editorCommand('code --wait', '/r/a.ts', 12, 'darwin'), sh('code --wait', '--goto', '/r/a.ts:12'));
  assert.deepEqual(editorCommand('/usr/bin/hx', '/r/a.ts', 7, 'linux'), sh('/usr/bin/hx', '/r/a.ts:7'));
  assert.deepEqual(editorCommand('', '/r/a.ts', 1, 'linux'), sh('vi', '+1', '/r/a.ts'));
  // (the shell's words: quotes, a path with spaces; the editor named by its first word, quoted or not)
  assert.deepEqual(editorCommand(`vim -c 'set nu'`, '/r/a.ts', 2, 'linux'), sh(`vim -c 'set nu'`, '+2', '/r/a.ts'));
  assert.deepEqual(editorCommand(`"/Applications/Sublime Text.app/bin/subl" -w`, '/r/a.ts', 5, 'darwin').args.slice(3), ['/r/a.ts:5']);
  // Windows: no sh; its words
  assert.deepEqual(editorCommand('code --wait', 'C:\\r\\a.ts', 12, 'win32'), { command: 'code', args: ['--wait', '--goto', 'C:\\r\\a.ts:12'] });
  assert.deepEqual(editorCommand('notepad++.exe', 'C:\\r\\a.ts', 3, 'win32'), { command: 'notepad++.exe', args: ['-n3', 'C:\\r\\a.ts'] });
  assert.deepEqual(editorCommand('notepad', 'C:\\r\\a.ts', 3, 'win32'), { command: 'notepad', args: ['C:\\r\\a.ts'] });
  // (ed takes no line: `ed +30 a.ts` opened a file named +30)
  assert.deepEqual(editorCommand('ed', '/r/a.ts', 30, 'linux'), sh('ed', '/r/a.ts'));
  // (nor cat, to read the code in the terminal: `cat: +30: No such file or directory` came above it)
  assert.deepEqual(editorCommand('cat', '/r/a.ts', 30, 'linux'), sh('cat', '/r/a.ts'));
  // (a path with spaces, double-quoted, is one word: Program Files)
  assert.deepEqual(editorCommand('"C:\\Program Files\\Microsoft VS Code\\bin\\code.cmd" --wait', 'C:\\r\\a.ts', 4, 'win32'), {
    command: 'C:\\Program Files\\Microsoft VS Code\\bin\\code.cmd',
    args: ['--wait', '--goto', 'C:\\r\\a.ts:4'],
  });
});

test("a card's file in this copy: under the root of the repository typed in, else under the folder; why not, in words", () => {
  const dir = mkdtempSync(join(tmpdir(), 'tcp-chat-open-'));
  try {
    mkdirSync(join(dir, '.git'));
    mkdirSync(join(dir, 'src', 'deep'), { recursive: true });
    writeFileSync(join(dir, 'src', 'a.ts'), 'x\n');
    writeFileSync(join(dir, 'src', 'deep', 'notes.md'), 'x\n');
    assert.deepEqual(sharedFileHere({ path: 'src/a.ts', startLine: 1, endLine: 1 }, 'x', join(dir, 'src', 'deep')), { file: join(dir, 'src', 'a.ts'), line: 1 });
    // (not under the root: under the folder typed in)
    assert.deepEqual(sharedFileHere({ path: 'notes.md' }, 'x', join(dir, 'src', 'deep')), { file: join(dir, 'src', 'deep', 'notes.md'), line: 1 });
    const why = (code: Parameters<typeof sharedFileHere>[0]) => {
      const r = sharedFileHere(code, 'x', dir);
      return 'missing' in r ? r.missing : `opened ${r.file}`;
    };
    assert.equal(why({ path: 'src/b.ts', startLine: 1 }), `no src/b.ts in ${dir} (run join in your copy of the repository to open its files)`);
    assert.equal(why({ path: 'src', startLine: 1 }), `no src in ${dir} (run join in your copy of the repository to open its files)`, 'a folder');
    assert.equal(why({ path: 'a.ts', outside: true, startLine: 1 }), "a.ts is not a file of the sharer's folder");
    assert.equal(why({ language: 'typescript' }), 'that code has no file');
    // a path of another's making that would open a file nobody shared
    for (const path of ['../../etc/passwd', 'src/../../x', '/etc/passwd', 'C:/Windows/win.ini', 'src\\a.ts', './src/a.ts']) {
      assert.equal(why({ path, startLine: 1 }), `${path} is no path in a repository`, path);
    }
    // a path no file has here: said so, not thrown (the throw ended the join)
    for (const path of ['src/a.ts/b.ts', `src/${'x'.repeat(300)}.ts`, 'src/a\u0000.ts', `a/${'b/'.repeat(3000)}c`]) {
      assert.equal(why({ path, startLine: 1 }), `no ${path} in ${dir} (run join in your copy of the repository to open its files)`, path.slice(0, 40));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a card shared from a multi-root VS Code window (its path starts with the folder's name) opens in this copy of that folder, only where it has the code", () => {
  // the sharer's window has folders `api` and `web`; this terminal runs in a checkout of web, named otherwise
  const dir = mkdtempSync(join(tmpdir(), 'tcp-chat-open-'));
  try {
    mkdirSync(join(dir, '.git'));
    mkdirSync(join(dir, 'src'));
    const lines = Array.from({ length: 30 }, (_, i) => `export const v${i} = f(${i});`);
    writeFileSync(join(dir, 'src', 'app.ts'), lines.join('\n'));
    const card = { path: 'web/src/app.ts', startLine: 12, endLine: 13 };
    assert.deepEqual(sharedFileHere(card, lines.slice(11, 13).join('\n'), join(dir, 'src')), { file: join(dir, 'src', 'app.ts'), line: 12, note: 'web/src/app.ts is src/app.ts here' });
    // lines written above it since
    writeFileSync(join(dir, 'src', 'app.ts'), ['// one', '// two', ...lines].join('\n'));
    assert.deepEqual(sharedFileHere(card, lines.slice(11, 13).join('\n'), dir), { file: join(dir, 'src', 'app.ts'), line: 14, note: 'web/src/app.ts is src/app.ts here; shared as lines 12-13, found at 14-15 here' });
    // a src/app.ts without the code is another file: not opened (the card's copy is)
    const r = sharedFileHere(card, 'const nothing = "like it";', dir);
    assert.deepEqual(r, { missing: `no web/src/app.ts in ${dir} (run join in your copy of the repository to open its files)` });
    // the path as named, where it exists, comes first
    mkdirSync(join(dir, 'web', 'src'), { recursive: true });
    writeFileSync(join(dir, 'web', 'src', 'app.ts'), lines.join('\n'));
    assert.deepEqual(sharedFileHere(card, lines.slice(11, 13).join('\n'), dir), { file: join(dir, 'web', 'src', 'app.ts'), line: 12 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('/open lands where the shared code is in this copy now, and says so when that is not where it was shared from', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tcp-chat-open-'));
  try {
    mkdirSync(join(dir, '.git'));
    const lines = ['import x from "y";', '', 'function resumePoint() {', '  return 1;', '}', ''];
    // two lines written above it since it was shared (at 3-5)
    writeFileSync(join(dir, 'a.ts'), ['// added', '// here', ...lines].join('\n'));
    const card = { path: 'a.ts', startLine: 3, endLine: 5 };
    const text = 'function resumePoint() {\n  return 1;\n}';
    assert.deepEqual(sharedFileHere(card, text, dir), { file: join(dir, 'a.ts'), line: 5, note: 'shared as lines 3-5, found at 5-7 here' });
    // where it was: nothing to say
    writeFileSync(join(dir, 'a.ts'), lines.join('\n'));
    assert.deepEqual(sharedFileHere(card, text, dir), { file: join(dir, 'a.ts'), line: 3 });
    // changed here, most of it still there (a line of it rewritten, one added above)
    writeFileSync(join(dir, 'a.ts'), ['// added', 'import x from "y";', '', 'function resumePoint() {', '  const a = 1;', '  return a + 1;', '}', '', 'function other() {', '}'].join('\n'));
    assert.deepEqual(sharedFileHere({ path: 'a.ts', startLine: 3, endLine: 6 }, 'function resumePoint() {\n  const a = 1;\n  return a;\n}', dir), {
      file: join(dir, 'a.ts'),
      line: 4,
      note: 'the shared code was changed in a.ts here: opening lines 4-7, where most of its lines still are (shared as 3-6)',
    });
    // not here at all: where it was shared from, within the file
    assert.deepEqual(sharedFileHere({ path: 'a.ts', startLine: 40, endLine: 41 }, 'nothing\nlike it', dir), {
      file: join(dir, 'a.ts'),
      line: 10,
      note: 'a.ts here does not contain the shared code (it was changed on one side): opening line 10, where it was shared from',
    });
    // of the file under the repository's root and the one under the folder typed in, the one that has the code
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'sub', 'a.ts'), ['// sub', ...lines].join('\n'));
    writeFileSync(join(dir, 'a.ts'), 'unrelated\n');
    assert.deepEqual(sharedFileHere(card, text, join(dir, 'sub')), { file: join(dir, 'sub', 'a.ts'), line: 4, note: 'shared as lines 3-5, found at 4-6 here' });
    // too big to look in (over 8 MB): opened at the shared line as numbered
    writeFileSync(join(dir, 'a.ts'), 'x'.repeat(8 * 1024 * 1024 + 1));
    assert.deepEqual(sharedFileHere(card, text, dir), { file: join(dir, 'a.ts'), line: 3, note: 'a.ts is too big to look for the shared code in: opening it at lines 3-5 as shared' });
    // one this user may not read is said so (it was "does not contain the shared code"): opened as shared, where the
    // editor says what it can
    writeFileSync(join(dir, 'a.ts'), lines.join('\n'));
    const denied = (): string => {
      throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
    };
    assert.deepEqual(sharedFileHere(card, text, dir, denied), { file: join(dir, 'a.ts'), line: 3, note: 'a.ts cannot be read (EACCES): opening it at lines 3-5 as shared' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('/open n: which of the room\'s latest code cards (n = 1 the last, the default); why none, in words', () => {
  assert.equal(cardToOpen('', 3, 'general'), 2);
  assert.equal(cardToOpen('1', 3, 'general'), 2);
  assert.equal(cardToOpen(' 3 ', 3, 'general'), 0);
  // (none: none shared, or each deleted since)
  assert.deepEqual(cardToOpen('', 0, 'general'), { error: 'no shared code in #general to open' });
  assert.deepEqual(cardToOpen('2', 0, 'general'), { error: 'no shared code in #general to open' });
  assert.deepEqual(cardToOpen('', 0, 'general', 'apply'), { error: 'no shared code in #general to apply' });
  assert.deepEqual(cardToOpen('5', 2, 'general', 'apply'), { error: '/apply 5: apply the nth last code of #general, n from 1 (the last) to 2 (Tab after /apply lists them)' });
  const why = 'open the nth last code of #dev, n from 1 (the last) to 2 (Tab after /open lists them)';
  for (const arg of ['3', '0', '-1', 'x', '1.5', '99999']) assert.deepEqual(cardToOpen(arg, 2, 'dev'), { error: `/open ${arg}: ${why}` }, arg);
  // one: no range from 1 to 1
  assert.equal(cardToOpen('1', 1, 'dev'), 0);
  for (const arg of ['2', '0', 'x']) assert.deepEqual(cardToOpen(arg, 1, 'dev'), { error: `/open ${arg}: #dev has one shared code to open: /open opens it` }, arg);
  // as many as are kept: the room may have had more
  assert.deepEqual(cardToOpen('25', RECENT_CODE_MAX, 'dev'), { error: `/open 25: open the nth last code of #dev, n from 1 (the last) to ${RECENT_CODE_MAX}, the last ${RECENT_CODE_MAX} kept here (Tab after /open lists them)` });
  assert.equal(cardToOpen(String(RECENT_CODE_MAX), RECENT_CODE_MAX, 'dev'), 0);
});

test("code this copy has no file for opens from a copy of the card, named as its file (another's name made safe) or by its language", () => {
  assert.equal(copyName({ path: 'src/node/chatClient.ts' }), 'chatClient.ts');
  assert.equal(copyName({ path: '../../.bashrc' }), 'bashrc.txt');
  // a name no source file has keeps the sharer from choosing what the editor makes of it: `code` opened a
  // `.code-workspace` as a workspace (the sharer's folders, settings and tasks)
  assert.equal(copyName({ path: 'tools/team.code-workspace', language: 'json' }), 'team.code-workspace.txt');
  assert.equal(copyName({ path: 'x.vsix' }), 'x.vsix.txt');
  assert.equal(copyName({ path: 'Makefile' }), 'Makefile', 'a name the table knows');
  assert.equal(copyName({ path: 'a b;rm -rf ~.py' }), 'a_b_rm_-rf__.py');
  assert.equal(copyName({ path: 'C:\\x\\notes.md', outside: true }), 'notes.md');
  assert.equal(copyName({ language: 'typescript' }), 'shared-code.ts');
  assert.equal(copyName({ path: '...', language: 'nope' }), 'shared-code.txt');
  assert.equal(copyName({ path: '///', language: 'python' }), 'shared-code.py');
  const base = mkdtempSync(join(tmpdir(), 'tcp-chat-copies-'));
  try {
    const one = writeCodeCopy({ path: 'src/a.ts' }, 'const a = 1;', base);
    const two = writeCodeCopy({ path: 'src/a.ts' }, 'const a = 2;\n', base);
    assert.notEqual(one, two, 'each /open its own copy');
    assert.ok(one.startsWith(base) && one.endsWith('a.ts'), one);
    assert.equal(readFileSync(one, 'utf8'), 'const a = 1;\n');
    assert.equal(readFileSync(two, 'utf8'), 'const a = 2;\n');
    if (process.platform !== 'win32') assert.equal(statSync(one).mode & 0o077, 0, 'this user only');
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
});

test("/open of a diff card (/changes, Share Changes) lands on its first changed line in this copy, as it was before the changes or after them, where it is now; neither: as any card's code", () => {
  const dir = mkdtempSync(join(tmpdir(), 'tcp-chat-open-'));
  try {
    mkdirSync(join(dir, '.git'));
    const before = Array.from({ length: 20 }, (_, i) => `const line${i + 1} = ${i + 1};`);
    const after = before.map((l, i) => (i === 2 ? 'const three = 3;' : i === 17 ? 'const eighteen = 18;' : l));
    const hunk = (from: number, changed: number, now: string) => [`@@ -${from},6 +${from},6 @@`, ...before.slice(from - 1, changed - 1).map((l) => ` ${l}`), `-${before[changed - 1]!}`, `+${now}`, ...before.slice(changed, from + 5).map((l) => ` ${l}`)];
    const diff = ['diff --git a/a.ts b/a.ts', 'index 1111111..2222222 100644', '--- a/a.ts', '+++ b/a.ts', ...hunk(1, 3, 'const three = 3;'), ...hunk(15, 18, 'const eighteen = 18;')].join('\n');
    const card = { path: 'a.ts', language: 'diff', startLine: 1, endLine: 20 };
    const file = join(dir, 'a.ts');
    // the copy as HEAD has it (the reader's, most often): its line 3, where the change is
    writeFileSync(file, `${before.join('\n')}\n`);
    assert.deepEqual(sharedFileHere(card, diff, dir), { file, line: 3 });
    // the copy as changed (the sharer's own), and with two lines written above it since: where it is now
    writeFileSync(file, `${after.join('\n')}\n`);
    assert.deepEqual(sharedFileHere(card, diff, dir), { file, line: 3 });
    writeFileSync(file, `// added\n// here\n${before.join('\n')}\n`);
    assert.deepEqual(sharedFileHere(card, diff, dir), { file, line: 5 });
    // a card another client calls `patch` (highlight.js's name for a diff; the colours read it so) is a diff card too
    assert.deepEqual(sharedFileHere({ ...card, language: 'Patch' }, diff, dir), { file, line: 5 });
    // a new file's diff (no old side): its new lines, at its first
    writeFileSync(file, 'one\ntwo\n');
    assert.deepEqual(sharedFileHere({ path: 'a.ts', language: 'diff', startLine: 1, endLine: 2 }, 'diff --git a/a.ts b/a.ts\nnew file mode 100644\n--- /dev/null\n+++ b/a.ts\n@@ -0,0 +1,2 @@\n+one\n+two', dir), { file, line: 1 });
    // neither side here: the diff itself, from a copy (as VS Code's Open shows it untitled), saying so; not "does not
    // contain the shared code", nor at lines of the file that have nothing to do with it
    writeFileSync(file, 'unrelated\n');
    assert.deepEqual(sharedFileHere(card, diff, dir), { missing: 'the lines of these changes are not in your a.ts, neither as they were before them nor as after' });
    assert.equal(copyName(card), 'a.ts.diff');
    assert.equal(copyName({ ...card, language: 'patch' }), 'a.ts.diff');
    assert.equal(copyName({ language: 'diff' }), 'shared-code.diff');
    assert.equal(copyName({ path: 'fix.patch', language: 'diff' }), 'fix.patch');
    // too big to look in: as any card's, at the lines shared
    writeFileSync(file, 'x'.repeat(8 * 1024 * 1024 + 1));
    assert.deepEqual(sharedFileHere(card, diff, dir), { file, line: 1, note: 'a.ts is too big to look for the shared code in: opening it at lines 1-20 as shared' });
    // shared from a multi-root window (its folder first, web/a.ts): this copy's a.ts, said so; it opened the diff
    // (no web/a.ts here) or said it was not in a.ts
    writeFileSync(file, `${before.join('\n')}\n`);
    assert.deepEqual(sharedFileHere({ ...card, path: 'web/a.ts' }, diff, dir), { file, line: 3, note: 'web/a.ts is a.ts here' });
    mkdirSync(join(dir, 'web'));
    writeFileSync(join(dir, 'web', 'a.ts'), 'unrelated\n');
    assert.deepEqual(sharedFileHere({ ...card, path: 'web/a.ts' }, diff, dir), { file, line: 3, note: 'web/a.ts is a.ts here' }, 'a web/a.ts here without them: the other has them');
    writeFileSync(file, 'unrelated too\n');
    assert.deepEqual(sharedFileHere({ ...card, path: 'web/a.ts' }, diff, dir), { missing: 'the lines of these changes are not in your web/a.ts, neither as they were before them nor as after' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("/open's Tab list in columns: each code reference padded to the longest, to at most OPEN_LIST_PAD_MAX cells and the terminal's width", () => {
  const line = (r: { number: string; label: string; by: string }) => `  ${r.number}  ${r.label}  ${r.by}`;
  const two = [
    { label: 'src/app.ts:2-6 (diff)', by: 'alice 22:16' },
    { label: 'src/app.ts:1-3 (typescript)', by: 'bob 22:17' },
  ];
  assert.deepEqual(openListRows(two, 80).map(line), ['   1  src/app.ts:2-6 (diff)        alice 22:16', '   2  src/app.ts:1-3 (typescript)  bob 22:17']);
  // a wide character takes two cells: padded by what the terminal shows, not by its length
  const wide = openListRows([{ label: '資料.md:1', by: 'ada 09:00' }, { label: 'a.md:1', by: 'ada 09:01' }], 80, cellsOfLine).map(line);
  assert.deepEqual(wide, ['   1  資料.md:1  ada 09:00', '   2  a.md:1     ada 09:01']);
  // a very long path does not push the others right: padded to OPEN_LIST_PAD_MAX, the long one as it is
  const long = `${'deep/'.repeat(20)}a.ts:1`;
  const capped = openListRows([{ label: long, by: 'ada 09:00' }, ...two], 200);
  assert.equal(capped[0]!.label, long);
  assert.deepEqual(capped.slice(1).map((r) => r.label.length), [OPEN_LIST_PAD_MAX, OPEN_LIST_PAD_MAX]);
  // nor past the terminal's width: a row of the padded reference and who shared it fits in 39 columns
  const narrow = openListRows(two, 40);
  assert.ok(narrow.every((r) => line(r).length <= 39 || r.label.trimEnd() === r.label), JSON.stringify(narrow.map(line)));
  assert.deepEqual(narrow.map((r) => r.label.length), [21, 27], 'no room to pad: as they are');
  assert.deepEqual(openListRows([], 80), []);
});
