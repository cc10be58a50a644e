// `/share FILE[:LINE[-LINE]]` on a terminal: what code card it makes of a file's lines, and what it refuses, in words.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { languageOf, parseShareArgs, readShare, SHARE_FILE_MAX, shareCompletions } from '../../src/cli/shareFile';

function withFolder(fn: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'tcp-chat-share-'));
  try {
    fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('the file and lines asked for: one line, a range (backwards is the same lines), none for the whole file', () => {
  const none = () => false;
  assert.deepEqual(parseShareArgs('src/a.ts:12-15', none), { file: 'src/a.ts', start: 12, end: 15 });
  assert.deepEqual(parseShareArgs('src/a.ts:15-12', none), { file: 'src/a.ts', start: 12, end: 15 });
  assert.deepEqual(parseShareArgs(' src/a.ts:7 ', none), { file: 'src/a.ts', start: 7, end: 7 });
  assert.deepEqual(parseShareArgs('my notes.md', none), { file: 'my notes.md' });
  assert.deepEqual(parseShareArgs('C:\\src\\a.ts:3', none), { file: 'C:\\src\\a.ts', start: 3, end: 3 });
  assert.deepEqual(parseShareArgs('notes:12', (p) => p === 'notes:12'), { file: 'notes:12' }, 'a file named so');
  assert.deepEqual(parseShareArgs('a.ts:0-3', none), { error: 'lines are numbered from 1' });
  // as compilers and stack traces write a place (the column is no matter), and GitHub's line links
  assert.deepEqual(parseShareArgs('src/a.ts:13:5', none), { file: 'src/a.ts', start: 13, end: 13 });
  assert.deepEqual(parseShareArgs('src/a.ts:13:5-15:2', none), { file: 'src/a.ts', start: 13, end: 15 });
  assert.deepEqual(parseShareArgs('src/a.ts#L12-L15', none), { file: 'src/a.ts', start: 12, end: 15 });
  assert.deepEqual(parseShareArgs('src/a.ts:L3', none), { file: 'src/a.ts', start: 3, end: 3 });
  // a file that is there, then what is no line: said so (it was "no file src/a.ts:3- here")
  const aTs = (p: string) => p === 'src/a.ts';
  assert.deepEqual(parseShareArgs('src/a.ts:3-', aTs), { error: '"3-" is no line of src/a.ts: /share <file>[:<line>[-<line>]]' });
  assert.deepEqual(parseShareArgs('src/a.ts:x', aTs), { error: '"x" is no line of src/a.ts: /share <file>[:<line>[-<line>]]' });
  assert.deepEqual(parseShareArgs('  ', none), { error: 'usage: /share <file>[:<line>[-<line>]]' });
});

test("a language id as VS Code's for the file's extension or name; none for one it does not know", () => {
  assert.equal(languageOf('src/a.ts'), 'typescript');
  assert.equal(languageOf('App.TSX'), 'typescriptreact');
  assert.equal(languageOf('x/Dockerfile'), 'dockerfile');
  assert.equal(languageOf('main.py'), 'python');
  assert.equal(languageOf('.bashrc'), undefined);
  assert.equal(languageOf('notes.weird'), undefined);
});

test('the lines of a file in a repository: its path from the repository root, typed from a folder inside it; CRLF lines, no byte order mark', () => withFolder((dir) => {
  mkdirSync(join(dir, '.git'));
  mkdirSync(join(dir, 'src', 'deep'), { recursive: true });
  writeFileSync(join(dir, 'src', 'deep', 'a.ts'), '\ufeffone\r\ntwo\nthree\n');
  assert.deepEqual(readShare('deep/a.ts:2-3', join(dir, 'src')), { ok: true, text: 'two\nthree', code: { path: 'src/deep/a.ts', language: 'typescript', startLine: 2, endLine: 3 } });
  // the whole file: its lines, without the newline that ends the last
  assert.deepEqual(readShare(join(dir, 'src', 'deep', 'a.ts'), '/'), { ok: true, text: 'one\ntwo\nthree', code: { path: 'src/deep/a.ts', language: 'typescript', startLine: 1, endLine: 3 } });
}));

test('a file in no repository: its path from the folder typed in; one outside it is its name only, outside', () => withFolder((dir) => {
  mkdirSync(join(dir, 'here'));
  writeFileSync(join(dir, 'here', 'notes.md'), '# Notes\nship it\n');
  writeFileSync(join(dir, 'elsewhere.md'), 'far\n');
  assert.deepEqual(readShare('notes.md:2', join(dir, 'here')), { ok: true, text: 'ship it', code: { path: 'notes.md', language: 'markdown', startLine: 2, endLine: 2 } });
  assert.deepEqual(readShare('../elsewhere.md', join(dir, 'here')), { ok: true, text: 'far', code: { path: 'elsewhere.md', language: 'markdown', startLine: 1, endLine: 1, outside: true } });
  // ~/ is the home folder
  const r = readShare(`~/${relative(homedir(), join(dir, 'here', 'notes.md'))}:2`, '/');
  assert.ok(r.ok && r.text === 'ship it', JSON.stringify(r));
}));

test('refused, saying why: no such file, a folder, past the end, blank lines, not text, too big', () => withFolder((dir) => {
  writeFileSync(join(dir, 'a.txt'), 'x\n\n\ny\n');
  writeFileSync(join(dir, 'bin.dat'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x01]));
  writeFileSync(join(dir, 'latin1.txt'), Buffer.from('caf\xe9\n', 'latin1'));
  writeFileSync(join(dir, 'big.txt'), Buffer.alloc(SHARE_FILE_MAX + 1, 0x61));
  mkdirSync(join(dir, 'sub'));
  const refused = (args: string) => {
    const r = readShare(args, dir);
    return r.ok ? `sent ${JSON.stringify(r)}` : r.message;
  };
  assert.equal(refused('nope.ts'), `no file nope.ts here (${dir})`);
  // (looked for elsewhere than here: not said to be missing here)
  assert.equal(refused(join(dir, 'nope.ts')), `no file ${join(dir, 'nope.ts')}`);
  assert.equal(refused('~/no-such-file-here.ts:3'), 'no file ~/no-such-file-here.ts');
  assert.equal(refused('sub'), 'sub is a folder: share a file\'s lines');
  assert.equal(refused('a.txt:3-9'), 'a.txt has 4 lines: line 9 is past its end');
  assert.equal(refused('a.txt:2-3'), 'those lines are blank: not sent');
  assert.equal(refused('a.txt:2'), 'that line is blank: not sent');
  assert.equal(refused('bin.dat'), 'bin.dat is not text (UTF-8): not sent');
  assert.equal(refused('latin1.txt'), 'latin1.txt is not text (UTF-8): not sent');
  assert.equal(refused('big.txt:1'), 'big.txt is too big to share lines of (over 8 MB)');
  assert.equal(refused(''), 'usage: /share <file>[:<line>[-<line>]]');
}));

test('Tab after /share: the files and folders of the folder typed so far, a folder with its slash, dot files when a dot is typed', () => withFolder((dir) => {
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'src', 'app.ts'), '');
  writeFileSync(join(dir, 'src', 'api.ts'), '');
  writeFileSync(join(dir, '.env'), '');
  writeFileSync(join(dir, 'setup.py'), '');
  assert.deepEqual(shareCompletions('/share s', dir), [['setup.py', 'src/'], 's']);
  assert.deepEqual(shareCompletions('/share src/ap', dir), [['src/api.ts', 'src/app.ts'], 'src/ap']);
  assert.deepEqual(shareCompletions('/share ', dir), [['setup.py', 'src/'], '']);
  assert.deepEqual(shareCompletions('/share .e', dir), [['.env'], '.e']);
  assert.deepEqual(shareCompletions('/share nowhere/x', dir), [[], 'nowhere/x']);
  // (~/ is the home folder: no shell expands it in a chat line)
  const home = shareCompletions('/share ~/', dir)?.[0] ?? [];
  assert.deepEqual(home, readdirSync(homedir(), { withFileTypes: true }).filter((d) => !d.name.startsWith('.')).map((d) => `~/${d.name}${d.isDirectory() ? '/' : ''}`).sort().slice(0, 500));
  assert.equal(shareCompletions('/share src/app.ts:12', dir), undefined, 'lines being typed');
  assert.equal(shareCompletions('/sha', dir), undefined, 'the command itself');
  assert.equal(shareCompletions('hello', dir), undefined);
}));
