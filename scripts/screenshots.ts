// Renders the chat panel with a realistic conversation in VS Code's dark, light and high-contrast themes and at
// 300 px wide, into docs/panel-*.png. Run: node --import tsx scripts/screenshots.ts
import { join } from 'node:path';
import { conversation } from '../test/webview/fixtures';
import { ROOT, startHarness } from '../test/webview/harness';
import type { ThemeName } from '../test/webview/themes';
import { missingEmojiFont } from './emojiFont';

async function main(): Promise<void> {
  const noEmoji = missingEmojiFont();
  if (noEmoji) throw new Error(noEmoji);
  const h = await startHarness();
  try {
    const shots: { file: string; theme: ThemeName; width: number; height: number }[] = [
      { file: 'panel-dark.png', theme: 'dark', width: 760, height: 740 },
      { file: 'panel-light.png', theme: 'light', width: 760, height: 740 },
      { file: 'panel-hc.png', theme: 'hc', width: 760, height: 740 },
      { file: 'panel-narrow.png', theme: 'dark', width: 300, height: 640 },
    ];
    for (const s of shots) {
      const { snapshot, live } = conversation();
      const p = await h.open({ snapshot, theme: s.theme, width: s.width, height: s.height });
      try {
        await p.deliver(...live);
        await p.page.evaluate(() => document.fonts.ready);
        await p.page.locator('.composer-input').focus();
        await p.page.keyboard.type('Nice catch, ship it');
        // the mouse over your own message: its Reply, Edit, React and Delete show
        if (s.width > 400) await p.page.hover('.messages .row.mine');
        await p.page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
        await p.page.screenshot({ path: join(ROOT, 'docs', s.file) });
        if (p.errors.length) throw new Error(p.errors.join('\n'));
        console.log(`docs/${s.file}`);
      } finally {
        await p.close();
      }
    }
  } finally {
    await h.close();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
