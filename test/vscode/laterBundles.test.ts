// The extension loads the chat server (dist/server.js), Save Conversation's Markdown writer (dist/transcript.js) and
// Open's and Apply's searches for a card's lines (dist/codeSearch.js) when a command first needs them (src/vscode/laterBundles.ts), so its own bundle carries neither. The loader is
// bundled here as the extension bundles it, beside copies of the built bundles.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as esbuild from 'esbuild';
import type { AddressInfo } from 'node:net';
import type { TestContext } from 'node:test';
import type * as LaterBundles from '../../src/vscode/laterBundles';
import type { PanelSnapshot } from '../../src/shared/panelMessages';
import { LineClient } from '../node/helpers';

/** Said by the server alone (to a plain client at a private room's door): no other bundle needs it. */
const SERVER_ONLY_TEXT = 'plain-text clients (nc, telnet) cannot join it';
/** Written by the transcript alone (a room's heading line after its window left it): no other bundle needs it. */
const TRANSCRIPT_ONLY_TEXT = 'In a room this window has left';
/** Said by Apply's search alone (a diff card of a file in `.git/`): no other part of the extension needs it. */
const APPLY_ONLY_TEXT = "is one of Git's own files";

function ensureBuilt(): void {
  if (!['server', 'transcript', 'codeSearch', 'extension'].every((b) => existsSync(`dist/${b}.js`))) {
    spawnSync(process.execPath, ['scripts/build.mjs', '--no-typecheck'], { stdio: 'inherit' });
  }
}

/** The loader bundled as the extension bundles it, in a folder of its own beside a copy of dist/`file` only. */
async function loaderBeside(t: TestContext, file: string): Promise<typeof LaterBundles> {
  ensureBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'tcp-chat-bundle-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  await esbuild.build({
    entryPoints: [resolve('src/vscode/laterBundles.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'node20',
    outfile: join(dir, 'extension.js'), logLevel: 'silent',
  });
  const loader = readFileSync(join(dir, 'extension.js'), 'utf8');
  assert.ok(![SERVER_ONLY_TEXT, TRANSCRIPT_ONLY_TEXT, APPLY_ONLY_TEXT].some((text) => loader.includes(text)), 'the loader bundles what it should load');
  copyFileSync(join('dist', file), join(dir, file));
  return createRequire(__filename)(join(dir, 'extension.js')) as typeof LaterBundles;
}

test("the extension bundle carries no server, no transcript writer and no Apply's search; their own bundles do", () => {
  ensureBuilt();
  const extension = readFileSync('dist/extension.js', 'utf8');
  assert.ok(!extension.includes(SERVER_ONLY_TEXT), 'the server is bundled into dist/extension.js');
  assert.ok(!extension.includes(TRANSCRIPT_ONLY_TEXT), 'the transcript is bundled into dist/extension.js');
  assert.ok(!extension.includes(APPLY_ONLY_TEXT), "Apply's search is bundled into dist/extension.js");
  assert.ok(readFileSync('dist/server.js', 'utf8').includes(SERVER_ONLY_TEXT));
  assert.ok(readFileSync('dist/transcript.js', 'utf8').includes(TRANSCRIPT_ONLY_TEXT));
  assert.ok(readFileSync('dist/codeSearch.js', 'utf8').includes(APPLY_ONLY_TEXT));
});

test('Host Chat\'s server comes from server.js beside the extension\'s bundle, and serves a room', async (t) => {
  const { bundledServer } = await loaderBeside(t, 'server.js');
  const server = bundledServer({ host: '127.0.0.1', port: 0 });
  t.after(() => server.close());
  const { port } = (await server.listen()) as AddressInfo;
  const alice = await LineClient.connect(port, 'alice');
  t.after(() => alice.close());
  await alice.waitFor('alice joined!');
  const bob = await LineClient.connect(port, 'bob');
  t.after(() => bob.close());
  await alice.waitFor('bob joined!');
  bob.say('hello from the bundle');
  await alice.waitFor('bob: hello from the bundle');
});

test("Save Conversation's transcript comes from transcript.js beside the extension's bundle, and writes the room", async (t) => {
  const { transcripts } = await loaderBeside(t, 'transcript.js');
  const { conversationsOf, conversationId, transcriptName, transcriptOf } = transcripts();
  assert.equal(transcripts(), transcripts(), 'read once');
  const time = new Date(2026, 11, 6, 9, 30).getTime();
  const snapshot = {
    nick: 'me', address: '', activeRoom: 'general', dms: [],
    rooms: [{ name: 'general', epoch: 'e', topic: '', members: [], events: [{ room: 'general', seq: 1, time, type: 'message', from: 'bob', kind: 'text', text: 'from the bundle' }] }],
  } as unknown as PanelSnapshot; // (the fields a transcript reads: the rest of a snapshot is the panel's)
  const [general] = conversationsOf(snapshot);
  assert.equal(conversationId(general!), '#general');
  assert.equal(transcriptName(general!, time), 'general-2026-12-06.md');
  assert.match(transcriptOf(snapshot, general!, time) ?? '', /^# #general\n\nIn a room this window has left[^]*\*\*bob\*\* 09:30\n> from the bundle/);
});

test("Open's and Apply's searches come from codeSearch.js beside the extension's bundle: a card's lines found where they moved, a diff card's changes made", async (t) => {
  const { codeSearch } = await loaderBeside(t, 'codeSearch.js');
  const { applyDiff, appliedWords, applyRefused, createdText, copyToSearch, pickSharedCopy, findDiff } = codeSearch();
  assert.equal(codeSearch(), codeSearch(), 'read once');
  // (Open's: lines shared as 1-2, two lines added above them in this copy)
  const copy = copyToSearch(['// mine', '// also mine', 'const a = 1;', 'const b = 2;'], true);
  assert.deepEqual(pickSharedCopy([copy], 'const a = 1;\nconst b = 2;', 1, 2)?.at, { start: 2, end: 3, where: 'moved' });
  assert.equal(typeof findDiff, 'function');
  const diff = '--- a/src/a.ts\n+++ b/src/a.ts\n@@ -1,3 +1,3 @@\n one\n-two\n+TWO\n three\n';
  const r = applyDiff(['zero', 'one', 'two', 'three'], diff);
  assert.ok(!('error' in r), JSON.stringify(r));
  assert.deepEqual(r.edits.map((e) => [e.start, e.lines]), [[1, ['one', 'TWO', 'three']]]);
  assert.equal(appliedWords(r, 'src/a.ts'), 'made 1 change in src/a.ts');
  assert.match(applyRefused('.git/config') ?? '', /is one of Git's own files/);
  const made = applyDiff([], '--- /dev/null\n+++ b/new.ts\n@@ -0,0 +1 @@\n+hi\n');
  assert.ok(!('error' in made) && made.creates);
  assert.equal(createdText(made), 'hi\n');
});
