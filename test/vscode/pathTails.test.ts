// Looking for a shared path by name: its tails, longest first, and how much of the path a found file has.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { excludeGlob, MAX_TAILS, tailGlobs, tailScore } from '../../src/vscode/pathTails';

test("a path's tails are searched longest first (a search by name alone stopped at 50 of a repository's 60 index.ts)", () => {
  assert.deepEqual(tailGlobs('packages/api/src/index.ts'), ['**/packages/api/src/index.ts', '**/api/src/index.ts', '**/src/index.ts', '**/index.ts']);
  assert.deepEqual(tailGlobs('a.ts'), ['**/a.ts']);
  // a glob's special characters stand for themselves
  assert.deepEqual(tailGlobs('src/[id]/page{1}.tsx'), ['**/src/[[]id[]]/page[{]1[}].tsx', '**/[[]id[]]/page[{]1[}].tsx', '**/page[{]1[}].tsx']);
  assert.deepEqual(tailGlobs('src//a.ts'), ['**/src/a.ts', '**/a.ts']);
  // `!` is no glob character after `**/` (`[!]` was any character to VS Code, an unclosed class to ripgrep)
  assert.deepEqual(tailGlobs('src/routes/index!.ts'), ['**/src/routes/index!.ts', '**/routes/index!.ts', '**/index!.ts']);
});

test("a path of many parts (a peer's 512) is looked for by its last MAX_TAILS tails only: each is a search of the workspace", () => {
  const deep = `${'a/'.repeat(511)}x.ts`;
  assert.equal(tailGlobs(deep).length, MAX_TAILS);
  assert.equal(tailGlobs(deep)[0], `**/${'a/'.repeat(MAX_TAILS - 1)}x.ts`);
  assert.equal(tailGlobs(deep).at(-1), '**/x.ts');
  assert.equal(tailScore('src//a.ts', 'src/a.ts'), 2, 'an empty part is none');
});

test('how much of a path a file found by name has', () => {
  assert.equal(tailScore('packages/api/src/index.ts', 'packages/api/src/index.ts'), 4);
  assert.equal(tailScore('packages/api/src/index.ts', 'vendor/api/src/index.ts'), 3);
  assert.equal(tailScore('packages/api/src/index.ts', 'packages/web/src/index.ts'), 2);
  assert.equal(tailScore('src/index.ts', 'index.ts'), 1);
  assert.equal(tailScore('src/index.ts', 'src/main.ts'), 0);
});

test("a search by name leaves out node_modules and what files.exclude hides (an exclude of its own turned that setting off)", () => {
  const defaults = { '**/.git': true, '**/.svn': true, '**/.DS_Store': true, '**/Thumbs.db': true };
  assert.equal(excludeGlob(defaults), '{**/node_modules/**,**/.git,**/.svn,**/.DS_Store,**/Thumbs.db}');
  // switched off, conditional (`when`), or a pattern that would break the group: not in it
  assert.equal(excludeGlob({ '**/.git': false, '**/*.js': { when: '$(basename).ts' }, '**/{a,b}': true, 'out': true }), '{**/node_modules/**,out}');
  assert.equal(excludeGlob(undefined), '**/node_modules/**');
  assert.equal(excludeGlob('**/.git'), '**/node_modules/**');
});
