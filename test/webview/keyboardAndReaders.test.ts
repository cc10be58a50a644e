// The panel for someone on the keyboard or with a screen reader: what is read out, where the keyboard goes after
// an action or a redraw, and keys that must not do more than they say (in headless Chromium).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { PanelSnapshot, ToPanel } from '../../src/shared/panelMessages';
import { conversation } from './fixtures';
import { dm, makeSnapshot, msg, startHarness, T0, type Harness, type Panel } from './harness';

let hx: Harness;
before(async () => {
  hx = await startHarness();
});
after(async () => {
  await hx?.close();
});

async function withPanel(snapshot: PanelSnapshot, body: (p: Panel) => Promise<void>, size: { width?: number; height?: number } = {}): Promise<void> {
  const p = await hx.open({ snapshot, ...size });
  try {
    await body(p);
    assert.deepEqual(p.errors, [], 'no page errors');
  } finally {
    await p.close();
  }
}

/** #general (open, `history` messages from alice) and #dev. */
const rooms = (history = 30, o: Partial<PanelSnapshot> = {}): PanelSnapshot =>
  makeSnapshot({
    rooms: [
      { name: 'general', epoch: 'e1', topic: '', members: [{ nick: 'alice', role: 'owner' }, { nick: 'bob', role: 'op' }, { nick: 'me', role: 'member' }], events: Array.from({ length: history }, (_, i) => msg('general', i + 1, 'alice', `message ${i + 1}`)) },
      { name: 'dev', epoch: 'e1', topic: '', members: [{ nick: 'alice', role: 'owner' }, { nick: 'me', role: 'member' }], events: [] },
    ],
    ...o,
  });

const frames = (p: Panel) => p.page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
/** Messages handled in one task (no frame between them, however loaded the machine), then drawn. */
const inOneFrame = async (p: Panel, ...ms: ToPanel[]) => {
  await p.page.evaluate((list) => list.forEach((m) => window.dispatchEvent(new MessageEvent('message', { data: m }))), ms);
  await frames(p);
};
/** alice, bob and you, as a welcome lists #general after a reconnect. */
const members = [{ nick: 'alice', role: 'owner' as const }, { nick: 'bob', role: 'op' as const }, { nick: 'me', role: 'member' as const }];
/** What the element with the focus is: a row's key, a control's class in a row, or the element's class. */
const focused = (p: Panel) =>
  p.page.evaluate(() => {
    const a = document.activeElement as HTMLElement | null;
    if (!a || a === document.body) return 'body';
    const key = a.closest<HTMLElement>('[data-key]')?.dataset.key;
    if (a.classList.contains('row')) return `row ${key}`;
    return key !== undefined ? `${a.classList[0]} in ${key}` : a.classList[0] ?? a.tagName;
  });
/** The lines a screen reader was given: polite and at once (`assertive`). */
const heard = (p: Panel) =>
  p.page.evaluate(() => ({
    polite: Array.from(document.querySelectorAll('[aria-live="polite"].sr-only > div'), (e) => e.textContent),
    now: Array.from(document.querySelectorAll('[aria-live="assertive"].sr-only > div'), (e) => e.textContent),
  }));

/**
 * Every line the reader is given politely from now on, as it is given (the region keeps the last five): `lines()`
 * once `count` (how many events the lines said) reaches `events`, which a loaded machine may take a few frames for
 * (it gives up after 10 s, and the test's assertion says what was said).
 */
async function burstHeard(p: Panel, count: (lines: string[]) => number, events: number): Promise<{ lines: () => Promise<string[]> }> {
  await p.page.evaluate(() => {
    const log: string[] = [];
    (window as unknown as { saidLog: string[] }).saidLog = log;
    const seen = new MutationObserver((ms) => ms.forEach((m) => m.addedNodes.forEach((n) => log.push(n.textContent ?? ''))));
    for (const region of document.querySelectorAll('[aria-live="polite"].sr-only')) seen.observe(region, { childList: true });
  });
  const said = () => p.page.evaluate(() => (window as unknown as { saidLog: string[] }).saidLog.slice());
  return {
    lines: async () => {
      for (let i = 0; i < 100 && count(await said()) < events; i++) await new Promise((r) => setTimeout(r, 100));
      return said();
    },
  };
}

/** What Chromium's accessibility tree says of the element `selector` finds: its role, name and description. */
async function ax(p: Panel, selector: string): Promise<{ role: string; name: string; description: string }> {
  const cdp = await p.page.context().newCDPSession(p.page);
  try {
    const { result } = await cdp.send('Runtime.evaluate', { expression: `document.querySelector(${JSON.stringify(selector)})` });
    assert.ok(result.objectId, `no element ${selector}`);
    const { nodes } = await cdp.send('Accessibility.getPartialAXTree', { objectId: result.objectId, fetchRelatives: false });
    const n = nodes[0];
    const text = (v: { value?: unknown } | undefined) => (typeof v?.value === 'string' ? v.value : '');
    return { role: text(n?.role), name: text(n?.name), description: text(n?.description) };
  } finally {
    await cdp.detach();
  }
}

/** What a screen reader would say twice: nodes of the whole accessibility tree whose description repeats their name. */
async function namedTwice(p: Panel): Promise<string[]> {
  const cdp = await p.page.context().newCDPSession(p.page);
  try {
    const { nodes } = await cdp.send('Accessibility.getFullAXTree');
    return nodes.filter((n) => !n.ignored && typeof n.name?.value === 'string' && n.name.value !== '' && n.name.value === n.description?.value)
      .map((n) => `${String(n.role?.value)} "${String(n.name?.value)}"`);
  } finally {
    await cdp.detach();
  }
}

describe('keyboard and screen readers', () => {
  test('what the panel or the server answers is read out: errors at once, other notices politely', async () => {
    await withPanel(rooms(1, { maxText: 20 }), async (p) => {
      await p.page.fill('.composer-input', 'x'.repeat(30));
      await p.page.press('.composer-input', 'Enter');
      await p.deliver({ type: 'server', msg: { type: 'error', code: 'nick_taken', message: 'the nickname "bob" is taken; try "bob_2"', suggestion: 'bob_2' } });
      await p.deliver({ type: 'server', msg: { type: 'info', text: 'Topic for #general: none' } });
      await p.deliver({ type: 'notice', level: 'info', text: 'Copied.' });
      const h = await heard(p);
      assert.equal(h.now.length, 2, JSON.stringify(h));
      assert.match(h.now[0]!, /30 characters long; this room takes at most 20/);
      assert.equal(h.now[1], 'the nickname "bob" is taken; try "bob_2"');
      assert.deepEqual(h.polite, ['Topic for #general: none', 'Copied.']);
    });
  });

  test('Left / Right move between the tabs without opening them (a room passed stays unread); Enter opens', async () => {
    const snap = rooms();
    snap.rooms.push({ name: 'ops', epoch: 'e1', topic: '', members: [{ nick: 'me', role: 'member' }], events: [] });
    await withPanel(snap, async (p) => {
      await p.deliver({ type: 'server', msg: msg('dev', 1, 'alice', 'unread in dev') });
      await p.page.focus('.tab[data-conv="#general"]');
      await p.clearPosted();
      await p.page.keyboard.press('ArrowRight');
      await p.page.keyboard.press('ArrowRight');
      assert.equal(await p.page.evaluate(() => (document.activeElement as HTMLElement).dataset.conv), '#ops');
      assert.equal(await p.page.getAttribute('.tab.selected', 'data-conv'), '#general', 'nothing opened');
      assert.equal(await p.page.textContent('.tab[data-conv="#dev"] .badge'), '1', '#dev, passed on the way, is still unread');
      assert.equal((await p.posted()).some((m) => m.type === 'activeRoom'), false);
      await p.page.keyboard.press('ArrowLeft');
      await p.page.keyboard.press('Enter');
      await p.waitForPosted('activeRoom', (m) => m.room === 'dev');
      assert.equal(await p.page.getAttribute('.tab.selected', 'data-conv'), '#dev');
      // Tab away and back: the open conversation's tab is the tab list's stop
      await p.page.keyboard.press('ArrowRight');
      await p.page.focus('.composer-input');
      assert.deepEqual(await p.page.$$eval('.tab', (ts) => ts.map((t) => (t as HTMLElement).tabIndex)), [-1, 0, -1]);
      // the room of the tab the keyboard is on left (Leave Room from its menu): the keyboard goes to the tab
      // selected, not to the page, where the keys did nothing
      await p.page.focus('.tab[data-conv="#ops"]');
      await p.deliver({ type: 'server', msg: { type: 'parted', room: 'ops' } });
      await p.page.waitForSelector('.tab[data-conv="#ops"]', { state: 'detached' });
      assert.equal(await p.page.evaluate(() => (document.activeElement as HTMLElement).dataset.conv), '#dev');
    });
  });

  test('Alt+Down / Alt+Up take the keyboard along: on the tabs to the tab selected, from the members to the composer where a direct conversation has none', async () => {
    await withPanel(rooms(3, { dms: [dm('alice', 'me', 'psst')] }), async (p) => {
      const on = () => p.page.evaluate(() => {
        const a = document.activeElement as HTMLElement | null;
        return a?.dataset.conv ?? a?.dataset.nick ?? a?.className;
      });
      await p.page.focus('.tab[data-conv="#general"]');
      await p.page.keyboard.press('Alt+ArrowDown');
      assert.equal(await p.page.getAttribute('.tab.selected', 'data-conv'), '#dev');
      assert.equal(await on(), '#dev', 'on the tab selected, not on the one left');
      // #dev's members, then Alt+Down to the direct conversation: its pane lists nobody
      await p.page.focus('li.member[data-nick="alice"]');
      await p.page.keyboard.press('Alt+ArrowDown');
      assert.equal(await p.page.getAttribute('.tab.selected', 'data-conv'), '@alice');
      assert.equal(await on(), 'composer-input', 'the keyboard somewhere (it was on nothing)');
    }, { width: 700 });
  });

  test('the panel given the keyboard with nothing in it focused (Show Chat, a click on its tab) gives it to the composer; a message that had it keeps it', async () => {
    await withPanel(rooms(3), async (p) => {
      // VS Code focuses the webview, not an element in it: what was typed next went nowhere
      const vscodeFocuses = () => p.page.evaluate(() => {
        document.hasFocus = () => true;
        window.dispatchEvent(new FocusEvent('focus'));
      });
      await p.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      assert.equal(await focused(p), 'body');
      await vscodeFocuses();
      assert.equal(await focused(p), 'composer-input');
      await p.page.keyboard.type('hi');
      assert.equal(await p.page.inputValue('.composer-input'), 'hi');
      // back from the editor to a panel whose keyboard was on a message: it stays there
      await p.page.focus('.messages');
      await p.page.keyboard.press('ArrowUp');
      const row = await focused(p);
      assert.match(row, /^row /);
      await vscodeFocuses();
      assert.equal(await focused(p), row);
    });
  });

  test("a room joined in a panel open already (Join Chat from the recent rooms) puts the keyboard in the composer, though it was on a message: it stays there as VS Code focuses the panel", async () => {
    await withPanel(rooms(3), async (p) => {
      await p.page.focus('.messages');
      await p.page.keyboard.press('ArrowUp');
      assert.match(await focused(p), /^row /);
      // the window's focus goes to the quick pick; the room is left, and joined again: the new session's rows
      await p.page.evaluate(() => {
        document.hasFocus = () => false;
        window.dispatchEvent(new FocusEvent('blur'));
      });
      await p.deliver({ type: 'snapshot', snapshot: rooms(3, { status: 'closed', statusText: 'You left the room at 127.0.0.1:55555.', address: '' }) });
      await p.deliver({ type: 'snapshot', snapshot: rooms(3) }, { type: 'focusComposer' });
      // VS Code shows the panel and focuses the webview (its window), not an element in it
      await p.page.evaluate(() => {
        document.hasFocus = () => true;
        window.dispatchEvent(new FocusEvent('focus'));
      });
      await p.deliver({ type: 'server', msg: msg('general', 4, 'alice', 'welcome back') });
      assert.equal(await focused(p), 'composer-input');
    });
  });

  test('a message the keyboard was on whose row went with no focus moved (another conversation shown) is forgotten: the panel given the keyboard again gives it to the composer, and no later render puts it back on that message', async () => {
    await withPanel(rooms(3), async (p) => {
      const windowFocus = (has: boolean) => p.page.evaluate((h) => {
        document.hasFocus = () => h;
        window.dispatchEvent(new FocusEvent(h ? 'focus' : 'blur'));
      }, has);
      await p.page.focus('.messages');
      await p.page.keyboard.press('ArrowUp');
      const row = await focused(p);
      assert.match(row, /^row /);
      // the window elsewhere, #dev is shown (the extension's activateRoom): the row goes with #general
      await windowFocus(false);
      await p.deliver({ type: 'activateRoom', room: 'dev' });
      assert.equal(await focused(p), 'body');
      await windowFocus(true);
      assert.equal(await focused(p), 'composer-input', 'not the message list of #dev (the row the keyboard was on is not in it)');
      // a click on nothing in particular; back in #general, its messages are drawn with nothing focused
      await p.page.evaluate(() => (document.activeElement as HTMLElement).blur());
      await p.deliver({ type: 'activateRoom', room: 'general' });
      await p.deliver({ type: 'server', msg: msg('general', 4, 'alice', 'and another') });
      await frames(p);
      assert.equal(await focused(p), 'body', `not ${row}, which the keyboard was on before #dev`);
    });
  });

  test('the message list is named "Messages", its keys its description (said once as the list gets the keyboard, not before every message)', async () => {
    await withPanel(rooms(3), async (p) => {
      const list = await ax(p, '.messages');
      assert.equal(list.name, 'Messages');
      assert.match(list.description, /^Up and Down move between them; on one, R replies/);
    });
  });

  test('the tabs control the conversation shown: a tab panel named after the selected tab, around the message list', async () => {
    await withPanel(rooms(), async (p) => {
      const controls = await p.page.$$eval('[role="tab"]', (ts) => ts.map((t) => {
        const panel = document.getElementById(t.getAttribute('aria-controls') ?? '');
        return panel?.getAttribute('role') === 'tabpanel' && panel.querySelector('[role="list"].messages') !== null;
      }));
      assert.deepEqual(controls, [true, true]);
      assert.deepEqual(await ax(p, '.messages-wrap'), { role: 'tabpanel', name: 'Room general', description: '' });
      await p.page.click('.tab[data-conv="#dev"]');
      assert.equal((await ax(p, '.messages-wrap')).name, 'Room dev');
      assert.equal((await ax(p, '.messages')).role, 'list', 'the messages are still a list');
      // in no conversation, no tab: no tab panel either
      await p.deliver({ type: 'snapshot', snapshot: makeSnapshot({ rooms: [], activeRoom: '' }) });
      assert.deepEqual(await p.page.evaluate(() => [document.querySelectorAll('[role="tab"]').length, document.querySelector('.messages-wrap')?.getAttribute('role')]), [0, null]);
    });
  });

  test('the status banner is not drawn again while it says the same: Try Again keeps the keyboard, and gives it to the composer', async () => {
    await withPanel(rooms(), async (p) => {
      await p.deliver({ type: 'status', status: 'closed', text: 'the host closed the room', canRetry: true });
      await p.page.focus('.status-retry');
      await p.page.evaluate(() => {
        const w = window as unknown as { drawn: number };
        w.drawn = 0;
        new MutationObserver((ms) => (w.drawn += ms.length)).observe(document.querySelector('.status-banner')!, { childList: true, subtree: true });
      });
      await p.deliver({ type: 'server', msg: { type: 'typing', room: 'general', nick: 'alice' } }, { type: 'server', msg: msg('dev', 1, 'alice', 'elsewhere') });
      await frames(p);
      assert.equal(await focused(p), 'status-retry', 'still on Try Again');
      assert.equal(await p.page.evaluate(() => (window as unknown as { drawn: number }).drawn), 0, 'not read out again');
      await p.page.keyboard.press('Enter');
      await p.waitForPosted('tryAgain');
      await p.deliver({ type: 'status', status: 'connecting', text: 'Connecting…' });
      assert.equal(await focused(p), 'composer-input');
    });
  });

  test('a message under another of the same author (no header shown) still says who wrote it and when, to a screen reader', async () => {
    await withPanel(rooms(3), async (p) => {
      const row = p.page.locator('[data-key="e1e3"] .row.continued, [data-key="e1e3"].row.continued').first();
      assert.match(await row.evaluate((el) => el.textContent ?? ''), /^alice, \d{1,2}:\d{2}.*: message 3/);
      assert.equal(await row.locator('.sr-only').evaluate((el) => getComputedStyle(el).position), 'absolute', 'not shown');
    });
  });

  test('a message is read out as the words its row shows, not its Markdown (stars, backticks, whole addresses, emoji names)', async () => {
    await withPanel(rooms(1), async (p) => {
      await p.deliver(
        { type: 'server', msg: msg('general', 2, 'alice', 'The bug: we dropped the **last seen** `seq`, see [the PR](https://github.com/x/y/pull/12) :tada:') },
        { type: 'server', msg: msg('general', 3, 'bob', 'waves _hello_', { kind: 'action' }) },
      );
      assert.deepEqual((await heard(p)).polite, ['alice: The bug: we dropped the last seen seq, see the PR 🎉', '* bob waves hello']);
    });
  });

  test('what changes the room for you is read out: a room joined (its people and topic), one left (and where the panel went), a topic, your role; not its history as it is entered', async () => {
    await withPanel(rooms(3), async (p) => {
      const input = p.page.locator('.composer-input');
      await input.fill('/join #ops');
      await input.press('Enter');
      // (the room as the server has it after its event 2, the topic and members as they are then)
      await p.deliver({ type: 'server', msg: { type: 'room', name: 'ops', epoch: 'e9', seq: 2, topic: 'on call', members: [{ nick: 'me', role: 'member' }, { nick: 'carol', role: 'owner' }] } });
      // (its history, replayed as it is entered: old news, not read out)
      await p.deliver(
        { type: 'server', msg: { type: 'topic', room: 'ops', seq: 1, time: T0, by: 'carol', topic: 'an old topic' } },
        { type: 'server', msg: { type: 'role', room: 'ops', seq: 2, time: T0, by: 'carol', nick: 'me', role: 'member' } },
        { type: 'server', msg: { type: 'synced', room: 'ops', seq: 2, gap: false } },
      );
      // (a room that comes back for another reason, a resume, is not news)
      await p.deliver({ type: 'server', msg: { type: 'room', name: 'dev', epoch: 'e1', seq: 0, topic: '', members: [{ nick: 'me', role: 'member' }] } });
      await p.deliver({ type: 'server', msg: { type: 'topic', room: 'ops', seq: 3, time: T0, by: 'carol', topic: 'incident 42' } });
      await p.deliver({ type: 'server', msg: { type: 'role', room: 'ops', seq: 4, time: T0, by: 'carol', nick: 'me', role: 'op' } });
      await p.deliver({ type: 'server', msg: { type: 'role', room: 'ops', seq: 5, time: T0, by: 'carol', nick: 'dave', role: 'op' } });
      // (one you set yourself: you know)
      await p.deliver({ type: 'server', msg: { type: 'topic', room: 'ops', seq: 6, time: T0, by: 'me', topic: 'mine' } });
      await p.deliver({ type: 'server', msg: { type: 'parted', room: 'ops' } });
      await frames(p);
      assert.deepEqual((await heard(p)).polite, [
        'Joined #ops: 2 people. Topic: on call',
        'carol set the topic: incident 42',
        'carol made you an operator in #ops',
        'Left #ops; now in #general',
      ]);
    });
  });

  test('Find reads out what it found with the count (who, when, the words), and only when that changes, not at every key', async () => {
    await withPanel(rooms(30), async (p) => {
      const said = () => p.page.evaluate(() => document.querySelector('.search [aria-live="polite"]')?.textContent ?? '');
      const writes = await p.page.evaluateHandle(() => {
        const log: string[] = [];
        const region = document.querySelector('.search [aria-live="polite"]')!;
        new MutationObserver(() => log.push(region.textContent ?? '')).observe(region, { subtree: true, childList: true, characterData: true });
        return log;
      });
      await p.page.locator('.composer-input').focus();
      await p.page.keyboard.press('Control+f');
      await p.page.keyboard.type('message 2');
      await p.page.waitForFunction(() => document.querySelector('.search-count')?.textContent === '11 of 11');
      assert.match(await said(), /^11 of 11: alice, \d{1,2}:\d{2}.*: message 29$/);
      assert.equal(await p.page.textContent('.search-count'), '11 of 11', 'shown: the count alone');
      await p.page.keyboard.press('Enter');
      await p.page.waitForFunction(() => document.querySelector('.search-count')?.textContent === '10 of 11');
      assert.match(await said(), /^10 of 11: alice, .*: message 28$/);
      // "message 2" typed key by key: 11 of 11 (message 29) said once however many keys kept it
      const log = await writes.evaluate((l) => l.slice());
      const repeats = log.filter((t, i) => i > 0 && t === log[i - 1]);
      assert.deepEqual(repeats, [], `each change said once: ${JSON.stringify(log)}`);
    });
  });

  test("a message's row says what it holds when the keyboard is on it: a shared card, a quote, a table, an edit and reactions; not its buttons' names", async () => {
    const snap = rooms(1);
    snap.rooms[0]!.events.push(
      msg('general', 2, 'carol', 'const x = 1;\nreturn x;', { kind: 'code', code: { path: 'src/x.ts', language: 'typescript', startLine: 3, endLine: 4 } }),
      msg('general', 3, 'bob', '> is it the onClose path?\n\nyes, it is', { edited: T0, reactions: [{ emoji: '👍', by: ['alice', 'me'] }] }),
      msg('general', 4, 'alice', '| bench | ms |\n|---|---|\n| join | 12 |'),
      msg('general', 5, 'ali\u200Bce', 'report\u202Efdp.exe is ready'),
      msg('general', 6, 'carol', 'Merged.', { reactions: [{ emoji: '🎉', by: ['alice', 'bob', 'dave', 'me'] }, { emoji: '👀', by: ['bob'] }] }),
    );
    await withPanel(snap, async (p) => {
      const name = async (seq: number) => (await ax(p, `.row[data-key="e1e${seq}"]`)).name;
      assert.match(await name(2), /^carol, \d{1,2}:\d{2}.*: shared code from src\/x\.ts:3 \(lines 3–4\), typescript: const x = 1;\s+return x;$/);
      // (its reactions with who, you as "you", as its chips say; after a message's own stop no second one)
      assert.match(await name(3), /^bob, .*: is it the onClose path\?\s+yes, it is \(edited\)\. Reactions: 👍 2: alice and you$/);
      assert.match(await name(6), /^carol, .*: Merged\. Reactions: 🎉 4: alice, bob and 2 others; 👀 1: bob$/);
      assert.match(await name(4), /^alice, .*: bench\s+ms\s+join\s+12$/);
      // the hidden characters the row marks are named, as they are shown: the name was read "alice", the file "reportexe.pdf"
      assert.match(await name(5), /^ali U\+200B ce, .*: report U\+202E fdp\.exe is ready$/);
      for (const seq of [2, 3, 4, 6]) assert.doesNotMatch(await name(seq), /Reply to|React to|Copy the code|Open/, `row ${seq}: no button's name`);
      // the card's code, a stop of its own when it scrolls, is a named group (a name on no role is none in ARIA)
      assert.deepEqual(await ax(p, '.row[data-key="e1e2"] .code-card-body'), { role: 'group', name: 'Code from src/x.ts, typescript', description: '' });
    });
  });

  test('an edit begun on a message with E and given up with Escape gives the keyboard back to that message; one sent keeps it in the composer', async () => {
    const snap = rooms(2);
    snap.rooms[0]!.events.push(msg('general', 3, 'me', 'on it, lookign now'));
    await withPanel(snap, async (p) => {
      await p.page.focus('.messages');
      await p.page.keyboard.press('ArrowUp'); // my message
      const row = await focused(p);
      await p.page.keyboard.press('e');
      assert.equal(await focused(p), 'composer-input');
      await p.page.keyboard.press('Escape');
      assert.equal(await p.page.isVisible('.composer-edit'), false, 'the edit is over');
      assert.equal(await focused(p), row, 'back on the message');
      await p.page.keyboard.press('e');
      await p.page.keyboard.press('End');
      await p.page.keyboard.type(', fixed');
      await p.page.keyboard.press('Enter');
      await p.waitForPosted('edit');
      assert.equal(await focused(p), 'composer-input', 'sent: the composer keeps the keyboard');
    });
  });

  test('a burst of messages is read out in one line (how many, from whom), not as its last five lines', async () => {
    await withPanel(rooms(1), async (p) => {
      // (in one frame, one line; a loaded machine may draw a frame or two while they come: a line for each message
      // before the rest, then one for the rest, or one for most and a line for one that came a frame later (CI),
      // every message counted once)
      const counted = (lines: string[]) => lines.reduce((n, l) => n + (Number(/^(\d+) new messages from /.exec(l)?.[1]) || 1), 0);
      const heardNow = await burstHeard(p, counted, 50);
      await p.deliver(...Array.from({ length: 50 }, (_, i) => ({ type: 'server' as const, msg: msg('general', i + 2, i % 2 ? 'bob' : 'alice', `burst ${i}`) })));
      const lines = await heardNow.lines();
      assert.equal(counted(lines), 50, JSON.stringify(lines));
      assert.ok(lines.some((l) => /^\d+ new messages from (alice and bob|bob and alice)$/.test(l)), JSON.stringify(lines));
      assert.ok(lines.length <= 6, JSON.stringify(lines));
    });
  });

  test("someone else's edit or deletion of a message on screen is read out (the words it has now, whose it was); yours and one out of the page are not", async () => {
    const events = [
      ...Array.from({ length: 80 }, (_, i) => msg('general', i + 1, 'alice', `old ${i + 1}`)),
      msg('general', 81, 'bob', 'the parser is done'),
      msg('general', 82, 'me', 'mine'),
      msg('general', 83, 'me', 'mine too'),
    ];
    await withPanel(rooms(0, { rooms: [{ name: 'general', epoch: 'e1', topic: '', members: [{ nick: 'alice', role: 'owner' }, { nick: 'bob', role: 'op' }, { nick: 'me', role: 'member' }], events }] }), async (p) => {
      const ev = { room: 'general', time: T0 + 90 * 30_000 };
      await p.deliver(
        { type: 'server', msg: { ...ev, type: 'edit', seq: 84, target: 81, from: 'bob', text: 'the parser is **almost** done' } },
        { type: 'server', msg: { ...ev, type: 'edit', seq: 85, target: 82, from: 'me', text: 'mine, edited' } },
        { type: 'server', msg: { ...ev, type: 'edit', seq: 86, target: 1, from: 'alice', text: 'far up, edited' } },
      );
      await p.deliver({ type: 'server', msg: { ...ev, type: 'delete', seq: 87, target: 83, from: 'me', by: 'bob' } });
      await p.deliver({ type: 'server', msg: { ...ev, type: 'delete', seq: 88, target: 81, from: 'bob', by: 'bob' } });
      await p.deliver({ type: 'server', msg: { ...ev, type: 'delete', seq: 89, target: 82, from: 'me', by: 'me' } });
      await frames(p);
      assert.deepEqual((await heard(p)).polite, ['bob edited: the parser is almost done', "bob deleted your message (10:11)", 'bob deleted a message (10:10)']);
    });
  });

  test("a message deleted before it was read out (in the frame it came, or in the reconnect's replay that brought it) is not read, nor its deletion; one read, then deleted, is both", async () => {
        await withPanel(rooms(3), async (p) => {
      const deletion = (seq: number, target: number): ToPanel => ({ type: 'server', msg: { type: 'delete', room: 'general', seq, time: T0 + seq * 30_000, target, from: 'bob', by: 'bob' } });
      await inOneFrame(p, { type: 'server', msg: msg('general', 4, 'bob', 'my password is hunter2') }, deletion(5, 4));
      assert.deepEqual((await heard(p)).polite, [], 'a message deleted in the frame it came');
      await p.deliver({ type: 'server', msg: msg('general', 6, 'bob', 'hi') });
      await frames(p);
      await p.deliver(deletion(7, 6));
      await frames(p);
      const live = (await heard(p)).polite;
      assert.equal(live.length, 2, JSON.stringify(live));
      assert.equal(live[0], 'bob: hi');
      assert.match(live[1] ?? '', /^bob deleted a message \(/);
      // the connection drops; back, what came while away: a message, its deletion, and another
      await inOneFrame(p, 
        { type: 'server', msg: { type: 'welcome', v: 1, nick: 'me', role: 'member', session: 's', server: 't', limits: { maxLine: 65536, maxText: 16384 }, rooms: [{ name: 'general', epoch: 'e1', topic: '', members, seq: 10 }] } },
        { type: 'server', msg: msg('general', 8, 'bob', 'oops: the token is abc123') },
        deletion(9, 8),
        { type: 'server', msg: msg('general', 10, 'alice', 'back?') },
        { type: 'server', msg: { type: 'synced', room: 'general', seq: 10, gap: false } },
      );
      await frames(p);
      assert.deepEqual((await heard(p)).polite, [...live, 'alice: back?'], 'a message the replay brought and deleted');
    });
  });

  test("a message edited before it was read out (in the frame it came, or in the reconnect's replay that brought it) is read with its new words, and its edit is not; one read, then edited, is both", async () => {
        await withPanel(rooms(3), async (p) => {
      const edit = (seq: number, target: number, text: string): ToPanel => ({ type: 'server', msg: { type: 'edit', room: 'general', seq, time: T0 + seq * 30_000, target, from: 'bob', text } });
      await inOneFrame(p, { type: 'server', msg: msg('general', 4, 'bob', 'the parser is dnoe') }, edit(5, 4, 'the parser is **done**'));
      assert.deepEqual((await heard(p)).polite, ['bob: the parser is done'], 'a message edited in the frame it came');
      await inOneFrame(p, { type: 'server', msg: { ...msg('general', 6, 'bob', 'wave'), kind: 'action' } }, edit(7, 6, 'waves at everyone'));
      assert.deepEqual((await heard(p)).polite.slice(1), ['* bob waves at everyone'], 'a /me too');
      await p.deliver({ type: 'server', msg: msg('general', 8, 'bob', 'hi') });
      await frames(p);
      await p.deliver(edit(9, 8, 'hi all'));
      await frames(p);
      const live = (await heard(p)).polite;
      assert.deepEqual(live.slice(2), ['bob: hi', 'bob edited: hi all'], 'read, then edited: both');
      // the connection drops; back, what came while away: a message and its edit
      await inOneFrame(p, 
        { type: 'server', msg: { type: 'welcome', v: 1, nick: 'me', role: 'member', session: 's', server: 't', limits: { maxLine: 65536, maxText: 16384 }, rooms: [{ name: 'general', epoch: 'e1', topic: '', members, seq: 11 }] } },
        { type: 'server', msg: msg('general', 10, 'bob', 'teh tests pass') },
        edit(11, 10, 'the tests pass'),
        { type: 'server', msg: { type: 'synced', room: 'general', seq: 11, gap: false } },
      );
      await frames(p);
      assert.deepEqual((await heard(p)).polite.slice(-1), ['bob: the tests pass'], 'a message the replay brought and edited');
      assert.equal((await heard(p)).polite.length, live.length + 1, 'its edit not read after it');
    });
  });

  test("others' edits and deletions a reconnect replays (they came while away) are read once the replay is over, each message's last, as they would have been as they came; not what the window had before, not one out of the page", async () => {
    const members = [{ nick: 'alice', role: 'owner' as const }, { nick: 'bob', role: 'op' as const }, { nick: 'carol', role: 'member' as const }, { nick: 'me', role: 'member' as const }];
    const events = [
      ...Array.from({ length: 80 }, (_, i) => msg('general', i + 1, 'alice', `old ${i + 1}`)),
      msg('general', 81, 'alice', 'hi'),
      msg('general', 82, 'bob', 'the parser is done'),
      msg('general', 83, 'bob', 'lunch?'),
      msg('general', 84, 'me', 'mine'),
      msg('general', 85, 'carol', 'a typo: teh'),
    ];
    await withPanel(rooms(0, { rooms: [{ name: 'general', epoch: 'e1', topic: '', members, events }] }), async (p) => {
      const ev = (seq: number) => ({ room: 'general', seq, time: T0 + seq * 30_000 });
      const edit = (seq: number, target: number, from: string, text: string) => ({ type: 'server' as const, msg: { ...ev(seq), type: 'edit' as const, target, from, text } });
      const deletion = (seq: number, target: number, from: string, by: string) => ({ type: 'server' as const, msg: { ...ev(seq), type: 'delete' as const, target, from, by } });
      // the connection drops; back, the room as it is now, then what came while away (news, as the extension marks
      // it; what the window had before a reload comes as history, and a room's first entry replays only history)
      await p.deliver(
        { type: 'server', msg: { type: 'welcome', v: 1, nick: 'me', role: 'member', session: 's', server: 't', limits: { maxLine: 65536, maxText: 16384 }, rooms: [
          { name: 'general', epoch: 'e1', topic: '', members, seq: 93 },
        ] } },
        { ...edit(86, 81, 'alice', 'hi all'), history: true },
        edit(87, 82, 'bob', 'the parser is **almost** done'),
        // (a typo fixed twice: its last edit, once)
        edit(88, 85, 'carol', 'a typo: the'),
        edit(89, 85, 'carol', 'a typo, fixed: the'),
        deletion(90, 83, 'bob', 'bob'),
        deletion(91, 84, 'me', 'alice'),
        // (out of the page, far up: not read, as it would not have been as it came)
        edit(92, 1, 'alice', 'far up, edited'),
        // (mine: I did it)
        edit(93, 84, 'me', 'mine, edited'),
      );
      await frames(p);
      assert.deepEqual((await heard(p)).polite, [], 'nothing until the replay is over');
      await p.deliver({ type: 'server', msg: { type: 'synced', room: 'general', seq: 93, gap: false } });
      await frames(p);
      const replayed = ['bob edited: the parser is almost done', 'carol edited: a typo, fixed: the', 'bob deleted a message (10:11)', 'alice deleted your message (10:12)'];
      assert.deepEqual((await heard(p)).polite, replayed);
      // (live again: news as it comes, and the replay's not again)
      await p.deliver(edit(94, 81, 'alice', 'hi all, again'));
      await frames(p);
      assert.deepEqual((await heard(p)).polite, [...replayed, 'alice edited: hi all, again']);
    });
  });

  test("the edits and deletions a room's first entry replays are not read out (its history: old news), nor one a reconnect replays in a conversation not on show", async () => {
    await withPanel(rooms(0, { rooms: [{ name: 'general', epoch: 'e1', topic: '', members, events: [msg('general', 1, 'alice', 'hi')] }] }), async (p) => {
      // /join #dev: the panel moves to it; the room, then its history as the extension marks it (a first entry's),
      // its messages drawn before its edit and deletion come
      await p.deliver({ type: 'activateRoom', room: 'dev' });
      await p.deliver(
        { type: 'server', msg: { type: 'room', name: 'dev', epoch: 'e1', topic: '', members, seq: 4 } },
        { type: 'server', msg: msg('dev', 1, 'bob', 'the parser is done'), history: true },
        { type: 'server', msg: msg('dev', 2, 'bob', 'lunch?'), history: true },
      );
      await frames(p);
      await p.deliver(
        { type: 'server', msg: { type: 'edit', room: 'dev', seq: 3, time: T0 + 90_000, target: 1, from: 'bob', text: 'the parser is almost done' }, history: true },
        { type: 'server', msg: { type: 'delete', room: 'dev', seq: 4, time: T0 + 120_000, target: 2, from: 'bob', by: 'bob' }, history: true },
        { type: 'server', msg: { type: 'synced', room: 'dev', seq: 4, gap: false } },
      );
      await frames(p);
      const joined = ['Joined #dev: 3 people'];
      assert.deepEqual((await heard(p)).polite, joined);
      // a reconnect: #general's replay brings alice's edit of a message of #general, which is not on show
      await p.deliver(
        { type: 'server', msg: { type: 'welcome', v: 1, nick: 'me', role: 'member', session: 's', server: 't', limits: { maxLine: 65536, maxText: 16384 }, rooms: [
          { name: 'general', epoch: 'e1', topic: '', members, seq: 2 },
          { name: 'dev', epoch: 'e1', topic: '', members, seq: 4 },
        ] } },
        { type: 'server', msg: { type: 'edit', room: 'general', seq: 2, time: T0 + 60_000, target: 1, from: 'alice', text: 'hi all' } },
        { type: 'server', msg: { type: 'synced', room: 'general', seq: 2, gap: false } },
        { type: 'server', msg: { type: 'synced', room: 'dev', seq: 4, gap: false } },
      );
      await frames(p);
      assert.deepEqual((await heard(p)).polite, joined);
      assert.match((await p.rowTexts()).join('\n'), /the parser is almost done[\s\S]*message deleted/, 'the history is drawn as it is now');
    });
  });

  test("someone else's reaction to a message of yours is read out (who, which emoji, the message's first words; where, in another room); not yours, not to another's message, not one taken back, not a room's history", async () => {
    const long = 'the **parser** is done, with tests and a bench that shows it twice as fast as before';
    const snap = rooms(0, { rooms: [
      { name: 'general', epoch: 'e1', topic: '', members: [{ nick: 'alice', role: 'owner' }, { nick: 'bob', role: 'op' }, { nick: 'me', role: 'member' }], events: [msg('general', 1, 'alice', 'hi'), msg('general', 2, 'me', long), msg('general', 3, 'me', 'old news')] },
      { name: 'dev', epoch: 'e1', topic: '', members: [{ nick: 'alice', role: 'owner' }, { nick: 'me', role: 'member' }], events: [msg('dev', 1, 'me', 'deploy at noon')] },
    ] });
    await withPanel(snap, async (p) => {
      const react = (room: string, seq: number, target: number, from: string, emoji: string, on = true) => ({ type: 'server' as const, msg: { type: 'react' as const, room, seq, time: T0 + seq * 30_000, target, from, emoji, on, reactions: on ? [{ emoji, by: [from] }] : [] } });
      await p.deliver(
        react('general', 4, 2, 'bob', '👍'),
        react('general', 5, 1, 'bob', '🎉'),
        react('general', 6, 2, 'me', '🎉'),
        react('general', 7, 2, 'bob', '👀', false),
        react('dev', 2, 1, 'alice', '✅'),
      );
      // (a room's history, as the extension marks it: what its entry replays, or a reload's replay of what the window
      // had before it)
      await p.deliver({ ...react('general', 8, 3, 'alice', '❤️'), history: true }, { ...react('general', 9, 3, 'bob', '❤️'), history: true });
      await frames(p);
      assert.deepEqual((await heard(p)).polite, [
        'bob reacted with 👍 to your message: the parser is done, with tests and a bench that shows it…',
        'alice reacted with ✅ to your message: deploy at noon in #dev',
      ]);
    });
  });

  test("a reaction to yours that came while reconnecting is read once the replay is over, as the messages that came meanwhile are; not one heard before the drop, not yours, not one taken back meanwhile", async () => {
    const members = [{ nick: 'alice', role: 'owner' as const }, { nick: 'bob', role: 'op' as const }, { nick: 'carol', role: 'member' as const }, { nick: 'me', role: 'member' as const }];
    const snap = rooms(0, { rooms: [
      { name: 'general', epoch: 'e1', topic: '', members, events: [msg('general', 1, 'alice', 'hi'), msg('general', 2, 'me', 'the parser is done'), msg('general', 3, 'me', 'lunch at noon?')] },
      { name: 'dev', epoch: 'e1', topic: '', members, events: [msg('dev', 1, 'me', 'deploy at noon')] },
    ] });
    await withPanel(snap, async (p) => {
      const react = (room: string, seq: number, target: number, from: string, emoji: string, on = true) => ({ type: 'server' as const, msg: { type: 'react' as const, room, seq, time: T0 + seq * 30_000, target, from, emoji, on, reactions: on ? [{ emoji, by: [from] }] : [] } });
      await p.deliver(react('general', 4, 2, 'bob', '👍'));
      await frames(p);
      const before = ['bob reacted with 👍 to your message: the parser is done'];
      assert.deepEqual((await heard(p)).polite, before);
      // the connection drops; back, the rooms as they are now, then what came while away (news, as the extension
      // marks it: not history)
      await p.deliver(
        { type: 'server', msg: { type: 'welcome', v: 1, nick: 'me', role: 'member', session: 's', server: 't', limits: { maxLine: 65536, maxText: 16384 }, rooms: [
          { name: 'general', epoch: 'e1', topic: '', members, seq: 13 },
          { name: 'dev', epoch: 'e1', topic: '', members, seq: 2 },
        ] } },
        // (bob's 👍, heard before the drop, taken off and put on again)
        react('general', 5, 2, 'bob', '👍', false),
        react('general', 6, 2, 'bob', '👍'),
        react('general', 7, 2, 'me', '🎉'),
        react('general', 8, 3, 'carol', '❤️'),
        react('general', 9, 3, 'alice', '👀'),
        react('general', 10, 3, 'alice', '👀', false),
        react('general', 11, 1, 'bob', '🎉'),
        { type: 'server', msg: msg('general', 12, 'alice', 'back yet?') },
        react('general', 13, 2, 'alice', '✅'),
        react('dev', 2, 1, 'alice', '🎉'),
      );
      await frames(p);
      assert.deepEqual((await heard(p)).polite, [...before, 'alice: back yet?'], 'its messages as they come; its reactions once it is over');
      await p.deliver({ type: 'server', msg: { type: 'synced', room: 'general', seq: 13, gap: false } }, { type: 'server', msg: { type: 'synced', room: 'dev', seq: 2, gap: false } });
      await frames(p);
      assert.deepEqual((await heard(p)).polite, [
        ...before,
        'alice: back yet?',
        'carol reacted with ❤️ to your message: lunch at noon?',
        'alice reacted with ✅ to your message: the parser is done',
        'alice reacted with 🎉 to your message: deploy at noon in #dev',
      ]);
    });
  });

  test("who joins, leaves, is renamed or kicked in the conversation on show is read out as its row says it; not you, not in another room, not a reconnect's replay", async () => {
    await withPanel(rooms(1), async (p) => {
      const ev = (seq: number, room = 'general') => ({ room, seq, time: T0 + seq * 30_000 });
      // (a reconnect first: the room as it is now, then what came while away, which is old news; a member back after
      // the host restarted shows nothing)
      await p.deliver(
        { type: 'server', msg: { type: 'welcome', v: 1, nick: 'me', role: 'member', session: 's', server: 't', limits: { maxLine: 65536, maxText: 16384 }, rooms: [
          { name: 'general', epoch: 'e1', topic: '', members: [{ nick: 'alice', role: 'owner' }, { nick: 'bob', role: 'op' }, { nick: 'me', role: 'member' }, { nick: 'henry', role: 'member' }], seq: 3 },
          { name: 'dev', epoch: 'e1', topic: '', members: [{ nick: 'alice', role: 'owner' }, { nick: 'me', role: 'member' }], seq: 0 },
        ] } },
        { type: 'server', msg: { ...ev(2), type: 'join', nick: 'henry', role: 'member' } },
        { type: 'server', msg: { ...ev(3), type: 'leave', nick: 'ivy', reason: 'lost' } },
        { type: 'server', msg: { type: 'synced', room: 'general', seq: 3, gap: false } },
        { type: 'server', msg: { ...ev(4), type: 'join', nick: 'alice', role: 'owner', back: true } },
      );
      await p.deliver(
        { type: 'server', msg: { ...ev(5), type: 'join', nick: 'carol', role: 'member' } },
        { type: 'server', msg: { ...ev(6), type: 'join', nick: 'da\u200Bve', role: 'op' } },
        { type: 'server', msg: { ...ev(7), type: 'leave', nick: 'bob', reason: 'quit', message: 'gone for lunch' } },
        { type: 'server', msg: { ...ev(8), type: 'nick', from: 'alice', to: 'alice_w' } },
        { type: 'server', msg: { ...ev(9), type: 'kick', nick: 'carol', by: 'alice_w', reason: 'spam', ban: false } },
        // (yours: you did it)
        { type: 'server', msg: { ...ev(10), type: 'nick', from: 'me', to: 'me_2' } },
        { type: 'server', msg: { ...ev(11), type: 'kick', nick: 'da\u200Bve', by: 'me_2', reason: '', ban: true } },
        // (another room's: not on show)
        { type: 'server', msg: { ...ev(1, 'dev'), type: 'join', nick: 'gus', role: 'member' } },
      );
      await frames(p);
      assert.deepEqual((await heard(p)).polite, [
        'carol joined',
        'da U+200B ve joined as an operator',
        'bob left (gone for lunch)',
        'alice is now known as alice_w',
        'carol was kicked by alice_w: spam',
      ]);
    });
  });

  test("the rename of the person whose direct conversation is on show is read out in its row's words, once (it comes from each room you share); not another's, not yours, not a reconnect's replay", async () => {
    const members = [{ nick: 'alice', role: 'owner' as const }, { nick: 'bob', role: 'member' as const }, { nick: 'me', role: 'member' as const }];
    const snap = rooms(1, { rooms: [
      { name: 'general', epoch: 'e1', topic: '', members, events: [msg('general', 1, 'alice', 'hi')] },
      { name: 'dev', epoch: 'e1', topic: '', members, events: [] },
    ], dms: [dm('bob', 'me', 'psst')] });
    await withPanel(snap, async (p) => {
      await p.page.click('.tab[data-conv="@bob"]');
      let at = T0 + 100 * 60_000;
      const nick = (room: string, seq: number, from: string, to: string) => ({ type: 'server' as const, msg: { type: 'nick' as const, room, seq, time: (at += 1000), from, to } });
      await p.deliver(
        nick('general', 2, 'alice', 'ally'),
        nick('general', 3, 'bob', 'robert'),
        nick('dev', 1, 'bob', 'robert'),
        nick('general', 4, 'me', 'me_2'),
      );
      await frames(p);
      assert.equal(await p.page.getAttribute('.tab.selected', 'data-conv'), '@robert');
      assert.deepEqual((await heard(p)).polite, ['bob is now known as robert']);
      // (a reconnect: the rooms as they are now, then what came while away, which is old news, as a room's members)
      await p.deliver(
        { type: 'server', msg: { type: 'welcome', v: 1, nick: 'me_2', role: 'member', session: 's', server: 't', limits: { maxLine: 65536, maxText: 16384 }, rooms: [
          { name: 'general', epoch: 'e1', topic: '', members: [{ nick: 'ally', role: 'owner' }, { nick: 'rob', role: 'member' }, { nick: 'me_2', role: 'member' }], seq: 5 },
          { name: 'dev', epoch: 'e1', topic: '', members: [{ nick: 'ally', role: 'owner' }, { nick: 'rob', role: 'member' }, { nick: 'me_2', role: 'member' }], seq: 1 },
        ] } },
        nick('general', 5, 'robert', 'rob'),
        { type: 'server', msg: { type: 'synced', room: 'general', seq: 5, gap: false } },
        { type: 'server', msg: { type: 'synced', room: 'dev', seq: 1, gap: false } },
        nick('dev', 2, 'rob', 'bobby'),
      );
      await frames(p);
      assert.equal(await p.page.getAttribute('.tab.selected', 'data-conv'), '@bobby');
      assert.deepEqual((await heard(p)).polite, ['bob is now known as robert', 'rob is now known as bobby']);
    });
  });

  test('a busy room coming and going is read out in one line of counts, not name by name', async () => {
    await withPanel(rooms(1), async (p) => {
      // (a loaded machine may draw a frame or two while they come: a line for each before the rest, then one for the
      // rest, everyone counted once)
      const counted = (lines: string[]) => lines.reduce((n, l) => n + (/^\d+ (joined|left)/.test(l) ? [...l.matchAll(/(\d+) (joined|left)/g)].reduce((k, x) => k + Number(x[1]), 0) : 1), 0);
      const heardNow = await burstHeard(p, counted, 50);
      const ev = (seq: number) => ({ room: 'general', seq, time: T0 + seq * 30_000 });
      await p.deliver(...Array.from({ length: 50 }, (_, i) => ({ type: 'server' as const, msg: i < 30 ? { ...ev(i + 2), type: 'join' as const, nick: `guest${i}`, role: 'member' as const } : { ...ev(i + 2), type: 'leave' as const, nick: `guest${i - 30}`, reason: 'quit' } })));
      const lines = await heardNow.lines();
      assert.equal(counted(lines), 50, JSON.stringify(lines));
      assert.ok(lines.every((l) => /^(\d+ joined( and \d+ left)?|\d+ left|guest\d+ (joined|left))$/.test(l)), JSON.stringify(lines));
      assert.ok(lines.length <= 6, JSON.stringify(lines));
    });
  });

  test('no control is read out with its name twice (a tooltip that repeats the name is not its description too)', async () => {
    const { snapshot, live } = conversation();
    // (tabs enough to hide some behind the header's arrows)
    const more = ['a', 'b', 'c', 'd', 'e'].map((n) => ({ name: `room-${n}`, epoch: 'e1', topic: '', members: [{ nick: 'me', role: 'member' as const }], events: [] }));
    await withPanel({ ...snapshot, rooms: [...snapshot.rooms, ...more] }, async (p) => {
      await p.deliver(...live);
      await frames(p);
      assert.deepEqual(await namedTwice(p), [], 'the conversation, its tabs and members');
      await p.page.focus('.messages');
      await p.page.keyboard.press('End');
      await p.page.keyboard.press('+');
      assert.deepEqual(await namedTwice(p), [], 'the reactions open');
      await p.page.keyboard.press('Escape');
      await p.page.click('.code-card-copy');
      await p.page.keyboard.press('Control+f');
      assert.deepEqual(await namedTwice(p), [], 'find, a copy just made');
      await p.page.keyboard.press('Escape');
      await p.page.click('[role="tab"][aria-label^="Direct messages"]');
      await frames(p);
      assert.deepEqual(await namedTwice(p), [], 'a direct conversation');
    }, { width: 700 });
    await withPanel({ ...snapshot, rooms: [...snapshot.rooms, ...more] }, async (p) => {
      await frames(p);
      assert.ok(await p.page.$('.tabs-more:not([hidden])'), 'tabs hidden behind an arrow');
      assert.deepEqual(await namedTwice(p), [], 'a narrow panel');
    }, { width: 300 });
  });

  test("a message read out as it comes names its author's hidden characters, as its row does (`ali U+200B ce` was heard as alice)", async () => {
    await withPanel(rooms(1), async (p) => {
      await p.deliver({ type: 'server', msg: msg('general', 2, 'ali\u200Bce', 'trust me, run this') });
      await p.deliver({ type: 'server', msg: { type: 'edit', room: 'general', seq: 3, time: T0, target: 2, from: 'ali\u200Bce', text: 'trust me, run that' } });
      await frames(p);
      assert.deepEqual((await heard(p)).polite, ['ali U+200B ce: trust me, run this', 'ali U+200B ce edited: trust me, run that']);
    });
  });

  test('a connection lost, closed, given up on and back is read out once each (not every new word of the banner)', async () => {
    await withPanel(rooms(), async (p) => {
      await p.deliver({ type: 'status', status: 'reconnecting', text: 'connection lost; reconnecting in 0.3 s...' });
      assert.equal(await p.page.isVisible('.status-banner'), true);
      await p.deliver({ type: 'status', status: 'reconnecting', text: 'connection lost (nobody is listening); reconnecting in 1.2 s...' });
      await p.deliver({ type: 'status', status: 'closed', text: 'the host closed the room; waiting for it to come back', waiting: true });
      await p.deliver({ type: 'status', status: 'closed', text: 'the host closed the room; it did not come back within 10 min', canRetry: true });
      await p.deliver({ type: 'status', status: 'connected', text: 'connected to 127.0.0.1:55555' });
      await frames(p);
      assert.deepEqual((await heard(p)).polite, [
        'connection lost; reconnecting in 0.3 s...',
        'the host closed the room; waiting for it to come back',
        'the host closed the room; it did not come back within 10 min',
        'Connected again.',
      ]);
      // said there only: the banner, shown as it is filled, is no live region of its own to say it twice
      assert.deepEqual(await p.page.evaluate(() => {
        const b = document.querySelector('.status-banner')!;
        return [b.getAttribute('role'), b.getAttribute('aria-live')];
      }), [null, null]);
    });
  });

  test('a first connection that waited for its host is read out as connected, not as connected again', async () => {
    await withPanel(rooms(1, { status: 'connecting', statusText: 'Connecting to 127.0.0.1:55555…' }), async (p) => {
      await p.deliver({ type: 'status', status: 'closed', text: 'nobody is hosting at 127.0.0.1:55555 yet; waiting for the host', waiting: true });
      await p.deliver({ type: 'status', status: 'connected', text: 'connected to 127.0.0.1:55555' });
      await frames(p);
      assert.deepEqual((await heard(p)).polite, ['nobody is hosting at 127.0.0.1:55555 yet; waiting for the host', 'Connected.']);
    });
  });

  test("a day's first row is read with its date (the date line above it is never come to row by row)", async () => {
    const snap = rooms(3);
    snap.rooms[0]!.events[2] = msg('general', 3, 'alice', 'the next day', { time: Date.UTC(2026, 10, 26, 9, 0, 0) });
    await withPanel(snap, async (p) => {
      const lines = await p.page.$$eval('.day-line', (els) => els.map((e) => e.textContent));
      assert.equal(lines.length, 2);
      assert.equal((await ax(p, '[data-key="e1e1"] .row')).description, lines[0]);
      assert.equal((await ax(p, '[data-key="e1e3"] .row')).description, lines[1]);
      assert.equal((await ax(p, '.row[data-key="e1e2"]')).description, '', 'not the first of its day');
    });
    // a room's epoch is the server's (any string): a lone surrogate in a row's key made its date line's id throw,
    // and the list drew nothing
    const odd = rooms(2);
    odd.rooms[0]!.epoch = '\ud800';
    await withPanel(odd, async (p) => {
      assert.equal(await p.page.locator('.messages .row.msg').count(), 2);
      const line = await p.page.textContent('.day-line');
      assert.equal((await ax(p, '.day-start .row')).description, line);
    });
  });

  test("a member, a direct conversation's tab and a reaction are read by the name the panel shows: its hidden characters named (not read as another's name), yourself as you", async () => {
    const snap = rooms(1, { dms: [dm('ali\u200Bce', 'me', 'hi')] });
    snap.rooms[0]!.members.push({ nick: 'ali\u200Bce', role: 'member' });
    snap.rooms[0]!.events.push(msg('general', 2, 'bob', 'ok', { reactions: [{ emoji: '👍', by: ['ali\u200Bce'] }] }));
    await withPanel(snap, async (p) => {
      assert.equal((await ax(p, '.member[data-nick="ali\u200Bce"]')).name, 'ali U+200B ce (member)');
      assert.equal((await ax(p, '.member[data-nick="ali\u200Bce"] .member-dm')).name, 'Message ali U+200B ce directly');
      assert.equal((await ax(p, '.tab[data-conv^="@"]')).name, 'Direct messages with ali U+200B ce');
      assert.equal((await ax(p, '.row[data-key="e1e2"] .reaction')).name, '👍 1: ali U+200B ce');
      assert.equal((await ax(p, '.member[data-nick="alice"]')).name, 'alice (owner)');
      assert.equal((await ax(p, '.member[data-nick="me"]')).name, 'me (you, member)');
    }, { width: 700 });
  });

  test('the keyboard on a control that goes (+ as the connection drops, the tab and members of the last room left) goes to the composer, not to the page', async () => {
    const one = () => makeSnapshot({ rooms: [{ name: 'general', epoch: 'e1', topic: '', members: [{ nick: 'me', role: 'member' }], events: [msg('general', 1, 'alice', 'hi')] }] });
    for (const on of ['.join-room', '.tab.selected', '.member']) {
      await withPanel(one(), async (p) => {
        await p.page.focus(on);
        if (on === '.join-room') await p.deliver({ type: 'status', status: 'reconnecting', text: 'reconnecting…' });
        else await p.deliver({ type: 'server', msg: { type: 'parted', room: 'general' } });
        await frames(p);
        assert.equal(await focused(p), 'composer-input', on);
      }, { width: 700 });
    }
  });

  test('who is typing changes the members pane in place: the member the keyboard is on keeps it', async () => {
    await withPanel(rooms(), async (p) => {
      await p.page.focus('li.member[data-nick="bob"]');
      assert.equal(await p.page.evaluate(() => (document.activeElement as HTMLElement).dataset.nick), 'bob');
      await p.page.evaluate(() => ((document.activeElement as HTMLElement & { mark?: number }).mark = 1));
      await p.deliver({ type: 'server', msg: { type: 'typing', room: 'general', nick: 'bob' } });
      await frames(p);
      assert.equal(await p.page.locator('li.member[data-nick="bob"] .member-typing').count(), 1, 'marked typing');
      assert.equal(await p.page.evaluate(() => (document.activeElement as HTMLElement & { mark?: number }).mark), 1, 'the same element: not focused (and read) again');
    }, { width: 700 });
  });

  test("a member's description says what the keyboard does on it, the context menu's actions as your role allows (and as it changes)", async () => {
    const hint = (p: Panel, nick: string) => p.page.getAttribute(`li.member[data-nick="${nick}"]`, 'aria-description');
    await withPanel(rooms(1), async (p) => {
      assert.equal(await hint(p, 'bob'), 'Enter messages them directly, M mentions them, Shift+F10 for Message Directly.', 'a member: no rights over an op');
      assert.equal(await hint(p, 'me'), null, 'yourself: none');
      // made the owner: the menu has more, and the description says so
      await p.deliver({ type: 'snapshot', snapshot: rooms(1, { role: 'owner', rooms: rooms(1).rooms.map((r) => ({ ...r, members: r.members.map((m) => (m.nick === 'me' ? { ...m, role: 'owner' as const } : m.nick === 'alice' ? { ...m, role: 'member' as const } : m)) })) }) });
      await frames(p);
      assert.equal(await hint(p, 'bob'), 'Enter messages them directly, M mentions them, Shift+F10 for Message Directly, Remove Operator, Kick, Ban.');
      assert.equal(await hint(p, 'alice'), 'Enter messages them directly, M mentions them, Shift+F10 for Message Directly, Make Operator, Kick, Ban.');
    }, { width: 700 });
  });

  test('row and member shortcuts answer in either case (Shift, Caps Lock)', async () => {
    await withPanel(rooms(3), async (p) => {
      await p.page.focus('.messages');
      await p.page.keyboard.press('ArrowUp');
      await p.page.keyboard.press('Shift+M');
      assert.equal(await p.page.inputValue('.composer-input'), '@alice ');
      await p.page.fill('.composer-input', '');
      await p.page.focus('li.member[data-nick="bob"]');
      await p.page.keyboard.press('Shift+M');
      assert.equal(await p.page.inputValue('.composer-input'), '@bob ');
    }, { width: 700 });
  });

  test("Escape in a message's own controls goes back to the message; Show more keeps the keyboard on its button", async () => {
    const long = Array.from({ length: 40 }, (_, i) => `line ${i + 1}`).join('\n');
    const snap = rooms(20);
    snap.rooms[0]!.events.push(msg('general', 21, 'bob', `see https://example.com\n${long}`));
    await withPanel(snap, async (p) => {
      await p.page.focus('.messages');
      await p.page.keyboard.press('ArrowUp');
      assert.equal(await focused(p), 'row e1e21');
      await p.page.focus('.row[tabindex="0"] .show-more');
      await p.page.keyboard.press('Enter');
      await frames(p);
      assert.equal(await p.page.textContent('.show-more'), 'Show less');
      assert.equal(await focused(p), 'show-more in e1e21', 'on the button, now Show less');
      await p.page.keyboard.press('Escape');
      assert.equal(await focused(p), 'row e1e21');
    });
  });

  test('Ctrl+F from a message, then Escape: back in the list, on the match shown', async () => {
    await withPanel(rooms(30), async (p) => {
      await p.page.focus('.messages');
      await p.page.keyboard.press('ArrowUp');
      await p.page.keyboard.press('Control+f');
      await p.page.keyboard.type('message 7');
      await p.page.keyboard.press('Escape');
      await frames(p);
      assert.equal(await focused(p), 'row e1e7');
    });
  });

  test('a click on a message, then typing: the keys are typing, in the composer (not the row\'s shortcuts: E edited the message clicked, R quoted it)', async () => {
    const snap = rooms(3);
    snap.rooms[0]!.events.push(msg('general', 4, 'me', 'my own words'));
    await withPanel(snap, async (p) => {
      await p.page.click('.row:has-text("my own words") .body');
      assert.equal(await focused(p), 'row e1e4', 'the click put the focus on the row');
      await p.page.keyboard.type('elegant fix, merging now');
      assert.equal(await p.page.inputValue('.composer-input'), 'elegant fix, merging now');
      assert.equal(await p.page.isVisible('.composer-edit'), false, 'no edit began');
      await p.page.fill('.composer-input', '');
      await p.page.click('.row:has-text("message 3") .body');
      await p.page.keyboard.type('right');
      assert.equal(await p.page.inputValue('.composer-input'), 'right', 'no quote of the message');
      // the keyboard on a row, by the arrows: its shortcuts, as before
      await p.page.fill('.composer-input', '');
      await p.page.focus('.messages');
      await p.page.keyboard.press('ArrowUp');
      await p.page.keyboard.press('ArrowUp');
      await p.page.keyboard.press('m');
      assert.equal(await p.page.inputValue('.composer-input'), '@alice ');
    });
  });

  test('a click on a message, then a character typed with AltGr (Windows: Ctrl+Alt) or Option: typing too (`@bob` arrived as `bob`)', async () => {
    await withPanel(rooms(3), async (p) => {
      await p.page.click('.row:has-text("message 3") .body');
      // (as Windows reports a German keyboard's AltGr+Q, and a Mac's Option+L: the character, with Alt held)
      await p.page.keyboard.down('Control');
      await p.page.keyboard.down('Alt');
      await p.page.keyboard.press('@');
      await p.page.keyboard.up('Alt');
      await p.page.keyboard.up('Control');
      await p.page.keyboard.type('bob');
      assert.equal(await p.page.inputValue('.composer-input'), '@bob');
    });
  });

  test('a click in a message (to select its text, on Open) leaves the list following what comes: no new message hidden below', async () => {
    await withPanel(rooms(30), async (p) => {
      await p.page.click('.row:has-text("message 30") .body');
      await p.deliver(...Array.from({ length: 3 }, (_, i) => ({ type: 'server' as const, msg: msg('general', 31 + i, 'bob', `after the click ${i}`) })));
      await frames(p);
      await frames(p);
      assert.equal(await p.page.isVisible('.jump'), false, 'no jump button: the list is at its end');
      assert.ok(await p.page.locator('.row:has-text("after the click 2")').isVisible());
    });
  });

  test('with the keyboard on a message, a busy room does not scroll it away', async () => {
    await withPanel(rooms(30), async (p) => {
      // (the rows in view laid out first: on a loaded CI machine Up found none yet, and the list kept the focus)
      await frames(p);
      await p.page.focus('.messages');
      await p.page.keyboard.press('ArrowUp');
      assert.equal(await focused(p), 'row e1e30');
      await p.deliver(...Array.from({ length: 80 }, (_, i) => ({ type: 'server' as const, msg: msg('general', 31 + i, 'bob', `flood ${i}`) })));
      await frames(p);
      assert.equal(await focused(p), 'row e1e30');
      await p.page.keyboard.press('ArrowDown');
      assert.equal(await focused(p), 'row e1e31', 'Down goes on from there');
      assert.equal(await p.page.isVisible('.jump'), true, 'the new ones are said by the jump button');
    });
  });

  test("someone else's reaction to a message while its emoji choice is open: the choice stays, on the emoji the keyboard was on", async () => {
    await withPanel(rooms(3), async (p) => {
      await p.page.focus('.messages');
      await p.page.keyboard.press('ArrowUp');
      await p.page.keyboard.press('+');
      await p.page.keyboard.press('ArrowRight');
      assert.equal(await p.page.evaluate(() => document.activeElement?.textContent), '👀');
      await p.deliver({ type: 'server', msg: { type: 'react', room: 'general', seq: 4, time: Date.now(), target: 3, from: 'alice', emoji: '🎉', on: true, reactions: [{ emoji: '🎉', by: ['alice'] }] } });
      await frames(p);
      assert.equal(await p.page.locator('.reactions .reaction').count(), 1, 'the row drawn anew, with the reaction');
      assert.equal(await p.page.locator('.reaction-picker').count(), 1, 'the choice still open');
      assert.equal(await p.page.evaluate(() => document.activeElement?.textContent), '👀');
      await p.page.keyboard.press('Enter');
      assert.deepEqual(await p.waitForPosted('react'), { type: 'react', room: 'general', epoch: 'e1', seq: 3, emoji: '👀' });
    });
  });

  test('the keyboard on an emoji of the choice that is yours shows (it is outlined already)', async () => {
    const snap = rooms(3);
    snap.rooms[0]!.events[2] = msg('general', 3, 'alice', 'message 3', { reactions: [{ emoji: '👍', by: ['me'] }] });
    await withPanel(snap, async (p) => {
      await p.page.focus('.messages');
      await p.page.keyboard.press('ArrowUp');
      await p.page.keyboard.press('+');
      const ring = () => p.page.evaluate(() => {
        const b = document.querySelector<HTMLElement>('.reaction-choice.mine')!;
        const st = getComputedStyle(b);
        return { focused: b.matches(':focus-visible'), outline: `${st.outlineStyle} ${st.outlineWidth} ${st.outlineColor} ${st.outlineOffset}` };
      });
      assert.equal(await p.page.evaluate(() => document.activeElement?.textContent), '👍');
      const on = await ring();
      await p.page.keyboard.press('ArrowRight');
      const off = await ring();
      assert.deepEqual([on.focused, off.focused], [true, false]);
      assert.notEqual(on.outline, off.outline, 'focused or not, it looked the same');
    });
  });

  test('the keyboard on a reaction of yours under a message shows (outlined already, a ring over its outline drew nothing new)', async () => {
    const snap = rooms(3);
    snap.rooms[0]!.events[2] = msg('general', 3, 'alice', 'message 3', { reactions: [{ emoji: '👍', by: ['me'] }, { emoji: '👀', by: ['bob'] }] });
    for (const theme of ['dark', 'hc'] as const) {
      const p = await hx.open({ snapshot: snap, theme });
      try {
        await p.page.focus('.messages');
        await p.page.keyboard.press('ArrowUp'); // (from the keyboard: the focus shows from now on)
        /** The chip of yours and 3 px around it (the next chip is 4 px away), with the keyboard on `on`. */
        const shot = async (on: string) => {
          await p.page.focus(on);
          await frames(p);
          const box = (await p.page.locator('.reaction.mine').boundingBox())!;
          const clip = { x: Math.floor(box.x) - 3, y: Math.floor(box.y) - 3, width: Math.ceil(box.width) + 6, height: Math.ceil(box.height) + 6 };
          return (await p.page.screenshot({ clip, animations: 'disabled', caret: 'hide' })).toString('base64');
        };
        const on = await shot('.reaction.mine');
        assert.equal(await p.page.evaluate(() => document.activeElement?.matches('.reaction.mine:focus-visible')), true);
        const off = await shot('.reaction:not(.mine)');
        // the most a pixel changed, of 255 (a ring drawn over the outline it has changed its corners' smoothing: 60)
        const most = await p.page.evaluate(async (pngs) => {
          const [a, b] = await Promise.all(pngs.map(async (png) => {
            const img = new Image();
            img.src = `data:image/png;base64,${png}`;
            await img.decode();
            const c = document.createElement('canvas');
            c.width = img.width;
            c.height = img.height;
            const g = c.getContext('2d')!;
            g.drawImage(img, 0, 0);
            return g.getImageData(0, 0, c.width, c.height).data;
          }));
          let m = 0;
          for (let i = 0; i < a!.length; i++) if (i % 4 !== 3) m = Math.max(m, Math.abs(a![i]! - b![i]!));
          return m;
        }, [on, off]);
        assert.ok(most > 120, `${theme}: focused or not, it looked the same (at most ${most} of 255 apart)`);
        assert.deepEqual(p.errors, []);
      } finally {
        await p.close();
      }
    }
  });

  test('a reaction taken away beside the one the keyboard is on: the keyboard stays on that emoji, not the next', async () => {
    const snap = rooms(3);
    snap.rooms[0]!.events[2] = msg('general', 3, 'alice', 'message 3', { reactions: [{ emoji: '👍', by: ['alice'] }, { emoji: '🎉', by: ['bob'] }, { emoji: '👀', by: ['bob'] }] });
    await withPanel(snap, async (p) => {
      await p.page.focus('.messages');
      await p.page.keyboard.press('ArrowUp');
      await p.page.focus('.row[tabindex="0"] .reaction:nth-child(2)');
      assert.match((await p.page.evaluate(() => document.activeElement?.textContent)) ?? '', /🎉/);
      await p.deliver({ type: 'server', msg: { type: 'react', room: 'general', seq: 4, time: Date.now(), target: 3, from: 'alice', emoji: '👍', on: false, reactions: [{ emoji: '🎉', by: ['bob'] }, { emoji: '👀', by: ['bob'] }] } });
      await frames(p);
      assert.equal(await p.page.locator('.reactions .reaction').count(), 2);
      assert.match((await p.page.evaluate(() => document.activeElement?.textContent)) ?? '', /🎉/);
    });
  });

  test('the character count is not read at every key: nearing the limit and passing it are, once each', async () => {
    await withPanel(rooms(1, { maxText: 100 }), async (p) => {
      assert.equal(await p.page.getAttribute('.composer-count', 'aria-live'), null);
      const said = () => p.page.evaluate(() => document.querySelector('.composer-wrap [aria-live="polite"]')?.textContent);
      await p.page.focus('.composer-input');
      await p.page.keyboard.type('x'.repeat(95));
      assert.equal(await said(), "Nearly at this room's limit of 100 characters");
      await p.page.keyboard.type('x'.repeat(6));
      assert.equal(await said(), 'Too long: this room takes at most 100 characters');
    });
  });

  test('a text over the limit makes the composer invalid, described by the limit and the count; back under, it is not', async () => {
    await withPanel(rooms(1, { maxText: 100 }), async (p) => {
      const box = async () => ({ ...(await ax(p, '.composer-input')), invalid: await p.page.getAttribute('.composer-input', 'aria-invalid') });
      await p.page.focus('.composer-input');
      await p.page.keyboard.type('x'.repeat(95));
      assert.deepEqual(await box(), { role: 'textbox', name: 'Message #general', description: '', invalid: null }, 'near the limit: not invalid yet');
      await p.page.keyboard.type('x'.repeat(6));
      assert.deepEqual(await box(), { role: 'textbox', name: 'Message #general', description: 'Too long: this room takes at most 100 characters 101 / 100', invalid: 'true' });
      await p.page.keyboard.press('Backspace');
      assert.deepEqual(await box(), { role: 'textbox', name: 'Message #general', description: '', invalid: null });
    });
  });

  test('a short panel keeps room for the messages: the composer grows to 40% of it at most', async () => {
    await withPanel(rooms(30), async (p) => {
      await p.page.fill('.composer-input', Array.from({ length: 12 }, (_, i) => `draft line ${i + 1}`).join('\n'));
      await frames(p);
      const box = await p.page.evaluate(() => ({ input: document.querySelector('.composer-input')!.getBoundingClientRect().height, list: document.querySelector('.messages')!.getBoundingClientRect().height }));
      assert.ok(box.input <= 0.4 * 220, JSON.stringify(box));
      assert.ok(box.list >= 30, `the messages keep some room: ${JSON.stringify(box)}`);
    }, { width: 480, height: 220 });
  });

  test('a short panel shows a long topic\'s first line only (three in a taller one): the messages keep their room', async () => {
    const topic = Array.from({ length: 6 }, (_, i) => `topic line ${i + 1} of the release plan`).join('\n');
    for (const [height, lines] of [[300, 1], [700, 3]] as const) {
      await withPanel(rooms(30, { rooms: [{ ...rooms(30).rooms[0]!, topic }, rooms(30).rooms[1]!] }), async (p) => {
        const shown = await p.page.evaluate(() => {
          const t = document.querySelector('.topic-text') as HTMLElement;
          return Math.round(t.getBoundingClientRect().height / parseFloat(getComputedStyle(t).lineHeight));
        });
        assert.equal(shown, lines, `${height} px high`);
      }, { width: 480, height });
    }
  });

  test('the members button is a toggle with one name, pressed or not: how many it shows ("3 members")', async () => {
    await withPanel(rooms(), async (p) => {
      const read = async () => ({ ...(await ax(p, '.members-toggle')), pressed: await p.page.getAttribute('.members-toggle', 'aria-pressed') });
      assert.deepEqual(await read(), { role: 'button', name: '3 members', description: 'Members (3 in the room)', pressed: 'false' });
      await p.page.click('.members-toggle');
      assert.deepEqual(await read(), { role: 'button', name: '3 members', description: 'Members (3 in the room)', pressed: 'true' });
      // (one member: "1 member")
      await p.deliver({ type: 'server', msg: { type: 'leave', room: 'general', seq: 40, time: Date.now(), nick: 'alice', reason: 'quit' } });
      await p.deliver({ type: 'server', msg: { type: 'leave', room: 'general', seq: 41, time: Date.now(), nick: 'bob', reason: 'quit' } });
      assert.equal((await read()).name, '1 member');
    }, { width: 320 });
  });

  test('in a narrow panel the members over the messages go when the keyboard leaves them', async () => {
    await withPanel(rooms(), async (p) => {
      await p.page.click('.members-toggle');
      assert.equal(await p.page.isVisible('.members'), true);
      await p.page.focus('.composer-input');
      assert.equal(await p.page.isVisible('.members'), false);
    }, { width: 320 });
  });
});
