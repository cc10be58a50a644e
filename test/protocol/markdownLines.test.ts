import { test } from 'node:test';
import assert from 'node:assert/strict';
import { markdownLines } from '../../src/protocol/markdownLines';

const code = (text: string) => markdownLines(text.split('\n')).lines.map((l) => l.code);

test('the fence left open is a top-level one: a fence in a quote or a list item closes with its container', () => {
  assert.equal(markdownLines(['```js', 'x']).open, '```');
  assert.equal(markdownLines(['~~~~', '~~~']).open, '~~~~', 'a shorter fence does not close it');
  assert.equal(markdownLines(['```', 'x', '```']).open, '');
  assert.equal(markdownLines(['- ```', '  x']).open, '', "the item's end closes it: a quote of it needs no fence");
  assert.equal(markdownLines(['> ```', '> x']).open, '');
});

test('which lines are code: fences and their lines, indented blocks, in quotes and list items', () => {
  assert.deepEqual(code('a\n```\nb\n```\nc'), [false, true, true, true, false]);
  assert.deepEqual(code('- a\n  ```\n  b\n  ```\n- c'), [false, true, true, true, false]);
  assert.deepEqual(code('> a\n>\n>     b\n> c'), [false, false, true, false]);
  assert.deepEqual(code('a\n    b\n\n    c'), [false, false, false, true], 'an indented block does not break into a paragraph');
  assert.deepEqual(code('1.     a\n\n       b'), [true, false, true], "an item that starts with an indented block: its content one space after the marker");
  assert.deepEqual(
    markdownLines(['> a', 'b', '', 'c']).lines.map((l) => [l.text, l.block]),
    [['a', 1], ['b', 1], ['', 2], ['c', 3]],
    'a lazy line is in the paragraph it goes on with, without the markers',
  );
});

test('containers nested past a hundred open no more: the lines after them are still read, each walking a hundred at most', () => {
  const deep = '- '.repeat(8000) + 'x';
  const lines = [deep, ...Array.from({ length: 8000 }, (_, i) => (i % 2 ? ' '.repeat(200) + '    y' : ''))];
  const read = markdownLines(lines).lines;
  assert.equal(read.length, lines.length);
  assert.equal(read[0]!.code, false);
  assert.equal(read[2]!.code, true, "four spaces in past the hundredth item's content: an indented block");
});
