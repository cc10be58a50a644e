import { test } from 'node:test';
import assert from 'node:assert/strict';
import { terminalSelectionText } from '../../src/vscode/terminalSelection';

test("a terminal's selection as a card's text: each row's blanks to the margin gone, the blank rows around it too, CR LF as LF; the indents and blank rows inside kept", () => {
  const copied = '\r\n   \r\n$ npm test   \r\n  ✖ adds (2 ms)\t\r\n\r\n    expected 3, got 4      \r\n   \r\n';
  assert.equal(terminalSelectionText(copied), '$ npm test\n  ✖ adds (2 ms)\n\n    expected 3, got 4');
  assert.equal(terminalSelectionText('one line'), 'one line');
  assert.equal(terminalSelectionText('   \n\t\n'), '');
  assert.equal(terminalSelectionText(''), '');
});
