// Builds the bundles (extension host, the server it loads on Host Chat, the transcript it loads on Save Conversation, Open's and Apply's search it loads at the first Open or Apply, CLI and its Markdown reader, webview) and the panel's style sheet into dist/, after type-checking every layer.
// Usage: node scripts/build.mjs [--no-typecheck] [--watch]
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { CODICONS_NOTICE, iconNames, iconsCss } from './iconsCss.mjs';
import { bundledPackages, noticesText } from './notices.mjs';

const args = new Set(process.argv.slice(2));
if (!args.has('--no-typecheck')) {
  const r = spawnSync(process.execPath, ['scripts/typecheck.mjs'], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
rmSync('dist', { recursive: true, force: true });
mkdirSync('dist', { recursive: true });
writeFileSync('dist/icons.css', iconsCss(await iconNames()));

const common = { bundle: true, minify: true, sourcemap: false, legalComments: 'none', logLevel: 'warning' };
// Node reads its bundles as UTF-8: the look-alike letter tables and the messages' punctuation go in as they are,
// not as \uXXXX escapes of six bytes each (0.7 KB of the extension bundle)
const node = { platform: 'node', format: 'cjs', target: 'node20', charset: 'utf8' };
const targets = [
  { ...common, ...node, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  // the server on its own, loaded by the extension on Host Chat only (src/vscode/laterBundles.ts)
  { ...common, ...node, entryPoints: ['src/server.ts'], outfile: 'dist/server.js' },
  // Save Conversation's Markdown writer, loaded by the extension when the command runs (src/vscode/laterBundles.ts)
  { ...common, ...node, entryPoints: ['src/transcript.ts'], outfile: 'dist/transcript.js' },
  // Open's and Apply's searches for a card's lines, loaded by the extension when a card's Open or Apply first needs them (src/vscode/laterBundles.ts)
  { ...common, ...node, entryPoints: ['src/codeSearch.ts'], outfile: 'dist/codeSearch.js' },
  { ...common, ...node, entryPoints: ['src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' }, external: ['./terminalMarkdown.js'] },
  // the terminal's Markdown reader, highlighting and emoji names, which dist/cli.js requires at their first use (src/cli/laterBundle.ts)
  { ...common, ...node, entryPoints: ['src/cli/terminalMarkdown.ts'], outfile: 'dist/terminalMarkdown.js' },
  { ...common, entryPoints: ['src/webview/main.ts'], outfile: 'dist/webview.js', platform: 'browser', format: 'iife', target: 'chrome120' },
  // the panel's style sheet without its comments and blanks (45 KB as written, 31 KB so: 4.6 KB less in the .vsix)
  { ...common, entryPoints: ['media/chat.css'], outfile: 'dist/chat.css', target: 'chrome120' },
];
if (args.has('--watch')) {
  for (const t of targets) await (await esbuild.context(t)).watch();
} else {
  const built = await Promise.all(targets.map((t) => esbuild.build({ ...t, metafile: true })));
  chmodSync('dist/cli.js', 0o755);
  // (the icons' style sheet is made of @vscode/codicons' SVGs: not an esbuild input)
  const metafiles = Object.fromEntries(built.map((b, i) => [targets[i].outfile.replace('dist/', ''), b.metafile]));
  const packages = bundledPackages(metafiles);
  packages.push({ name: '@vscode/codicons', dir: 'node_modules/@vscode/codicons', bundles: new Set(['icons.css']), notice: CODICONS_NOTICE });
  writeFileSync('dist/THIRD-PARTY-NOTICES.txt', noticesText(packages.sort((a, b) => a.name.localeCompare(b.name))));
}
