// Share Changes from the Explorer and Source Control: the files of what VS Code passes the command, read without
// trusting it (a resource state, a Uri, a list of Uris, anything else).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CHANGES_FILES_MAX, changesFiles, notSharedText } from '../../src/vscode/changesFiles';

/** A Uri as VS Code passes one: `fsPath` a getter of the class, not an own property. */
class FakeUri {
  constructor(readonly scheme: string, readonly path: string) {}
  get fsPath(): string {
    return this.path.replace(/\//g, '\\');
  }
}
const file = (path: string) => new FakeUri('file', path);
const ref = (path: string) => ({ scheme: 'file', path: path.replace(/\//g, '\\') });

test('from the palette or a key (nothing passed), or the editor\'s context menu (its own file alone): no files, the editor shares as it did', () => {
  const own = ref('/p/src/a.ts');
  assert.deepEqual(changesFiles([], own), { files: [], more: 0 });
  assert.deepEqual(changesFiles([], undefined), { files: [], more: 0 });
  assert.deepEqual(changesFiles([file('/p/src/a.ts')], own), { files: [], more: 0 });
  // another file alone (a command run with one): that file, whole
  assert.deepEqual(changesFiles([file('/p/src/b.ts')], own), { files: [ref('/p/src/b.ts')], more: 0 });
  assert.deepEqual(changesFiles([file('/p/src/a.ts')], undefined), { files: [ref('/p/src/a.ts')], more: 0 });
});

test("the Explorer's (clicked, selected): the selected files in their order, the clicked one among them; none selected: the clicked one", () => {
  const own = ref('/p/src/a.ts');
  assert.deepEqual(changesFiles([file('/p/b.ts'), [file('/p/a.ts'), file('/p/b.ts'), file('/p/c.ts')]], own).files, [ref('/p/a.ts'), ref('/p/b.ts'), ref('/p/c.ts')]);
  // (right-clicked on the editor's own file there: still the Explorer's, all its changes)
  assert.deepEqual(changesFiles([file('/p/src/a.ts'), [file('/p/src/a.ts')]], own).files, [ref('/p/src/a.ts')]);
  assert.deepEqual(changesFiles([file('/p/b.ts'), []], own).files, [ref('/p/b.ts')]);
  // (no editor open at all)
  assert.deepEqual(changesFiles([file('/p/b.ts'), [file('/p/b.ts')]], undefined).files, [ref('/p/b.ts')]);
});

test("Source Control's resource states, one argument each, in order: their resourceUri", () => {
  const state = (path: string) => ({ resourceUri: file(path), decorations: {}, contextValue: 'modified' });
  assert.deepEqual(changesFiles([state('/p/a.ts'), state('/p/b.ts')], ref('/p/a.ts')).files, [ref('/p/a.ts'), ref('/p/b.ts')]);
  // one state of the editor's own file: that file's whole changes, not the editor's selection
  assert.deepEqual(changesFiles([state('/p/a.ts')], ref('/p/a.ts')).files, [ref('/p/a.ts')]);
});

test('what does not look like a Uri is left out; a Uri of another scheme is kept (the command says it is not a file on disk); nothing understood: as from the palette', () => {
  const garbage = [null, undefined, 5, 'file:///p/a.ts', {}, { scheme: 1, path: '/p/a.ts' }, { scheme: 'file', path: '' }, { resourceUri: 'file:///p/a.ts' }, { resourceUri: null }, [null, 7], Symbol('x')];
  assert.deepEqual(changesFiles(garbage, ref('/p/a.ts')), { files: [], more: 0 });
  assert.deepEqual(changesFiles([null], ref('/p/a.ts')), { files: [], more: 0 });
  assert.deepEqual(changesFiles([...garbage, { scheme: 'vscode-remote', path: '/p/b.ts' }, { scheme: 'file', fsPath: 'C:\\p\\c.ts', path: '/c:/p/c.ts' }], undefined).files, [
    { scheme: 'vscode-remote', path: '/p/b.ts' },
    { scheme: 'file', path: 'C:\\p\\c.ts' },
  ]);
});

test(`at most ${CHANGES_FILES_MAX} files, the first ones: the others counted, and said`, () => {
  const many = Array.from({ length: CHANGES_FILES_MAX + 3 }, (_, i) => file(`/p/f${i}.ts`));
  const { files, more } = changesFiles([many[0], many], undefined);
  assert.deepEqual(files, many.slice(0, CHANGES_FILES_MAX).map((f) => ref(f.path)));
  assert.equal(more, 3);
  assert.equal(notSharedText([], more), `not shared: 3 more (${CHANGES_FILES_MAX} at a time)`);
});

test('of several files, what did not go is said once, each as for one file; all went: nothing to say', () => {
  assert.equal(notSharedText([], 0), undefined);
  assert.equal(notSharedText(['save src/b.ts first', 'Git does not track src/c.ts'], 0), 'not shared: save src/b.ts first; Git does not track src/c.ts');
  assert.equal(notSharedText(['src is a folder'], 2), `not shared: src is a folder; 2 more (${CHANGES_FILES_MAX} at a time)`);
});
