// Temporary self-check of the e2e harness, run by hand (not by `npm test`):
//   node --import tsx test/e2e/harness-selfcheck.ts [tabs|servers]
// Packages the probe extension of the shared recipe (copied to a temp dir first), then window A runs
// "Hello Probe: Open (host TCP server)" and window B (its own extension host) joins A's TCP port.
// tabs (default): two tabs on one code-server; servers: one tab on each of two code-servers.
import assert from 'node:assert/strict';
import { chmodSync, cpSync, mkdtempSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  clickInWebview, ensureE2eSetup, findInWebviews, fillQuickInput, log, offHostRequests, openWorkbench,
  packageVsix, runCommand, runDir, screenshot, screenshotAll, startCodeServer, stopAll, webviewFrame, hasElement,
} from './harness';

const PROBE = process.env.PROBE_EXTENSION ?? '/work/shared/recipes/vscode-e2e/probe-extension';
const mode = process.argv[2] ?? 'tabs';
const timings: Record<string, number> = {};
const t0 = Date.now();
const mark = (k: string, since: number): void => { timings[k] = Date.now() - since; };

async function main(): Promise<void> {
  let t = Date.now();
  await ensureE2eSetup();
  mark('ensureE2eSetup', t);

  // shared/ is read-only: package a writable copy
  const src = mkdtempSync(join(runDir(), 'probe-src-'));
  cpSync(PROBE, src, { recursive: true });
  chmodSync(src, 0o755);
  for (const f of readdirSync(src)) chmodSync(join(src, f), 0o644);
  t = Date.now();
  const vsix = await packageVsix(src);
  mark('packageVsix', t);

  t = Date.now();
  const a = await startCodeServer('A', vsix);
  mark('startCodeServer A (install + listen)', t);
  const b = mode === 'servers' ? await startCodeServer('B', vsix) : a;

  t = Date.now();
  const pageA = await openWorkbench(a, { label: 'A' });
  mark('openWorkbench A', t);
  t = Date.now();
  await runCommand(pageA, 'Hello Probe: Open (host TCP server)');
  const { text: portText } = await findInWebviews(pageA, '#l0', /PORT=\d+/);
  const { text: pidA } = await findInWebviews(pageA, '#l1', /EXTHOST_PID=\d+/);
  mark('A: command -> webview text', t);
  timings['A: code-server spawn -> webview text'] = Date.now() - a.startedAt;
  log(`A webview: ${portText} ${pidA}`);
  await screenshot(pageA, `selfcheck-${mode}-A`);

  // webviewFrame + click inside a webview (the probe's page has no buttons: click its heading)
  const frameA = await webviewFrame(pageA, hasElement('#title', /Hello from probe/));
  assert.match((await frameA.locator('#title').textContent()) ?? '', /Hello from probe/);
  await clickInWebview(pageA, '#title', { hasText: /Hello from probe/ });

  const port = /PORT=(\d+)/.exec(portText)?.[1];
  assert.ok(port, 'port in webview');

  t = Date.now();
  const pageB = await openWorkbench(b, { label: 'B' });
  mark('openWorkbench B', t);
  t = Date.now();
  await runCommand(pageB, 'Hello Probe: Join (connect to host port)');
  await fillQuickInput(pageB, port, { placeholder: 'port', prompt: /Host port to join/ });
  const { text: joined } = await findInWebviews(pageB, '#l0', /JOINED=|JOIN_ERROR=/);
  const { text: pidB } = await findInWebviews(pageB, '#l1', /EXTHOST_PID=\d+/);
  mark('B: command + quick input -> joined', t);
  log(`B webview: ${joined} ${pidB}`);
  await screenshot(pageB, `selfcheck-${mode}-B`);

  assert.match(joined, /JOINED=echo:ping/);
  assert.notEqual(pidA, pidB, 'two windows must have two extension hosts');
  assert.deepEqual(offHostRequests(), [], 'browser traffic stays on loopback');
}

main().then(
  async () => {
    const t = Date.now();
    await stopAll();
    mark('stopAll', t);
    timings.total = Date.now() - t0;
    log(`PASS (${mode}) timings ms: ${JSON.stringify(timings)}; run folder ${runDir()}`);
  },
  async (e: unknown) => {
    console.error('FAIL', e);
    const shots = await screenshotAll(`selfcheck-${mode}-FAIL`);
    console.error('screenshots:', shots.join(' '), 'run folder:', runDir());
    await stopAll();
    process.exitCode = 1;
  },
);
