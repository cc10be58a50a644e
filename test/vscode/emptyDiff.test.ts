// Share Changes: the Git extension's empty diff told apart, no changes from a file Git does not track, by the
// extension's own git (it may be one not on PATH), not by the git command line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emptyDiff, type HeadTree } from '../../src/vscode/emptyDiff';

/** A repository whose HEAD answers as `answer` does for the path asked, and records what was asked. */
function repo(answer: (path: string) => Promise<unknown>): HeadTree & { asked: string[][] } {
  const asked: string[][] = [];
  return {
    asked,
    getObjectDetails: (treeish, path) => {
      asked.push([treeish, path]);
      return answer(path);
    },
  };
}

/** The Git extension's error for a path HEAD has no entry for (its GitError, as git.ts throws it). */
const unknownPath = () => Object.assign(new Error('Path not known by git'), { gitErrorCode: 'UnknownPath' });

test("an empty diff of a file HEAD has is no changes; of one it has not, a file Git does not track; HEAD's tree asked for the file's path", async () => {
  const r = repo(async (path) => (path === '/w/a.ts' ? { mode: '100644', object: 'abc', size: 3 } : Promise.reject(unknownPath())));
  assert.equal(await emptyDiff(r, '/w/a.ts'), '');
  assert.equal(await emptyDiff(r, '/w/new.ts'), null);
  assert.deepEqual(r.asked, [['HEAD', '/w/a.ts'], ['HEAD', '/w/new.ts']]);
});

test("the extension's git failing otherwise (no HEAD yet, a timeout, an error of another kind): undefined, for the git command line to say", async () => {
  assert.equal(await emptyDiff(repo(() => Promise.reject(Object.assign(new Error('fatal: Not a valid object name HEAD'), { gitErrorCode: 'BadRevision' }))), '/w/a.ts'), undefined);
  assert.equal(await emptyDiff(repo(() => Promise.reject(new Error('Path not known by git'))), '/w/a.ts'), undefined, 'by the code, not the words');
  assert.equal(await emptyDiff(repo(() => Promise.reject(undefined)), '/w/a.ts'), undefined);
});
