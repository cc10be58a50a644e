// `/apply` on a terminal: a diff card's changes written into this copy of its file (applyHere), as VS Code's Apply
// makes them in the editor: line ends kept, a new file made, paths that are no repository's refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, chmodSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyHere } from '../../src/cli/applyHere';

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
    assert.deepEqual(applyHere(card('x.sh'), DIFF, join(repo, 'sub')), { said: `made 1 change in x.sh (${file}; git diff shows them)` });
    assert.equal(readFileSync(file, 'utf8'), '#!/bin/sh\r\necho two\r\n');
    assert.equal(statSync(file).mode & 0o777, 0o755);
  }));

test("a new file's card makes it (its folders too); a file it lacks otherwise, or a path that is no repository's, is an error", () =>
  inRepo((repo) => {
    const created = '--- /dev/null\n+++ b/src/new/b.ts\n@@ -0,0 +1,2 @@\n+one\n+two';
    assert.deepEqual(applyHere(card('src/new/b.ts'), created, repo), { said: `made src/new/b.ts, a new file of the shared changes (${join(repo, 'src', 'new', 'b.ts')})` });
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
