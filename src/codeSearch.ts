// The searches for shared code in a copy of its file, in a bundle of their own (dist/codeSearch.js): the extension
// host loads it when a card's Open or Apply first needs it (src/vscode/laterBundles.ts), so the extension's bundle at
// activation does not carry them. Open's: where a card's lines (or a diff's hunks) are in this workspace's copies;
// Apply's: where a diff's hunks go, and the changes they make.
export { applyDiff, appliedWords, applyRefused, createdText } from './protocol/applyDiff';
export { copyToSearch, lineWithCard, pickSharedCopy } from './protocol/sharedLines';
export { findDiff } from './protocol/diffHunks';
