import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pathInFolder } from '../../src/vscode/pathInFolder';

test('an absolute path under a workspace folder is that folder\'s relative path', () => {
  assert.equal(pathInFolder('/home/me/app/src/a.ts', '/home/me/app', false), 'src/a.ts');
  assert.equal(pathInFolder('/home/me/app/src/a.ts', '/home/me/app/', false), 'src/a.ts');
  assert.equal(pathInFolder('/home/me/app//src/a.ts', '/home/me/app', false), 'src/a.ts');
  assert.equal(pathInFolder('C:\\Users\\me\\app\\src\\Foo.cs', 'c:\\Users\\me\\app', false), 'src/Foo.cs', 'a drive letter in either case');
  assert.equal(pathInFolder('c:/users/ME/app/src/Foo.cs', 'C:\\Users\\me\\app', true), 'src/Foo.cs', 'where the file system ignores case');
});

test('a path elsewhere, relative, going up, or the folder itself is none', () => {
  assert.equal(pathInFolder('/home/me/application/a.ts', '/home/me/app', false), undefined, 'a longer name is another folder');
  assert.equal(pathInFolder('/home/me/App/a.ts', '/home/me/app', false), undefined, 'case counts on Linux');
  assert.equal(pathInFolder('home/me/app/a.ts', '/home/me/app', false), undefined, 'not absolute');
  assert.equal(pathInFolder('/home/me/app/../secret/a.ts', '/home/me/app', false), undefined, 'up and out');
  assert.equal(pathInFolder('/home/me/app/./a.ts', '/home/me/app', false), undefined);
  assert.equal(pathInFolder('/home/me/app', '/home/me/app', false), undefined);
  assert.equal(pathInFolder('/home/me/app/', '/home/me/app', false), undefined);
  assert.equal(pathInFolder('/etc/passwd', '/', false), undefined, 'a root folder is not matched by everything');
  assert.equal(pathInFolder('/home/İx/a.ts', '/home/i̇x', true), undefined, 'a letter that lowercases longer: not matched, no wrong slice');
});
