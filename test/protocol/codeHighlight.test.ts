// The highlighting the panel and the terminal share: the languages bundled, and the time it may take in a second.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HighlightBudget, highlightedHtml, languageFor } from '../../src/protocol/codeHighlight';

test("VS Code's language ids and fence names as highlight.js's bundled languages; others none", () => {
  assert.equal(languageFor('typescriptreact'), 'typescript');
  assert.equal(languageFor('Shell'), 'bash');
  assert.equal(languageFor('rust'), 'rust');
  assert.equal(languageFor('cobol'), undefined);
  assert.equal(languageFor('constructor'), undefined, "an object's own property is no language");
  assert.equal(languageFor(undefined), undefined);
});

test('the budget\'s own clock runs in Node (performance.now): work within it is done, past it refused', () => {
  assert.equal(new HighlightBudget().run(() => 42), 42);
  const none = new HighlightBudget(0);
  assert.equal(none.run(() => 1), undefined, 'no time: refused');
  assert.equal(none.refused, 1);
});

test("highlight.js's HTML for a bundled language within `max`; undefined otherwise", () => {
  const budget = new HighlightBudget(Infinity);
  assert.equal(highlightedHtml('x < 1', 'js', 100, budget), 'x &lt; <span class="hljs-number">1</span>');
  assert.equal(highlightedHtml('x < 1', 'js', 4, budget), undefined);
  assert.equal(highlightedHtml('x < 1', 'cobol', 100, budget), undefined);
});
