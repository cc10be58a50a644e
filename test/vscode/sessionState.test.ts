import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IDLE, canMakeNewInvite, hostsOn, keyOf, tellNewKey, RESTORE_WITHIN_MS, cameWhileAway, parseSaved, restoreDecision, statusBarView, toSaved, transition, type SessionState } from '../../src/vscode/sessionState';

const hosting: SessionState = { kind: 'hosting', bind: '127.0.0.1', port: 4000, address: '127.0.0.1:4000' };
const joined: SessionState = { kind: 'joined', address: '10.0.0.5:55555' };

test('host and join only from idle; leave from anywhere', () => {
  const h = transition(IDLE, { type: 'hosted', bind: '127.0.0.1', port: 4000, address: '127.0.0.1:4000' });
  assert.deepEqual(h, { ok: true, state: hosting });
  const j = transition(IDLE, { type: 'joined', address: '10.0.0.5:55555' });
  assert.deepEqual(j, { ok: true, state: joined });
  const again = transition(hosting, { type: 'joined', address: 'x:1' });
  assert.ok(!again.ok && /hosting a room at 127.0.0.1:4000/.test(again.error));
  const twice = transition(joined, { type: 'hosted', bind: '0.0.0.0', port: 1, address: 'x:1' });
  assert.ok(!twice.ok && /in the room at 10.0.0.5:55555/.test(twice.error));
  for (const s of [IDLE, hosting, joined]) assert.deepEqual(transition(s, { type: 'left' }), { ok: true, state: IDLE });
});

test("the owner's new room key (/newkey): a private room's invite is the one with it, hosting or joined; a room without a key, or none, takes none", () => {
  const [k1, k2] = ['A'.repeat(32), 'B'.repeat(32)];
  const privateHost = { ...hosting, key: k1 };
  assert.deepEqual(transition(privateHost, { type: 'rekeyed', key: k2 }), { ok: true, state: { ...hosting, key: k2 } });
  const member = { kind: 'joined' as const, address: '10.0.0.5:55555', key: k1, owner: true as const };
  assert.deepEqual(transition(member, { type: 'rekeyed', key: k2 }), { ok: true, state: { ...member, key: k2 } });
  for (const s of [IDLE, hosting, joined]) assert.deepEqual(transition(s, { type: 'rekeyed', key: k2 }), { ok: false, error: 'not in a private room' });
  // New Invite: the owner's, of a private room only
  assert.deepEqual([privateHost, member, { ...member, owner: undefined }, hosting, joined, IDLE].map(canMakeNewInvite), [true, true, false, false, false, false]);
  // the owner's window is told of a new key it did not ask for with New Invite (a /newkey typed, or another window's)
  const rekeyed = { ...privateHost, key: k2 };
  assert.equal(tellNewKey(k1, rekeyed, false), true);
  assert.equal(tellNewKey(k1, rekeyed, true), false, 'New Invite says so itself');
  assert.equal(tellNewKey(undefined, rekeyed, false), false, 'a room hosted: its first key is no news');
  assert.equal(tellNewKey(k2, rekeyed, false), false, 'the same key');
  assert.equal(tellNewKey(k1, { kind: 'joined', address: '10.0.0.5:55555', key: k2 }, false), false, 'a member: its app took the key; nothing to give out');
  assert.equal(keyOf(IDLE), undefined);
  // (what a reload joins with again)
  const saved = toSaved({ ...member, key: k2 }, 'general');
  assert.equal(saved?.kind === 'joined' ? saved.address : undefined, `tcpchat://10.0.0.5:55555/${k2}`);
});

test("a hosted room that keeps another port's history file (it moved off a busy port) says which, and a reload finds it", () => {
  const moved = transition(IDLE, { type: 'hosted', bind: '127.0.0.1', port: 4001, address: '127.0.0.1:4001', historyPort: 4000 });
  assert.deepEqual(moved, { ok: true, state: { ...hosting, port: 4001, address: '127.0.0.1:4001', historyPort: 4000 } });
  assert.ok(moved.ok);
  assert.deepEqual(parseSaved(toSaved(moved.state, 'general')), { kind: 'hosting', bind: '127.0.0.1', port: 4001, room: 'general', historyPort: 4000 });
  // its own port's file: nothing to say
  assert.deepEqual(transition(IDLE, { type: 'hosted', bind: '127.0.0.1', port: 4000, address: '127.0.0.1:4000', historyPort: 4000 }), { ok: true, state: hosting });
  for (const bad of [-1, 65536, 1.5, '4000', null]) {
    assert.ok(!('historyPort' in (parseSaved({ kind: 'hosting', bind: '127.0.0.1', port: 4001, historyPort: bad }) ?? {})), String(bad));
  }
});

test('saved sessions round-trip and bad ones are dropped', () => {
  assert.equal(toSaved(IDLE, 'general'), undefined);
  assert.deepEqual(parseSaved(toSaved(hosting, 'dev')), { kind: 'hosting', bind: '127.0.0.1', port: 4000, room: 'dev' });
  assert.deepEqual(parseSaved(toSaved(joined, 'general')), { kind: 'joined', address: '10.0.0.5:55555', room: 'general' });
  for (const bad of [undefined, null, 3, 'x', {}, { kind: 'joined' }, { kind: 'hosting', bind: 'x', port: 70000 }, { kind: 'other', address: 'x' }]) {
    assert.equal(parseSaved(bad), undefined, JSON.stringify(bad));
  }
  assert.equal(parseSaved({ kind: 'joined', address: 'a:1' })?.room, 'general');
  // a private room: the host keeps its key across a reload; a member keeps the whole invite
  const key = 'AbCdEfGhIjKlMnOpQrStUvWxYz012345';
  assert.deepEqual(parseSaved(toSaved({ ...hosting, key }, 'general')), { kind: 'hosting', bind: '127.0.0.1', port: 4000, room: 'general', key });
  assert.deepEqual(toSaved({ kind: 'joined', address: '10.0.0.5:4000', key }, 'general'), { kind: 'joined', address: `tcpchat://10.0.0.5:4000/${key}`, room: 'general' });
  const badKey = parseSaved({ kind: 'hosting', bind: '0.0.0.0', port: 1, room: 'g', key: 'bad key!' });
  assert.ok(badKey?.kind === 'hosting' && badKey.key === undefined);
  // a member keeps its session token, so a reload gets its role and direct messages back
  const session = 'Qm9iU2Vzc2lvblRva2VuMTIzNDU2';
  assert.deepEqual(parseSaved(toSaved(joined, 'general', { session })), { kind: 'joined', address: '10.0.0.5:55555', room: 'general', session });
  assert.deepEqual(parseSaved(toSaved(joined, 'general', { session, dmSeq: 7 })), { kind: 'joined', address: '10.0.0.5:55555', room: 'general', session, dmSeq: 7 });
  // and so does the host (its history file keeps the sessions' direct messages)
  assert.deepEqual(parseSaved(toSaved(hosting, 'general', { session, dmSeq: 7 })), { kind: 'hosting', bind: '127.0.0.1', port: 4000, room: 'general', session, dmSeq: 7 }, 'what it had seen of them: not news after the reload');
  assert.ok(!('session' in (parseSaved({ kind: 'hosting', bind: 'x', port: 1, session: 'bad token!' }) ?? {})));
  assert.equal(parseSaved({ kind: 'joined', address: 'a:1', session, dmSeq: -1 })?.kind, 'joined');
  assert.ok(!('dmSeq' in (parseSaved({ kind: 'joined', address: 'a:1', session, dmSeq: 'x' }) ?? {})));
  const badSession = parseSaved({ kind: 'joined', address: 'a:1', session: 'not a token!' });
  assert.ok(badSession?.kind === 'joined' && badSession.session === undefined);
  // the nickname the window had in the room (a /nick in the panel) comes back with it, host or member
  assert.equal(parseSaved(toSaved(joined, 'general', { session, nick: 'bobby' }))?.nick, 'bobby');
  assert.equal(parseSaved(toSaved(hosting, 'general', { nick: 'alice_w' }))?.nick, 'alice_w');
  assert.ok(!('nick' in (parseSaved({ kind: 'joined', address: 'a:1', nick: 'not a nick!' }) ?? {})), 'an invalid one is dropped');
  // and the nicknames it had in the session (its direct messages under each are its own), with the session only
  assert.deepEqual(parseSaved(toSaved(joined, 'general', { session, nick: 'robert', nicks: ['bob', 'robert'] })), { kind: 'joined', address: '10.0.0.5:55555', room: 'general', session, nick: 'robert', nicks: ['bob', 'robert'] });
  assert.deepEqual(parseSaved(toSaved(hosting, 'general', { session, nicks: ['alice', 'al'] })), { kind: 'hosting', bind: '127.0.0.1', port: 4000, room: 'general', session, nicks: ['alice', 'al'] });
  assert.ok(!('nicks' in (toSaved(joined, 'general', { nicks: ['bob', 'robert'] }) ?? {})), 'no session, nothing to be yours in');
  assert.ok(!('nicks' in (toSaved(joined, 'general', { session, nicks: ['robert'] }) ?? {})), 'only the one it has: nothing to say');
  assert.deepEqual((parseSaved({ kind: 'joined', address: 'a:1', session, nicks: ['bob', 'not a nick!', 42, 'robert'] }) as { nicks?: string[] }).nicks, ['bob', 'robert'], 'what is not a nickname is dropped');
  assert.equal((parseSaved({ kind: 'joined', address: 'a:1', session, nicks: Array.from({ length: 500 }, (_, i) => `n${i}`) }) as { nicks?: string[] }).nicks?.length, 50);
  // and when each became its own, where known (a direct message between two of them is the one it had then)
  const nickSince: [string, number][] = [['robert', 1_700_000_000_000]];
  assert.deepEqual(parseSaved(toSaved(joined, 'general', { session, nicks: ['bob', 'robert'], nickSince }))?.nickSince, nickSince);
  assert.deepEqual(parseSaved({ kind: 'joined', address: 'a:1', session, nicks: ['bob', 'robert'], nickSince: [['carol', 1], ['bob', 'noon'], ['robert', 1e20], 'x', ['robert', 5]] })?.nickSince, [['robert', 5]], 'only times of its nicknames, that a Date holds');
  // a member the room put out (kicked, banned): nothing for a reload to come back to (it joined again by itself)
  assert.equal(toSaved(joined, 'general', { session, putOut: true }), undefined);
  assert.equal(toSaved(hosting, 'general', { session, putOut: true })?.kind, 'hosting', "the host's own room is its to come back to");
});

test('status bar: hidden when idle; state, room, people, unread otherwise; no room after parting the last', () => {
  const base = { connectionText: '', room: 'general', online: 3, unread: 0 };
  assert.equal(statusBarView({ ...base, state: IDLE, connection: 'closed' }).visible, false);
  // out of a room, a Join or a Host on its way (up to 10 s for an address that never answers) says so
  const going = statusBarView({ ...base, state: IDLE, connection: 'closed', connecting: 'joining 10.0.0.5:55555' });
  assert.deepEqual([going.visible, going.text, going.tooltip, going.label], [true, '$(sync~spin) TCP Chat: connecting…', 'TCP Chat: joining 10.0.0.5:55555\nClick to show the chat', 'TCP Chat: connecting…, joining 10.0.0.5:55555']);
  const v = statusBarView({ ...base, state: hosting, connection: 'connected', unread: 2 });
  assert.ok(v.visible);
  assert.match(v.text, /\$\(broadcast\) #general/);
  assert.match(v.text, /3/);
  assert.match(v.text, /bell-dot\) 2/);
  assert.match(v.tooltip, /hosting at 127.0.0.1:4000/);
  // the unread count is of every conversation, not of the room named (a direct message's was put in #general)
  assert.equal(v.tooltip, 'TCP Chat: hosting at 127.0.0.1:4000\n#general: 3 online\n2 unread messages\nClick to show the chat');
  assert.equal(statusBarView({ ...base, state: hosting, connection: 'connected', unread: 1 }).tooltip, 'TCP Chat: hosting at 127.0.0.1:4000\n#general: 3 online\n1 unread message\nClick to show the chat');
  assert.equal(statusBarView({ ...base, state: hosting, connection: 'connected' }).tooltip, 'TCP Chat: hosting at 127.0.0.1:4000\n#general: 3 online\nClick to show the chat');
  // a screen reader hears what the numbers are (the text without its icons read "#general · 3 2")
  assert.equal(v.label, 'TCP Chat: hosting, #general, 3 online, 2 unread');
  assert.equal(statusBarView({ ...base, state: joined, connection: 'connected', unread: 0 }).label, 'TCP Chat: #general, 3 online');
  assert.doesNotMatch(statusBarView({ ...base, state: joined, connection: 'connected' }).text, /bell/);
  const r = statusBarView({ ...base, state: joined, connection: 'reconnecting', connectionText: 'connection lost; reconnecting in 1.0 s...' });
  assert.match(r.text, /reconnecting/);
  assert.equal(r.tone, 'warning');
  assert.match(r.tooltip, /connection lost/);
  // while the client waits to try again, no figure that would stand still in the tooltip through the wait
  const waiting = statusBarView({ ...base, state: joined, connection: 'reconnecting', connectionText: 'connection lost; reconnecting in 6.6 s...', retryWhy: 'connection lost' });
  assert.match(waiting.tooltip, /\nconnection lost; reconnecting\.\.\.\n/);
  assert.doesNotMatch(waiting.tooltip, /6\.6/);
  const c = statusBarView({ ...base, state: joined, connection: 'closed', connectionText: 'the host closed the room' });
  assert.match(c.text, /closed/);
  assert.match(c.tooltip, /the host closed the room/);
  // closed by its host, and waiting for it to come back (the host reloads its window): not "closed"
  const w = statusBarView({ ...base, state: joined, connection: 'closed', connectionText: 'the host closed the room; waiting for it to come back', waitingForHost: true, unread: 1 });
  assert.equal(w.text, '$(sync~spin) TCP Chat: waiting for the host… $(bell-dot) 1');
  assert.match(w.tooltip, /waiting for it to come back\n1 unread message\nClick/);
  assert.equal(w.label, 'TCP Chat: waiting for the host…, 1 unread');
  // after /part of the last room: connected, in none
  const none = statusBarView({ ...base, state: joined, connection: 'connected', room: '', online: 0, unread: 1 });
  assert.match(none.text, /TCP Chat: no room \$\(bell-dot\) 1$/);
  assert.doesNotMatch(none.text, /#/);
  assert.match(none.tooltip, /\/join #room/);
  assert.equal(none.label, 'TCP Chat: no room, 1 unread');
});


test('a saved room comes back by itself after a reload or a restart, and asks first when the window was away longer', () => {
  const now = 1_800_000_000_000;
  assert.equal(restoreDecision(now - 5_000, now), 'restore'); // a reload
  assert.equal(restoreDecision(now - RESTORE_WITHIN_MS, now), 'restore');
  assert.equal(restoreDecision(now - RESTORE_WITHIN_MS - 1, now), 'ask'); // reopened later
  assert.equal(restoreDecision(now - 86_400_000, now), 'ask');
  assert.equal(restoreDecision(undefined, now), 'restore'); // saved by a version without the heartbeat
  for (const bad of ['1800000000000', null, Number.NaN, Infinity, now + 3_600_000]) assert.equal(restoreDecision(bad, now), 'ask', String(bad));
});

test('what a window had received of its rooms when it closed: saved with its session, and what came after it is news', () => {
  const session = 'Qm9iU2Vzc2lvblRva2VuMTIzNDU2';
  const received = { general: { epoch: 'e1', seq: 41 }, dev: { epoch: 'd1', seq: 0 } };
  const saved = parseSaved(JSON.parse(JSON.stringify(toSaved(joined, 'general', { session, received }))));
  assert.ok(saved?.kind === 'joined');
  assert.deepEqual(saved.received, received);
  assert.equal(cameWhileAway(saved.received, 'general', 'e1', 41), false, 'received before it closed');
  assert.equal(cameWhileAway(saved.received, 'general', 'e1', 42), true, 'came while it was away');
  assert.equal(cameWhileAway(saved.received, 'general', 'e2', 42), false, 'a room started anew: nothing to compare');
  assert.equal(cameWhileAway(saved.received, 'random', 'r1', 5), false, 'a room it was not in');
  assert.equal(cameWhileAway(undefined, 'general', 'e1', 42), false, 'nothing saved (a crash): the replay is history, as before');
  assert.equal(cameWhileAway(saved.received, 'toString', undefined, 1), false);
  // edited or damaged storage: bad entries are dropped, the rest kept
  const odd = parseSaved({ kind: 'joined', address: 'a:1', session, received: { general: { epoch: 'e1', seq: 3 }, bad: { epoch: 5, seq: 1 }, neg: { epoch: 'x', seq: -1 }, ['__proto__']: { epoch: 'p', seq: 1 } } });
  assert.ok(odd?.kind === 'joined');
  assert.deepEqual(odd.received, { general: { epoch: 'e1', seq: 3 } });
  assert.ok(!('received' in (parseSaved({ kind: 'joined', address: 'a:1', session, received: [1, 2] }) ?? {})));
  assert.ok(!('received' in (toSaved(joined, 'general', { received }) ?? {})), 'only with a session to resume');
});

test("status bar: a room's name draws no icon of its own (a hostile server's `x · $(person) 99`)", () => {
  const v = statusBarView({ connectionText: '', room: 'x · $(person) 99', online: 3, unread: 0, state: joined, connection: 'connected' });
  assert.equal(v.text, '$(comment-discussion) #x · \\$(person) 99 · $(person) 3');
});

test('what was still on its way to the room is saved with the session, for the window to send after its reload; what is no such message is dropped', () => {
  const joined: SessionState = { kind: 'joined', address: '10.0.0.5:4000' };
  const session = 'S'.repeat(32);
  const queued = [
    { type: 'send' as const, id: 'c1-7', room: 'general', text: 'typed while away', kind: 'text' as const },
    { type: 'dm' as const, id: 'c1-8', to: 'bob', text: 'psst' },
  ];
  const saved = toSaved(joined, 'general', { session, queued });
  assert.deepEqual(parseSaved(JSON.parse(JSON.stringify(saved))), { kind: 'joined', address: '10.0.0.5:4000', room: 'general', session, queued });
  // without a session there is nothing to send them with (the server would take them for new ones)
  assert.equal('queued' in (toSaved(joined, 'general', { queued }) ?? {}), false);
  // from storage: garbage goes, requests of other kinds too, and what is kept is bounded
  const stored = { kind: 'joined', address: '10.0.0.5:4000', session, queued: [queued[0], { type: 'kick', id: 'x', room: 'general', nick: 'bob' }, { type: 'send', room: 'general', text: 'no id' }, 'nonsense', null, { ...queued[1], text: 7 }] };
  assert.deepEqual(parseSaved(stored)?.queued, [queued[0]]);
  const many = Array.from({ length: 500 }, (_, i) => ({ type: 'send', id: `c-${i}`, room: 'general', text: 'x'.repeat(50_000) }));
  const kept = parseSaved({ kind: 'joined', address: '10.0.0.5:4000', session, queued: many })?.queued ?? [];
  assert.ok(kept.length > 0 && kept.length <= 42, `${kept.length} kept: at most 2 Mi characters`);
  // and the commands held behind them (of "my last message"), in their place; an edit that names its message is none
  const held = [
    queued[0]!,
    { type: 'edit' as const, id: 'c1-9', room: 'general', target: 0, text: 'typed while away, fixed' },
    { type: 'delete' as const, id: 'c1-10', room: 'general', target: 0 },
    { type: 'nick' as const, id: 'c1-11', nick: 'bob2' },
    { type: 'part' as const, id: 'c1-12', room: 'general' },
  ];
  assert.deepEqual(parseSaved(JSON.parse(JSON.stringify(toSaved(joined, 'general', { session, queued: held }))))?.queued, held);
  assert.deepEqual(parseSaved({ ...stored, queued: [queued[0], { type: 'edit', id: 'e', room: 'general', target: 12, text: 'x' }] })?.queued, [queued[0]]);
});

test('Host Chat again: a busy port is the room this window hosts only when it hosts on that port (not after it moved off a busy one)', () => {
  const hosting: SessionState = { kind: 'hosting', bind: '127.0.0.1', port: 55556, address: '127.0.0.1:55556', historyPort: 55555 };
  assert.equal(hostsOn(hosting, 55556), true);
  assert.equal(hostsOn(hosting, 55555), false, "55555 is another window's: looked at before the room is closed");
  assert.equal(hostsOn(IDLE, 55555), false);
});

test("a room joined as its owner (a headless host's key on this machine) comes back as the owner after a reload; a member's as a member", () => {
  const joined = transition(IDLE, { type: 'joined', address: '127.0.0.1:55555', owner: true });
  assert.ok(joined.ok);
  assert.deepEqual(joined.state, { kind: 'joined', address: '127.0.0.1:55555', owner: true });
  const saved = toSaved(joined.state, 'general', { session: 'S'.repeat(24), nick: 'boss' });
  assert.equal(saved?.kind === 'joined' && saved.owner, true);
  const back = parseSaved(JSON.parse(JSON.stringify(saved)));
  assert.equal(back?.kind === 'joined' && back.owner, true);
  const member = transition(IDLE, { type: 'joined', address: '127.0.0.1:55555' });
  assert.ok(member.ok);
  assert.equal('owner' in (toSaved(member.state, 'general') ?? {}), false);
  // (only true is true: an edited state's "yes" is no owner)
  assert.equal('owner' in (parseSaved({ kind: 'joined', address: '127.0.0.1:55555', owner: 'yes' }) ?? {}), false);
});

test("status bar: a hostile room's name and words are one line, without controls or invisible characters, cut short", () => {
  const room = `x\u202e\n\n${'y'.repeat(250)}`;
  const why = `the room closed\u202e\nerror: ${'z'.repeat(4000)}`;
  const on = statusBarView({ connectionText: '', room, online: 3, unread: 0, state: joined, connection: 'connected' });
  const off = statusBarView({ connectionText: why, room, online: 3, unread: 0, state: joined, connection: 'closed' });
  for (const s of [on.text, on.tooltip, on.label, off.tooltip]) {
    // eslint-disable-next-line no-control-regex -- what must not reach the status bar
    assert.doesNotMatch(s, /[\u202e\u0000-\u0009\u000b-\u001f]/);
  }
  assert.match(on.text, /^\$\(comment-discussion\) #x y{60,62}… · \$\(person\) 3$/);
  assert.equal(on.tooltip.split('\n').length, 3);
  assert.equal(off.tooltip.split('\n').length, 3);
  assert.ok(off.tooltip.length < 400);
});
