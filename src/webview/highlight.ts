// The panel's syntax highlighting: highlight.js's HTML (escaped text in <span class="hljs-...">; callers sanitise it
// anyway) for code of the languages src/protocol/codeHighlight.ts bundles, within its bounds.
import { highlightedHtml } from '../protocol/codeHighlight';
import { HIGHLIGHT_MAX, HighlightBudget } from '../protocol/highlightBudget';

// (what the panel's callers, and its tests, take from here with the HTML)
export { languageFor } from '../protocol/codeHighlight';
export { HIGHLIGHT_MAX, HighlightBudget } from '../protocol/highlightBudget';

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

const panelBudget = new HighlightBudget();

/** How many times the panel's code was shown plain for want of highlighting time so far (see HighlightBudget). */
export function highlightsRefused(): number {
  return panelBudget.refused;
}

/**
 * Highlighted HTML for `code`, or escaped text when the language is unknown, the code longer than `max` or the
 * second's highlighting time spent (`budget`; a language's first code is highlighted whatever is left: highlightedHtml).
 */
export function highlight(code: string, language: string | undefined, max = HIGHLIGHT_MAX, budget = panelBudget): string {
  return highlightedHtml(code, language, max, budget) ?? escapeHtml(code);
}
