// Apply's own bundle (dist/applyDiff.js): the extension host loads it only when a diff card's Apply is first
// clicked (src/vscode/laterBundles.ts), so the extension's bundle at activation does not carry the search that
// finds a diff's hunks in a copy of its file.
export { applyDiff, appliedWords, applyRefused, createdText } from './protocol/applyDiff';
