// The extension starts its server from dist/server.js (src/vscode/serverBundle.ts), so the extension's own bundle
// carries no server. The loader is bundled here as the extension bundles it, beside a copy of the built server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as esbuild from 'esbuild';
import type { AddressInfo } from 'node:net';
import type { bundledServer as BundledServer } from '../../src/vscode/serverBundle';
import { LineClient } from '../node/helpers';

/** Said by the server alone (to a plain client at a private room's door): no other bundle needs it. */
const SERVER_ONLY_TEXT = 'plain-text clients (nc, telnet) cannot join it';

function ensureBuilt(): void {
  if (!existsSync('dist/server.js') || !existsSync('dist/extension.js')) {
    spawnSync(process.execPath, ['scripts/build.mjs', '--no-typecheck'], { stdio: 'inherit' });
  }
}

test('the extension bundle carries no server; the server bundle does', () => {
  ensureBuilt();
  assert.ok(!readFileSync('dist/extension.js', 'utf8').includes(SERVER_ONLY_TEXT), 'the server is bundled into dist/extension.js');
  assert.ok(readFileSync('dist/server.js', 'utf8').includes(SERVER_ONLY_TEXT));
});

test('Host Chat\'s server comes from server.js beside the extension\'s bundle, and serves a room', async (t) => {
  ensureBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'tcp-chat-bundle-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  await esbuild.build({
    entryPoints: [resolve('src/vscode/serverBundle.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'node20',
    outfile: join(dir, 'extension.js'), logLevel: 'silent',
  });
  assert.ok(!readFileSync(join(dir, 'extension.js'), 'utf8').includes(SERVER_ONLY_TEXT));
  copyFileSync('dist/server.js', join(dir, 'server.js'));
  const { bundledServer } = createRequire(__filename)(join(dir, 'extension.js')) as { bundledServer: typeof BundledServer };
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
