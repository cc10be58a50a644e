// `/apply` on a terminal: a diff card's changes written into this copy of its file (applyHere), as VS Code's Apply
// makes them in the editor: line ends kept, a new file made, paths that are no repository's refused; `/apply undo`
// takes the last change back (undoApply) while the file is as /apply left it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, chmodSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyHere, undoApply, type AppliedChange } from '../../src/cli/applyHere';

const DIFF = '--- a/x.sh\n+++ b/x.sh\n@@ -1,2 +1,2 @@\n #!/bin/sh\n-echo one\n+echo two';
const card = (path: string, language = 'diff') => ({ path, language, startLine: 1, endLine: 2 });

function inRepo(fn: (repo: string) => void): void {
  const repo = mkdtempSync(join(tmpdir(), 'apply-here-'));
  try {
    mkdirSync(join(repo, '.git'));
    fn(repo);
  } finally {
    rmSync(repo, { recursive: true, force: true });
  }
}

test("a file's line ends and mode stay; from a folder below the repository's root, its path from the root", () =>
  inRepo((repo) => {
    const file = join(repo, 'x.sh');
    writeFileSync(file, '#!/bin/sh\r\necho one\r\n');
    chmodSync(file, 0o755);
    mkdirSync(join(repo, 'sub'));
    const r = applyHere(card('x.sh'), DIFF, join(repo, 'sub'));
    assert.equal('said' in r && r.said, `made 1 change in x.sh (${file}; git diff shows them, /apply undo takes them back)`);
    assert.equal(readFileSync(file, 'utf8'), '#!/bin/sh\r\necho two\r\n');
    assert.equal(statSync(file).mode & 0o777, 0o755);
  }));

test("a new file's card makes it (its folders too); a file it lacks otherwise, or a path that is no repository's, is an error", () =>
  inRepo((repo) => {
    const created = '--- /dev/null\n+++ b/src/new/b.ts\n@@ -0,0 +1,2 @@\n+one\n+two';
    const r = applyHere(card('src/new/b.ts'), created, repo);
    assert.equal('said' in r && r.said, `made src/new/b.ts, a new file of the shared changes (${join(repo, 'src', 'new', 'b.ts')}; /apply undo removes it)`);
    assert.equal(readFileSync(join(repo, 'src', 'new', 'b.ts'), 'utf8'), 'one\ntwo\n');
    assert.deepEqual(applyHere(card('src/new/b.ts'), created, repo), { said: 'src/new/b.ts here has these changes already' });
    assert.deepEqual(applyHere(card('x.sh'), DIFF, repo), { error: `no x.sh in ${repo} (run join in your copy of the repository to change its files)` });
    for (const path of ['../x.sh', '/etc/x.sh', 'a/./x.sh']) assert.deepEqual(applyHere(card(path), DIFF, repo), { error: `${path} is no path in a repository` }, path);
    assert.equal(existsSync(join(repo, '..', 'x.sh')), false);
    assert.deepEqual(applyHere({ ...card('x.sh'), outside: true }, DIFF, repo), { error: "these changes are of no file of the sharer's repository: nothing to apply them to" });
    assert.deepEqual(applyHere(card('x.sh', 'shell'), DIFF, repo), { error: 'that shared code is no diff: /apply makes the changes of a diff card (Share Changes, /changes)' });
  }));

test('a copy whose lines are neither as before the changes nor as after is left as it is', () =>
  inRepo((repo) => {
    writeFileSync(join(repo, 'x.sh'), '#!/bin/sh\necho three\n');
    assert.deepEqual(applyHere(card('x.sh'), DIFF, repo), { error: 'not applied to x.sh: its lines are in your copy neither as before these changes nor as after: nothing changed' });
    assert.equal(readFileSync(join(repo, 'x.sh'), 'utf8'), '#!/bin/sh\necho three\n');
  }));

/** The change an /apply made, or a failed test. */
function changed(r: ReturnType<typeof applyHere>): AppliedChange {
  assert.ok('change' in r && r.change !== undefined, JSON.stringify(r));
  return r.change;
}

test('/apply undo gives the file its bytes back, line ends and all, or removes the file /apply made; not a file changed since, nor one gone', () =>
  inRepo((repo) => {
    const file = join(repo, 'x.sh');
    writeFileSync(file, '#!/bin/sh\r\necho one\r\n');
    const change = changed(applyHere(card('x.sh'), DIFF, repo));
    assert.deepEqual(undoApply(change), { said: `took back the changes /apply made in x.sh (${file})` });
    assert.equal(readFileSync(file, 'utf8'), '#!/bin/sh\r\necho one\r\n');
    // changed since /apply (an editor saved it): left as it is
    const again = changed(applyHere(card('x.sh'), DIFF, repo));
    writeFileSync(file, '#!/bin/sh\r\necho two\r\necho mine\r\n');
    assert.deepEqual(undoApply(again), { error: 'x.sh changed since /apply: not taken back (git diff shows how it differs)' });
    assert.equal(readFileSync(file, 'utf8'), '#!/bin/sh\r\necho two\r\necho mine\r\n');
    // a new file: removed; gone already: said
    const made = changed(applyHere(card('b.ts'), '--- /dev/null\n+++ b/b.ts\n@@ -0,0 +1 @@\n+one', repo));
    assert.deepEqual(undoApply(made), { said: `removed b.ts, the new file /apply made (${join(repo, 'b.ts')})` });
    assert.equal(existsSync(join(repo, 'b.ts')), false);
    assert.deepEqual(undoApply(made), { error: 'b.ts is gone: nothing to take back' });
  }));

test('a file that is not UTF-8 (Latin-1) is not changed: written back as text, its other letters would be lost', () =>
  inRepo((repo) => {
    const latin1 = Buffer.from('#!/bin/sh\necho one # caf\xe9\n', 'latin1');
    writeFileSync(join(repo, 'x.sh'), latin1);
    const diff = '--- a/x.sh\n+++ b/x.sh\n@@ -1,2 +1,2 @@\n #!/bin/sh\n-echo one # caf\ufffd\n+echo two # caf\ufffd';
    assert.deepEqual(applyHere(card('x.sh'), diff, repo), { error: 'x.sh here is not UTF-8 text: not changed from chat (its other letters would be lost)' });
    assert.ok(readFileSync(join(repo, 'x.sh')).equals(latin1));
  }));

test("a path that a symbolic link here leads out of the repository is not changed, nor made; one that leads within it is", () =>
  inRepo((repo) => {
    const outside = mkdtempSync(join(tmpdir(), 'apply-outside-'));
    try {
      writeFileSync(join(outside, 'x.sh'), '#!/bin/sh\necho one\n');
      symlinkSync(outside, join(repo, 'vendor'));
      const diff = DIFF.replace(/x\.sh/g, 'vendor/x.sh');
      assert.deepEqual(applyHere(card('vendor/x.sh'), diff, repo), { error: `vendor/x.sh here leads out of ${repo} (a symbolic link): not changed from chat` });
      assert.equal(readFileSync(join(outside, 'x.sh'), 'utf8'), '#!/bin/sh\necho one\n');
      const created = '--- /dev/null\n+++ b/vendor/new/b.ts\n@@ -0,0 +1 @@\n+one';
      assert.deepEqual(applyHere(card('vendor/new/b.ts'), created, repo), { error: `vendor/new/b.ts here leads out of ${repo} (a symbolic link): not made from chat` });
      assert.equal(existsSync(join(outside, 'new')), false);
      // (a link to a folder of the repository itself: its file is changed)
      mkdirSync(join(repo, 'lib'));
      writeFileSync(join(repo, 'lib', 'x.sh'), '#!/bin/sh\necho one\n');
      symlinkSync(join(repo, 'lib'), join(repo, 'alias'));
      assert.ok('change' in applyHere(card('alias/x.sh'), DIFF.replace(/x\.sh/g, 'alias/x.sh'), repo));
      assert.equal(readFileSync(join(repo, 'lib', 'x.sh'), 'utf8'), '#!/bin/sh\necho two\n');
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  }));
