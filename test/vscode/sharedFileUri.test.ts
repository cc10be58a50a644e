// A selection shared from a version of a workspace file (a diff's old side) is from that file.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sharedFileUri, type UriLike } from '../../src/vscode/sharedFileUri';

class FakeUri implements UriLike<FakeUri> {
  constructor(readonly scheme: string, readonly path: string, readonly query = '', readonly fragment = '') {}
  with(c: { scheme?: string; query?: string; fragment?: string }): FakeUri {
    return new FakeUri(c.scheme ?? this.scheme, this.path, c.query ?? this.query, c.fragment ?? this.fragment);
  }
}

test("a diff's old side (a `git:` document) is shared as the workspace file it is a version of; other documents as they are", () => {
  const old = new FakeUri('git', '/home/ada/proj/src/a.ts', '{"path":"/home/ada/proj/src/a.ts","ref":"HEAD"}');
  assert.deepEqual({ ...sharedFileUri(old) }, { scheme: 'file', path: '/home/ada/proj/src/a.ts', query: '', fragment: '' });
  const file = new FakeUri('file', '/home/ada/proj/src/a.ts');
  assert.equal(sharedFileUri(file), file);
  const untitled = new FakeUri('untitled', 'Untitled-1');
  assert.equal(sharedFileUri(untitled), untitled);
});
