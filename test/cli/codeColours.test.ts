// A code card's syntax colours on a terminal: highlight.js's scopes as a few standard colours, around the code's own
// text, within the bounds the panel highlights in.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { codeColours, fencedColours } from '../../src/cli/codeColours';
import { HIGHLIGHT_MAX, HighlightBudget } from '../../src/protocol/highlightBudget';

/** All the time highlighting may take. */
const always = new HighlightBudget(Infinity);

// eslint-disable-next-line no-control-regex -- the escape sequences are what it removes
const withoutEscapes = (lines: readonly string[]) => lines.join('\n').replace(/\u001b\[[0-9;]*m/g, '');

test('each line of the code, its tokens coloured and its text as it was; every line ends in the default colour', () => {
  const code = '<div class="a">&amp; \'x\'</div>\n<!-- a\ncomment -->\n<style>p { color: red }</style>';
  const lines = codeColours(code, 'html', HIGHLIGHT_MAX, always) ?? [];
  assert.equal(lines.length, 4);
  assert.equal(withoutEscapes(lines), code, "highlight.js's escaped characters as the code has them");
  assert.deepEqual(lines.slice(1, 3), ['\u001b[90m<!-- a\u001b[39m', '\u001b[90mcomment -->\u001b[39m'], 'a comment over two lines: grey on each');
  for (const l of lines) assert.doesNotMatch(l, /\u001b\[(?!39m)\d+m[^\u001b]*$/, `ends in the default colour: ${JSON.stringify(l)}`); // eslint-disable-line no-control-regex -- what it looks for
  // (a string's interpolated code reads as code: the default colour in it)
  assert.deepEqual(codeColours('`a${b}c`', 'javascript', HIGHLIGHT_MAX, always), ['\u001b[32m`a\u001b[39m${b}\u001b[32mc`\u001b[39m']);
});

test('plain (undefined) past the second\'s highlighting time, as the panel; and in the next second coloured again', () => {
  let clock = 0;
  let reading = 0;
  // (each highlighting takes 60 ms by this clock: the second's 100 ms go after two)
  const budget = new HighlightBudget(100, () => clock + 60 * Math.floor((reading++ + 1) / 2));
  assert.notEqual(codeColours('int y = 2;', 'java', HIGHLIGHT_MAX, always), undefined, "(java's first code: not counted)");
  const shown = Array.from({ length: 3 }, () => codeColours('int x = 1;', 'java', HIGHLIGHT_MAX, budget));
  assert.deepEqual(shown.map((s) => s !== undefined), [true, true, false]);
  clock += 1000 + 60 * 3;
  assert.notEqual(codeColours('int x = 1;', 'java', HIGHLIGHT_MAX, budget), undefined);
});

test('plain past `max` characters, for a language not bundled, and for none', () => {
  assert.notEqual(codeColours('let a = 1;', 'typescript', 10, always), undefined);
  assert.equal(codeColours('let a = 12;', 'typescript', 10, always), undefined);
  assert.equal(codeColours('let a = 1;', 'cobol', HIGHLIGHT_MAX, always), undefined);
  assert.equal(codeColours('let a = 1;', undefined, HIGHLIGHT_MAX, always), undefined);
});

test("a language's first code is coloured whatever the second's time left (its grammar is compiled then, once), the next not", () => {
  // (none of the second's time left, ever)
  const spent = new HighlightBudget(0);
  const code = 'SELECT a FROM t WHERE b = 1;';
  const first = codeColours(code, 'sql', HIGHLIGHT_MAX, spent);
  assert.ok(first !== undefined && withoutEscapes(first) === code && first.join('') !== code, 'coloured');
  assert.equal(codeColours(code, 'sql', HIGHLIGHT_MAX, spent), undefined, 'counted from then on');
  // (code past `max` compiles nothing, and is not its language's first)
  assert.equal(codeColours('key: value', 'yaml', 5, spent), undefined);
  assert.notEqual(codeColours('key: value', 'yaml', HIGHLIGHT_MAX, spent), undefined);
});

test("a text's fenced code blocks: their code lines coloured by the fence's language, by index; fences, text, other blocks not", () => {
  const lines = ['look:', '```ts', 'let a = 1;', '', 'a = 2;', '```', 'text `c`', '```', 'no language', '```', '~~~~python extra words', 'x = 1', '~~~~', '    indented = 1', '> ```js', '> q()', '```rust', 'fn main() {}'];
  const shown = fencedColours(lines, HIGHLIGHT_MAX, always);
  /* eslint-disable no-control-regex -- the colours' escape sequences are what it looks for */
  assert.deepEqual([...shown.keys()], [2, 3, 4, 11, 15, 17]);
  for (const [n, l] of shown) assert.equal(withoutEscapes([l]), lines[n], `${n}: the same text`);
  assert.match(shown.get(2) ?? '', /\u001b\[35mlet\u001b\[39m/);
  assert.match(shown.get(11) ?? '', /\u001b\[36m1\u001b\[39m/, "the info string's first word: python");
  assert.match(shown.get(17) ?? '', /\u001b\[35mfn\u001b\[39m/, 'a block not closed runs to the end');
  /* eslint-enable no-control-regex */
  // (a backtick fence holds a line of backticks with an info string as code: it does not close it)
  const inner = fencedColours(['```md', '```ts', 'x', '```'], HIGHLIGHT_MAX, always);
  assert.deepEqual([...inner.keys()], [1, 2]);
  assert.equal(fencedColours(['```ts', 'let a = 1;', '```'], 5, always).size, 0, 'past `max`: plain');
  // (a top-level block's code as written, its tabs too)
  assert.equal(withoutEscapes([fencedColours(['```go', '\tx := 1', '```'], HIGHLIGHT_MAX, always).get(1) ?? '']), '\tx := 1');
});

test("fenced code blocks in quotes and list items are coloured as the top-level ones: their code, after the markers as written", () => {
  const lines = [
    '> ```ts', '> let a = 1;', '>', '>     b = 2;', '> ```', // 0-4: a quote's block, a blank line and indentation in it
    '- item', '  ```py', '  x = 1', '  ```', // 5-8: a list item's, its fence under its text
    '1. ```js', '   q()', // 9-10: a numbered item's, on its first line, not closed
    '> - ```rust', '>   fn f() {}', '> ```', '', // 11-14: in a list item in a quote (a fence at the quote's level ends both: one of its own)
    '> ```c', 'int x;', // 15-16: a quote's block ends with the quote: a line without `>` is a paragraph
    '- ```ts', '\tlet t = 1;', '  ```', // 17-19: a tab that is partly the item's indentation: plain
    '1.  ```ts', '\tlet u = 1;', // 20-21: a tab that is all of the item's indentation: after it
  ];
  const shown = fencedColours(lines, HIGHLIGHT_MAX, always);
  assert.deepEqual([...shown.keys()], [1, 2, 3, 7, 10, 12, 21]);
  for (const [n, l] of shown) assert.equal(withoutEscapes([l]), lines[n], `${n}: the same text`);
  /* eslint-disable no-control-regex -- the colours' escape sequences are what it looks for */
  assert.equal(shown.get(1), '> \u001b[35mlet\u001b[39m a = \u001b[36m1\u001b[39m;', "the quote's marker as written, uncoloured");
  assert.equal(shown.get(2), '>');
  assert.match(shown.get(3) ?? '', /^> {5}b = \u001b\[36m2\u001b\[39m;$/, "the code's own indentation kept");
  assert.equal(shown.get(7), '  x = \u001b[36m1\u001b[39m');
  assert.match(shown.get(10) ?? '', /^ {3}\u001b\[34mq\u001b\[39m\(\)$/);
  assert.match(shown.get(12) ?? '', /^> {3}\u001b\[35mfn\u001b\[39m/);
  assert.match(shown.get(21) ?? '', /^\t\u001b\[35mlet\u001b\[39m/);
  /* eslint-enable no-control-regex */
});

test("a diff's code (diff, patch, any name highlight.js reads as diff) in git's colours, not highlight.js's: @@ cyan, removed red, added green, in a hunk", () => {
  const diff = ['--- a/a.ts', '+++ b/a.ts', '@@ -1,2 +1,2 @@', ' one', '-two', '+2'];
  const git = ['--- a/a.ts', '+++ b/a.ts', '\u001b[36m@@ -1,2 +1,2 @@\u001b[39m', ' one', '\u001b[31m-two\u001b[39m', '\u001b[32m+2\u001b[39m'];
  for (const language of ['diff', 'patch', 'Patch']) assert.deepEqual(codeColours(diff.join('\n'), language, HIGHLIGHT_MAX, always), git, language);
  // (a snippet with no @@ line: all one hunk; past `max` too, as a diff card of any length, no highlight.js in it)
  assert.deepEqual(codeColours('- old\n+ new\n same', 'diff', 5, new HighlightBudget(0)), ['\u001b[31m- old\u001b[39m', '\u001b[32m+ new\u001b[39m', ' same']);
  // a text's ```diff and ```patch blocks alike
  const shown = fencedColours(['```patch', ...diff, '```', '~~~diff', '+x', '~~~'], HIGHLIGHT_MAX, always);
  assert.deepEqual([...shown.values()], [...git, '\u001b[32m+x\u001b[39m']);
});

test("a patch of several files: a hunk ends where its @@ line's counts say, so the next file's ---/+++ header is not coloured as removed and added", () => {
  const patch = ['diff --git a/a.ts b/a.ts', '--- a/a.ts', '+++ b/a.ts', '@@ -1,2 +1 @@', ' one', '-two', 'diff --git a/b.ts b/b.ts', '--- a/b.ts', '+++ b/b.ts', '@@ -3 +3,2 @@', '-x', '+y', '+z', '\\ No newline at end of file'];
  const red = (l: string) => `\u001b[31m${l}\u001b[39m`;
  const green = (l: string) => `\u001b[32m${l}\u001b[39m`;
  const cyan = (l: string) => `\u001b[36m${l}\u001b[39m`;
  assert.deepEqual(codeColours(patch.join('\n'), 'patch', HIGHLIGHT_MAX, always), [
    'diff --git a/a.ts b/a.ts', '--- a/a.ts', '+++ b/a.ts', cyan('@@ -1,2 +1 @@'), ' one', red('-two'),
    'diff --git a/b.ts b/b.ts', '--- a/b.ts', '+++ b/b.ts', cyan('@@ -3 +3,2 @@'), red('-x'), green('+y'), green('+z'), '\\ No newline at end of file',
  ]);
  // (counts that run short, an edited snippet: the next @@ starts a hunk all the same; a @@ line with no counts: to the end)
  assert.deepEqual(codeColours(['@@ -1 +1 @@', '-a', '+b', '@@ -9 +9 @@', '-c', '+d'].join('\n'), 'diff', HIGHLIGHT_MAX, always), [cyan('@@ -1 +1 @@'), red('-a'), green('+b'), cyan('@@ -9 +9 @@'), red('-c'), green('+d')]);
  assert.deepEqual(codeColours(['@@ hunk @@', '-a', '--- b', '+b'].join('\n'), 'diff', HIGHLIGHT_MAX, always), [cyan('@@ hunk @@'), red('-a'), red('--- b'), green('+b')]);
});
