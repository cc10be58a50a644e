import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChatClient } from '../../src/node/chatClient';
import { ChatServer } from '../../src/node/chatServer';
import type { MessageEvent } from '../../src/protocol/messages';
import { startServer, until } from './helpers';

const texts = (c: ChatClient) => (c.rooms.get('general')?.events ?? []).filter((e): e is MessageEvent => e.type === 'message').map((e) => e.text);

test('a restarted host serves the same history, and clients resume without loss or doubles', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tcp-chat-history-'));
  const historyFile = join(dir, 'history.json');
  const first = await startServer({ historyFile });
  const port = first.port;
  const opts = { host: '127.0.0.1', port, reconnectAfterShutdown: true, backoffMinMs: 20, backoffMaxMs: 200 };
  const alice = new ChatClient({ ...opts, nick: 'alice' });
  const bob = new ChatClient({ ...opts, nick: 'bob' });
  let second: ChatServer | undefined;
  try {
    await alice.connect();
    await bob.connect();
    for (let i = 0; i < 15; i++) alice.send('general', `before ${i}`);
    await until(() => texts(bob).length === 15 || undefined, 'the first messages');
    await first.server.close('restarting');
    await until(() => (alice.status === 'closed' && bob.status === 'closed') || undefined, 'both clients to see the room close');
    for (let i = 0; i < 5; i++) alice.send('general', `while down ${i}`);
    second = new ChatServer({ host: '127.0.0.1', port, historyFile });
    await second.listen();
    const expected = [...Array.from({ length: 15 }, (_, i) => `before ${i}`), ...Array.from({ length: 5 }, (_, i) => `while down ${i}`)];
    await until(() => (alice.unacknowledged === 0 && texts(bob).length >= 20) || undefined, 'resume after the restart', 15_000);
    assert.deepEqual(texts(bob), expected);
    assert.deepEqual(texts(alice), expected);
    const carol = new ChatClient({ host: '127.0.0.1', port, nick: 'carol' });
    await carol.connect();
    assert.deepEqual(texts(carol), expected, 'a newcomer gets the history from before the restart');
    await carol.leave();
    const saved = JSON.parse(readFileSync(historyFile, 'utf8')) as { rooms: { name: string }[] };
    assert.ok(saved.rooms.some((r) => r.name === 'general'));
  } finally {
    await alice.leave();
    await bob.leave();
    await second?.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a history file that is something else (a project file, text, a directory) is refused, and left as it was', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tcp-chat-history-'));
  try {
    const cases: [string, string | undefined, RegExp][] = [
      ['package.json', '{"name":"my-project","version":"1.0.0"}', /package\.json is not a TCP Chat history file, and would be written over/],
      ['notes.txt', 'remember the milk\n', /notes\.txt is not a TCP Chat history file/],
      ['a-directory', undefined, /cannot use .*a-directory for history: EISDIR/],
    ];
    for (const [name, content, error] of cases) {
      const file = join(dir, name);
      if (content === undefined) mkdirSync(file);
      else writeFileSync(file, content);
      assert.throws(() => new ChatServer({ historyFile: file, log: () => {} }), error);
      if (content !== undefined) assert.equal(readFileSync(file, 'utf8'), content, `${name} untouched`);
    }
    assert.deepEqual(readdirSync(dir).sort(), ['a-directory', 'notes.txt', 'package.json'], 'nothing written beside them');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a damaged history file is moved aside (not written over), reported, and the room starts empty', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tcp-chat-history-'));
  const historyFile = join(dir, 'history.json');
  const damaged = '{"version":1,"rooms":[{"name":';
  writeFileSync(historyFile, damaged);
  const logs: string[] = [];
  const { server, port } = await startServer({ historyFile, log: (l) => logs.push(l) });
  try {
    const aside = readdirSync(dir).filter((f) => f.startsWith('history.json.damaged-'));
    assert.equal(aside.length, 1, readdirSync(dir).join(' '));
    assert.equal(readFileSync(join(dir, aside[0]!), 'utf8'), damaged, 'kept as it was');
    assert.ok(logs.some((l) => l === `${historyFile} is damaged (not JSON): kept as ${join(dir, aside[0]!)}; history starts empty`), logs.join('\n'));
    const c = new ChatClient({ host: '127.0.0.1', port, nick: 'x' });
    await c.connect();
    assert.deepEqual(texts(c), []);
    await c.leave();
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
