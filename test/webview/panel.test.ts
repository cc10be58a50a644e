// The chat panel in headless Chromium: rendering, grouping, system lines, keyboard, autocomplete, markdown,
// code cards, path links, unread counts, status banner, typing, direct messages, reload.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { PanelSnapshot, ToPanel } from '../../src/shared/panelMessages';
import { TYPING_MS } from '../../src/webview/state';
import { MAX_INDENT } from '../../src/webview/markdown';
import { dm, makeSnapshot, msg, T0, startHarness, type Harness, type Panel } from './harness';

let hx: Harness;
before(async () => {
  hx = await startHarness();
});
after(async () => {
  await hx?.close();
});

async function withPanel(snapshot: PanelSnapshot, body: (p: Panel) => Promise<void>, width?: number): Promise<void> {
  const p = await hx.open({ snapshot, width });
  try {
    await body(p);
    assert.deepEqual(p.errors, [], 'no page errors');
    assert.deepEqual(await p.cspViolations(), [], 'no CSP violations');
  } finally {
    await p.close();
  }
}

/** The text of each range in the CSS highlight `name` (the search marks words with `search`, `search-current`). */
/** Two animation frames: what a render scheduled has been drawn. */
const frames = (p: Panel) => p.page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
/** Waits (bounded) until the composer holds `text` (Up walks the history after the browser moved the caret). */
const valueBecomes = (p: Panel, text: string) =>
  p.page.waitForFunction((t) => (document.querySelector('.composer-input') as HTMLTextAreaElement).value === t, text, { timeout: 15_000 });

/**
 * A panel whose #general holds one message of yours, `mine`: `draft` typed in the composer, then an edit of that
 * message begun (as its menu's Edit begins one); `snap` is the snapshot, to reload the panel with.
 */
async function editingMine(mine: string, draft: string, body: (p: Panel, snap: PanelSnapshot) => Promise<void>): Promise<void> {
  const snap = twoRooms();
  snap.rooms[0]!.events = [msg('general', 2, 'me', mine)];
  await withPanel(snap, async (p) => {
    const input = p.page.locator('.composer-input');
    await input.focus();
    await p.page.keyboard.type(draft);
    const keys = await p.page.$$eval('.row.msg', (els) => els.map((e) => (e.closest('[data-key]') as HTMLElement | null)?.dataset.key));
    await p.deliver({ type: 'rowAction', key: String(keys[0]), action: 'edit' });
    assert.equal(await input.inputValue(), mine);
    await body(p, snap);
  });
}

/** Scrolls the message list to `share` of its height, and waits for it to be drawn there. */
async function scrollListTo(p: Panel, share: number): Promise<void> {
  await p.page.evaluate((f) => {
    const list = document.querySelector('.messages') as HTMLElement;
    list.scrollTop = list.scrollHeight * f;
  }, share);
  await frames(p);
  await frames(p);
}
/** The first row wholly in the list's view: its seq and its top, in pixels from the view's. */
const topRow = (p: Panel) =>
  p.page.evaluate(() => {
    const list = document.querySelector('.messages') as HTMLElement;
    const box = list.getBoundingClientRect();
    const row = Array.from(list.querySelectorAll<HTMLElement>('[data-key]')).find((r) => r.getBoundingClientRect().top >= box.top);
    return { seq: Number(/e(\d+)$/.exec(row?.dataset.key ?? '')?.[1]), top: Math.round((row?.getBoundingClientRect().top ?? 0) - box.top) };
  });

const highlighted = (p: Panel, name: string) =>
  p.page.evaluate((n) => [...((CSS as unknown as { highlights: Map<string, Set<Range>> }).highlights.get(n) ?? [])].map((r) => r.toString()), name);

/** The extension's snapshot when its window is in no room (chatSession.ts): `statusText` says why. */
const noRoom = (statusText: string): PanelSnapshot => makeSnapshot({ nick: '', status: 'closed', statusText, address: '', rooms: [], activeRoom: '' });

/** Two rooms; #general (active) has `history` messages from alice. */
const twoRooms = (o: Partial<PanelSnapshot> = {}, history = 1): PanelSnapshot =>
  makeSnapshot({
    rooms: [
      { name: 'general', epoch: 'e1', topic: 'Pairing on the parser', members: [{ nick: 'alice', role: 'owner' }, { nick: 'bob', role: 'op' }, { nick: 'me', role: 'member' }], events: Array.from({ length: history }, (_, i) => msg('general', i + 1, 'alice', i === 0 ? 'hello' : `message ${i + 1}`)) },
      { name: 'dev', epoch: 'e1', topic: '', members: [{ nick: 'alice', role: 'owner' }, { nick: 'me', role: 'member' }], events: [] },
    ],
    ...o,
  });

describe('chat panel', () => {
  test('posts ready, renders the snapshot, groups messages by author with times', async () => {
    const snap = twoRooms();
    snap.rooms[0]!.events = [msg('general', 1, 'alice', 'first'), msg('general', 2, 'alice', 'second'), msg('general', 3, 'bob', 'third'), msg('general', 4, 'alice', 'fourth')];
    await withPanel(snap, async (p) => {
      const posted = await p.posted();
      assert.equal(posted[0]?.type, 'ready');
      const rows = await p.page.$$eval('.messages .row', (els) => els.map((e) => ({
        cls: e.className, author: e.querySelector('.author')?.textContent ?? null, time: e.querySelector('.time')?.textContent ?? null, body: e.querySelector('.body')?.textContent?.trim(),
      })));
      assert.deepEqual(rows.map((r) => [r.author, r.body]), [['alice', 'first'], [null, 'second'], ['bob', 'third'], ['alice', 'fourth']]);
      assert.ok(rows[1]!.cls.includes('continued'));
      assert.equal(rows[0]!.time, '09:30');
      assert.equal(await p.page.textContent('.topic'), 'Pairing on the parser');
      assert.deepEqual(await p.page.$$eval('.tab', (els) => els.map((e) => e.textContent)), ['#general', '#dev']);
      assert.equal(await p.page.getAttribute('.tab.selected', 'data-conv'), '#general');
    });
  });

  test('a topic\'s links and path:line mentions open as a message\'s do; anything else in it stays text', async () => {
    await withPanel(twoRooms({ rooms: [{ name: 'general', epoch: 'e1', topic: 'Review https://example.com/pr/12, then src/a.ts:12 (not javascript:alert(1) or www.example.com)', members: [{ nick: 'me', role: 'owner' }], events: [] }] }), async (p) => {
      assert.equal(await p.page.textContent('.topic'), 'Review https://example.com/pr/12, then src/a.ts:12 (not javascript:alert(1) or www.example.com)');
      assert.deepEqual(await p.page.$$eval('.topic a', (els) => els.map((a) => [a.className, a.getAttribute('href'), a.textContent])), [
        ['link', 'https://example.com/pr/12', 'https://example.com/pr/12'],
        ['path-link', '#', 'src/a.ts:12'],
      ]);
      await p.page.click('.topic a.link');
      assert.deepEqual(await p.waitForPosted('openLink'), { type: 'openLink', href: 'https://example.com/pr/12' });
      await p.page.click('.topic a.path-link');
      assert.deepEqual(await p.waitForPosted('openPath'), { type: 'openPath', path: 'src/a.ts', line: 12 });
    });
  });

  test("a topic's emoji names show as their emoji, found as a message's are; in a word, a link or Markdown they stay as written", async () => {
    const names = ':tada: release day :+1::rocket: (key:a:value, x:100:y, at 10:100: and :smile:s, :not_a_name:, :one::two:)';
    const snap = twoRooms({ rooms: [{ name: 'general', epoch: 'e1', topic: `${names} **not bold** https://example.org/:tada:/x`, members: [{ nick: 'me', role: 'owner' }], events: [] }] });
    snap.rooms[0]!.events = [msg('general', 1, 'alice', names)];
    await withPanel(snap, async (p) => {
      const shown = '🎉 release day 👍🚀 (key:a:value, x:100:y, at 10:100: and :smile:s, :not_a_name:, 1️⃣2️⃣)';
      assert.equal(await p.page.textContent('.topic'), `${shown} **not bold** https://example.org/:tada:/x`);
      // (the same names as a message shows them)
      assert.equal((await p.page.locator('.messages .row .body').first().textContent())?.trim(), shown);
      assert.deepEqual(await p.page.$$eval('.topic a', (els) => els.map((a) => a.getAttribute('href'))), ['https://example.org/:tada:/x']);
      // a new topic: the same
      await p.deliver({ type: 'server', msg: { type: 'topic', room: 'general', seq: 2, time: Date.now(), by: 'me', topic: 'ship :ship: it' } });
      await p.page.locator('.topic', { hasText: 'ship 🚢 it' }).waitFor();
    });
  });

  test('system lines for join, leave, nick, topic, kick, role; members follow them; /me actions', async () => {
    await withPanel(twoRooms(), async (p) => {
      const base = { room: 'general', time: T0 + 600_000 };
      await p.deliver(
        { type: 'server', msg: { ...base, type: 'join', seq: 2, nick: 'carol', role: 'member' } },
        { type: 'server', msg: { ...base, type: 'nick', seq: 3, from: 'carol', to: 'caro' } },
        { type: 'server', msg: { ...base, type: 'topic', seq: 4, by: 'alice', topic: 'Release 1.0' } },
        { type: 'server', msg: { ...base, type: 'role', seq: 5, nick: 'caro', role: 'op', by: 'alice' } },
        { type: 'server', msg: { ...base, type: 'kick', seq: 6, nick: 'bob', by: 'alice', reason: 'spamming', ban: false } },
        { type: 'server', msg: { ...base, type: 'leave', seq: 7, nick: 'caro', reason: 'quit' } },
        { type: 'server', msg: { ...msg('general', 8, 'alice', 'waves at everyone'), kind: 'action' } },
      );
      const texts = (await p.rowTexts()).map((t) => t.replace(/ \d\d:\d\d$/, ''));
      assert.deepEqual(texts.slice(1), [
        'carol joined',
        'carol is now known as caro',
        'alice set the topic: Release 1.0',
        'alice made caro an operator',
        'bob was kicked by alice: spamming',
        'caro left',
        '* alice waves at everyone',
      ]);
      assert.equal(await p.page.textContent('.topic'), 'Release 1.0');
      await p.page.click('.members-toggle');
      const members = await p.page.$$eval('.member .nick', (els) => els.map((e) => e.textContent));
      assert.deepEqual(members, ['alice', 'me']);
      // Replayed events (seq already seen) are not shown twice.
      await p.deliver({ type: 'server', msg: { ...base, type: 'leave', seq: 7, nick: 'caro', reason: 'quit' } });
      assert.equal((await p.rowTexts()).length, texts.length);
    });
  });

  test('a leave with parting words shows them after "left", as text (never HTML); Find finds them', async () => {
    await withPanel(twoRooms(), async (p) => {
      const base = { room: 'general', time: T0 + 600_000 };
      await p.deliver(
        { type: 'server', msg: { ...base, type: 'join', seq: 2, nick: 'carol', role: 'member' } },
        { type: 'server', msg: { ...base, type: 'join', seq: 3, nick: 'dave', role: 'member' } },
        { type: 'server', msg: { ...base, type: 'leave', seq: 4, nick: 'carol', reason: 'quit', message: 'gone for lunch' } },
        { type: 'server', msg: { ...base, type: 'leave', seq: 5, nick: 'dave', reason: 'part', message: '<img src=x onerror="document.title=1"> **bold**' } },
        { type: 'server', msg: { ...base, type: 'leave', seq: 6, nick: 'alice', reason: 'quit' } },
      );
      const texts = (await p.rowTexts()).map((t) => t.replace(/ \d\d:\d\d$/, ''));
      assert.deepEqual(texts.slice(-3), ['carol left (gone for lunch)', 'dave left (<img src=x onerror="document.title=1"> **bold**)', 'alice left']);
      assert.equal(await p.page.locator('.messages img, .messages strong').count(), 0, 'the words are text: no element made of them');
      assert.notEqual(await p.page.title(), '1');
      await p.page.keyboard.press('Control+f');
      await p.page.fill('.search-input', 'lunch');
      await p.page.locator('.search-count', { hasText: '1 of 1' }).waitFor();
    });
  });

  test('/join #room moves the panel to that room: when the server says it is in, or at once if it already was', async () => {
    await withPanel(twoRooms(), async (p) => {
      const input = p.page.locator('.composer-input');
      await input.fill('/join #Ops');
      await input.press('Enter');
      assert.deepEqual(await p.waitForPosted('submit'), { type: 'submit', room: 'general', text: '/join #Ops' });
      assert.equal(await p.page.getAttribute('.tab.selected', 'data-conv'), '#general', 'not before the server answers');
      await p.deliver({ type: 'server', msg: { type: 'room', name: 'ops', epoch: 'e9', seq: 0, topic: '', members: [{ nick: 'me', role: 'owner' }] } });
      assert.equal(await p.page.getAttribute('.tab.selected', 'data-conv'), '#ops');
      await p.waitForPosted('activeRoom', (m) => m.room === 'ops'); // the extension's status bar and Share Selection follow
      // a room that comes in for another reason (a resume) does not take the panel away
      await p.deliver({ type: 'server', msg: { type: 'room', name: 'dev', epoch: 'e2', seq: 0, topic: '', members: [{ nick: 'me', role: 'member' }] } });
      assert.equal(await p.page.getAttribute('.tab.selected', 'data-conv'), '#ops');
      await input.fill('/join dev');
      await input.press('Enter');
      await p.waitForPosted('activeRoom', (m) => m.room === 'dev');
      assert.equal(await p.page.getAttribute('.tab.selected', 'data-conv'), '#dev');
    });
  });

  test("a /ban, /kick, /op or /deop typed in a tab their event does not come to (the one named is in another room), and a /topic typed in a direct conversation, are answered in that tab too", async () => {
    const snap = makeSnapshot({
      role: 'owner', activeRoom: 'dev', dms: [dm('alice', 'me', 'psst')],
      rooms: [
        { name: 'general', epoch: 'e1', topic: '', members: [{ nick: 'me', role: 'owner' }, { nick: 'alice', role: 'member' }, { nick: 'bob', role: 'member' }, { nick: 'carol', role: 'member' }, { nick: 'dave', role: 'member' }], events: [] },
        { name: 'dev', epoch: 'e1', topic: '', members: [{ nick: 'me', role: 'owner' }, { nick: 'alice', role: 'member' }, { nick: 'carol', role: 'member' }], events: [] },
      ],
    });
    await withPanel(snap, async (p) => {
      const input = p.page.locator('.composer-input');
      const type = async (text: string) => {
        await input.fill(text);
        await input.press('Enter');
      };
      const notices = () => p.page.$$eval('.notice-info .notice-text', (els) => els.map((e) => e.textContent));
      const heard = () => p.page.$$eval('[aria-live="polite"].sr-only > div', (els) => els.map((e) => e.textContent));
      let seq = 0;
      const ev = (room: string, e: Record<string, unknown>) => ({ type: 'server' as const, msg: { room, seq: ++seq, time: T0, ...e } as never });
      // bob is in #general only: his ban's line comes there, and #dev, where it was typed, says it
      await type('/ban Bob spamming');
      assert.deepEqual((await p.posted()).filter((m) => m.type === 'submit').at(-1), { type: 'submit', room: 'dev', text: '/ban Bob spamming' });
      await p.deliver(ev('general', { type: 'kick', nick: 'bob', by: 'me', reason: 'spamming', ban: true }));
      assert.deepEqual(await notices(), ['bob was banned by you (in #general): spamming']);
      assert.equal((await heard()).at(-1), 'bob was banned by you (in #general): spamming');
      // carol is in both: #dev has her own line, and no more
      await type('/kick carol');
      await p.deliver(ev('general', { type: 'kick', nick: 'carol', by: 'me', reason: '', ban: false }), ev('dev', { type: 'kick', nick: 'carol', by: 'me', reason: '', ban: false }));
      assert.equal((await notices()).length, 1);
      assert.match((await p.page.locator('.row.system').last().textContent()) ?? '', /carol was kicked by me/);
      await type('/op dave');
      await p.deliver(ev('general', { type: 'role', nick: 'dave', role: 'op', by: 'me' }));
      await type('/deop dave');
      await p.deliver(ev('general', { type: 'role', nick: 'dave', role: 'member', by: 'me' }));
      assert.deepEqual((await notices()).slice(1), ['You made dave an operator (in #general).', 'You made dave a member (in #general).']);
      // what someone else did, or what nobody here typed, is said nowhere else
      await p.deliver(ev('general', { type: 'role', nick: 'alice', role: 'op', by: 'me' }), ev('general', { type: 'kick', nick: 'alice', by: 'zed', reason: '', ban: false }));
      assert.equal((await notices()).length, 3);
      // a /topic typed in the direct conversation goes to the room last shown: said in the conversation
      await p.page.click('.tab[data-conv="@alice"]');
      await type('/topic ship it');
      assert.deepEqual((await p.posted()).filter((m) => m.type === 'submit').at(-1), { type: 'submit', room: 'dev', text: '/topic ship it', to: 'alice' });
      await p.deliver(ev('dev', { type: 'topic', by: 'me', topic: 'ship it' }));
      assert.deepEqual(await notices(), ['You set the topic of #dev: ship it']);
      assert.equal(await p.page.textContent('.topic-text'), 'Direct messages with alice: only the two of you see them', 'still the conversation');
    });
  });

  test('members pane: by role, then by name as people count (user2 before user10); the title names the member', async () => {
    const snap = twoRooms();
    snap.rooms[0]!.members = ['user10', 'me', 'user2', 'Zed', 'User1', 'a_very_long_nickname_for_a_narrow_pane'].map((nick) => ({ nick, role: 'member' as const }));
    snap.rooms[0]!.members.push({ nick: 'host', role: 'owner' });
    await withPanel(snap, async (p) => {
      assert.deepEqual(await p.page.$$eval('.member', (els) => els.map((e) => e.getAttribute('data-nick'))),
        ['host', 'a_very_long_nickname_for_a_narrow_pane', 'me', 'User1', 'user2', 'user10', 'Zed']);
      assert.equal(await p.page.getAttribute('.member[data-nick="a_very_long_nickname_for_a_narrow_pane"]', 'title'), 'a_very_long_nickname_for_a_narrow_pane (member)');
      assert.equal(await p.page.getAttribute('.member[data-nick="host"]', 'title'), 'host (owner)');
    }, 760);
  });

  test('members pane: a member whose seat is held reads "away" until it is back, from the snapshot and from away events', async () => {
    const snap = twoRooms();
    snap.rooms[0]!.members = [{ nick: 'me', role: 'member' }, { nick: 'alice', role: 'member', away: true }, { nick: 'bob', role: 'op' }];
    await withPanel(snap, async (p) => {
      const away = () => p.page.$$eval('.member', (els) => els.filter((e) => e.querySelector('.member-away')?.textContent === 'away').map((e) => e.getAttribute('data-nick')));
      assert.deepEqual(await away(), ['alice'], 'from the snapshot (a welcome lists a held seat as away)');
      assert.match((await p.page.getAttribute('.member[data-nick="alice"]', 'title')) ?? '', /^alice \(member; away: their connection dropped/);
      await p.deliver({ type: 'server', msg: { type: 'away', room: 'general', nick: 'bob', away: true } });
      await p.page.waitForSelector('.member[data-nick="bob"] .member-away');
      await p.deliver({ type: 'server', msg: { type: 'away', room: 'general', nick: 'alice', away: false } });
      await p.page.waitForSelector('.member[data-nick="alice"]:not(.away)');
      assert.deepEqual(await away(), ['bob']);
      await p.deliver({ type: 'server', msg: { type: 'away', room: 'general', nick: 'nobody', away: true } });
      assert.deepEqual(await p.page.$$eval('.member', (els) => els.map((e) => e.getAttribute('data-nick'))), ['bob', 'alice', 'me'], 'an away event for someone not in the room adds nobody');
    }, 760);
  });

  test("a room its host closed, back: 'The room is back.' under 'The host closed the room.' (the room came back without a word)", async () => {
    await withPanel(twoRooms(), async (p) => {
      const notices = () => p.page.$$eval('.notice-info .notice-text', (els) => els.map((e) => e.textContent));
      await p.deliver({ type: 'server', msg: { type: 'shutdown', reason: 'the host closed the room' } });
      await p.deliver({ type: 'status', status: 'closed', text: 'the host closed the room; waiting for it to come back', canRetry: false, waiting: true });
      await p.deliver({ type: 'status', status: 'connected', text: 'connected to 127.0.0.1:55555' });
      await p.page.waitForFunction(() => [...document.querySelectorAll('.notice-info .notice-text')].some((e) => e.textContent === 'The room is back.'));
      assert.deepEqual((await notices()).slice(-2), ['The host closed the room.', 'The room is back.']);
    });
  });

  test('members pane while reconnecting: the last known members, dimmed and said to be so (to a screen reader too), until the server lists them after the rejoin', async () => {
    await withPanel(twoRooms(), async (p) => {
      const pane = () => p.page.evaluate(() => {
        const el = document.querySelector('.members') as HTMLElement;
        const list = el.querySelector('.member-list') as HTMLElement;
        return {
          note: el.querySelector('.members-asof')?.textContent ?? null, stale: el.classList.contains('members-stale'), label: list.getAttribute('aria-label'),
          // (a nickname's own colour while live; the muted text's while not)
          grey: [...el.querySelectorAll('.member .nick')].every((n) => getComputedStyle(n).color === getComputedStyle(el.querySelector('.members-asof') ?? document.querySelector('.muted')!).color),
          nicks: [...el.querySelectorAll('.member')].map((m) => m.getAttribute('data-nick')),
        };
      });
      /** HH:MM of `ms` as the page tells the time. */
      const hhmm = (ms: number) => p.page.evaluate((t) => { const d = new Date(t); return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`; }, ms);
      assert.deepEqual(await pane(), { note: null, stale: false, label: 'Members', grey: false, nicks: ['alice', 'bob', 'me'] }, 'connected: live');
      await p.deliver({ type: 'server', msg: { type: 'typing', room: 'general', nick: 'bob' } });
      assert.equal(await p.page.locator('.member[data-nick="bob"] .member-typing').count(), 1);
      const before = Date.now();
      await p.deliver({ type: 'status', status: 'reconnecting', text: 'connection lost; reconnecting in 2 s...' });
      const after = Date.now();
      const at = await p.page.textContent('.members-asof');
      assert.ok(at === `Last known at ${await hhmm(before)}; reconnecting…` || at === `Last known at ${await hhmm(after)}; reconnecting…`, at ?? '');
      const lost = await pane();
      assert.deepEqual(lost.nicks, ['alice', 'bob', 'me'], 'still there, to read');
      assert.equal(lost.stale, true);
      assert.equal(lost.grey, true, 'greyed');
      assert.equal(lost.label, `Members, ${at!.replace('…', '')}`, 'a screen reader hears it with the list');
      assert.equal(await p.page.locator('.member-typing').count(), 0, 'nor is who is typing known');
      assert.equal(await p.page.textContent('.typing'), '');
      assert.match((await p.page.getAttribute('.members-asof', 'title')) ?? '', /^Who was in the room at .+, when the connection dropped/);
      // the next attempt, and the next: the time stays the drop's
      await p.deliver({ type: 'status', status: 'reconnecting', text: 'connection lost; reconnecting in 4 s...' });
      assert.equal(await p.page.textContent('.members-asof'), at);
      // connected, the server's lists not come yet: still the old ones
      await p.deliver({ type: 'status', status: 'connected', text: 'connected to 127.0.0.1:55555' });
      assert.equal((await pane()).stale, true);
      // the rejoin's welcome lists who is there now: live again (bob went meanwhile)
      await p.deliver({ type: 'server', msg: { type: 'welcome', v: 1, nick: 'me', role: 'member', session: 's', server: 't', limits: { maxLine: 65536, maxText: 16384 }, rooms: [
        { name: 'general', epoch: 'e1', topic: '', members: [{ nick: 'alice', role: 'owner' }, { nick: 'me', role: 'member' }], seq: 1 },
        { name: 'dev', epoch: 'e1', topic: '', members: [{ nick: 'me', role: 'member' }], seq: 0 },
      ] } });
      assert.deepEqual(await pane(), { note: null, stale: false, label: 'Members', grey: false, nicks: ['alice', 'me'] });
      // given up on (the host closed it for good): not connected
      await p.deliver({ type: 'status', status: 'closed', text: 'the host closed the room; it did not come back within 10 min', canRetry: true });
      assert.match((await p.page.textContent('.members-asof')) ?? '', /^Last known at \d\d:\d\d; not connected$/);
      // a panel opened meanwhile: the time the extension's client dropped, from its snapshot
      const dropped = new Date(2026, 0, 5, 9, 41).getTime();
      await p.reload(twoRooms({ status: 'reconnecting', statusText: 'connection lost; reconnecting in 2 s...', membersAsOf: dropped }));
      assert.equal(await p.page.textContent('.members-asof'), 'Last known at 09:41; reconnecting…');
      // one that does not say when: no time
      await p.reload(twoRooms({ status: 'reconnecting', statusText: 'connection lost; reconnecting in 2 s...' }));
      assert.equal(await p.page.textContent('.members-asof'), 'Last known; reconnecting…');
      // another room's tab: the same
      await p.page.click('.tab[data-conv="#dev"]');
      assert.equal(await p.page.textContent('.members-asof'), 'Last known; reconnecting…');
    }, 760);
  });

  test('a narrow panel while reconnecting: the members button says its count is the last known, and the members over the messages say it too', async () => {
    await withPanel(twoRooms(), async (p) => {
      const button = () => p.page.evaluate(() => {
        const b = document.querySelector('.members-toggle') as HTMLElement;
        const muted = getComputedStyle(document.querySelector('.muted')!).color;
        return [b.getAttribute('aria-label'), b.title, String(getComputedStyle(b.querySelector('.members-count')!).color === muted)];
      });
      assert.deepEqual(await button(), ['3 members', 'Members (3 in the room)', 'false']);
      await p.deliver({ type: 'status', status: 'reconnecting', text: 'connection lost; reconnecting in 2 s...' });
      const [label, title, grey] = await button();
      assert.match(label!, /^3 members; last known at \d\d:\d\d; reconnecting$/);
      assert.match(title!, /^Members \(3 in the room; last known at \d\d:\d\d; reconnecting…\)$/);
      assert.equal(grey, 'true', 'greyed');
      await p.page.click('.members-toggle');
      assert.ok(await p.page.isVisible('.members-asof'));
      await p.deliver({ type: 'server', msg: { type: 'welcome', v: 1, nick: 'me', role: 'member', session: 's', server: 't', limits: { maxLine: 65536, maxText: 16384 }, rooms: [
        { name: 'general', epoch: 'e1', topic: '', members: [{ nick: 'alice', role: 'owner' }, { nick: 'me', role: 'member' }], seq: 1 },
      ] } });
      assert.deepEqual(await button(), ['2 members', 'Members (2 in the room)', 'false']);
      assert.equal(await p.page.locator('.members-asof').count(), 0);
    }, 300);
  });

  test('members pane of a big room: the first 500 (owners and ops first) and how many more', async () => {
    const snap = twoRooms();
    snap.rooms[0]!.members = Array.from({ length: 1_200 }, (_, i) => ({ nick: `user${i}`, role: 'member' as const }));
    snap.rooms[0]!.members.push({ nick: 'boss', role: 'owner' }, { nick: 'me', role: 'member' });
    await withPanel(snap, async (p) => {
      assert.equal(await p.page.locator('.member').count(), 500);
      assert.equal(await p.page.getAttribute('.member >> nth=0', 'data-nick'), 'boss');
      assert.equal(await p.page.textContent('.members-title'), 'Members (1202)');
      assert.equal(await p.page.textContent('.members-note'), 'and 702 more (/who lists them all)');
      // people coming, going and away in a busy room: the pane changes the items that changed, the others stay as
      // they are (all 500 were built and laid out again at each: 50 ms a change, frames dropped)
      await p.page.$$eval('.member', (els) => els.forEach((e) => ((e as HTMLElement & { kept?: true }).kept = true)));
      await p.deliver(
        { type: 'server', msg: { type: 'join', room: 'general', seq: 2, time: T0, nick: 'user3a', role: 'member' } },
        { type: 'server', msg: { type: 'leave', room: 'general', seq: 3, time: T0, nick: 'user5', reason: 'quit' } },
        { type: 'server', msg: { type: 'away', room: 'general', nick: 'user7', away: true } },
      );
      await p.page.waitForSelector('.member[data-nick="user7"].away');
      const now = await p.page.$$eval('.member', (els) => els.map((e) => [e.getAttribute('data-nick'), (e as HTMLElement & { kept?: true }).kept === true] as const));
      assert.equal(now.length, 500);
      // new: the one who came and the one away (and, where a frame was drawn between the join and the leave, the one
      // the join pushed out of the 500 for that frame)
      const made = now.filter(([, kept]) => !kept).map(([nick]) => nick);
      assert.ok(made.includes('user3a') && made.includes('user7') && made.every((n) => n !== null && ['user3a', 'user7', 'user497'].includes(n)), JSON.stringify(made));
      assert.equal(now.find(([nick]) => nick === 'user5'), undefined, 'the one who left is gone');
      assert.equal(await p.page.textContent('.members-title'), 'Members (1202)');
      assert.equal(await p.page.textContent('.members-note'), 'and 702 more (/who lists them all)');
    }, 760);
  });

  test('members pane: "Message directly" opens a conversation with that member; a refresh keeps it', async () => {
    await withPanel(twoRooms(), async (p) => {
      assert.deepEqual(await p.page.$$eval('.member', (els) => els.map((e) => e.querySelector('.member-dm')?.getAttribute('aria-label') ?? null)),
        ['Message alice directly', 'Message bob directly', null], 'not for yourself');
      await p.page.hover('.member:nth-child(2)');
      await p.page.click('.member-dm[aria-label="Message bob directly"]');
      assert.equal(await p.page.getAttribute('.tab.selected', 'data-conv'), '@bob');
      assert.equal(await p.page.textContent('.empty'), 'No messages yet. Say hello!');
      assert.equal(await p.page.getAttribute('.composer-input', 'placeholder'), 'Message bob directly');
      assert.ok(await p.page.locator('.composer-input').evaluate((el) => el === document.activeElement), 'the composer has focus');
      await p.page.keyboard.type('half a secret');
      // the extension refreshes (the same session): the conversation, still without a message, stays, with the text
      await p.deliver({ type: 'snapshot', snapshot: twoRooms() });
      assert.equal(await p.page.getAttribute('.tab.selected', 'data-conv'), '@bob');
      assert.equal(await p.page.inputValue('.composer-input'), 'half a secret');
      await p.page.keyboard.press('Enter');
      assert.deepEqual(await p.waitForPosted('submit'), { type: 'submit', room: 'general', text: 'half a secret', to: 'bob' });
      await p.page.keyboard.type('the other half');
      // another session (another nick): the empty conversation goes, and its text does not follow into a room
      await p.deliver({ type: 'snapshot', snapshot: twoRooms({ nick: 'me2' }) });
      assert.equal(await p.page.getAttribute('.tab.selected', 'data-conv'), '#general');
      assert.equal(await p.page.locator('.tab[data-conv="@bob"]').count(), 0);
      assert.equal(await p.page.inputValue('.composer-input'), '');
    }, 760); // wide enough for the members pane beside the messages
  });

  test('/query bob opens the direct conversation with bob (empty if new), as IRC does; a text after the name goes there', async () => {
    await withPanel(twoRooms(), async (p) => {
      await p.page.locator('.composer-input').focus();
      await p.page.keyboard.type('/query bob');
      await p.page.keyboard.press('Enter');
      await p.page.waitForSelector('.tab.selected[data-conv="@bob"]');
      assert.equal(await p.page.inputValue('.composer-input'), '', 'the command is done');
      assert.deepEqual((await p.posted()).filter((m) => m.type === 'submit'), [], 'nothing sent');
      await p.page.click('.tab[data-conv="#general"]');
      assert.equal(await p.page.inputValue('.composer-input'), '', 'the command is no draft of the room');
      await p.page.locator('.composer-input').focus();
      await p.page.keyboard.type('/query @alice are you there?');
      await p.page.keyboard.press('Enter');
      await p.page.waitForSelector('.tab.selected[data-conv="@alice"]');
      assert.deepEqual(await p.waitForPosted('submit'), { type: 'submit', room: 'general', text: '/query @alice are you there?', to: 'alice' });
      // a name no nickname can be: said, and the text stays to mend
      await p.page.keyboard.type('/query a:b');
      await p.page.keyboard.press('Enter');
      assert.equal(await p.page.inputValue('.composer-input'), '/query a:b');
      // a name in none of the rooms (mistyped, gone): said at once in its conversation; a member's (any case) is not
      await p.page.fill('.composer-input', '/query bbo');
      await p.page.keyboard.press('Enter');
      await p.page.waitForSelector('.tab.selected[data-conv="@bbo"]');
      await p.page.locator('.notice-text', { hasText: 'bbo is in none of your rooms: the server refuses what you send unless they are in another.' }).waitFor();
      await p.page.locator('.composer-input').focus();
      await p.page.keyboard.type('/query ALICE');
      await p.page.keyboard.press('Enter');
      await p.page.waitForSelector('.tab.selected[data-conv="@ALICE"], .tab.selected[data-conv="@alice"]');
      assert.equal(await p.page.locator('.notice-text', { hasText: 'is in none of your rooms' }).count(), 0, 'alice is in #general');
    });
  });

  test('a narrow panel shows the members over the messages on request; Escape, a choice or a click elsewhere puts them away', async () => {
    await withPanel(twoRooms(), async (p) => {
      const shown = () => p.page.isVisible('.members');
      assert.equal(await shown(), false, 'narrow: not until asked');
      // how many are in the room shows on the button all the same
      assert.equal(await p.page.textContent('.members-toggle'), String((await p.page.$$('.member')).length));
      assert.match((await p.page.getAttribute('.members-toggle', 'title')) ?? '', /^Members \(\d+ in the room\)$/);
      await p.page.click('.members-toggle');
      assert.equal(await shown(), true);
      // Escape from a member: the members go, the keyboard back on their button
      await p.page.focus('.member[data-nick="bob"]');
      await p.page.keyboard.press('Escape');
      assert.equal(await shown(), false);
      assert.equal(await p.page.evaluate(() => document.activeElement?.classList.contains('members-toggle')), true);
      // a click elsewhere (the messages)
      await p.page.click('.members-toggle');
      await p.page.mouse.click(20, 200);
      assert.equal(await shown(), false);
      // M on a member: the mention goes into the composer, the members go
      await p.page.click('.members-toggle');
      await p.page.focus('.member[data-nick="alice"]');
      await p.page.keyboard.press('m');
      assert.equal(await p.page.inputValue('.composer-input'), '@alice ');
      assert.equal(await shown(), false);
      // the button still toggles them, and a click inside them keeps them
      await p.page.click('.members-toggle');
      await p.page.click('.members-title');
      assert.equal(await shown(), true);
      await p.page.click('.members-toggle');
      assert.equal(await shown(), false);
      // Ctrl+F: the search bar comes, the members go (they lay over its count and buttons)
      await p.page.click('.members-toggle');
      await p.page.focus('.member[data-nick="alice"]');
      await p.page.keyboard.press('Control+f');
      assert.equal(await p.page.isVisible('.search'), true);
      assert.equal(await shown(), false);
    }, 400);
  });

  test('members over the messages (narrow): opened from the keyboard, the keyboard goes into them, Escape or the button gives it back to the button; beside them (wide) it stays on the button', async () => {
    const focused = (p: Panel) => p.page.evaluate(() => {
      const a = document.activeElement as HTMLElement | null;
      return a?.dataset.nick ?? (a?.classList.contains('members-toggle') ? 'toggle' : a?.className);
    });
    await withPanel(twoRooms(), async (p) => {
      await p.page.focus('.members-toggle');
      await p.page.keyboard.press('Enter');
      assert.equal(await p.page.isVisible('.members'), true);
      assert.equal(await focused(p), 'alice', 'on the first member');
      await p.page.keyboard.press('ArrowDown');
      await p.page.keyboard.press('Escape');
      assert.equal(await p.page.isVisible('.members'), false);
      assert.equal(await focused(p), 'toggle', 'Escape: back on the button');
      await p.page.keyboard.press('Enter');
      assert.equal(await focused(p), 'bob', 'again: on the member the keyboard was on');
      // the button closes them too (a click; from the keyboard, Shift+Tab gets there)
      await p.page.click('.members-toggle');
      assert.equal(await p.page.isVisible('.members'), false);
      assert.equal(await focused(p), 'toggle');
    }, 300);
    await withPanel(twoRooms(), async (p) => {
      await p.page.focus('.members-toggle');
      await p.page.keyboard.press('Enter');
      assert.equal(await p.page.isVisible('.members'), false, 'hidden');
      assert.equal(await focused(p), 'toggle');
      await p.page.keyboard.press('Enter');
      assert.equal(await p.page.isVisible('.members'), true, 'shown again, beside the messages');
      assert.equal(await focused(p), 'toggle', 'the keyboard stays on the button');
    }, 760);
  });

  test('members pane from the keyboard: one tab stop after the messages; Up/Down move, M mentions, Enter writes directly (on yourself, says so); the focus survives the pane being drawn anew', async () => {
    await withPanel(twoRooms(), async (p) => {
      const focusedNick = () => p.page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.nick ?? document.activeElement?.className);
      await p.page.focus('.messages');
      await p.page.keyboard.press('Tab');
      assert.equal(await focusedNick(), 'alice', 'the first member');
      await p.page.keyboard.press('ArrowDown');
      assert.equal(await focusedNick(), 'bob');
      // bob starts typing: the pane is drawn anew, the keyboard stays on bob
      await p.deliver({ type: 'server', msg: { type: 'typing', room: 'general', nick: 'bob' } });
      await p.page.waitForSelector('.member[data-nick="bob"] .member-typing');
      assert.equal(await focusedNick(), 'bob');
      await p.page.keyboard.press('m');
      assert.equal(await p.page.inputValue('.composer-input'), '@bob ');
      assert.equal(await focusedNick(), 'composer-input');
      await p.page.keyboard.press('Shift+Tab');
      assert.equal(await focusedNick(), 'bob', 'back to the member the keyboard was on');
      await p.page.keyboard.press('End');
      assert.equal(await focusedNick(), 'me');
      await p.page.keyboard.press('Enter');
      assert.equal(await p.page.locator('.tab[data-conv="@me"]').count(), 0, 'not a conversation with yourself');
      assert.match(await p.page.textContent('[role="log"][aria-live="polite"]') ?? '', /That is you: Enter on another member writes to them directly\./, 'said so');
      await p.page.keyboard.press('Home');
      await p.page.keyboard.press('Enter');
      await p.page.waitForSelector('.tab.selected[data-conv="@alice"]');
      assert.equal(await focusedNick(), 'composer-input');
    }, 760); // wide enough for the members beside the messages
  });

  test('a direct conversation\'s tab closes (×, Delete, middle click), stays closed across a reload, and a new message opens it', async () => {
    const snap = twoRooms({ dms: [dm('alice', 'me', 'psst')] });
    await withPanel(snap, async (p) => {
      const tabIds = () => p.page.$$eval('.tab', (els) => els.map((e) => (e as HTMLElement).dataset.conv));
      assert.equal(await p.page.locator('.tab[data-conv="#general"] .tab-close').count(), 0, 'a room tab has none: leaving is /part');
      await p.page.click('.tab[data-conv="@alice"]');
      await p.page.click('.tab[data-conv="@alice"] .tab-close');
      assert.deepEqual(await tabIds(), ['#general', '#dev']);
      assert.equal(await p.page.getAttribute('.tab.selected', 'data-conv'), '#general', 'back to the room you were in');
      // a new message from alice opens it again, unread
      await p.deliver({ type: 'server', msg: dm('alice', 'me', 'still there?', { time: T0 + 120_000 }) });
      assert.deepEqual(await tabIds(), ['#general', '#dev', '@alice']);
      assert.equal(await p.page.textContent('.tab[data-conv="@alice"] .badge'), '1');
      // keyboard: Delete on the focused tab
      await p.page.focus('.tab[data-conv="@alice"]');
      await p.page.keyboard.press('Delete');
      assert.deepEqual(await tabIds(), ['#general', '#dev']);
      assert.equal(await p.page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.conv), '#general', 'focus stays in the tabs');
      // a reload (the extension still has both messages) keeps it closed
      await p.reload(twoRooms({ dms: [dm('alice', 'me', 'psst'), dm('alice', 'me', 'still there?', { time: T0 + 120_000 })] }));
      assert.deepEqual(await tabIds(), ['#general', '#dev']);
      // the members pane opens it again, with its history; a middle click closes it
      await p.page.evaluate(() => (document.querySelector('.member-dm[aria-label="Message alice directly"]') as HTMLElement).click());
      assert.equal(await p.page.getAttribute('.tab.selected', 'data-conv'), '@alice');
      assert.equal((await p.rowTexts()).length, 2);
      await p.page.click('.tab[data-conv="@alice"]', { button: 'middle' });
      assert.deepEqual(await tabIds(), ['#general', '#dev']);
    });
  });

  test("a room's tab carries what VS Code's context menu on it needs (which room; your role, for Set Topic...); a direct conversation's tab does not", async () => {
    const snap = twoRooms({ dms: [dm('alice', 'me', 'psst')] });
    await withPanel(snap, async (p) => {
      const contextOf = (conv: string) => p.page.getAttribute(`.tab[data-conv="${conv}"]`, 'data-vscode-context');
      assert.deepEqual(JSON.parse((await contextOf('#dev')) ?? 'null'), { webviewSection: 'roomTab', room: 'dev', myRole: 'member', preventDefaultContextMenuItems: true });
      assert.deepEqual(JSON.parse((await contextOf('#general')) ?? 'null'), { webviewSection: 'roomTab', room: 'general', myRole: 'member', preventDefaultContextMenuItems: true });
      assert.equal(await contextOf('@alice'), null, 'a direct conversation is not a room to leave');
      // made an operator: Set Topic... is on the menu (the tab stays the same button)
      await p.deliver({ type: 'server', msg: { type: 'you', nick: 'me', role: 'op' } });
      assert.equal(JSON.parse((await contextOf('#dev')) ?? 'null').myRole, 'op');
    });
  });

  test("a member carries what VS Code's context menu on them needs (who, where, their role and yours); yours follows a new role", async () => {
    await withPanel(twoRooms(), async (p) => {
      const contexts = () => p.page.$$eval('.member', (els) => els.map((e) => JSON.parse((e as HTMLElement).dataset.vscodeContext ?? 'null') as unknown));
      const member = (nick: string, memberRole: string, myRole: string, memberIsYou = false) =>
        ({ webviewSection: 'member', room: 'general', nick, memberRole, myRole, memberIsYou, preventDefaultContextMenuItems: true });
      assert.deepEqual(await contexts(), [member('alice', 'owner', 'member'), member('bob', 'op', 'member'), member('me', 'member', 'member', true)]);
      // made an operator: what the menu offers on others changes (Kick... and Ban... on members)
      await p.deliver({ type: 'server', msg: { type: 'you', nick: 'me', role: 'op' } });
      assert.deepEqual(await contexts(), [member('alice', 'owner', 'op'), member('bob', 'op', 'op'), member('me', 'member', 'op', true)]);
    });
  });

  test("a message carries what VS Code's context menu on it needs (its key, what may be done to it); the menu's choice (rowAction) does what the row's button does", async () => {
    const snap = twoRooms();
    snap.rooms[0]!.events = [
      msg('general', 1, 'alice', 'hello'),
      msg('general', 2, 'me', 'mine to change'),
      msg('general', 3, 'bob', 'const x = 1;', { kind: 'code', code: { path: 'a.ts', language: 'typescript', startLine: 1, endLine: 1 } }),
    ];
    await withPanel(snap, async (p) => {
      const contexts = () => p.page.$$eval('.row.msg', (els) => els.map((e) => JSON.parse((e as HTMLElement).dataset.vscodeContext ?? 'null') as Record<string, unknown>));
      const [alice, mine, code] = await contexts();
      assert.deepEqual({ ...alice, key: undefined }, { webviewSection: 'message', key: undefined, canReply: true, canEdit: false, canDelete: false, isCode: false });
      assert.deepEqual({ ...mine, key: undefined }, { webviewSection: 'message', key: undefined, canReply: true, canEdit: true, canDelete: true, isCode: false });
      assert.deepEqual({ ...code, key: undefined }, { webviewSection: 'message', key: undefined, canReply: true, canEdit: false, canDelete: false, isCode: true });
      const keys = await p.page.$$eval('.row.msg', (els) => els.map((e) => (e.closest('[data-key]') as HTMLElement | null)?.dataset.key));
      assert.deepEqual([alice!.key, mine!.key, code!.key], keys, "each the row's own key");
      const input = p.page.locator('.composer-input');
      await p.deliver({ type: 'rowAction', key: String(alice!.key), action: 'reply' });
      assert.equal(await input.inputValue(), '> hello\n\n@alice ');
      await input.fill('');
      // (checked again in the panel: the menu was drawn a moment before, or the argument came from elsewhere)
      await p.deliver({ type: 'rowAction', key: String(alice!.key), action: 'edit' });
      assert.equal(await input.inputValue(), '', "not someone else's message");
      await p.deliver({ type: 'rowAction', key: String(mine!.key), action: 'edit' });
      assert.equal(await input.inputValue(), 'mine to change');
      await p.deliver({ type: 'rowAction', key: String(code!.key), action: 'open' });
      assert.deepEqual((await p.waitForPosted('openCode')).code, { path: 'a.ts', language: 'typescript', startLine: 1, endLine: 1 });
      await p.deliver({ type: 'rowAction', key: String(alice!.key), action: 'copy' });
      assert.equal((await p.waitForPosted('copyText')).text, 'hello');
      await p.deliver({ type: 'rowAction', key: String(alice!.key), action: 'bogus' as 'copy' });
      await p.deliver({ type: 'rowAction', key: String(mine!.key), action: 'delete' });
      const posted = await p.posted();
      assert.deepEqual(posted.filter((m) => m.type === 'delete').map((m) => m.type === 'delete' && m.seq), [2]);
      assert.equal(posted.filter((m) => m.type === 'copyText').length, 1, 'an action the menu has not is nothing');
    });
  });

  test("a direct message's notification Reply (activateDm) opens its conversation, even one whose tab was closed, and the composer writes there", async () => {
    const snap = twoRooms({ dms: [dm('alice', 'me', 'psst: the staging password?')] });
    await withPanel(snap, async (p) => {
      await p.page.click('.tab[data-conv="@alice"]');
      await p.page.click('.tab[data-conv="@alice"] .tab-close');
      assert.equal(await p.page.getAttribute('.tab.selected', 'data-conv'), '#general');
      await p.deliver({ type: 'activateDm', nick: 'alice' }, { type: 'focusComposer' });
      assert.equal(await p.page.getAttribute('.tab.selected', 'data-conv'), '@alice', 'not the room: a private answer went to everyone there');
      await p.page.keyboard.type('hunter2');
      await p.page.keyboard.press('Enter');
      const sent = await p.waitForPosted('submit', (m) => m.text === 'hunter2');
      assert.equal(sent.to, 'alice');
    });
  });

  test('a direct conversation follows its partner\'s rename: its tab in its place, its draft, the rename\'s line, and what you send goes to the new name', async () => {
    await withPanel(twoRooms({ dms: [dm('alice', 'me', 'psst'), dm('carol', 'me', 'hi', { time: T0 + 61_000 })] }), async (p) => {
      const tabIds = () => p.page.$$eval('.tab', (els) => els.map((e) => (e as HTMLElement).dataset.conv));
      const input = p.page.locator('.composer-input');
      await p.page.click('.tab[data-conv="@alice"]');
      await input.fill('half a thought');
      await p.page.click('.tab[data-conv="@carol"]');
      await p.deliver({ type: 'server', msg: { type: 'nick', room: 'general', seq: 1001, time: T0 + 62_000, from: 'alice', to: 'ally' } });
      assert.deepEqual(await tabIds(), ['#general', '#dev', '@ally', '@carol']);
      assert.equal(await p.page.textContent('.tab[data-conv="@ally"]'), '@ally');
      await p.page.click('.tab[data-conv="@ally"]');
      assert.equal(await input.inputValue(), 'half a thought', 'the draft went with it');
      assert.match((await p.rowTexts()).join('\n'), /psst[^]*alice is now known as ally/);
      // renamed again while on screen: it stays on screen, with what is being written
      await p.deliver({ type: 'server', msg: { type: 'nick', room: 'general', seq: 1002, time: T0 + 63_000, from: 'ally', to: 'al' } });
      assert.equal(await p.page.getAttribute('.tab.selected', 'data-conv'), '@al');
      assert.equal(await input.inputValue(), 'half a thought');
      await input.press('Enter');
      assert.deepEqual(await p.waitForPosted('submit'), { type: 'submit', room: 'general', text: 'half a thought', to: 'al' });
    });
  });

  test('a partner\'s rename onto a conversation you have: both drafts in the composer, none lost; renamed on screen, its rows stay as drawn', async () => {
    await withPanel(twoRooms({ dms: [dm('alice', 'me', 'psst'), dm('ally', 'me', 'an earlier ally', { time: T0 + 30_000 })] }), async (p) => {
      const input = p.page.locator('.composer-input');
      await p.page.click('.tab[data-conv="@alice"]');
      await input.fill('for alice');
      await p.page.click('.tab[data-conv="@ally"]');
      await input.fill('for ally');
      await p.deliver({ type: 'server', msg: { type: 'nick', room: 'general', seq: 1001, time: T0 + 62_000, from: 'alice', to: 'ally' } });
      assert.equal(await input.inputValue(), 'for ally\nfor alice', 'both, in the conversation they joined');
      await input.press('End');
      await input.type('!');
      await p.page.click('.tab[data-conv="#general"]');
      await p.page.click('.tab[data-conv="@ally"]');
      assert.equal(await input.inputValue(), 'for ally\nfor alice!', 'kept as typed on');
      // renamed again while on screen: the same rows, not drawn anew
      await p.page.evaluate(() => { (window as unknown as { row: Element }).row = document.querySelector('.row.msg')!; });
      await p.deliver({ type: 'server', msg: { type: 'nick', room: 'general', seq: 1002, time: T0 + 63_000, from: 'ally', to: 'al' } });
      assert.equal(await p.page.getAttribute('.tab.selected', 'data-conv'), '@al');
      assert.equal(await p.page.evaluate(() => (window as unknown as { row: Element }).row.isConnected), true, 'the row drawn before is still the one on screen');
      assert.match((await p.rowTexts()).join('\n'), /ally is now known as al/);
    });
  });

  test('a direct message you wrote under an earlier nickname shows as yours: "to alice", on your side', async () => {
    await withPanel(twoRooms({ nick: 'robert', nicks: ['bob', 'robert'], dms: [dm('bob', 'alice', 'sent as bob', { with: 'alice' }), dm('alice', 'robert', 'answered')] }), async (p) => {
      await p.page.click('.tab[data-conv="@alice"]');
      const rows = await p.page.$$eval('.row.dm', (els) => els.map((el) => ({ mine: el.classList.contains('mine'), label: el.querySelector('.dm-label')?.textContent ?? '' })));
      assert.deepEqual(rows, [{ mine: true, label: 'to alice' }, { mine: false, label: 'direct' }]);
    });
  });

  test('a text longer than the room takes: a count near the limit, and over it the text stays in the composer with an error; nothing is sent', async () => {
    await withPanel(twoRooms({ maxText: 100 }), async (p) => {
      const input = p.page.locator('.composer-input');
      // a count shows from 90% of the limit, red over it
      await input.fill('y'.repeat(89));
      assert.equal(await p.page.isHidden('.composer-count'), true);
      await input.fill('y'.repeat(95));
      assert.equal(await p.page.textContent('.composer-count'), '95 / 100');
      await input.fill('y'.repeat(101));
      assert.equal(await p.page.textContent('.composer-count.over'), '101 / 100');
      await input.press('Enter');
      assert.equal(await input.inputValue(), 'y'.repeat(101), 'still there to shorten');
      assert.equal(await p.page.textContent('.notice-error .notice-text'), 'The message is 101 characters long; this room takes at most 100. It is still in the box: shorten it or split it.');
      assert.deepEqual((await p.posted()).filter((m) => m.type === 'submit'), []);
      await input.fill('y'.repeat(100));
      await input.press('Enter');
      assert.deepEqual(await p.waitForPosted('submit'), { type: 'submit', room: 'general', text: 'y'.repeat(100) });
    });
  });

  test("a /topic longer than the room takes stays in the composer with an error, nothing sent; a welcome says the room's sizes anew", async () => {
    await withPanel(twoRooms({ maxTopic: 30 }), async (p) => {
      const input = p.page.locator('.composer-input');
      // the count measures the topic against the room's topic limit (a message's is 16,384), from 90% of it
      await input.fill(`/topic ${'t'.repeat(26)}`);
      assert.equal(await p.page.isHidden('.composer-count'), true);
      await input.fill(`/topic ${'t'.repeat(27)}`);
      assert.equal(await p.page.textContent('.composer-count'), '27 / 30');
      assert.equal(await p.page.textContent('#composer-limit'), "Nearly at this room's limit of 30 characters for a topic");
      await input.fill(`/join #${'j'.repeat(30)}`);
      assert.equal(await p.page.isHidden('.composer-count'), true, 'a /join measures nothing');
      const line = `/topic ${'t'.repeat(31)}`;
      await input.fill(line);
      assert.equal(await p.page.textContent('.composer-count.over'), '31 / 30');
      await input.press('Enter');
      assert.equal(await input.inputValue(), line, 'still there to shorten');
      assert.equal(await p.page.textContent('.notice-error .notice-text'), 'A topic has at most 30 characters; this one has 31. It is still in the box: shorten it.');
      assert.deepEqual((await p.posted()).filter((m) => m.type === 'submit'), []);
      // the room hosted again takes longer topics (and shorter texts): the welcome of the reconnect says so
      await p.deliver({ type: 'server', msg: { type: 'welcome', v: 1, nick: 'me', role: 'owner', session: 's', server: 't', rooms: [], limits: { maxLine: 65536, maxText: 50, maxTopic: 40 } } });
      await input.press('Enter');
      assert.deepEqual(await p.waitForPosted('submit'), { type: 'submit', room: 'general', text: line });
      await input.fill(`/me ${'m'.repeat(51)}`);
      await input.press('Enter');
      assert.equal(await input.inputValue(), `/me ${'m'.repeat(51)}`);
      assert.equal(await p.page.locator('.notice-error .notice-text').last().textContent(), 'The text is 51 characters long; this room takes at most 50. It is still in the box: shorten it.');
    });
  });

  test('the list keeps following the conversation while the composer grows and shrinks; an error for what Enter tried is brought into view', async () => {
    await withPanel(twoRooms({ maxText: 100 }, 40), async (p) => {
      /** How far the list is from its end, and whether it offers to jump there. */
      const where = () => p.page.evaluate(() => {
        const l = document.querySelector('.messages') as HTMLElement;
        return { gap: Math.round(l.scrollHeight - l.scrollTop - l.clientHeight), jump: !(document.querySelector('.jump') as HTMLElement).hidden };
      });
      const frames = () => p.page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      const input = p.page.locator('.composer-input');
      await input.focus();
      for (const line of ['one', 'two', 'three']) {
        await p.page.keyboard.type(line);
        await p.page.keyboard.press('Shift+Enter');
        await frames();
        assert.deepEqual(await where(), { gap: 0, jump: false }, `after "${line}" and a new line`);
      }
      await p.deliver({ type: 'server', msg: msg('general', 41, 'bob', 'arrives while you type') });
      await frames();
      assert.deepEqual(await where(), { gap: 0, jump: false }, 'the new message is in view');
      // scrolled up by as much as the composer will give back: emptying it brings the end into view, and it is followed
      const grown = await p.page.evaluate(() => (document.querySelector('.composer-input') as HTMLElement).offsetHeight - 24);
      assert.ok(grown > 30, `the composer grew (${grown} px)`);
      await p.page.evaluate((by) => { (document.querySelector('.messages') as HTMLElement).scrollTop -= by; }, grown);
      await frames();
      assert.equal((await where()).jump, true, 'scrolled up: the jump is offered');
      await input.fill('');
      await frames();
      assert.deepEqual(await where(), { gap: 0, jump: false }, 'the end is in view again');
      await p.deliver({ type: 'server', msg: msg('general', 42, 'bob', 'and another') });
      await frames();
      assert.deepEqual(await where(), { gap: 0, jump: false }, 'followed again');
      // read further up, then a text too long: Enter shows why it was not sent
      await p.page.evaluate(() => { (document.querySelector('.messages') as HTMLElement).scrollTop = 0; });
      await frames();
      await input.fill('y'.repeat(101));
      await input.press('Enter');
      await frames();
      const shown = await p.page.evaluate(() => {
        const list = (document.querySelector('.messages') as HTMLElement).getBoundingClientRect();
        const n = (document.querySelector('.notice-error') as HTMLElement).getBoundingClientRect();
        return n.top >= list.top && n.bottom <= list.bottom + 0.5;
      });
      assert.equal(shown, true, 'the error is in view');
    });
  });

  test('Alt+Down / Alt+Up go to the next / previous conversation from the composer, wrapping around', async () => {
    await withPanel(twoRooms({ dms: [dm('alice', 'me', 'psst')] }), async (p) => {
      const selected = () => p.page.getAttribute('.tab.selected', 'data-conv');
      await p.page.locator('.composer-input').focus();
      await p.page.keyboard.press('Alt+ArrowDown');
      assert.equal(await selected(), '#dev');
      await p.page.keyboard.press('Alt+ArrowDown');
      assert.equal(await selected(), '@alice');
      await p.page.keyboard.press('Alt+ArrowDown');
      assert.equal(await selected(), '#general', 'wraps around');
      await p.page.keyboard.press('Alt+ArrowUp');
      assert.equal(await selected(), '@alice');
      await p.waitForPosted('activeRoom', (m) => m.room === 'dev'); // the extension follows the rooms
      assert.ok(await p.page.locator('.composer-input').evaluate((el) => el === document.activeElement), 'the composer keeps focus');
    });
  });

  test('typing notices: a command being typed posts none; a text that starts with "/" ("//x", "/ x") does', async () => {
    await withPanel(twoRooms(), async (p) => {
      const input = p.page.locator('.composer-input');
      await input.focus();
      await p.page.keyboard.type('/topic new');
      // (what the panel posts is kept in the page as it posts it: none came for the command's keys)
      assert.deepEqual((await p.posted()).filter((m) => m.type === 'typing'), [], 'none while the line is a command');
      await input.fill('');
      await p.page.keyboard.type('// is a comment');
      await p.waitForPosted('typing');
      // one once the line could no longer be a command (and one more for each 3 s the typing took: a busy machine
      // typed these 15 keys in over 3 s, and the panel rightly said it twice)
      const typing = (await p.posted()).filter((m) => m.type === 'typing');
      assert.ok(typing.length >= 1, 'a notice, once the line could no longer be a command');
      assert.equal(await input.inputValue(), '// is a comment');
    });
  });

  test('a typing indicator that runs out in a room not shown leaves the panel still (it was drawn anew every 50 ms)', async () => {
    await withPanel(twoRooms(), async (p) => {
      await p.deliver({ type: 'server', msg: { type: 'typing', room: 'general', nick: 'bob' } });
      await p.page.click('.tab[data-conv="#dev"]');
      // The chrome's drawings counted (the hook's count: drawn anew the same, the tabs and the members stay the same
      // elements, and a count of the elements changed saw nothing of the old redraws), from when bob's indicator has run
      // out and that was drawn, for 0.5 s. It came before now: it runs out by TYPING_MS from now, drawn 20 ms later by a
      // timer, and the page's timers go in the order they are due, however late: one due after it starts the count. A
      // drawing that asks for the next in 50 ms (as it did) has one due before the count ends.
      const redrawn = await p.page.evaluate(
        (typingMs) =>
          new Promise<number>((resolve) => {
            const drawn = () => (window as unknown as { __tcpChat: { chromeDrawn(): number } }).__tcpChat.chromeDrawn();
            setTimeout(() => {
              const from = drawn();
              setTimeout(() => resolve(drawn() - from), 500);
            }, typingMs + 100);
          }),
        TYPING_MS,
      );
      assert.equal(redrawn, 0, 'nothing was drawn anew');
    });
  });

  test('keyboard: Enter sends, Shift+Enter adds a line, Up/Down recall sent drafts, Escape goes to the editor', async () => {
    await withPanel(twoRooms(), async (p) => {
      const input = p.page.locator('.composer-input');
      await input.focus();
      await p.page.keyboard.type('first line');
      await p.page.keyboard.press('Shift+Enter');
      await p.page.keyboard.type('second line');
      assert.equal(await input.inputValue(), 'first line\nsecond line');
      // Typing posts `typing`, throttled (at most one per 3 s).
      const typing = (await p.posted()).filter((m) => m.type === 'typing');
      assert.ok(typing.length >= 1 && typing.length < 'first line'.length, `typing posts: ${typing.length}`);
      assert.deepEqual(typing[0], { type: 'typing', room: 'general' });
      await p.page.keyboard.press('Enter');
      const s1 = await p.waitForPosted('submit');
      assert.deepEqual(s1, { type: 'submit', room: 'general', text: 'first line\nsecond line' });
      assert.equal(await input.inputValue(), '');
      await p.page.keyboard.type('/nick neo');
      await p.page.keyboard.press('Escape'); // closes nothing (no popup for a finished command): goes to the editor
      await p.waitForPosted('focusEditor');
      await p.page.keyboard.press('Enter');
      await p.waitForPosted('submit', (m) => m.text === '/nick neo');
      await p.page.keyboard.type('unsent');
      await p.page.keyboard.press('ArrowUp'); // (the caret goes to the start of the row, then the history is walked)
      await valueBecomes(p, '/nick neo');
      await p.page.keyboard.press('ArrowUp');
      assert.equal(await input.inputValue(), 'first line\nsecond line');
      // The caret is at the start (first line), so Up again stays at the oldest entry.
      await p.page.keyboard.press('ArrowUp');
      assert.equal(await input.inputValue(), 'first line\nsecond line');
      await p.page.keyboard.press('ArrowDown'); // caret at start of a two-line text: moves within the text first
      await p.page.keyboard.press('End');
      await p.page.keyboard.press('ArrowDown');
      assert.equal(await input.inputValue(), '/nick neo');
      await p.page.keyboard.press('ArrowDown');
      assert.equal(await input.inputValue(), 'unsent');
    });
  });

  test('Alt+Enter adds a line (it did nothing); Up at the very start of a text that starts with a line break brings back what was sent', async () => {
    await withPanel(twoRooms(), async (p) => {
      const input = p.page.locator('.composer-input');
      await input.focus();
      await p.page.keyboard.type('sent before');
      await p.page.keyboard.press('Enter');
      await p.waitForPosted('submit');
      await p.page.keyboard.type('a');
      await p.page.keyboard.press('Alt+Enter');
      await p.page.keyboard.type('b');
      assert.equal(await input.inputValue(), 'a\nb');
      assert.equal((await p.posted()).filter((m) => m.type === 'submit').length, 1, 'not sent');
      await input.fill('\nsecond line');
      await input.evaluate((el: HTMLTextAreaElement) => el.setSelectionRange(0, 0));
      await p.page.keyboard.press('ArrowUp');
      assert.equal(await input.inputValue(), 'sent before');
    });
  });

  test("Up's history keeps at most 64 Ki characters of what was sent (it is saved at every key: 100 long messages made each key save 1.6 MB); the newest always", async () => {
    await withPanel(twoRooms(), async (p) => {
      const input = p.page.locator('.composer-input');
      await input.focus();
      for (let i = 0; i < 10; i++) {
        await input.fill(`${i} ${'x'.repeat(10_000)}`);
        await p.page.keyboard.press('Enter');
        await p.waitForPosted('submit', (m) => m.text.startsWith(`${i} `));
      }
      await p.page.keyboard.type('a key');
      const sent = await p.page.evaluate(() => (JSON.parse(sessionStorage.getItem('__vscodeState') ?? '{}') as { sent?: string[] }).sent ?? []);
      assert.deepEqual(sent.map((x) => x.split(' ')[0]), ['4', '5', '6', '7', '8', '9'], 'the newest, within 64 Ki characters');
    });
  });

  test('an edit under way, and what was typed into it, survive the panel hidden and shown again (its page made anew); ended, it is not brought back', async () => {
    await editingMine('my original text', 'a draft', async (p, snap) => {
      const input = p.page.locator('.composer-input');
      await input.focus();
      await p.page.keyboard.press('End');
      await p.page.keyboard.type(' plus a careful correction');
      await p.reload(snap);
      await valueBecomes(p, 'my original text plus a careful correction');
      assert.equal(await p.page.isVisible('.composer-edit'), true, 'still an edit');
      await input.focus();
      await p.page.keyboard.press('Escape');
      await valueBecomes(p, 'a draft');
      await p.reload(snap);
      await valueBecomes(p, 'a draft');
      assert.equal(await p.page.isVisible('.composer-edit'), false, 'an edit ended is not brought back');
    });
  });

  test('a message refused while another is being edited is kept as the draft at once: the panel hidden and shown again (its page made anew) still has it', async () => {
    await editingMine('an older message of mine', 'half-written draft', async (p, snap) => {
      const input = p.page.locator('.composer-input');
      await p.deliver({ type: 'sendRefused', room: 'general', text: 'a long important message' });
      await p.reload(snap);
      // (the edit comes back too: ended, it gives back the draft, the refused message after it)
      await valueBecomes(p, 'an older message of mine');
      await input.focus();
      await p.page.keyboard.press('Escape');
      await valueBecomes(p, 'half-written draft\n\na long important message');
    });
  });

  test('Up in a draft that wraps moves the caret a row up; only from its top row does it bring back what was sent, and the draft comes back after that is sent', async () => {
    await withPanel(twoRooms(), async (p) => {
      const input = p.page.locator('.composer-input');
      await input.focus();
      await p.page.keyboard.type('ok');
      await p.page.keyboard.press('Enter');
      await p.waitForPosted('submit', (m) => m.text === 'ok');
      const paragraph = 'a long paragraph that wraps onto more rows than one in a narrow panel, as most sentences do there';
      await p.page.keyboard.type(paragraph);
      const rows = await input.evaluate((el) => Math.round(el.scrollHeight / parseFloat(getComputedStyle(el).lineHeight)));
      assert.ok(rows >= 2, `it wraps (${rows} rows)`);
      await p.page.keyboard.press('ArrowUp');
      await frames(p);
      assert.equal(await input.inputValue(), paragraph, 'a row up, in the paragraph');
      const caret = await input.evaluate((el) => (el as HTMLTextAreaElement).selectionStart);
      assert.ok(caret > 0 && caret < paragraph.length, `the caret moved up a row (${caret})`);
      for (let i = 0; i < rows; i++) await p.page.keyboard.press('ArrowUp');
      await valueBecomes(p, 'ok');
      // sent again: what was being written comes back, not lost
      await p.page.keyboard.press('Enter');
      await p.waitForPosted('submit', (m) => m.text === 'ok');
      await valueBecomes(p, paragraph);
    }, 300);
  });

  test('an edit of a message above the view, drawn or not, leaves the view where it is (it jumped by rows)', async () => {
    await withPanel(twoRooms({}, 300), async (p) => {
      await scrollListTo(p, 0.8);
      const before = await topRow(p);
      assert.ok(before.seq > 20 && before.seq < 290, `scrolled into the middle (${before.seq})`);
      const longer = Array.from({ length: 6 }, (_, i) => `edited line ${i + 1}`).join('\n');
      await p.deliver({ type: 'server', msg: { type: 'edit', room: 'general', seq: 301, time: T0, target: before.seq - 4, from: 'alice', text: longer } });
      /** The same row on top, within a pixel (the rows' heights are fractions of one). */
      const stays = async (what: string) => {
        const now = await topRow(p);
        assert.equal(now.seq, before.seq, what);
        assert.ok(Math.abs(now.top - before.top) <= 1, `${what}: ${now.top} px from the top, against ${before.top}`);
      };
      await frames(p);
      await frames(p);
      await stays('an edit a few rows above');
      await p.deliver({ type: 'server', msg: { type: 'edit', room: 'general', seq: 302, time: T0, target: 5, from: 'alice', text: longer } });
      await frames(p);
      await frames(p);
      await stays('an edit far above, not drawn');
    }, 500);
  });

  test('a conversation left and come back to opens where it was being read; one left at its end, at its end', async () => {
    await withPanel(twoRooms({}, 300), async (p) => {
      await scrollListTo(p, 0.5);
      const firstSeq = async () => (await topRow(p)).seq;
      const reading = await firstSeq();
      assert.ok(reading > 50 && reading < 250, `reading in the middle (${reading})`);
      await p.page.click('.tab[data-conv="#dev"]');
      await p.deliver({ type: 'server', msg: msg('general', 301, 'bob', 'said while away') });
      await p.page.click('.tab[data-conv="#general"]');
      await frames(p);
      await frames(p);
      assert.ok(Math.abs((await firstSeq()) - reading) <= 1, `back at message ${reading} (${await firstSeq()}), not at the end`);
      assert.equal(await p.page.textContent('.jump'), '1 new message', 'what came meanwhile, below');
      // at the end when left: at the end when back, with what came meanwhile
      await p.page.click('.jump');
      await p.page.click('.tab[data-conv="#dev"]');
      await p.deliver({ type: 'server', msg: msg('general', 302, 'bob', 'the latest') });
      await p.page.click('.tab[data-conv="#general"]');
      await frames(p);
      assert.ok(await p.page.locator('.row:has-text("the latest")').isVisible());
    }, 500);
  });

  test('typing in a long draft (the composer at its greatest height) does not measure the text anew at each key; cut short, it shrinks', async () => {
    await withPanel(twoRooms(), async (p) => {
      const input = p.page.locator('.composer-input');
      await input.fill(Array.from({ length: 300 }, (_, i) => `line ${i + 1} of a long paste`).join('\n'));
      await frames(p);
      const tall = await input.evaluate((el) => el.getBoundingClientRect().height);
      // (each measure let the height go, `auto`, and set it again: two changes of its style a key)
      await input.evaluate((el) => {
        const w = window as unknown as { heightChanges: number };
        w.heightChanges = 0;
        new MutationObserver((m) => (w.heightChanges += m.length)).observe(el, { attributes: true, attributeFilter: ['style'] });
      });
      await input.press('End');
      await p.page.keyboard.type('more');
      await frames(p);
      assert.equal(await p.page.evaluate(() => (window as unknown as { heightChanges: number }).heightChanges), 0);
      assert.equal(await input.evaluate((el) => el.getBoundingClientRect().height), tall);
      await p.page.keyboard.press('Control+A');
      await p.page.keyboard.type('short');
      await frames(p);
      assert.ok((await input.evaluate((el) => el.getBoundingClientRect().height)) < tall / 2, 'one line again');
    });
  });

  test('Hebrew or Arabic typed in the composer shows right to left, as the message it sends will', async () => {
    await withPanel(twoRooms(), async (p) => {
      const input = p.page.locator('.composer-input');
      await input.focus();
      await p.page.keyboard.type('שלום, מה שלומך?');
      assert.equal(await input.evaluate((el) => getComputedStyle(el).direction), 'rtl');
      await p.page.fill('.composer-input', 'hello, and שלום');
      assert.equal(await input.evaluate((el) => getComputedStyle(el).direction), 'ltr', 'by its first strong letter');
    });
  });

  test('a message of yours deleted or edited (a pasted secret) leaves the sent history: Up and the saved state no longer have it', async () => {
    await withPanel(twoRooms(), async (p) => {
      const input = p.page.locator('.composer-input');
      await input.focus();
      for (const text of ['export GITHUB_TOKEN=ghp_secret', 'password: hunter2', 'fine to keep']) {
        await p.page.keyboard.type(text);
        await p.page.keyboard.press('Enter');
        await p.waitForPosted('submit', (m) => m.text === text);
      }
      await p.deliver(
        { type: 'server', msg: msg('general', 50, 'me', 'export GITHUB_TOKEN=ghp_secret') },
        { type: 'server', msg: msg('general', 51, 'me', 'password: hunter2') },
        { type: 'server', msg: msg('general', 52, 'me', 'fine to keep') },
        { type: 'server', msg: { type: 'delete', room: 'general', seq: 53, time: Date.now(), target: 50, from: 'me', by: 'me' } },
        { type: 'server', msg: { type: 'edit', room: 'general', seq: 54, time: Date.now(), target: 51, from: 'me', text: 'password: (rotated)' } },
      );
      await frames(p);
      await p.page.keyboard.press('ArrowUp');
      await valueBecomes(p, 'fine to keep');
      await p.page.keyboard.press('ArrowUp');
      await frames(p);
      assert.equal(await input.inputValue(), 'fine to keep', 'nothing older is left of the three');
      const saved = await p.page.evaluate(() => JSON.parse(sessionStorage.getItem('__vscodeState') ?? '{}') as { sent?: string[] });
      assert.deepEqual(saved.sent?.filter((t) => /secret|hunter2/.test(t)), []);
    });
  });

  test('emoji autocomplete: a colon and two letters of a name offer the emoji with its name; Enter puts the emoji in, Enter again sends', async () => {
    await withPanel(twoRooms(), async (p) => {
      const input = p.page.locator('.composer-input');
      await input.focus();
      await p.page.keyboard.type('ship it :tad');
      const items = await p.page.$$eval('.autocomplete:not([hidden]) .ac-item', (els) => els.map((e) => [e.querySelector('.ac-emoji')?.textContent, e.querySelector('.ac-usage')?.textContent]));
      assert.deepEqual(items[0], ['🎉', ':tada:']);
      assert.equal(await input.getAttribute('aria-activedescendant'), 'ac-emoji-tada');
      await p.page.keyboard.press('Enter');
      assert.equal(await input.inputValue(), 'ship it 🎉 ');
      assert.equal((await p.posted()).filter((m) => m.type === 'submit').length, 0, 'Enter picked, did not send');
      assert.ok(await p.page.locator('.autocomplete').isHidden());
      await p.page.keyboard.type('at 10:30 :)');
      assert.ok(await p.page.locator('.autocomplete').isHidden(), 'a time, a face: nothing offered');
      await p.page.keyboard.press('Enter');
      assert.deepEqual((await p.waitForPosted('submit')).text, 'ship it 🎉 at 10:30 :)');
    });
  });

  test('a name typed whole, closing colon and all, turns into its emoji as the colon is typed; Ctrl+Z brings the name back; not in a word, code or another case', async () => {
    await withPanel(twoRooms(), async (p) => {
      const input = p.page.locator('.composer-input');
      await input.focus();
      await p.page.keyboard.type('ship it :tada:');
      assert.equal(await input.inputValue(), 'ship it 🎉');
      await p.page.keyboard.press('Control+z');
      assert.equal(await input.inputValue(), 'ship it :tada:', 'the name as typed, to keep');
      await p.page.keyboard.press('Control+a');
      await p.page.keyboard.type(':+1: (:x:) key:a:value `:tada:` :TADA: :not_a_name: x:100:');
      assert.equal(await input.inputValue(), '👍 (❌) key:a:value `:tada:` :TADA: :not_a_name: x:100:');
      // typed in the middle of a word: `a:` then `b` after it stays as typed
      await p.page.keyboard.press('Control+a');
      await p.page.keyboard.type('ab');
      await p.page.keyboard.press('ArrowLeft');
      await p.page.keyboard.type(':one:');
      assert.equal(await input.inputValue(), 'a:one:b');
      // text put in at once (a paste) is kept as it is
      await p.page.keyboard.press('Control+a');
      await p.page.keyboard.insertText('pasted :tada:');
      await p.page.keyboard.press('Enter');
      await p.waitForPosted('submit', (m) => m.text === 'pasted :tada:');
      await p.page.keyboard.type('done :white_check_mark:');
      await p.page.keyboard.press('Enter');
      await p.waitForPosted('submit', (m) => m.text === 'done ✅');
    });
  });

  test('slash-command autocomplete shows usage and help; Tab/Enter/arrows pick', async () => {
    await withPanel(twoRooms(), async (p) => {
      const input = p.page.locator('.composer-input');
      await input.focus();
      await p.page.keyboard.type('/jo');
      const items = await p.page.$$eval('.autocomplete:not([hidden]) .ac-item', (els) => els.map((e) => e.textContent));
      assert.equal(items.length, 1);
      assert.match(items[0] ?? '', /\/join #room.*Enter a room/);
      await p.page.keyboard.press('Tab');
      assert.equal(await input.inputValue(), '/join ');
      assert.deepEqual(await p.page.$$eval('.ac-item .ac-usage', (els) => els.map((e) => e.textContent)), ['#general', '#dev'], 'the command picked: its rooms offered');
      await input.fill('');
      await p.page.keyboard.type('/');
      const all = await p.page.$$eval('.ac-item .ac-usage', (els) => els.map((e) => e.textContent));
      assert.ok(all.length > 5 && all[0] === '/help [command]', all.join());
      await p.page.keyboard.press('ArrowDown');
      await p.page.keyboard.press('Enter');
      assert.equal(await input.inputValue(), '/me ');
      assert.equal((await p.posted()).filter((m) => m.type === 'submit').length, 0, 'Enter picked, did not send');
      await input.fill('');
      await p.page.keyboard.type('/k');
      await p.page.keyboard.press('Escape');
      assert.equal(await p.page.isHidden('.autocomplete'), true);
      assert.equal((await p.posted()).filter((m) => m.type === 'focusEditor').length, 0, 'first Escape only closes the popup');
    });
  });

  test('typing that narrows the suggestions picks the first again, not the same row: Down three times then "dev" picked #devops', async () => {
    await withPanel(twoRooms(), async (p) => {
      const input = p.page.locator('.composer-input');
      await input.focus();
      await p.page.keyboard.type('/join #');
      await p.deliver({ type: 'roomList', rooms: ['general', 'dev', 'devops', 'design'].map((name) => ({ name, topic: '', members: 1 })) });
      for (let i = 0; i < 3; i++) await p.page.keyboard.press('ArrowDown');
      await p.page.keyboard.type('dev');
      assert.deepEqual(await p.page.$$eval('.ac-item.selected .ac-usage', (els) => els.map((e) => e.textContent)), ['#dev'], 'the room typed whole, first and picked');
      await p.page.keyboard.press('Enter');
      assert.equal(await input.inputValue(), '/join #dev ');
    });
  });

  test('a room after /join (the server\'s list, asked for without a word: its members and topic), /part and /who (yours)', async () => {
    await withPanel(twoRooms(), async (p) => {
      const input = p.page.locator('.composer-input');
      await input.focus();
      await p.page.keyboard.type('/join #');
      assert.deepEqual(await p.page.$$eval('.ac-item', (els) => els.map((e) => e.textContent)), ['#generalyou are in it', '#devyou are in it'], 'no list yet: the rooms you are in');
      assert.equal((await p.posted()).filter((m) => m.type === 'listRooms').length, 1, "the server's list asked for, once");
      // its answer: the list open shows it at once
      await p.deliver({ type: 'roomList', rooms: [{ name: 'general', topic: 'Pairing on the parser', members: 3 }, { name: 'design', topic: 'Mockups for the settings page', members: 1 }, { name: 'dev', topic: '', members: 2 }] });
      assert.deepEqual(await p.page.$$eval('.ac-item .ac-usage', (els) => els.map((e) => e.textContent)), ['#design', '#general', '#dev']);
      await p.page.keyboard.type('d');
      assert.equal((await p.posted()).filter((m) => m.type === 'listRooms').length, 1, 'not asked again while it is fresh');
      // (another server's session: the list went with the old one, and the new one's is asked for at once)
      await p.deliver({ type: 'snapshot', snapshot: twoRooms({ address: '127.0.0.1:4001' }) });
      await input.fill('');
      await p.page.keyboard.type('/join #d');
      assert.equal((await p.posted()).filter((m) => m.type === 'listRooms').length, 2, "another server's list asked for");
      assert.deepEqual(await p.page.$$eval('.ac-item .ac-usage', (els) => els.map((e) => e.textContent)), ['#dev'], 'not the old server\'s rooms');
      await p.deliver({ type: 'snapshot', snapshot: twoRooms() });
      await input.fill('/join #des');
      await p.deliver({ type: 'roomList', rooms: [{ name: 'general', topic: 'Pairing on the parser', members: 3 }, { name: 'design', topic: 'Mockups for the settings page', members: 1 }, { name: 'dev', topic: '', members: 2 }] });
      await input.fill('');
      await p.page.keyboard.type('/join #d');
      const items = await p.page.$$eval('.ac-item', (els) => els.map((e) => [e.querySelector('.ac-usage')?.textContent, e.querySelector('.ac-help')?.textContent]));
      assert.deepEqual(items, [['#design', '1 member · Mockups for the settings page'], ['#dev', 'you are in it · 2 members']], 'one you are not in first');
      await p.page.keyboard.press('Enter');
      assert.equal(await input.inputValue(), '/join #design ');
      assert.equal((await p.posted()).filter((m) => m.type === 'submit').length, 0, 'Enter picked, did not send');
      await input.fill('');
      await p.page.keyboard.type('/part ');
      assert.equal(await p.page.isHidden('.autocomplete'), true, 'Enter after "/part " leaves the current room');
      await p.page.keyboard.type('#');
      assert.deepEqual(await p.page.$$eval('.ac-item .ac-usage', (els) => els.map((e) => e.textContent)), ['#general', '#dev'], 'only the rooms you are in');
      // a topic of 4,096 characters is not a page of the list
      await p.deliver({ type: 'server', msg: { type: 'rooms', rooms: [{ name: 'long', topic: 'word '.repeat(800), members: 1 }] } });
      await input.fill('');
      await p.page.keyboard.type('/join #l');
      const help = (await p.page.textContent('.ac-item .ac-help')) ?? '';
      assert.ok(help.length < 120 && help.endsWith('…'), help);
      // a topic with a right-to-left override reorders only itself, and the override shows as a mark
      await p.deliver({ type: 'server', msg: { type: 'rooms', rooms: [{ name: 'long', topic: 'safe \u202Etxt.exe', members: 1 }] } });
      await input.fill('');
      await p.page.keyboard.type('/join #l');
      assert.equal(await p.page.locator('.ac-item .ac-help bdi[dir="auto"]').count(), 1);
      assert.doesNotMatch((await p.page.textContent('.ac-item .ac-help')) ?? '', /\u202E/, 'the override is not in the text as such');
    });
  });

  test("the header's + asks for TCP Chat: Join a Room, while connected", async () => {
    await withPanel(twoRooms(), async (p) => {
      await p.page.click('.join-room');
      assert.equal((await p.posted()).filter((m) => m.type === 'joinRoom').length, 1);
      assert.equal(await p.page.getAttribute('.join-room', 'aria-label'), 'Join a room');
      await p.deliver({ type: 'status', status: 'reconnecting', text: 'reconnecting in 2 s...' });
      assert.equal(await p.page.isHidden('.join-room'), true, 'no server to ask');
      await p.deliver({ type: 'status', status: 'connected', text: '' });
      assert.equal(await p.page.isVisible('.join-room'), true);
    });
  });

  test('@ in a big room lists 20 names and says how many more match; Up from the first goes round to the last name', async () => {
    const snap = twoRooms();
    snap.rooms[0]!.members.push(...Array.from({ length: 25 }, (_, i) => ({ nick: `user${i + 1}`, role: 'member' as const })));
    await withPanel(snap, async (p) => {
      await p.page.locator('.composer-input').focus();
      await p.page.keyboard.type('@user');
      assert.equal(await p.page.locator('.ac-item').count(), 20);
      assert.equal(await p.page.textContent('.ac-more'), '5 more: type more of the name');
      await p.page.keyboard.press('ArrowUp');
      assert.equal(await p.page.textContent('.ac-item.selected'), 'user20', 'the note is not an option');
      await p.page.keyboard.type('2');
      assert.equal(await p.page.locator('.ac-more').count(), 0, 'all that match are listed');
    });
  });

  test('@-mention autocomplete from members, and nick arguments of /msg', async () => {
    await withPanel(twoRooms(), async (p) => {
      const input = p.page.locator('.composer-input');
      await input.focus();
      await p.page.keyboard.type('thanks @al');
      assert.deepEqual(await p.page.$$eval('.ac-item', (els) => els.map((e) => e.textContent)), ['alice']);
      await p.page.keyboard.press('Enter');
      assert.equal(await input.inputValue(), 'thanks @alice ');
      await input.fill('');
      await p.page.keyboard.type('@');
      assert.deepEqual(await p.page.$$eval('.ac-item', (els) => els.map((e) => e.textContent)), ['alice', 'bob'], 'members except yourself');
      await p.page.keyboard.press('ArrowDown');
      await p.page.keyboard.press('Tab');
      assert.equal(await input.inputValue(), '@bob ');
      await input.fill('');
      await p.page.keyboard.type('/msg b');
      await p.page.keyboard.press('Tab');
      assert.equal(await input.inputValue(), '/msg bob ');
      assert.equal((await p.posted()).filter((m) => m.type === 'submit').length, 0);
    });
  });

  test('Ctrl+Z takes back a completion, a Reply\'s quote and a mention, and what was typed before them stays to undo', async () => {
    const snap = twoRooms();
    await withPanel(snap, async (p) => {
      const input = p.page.locator('.composer-input');
      /** Ctrl+Z until `gone` is no longer in the box (at most `n` times): the box's text then. */
      const undoUntil = async (gone: string, n = 4) => {
        for (let i = 0; i < n && (await input.inputValue()).includes(gone); i++) await p.page.keyboard.press('Control+Z');
        return input.inputValue();
      };
      await input.focus();
      await p.page.keyboard.type('typed words @bo');
      await p.page.keyboard.press('Tab');
      await p.page.keyboard.type('thanks');
      assert.equal(await input.inputValue(), 'typed words @bob thanks');
      assert.equal(await undoUntil('@bob'), 'typed words @bo', 'the completion is undone, back to what was typed');
      const before = await undoUntil('words');
      assert.ok(!before.includes('words') && 'typed words @bo'.startsWith(before), `and the typing before it: ${JSON.stringify(before)}`);
      await input.fill('my words');
      await p.page.hover('.row.msg');
      await p.page.click('.row.msg >> .row-reply');
      assert.equal(await input.inputValue(), 'my words\n\n> hello\n\n@alice ');
      assert.equal(await undoUntil('hello'), 'my words', "the Reply's quote is undone");
      await p.page.click('.author-button');
      assert.equal(await input.inputValue(), 'my words @alice ');
      assert.equal(await undoUntil('@alice'), 'my words', 'the mention is undone');
    });
  });

  test('markdown: emphasis, links (openLink), inline and fenced code with highlighting', async () => {
    const snap = twoRooms();
    snap.rooms[0]!.events = [
      msg('general', 1, 'alice', '**bold** _it_ ~~gone~~ [docs](https://example.com/docs) `inline` and https://example.org/auto'),
      msg('general', 2, 'alice', '```ts\nconst answer: number = 42; // yes\n```'),
      msg('general', 3, 'alice', '2*3*4 is 24, 1.5*2*x and x*2 too; a *word*, a*b*c and **2** are emphasis'),
      msg('general', 4, 'alice', '2**10 is 1024 and 3**2 is 9; *x*2 and the *v2*s are'),
    ];
    await withPanel(snap, async (p) => {
      const arithmetic = p.page.locator('.messages .row').nth(2).locator('.body');
      assert.equal((await arithmetic.textContent())?.trim(), '2*3*4 is 24, 1.5*2*x and x*2 too; a word, abc and 2 are emphasis', 'a star beside a digit in a word is a star');
      assert.deepEqual(await arithmetic.locator('em, strong').allTextContents(), ['word', 'b', '2']);
      const powers = p.page.locator('.messages .row').nth(3).locator('.body');
      assert.equal((await powers.textContent())?.trim(), '2**10 is 1024 and 3**2 is 9; x2 and the v2s are', 'two stars between digits are a power; a word that opened with a star closes it');
      assert.deepEqual(await powers.locator('em, strong').allTextContents(), ['x', 'v2']);
      const body = p.page.locator('.messages .row').first().locator('.body');
      assert.equal(await body.locator('strong').textContent(), 'bold');
      assert.equal(await body.locator('em').textContent(), 'it');
      assert.equal(await body.locator('s').textContent(), 'gone');
      assert.equal(await body.locator(':not(pre) > code').textContent(), 'inline');
      assert.deepEqual(await body.locator('a').evaluateAll((els) => els.map((e) => e.getAttribute('href'))), ['https://example.com/docs', 'https://example.org/auto']);
      await body.locator('a', { hasText: 'docs' }).click();
      assert.deepEqual(await p.waitForPosted('openLink'), { type: 'openLink', href: 'https://example.com/docs' });
      assert.equal(p.page.url(), `${hx.origin}/`, 'the webview did not navigate');
      const pre = p.page.locator('.messages .row').nth(1).locator('pre code');
      assert.equal((await pre.textContent())?.trim(), 'const answer: number = 42; // yes');
      assert.ok((await pre.locator('.hljs-keyword').count()) >= 1);
      assert.ok((await pre.locator('.hljs-comment').count()) === 1);
      const font = await pre.evaluate((e) => getComputedStyle(e).fontFamily);
      assert.match(font, /Mono|monospace/);
    });
  });

  test('markdown: emoji names (`:tada:`, `:+1:`) show as their emoji, a name on its own only: in a word, a number or code it is text', async () => {
    const snap = twoRooms();
    snap.rooms[0]!.events = [
      msg('general', 1, 'alice', 'ship it :tada: :+1: (:white_check_mark:) :one::two:\n:rocket:'),
      msg('general', 2, 'alice', 'key:a:value, x:100:y, at 10:100: and :smile:s; `:tada:`, :not_a_name: and :) too'),
      msg('general', 3, 'alice', 'https://example.org/:tada:/x'),
    ];
    await withPanel(snap, async (p) => {
      const body = (n: number) => p.page.locator('.messages .row').nth(n).locator('.body');
      assert.equal(await body(0).innerText(), 'ship it 🎉 👍 (✅) 1️⃣2️⃣\n🚀');
      assert.equal((await body(1).textContent())?.trim(), 'key:a:value, x:100:y, at 10:100: and :smile:s; :tada:, :not_a_name: and :) too');
      assert.equal(await body(1).locator('code').textContent(), ':tada:');
      assert.deepEqual(await body(2).locator('a').evaluateAll((els) => els.map((e) => [e.getAttribute('href'), e.textContent])), [['https://example.org/:tada:/x', 'https://example.org/:tada:/x']]);
      // find goes by what the rows show
      await p.page.keyboard.press('Control+f');
      for (const [query, count] of [['it 🎉 👍', '1 of 1'], ['tada', ' of 2'], ['🚀', '1 of 1']]) {
        await p.page.fill('.search-input', query);
        await p.page.locator('.search-count', { hasText: count }).waitFor();
      }
    });
  });

  test("numbered lists show numbers of any width; a list nested past markdown's limit shows as written, and nested lists stay inside the message", async () => {
    const snap = twoRooms();
    snap.rooms[0]!.events = [
      msg('general', 1, 'alice', '2024. was a good year\n2025. better'),
      msg('general', 2, 'mallory', '- '.repeat(50) + `@${snap.nick} the deploy key is in the vault`),
      msg('general', 3, 'mallory', '> '.repeat(100) + 'quoted words'),
      msg('general', 4, 'alice', Array.from({ length: 30 }, (_, i) => `${'  '.repeat(i)}- level ${i}`).join('\n')),
    ];
    await withPanel(snap, async (p) => {
      const rows = p.page.locator('.messages .row');
      const fits = await rows.nth(0).locator('.body ol').evaluate((ol) => {
        const probe = document.createElement('span');
        probe.textContent = '2025. ';
        ol.querySelector('li')!.append(probe);
        const width = probe.getBoundingClientRect().width;
        probe.remove();
        return { padding: parseFloat(getComputedStyle(ol).paddingLeft), width };
      });
      assert.ok(fits.padding >= fits.width, `room for "2025." left of the text: ${fits.padding} px for ${fits.width} px`);
      assert.equal(await rows.nth(1).locator('.body').innerText(), '- '.repeat(50) + `@${snap.nick} the deploy key is in the vault`, 'as written');
      assert.match(await rows.nth(1).getAttribute('class') ?? '', /\bmention\b/);
      assert.match(await rows.nth(2).locator('.body').innerText(), /quoted words$/);
      const box = await rows.nth(3).locator('.body').evaluate((b) => {
        const deepest = Array.from(b.querySelectorAll('li')).at(-1)!;
        return { li: deepest.getBoundingClientRect().right, body: b.getBoundingClientRect().right, text: deepest.textContent };
      });
      assert.equal(box.text, 'level 29');
      assert.ok(box.li <= box.body + 1, `the deepest item ends inside the message: ${box.li} vs ${box.body}`);
      await p.page.keyboard.press('Control+f');
      await p.page.keyboard.type('deploy key');
      await p.page.waitForSelector('.search-count');
      assert.match(await p.page.textContent('.search-count') ?? '', /^1\b/, 'Find finds its words');
    }, 400);
  });

  test('markdown tables: header and cells with their markdown, columns aligned as written, a wide one scrolls inside its message; no headings', async () => {
    const snap = twoRooms();
    const wide = `| ${Array.from({ length: 12 }, (_, i) => `column${i}`).join(' | ')} |\n|${' --- |'.repeat(12)}\n| ${Array.from({ length: 12 }, (_, i) => `value${i}`).join(' | ')} |`;
    snap.rooms[0]!.events = [
      msg('general', 1, 'alice', '| target | before | after |\n|:--|:-:|--:|\n| `p99` at 500 | 14 ms | **6 ms** |\n| [docs](https://example.com/b) | x | 1 |'),
      msg('general', 2, 'alice', wide),
      msg('general', 3, 'alice', '# 1 priority\n---'),
    ];
    await withPanel(snap, async (p) => {
      const table = p.page.locator('.messages .row').first().locator('.body table');
      assert.deepEqual(await table.locator('th').allTextContents(), ['target', 'before', 'after']);
      assert.deepEqual(await table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => [...r.children].map((c) => c.textContent))), [['p99 at 500', '14 ms', '6 ms'], ['docs', 'x', '1']]);
      assert.deepEqual(await table.locator('tr').first().locator('th').evaluateAll((cells) => cells.map((c) => getComputedStyle(c).textAlign)), ['start', 'center', 'right']);
      assert.equal(await table.locator('[style]').count(), 0, 'alignment as a class: no style attribute');
      assert.equal(await table.locator('td code').textContent(), 'p99');
      assert.equal(await table.locator('td strong').textContent(), '6 ms');
      await table.locator('a', { hasText: 'docs' }).click();
      assert.deepEqual(await p.waitForPosted('openLink'), { type: 'openLink', href: 'https://example.com/b' });
      const box = await p.page.locator('.messages .row').nth(1).locator('.body').evaluate((body) => {
        const t = body.querySelector('table') as HTMLElement;
        return { table: t.getBoundingClientRect().right, body: body.getBoundingClientRect().right, scroll: t.scrollWidth, client: t.clientWidth, page: document.documentElement.scrollWidth, view: document.documentElement.clientWidth };
      });
      assert.ok(box.table <= box.body + 0.5, `the wide table stays inside its message: ${box.table} > ${box.body}`);
      assert.ok(box.scroll > box.client, 'and scrolls sideways inside it');
      assert.ok(box.page <= box.view, 'the panel does not');
      const third = p.page.locator('.messages .row').nth(2).locator('.body');
      assert.equal(await third.locator('h1, h2, hr').count(), 0, 'a "# 1" or "---" line is said, not a heading or a rule');
      assert.match((await third.textContent())?.trim() ?? '', /^# 1 priority\s*---$/);
      await p.page.keyboard.press('Control+f');
      await p.page.fill('.search-input', 'at 500');
      assert.equal(await p.page.textContent('.search-count'), '1 of 1', 'find reads a table as its cells');
      assert.deepEqual([...await highlighted(p, 'search'), ...await highlighted(p, 'search-current')], ['at 500'], 'and marks them');
      await p.page.fill('.search-input', '14 ms 6 ms');
      assert.equal(await p.page.textContent('.search-count'), 'No results', 'one cell at a time, as one paragraph at a time');
      await p.page.fill('.search-input', '|');
      assert.equal(await p.page.textContent('.search-count'), 'No results');
    }, 400);
  });

  test('markdown tables: one message makes at most 2,000 cells (MAX_TABLE_CELLS); a table past it is shown as its text', async () => {
    const snap = twoRooms();
    // a header of `cols` columns and `rows` body rows of a lone `|` (markdown-it fills each up to the header's columns)
    const table = (cols: number, rows: number) => `${'|a'.repeat(cols)}|\n${'|-'.repeat(cols)}|\n${'|\n'.repeat(rows)}`;
    snap.rooms[0]!.events = [
      // 1.7 KB that markdown-it makes 66,100 cells of
      msg('general', 1, 'mallory', table(100, 660)),
      msg('general', 2, 'alice', [table(10, 60), table(10, 60), table(10, 60)].join('\n')),
    ];
    await withPanel(snap, async (p) => {
      const rows = p.page.locator('.messages .row');
      assert.equal(await rows.nth(0).locator('td, th').count(), 0);
      assert.match((await rows.nth(0).locator('.body').textContent()) ?? '', /^\|a\|a\|a/, 'shown as written');
      assert.equal(await rows.nth(1).locator('table').count(), 2, 'two tables within the cells a message may have, the third as text');
      assert.equal(await rows.nth(1).locator('td, th').count(), 2 * 10 * 61);
    }, 400);
  });

  test('a message of more than 100 blocks of code (MAX_CODE_BLOCKS) is shown as written; 100 are blocks', async () => {
    const snap = twoRooms();
    snap.rooms[0]!.events = [
      msg('general', 1, 'mallory', '```\n'.repeat(202)),
      msg('general', 2, 'alice', Array.from({ length: 100 }, (_, i) => `\`\`\`\nblock ${i}\n\`\`\``).join('\n')),
    ];
    await withPanel(snap, async (p) => {
      const rows = p.page.locator('.messages .row');
      assert.equal(await rows.nth(0).locator('pre, .code-block-copy').count(), 0, 'no boxes, no Copy buttons');
      assert.match((await rows.nth(0).locator('.body').innerText()) ?? '', /^```\n```\n```/, 'shown as written');
      await rows.nth(1).locator('.show-more').click();
      assert.equal(await rows.nth(1).locator('pre').count(), 100);
    }, 400);
  });

  test('code card: path, range, language, highlighted code, Open posts openCode with the CodeRef', async () => {
    const snap = twoRooms();
    const code = { path: 'src/server/chat.ts', language: 'typescript', startLine: 12, endLine: 14 };
    const text = 'export function hi(name: string) {\n  return `hi ${name}`;\n}';
    snap.rooms[0]!.events = [msg('general', 1, 'bob', text, { kind: 'code', code })];
    await withPanel(snap, async (p) => {
      assert.equal(await p.page.textContent('.code-card-path'), 'src/server/chat.ts');
      assert.equal(await p.page.textContent('.code-card-range'), 'lines 12–14');
      assert.equal(await p.page.textContent('.code-card-lang'), 'typescript');
      assert.equal(await p.page.textContent('.code-card-body code'), text);
      assert.ok((await p.page.locator('.code-card-body .hljs-keyword').count()) >= 2);
      await p.page.click('.code-card-open');
      assert.deepEqual(await p.waitForPosted('openCode'), { type: 'openCode', code, text });
    });
  });

  test("a diff card (Share Changes) of someone else's has Apply, which posts applyChanges with the card; yours, another card or one of no file has none", async () => {
    const snap = twoRooms();
    const diff = 'diff --git a/src/a.ts b/src/a.ts\n--- a/src/a.ts\n+++ b/src/a.ts\n@@ -1,3 +1,3 @@\n one\n-two\n+TWO\n three';
    const code = { path: 'src/a.ts', language: 'diff', startLine: 1, endLine: 3 };
    snap.rooms[0]!.events = [
      msg('general', 1, 'bob', diff, { kind: 'code', code }),
      msg('general', 2, 'me', diff, { kind: 'code', code }),
      msg('general', 3, 'bob', 'const x = 1;', { kind: 'code', code: { path: 'src/a.ts', language: 'typescript', startLine: 1, endLine: 1 } }),
      msg('general', 4, 'bob', diff, { kind: 'code', code: { ...code, path: 'a.ts', outside: true } }),
      msg('general', 5, 'bob', diff, { kind: 'code', code: { ...code, language: 'PATCH' } }),
    ];
    await withPanel(snap, async (p) => {
      const cards = p.page.locator('.code-card');
      assert.deepEqual(await cards.evaluateAll((els) => els.map((c) => c.querySelector('.code-card-apply') !== null)), [true, false, false, false, true]);
      const apply = cards.first().locator('.code-card-apply');
      assert.equal(await apply.getAttribute('title'), 'Apply these changes to your src/a.ts (Undo takes them back)');
      assert.equal(await apply.textContent(), 'Apply');
      await apply.click();
      assert.deepEqual(await p.waitForPosted('applyChanges'), { type: 'applyChanges', code, text: diff });
    });
  });

  test("code card of a file outside the sharer's workspace or a notebook cell: says so; tabs as wide as the editor's", async () => {
    const snap = twoRooms();
    snap.rooms[0]!.events = [
      msg('general', 1, 'bob', 'x = 1', { kind: 'code', code: { path: 'notes.py', language: 'python', startLine: 2, endLine: 2, outside: true } }),
      msg('general', 2, 'bob', 'df.head()', { kind: 'code', code: { path: 'analysis.ipynb', language: 'python', outside: true } }),
      msg('general', 3, 'bob', 'if x:\n\treturn 1', { kind: 'code', code: { path: 'src/a.py', language: 'python', startLine: 1, endLine: 2 } }),
      msg('general', 4, 'bob', 'x.Show()', { kind: 'code', code: { path: 'analysis.dib', language: 'csharp', outside: true } }),
    ];
    await withPanel(snap, async (p) => {
      assert.deepEqual(await p.page.locator('.code-card-outside').allTextContents(), ['outside the workspace', 'notebook cell', 'notebook cell']);
      assert.equal(await p.page.getAttribute('.code-card-open >> nth=0', 'title'), 'Open the code in a new editor');
      await p.page.click('.code-card-open >> nth=1');
      assert.deepEqual((await p.waitForPosted('openCode')).code, { path: 'analysis.ipynb', language: 'python', outside: true });
      assert.equal(await p.page.$eval('.code-card-body', (el) => getComputedStyle(el).tabSize), '4');
    });
  });

  test('on a code card the message actions sit in its header before Copy and Open, and cover neither', async () => {
    const snap = twoRooms();
    snap.rooms[0]!.events = [msg('general', 1, 'me', 'const x = 1;', { kind: 'code', code: { path: 'a.ts', language: 'typescript', startLine: 1, endLine: 1 } })];
    await withPanel(snap, async (p) => {
      await p.page.hover('.row.msg');
      assert.deepEqual(await p.page.$$eval('.code-card-actions button', (els) => els.map((e) => e.className.replace('icon-button ', ''))), ['row-reply', 'row-react', 'row-delete', 'code-card-copy', 'code-card-open']);
      await p.page.click('.code-card-open'); // Playwright refuses a click on a covered button
      assert.equal((await p.waitForPosted('openCode')).type, 'openCode');
    });
  });

  test("a code card beside an editor (a panel ~466 px wide) keeps its header on one line, its actions and all: the language's badge gives way", async () => {
    const snap = twoRooms({ role: 'owner' });
    snap.rooms[0]!.events = [msg('general', 1, 'bob', 'export const line12 = 12;', { kind: 'code', code: { path: 'src/sample.ts', language: 'typescript', startLine: 12, endLine: 15 } })];
    await withPanel(snap, async (p) => {
      await p.page.hover('.row.msg');
      const header = await p.page.locator('.code-card-header').boundingBox();
      const open = await p.page.locator('.code-card-open').boundingBox();
      const path = await p.page.locator('.code-card-path').boundingBox();
      assert.ok(header && open && path && Math.abs(open.y + open.height / 2 - (path.y + path.height / 2)) < 4, `Open beside the path: ${JSON.stringify({ header, open, path })}`);
      assert.equal(await p.page.isVisible('.code-card-lang'), false);
      assert.equal(await p.page.isVisible('.code-card-range'), true);
    }, 466);
    // wide: the badge is there
    await withPanel(snap, async (p) => assert.equal(await p.page.isVisible('.code-card-lang'), true), 760);
  });

  test("React's emoji choice opens inside a narrow panel: on a code card at 300 px, and at 250 px beside a message's actions or over them", async () => {
    const cases = [
      { width: 300, choice: 2, emoji: '🎉', event: msg('general', 1, 'bob', 'const x = 1;\nconst y = 2;', { kind: 'code', code: { path: 'src/node/chatClient.ts', language: 'typescript', startLine: 1, endLine: 2 } }) },
      { width: 250, choice: 0, emoji: '👍', event: msg('general', 1, 'me', 'my own message, long enough to reach the right edge of a narrow panel') },
    ];
    for (const c of cases) {
      const snap = twoRooms({ role: 'owner' });
      snap.rooms[0]!.events = [c.event];
      await withPanel(snap, async (p) => {
        await p.page.hover('.row.msg');
        await p.page.click('.row-react');
        const box = await p.page.locator('.reaction-picker').boundingBox();
        const width = await p.page.evaluate(() => document.documentElement.clientWidth);
        assert.ok(box && box.x >= 0 && box.x + box.width <= width, `${c.width} px: the choice inside the panel: ${JSON.stringify(box)} in ${width} px`);
        await p.page.click(`.reaction-choice >> nth=${c.choice}`); // Playwright clicks only what is in view and not covered
        assert.deepEqual(await p.waitForPosted('react'), { type: 'react', room: 'general', epoch: 'e1', seq: 1, emoji: c.emoji });
      }, c.width);
    }
  });

  test('Copy on a code card and on a fenced block posts copyText with the code, and says "Copied"', async () => {
    const snap = twoRooms();
    const text = 'export function hi(name: string) {\n  return `hi ${name}`;\n}';
    snap.rooms[0]!.events = [
      msg('general', 1, 'bob', text, { kind: 'code', code: { path: 'src/a.ts', language: 'typescript', startLine: 1, endLine: 3 } }),
      msg('general', 2, 'alice', 'or run:\n```sh\nnpm ci && npm test\n```\nthen tell me'),
    ];
    await withPanel(snap, async (p) => {
      await p.page.click('.code-card-copy');
      assert.deepEqual(await p.waitForPosted('copyText'), { type: 'copyText', text });
      assert.equal(await p.page.getAttribute('.code-card-copy', 'title'), 'Copied');
      assert.equal(await p.page.getAttribute('.code-card-copy', 'aria-label'), 'Copied', 'a screen reader hears it too');
      await p.page.hover('.code-block');
      await p.page.click('.code-block-copy');
      await p.waitForPosted('copyText', (m) => m.text === 'npm ci && npm test\n');
      assert.equal(await p.page.locator('.code-block-copy').count(), 1, 'one per block, none for the text around it');
    });
  });

  test("a fenced block's Copy is never under the row's actions, at a group's first message or a continued one, yours or not", async () => {
    const snap = twoRooms();
    snap.rooms[0]!.events = [
      msg('general', 1, 'alice', '```sh\nnpm test 1\n```'),
      msg('general', 2, 'alice', '```sh\nnpm test 2\n```'),
      msg('general', 3, 'me', '```sh\nnpm test 3\n```'),
      msg('general', 4, 'me', '```sh\nnpm test 4\n```\nand more'),
      msg('general', 5, 'me', `\`\`\`sh\nnpm test 5\n${'echo a long paste\n'.repeat(60)}\`\`\``), // folded behind "Show more"
    ];
    await withPanel(snap, async (p) => {
      assert.equal(await p.page.locator('.row.msg .long').count(), 1);
      for (let i = 0; i < 5; i++) {
        const row = p.page.locator('.row.msg').nth(i);
        await row.locator('.code-block').hover();
        const copy = await row.locator('.code-block-copy').boundingBox();
        const actions = await row.locator('.row-actions').boundingBox();
        assert.ok(copy && actions, `message ${i + 1}: both on screen`);
        const apart = copy.x >= actions.x + actions.width || copy.x + copy.width <= actions.x || copy.y >= actions.y + actions.height || copy.y + copy.height <= actions.y;
        assert.ok(apart, `message ${i + 1}: Copy ${JSON.stringify(copy)} under the actions ${JSON.stringify(actions)}`);
        await row.locator('.code-block-copy').click({ timeout: 15_000 }); // Playwright clicks only what is not covered
        await p.waitForPosted('copyText', (m) => m.text.startsWith(`npm test ${i + 1}\n`));
      }
      // the emoji choice open beside the actions is no action more: Copy stays where it was
      const second = p.page.locator('.row.msg').nth(1);
      await second.locator('.code-block').hover();
      const before = await second.locator('.code-block-copy').boundingBox();
      await second.locator('.row-react').click();
      await second.locator('.reaction-picker').waitFor();
      assert.equal((await second.locator('.code-block-copy').boundingBox())?.x, before?.x);
    });
  });

  test('path:line, path:line:col, path:first-last, path(line,col) and path#Lfirst-Llast become links that post openPath', async () => {
    const snap = twoRooms();
    snap.rooms[0]!.events = [
      msg('general', 1, 'alice', 'look at src/app.ts:42 and (lib/util.py:3:7), not version 1.2:3 or http://x.io/a.ts:5'),
      msg('general', 2, 'alice', 'hosts are not files: db.internal.net:5432, example.com:443; jquery.min.js:12 and conf/site.com:3 are'),
      msg('general', 3, 'alice', 'no line 0 in a file: module0.ts:0'),
      msg('general', 4, 'alice', 'ranges: src/a.ts:12-20, b.py:7\u20139; c.ts:9-3 opens at 9; d.ts:4-x is no range'),
      msg('general', 5, 'alice', 'tsc says src/x.ts(12,5): error TS2322, and y.cs(7); GitHub: src/z.ts#L3-L9, w.ts#L4; not v.ts(0) or u.ts#L'),
      msg('general', 6, 'alice', 'app/blog/[slug]/page.tsx:13:5, app/(marketing)/page.tsx:3, pages/[...id].tsx:7, src/composants/\u00e9cran.ts:9 and Outer$Inner.java:2; (src/q.ts:3) [r.ts:4] src(1)/s.ts(5,2)'),
    ];
    await withPanel(snap, async (p) => {
      const links = p.page.locator('.path-link');
      assert.deepEqual(await links.allTextContents(), ['src/app.ts:42', 'lib/util.py:3:7', 'jquery.min.js:12', 'conf/site.com:3', 'src/a.ts:12-20', 'b.py:7\u20139', 'c.ts:9-3', 'src/x.ts(12,5)', 'y.cs(7)', 'src/z.ts#L3-L9', 'w.ts#L4',
        // (names in other letters than ASCII's, in brackets, folders in parentheses: Next.js's routes)
        'app/blog/[slug]/page.tsx:13:5', 'app/(marketing)/page.tsx:3', 'pages/[...id].tsx:7', 'src/composants/\u00e9cran.ts:9', 'Outer$Inner.java:2', 'src/q.ts:3', 'r.ts:4', 'src(1)/s.ts(5,2)']);
      for (const i of [0, 1, 4, 5, 6, 7, 8, 9, 10, 11, 12, 14]) await links.nth(i).click();
      const opens = (await p.posted()).filter((m) => m.type === 'openPath');
      assert.deepEqual(opens, [
        { type: 'openPath', path: 'src/app.ts', line: 42 }, { type: 'openPath', path: 'lib/util.py', line: 3, column: 7 },
        { type: 'openPath', path: 'src/a.ts', line: 12, endLine: 20 }, { type: 'openPath', path: 'b.py', line: 7, endLine: 9 }, { type: 'openPath', path: 'c.ts', line: 9 },
        { type: 'openPath', path: 'src/x.ts', line: 12, column: 5 }, { type: 'openPath', path: 'y.cs', line: 7 },
        { type: 'openPath', path: 'src/z.ts', line: 3, endLine: 9 }, { type: 'openPath', path: 'w.ts', line: 4 },
        { type: 'openPath', path: 'app/blog/[slug]/page.tsx', line: 13, column: 5 }, { type: 'openPath', path: 'app/(marketing)/page.tsx', line: 3 },
        { type: 'openPath', path: 'src/composants/\u00e9cran.ts', line: 9 },
      ]);
      assert.equal(await links.nth(4).getAttribute('title'), 'Open src/a.ts at lines 12\u201320');
    });
  });

  test("a problem under a card (Share Selection's message after it) opens with the card, so the line moves as the card's code has; another's link, or a line outside the card, opens as written", async () => {
    const snap = twoRooms();
    const code = { path: 'src/a.ts', language: 'typescript', startLine: 12, endLine: 14 };
    const text = 'function f(x: number) {\n  return x.nope;\n}';
    snap.rooms[0]!.events = [
      msg('general', 1, 'alice', text, { kind: 'code', code }),
      msg('general', 2, 'alice', "1 error in src/a.ts line 12-14:\n```\nsrc/a.ts:13:12 error: Property 'nope' does not exist on type 'number'. [ts 2339]\n```"),
      msg('general', 3, 'bob', 'and src/a.ts:13 is where mine fails'),
      msg('general', 4, 'alice', 'also src/a.ts:40 and lib/b.ts:13'),
    ];
    await withPanel(snap, async (p) => {
      const links = p.page.locator('.path-link');
      assert.deepEqual(await links.allTextContents(), ['src/a.ts:13:12', 'src/a.ts:13', 'src/a.ts:40', 'lib/b.ts:13']);
      for (const link of await links.all()) await link.click();
      assert.deepEqual((await p.posted()).filter((m) => m.type === 'openPath'), [
        { type: 'openPath', path: 'src/a.ts', line: 13, column: 12, card: { code, text } },
        { type: 'openPath', path: 'src/a.ts', line: 13 },
        { type: 'openPath', path: 'src/a.ts', line: 40 },
        { type: 'openPath', path: 'lib/b.ts', line: 13 },
      ]);
    });
  });

  test('a path with spaces links where its bounds are plain: the whole of an inline code span, or between quotes; in prose, only its last name links, as before', async () => {
    const snap = twoRooms();
    snap.rooms[0]!.events = [
      msg('general', 1, 'alice', 'in code: `src/my file.ts:12`, `My Project/a.ts(3,5)` and `docs/read me.md#L2-L4`'),
      msg('general', 2, 'alice', 'quoted: "src/my file.ts:12:3", \'lib/old stuff/b.py:7-9\' and "C:\\Users\\me\\My Project\\a.cs:line 3"'),
      msg('general', 3, 'alice', 'prose: see my file.ts:12, "see src/a.ts:4", "My Project/c.ts:5", `run src/b.ts:6 now` and `see src/e.ts:7`'),
    ];
    await withPanel(snap, async (p) => {
      const rows = p.page.locator('.row.msg');
      assert.deepEqual(await rows.nth(0).locator('.path-link').allTextContents(), ['src/my file.ts:12', 'My Project/a.ts(3,5)', 'docs/read me.md#L2-L4']);
      assert.deepEqual(await rows.nth(1).locator('.path-link').allTextContents(), ['src/my file.ts:12:3', 'lib/old stuff/b.py:7-9', 'C:\\Users\\me\\My Project\\a.cs:line 3']);
      // (where a path with a space would start is not plain: a quoted sentence, or a space before the first folder's end)
      assert.deepEqual(await rows.nth(2).locator('.path-link').allTextContents(), ['file.ts:12', 'src/a.ts:4', 'Project/c.ts:5', 'src/b.ts:6', 'src/e.ts:7']);
      for (const row of [0, 1]) for (const link of await rows.nth(row).locator('.path-link').all()) await link.click();
      assert.deepEqual((await p.posted()).filter((m) => m.type === 'openPath'), [
        { type: 'openPath', path: 'src/my file.ts', line: 12 }, { type: 'openPath', path: 'My Project/a.ts', line: 3, column: 5 },
        { type: 'openPath', path: 'docs/read me.md', line: 2, endLine: 4 },
        { type: 'openPath', path: 'src/my file.ts', line: 12, column: 3 }, { type: 'openPath', path: 'lib/old stuff/b.py', line: 7, endLine: 9 },
        { type: 'openPath', path: 'C:\\Users\\me\\My Project\\a.cs', line: 3 },
      ]);
    });
  });

  test('a path glued to Chinese, Japanese or Korean text links (their letters and punctuation bound it as spaces do), and a path named in those scripts links whole', async () => {
    const snap = twoRooms();
    snap.rooms[0]!.events = [
      msg('general', 1, 'alice', '見てsrc/a.ts:12を、请看lib/b.py:3:7。Reactのsrc/c.ts(4,2)を見て'),
      msg('general', 2, 'alice', '「src/d.ts#L3-L9」と（e.ts:5）：f.ts:6，파일은 g.ts:7를'),
      msg('general', 3, 'alice', '資料/メモ.md:3 と src/écran.ts:9, 見てC:\\src\\App.cs:line 42です'),
      // (CJK text glued before a path with CJK names, or a folder at the disk's root; a name with a letter after it)
      msg('general', 4, 'alice', '見てsrc/資料/h.ts:12、見て/home/i.ts:3、資料x/j.ts:4と「C:\\Users\\me\\My Project\\k.ts:5」'),
    ];
    await withPanel(snap, async (p) => {
      const rows = p.page.locator('.row.msg');
      assert.deepEqual(await rows.nth(0).locator('.path-link').allTextContents(), ['src/a.ts:12', 'lib/b.py:3:7', 'src/c.ts(4,2)']);
      assert.deepEqual(await rows.nth(1).locator('.path-link').allTextContents(), ['src/d.ts#L3-L9', 'e.ts:5', 'f.ts:6', 'g.ts:7']);
      assert.deepEqual(await rows.nth(2).locator('.path-link').allTextContents(), ['資料/メモ.md:3', 'src/écran.ts:9', 'C:\\src\\App.cs:line 42']);
      assert.deepEqual(await rows.nth(3).locator('.path-link').allTextContents(), ['src/資料/h.ts:12', '/home/i.ts:3', '資料x/j.ts:4', 'C:\\Users\\me\\My Project\\k.ts:5']);
      await rows.nth(0).locator('.path-link').first().click();
      await rows.nth(1).locator('.path-link').first().click();
      for (const link of await rows.nth(2).locator('.path-link').all()) await link.click();
      for (const link of await rows.nth(3).locator('.path-link').all()) await link.click();
      assert.deepEqual((await p.posted()).filter((m) => m.type === 'openPath'), [
        { type: 'openPath', path: 'src/a.ts', line: 12 }, { type: 'openPath', path: 'src/d.ts', line: 3, endLine: 9 },
        { type: 'openPath', path: '資料/メモ.md', line: 3 }, { type: 'openPath', path: 'src/écran.ts', line: 9 },
        { type: 'openPath', path: 'C:\\src\\App.cs', line: 42 },
        { type: 'openPath', path: 'src/資料/h.ts', line: 12 }, { type: 'openPath', path: '/home/i.ts', line: 3 },
        { type: 'openPath', path: '資料x/j.ts', line: 4 }, { type: 'openPath', path: 'C:\\Users\\me\\My Project\\k.ts', line: 5 },
      ]);
    });
  });

  test('a stack trace pasted in a block without a language, or as text, links its frames; code in a language does not; Python, .NET and Windows paths, and names with a dot first, too', async () => {
    const snap = twoRooms();
    snap.rooms[0]!.events = [
      msg('general', 1, 'alice', 'it fails:\n```\nTypeError: x is undefined\n    at run (/home/alice/app/src/run.ts:12:5)\n    at main (src/main.ts:3:1)\n```'),
      msg('general', 2, 'alice', '```ts\nconst t = cond ? a.b:12;\nimport x from "./x.ts:3";\n```'),
      msg('general', 3, 'alice', '```text\nTraceback (most recent call last):\n  File "/home/alice/app/tool.py", line 7, in <module>\n  File "<frozen runpy>", line 88, in _run_code\n```'),
      msg('general', 4, 'alice', 'and on Windows: at App.Run() in C:\\src\\App.cs:line 42, or C:\\src\\b.ts:3:9'),
      msg('general', 5, 'alice', 'dot folders: .github/workflows/ci.yml:12 and ~/.config/app/.eslintrc.js:3'),
    ];
    await withPanel(snap, async (p) => {
      const rows = p.page.locator('.row.msg');
      assert.deepEqual(await rows.nth(0).locator('.path-link').allTextContents(), ['/home/alice/app/src/run.ts:12:5', 'src/main.ts:3:1']);
      assert.equal(await rows.nth(1).locator('.path-link').count(), 0, 'code in a language has no path links');
      assert.deepEqual(await rows.nth(2).locator('.path-link').allTextContents(), ['File "/home/alice/app/tool.py", line 7'], 'no link for <frozen runpy>');
      assert.deepEqual(await rows.nth(3).locator('.path-link').allTextContents(), ['C:\\src\\App.cs:line 42', 'C:\\src\\b.ts:3:9']);
      assert.deepEqual(await rows.nth(4).locator('.path-link').allTextContents(), ['.github/workflows/ci.yml:12', '~/.config/app/.eslintrc.js:3']);
      await rows.nth(0).locator('.path-link').first().click();
      await rows.nth(2).locator('.path-link').click();
      for (const link of await rows.nth(3).locator('.path-link').all()) await link.click();
      assert.deepEqual((await p.posted()).filter((m) => m.type === 'openPath'), [
        { type: 'openPath', path: '/home/alice/app/src/run.ts', line: 12, column: 5 },
        { type: 'openPath', path: '/home/alice/app/tool.py', line: 7 },
        { type: 'openPath', path: 'C:\\src\\App.cs', line: 42 },
        { type: 'openPath', path: 'C:\\src\\b.ts', line: 3, column: 9 },
      ]);
      // the block's Copy copies the trace as written, links or not
      await rows.nth(0).locator('.code-block').hover();
      await rows.nth(0).locator('.code-block-copy').click();
      assert.equal((await p.waitForPosted('copyText')).text, 'TypeError: x is undefined\n    at run (/home/alice/app/src/run.ts:12:5)\n    at main (src/main.ts:3:1)\n');
    });
  });

  test("a stack trace pasted as text keeps each line's indent (a Python traceback's code under its frames, a Go one's tab), its frames still links; a line's own spaces fold, and a huge indent is cut", async () => {
    const snap = twoRooms();
    snap.rooms[0]!.events = [
      msg('general', 1, 'alice', 'Traceback (most recent call last):\n  File "/home/alice/app/tool.py", line 7, in <module>\n    main()\nValueError: boom'),
      msg('general', 2, 'alice', 'goroutine 1 [running]:\nmain.main()\n\t/home/alice/app/main.go:14 +0x1d\nand  two   spaces\n' + ' '.repeat(500) + 'far in'),
    ];
    await withPanel(snap, async (p) => {
      const rows = p.page.locator('.row.msg .body');
      const nbsp = (n: number) => '\u00a0'.repeat(n);
      assert.equal(await rows.nth(0).innerText(), `Traceback (most recent call last):\n${nbsp(2)}File "/home/alice/app/tool.py", line 7, in <module>\n${nbsp(4)}main()\nValueError: boom`);
      assert.equal(await rows.nth(1).innerText(), `goroutine 1 [running]:\nmain.main()\n${nbsp(4)}/home/alice/app/main.go:14 +0x1d\nand two spaces\n${nbsp(MAX_INDENT)}far in`);
      assert.deepEqual(await p.page.locator('.row.msg .path-link').allTextContents(), ['File "/home/alice/app/tool.py", line 7', '/home/alice/app/main.go:14']);
      // the words are found as they are read
      await p.page.locator('.composer-input').focus();
      await p.page.keyboard.press('Control+f');
      await p.page.locator('.search-input').fill('main()');
      assert.match((await p.page.locator('.search-count').textContent()) ?? '', /^\d of 2$/);
    });
  });

  test('the Find button names its key as the platform writes it: Ctrl+F, and on a Mac ⌘F', async () => {
    for (const [platform, key] of [['Linux x86_64', 'Ctrl+F'], ['MacIntel', '⌘F']] as const) {
      const p = await hx.open({ snapshot: twoRooms(), platform });
      try {
        assert.equal(await p.page.getAttribute('.icon-button[aria-label="Find in conversation"]', 'title'), `Find in conversation (${key})`, platform);
      } finally {
        await p.close();
      }
    }
  });

  test('Delete while the chat reconnects says the message was not deleted, and asks the extension nothing (its dialog would ask for nothing)', async () => {
    const snap = twoRooms();
    snap.rooms[0]!.events = [msg('general', 1, 'alice', 'hi'), msg('general', 2, 'me', 'my password is hunter2')];
    await withPanel(snap, async (p) => {
      await p.deliver({ type: 'status', status: 'reconnecting', text: 'reconnecting in 2 s...' });
      await p.page.focus('.messages');
      await p.page.keyboard.press('ArrowUp');
      await p.page.keyboard.press('Delete');
      await p.page.waitForSelector('.notice-error:has-text("Not connected: the message was not deleted")');
      await p.deliver({ type: 'status', status: 'connected', text: '' });
      await p.page.keyboard.press('Delete'); // (the keyboard is still on the message)
      assert.deepEqual(await p.waitForPosted('delete'), { type: 'delete', room: 'general', epoch: 'e1', seq: 2 }, 'back, it asks');
      assert.equal((await p.posted()).filter((m) => m.type === 'delete').length, 1, 'only then');
    });
  });

  test('an edit under way waits in its conversation while another is open: back in the composer, changes and all', async () => {
    const snap = twoRooms();
    snap.rooms[0]!.events = [msg('general', 1, 'alice', 'can you check the parser?'), msg('general', 2, 'me', 'on it, lookign now')];
    await withPanel(snap, async (p) => {
      const input = p.page.locator('.composer-input');
      await input.fill('my draft');
      await p.page.focus('.messages');
      await p.page.keyboard.press('ArrowUp'); // my message
      await p.page.keyboard.press('e');
      await p.page.keyboard.press('End');
      await p.page.keyboard.type(', fixed');
      await p.page.click('.tab[data-conv="#dev"]');
      assert.equal(await input.inputValue(), '', "#dev's own (empty) draft");
      assert.equal(await p.page.isVisible('.composer-edit'), false);
      await p.page.click('.tab[data-conv="#general"]');
      assert.equal(await input.inputValue(), 'on it, lookign now, fixed', 'the edit, as it was left');
      assert.equal(await p.page.isVisible('.composer-edit'), true);
      assert.equal(await p.page.locator('.row.editing-target').count(), 1);
      await input.press('Enter');
      assert.deepEqual(await p.waitForPosted('edit'), { type: 'edit', room: 'general', epoch: 'e1', seq: 2, text: 'on it, lookign now, fixed' });
      assert.equal(await input.inputValue(), 'my draft', 'and the draft after it');
    });
  });

  test('composer: Reply during an edit ends the edit (Enter saved the quote over the message); a draft set aside by Up survives a switch and a reload', async () => {
    const snap = twoRooms();
    snap.rooms[0]!.events = [msg('general', 1, 'alice', 'can you check the parser?'), msg('general', 2, 'me', 'on it, lookign now')];
    await withPanel(snap, async (p) => {
      const input = p.page.locator('.composer-input');
      await p.page.focus('.messages');
      await p.page.keyboard.press('ArrowUp'); // my message
      await p.page.keyboard.press('e');
      assert.equal(await input.inputValue(), 'on it, lookign now');
      await p.page.focus('.messages');
      await p.page.keyboard.press('ArrowUp'); // (the walk starts again from the newest: mine)
      await p.page.keyboard.press('ArrowUp'); // alice's
      await p.page.keyboard.press('r');
      assert.equal(await p.page.isVisible('.composer-edit'), false, 'the edit ended');
      assert.match(await input.inputValue(), /^> can you check the parser\?/);
      await p.page.keyboard.press('Enter');
      await p.waitForPosted('submit', (m) => m.text.includes('can you check the parser?'));
      assert.equal((await p.posted()).filter((m) => m.type === 'edit').length, 0, 'not saved over my message');
      // Up in a one-line composer brings back what was sent; the draft it set aside is the draft
      await input.focus();
      await p.page.keyboard.type('a draft I am still writing');
      await p.page.keyboard.press('ArrowUp');
      assert.match(await input.inputValue(), /can you check the parser/);
      await p.page.keyboard.press('Alt+ArrowDown'); // to #dev
      await p.page.keyboard.press('Alt+ArrowUp'); // and back
      assert.equal(await input.inputValue(), 'a draft I am still writing');
      await p.page.keyboard.press('ArrowUp');
      await p.reload(snap);
      assert.equal(await p.page.locator('.composer-input').inputValue(), 'a draft I am still writing', 'after a reload too');
      // a text the server refused comes back while a message is being edited: into the draft, not into the edit
      await p.page.focus('.messages');
      await p.page.keyboard.press('ArrowUp');
      await p.page.keyboard.press('e');
      await p.deliver({ type: 'sendRefused', room: 'general', text: 'not sent' });
      assert.equal(await input.inputValue(), 'on it, lookign now', 'the edit goes on as it was');
      await p.page.keyboard.press('Escape');
      assert.equal(await input.inputValue(), 'a draft I am still writing\n\nnot sent');
    });
  });

  test('a panel closed and opened again goes on with what the last one kept (VS Code drops its state): the draft, what was seen', async () => {
    const snap = twoRooms();
    snap.rooms[0]!.events = [msg('general', 1, 'alice', 'first')];
    snap.rooms[1]!.events = [msg('dev', 1, 'bob', 'seen in dev')];
    let kept: object | undefined;
    await withPanel(snap, async (p) => {
      await p.page.click('.tab[data-conv="#dev"]');
      await p.page.click('.tab[data-conv="#general"]');
      await p.page.locator('.composer-input').focus();
      await p.page.keyboard.type('half written');
      // (the extension hears it, a moment later)
      const m = await p.waitForPosted('uiState', (x) => JSON.stringify(x.state).includes('half written'));
      kept = m.state;
    });
    // closed; dev got two messages meanwhile (in the snapshot the extension gives the next panel)
    const later = twoRooms();
    later.rooms[0]!.events = [msg('general', 1, 'alice', 'first')];
    later.rooms[1]!.events = [msg('dev', 1, 'bob', 'seen in dev'), msg('dev', 2, 'bob', 'new 1'), msg('dev', 3, 'bob', 'new 2')];
    const p = await hx.open({ snapshot: later, uiState: kept });
    try {
      assert.equal(await p.page.locator('.composer-input').inputValue(), 'half written');
      assert.equal((await p.page.textContent('.tab[data-conv="#dev"] .badge'))?.trim(), '2', 'only what came after');
    } finally {
      await p.page.close();
    }
  });

  test("a notification's Reply that opens a closed panel shows its conversation from the start: the one the panel showed before keeps what came there unread", async () => {
    const snap = twoRooms();
    snap.rooms[0]!.events = [msg('general', 1, 'alice', 'first')];
    let kept: object | undefined;
    await withPanel(snap, async (p) => {
      await p.page.click('.tab[data-conv="#dev"]');
      await p.page.click('.tab[data-conv="#general"]');
      // (what the extension keeps for the next panel: #general on show, seen up to its first message)
      const seenThere = (x: { state: object }) => (x.state as { activeRoom?: string; seen?: Record<string, number> }).activeRoom === '#general' && (x.state as { seen?: Record<string, number> }).seen?.general === 1;
      kept = (await p.waitForPosted('uiState', seenThere)).state;
    });
    // closed; then a message in #general and a direct one from bob, and the Reply of bob's notification opens it
    const later = twoRooms({ dms: [dm('bob', 'me', 'are you free at 3?')] });
    later.rooms[0]!.events = [msg('general', 1, 'alice', 'first'), msg('general', 2, 'alice', 'came while closed')];
    const p = await hx.open({ uiState: kept });
    try {
      await p.deliver({ type: 'snapshot', snapshot: later, show: '@bob' }, { type: 'activateDm', nick: 'bob' }, { type: 'focusComposer' });
      assert.equal(await p.page.getAttribute('.tab.selected', 'data-conv'), '@bob');
      assert.equal((await p.page.textContent('.tab[data-conv="#general"] .badge'))?.trim(), '1', 'what came in #general is still unread');
      await p.page.click('.tab[data-conv="#general"]');
      assert.equal(await p.page.locator('.messages .row.new-from .body').textContent(), 'came while closed', 'its "New" line is over it');
      // a Reply to a mention in a room: that room, the direct conversation on show before it closed keeping its badge
      await p.page.click('.tab[data-conv="@bob"]');
      const onDm = (await p.waitForPosted('uiState', (x) => (x.state as { activeRoom?: string }).activeRoom === '@bob' && (x.state as { seenDms?: Record<string, number> }).seenDms?.bob === T0 + 60_000)).state;
      const third = twoRooms({ dms: [dm('bob', 'me', 'are you free at 3?'), dm('bob', 'me', 'or at 4?', { time: T0 + 120_000 })] });
      third.rooms[0]!.events = [...later.rooms[0]!.events, msg('general', 3, 'alice', '@me review this?')];
      const q = await hx.open({ uiState: onDm });
      try {
        await q.deliver({ type: 'snapshot', snapshot: third, show: '#general' }, { type: 'activateRoom', room: 'general' });
        assert.equal(await q.page.getAttribute('.tab.selected', 'data-conv'), '#general');
        assert.equal((await q.page.textContent('.tab[data-conv="@bob"] .badge'))?.trim(), '1', "bob's second message is still unread");
      } finally {
        await q.page.close();
      }
    } finally {
      await p.page.close();
    }
  });

  test('/part of the room on show: the composer shows the draft of the conversation the panel moved to, and the extension hears which', async () => {
    await withPanel(twoRooms(), async (p) => {
      const input = p.page.locator('.composer-input');
      await p.page.click('.tab[data-conv="#dev"]');
      await input.focus();
      await p.page.keyboard.type('draft for dev');
      await p.page.click('.tab[data-conv="#general"]');
      await input.focus();
      await p.page.keyboard.type('half a thought');
      await p.deliver({ type: 'server', msg: { type: 'parted', room: 'general' } });
      assert.equal(await p.page.getAttribute('.tab.selected', 'data-conv'), '#dev');
      assert.equal(await input.inputValue(), 'draft for dev');
      await p.waitForPosted('activeRoom', (m) => m.room === 'dev');
    });
  });

  test('a click on a tab or a member\'s envelope that a typing notice or a message comes in the middle of still works (they were drawn anew under it)', async () => {
    const pressDuring = async (p: Panel, selector: string, during: () => Promise<void>) => {
      const box = (await p.page.locator(selector).boundingBox())!;
      await p.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await p.page.mouse.down();
      await during();
      await p.page.mouse.up();
    };
    await withPanel(twoRooms(), async (p) => {
      await pressDuring(p, '.tab[data-conv="#dev"]', () => p.deliver({ type: 'server', msg: { type: 'typing', room: 'general', nick: 'bob' } }));
      assert.equal(await p.page.getAttribute('.tab.selected', 'data-conv'), '#dev');
      await p.page.click('.tab[data-conv="#general"]');
      await p.page.hover('li.member[data-nick="alice"]');
      await pressDuring(p, 'li.member[data-nick="alice"] .member-dm', () => p.deliver({ type: 'server', msg: msg('general', 2, 'carol', 'hi') }));
      assert.equal(await p.page.getAttribute('.tab.selected', 'data-conv'), '@alice');
    }, 700); // (wide enough for the members pane)
    // a direct conversation's × pressed while a message comes in another room (its tab's badge goes from 1 to 2)
    await withPanel(twoRooms({ dms: [dm('alice', 'me', 'psst')] }), async (p) => {
      await p.page.click('.tab[data-conv="@alice"]');
      await p.deliver({ type: 'server', msg: msg('general', 2, 'carol', 'hi') });
      await p.page.waitForSelector('.tab[data-conv="#general"] .badge');
      const general = await p.page.$('.tab[data-conv="#general"]');
      await pressDuring(p, '.tab[data-conv="@alice"] .tab-close', async () => {
        await p.deliver({ type: 'server', msg: msg('general', 3, 'carol', 'hi again') });
        await p.page.waitForFunction(() => document.querySelector('.tab[data-conv="#general"] .badge')?.textContent === '2');
      });
      assert.deepEqual(await p.page.$$eval('.tab', (els) => els.map((e) => (e as HTMLElement).dataset.conv)), ['#general', '#dev'], 'the conversation closed');
      assert.equal(await general!.evaluate((t) => t.isConnected), true, 'the room tab that got the badge is the same button');
    });
  });

  test('search: the match on show deleted, the view stays where it was and the next match in order is current (it jumped to the newest)', async () => {
    const snap = twoRooms();
    snap.rooms[0]!.events = Array.from({ length: 300 }, (_, i) => msg('general', i + 1, 'alice', [4, 150, 250].includes(i) ? `the flaky test (${i})` : `message ${i + 1}`));
    await withPanel(snap, async (p) => {
      await p.page.locator('.composer-input').focus();
      await p.page.keyboard.press('Control+f');
      await p.page.keyboard.type('flaky');
      await p.page.keyboard.press('Enter');
      await p.page.keyboard.press('Enter');
      assert.deepEqual(await p.page.$$eval('.messages .search-current .body', (els) => els.map((e) => e.textContent)), ['the flaky test (4)']);
      const top = await p.page.$eval('.messages', (l) => l.scrollTop);
      await p.deliver({ type: 'server', msg: { type: 'delete', room: 'general', seq: 301, time: T0, target: 5, from: 'alice', by: 'alice' } });
      await p.page.waitForFunction(() => document.querySelector('.search-count')?.textContent === '1 of 2');
      assert.ok(Math.abs((await p.page.$eval('.messages', (l) => l.scrollTop)) - top) < 200, 'the view did not jump to the end');
    });
  });

  test('search: a message that matches, come while the search is open, is marked; the rows drawn before stay as they are (each such message drew them all anew)', async () => {
    const snap = twoRooms();
    snap.rooms[0]!.events = Array.from({ length: 30 }, (_, i) => msg('general', i + 1, 'alice', i === 27 ? 'the flaky test' : `message ${i + 1}`));
    await withPanel(snap, async (p) => {
      await p.page.locator('.composer-input').focus();
      await p.page.keyboard.press('Control+f');
      await p.page.keyboard.type('flaky');
      await p.page.waitForFunction(() => document.querySelector('.search-count')?.textContent === '1 of 1');
      await p.page.$$eval('.messages .row', (els) => els.forEach((e) => ((e as HTMLElement & { kept?: true }).kept = true)));
      await p.deliver({ type: 'server', msg: msg('general', 31, 'bob', 'flaky again') }, { type: 'server', msg: msg('general', 32, 'bob', 'not that') });
      await p.page.waitForFunction(() => document.querySelector('.search-count')?.textContent === '1 of 2');
      const rows = await p.page.$$eval('.messages .row.msg', (els) => els.map((e) => [e.querySelector('.body')?.textContent?.trim(), (e as HTMLElement & { kept?: true }).kept === true, e.classList.contains('search-hit'), e.classList.contains('search-current')] as const));
      assert.deepEqual(rows.filter(([, kept]) => !kept).map(([text, , hit, current]) => [text, hit, current]), [['flaky again', true, false], ['not that', false, false]], 'only the new rows are drawn (the new match marked)');
      assert.deepEqual(rows.filter(([, , , current]) => current).map(([text]) => text), ['the flaky test'], 'the match on show is still the one shown');
    });
  });

  test('the row being edited is marked, also when another edit was under way (the one ending cleared the new mark)', async () => {
    const snap = twoRooms();
    snap.rooms[0]!.events = [msg('general', 1, 'me', 'first of mine'), msg('general', 2, 'alice', 'hm'), msg('general', 3, 'me', 'second of mine')];
    await withPanel(snap, async (p) => {
      const marked = () => p.page.$$eval('.messages .editing-target .body', (els) => els.map((e) => e.textContent));
      await p.page.focus('.messages');
      await p.page.keyboard.press('ArrowUp');
      await p.page.keyboard.press('e');
      assert.deepEqual(await marked(), ['second of mine']);
      await p.page.focus('.messages');
      await p.page.keyboard.press('Home');
      await p.page.keyboard.press('e');
      assert.deepEqual(await marked(), ['first of mine']);
    });
  });

  test('the @ completion follows the caret: moved away from the word (Home), Enter sends what is written, not a completion where the caret is', async () => {
    await withPanel(twoRooms(), async (p) => {
      const input = p.page.locator('.composer-input');
      await input.focus();
      await p.page.keyboard.type('thanks @al');
      assert.equal(await p.page.isVisible('.autocomplete'), true);
      await p.page.keyboard.press('Home');
      assert.equal(await p.page.isVisible('.autocomplete'), false, 'closed: its word is not at the caret');
      await p.page.keyboard.press('Enter');
      await p.waitForPosted('submit', (m) => m.text === 'thanks @al');
    });
  });

  test('a room entered (/join): the history it replays is not read aloud and not unread; what comes live after it is', async () => {
    await withPanel(twoRooms(), async (p) => {
      await p.deliver({ type: 'server', msg: { type: 'room', name: 'ops', epoch: 'e1', seq: 40, topic: '', members: [{ nick: 'carol', role: 'owner' }, { nick: 'me', role: 'member' }] } });
      const history = Array.from({ length: 40 }, (_, i) => ({ type: 'server' as const, msg: msg('ops', i + 1, 'carol', `old ops message ${i + 1}`), history: true as const }));
      await p.deliver(...history, { type: 'server', msg: { type: 'synced', room: 'ops', seq: 40, gap: false } });
      const heard = () => p.page.$$eval('[aria-live="polite"].sr-only > div', (els) => els.map((e) => e.textContent));
      assert.deepEqual(await heard(), [], 'not 40 old lines read out');
      assert.equal(await p.page.locator('.tab[data-conv="#ops"] .badge').count(), 0, 'not unread');
      await p.deliver({ type: 'server', msg: msg('ops', 41, 'carol', 'a live one') });
      assert.deepEqual(await heard(), ['carol: a live one in #ops']);
      assert.equal(await p.page.textContent('.tab[data-conv="#ops"] .badge'), '1');
    });
  });

  test('unread in a room never opened survives a snapshot and a reload of the panel (the extension took its count)', async () => {
    await withPanel(twoRooms(), async (p) => {
      await p.deliver({ type: 'server', msg: msg('dev', 1, 'alice', 'in dev') }, { type: 'server', msg: msg('dev', 2, 'alice', 'again') });
      assert.equal(await p.page.textContent('.tab[data-conv="#dev"] .badge'), '2');
      const after = twoRooms();
      after.rooms[1]!.events = [msg('dev', 1, 'alice', 'in dev'), msg('dev', 2, 'alice', 'again')];
      await p.deliver({ type: 'snapshot', snapshot: after });
      assert.equal(await p.page.textContent('.tab[data-conv="#dev"] .badge'), '2', 'after a snapshot');
      await p.reload(after);
      assert.equal(await p.page.textContent('.tab[data-conv="#dev"] .badge'), '2', 'after a reload (the panel hidden and shown)');
      await p.waitForPosted('unread', (m) => m.count === 2);
    });
  });

  test('unread counts per room, total posted; switching posts activeRoom and clears', async () => {
    await withPanel(twoRooms(), async (p) => {
      await p.deliver(
        { type: 'server', msg: msg('dev', 1, 'alice', 'in dev') },
        { type: 'server', msg: msg('dev', 2, 'alice', 'again') },
        { type: 'server', msg: msg('dev', 3, 'me', 'my own does not count') },
        { type: 'server', msg: msg('general', 2, 'bob', 'seen: general is active') },
      );
      assert.equal(await p.page.textContent('.tab[data-conv="#dev"] .badge'), '2');
      // Screen readers hear new messages through a polite live region (not the virtualised list).
      const live = await p.page.$$eval('[aria-live="polite"].sr-only > div', (els) => els.map((e) => e.textContent));
      assert.deepEqual(live, ['alice: in dev in #dev', 'alice: again in #dev', 'bob: seen: general is active']);
      assert.equal(await p.page.locator('.tab[data-conv="#general"] .badge').count(), 0);
      const unread = (await p.posted()).filter((m) => m.type === 'unread').map((m) => (m as { count: number }).count);
      // live messages render (and post the total) once per frame: the last total posted is the 2 dev messages
      assert.equal(unread.at(-1), 2);
      // ...counted after every message the extension sent (the snapshot and the four): one on its way when the
      // panel closes counts as unread in the extension
      const through = (await p.posted()).filter((m) => m.type === 'unread').map((m) => (m as { through: number }).through);
      assert.equal(through.at(-1), 5);
      await p.page.click('.tab[data-conv="#dev"]');
      await p.waitForPosted('activeRoom', (m) => m.room === 'dev');
      await p.waitForPosted('unread', (m) => m.count === 0);
      assert.equal(await p.page.locator('.tab .badge').count(), 0);
      assert.deepEqual((await p.rowTexts()).map((t) => t.replace(/ \d\d:\d\d/, '')), ['alice in dev', 'again', 'me my own does not count']);
      // activateRoom from the extension
      await p.deliver({ type: 'activateRoom', room: 'general' });
      assert.equal(await p.page.getAttribute('.tab.selected', 'data-conv'), '#general');
      await p.deliver({ type: 'focusComposer' });
      assert.equal(await p.page.evaluate(() => document.activeElement?.className), 'composer-input');
    });
  });

  test('a text sent while not connected goes to the extension (its client keeps it for the connection) and says once that it waits', async () => {
    await withPanel(twoRooms({ dms: [dm('alice', 'me', 'psst')] }), async (p) => {
      const input = p.page.locator('.composer-input');
      const notices = () => p.page.$$eval('.notice-info .notice-text', (els) => els.map((e) => e.textContent));
      await p.deliver({ type: 'status', status: 'reconnecting', text: 'reconnecting in 2 s...' });
      for (const text of ['/me first while away', 'second while away']) {
        await input.fill(text);
        await input.press('Enter');
        assert.deepEqual((await p.posted()).filter((m) => m.type === 'submit').at(-1), { type: 'submit', room: 'general', text });
        assert.equal((await notices()).length, 1, `after "${text}" (a /me waits as text does)`);
      }
      assert.deepEqual(await notices(), ['Not connected: what you send now goes out, in order, once the connection is back.'], 'said once');
      // back, and away for good (Try Again): said again, with where to press
      await p.deliver({ type: 'status', status: 'connected', text: '' });
      await p.deliver({ type: 'status', status: 'closed', text: 'the host closed the room; it did not come back within 10 min', canRetry: true });
      await input.fill('third');
      await input.press('Enter');
      assert.equal((await notices()).at(-1), 'Not connected: what you send now goes out, in order, once the room is back (Try Again above).');
      // connected: nothing said
      await p.deliver({ type: 'status', status: 'connected', text: '' });
      await input.fill('fourth');
      await input.press('Enter');
      assert.equal((await notices()).length, 2);
      // in a direct conversation a command other than /me and /msg is refused while away (not kept): no word of waiting
      await p.deliver({ type: 'status', status: 'reconnecting', text: 'reconnecting in 2 s...' });
      await p.page.click('.tab[data-conv="@alice"]');
      await input.fill('/join #other');
      await input.press('Enter');
      assert.equal((await notices()).length, 0, 'the direct conversation shows no notice');
      await input.fill('hi alice');
      await input.press('Enter');
      assert.deepEqual(await notices(), ['Not connected: what you send now goes out, in order, once the connection is back.']);
    });
  });

  test('status banner: connecting, reconnecting, closed with the reason (Try Again once the client stopped waiting); hidden when connected', async () => {
    await withPanel(twoRooms({ status: 'connecting', statusText: '' }), async (p) => {
      assert.match((await p.page.textContent('.status-banner')) ?? '', /Connecting to 127\.0\.0\.1:55555/);
      await p.deliver({ type: 'status', status: 'reconnecting', text: 'reconnecting in 2 s...' });
      assert.equal(await p.page.textContent('.status-banner'), 'reconnecting in 2 s...');
      await p.deliver({ type: 'status', status: 'connected', text: '' });
      assert.equal(await p.page.isHidden('.status-banner'), true);
      const bannerIcon = () => p.page.getAttribute('.status-banner .codicon', 'class');
      await p.deliver({ type: 'status', status: 'closed', text: 'the host closed the room; waiting for it to come back (reconnecting in 0.4 s...)', waiting: true });
      assert.equal(await p.page.textContent('.status-banner'), 'the host closed the room; waiting for it to come back (reconnecting in 0.4 s...)');
      assert.ok(await p.page.locator('.status-banner.status-closed').isVisible());
      assert.equal(await bannerIcon(), 'codicon codicon-loading codicon-modifier-spin', 'trying to get back in: it shows trying, not a plug pulled out');
      assert.equal(await p.page.locator('.status-retry').count(), 0, 'still waiting: nothing to press');
      // the client stopped waiting for the room: Try Again in the banner (and after a reload, from the snapshot)
      await p.deliver({ type: 'status', status: 'closed', text: 'the host closed the room; it did not come back within 10 min', canRetry: true });
      assert.equal(await bannerIcon(), 'codicon codicon-debug-disconnect');
      await p.page.click('.status-retry');
      assert.deepEqual(await p.waitForPosted('tryAgain'), { type: 'tryAgain' });
      await p.reload(twoRooms({ status: 'closed', statusText: 'the host closed the room; it did not come back within 10 min', canRetry: true }));
      assert.equal(await p.page.textContent('.status-retry'), 'Try Again');
      // from the keyboard (it comes just before the message list): its ring sits outside the button, whose colour
      // may be the focus colour itself
      await p.page.focus('.messages');
      await p.page.keyboard.press('Shift+Tab');
      assert.deepEqual(await p.page.evaluate(() => {
        const el = document.activeElement as HTMLElement;
        return [el.className, el.matches(':focus-visible'), getComputedStyle(el).outlineOffset];
      }), ['status-retry', true, '2px']);
    });
  });

  test("the banner counts the wait for the next attempt down and stops at the attempt, or once connected; a screen reader hears the status once, not each second", async () => {
    await withPanel(twoRooms(), async (p) => {
      const countingDown = () => p.page.evaluate(() => (window as unknown as { __tcpChat: { countingDown(): boolean } }).__tcpChat.countingDown());
      const heard = () => p.page.$$eval('[aria-live="polite"].sr-only > div', (els) => els.map((e) => e.textContent));
      // What the banner says from now on, as it changes, and whether a countdown runs then: recorded in the page (a
      // busy machine may read the banner after its first figure is gone, 0.2-0.6 s into the wait, or miss one)
      const record = () => p.page.evaluate(() => {
        const el = document.querySelector('.status-banner')!;
        const log: [string, boolean][] = [];
        (window as unknown as { bannerLog: [string, boolean][] }).bannerLog = log;
        const note = () => {
          const text = el.textContent ?? '';
          if (log.at(-1)?.[0] !== text) log.push([text, (window as unknown as { __tcpChat: { countingDown(): boolean } }).__tcpChat.countingDown()]);
        };
        new MutationObserver(note).observe(el, { childList: true, subtree: true, characterData: true });
      });
      const said = () => p.page.evaluate(() => (window as unknown as { bannerLog: [string, boolean][] }).bannerLog.slice());
      /** Waits (bounded) until the banner has said `text`: the countdown moved on without a new status. */
      const bannerSaid = (text: string) => p.page.waitForFunction((t) => (window as unknown as { bannerLog: [string, boolean][] }).bannerLog.some(([said]) => said === t), text, { timeout: 15_000 });
      /**
       * Delivers `m` with the page's clock held still while the panel takes it in, then going on from there: the
       * banner's first figure is that of the wait as sent (a busy machine took 0.2 s to draw a snapshot, and drew
       * 4.2 s as 4 s, not 5 s), and the wait is counted down whole.
       */
      const deliverStill = async (m: ToPanel) => {
        type Clock = { real: () => number; behind: number; at: number };
        await p.page.evaluate(() => {
          const w = window as unknown as { clock?: Clock };
          const c = (w.clock ??= { real: performance.now.bind(performance), behind: 0, at: 0 });
          c.at = c.real() - c.behind;
          performance.now = () => c.at;
        });
        try {
          await p.deliver(m);
        } finally {
          await p.page.evaluate(() => {
            const c = (window as unknown as { clock: Clock }).clock;
            c.behind = c.real() - c.at;
            performance.now = () => c.real() - c.behind;
          });
        }
      };
      await record();
      await deliverStill({ type: 'status', status: 'reconnecting', text: 'connection lost; reconnecting in 2.6 s...', retry: { why: 'connection lost', inMs: 2600 } });
      // (the attempt is made: what the banner says while it goes on, and nothing more to count)
      await bannerSaid('connection lost; reconnecting...');
      assert.deepEqual(await said(), [
        ['connection lost; reconnecting in 3 s...', true],
        ['connection lost; reconnecting in 2 s...', true],
        ['connection lost; reconnecting in 1 s...', true],
        ['connection lost; reconnecting...', false],
      ]);
      assert.equal(await p.page.locator('.status-banner .codicon-modifier-spin').count(), 1, 'still trying');
      assert.deepEqual(await heard(), ['connection lost; reconnecting in 3 s...'], 'said as it changed, once');
      // the room's host closed it: a longer wait, counted down as well; the room back: no countdown left
      await record();
      await deliverStill({ type: 'status', status: 'closed', text: 'the host closed the room; waiting for it to come back; reconnecting in 9.5 s...', waiting: true, retry: { why: 'the host closed the room; waiting for it to come back', inMs: 9500 } });
      await bannerSaid('the host closed the room; waiting for it to come back; reconnecting in 9 s...');
      assert.deepEqual((await said()).slice(0, 2), [
        ['the host closed the room; waiting for it to come back; reconnecting in 10 s...', true],
        ['the host closed the room; waiting for it to come back; reconnecting in 9 s...', true],
      ]);
      await p.deliver({ type: 'status', status: 'connected', text: 'connected to 127.0.0.1:55555' });
      assert.equal(await p.page.isHidden('.status-banner'), true);
      assert.equal(await countingDown(), false, 'connected: no timer left');
      // a panel opened while the client waits counts down what is left of the wait
      await p.reload();
      await record();
      await deliverStill({ type: 'snapshot', snapshot: twoRooms({ status: 'reconnecting', statusText: 'connection lost; reconnecting in 8.0 s...', retry: { why: 'connection lost', inMs: 4200 } }) });
      await bannerSaid('connection lost; reconnecting in 4 s...');
      assert.deepEqual((await said()).slice(0, 2), [['connection lost; reconnecting in 5 s...', true], ['connection lost; reconnecting in 4 s...', true]]);
    });
  });

  test('a room the window left stays on show to read: the banner says so, and nothing typed goes out (it stays in the box)', async () => {
    const left = 'You left the room at 127.0.0.1:55555. What was said stays here until you host or join a room.';
    await withPanel(twoRooms({ status: 'closed', statusText: left, address: '' }), async (p) => {
      assert.equal(await p.page.textContent('.status-banner'), left);
      assert.ok(await p.page.locator('.status-banner.status-idle').isVisible(), 'a state to be in, not a failure');
      assert.ok((await p.page.locator('.messages .row').count()) > 0, 'the history is still there');
      assert.match((await p.page.getAttribute('.composer-input', 'placeholder')) ?? '', /^Not in #general any more/);
      assert.equal(await p.page.locator('.member').count(), 0, 'nobody listed: the window no longer knows who is in it');
      assert.equal(await p.page.textContent('.members-note'), 'Not in #general any more.');
      await p.page.hover('.messages .row.msg >> nth=0');
      assert.equal(await p.page.locator('.row-react, .row-edit, .row-delete').count(), 0, 'nothing to react to, edit or delete');
      await p.page.locator('.composer-input').focus();
      await p.page.keyboard.type('still here?');
      await p.page.keyboard.press('Enter');
      await p.page.waitForSelector('.row.notice-error');
      assert.match((await p.page.textContent('.row.notice-error')) ?? '', /Not in this room any more/);
      assert.equal(await p.page.inputValue('.composer-input'), 'still here?');
      assert.equal((await p.posted()).filter((m) => m.type === 'submit').length, 0);
      // but /quit goes to the extension, which does what Leave Chat does (after a reload, the panel shows this while
      // the window goes back to its room: /quit said "Not in this room any more" and the window went back in)
      await p.page.locator('.composer-input').fill('/quit');
      await p.page.keyboard.press('Enter');
      await p.waitForPosted('submit', (m) => m.text === '/quit');
      assert.equal(await p.page.inputValue('.composer-input'), '');
    });
  });

  test('a room the window left: the keys on a message change nothing either (E, Delete, + answer as its buttons do: not at all)', async () => {
    const snap = twoRooms({ status: 'closed', statusText: 'You left the room at 127.0.0.1:55555.', address: '' });
    snap.rooms[0]!.events.push(msg('general', 2, 'me', 'mine'));
    await withPanel(snap, async (p) => {
      const mine = p.page.locator('.messages .row.msg.mine');
      await mine.focus();
      await p.page.keyboard.press('e');
      assert.equal(await p.page.locator('.composer-edit').isVisible(), false, 'no edit begun');
      assert.equal(await p.page.inputValue('.composer-input'), '');
      await mine.focus();
      await p.page.keyboard.press('Delete');
      await p.page.keyboard.press('+');
      assert.equal(await p.page.locator('.reaction-choice').count(), 0);
      // C still copies: it changes nothing (and the extension hears it after anything the keys above posted)
      await p.page.keyboard.press('c');
      await p.waitForPosted('copyText', (m) => m.text === 'mine');
      assert.deepEqual((await p.posted()).filter((m) => m.type === 'delete' || m.type === 'edit' || m.type === 'react'), [], 'no delete asked for: its confirmation led nowhere');
      assert.equal(await p.page.evaluate(() => document.activeElement?.classList.contains('mine')), true, 'the keyboard stays on the message');
    });
  });

  test('notices, errors, info and gaps appear as local lines', async () => {
    await withPanel(twoRooms(), async (p) => {
      await p.deliver(
        { type: 'notice', level: 'info', text: 'Commands:\n  /help' },
        { type: 'server', msg: { type: 'error', code: 'nick_taken', message: 'nick "bob" is taken', suggestion: 'bob2' } },
        { type: 'server', msg: { type: 'error', code: 'nick_taken', message: 'the nickname "ann" is taken; try "ann_2"', suggestion: 'ann_2' } },
        { type: 'server', msg: { type: 'info', text: 'welcome!' } },
        { type: 'server', msg: { type: 'synced', room: 'general', seq: 1, gap: true } },
        // (the server's answer to /topic quotes the topic: its emoji names show as the topic's do)
        { type: 'server', msg: { type: 'info', text: 'Topic for #general: ship it :tada: :rocket:' } },
      );
      const notices = await p.page.$$eval('.notice .notice-text', (els) => els.map((e) => (e as HTMLElement).innerText));
      assert.deepEqual(notices, ['Commands:\n  /help', 'nick "bob" is taken (try "bob2")', 'the nickname "ann" is taken; try "ann_2"', 'welcome!', 'Some earlier messages may be missing (history did not reach back far enough).', 'Topic for #general: ship it 🎉 🚀']);
      assert.equal(await p.page.locator('.notice-error').count(), 2);
    });
  });

  test('"New" marks the first message you had not seen; a long unread run opens at it, not at the end', async () => {
    await withPanel(twoRooms(), async (p) => {
      const dev = (seq: number, from: string, text: string) => ({ type: 'server' as const, msg: msg('dev', seq, from, text) });
      await p.deliver(dev(1, 'me', 'mine, seen'), dev(2, 'alice', 'first new'), dev(3, 'alice', 'second new'));
      await p.page.click('.tab[data-conv="#dev"]');
      const marked = () => p.page.$$eval('.messages .row.new-from', (els) => els.map((e) => e.querySelector('.body')?.textContent?.trim() ?? e.textContent));
      assert.deepEqual(await marked(), ['first new']);
      assert.equal(await p.page.locator('.row.new-from .author').textContent(), 'alice', 'it names its author');
      await p.page.click('.tab[data-conv="#general"]');
      await p.page.click('.tab[data-conv="#dev"]');
      assert.deepEqual(await marked(), [], 'nothing new since the last visit');
      // sixty while away: the panel opens at the first of them
      await p.page.click('.tab[data-conv="#general"]');
      await p.deliver(...Array.from({ length: 60 }, (_, i) => dev(4 + i, 'bob', `burst ${i + 1}`)));
      await p.page.click('.tab[data-conv="#dev"]');
      await p.page.waitForFunction(() => {
        const row = document.querySelector('.messages .row.new-from');
        const list = document.querySelector('.messages');
        if (!row || !list) return false;
        const r = row.getBoundingClientRect();
        const l = list.getBoundingClientRect();
        return r.top >= l.top && r.top < l.top + l.height / 2;
      });
      assert.match((await marked())[0] ?? '', /burst 1$/);
      // the extension posts the whole state again (same session): the view stays at the end, the line stays
      const again = twoRooms({ activeRoom: 'dev' });
      again.rooms[1]!.events = [msg('dev', 1, 'me', 'mine, seen'), msg('dev', 2, 'alice', 'first new'), msg('dev', 3, 'alice', 'second new'),
        ...Array.from({ length: 60 }, (_, i) => msg('dev', 4 + i, 'bob', `burst ${i + 1}`))];
      await p.deliver({ type: 'snapshot', snapshot: again });
      assert.equal(await p.page.locator('.messages .row', { hasText: 'burst 60' }).count(), 1, 'at the end');
      assert.deepEqual(await marked(), [], 'not back up at the line');
      await p.page.$eval('.messages', (l) => { l.scrollTop = 0; });
      await p.page.waitForFunction(() => document.querySelector('.messages .row.new-from') !== null);
      assert.match((await marked())[0] ?? '', /burst 1$/);
      await p.page.click('.jump');
      // your own message says you have read them: the mark goes
      await p.deliver(dev(64, 'me', 'caught up'));
      await p.page.waitForFunction(() => document.querySelector('.row.new-from') === null);
    });
  });

  test('a date line above each day\'s first row: the date, Yesterday, Today; a group does not run across midnight', async () => {
    const day = 86_400_000;
    const today = new Date();
    today.setUTCHours(0, 30, 0, 0); // the harness runs in UTC: 00:30 today
    const t = today.getTime();
    const at = (seq: number, from: string, text: string, time: number) => ({ ...msg('general', seq, from, text), time });
    const snap = twoRooms();
    snap.rooms[0]!.events = [
      at(1, 'alice', 'a week ago', t - 7 * day),
      at(2, 'alice', 'late yesterday', t - 40 * 60_000), // 23:50 yesterday
      at(3, 'alice', 'early today', t), // 40 minutes later: the same author, but another day
      at(4, 'alice', 'still today', t + 60_000),
    ];
    await withPanel(snap, async (p) => {
      const lines = await p.page.$$eval('.messages .day-line', (els) => els.map((e) => e.textContent));
      // the page's own locale and time zone name the date (a year only when it is not this one)
      const weekAgo = await p.page.evaluate((ms) => new Intl.DateTimeFormat(undefined, { weekday: 'long', day: 'numeric', month: 'long', ...(new Date(ms).getFullYear() === new Date().getFullYear() ? {} : { year: 'numeric' as const }) }).format(ms), t - 7 * day);
      assert.deepEqual(lines, [weekAgo, 'Yesterday', 'Today']);
      const rows = await p.page.$$eval('.messages .row', (els) => els.map((e) => [e.querySelector('.author')?.textContent ?? null, e.querySelector('.body')?.textContent]));
      assert.deepEqual(rows, [['alice', 'a week ago'], ['alice', 'late yesterday'], ['alice', 'early today'], [null, 'still today']]);
    });
  });

  test('at the end of a long history the list stays at the end when a bar above it grows (a banner, a wrapping topic)', async () => {
    await withPanel(twoRooms({}, 60), async (p) => {
      const gap = () => p.page.$eval('.messages', (l) => l.scrollHeight - l.clientHeight - l.scrollTop);
      assert.ok(await gap() < 1, 'starts at the end');
      for (let i = 0; i < 3; i++) {
        // a message (the list scrolls to it) and, before the next frame, the connection drops (a banner appears)
        await p.page.evaluate((seq) => {
          window.postMessage({ type: 'server', msg: { type: 'message', room: 'general', seq, time: Date.now(), from: 'alice', text: `more ${seq}`, kind: 'text' } }, '*');
          requestAnimationFrame(() => setTimeout(() => window.postMessage({ type: 'status', status: 'reconnecting', text: 'Connection lost; reconnecting in 1.0 s…' }, '*')));
        }, 61 + i);
        await p.page.waitForFunction(() => document.querySelector('.status-banner:not([hidden])') !== null);
        await p.page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 50)))));
        assert.ok(await gap() < 1, `still at the end (${await gap()} px short)`);
        await p.deliver({ type: 'status', status: 'connected', text: '' });
      }
    });
  });

  test('a message long only by its characters that fits in the view (a Markdown link of a long address, a log in a wide panel) shows whole: no fade, no "Show more" that opens nothing', async () => {
    const snap = twoRooms();
    const url = `https://grafana.example/d/latency?${Array.from({ length: 120 }, (_, i) => `var-host${i}=db-${i}`).join('&')}`;
    const trace = ['Error: boom', ...Array.from({ length: 8 }, (_, i) => `    at handler${i} (src/node/chatServer.ts:${100 + i}:17) ${'x'.repeat(80)}`)].join('\n');
    snap.rooms[0]!.events = [msg('general', 1, 'alice', `p99 went up after the deploy\nsee the [latency dashboard](${url})`), msg('general', 2, 'bob', trace)];
    await withPanel(snap, async (p) => {
      const row = (text: string) => p.page.locator('.messages .row', { hasText: text });
      assert.equal(await row('p99 went up').locator('.show-more').count(), 0);
      assert.equal(await row('p99 went up').locator('.shortened').count(), 0, 'not faded');
      assert.equal(await row('Error: boom').locator('.show-more').count(), 0, 'nine lines fit at 1,400 px');
    }, 1400);
    // the log in a narrow panel is long: folded, as ever
    await withPanel(snap, async (p) => {
      assert.equal(await p.page.locator('.messages .row', { hasText: 'Error: boom' }).locator('.show-more').count(), 1);
      assert.equal(await p.page.locator('.messages .row', { hasText: 'p99 went up' }).locator('.show-more').count(), 0);
    }, 320);
  });

  test('a /me with reactions keeps its time beside its first line, its text wrapping', async () => {
    const snap = twoRooms();
    snap.rooms[0]!.events = [{ ...msg('general', 1, 'alice', 'is running the fuzz tests on every branch before the release, all of them, one after the other'), kind: 'action', reactions: [{ emoji: '👍', by: ['bob'] }] }];
    await withPanel(snap, async (p) => {
      const row = p.page.locator('.messages .row', { hasText: 'fuzz tests' });
      const [time, body] = await Promise.all([row.locator('.time').boundingBox(), row.locator('.action-body').boundingBox()]);
      assert.ok(time && body && Math.abs(time.y - body.y) < 10, `the time at ${time?.y}, the text at ${body?.y}`);
      assert.ok(body.height > 30, 'the text wraps');
    }, 360);
  });

  test('a tab or icon button focused from the keyboard keeps its focus ring while the mouse rests on it', async () => {
    await withPanel(twoRooms(), async (p) => {
      for (const sel of ['.tab[data-conv="#general"]', '.icon-button[aria-label^="Find"]']) {
        await p.page.focus(sel);
        await p.page.keyboard.press('Shift+Tab');
        await p.page.keyboard.press('Tab');
        await p.page.hover(sel);
        const outline = await p.page.$eval(sel, (el) => [el.matches(':focus-visible'), getComputedStyle(el).outlineStyle]);
        assert.deepEqual(outline, [true, 'solid'], sel);
      }
    });
  });

  test("a placeholder too wide for a narrow composer ends in an ellipsis where it is cut (a textarea's is cut mid-letter)", async () => {
    const snap = twoRooms();
    snap.rooms[0]!.name = 'frontend-platform-team';
    snap.activeRoom = 'frontend-platform-team';
    await withPanel(snap, async (p) => {
      const placeholder = (await p.page.getAttribute('.composer-input', 'placeholder')) ?? '';
      assert.match(placeholder, /^Message #front.*…$/);
      const fits = await p.page.$eval('.composer-input', (el) => {
        const t = el as HTMLTextAreaElement;
        const c = document.createElement('canvas').getContext('2d')!;
        const st = getComputedStyle(t);
        c.font = st.font;
        return c.measureText(t.placeholder).width <= t.clientWidth - parseFloat(st.paddingLeft) - parseFloat(st.paddingRight);
      });
      assert.equal(fits, true);
    }, 240);
  });

  test('a long message (a pasted log) shows its first lines and "Show more"; opened, it stays open and grows downward', async () => {
    const log = ['The tests fail on main:', '```', ...Array.from({ length: 40 }, (_, i) => `    at run (src/node/chatServer.ts:${100 + i}:17)`), '```', 'any idea?'].join('\n');
    const snap = twoRooms();
    // enough before it that the room fills the view (with less, the rows sit at the bottom and grow up)
    snap.rooms[0]!.events = [...Array.from({ length: 20 }, (_, i) => msg('general', i + 1, 'alice', `earlier ${i + 1}`)), msg('general', 21, 'bob', log), msg('general', 22, 'alice', 'short one')];
    await withPanel(snap, async (p) => {
      const bodyOf = (text: string) => p.page.locator('.messages .row', { hasText: text }).locator('.body');
      assert.equal(await p.page.locator('.show-more').count(), 1, 'only the long one');
      const clipped = () => bodyOf('tests fail').evaluate((b) => b.scrollHeight > b.clientHeight + 1);
      assert.equal(await clipped(), true);
      const top = () => p.page.locator('.messages .row', { hasText: 'tests fail' }).evaluate((r) => r.getBoundingClientRect().top);
      const before = await top();
      // a click where it is (Playwright's click would scroll it into view first, which the user need not)
      await p.page.$eval('.show-more', (b) => (b as HTMLElement).click());
      await p.page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      assert.equal(await p.page.textContent('.show-more'), 'Show less');
      assert.equal(await p.page.getAttribute('.show-more', 'aria-expanded'), 'true');
      assert.equal(await clipped(), false, 'all of it');
      assert.ok(Math.abs((await top()) - before) < 1, `it grew downward: the reader's place stayed (${before} -> ${await top()})`);
      // it stays open when the row leaves the page and comes back
      await p.page.click('.tab[data-conv="#dev"]');
      await p.page.click('.tab[data-conv="#general"]');
      assert.equal(await clipped(), false);
      await p.page.click('.show-more');
      assert.equal(await clipped(), true);
    });
  });

  test('"Show less" at the end of a long message: the message shrinks around its button, which stays where it was (the view went ~30 messages on)', async () => {
    const log = ['A long log:', '```', ...Array.from({ length: 200 }, (_, i) => `line ${i + 1} of the log`), '```'].join('\n');
    const snap = twoRooms();
    snap.rooms[0]!.events = [
      ...Array.from({ length: 20 }, (_, i) => msg('general', i + 1, 'alice', `earlier ${i + 1}`)),
      msg('general', 21, 'bob', log),
      ...Array.from({ length: 60 }, (_, i) => msg('general', 22 + i, 'alice', `later ${i + 1}`)),
    ];
    await withPanel(snap, async (p) => {
      const frames = () => p.page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 30)))));
      await p.page.evaluate(() => document.querySelector('.messages')!.scrollTo(0, 0));
      await frames();
      await p.page.$eval('.show-more', (b) => (b as HTMLElement).click());
      await frames();
      // read down to the end of the long text: its "Show less" in the middle of the view
      await p.page.evaluate(() => {
        const list = document.querySelector('.messages')!;
        const button = document.querySelector('.show-more')!;
        list.scrollTop += button.getBoundingClientRect().top - list.getBoundingClientRect().top - list.clientHeight / 2;
      });
      await frames();
      const buttonTop = () => p.page.$eval('.show-more', (b) => b.getBoundingClientRect().top);
      const before = await buttonTop();
      await p.page.$eval('.show-more', (b) => (b as HTMLElement).click());
      await frames();
      assert.deepEqual(await p.page.$$eval('.show-more', (b) => b.map((x) => x.textContent)), ['Show more'], 'the button is still in the page');
      assert.ok(Math.abs((await buttonTop()) - before) < 1, `the button stayed under the pointer (${before} -> ${await buttonTop()})`);
      const shown = await p.page.$$eval('.messages .row', (rows) => {
        const view = document.querySelector('.messages')!.getBoundingClientRect();
        return rows.filter((r) => { const b = r.getBoundingClientRect(); return b.bottom > view.top && b.top < view.bottom; }).map((r) => r.textContent ?? '');
      });
      assert.ok(shown.some((t) => t.includes('later 1')), `the messages right after it show: ${shown.map((t) => t.slice(0, 30)).join(' | ')}`);
    });
  });

  test('your messages stay yours after your /nick (Edit, Delete, styled as yours); whoever takes your old name later does not get them', async () => {
    const shown = (p: Panel) => p.page.$$eval('.row.msg', (els) => els.map((e) => ({ mine: e.classList.contains('mine'), edit: !!e.querySelector('.row-edit'), del: !!e.querySelector('.row-delete') })));
    const members = [{ nick: 'alice', role: 'owner' as const }, { nick: 'me', role: 'member' as const }];
    await withPanel(makeSnapshot({ rooms: [{ name: 'general', epoch: 'e1', topic: '', members, events: [msg('general', 1, 'me', 'before my rename')] }] }), async (p) => {
      await p.deliver(
        { type: 'server', msg: { type: 'nick', room: 'general', seq: 2, time: T0 + 120_000, from: 'me', to: 'me2' } },
        { type: 'server', msg: { type: 'you', nick: 'me2', role: 'member' } },
      );
      await p.page.hover('.row.msg');
      assert.deepEqual(await shown(p), [{ mine: true, edit: true, del: true }]);
    });
    // the window of the second bob, who joined after the first renamed to robert
    const events = [
      msg('general', 1, 'bob', 'written by the first bob'),
      { type: 'nick' as const, room: 'general', seq: 2, time: T0 + 90_000, from: 'bob', to: 'robert' },
      { type: 'join' as const, room: 'general', seq: 3, time: T0 + 100_000, nick: 'bob', role: 'member' as const },
      msg('general', 4, 'bob', 'written by me, the second bob'),
    ];
    await withPanel(makeSnapshot({ nick: 'bob', nicks: ['bob'], rooms: [{ name: 'general', epoch: 'e1', topic: '', members: [{ nick: 'robert', role: 'member' }, { nick: 'bob', role: 'member' }], events }] }), async (p) => {
      await p.page.hover('.row.msg >> nth=0');
      assert.deepEqual((await shown(p))[0], { mine: false, edit: false, del: false }, "the first bob's message is not the second's");
      await p.page.hover('.row.msg >> nth=1');
      assert.deepEqual((await shown(p))[1], { mine: true, edit: true, del: true });
    });
  });

  test('a long /me and a long notice fold behind "Show more" too; quotes past four levels are not indented further', async () => {
    const snap = twoRooms();
    const lines = (n: number, what: string) => Array.from({ length: n }, (_, i) => `${what} ${i + 1}`).join('\n');
    snap.rooms[0]!.events = [
      { ...msg('general', 1, 'mallory', lines(40, 'waves')), kind: 'action' },
      msg('general', 2, 'alice', `${'>'.repeat(12)} ${'word '.repeat(60)}`),
      { ...msg('general', 3, 'bob', 'stretches\nand yawns'), kind: 'action' },
    ];
    await withPanel(snap, async (p) => {
      assert.equal(await p.page.locator('.row.action', { hasText: 'yawns' }).locator('.action-text').evaluate((t) => (t as HTMLElement).innerText), 'stretches\nand yawns', 'a /me of two lines shows two, no empty one between');
      await p.deliver({ type: 'server', msg: { type: 'info', text: lines(40, 'server says') } });
      const clipped = (row: string) => p.page.locator(row).evaluate((b) => b.scrollHeight > b.clientHeight + 1);
      assert.equal(await p.page.locator('.show-more').count(), 2, 'the /me and the notice');
      assert.equal(await clipped('.row.action:has-text("waves") .action-body'), true);
      assert.equal(await clipped('.row.notice .notice-text'), true);
      const widths = await p.page.locator('.row', { hasText: 'word word' }).locator('.body').evaluate((b) => {
        const quotes = b.querySelectorAll('blockquote');
        return { body: b.getBoundingClientRect().width, deepest: quotes[quotes.length - 1]!.getBoundingClientRect().width };
      });
      assert.ok(widths.deepest > widths.body - 80, `twelve levels are indented as four: ${widths.deepest} of ${widths.body} px`);
      // Enter on the row opens it, as on a long message (it did nothing on a /me)
      await p.page.locator('.row.action:has-text("waves")').focus();
      await p.page.keyboard.press('Enter');
      await p.page.waitForSelector('.row.action .show-more[aria-expanded="true"]');
      assert.equal(await clipped('.row.action:has-text("waves") .action-body'), false, 'opened: all of it');
      await p.page.locator('.row.action .show-more').click();
      assert.equal(await clipped('.row.action:has-text("waves") .action-body'), true, 'and closed again');
    });
  });

  test('Ctrl+F finds in the whole conversation, rows out of the page included; Enter goes to older matches', async () => {
    const snap = twoRooms();
    snap.rooms[0]!.events = Array.from({ length: 300 }, (_, i) => msg('general', i + 1, 'alice', i === 4 || i === 250 ? `the Flaky test (${i})` : `message ${i + 1}`));
    await withPanel(snap, async (p) => {
      const current = () => p.page.$$eval('.messages .search-current .body', (els) => els.map((e) => e.textContent));
      const inView = () => p.page.$eval('.messages .search-current', (r) => {
        const l = document.querySelector('.messages')!.getBoundingClientRect();
        const b = r.getBoundingClientRect();
        return b.top >= l.top && b.bottom <= l.bottom;
      });
      assert.equal(await p.page.locator('.messages .row', { hasText: 'the Flaky test (4)' }).count(), 0, 'far up: not in the page');
      await p.page.locator('.composer-input').focus();
      await p.page.keyboard.press('Control+f');
      assert.equal(await p.page.evaluate(() => document.activeElement?.className), 'search-input');
      await p.page.keyboard.type('flaky');
      assert.equal(await p.page.textContent('.search-count'), '2 of 2');
      // no second, unthemed × at the field's end (the browser's, for a search field): the bar has its own
      const field = (await p.page.locator('.search-input').boundingBox())!;
      await p.page.mouse.click(field.x + field.width - 12, field.y + field.height / 2);
      assert.equal(await p.page.inputValue('.search-input'), 'flaky');
      assert.deepEqual(await current(), ['the Flaky test (250)']);
      assert.ok(await inView());
      await p.page.keyboard.press('Enter');
      assert.equal(await p.page.textContent('.search-count'), '1 of 2');
      await p.page.waitForFunction(() => document.querySelector('.messages .search-current') !== null);
      assert.deepEqual(await current(), ['the Flaky test (4)']);
      // the words themselves are marked (CSS highlights), the current match's apart
      assert.deepEqual(await highlighted(p, 'search-current'), ['Flaky']);
      assert.ok(await inView(), 'scrolled to it');
      assert.equal(await p.page.locator('.messages .search-hit').count(), 0, 'the other match is out of the page now');
      await p.page.keyboard.press('Shift+Enter');
      assert.deepEqual(await current(), ['the Flaky test (250)']);
      // a match that comes while the bar is open is counted and marked; the current one stays
      await p.deliver({ type: 'server', msg: msg('general', 301, 'bob', 'still flaky on CI') });
      assert.equal(await p.page.textContent('.search-count'), '2 of 3');
      assert.deepEqual(await current(), ['the Flaky test (250)']);
      await p.page.waitForFunction(() => document.querySelector('.messages .row.search-hit .body')?.textContent === 'still flaky on CI');
      await p.page.keyboard.type(' nothing like it');
      assert.equal(await p.page.textContent('.search-count'), 'No results');
      await p.page.keyboard.press('Escape');
      assert.equal(await p.page.isHidden('.search'), true);
      assert.deepEqual([await highlighted(p, 'search'), await highlighted(p, 'search-current')], [[], []], 'closed: nothing marked');
      assert.equal(await p.page.evaluate(() => document.activeElement?.className), 'composer-input', 'back to the composer');
    });
  });

  test('Escape closes the search bar from its buttons too (Older, Newer, Close), not only from its field', async () => {
    const snap = twoRooms({}, 5);
    await withPanel(snap, async (p) => {
      for (const label of ['Older match (Enter)', 'Newer match (Shift+Enter)', 'Close (Escape)']) {
        await p.page.locator('.composer-input').focus();
        await p.page.keyboard.press('Control+f');
        await p.page.keyboard.type('message');
        await p.page.focus(`.search .icon-button[aria-label="${label}"]`);
        await p.page.keyboard.press('Escape');
        assert.equal(await p.page.isHidden('.search'), true, `Escape on ${label}`);
        assert.equal(await p.page.evaluate(() => document.activeElement?.className), 'composer-input', 'back to the composer');
      }
    });
  });

  test('in the search field, Enter and Escape while an input method composes are its own (they commit or cancel the word): no step, no close', async () => {
    await withPanel(twoRooms({}, 5), async (p) => {
      await p.page.locator('.composer-input').focus();
      await p.page.keyboard.press('Control+f');
      await p.page.keyboard.type('message');
      const count = () => p.page.locator('.search-count').textContent();
      const before = await count();
      const composingKey = (key: string) => p.page.locator('.search-input').evaluate((el, k) => el.dispatchEvent(new KeyboardEvent('keydown', { key: k, isComposing: true, bubbles: true, cancelable: true })), key);
      await composingKey('Enter');
      assert.equal(await count(), before, 'Enter while composing: no step');
      await composingKey('Escape');
      assert.equal(await p.page.isHidden('.search'), false, 'Escape while composing: still open');
      await p.page.keyboard.press('Enter');
      assert.notEqual(await count(), before, 'Enter itself steps');
    });
  });

  test('Find shows the match it goes to: a long message or notice opens in full, and a code card\'s code and the list scroll to it', async () => {
    const snap = twoRooms();
    const code = Array.from({ length: 60 }, (_, i) => (i === 50 ? 'const zebraNeedle = 1;' : `line${i}();`)).join('\n');
    snap.rooms[0]!.events = [
      msg('general', 1, 'bob', code, { kind: 'code', code: { path: 'src/z.ts', language: 'typescript', startLine: 1, endLine: 60 } }),
      msg('general', 2, 'alice', Array.from({ length: 40 }, (_, i) => (i === 30 ? 'the needle is here deep down' : `line ${i}`)).join('\n')),
      msg('general', 3, 'alice', 'after'),
    ];
    await withPanel(snap, async (p) => {
      /** Whether the current match is inside the box of every element around it, up to the list. */
      const matchInView = () => p.page.evaluate(() => {
        const range = [...((CSS as unknown as { highlights: Map<string, Set<Range>> }).highlights.get('search-current') ?? [])][0];
        if (!range) return 'no match marked';
        const r = range.getBoundingClientRect();
        for (let el = range.startContainer.parentElement; el; el = el.classList.contains('messages') ? null : el.parentElement) {
          const b = el.getBoundingClientRect();
          if (r.top < b.top - 1 || r.bottom > b.bottom + 1) return `outside ${el.className || el.tagName}`;
        }
        return 'in view';
      });
      await p.page.locator('.composer-input').focus();
      await p.page.keyboard.press('Control+f');
      await p.page.keyboard.type('needle');
      assert.equal(await p.page.textContent('.search-count'), '2 of 2');
      assert.equal(await p.page.locator('.row.search-current .show-more').textContent(), 'Show less', 'the long message is open');
      assert.equal(await matchInView(), 'in view');
      await p.page.keyboard.press('Enter'); // the older one: in the code card, line 51 of 60
      assert.equal(await p.page.textContent('.search-count'), '1 of 2');
      assert.equal(await matchInView(), 'in view');
      // a long notice (a command's output, a server's words) folds as a message does, and opens as one
      await p.page.keyboard.press('Escape');
      await p.deliver({ type: 'notice', level: 'info', text: Array.from({ length: 40 }, (_, i) => (i === 35 ? 'a haystack notice' : `notice line ${i}`)).join('\n') });
      await p.page.keyboard.press('Control+f');
      await p.page.fill('.search-input', 'haystack');
      assert.equal(await p.page.textContent('.search-count'), '1 of 1');
      assert.equal(await p.page.locator('.row.search-current .show-more').textContent(), 'Show less', 'the long notice is open');
      assert.equal(await matchInView(), 'in view');
    }, 520);
  });

  test('find matches what a row shows: markdown words without their syntax, a shared file\'s path, names in joins; marks fold as the search does and run across formatting', async () => {
    const snap = twoRooms();
    const code = { path: 'src/node/chatServer.ts', language: 'typescript', startLine: 3, endLine: 3 };
    snap.rooms[0]!.events = [
      msg('general', 1, 'alice', 'the **resume** path drops the `last seq`'),
      msg('general', 2, 'bob', 'const x = 1;', { kind: 'code', code }),
      { type: 'join', room: 'general', seq: 3, time: T0 + 60_000, nick: 'carol', role: 'member' },
      msg('general', 4, 'alice', 'ｆｌａｋｙ on the wide keyboard'),
    ];
    await withPanel(snap, async (p) => {
      const find = async (q: string) => {
        await p.page.fill('.search-input', q);
        return [await p.page.textContent('.search-count'), [...await highlighted(p, 'search'), ...await highlighted(p, 'search-current')]];
      };
      await p.page.keyboard.press('Control+f');
      assert.deepEqual(await find('resume path'), ['1 of 1', ['resume path']], 'across the bold: what the row shows');
      assert.deepEqual(await find('last seq'), ['1 of 1', ['last seq']]);
      assert.deepEqual(await find('**'), ['No results', []], 'not the markdown syntax');
      assert.deepEqual(await find('chatServer.ts'), ['1 of 1', ['chatServer.ts']], "a shared file's path");
      assert.deepEqual(await find('carol'), ['1 of 1', ['carol']], 'a join');
      assert.deepEqual(await find('flaky'), ['1 of 1', ['ｆｌａｋｙ']], 'full-width letters, found and marked');
    });
  });

  test('a click on an author puts "@nick " in the composer; the header\'s search button opens find', async () => {
    const snap = twoRooms();
    snap.rooms[0]!.events = [msg('general', 1, 'alice', 'hello'), msg('general', 2, 'me', 'mine')];
    await withPanel(snap, async (p) => {
      assert.deepEqual(await p.page.$$eval('.messages .msg-header', (els) => els.map((e) => e.querySelector('.author-button')?.getAttribute('title') ?? null)),
        ['Mention alice', null], 'not your own');
      const input = p.page.locator('.composer-input');
      await input.fill('thanks');
      await p.page.click('.author-button');
      assert.equal(await input.inputValue(), 'thanks @alice ');
      assert.ok(await input.evaluate((el) => el === document.activeElement), 'the composer has focus');
      await p.page.click('.icon-button[aria-label="Find in conversation"]');
      assert.equal(await p.page.isVisible('.search-input'), true);
      await p.page.click('.icon-button[aria-label="Find in conversation"]');
      assert.equal(await p.page.isHidden('.search'), true);
    });
  });

  test("Reply on code shared from outside the sharer's workspace names it without `path:line` (a link to the reader's own file of that name)", async () => {
    const snap = twoRooms();
    snap.rooms[0]!.events = [msg('general', 1, 'bob', '{}', { kind: 'code', code: { path: 'package.json', language: 'json', startLine: 12, endLine: 14, outside: true } })];
    await withPanel(snap, async (p) => {
      await p.page.hover('.row.msg');
      await p.page.click('.row.msg >> .row-reply');
      assert.equal(await p.page.locator('.composer-input').inputValue(), "> package.json, lines 12–14 (from outside the sharer's workspace)\n\n@bob ");
    });
  });

  test('Reply on a message cut inside a fenced block closes the block in the quote: the "…" and what you write are no code', async () => {
    const snap = twoRooms();
    snap.rooms[0]!.events = [msg('general', 1, 'alice', 'this fails:\n```ts\nconst a = 1;\nconst b = 2;\nconst c = 3;\n```')];
    await withPanel(snap, async (p) => {
      await p.page.hover('.row.msg');
      await p.page.click('.row.msg >> .row-reply');
      const input = p.page.locator('.composer-input');
      assert.equal(await input.inputValue(), '> this fails:\n> ```ts\n> const a = 1;\n> const b = 2;\n> ```\n> …\n\n@alice ');
      await input.pressSequentially('why?');
      await p.page.keyboard.press('Enter');
      const sent = await p.waitForPosted('submit');
      await p.deliver({ type: 'server', msg: msg('general', 2, 'me', sent.text) });
      const reply = p.page.locator('.row.msg').nth(1);
      assert.equal(await reply.locator('pre code').textContent(), 'const a = 1;\nconst b = 2;\n');
      assert.match((await reply.locator('.body > p').last().textContent()) ?? '', /@alice why\?/);
    });
  });

  test("a reply's quote leads to the message it quotes, far up the history (a click, Enter): the keyboard is on it; a quote of nothing above leads nowhere, and one of a message edited since still leads there; a link in the quote opens its own target", async () => {
    const snap = twoRooms();
    const code = { path: 'a.ts', language: 'typescript', startLine: 1, endLine: 1 };
    snap.rooms[0]!.events = [
      msg('general', 1, 'alice', 'can you look at **resume**?\nsee src/b.ts:4'),
      msg('general', 2, 'bob', 'const x = 1;', { kind: 'code', code }),
      ...Array.from({ length: 80 }, (_, i) => msg('general', i + 3, 'bob', `filler ${i + 3}`)),
      msg('general', 83, 'me', '> can you look at **resume**?\n> see src/b.ts:4\n\n@alice yes, now'),
      msg('general', 84, 'me', '> a.ts:1\n\n@bob why 1?'),
      msg('general', 85, 'me', '> something nobody said\n\nhmm'),
    ];
    await withPanel(snap, async (p) => {
      const reply = p.page.locator('.row.msg:has-text("yes, now") blockquote');
      assert.equal(await reply.getAttribute('class'), 'reply-quote');
      assert.equal(await reply.getAttribute('role'), 'link');
      assert.equal(await reply.getAttribute('title'), "Go to alice's message of 09:30");
      assert.equal(await p.page.locator('.row.msg:has-text("nobody said") blockquote.reply-quote').count(), 0, 'a quote of nothing above');
      const focused = () => p.page.evaluate(() => document.activeElement?.closest<HTMLElement>('[data-key]')?.dataset.key);
      await reply.click();
      assert.equal(await focused(), 'e1e1', 'the keyboard on the message quoted');
      assert.ok(await p.page.locator('[data-key="e1e1"] .row').evaluate((el) => el === document.activeElement && el.classList.contains('went-to') && el.getBoundingClientRect().top >= el.closest('.messages')!.getBoundingClientRect().top), 'marked, in view');
      // from the keyboard: End, Up to the reply to the code card, Tab to its quote, Enter
      await p.page.keyboard.press('End');
      await p.page.keyboard.press('ArrowUp');
      assert.equal(await focused(), 'e1e84');
      await p.page.keyboard.press('Tab');
      assert.ok(await p.page.evaluate(() => document.activeElement?.classList.contains('reply-quote')), 'Tab reaches the quote');
      await p.page.keyboard.press('Enter');
      assert.equal(await focused(), 'e1e2', 'the code card quoted');
      // a path link in a quote opens that path, and does not move
      await p.page.keyboard.press('End');
      await p.page.locator('[data-key="e1e83"] blockquote a').click();
      assert.equal((await p.waitForPosted('openPath')).path, 'src/b.ts');
      assert.equal(await focused(), 'e1e83');
      // the message quoted, edited: the quote still leads to it, drawn again (another conversation shown, then this one)
      await p.deliver({ type: 'server', msg: { type: 'edit', room: 'general', seq: 86, time: T0, target: 1, from: 'alice', text: 'never mind' } });
      await p.page.click('.tab[data-conv="#dev"]');
      await p.page.click('.tab[data-conv="#general"]');
      await p.page.locator('[data-key="e1e83"] blockquote.reply-quote').click();
      assert.equal(await focused(), 'e1e1');
      assert.match((await p.page.locator('[data-key="e1e1"]').textContent()) ?? '', /never mind/);
      assert.deepEqual(p.errors, []);
    });
  });

  test('Reply on a message quotes its first lines in the composer and mentions its author (on a code card: which code); by the name they have now, and not when they left or it is you', async () => {
    const snap = twoRooms();
    snap.rooms[0]!.events = [
      msg('general', 1, 'alice', 'can you look at **resume**?\nit drops the last seq\nline 3\nline 4\nline 5'),
      msg('general', 2, 'bob', 'const x = 1;', { kind: 'code', code: { path: 'a.ts', language: 'typescript', startLine: 1, endLine: 1 } }),
    ];
    await withPanel(snap, async (p) => {
      assert.equal(await p.page.locator('.row.msg .row-reply').count(), 2, 'a code card too');
      const input = p.page.locator('.composer-input');
      await input.fill('first this');
      await p.page.hover('.row.msg >> nth=0');
      await p.page.click('.row.msg >> nth=0 >> .row-reply');
      assert.equal(await input.inputValue(), 'first this\n\n> can you look at **resume**?\n> it drops the last seq\n> line 3\n> line 4\n> …\n\n@alice ');
      assert.ok(await input.evaluate((el) => el === document.activeElement && (el as HTMLTextAreaElement).selectionStart === (el as HTMLTextAreaElement).value.length), 'typing goes on after it');
      // a code card: the quote says which code (a path:line, which a message makes a link)
      await input.fill('');
      await p.page.hover('.row.msg >> nth=1');
      await p.page.click('.row.msg >> nth=1 >> .row-reply');
      assert.equal(await input.inputValue(), '> a.ts:1\n\n@bob ');
      // bob renames and alice leaves: R addresses bob as robert, and alice not at all (someone else may be alice now)
      await p.deliver(
        { type: 'server', msg: { type: 'nick', room: 'general', seq: 3, time: T0 + 100_000, from: 'bob', to: 'robert' } },
        { type: 'server', msg: { type: 'leave', room: 'general', seq: 4, time: T0 + 100_000, nick: 'alice', reason: 'quit' } },
        { type: 'server', msg: { type: 'nick', room: 'general', seq: 5, time: T0 + 100_000, from: 'me', to: 'me2' } },
        { type: 'server', msg: { type: 'you', nick: 'me2', role: 'member' } },
        { type: 'server', msg: msg('general', 6, 'me2', 'my own') },
      );
      await input.fill('');
      await p.page.hover('.row.msg >> nth=1');
      await p.page.click('.row.msg >> nth=1 >> .row-reply');
      assert.equal(await input.inputValue(), '> a.ts:1\n\n@robert ');
      // a click on the author's name mentions them the same way
      await input.fill('');
      await p.page.click('.row.msg >> nth=1 >> .author-button');
      assert.equal(await input.inputValue(), '@robert ');
      await input.fill('');
      await p.page.hover('.row.msg >> nth=0');
      await p.page.click('.row.msg >> nth=0 >> .row-reply');
      assert.match(await input.inputValue(), /> …\n\n$/, 'alice left: no mention');
      await input.fill('');
      await p.page.hover('.row.msg:has-text("my own")');
      await p.page.click('.row.msg:has-text("my own") .row-reply');
      assert.equal(await input.inputValue(), '> my own\n\n', 'your own: no mention');
    });
    // in a direct conversation, no @mention of the only other person
    await withPanel(twoRooms({ dms: [dm('alice', 'me', 'psst')] }), async (p) => {
      await p.page.click('.tab[data-conv="@alice"]');
      await p.page.hover('.row.msg');
      await p.page.click('.row-reply');
      assert.equal(await p.page.inputValue('.composer-input'), '> psst\n\n');
    });
  });

  test('keyboard in the message list: Up/Down move between rows, Home/End reach the whole history, R replies, M mentions, Enter opens, C copies, Escape leaves', async () => {
    const log = ['stack:', ...Array.from({ length: 30 }, (_, i) => `    at f${i} (a.ts:${i + 1})`)].join('\n');
    const code = { path: 'src/a.ts', language: 'typescript', startLine: 3, endLine: 3 };
    const snap = twoRooms();
    snap.rooms[0]!.events = [
      ...Array.from({ length: 200 }, (_, i) => msg('general', i + 1, i % 2 ? 'bob' : 'alice', `message ${i + 1}`)),
      msg('general', 201, 'bob', log),
      msg('general', 202, 'bob', 'const x = 1;', { kind: 'code', code }),
      msg('general', 203, 'alice', 'last one'),
    ];
    await withPanel(snap, async (p) => {
      const focused = () => p.page.evaluate(() => {
        const a = document.activeElement as HTMLElement | null;
        return a?.classList.contains('row') ? (a.querySelector('.body, .code-card-body')?.textContent ?? '').trim().split('\n')[0] : a?.className ?? '';
      });
      const input = p.page.locator('.composer-input');
      const inList = () => p.page.evaluate(() => document.querySelector('.messages')!.contains(document.activeElement));
      await p.page.focus('.messages'); // the list is one tab stop: Tab goes on past its rows' links and buttons
      await p.page.keyboard.press('Tab');
      assert.equal(await inList(), false, 'Tab leaves the list');
      await p.page.focus('.messages');
      assert.equal(await focused(), 'vlist messages');
      await p.page.keyboard.press('ArrowUp');
      assert.equal(await focused(), 'last one', 'Up from the list: the last row in view');
      await p.page.keyboard.press('ArrowUp');
      assert.equal(await focused(), 'const x = 1;');
      // Tab reaches the controls of the row the keyboard is on, and only those
      await p.page.keyboard.press('Tab');
      assert.equal(await p.page.evaluate(() => document.activeElement?.className), 'icon-button row-reply', "the card's header: Reply, React, then Copy and Open");
      await p.page.keyboard.press('Tab');
      await p.page.keyboard.press('Tab');
      assert.equal(await p.page.evaluate(() => document.activeElement?.className), 'icon-button code-card-copy');
      await p.page.keyboard.press('Shift+Tab');
      await p.page.keyboard.press('Shift+Tab');
      await p.page.keyboard.press('Shift+Tab');
      assert.equal(await focused(), 'const x = 1;');
      await p.page.keyboard.press('Enter');
      assert.deepEqual(await p.waitForPosted('openCode'), { type: 'openCode', code, text: 'const x = 1;' });
      await p.page.keyboard.press('c');
      assert.deepEqual(await p.waitForPosted('copyText'), { type: 'copyText', text: 'const x = 1;' });
      await p.page.keyboard.press('ArrowUp');
      assert.equal(await focused(), 'stack:');
      // Enter opens a long text; the row is drawn anew, and keeps the focus
      await p.page.keyboard.press('Enter');
      await p.page.waitForSelector('.show-more[aria-expanded="true"]');
      assert.equal(await focused(), 'stack:');
      await p.page.keyboard.press('Home');
      assert.equal(await focused(), 'message 1', 'Home: the first row of the history, far out of the page before');
      await p.page.keyboard.press('ArrowDown');
      assert.equal(await focused(), 'message 2');
      assert.ok(await p.page.evaluate(() => {
        const r = document.activeElement!.getBoundingClientRect();
        const v = document.querySelector('.messages')!.getBoundingClientRect();
        return r.top >= v.top && r.bottom <= v.bottom;
      }), 'the focused row is in view');
      await p.page.keyboard.press('m');
      assert.equal(await input.inputValue(), '@bob ', 'M mentions the author of a row in a group');
      assert.ok(await input.evaluate((el) => el === document.activeElement), 'and goes to the composer');
      await p.page.focus('.messages');
      await p.page.keyboard.press('End');
      assert.equal(await focused(), 'last one');
      await p.page.keyboard.press('r');
      assert.equal(await input.inputValue(), '@bob\n\n> last one\n\n@alice ');
      // PageUp on a row: a screen up, the focus on the row at the top of the view
      await p.page.focus('.messages');
      await p.page.keyboard.press('End');
      await p.page.keyboard.press('PageUp');
      await p.page.waitForFunction(() => !document.activeElement?.textContent?.includes('last one'));
      assert.match(await focused(), /^message 1\d\d$/);
      const inView = () => p.page.evaluate(() => {
        const r = document.activeElement!.getBoundingClientRect();
        const v = document.querySelector('.messages')!.getBoundingClientRect();
        return r.top >= v.top - 1 && r.bottom <= v.bottom + 1 && r.top - v.top < 40;
      });
      assert.ok(await inView(), 'the top row of the view');
      await p.page.keyboard.press('Escape');
      assert.ok(await input.evaluate((el) => el === document.activeElement), 'Escape: back to the composer');
    });
  });

  test('edit and delete: your own messages (Edit puts the text in the composer, Enter saves, Escape cancels); an op deletes a member\'s; the rows follow the events', async () => {
    const snap = twoRooms();
    snap.rooms[0]!.events = [msg('general', 1, 'alice', 'from alice'), msg('general', 2, 'me', 'teh fix is in'), msg('general', 3, 'me', 'waves', { kind: 'action' })];
    await withPanel(snap, async (p) => {
      const actions = (text: string) => p.page.locator('.messages .row', { hasText: text }).locator('.row-actions button').evaluateAll((bs) => bs.map((b) => b.className.replace('icon-button ', '')));
      assert.deepEqual(await actions('from alice'), ['row-reply', 'row-react'], "a member: nothing to change in someone else's");
      assert.deepEqual(await actions('teh fix'), ['row-reply', 'row-edit', 'row-react', 'row-delete']);
      assert.deepEqual(await actions('waves'), ['row-edit', 'row-react', 'row-delete']);
      const input = p.page.locator('.composer-input');
      await input.fill('half-written');
      await p.page.hover('.row:has-text("teh fix")');
      await p.page.click('.row:has-text("teh fix") .row-edit');
      assert.equal(await input.inputValue(), 'teh fix is in');
      assert.equal(await p.page.isVisible('.composer-edit'), true);
      const marked = () => p.page.$$eval('.row.editing-target', (rows) => rows.map((r) => r.querySelector('.body')?.textContent));
      assert.deepEqual(await marked(), ['teh fix is in'], 'the message being edited is marked');
      await p.page.keyboard.press('Escape');
      assert.equal(await input.inputValue(), 'half-written', 'Escape: the edit goes, what was being written comes back');
      assert.equal(await p.page.isHidden('.composer-edit'), true);
      assert.deepEqual(await marked(), []);
      // Cancel, for the mouse
      await p.page.hover('.row:has-text("from alice")');
      await p.page.hover('.row:has-text("teh fix")');
      await p.page.click('.row:has-text("teh fix") .row-edit');
      await p.page.click('.composer-edit-cancel');
      assert.equal(await input.inputValue(), 'half-written', 'Cancel: as Escape');
      assert.deepEqual(await marked(), []);
      assert.ok(await input.evaluate((el) => el === document.activeElement), 'the composer keeps the keyboard');
      await p.page.hover('.row:has-text("from alice")');
      await p.page.hover('.row:has-text("teh fix")');
      await p.page.click('.row:has-text("teh fix") .row-edit');
      await input.fill('the fix is in');
      await p.page.keyboard.press('Enter');
      assert.deepEqual(await p.waitForPosted('edit'), { type: 'edit', room: 'general', epoch: 'e1', seq: 2, text: 'the fix is in' });
      assert.equal(await input.inputValue(), 'half-written');
      assert.equal((await p.posted()).filter((m) => m.type === 'submit').length, 0, 'nothing was sent as a message');
      // the server's events change the rows
      const base = { room: 'general', time: T0 + 120_000 };
      await p.deliver({ type: 'server', msg: { ...base, type: 'edit', seq: 4, target: 2, from: 'me', text: 'the fix is in' } });
      await p.page.waitForSelector('.row:has-text("the fix is in") .edited');
      assert.equal(await p.page.textContent('.row:has-text("the fix is in") .body'), 'the fix is in (edited)');
      // the keyboard: Delete on your message asks the extension to delete it
      await p.page.focus('.messages');
      await p.page.keyboard.press('ArrowUp');
      await p.page.keyboard.press('ArrowUp');
      await p.page.keyboard.press('Delete');
      assert.deepEqual(await p.waitForPosted('delete'), { type: 'delete', room: 'general', epoch: 'e1', seq: 2 });
      await p.page.keyboard.press('e');
      assert.equal(await input.inputValue(), 'the fix is in', 'E edits it');
      await p.page.keyboard.press('Escape');
      // the extension asks first, in a dialog of its own: the panel loses the focus, the row is replaced by the
      // delete meanwhile, and when the panel has the focus back the keyboard is on the row again (it was nowhere)
      await p.page.focus('.messages');
      await p.page.keyboard.press('ArrowUp');
      await p.page.keyboard.press('ArrowUp');
      await p.page.evaluate(() => {
        (document.activeElement as HTMLElement).blur();
        document.hasFocus = () => false;
      });
      await p.deliver({ type: 'server', msg: { ...base, type: 'delete', seq: 5, target: 2, from: 'me', by: 'me' } });
      await p.page.waitForSelector('.row.deleted');
      assert.equal(await p.page.evaluate(() => document.activeElement === document.body), true, 'nowhere while the dialog is up');
      await p.page.evaluate(() => {
        document.hasFocus = () => true;
        window.dispatchEvent(new FocusEvent('focus'));
      });
      assert.match((await p.page.evaluate(() => (document.activeElement as HTMLElement).className)) ?? '', /\brow\b.*deleted|deleted.*\brow\b/, 'back on the row');
      await p.page.keyboard.press('ArrowUp');
      assert.equal(await p.page.evaluate(() => document.activeElement?.classList.contains('row') && !document.activeElement.classList.contains('deleted')), true, 'Up and Down go on from it');
      assert.equal((await p.page.textContent('.row.deleted .body'))?.trim(), 'message deleted');
      assert.equal(await p.page.locator('.row.deleted .row-actions').count(), 0);
      assert.equal(await p.page.locator('.messages .row', { hasText: 'the fix' }).count(), 0);
      // made an op: Delete on a member's message, not on the owner's
      await p.deliver({ type: 'server', msg: msg('general', 6, 'carol', 'from carol') });
      await p.deliver({ type: 'server', msg: { type: 'you', nick: 'me', role: 'op' } });
      await p.page.waitForFunction(() => document.querySelectorAll('.row.msg .row-delete').length === 2);
      assert.deepEqual(await actions('from carol'), ['row-reply', 'row-react', 'row-delete']);
      assert.deepEqual(await actions('from alice'), ['row-reply', 'row-react'], "not the owner's");
    });
  });

  test('a room its host started anew: the messages from before stay to read (Reply only: no Edit, Delete or React, by mouse or keys) under a line; an edit begun before does not go out', async () => {
    const snap = twoRooms();
    snap.rooms[0]!.earlier = [{ epoch: 'old', events: [msg('general', 1, 'me', 'said before the restart', { reactions: [{ emoji: '👍', by: ['alice'] }] })] }];
    snap.rooms[0]!.events = [msg('general', 1, 'me', 'said in the new room')];
    await withPanel(snap, async (p) => {
      const actions = (text: string) => p.page.locator('.messages .row', { hasText: text }).locator('.row-actions button').evaluateAll((bs) => bs.map((b) => b.className.replace('icon-button ', '')));
      assert.deepEqual(await actions('said before'), ['row-reply'], 'to quote, nothing to change');
      const chip = p.page.locator('.messages .row', { hasText: 'said before' }).locator('.reaction');
      assert.equal(await chip.getAttribute('aria-disabled'), 'true', 'its reactions to read, not to click');
      assert.equal(await chip.evaluate((el) => getComputedStyle(el).cursor), 'default');
      assert.deepEqual(await actions('said in the new room'), ['row-reply', 'row-edit', 'row-react', 'row-delete']);
      assert.match((await p.page.textContent('.messages')) ?? '', /started anew by its host\. The messages above are from before/);
      // the keyboard on the old row: Delete, E and + do nothing (message 1 is the new room's now)
      await p.page.focus('.messages');
      for (let i = 0; i < 3; i++) await p.page.keyboard.press('ArrowUp');
      assert.match((await p.page.evaluate(() => document.activeElement?.textContent)) ?? '', /said before the restart/);
      await p.page.keyboard.press('Delete');
      await p.page.keyboard.press('e');
      await p.page.keyboard.press('+');
      assert.equal(await p.page.inputValue('.composer-input'), '', 'E did not edit it');
      // an edit of the new room's message, then the host starts it anew once more: Enter sends nothing
      await p.page.hover('.row:has-text("said in the new room")');
      await p.page.click('.row:has-text("said in the new room") .row-edit');
      await p.page.fill('.composer-input', 'said in the new room, edited');
      await p.deliver({ type: 'server', msg: { type: 'room', name: 'general', epoch: 'newer', seq: 0, topic: '', members: [{ nick: 'me', role: 'member' }] } });
      await p.page.locator('.composer-input').press('Enter');
      await p.page.waitForSelector('.row.notice-error');
      assert.match((await p.page.textContent('.row.notice-error')) ?? '', /can no longer be edited/);
      assert.equal(await p.page.inputValue('.composer-input'), 'said in the new room, edited', 'the text stays in the box');
      assert.deepEqual((await p.posted()).filter((m) => m.type === 'delete' || m.type === 'edit' || m.type === 'react'), []);
    });
  });

  test('an edit begun, then the panel drawn anew for another room of that name (left, then in a room started anew): Enter sends nothing', async () => {
    const room = (epoch: string, text: string) => ({ name: 'general', epoch, topic: '', members: [{ nick: 'me', role: 'member' as const }], events: [msg('general', 1, 'me', text)] });
    await withPanel(makeSnapshot({ rooms: [room('A', 'old message')] }), async (p) => {
      await p.page.hover('.row:has-text("old message")');
      await p.page.click('.row:has-text("old message") .row-edit');
      await p.page.fill('.composer-input', 'old message, edited');
      await p.deliver({ type: 'snapshot', snapshot: makeSnapshot({ status: 'closed', address: '', rooms: [{ ...room('A', 'old message'), members: [] }] }) });
      await p.deliver({ type: 'snapshot', snapshot: makeSnapshot({ rooms: [room('B', 'NEW room message')] }) });
      await p.page.locator('.composer-input').press('Enter');
      await p.page.waitForSelector('.row.notice-error');
      assert.match((await p.page.textContent('.row.notice-error')) ?? '', /can no longer be edited/);
      assert.deepEqual((await p.posted()).filter((m) => m.type === 'edit'), []);
    });
  });

  test('a room back in an epoch it had before (A, then B, then A from its history file): its rows once, and live', async () => {
    const room = (epoch: string) => ({ type: 'server' as const, msg: { type: 'room' as const, name: 'general', epoch, seq: 0, topic: '', members: [{ nick: 'me', role: 'member' as const }] } });
    await withPanel(makeSnapshot({ rooms: [{ name: 'general', epoch: 'A', topic: '', members: [], events: [msg('general', 1, 'me', 'first A message')] }] }), async (p) => {
      await p.deliver(room('B'), { type: 'server', msg: msg('general', 1, 'me', 'B message') });
      await p.deliver(room('A'), { type: 'server', msg: msg('general', 1, 'me', 'first A message') }, { type: 'server', msg: msg('general', 2, 'me', 'second A message') });
      await p.page.waitForSelector('.row:has-text("second A message")');
      assert.equal(await p.page.locator('.messages .row', { hasText: 'first A message' }).count(), 1, 'not twice');
      const row = p.page.locator('.messages .row', { hasText: 'first A message' });
      await row.hover();
      await row.locator('.row-edit').click();
      assert.equal(await p.page.inputValue('.composer-input'), 'first A message', 'it can be edited: it is the room\'s again');
    });
  });

  test('the header\'s Markdown button asks the extension to save the conversation on show: the room, or the direct conversation', async () => {
    const snap = twoRooms();
    snap.dms = [dm('alice', 'me', 'psst')];
    await withPanel(snap, async (p) => {
      await p.page.click('.save-conversation');
      assert.deepEqual(await p.waitForPosted('saveConversation'), { type: 'saveConversation', conversation: '#general' });
      await p.clearPosted();
      await p.page.click('.tab:has-text("alice")');
      await p.page.click('.save-conversation');
      assert.deepEqual(await p.waitForPosted('saveConversation'), { type: 'saveConversation', conversation: '@alice' });
    });
  });

  test('reactions: chips under a message with counts (yours marked), a click toggles yours, React opens the choice; events update them', async () => {
    const snap = twoRooms();
    snap.rooms[0]!.events = [{ ...msg('general', 1, 'alice', 'shipping it'), reactions: [{ emoji: '🎉', by: ['bob', 'me'] }] }];
    await withPanel(snap, async (p) => {
      const chips = () => p.page.$$eval('.row .reaction', (els) => els.map((e) => `${e.textContent}${e.classList.contains('mine') ? '*' : ''}`));
      assert.deepEqual(await chips(), ['🎉2*']);
      // (you first, as "you": the row's name says it so)
      assert.equal(await p.page.getAttribute('.reaction', 'title'), 'you, bob reacted with 🎉');
      assert.equal(await p.page.getAttribute('.reaction', 'aria-label'), '🎉 2: you, bob');
      await p.page.click('.reaction');
      assert.deepEqual(await p.waitForPosted('react'), { type: 'react', room: 'general', epoch: 'e1', seq: 1, emoji: '🎉' });
      await p.deliver({ type: 'server', msg: { type: 'react', room: 'general', seq: 2, time: T0 + 60_000, target: 1, from: 'me', emoji: '🎉', on: false, reactions: [{ emoji: '🎉', by: ['bob'] }] } });
      await p.page.waitForFunction(() => document.querySelector('.reaction')?.textContent === '🎉1');
      assert.deepEqual(await chips(), ['🎉1']);
      // React: the few emoji; a choice posts it and closes; Escape closes
      await p.clearPosted();
      await p.page.hover('.row.msg');
      await p.page.click('.row-react');
      assert.deepEqual(await p.page.$$eval('.reaction-choice', (els) => els.map((e) => e.textContent)), ['👍', '👀', '🎉', '✅', '❤️', '😄']);
      assert.equal(await p.page.evaluate(() => document.activeElement?.textContent), '👍', 'the choice has the keyboard');
      await p.page.keyboard.press('Escape');
      assert.equal(await p.page.locator('.reaction-picker').count(), 0);
      // from the keyboard: + on a message opens the choice; Right (or Tab) and Enter pick; Escape or a choice
      // gives the keyboard back to the message, where Up / Down go on
      const onRow = () => p.page.evaluate(() => document.activeElement?.classList.contains('row') === true);
      await p.page.focus('.messages');
      await p.page.keyboard.press('ArrowUp');
      await p.page.keyboard.press('+');
      assert.equal(await p.page.evaluate(() => document.activeElement?.textContent), '👍');
      await p.page.keyboard.press('Escape');
      assert.equal(await onRow(), true, 'Escape: back on the message');
      await p.page.keyboard.press('+');
      await p.page.keyboard.press('End');
      await p.page.keyboard.press('ArrowLeft');
      assert.equal(await p.page.evaluate(() => document.activeElement?.textContent), '❤️');
      await p.page.keyboard.press('Home');
      await p.page.keyboard.press('ArrowRight');
      await p.page.keyboard.press('Enter');
      assert.deepEqual(await p.waitForPosted('react'), { type: 'react', room: 'general', epoch: 'e1', seq: 1, emoji: '👀' });
      assert.equal(await p.page.locator('.reaction-picker').count(), 0);
      assert.equal(await onRow(), true, 'a choice: back on the message');
      await p.deliver({ type: 'server', msg: { type: 'react', room: 'general', seq: 3, time: T0 + 60_000, target: 1, from: 'me', emoji: '👀', on: true, reactions: [{ emoji: '🎉', by: ['bob'] }, { emoji: '👀', by: ['me'] }] } });
      await p.page.waitForFunction(() => document.querySelectorAll('.reaction').length === 2);
      assert.deepEqual(await chips(), ['🎉1', '👀1*']);
      // the choice marks the emoji you put there already (choosing it again takes it back), and only those
      await p.page.hover('.row.msg');
      await p.page.click('.row-react');
      assert.deepEqual(await p.page.$$eval('.reaction-choice', (els) => els.map((e) => `${e.textContent}${e.getAttribute('aria-pressed') === 'true' ? '*' : ''}`)), ['👍', '👀*', '🎉', '✅', '❤️', '😄']);
      assert.equal(await p.page.getAttribute('.reaction-choice.mine', 'title'), 'Take your 👀 back');
      await p.page.keyboard.press('Escape');
      // bob renames: the chip names him as he is now (the server sends no react for it)
      await p.deliver({ type: 'server', msg: { type: 'nick', room: 'general', seq: 4, time: T0 + 61_000, from: 'bob', to: 'robert' } });
      await p.page.waitForFunction(() => document.querySelector('.reaction')?.getAttribute('title') === 'robert reacted with 🎉');
    });
  });

  test('an edit the server refused comes back into the composer, to change and send again', async () => {
    const snap = twoRooms();
    snap.rooms[0]!.events = [msg('general', 1, 'me', 'teh fix')];
    await withPanel(snap, async (p) => {
      await p.deliver({ type: 'server', msg: { type: 'error', code: 'text_too_long', message: 'the message is too long (at most 2048 bytes encoded): not sent' } },
        { type: 'editRefused', room: 'general', seq: 1, text: 'the fix, long' });
      assert.equal(await p.page.inputValue('.composer-input'), 'the fix, long');
      assert.equal(await p.page.isVisible('.composer-edit'), true);
      await p.page.locator('.composer-input').fill('the fix');
      await p.page.keyboard.press('Enter');
      assert.deepEqual(await p.waitForPosted('edit'), { type: 'edit', room: 'general', epoch: 'e1', seq: 1, text: 'the fix' });
    });
  });

  test('a message the server refused comes back into its conversation\'s composer (a direct message to someone who left), or its draft when another is open', async () => {
    const snap = twoRooms();
    snap.dms = [dm('alice', 'me', 'psst')];
    await withPanel(snap, async (p) => {
      await p.page.click('.tab:has-text("alice")');
      await p.deliver({ type: 'sendRefused', to: 'alice', text: 'still there?' });
      assert.equal(await p.page.inputValue('.composer-input'), 'still there?');
      await p.page.fill('.composer-input', '');
      await p.page.click('.tab:has-text("general")');
      await p.deliver({ type: 'sendRefused', to: 'alice', text: 'hello?' });
      assert.equal(await p.page.inputValue('.composer-input'), '', 'not into the room being written in');
      await p.page.click('.tab:has-text("alice")');
      assert.equal(await p.page.inputValue('.composer-input'), 'hello?', 'in the draft of the conversation it was written in');
    });
  });

  test('an edit that cannot go out (not connected, too long) stays in the composer with the reason; it goes when it can', async () => {
    const snap = twoRooms({ maxText: 20 });
    snap.rooms[0]!.events = [msg('general', 1, 'me', 'teh fix')];
    await withPanel(snap, async (p) => {
      const input = p.page.locator('.composer-input');
      await p.page.hover('.row.mine');
      await p.page.click('.row.mine .row-edit');
      await input.fill('the fix, and a lot more words');
      await p.page.keyboard.press('Enter');
      assert.equal(await input.inputValue(), 'the fix, and a lot more words', 'too long: still there');
      await p.page.waitForSelector('.row.notice-error:has-text("this room takes at most 20")');
      await p.deliver({ type: 'status', status: 'reconnecting', text: 'reconnecting in 1.0 s...' });
      await input.fill('the fix');
      await p.page.keyboard.press('Enter');
      assert.equal(await input.inputValue(), 'the fix', 'not connected: still there');
      assert.equal(await p.page.isVisible('.composer-edit'), true);
      await p.page.waitForSelector('.row.notice-error:has-text("Not connected: the edit was not sent")');
      assert.equal((await p.posted()).filter((m) => m.type === 'edit').length, 0);
      await p.deliver({ type: 'status', status: 'connected', text: '' });
      await p.page.keyboard.press('Enter');
      assert.deepEqual(await p.waitForPosted('edit'), { type: 'edit', room: 'general', epoch: 'e1', seq: 1, text: 'the fix' });
      assert.equal(await input.inputValue(), '');
    });
  });

  test('the topic and status bars keep their height however long the history', async () => {
    const withHistory = (n: number) => twoRooms({ status: 'reconnecting', statusText: 'Connection lost; reconnecting in 1.0 s…' }, n);
    const heights = async (n: number) => {
      let got: number[] = [];
      await withPanel(withHistory(n), async (p) => {
        got = await p.page.$$eval('.topic, .status-banner, .header, .composer', (els) => els.map((e) => e.getBoundingClientRect().height));
      });
      return got;
    };
    const short = await heights(1);
    assert.ok(short.every((x) => x > 10), String(short));
    assert.deepEqual(await heights(300), short, 'a long history does not take room from the bars (the topic shrank to a third)');
  });

  test('a /help line too long for a narrow panel goes on under its description, not under the command', async () => {
    const line = '  /topic [text]    Show the room topic, or set it (owner and ops).';
    await withPanel(twoRooms(), async (p) => {
      await p.deliver({ type: 'notice', level: 'info', text: line });
      // the left edge of each line the text wraps into, and where the description starts on the first
      const { lefts, descLeft } = await p.page.$eval('.notice .notice-text', (el, at) => {
        const node = el.firstChild!;
        const rectOf = (i: number) => { const r = document.createRange(); r.setStart(node, i); r.setEnd(node, i + 1); return r.getBoundingClientRect(); };
        const byLine = new Map<number, number>();
        for (let i = 0; i < (node.textContent ?? '').length; i++) {
          const r = rectOf(i);
          if (r.width === 0) continue;
          const top = Math.round(r.top);
          byLine.set(top, Math.min(byLine.get(top) ?? Infinity, r.left));
        }
        return { lefts: [...byLine.values()], descLeft: rectOf(at).left };
      }, line.indexOf('Show'));
      assert.ok(lefts.length >= 2, `it wraps at 300 px (${lefts.length} line)`);
      for (const left of lefts.slice(1)) assert.ok(Math.abs(left - descLeft) < 1, `a wrapped line starts at ${left}, the description at ${descLeft}`);
    }, 300);
  });

  test('a notice with two spaces far into it is a sentence, not columns: no hanging indent wider than the panel', async () => {
    const text = 'The room you asked for was closed by its host earlier today, and this one is new.  Ask them for an invite.';
    await withPanel(twoRooms(), async (p) => {
      await p.deliver({ type: 'notice', level: 'info', text });
      const got = await p.page.$eval('.notice .notice-text', (el) => ({ columns: el.classList.contains('columns'), indent: (el as HTMLElement).style.paddingLeft, overflows: el.scrollWidth > el.clientWidth + 1 || el.getBoundingClientRect().right > document.documentElement.clientWidth }));
      assert.deepEqual(got, { columns: false, indent: '', overflows: false });
    }, 300);
  });

  test('who is typing: shown, cleared by their message, expires', async () => {
    await withPanel(twoRooms(), async (p) => {
      await p.deliver({ type: 'server', msg: { type: 'typing', room: 'general', nick: 'alice' } }, { type: 'server', msg: { type: 'typing', room: 'general', nick: 'bob' } });
      assert.equal(await p.page.textContent('.typing'), 'alice and bob are typing…');
      await p.deliver({ type: 'server', msg: msg('general', 2, 'alice', 'done') });
      assert.equal(await p.page.textContent('.typing'), 'bob is typing…');
      await p.page.waitForFunction(() => document.querySelector('.typing')?.textContent === '', undefined, { timeout: 10_000 });
    });
  });

  test('mentions of your nick are highlighted; direct messages are marked and answered in their conversation (a "/" that is no command, and /me, included)', async () => {
    const snap = twoRooms({ dms: [dm('alice', 'me', 'psst, a secret')] });
    snap.rooms[0]!.events = [msg('general', 1, 'alice', 'hey @me, look'), msg('general', 2, 'bob', 'meh, nothing'), msg('general', 3, 'bob', 'me-2 is another one, as the notifications and the terminal have it'), msg('general', 4, 'alice', 'the log says:\n```\nme: connection reset\n```\nand `me.run()` fails')];
    await withPanel(snap, async (p) => {
      assert.deepEqual(await p.page.$$eval('.messages .row', (els) => els.map((e) => e.classList.contains('mention'))), [true, false, false, false], 'a nickname in code is no mention');
      await p.page.click('.tab[data-conv="@alice"]');
      assert.ok(await p.page.locator('.row.dm .dm-label').isVisible());
      assert.match((await p.rowTexts())[0] ?? '', /alice direct .* psst, a secret/);
      await p.page.locator('.composer-input').focus();
      await p.page.keyboard.type('ok!');
      await p.page.keyboard.press('Enter');
      assert.deepEqual(await p.waitForPosted('submit'), { type: 'submit', room: 'general', text: 'ok!', to: 'alice' });
      // a text that starts with "/" but is no command (the client would send it to the room) goes to alice too
      await p.page.keyboard.type('/ shrug');
      await p.page.keyboard.press('Enter');
      await p.waitForPosted('submit', (m) => m.text === '/ shrug' && m.to === 'alice');
      // and so does a /me (it went to the room, for everyone): the client sends it to the one the conversation is with
      await p.page.keyboard.type('/me nods');
      await p.page.keyboard.press('Enter');
      await p.waitForPosted('submit', (m) => m.text === '/me nods' && m.to === 'alice');
      await p.deliver({ type: 'server', msg: dm('bob', 'me', 'new dm') });
      assert.equal(await p.page.textContent('.tab[data-conv="@bob"] .badge'), '1');
    });
  });

  test('@name in a message is marked as a mention of that member (in their colour), @you on a tint; one who left too, one who came after it; not a stranger, an address, a longer name, code or a link', async () => {
    const snap = twoRooms({ dms: [dm('alice', 'me', 'ask @ME or @bob')] });
    snap.rooms[0]!.events = [
      msg('general', 1, 'erin', 'back at 3'),
      msg('general', 2, 'bob', 'hey @alice and @Me: see `@alice` and [@bob](https://example.com/)'),
      msg('general', 3, 'bob', 'mail ops@alice.dev, @alice-2 and @nobody; @bob. @erin?'),
      msg('general', 4, 'alice', 'pings @bob', { kind: 'action' }),
    ];
    await withPanel(snap, async (p) => {
      const marked = () => p.page.$$eval('.messages .row', (els) => els.map((e) => [...e.querySelectorAll('.at-mention')].map((m) => `${m.textContent}${m.classList.contains('at-you') ? ' (you)' : ''}`)));
      // (erin wrote in the room and left: a mention of her is still hers)
      assert.deepEqual(await marked(), [[], ['@alice', '@Me (you)'], ['@bob', '@erin'], ['@bob']]);
      // a message after one more comes: what it says of someone new to the room, once they wrote, is theirs
      await p.deliver({ type: 'server', msg: msg('general', 5, 'carol', 'hi all') }, { type: 'server', msg: msg('general', 6, 'bob', 'welcome @carol') });
      await p.page.locator('.messages .row .at-mention', { hasText: '@carol' }).waitFor();
      // someone mentioned before they came: the mention is theirs once they join, drawn again (as a rename to the name)
      await p.deliver({ type: 'server', msg: msg('general', 7, 'bob', '@dave and @Frank, join when you can') });
      await p.page.locator('.messages .row', { hasText: 'join when you can' }).waitFor();
      assert.deepEqual((await marked()).at(-1), []);
      await p.deliver({ type: 'server', msg: { type: 'join', room: 'general', seq: 8, time: T0 + 60_000, nick: 'dave', role: 'member' } });
      await p.page.locator('.messages .row .at-mention', { hasText: '@dave' }).waitFor();
      await p.deliver({ type: 'server', msg: { type: 'nick', room: 'general', seq: 9, time: T0 + 60_000, from: 'dave', to: 'frank' } });
      await p.page.locator('.messages .row .at-mention', { hasText: '@Frank' }).waitFor();
      assert.deepEqual((await marked()).filter((m) => m.length > 0).at(-1), ['@dave', '@Frank'], 'a mention of the name dave had is still his');
      // in the name's colour, as over that member's messages
      const colours = await p.page.evaluate(() => {
        const author = [...document.querySelectorAll<HTMLElement>('.messages .nick')].find((n) => n.textContent === 'alice')!;
        const at = document.querySelector<HTMLElement>('.messages .at-mention:not(.at-you)')!;
        const you = document.querySelector<HTMLElement>('.messages .at-you')!;
        return { author: getComputedStyle(author).color, at: getComputedStyle(at).color, you: getComputedStyle(you).backgroundColor, text: getComputedStyle(at.closest('.body')!).color };
      });
      assert.equal(colours.at, colours.author);
      assert.notEqual(colours.at, colours.text);
      assert.notEqual(colours.you, 'rgba(0, 0, 0, 0)');
      // in a direct conversation: its other side and you
      await p.page.click('.tab[data-conv="@alice"]');
      assert.deepEqual(await marked(), [['@ME (you)']]);
    });
  });

  test('what is typed survives a snapshot: typed before the room is back, Enter keeps it, the room takes it; a new snapshot of the same room leaves it', async () => {
    // the extension's panel while a reload brings the room back: no rooms yet
    await withPanel(noRoom('Reconnecting to your room…'), async (p) => {
      const input = p.page.locator('.composer-input');
      await input.focus();
      await p.page.keyboard.type('typed while it came back');
      await p.page.keyboard.press('Enter'); // nowhere to send it yet: it stays
      assert.equal(await input.inputValue(), 'typed while it came back');
      assert.deepEqual((await p.posted()).filter((m) => m.type === 'submit'), []);
      await p.deliver({ type: 'snapshot', snapshot: twoRooms() });
      assert.equal(await input.inputValue(), 'typed while it came back', 'the room it came back to takes the text');
      await p.page.keyboard.type(', and more');
      // the extension sends a fresh snapshot of the same room (a resume, a refresh): the composer is left alone
      await p.deliver({ type: 'snapshot', snapshot: twoRooms() });
      assert.equal(await input.inputValue(), 'typed while it came back, and more');
      await p.page.keyboard.press('Enter');
      assert.deepEqual(await p.waitForPosted('submit'), { type: 'submit', room: 'general', text: 'typed while it came back, and more' });
      assert.equal(await input.inputValue(), '');
    });
  });

  test('no room: connected after parting the last one, /join goes out and opens it, notices show in its place; not connected, the panel says so', async () => {
    const parted = makeSnapshot({ rooms: [], activeRoom: '' }); // connected, in no room (/part of the last one)
    await withPanel(parted, async (p) => {
      assert.equal(await p.page.textContent('.empty'), 'You are not in any room. Type /join #room');
      assert.equal(await p.page.textContent('.members'), 'MembersYou are not in a room.');
      const placeholder = () => p.page.getAttribute('.composer-input', 'placeholder');
      assert.equal(await placeholder(), 'Type /join #room to enter a room');
      // the connection drops and comes back: the hints follow it (a command cannot go out meanwhile)
      await p.deliver({ type: 'status', status: 'reconnecting', text: 'Connection lost; reconnecting…' });
      assert.equal(await p.page.textContent('.empty'), 'No room open.');
      assert.equal(await placeholder(), '');
      await p.deliver({ type: 'status', status: 'connected', text: '' });
      assert.equal(await p.page.textContent('.empty'), 'You are not in any room. Type /join #room');
      assert.equal(await placeholder(), 'Type /join #room to enter a room');
      const input = p.page.locator('.composer-input');
      await input.focus();
      await p.page.keyboard.type('hello?');
      await p.page.keyboard.press('Enter'); // text needs a room: it stays, and the panel says why
      assert.equal(await input.inputValue(), 'hello?');
      assert.equal(await p.page.textContent('.messages .notice-error .notice-text'), 'Not in a room: type /join #room first; nothing was sent, your text is still in the box.');
      assert.deepEqual(await p.page.$$eval('.sr-only[aria-live="assertive"] > div', (els) => els.map((e) => e.textContent)), ['Not in a room: type /join #room first; nothing was sent, your text is still in the box.'], 'read out at once');
      await input.fill('/join #ops');
      await p.page.keyboard.press('Enter');
      assert.deepEqual(await p.waitForPosted('submit'), { type: 'submit', room: '', text: '/join #ops' });
      assert.equal(await input.inputValue(), '');
      // what commands answer with no room open (the client's error, /help, /rooms) shows where the room would be
      await p.deliver(
        { type: 'notice', level: 'error', text: 'you are not in a room: /join #room first' },
        { type: 'notice', level: 'info', text: 'Commands:' },
        { type: 'server', msg: { type: 'rooms', rooms: [{ name: 'general', topic: '', members: 2 }] } },
        { type: 'server', msg: { type: 'error', code: 'not_in_room', message: 'you are not in #dev; /join #dev first' } },
      );
      await p.page.waitForFunction(() => document.querySelectorAll('.messages .notice').length === 5);
      assert.deepEqual(await p.page.$$eval('.messages .notice', (els) => els.map((e) => [e.classList.contains('notice-error'), e.querySelector('.notice-text')?.textContent])), [
        [true, 'Not in a room: type /join #room first; nothing was sent, your text is still in the box.'],
        [true, 'you are not in a room: /join #room first'], [false, 'Commands:'], [false, 'Rooms:\n#general (2)'], [true, 'you are not in #dev; /join #dev first'],
      ]);
      assert.equal(await p.page.isHidden('.empty'), true);
      assert.equal(await p.page.locator('.tab').count(), 0, 'no tab for them');
      await p.deliver({ type: 'server', msg: { type: 'room', name: 'ops', epoch: 'e1', seq: 0, topic: '', members: [{ nick: 'me', role: 'owner' }] } });
      assert.equal(await p.page.getAttribute('.tab.selected', 'data-conv'), '#ops');
      assert.equal(await placeholder(), 'Message #ops (Enter to send, / for commands)');
      assert.equal(await p.page.locator('.messages .notice').count(), 0, 'the room opens clean');
      assert.equal(await p.page.textContent('.empty'), 'No messages yet. Say hello!');
      await p.deliver({ type: 'server', msg: { type: 'parted', room: 'ops' } }); // /part of it: back to no room
      assert.equal(await placeholder(), 'Type /join #room to enter a room');
      assert.equal(await p.page.getAttribute('.composer-input', 'aria-label'), 'Command');
    });
    await withPanel(noRoom('Not in a room. Run "TCP Chat: Host Chat" or "TCP Chat: Join Chat".'), async (p) => {
      assert.equal(await p.page.textContent('.empty'), 'No room open.');
      // no room to be in (left it): said in the info colours, not as an error
      assert.equal(await p.page.getAttribute('.status-banner', 'class'), 'status-banner status-idle');
      await p.page.locator('.composer-input').fill('/join #ops');
      await p.page.keyboard.press('Enter'); // no server to send it to: it stays, and the panel says so
      assert.equal(await p.page.inputValue('.composer-input'), '/join #ops');
      assert.deepEqual((await p.posted()).filter((m) => m.type === 'submit'), []);
      assert.equal(await p.page.textContent('.messages .notice-error .notice-text'), 'Not in a room: nothing was sent, your text is still in the box.');
      assert.equal(await p.page.isHidden('.empty'), true);
    });
  });

  test('reload: the draft and the active room survive through vscode state + a new snapshot', async () => {
    const snap = twoRooms();
    await withPanel(snap, async (p) => {
      await p.page.click('.tab[data-conv="#dev"]');
      await p.page.locator('.composer-input').focus();
      await p.page.keyboard.type('half-written');
      await p.reload(snap);
      assert.equal(await p.page.getAttribute('.tab.selected', 'data-conv'), '#dev');
      assert.equal(await p.page.inputValue('.composer-input'), 'half-written');
      // The extension's snapshot said #general: the panel tells it the user is looking at #dev.
      await p.waitForPosted('activeRoom', (m) => m.room === 'dev');
    });
  });

  test('a busy room saves what was seen at most once a second (each save encodes the whole state), and all of it by a reload', async () => {
    await withPanel(twoRooms(), async (p) => {
      const saves = () => p.page.evaluate(() => (window as unknown as { __stateSaves?: number }).__stateSaves ?? 0);
      const seenSaved = () => p.page.evaluate(() => (JSON.parse(sessionStorage.getItem('__vscodeState') ?? '{}') as { seen?: Record<string, number> }).seen ?? {});
      // another room's messages change nothing the panel keeps: no save
      // (the snapshot's own marks saved, within a second of it: a busy machine may take longer, and its save then
      // counted as one for the messages below)
      const marked = Date.now() + 15_000;
      while ((await seenSaved()).general === undefined && Date.now() < marked) await p.page.waitForTimeout(50);
      assert.notEqual((await seenSaved()).general, undefined, "the snapshot's marks saved");
      const before = await saves();
      for (let i = 1; i <= 20; i++) await p.deliver({ type: 'server', msg: msg('dev', i, 'bob', `in dev ${i}`) });
      await p.page.waitForTimeout(1100);
      assert.equal(await saves(), before, 'no save for messages in a room not on show');
      // the room on show: each message read moves its mark; the saves come at most once a second
      const start = Date.now();
      for (let i = 2; i <= 31; i++) await p.deliver({ type: 'server', msg: msg('general', i, 'alice', `in general ${i}`) });
      // (counted before the time is taken: a save that comes while a busy machine reads the count is in it)
      const during = (await saves()) - before;
      const took = Date.now() - start;
      assert.ok(during <= Math.floor(took / 1000) + 1, `${during} saves in ${took} ms`);
      // the last mark is saved a second later at most, and on the way out if sooner
      await p.deliver({ type: 'server', msg: msg('general', 32, 'alice', 'the last one') });
      await p.reload();
      assert.equal((await seenSaved()).general, 32, 'a reload right after keeps the last mark');
    });
  });
});
