import { test } from 'node:test';
import assert from 'node:assert/strict';
import { documentKey } from '../../src/vscode/documentKey';

const file = (fsPath: string) => ({ scheme: 'file', fsPath, toString: () => `file://${fsPath}` });

test("a file's open document is found whatever the case its name is written in, where the file system ignores case", () => {
  assert.equal(documentKey(file('/Users/me/app/src/A.ts'), true), documentKey(file('/Users/me/app/src/a.ts'), true), 'macOS');
  assert.equal(documentKey(file('C:\\App\\src\\Foo.cs'), true), documentKey(file('c:\\app\\src\\foo.cs'), true), 'Windows');
  assert.notEqual(documentKey(file('/home/me/app/src/A.ts'), false), documentKey(file('/home/me/app/src/a.ts'), false), 'Linux: two files');
  // (other schemes are compared as written: a remote one's case is its file system's business)
  const remote = (path: string) => ({ scheme: 'vscode-remote', fsPath: path, toString: () => `vscode-remote://ssh${path}` });
  assert.notEqual(documentKey(remote('/srv/A.ts'), true), documentKey(remote('/srv/a.ts'), true));
});
