// The types of iconsCss.mjs (a plain module: build.mjs runs without a TypeScript loader).
export function iconNames(): Promise<readonly string[]>;
export function shorterSvg(svg: string): string;
export function iconsCss(names: readonly string[]): string;
export const CODICONS_NOTICE: string;
