// Looks native: colours only from VS Code's theme variables, the editor font for code, and usable at 300 px.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { conversation } from './fixtures';
import { ROOT, T0, dm, makeSnapshot, msg, startHarness, type Harness, type Panel } from './harness';
import { THEMES, type ThemeName } from './themes';
import { ICON_NAMES } from '../../src/webview/iconNames';

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
  // (and VS Code's other one for its webviews: accessibility.underlineLinks as a text-decoration)
  for (const m of css.matchAll(/var\(--([\w-]+)/g)) assert.match(m[1] ?? '', /^vscode-|^(gap|radius|row-x|row-buttons|nick|nick-shown|text-link-decoration)$/, `only theme variables: ${m[1]}`);
});

/** A theme variable's hex colour as getComputedStyle gives it (`rgb(r, g, b)`). */
function themeRgb(theme: ThemeName, name: string): string {
  const n = parseInt((THEMES[theme].vars[name] ?? '').slice(1), 16);
  return `rgb(${n >> 16}, ${(n >> 8) & 255}, ${n & 255})`;
}

let hx: Harness;

/** Whether the tab of conversation `id` is wholly in view in the tab list. */
const tabInView = (p: Panel, id: string) => p.page.evaluate((id) => {
  const list = (document.querySelector('.tabs') as HTMLElement).getBoundingClientRect();
  const tab = (document.querySelector(`.tab[data-conv="${id}"]`) as HTMLElement).getBoundingClientRect();
  return tab.left >= list.left - 0.5 && tab.right <= list.right + 0.5;
}, id);
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
        assert.equal(got.body, themeRgb(theme, 'sideBar-background'));
        assert.equal(got.text, themeRgb(theme, 'foreground'));
        assert.equal(got.link, themeRgb(theme, 'textLink-foreground'));
        assert.match(got.codeFont, /Droid Sans Mono/);
      } finally {
        await p.close();
      }
    });
  }

  for (const theme of Object.keys(THEMES) as ThemeName[]) {
    test(`${theme}: a block of code (code card, fenced in markdown) looks like the editor, not like inline code; code in a link is link-coloured`, async () => {
      // VS Code's default webview stylesheet (served by the harness) gives every <code> the inline-code colours
      // and background: inside a block that paints a band behind each line and recolours the plain tokens
      const { snapshot, live } = conversation();
      const p = await hx.open({ snapshot, theme, width: 760 });
      try {
        await p.deliver(...live, { type: 'server', msg: msg('general', 21, 'bob', 'try:\n```js\nlet total = count + 1;\n```\nand `inline` too, see [`the docs`](https://example.com/docs)', { time: T0 }) });
        const got = await p.page.evaluate(() => {
          const look = (el: Element | null) => {
            if (!el) return 'missing';
            const s = getComputedStyle(el);
            return `${s.color} on ${s.backgroundColor}, padding ${s.padding}`;
          };
          return {
            card: look(document.querySelector('.code-card-body code')),
            fenced: look(document.querySelector('.markdown pre code')),
            inline: look(document.querySelector('.markdown :not(pre):not(a) > code')),
            inLink: getComputedStyle(document.querySelector('.markdown a code') as Element).color,
          };
        });
        const block = `${themeRgb(theme, 'editor-foreground')} on rgba(0, 0, 0, 0), padding 0px`;
        assert.equal(got.card, block);
        assert.equal(got.fenced, block);
        assert.ok(got.inline.startsWith(`${themeRgb(theme, 'textPreformat-foreground')} on `), `inline code keeps its own look: ${got.inline}`);
        assert.equal(got.inLink, themeRgb(theme, 'textLink-foreground'), 'code in a link has the link colour, as VS Code gives it');
      } finally {
        await p.close();
      }
    });

    test(`${theme}: highlighted code takes the theme's colours: a diff's added and deleted lines as Source Control shows them, a class's name as a class, a function's as a function`, async () => {
      const { snapshot, live } = conversation();
      const p = await hx.open({ snapshot, theme, width: 760 });
      try {
        await p.deliver(...live, { type: 'server', msg: msg('general', 21, 'bob', '```diff\n- let a = "old";\n+ let a = "new";\n```\n```ts\nclass Parser {}\nfunction parse() {}\n```', { time: T0 }) });
        // (on a loaded machine the second's highlighting time may run out: the code shows plain, and is drawn again,
        // highlighted, in the next second: highlight.ts)
        await p.page.waitForSelector('.hljs-addition', { timeout: 10_000 }).catch(() => undefined);
        await p.page.waitForSelector('.hljs-title.function_', { timeout: 10_000 }).catch(() => undefined);
        const got = await p.page.evaluate(() => {
          const color = (sel: string) => {
            const el = document.querySelector(sel);
            return el ? getComputedStyle(el).color : `no ${sel}`;
          };
          return { added: color('.hljs-addition'), deleted: color('.hljs-deletion'), cls: color('.hljs-title.class_'), fn: color('.hljs-title.function_') };
        });
        // (a colour taken part of the way toward the editor's text, where as it is it reads under 4.5:1 on the
        // editor's background: a deleted line's in every theme, a class's in a light one, high contrast's too)
        const towardText = (name: string, pct: number) => p.page.evaluate(([a, b, pct]) => {
          const probe = document.body.appendChild(document.createElement('span'));
          probe.style.color = `color-mix(in srgb, ${a} ${pct}%, ${b})`;
          const c = getComputedStyle(probe).color;
          probe.remove();
          return c;
        }, [THEMES[theme].vars[name] ?? '', THEMES[theme].vars['editor-foreground'] ?? '', String(pct)] as const);
        assert.deepEqual(got, {
          added: themeRgb(theme, 'gitDecoration-addedResourceForeground'),
          deleted: await towardText('gitDecoration-deletedResourceForeground', 70),
          cls: theme === 'light' || theme === 'hcLight' ? await towardText('symbolIcon-classForeground', 65) : themeRgb(theme, 'symbolIcon-classForeground'),
          fn: themeRgb(theme, 'symbolIcon-functionForeground'),
        });
      } finally {
        await p.close();
      }
    });
  }

  for (const forced of [false, true]) test(`icons${forced ? ', in forced colours (Windows high contrast)' : ''}: dist/icons.css holds exactly the codicons the panel draws; each one on screen is its SVG as a mask, in its text colour, a square of its font size`, async () => {
    const css = readFileSync(join(ROOT, 'dist/icons.css'), 'utf8');
    assert.deepEqual([...css.matchAll(/\.codicon-([a-z0-9-]+)\{mask-image:url\("data:image\/svg\+xml,/g)].map((m) => m[1]), [...ICON_NAMES]);
    const { snapshot, live } = conversation();
    const p = await hx.open({ snapshot, theme: 'dark', width: 760 });
    try {
      if (forced) await p.page.emulateMedia({ forcedColors: 'active' });
      await p.deliver(...live);
      const icons = await p.page.$$eval('.codicon', (els) => els.filter((el) => el.getClientRects().length > 0).map((el) => {
        const s = getComputedStyle(el);
        // what it is drawn on: the nearest background that is not transparent
        let under = el.parentElement;
        while (under && /^rgba\(0, 0, 0, 0\)$|^transparent$/.test(getComputedStyle(under).backgroundColor)) under = under.parentElement;
        const page = under ? getComputedStyle(under).backgroundColor : 'none';
        const r = el.getBoundingClientRect();
        const name = [...el.classList].find((c) => c.startsWith('codicon-') && c !== 'codicon-modifier-spin') ?? '';
        const problems = [
          ...(s.maskImage.startsWith('url("data:image/svg+xml,') ? [] : [`mask ${s.maskImage.slice(0, 40)}`]),
          ...(s.backgroundColor === s.color && s.color !== page ? [] : [`painted ${s.backgroundColor}, text ${s.color}, on ${page}`]),
          ...(r.width === r.height && r.width === parseFloat(s.fontSize) ? [] : [`${r.width}x${r.height} at ${s.fontSize}`]),
        ];
        return { name, problems: problems.join('; ') };
      }));
      assert.ok(new Set(icons.map((i) => i.name)).size >= 10, `icons of many kinds on screen: ${icons.map((i) => i.name).join(' ')}`);
      assert.deepEqual(icons.filter((i) => i.problems !== ''), []);
    } finally {
      await p.close();
    }
  });

  test('nicknames and times are readable (4.5:1 at least; 7:1 in high contrast) on the default themes', async () => {
    for (const theme of ['dark', 'light', 'hc'] as const) {
      const { snapshot } = conversation();
      const p = await hx.open({ snapshot, theme });
      try {
        const ratios = await p.page.evaluate(() => {
          const rgb = (css: string): number[] => {
            const m = /^color\(srgb ([\d.]+) ([\d.]+) ([\d.]+)/.exec(css);
            if (m) return [Number(m[1]), Number(m[2]), Number(m[3])];
            const n = /^rgba?\((\d+), (\d+), (\d+)/.exec(css);
            if (!n) throw new Error(`a colour: ${css}`);
            return [Number(n[1]) / 255, Number(n[2]) / 255, Number(n[3]) / 255];
          };
          const lum = (c: number[]) => {
            const [r = 0, g = 0, b = 0] = c.map((x) => (x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4));
            return 0.2126 * r + 0.7152 * g + 0.0722 * b;
          };
          const ratio = (a: string, b: string) => {
            const [x, y] = [lum(rgb(a)), lum(rgb(b))];
            return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
          };
          const list = document.querySelector('.messages') as HTMLElement;
          const bg = getComputedStyle(document.body).backgroundColor;
          const out: Record<string, number> = {};
          for (let k = 0; k < 8; k++) {
            const span = document.createElement('span');
            span.className = `nick nick-c${k}`;
            span.textContent = 'x';
            list.append(span);
            out[`nick-c${k}`] = ratio(getComputedStyle(span).color, bg);
            span.remove();
          }
          out.time = ratio(getComputedStyle(document.querySelector('.time') as Element).color, bg);
          return out;
        });
        for (const [what, r] of Object.entries(ratios)) assert.ok(r >= (theme === 'hc' ? 7 : 4.5), `${theme}: ${what} reads ${r.toFixed(2)}:1`);
      } finally {
        await p.close();
      }
    }
  });

  test('light: on a hovered row the time and "(edited)", and the # of a tab, read 4.5:1 at least; dark and high contrast keep their colours', async () => {
    for (const theme of ['light', 'dark', 'hc'] as const) {
      const { snapshot } = conversation();
      const p = await hx.open({ snapshot, theme, width: 760 });
      try {
        await p.page.hover('.messages .row.mine');
        const got = await p.page.evaluate(() => {
          const rgba = (css: string): number[] => {
            const m = /^color\(srgb ([\d.]+) ([\d.]+) ([\d.]+)(?: \/ ([\d.]+))?/.exec(css);
            if (m) return [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4] ?? 1)];
            const n = /^rgba?\((\d+), (\d+), (\d+)(?:, ([\d.]+))?/.exec(css);
            if (!n) throw new Error(`a colour: ${css}`);
            return [Number(n[1]) / 255, Number(n[2]) / 255, Number(n[3]) / 255, Number(n[4] ?? 1)];
          };
          const lum = (c: number[]) => {
            const [r = 0, g = 0, b = 0] = c.slice(0, 3).map((x) => (x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4));
            return 0.2126 * r + 0.7152 * g + 0.0722 * b;
          };
          // the text's colour as drawn (its opacity and its ancestors' over what is under it) against that
          const read = (el: Element) => {
            // what it is drawn on: the backgrounds under it, down to an opaque one, each over the one under it (a
            // hover's translucent tint is over the row's page, not the colour itself)
            const layers: number[][] = [];
            for (let a: Element | null = el; a; a = a.parentElement) {
              const c = rgba(getComputedStyle(a).backgroundColor);
              if ((c[3] ?? 1) === 0) continue;
              layers.unshift(c);
              if ((c[3] ?? 1) >= 1) break;
            }
            let bg = [1, 1, 1];
            for (const c of layers) bg = bg.map((x, i) => (c[i] ?? 0) * (c[3] ?? 1) + x * (1 - (c[3] ?? 1)));
            let alpha = 1;
            for (let a: Element | null = el; a; a = a.parentElement) alpha *= Number(getComputedStyle(a).opacity);
            const fg = rgba(getComputedStyle(el).color);
            alpha *= fg[3] ?? 1;
            const seen = fg.slice(0, 3).map((x, i) => x * alpha + (bg[i] ?? 0) * (1 - alpha));
            const [x, y] = [lum(seen), lum(bg)];
            return { colour: getComputedStyle(el).color, ratio: (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05) };
          };
          const row = document.querySelector('.messages .row.mine') as Element;
          return { hovered: row.matches(':hover'), time: read(row.querySelector('.time') as Element), edited: read(row.querySelector('.edited') as Element), prefix: read(document.querySelector('.tab.selected .tab-prefix') as Element) };
        });
        assert.ok(got.hovered);
        for (const what of ['time', 'edited', 'prefix'] as const) assert.ok(got[what].ratio >= 4.5, `${theme}: ${what} reads ${got[what].ratio.toFixed(2)}:1`);
        if (theme !== 'light') {
          const description = THEMES[theme].vars.descriptionForeground ?? '';
          const desc = description.startsWith('#') ? themeRgb(theme, 'descriptionForeground') : description;
          assert.equal(got.time.colour, desc, `${theme}: the time keeps the description colour`);
          assert.equal(got.edited.colour, desc, `${theme}: "(edited)" too`);
        }
      } finally {
        await p.close();
      }
    }
  });

  test('focus: the composer shows it on its border alone; a link focused from the keyboard gets the theme focusBorder', async () => {
    // VS Code's default stylesheet rings textarea:focus and a:focus in the browser's colour, outranking .class rules
    const { snapshot, live } = conversation();
    const p = await hx.open({ snapshot, theme: 'hc', width: 760 });
    try {
      await p.deliver(...live);
      await p.page.locator('.composer-input').click();
      const composer = await p.page.evaluate(() => {
        const wrap = getComputedStyle(document.querySelector('.composer') as Element);
        return { input: getComputedStyle(document.querySelector('.composer-input') as Element).outlineStyle, border: wrap.borderTopColor };
      });
      const rgb = themeRgb('hc', 'focusBorder');
      assert.deepEqual(composer, { input: 'none', border: rgb });
      await p.page.keyboard.press('Shift+Tab'); // keyboard focus from now on
      await p.page.locator('.markdown a').first().focus();
      const link = await p.page.evaluate(() => {
        const a = document.activeElement as Element;
        const s = getComputedStyle(a);
        return { tag: a.tagName, visible: a.matches(':focus-visible'), outline: `${s.outlineStyle} ${s.outlineColor}` };
      });
      assert.deepEqual(link, { tag: 'A', visible: true, outline: `solid ${rgb}` });
    } finally {
      await p.close();
    }
  });

  test("code card header: a short path sits next to its range; a long one takes a line, its icon beside it, its folders cut with an ellipsis when they must be, never the file's name", async () => {
    const card = (seq: number, path: string) => ({
      type: 'server' as const,
      msg: msg('general', seq, 'bob', 'let x = 1;', { time: T0, kind: 'code', code: { path, language: 'typescript', startLine: 3, endLine: 3 } }),
    });
    const measure = (p: { page: import('playwright-core').Page }, path: string) => p.page.evaluate((path) => {
      const fig = [...document.querySelectorAll('.code-card')].find((f) => f.querySelector('.code-card-path')?.textContent === path) as Element;
      const box = (sel: string) => (fig.querySelector(sel) as HTMLElement).getBoundingClientRect();
      const el = fig.querySelector('.code-card-path') as HTMLElement;
      const text = document.createRange();
      text.selectNodeContents(el);
      const textRight = Math.min(text.getBoundingClientRect().right, el.getBoundingClientRect().right);
      const cut = (sel: string) => { const e = fig.querySelector(sel) as HTMLElement | null; return e !== null && e.scrollWidth > e.clientWidth; };
      return {
        path: box('.code-card-path'), textRight, icon: box('.codicon'), range: box('.code-card-range'), card: box('.code-card-header'),
        cut: cut('.code-card-dir') || cut('.code-card-stem'), baseCut: cut('.code-card-stem') || cut('.code-card-base'), extCut: cut('.code-card-ext') || cut('.code-card-base'),
        title: fig.querySelector('.code-card-file')?.getAttribute('title'),
      };
    }, path);
    const { snapshot } = conversation();
    const short = 'src/a.ts';
    const long = 'packages/server/src/connections/handshake/negotiation/chatServerConnection.ts';
    // a file's name too long for the line: cut with an ellipsis, its extension kept
    const longName = 'packages/ui/SomeVeryLongFileNameForTestingTheCardHeaderThatGoesOnAndOnAndOn.component.tsx';
    for (const width of [760, 300]) {
      const p = await hx.open({ snapshot, width });
      try {
        await p.deliver(card(21, short), card(22, long), card(23, longName), card(24, 'docs/notes v1.2 final'));
        // (a dot in a name is no extension unless a short word follows it)
        assert.equal(await p.page.evaluate(() => [...document.querySelectorAll('.code-card-path')].find((e) => e.textContent === 'docs/notes v1.2 final')?.querySelector('.code-card-ext')?.textContent ?? null), null);
        const n = await measure(p, longName);
        assert.equal(n.baseCut, true, `${width} px: so long a name is cut`);
        assert.equal(n.extCut, false, `${width} px: its extension shows whole`);
        assert.ok(n.path.right <= n.card.right, `${width} px: inside its header`);
        const s = await measure(p, short);
        assert.ok(s.range.left - s.textRight <= 12 && s.range.top === s.path.top, `${width} px: "lines 3" right after a short path (gap ${s.range.left - s.textRight} px)`);
        const l = await measure(p, long);
        assert.ok(Math.abs(l.icon.top + l.icon.height / 2 - (l.path.top + l.path.height / 2)) < 4, `${width} px: the icon is on the path's line`);
        assert.ok(l.path.right <= l.card.right, `${width} px: the long path stays inside its header`);
        if (width === 300) assert.ok(l.cut, 'at 300 px the long path is cut (with an ellipsis)');
        assert.equal(l.baseCut, false, `${width} px: the file's name is whole`);
        assert.equal(l.title, `${long} line 3`, 'the whole path in its title');
        assert.ok(!s.cut, `${width} px: the short path is whole`);
      } finally {
        await p.close();
      }
    }
  });

  // a long nickname in a narrow panel
  const LONG = 'Bartholomew_Maximilian_Featherstonehaugh_the_Third';

  test('300 px: a direct message\'s mark stays whole on one line beside a long name, which wraps; on yours a long name it is "to" is cut short', async () => {
    const snapshot = makeSnapshot({ dms: [dm(LONG, 'me', 'hello there'), dm('me', LONG, 'and mine to you', { time: T0 + 120_000 })] });
    const p = await hx.open({ snapshot, width: 300 });
    try {
      await p.page.click(`.tab[data-conv="@${LONG}"]`);
      const rows = await p.page.$$eval('.messages .row.dm', (els) => els.map((row) => {
        const box = (sel: string) => (row.querySelector(sel) as HTMLElement).getBoundingClientRect();
        const label = row.querySelector('.dm-label') as HTMLElement;
        const line = parseFloat(getComputedStyle(label).lineHeight) || 16;
        return {
          label: label.textContent, labelLines: Math.round(box('.dm-label').height / line), header: box('.msg-header'), labelBox: box('.dm-label'), time: box('.time'),
          authorLines: Math.round(box('.author').height / parseFloat(getComputedStyle(row.querySelector('.author') as Element).lineHeight)),
          nickCut: row.querySelector('.dm-label .nick') === null ? null : (row.querySelector('.dm-label .nick') as HTMLElement).scrollWidth > (row.querySelector('.dm-label .nick') as HTMLElement).clientWidth,
        };
      }));
      assert.equal(rows.length, 2);
      const [theirs, mine] = rows;
      assert.equal(theirs!.label, 'direct');
      assert.equal(theirs!.labelLines, 1, `"direct" on one line: ${JSON.stringify(theirs!.labelBox)}`);
      assert.ok(theirs!.authorLines >= 2, 'the long name wraps instead');
      assert.equal(mine!.labelLines, 1, `"to ..." on one line: ${JSON.stringify(mine!.labelBox)}`);
      assert.equal(mine!.nickCut, true, 'the long name it is to is cut short');
      assert.equal(mine!.authorLines, 1, '"me" stays whole');
      for (const r of rows) assert.ok(r.labelBox.right <= r.header.right && r.time.right <= r.header.right + 0.5, `inside the header: ${JSON.stringify(r)}`);
    } finally {
      await p.close();
    }
  });

  test('300 px: a long author name wraps from the start of its line, not centred; in a /me the name starts right after the "*" when it fits', async () => {
    const snapshot = makeSnapshot();
    snapshot.rooms[0]!.events = [
      msg('general', 1, LONG, 'first message from a long nick'),
      msg('general', 2, 'Bart Maximilian Featherstonehaugh', 'is here', { kind: 'action' }),
    ];
    const p = await hx.open({ snapshot, width: 300 });
    try {
      const got = await p.page.evaluate(() => {
        const lefts = (el: Element) => [...el.getClientRects()].map((r) => Math.round(r.left));
        const author = document.querySelector('.msg-header .author') as HTMLElement;
        const range = document.createRange();
        range.selectNodeContents(author);
        const action = document.querySelector('.row.action .action-body') as HTMLElement;
        const star = document.createRange();
        star.setStart(action.firstChild as Text, 0);
        star.setEnd(action.firstChild as Text, 1);
        const nick = action.querySelector('.nick') as HTMLElement;
        return {
          button: Math.round((document.querySelector('.author-button') as HTMLElement).getBoundingClientRect().left),
          lines: [...range.getClientRects()].map((r) => Math.round(r.left)),
          starTop: Math.round(star.getBoundingClientRect().top), nickTop: Math.round(nick.getClientRects()[0]?.top ?? -1), nickLefts: lefts(nick),
        };
      });
      assert.ok(got.lines.length >= 2, 'the name wraps');
      for (const left of got.lines) assert.equal(left, got.button, `each line starts at the button's left: ${JSON.stringify(got)}`);
      assert.equal(got.nickTop, got.starTop, `the name on the "*"'s line: ${JSON.stringify(got)}`);
    } finally {
      await p.close();
    }
  });

  test('300 px: the typing line cuts long names with an ellipsis, "is typing…" stays in view', async () => {
    const p = await hx.open({ snapshot: makeSnapshot(), width: 300 });
    try {
      await p.deliver({ type: 'server', msg: { type: 'typing', room: 'general', nick: LONG } }, { type: 'server', msg: { type: 'typing', room: 'general', nick: 'carol' } });
      const got = await p.page.evaluate(() => {
        const line = document.querySelector('.typing') as HTMLElement;
        // where "typing…" is drawn
        const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
        let verb: Text | null = null;
        for (let n = walker.nextNode(); n !== null; n = walker.nextNode()) if ((n as Text).data.includes('typing…')) verb = n as Text;
        const range = document.createRange();
        if (verb) {
          range.setStart(verb, verb.data.indexOf('typing…'));
          range.setEnd(verb, verb.data.length);
        }
        // what cuts the names: an ellipsis shows on a block of text, not on a flex box
        const names = (line.querySelector('.nick') as HTMLElement).parentElement as HTMLElement;
        const s = getComputedStyle(names);
        return {
          text: line.textContent, right: line.getBoundingClientRect().right - parseFloat(getComputedStyle(line).paddingRight),
          verbRight: range.getBoundingClientRect().right,
          names: { cut: names.scrollWidth > names.clientWidth, ellipsis: s.textOverflow, flex: s.display === 'flex' },
        };
      });
      assert.equal(got.text, `${LONG} and carol are typing…`);
      assert.ok(got.verbRight !== null && got.verbRight <= got.right + 0.5, `"are typing…" in view: ${JSON.stringify(got)}`);
      assert.deepEqual(got.names, { cut: true, ellipsis: 'ellipsis', flex: false }, 'the names cut with an ellipsis');
    } finally {
      await p.close();
    }
  });

  test('400 px: a long topic shows its first lines whole, the last cut with an ellipsis, and the whole of it in its title', async () => {
    const topic = 'Release checklist: 1) bump the version 2) run the full bench on the 2-core VM and compare against last week 3) update CHANGELOG and docs/benchmarks.md 4) tag and push 5) announce in #general';
    const snapshot = makeSnapshot();
    snapshot.rooms[0]!.topic = topic;
    const p = await hx.open({ snapshot, width: 400 });
    try {
      const got = await p.page.evaluate(() => {
        const bar = document.querySelector('.topic') as HTMLElement;
        const text = bar.querySelector('.topic-text') as HTMLElement;
        const b = bar.getBoundingClientRect();
        const t = text.getBoundingClientRect();
        return {
          title: bar.title, line: parseFloat(getComputedStyle(text).lineHeight), textHeight: t.height,
          textBottom: t.bottom, barInside: b.bottom - parseFloat(getComputedStyle(bar).paddingBottom) - parseFloat(getComputedStyle(bar).borderBottomWidth),
          cut: text.scrollHeight > text.clientHeight,
        };
      });
      assert.equal(got.title, topic);
      assert.ok(got.cut, 'too long for the bar: cut');
      const lines = got.textHeight / got.line;
      assert.ok(Math.abs(lines - Math.round(lines)) < 0.05 && lines >= 2, `whole lines: ${lines.toFixed(2)}`);
      assert.ok(got.textBottom <= got.barInside + 0.5, `no line cut through by the bar: ${JSON.stringify(got)}`);
    } finally {
      await p.close();
    }
  });

  test('tabs that do not fit: a button over the end they lie beyond, marked when one is unread, brings them in; none when all fit', async () => {
    for (const width of [300, 760]) {
      const { snapshot, live } = conversation();
      const p = await hx.open({ snapshot, width, height: 640 });
      try {
        await p.deliver(...live);
        const more = () => p.page.$$eval('.tabs-more', (els) => els.map((e) => ({
          side: e.classList.contains('tabs-more-after') ? 'after' : 'before', shown: !(e as HTMLElement).hidden, unread: e.classList.contains('has-unread'), label: e.getAttribute('aria-label'), tabIndex: (e as HTMLElement).tabIndex,
        })));
        if (width === 760) {
          assert.deepEqual((await more()).map((m) => m.shown), [false, false], 'every tab fits: no buttons');
          continue;
        }
        // @alice (1 unread) lies beyond the right end at 300 px
        assert.deepEqual(await more(), [
          { side: 'before', shown: false, unread: false, label: '0 more conversations to the left', tabIndex: -1 },
          { side: 'after', shown: true, unread: true, label: '1 more conversation to the right, 1 with unread messages', tabIndex: -1 },
        ]);
        const tabsBefore = await p.page.evaluate(() => (document.querySelector('.tab') as HTMLElement).getBoundingClientRect().left);
        assert.equal(tabsBefore, 0, 'the buttons lie over the list: no tab moved for them');
        // the tab under the button does not show through it: with a see-through header colour (VS Code's default,
        // #80808033, in themes that do not set it) and hovered
        const bg = () => p.page.evaluate(() => getComputedStyle(document.querySelector('.tabs-more-after') as HTMLElement).backgroundColor);
        await p.page.evaluate(() => document.documentElement.style.setProperty('--vscode-sideBarSectionHeader-background', '#80808033'));
        assert.equal(await bg(), 'rgb(31, 31, 31)', 'the panel\'s own colour (dark: #1f1f1f) under the header\'s');
        await p.page.hover('.tabs-more-after');
        assert.equal(await bg(), 'rgb(31, 31, 31)', 'hovered: the same opaque colour under the tint');
        assert.match(await p.page.evaluate(() => getComputedStyle(document.querySelector('.tabs-more-after') as HTMLElement).backgroundImage), /^linear-gradient.*, linear-gradient/, 'the tint over the header colour');
        await p.page.click('.tabs-more-after');
        await p.page.waitForFunction(() => (document.querySelector('.tabs-more-after') as HTMLElement).hidden);
        const alice = await p.page.evaluate(() => {
          const list = (document.querySelector('.tabs') as HTMLElement).getBoundingClientRect();
          const tab = (document.querySelector('.tab[data-conv="@alice"]') as HTMLElement).getBoundingClientRect();
          return tab.left >= list.left && tab.right <= list.right + 0.5;
        });
        assert.equal(alice, true, 'the unread tab is in view');
        const [beforeBtn] = await more();
        assert.equal(beforeBtn?.shown, true, 'and #general now lies beyond the left end');
        // the nearest first (#release, unread, under the button), then #general
        const firstLeft = await p.page.evaluate(() => {
          const before = document.querySelector('.tabs-more-before') as HTMLElement;
          const unread = [...document.querySelectorAll<HTMLElement>('.tab.has-unread')].map((t) => t.dataset.conv);
          return { shown: !before.hidden, unread };
        });
        assert.deepEqual(firstLeft, { shown: true, unread: ['#release', '@alice'] });
        for (let i = 0; i < 3 && !(await p.page.isHidden('.tabs-more-before')); i++) {
          await p.page.click('.tabs-more-before');
          await p.page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
        }
        assert.equal(await p.page.evaluate(() => (document.querySelector('.tabs') as HTMLElement).scrollLeft), 0);
        assert.deepEqual(p.errors, []);
      } finally {
        await p.close();
      }
    }
  });

  test('the button over the left end brings the nearest unread tab first, not the farthest', async () => {
    const rooms = ['general', 'alpha-room', 'bravo-room', 'charlie-room', 'delta-room'];
    const snapshot = makeSnapshot({ activeRoom: 'delta-room', rooms: rooms.map((name) => ({ name, epoch: 'e1', topic: '', members: [{ nick: 'me', role: 'member' }], events: [] })) });
    const p = await hx.open({ snapshot, width: 300, height: 400 });
    try {
      // alpha and bravo get news while delta is shown (delta, the last tab, in view: the others off to the left)
      await p.deliver({ type: 'server', msg: msg('alpha-room', 1, 'bob', 'news in alpha') }, { type: 'server', msg: msg('bravo-room', 1, 'bob', 'news in bravo') });
      const inView = (id: string) => tabInView(p, id);
      assert.equal(await inView('#bravo-room'), false, 'bravo lies off to the left');
      await p.page.click('.tabs-more-before');
      await p.page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      assert.equal(await inView('#bravo-room'), true, 'the nearer unread one (bravo) first');
      assert.deepEqual(p.errors, []);
    } finally {
      await p.close();
    }
  });

  test('the composer\'s hint is the long one only where it fits whole; the box resized, it is chosen again', async () => {
    const name = 'release-candidate-2';
    const snapshot = makeSnapshot({ activeRoom: name, rooms: [{ name, epoch: 'e1', topic: '', members: [{ nick: 'me', role: 'member' }], events: [] }] });
    const p = await hx.open({ snapshot, width: 440, height: 400 });
    try {
      const hint = () => p.page.getAttribute('.composer-input', 'placeholder');
      // 440 px: the long hint with this name would be cut mid-word
      assert.equal(await hint(), `Message #${name}`);
      await p.page.setViewportSize({ width: 1200, height: 400 });
      await p.page.waitForFunction((name) => (document.querySelector('.composer-input') as HTMLTextAreaElement).placeholder !== `Message #${name}`, name);
      assert.equal(await hint(), `Message #${name} (Enter to send, / for commands)`);
      const fits = await p.page.evaluate(() => {
        const el = document.querySelector('.composer-input') as HTMLTextAreaElement;
        const ctx = document.createElement('canvas').getContext('2d')!;
        ctx.font = getComputedStyle(el).font;
        return ctx.measureText(el.placeholder).width <= el.clientWidth;
      });
      assert.equal(fits, true);
      await p.page.setViewportSize({ width: 300, height: 400 });
      await p.page.waitForFunction((name) => (document.querySelector('.composer-input') as HTMLTextAreaElement).placeholder === `Message #${name}`, name);
    } finally {
      await p.close();
    }
  });

  test('before the first snapshot only the banner says it is connecting (the empty list said it too)', async () => {
    const p = await hx.open({ width: 400, height: 400 });
    try {
      assert.match((await p.page.textContent('.status-banner')) ?? '', /^Connecting/);
      assert.equal(await p.page.textContent('.empty'), '');
    } finally {
      await p.close();
    }
  });

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
      // the hint fits: not "Message #general (Enter to se…"
      assert.equal(await p.page.getAttribute('.composer-input', 'placeholder'), 'Message #general');
      // the empty composer is one line, its hint cut short on it: no jump at the first key, nor after a send
      const height = () => p.page.evaluate(() => (document.querySelector('.composer-input') as HTMLElement).getBoundingClientRect().height);
      const empty = await height();
      await p.page.locator('.composer-input').focus();
      await p.page.keyboard.type('x');
      assert.equal(await height(), empty, 'one character: one line');
      await p.page.keyboard.press('Enter');
      assert.equal(await p.page.inputValue('.composer-input'), '');
      assert.equal(await height(), empty, 'after a send');
      await p.page.keyboard.type('a longer line that has to wrap in a panel this narrow, onto a second line');
      assert.ok((await height()) > empty, 'a long text grows the box');
      assert.ok(m.card <= 300 && m.open <= 300, 'the code card and its Open button fit');
      // The members list opens on request and closes again.
      assert.equal(await p.page.isVisible('.members'), false);
      await p.page.click('.members-toggle');
      assert.equal(await p.page.isVisible('.members'), true);
      await p.page.click('.members-toggle');
      assert.equal(await p.page.isVisible('.members'), false);
      // Tabs are reachable with the keyboard: Right moves to the next conversation, Enter opens it.
      await p.page.focus('.tab.selected');
      await p.page.keyboard.press('ArrowRight');
      await p.page.keyboard.press('Enter');
      assert.equal(await p.page.getAttribute('.tab.selected', 'data-conv'), '#release');
      assert.equal(await p.page.evaluate(() => (document.activeElement as HTMLElement).dataset.conv), '#release');
      // A message arriving meanwhile re-renders the tabs without taking the focus away.
      await p.deliver({ type: 'server', msg: { type: 'typing', room: 'general', nick: 'carol' } });
      assert.equal(await p.page.evaluate(() => (document.activeElement as HTMLElement).dataset.conv), '#release');
      // the tabs that do not fit: the mouse wheel brings them in, and a selected one is scrolled into view
      const inView = (id: string) => tabInView(p, id);
      assert.equal(await inView('@alice'), false, 'the last tab does not fit at 300 px');
      await p.page.hover('.tab[data-conv="#general"]');
      await p.page.mouse.wheel(0, 400);
      assert.equal(await inView('@alice'), true, 'the wheel brought it in');
      await p.page.mouse.wheel(0, -400);
      assert.equal(await inView('@alice'), false);
      await p.page.keyboard.press('ArrowRight');
      assert.equal(await inView('@alice'), true, 'the keyboard on it: in view');
      await p.page.keyboard.press('Enter');
      assert.equal(await p.page.getAttribute('.tab.selected', 'data-conv'), '@alice');
      assert.equal(await inView('@alice'), true, 'selected: in view');
    } finally {
      await p.close();
    }
  });
});
