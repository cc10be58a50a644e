// The panel's model and completion logic, without a browser.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { COMMANDS } from '../../src/protocol/commands';
import { MAX_NICKS, suggest } from '../../src/webview/autocomplete';
import { ChatState, isReplayed, MAX_DM_CONVERSATIONS, MAX_ROWS, TYPING_MS } from '../../src/webview/state';
import { nameRecord } from '../../src/webview/nameRecord';
import { dm, makeSnapshot, msg, T0 } from './harness';

test('snapshot: rows grouped by author within 5 minutes; duplicates by seq dropped', () => {
  const s = new ChatState();
  const snap = makeSnapshot();
  snap.rooms[0]!.events = [msg('general', 1, 'a', 'x'), msg('general', 2, 'a', 'y'), msg('general', 3, 'a', 'z', { time: msg('general', 2, 'a', '').time + 6 * 60_000 }), msg('general', 4, 'b', 'w')];
  s.loadSnapshot(snap);
  const c = s.convs.get('#general')!;
  assert.deepEqual(c.rows.map((r) => r.continued), [false, true, false, false]);
  assert.equal(s.apply(msg('general', 4, 'b', 'w')).rows.length, 0, 'replayed seq ignored');
  assert.equal(c.rows.length, 4);
});

test("a follow-up that could pass for another row's start (a header, a /me, a system line) is shown with its header, also once an edit makes it one", () => {
  const s = new ChatState();
  const snap = makeSnapshot();
  const lines = ['hi', '**me** 09:32', 'quitting at 17:45, bye', '\\* me quits', '→ carol joined', '_alice_', '', 'an ordinary follow-up', '* a list', '12:30:45 is no clock', 'ok'];
  snap.rooms[0]!.events = lines.map((t, i) => msg('general', i + 1, 'mallory', t === '' ? ' \n  **bob** 9:31' : t));
  s.loadSnapshot(snap);
  const c = s.convs.get('#general')!;
  assert.deepEqual(c.rows.map((r) => r.continued), [false, false, false, false, false, false, false, true, true, true, true]);
  s.apply({ type: 'edit', room: 'general', seq: 12, time: T0 + 20 * 30_000, target: 11, from: 'mallory', text: '**alice** 09:40\nI quit' });
  assert.equal(c.rows[10]!.continued, false, 'edited into a lookalike: its header back');
  s.apply({ type: 'edit', room: 'general', seq: 13, time: T0 + 21 * 30_000, target: 10, from: 'mallory', text: 'still ordinary' });
  assert.equal(c.rows[9]!.continued, true);
});

test('unread: counted for other rooms and when hidden, restored from seen seqs after a reload', () => {
  const s = new ChatState();
  const snap = makeSnapshot({ rooms: [...makeSnapshot().rooms, { name: 'dev', epoch: 'e1', topic: '', members: [], events: [] }] });
  s.loadSnapshot(snap);
  s.apply(msg('dev', 1, 'alice', 'hi'));
  s.apply(msg('dev', 2, 'me', 'mine'));
  assert.equal(s.convs.get('#dev')!.unread, 1);
  s.visible = false;
  s.apply(msg('general', 1, 'alice', 'while hidden'));
  assert.equal(s.totalUnread(), 2);
  s.visible = true;
  s.markSeen();
  assert.equal(s.totalUnread(), 1);
  // After a reload: what was seen comes from saved state, the rest is unread.
  const again = new ChatState();
  again.seen = { general: 1, dev: 0 };
  snap.rooms[0]!.events = [msg('general', 1, 'alice', 'seen'), msg('general', 2, 'alice', 'not seen')];
  snap.rooms[1]!.events = [msg('dev', 1, 'alice', 'hi'), msg('dev', 2, 'me', 'mine')];
  snap.activeRoom = 'dev';
  again.loadSnapshot(snap);
  assert.equal(again.convs.get('#general')!.unread, 1);
  assert.equal(again.convs.get('#dev')!.unread, 0, 'the active room is seen');
});

test("a snapshot that shows a conversation (a notification's Reply opened the panel) leaves the one the panel would have shown unread", () => {
  const snap = makeSnapshot({ dms: [dm('bob', 'me', 'free at 3?')] });
  snap.rooms[0]!.events = [msg('general', 1, 'alice', 'seen'), msg('general', 2, 'alice', 'came while closed')];
  const s = new ChatState();
  s.seen = { general: 1 };
  s.seenDms = {};
  s.dmsUpTo = 0;
  s.loadSnapshot(snap, '#general', '@bob');
  assert.equal(s.active, '@bob');
  assert.equal(s.convs.get('#general')!.unread, 1, 'not taken for read on the way');
  assert.equal(s.seen.general, 1);
  assert.equal(s.convs.get('@bob')!.unread, 0);
  // a closed direct conversation's tab opens again; a room or a conversation the snapshot has not: as before
  const closed = new ChatState();
  closed.seen = { general: 2 };
  closed.closedDms = { bob: T0 + 60_000 };
  closed.loadSnapshot(snap, '#general', '@bob');
  assert.equal(closed.active, '@bob');
  assert.equal(closed.convs.get('@bob')!.hidden, false);
  for (const show of ['#nowhere', '@nobody', '@', '']) {
    const other = new ChatState();
    other.loadSnapshot(snap, '#general', show);
    assert.equal(other.active, '#general', show);
    assert.equal(other.convs.has('@nobody'), false);
  }
});

test('a room created anew (new epoch) numbers from 1 again under the old rows, which stay to read; parted rooms go away', () => {
  const s = new ChatState();
  s.loadSnapshot(makeSnapshot());
  s.apply({ type: 'room', name: 'general', epoch: 'e1', topic: 't', members: [], seq: 0 });
  s.apply(msg('general', 1, 'a', 'one'));
  s.apply(msg('general', 2, 'a', 'two'));
  s.apply({ type: 'room', name: 'general', epoch: 'e2', topic: 't', members: [], seq: 0 });
  const rows = () => s.convs.get('#general')!.rows;
  assert.deepEqual(rows().slice(-3).map((r) => [r.entry.type, r.past === true]), [['message', true], ['message', true], ['notice', false]], 'the old rows, to read, and a line that says so');
  s.apply(msg('general', 1, 'a', 'fresh'));
  assert.equal(rows().at(-1)!.entry.type === 'message' && rows().at(-1)!.past, undefined, 'a new message, not taken for the old one of its number');
  assert.notEqual(rows().at(-1)!.key, rows().find((r) => r.entry.type === 'message' && r.entry.text === 'one')!.key);
  // an edit of the new room's message 1 changes that one, not the old room's message 1
  s.apply({ type: 'edit', room: 'general', seq: 4, target: 1, from: 'a', text: 'fresh, edited', time: 4 });
  const texts = rows().filter((r) => r.entry.type === 'message').map((r) => (r.entry.type === 'message' ? r.entry.text : ''));
  assert.deepEqual(texts.slice(-3), ['one', 'two', 'fresh, edited']);
  s.apply(msg('dev', 1, 'ghost', 'an event for a room we are not in is dropped'));
  assert.equal(s.convs.has('#dev'), false);
  s.apply({ type: 'room', name: 'dev', epoch: 'd1', topic: '', members: [], seq: 0 });
  s.apply({ type: 'parted', room: 'general' });
  assert.equal(s.convs.has('#general'), false);
  assert.equal(s.active, '#dev');
});

test('the next typing indicator to run out is looked for in every conversation, and those that ran out go', () => {
  const s = new ChatState();
  const snap = makeSnapshot();
  snap.rooms.push({ ...snap.rooms[0]!, name: 'release', events: [] });
  s.loadSnapshot(snap);
  const t = Date.now();
  s.apply({ type: 'typing', room: 'general', nick: 'alice' });
  s.apply({ type: 'typing', room: 'release', nick: 'bob' });
  const next = s.nextTypingExpiry(t);
  assert.ok(next >= t + TYPING_MS && next <= Date.now() + TYPING_MS, 'the first to run out');
  // alice's has run out in #general, which is not shown (it was kept, and the panel redrew every 50 ms for it)
  s.convs.get('#general')!.typing.set('alice', t - 1);
  assert.ok(s.nextTypingExpiry(t) > t, 'one that ran out is no next expiry');
  assert.deepEqual([...s.convs.get('#general')!.typing.keys()], [], 'and it went');
  assert.equal(s.nextTypingExpiry(Date.now() + TYPING_MS + 1), Infinity, 'none left');
  assert.deepEqual([...s.convs.get('#release')!.typing.keys()], []);
});

test('typing expires after TYPING_MS and is cleared by a message; DMs get their own conversation', () => {
  const s = new ChatState();
  s.loadSnapshot(makeSnapshot({ dms: [dm('me', 'bob', 'hi bob')] }));
  s.apply({ type: 'typing', room: 'general', nick: 'alice' });
  s.apply({ type: 'typing', room: 'general', nick: 'me' });
  const c = s.convs.get('#general')!;
  assert.deepEqual(s.typingIn(c), ['alice']);
  assert.deepEqual(s.typingIn(c, Date.now() + TYPING_MS + 1), []);
  s.apply({ type: 'typing', room: 'general', nick: 'alice' });
  s.apply(msg('general', 1, 'alice', 'done'));
  assert.deepEqual(s.typingIn(c), []);
  assert.equal(s.convs.get('@bob')!.rows.length, 1);
  s.apply(dm('bob', 'me', 'yo'));
  assert.equal(s.convs.get('@bob')!.rows.length, 2);
  assert.equal(s.convs.get('@bob')!.unread, 1);
});

test('suggest: commands at the start, nicks after @ and as /msg, /kick, /delete arguments', () => {
  const src = { commands: () => COMMANDS, nicks: () => ['alice', 'Albert', 'bob'], rooms: () => ({ joined: [], listed: [] }) };
  assert.deepEqual(suggest('/to', src).map((x) => x.insert), ['/topic ']);
  assert.deepEqual(suggest('/', src).length, COMMANDS.length);
  assert.deepEqual(suggest('/topic x', src), []);
  assert.deepEqual(suggest('hi @al', src).map((x) => [x.from, x.insert]), [[3, '@alice '], [3, '@Albert ']]);
  assert.deepEqual(suggest('/kick b', src).map((x) => [x.from, x.insert]), [[6, 'bob ']]);
  assert.deepEqual(suggest('/msg @b', src).map((x) => [x.from, x.insert]), [[5, '@bob ']]);
  // /delete's name is optional: offered once typed, not in the way of Enter after "/delete "
  assert.deepEqual(suggest('/delete b', src).map((x) => [x.from, x.insert]), [[8, 'bob ']]);
  assert.deepEqual(suggest('/delete @', src).length, 3);
  assert.deepEqual(suggest('/delete ', src), []);
  assert.ok(suggest('/kick ', src).length === 3, 'a required name is offered at once');
  assert.deepEqual(suggest('email me at a@b', src), []);
  // an option's id is what it offers: narrowed, Albert's is the same, and no other takes the id alice had in its place
  assert.deepEqual(suggest('hi @al', src).map((x) => x.id), ['nick-alice', 'nick-Albert']);
  assert.deepEqual(suggest('hi @alb', src).map((x) => x.id), ['nick-Albert']);
  assert.deepEqual(suggest('/join #', { ...src, rooms: () => ({ joined: ['général', 'dev'], listed: [] }) }).map((x) => x.id), ['room-g%C3%A9n%C3%A9ral', 'room-dev']);
});

test('suggest: emoji after a colon of its own and two letters of a name, as the emoji itself; none in code, a time or a word', () => {
  const src = { commands: () => COMMANDS, nicks: () => ['alice'], rooms: () => ({ joined: [], listed: [] }) };
  const tada = suggest('ship it :tad', src);
  assert.deepEqual(tada.map((x) => [x.from, x.insert, x.id]), [[8, '🎉 ', 'emoji-tada'], [8, '🏟️ ', 'emoji-stadium']], 'a name that starts so first');
  assert.deepEqual(suggest(':+1', src).map((x) => x.insert), ['👍 '], 'at the start; a name with a plus');
  assert.deepEqual(suggest('(:thumbsu', src).map((x) => x.insert), ['👍 ']);
  // names that start so first, then those with it inside (:heart -> ❤️ before 💔 broken_heart)
  const hearts = suggest('love :heart', src).map((x) => x.id);
  assert.equal(hearts[0], 'emoji-heart');
  assert.ok(hearts.indexOf('emoji-heart_eyes') < hearts.indexOf('emoji-broken_heart'), hearts.join(' '));
  // the common ones first: 🎉 before 🌮 taco for `:ta`, 🔥 before the list's first fi... for `:fi`
  assert.deepEqual(suggest('so :ta', src).slice(0, 2).map((x) => x.id), ['emoji-tada', 'emoji-tangerine']);
  assert.equal(suggest('so :fi', src)[0]?.id, 'emoji-fire');
  // at most MAX_NICKS, the last saying how many more
  const sm = suggest(':sm', src);
  assert.equal(sm.length, MAX_NICKS);
  assert.ok((sm.at(-1)?.more ?? 0) > 0);
  for (const none of ['at 10:30', 'Note:ab', 'key:value', ':t', 'done :tada:', '`x :tad', '```\ncode :tad', 'text :zzzz']) assert.deepEqual(suggest(none, src), [], none);
  assert.equal(suggest('```\ncode\n```\nnow :tad', src)[0]?.id, 'emoji-tada', 'after a fence closed');
});

test("the server's room list is kept for /join's suggestions, until another server's snapshot", () => {
  const s = new ChatState();
  s.loadSnapshot(makeSnapshot());
  s.apply({ type: 'rooms', rooms: [{ name: 'design', topic: 'Mockups', members: 2 }] });
  assert.deepEqual(s.listedRooms, [{ name: 'design', topic: 'Mockups', members: 2 }]);
  s.loadSnapshot(makeSnapshot());
  assert.equal(s.listedRooms.length, 1, 'a refresh of the same session keeps it');
  s.loadSnapshot(makeSnapshot({ address: '127.0.0.1:60000' }));
  assert.deepEqual(s.listedRooms, [], "another server's rooms are not these");
});

test('"New" stays where it was through a refresh of the same session; another session starts without it', () => {
  const s = new ChatState();
  s.seen = { general: 1 };
  const snap = makeSnapshot();
  snap.rooms[0]!.events = [msg('general', 1, 'alice', 'seen'), msg('general', 2, 'alice', 'new 1'), msg('general', 3, 'alice', 'new 2')];
  s.loadSnapshot(snap);
  const general = () => s.convs.get('#general')!;
  const key = general().newFrom;
  const entry = general().rows.find((r) => r.key === key)?.entry;
  assert.equal(entry?.type === 'message' ? entry.text : undefined, 'new 1');
  // the extension posts the state again (a session change, a member's join): same server, same nick
  snap.rooms[0]!.events.push(msg('general', 4, 'bob', 'later'));
  s.loadSnapshot(snap);
  assert.equal(general().newFrom, key);
  // another server: nothing of the old marks
  s.loadSnapshot({ ...snap, address: '127.0.0.1:60000' });
  assert.equal(general().newFrom, undefined);
});

test('a message deleted before you saw it is not unread any more, live or after a reload', () => {
  const s = new ChatState();
  const snap = makeSnapshot({ rooms: [...makeSnapshot().rooms, { name: 'dev', epoch: 'e1', topic: '', members: [], events: [] }] });
  s.loadSnapshot(snap);
  s.apply(msg('dev', 1, 'spammer', 'buy watches'));
  s.apply(msg('dev', 2, 'alice', 'real news'));
  assert.equal(s.convs.get('#dev')!.unread, 2);
  s.apply({ type: 'delete', room: 'dev', seq: 3, time: Date.now(), target: 1, from: 'spammer', by: 'alice' });
  assert.equal(s.convs.get('#dev')!.unread, 1);
  s.apply({ type: 'delete', room: 'dev', seq: 4, time: Date.now(), target: 1, from: 'spammer', by: 'alice' });
  assert.equal(s.convs.get('#dev')!.unread, 1, 'deleted once');
  // after a reload, counted from the seen seqs: the deleted one is not
  const again = new ChatState();
  again.seen = { dev: 0, general: 0 };
  snap.rooms[1]!.events = [{ ...msg('dev', 1, 'spammer', ''), deleted: true }, msg('dev', 2, 'alice', 'real news')];
  again.loadSnapshot(snap);
  assert.equal(again.convs.get('#dev')!.unread, 1);
});

test("the sizes the room takes: from the snapshot, then from each welcome (a room hosted again may take others)", () => {
  const s = new ChatState();
  s.loadSnapshot(makeSnapshot({ maxText: 100, maxTopic: 40 }));
  assert.deepEqual([s.maxText, s.maxTopic], [100, 40]);
  const welcome = (limits: { maxLine: number; maxText: number; maxTopic?: number }) => ({
    type: 'welcome' as const, v: 1, nick: 'me', role: 'member' as const, session: 's', server: 't', limits, rooms: [],
  });
  s.apply(welcome({ maxLine: 65536, maxText: 200, maxTopic: 60 }));
  assert.deepEqual([s.maxText, s.maxTopic], [200, 60]);
  // (an older server says no maxTopic: held to what a request carries, as the client is; nonsense is no size)
  s.apply(welcome({ maxLine: 65536, maxText: -1 }));
  assert.deepEqual([s.maxText, s.maxTopic], [200, 1024]);
  // (a state saved by an earlier version has no maxTopic either)
  s.loadSnapshot({ ...makeSnapshot(), maxTopic: undefined as unknown as number });
  assert.equal(s.maxTopic, 1024);
});

test('a room its host started anew (a welcome with another epoch, after a reconnect): its new messages show under what came before, with a notice', () => {
  const s = new ChatState();
  s.loadSnapshot(makeSnapshot());
  const welcome = (epoch: string, seq: number) => ({
    type: 'welcome' as const, v: 1, nick: 'me', role: 'member' as const, session: 's', server: 't', limits: { maxLine: 65536, maxText: 16384 },
    rooms: [{ name: 'general', epoch, topic: '', members: [], seq }],
  });
  const texts = () => s.convs.get('#general')!.rows.map((r) => (r.entry.type === 'message' || r.entry.type === 'notice' ? r.entry.text : r.entry.type));
  s.apply(welcome('A', 0));
  s.apply(msg('general', 1, 'alice', 'one'));
  s.apply(msg('general', 2, 'alice', 'two'));
  s.apply(welcome('A', 2)); // a reconnect to the same room
  assert.deepEqual(texts(), ['one', 'two']);
  s.apply(welcome('B', 0)); // the host closed it and hosted it again: numbers from 1 again
  s.apply({ type: 'synced', room: 'general', seq: 0, gap: true }); // (the old room's end is not in the new one: said already)
  s.apply(msg('general', 1, 'alice', 'the first of the new room'));
  assert.deepEqual(texts().slice(-5), ['one', 'two', '#general was started anew by its host. The messages above are from before: they stay here to read.', 'the first of the new room']);
  assert.deepEqual(s.convs.get('#general')!.rows.slice(-4).map((r) => r.past === true), [true, true, false, false]);
  assert.equal(s.convs.get('#general')!.unread, 0, 'on screen: not unread');
  // a later gap in the same room (a long time away) is said again
  s.apply({ type: 'synced', room: 'general', seq: 1, gap: true });
  assert.match(texts().at(-1) ?? '', /Some earlier messages may be missing/);
});

test('a snapshot of a room started anew: the earlier epochs\' messages (with their edits) above a line each, the new ones below; only the new ones can be unread', () => {
  const s = new ChatState();
  s.seen.general = 1; // seen before the reload: the new room's message 1
  const earlierA = [msg('general', 1, 'alice', 'first room'), { type: 'edit' as const, room: 'general', seq: 2, time: 2, target: 1, from: 'alice', text: 'first room, edited' }];
  const earlierB = [msg('general', 1, 'bob', 'second room')];
  s.loadSnapshot(makeSnapshot({
    rooms: [{ name: 'general', epoch: 'C', topic: '', members: [], events: [msg('general', 1, 'me', 'mine, seen'), msg('general', 2, 'alice', 'new and unseen')], earlier: [{ epoch: 'A', events: earlierA }, { epoch: 'B', events: earlierB }] },
      { name: 'dev', epoch: 'd', topic: '', members: [], events: [] }],
    activeRoom: 'dev',
  }));
  const c = s.convs.get('#general')!;
  const texts = c.rows.map((r) => (r.entry.type === 'message' || r.entry.type === 'notice' ? r.entry.text : r.entry.type));
  assert.deepEqual(texts, ['first room, edited', texts[1], 'second room', texts[3], 'mine, seen', 'new and unseen']);
  assert.match(texts[1]!, /started anew by its host/);
  assert.match(texts[3]!, /started anew by its host/);
  assert.deepEqual([c.rows[1]!.entry.time, c.rows[3]!.entry.time], [earlierB[0]!.time, msg('general', 1, 'me', '').time], 'each line dated when the next room began (its first message), not at the reload');
  assert.deepEqual(c.rows.map((r) => r.past === true), [true, true, true, false, false, false], 'the first line is from before the second start too');
  assert.equal(new Set(c.rows.map((r) => r.key)).size, 6, 'every row its own key');
  assert.equal(c.unread, 1, 'the new room\'s message 2; none of the earlier rooms\' (their numbers are 1 too)');
  // the new room goes on from its own numbers
  s.apply(msg('general', 3, 'bob', 'live'));
  const last = c.rows.at(-1)!.entry;
  assert.equal(last.type === 'message' && last.text, 'live');
});

test("a reactor's rename moves their reactions to the new name (the server sends no react for it)", () => {
  const s = new ChatState();
  s.loadSnapshot(makeSnapshot());
  s.apply(msg('general', 1, 'alice', 'shipping it', { reactions: [{ emoji: '👍', by: ['bob', 'carol'] }, { emoji: '🎉', by: ['carol'] }] }));
  const before = s.convs.get('#general')!.rows.at(-1)!.entry;
  s.apply({ type: 'nick', room: 'general', seq: 2, time: 2, from: 'bob', to: 'robert' });
  const row = s.convs.get('#general')!.rows.find((r) => r.entry.type === 'message')!;
  assert.deepEqual(row.entry.type === 'message' && row.entry.reactions, [{ emoji: '👍', by: ['robert', 'carol'] }, { emoji: '🎉', by: ['carol'] }]);
  assert.notEqual(row.entry, before, 'a new entry: the row is drawn anew');
  // in a long history only the newest 200 rows (a rename costs the same however long it is); nothing to redraw when
  // the renamed one reacted to none of them
  for (let seq = 3; seq <= 402; seq++) s.apply(msg('general', seq, 'alice', `m${seq}`, { reactions: [{ emoji: '👍', by: ['carol'] }] }));
  assert.equal(s.apply({ type: 'nick', room: 'general', seq: 403, time: 3, from: 'carol', to: 'caz' }).redraw, true);
  const by = (text: string) => s.convs.get('#general')!.rows.find((r) => r.entry.type === 'message' && r.entry.text === text)?.entry;
  assert.deepEqual([by('m402'), by('m3')].map((e) => e?.type === 'message' && e.reactions?.[0]?.by), [['caz'], ['carol']]);
  assert.equal(s.apply({ type: 'nick', room: 'general', seq: 404, time: 4, from: 'dave', to: 'dave_w' }).redraw, undefined);
});

test('a direct message written under an earlier nickname of yours is yours, in the conversation with the other side (after a reload too)', () => {
  const s = new ChatState();
  s.loadSnapshot(makeSnapshot({ nick: 'newme', nicks: ['me', 'newme'], dms: [dm('me', 'bob', 'sent before I renamed'), dm('bob', 'newme', 'after')] }));
  assert.deepEqual([...s.convs.keys()].filter((k) => k.startsWith('@')), ['@bob']);
  assert.equal(s.convs.get('@bob')!.rows.length, 2);
  // a rename now: what comes under the old name is still yours
  s.apply({ type: 'you', nick: 'newer', role: 'member' });
  s.apply(dm('newme', 'bob', 'late echo'));
  assert.deepEqual([...s.convs.keys()].filter((k) => k.startsWith('@')), ['@bob']);
  // someone took a nickname you had before and writes to you: a conversation with them, unread
  s.apply(dm('me', 'newer', 'I am the new "me"'));
  assert.deepEqual([...s.convs.keys()].filter((k) => k.startsWith('@')), ['@bob', '@me']);
  assert.equal(s.convs.get('@me')!.unread, 1);
});

test("you take your partner's old nickname: their direct messages to you stay theirs, unread, and yours to them yours (after a reload too)", () => {
  // you were alice; bob wrote to you and you answered; bob became robert, and you took "bob"
  const dms = [dm('bob', 'alice', 'psst', { time: T0 + 1000, with: 'robert' }), dm('alice', 'bob', 'yes?', { time: T0 + 2000, with: 'robert' })];
  const own = (s: ChatState) => s.convs.get('@robert')!.rows.map((r) => r.entry.type === 'dm' && s.isOwnDm(r.entry));
  const reloaded = new ChatState();
  reloaded.loadSnapshot(makeSnapshot({ nick: 'bob', nicks: ['alice', 'bob'], nickSince: [['bob', T0 + 3000]], dms }));
  assert.deepEqual(own(reloaded), [false, true]);
  // live: the `you` of the rename says when
  const live = new ChatState();
  live.loadSnapshot(makeSnapshot({ nick: 'alice', dms }));
  live.apply({ type: 'you', nick: 'bob', role: 'member', time: T0 + 3000 });
  assert.deepEqual(own(live), [false, true]);
  live.apply(dm('robert', 'bob', 'nice name', { time: T0 + 4000 }));
  live.apply(dm('alice', 'bob', 'I am the new "alice"', { time: T0 + 5000 }));
  assert.equal(live.convs.get('@alice')!.unread, 1, 'the new alice writes to you: theirs');
});

test("a room's history replaying the rename of someone who had your nickname before you: you keep yours, and their direct conversation follows them", () => {
  // you were alice and took "bob" at T0 + 3000; the old bob, who wrote to you, had become robert at T0 + 2000
  const s = new ChatState();
  s.loadSnapshot(makeSnapshot({ nick: 'bob', nicks: ['alice', 'bob'], nickSince: [['bob', T0 + 3000]], dms: [dm('bob', 'alice', 'psst', { time: T0 + 1000, with: 'bob' })] }));
  // (its entry's history comes after the room, up to its seq, as the extension gives it: not marked history)
  s.apply({ type: 'room', name: 'dev', epoch: 'e', topic: '', seq: 1, members: [] });
  s.apply({ type: 'nick', room: 'dev', seq: 1, time: T0 + 2000, from: 'bob', to: 'robert' });
  assert.equal(s.nick, 'bob');
  assert.deepEqual([...s.convs.keys()].filter((k) => k.startsWith('@')), ['@robert']);
});

test("two direct conversations merged (bob takes the name of carol, who left) show your own rename's line once", () => {
  const s = new ChatState();
  s.loadSnapshot(makeSnapshot({ dms: [dm('bob', 'me', 'from bob', { time: T0 + 1000 }), dm('carol', 'me', 'from carol', { time: T0 + 2000 })] }));
  s.apply({ type: 'nick', room: 'general', seq: 50, time: T0 + 3000, from: 'me', to: 'me2' });
  s.apply({ type: 'you', nick: 'me2', role: 'member', time: T0 + 3000 });
  assert.equal(s.convs.get('@bob')!.rows.filter((r) => r.entry.type === 'nick').length, 1);
  s.apply({ type: 'leave', room: 'general', seq: 51, time: T0 + 4000, nick: 'carol', reason: 'quit' });
  s.apply({ type: 'nick', room: 'general', seq: 52, time: T0 + 5000, from: 'bob', to: 'carol' });
  const renames = s.convs.get('@carol')!.rows.flatMap((r) => (r.entry.type === 'nick' ? [`${r.entry.from} -> ${r.entry.to}`] : []));
  assert.deepEqual(renames, ['me -> me2', 'bob -> carol']);
});

test('unread direct messages survive a reload: counted from the time last seen, and a conversation begun during it is unread', () => {
  const s = new ChatState();
  s.loadSnapshot(makeSnapshot());
  const t0 = 1_700_000_000_000;
  s.apply(dm('alice', 'me', 'seen one', { time: t0, seq: 1 }));
  s.active = '@alice'; // the user looks at it (main.ts: activate)
  s.markSeen();
  s.active = '#general';
  s.apply(dm('alice', 'me', 'not seen', { time: t0 + 1000, seq: 2 }));
  assert.equal(s.convs.get('@alice')!.unread, 1);
  // what main.ts saves, and what a reload restores; meanwhile alice wrote again and carol began a conversation
  const saved = { seen: { ...s.seen }, seenDms: { ...s.seenDms }, dmsUpTo: s.newestDm() };
  const again = new ChatState();
  Object.assign(again, saved);
  const snap = makeSnapshot();
  snap.dms = [
    dm('alice', 'me', 'seen one', { time: t0, seq: 1 }), dm('alice', 'me', 'not seen', { time: t0 + 1000, seq: 2 }),
    dm('me', 'alice', 'my answer', { time: t0 + 1500, seq: 3 }), dm('alice', 'me', 'during the reload', { time: t0 + 2000, seq: 4 }),
    dm('carol', 'me', 'hello from carol', { time: t0 + 2500, seq: 5 }),
  ];
  again.loadSnapshot(snap);
  assert.equal(again.convs.get('@alice')!.unread, 2, 'the one not seen before, and the one sent during the reload');
  assert.equal(again.convs.get('@carol')!.unread, 1, 'a conversation begun during the reload');
  assert.equal(again.totalUnread(), 3);
  // a first load (no saved state): everything is history
  const fresh = new ChatState();
  fresh.loadSnapshot(snap);
  assert.equal(fresh.totalUnread(), 0);
});

test('a join that says back (a member back after the host restarted) adds the member and no row', () => {
  const s = new ChatState();
  s.loadSnapshot(makeSnapshot());
  const c = s.convs.get('#general')!;
  const rows = c.rows.length;
  s.apply({ type: 'join', room: 'general', seq: 1, time: 1, nick: 'bob', role: 'member', back: true });
  assert.equal(c.rows.length, rows, 'no "bob joined" line');
  assert.ok(c.members.some((m) => m.nick === 'bob'));
  s.apply({ type: 'join', room: 'general', seq: 2, time: 2, nick: 'dan', role: 'member' });
  assert.equal(c.rows.length, rows + 1, 'a newcomer still gets its line');
});

test('a /who answer names whose seat is held (away)', () => {
  const s = new ChatState();
  s.loadSnapshot(makeSnapshot());
  s.apply({ type: 'who', room: 'general', members: [{ nick: 'ann', role: 'owner' }, { nick: 'bob', role: 'member', away: true }, { nick: 'cat', role: 'op', away: true }] });
  const notice = s.convs.get('#general')!.rows.at(-1)!.entry;
  assert.ok(notice.type === 'notice' && notice.text === 'In #general: ann (owner), bob (away), cat (op, away)', JSON.stringify(notice));
});

test("a /who answer for a room the panel is not in makes no conversation of it (a hostile server's made a tab each)", () => {
  const s = new ChatState();
  s.loadSnapshot(makeSnapshot());
  const rows = s.convs.get('#general')!.rows.length;
  for (let i = 0; i < 100; i++) assert.deepEqual(s.apply({ type: 'who', room: `nowhere${i}`, members: [{ nick: 'evil', role: 'owner' }] }), { rows: [], chrome: false });
  assert.deepEqual([...s.convs.keys()], ['#general']);
  assert.equal(s.convs.get('#general')!.rows.length, rows, 'nor a line in the room on show');
});

test('a conversation keeps its newest MAX_ROWS rows, however many come', () => {
  const s = new ChatState();
  s.loadSnapshot(makeSnapshot());
  const total = MAX_ROWS + 1_500;
  for (let seq = 1; seq <= total; seq++) s.apply(msg('general', seq, 'flood', `m${seq}`));
  const rows = s.convs.get('#general')!.rows;
  assert.ok(rows.length <= MAX_ROWS + 1_000 && rows.length >= MAX_ROWS, `${rows.length}`);
  const last = rows.at(-1)!.entry;
  assert.equal(last.type === 'message' && last.text, `m${total}`, 'the newest kept');
});

test('direct messages from ever more names: at most MAX_DM_CONVERSATIONS conversations, the quietest go, never the one on show', () => {
  const s = new ChatState();
  s.loadSnapshot(makeSnapshot({ dms: [dm('first', 'me', 'the one I read', { time: T0 })] }));
  s.active = s.dmWith('first').id;
  const total = MAX_DM_CONVERSATIONS + 300;
  for (let i = 1; i <= total; i++) s.apply(dm(`n${i}`, 'me', `hi ${i}`, { time: T0 + i * 1000 }));
  const dms = [...s.convs.values()].filter((c) => c.kind === 'dm').map((c) => c.name);
  assert.equal(dms.length, MAX_DM_CONVERSATIONS);
  assert.ok(dms.includes('first'), 'the one on show stays');
  assert.ok(dms.includes(`n${total}`) && !dms.includes('n1'), 'the newest stay, the quietest went');
  assert.equal(s.seenDms.n1, undefined, 'with what the panel kept of it');
  assert.ok(s.convs.has('#general'), 'rooms are no direct conversations');
  // the quietest renamed, its earlier rows going to a new conversation under the new name: the rest stay in its own
  const bob = new ChatState();
  bob.loadSnapshot(makeSnapshot({ dms: [dm('bob', 'me', 'old', { time: T0 }), dm('bob', 'me', 'after the rename', { time: T0 + 2000 })] }));
  for (let i = 1; i < MAX_DM_CONVERSATIONS; i++) bob.apply(dm(`p${i}`, 'me', 'x', { time: T0 + 10_000 + i }));
  bob.apply({ type: 'nick', room: 'general', seq: 5, time: T0 + 1000, from: 'bob', to: 'robert' });
  assert.deepEqual(bob.convs.get('@bob')?.rows.map((r) => (r.entry.type === 'dm' ? r.entry.text : r.entry.type)), ['after the rename'], "bob's later rows stay");
  assert.ok(bob.convs.has('@robert'));
});

test('a storm of joins lists at most 10,000 members', () => {
  const s = new ChatState();
  s.loadSnapshot(makeSnapshot());
  for (let seq = 1; seq <= 10_100; seq++) s.apply({ type: 'join', room: 'general', seq, time: 1, nick: `j${seq}`, role: 'member' });
  assert.equal(s.convs.get('#general')!.members.length, 10_000);
});

test('a direct conversation follows its partner\'s rename: same tab, same place, unread kept, the rename\'s line in it; an older rename replayed by a room moves nothing', () => {
  const s = new ChatState();
  s.loadSnapshot(makeSnapshot({ dms: [dm('bob', 'me', 'psst'), dm('me', 'bob', 'yes?', { time: T0 + 61_000 }), dm('carol', 'me', 'hi', { time: T0 + 62_000 })] }));
  s.apply(dm('bob', 'me', 'are you there?', { time: T0 + 63_000 }));
  assert.equal(s.convs.get('@bob')!.unread, 1);
  s.active = '@bob';
  // a room's history replaying an old rename of someone called bob (before these messages)
  const old = s.apply({ type: 'nick', room: 'general', seq: 1, time: T0, from: 'bob', to: 'zed' });
  assert.equal(old.movedDm, undefined);
  assert.deepEqual([...s.convs.keys()], ['#general', '@bob', '@carol']);

  const r = s.apply({ type: 'nick', room: 'general', seq: 2, time: T0 + 64_000, from: 'bob', to: 'robert' });
  assert.deepEqual(r.movedDm, { from: '@bob', to: '@robert' });
  assert.deepEqual([...s.convs.keys()], ['#general', '@robert', '@carol'], 'in its tab\'s place');
  const c = s.convs.get('@robert')!;
  assert.equal(c.name, 'robert');
  assert.equal(s.active, '@robert', 'still the conversation on screen');
  assert.deepEqual(c.rows.map((x) => (x.entry.type === 'dm' ? x.entry.text : x.entry.type)), ['psst', 'yes?', 'are you there?', 'nick']);
  assert.equal(c.unread, 1);
  // the same rename from a second shared room: nothing more
  assert.equal(s.apply({ type: 'nick', room: 'general', seq: 3, time: T0 + 64_000, from: 'bob', to: 'robert' }).movedDm, undefined);
  // what comes next is in it
  s.apply(dm('robert', 'me', 'new name', { time: T0 + 65_000 }));
  assert.deepEqual([...s.convs.keys()], ['#general', '@robert', '@carol']);
});

test('a direct conversation opened with no message yet follows its partner\'s rename as it happens, not one a room\'s entry replays', () => {
  const s = new ChatState();
  s.loadSnapshot(makeSnapshot({}));
  s.apply({ type: 'room', name: 'dev', epoch: 'e', topic: '', seq: 5, members: [] });
  s.dmWith('bob');
  s.active = '@bob';
  // #dev's history: someone called bob was renamed long ago
  assert.equal(s.apply({ type: 'nick', room: 'dev', seq: 4, time: T0, from: 'bob', to: 'zed' }).movedDm, undefined);
  assert.deepEqual([...s.convs.keys()].filter((k) => k.startsWith('@')), ['@bob']);
  const r = s.apply({ type: 'nick', room: 'dev', seq: 6, time: T0 + 1000, from: 'bob', to: 'robert' });
  assert.deepEqual(r.movedDm, { from: '@bob', to: '@robert' });
  assert.deepEqual([...s.convs.keys()].filter((k) => k.startsWith('@')), ['@robert']);
  assert.equal(s.active, '@robert');
  assert.deepEqual(s.convs.get('@robert')!.rows.map((x) => x.entry.type), ['nick']);
});

test('a partner\'s rename onto a conversation that exists joins the two in time order; a closed tab stays closed under the new name', () => {
  const s = new ChatState();
  s.closedDms = { bob: T0 + 60_000 };
  s.loadSnapshot(makeSnapshot({ dms: [dm('bob', 'me', 'psst'), dm('robert', 'me', 'an earlier robert', { time: T0 + 30_000 })] }));
  assert.equal(s.convs.get('@bob')!.hidden, true);
  s.apply({ type: 'nick', room: 'general', seq: 2, time: T0 + 64_000, from: 'bob', to: 'robert' });
  assert.equal(s.convs.has('@bob'), false);
  assert.deepEqual(s.convs.get('@robert')!.rows.map((x) => (x.entry.type === 'dm' ? x.entry.text : x.entry.type)), ['an earlier robert', 'psst', 'nick']);
  assert.equal(s.convs.get('@robert')!.hidden, false, 'the tab that was open stays open');

  const t = new ChatState();
  t.closedDms = { bob: T0 + 60_000 };
  t.loadSnapshot(makeSnapshot({ dms: [dm('bob', 'me', 'psst')] }));
  t.apply({ type: 'nick', room: 'general', seq: 2, time: T0 + 64_000, from: 'bob', to: 'robert' });
  assert.equal(t.convs.get('@robert')!.hidden, true);
  assert.deepEqual(t.closedDms, { robert: T0 + 60_000 });
});

test('a snapshot files direct messages under whom the extension says they are with now (the partner renamed since)', () => {
  const s = new ChatState();
  s.loadSnapshot(makeSnapshot({ dms: [dm('bob', 'me', 'psst', { with: 'robert' }), dm('me', 'bob', 'yes?', { with: 'robert' }), dm('robert', 'me', 'new name')] }));
  assert.deepEqual([...s.convs.keys()].filter((k) => k.startsWith('@')), ['@robert']);
  assert.equal(s.convs.get('@robert')!.rows.length, 3);
});

/** The texts (and line types) of conversation `id`'s rows. */
const rowTexts = (s: ChatState, id: string) => s.convs.get(id)?.rows.map((x) => (x.entry.type === 'dm' ? `${x.entry.from}:${x.entry.text}` : x.entry.type));

test('a rename that splits a direct conversation (an old rename replayed by a room): each part counts its own unread, and a closed tab stays closed after a reload too', () => {
  const s = new ChatState();
  s.seenDms = { bob: T0 + 60_000 };
  s.dmsUpTo = T0 + 60_000;
  s.loadSnapshot(makeSnapshot({ dms: [dm('bob', 'me', 'an earlier bob, read'), dm('bob', 'me', 'q1', { time: T0 + 300_000 }), dm('bob', 'me', 'q2', { time: T0 + 301_000 })] }));
  assert.equal(s.convs.get('@bob')!.unread, 2);
  s.apply({ type: 'nick', room: 'general', seq: 5, time: T0 + 200_000, from: 'bob', to: 'robert' });
  assert.deepEqual(rowTexts(s, '@robert'), ['bob:an earlier bob, read', 'nick']);
  assert.deepEqual(rowTexts(s, '@bob'), ['bob:q1', 'bob:q2']);
  assert.deepEqual([s.convs.get('@robert')!.unread, s.convs.get('@bob')!.unread], [0, 2], 'q1 and q2, once');
  assert.equal(s.convs.get('@bob')!.rows[0]!.dayStart, true, 'the part that stays starts its day again');

  const closed = new ChatState();
  closed.closedDms = { bob: T0 + 400_000 };
  closed.loadSnapshot(makeSnapshot({ dms: [dm('bob', 'me', 'an earlier bob'), dm('bob', 'me', 'q1', { time: T0 + 300_000 })] }));
  closed.apply({ type: 'nick', room: 'general', seq: 5, time: T0 + 200_000, from: 'bob', to: 'robert' });
  assert.equal(closed.convs.get('@robert')!.hidden, true);
  const reload = new ChatState();
  reload.closedDms = { ...closed.closedDms };
  reload.loadSnapshot(makeSnapshot({ dms: [dm('bob', 'me', 'an earlier bob', { with: 'robert' }), dm('bob', 'me', 'q1', { time: T0 + 300_000 })] }));
  assert.equal(reload.convs.get('@robert')!.hidden, true, 'closed after a reload as before it');
});

test('a rename onto an existing conversation groups and dates the joined rows as a reload would; a rename to the same name (a hostile server) changes nothing', () => {
  const s = new ChatState();
  s.loadSnapshot(makeSnapshot({ dms: [dm('robert', 'me', 'r1', { time: T0 + 10_000 }), dm('bob', 'me', 'b1', { time: T0 + 20_000 }), dm('robert', 'me', 'r2', { time: T0 + 30_000 })] }));
  s.apply({ type: 'nick', room: 'general', seq: 5, time: T0 + 200_000, from: 'bob', to: 'robert' });
  const reload = new ChatState();
  reload.loadSnapshot(makeSnapshot({ dms: [dm('robert', 'me', 'r1', { time: T0 + 10_000 }), dm('bob', 'me', 'b1', { time: T0 + 20_000, with: 'robert' }), dm('robert', 'me', 'r2', { time: T0 + 30_000 })] }));
  const flags = (rows: { continued: boolean; dayStart: boolean; entry: { type: string } }[]) => rows.filter((r) => r.entry.type === 'dm').map((r) => [r.continued, r.dayStart]);
  assert.deepEqual(flags(s.convs.get('@robert')!.rows), flags(reload.convs.get('@robert')!.rows));
  assert.deepEqual(flags(s.convs.get('@robert')!.rows), [[false, true], [false, false], [false, false]], 'each after another author: its own header');

  const same = new ChatState();
  same.loadSnapshot(makeSnapshot({ dms: [dm('bob', 'me', 'psst'), dm('me', 'bob', 'yes?', { time: T0 + 300_000 })] }));
  const r = same.apply({ type: 'nick', room: 'general', seq: 5, time: T0 + 200_000, from: 'bob', to: 'bob' });
  assert.equal(r.movedDm, undefined);
  assert.deepEqual(rowTexts(same, '@bob'), ['bob:psst', 'me:yes?']);
});

test('after a reload, your own direct message written under an earlier nickname is not unread; a split conversation on screen is among the ones drawn anew', () => {
  const snap = makeSnapshot({ nick: 'newme', nicks: ['me', 'newme'], dms: [dm('bob', 'me', 'unread from bob', { time: T0 }), dm('me', 'bob', 'my answer, before I renamed', { time: T0 + 1000 })] });
  const s = new ChatState();
  s.seenDms = { bob: T0 - 1 };
  s.dmsUpTo = T0 + 1000;
  s.loadSnapshot(snap);
  assert.equal(s.convs.get('@bob')!.unread, 1, 'bob\'s, not mine');

  const t = new ChatState();
  t.loadSnapshot(makeSnapshot());
  t.apply(dm('bob', 'me', 'a bob, before his rename', { time: T0 }));
  t.apply(dm('bob', 'me', 'another bob, after it', { time: T0 + 2000 }));
  t.active = '@bob';
  const r = t.apply({ type: 'nick', room: 'general', seq: 50, time: T0 + 1000, from: 'bob', to: 'alice' });
  assert.deepEqual(rowTexts(t, '@bob'), ['bob:another bob, after it']);
  assert.ok(r.rows.some((c) => c.id === '@bob'), 'the conversation on screen lost a row: drawn anew');
});

test('rooms called constructor and __proto__ count unread and keep what was seen across a reload like any other', () => {
  const names = ['constructor', '__proto__'];
  const snap = makeSnapshot({ rooms: ['general', ...names].map((name) => ({ name, epoch: 'e1', topic: '', members: [], events: [] })), activeRoom: 'general' });
  const s = new ChatState();
  s.loadSnapshot(snap);
  for (const name of names) s.apply(msg(name, 1, 'alice', 'one'));
  assert.deepEqual(names.map((n) => s.convs.get(`#${n}`)!.unread), [1, 1]);
  for (const name of names) {
    s.active = `#${name}`; // the user looks at it (main.ts: activate)
    s.markSeen();
  }
  const saved = JSON.parse(JSON.stringify({ seen: s.seen })) as { seen: Record<string, number> };
  assert.deepEqual(Object.keys(saved.seen).sort(), ['__proto__', 'constructor', 'general'], 'each saved');
  const again = new ChatState();
  again.seen = nameRecord(saved.seen);
  for (const r of snap.rooms) r.events = [msg(r.name, 1, 'alice', 'one'), msg(r.name, 2, 'alice', 'two')];
  again.loadSnapshot(snap);
  assert.deepEqual(names.map((n) => again.convs.get(`#${n}`)!.unread), [1, 1], 'the second message of each is new');
});

test("the host closing the room is said as what it is, not as an error: 'The host closed the room.'", () => {
  const s = new ChatState();
  s.loadSnapshot(makeSnapshot());
  s.apply({ type: 'shutdown', reason: 'the host closed the room' });
  const last = s.shownRows().at(-1)?.entry;
  assert.deepEqual(last?.type === 'notice' && [last.level, last.text], ['info', 'The host closed the room.']);
});

test("a room its host closed says 'The room is back.' under it when the connection is back there, once; not for another room's address", () => {
  const s = new ChatState();
  s.loadSnapshot(makeSnapshot());
  const notices = () => s.shownRows().flatMap((r) => (r.entry.type === 'notice' ? [r.entry.text] : []));
  s.setStatus('connected');
  assert.deepEqual(notices(), [], 'no close, nothing to say');
  s.apply({ type: 'shutdown', reason: 'the host closed the room' });
  s.setStatus('closed');
  s.setStatus('connecting');
  assert.ok(s.setStatus('connected'), 'a conversation to draw again');
  s.setStatus('connected');
  assert.deepEqual(notices(), ['The host closed the room.', 'The room is back.'], 'said once');
  // closed, then in another room (Join Chat elsewhere): that is no coming back
  s.apply({ type: 'shutdown', reason: 'the host closed the room' });
  s.setStatus('closed');
  s.loadSnapshot({ ...makeSnapshot(), address: '10.9.9.9:4000' });
  s.setStatus('connected');
  assert.ok(!s.shownRows().some((r) => r.entry.type === 'notice' && r.entry.text === 'The room is back.'), 'not for another address');
});

test('authorNow: the author of a row as they are called now, if they are in the room; nobody for a row from before the room was started anew', () => {
  const s = new ChatState();
  const snap = makeSnapshot();
  snap.rooms[0]!.members = [{ nick: 'robert', role: 'member' }, { nick: 'me', role: 'member' }];
  snap.rooms[0]!.earlier = [{ epoch: 'old', events: [msg('general', 1, 'carol', 'before the restart')] }];
  snap.rooms[0]!.events = [
    msg('general', 1, 'bob', 'hi'),
    msg('general', 2, 'dave', 'bye'),
    { type: 'nick', room: 'general', seq: 3, time: T0 + 200_000, from: 'bob', to: 'robert' },
    { type: 'leave', room: 'general', seq: 4, time: T0 + 200_000, nick: 'dave', reason: 'quit' },
  ];
  s.loadSnapshot(snap);
  const keyOf = (text: string) => s.shownRows().find((r) => r.entry.type === 'message' && r.entry.text === text)!.key;
  assert.equal(s.authorNow(keyOf('hi'), 'bob'), 'robert', 'followed through the rename');
  assert.equal(s.authorNow(keyOf('bye'), 'dave'), undefined, 'left');
  assert.equal(s.authorNow(keyOf('before the restart'), 'carol'), undefined, 'from before the room was started anew');
  assert.equal(s.authorNow('no such row', 'bob'), undefined);
});

test('your own rename is said in your direct conversations too, once though each of your rooms tells it', () => {
  const s = new ChatState();
  const snap = makeSnapshot({ rooms: [...makeSnapshot().rooms, { name: 'dev', epoch: 'e1', topic: '', members: [], events: [] }], dms: [dm('alice', 'me', 'psst')] });
  s.loadSnapshot(snap);
  s.apply({ type: 'nick', room: 'general', seq: 1, time: T0 + 100_000, from: 'me', to: 'me2' });
  s.apply({ type: 'nick', room: 'dev', seq: 1, time: T0 + 100_000, from: 'me', to: 'me2' });
  s.apply({ type: 'you', nick: 'me2', role: 'member' });
  const rows = s.convs.get('@alice')!.rows.map((r) => (r.entry.type === 'nick' ? `${r.entry.from} -> ${r.entry.to}` : r.entry.type));
  assert.deepEqual(rows, ['dm', 'me -> me2']);
  assert.equal(s.convs.get('@alice')!.unread, 0, 'nothing unread for it');
});

test("your room messages, through your renames: yours before and after a /nick, live ones too; an old name's next owner's are not", () => {
  const s = new ChatState();
  s.loadSnapshot(makeSnapshot());
  const c = s.convs.get('#general')!;
  const own = () => c.rows.filter((r) => r.entry.type === 'message' && s.isOwnMessage(r.key, r.entry.from)).map((r) => (r.entry.type === 'message' ? r.entry.text : ''));
  s.apply(msg('general', 1, 'me', 'first'));
  s.apply(msg('general', 2, 'alice', 'hers'));
  assert.deepEqual(own(), ['first']);
  s.apply({ type: 'nick', room: 'general', seq: 3, time: T0, from: 'me', to: 'me2' });
  s.apply({ type: 'you', nick: 'me2', role: 'member' });
  s.apply(msg('general', 4, 'me2', 'second'));
  assert.deepEqual(own(), ['first', 'second']);
  // someone else takes the name I left: what they write is theirs
  s.apply({ type: 'join', room: 'general', seq: 5, time: T0, nick: 'me', role: 'member' });
  s.apply(msg('general', 6, 'me', 'not mine'));
  s.apply(msg('general', 7, 'me2', 'third'));
  assert.deepEqual(own(), ['first', 'second', 'third']);
});

test("the members a room's state came with are as after its events: its replay (a rename, then a newcomer under the old name; a kick, then the member back) does not change them again", () => {
  const events = [
    { type: 'join' as const, room: 'general', seq: 1, time: T0, nick: 'bob', role: 'member' as const },
    { type: 'nick' as const, room: 'general', seq: 2, time: T0, from: 'bob', to: 'robert' },
    { type: 'join' as const, room: 'general', seq: 3, time: T0, nick: 'bob', role: 'member' as const },
    { type: 'kick' as const, room: 'general', seq: 4, time: T0, nick: 'eve', by: 'me', reason: '', ban: false },
    { type: 'join' as const, room: 'general', seq: 5, time: T0, nick: 'eve', role: 'member' as const },
    { type: 'topic' as const, room: 'general', seq: 6, time: T0, by: 'me', topic: 'old' },
  ];
  const members = [{ nick: 'me', role: 'owner' as const }, { nick: 'robert', role: 'member' as const }, { nick: 'bob', role: 'member' as const }, { nick: 'eve', role: 'member' as const }];
  const nicks = (s: ChatState) => s.convs.get('#general')!.members.map((m) => m.nick);
  // a snapshot: the client's members now, and the history that led there
  const s = new ChatState();
  s.loadSnapshot(makeSnapshot({ rooms: [{ name: 'general', epoch: 'e1', topic: 'new', members, events }] }));
  assert.deepEqual(nicks(s), ['me', 'robert', 'bob', 'eve']);
  assert.equal(s.convs.get('#general')!.topic, 'new');
  // a room entered (or a welcome after a reconnect): its state, then its replay
  const t = new ChatState();
  t.loadSnapshot(makeSnapshot({ rooms: [] }));
  t.apply({ type: 'room', name: 'general', epoch: 'e1', topic: 'new', members, seq: 6 });
  for (const e of events) t.apply(e);
  assert.deepEqual(nicks(t), ['me', 'robert', 'bob', 'eve']);
  assert.equal(t.convs.get('#general')!.topic, 'new');
  // what comes after it changes them
  t.apply({ type: 'nick', room: 'general', seq: 7, time: T0, from: 'bob', to: 'bobby' });
  assert.deepEqual(nicks(t), ['me', 'robert', 'bobby', 'eve']);
});

test('a snapshot taken during the replay says where its members are from: the rest of the replay does not change them again', () => {
  const members = [{ nick: 'me', role: 'owner' as const }, { nick: 'robert', role: 'member' as const }, { nick: 'bob', role: 'member' as const }];
  const s = new ChatState();
  s.loadSnapshot(makeSnapshot({ rooms: [{ name: 'general', epoch: 'e1', topic: '', members, events: [], stateAt: 3 }] }));
  s.apply({ type: 'join', room: 'general', seq: 1, time: T0, nick: 'bob', role: 'member' });
  s.apply({ type: 'nick', room: 'general', seq: 2, time: T0, from: 'bob', to: 'robert' });
  s.apply({ type: 'join', room: 'general', seq: 3, time: T0, nick: 'bob', role: 'member' });
  assert.deepEqual(s.convs.get('#general')!.members.map((m) => m.nick), ['me', 'robert', 'bob']);
});

test("what a room's replay brings is told from what happens now by one rule (isReplayed): up to the room's state, a snapshot's, a room's entry's or a welcome's", () => {
  const s = new ChatState();
  s.loadSnapshot(makeSnapshot({ rooms: [{ name: 'general', epoch: 'e1', topic: '', members: [], events: [msg('general', 1, 'alice', 'hi')], stateAt: 3 }] }));
  const general = s.convs.get('#general')!;
  assert.deepEqual([1, 3, 4].map((seq) => isReplayed(general, seq)), [true, true, false], "the snapshot's");
  s.apply({ type: 'room', name: 'dev', epoch: 'd1', topic: '', members: [], seq: 5 });
  const dev = s.convs.get('#dev')!;
  assert.deepEqual([5, 6].map((seq) => isReplayed(dev, seq)), [true, false], "the room's entry's");
  s.apply({ type: 'welcome', v: 1, nick: 'me', role: 'member', session: 's', server: 't', limits: { maxLine: 65536, maxText: 16384 }, rooms: [{ name: 'general', epoch: 'e1', topic: '', members: [], seq: 9 }] });
  assert.deepEqual([9, 10].map((seq) => isReplayed(general, seq)), [true, false], "a reconnect's welcome's");
  assert.equal(isReplayed(s.dmWith('bob'), 1), false, 'a direct conversation has no replay');
});

/** A window reload: a new state with the marks the panel saved (main.ts), loaded from `snap`. */
function reloaded(live: ChatState, snap: ReturnType<typeof makeSnapshot>): ChatState {
  const s = new ChatState();
  s.seen = Object.assign(Object.create(null) as Record<string, number>, live.seen);
  s.seenDms = Object.assign(Object.create(null) as Record<string, number>, live.seenDms);
  s.closedDms = Object.assign(Object.create(null) as Record<string, number>, live.closedDms);
  s.dmsUpTo = live.newestDm();
  s.visible = live.visible;
  s.loadSnapshot(snap, live.active);
  return s;
}

test("after a reload a reaction shows its author's new name, as live (the kept react event had the old one)", () => {
  const s = new ChatState();
  s.loadSnapshot(makeSnapshot());
  const m = msg('general', 1, 'bob', 'ship it?');
  const react = { type: 'react' as const, room: 'general', seq: 2, time: m.time + 1000, target: 1, from: 'alice', emoji: '👍', on: true, reactions: [{ emoji: '👍', by: ['alice'] }] };
  const nick = { type: 'nick' as const, room: 'general', seq: 3, time: m.time + 2000, from: 'alice', to: 'ali' };
  for (const e of [m, react, nick]) s.apply(e);
  const shown = (x: ChatState) => (x.convs.get('#general')!.rows[0]!.entry as { reactions?: unknown }).reactions;
  assert.deepEqual(shown(s), [{ emoji: '👍', by: ['ali'] }]);
  // (the extension's client keeps the message renamed in place, the react event as it came, the rename)
  const snap = makeSnapshot();
  snap.rooms[0]!.events = [{ ...m, reactions: [{ emoji: '👍', by: ['ali'] }] }, react, nick];
  assert.deepEqual(shown(reloaded(s, snap)), [{ emoji: '👍', by: ['ali'] }]);
});

test('a deleted message takes one off the unread count only when it was counted: not your own under an earlier name, not history', () => {
  const withDev = () => makeSnapshot({ rooms: [...makeSnapshot().rooms, { name: 'dev', epoch: 'd1', topic: '', members: [], events: [] }] });
  const s = new ChatState();
  s.loadSnapshot(withDev());
  s.apply(msg('dev', 1, 'me', 'mine'));
  s.apply({ type: 'nick', room: 'dev', seq: 2, time: T0 + 60_000, from: 'me', to: 'me2' });
  s.apply({ type: 'you', nick: 'me2', role: 'member' });
  s.apply(msg('dev', 3, 'alice', 'unread one'));
  s.apply({ type: 'delete', room: 'dev', seq: 4, time: T0 + 200_000, target: 1, from: 'me', by: 'me' });
  assert.equal(s.convs.get('#dev')!.unread, 1, "alice's message is still unread after I delete my own, written as me");
  const h = new ChatState();
  h.loadSnapshot(makeSnapshot());
  // #dev entered while #general is on show: its history is no news, then a live message
  h.apply({ type: 'room', name: 'dev', epoch: 'd1', topic: '', members: [], seq: 1 });
  h.apply(msg('dev', 1, 'bob', 'old, from history'), false);
  h.apply({ type: 'synced', room: 'dev', seq: 1, gap: false });
  h.apply(msg('dev', 2, 'alice', 'new'));
  h.apply({ type: 'delete', room: 'dev', seq: 3, time: T0 + 200_000, target: 1, from: 'bob', by: 'bob' });
  assert.equal(h.convs.get('#dev')!.unread, 1, "alice's message is still unread after bob deletes one from history");
});

test('unread counts are the same after a reload: a room started anew (its history no news), your message under an earlier name, a closed direct tab', () => {
  const base = makeSnapshot({ rooms: [...makeSnapshot().rooms, { name: 'dev', epoch: 'd1', topic: '', members: [], events: [] }] });
  const unread = (x: ChatState, id: string) => x.convs.get(id)!.unread;
  // the host started #dev anew: what its new history replays was said while we were away, and is no news
  const a = new ChatState();
  a.loadSnapshot(base);
  const old = msg('dev', 1, 'bob', 'old epoch');
  a.apply(old);
  a.markSeen();
  a.apply({ type: 'room', name: 'dev', epoch: 'd2', topic: '', members: [], seq: 1 });
  const replayed = msg('dev', 1, 'bob', 'said while we were away', { time: old.time + 60_000 });
  a.apply(replayed, false);
  a.apply({ type: 'synced', room: 'dev', seq: 1, gap: true });
  const snapA = { ...base, rooms: [base.rooms[0]!, { name: 'dev', epoch: 'd2', topic: '', members: [], events: [replayed], earlier: [{ epoch: 'd1', events: [old] }] }] };
  assert.deepEqual([unread(a, '#dev'), unread(reloaded(a, snapA), '#dev')], [0, 0]);
  // shared from the editor with the panel hidden, then renamed
  const b = new ChatState();
  b.loadSnapshot(base);
  b.visible = false;
  const mine = msg('general', 1, 'me', 'shared from the editor');
  const nick = { type: 'nick' as const, room: 'general', seq: 2, time: mine.time + 1000, from: 'me', to: 'me2' };
  b.apply(mine);
  b.apply(nick);
  b.apply({ type: 'you', nick: 'me2', role: 'member' });
  const snapB = { ...base, nick: 'me2', nicks: ['me', 'me2'], rooms: [{ ...base.rooms[0]!, events: [mine, nick] }, base.rooms[1]!] };
  assert.deepEqual([unread(b, '#general'), unread(reloaded(b, snapB), '#general')], [0, 0]);
  // a direct tab closed with a message unread, opened again by one you sent
  const c = new ChatState();
  c.loadSnapshot(base);
  const d1 = { type: 'dm' as const, from: 'alice', to: 'me', text: 'psst', kind: 'text' as const, time: T0 + 60_000, seq: 1 };
  c.apply(d1);
  c.closeDm('@alice');
  const d2 = { type: 'dm' as const, from: 'me', to: 'alice', text: 'later, from a notification', kind: 'text' as const, time: T0 + 120_000, seq: 2 };
  c.apply(d2);
  assert.deepEqual([unread(c, '@alice'), unread(reloaded(c, { ...base, dms: [{ ...d1, with: 'alice' }, { ...d2, with: 'alice' }] }), '@alice')], [0, 0]);
});

test('a conversation cut at MAX_ROWS starts with a row that has its header and date line', () => {
  const s = new ChatState();
  s.loadSnapshot(makeSnapshot());
  for (let seq = 1; seq <= MAX_ROWS + 1001; seq++) s.apply(msg('general', seq, 'alice', `m${seq}`, { time: T0 + seq * 1000 }));
  const first = s.convs.get('#general')!.rows[0]!;
  assert.deepEqual([first.continued, first.dayStart], [false, true]);
});

test('an edit that makes a message no lookalike of a row start any more puts it back in its group, as a reload would', () => {
  const s = new ChatState();
  s.loadSnapshot(makeSnapshot());
  s.apply(msg('general', 1, 'alice', 'first'));
  s.apply(msg('general', 2, 'alice', '**bob** 09:31 hi'));
  assert.equal(s.convs.get('#general')!.rows[1]!.continued, false);
  s.apply({ type: 'edit', room: 'general', seq: 3, time: T0 + 100_000, target: 2, from: 'alice', text: 'second' });
  assert.equal(s.convs.get('#general')!.rows[1]!.continued, true);
});

test('history with a join among it (the join comes live, the messages as history): none of it unread after a reload either', () => {
  const base = makeSnapshot({ rooms: [...makeSnapshot().rooms, { name: 'dev', epoch: 'd1', topic: '', members: [], events: [] }] });
  const s = new ChatState();
  s.loadSnapshot({ ...base, rooms: [base.rooms[0]!] });
  s.apply({ type: 'room', name: 'dev', epoch: 'd1', topic: '', members: [], seq: 4 });
  const m1 = msg('dev', 1, 'bob', 'old 1');
  const j2 = { type: 'join' as const, room: 'dev', seq: 2, time: T0 + 1000, nick: 'carol', role: 'member' as const };
  const m3 = msg('dev', 3, 'carol', 'old 3');
  const m4 = msg('dev', 4, 'bob', 'old 4');
  s.apply(m1, false);
  s.apply(j2);
  s.apply(m3, false);
  s.apply(m4, false);
  s.apply({ type: 'synced', room: 'dev', seq: 4, gap: false });
  const after = reloaded(s, { ...base, rooms: [base.rooms[0]!, { name: 'dev', epoch: 'd1', topic: '', members: [], events: [m1, j2, m3, m4] }] });
  assert.deepEqual([s.convs.get('#dev')!.unread, after.convs.get('#dev')!.unread], [0, 0]);
  // a mark is never moved back: a room entered again replays from its start
  const again = new ChatState();
  again.seen = Object.assign(Object.create(null) as Record<string, number>, { dev: 50 });
  again.loadSnapshot({ ...base, rooms: [base.rooms[0]!] });
  again.apply({ type: 'room', name: 'dev', epoch: 'd1', topic: '', members: [], seq: 60 });
  again.apply(msg('dev', 1, 'bob', 'old'), false);
  assert.equal(again.seen.dev, 50);
});

test('the "started anew" line goes where the new room began: before its replayed history, in time order, with the date line a reload gives', () => {
  const s = new ChatState();
  s.loadSnapshot(makeSnapshot());
  const old = msg('general', 1, 'bob', 'old');
  s.apply(old);
  // back the next day: the room was started anew meanwhile, and its history is older than now
  const realNow = Date.now;
  Date.now = () => old.time + 86_400_000;
  try {
    s.apply({ type: 'room', name: 'general', epoch: 'e2', topic: '', members: [], seq: 1 });
  } finally {
    Date.now = realNow;
  }
  const replayed = msg('general', 1, 'bob', 'said while we were away', { time: old.time + 60_000 });
  s.apply(replayed, false);
  const rows = s.convs.get('#general')!.rows;
  assert.deepEqual(rows.map((r) => [r.entry.type, r.entry.time]), [['message', old.time], ['notice', replayed.time], ['message', replayed.time]]);
  const after = new ChatState();
  const snap = makeSnapshot();
  snap.rooms[0] = { ...snap.rooms[0]!, epoch: 'e2', events: [replayed], earlier: [{ epoch: snap.rooms[0]!.epoch, events: [old] }] };
  after.loadSnapshot(snap);
  assert.deepEqual(rows.map((r) => [r.entry.type, r.dayStart]), after.convs.get('#general')!.rows.map((r) => [r.entry.type, r.dayStart]));
});

test('rooms entered and left leave no seen mark behind: after 500 of them the saved marks are back to #general alone', () => {
  const s = new ChatState();
  s.loadSnapshot(makeSnapshot());
  const before = Object.keys(s.seen);
  for (let i = 0; i < 500; i++) {
    const room = `room${i}`;
    s.apply({ type: 'room', name: room, epoch: 'e1', topic: '', members: [{ nick: 'me', role: 'member' }], seq: 0 });
    s.active = `#${room}`;
    s.apply(msg(room, 1, 'alice', 'hi'));
    s.markSeen();
    assert.equal(s.seen[room], 1, 'seen while in it');
    s.apply({ type: 'parted', room });
  }
  assert.deepEqual(Object.keys(s.seen), before);
  // and a room entered again reads its history from no mark: nothing of it unread
  s.apply({ type: 'room', name: 'room7', epoch: 'e1', topic: '', members: [], seq: 1 });
  s.apply(msg('room7', 1, 'alice', 'hi'), false);
  assert.equal(s.convs.get('#room7')!.unread, 0);
});

test("a rename to a name that is in already leaves one member of that name, as a join of it does (a hostile server's: it made two, and the next leave took both)", () => {
  const s = new ChatState();
  const snap = makeSnapshot();
  snap.rooms[0]!.members = [{ nick: 'me', role: 'member' }, { nick: 'alice', role: 'member' }, { nick: 'bob', role: 'member' }];
  s.loadSnapshot(snap);
  const c = s.convs.get('#general')!;
  s.apply({ type: 'nick', room: 'general', seq: 100, time: T0, from: 'alice', to: 'bob' });
  assert.deepEqual(c.members.map((m) => m.nick), ['me', 'bob']);
  s.apply({ type: 'join', room: 'general', seq: 101, time: T0, nick: 'carol', role: 'member' });
  s.apply({ type: 'leave', room: 'general', seq: 102, time: T0, nick: 'bob', reason: 'quit' });
  assert.deepEqual(c.members.map((m) => m.nick), ['me', 'carol']);
});

test('the tabs: rooms first, then direct conversations, as a snapshot lays them out: a room joined after a direct message came goes before it, and stays there when the panel is shown again or reloaded', () => {
  const s = new ChatState();
  s.loadSnapshot(makeSnapshot());
  s.apply(dm('bob', 'me', 'psst'));
  s.apply({ type: 'room', name: 'other', epoch: 'o1', topic: '', members: [], seq: 0 });
  assert.deepEqual(s.shownConvs().map((c) => c.id), ['#general', '#other', '@bob']);
  // the panel shown again (its webview is torn down when hidden) or reloaded: a snapshot, rooms then direct ones
  const again = new ChatState();
  again.loadSnapshot(makeSnapshot({ rooms: [...makeSnapshot().rooms, { name: 'other', epoch: 'o1', topic: '', members: [], events: [] }], dms: [dm('bob', 'me', 'psst')] }));
  assert.deepEqual(again.shownConvs().map((c) => c.id), ['#general', '#other', '@bob']);
});
