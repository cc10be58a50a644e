// Long code and long messages: highlight.js is quadratic on some text (16 KB of `$` as Java froze the panel for
// seconds), so code past HIGHLIGHT_MAX shows as plain escaped text; a text past SHOWN_MAX is shown in part.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { HIGHLIGHT_MAX } from '../../src/webview/highlight';
import { SHOWN_MAX } from '../../src/webview/dom';
import { makeSnapshot, msg, startHarness, type Harness } from './harness';

let hx: Harness;
before(async () => {
  hx = await startHarness();
});
after(async () => {
  await hx?.close();
});

const card = (path: string, language: string) => ({ kind: 'code' as const, code: { path, language } });

describe('long code and text', () => {
  test("code shown plain for want of the second's highlighting time (a flood of code, a loaded machine) is coloured a second later", async () => {
    const p = await hx.open({ snapshot: makeSnapshot() });
    try {
      // highlighting seems to take 60 ms each (the budget is 100 ms a second; Java's first code is not counted): the
      // fourth card on is shown plain (each reading of the clock moves it on 60 ms: the budget reads it twice a card)
      await p.page.evaluate(() => {
        const real = performance.now.bind(performance);
        let at = real();
        (window as unknown as { realNow: () => number }).realNow = real;
        performance.now = () => (at += 60);
      });
      await p.deliver(...Array.from({ length: 5 }, (_, i) => ({ type: 'server' as const, msg: msg('general', 100 + i, 'alice', `class A${i} { int x = ${i}; }`, card(`A${i}.java`, 'java')) })));
      const coloured = () => p.page.$$eval('.code-card-body code', (els) => els.map((e) => e.querySelectorAll('[class^="hljs-"]').length > 0));
      const first = await coloured();
      assert.ok(first.includes(false), `some shown plain at first: ${JSON.stringify(first)}`);
      await p.page.evaluate(() => {
        performance.now = (window as unknown as { realNow: () => number }).realNow;
      });
      await p.page.waitForFunction(() => [...document.querySelectorAll('.code-card-body code')].every((e) => e.querySelectorAll('[class^="hljs-"]').length > 0), undefined, { timeout: 15_000 });
    } finally {
      await p.close();
    }
  });

  test('code longer than HIGHLIGHT_MAX is shown whole as escaped text, with no highlighting', async () => {
    const p = await hx.open({ snapshot: makeSnapshot() });
    try {
      const small = 'class A { int x = 1; }';
      const big = '<b>&amp;</b> class A {}\n' + '$'.repeat(16_000);
      const fence = (code: string) => '```java\n' + code + '\n```';
      const half = 'int x = 1;\n'.repeat(Math.ceil(HIGHLIGHT_MAX / 2 / 11 + 1)).trimEnd();
      await p.deliver(
        { type: 'server', msg: msg('general', 100, 'alice', small, card('A.java', 'java')) },
        { type: 'server', msg: msg('general', 101, 'alice', big, card('B.java', 'java')) },
        { type: 'server', msg: msg('general', 102, 'bob', fence(small)) },
        { type: 'server', msg: msg('general', 103, 'bob', fence(big)) },
        // two fences of more than half the limit each: the second is past what one message may have highlighted
        { type: 'server', msg: msg('general', 104, 'bob', `${fence(half)}\n\n${fence(half)}`) },
      );
      // the two fences fold (a long message builds its first lines only): opened, both are there
      await p.page.locator('.messages .row', { hasText: 'int x = 1;' }).locator('.show-more').click();
      // (on a loaded machine the second's highlighting time may run out before all of them: what was shown plain
      // is drawn again, coloured, a second later)
      await p.page.waitForFunction(() => {
        const codes = [...document.querySelectorAll('.code-card-body code, .markdown pre code')];
        return [0, 2, 4].every((i) => (codes[i]?.querySelectorAll('[class^="hljs-"]').length ?? 0) > 0);
      }, undefined, { timeout: 15_000 });
      const blocks = await p.page.$$eval('.code-card-body code, .markdown pre code', (els) => els.map((e) => ({
        spans: e.querySelectorAll('[class^="hljs-"]').length, elements: e.querySelectorAll('*').length, text: e.textContent ?? '',
      })));
      assert.equal(blocks.length, 6, JSON.stringify(blocks.map((b) => b.text.slice(0, 20))));
      const [smallCard, bigCard, smallFence, bigFence, firstHalf, secondHalf] = blocks;
      assert.ok(smallCard!.spans > 0 && smallFence!.spans > 0, 'short code is highlighted');
      assert.ok(firstHalf!.spans > 0, 'the first fence fits the budget');
      for (const [name, b, text] of [['card', bigCard!, big], ['fence', bigFence!, big], ['second fence', secondHalf!, half]] as const) {
        assert.equal(b.elements, 0, `${name}: no highlighting (and no element from the text)`);
        assert.equal(b.text.replace(/\n$/, ''), text, `${name}: the whole code shows, as text`);
      }
      assert.deepEqual(p.errors, []);
    } finally {
      await p.close();
    }
  });

  test('a text past SHOWN_MAX shows its first part and says it is cut; Copy takes a card whole', async () => {
    const p = await hx.open({ snapshot: makeSnapshot() });
    try {
      const huge = 'word '.repeat(40_000); // 200,000 characters
      await p.deliver(
        { type: 'server', msg: msg('general', 100, 'alice', huge, card('log.txt', 'plaintext')) },
        { type: 'server', msg: msg('general', 101, 'bob', huge) },
        { type: 'server', msg: msg('general', 102, 'bob', 'short') },
      );
      assert.equal(await p.page.locator('.messages .row', { hasText: 'short' }).locator('.truncated').count(), 0);
      // the message folds (a long one builds its first lines only, and its one line is cut there): opened, all of it
      // (the rows below it then out of view)
      await p.page.locator('.messages .row', { hasText: 'word word' }).locator('.show-more').click();
      await p.page.waitForSelector('.messages .show-more[aria-expanded="true"]');
      const shown = await p.page.$$eval('.messages .row', (rows) => rows.map((r) => ({
        code: r.querySelector('.code-card-body')?.textContent?.length,
        body: r.querySelector('.body')?.textContent?.length,
        note: r.querySelector('.truncated')?.textContent,
      })));
      const more = (huge.length - SHOWN_MAX).toLocaleString('en-US');
      assert.deepEqual(shown.slice(0, 2), [
        { code: SHOWN_MAX, body: undefined, note: `… truncated: ${more} more characters not shown (Copy and Open take them all)` },
        { code: undefined, body: shown[1]!.body, note: `… truncated: ${more} more characters not shown` },
      ]);
      assert.ok(shown[1]!.body! < SHOWN_MAX + 100, `the message shows its first ${SHOWN_MAX} characters: ${shown[1]!.body}`);

      await p.clearPosted();
      await p.page.click('.code-card-copy');
      const copied = await p.waitForPosted('copyText');
      assert.equal(copied.text, huge);
      // a /me: one line of Markdown, cut as a message is (a megabyte of it took seconds at every drawing)
      await p.page.locator('.messages .show-more[aria-expanded="true"]').click(); // (closed: the rows below back in view)
      await p.page.waitForSelector('.messages .show-more[aria-expanded="false"]');
      await p.deliver({ type: 'server', msg: msg('general', 103, 'bob', huge, { kind: 'action' }) });
      await p.page.locator('.messages .row.action .show-more').click();
      await p.page.waitForSelector('.messages .row.action .show-more[aria-expanded="true"]');
      const action = await p.page.locator('.messages .row.action').evaluate((r) => ({ text: r.querySelector('.action-text')?.textContent?.length, note: r.querySelector('.truncated')?.textContent }));
      assert.ok(action.text! <= SHOWN_MAX, `the /me shows its first ${SHOWN_MAX} characters: ${action.text}`);
      assert.equal(action.note, `… truncated: ${more} more characters not shown`);
      assert.deepEqual(p.errors, []);
    } finally {
      await p.close();
    }
  });

  test("a message's direction (dir=auto) is set once its body is built, and a message of many fences gets Copy on its first 50 with code", async () => {
    const p = await hx.open({ snapshot: makeSnapshot() });
    try {
      // counts changes made inside a message body or /me text already marked dir=auto: Chromium works the
      // direction out again at each (2,000 empty fences in one message froze every member's panel for seconds)
      await p.page.evaluate(() => {
        const w = window as unknown as { __underAuto: number };
        w.__underAuto = 0;
        const under = (n: Node) => ((n instanceof Element ? n : n.parentElement)?.closest('.markdown[dir=auto], .action-text[dir=auto]') ? 1 : 0);
        for (const [proto, names] of [[Element.prototype, ['append', 'replaceWith', 'prepend', 'before', 'after']], [CharacterData.prototype, ['replaceWith', 'before', 'after']], [Node.prototype, ['appendChild', 'insertBefore', 'replaceChild', 'removeChild']]] as const) {
          for (const name of names) {
            const target = proto as unknown as Record<string, (...a: unknown[]) => unknown>;
            const orig = target[name]!;
            target[name] = function (this: Node, ...a: unknown[]) {
              w.__underAuto += under(this);
              return orig.apply(this, a);
            };
          }
        }
      });
      const fences = '```\ncode \u200B here\n```\n\n'.repeat(60) + '```\n```\n'.repeat(20);
      await p.deliver(
        { type: 'server', msg: msg('general', 100, 'alice', fences) },
        { type: 'server', msg: msg('general', 101, 'alice', 'waves \u202E at **everyone**', { kind: 'action' }) },
      );
      const look = () => p.page.evaluate(() => ({
        underAuto: (window as unknown as { __underAuto: number }).__underAuto,
        dirs: Array.from(document.querySelectorAll('.messages .row .markdown, .messages .row .action-text'), (e) => e.getAttribute('dir')),
        pres: document.querySelectorAll('.messages .row .markdown pre').length,
        copies: document.querySelectorAll('.messages .row .code-block-copy').length,
      }));
      const folded = await look();
      assert.deepEqual(folded.dirs, ['auto', 'auto'], 'each still takes its direction from its text');
      assert.equal(folded.underAuto, 0, 'nothing changed inside them after their direction was set');
      // folded, it is built to its first blocks only: opened, all 80 (built anew, whole)
      await p.page.locator('.messages .show-more').click();
      await p.page.waitForSelector('.messages .show-more[aria-expanded="true"]');
      const seen = await look();
      assert.equal(seen.dirs[0], 'auto');
      assert.equal(seen.underAuto, 0, 'nothing changed inside it after its direction was set, opened');
      assert.equal(seen.pres, 80);
      assert.equal(seen.copies, 50, 'Copy on the first 50 blocks with code: none on an empty one');
      assert.deepEqual(p.errors, []);
    } finally {
      await p.close();
    }
  });

  test('a letter with thousands of combining marks is drawn with its first 8 and a count of the rest; letters with a few keep them; Copy takes them all', async () => {
    const p = await hx.open({ snapshot: makeSnapshot() });
    try {
      const zalgo = 'a' + '\u0301'.repeat(5000);
      const fine = 'Tiếng Việt ệ̃ b\u0301\u0302\u0303';
      await p.deliver(
        { type: 'server', msg: msg('general', 100, 'mallory', `${zalgo} ${fine}`) },
        { type: 'server', msg: msg('general', 101, 'mallory', zalgo, { kind: 'action' }) },
        { type: 'server', msg: msg('general', 102, 'mallory', zalgo, card('z.txt', 'plaintext')) },
      );
      const shown = await p.page.$$eval('.messages .row', (rows) => rows.map((r) => (r.querySelector('.code-card-body, .body, .action-text') as HTMLElement).innerText));
      const cut = 'a' + '\u0301'.repeat(8) + '+4992 marks';
      assert.deepEqual(shown, [`${cut} ${fine}`, cut, cut]);
      // runs of 8 apart by zero-width spaces: past the 200 marks a message shows, those spaces still part them,
      // and the marks between them are one letter's (1,777 runs of 8 took Chromium 330 ms to draw)
      await p.deliver({ type: 'server', msg: msg('general', 103, 'mallory', 'a' + ('\u0301'.repeat(8) + '\u200B').repeat(300)) });
      await p.page.locator('.messages .row.msg').last().locator('.body').getByText('+784 marks').waitFor();
      const last = await p.page.locator('.messages .row.msg').last().locator('.body').evaluate((b) => ({
        longest: Math.max(0, ...(b.textContent ?? '').split(/[^\p{M}]/u).map((run) => run.length)),
        marks: (b.textContent ?? '').match(/\p{M}/gu)?.length ?? 0,
        counts: Array.from(b.querySelectorAll('.invisible-char'), (e) => e.textContent).filter((t) => /marks$/.test(t ?? '')),
      }));
      assert.equal(last.longest, 8, 'no letter gets more than 8 marks');
      assert.deepEqual(last.counts, ['+784 marks'], 'the 99 runs past the 200 zero-width spaces drawn are one letter\'s: 8 of their 792 marks drawn');
      assert.equal(last.marks, 300 * 8 - 784);
      await p.clearPosted();
      await p.page.click('.code-card-copy');
      assert.equal((await p.waitForPosted('copyText')).text, zalgo);
      assert.deepEqual(p.errors, []);
    } finally {
      await p.close();
    }
  });

  test('a topic, a kick reason, a notice, a shared file\'s path and a (hostile server\'s) nickname are drawn with 8 marks on a letter at most, as messages are', async () => {
    const p = await hx.open({ snapshot: makeSnapshot() });
    try {
      const zalgo = 'a' + '\u0301'.repeat(300);
      const cut = 'a' + '\u0301'.repeat(8) + '+292 marks';
      const base = { room: 'general', time: msg('general', 100, 'x', '').time };
      await p.deliver(
        { type: 'server', msg: { ...base, type: 'topic', seq: 100, by: 'mallory', topic: `T ${zalgo}` } },
        { type: 'server', msg: { ...base, type: 'kick', seq: 101, nick: 'bob', by: 'mallory', reason: `R ${zalgo}`, ban: false } },
        { type: 'notice', level: 'info', text: `N ${zalgo}` },
        { type: 'server', msg: msg('general', 102, 'mallory', 'x', card(`${zalgo}.txt`, 'plaintext')) },
        { type: 'server', msg: msg('general', 103, zalgo, 'y') },
      );
      const shown = await p.page.evaluate(() => [
        ...Array.from(document.querySelectorAll('.topic .topic-text, .messages .row .topic-text, .messages .row .reason, .messages .row .notice-text'), (e) => (e as HTMLElement).innerText),
        document.querySelector('.messages .code-card-base')?.textContent,
        Array.from(document.querySelectorAll('.messages .row .msg-header .nick'), (e) => e.textContent).at(-1),
      ]);
      assert.deepEqual(shown, [`T ${cut}`, `T ${cut}`, `R ${cut}`, `N ${cut}`, `${cut}.txt`, cut]);
      assert.deepEqual(p.errors, []);
    } finally {
      await p.close();
    }
  });
});
