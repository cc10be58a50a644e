import { test } from 'node:test';
import assert from 'node:assert/strict';
import { outputMessage, terminalSelectionText } from '../../src/vscode/terminalSelection';

test("a terminal's selection as a card's text: each row's blanks to the margin gone, the blank rows around it too, CR LF as LF; the indents and blank rows inside kept", () => {
  const copied = '\r\n   \r\n$ npm test   \r\n  ✖ adds (2 ms)\t\r\n\r\n    expected 3, got 4      \r\n   \r\n';
  assert.equal(terminalSelectionText(copied), '$ npm test\n  ✖ adds (2 ms)\n\n    expected 3, got 4');
  assert.equal(terminalSelectionText('one line'), 'one line');
  assert.equal(terminalSelectionText('   \n\t\n'), '');
  assert.equal(terminalSelectionText(''), '');
});

test('the selection as a message: a fenced block of output, its fence longer than any run of backticks in it', () => {
  assert.equal(outputMessage('$ npm test\nsrc/a.ts:3'), '```output\n$ npm test\nsrc/a.ts:3\n```');
  // (a Markdown file's fence, printed by `cat`, does not end the block)
  assert.equal(outputMessage('```ts\nx\n```'), '````output\n```ts\nx\n```\n````');
});
