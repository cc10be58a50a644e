// The panel's icons (dist/icons.css, made by scripts/iconsCss.mjs) are @vscode/codicons' SVGs made shorter for the
// .vsix: the same shapes, their numbers to one decimal.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { shorterSvg } from '../../scripts/iconsCss.mjs';
import { ICON_NAMES } from '../../src/webview/iconNames';

const NUMBER = /-?\d*\.?\d+/g;

/** `svg` as its text between numbers (quotes made single, blanks one space) and its numbers. */
function parts(svg: string): { text: string; numbers: number[] } {
  const plain = svg.replace(/\s+/g, ' ').replace(/"/g, "'");
  return { text: plain.replace(NUMBER, '#'), numbers: (plain.match(NUMBER) ?? []).map(Number) };
}

test('shorterSvg rounds numbers to one decimal, writes 0.5 as .5, and drops fill="currentColor" (a mask reads only the alpha)', () => {
  assert.equal(
    shorterSvg('<svg width="16" viewBox="0 0 16 16" fill="currentColor"><path d="M0.5 10.12345-0.25 1.005 0.004C7.77614 1 2.5 13.999Z"/></svg>'),
    '<svg width="16" viewBox="0 0 16 16"><path d="M.5 10.1-.3 1 0C7.8 1 2.5 14Z"/></svg>',
  );
});

test('each icon in dist/icons.css is its codicon SVG: the same path commands and attributes, no number moved more than 0.05 of the 16-unit square, none with more than one decimal', () => {
  const css = readFileSync('dist/icons.css', 'utf8');
  const shipped = new Map([...css.matchAll(/\.codicon-([a-z0-9-]+)\{mask-image:url\("data:image\/svg\+xml,([^"]+)"\)\}/g)].map((m) => [m[1]!, decodeURIComponent(m[2]!)]));
  assert.deepEqual([...shipped.keys()], [...ICON_NAMES]);
  for (const name of ICON_NAMES) {
    const original = readFileSync(`node_modules/@vscode/codicons/src/icons/${name}.svg`, 'utf8').trim().replace(/\s+fill="currentColor"/, '');
    const [was, is] = [parts(original), parts(shipped.get(name)!)];
    assert.equal(is.text, was.text, name);
    assert.equal(is.numbers.length, was.numbers.length, name);
    const moved = is.numbers.map((n, i) => Math.abs(n - was.numbers[i]!)).filter((d) => d > 0.05 + 1e-9);
    assert.deepEqual(moved, [], name);
    assert.deepEqual(shipped.get(name)!.match(/\d*\.\d{2,}/g), null, `${name}: one decimal at most`);
  }
});
