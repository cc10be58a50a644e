// `/open` on a terminal: which file of this copy a code card names, and the command that opens it at its line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { editorCommand, sharedFileHere } from '../../src/cli/openInEditor';

test("the editor's command: +LINE FILE for vi, Emacs, nano and the rest; FILE:LINE for those that take it; its own options kept", () => {
  assert.deepEqual(editorCommand('vim', '/r/a.ts', 12), { command: 'vim', args: ['+12', '/r/a.ts'] });
  assert.deepEqual(editorCommand('  emacsclient -t ', '/r/a.ts', 3), { command: 'emacsclient', args: ['-t', '+3', '/r/a.ts'] });
  assert.deepEqual(editorCommand('code --wait', '/r/a.ts', 12), { command: 'code', args: ['--wait', '--goto', '/r/a.ts:12'] });
  assert.deepEqual(editorCommand('/usr/bin/hx', '/r/a.ts', 7), { command: '/usr/bin/hx', args: ['/r/a.ts:7'] });
  assert.deepEqual(editorCommand('', '/r/a.ts', 1), { command: 'vi', args: ['+1', '/r/a.ts'] });
});

test("a card's file in this copy: under the root of the repository typed in, else under the folder; why not, in words", () => {
  const dir = mkdtempSync(join(tmpdir(), 'tcp-chat-open-'));
  try {
    mkdirSync(join(dir, '.git'));
    mkdirSync(join(dir, 'src', 'deep'), { recursive: true });
    writeFileSync(join(dir, 'src', 'a.ts'), 'x\n');
    writeFileSync(join(dir, 'src', 'deep', 'notes.md'), 'x\n');
    assert.deepEqual(sharedFileHere({ path: 'src/a.ts', startLine: 12, endLine: 15 }, join(dir, 'src', 'deep')), { file: join(dir, 'src', 'a.ts'), line: 12 });
    // (not under the root: under the folder typed in)
    assert.deepEqual(sharedFileHere({ path: 'notes.md' }, join(dir, 'src', 'deep')), { file: join(dir, 'src', 'deep', 'notes.md'), line: 1 });
    const why = (code: Parameters<typeof sharedFileHere>[0]) => {
      const r = sharedFileHere(code, dir);
      return 'error' in r ? r.error : `opened ${r.file}`;
    };
    assert.equal(why({ path: 'src/b.ts', startLine: 1 }), `no src/b.ts in ${dir}: /open opens your copy of the file (run join in your copy of the repository)`);
    assert.equal(why({ path: 'src', startLine: 1 }), `no src in ${dir}: /open opens your copy of the file (run join in your copy of the repository)`, 'a folder');
    assert.equal(why({ path: 'a.ts', outside: true, startLine: 1 }), "a.ts is not a file of the sharer's folder: nothing to open by its name");
    assert.equal(why({ language: 'typescript' }), 'that code has no file: nothing to open');
    // a path of another's making that would open a file nobody shared
    for (const path of ['../../etc/passwd', 'src/../../x', '/etc/passwd', 'C:/Windows/win.ini', 'src\\a.ts', './src/a.ts']) {
      assert.equal(why({ path, startLine: 1 }), `${path} is no path in a repository: nothing to open`, path);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
