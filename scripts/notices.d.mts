// The types of notices.mjs (a plain module: build.mjs runs without a TypeScript loader).
export interface BundledPackage {
  name: string;
  /** Its folder (`node_modules/...`). */
  dir: string;
  /** The bundles (dist/ file names) that hold its code. */
  bundles: Set<string>;
  /** What the notices say of it instead of its licence file's text. */
  notice?: string;
}
export function bundledPackages(metafiles: Record<string, { inputs: Record<string, unknown> }>): BundledPackage[];
export function noticesText(packages: readonly BundledPackage[]): string;
