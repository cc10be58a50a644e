// A long text folded behind "Show more" (a pasted log) is built to its first lines only: 8,000 short lines laid out
// every one of them behind the fold, 0.1-0.6 s a message at each drawing of the row. These tests count what is in
// the page, folded and opened, and that what the fold shows is what the whole text shows up to there.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { makeSnapshot, msg, T0, startHarness, type Harness, type Panel } from './harness';

let hx: Harness;
before(async () => {
  hx = await startHarness();
});
after(async () => {
  await hx?.close();
});

/** A pasted log: `n` short lines (`L0` ...), `word` on line `at` (8,000 of them are 46,889 characters: all shown opened). */
const log = (n: number, at = -1, word = '') => Array.from({ length: n }, (_, i) => (i === at ? `L${i} ${word}` : `L${i}`)).join('\n');

/** The most lines a folded text may have in the page: the fold shows 14; it builds a few more, not thousands. */
const FOLDED_MAX = 100;
/** The most characters it may have there: 48 lines of 100 are built. */
const FOLDED_CHARS = 6000;

/** `n` characters of a base64 blob: one line. */
const blob = (n: number) => Buffer.from(Array.from({ length: n }, (_, i) => (i * 7919) % 251)).toString('base64').slice(0, n);

async function withPanel(events: ReturnType<typeof msg>[], run: (p: Panel) => Promise<void>, width = 700, height = 700): Promise<void> {
  const snap = makeSnapshot();
  snap.rooms[0]!.events = events;
  const p = await hx.open({ snapshot: snap, width, height });
  try {
    await run(p);
    assert.deepEqual(p.errors, []);
  } finally {
    await p.close();
  }
}

/** Lines (line breaks, paragraphs, list items, lines of code) and characters of the text of the row holding `text`. */
function shownOf(p: Panel, text: string) {
  return p.page.locator('.messages .row', { hasText: text }).evaluate((r) => {
    const body = r.querySelector<HTMLElement>('.body, .action-text, .notice-text')!;
    const code = [...body.querySelectorAll('pre')].reduce((n, pre) => n + (pre.textContent ?? '').split('\n').length, 0);
    return { lines: body.querySelectorAll('br, p, li, tr').length + code + (body.classList.contains('notice-text') ? (body.textContent ?? '').split('\n').length : 0), chars: (body.textContent ?? '').length, text: (body.textContent ?? '').replace(/\n/g, ' ').trim() };
  });
}

/** Find finds `needle` once in the messages: the message of it opened, the word marked. */
async function findsNeedle(p: Panel): Promise<void> {
  await p.page.locator('.composer-input').focus();
  await p.page.keyboard.press('Control+f');
  await p.page.keyboard.type('needle');
  assert.equal(await p.page.textContent('.search-count'), '1 of 1');
  assert.equal(await p.page.locator('.row.search-current .show-more').textContent(), 'Show less', 'the message is open');
  const marked = await p.page.evaluate(() => [...((CSS as unknown as { highlights: Map<string, Set<Range>> }).highlights.get('search-current') ?? [])].map((r) => r.toString()));
  assert.deepEqual(marked, ['needle']);
}

const frame = (p: Panel) => p.page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

describe('a folded long text builds its first lines only', () => {
  test('a message of 8,000 short lines: its first lines folded, all 8,000 once opened, its first lines again once closed; a reaction keeps it open', async () => {
    await withPanel([msg('general', 1, 'alice', 'before'), msg('general', 2, 'bob', log(8000))], async (p) => {
      const folded = await shownOf(p, 'L0');
      assert.ok(folded.lines <= FOLDED_MAX, `folded: ${folded.lines} lines in the page`);
      assert.ok(folded.chars < 2000, `folded: ${folded.chars} characters in the page`);
      assert.ok(folded.text.startsWith('L0 L1 L2 L3'), 'its first lines, in order');
      assert.equal(await p.page.locator('.show-more').textContent(), 'Show more');
      await p.page.locator('.show-more').click();
      await frame(p);
      assert.equal(await p.page.locator('.show-more').textContent(), 'Show less');
      const open = await shownOf(p, 'L0');
      assert.equal(open.lines, 1 + 7999, 'a paragraph of 8,000 lines');
      assert.ok(open.text.endsWith('L7998 L7999'), 'to its last line');
      // a reaction draws the row anew: it stays open, whole
      await p.deliver({ type: 'server', msg: { type: 'react', room: 'general', seq: 3, time: T0 + 90_000, target: 2, from: 'alice', emoji: '👀', on: true, reactions: [{ emoji: '👀', by: ['alice'] }] } });
      await p.page.waitForSelector('.reaction');
      assert.equal(await p.page.locator('.show-more').textContent(), 'Show less');
      assert.equal((await shownOf(p, 'L0')).lines, 8000);
      await p.page.locator('.show-more').click();
      await frame(p);
      assert.ok((await shownOf(p, 'L0')).lines <= FOLDED_MAX, 'closed: its first lines again');
    });
  });

  test('an edit of a folded message is folded too, its "(edited)" built with it; a /me and a notice of 8,000 lines fold the same', async () => {
    await withPanel([msg('general', 1, 'me', 'short'), msg('general', 2, 'alice', log(8000), { kind: 'action' })], async (p) => {
      const action = await shownOf(p, 'L0');
      assert.ok(action.lines <= FOLDED_MAX, `the /me folded: ${action.lines} lines in the page`);
      await p.deliver({ type: 'server', msg: { type: 'edit', room: 'general', seq: 3, time: T0 + 90_000, target: 1, from: 'me', text: `edited\n${log(8000)}` } });
      await p.page.waitForSelector('.row:has-text("edited") .show-more');
      const edited = await shownOf(p, 'edited');
      assert.ok(edited.lines <= FOLDED_MAX, `the edit folded: ${edited.lines} lines in the page`);
      assert.equal(await p.page.locator('.messages .row', { hasText: 'edited' }).locator('.edited').count(), 1);
      await p.deliver({ type: 'notice', level: 'info', text: `notice ${log(8000)}` });
      const notice = await shownOf(p, 'notice L0');
      assert.ok(notice.lines <= FOLDED_MAX, `the notice folded: ${notice.lines} lines in the page`);
      await p.page.locator('.row.notice .show-more').click();
      await frame(p);
      assert.equal((await shownOf(p, 'notice L0')).lines, 8000, 'the notice opened: all of it');
    });
  });

  test('Find finds a word on line 7,000 of a folded message: it opens, the word marked', async () => {
    await withPanel([msg('general', 1, 'bob', log(8000, 7000, 'needle')), msg('general', 2, 'alice', 'after')], async (p) => {
      assert.ok((await shownOf(p, 'L0')).lines <= FOLDED_MAX);
      await findsNeedle(p);
    });
  });

  test('cut inside a fenced block, a list, emphasis: the fold shows them as the whole text does; a cut block copies whole; a link defined below the fold works', async () => {
    const fence = ['```ts', ...Array.from({ length: 3000 }, (_, i) => `const x${i} = ${i};`), '```', 'after the fence'].join('\n');
    const list = ['[the docs][d] say', ...Array.from({ length: 3000 }, (_, i) => `- item ${i} of it`), '', '[d]: https://example.com/docs'].join('\n');
    const stressed = `*it starts here\n${log(3000)}\nand ends here*`;
    await withPanel([msg('general', 1, 'bob', fence), msg('general', 2, 'carol', list), msg('general', 3, 'dave', stressed)], async (p) => {
      const code = await shownOf(p, 'const x0');
      assert.ok(code.lines <= FOLDED_MAX, `the fence folded: ${code.lines} lines in the page`);
      const row = p.page.locator('.messages .row', { hasText: 'const x0' });
      assert.equal(await row.locator('pre').count(), 1, 'one block of code');
      assert.ok((await row.locator('pre').textContent())!.startsWith('const x0 = 0;\nconst x1 = 1;\n'));
      assert.equal(await row.locator('p').count(), 0, 'nothing of the code read as prose (no fence left open)');
      assert.ok(await row.locator('pre code').evaluate((c) => c.querySelectorAll('[class^="hljs-"]').length > 0), 'highlighted');
      await row.locator('.code-block-copy').click();
      assert.equal((await p.waitForPosted('copyText')).text, fence.split('\n').slice(1, -2).join('\n') + '\n', 'Copy takes the whole block');
      const listRow = p.page.locator('.messages .row', { hasText: 'item 0' });
      const shown = await shownOf(p, 'item 0');
      assert.ok(shown.lines <= FOLDED_MAX, `the list folded: ${shown.lines} lines in the page`);
      assert.equal(await listRow.locator('a.link').getAttribute('href'), 'https://example.com/docs', 'the link defined at the end');
      const em = p.page.locator('.messages .row', { hasText: 'it starts here' }).locator('.body > p > em');
      assert.ok((await em.textContent())!.startsWith('it starts here\nL0\nL1'), 'emphasis that ends below the fold');
      assert.ok((await shownOf(p, 'it starts here')).lines <= FOLDED_MAX);
      assert.ok(await listRow.locator('ul > li').count() > 10, 'list items');
      assert.ok(!(await listRow.locator('.body').textContent())!.includes('- item'), 'no item read as text');
    });
  });

  test('one line of 60,000 characters (a base64 blob): its first characters folded, all of it opened; Find finds a word near its end, Copy copies it all, an edit folds too, a reaction keeps it open', async () => {
    const text = `${blob(50_000)}needle${blob(9994)}`;
    const start = text.slice(0, 40);
    await withPanel([msg('general', 1, 'bob', text), msg('general', 2, 'me', 'short')], async (p) => {
      const folded = await shownOf(p, start);
      assert.ok(folded.chars <= FOLDED_CHARS, `folded: ${folded.chars} characters in the page`);
      assert.ok(folded.text.startsWith(start), 'its first characters');
      const key = await p.page.locator('.messages .row', { hasText: start }).evaluate((r) => (r.closest('[data-key]') as HTMLElement).dataset.key!);
      await p.deliver({ type: 'rowAction', key, action: 'copy' });
      assert.equal((await p.waitForPosted('copyText')).text, text, 'Copy takes all of it');
      await p.page.locator('.show-more').click();
      await frame(p);
      assert.equal((await shownOf(p, start)).text, text, 'opened: all of it');
      await p.deliver({ type: 'server', msg: { type: 'react', room: 'general', seq: 3, time: T0 + 90_000, target: 1, from: 'alice', emoji: '👀', on: true, reactions: [{ emoji: '👀', by: ['alice'] }] } });
      await p.page.waitForSelector('.reaction');
      assert.equal((await shownOf(p, start)).text, text, 'a reaction keeps it open');
      await p.page.locator('.show-more').click();
      await frame(p);
      assert.ok((await shownOf(p, start)).chars <= FOLDED_CHARS, 'closed: its first characters again');
      await p.deliver({ type: 'server', msg: { type: 'edit', room: 'general', seq: 4, time: T0 + 90_000, target: 2, from: 'me', text: `edited ${blob(60_000)}` } });
      await p.page.waitForSelector('.row:has-text("edited") .show-more');
      assert.ok((await shownOf(p, 'edited')).chars <= FOLDED_CHARS, 'the edit folded');
      assert.equal(await p.page.locator('.messages .row', { hasText: 'edited' }).locator('.edited').count(), 1);
      await findsNeedle(p);
    });
  });

  test('a line past the fold is cut inside its parsed Markdown (emphasis, a link, inline code, a line of code, emoji), a /me, a notice and prose too: what was open is closed, no character split; opened, all of it', async () => {
    const long = 60_000;
    const texts = {
      em: `*start ${'word '.repeat(long / 5)}end*`,
      link: `see https://example.com/${'a'.repeat(long)} now`,
      code: `inline \`${'y'.repeat(long)}\` code`,
      // (below lines that fill the fold: a line of code does not wrap, and a block of one line fits and shows whole)
      fence: ['```', ...Array.from({ length: 20 }, (_, i) => `code ${i}`), 'z'.repeat(long), 'code 21', '```'].join('\n'),
      family: `fam${'👨‍👩‍👧'.repeat(long / 8)}`,
      prose: `prose ${'lorem ipsum '.repeat(long / 12)}end`,
    };
    await withPanel([...Object.values(texts).map((t, i) => msg('general', i + 1, 'bob', t)), msg('general', 7, 'alice', `acts ${'v'.repeat(long)}`, { kind: 'action' })], async (p) => {
      const row = (text: string) => p.page.locator('.messages .row', { hasText: text });
      for (const start of ['start word', 'see https', 'inline', 'code 0', 'fam👨', 'prose lorem', 'acts vvv']) {
        const folded = await shownOf(p, start);
        assert.ok(folded.chars <= FOLDED_CHARS, `${start}: ${folded.chars} characters in the page`);
        assert.doesNotMatch(await row(start).innerHTML(), /&lt;|&gt;/, `${start}: no markup shown as text`);
      }
      assert.ok((await row('start word').locator('.body > p > em').textContent())!.startsWith('start word word'), 'emphasis that ends below the fold');
      assert.ok(!(await row('start word').textContent())!.includes('*'), 'its star read as in the whole');
      const link = row('see https').locator('a.link');
      const href = await link.getAttribute('href');
      assert.ok((await link.textContent())!.length < FOLDED_CHARS);
      assert.ok((await row('inline').locator('code').textContent())!.startsWith('yyyy'));
      assert.match(await row('code 0').locator('pre').textContent() ?? '', /^code 0\n(?:.*\n){19}zzzz/, 'the lines above it, and its first characters');
      await row('code 0').locator('.code-block-copy').click();
      assert.equal((await p.waitForPosted('copyText')).text, texts.fence.split('\n').slice(1, -1).join('\n') + '\n', 'Copy takes the whole block');
      assert.match((await shownOf(p, 'fam👨')).text, /^fam(?:👨‍👩‍👧)+$/u, 'whole families only');
      await p.deliver({ type: 'notice', level: 'info', text: `notice ${'n'.repeat(long)}` });
      assert.ok((await shownOf(p, 'notice nnn')).chars <= FOLDED_CHARS, 'the notice folded');
      for (const [start, end] of [['start word', 'word end'], ['see https', 'aaa now'], ['code 0', 'zzz code 21'], ['prose lorem', 'ipsum end'], ['acts vvv', 'vvv'], ['notice nnn', 'nnn']] as const) {
        await row(start).locator('.show-more').click();
        await frame(p);
        const opened = await shownOf(p, start);
        assert.ok(opened.chars > long && opened.text.endsWith(end), `${start} opened: all of it`);
        if (start === 'see https') assert.equal(await row(start).locator('a.link').getAttribute('href'), href, 'the link went where the whole text says');
        await row(start).locator('.show-more').click(); // (closed again: the others back in view)
        await frame(p);
      }
    }, 700, 3000); // (all of them in the page: the list builds the rows in view)
  });

  test('a text long only by lines that show nothing (blank ones) is built further while it fits: whole, with no "Show more"', async () => {
    await withPanel([msg('general', 1, 'bob', `top\n${'\n'.repeat(400)}bottom`), msg('general', 2, 'carol', `top2\n${'\n'.repeat(400)}${log(5000)}`)], async (p) => {
      const row = p.page.locator('.messages .row', { hasText: 'top' }).first();
      assert.equal(await row.locator('.show-more').count(), 0, 'it fits: not folded');
      assert.match((await row.locator('.body').textContent())!, /bottom/, 'its last line is there');
      // built further until it fills the fold: folded, with lines from past the blanks, not all of them
      const more = await shownOf(p, 'top2');
      assert.equal(await p.page.locator('.messages .row', { hasText: 'top2' }).locator('.show-more').count(), 1);
      assert.ok(more.text.includes('L0'), 'the lines after the blanks');
      assert.ok(!more.text.includes('L4999') && more.lines < 1000, `not all of them: ${more.lines} lines in the page`);
    });
  });
});
