// Save Conversation as Markdown writes with dist/transcript.js (src/vscode/transcriptBundle.ts), so the extension's
// own bundle carries no transcript writer. The loader is bundled here as the extension bundles it, beside a copy of
// the built transcript.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as esbuild from 'esbuild';
import type { transcripts as Transcripts } from '../../src/vscode/transcriptBundle';
import type { PanelSnapshot } from '../../src/shared/panelMessages';

/** Written by the transcript alone (a room's heading line after its window left it): no other bundle needs it. */
const TRANSCRIPT_ONLY_TEXT = 'In a room this window has left';

function ensureBuilt(): void {
  if (!existsSync('dist/transcript.js') || !existsSync('dist/extension.js')) {
    spawnSync(process.execPath, ['scripts/build.mjs', '--no-typecheck'], { stdio: 'inherit' });
  }
}

test('the extension bundle carries no transcript writer; the transcript bundle does', () => {
  ensureBuilt();
  assert.ok(!readFileSync('dist/extension.js', 'utf8').includes(TRANSCRIPT_ONLY_TEXT), 'the transcript is bundled into dist/extension.js');
  assert.ok(readFileSync('dist/transcript.js', 'utf8').includes(TRANSCRIPT_ONLY_TEXT));
});

test("Save Conversation's transcript comes from transcript.js beside the extension's bundle, and writes the room", async (t) => {
  ensureBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'tcp-chat-bundle-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  await esbuild.build({
    entryPoints: [resolve('src/vscode/transcriptBundle.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'node20',
    outfile: join(dir, 'extension.js'), logLevel: 'silent',
  });
  assert.ok(!readFileSync(join(dir, 'extension.js'), 'utf8').includes(TRANSCRIPT_ONLY_TEXT));
  copyFileSync('dist/transcript.js', join(dir, 'transcript.js'));
  const { transcripts } = createRequire(__filename)(join(dir, 'extension.js')) as { transcripts: typeof Transcripts };
  const { conversationsOf, conversationId, transcriptName, transcriptOf } = transcripts();
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
