// Path:line mentions found in text (pathMentionsIn, pure: the panel makes them links; panel.test clicks them): where
// a path glued to CJK text starts, the spaces a code span's or a quoted path may have, and texts made to make the
// scans slow (each must finish: a scan that went back over the text at every place took minutes).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { pathMentionsIn } from '../../src/webview/pathLinks';

/** The texts of the mentions in `s` (as an inline code span's whole text when `code`). */
const found = (s: string, code = false): string[] => pathMentionsIn(s, code).map((m) => m.text);

describe('path:line mentions', () => {
  test('CJK text glued before a path: cut off before a word of another script, with any names after it; one letter or a digit after it is the name\'s', () => {
    assert.deepEqual(found('見てsrc/資料/a.ts:12を'), ['src/資料/a.ts:12']);
    assert.deepEqual(found('请看lib/文档/b.py:3'), ['lib/文档/b.py:3']);
    assert.deepEqual(pathMentionsIn('見てsrc/資料/a.ts:12', false), [{ at: 2, text: 'src/資料/a.ts:12', path: 'src/資料/a.ts', line: '12' }]);
    // (a name of those scripts with a letter or digit after it is one name, not text and a path: `x/a.ts` is another file)
    assert.deepEqual(found('資料x/a.ts:3 と 資料2/b.ts:4'), ['資料x/a.ts:3', '資料2/b.ts:4']);
    assert.deepEqual(found('src/資料xy/a.ts:3'), ['src/資料xy/a.ts:3']);
    assert.deepEqual(found('見て~/app/a.ts:3、見て./b.ts:4'), ['~/app/a.ts:3', './b.ts:4']);
  });

  test('CJK text glued before a folder at a disk\'s root is text, from the text\'s start too; a name of those scripts before another folder is a folder', () => {
    assert.deepEqual(found('見て/home/me/a.ts:3'), ['/home/me/a.ts:3']);
    assert.deepEqual(found('ログは/var/log/app.log:12に、见/Users/me/b.ts:4'), ['/var/log/app.log:12', '/Users/me/b.ts:4']);
    assert.deepEqual(pathMentionsIn('見て/home/a.ts:3', false)[0]?.path, '/home/a.ts');
    assert.deepEqual(found('資料/メモ.md:3 と 資料/src/a.ts:4'), ['資料/メモ.md:3', '資料/src/a.ts:4']);
    // (after a character that bounds no path, `!`: the CJK text is text all the same, as `!見てsrc/a.ts:3`'s)
    assert.deepEqual(found('!見て/home/a.ts:3 !見て~/app/b.ts:4 !見て./c.ts:5 !見て../d.ts:6'), ['/home/a.ts:3', '~/app/b.ts:4', './c.ts:5', '../d.ts:6']);
  });

  test('a code span links whole only when it is one path: spaces before its first folder\'s end in words with no small letter first', () => {
    assert.deepEqual(found('see src/a.ts:3', true), ['src/a.ts:3']);
    assert.deepEqual(found('See src/a.ts:3', true), ['src/a.ts:3']);
    assert.deepEqual(found('open my file.ts:3', true), ['file.ts:3']);
    assert.deepEqual(found('My Project/a.ts:3', true), ['My Project/a.ts:3']);
    assert.deepEqual(found('Visual Studio 2022/x/a.cs:3', true), ['Visual Studio 2022/x/a.cs:3']);
    assert.deepEqual(found('src/my file.ts:12', true), ['src/my file.ts:12']);
  });

  test('a Python traceback\'s frame glued to CJK text or punctuation links, as after a space', () => {
    assert.deepEqual(found('エラー：File "x.py", line 3で落ちる'), ['File "x.py", line 3']);
    assert.deepEqual(found('見てFile "/app/x.py", line 7。'), ['File "/app/x.py", line 7']);
    assert.deepEqual(pathMentionsIn('見てFile "x.py", line 3', false)[0]?.path, 'x.py');
  });

  test('CJK corner brackets bound a path with spaces as quotes do; each closes its own', () => {
    assert.deepEqual(found('「C:\\Users\\me\\My Project\\a.ts:3」'), ['C:\\Users\\me\\My Project\\a.ts:3']);
    assert.deepEqual(found('『src/my file.ts:12』を見て'), ['src/my file.ts:12']);
    // (not closed by its own: only its last name, as prose)
    assert.deepEqual(found('「src/my file.ts:12"'), ['file.ts:12']);
    assert.deepEqual(found('"src/my file.ts:12」'), ['file.ts:12']);
  });

  test('typographic quotes (what smart-quoting apps put around a pasted path) bound a path as ASCII quotes do, spaced ones too; each closes its own', () => {
    assert.deepEqual(found('see “src/a.ts:3” now'), ['src/a.ts:3']);
    assert.deepEqual(found('‘lib/x.py:7’, «app/y.rb:2»'), ['lib/x.py:7', 'app/y.rb:2']);
    assert.deepEqual(found('in “C:\\Users\\me\\My Project\\a.ts:3”'), ['C:\\Users\\me\\My Project\\a.ts:3']);
    assert.deepEqual(found('‘src/my file.ts:4’'), ['src/my file.ts:4']);
    // (not closed by its own: only its last name, as prose)
    assert.deepEqual(found('“src/my file.ts:12»'), ['file.ts:12']);
  });

  test('hostile texts of 100,000 characters are scanned to their end, each place once or a few times (they finish)', () => {
    const N = 100_000;
    const fill = (unit: string) => unit.repeat(Math.ceil(N / unit.length)).slice(0, N);
    // (a glued path may start after any CJK letter: `漢` was looked back over from every place after it)
    for (const unit of ['漢', '漢ab/', '見て/', '見て/home/', ' 見てab', '/漢漢ab', '「a a/', '"a a/', '“a a/', '«a“', '((b)', 'ab漢']) {
      assert.deepEqual(found(fill(unit)), [], unit);
    }
    for (const unit of ['a ', 'My Project/', 'a.a/', 'see 漢ab/']) assert.deepEqual(found(fill(unit), true), [], `${unit} in code`);
    // (and many to find: each once)
    for (const [unit, text] of [['見てsrc/資料/a.ts:1 ', 'src/資料/a.ts:1'], ['『a/a a.ts:1』', 'a/a a.ts:1'], ['漢File "a.py", line 1', 'File "a.py", line 1']]) {
      const all = found(fill(unit));
      assert.ok(all.length >= Math.floor(N / unit.length) - 1 && all.every((t) => t === text), unit);
    }
  });
});
