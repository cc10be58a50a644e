// Save Conversation as Markdown's own bundle (dist/transcript.js): the extension host loads it only when the command
// runs (src/vscode/laterBundles.ts), so the extension's bundle at activation does not carry the transcript's
// Markdown writer and the plain-text wording it uses.
export { conversationId, conversationsOf, transcriptName, transcriptOf } from './vscode/transcript';
