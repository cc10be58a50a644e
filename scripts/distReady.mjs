// Whether dist/ holds a whole build of src/ as it is: what a .vsix is made of. vsce runs it before it packages or
// publishes (the manifest's `vscode:prepublish`): `vsce publish` after an edit shipped the old bundles, and after a
// watch build (which writes no notices) a .vsix without the licences of the code in it, and said nothing.
// It checks rather than builds: the end-to-end test packages the extension while other test files run dist/cli.js.
// Usage: node scripts/distReady.mjs   (exit 1, saying why, when dist/ is not ready)
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** What a .vsix needs from dist/ (build.mjs writes them all; a watch build all but the notices). */
export const DIST_FILES = ['extension.js', 'server.js', 'transcript.js', 'codeSearch.js', 'webview.js', 'icons.css', 'chat.css', 'THIRD-PARTY-NOTICES.txt'];

/** The newest file under `dir` (recursively), or undefined for none. */
function newest(dir) {
  let best;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    const f = e.isDirectory() ? newest(path) : { path, mtimeMs: statSync(path).mtimeMs };
    if (f && (!best || f.mtimeMs > best.mtimeMs)) best = f;
  }
  return best;
}

/** Why dist/ under `root` is no whole build of its src/ as it is now: none when it is one. */
export function distProblems(root) {
  const problems = [];
  const times = [];
  for (const f of DIST_FILES) {
    try {
      times.push(statSync(join(root, 'dist', f)).mtimeMs);
    } catch {
      problems.push(`dist/${f} is missing`);
    }
  }
  // (a copy made to be packaged, as the end to end stages one, has dist/ and no src/: the files alone are checked)
  const source = existsSync(join(root, 'src')) ? newest(join(root, 'src')) : undefined;
  if (source && times.length > 0 && source.mtimeMs > Math.min(...times)) problems.push(`dist/ is older than ${source.path.slice(root.length + 1)}`);
  // (the panel's style sheet, which the build minifies into dist/chat.css)
  const style = join(root, 'media', 'chat.css');
  if (source && times.length > 0 && existsSync(style) && statSync(style).mtimeMs > Math.min(...times)) problems.push('dist/ is older than media/chat.css');
  return problems;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const problems = distProblems(process.cwd());
  if (problems.length > 0) {
    console.error(`dist/ is not a whole build of src/ (${problems.join('; ')}): run \`npm run build\` (npm run package does)`);
    process.exit(1);
  }
}
