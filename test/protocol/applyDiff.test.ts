// Apply on a diff card: the card's hunks made in a copy of its file, where it has drifted too; hunks it has already
// left as they are; a hunk it has neither way stops it all. Checked against `git diff`'s own output.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyDiff, appliedWords, applyRefused, withEdits, type Applied } from '../../src/protocol/applyDiff';

/** A file of 40 lines, `const vN = N;`: HEAD's copy. */
const HEAD = Array.from({ length: 40 }, (_, i) => `const v${i + 1} = ${i + 1};`);
/** The sharer's working tree: line 5 changed, line 20 deleted, a line added after 35. */
const NOW = HEAD.flatMap((l, i) => (i === 4 ? ['const v5 = 50;'] : i === 19 ? [] : i === 34 ? [l, 'const extra = 1;'] : [l]));

/** `git diff --no-index` of two copies (as lines, each ending in a line break), as Share Changes gets one. */
function gitDiff(a: readonly string[], b: readonly string[], dir: string): string {
  const end = (l: readonly string[]) => (l.length > 0 ? `${l.join('\n')}\n` : '');
  writeFileSync(join(dir, 'a'), end(a));
  writeFileSync(join(dir, 'b'), end(b));
  const r = spawnSync('git', ['diff', '--no-index', '--no-color', 'a', 'b'], { cwd: dir, encoding: 'utf8' });
  assert.ok(r.status === 0 || r.status === 1, r.stderr);
  return r.stdout;
}

/** What applying `diff` to `lines` gives (the file's lines after), or the error. */
function applied(lines: readonly string[], diff: string): { lines: string[]; already: number } | string {
  const r = applyDiff(lines, diff);
  return 'error' in r ? r.error : { lines: withEdits(lines, r.edits), already: r.already };
}

const dir = mkdtempSync(join(tmpdir(), 'apply-diff-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

test("a copy as HEAD has it gets the sharer's file; one that has the changes already is left as it is", () => {
  const diff = gitDiff(HEAD, NOW, dir);
  assert.deepEqual(applied(HEAD, diff), { lines: NOW, already: 0 });
  // (each edit's own lines among its context: what Apply selects; one that deletes, where it did)
  const edits = (applyDiff(HEAD, diff) as Applied).edits;
  assert.deepEqual(edits.map((e) => [e.start + e.added, e.lines.slice(e.added, e.added + e.addedCount)]), [[4, ['const v5 = 50;']], [19, []], [35, ['const extra = 1;']]]);
  const again = applyDiff(NOW, diff) as Applied;
  assert.deepEqual([again.edits, again.already], [[], 3], 'every hunk there already');
  // (one hunk made already, by hand: the others made, it left)
  const partly = HEAD.map((l, i) => (i === 4 ? 'const v5 = 50;' : l));
  assert.deepEqual(applied(partly, diff), { lines: NOW, already: 1 });
});

test('a copy that has drifted (lines added above, between and below the hunks) gets them where its lines are now', () => {
  const diff = gitDiff(HEAD, NOW, dir);
  const drifted = ['// a', '// b', ...HEAD.slice(0, 12), '// c', ...HEAD.slice(12), '// d'];
  const want = ['// a', '// b', ...NOW.slice(0, 12), '// c', ...NOW.slice(12), '// d'];
  assert.deepEqual(applied(drifted, diff), { lines: want, already: 0 });
  // trailing blanks an editor trimmed (or added) do not stop it
  assert.deepEqual(applied(HEAD.map((l) => `${l}  `), diff), { lines: NOW.map((l, i) => (HEAD.includes(l) && i !== 4 ? `${l}  ` : l)), already: 0 });
});

test('a hunk the copy has neither as before nor as after stops it all, saying which; a card with none, or that deletes the file, is refused', () => {
  const diff = gitDiff(HEAD, NOW, dir);
  const edited = HEAD.map((l, i) => (i === 19 ? 'const v20 = 21;' : l));
  assert.equal(applied(edited, diff), 'hunk 2 (from line 17) is in your copy neither as before these changes nor as after: nothing changed');
  const one = gitDiff(HEAD, HEAD.map((l, i) => (i === 4 ? 'x' : l)), dir);
  assert.equal(applied(['other'], one), 'its lines are in your copy neither as before these changes nor as after: nothing changed');
  assert.equal(applied(HEAD, 'diff --git a/a b/a\nold mode 100644\nnew mode 100755'), 'the card has no changes to make (no hunk)');
  assert.equal(applied(HEAD, gitDiff(HEAD, [], dir).replace('+++ b/b', '+++ /dev/null')), 'these changes delete the file: that is yours to do');
});

test("lines added at a file's end, and lines deleted there: made once, and left once made", () => {
  const added = [...HEAD, 'const v41 = 41;'];
  const more = gitDiff(HEAD, added, dir);
  assert.deepEqual(applied(HEAD, more), { lines: added, already: 0 });
  assert.deepEqual(applied(added, more), { lines: added, already: 1 }, 'not added twice');
  const cut = HEAD.slice(0, -2);
  const less = gitDiff(HEAD, cut, dir);
  assert.deepEqual(applied(HEAD, less), { lines: cut, already: 0 });
  assert.deepEqual(applied(cut, less), { lines: cut, already: 1 });
});

test("a new file's card makes it in an empty copy (or none), and is there already in one that has it", () => {
  const created = gitDiff([], ['one', 'two'], dir).replace('--- a/a', '--- /dev/null');
  const r = applyDiff([], created) as Applied;
  assert.equal(r.creates, true);
  assert.deepEqual(withEdits([], r.edits), ['one', 'two']);
  assert.deepEqual(applied([''], created), { lines: ['one', 'two'], already: 0 });
  assert.deepEqual(applied(['one', 'two', ''], created), { lines: ['one', 'two', ''], already: 1 });
  assert.equal(applied(['mine'], created), 'the file these changes make is here already, with other lines: nothing changed');
});

test('a card that left hunks out (too long for the room) makes those it has and counts the others', () => {
  const diff = gitDiff(HEAD, NOW, dir);
  const first = diff.slice(0, diff.indexOf('@@ -17')) + '(2 more hunks left out: too long for the room)';
  const r = applyDiff(HEAD, first) as Applied;
  assert.equal(r.leftOut, 2);
  assert.deepEqual(withEdits(HEAD, r.edits), HEAD.map((l, i) => (i === 4 ? 'const v5 = 50;' : l)));
});

test('random files and changes, as git diff writes them: applied to HEAD gives the sharer\'s file, to a drifted copy too, and again changes nothing', () => {
  // (seeded: the same 60 cases each run)
  let seed = 12345;
  const rand = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % n);
  const word = () => ['a', 'b', 'c', '}', '', 'return x;', 'if (y) {'][rand(7)]!;
  for (let c = 0; c < 60; c++) {
    const head = Array.from({ length: 5 + rand(60) }, (_, i) => (rand(4) === 0 ? word() : `line ${i} ${rand(1000)}`));
    const now = head.flatMap((l) => {
      const r = rand(12);
      return r === 0 ? [] : r === 1 ? [`changed ${rand(1000)}`] : r === 2 ? [l, word(), `added ${rand(1000)}`] : [l];
    });
    const diff = gitDiff(head, now, dir);
    if (diff === '') continue;
    const want = { lines: now, already: 0 };
    assert.deepEqual(applied(head, diff), want, `case ${c}:\n${diff}`);
    const top = [`// ${rand(99)}`, '// drift'];
    assert.deepEqual(applied([...top, ...head], diff), { lines: [...top, ...now], already: 0 }, `case ${c}, drifted`);
    const again = applyDiff(now, diff);
    assert.ok(!('error' in again) && again.edits.length === 0, `case ${c}, again: ${JSON.stringify(again)}`);
  }
});

test('what Apply says it made: the changes, those there already, those the card left out', () => {
  const edit = { start: 0, count: 1, lines: ['x'], added: 0, addedCount: 1 };
  assert.equal(appliedWords({ edits: [edit], already: 0, leftOut: 0 }, 'src/a.ts'), 'made 1 change in src/a.ts');
  assert.equal(appliedWords({ edits: [edit, edit], already: 1, leftOut: 2 }, 'src/a.ts'), 'made 2 changes in src/a.ts; 1 more was there already; the card left 2 more out (too long for the room): not made');
  assert.equal(appliedWords({ edits: [], already: 3, leftOut: 0 }, 'src/a.ts'), 'src/a.ts here has these changes already');
});

test("Git's own files are never changed from chat (a core.fsmonitor or a hook runs commands); other paths are", () => {
  for (const path of ['.git/config', '.git/hooks/pre-commit', 'sub/.GIT/config', '.Git/info/attributes']) {
    assert.equal(applyRefused(path), `${path} is one of Git's own files: changes to it are not applied from chat`, path);
  }
  for (const path of ['src/a.ts', '.gitignore', '.github/workflows/ci.yml', 'x.git/y']) assert.equal(applyRefused(path), undefined, path);
});
