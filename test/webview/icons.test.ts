// The panel's icons (dist/icons.css) are @vscode/codicons' SVGs written shorter by svgo (scripts/iconsCss.mjs): drawn
// in Chromium at the sizes the panel shows them (and 64 px), each is its codicon: no pixel more than half in where
// the codicon's is out, or the other way (an edge moved by half a pixel at most).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { ICON_NAMES } from '../../src/webview/iconNames';
import { startHarness, type Harness } from './harness';

let hx: Harness;
before(async () => {
  hx = await startHarness();
});
after(async () => {
  await hx?.close();
});

/** Each shipped icon's SVG, by name, as dist/icons.css holds it. */
function shippedIcons(): Map<string, string> {
  const css = readFileSync('dist/icons.css', 'utf8');
  return new Map([...css.matchAll(/\.codicon-([a-z0-9-]+)\{mask-image:url\("data:image\/svg\+xml,([^"]+)"\)\}/g)].map((m) => [m[1]!, decodeURIComponent(m[2]!)]));
}

test('each icon of dist/icons.css draws as its codicon at 16, 32 and 64 px: no pixel differs by half or more (one in where the codicon\'s is out, or the other way)', async () => {
  const shipped = shippedIcons();
  assert.deepEqual([...shipped.keys()], [...ICON_NAMES]);
  const pairs = ICON_NAMES.map((name) => ({ name, was: readFileSync(`node_modules/@vscode/codicons/src/icons/${name}.svg`, 'utf8'), is: shipped.get(name)! }));
  const page = await hx.browser.newPage();
  try {
    // (tsx writes the function below with a `__name` helper, which a blank page lacks: the panel's pages have it)
    await page.evaluate('window.__name = (f) => f');
    const drawn = await page.evaluate(async (list) => {
      const load = (svg: string) =>
        new Promise<HTMLImageElement>((ok, no) => {
          const img = new Image();
          img.onload = () => ok(img);
          img.onerror = () => no(new Error('an SVG that does not load'));
          img.src = `data:image/svg+xml,${encodeURIComponent(svg)}`;
        });
      // (the alpha of each pixel: a mask takes nothing else)
      const alpha = (img: HTMLImageElement, size: number) => {
        const canvas = document.createElement('canvas');
        canvas.width = canvas.height = size;
        const g = canvas.getContext('2d')!;
        g.drawImage(img, 0, 0, size, size);
        return g.getImageData(0, 0, size, size).data.filter((_, i) => i % 4 === 3);
      };
      const out: { name: string; size: number; most: number; shape: number }[] = [];
      for (const { name, was, is } of list) {
        const [a, b] = [await load(was), await load(is)];
        for (const size of [16, 32, 64]) {
          const [x, y] = [alpha(a, size), alpha(b, size)];
          let most = 0;
          let shape = 0;
          for (let i = 0; i < x.length; i++) {
            most = Math.max(most, Math.abs(x[i]! - y[i]!));
            shape += x[i]!;
          }
          out.push({ name, size, most, shape });
        }
      }
      return out;
    }, pairs);
    assert.equal(drawn.length, ICON_NAMES.length * 3);
    const unlike = drawn.filter((d) => d.shape === 0 || d.most >= 128).map((d) => `${d.name} at ${d.size} px: a pixel's alpha ${d.most} of 255 from the codicon's${d.shape === 0 ? ', nothing drawn' : ''}`);
    assert.deepEqual(unlike, []);
  } finally {
    await page.close();
  }
});
