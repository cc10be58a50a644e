// Looks native: colours only from VS Code's theme variables, the editor font for code, and usable at 300 px.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { conversation } from './fixtures';
import { ROOT, startHarness, type Harness } from './harness';
import { THEMES, type ThemeName } from './themes';

/** Removes `var(...)` (with nested fallbacks) from a CSS value. */
function stripVars(value: string): string {
  let out = value;
  for (;;) {
    const i = out.indexOf('var(');
    if (i < 0) return out;
    let depth = 0;
    let j = i + 3;
    for (; j < out.length; j++) {
      if (out[j] === '(') depth++;
      else if (out[j] === ')' && --depth === 0) break;
    }
    out = out.slice(0, i) + out.slice(j + 1);
  }
}

test('chat.css: every colour comes from a --vscode-* variable (literals only as var() fallbacks)', () => {
  const css = readFileSync(join(ROOT, 'media/chat.css'), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
  const bad: string[] = [];
  for (const m of css.matchAll(/([\w-]+)\s*:\s*([^;{}]+);/g)) {
    const [, prop = '', value = ''] = m;
    if (!/color|background|border|outline|shadow|fill|stroke|decoration/.test(prop)) continue;
    const rest = stripVars(value);
    if (/#[0-9a-f]{3,8}\b|rgba?\(|hsla?\(|\b(white|black|red|blue|green|gray|grey|yellow|orange)\b/i.test(rest)) bad.push(`${prop}: ${value}`);
  }
  assert.deepEqual(bad, []);
  for (const m of css.matchAll(/var\(--([\w-]+)/g)) assert.match(m[1] ?? '', /^vscode-|^(gap|radius|row-x)$/, `only theme variables: ${m[1]}`);
});

let hx: Harness;
before(async () => {
  hx = await startHarness();
});
after(async () => {
  await hx?.close();
});

describe('themes and widths', () => {
  for (const theme of Object.keys(THEMES) as ThemeName[]) {
    test(`${theme}: background, text and code font follow the theme`, async () => {
      const { snapshot, live } = conversation();
      const p = await hx.open({ snapshot, theme, width: 760 });
      try {
        await p.deliver(...live);
        const got = await p.page.evaluate(() => {
          const css = (sel: string) => getComputedStyle(document.querySelector(sel) as Element);
          return {
            body: css('body').backgroundColor,
            text: css('body').color,
            codeFont: css('.code-card-body').fontFamily,
            link: css('.path-link').color,
          };
        });
        const rgb = (hex: string) => {
          const n = parseInt(hex.slice(1), 16);
          return `rgb(${n >> 16}, ${(n >> 8) & 255}, ${n & 255})`;
        };
        assert.equal(got.body, rgb(THEMES[theme].vars['sideBar-background'] ?? ''));
        assert.equal(got.text, rgb(THEMES[theme].vars.foreground ?? ''));
        assert.equal(got.link, rgb(THEMES[theme].vars['textLink-foreground'] ?? ''));
        assert.match(got.codeFont, /Droid Sans Mono/);
      } finally {
        await p.close();
      }
    });
  }

  test('300 px: nothing overflows sideways, composer and tabs stay usable', async () => {
    const { snapshot, live } = conversation();
    const p = await hx.open({ snapshot, width: 300, height: 640 });
    try {
      await p.deliver(...live);
      const m = await p.page.evaluate(() => ({
        scroll: document.documentElement.scrollWidth,
        client: document.documentElement.clientWidth,
        composer: (document.querySelector('.composer-input') as HTMLElement).getBoundingClientRect().width,
        card: (document.querySelector('.code-card') as HTMLElement).getBoundingClientRect().right,
        open: (document.querySelector('.code-card-open') as HTMLElement).getBoundingClientRect().right,
      }));
      assert.ok(m.scroll <= m.client, `page scrolls sideways: ${m.scroll} > ${m.client}`);
      assert.ok(m.composer > 150, `composer width ${m.composer}`);
      assert.ok(m.card <= 300 && m.open <= 300, 'the code card and its Open button fit');
      // The members list opens on request and closes again.
      assert.equal(await p.page.isVisible('.members'), false);
      await p.page.click('.members-toggle');
      assert.equal(await p.page.isVisible('.members'), true);
      await p.page.click('.members-toggle');
      assert.equal(await p.page.isVisible('.members'), false);
      // Tabs are reachable with the keyboard: Right moves to the next conversation.
      await p.page.focus('.tab.selected');
      await p.page.keyboard.press('ArrowRight');
      assert.equal(await p.page.getAttribute('.tab.selected', 'data-conv'), '#release');
      assert.equal(await p.page.evaluate(() => (document.activeElement as HTMLElement).dataset.conv), '#release');
      // A message arriving meanwhile re-renders the tabs without taking the focus away.
      await p.deliver({ type: 'server', msg: { type: 'typing', room: 'general', nick: 'carol' } });
      assert.equal(await p.page.evaluate(() => (document.activeElement as HTMLElement).dataset.conv), '#release');
    } finally {
      await p.close();
    }
  });
});
