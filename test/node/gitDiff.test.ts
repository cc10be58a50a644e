// Share Changes without VS Code's Git extension: a file's changes from the `git` command line, in a real repository.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gitFileDiff } from '../../src/node/gitDiff';
import { changesCard } from '../../src/protocol/diffHunks';
import { inRepository } from './gitRepository';

const LINES = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`);

test('a changed file: its diff against HEAD, what is staged with what is not, as the card is made of', async () => {
  await inRepository({ 'a.txt': `${LINES.join('\n')}\n` }, async (dir) => {
    const file = join(dir, 'a.txt');
    execFileSync('git', ['config', 'color.ui', 'always'], { cwd: dir });
    writeFileSync(file, `${LINES.map((l, i) => (i === 2 ? 'line three' : l)).join('\n')}\n`);
    execFileSync('git', ['add', 'a.txt'], { cwd: dir });
    writeFileSync(file, `${LINES.map((l, i) => (i === 2 ? 'line three' : i === 17 ? 'line eighteen' : l)).join('\n')}\n`);
    const diff = await gitFileDiff(file);
    assert.ok(diff !== null);
    assert.match(diff, /^diff --git a\/a\.txt b\/a\.txt\n/);
    assert.match(diff, /\n-line 3\n\+line three\n/, 'staged');
    assert.match(diff, /\n-line 18\n\+line eighteen\n/, 'not staged');
    assert.ok(!diff.includes('\u001b['), 'no colour, whatever the repository says');
    assert.deepEqual(changesCard(diff, [{ start: 17, end: 17 }], () => true)?.startLine, 15);
  });
});

test('no changes: empty; a file Git does not track (new, or ignored): null; in a folder below the root too', async () => {
  await inRepository({ 'a.txt': 'a\n', '.gitignore': '*.log\n' }, async (dir) => {
    assert.equal(await gitFileDiff(join(dir, 'a.txt')), '');
    writeFileSync(join(dir, 'new.txt'), 'new\n');
    assert.equal(await gitFileDiff(join(dir, 'new.txt')), null);
    writeFileSync(join(dir, 'x.log'), 'log\n');
    assert.equal(await gitFileDiff(join(dir, 'x.log')), null);
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'sub', 'b.txt'), 'b\n');
    execFileSync('git', ['add', 'sub/b.txt'], { cwd: dir });
    // (added, not committed: a new file against HEAD)
    assert.match((await gitFileDiff(join(dir, 'sub', 'b.txt'))) ?? '', /new file mode[^]*\n\+b\n/);
  });
});

test("a file's name is that file, not a pattern: a[1].txt unchanged says nothing of a1.txt changed", async () => {
  await inRepository({ 'a[1].txt': 'x\n', 'a1.txt': 'y\n' }, async (dir) => {
    writeFileSync(join(dir, 'a1.txt'), 'changed\n');
    assert.equal(await gitFileDiff(join(dir, 'a[1].txt')), '');
    assert.match((await gitFileDiff(join(dir, 'a1.txt'))) ?? '', /\+changed/);
  });
});

test("a diff program of the repository's settings is not run (diff.external)", async () => {
  await inRepository({ 'a.txt': 'a\n' }, async (dir) => {
    const ran = join(dir, 'ran');
    execFileSync('git', ['config', 'diff.external', `touch ${ran}; false`], { cwd: dir });
    writeFileSync(join(dir, 'a.txt'), 'b\n');
    assert.match((await gitFileDiff(join(dir, 'a.txt'))) ?? '', /-a\n\+b\n/);
    assert.throws(() => execFileSync('test', ['-e', ran]));
  });
});

test('not in a repository: refused, saying so', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tcp-chat-nogit-'));
  try {
    writeFileSync(join(dir, 'a.txt'), 'a\n');
    await assert.rejects(gitFileDiff(join(dir, 'a.txt')), { message: `${dir} is in no Git repository` });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a repository with no commit yet: refused, saying so', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tcp-chat-git-'));
  try {
    execFileSync('git', ['init', '-q'], { cwd: dir });
    writeFileSync(join(dir, 'a.txt'), 'a\n');
    execFileSync('git', ['add', 'a.txt'], { cwd: dir });
    await assert.rejects(gitFileDiff(join(dir, 'a.txt')), { message: 'its repository has no commit yet: nothing to compare with' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('no git on the PATH: refused, saying so', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tcp-chat-nogit-'));
  const path = process.env.PATH;
  try {
    writeFileSync(join(dir, 'a.txt'), 'a\n');
    process.env.PATH = dir; // (a folder with no git in it)
    await assert.rejects(gitFileDiff(join(dir, 'a.txt')), { message: 'git is not installed here (or not on the PATH)' });
  } finally {
    process.env.PATH = path;
    rmSync(dir, { recursive: true, force: true });
  }
});
