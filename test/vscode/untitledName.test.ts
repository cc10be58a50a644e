import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sharedFileName, untitledName } from '../../src/vscode/untitledName';

test("a shared file's name for an untitled editor: the last part of its path, nothing that could hide or fake a name", () => {
  assert.equal(sharedFileName('src/parser/onlyb.ts'), 'onlyb.ts');
  assert.equal(sharedFileName('C:\\work\\repo\\main.py'), 'main.py');
  assert.equal(sharedFileName('.eslintrc.json'), '.eslintrc.json');
  assert.equal(sharedFileName('docs/Überblick (v2).md'), 'Überblick (v2).md');
  assert.equal(sharedFileName('a/evil\u202Etxt.exe'), 'eviltxt.exe', 'no right-to-left override');
  assert.equal(sharedFileName('a/x\u200By\u0007z:*?.ts'), 'xyz.ts', 'no invisible, control or reserved characters');
  assert.equal(sharedFileName('a/..'), '');
  assert.equal(sharedFileName('dir/'), '');
  assert.equal(sharedFileName('x'.repeat(500)).length, 80);
});

test('an untitled name not taken by another editor: name, then name (2), (3) before the extension; "shared code" when the path has no usable name', () => {
  const open = new Set(['onlyb.ts', 'onlyb (2).ts', 'Makefile', 'shared code']);
  const taken = (n: string) => open.has(n);
  assert.equal(untitledName('src/other.ts', taken), 'other.ts');
  assert.equal(untitledName('src/onlyb.ts', taken), 'onlyb (3).ts');
  assert.equal(untitledName('Makefile', taken), 'Makefile (2)');
  assert.equal(untitledName('.bashrc', taken), '.bashrc');
  assert.equal(untitledName('..', taken), 'shared code (2)');
});
