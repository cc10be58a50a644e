// Editing, deleting and reacting to messages: who may (the author, by session, whatever the nickname is now; the
// owner deletes anyone's, an op a member's), what everyone sees (rich and plain), what history replays and what a
// history file keeps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChatClient } from '../../src/node/chatClient';
import type { MessageEvent } from '../../src/protocol/messages';
import { historyDir, LineClient, RawRich, startServer, until } from './helpers';

/** What a history file holds now ('' before the server first wrote it). */
function savedText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/** alice sends `text` to #general and gets its seq back (from the ack). */
async function sent(c: RawRich, id: string, text: string, extra: Record<string, unknown> = {}): Promise<number> {
  c.send({ type: 'send', id, room: 'general', text, ...extra });
  const ack = await c.next('ack', (m) => m.type === 'ack' && m.id === id);
  return ack.seq ?? -1;
}

test('the author edits a message: everyone gets the edit, a newcomer the message as it is now; the others may not', async () => {
  const { server, port } = await startServer();
  const alice = await RawRich.join(port, 'alice');
  const bob = await RawRich.join(port, 'bob');
  const plain = await LineClient.connect(port, 'nc');
  try {
    await plain.waitFor('nc joined!');
    const seq = await sent(alice, 'a1', 'teh fix is in');
    alice.send({ type: 'edit', id: 'e1', room: 'general', target: seq, text: 'the fix is in' });
    const edit = await bob.next('edit');
    assert.deepEqual({ ...edit, time: 0 }, { type: 'edit', room: 'general', seq: seq + 1, time: 0, target: seq, from: 'alice', text: 'the fix is in' });
    assert.equal((await alice.next('ack', (m) => m.type === 'ack' && m.id === 'e1')).seq, seq + 1);
    await plain.waitFor('alice (edited): the fix is in');
    // bob may not edit it, nor delete it
    bob.send({ type: 'edit', id: 'b1', room: 'general', target: seq, text: 'bob was here' });
    assert.match((await bob.next('error', (m) => m.type === 'error' && m.id === 'b1')).message, /only your own messages/);
    bob.send({ type: 'delete', id: 'b2', room: 'general', target: seq });
    const refused = await bob.next('error', (m) => m.type === 'error' && m.id === 'b2');
    assert.deepEqual([refused.code, refused.message], ['not_permitted', "only the owner and ops can delete other people's messages"]);
    // by name (`/delete <nick>`), the same answer whether or not that nick has said anything: not "holds no message"
    for (const [id, nick] of [['b3', 'alice'], ['b4', 'nc'], ['b5', 'nobody']] as const) {
      bob.send({ type: 'delete', id, room: 'general', target: 0, nick });
      const no = await bob.next('error', (m) => m.type === 'error' && m.id === id);
      assert.deepEqual([no.code, no.message], ['not_permitted', "only the owner and ops can delete other people's messages"], nick);
    }
    // their own name with nothing of theirs to delete: said so (not that it is not theirs to do)
    bob.send({ type: 'delete', id: 'b5b', room: 'general', target: 0, nick: 'bob' });
    assert.equal((await bob.next('error', (m) => m.type === 'error' && m.id === 'b5b')).code, 'no_such_message');
    // their own, by their own name: done
    const own = await sent(bob, 'b6', 'mine');
    bob.send({ type: 'delete', id: 'b7', room: 'general', target: 0, nick: 'BOB' });
    assert.equal((await alice.next('delete')).target, own);
    // a newcomer's history: the message as it is now (and when it was edited), then the edit
    const carol = await RawRich.join(port, 'carol');
    const replayed = carol.received.find((m): m is MessageEvent => m.type === 'message' && m.seq === seq);
    assert.equal(replayed?.text, 'the fix is in');
    assert.equal(replayed?.edited, edit.time);
    assert.ok(carol.received.some((m) => m.type === 'edit' && m.target === seq));
    carol.close();
  } finally {
    alice.close();
    bob.close();
    plain.close();
    await server.close();
  }
});

test('a delete takes the text out of history and out of the history file; the owner may delete anyone\'s', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tcp-chat-edits-'));
  const historyFile = join(dir, 'history.json');
  const { server, port } = await startServer({ historyFile });
  const owner = await RawRich.join(port, 'owner', { ownerKey: server.ownerKey });
  const alice = await RawRich.join(port, 'alice');
  try {
    const secret = await sent(alice, 'a1', 'oops: API_KEY=sk-live-0123456789');
    const code = await sent(alice, 'a2', 'const token = "sk-live-0123456789";', { kind: 'code', code: { path: 'src/env.ts', startLine: 3, endLine: 3 } });
    alice.send({ type: 'delete', id: 'd1', room: 'general', target: secret });
    const gone = await owner.next('delete');
    assert.deepEqual([gone.target, gone.from, gone.by], [secret, 'alice', 'alice']);
    // shared code cannot be edited; the owner deletes it
    alice.send({ type: 'edit', id: 'e1', room: 'general', target: code, text: 'x' });
    assert.match((await alice.next('error', (m) => m.type === 'error' && m.id === 'e1')).message, /shared code cannot be edited/);
    owner.send({ type: 'delete', id: 'd2', room: 'general', target: code });
    const byOwner = await alice.next('delete', (m) => m.type === 'delete' && m.target === code);
    assert.deepEqual([byOwner.from, byOwner.by], ['alice', 'owner']);
    // nothing left to change
    alice.send({ type: 'edit', id: 'e2', room: 'general', target: secret, text: 'again' });
    const deleted = await alice.next('error', (m) => m.type === 'error' && m.id === 'e2');
    assert.deepEqual([deleted.code, deleted.message], ['no_such_message', 'that message was deleted']);
    alice.send({ type: 'delete', id: 'd3', room: 'general', target: 9999 });
    assert.equal((await alice.next('error', (m) => m.type === 'error' && m.id === 'd3')).code, 'no_such_message');
    // a newcomer sees who and when, not what
    const carol = await RawRich.join(port, 'carol');
    const replayed = carol.received.filter((m): m is MessageEvent => m.type === 'message' && (m.seq === secret || m.seq === code));
    assert.deepEqual(replayed.map((m) => [m.from, m.text, m.deleted, m.code]), [['alice', '', true, undefined], ['alice', '', true, undefined]]);
    carol.close();
    await until(() => {
      const saved = savedText(historyFile);
      return saved.includes('"deleted":true') && !saved.includes('sk-live') ? true : undefined;
    }, 'the history file without the deleted text');
  } finally {
    owner.close();
    alice.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a message edited and then deleted: none of its texts stays in history, the history file or any replay', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tcp-chat-edits-'));
  const historyFile = join(dir, 'history.json');
  const { server, port } = await startServer({ historyFile });
  const alice = await RawRich.join(port, 'alice');
  try {
    const seq = await sent(alice, 'a1', 'my password is hunter2');
    alice.send({ type: 'edit', id: 'e1', room: 'general', target: seq, text: 'my password is hunter3' });
    await alice.next('ack', (m) => m.type === 'ack' && m.id === 'e1');
    alice.send({ type: 'delete', id: 'd1', room: 'general', target: seq });
    await alice.next('ack', (m) => m.type === 'ack' && m.id === 'd1');
    // a newcomer (rich, and netcat) gets the message deleted and the edit without its text
    const carol = await RawRich.join(port, 'carol');
    const replayed = carol.received.filter((m) => 'seq' in m && (m.seq === seq || ('target' in m && m.target === seq)));
    assert.deepEqual(replayed.map((m) => [m.type, 'text' in m ? m.text : undefined]), [['message', ''], ['edit', ''], ['delete', undefined]]);
    assert.doesNotMatch(JSON.stringify(carol.received), /hunter/);
    carol.close();
    const nc = await LineClient.connect(port, 'nc');
    alice.send({ type: 'send', id: 'a2', room: 'general', text: 'after' });
    await nc.waitFor('alice: after');
    assert.doesNotMatch(nc.text, /hunter|\(edited\)/);
    nc.close();
    await until(() => {
      const saved = savedText(historyFile);
      return saved.includes('"deleted":true') && saved.includes('after') ? saved : undefined;
    }, 'the history file after the delete');
    assert.doesNotMatch(savedText(historyFile), /hunter/);
  } finally {
    alice.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('after a host restart from its history file, the author still edits its message; a stranger still cannot', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tcp-chat-edits-'));
  const historyFile = join(dir, 'history.json');
  const first = await startServer({ historyFile });
  const port = first.port;
  const alice = new ChatClient({ host: '127.0.0.1', port, nick: 'alice', reconnectAfterShutdown: true, backoffMinMs: 20, backoffMaxMs: 100 });
  let second: Awaited<ReturnType<typeof startServer>> | undefined;
  let eve: RawRich | undefined;
  try {
    await alice.connect();
    alice.send('general', 'befor the restart');
    await until(() => (alice.unacknowledged === 0 ? true : undefined), 'the message accepted');
    await until(() => (savedText(historyFile).includes('befor the restart') ? true : undefined), 'the history file');
    await first.server.close('restarting');
    second = await startServer({ historyFile, port });
    await until(() => (alice.connected ? true : undefined), 'alice back in the same session', 10_000);
    eve = await RawRich.join(port, 'eve');
    const seq = eve.received.find((m): m is MessageEvent => m.type === 'message' && m.text === 'befor the restart')?.seq ?? -1;
    eve.send({ type: 'edit', id: 'e1', room: 'general', target: seq, text: 'mine' });
    assert.equal((await eve.next('error', (m) => m.type === 'error' && m.id === 'e1')).code, 'not_permitted');
    assert.equal(alice.submit('/edit before the restart', 'general').kind, 'sent');
    const edit = await eve.next('edit');
    assert.deepEqual([edit.target, edit.text], [seq, 'before the restart']);
  } finally {
    await alice.leave();
    eve?.close();
    await first.server.close();
    await second?.server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test("an op deletes a member's message, not the owner's", async () => {
  const { server, port } = await startServer();
  const owner = await RawRich.join(port, 'owner', { ownerKey: server.ownerKey });
  const op = await RawRich.join(port, 'op');
  const member = await RawRich.join(port, 'member');
  try {
    owner.send({ type: 'op', id: 'o1', room: 'general', nick: 'op' });
    await op.next('you', (m) => m.type === 'you' && m.role === 'op');
    const spam = await sent(member, 'm1', 'buy cheap watches');
    const notice = await sent(owner, 'w1', 'release at five');
    op.send({ type: 'delete', id: 'd1', room: 'general', target: spam });
    assert.deepEqual((await member.next('delete')).by, 'op');
    op.send({ type: 'delete', id: 'd2', room: 'general', target: notice });
    const refused = await op.next('error', (m) => m.type === 'error' && m.id === 'd2');
    assert.deepEqual([refused.code, refused.message], ['not_permitted', "only the owner can delete the owner's or an op's messages"]);
  } finally {
    owner.close();
    op.close();
    member.close();
    await server.close();
  }
});

test('the author is the session: a renamed author still edits, a newcomer with the old nickname cannot; /edit and /delete take your last message', async () => {
  const { server, port } = await startServer();
  const alice = new ChatClient({ host: '127.0.0.1', port, nick: 'alice' });
  const watcher = await RawRich.join(port, 'watcher');
  let impostor: RawRich | undefined;
  try {
    await alice.connect();
    alice.send('general', 'first');
    alice.send('general', 'secnod');
    await until(() => (alice.unacknowledged === 0 ? true : undefined), 'both sent');
    assert.deepEqual(alice.submit('/nick alicia', 'general'), { kind: 'sent' });
    await until(() => (alice.nick === 'alicia' ? true : undefined), 'the rename');
    assert.equal(alice.submit('/edit second', 'general').kind, 'sent');
    const edit = await watcher.next('edit');
    assert.deepEqual([edit.from, edit.text], ['alicia', 'second']);
    // the client's own copy of the room changed with it
    await until(() => (alice.rooms.get('general')?.events.some((e) => e.type === 'message' && e.text === 'second' && e.edited !== undefined) ? true : undefined), 'the edit in the client');
    // someone who takes the name "alice" now did not write anything
    impostor = await RawRich.join(port, 'alice');
    impostor.send({ type: 'edit', id: 'i1', room: 'general', target: edit.target, text: 'mine now' });
    assert.equal((await impostor.next('error', (m) => m.type === 'error' && m.id === 'i1')).code, 'not_permitted');
    impostor.send({ type: 'delete', id: 'i2', room: 'general', target: 0 });
    assert.match((await impostor.next('error', (m) => m.type === 'error' && m.id === 'i2')).message, /you have no message in #general that can still be changed/);
    assert.equal(alice.submit('/delete', 'general').kind, 'sent');
    assert.equal((await watcher.next('delete')).target, edit.target);
    assert.equal(alice.submit('/delete', 'general').kind, 'sent');
    assert.equal((await watcher.next('delete')).target, edit.target - 1, 'then the one before it');
    await until(() => (alice.rooms.get('general')?.events.filter((e) => e.type === 'message' && e.deleted).length === 2 ? true : undefined), 'both deleted in the client');
  } finally {
    await alice.leave();
    watcher.close();
    impostor?.close();
    await server.close();
  }
});

test("/delete <nick>: an op on netcat deletes the last message shown as from <nick>, as the room reads it", async () => {
  const { server, port } = await startServer();
  const owner = await RawRich.join(port, 'owner', { ownerKey: server.ownerKey });
  const spammer = await RawRich.join(port, 'Spammer');
  const nc = await LineClient.connect(port, 'nc');
  try {
    await nc.waitFor('nc joined!');
    owner.send({ type: 'op', id: 'o1', room: 'general', nick: 'nc' });
    await nc.waitFor('owner made nc an operator');
    const first = await sent(spammer, 's1', 'buy cheap watches');
    const second = await sent(spammer, 's2', 'really cheap');
    await sent(owner, 'w1', 'release at five');
    // the spammer renames: its messages still read "Spammer", which is what the op types (any case)
    spammer.send({ type: 'nick', id: 'n1', nick: 'innocent' });
    await owner.next('nick');
    nc.say('/delete @spammer');
    const d1 = await owner.next('delete');
    assert.deepEqual([d1.target, d1.from, d1.by], [second, 'Spammer', 'nc']);
    nc.say('/delete Spammer');
    assert.equal((await owner.next('delete')).target, first, 'then the one before it');
    nc.say('/delete spammer');
    await nc.waitFor("error: #general's history holds no message from spammer that can still be deleted");
    nc.say('/delete owner');
    await nc.waitFor("error: only the owner can delete the owner's or an op's messages");
    // a member may not, by name either; a nick with a target is refused as a bad request
    spammer.send({ type: 'delete', id: 'x1', room: 'general', target: 0, nick: 'owner' });
    assert.equal((await spammer.next('error', (m) => m.type === 'error' && m.id === 'x1')).code, 'not_permitted');
    spammer.send({ type: 'delete', id: 'x2', room: 'general', target: 3, nick: 'owner' });
    const bad = await spammer.next('error', (m) => m.type === 'error' && m.id === 'x2');
    assert.deepEqual([bad.code, bad.message], ['bad_message', 'delete: "nick" names whose latest message to delete: "target" must be 0 with it']);
    // nothing but the two deletes happened to the room
    const replay = await RawRich.join(port, 'late');
    const texts = replay.received.filter((m): m is MessageEvent => m.type === 'message').map((m) => m.text);
    replay.close();
    assert.deepEqual(texts, ['', '', 'release at five']);
  } finally {
    owner.close();
    spammer.close();
    nc.close();
    await server.close();
  }
});

test('/delete <nick> takes the name a member goes by now too: what kat wrote before becoming cat2 is cat2\'s last message, to an op and to cat2', async () => {
  const { server, port } = await startServer();
  const owner = await RawRich.join(port, 'owner', { ownerKey: server.ownerKey });
  const kat = await RawRich.join(port, 'kat');
  const nc = await LineClient.connect(port, 'nc');
  try {
    await nc.waitFor('nc joined!');
    owner.send({ type: 'op', id: 'o1', room: 'general', nick: 'nc' });
    await nc.waitFor('owner made nc an operator');
    const first = await sent(kat, 'k1', 'first');
    const second = await sent(kat, 'k2', 'second');
    kat.send({ type: 'nick', id: 'n1', nick: 'cat2' });
    await owner.next('nick');
    // the op types the name the member list shows
    nc.say('/delete cat2');
    const d1 = await owner.next('delete');
    assert.deepEqual([d1.target, d1.from, d1.by], [second, 'kat', 'nc']);
    // cat2, by the name it has now: its own, done
    kat.send({ type: 'delete', id: 'k3', room: 'general', target: 0, nick: 'cat2' });
    assert.equal((await owner.next('delete')).target, first);
    kat.send({ type: 'delete', id: 'k4', room: 'general', target: 0, nick: 'cat2' });
    assert.equal((await kat.next('error', (m) => m.type === 'error' && m.id === 'k4')).code, 'no_such_message');
    // a member naming another by the name it has now is refused as by the one its messages show
    const bob = await RawRich.join(port, 'bob');
    await sent(owner, 'w1', 'release at five');
    await sent(kat, 'k5', 'third');
    bob.send({ type: 'delete', id: 'b1', room: 'general', target: 0, nick: 'cat2' });
    assert.equal((await bob.next('error', (m) => m.type === 'error' && m.id === 'b1')).code, 'not_permitted');
    bob.close();
  } finally {
    owner.close();
    kat.close();
    nc.close();
    await server.close();
  }
});

test('a plain client (netcat) edits and deletes its last message with /edit and /delete', async () => {
  const { server, port } = await startServer();
  const nc = await LineClient.connect(port, 'nc');
  const rich = await RawRich.join(port, 'rich');
  try {
    await nc.waitFor('rich joined!');
    nc.say('helo all');
    const m = await rich.next('message');
    nc.say('/edit hello all');
    const edit = await rich.next('edit');
    assert.deepEqual([edit.target, edit.from, edit.text], [m.seq, 'nc', 'hello all']);
    await nc.waitFor('nc (edited): hello all');
    nc.say('/delete');
    assert.equal((await rich.next('delete')).target, m.seq);
    await nc.waitFor('nc deleted a message');
    nc.say('/delete');
    await nc.waitFor('error: you have no message in #general that can still be changed');
  } finally {
    nc.close();
    rich.close();
    await server.close();
  }
});

test('reactions: anyone puts one of the few emoji under a message and takes it away; history keeps who; plain clients see nothing', async () => {
  const { server, port } = await startServer();
  const alice = await RawRich.join(port, 'alice');
  const bob = new ChatClient({ host: '127.0.0.1', port, nick: 'bob' });
  const nc = await LineClient.connect(port, 'nc');
  try {
    await bob.connect();
    await nc.waitFor('bob joined!');
    const seq = await sent(alice, 'a1', 'shipping it');
    assert.ok(bob.request({ type: 'react', room: 'general', target: seq, emoji: '👍' }));
    const on = await alice.next('react');
    assert.deepEqual([on.target, on.from, on.emoji, on.on, on.reactions], [seq, 'bob', '👍', true, [{ emoji: '👍', by: ['bob'] }]]);
    alice.send({ type: 'react', id: 'r1', room: 'general', target: seq, emoji: '👍' });
    await alice.next('react', (m) => m.type === 'react' && m.from === 'alice');
    // the client's copy of the message carries them, in order
    await until(() => (bob.rooms.get('general')?.events.find((e): e is MessageEvent => e.type === 'message' && e.seq === seq)?.reactions?.[0]?.by.length === 2 ? true : undefined), 'two reactions at bob');
    // another emoji beside it: both stay
    assert.ok(bob.request({ type: 'react', room: 'general', target: seq, emoji: '🎉' }));
    const second = await alice.next('react', (m) => m.type === 'react' && m.emoji === '🎉');
    assert.deepEqual(second.reactions, [{ emoji: '👍', by: ['bob', 'alice'] }, { emoji: '🎉', by: ['bob'] }]);
    // the same again takes it away, and only it
    assert.ok(bob.request({ type: 'react', room: 'general', target: seq, emoji: '👍' }));
    const off = await alice.next('react', (m) => m.type === 'react' && m.from === 'bob' && !m.on);
    assert.deepEqual([off.emoji, off.reactions], ['👍', [{ emoji: '👍', by: ['alice'] }, { emoji: '🎉', by: ['bob'] }]]);
    assert.ok(bob.request({ type: 'react', room: 'general', target: seq, emoji: '🎉' }));
    await alice.next('react', (m) => m.type === 'react' && m.emoji === '🎉' && !m.on);
    // only the few emoji: no text under someone's message
    alice.send({ type: 'react', id: 'r2', room: 'general', target: seq, emoji: 'lol' });
    const refused = await alice.next('error', (m) => m.type === 'error' && m.id === 'r2');
    assert.deepEqual([refused.code, refused.message], ['bad_message', '"lol" is not a reaction; these are: 👍 👀 🎉 ✅ ❤️ 😄']);
    // a newcomer: the message with who reacted
    const carol = await RawRich.join(port, 'carol');
    const replayed = carol.received.find((m): m is MessageEvent => m.type === 'message' && m.seq === seq);
    assert.deepEqual(replayed?.reactions, [{ emoji: '👍', by: ['alice'] }]);
    carol.close();
    assert.doesNotMatch(nc.text, /👍|react/, 'plain clients see no reactions');
  } finally {
    alice.close();
    await bob.leave();
    nc.close();
    await server.close();
  }
});

test('a reaction goes with its author to a new nickname: a rename between two does not count them twice, and the toggle still finds it', async () => {
  const { server, port } = await startServer();
  const alice = await RawRich.join(port, 'alice');
  const bob = await RawRich.join(port, 'bob');
  try {
    const seq = await sent(alice, 'a1', 'shipping it');
    bob.send({ type: 'react', id: 'r1', room: 'general', target: seq, emoji: '👍' });
    await bob.next('ack', (m) => m.type === 'ack' && m.id === 'r1');
    bob.send({ type: 'nick', id: 'n', nick: 'robert' });
    await bob.next('ack', (m) => m.type === 'ack' && m.id === 'n');
    bob.send({ type: 'react', id: 'r2', room: 'general', target: seq, emoji: '👍' }); // the same person: takes it off
    const off = await alice.next('react', (m) => m.type === 'react' && m.from === 'robert');
    assert.deepEqual([off.on, off.reactions], [false, []]);
    const carol = await RawRich.join(port, 'carol');
    assert.deepEqual(carol.received.find((m): m is MessageEvent => m.type === 'message' && m.seq === seq)?.reactions ?? [], []);
    carol.close();
  } finally {
    alice.close();
    bob.close();
    await server.close();
  }
});

test("a reaction is its author's, not its nickname's: who takes a departed member's name cannot take their reactions off, nor carry them to a new name; across a restart too", async (t) => {
  const { historyFile } = historyDir(t);
  const first = await startServer({ historyFile });
  const alice = await RawRich.join(first.port, 'alice');
  const seq = await sent(alice, 'a1', 'shipping it');
  const bob = await RawRich.join(first.port, 'bob');
  bob.send({ type: 'react', id: 'r1', room: 'general', target: seq, emoji: '👍' });
  await bob.next('ack', (m) => m.type === 'ack' && m.id === 'r1');
  bob.send({ type: 'bye' });
  await bob.waitClosed();
  alice.close();
  await first.server.close();
  // the host restarts from its file; someone else is bob now
  const { server, port } = await startServer({ historyFile, port: first.port });
  const other = await RawRich.join(port, 'bob');
  try {
    other.send({ type: 'react', id: 'r2', room: 'general', target: seq, emoji: '👍' });
    const refused = await other.next('error', (m) => m.type === 'error' && m.id === 'r2');
    assert.deepEqual([refused.code, refused.message], ['not_permitted', 'the 👍 of bob under that message was put there by someone who had the nickname before you']);
    // a rename takes its own reactions along, not the one bob put there before
    other.send({ type: 'react', id: 'r3', room: 'general', target: seq, emoji: '🎉' });
    await other.next('ack', (m) => m.type === 'ack' && m.id === 'r3');
    other.send({ type: 'nick', id: 'n', nick: 'zed' });
    await other.next('ack', (m) => m.type === 'ack' && m.id === 'n');
    const carol = await RawRich.join(port, 'carol');
    assert.deepEqual(carol.received.find((m): m is MessageEvent => m.type === 'message' && m.seq === seq)?.reactions, [{ emoji: '👍', by: ['bob'] }, { emoji: '🎉', by: ['zed'] }]);
    carol.close();
  } finally {
    other.close();
    await server.close();
  }
});

test("a client shows a renamed reactor's reaction under the new name at once (the server sends no react for a rename)", async () => {
  const { server, port } = await startServer();
  const alice = new ChatClient({ host: '127.0.0.1', port, nick: 'alice' });
  const bob = await RawRich.join(port, 'bob');
  try {
    await alice.connect();
    const seq = await sent(bob, 'b1', 'shipping it');
    bob.send({ type: 'react', id: 'r1', room: 'general', target: seq, emoji: '👍' });
    await bob.next('ack', (m) => m.type === 'ack' && m.id === 'r1');
    bob.send({ type: 'nick', id: 'n', nick: 'robert' });
    const reactions = () => alice.rooms.get('general')?.events.find((e): e is MessageEvent => e.type === 'message' && e.seq === seq)?.reactions;
    await until(() => (reactions()?.[0]?.by[0] === 'robert' ? true : undefined), () => `the reaction under the new name: ${JSON.stringify(reactions())}`);
    assert.deepEqual(reactions(), [{ emoji: '👍', by: ['robert'] }]);
  } finally {
    await alice.leave();
    bob.close();
    await server.close();
  }
});

test("a message the server refuses is given back by the client ('refused'): a direct message to someone no longer here", async () => {
  const { server, port } = await startServer();
  const alice = new ChatClient({ host: '127.0.0.1', port, nick: 'alice' });
  try {
    await alice.connect();
    let refused: { type: string; to?: string; text: string } | undefined;
    alice.once('refused', (m) => (refused = m));
    alice.submit('/msg nobody are you there?', 'general');
    const m = await until(() => refused, 'the refused direct message, given back');
    assert.deepEqual([m.type, m.to, m.text], ['dm', 'nobody', 'are you there?']);
  } finally {
    await alice.leave();
    await server.close();
  }
});

test("ask(): a request's answer comes back to whoever asked: the ack with its seq, or the error's reason", async () => {
  const { server, port } = await startServer();
  const alice = await RawRich.join(port, 'alice');
  const bob = new ChatClient({ host: '127.0.0.1', port, nick: 'bob' });
  try {
    await bob.connect();
    const hers = await sent(alice, 'a1', 'mine');
    assert.deepEqual(await bob.ask({ type: 'edit', room: 'general', target: hers, text: 'bob was here' }), { ok: false, message: 'you can edit only your own messages', server: true }, 'the refusal is the server\'s words (a notification says so)');
    bob.send('general', 'his');
    const his = (await alice.next('message', (m) => m.type === 'message' && m.from === 'bob')).seq;
    assert.deepEqual(await bob.ask({ type: 'edit', room: 'general', target: his, text: 'his own' }), { ok: true, seq: his + 1 });
    await bob.leave();
    assert.equal(bob.ask({ type: 'delete', room: 'general', target: his }), undefined, 'not connected: nothing to wait for');
  } finally {
    alice.close();
    await bob.leave();
    await server.close();
  }
});

test('an edited /me still reads as an action to plain clients (it read as `nc (edited): ...`, a line of its own words)', async () => {
  const { server, port } = await startServer();
  const nc = await LineClient.connect(port, 'nc');
  const rich = await RawRich.join(port, 'rich');
  try {
    await nc.waitFor('rich joined!');
    nc.say('/me waves');
    await nc.waitFor('* nc waves');
    const m = await rich.next('message');
    assert.equal(m.kind, 'action');
    nc.say('/edit waves hello');
    const edit = await rich.next('edit');
    assert.deepEqual([edit.target, edit.kind, edit.text], [m.seq, 'action', 'waves hello']);
    await nc.waitFor('* nc (edited) waves hello');
    // an ordinary message's edit says no kind
    const seq = await sent(rich, 'r1', 'plain words');
    rich.send({ type: 'edit', id: 'r2', room: 'general', target: seq, text: 'plainer words' });
    const second = await rich.next('edit', (e) => e.type === 'edit' && e.target === seq);
    assert.equal(second.kind, undefined);
    await nc.waitFor('rich (edited): plainer words');
  } finally {
    nc.close();
    rich.close();
    await server.close();
  }
});

test('/delete kat when the last message shown as kat is one member\'s (bob now) and kat now is another (whose last shows cat3): nothing is deleted, whichever is newer, and both are named; each name the answer gives takes one; a member means its own', async () => {
  const { server, port } = await startServer();
  const owner = await RawRich.join(port, 'owner', { ownerKey: server.ownerKey });
  const x = await RawRich.join(port, 'kat');
  const y = await RawRich.join(port, 'cat2');
  const nc = await LineClient.connect(port, 'nc');
  const rename = async (c: RawRich, id: string, nick: string) => {
    c.send({ type: 'nick', id, nick });
    await c.next('ack', (m) => m.type === 'ack' && m.id === id);
  };
  const refusal = async (id: string) => {
    owner.send({ type: 'delete', id, room: 'general', target: 0, nick: 'kat' });
    const e = await owner.next('error', (m) => m.type === 'error' && m.id === id);
    return [e.code, e.message];
  };
  try {
    await nc.waitFor('nc joined!');
    owner.send({ type: 'op', id: 'o1', room: 'general', nick: 'nc' });
    await nc.waitFor('owner made nc an operator');
    await sent(y, 'y1', 'written as cat2');
    const byX = await sent(x, 'x1', 'written as kat');
    await rename(x, 'n1', 'bob');
    await rename(y, 'n2', 'kat');
    // the one shown as kat, bob's, is the newer: it was taken
    const said = (as: string) => `"kat" names two members' messages: the last one shown as kat is by bob (kat then), and kat now wrote theirs as ${as}. Nothing was deleted. /delete bob or /delete ${as} says which.`;
    assert.deepEqual(await refusal('d1'), ['no_such_message', said('cat2')]);
    // kat's, written as cat3, is the newer: it was taken, labelled cat3 on every screen
    await rename(y, 'n3', 'cat3');
    const byY = await sent(y, 'y2', 'written as cat3');
    await rename(y, 'n4', 'kat');
    assert.deepEqual(await refusal('d2'), ['no_such_message', said('cat3')]);
    nc.say('/delete kat');
    await nc.waitFor(`error: ${said('cat3')}\n`);
    // the names it gives: each takes its own
    nc.say('/delete cat3');
    assert.deepEqual(await owner.next('delete').then((d) => [d.target, d.from, d.by]), [byY, 'cat3', 'nc']);
    nc.say('/delete bob');
    assert.deepEqual(await owner.next('delete').then((d) => [d.target, d.from, d.by]), [byX, 'kat', 'nc']);
    // a member naming the name it had means its own message (it may delete no other)
    await rename(y, 'n5', 'cat4');
    await rename(x, 'n6', 'kat');
    const mine = await sent(x, 'x2', 'mine');
    await rename(x, 'n7', 'bob');
    await rename(y, 'n8', 'kat');
    x.send({ type: 'delete', id: 'd3', room: 'general', target: 0, nick: 'kat' });
    assert.deepEqual(await owner.next('delete').then((d) => [d.target, d.from, d.by]), [mine, 'kat', 'kat']);
    // the one shown as kat by someone gone: kat's is named alone
    await rename(y, 'n9', 'cat4');
    await rename(x, 'n10', 'kat');
    await sent(x, 'x3', 'again');
    await rename(x, 'n11', 'bob');
    await rename(y, 'n12', 'kat');
    x.send({ type: 'bye' });
    await x.waitClosed();
    assert.deepEqual(await refusal('d4'), ['no_such_message', '"kat" names two members\' messages: the last one shown as kat is by someone no longer here (kat then), and kat now wrote theirs as cat2. Nothing was deleted. /delete cat2 takes kat\'s.']);
  } finally {
    owner.close();
    x.close();
    y.close();
    nc.close();
    await server.close();
  }
});
