// The licences of the third-party code in the bundles go with them: dist/THIRD-PARTY-NOTICES.txt, written by the
// build from esbuild's list of each bundle's inputs (scripts/notices.mjs), and carried by the .vsix.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as esbuild from 'esbuild';
import { bundledPackages } from '../../scripts/notices.mjs';

const NOTICES = 'dist/THIRD-PARTY-NOTICES.txt';

test('the packages of a bundle are those its inputs come from: scoped, nested ones by their own folder; sources are none', () => {
  const inputs = (...files: string[]) => ({ inputs: Object.fromEntries(files.map((f) => [f, {}])) });
  const found = bundledPackages({
    'webview.js': inputs('src/webview/main.ts', 'node_modules/a/index.js', 'node_modules/a/lib/x.js', 'node_modules/@s/b/dist/b.mjs', 'node_modules/a/node_modules/c/c.js'),
    'cli.js': inputs('src/cli.ts', 'node_modules/a/index.js'),
  });
  assert.deepEqual(found.map((p) => [p.name, p.dir, [...p.bundles].sort()]), [
    ['@s/b', 'node_modules/@s/b', ['webview.js']],
    ['a', 'node_modules/a', ['cli.js', 'webview.js']],
    ['c', 'node_modules/a/node_modules/c', ['webview.js']],
  ]);
});

test('dist/THIRD-PARTY-NOTICES.txt names every package whose code the panel\'s or the terminal command\'s bundle holds, with its version, licence text and bundles; and the icons\'', async () => {
  if (!existsSync(NOTICES)) spawnSync(process.execPath, ['scripts/build.mjs', '--no-typecheck'], { stdio: 'inherit' });
  const text = readFileSync(NOTICES, 'utf8');
  const built = await esbuild.build({ entryPoints: ['src/webview/main.ts'], bundle: true, write: false, metafile: true, platform: 'browser', format: 'iife', logLevel: 'silent' });
  const node = { bundle: true, write: false, metafile: true, platform: 'node', format: 'cjs', logLevel: 'silent' } as const;
  // (the terminal's Markdown reader, a bundle of its own that cli.js requires: as scripts/build.mjs makes them)
  const cli = await esbuild.build({ ...node, entryPoints: ['src/cli.ts'], external: ['./terminalMarkdown.js'] });
  const markdown = await esbuild.build({ ...node, entryPoints: ['src/cli/terminalMarkdown.ts'] });
  const packages = bundledPackages({ 'webview.js': built.metafile, 'cli.js': cli.metafile, 'terminalMarkdown.js': markdown.metafile });
  assert.ok(packages.length >= 5, packages.map((p) => p.name).join(' '));
  // (the terminal command's third-party code is all in its later bundle: a headless host loads none of it)
  assert.deepEqual(packages.filter((p) => p.bundles.has('cli.js')).map((p) => p.name), [], 'no third-party code in cli.js');
  for (const name of ['markdown-it', 'markdown-it-emoji', 'highlight.js']) {
    assert.ok(packages.some((p) => p.name === name && p.bundles.has('terminalMarkdown.js')), `${name} in the terminal's later bundle`);
  }
  // (a heading between two lines of '=', then the licence's text, for each package)
  const parts = text.split(/\n={78}\n/);
  const sections = new Map<string, string>();
  for (let i = 1; i + 1 < parts.length; i += 2) sections.set(parts[i]!, parts[i + 1]!);
  for (const p of [...packages, { name: '@vscode/codicons', dir: 'node_modules/@vscode/codicons' }]) {
    const { version, license } = JSON.parse(readFileSync(`${p.dir}/package.json`, 'utf8')) as { version: string; license: string };
    const heading = [...sections.keys()].find((k) => k.startsWith(`${p.name} ${version}, licence ${license}, in `));
    assert.ok(heading, `${p.name} ${version} in the notices`);
    for (const b of 'bundles' in p ? p.bundles : []) assert.ok(heading.split(', in ')[1]?.split(', ').includes(b), `${heading}: in ${b}`);
    // its licence's text, not a word that there is none
    assert.match(sections.get(heading) ?? '', /copyright|permission is hereby granted|attribution|mozilla public license/i, p.name);
  }
  assert.match(readFileSync('.vscodeignore', 'utf8'), /^!dist\/THIRD-PARTY-NOTICES\.txt$/m, 'the .vsix carries it');
});

test("the icons' notice says what CC BY 4.0 asks: who made them, their copyright, the licence by its URI, no warranty, and that they were changed (not the licence's 18 KB of text)", () => {
  if (!existsSync(NOTICES)) spawnSync(process.execPath, ['scripts/build.mjs', '--no-typecheck'], { stdio: 'inherit' });
  const section = readFileSync(NOTICES, 'utf8').split(/\n={78}\n/).find((_, i, all) => i > 0 && all[i - 1]!.startsWith('@vscode/codicons ')) ?? '';
  assert.match(section, /Codicons \(https:\/\/github\.com\/microsoft\/vscode-codicons\), Copyright \(c\) Microsoft Corporation\./);
  assert.match(section, /https:\/\/creativecommons\.org\/licenses\/by\/4\.0\/legalcode/);
  assert.match(section, /without warranties/);
  assert.match(section, /Changed here: [^]*paths written\s+shorter by svgo/);
  assert.ok(section.length < 1000, `${section.length} characters`);
  assert.match(readFileSync('dist/icons.css', 'utf8').split('\n')[0]!, /Codicons by Microsoft, CC BY 4\.0 .*changed/);
});
