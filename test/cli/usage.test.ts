import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cellsOf } from '../../src/cli/terminalWrap';
import { HOST_USAGE, JOIN_USAGE, MAIN_USAGE } from '../../src/cli/usage';

test('every --help line fits an 80-column terminal (79 cells: one that wraps at the last column adds an empty row)', () => {
  for (const [name, text] of Object.entries({ MAIN_USAGE, HOST_USAGE, JOIN_USAGE })) {
    text.split('\n').forEach((line, i) => {
      const cells = [...line].reduce((n, ch) => n + cellsOf(ch), 0);
      assert.ok(cells <= 79, `${name} line ${i + 1} takes ${cells} cells: ${line}`);
      assert.doesNotMatch(line, /\s$/, `${name} line ${i + 1} ends in a space`);
    });
  }
});
