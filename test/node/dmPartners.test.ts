// Direct messages and renames: the client files each kept direct message under whom it is with now (the panel's
// tabs and a saved conversation go by it), following the other side's renames, not yours, and not an old rename
// that a room's history replays when you join it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ChatClient } from '../../src/node/chatClient';
import { CuttableProxy, RawRich, startServer, until } from './helpers';

test('a direct conversation goes on under the partner\'s new nickname; your own rename and an older rename replayed by a room change nothing', async () => {
  const { server, port } = await startServer();
  // someone called ally once, who left that name in #other before the conversation below began
  const early = await RawRich.join(port, 'ally');
  const me = new ChatClient({ host: '127.0.0.1', port, nick: 'me' });
  let bob: RawRich | undefined;
  try {
    early.send({ type: 'join', room: 'other' });
    await early.next('synced', (m) => m.type === 'synced' && m.room === 'other');
    early.send({ type: 'part', room: 'general' });
    await early.next('parted');
    early.send({ type: 'nick', nick: 'carol' });
    await early.next('you');

    await me.connect();
    bob = await RawRich.join(port, 'ally'); // the nickname carol gave up
    bob.send({ type: 'dm', id: 'd1', to: 'me', text: 'psst' });
    await until(() => me.dms.length === 1 || undefined, 'the direct message');
    me.dm('ally', 'yes?');
    await until(() => me.dms.length === 2 || undefined, 'my answer');
    const partners = () => me.dms.map((d) => me.partnerOf(d));
    assert.deepEqual(partners(), ['ally', 'ally']);

    // #other's history says "ally is now known as carol", from before these messages: not about this ally
    assert.equal(me.submit('/join #other', 'general').kind, 'sent');
    await until(() => me.rooms.get('other')?.synced || undefined, '#other with its history');
    assert.ok(me.rooms.get('other')!.events.some((e) => e.type === 'nick' && e.from === 'ally' && e.to === 'carol'), 'the old rename was replayed');
    assert.deepEqual(partners(), ['ally', 'ally']);

    bob.send({ type: 'nick', nick: 'robert' });
    await until(() => me.rooms.get('general')?.members.some((m) => m.nick === 'robert') || undefined, 'the rename');
    assert.deepEqual(partners(), ['robert', 'robert'], 'the conversation is with robert now');
    assert.deepEqual(me.dms.map((d) => d.from), ['ally', 'me'], 'each message as it was written');

    assert.equal(me.submit('/nick newme', 'general').kind, 'sent');
    await until(() => (me.nick === 'newme' && me.rooms.get('general')?.members.some((m) => m.nick === 'newme')) || undefined, 'my rename');
    bob.send({ type: 'dm', id: 'd2', to: 'newme', text: 'nice name' });
    await until(() => me.dms.length === 3 || undefined, 'the next direct message');
    assert.deepEqual(partners(), ['robert', 'robert', 'robert'], 'your own rename is not theirs');

    // robert leaves, you take his nickname and then another: his conversation stays his
    bob.send({ type: 'bye' });
    await until(() => !me.rooms.get('general')?.members.some((m) => m.nick === 'robert') || undefined, 'robert to leave');
    for (const nick of ['robert', 'newest']) {
      assert.equal(me.submit(`/nick ${nick}`, 'general').kind, 'sent');
      await until(() => (me.nick === nick && me.rooms.get('general')?.members.some((m) => m.nick === nick)) || undefined, `my rename to ${nick}`);
    }
    assert.deepEqual(partners(), ['robert', 'robert', 'robert']);
  } finally {
    await me.leave();
    early.close();
    bob?.close();
    await server.close();
  }
});

test('a direct message missed while the connection was dead, written before its writer\'s rename, goes with the conversation under the new name after the resume', async () => {
  const { server, port } = await startServer();
  const proxy = await CuttableProxy.start(port);
  const me = new ChatClient({ host: '127.0.0.1', port: proxy.port, nick: 'me', backoffMinMs: 20, backoffMaxMs: 100 });
  const bob = await RawRich.join(port, 'bob');
  try {
    await me.connect();
    bob.send({ type: 'dm', id: 'd1', to: 'me', text: 'before the drop' });
    await until(() => me.dms.length === 1 || undefined, 'the first direct message');
    proxy.freeze(); // my network goes silent: the server still writes to it
    bob.send({ type: 'dm', id: 'd2', to: 'me', text: 'missed, then I renamed' });
    await bob.next('ack', (m) => m.type === 'ack' && m.id === 'd2');
    bob.send({ type: 'nick', nick: 'robert' });
    await bob.next('you');
    proxy.cut(); // I reconnect and resume: the direct message I missed, and the rename
    await until(() => (me.dms.length === 2 && me.rooms.get('general')?.members.some((m) => m.nick === 'robert')) || undefined, 'the resume');
    assert.deepEqual(me.dms.map((d) => [d.text, me.partnerOf(d)]), [['before the drop', 'robert'], ['missed, then I renamed', 'robert']]);
  } finally {
    await me.leave();
    bob.close();
    await proxy.close();
    await server.close();
  }
});

test("you take your partner's old nickname: their direct messages to you are still theirs, and yours to them yours (after a reload too)", async () => {
  const { server, port } = await startServer();
  const me = new ChatClient({ host: '127.0.0.1', port, nick: 'alice' });
  let reloaded: ChatClient | undefined;
  const bob = await RawRich.join(port, 'bob');
  try {
    await me.connect();
    bob.send({ type: 'dm', id: 'd1', to: 'alice', text: 'psst' });
    await until(() => me.dms.length === 1 || undefined, 'the direct message');
    me.dm('bob', 'yes?');
    await until(() => me.dms.length === 2 || undefined, 'my answer');
    bob.send({ type: 'nick', nick: 'robert' });
    await bob.next('you');
    assert.equal(me.submit('/nick bob', 'general').kind, 'sent');
    await until(() => (me.nick === 'bob' && me.ownNickSince.length === 1) || undefined, 'my rename, and when');
    const partners = (c: ChatClient) => c.dms.map((d) => c.partnerOf(d));
    assert.deepEqual(partners(me), ['robert', 'robert']);
    // a window reload: a new client of the same session, the nicknames it had and when
    await me.leave(true);
    reloaded = new ChatClient({ host: '127.0.0.1', port, nick: 'bob', session: me.sessionToken, nicknames: me.ownNicks, nicknameSince: me.ownNickSince });
    await reloaded.connect();
    await until(() => reloaded!.dms.length === 2 || undefined, 'the direct messages given back');
    assert.deepEqual(reloaded.dms.map((d) => d.from), ['bob', 'alice']);
    assert.deepEqual(partners(reloaded), ['robert', 'robert']);
  } finally {
    await me.leave();
    await reloaded?.leave();
    bob.close();
    await server.close();
  }
});
