// Test harness for the chat panel: serves the production HTML (renderPanelHtml, after VS Code's default webview
// stylesheet) and the built bundle from a 127.0.0.1 server, opens it in headless Chromium with a stand-in
// `acquireVsCodeApi`, and lets tests deliver ToPanel messages and read what the panel posted. Benchmarks can
// reuse it (see loadHistory / measure).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { COMMANDS } from '../../src/protocol/commands';
import { REACTIONS } from '../../src/protocol/reactions';
import type { MessageEvent as ChatMessage, RoomEvent } from '../../src/protocol/messages';
import type { FromPanel, PanelDm, PanelSnapshot, ToPanel } from '../../src/shared/panelMessages';
import { makeNonce, renderPanelHtml } from '../../src/vscode/panelHtml';
import { THEMES, type ThemeName } from './themes';
import { VSCODE_DEFAULT_STYLES } from './vscodeDefaults';

export const ROOT = resolve(__dirname, '../..');
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'];

function newestMtime(dir: string): number {
  let t = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = statSync(p);
    t = Math.max(t, st.isDirectory() ? newestMtime(p) : st.mtimeMs);
  }
  return t;
}

/** Builds dist/ when the webview bundle is missing or older than its sources. */
export function ensureBuilt(): void {
  const out = join(ROOT, 'dist/webview.js');
  const css = join(ROOT, 'dist/chat.css');
  const stale = !existsSync(out) || !existsSync(join(ROOT, 'dist/icons.css')) || !existsSync(css)
    || statSync(out).mtimeMs < Math.max(newestMtime(join(ROOT, 'src/webview')), newestMtime(join(ROOT, 'src/shared')))
    || statSync(css).mtimeMs < statSync(join(ROOT, 'media/chat.css')).mtimeMs;
  if (!stale) return;
  const r = spawnSync(process.execPath, ['scripts/build.mjs', '--no-typecheck'], { cwd: ROOT, stdio: 'inherit', timeout: 120_000 });
  if (r.status !== 0) throw new Error('build failed');
}

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css' };
const ASSETS = ['dist/webview.js', 'dist/icons.css', 'dist/chat.css'];

/**
 * Reads the panel's files once: other builds in the same tree may delete and rewrite dist/ while tests run.
 * Retries briefly when a file is missing in the middle of such a rebuild.
 */
async function readAssets(): Promise<Map<string, Buffer>> {
  for (let attempt = 0; ; attempt++) {
    try {
      return new Map(ASSETS.map((a) => [`/${a}`, readFileSync(join(ROOT, a))]));
    } catch (e) {
      if (attempt >= 20) throw e;
      await new Promise((r) => setTimeout(r, 500));
      if (attempt === 10) ensureBuilt();
    }
  }
}

function startServer(assets: Map<string, Buffer>): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const origin = `http://${req.headers.host ?? '127.0.0.1'}`;
    if (url.pathname === '/') {
      const html = renderPanelHtml({
        cspSource: origin,
        nonce: makeNonce(),
        scriptUri: `${origin}/dist/webview.js`,
        styleUri: `${origin}/dist/chat.css`,
        iconsUri: `${origin}/dist/icons.css`,
        ...(url.searchParams.has('state') ? { state: url.searchParams.get('state')! } : {}),
      });
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      // first in <head>, before the CSP, where VS Code puts its default stylesheet
      res.end(html.replace('<head>', `<head>\n<style id="_defaultStyles">${VSCODE_DEFAULT_STYLES}</style>`));
      return;
    }
    const body = assets.get(url.pathname);
    if (body === undefined) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(url.pathname)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    res.end(body);
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => ok({ server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }));
  });
}

/**
 * The stand-in for VS Code's webview API; runs in the page before any of its scripts. A string, not a
 * function: tsx compiles functions with helpers (`__name`) that do not exist in the page. It also defines a
 * no-op `__name` so the functions tests pass to page.evaluate work.
 */
const INIT_SCRIPT = `(() => {
  window.__name = (f) => f;
  window.__posted = [];
  window.__csp = [];
  document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sample));
  let acquired = false;
  window.acquireVsCodeApi = () => {
    if (acquired) throw new Error('acquireVsCodeApi called twice');
    acquired = true;
    return Object.freeze({
      postMessage: (m) => { window.__posted.push(JSON.parse(JSON.stringify(m))); },
      getState: () => {
        const s = sessionStorage.getItem('__vscodeState');
        return s === null ? undefined : JSON.parse(s);
      },
      setState: (s) => { window.__stateSaves = (window.__stateSaves ?? 0) + 1; sessionStorage.setItem('__vscodeState', JSON.stringify(s)); },
    });
  };
})();`;

export interface OpenOptions {
  snapshot?: PanelSnapshot;
  theme?: ThemeName;
  width?: number;
  height?: number;
  /** Device pixels per CSS pixel (a closer look in screenshots); 1 unless given. */
  scale?: number;
  /** The state the extension kept of a closed panel (its last `uiState`), in the page as VS Code's would have it. */
  uiState?: object;
  /** What `navigator.platform` says (a Mac's `MacIntel`); Chromium's own unless given. */
  platform?: string;
  /** VS Code's `accessibility.underlineLinks` on (its webviews' `--text-link-decoration`: underline, else none). */
  underlineLinks?: boolean;
}

export class Panel {
  /** Dialogs (alert/confirm/prompt) the page tried to open: always a failure in these tests. */
  readonly dialogs: string[] = [];
  readonly errors: string[] = [];

  constructor(readonly page: Page, public theme: ThemeName = 'dark', readonly underlineLinks = false) {
    page.on('dialog', (d) => {
      this.dialogs.push(`${d.type()}: ${d.message()}`);
      void d.dismiss().catch(() => undefined);
    });
    page.on('pageerror', (e) => this.errors.push(String(e)));
  }

  /** Delivers a message as the extension would (window message event). */
  async deliver(...msgs: ToPanel[]): Promise<void> {
    // Messages are handled in order, so once a trailing marker arrives the others have been handled;
    // one animation frame later the list has rendered.
    await this.page.evaluate((ms) => new Promise<void>((ok) => {
      const once = (e: MessageEvent) => {
        if ((e.data as { __flush?: boolean } | null)?.__flush !== true) return;
        window.removeEventListener('message', once);
        requestAnimationFrame(() => ok());
      };
      window.addEventListener('message', once);
      for (const m of ms) window.postMessage(m, '*');
      window.postMessage({ __flush: true }, '*');
    }), msgs);
  }

  async posted(): Promise<FromPanel[]> {
    return this.page.evaluate(() => (window as unknown as { __posted: FromPanel[] }).__posted.slice());
  }

  async clearPosted(): Promise<void> {
    await this.page.evaluate(() => {
      (window as unknown as { __posted: unknown[] }).__posted.length = 0;
    });
  }

  /** Waits (bounded) until the panel posted a message matching `pred`; returns it. */
  async waitForPosted<T extends FromPanel['type']>(type: T, pred: (m: Extract<FromPanel, { type: T }>) => boolean = () => true, timeoutMs = 15_000): Promise<Extract<FromPanel, { type: T }>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const all = await this.posted();
      const hit = all.find((m): m is Extract<FromPanel, { type: T }> => m.type === type && pred(m as Extract<FromPanel, { type: T }>));
      if (hit) return hit;
      if (Date.now() > deadline) throw new Error(`timed out waiting for a posted ${type}; got ${JSON.stringify(all).slice(0, 500)}; page errors: ${this.errors.join('; ')}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  /** CSP violations the page reported (an injected handler or script would show up here). */
  async cspViolations(): Promise<string[]> {
    return this.page.evaluate(() => (window as unknown as { __csp: string[] }).__csp.slice());
  }

  async applyTheme(name: ThemeName): Promise<void> {
    const t = THEMES[name];
    await this.page.evaluate(({ t, underline }) => {
      const root = document.documentElement;
      for (const [k, v] of Object.entries(t.vars)) root.style.setProperty(`--vscode-${k}`, v);
      root.style.setProperty('--text-link-decoration', underline ? 'underline' : 'none');
      document.body.classList.remove('vscode-dark', 'vscode-light', 'vscode-high-contrast', 'vscode-high-contrast-light');
      document.body.classList.add(...t.bodyClass.split(' '));
      document.body.dataset.vscodeThemeKind = t.kind;
    }, { t, underline: this.underlineLinks });
  }

  /**
   * Replaces the active room's history with `n` messages and delivers that snapshot. The messages are made in
   * the page (sending 10,000 objects through the driver would take seconds and measure the driver, not the panel).
   * Returns how long the panel took to take the snapshot in, in ms, measured in the page.
   */
  async loadHistory(n: number, base: PanelSnapshot = makeSnapshot()): Promise<number> {
    return this.page.evaluate(({ n, base }) => new Promise<number>((ok) => {
      const room = base.activeRoom;
      const authors = ['alice', 'bob', 'carol', 'dave'];
      const t0 = Date.UTC(2026, 0, 1, 9, 0, 0);
      const events: RoomEvent[] = [];
      for (let i = 1; i <= n; i++) {
        const text = i % 7 === 0
          ? `message ${i}: a longer one with **bold**, \`code\` and a link https://example.com/${i} that wraps onto another line when the panel is narrow`
          : `message ${i}`;
        events.push({ type: 'message', room, seq: i, time: t0 + i * 20_000, from: authors[Math.floor(i / 3) % authors.length] ?? 'alice', text, kind: 'text' });
      }
      const snapshot = { ...base, rooms: base.rooms.map((r) => (r.name === room ? { ...r, events } : r)) };
      const t = performance.now();
      const done = (e: MessageEvent) => {
        if ((e.data as { __flush?: boolean } | null)?.__flush !== true) return;
        window.removeEventListener('message', done);
        requestAnimationFrame(() => ok(performance.now() - t));
      };
      window.addEventListener('message', done);
      window.postMessage({ type: 'snapshot', snapshot }, '*');
      window.postMessage({ __flush: true }, '*');
    }), { n, base });
  }

  /** Runs `body` (a function source, evaluated in the page) and returns how long it took in the page, in ms. */
  async measure(body: string): Promise<number> {
    return this.page.evaluate(async (src) => {
      const f = new Function(`return (async () => { ${src} })()`) as () => Promise<void>;
      const t = performance.now();
      await f();
      await new Promise((r) => requestAnimationFrame(() => r(undefined)));
      return performance.now() - t;
    }, body);
  }

  /**
   * Posts ten messages of `text` at once in the page (as the extension would post them: a flood of one paste) and
   * returns how long until they are in the list and a frame is drawn, in ms as measured in the page (NaN past 60 s),
   * and the elements in the message list then (for benchmarks; tests never compare timings).
   */
  async tenMessages(room: string, text: string): Promise<{ ms: number; elements: number }> {
    return this.page.evaluate(async ({ room, text }) => {
      const x = (window as unknown as { __tcpChat: { rowCount(): number } }).__tcpChat;
      const before = x.rowCount();
      const t0 = performance.now();
      for (let i = 1; i <= 10; i++) window.postMessage({ type: 'server', msg: { type: 'message', room, seq: 20_000 + i, time: Date.now(), from: 'mallory', text, kind: 'text' } }, '*');
      while (x.rowCount() - before < 10 && performance.now() - t0 < 60_000) await new Promise((r) => requestAnimationFrame(r));
      await new Promise((r) => requestAnimationFrame(r));
      return { ms: x.rowCount() - before < 10 ? NaN : performance.now() - t0, elements: document.querySelectorAll('.messages *').length };
    }, { room, text });
  }

  /**
   * Scrolls the message list by `dy` px per animation frame, `steps` times, and returns each frame's duration
   * in ms as measured in the page (for benchmarks; tests never compare timings).
   */
  async scrollFrames(steps: number, dy: number): Promise<number[]> {
    return this.page.evaluate(async ({ steps, dy }) => {
      const list = document.querySelector('.messages') as HTMLElement;
      const frames: number[] = [];
      let last = await new Promise<number>((r) => requestAnimationFrame(r));
      for (let i = 0; i < steps; i++) {
        list.scrollTop += dy;
        const now = await new Promise<number>((r) => requestAnimationFrame(r));
        frames.push(now - last);
        last = now;
      }
      return frames;
    }, { steps, dy });
  }

  /** Rendered row elements vs rows in the active conversation. */
  async rowCounts(): Promise<{ rendered: number; rows: number; domNodes: number }> {
    return this.page.evaluate(() => {
      const x = (window as unknown as { __tcpChat: { renderedRows(): number; rowCount(): number } }).__tcpChat;
      return { rendered: x.renderedRows(), rows: x.rowCount(), domNodes: document.getElementsByTagName('*').length };
    });
  }

  /** Whether anything set the XSS canary. */
  async pwned(): Promise<unknown> {
    return this.page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned);
  }

  /** Reloads the webview (as VS Code does when the panel is moved or the window reloads); vscode state survives. */
  async reload(snapshot?: PanelSnapshot): Promise<void> {
    await this.page.reload({ waitUntil: 'load' });
    await this.applyTheme(this.theme);
    await this.waitForPosted('ready');
    if (snapshot !== undefined) await this.deliver({ type: 'snapshot', snapshot });
  }

  /** Text of every rendered row, in order. */
  /** Each row's text as it is seen (a screen reader's words, `.sr-only`, left out). */
  async rowTexts(): Promise<string[]> {
    return this.page.$$eval('.messages .row', (els) =>
      els.map((e) => {
        let text = (e as HTMLElement).innerText;
        for (const s of e.querySelectorAll<HTMLElement>('.sr-only')) text = text.replace(s.innerText, '');
        return text.replace(/\s+/g, ' ').trim();
      }));
  }

  async close(): Promise<void> {
    await this.page.close().catch(() => undefined);
  }
}

export interface Harness {
  browser: Browser;
  origin: string;
  open(o?: OpenOptions): Promise<Panel>;
  close(): Promise<void>;
}

/** Launches Chromium and the file server. Always `await h.close()` (in `after`/`finally`). */
export async function startHarness(): Promise<Harness> {
  ensureBuilt();
  const { server, origin } = await startServer(await readAssets());
  let browser: Browser;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
  } catch (e) {
    server.close();
    throw e;
  }
  return {
    browser,
    origin,
    async open(o: OpenOptions = {}) {
      const context = await browser.newContext({ viewport: { width: o.width ?? 520, height: o.height ?? 640 }, deviceScaleFactor: o.scale ?? 1, timezoneId: 'UTC', locale: 'en-US' });
      const page = await context.newPage();
      page.setDefaultTimeout(30_000);
      page.on('close', () => void context.close().catch(() => undefined));
      await page.addInitScript({ content: INIT_SCRIPT });
      if (o.platform !== undefined) await page.addInitScript((platform) => Object.defineProperty(navigator, 'platform', { get: () => platform }), o.platform);
      const panel = new Panel(page, o.theme ?? 'dark', o.underlineLinks);
      await page.goto(`${origin}/${o.uiState ? `?state=${encodeURIComponent(JSON.stringify(o.uiState))}` : ''}`, { waitUntil: 'load' });
      await panel.applyTheme(panel.theme);
      await panel.waitForPosted('ready');
      if (o.snapshot !== undefined) await panel.deliver({ type: 'snapshot', snapshot: o.snapshot });
      return panel;
    },
    async close() {
      await browser.close().catch(() => undefined);
      await new Promise((r) => server.close(() => r(undefined)));
    },
  };
}

// ---------------------------------------------------------------- fixtures

export const T0 = Date.UTC(2026, 10, 25, 9, 30, 0);

export function msg(room: string, seq: number, from: string, text: string, extra: Partial<ChatMessage> = {}): ChatMessage {
  return { type: 'message', room, seq, time: T0 + seq * 30_000, from, text, kind: 'text', ...extra };
}

/** A direct message; in a snapshot, with whom the extension says (the other side of `me`, unless `extra` says). */
export function dm(from: string, to: string, text: string, extra: Partial<PanelDm> = {}): PanelDm {
  return { type: 'dm', from, to, text, kind: 'text', time: T0 + 60_000, with: from === 'me' ? to : from, ...extra };
}

export function makeSnapshot(o: Partial<PanelSnapshot> = {}): PanelSnapshot {
  return {
    nick: 'me',
    role: 'member',
    status: 'connected',
    statusText: '',
    address: '127.0.0.1:55555',
    hosting: false,
    rooms: [
      { name: 'general', epoch: 'e1', topic: 'Pairing on the parser', members: [{ nick: 'alice', role: 'owner' }, { nick: 'bob', role: 'op' }, { nick: 'me', role: 'member' }], events: [] },
    ],
    activeRoom: 'general',
    dms: [],
    commands: COMMANDS.slice(),
    maxText: 16 * 1024,
    maxTopic: 300,
    reactions: [...REACTIONS],
    ...o,
  };
}
