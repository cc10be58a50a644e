// End-to-end harness: a real VS Code workbench (code-server, from the e2e cache) driven by headless
// Debian Chromium through playwright-core (the project's devDependency in node_modules).
//
//   await ensureE2eSetup();                       // installs the cache once (scripts/e2e-setup.sh)
//   const vsix = await packageVsix(repoDir);      // vsce package --no-dependencies
//   const cs = await startCodeServer('A', vsix);  // free 127.0.0.1 port, isolated dirs, quiet settings
//   const page = await openWorkbench(cs);         // a new tab = a new extension host on that server
//   await runCommand(page, 'TCP Chat: Host Chat');
//   await fillQuickInput(page, 'alice', { placeholder: /nickname/i });
//   const hit = await findInWebviews(page, '#log', /joined/);
//   await clickInWebview(page, 'button.send');
//   await screenshot(page, 'after-send');
//   await stopAll();                              // always, in after()/finally: browser + every code-server
//
// Every wait is bounded. Everything temporary lives in one run folder under the cache's tmp/.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Frame, type Page } from 'playwright-core';

// ---------------------------------------------------------------------------------------------
// Paths and environment

export const E2E_CACHE = process.env.TCP_CHAT_E2E_CACHE ?? join(homedir(), '.cache', 'tcp-chat-e2e');
export const CHROMIUM = process.env.TCP_CHAT_E2E_CHROMIUM ?? '/usr/bin/chromium';
const HERE = dirname(fileURLToPath(import.meta.url));
export const REPO_DIR = resolve(HERE, '..', '..');
const CODE_SERVER_JS = join(E2E_CACHE, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const CODE_SERVER_BIN = join(E2E_CACHE, 'node_modules', '.bin', 'code-server');
const VSCE_BIN = join(E2E_CACHE, 'node_modules', '@vscode', 'vsce', 'vsce');

/** Settings that keep the workbench quiet and deterministic (no trust prompt, no welcome page, no network). */
export const QUIET_SETTINGS: Readonly<Record<string, unknown>> = {
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'git.enabled': false,
  'git.autofetch': false,
  'npm.fetchOnlinePackageInfo': false,
  'workbench.settings.enableNaturalLanguageSearch': false,
};

/** Multiplies every default wait (e.g. 2 on a slow or busy CI machine): TCP_CHAT_E2E_TIMEOUT_SCALE. */
export const TIMEOUT_SCALE = Math.max(0.1, Number(process.env.TCP_CHAT_E2E_TIMEOUT_SCALE ?? '1') || 1);
/** A default timeout scaled by TIMEOUT_SCALE. */
export function ms(base: number): number { return Math.round(base * TIMEOUT_SCALE); }

const T0 = Date.now();
/** Timestamped log line on stderr (does not disturb node --test's TAP output on stdout). */
export function log(...parts: unknown[]): void {
  if (process.env.TCP_CHAT_E2E_QUIET) return;
  process.stderr.write(`[e2e ${((Date.now() - T0) / 1000).toFixed(1)}s] ${parts.map(String).join(' ')}\n`);
}

let runDirPath: string | undefined;
let tmpDirPath: string | undefined;
/**
 * The folder of this test process: every temp dir, log, vsix and screenshot goes in here.
 * The first call also points this process's TMPDIR at its temp dir, so Playwright's own temp files land there too.
 */
export function runDir(): string {
  if (!runDirPath) {
    const tmp = join(E2E_CACHE, 'tmp');
    mkdirSync(tmp, { recursive: true });
    // short names: Unix socket paths (Chromium's SingletonSocket, code-server's vscode-ipc-<uuid>.sock) live in
    // TMPDIR and must stay under 108 bytes
    pruneOldRuns(tmp);
    runDirPath = mkdtempSync(join(tmp, `r${process.pid}-`));
    for (const d of ['t', 'xdg/config', 'xdg/data', 'xdg/cache', 'xdg/state', 'screenshots', 'logs']) {
      mkdirSync(join(runDirPath, d), { recursive: true });
    }
    tmpDirPath = join(runDirPath, 't');
    // "<TMPDIR>/vscode-ipc-<36-char uuid>.sock" must fit in 107 bytes: fall back to a short dir in /tmp if not
    if (tmpDirPath.length > 50) {
      tmpDirPath = mkdtempSync('/tmp/tce-');
      log(`run folder path is long: temp dir (sockets) in ${tmpDirPath}`);
    }
    process.env.TMPDIR = tmpDirPath;
    log(`run folder ${runDirPath}`);
  }
  return runDirPath;
}
/** Run folders older than two days are removed (keeps the last runs' logs and screenshots for a look). */
function pruneOldRuns(tmp: string): void {
  const cutoff = Date.now() - 2 * 24 * 3600_000;
  for (const name of readdirSync(tmp)) {
    if (!/^r\d+-/.test(name)) continue;
    try { if (statSync(join(tmp, name)).mtimeMs < cutoff) rmSync(join(tmp, name), { recursive: true, force: true }); } catch { /* racing another run */ }
  }
}
/**
 * The home of the VS Code windows under test and of the processes the tests start beside them (a headless host
 * writes its owner key to ~/.tcp-chat, where the extension looks for it): a folder of the run, not the user's.
 */
export function e2eHome(): string {
  const home = join(runDir(), 'home');
  mkdirSync(home, { recursive: true });
  return home;
}
function tmpDir(): string {
  runDir();
  return tmpDirPath as string; // set by runDir()
}

/** Environment for child processes: temp and XDG dirs in the run folder, all HTTP(S) sent to a dead loopback port. */
function isolatedEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const r = runDir();
  return {
    ...process.env,
    TMPDIR: tmpDir(),
    XDG_CONFIG_HOME: join(r, 'xdg/config'),
    XDG_DATA_HOME: join(r, 'xdg/data'),
    XDG_CACHE_HOME: join(r, 'xdg/cache'),
    XDG_STATE_HOME: join(r, 'xdg/state'),
    EXTENSIONS_GALLERY: JSON.stringify({ serviceUrl: 'http://127.0.0.1:9/gallery', itemUrl: 'http://127.0.0.1:9/item' }),
    HTTP_PROXY: 'http://127.0.0.1:9',
    HTTPS_PROXY: 'http://127.0.0.1:9',
    http_proxy: 'http://127.0.0.1:9',
    https_proxy: 'http://127.0.0.1:9',
    NO_PROXY: '127.0.0.1,localhost',
    no_proxy: '127.0.0.1,localhost',
    npm_config_yes: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
    ...extra,
  };
}

// ---------------------------------------------------------------------------------------------
// Processes

/** Runs a command to completion with a hard time limit; rejects with its output on failure. */
function run(cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs: number; label: string }): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const timer = setTimeout(() => {
      killGroup(child, 'SIGKILL');
      reject(new Error(`${opts.label}: timed out after ${opts.timeoutMs} ms\n${out}`));
    }, opts.timeoutMs);
    child.on('error', (e) => { clearTimeout(timer); reject(e); });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolvePromise(out);
      else reject(new Error(`${opts.label}: exited with ${code ?? signal}\n${out}`));
    });
  });
}

/** Signals the whole process group of a child we spawned with `detached: true` (code-server forks helpers). */
function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try { process.kill(-child.pid, signal); } catch { try { child.kill(signal); } catch { /* already gone */ } }
}

/** A free TCP port on 127.0.0.1 (closed again before returning; code-server binds it right after). */
export function freePort(): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => (port ? resolvePromise(port) : reject(new Error('no port'))));
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Setup and packaging

/** Installs code-server, playwright-core and vsce into the cache unless they already are (a no-op in ~0.1 s). */
export async function ensureE2eSetup(timeoutMs = 15 * 60_000): Promise<void> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: apt-get install -y chromium`);
  const t = Date.now();
  const out = await run('sh', [join(REPO_DIR, 'scripts', 'e2e-setup.sh')], {
    env: { ...process.env, TCP_CHAT_E2E_CACHE: E2E_CACHE }, timeoutMs, label: 'e2e-setup.sh',
  });
  if (!existsSync(CODE_SERVER_JS)) throw new Error(`e2e-setup.sh ran but ${CODE_SERVER_JS} is missing:\n${out}`);
  log(`e2e setup ready in ${Date.now() - t} ms`);
}

/**
 * Packages the extension whose package.json is in `extensionDir` with the cache's vsce
 * (`vsce package --no-dependencies`): the result is a .vsix in the run folder.
 * vsce runs the manifest's `vscode:prepublish` script if there is one; build before calling this otherwise.
 */
export async function packageVsix(extensionDir: string, opts: { out?: string; timeoutMs?: number } = {}): Promise<string> {
  const manifest = JSON.parse(readFileSync(join(extensionDir, 'package.json'), 'utf8')) as { name?: string; version?: string };
  const out = opts.out ?? join(runDir(), `${manifest.name ?? 'extension'}-${manifest.version ?? '0.0.0'}.vsix`);
  const t = Date.now();
  await run(process.execPath, [VSCE_BIN, 'package', '--no-dependencies', '--allow-missing-repository', '-o', out], {
    cwd: extensionDir, env: isolatedEnv(), timeoutMs: opts.timeoutMs ?? ms(120_000), label: 'vsce package',
  });
  if (!existsSync(out)) throw new Error(`vsce package did not write ${out}`);
  log(`packaged ${basename(out)} in ${Date.now() - t} ms`);
  return out;
}

// ---------------------------------------------------------------------------------------------
// code-server

export interface CodeServerOptions {
  /** Extra user settings, merged over QUIET_SETTINGS. */
  settings?: Record<string, unknown>;
  /** Files to create in the workspace folder (relative path -> content). */
  workspaceFiles?: Record<string, string>;
  /** Makes the workspace folder a Git repository whose own config sets this `user.name`. */
  gitUserName?: string;
  /** Extra environment for code-server and its extension hosts (e.g. TCP_CHAT_* variables). */
  env?: Record<string, string>;
  /** How long to wait for "HTTP server listening" (default 60 s). */
  startTimeoutMs?: number;
}

export interface CodeServer {
  readonly name: string;
  readonly port: number;
  /** Workbench URL that opens the workspace folder. */
  readonly url: string;
  readonly dirs: { base: string; userData: string; extensions: string; workspace: string };
  readonly logFile: string;
  readonly proc: ChildProcess;
  /** Milliseconds since epoch when the server process was spawned. */
  readonly startedAt: number;
  stop(): Promise<void>;
}

const servers: CodeServer[] = [];

/**
 * Starts one code-server on a free 127.0.0.1 port with its own user-data, extensions and workspace
 * dirs, after installing `vsix` into it (one path, several, or `undefined` to start without an extension).
 */
export async function startCodeServer(name: string, vsix: string | readonly string[] | undefined, opts: CodeServerOptions = {}): Promise<CodeServer> {
  if (!existsSync(CODE_SERVER_JS)) throw new Error(`code-server is not installed in ${E2E_CACHE}: call ensureE2eSetup() first`);
  const base = mkdtempSync(join(runDir(), `cs-${name.replace(/[^\w-]/g, '_')}-`));
  const dirs = { base, userData: join(base, 'user-data'), extensions: join(base, 'extensions'), workspace: join(base, 'workspace') };
  mkdirSync(join(dirs.userData, 'User'), { recursive: true });
  mkdirSync(dirs.extensions, { recursive: true });
  mkdirSync(dirs.workspace, { recursive: true });
  writeFileSync(join(dirs.userData, 'User', 'settings.json'), JSON.stringify({ ...QUIET_SETTINGS, ...opts.settings }, null, 1));
  for (const [rel, content] of Object.entries(opts.workspaceFiles ?? { 'README.md': `# workspace ${name}\n` })) {
    const file = join(dirs.workspace, rel);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
  if (opts.gitUserName !== undefined) {
    for (const args of [['init', '-q'], ['config', 'user.name', opts.gitUserName]]) {
      const r = spawnSync('git', args, { cwd: dirs.workspace, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`git ${args.join(' ')} in ${dirs.workspace} failed: ${r.error?.message ?? r.stderr}`);
    }
  }
  const env = isolatedEnv({ HOME: e2eHome(), ...opts.env });
  const common = ['--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions];
  const vsixes = vsix === undefined ? [] : typeof vsix === 'string' ? [vsix] : [...vsix];
  if (vsixes.length > 0) {
    const t = Date.now();
    const args = vsixes.flatMap((v) => ['--install-extension', v]);
    await run(process.execPath, [CODE_SERVER_JS, ...common, ...args], { env, timeoutMs: ms(90_000), label: `code-server ${name} --install-extension` });
    log(`code-server ${name}: installed ${vsixes.map((v) => basename(v)).join(', ')} in ${Date.now() - t} ms`);
  }
  const port = await freePort();
  const logFile = join(runDir(), 'logs', `code-server-${name}.log`);
  const startedAt = Date.now();
  const proc = spawn(process.execPath, [CODE_SERVER_JS, ...common,
    '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
    dirs.workspace], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const logStream = createWriteStream(logFile);
  proc.stdout?.pipe(logStream);
  proc.stderr?.pipe(logStream);
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  const server: CodeServer = {
    name, port, dirs, logFile, proc, startedAt,
    url: `http://127.0.0.1:${port}/?folder=${encodeURIComponent(dirs.workspace)}`,
    async stop() {
      killGroup(proc, 'SIGTERM');
      const done = await Promise.race([exited.then(() => true), sleep(5000).then(() => false)]);
      if (!done) { killGroup(proc, 'SIGKILL'); await Promise.race([exited, sleep(2000)]); }
      // helpers (extension hosts, pty host) live in the same group: make sure none is left behind
      killGroup(proc, 'SIGKILL');
      try { if (proc.pid !== undefined) process.kill(-proc.pid, 'SIGKILL'); } catch { /* group gone */ }
      logStream.end();
      const i = servers.indexOf(server);
      if (i >= 0) servers.splice(i, 1);
    },
  };
  servers.push(server);
  await new Promise<void>((resolvePromise, reject) => {
    let buf = '';
    const timeoutMs = opts.startTimeoutMs ?? ms(60_000);
    const onData = (d: Buffer): void => {
      buf += d.toString();
      if (/HTTP server listening on/.test(buf)) { cleanup(); resolvePromise(); }
    };
    const onExit = (code: number | null, signal: string | null): void => {
      cleanup(); reject(new Error(`code-server ${name} exited (${code ?? signal}) before listening:\n${buf}`));
    };
    const timer = setTimeout(() => { cleanup(); reject(new Error(`code-server ${name} did not listen within ${timeoutMs} ms:\n${buf}`)); }, timeoutMs);
    const cleanup = (): void => {
      clearTimeout(timer);
      proc.stdout?.off('data', onData);
      proc.stderr?.off('data', onData);
      proc.off('exit', onExit);
    };
    proc.stdout?.on('data', onData);
    proc.stderr?.on('data', onData);
    proc.on('exit', onExit);
  }).catch(async (e: unknown) => { await server.stop(); throw e; });
  log(`code-server ${name}: listening on 127.0.0.1:${port} after ${Date.now() - startedAt} ms (pid ${proc.pid}, log ${logFile})`);
  return server;
}

/**
 * The extension host logs of a server (one per workbench tab): activation errors and uncaught exceptions of
 * extensions land here, and LogOutputChannels (createOutputChannel(name, { log: true })) next to them.
 */
export function extensionHostLogs(server: CodeServer): { file: string; text: string }[] {
  const root = join(server.dirs.userData, 'logs');
  const out: { file: string; text: string }[] = [];
  const walk = (dir: string): void => {
    for (const name of existsSync(dir) ? readdirSync(dir) : []) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/exthost\d*\//.test(p) && p.endsWith('.log') && !p.includes('Telemetry')) out.push({ file: p, text: readFileSync(p, 'utf8') });
    }
  };
  walk(root);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Browser

let context: BrowserContext | undefined;
const offHost: string[] = [];
const pageErrors: string[] = [];

/** The shared headless Chromium (one persistent context, fresh profile dir); launched on first use. */
export async function browserContext(): Promise<BrowserContext> {
  if (context) return context;
  const profile = mkdtempSync(join(runDir(), 'chromium-profile-'));
  const r = runDir();
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 800 },
    timeout: ms(60_000),
    env: {
      ...process.env, TMPDIR: tmpDir(),
      XDG_CONFIG_HOME: join(r, 'xdg/config'), XDG_CACHE_HOME: join(r, 'xdg/cache'), XDG_DATA_HOME: join(r, 'xdg/data'),
    },
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-dev-shm-usage', '--disable-quic',
      '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1',
    ],
  });
  context.setDefaultTimeout(ms(30_000));
  context.setDefaultNavigationTimeout(ms(60_000));
  context.on('request', (req) => {
    try {
      const u = new URL(req.url());
      if (/^(https?|wss?):$/.test(u.protocol) && !['127.0.0.1', 'localhost'].includes(u.hostname)) offHost.push(req.url());
    } catch { /* data:, blob: and friends */ }
  });
  return context;
}

/** Requests the browser tried to send anywhere but loopback (they fail; a test may assert this stays empty). */
export function offHostRequests(): readonly string[] { return offHost; }
/** Uncaught errors of the workbench pages and their webviews, as "<page>: message". */
export function pageErrorsSeen(): readonly string[] { return pageErrors; }

/**
 * Opens the workbench of `server` (or a URL) in a new tab and waits until it is usable.
 * Each tab has its own extension host on the server: two tabs = two independent VS Code windows.
 */
export async function openWorkbench(server: CodeServer | string, opts: { label?: string; timeoutMs?: number } = {}): Promise<Page> {
  const ctx = await browserContext();
  const url = typeof server === 'string' ? server : server.url;
  const label = opts.label ?? (typeof server === 'string' ? url : server.name);
  const blank = ctx.pages().find((p) => p.url() === 'about:blank' && !openedPages.has(p));
  const page = blank ?? (await ctx.newPage());
  openedPages.add(page);
  page.on('pageerror', (e) => { pageErrors.push(`${label}: ${e.message}`); log(`pageerror ${label}: ${e.message}`); });
  // every console message of the workbench and its webviews, for post-mortems: <run>/logs/console-<label>.log
  const consoleLog = createWriteStream(join(runDir(), 'logs', `console-${label.replace(/[^\w-]/g, '_')}.log`), { flags: 'a' });
  page.on('console', (m) => consoleLog.write(`${new Date().toISOString()} ${m.type()} ${m.text()}\n`));
  page.once('close', () => consoleLog.end());
  const t = Date.now();
  const timeout = opts.timeoutMs ?? ms(60_000);
  await page.goto(url, { timeout });
  await page.locator('.monaco-workbench .part.statusbar').waitFor({ state: 'visible', timeout });
  log(`workbench ${label}: ready in ${Date.now() - t} ms`);
  return page;
}
const openedPages = new WeakSet<Page>();

// ---------------------------------------------------------------------------------------------
// Workbench helpers

const QUICK_INPUT = '.quick-input-widget';
export const QUICK_INPUT_BOX = `${QUICK_INPUT} .quick-input-box input`;
const QUICK_ROW = `${QUICK_INPUT} .quick-input-list .monaco-list-row`;

function sleep(ms: number): Promise<void> { return new Promise((r) => setTimeout(r, ms)); }

/**
 * Runs a command from the palette by its full title as the palette shows it ("Category: Title").
 * The palette snapshots the command list when it opens, and right after the workbench appears the
 * extension's contributions may not be registered yet, so it closes and reopens until the row is there.
 */
export async function runCommand(page: Page, title: string, timeoutMs = ms(60_000)): Promise<void> {
  const input = page.locator(QUICK_INPUT_BOX);
  const row = page.locator(QUICK_ROW, { hasText: title }).first();
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 0; Date.now() < deadline; attempt++) {
    if (!(await input.isVisible())) {
      await page.locator('.monaco-workbench').focus().catch(() => undefined);
      await page.keyboard.press(attempt % 2 ? 'Control+Shift+P' : 'F1');
      try { await input.waitFor({ state: 'visible', timeout: 3000 }); } catch { continue; }
    }
    await input.fill(`>${title}`);
    try {
      await row.waitFor({ state: 'visible', timeout: Math.max(500, Math.min(3000, deadline - Date.now())) });
    } catch {
      log(`"${title}" not in the palette yet (attempt ${attempt + 1}), reopening`);
      await page.keyboard.press('Escape');
      await sleep(400);
      continue;
    }
    // exact match on the label, so "TCP Chat: Host Chat" never runs "TCP Chat: Host Chat (advanced)"
    const exact = page.locator(QUICK_ROW).filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${escapeRe(title)}$`) }) }).first();
    try {
      await ((await exact.count()) > 0 ? exact : row).click({ timeout: 5000 });
    } catch (e) {
      // the list re-rendered under the click (seen once in CI: the row resolved, then never became visible);
      // a timeout means the click never happened, so trying again cannot run the command twice
      if (!(e instanceof Error) || e.name !== 'TimeoutError') throw e;
      log(`"${title}": the click on its row failed (${(e as Error).message.split('\n')[0]}), reopening`);
      await page.keyboard.press('Escape');
      await sleep(400);
      continue;
    }
    // the palette is gone once the widget hides or (a command that opens its own input box) no longer holds ">title"
    const until = Date.now() + 5000;
    while (Date.now() < until && (await input.isVisible()) && (await input.inputValue().catch(() => '')) === `>${title}`) await sleep(100);
    log(`ran "${title}" (${attempt + 1} palette opening${attempt ? 's' : ''})`);
    return;
  }
  throw new Error(`command "${title}" never appeared in the palette within ${timeoutMs} ms`);
}

function escapeRe(s: string): string { return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'); }

export interface QuickInputOptions {
  /** Wait for an input box whose placeholder matches (string = exact, RegExp = test). */
  placeholder?: string | RegExp;
  /** Wait for a prompt/title text in the widget (showInputBox's `prompt` or `title`). */
  prompt?: string | RegExp;
  /** Press Enter after typing (default true). */
  submit?: boolean;
  timeoutMs?: number;
}

/**
 * Types `text` into the open quick input (showInputBox / showQuickPick filter) and, by default, presses Enter.
 * Waits for the input (and the placeholder / prompt, if given) to show first.
 */
export async function fillQuickInput(page: Page, text: string, opts: QuickInputOptions = {}): Promise<void> {
  const timeout = opts.timeoutMs ?? ms(15_000);
  const box = page.locator(QUICK_INPUT_BOX);
  const deadline = Date.now() + timeout;
  for (;;) {
    const visible = await box.isVisible();
    const ph = visible ? ((await box.getAttribute('placeholder')) ?? '') : '';
    // never type into the command palette by accident (its value starts with '>')
    const isPalette = visible && (await box.inputValue().catch(() => '')).startsWith('>');
    const phOk = !isPalette && (opts.placeholder === undefined || (typeof opts.placeholder === 'string' ? ph === opts.placeholder : opts.placeholder.test(ph)));
    let promptOk = opts.prompt === undefined;
    if (visible && !promptOk) {
      const widgetText = (await page.locator(QUICK_INPUT).first().innerText().catch(() => '')) ?? '';
      promptOk = typeof opts.prompt === 'string' ? widgetText.includes(opts.prompt) : (opts.prompt as RegExp).test(widgetText);
    }
    if (visible && phOk && promptOk) break;
    if (Date.now() > deadline) {
      const state = await quickInputState(page).catch(() => undefined);
      throw new Error(`quick input ${opts.placeholder ?? ''} ${opts.prompt ?? ''} not shown within ${timeout} ms; it shows ${JSON.stringify(state)}`);
    }
    await sleep(150);
  }
  await box.fill(text, { timeout });
  if (opts.submit ?? true) await box.press('Enter', { timeout });
}

/** Clicks the quick pick row whose label matches (string = exact label text, RegExp = test) once it shows. */
export async function pickQuickItem(page: Page, label: string | RegExp, timeoutMs = ms(15_000)): Promise<void> {
  const re = typeof label === 'string' ? new RegExp(`^\\s*${escapeRe(label)}\\s*$`) : label;
  const row = page.locator(QUICK_ROW).filter({ has: page.locator('.label-name', { hasText: re }) }).first();
  try {
    await row.waitFor({ state: 'visible', timeout: timeoutMs });
  } catch (e) {
    const state = await quickInputState(page).catch(() => undefined);
    throw new Error(`quick pick item ${label} not shown within ${timeoutMs} ms; the quick input shows ${JSON.stringify(state)}`, { cause: e });
  }
  await row.click({ timeout: timeoutMs });
}

export interface QuickInputState {
  visible: boolean;
  /** showInputBox/showQuickPick `title` (the widget's header line). */
  title: string;
  /** The input's placeholder attribute (`placeHolder` option). */
  placeholder: string;
  /** The text under the input: showInputBox's `prompt` (or a validation message). */
  message: string;
  value: string;
  /**
   * The label of each row drawn in view, top to bottom (quick picks). The list keeps rows it drew before out of
   * sight, and numbers them anew as it goes: a selector over all rows read those too, out of order.
   */
  rows: string[];
}

/** What the quick input currently shows: for asserts and for error messages. */
export async function quickInputState(page: Page): Promise<QuickInputState> {
  const box = page.locator(QUICK_INPUT_BOX);
  const visible = await box.isVisible();
  if (!visible) return { visible, title: '', placeholder: '', message: '', value: '', rows: [] };
  const text = async (sel: string): Promise<string> =>
    (await page.locator(`${QUICK_INPUT} ${sel}`).first().innerText({ timeout: 1000 }).catch(() => '')).trim();
  return {
    visible,
    title: await text('.quick-input-title'),
    placeholder: (await box.getAttribute('placeholder', { timeout: 1000 }).catch(() => null)) ?? '',
    message: await text('.quick-input-message'),
    value: await box.inputValue({ timeout: 1000 }).catch(() => ''),
    rows: await page.evaluate((rowSelector) => {
      const shown = [...document.querySelectorAll<HTMLElement>(rowSelector)].filter((r) => r.offsetParent !== null && r.getBoundingClientRect().height > 0);
      shown.sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top);
      return shown.map((r) => (r.querySelector<HTMLElement>('.label-name')?.innerText ?? '').trim());
    }, QUICK_ROW).catch(() => []),
  };
}

/** Presses Escape until no quick input is open (bounded). */
export async function closeQuickInput(page: Page): Promise<void> {
  for (let i = 0; i < 5 && (await page.locator(QUICK_INPUT_BOX).isVisible()); i++) {
    await page.keyboard.press('Escape');
    await sleep(150);
  }
}

// ---------------------------------------------------------------------------------------------
// Webviews
//
// A webview is <iframe class="webview"> (VS Code's host page) > <iframe id="active-frame"> (the extension's HTML).
// With more than one webview on a page, chained frame locators are ambiguous: scan page.frames() instead.

/** Frames that hold extension webview content (not the workbench itself, not the webview host page). */
export function webviewContentFrames(page: Page): Frame[] {
  return page.frames().filter((f) => f !== page.mainFrame() && f.parentFrame() !== page.mainFrame());
}

/** The first webview content frame for which `predicate` holds, polled until `timeoutMs`. */
export async function webviewFrame(page: Page, predicate: (frame: Frame) => Promise<boolean> | boolean, timeoutMs = ms(30_000)): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const f of webviewContentFrames(page)) {
      if (f.isDetached()) continue;
      try { if (await predicate(f)) return f; } catch { /* frame navigated or detached mid-check */ }
    }
    await sleep(200);
  }
  throw new Error(`no webview frame matched within ${timeoutMs} ms (frames: ${page.frames().map((f) => f.url().slice(0, 80)).join(', ')})`);
}

/** A predicate for webviewFrame: the frame has an element matching `selector` (optionally with matching text). */
export function hasElement(selector: string, text?: string | RegExp): (frame: Frame) => Promise<boolean> {
  return async (frame) => {
    const loc = text === undefined ? frame.locator(selector) : frame.locator(selector, { hasText: text });
    return (await loc.count()) > 0;
  };
}

/**
 * Waits until an element matching `selector` in any webview of `page` has text matching `pattern`;
 * returns that text and its frame. Every matching element is checked, not only the first.
 */
export async function findInWebviews(page: Page, selector: string, pattern: RegExp, timeoutMs = ms(30_000)): Promise<{ text: string; frame: Frame }> {
  let lastSeen: string[] = [];
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    lastSeen = [];
    for (const f of webviewContentFrames(page)) {
      if (f.isDetached()) continue;
      try {
        const texts = await f.locator(selector).allTextContents();
        lastSeen.push(...texts);
        const hit = texts.find((t) => pattern.test(t));
        if (hit !== undefined) return { text: hit, frame: f };
      } catch { /* frame navigated or detached mid-check */ }
    }
    await sleep(200);
  }
  throw new Error(`no "${selector}" matching ${pattern} in any webview within ${timeoutMs} ms; last seen: ${JSON.stringify(lastSeen.slice(-10))}`);
}

/** Clicks the first element matching `selector` (optionally with text) in whichever webview has it. */
export async function clickInWebview(page: Page, selector: string, opts: { hasText?: string | RegExp; timeoutMs?: number } = {}): Promise<Frame> {
  const timeout = opts.timeoutMs ?? ms(30_000);
  const frame = await webviewFrame(page, hasElement(selector, opts.hasText), timeout);
  const loc = opts.hasText === undefined ? frame.locator(selector) : frame.locator(selector, { hasText: opts.hasText });
  await loc.first().click({ timeout });
  return frame;
}

/** Types into an input/textarea inside whichever webview has it, then optionally presses a key (e.g. 'Enter'). */
export async function typeInWebview(page: Page, selector: string, text: string, opts: { press?: string; timeoutMs?: number } = {}): Promise<Frame> {
  const timeout = opts.timeoutMs ?? ms(30_000);
  const frame = await webviewFrame(page, hasElement(selector), timeout);
  const loc = frame.locator(selector).first();
  await loc.fill(text, { timeout });
  if (opts.press) await loc.press(opts.press, { timeout });
  return frame;
}

// ---------------------------------------------------------------------------------------------
// Window state

/** The page side of setClosedWindowState: returns the names of the databases it changed. */
const SET_STATE_IN_PAGE = `async ({ extensionId, key, value }) => {
  const req = (r) => new Promise((res, rej) => { r.onsuccess = () => res(r.result); r.onerror = () => rej(r.error); });
  const found = [];
  for (const { name } of await indexedDB.databases()) {
    if (!name || !name.startsWith('vscode-web-state-db-') || name.endsWith('-global')) continue;
    const db = await req(indexedDB.open(name));
    try {
      const tx = db.transaction('ItemTable', 'readwrite');
      const done = new Promise((res, rej) => { tx.oncomplete = res; tx.onerror = () => rej(tx.error); tx.onabort = () => rej(tx.error); });
      const store = tx.objectStore('ItemTable');
      const raw = await req(store.get(extensionId));
      if (typeof raw === 'string') {
        store.put(JSON.stringify({ ...JSON.parse(raw), [key]: value }), extensionId);
        found.push(name);
      }
      await done;
    } finally {
      db.close();
    }
  }
  return found;
}`;

/**
 * Sets one key of an extension's workspaceState while its window is closed, as if time had passed. code-server
 * keeps a window's state in the browser's IndexedDB: database `vscode-web-state-db-<workspace>`, table
 * `ItemTable`, one JSON value per extension under its id. The page leaves the workbench for a page of the same
 * origin that has none (`/healthz`), so no workbench writes the state back (the window closes as for a reload:
 * its extension host deactivates); open the workbench again afterwards. Throws unless exactly one workspace
 * database held the extension's state.
 */
export async function setClosedWindowState(page: Page, server: CodeServer, extensionId: string, key: string, value: unknown): Promise<void> {
  await page.goto(`http://127.0.0.1:${server.port}/healthz`, { timeout: ms(30_000) });
  // source text, not a function: tsx would wrap the function's inner functions in a `__name` helper the page lacks
  const changed = await page.evaluate<string[]>(`(${SET_STATE_IN_PAGE})(${JSON.stringify({ extensionId, key, value })})`);
  if (changed.length !== 1) throw new Error(`expected one workspace state holding ${extensionId}, found ${changed.length}: ${changed.join(', ')}`);
}

// ---------------------------------------------------------------------------------------------
// Screenshots and teardown

/** Saves a PNG of the page under `<run>/screenshots/<name>.png` (or TCP_CHAT_E2E_SHOTS) and returns the path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  const dir = process.env.TCP_CHAT_E2E_SHOTS ?? join(runDir(), 'screenshots');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name.replace(/[^\w.-]/g, '_')}.png`);
  await page.screenshot({ path: file, timeout: ms(15_000) });
  return file;
}

/** Screenshots every open page (for a failing test's after-hook); never throws. */
export async function screenshotAll(prefix: string): Promise<string[]> {
  const files: string[] = [];
  if (!context) return files;
  for (const [i, p] of context.pages().entries()) {
    try { files.push(await screenshot(p, `${prefix}-${i}`)); } catch { /* page already gone */ }
  }
  return files;
}

/**
 * For a failing test, before stopAll(): screenshots every page and returns a summary with the page errors,
 * the tail of every extension host log and where the run folder is. Never throws.
 */
export async function dumpDiagnostics(prefix: string): Promise<string> {
  const lines: string[] = [`run folder: ${runDirPath ?? '(none)'}`];
  try {
    const shots = await screenshotAll(prefix);
    lines.push(`screenshots: ${shots.join(' ') || '(none)'}`);
    if (pageErrors.length) lines.push('page errors:', ...pageErrors.map((e) => `  ${e}`));
    if (offHost.length) lines.push('off-host requests:', ...offHost.map((u) => `  ${u}`));
    for (const s of servers) {
      lines.push(`code-server ${s.name} log: ${s.logFile}`);
      for (const { file, text } of extensionHostLogs(s)) {
        if (!/remoteexthost\.log$|exthost\.log$/.test(file)) continue;
        lines.push(`--- ${file} (last 40 lines)`, ...text.trimEnd().split('\n').slice(-40));
      }
    }
  } catch (e) {
    lines.push(`(diagnostics incomplete: ${String(e)})`);
  }
  return lines.join('\n');
}

/** The code-servers this process started that are still running. */
export function activeServers(): readonly CodeServer[] { return servers; }

/** Closes the browser and stops every code-server this process started. Safe to call twice; never throws. */
export async function stopAll(): Promise<void> {
  const ctx = context;
  context = undefined;
  if (ctx) await Promise.race([ctx.close().catch(() => undefined), sleep(10_000)]);
  await Promise.all([...servers].map((s) => s.stop().catch(() => undefined)));
  if (tmpDirPath?.startsWith('/tmp/tce-')) rmSync(tmpDirPath, { recursive: true, force: true });
}

// Safety net: if the test process exits without stopAll(), do not leave code-servers behind.
process.once('exit', () => { for (const s of servers) killGroup(s.proc, 'SIGKILL'); });
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => { void stopAll().finally(() => process.exit(130)); });
}

/** Convenience for the CodeServer binary path (for manual runs). */
export const CODE_SERVER = { js: CODE_SERVER_JS, bin: CODE_SERVER_BIN };
