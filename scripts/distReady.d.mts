// The types of distReady.mjs (a plain module: vsce runs it without a TypeScript loader).
export const DIST_FILES: readonly string[];
export function distProblems(root: string): string[];
