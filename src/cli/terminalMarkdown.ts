// The terminal's readers of what messages hold, in a bundle of their own (dist/terminalMarkdown.js), which
// src/cli/laterBundle.ts requires at their first use: the chat's markdown-it (src/protocol/chatMarkdown.ts), syntax
// highlighting (src/protocol/codeHighlight.ts) and the emoji names (markdown-it-emoji's, GitHub's). In dist/cli.js,
// their code made a headless host, which reads no message, hold 0.8 MB (markdown-it) and 3 MB (the others) more.
export { newChatMarkdown } from '../protocol/chatMarkdown';
export { highlightedHtml } from '../protocol/codeHighlight';
export { default as emojiNames } from 'markdown-it-emoji/lib/data/full.mjs'; // (typed in src/shared/emojiNames.d.ts)
