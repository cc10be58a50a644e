// 10,000 messages in a room: the DOM holds only what is in view (plus overscan), the list starts at the
// bottom, scrolling to the top reaches the first message, and new messages while scrolled up offer a jump.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { msg, startHarness, type Harness } from './harness';

let hx: Harness;
before(async () => {
  hx = await startHarness();
});
after(async () => {
  await hx?.close();
});

const N = 10_000;

describe('long history', () => {
  test('10,000 messages: virtualised DOM, top reachable, jump to new messages', async () => {
    const p = await hx.open({ height: 640 });
    try {
      await p.loadHistory(N);
      const counts = await p.rowCounts();
      assert.equal(counts.rows, N);
      assert.ok(counts.rendered > 0 && counts.rendered < 200, `rendered rows: ${counts.rendered}`);
      assert.ok(counts.domNodes < 3000, `DOM elements: ${counts.domNodes}`);
      const visible = () => p.page.evaluate(() => {
        const list = document.querySelector('.messages') as HTMLElement;
        const box = list.getBoundingClientRect();
        return Array.from(list.querySelectorAll('.row .body')).filter((b) => {
          const r = b.getBoundingClientRect();
          return r.bottom > box.top && r.top < box.bottom;
        }).map((b) => (b.textContent ?? '').trim().split(':')[0]);
      });
      assert.ok((await visible()).includes(`message ${N}`), 'starts at the newest message');

      // PageUp in the composer scrolls the messages.
      const before = await p.page.$eval('.messages', (e) => e.scrollTop);
      await p.page.focus('.composer-input');
      await p.page.keyboard.press('PageUp');
      await p.page.waitForFunction((b) => (document.querySelector('.messages') as HTMLElement).scrollTop < b, before, { timeout: 10_000 });

      // Scroll to the top (in steps, as a user would, then the rest of the way).
      await p.page.evaluate(() => {
        const list = document.querySelector('.messages') as HTMLElement;
        list.scrollTop = list.scrollTop / 2;
      });
      await p.page.waitForFunction(() => document.querySelectorAll('.messages .row').length > 0);
      await p.page.evaluate(() => {
        (document.querySelector('.messages') as HTMLElement).scrollTop = 0;
      });
      await p.page.waitForFunction(
        () => Array.from(document.querySelectorAll('.messages .row .body')).some((b) => b.textContent?.trim() === 'message 1'),
        undefined, { timeout: 10_000 },
      );
      // Heights measured on the way can shift things: settle, then the first message must be in view.
      await p.page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      await p.page.evaluate(() => {
        (document.querySelector('.messages') as HTMLElement).scrollTop = 0;
      });
      await p.page.waitForFunction(() => {
        const list = document.querySelector('.messages') as HTMLElement;
        const first = Array.from(list.querySelectorAll('.row .body')).find((b) => b.textContent?.trim() === 'message 1');
        if (!first) return false;
        const r = first.getBoundingClientRect();
        const box = list.getBoundingClientRect();
        return r.top >= box.top - 1 && r.bottom <= box.bottom + 1;
      }, undefined, { timeout: 10_000 });
      assert.ok((await p.rowCounts()).rendered < 200);
      // away from the end, a button goes back to it
      assert.equal(await p.page.textContent('.jump'), 'Jump to latest');
      assert.equal(await p.page.isVisible('.jump'), true);

      // A new message while scrolled up: no jump of the view, the button counts it.
      await p.deliver({ type: 'server', msg: msg('general', N + 1, 'bob', 'brand new') });
      assert.ok((await visible()).includes('message 1'), 'the view stayed where the user was reading');
      assert.equal(await p.page.isVisible('.jump'), true);
      assert.equal(await p.page.textContent('.jump'), '1 new message');
      await p.page.click('.jump');
      await p.page.waitForFunction(() => {
        const list = document.querySelector('.messages') as HTMLElement;
        return Array.from(list.querySelectorAll('.row .body')).some((b) => b.textContent?.trim() === 'brand new')
          && list.scrollTop + list.clientHeight >= list.scrollHeight - 8;
      }, undefined, { timeout: 10_000 });
      assert.equal(await p.page.isHidden('.jump'), true);
      // At the bottom, new messages keep the view at the bottom.
      await p.deliver({ type: 'server', msg: msg('general', N + 2, 'bob', 'newer still') });
      assert.ok((await visible()).includes('newer still'));
      assert.equal(await p.page.isHidden('.jump'), true);
      assert.deepEqual(p.errors, []);
    } finally {
      await p.close();
    }
  });

  test('a reader scrolled up stays on what they read when the room\'s history is cut at its start (a busy room keeps its newest 20,000)', async () => {
    const p = await hx.open({ height: 640 });
    try {
      const n = 20_990;
      await p.loadHistory(n);
      // reading message 15000, away from the end
      await p.page.evaluate(() => {
        const list = document.querySelector('.messages') as HTMLElement;
        list.scrollTop = list.scrollHeight * 0.7;
      });
      await p.page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      const firstInView = () => p.page.evaluate(() => {
        const list = document.querySelector('.messages') as HTMLElement;
        const box = list.getBoundingClientRect();
        const row = Array.from(list.querySelectorAll<HTMLElement>('.row[data-key]')).find((r) => r.getBoundingClientRect().bottom > box.top + 1);
        return { key: row?.dataset.key, top: Math.round((row?.getBoundingClientRect().top ?? 0) - box.top) };
      });
      const before = await firstInView();
      assert.ok(before.key !== undefined);
      // 11 more: past 21,000 rows the oldest 1,001 go
      for (let i = 1; i <= 11; i++) await p.deliver({ type: 'server', msg: msg('general', n + i, 'bob', `new ${i}`) });
      await p.page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      assert.equal((await p.rowCounts()).rows, 20_000, 'cut to the newest 20,000');
      // the same row at the top, within a few pixels (the rows above it are estimated again): it moved on 1,001 rows
      const after = await firstInView();
      assert.equal(after.key, before.key);
      assert.ok(Math.abs(after.top - before.top) < 10, `at ${after.top} px, was ${before.top}`);
      assert.deepEqual(p.errors, []);
    } finally {
      await p.close();
    }
  });
});
