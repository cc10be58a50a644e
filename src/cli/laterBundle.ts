// dist/terminalMarkdown.js, beside dist/cli.js: the terminal's Markdown reader, syntax highlighting and emoji names,
// required at their first use (the first message styled or coloured, the first emoji name read or completed). A
// headless host uses none of them: loaded with dist/cli.js, highlight.js's grammars and the emoji names held it
// 3 MB more (51.8 against 48.5 MB idle, no client), and markdown-it 5 MB before them.

let loaded: typeof import('./terminalMarkdown') | undefined;

/** The later bundle's exports, required once. */
export function terminalMarkdown(): typeof import('./terminalMarkdown') {
  // (required, not imported: the build leaves it out of dist/cli.js, external)
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= require('./terminalMarkdown.js') as typeof import('./terminalMarkdown');
  return loaded;
}
