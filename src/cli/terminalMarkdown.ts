// The terminal's Markdown reader in a bundle of its own (dist/terminalMarkdown.js): the chat's markdown-it
// (src/protocol/chatMarkdown.ts), which src/cli/inlineStyles.ts requires at the first message it styles. In
// dist/cli.js, markdown-it's code made a headless host, which styles nothing, hold 0.8 MB more.
export { newChatMarkdown } from '../protocol/chatMarkdown';
