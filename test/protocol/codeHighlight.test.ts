// The highlighting the panel and the terminal share: the languages bundled, and the time it may take in a second.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { highlightedHtml, languageFor } from '../../src/protocol/codeHighlight';
import { HighlightBudget } from '../../src/protocol/highlightBudget';

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

test("a language's first code is highlighted whatever the second's time left (its grammar is compiled then, once), not counted; the next refused", () => {
  // (none of the second's time left, ever; languages no other test here highlights)
  const spent = new HighlightBudget(0);
  assert.equal(highlightedHtml('x := 1', 'go', 100, spent), 'x := <span class="hljs-number">1</span>');
  assert.equal(spent.refused, 0, 'not refused, and not counted');
  assert.equal(highlightedHtml('y := 2', 'go', 100, spent), undefined, 'refused from then on');
  assert.equal(spent.refused, 1);
  // (whichever budget comes: the language is compiled for all)
  assert.equal(highlightedHtml('x := 1', 'go', 100, new HighlightBudget(0)), undefined);
  // (code past `max` compiles nothing, and is not its language's first)
  assert.equal(highlightedHtml('p { color: red }', 'css', 5, spent), undefined);
  assert.notEqual(highlightedHtml('p { color: red }', 'css', 100, spent), undefined);
  assert.equal(spent.refused, 1);
});
