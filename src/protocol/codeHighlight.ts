// Syntax highlighting shared by the panel and the terminal: highlight.js core with a handful of common languages
// (keeps the bundles small) and the language of a card or a fence; the bounds on highlighting's time are
// highlightBudget.ts. Pure: highlight.js's core is plain JavaScript. The panel shows its HTML
// (src/webview/highlight.ts), the terminal its colours (src/cli/codeColours.ts, from dist/terminalMarkdown.js).
import hljs from 'highlight.js/lib/core';
import type { HighlightBudget } from './highlightBudget';
import bash from 'highlight.js/lib/languages/bash';
import c from 'highlight.js/lib/languages/c';
import cpp from 'highlight.js/lib/languages/cpp';
import csharp from 'highlight.js/lib/languages/csharp';
import css from 'highlight.js/lib/languages/css';
import diff from 'highlight.js/lib/languages/diff';
import go from 'highlight.js/lib/languages/go';
import java from 'highlight.js/lib/languages/java';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import markdown from 'highlight.js/lib/languages/markdown';
import python from 'highlight.js/lib/languages/python';
import rust from 'highlight.js/lib/languages/rust';
import sql from 'highlight.js/lib/languages/sql';
import typescript from 'highlight.js/lib/languages/typescript';
import xml from 'highlight.js/lib/languages/xml';
import yaml from 'highlight.js/lib/languages/yaml';

const langs = { bash, c, cpp, csharp, css, diff, go, java, javascript, json, markdown, python, rust, sql, typescript, xml, yaml };
for (const [name, def] of Object.entries(langs)) hljs.registerLanguage(name, def);

/**
 * VS Code language ids (and common fence names) that highlight.js knows under another name. A Map: an object's
 * lookup of `constructor` (a code card's language, a fence's) found Object, which highlight.js threw on, and the
 * conversation showing it drew nothing, for everyone, at every reload.
 */
const ALIASES = new Map(Object.entries({
  typescriptreact: 'typescript', ts: 'typescript', tsx: 'typescript',
  javascriptreact: 'javascript', js: 'javascript', jsx: 'javascript', mjs: 'javascript', cjs: 'javascript',
  jsonc: 'json', shellscript: 'bash', sh: 'bash', shell: 'bash', zsh: 'bash',
  html: 'xml', svg: 'xml', py: 'python', rs: 'rust', 'c++': 'cpp', cs: 'csharp', yml: 'yaml', md: 'markdown', patch: 'diff',
}));

/** The highlight.js language for a language id or fence name, if it is one of those bundled. */
export function languageFor(id: string | undefined): string | undefined {
  if (!id) return undefined;
  const l = id.toLowerCase();
  const name = ALIASES.get(l) ?? l;
  try {
    return hljs.getLanguage(name) ? name : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The languages highlighted so far (in this panel, this terminal). highlight.js compiles a language's grammar the
 * first time it highlights it (25-75 ms for TypeScript or Java on a busy 2-core machine), most of a second's budget:
 * counted, a replay of cards in several languages showed the later languages' first cards plain (the panel drew them
 * again a second later, a flicker; a terminal never prints them again). So a language's first code is neither counted
 * nor refused: once per language, with at most `max` characters (code past it compiles nothing, and is not its first).
 */
const compiled = new Set<string>();

/**
 * highlight.js's HTML for `code` (its text escaped, in `<span class="hljs-...">`), or undefined when it is not
 * highlighted: its language unknown (languageFor), the code longer than `max`, the second's highlighting time spent
 * (`budget`; not for a language's first code: `compiled`), or highlight.js threw.
 */
export function highlightedHtml(code: string, language: string | undefined, max: number, budget: HighlightBudget): string | undefined {
  const lang = languageFor(language);
  if (lang === undefined || code.length > max) return undefined;
  const work = () => hljs.highlight(code, { language: lang, ignoreIllegals: true }).value;
  try {
    if (compiled.has(lang)) return budget.run(work);
    // (its first code, even one highlight.js throws on: once, or code that throws would always run uncounted)
    compiled.add(lang);
    return work();
  } catch {
    return undefined;
  }
}
