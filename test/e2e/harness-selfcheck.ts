// Temporary self-check of the e2e harness, run by hand (not by `npm test`):
//   node --import tsx test/e2e/harness-selfcheck.ts [tabs|servers]
// Packages the probe extension of the shared recipe (copied to a temp dir first), then window A runs
// "Hello Probe: Open (host TCP server)" and window B (its own extension host) joins A's TCP port.
// tabs (default): two tabs on one code-server; servers: one tab on each of two code-servers.
// Then a small "UI probe" extension written below exercises the rest of the harness: a categorised command
// ("TCP Chat: Host Chat"), showInputBox with title/prompt/placeHolder, showQuickPick, and a scripted webview
// (CSP nonce) whose textarea and button round-trip postMessage through the extension host.
import assert from 'node:assert/strict';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  clickInWebview, ensureE2eSetup, findInWebviews, fillQuickInput, log, offHostRequests, openWorkbench,
  packageVsix, pickQuickItem, quickInputState, runCommand, runDir, screenshot, dumpDiagnostics, startCodeServer, stopAll,
  typeInWebview, webviewFrame, hasElement,
} from './harness';

const UI_PROBE_MANIFEST = {
  name: 'ui-probe', displayName: 'UI Probe', publisher: 'probe', version: '0.0.1', license: 'MIT',
  repository: { type: 'git', url: 'https://example.invalid/ui-probe' },
  engines: { vscode: '^1.100.0' }, main: './extension.js', activationEvents: [],
  contributes: { commands: [{ command: 'uiProbe.host', title: 'Host Chat', category: 'TCP Chat' }] },
};
const UI_PROBE_JS = `const vscode = require('vscode');
const crypto = require('crypto');
exports.activate = (context) => {
  context.subscriptions.push(vscode.commands.registerCommand('uiProbe.host', async () => {
    const port = await vscode.window.showInputBox({ title: 'TCP Chat: Host', prompt: 'Port to listen on (0 = any free port)',
      placeHolder: 'port, e.g. 55555', value: '0' });
    if (port === undefined) return;
    const nick = await vscode.window.showQuickPick([{ label: 'Alice', description: 'from git config' }, { label: 'Bob' }],
      { title: 'Nickname', placeHolder: 'Pick a nickname' });
    if (!nick) return;
    const panel = vscode.window.createWebviewPanel('uiProbe', 'UI Probe Chat', vscode.ViewColumn.One, { enableScripts: true, localResourceRoots: [] });
    const nonce = crypto.randomBytes(16).toString('base64');
    panel.webview.onDidReceiveMessage((m) => {
      if (m.type === 'ready') panel.webview.postMessage({ type: 'echo', text: 'ready port=' + port + ' nick=' + nick.label });
      if (m.type === 'send') panel.webview.postMessage({ type: 'echo', text: 'echo: ' + m.text });
    });
    panel.webview.html = \`<!DOCTYPE html><html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src \${panel.webview.cspSource} 'unsafe-inline'; script-src 'nonce-\${nonce}';">
</head><body><h1 id="title">UI probe</h1><ul id="log" aria-live="polite"></ul>
<textarea id="draft" aria-label="Message"></textarea><button id="send">Send</button>
<script nonce="\${nonce}">
const api = acquireVsCodeApi();
const log = document.getElementById('log'), draft = document.getElementById('draft'), send = document.getElementById('send');
send.addEventListener('click', () => { api.postMessage({ type: 'send', text: draft.value }); draft.value = ''; });
draft.addEventListener('keydown', (e) => { if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); send.click(); } });
window.addEventListener('message', (e) => { const li = document.createElement('li'); li.className = 'msg'; li.textContent = e.data.text; log.appendChild(li); });
api.postMessage({ type: 'ready' });
</script></body></html>\`;
  }));
};
exports.deactivate = () => {};
`;

function writeUiProbe(): string {
  const dir = mkdtempSync(join(runDir(), 'ui-probe-src-'));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify(UI_PROBE_MANIFEST, null, 2));
  writeFileSync(join(dir, 'extension.js'), UI_PROBE_JS);
  writeFileSync(join(dir, 'README.md'), '# UI probe\n\nA test extension for the e2e harness.\n');
  writeFileSync(join(dir, 'LICENSE'), 'MIT\n');
  return dir;
}

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
  const uiVsix = await packageVsix(writeUiProbe());

  t = Date.now();
  const a = await startCodeServer('A', [vsix, uiVsix]);
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
  log('B: port typed');
  const { text: joined } = await findInWebviews(pageB, '#l0', /JOINED=|JOIN_ERROR=/);
  const { text: pidB } = await findInWebviews(pageB, '#l1', /EXTHOST_PID=\d+/);
  mark('B: command + quick input -> joined', t);
  log(`B webview: ${joined} ${pidB}`);
  await screenshot(pageB, `selfcheck-${mode}-B`);

  assert.match(joined, /JOINED=echo:ping/);
  assert.notEqual(pidA, pidB, 'two windows must have two extension hosts');

  // UI probe on page A (which already shows the probe's webview: two webviews on one page)
  t = Date.now();
  await runCommand(pageA, 'TCP Chat: Host Chat');
  await fillQuickInput(pageA, '4242', { placeholder: /^port/, prompt: /Port to listen on/, submit: false });
  const inputState = await quickInputState(pageA);
  log(`showInputBox renders as ${JSON.stringify(inputState)}`);
  assert.equal(inputState.placeholder, 'port, e.g. 55555');
  assert.match(inputState.title, /TCP Chat: Host/);
  assert.match(inputState.message, /Port to listen on/);
  assert.equal(inputState.value, '4242', 'fill replaces the prefilled value');
  await pageA.keyboard.press('Enter');
  await pickQuickItem(pageA, 'Alice');
  await findInWebviews(pageA, 'li.msg', /^ready port=4242 nick=Alice$/);
  await typeInWebview(pageA, '#draft', 'hello from the keyboard', { press: 'Enter' });
  await findInWebviews(pageA, 'li.msg', /^echo: hello from the keyboard$/);
  await typeInWebview(pageA, '#draft', 'hello from a click');
  await clickInWebview(pageA, 'button#send');
  await findInWebviews(pageA, 'li.msg', /^echo: hello from a click$/);
  mark('A: UI probe (command, input box, quick pick, webview type+click round trips)', t);
  // the probe's first panel is now a background tab: is its webview still in page.frames()?
  const background = await findInWebviews(pageA, '#l0', /PORT=\d+/, 3000).then(() => 'still present', () => 'gone');
  log(`background tab's webview (no retainContextWhenHidden): ${background}`);
  await screenshot(pageA, `selfcheck-${mode}-A-ui`);

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
    console.error(await dumpDiagnostics(`selfcheck-${mode}-FAIL`));
    await stopAll();
    process.exitCode = 1;
  },
);
