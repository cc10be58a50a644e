// The panel's icons (dist/icons.css, made by scripts/iconsCss.mjs) are @vscode/codicons' SVGs written shorter for the
// .vsix by svgo. That each draws as its codicon is test/webview/icons.test.ts's (Chromium draws them).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { shorterSvg } from '../../scripts/iconsCss.mjs';
import { ICON_NAMES } from '../../src/webview/iconNames';

test('shorterSvg keeps the viewBox and drops what a CSS mask does not read: width, height and fill="currentColor"', () => {
  const svg = '<svg width="16" height="16" viewBox="0 0 16 16" xmlns="http://www.w3.org/2000/svg" fill="currentColor"><path d="M8 1.5C8 1.224 7.776 1 7.5 1C7.224 1 7 1.224 7 1.5V7H1.5Z"/></svg>';
  const short = shorterSvg(svg);
  assert.match(short, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 16 16"><path d="[^"]+"\/><\/svg>$/);
  assert.ok(short.length < svg.length - 60, short);
});

test('dist/icons.css holds each icon the panel draws, in its order, at most two decimals in its numbers, and is shorter than its codicons', () => {
  const css = readFileSync('dist/icons.css', 'utf8');
  const shipped = new Map([...css.matchAll(/\.codicon-([a-z0-9-]+)\{mask-image:url\("data:image\/svg\+xml,([^"]+)"\)\}/g)].map((m) => [m[1]!, decodeURIComponent(m[2]!)]));
  assert.deepEqual([...shipped.keys()], [...ICON_NAMES]);
  let was = 0;
  for (const name of ICON_NAMES) {
    const svg = shipped.get(name)!;
    assert.match(svg, /viewBox='0 0 16 16'/, name);
    assert.doesNotMatch(svg, /width=|height=|fill='currentColor'/, name);
    assert.deepEqual(svg.match(/\d*\.\d{3,}/g), null, `${name}: two decimals at most`);
    was += readFileSync(`node_modules/@vscode/codicons/src/icons/${name}.svg`, 'utf8').length;
  }
  const now = [...shipped.values()].reduce((n, svg) => n + svg.length, 0);
  assert.ok(now < was * 0.6, `${now} characters of SVG, of the codicons' ${was}`);
});
