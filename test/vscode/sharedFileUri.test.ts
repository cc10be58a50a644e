// A selection shared from a version of a workspace file (a diff's old side) is from that file.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sharedFileUri, type UriLike } from '../../src/vscode/sharedFileUri';

class FakeUri implements UriLike<FakeUri> {
  constructor(readonly scheme: string, readonly path: string, readonly query = '', readonly fragment = '', readonly authority = '') {}
  with(c: { scheme?: string; authority?: string; query?: string; fragment?: string }): FakeUri {
    return new FakeUri(c.scheme ?? this.scheme, this.path, c.query ?? this.query, c.fragment ?? this.fragment, c.authority ?? this.authority);
  }
}

test("a diff's old side (a `git:` document) is shared as the workspace file it is a version of; other documents as they are", () => {
  const old = new FakeUri('git', '/home/ada/proj/src/a.ts', '{"path":"/home/ada/proj/src/a.ts","ref":"HEAD"}');
  assert.deepEqual({ ...sharedFileUri(old) }, { scheme: 'file', path: '/home/ada/proj/src/a.ts', query: '', fragment: '', authority: '' });
  const file = new FakeUri('file', '/home/ada/proj/src/a.ts');
  assert.equal(sharedFileUri(file), file);
  const untitled = new FakeUri('untitled', 'Untitled-1');
  assert.equal(sharedFileUri(untitled), untitled);
});

test("the saved side of Compare with Saved and a local history entry are shared as the file they are a version of", () => {
  // (as VS Code makes them: the file's own URI, another scheme, what it is a version of in the query)
  const saved = new FakeUri('showModifications', '/home/ada/proj/src/a.ts', '{"scheme":"file","query":""}');
  // in a Remote window (and code-server) VS Code makes it from the window's URI of the file, with its authority
  const remote = new FakeUri('showModifications', '/home/ada/proj/src/a.ts', '{"scheme":"vscode-remote","query":""}', '', 'ssh-remote+box');
  assert.deepEqual({ ...sharedFileUri(remote) }, { scheme: 'file', path: '/home/ada/proj/src/a.ts', query: '', fragment: '', authority: '' });
  assert.deepEqual({ ...sharedFileUri(saved) }, { scheme: 'file', path: '/home/ada/proj/src/a.ts', query: '', fragment: '', authority: '' });
  const history = new FakeUri('vscode-local-history', '/home/ada/proj/src/a.ts', '{"location":"file:///home/ada/.config/Code/User/History/1a2b/Xy.ts","associatedResource":"file:///home/ada/proj/src/a.ts"}', '', 'ssh-remote+box');
  assert.deepEqual({ ...sharedFileUri(history) }, { scheme: 'file', path: '/home/ada/proj/src/a.ts', query: '', fragment: '', authority: '' });
  // a document of another scheme is not taken for a workspace file by its path
  const output = new FakeUri('output', '/extension-output-tcp-chat.tcp-chat-#1-TCP Chat');
  assert.equal(sharedFileUri(output), output);
});
