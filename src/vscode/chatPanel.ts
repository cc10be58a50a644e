// The chat panel on the extension side: one WebviewPanel (created, or revived by the serializer after a
// window reload), its HTML with a strict CSP, and the message channel. It posts nothing before the
// webview says `ready`, then a snapshot, then live messages.

import * as vscode from 'vscode';
import type { FromPanel, PanelSnapshot, ToPanel } from '../shared/panelMessages';
import { conversationToShow, heldForNextPanel, MAX_HELD } from './heldForPanel';
import { makeNonce, renderPanelHtml } from './panelHtml';
import { newPanelPlace } from './staleChatTabs';

export const PANEL_VIEW_TYPE = 'tcpChat.panel';

/** The most of a webview's state (JSON characters) kept for the next panel. */
const MAX_UI_STATE = 4 * 1024 * 1024;

export interface PanelHost {
  snapshot(): PanelSnapshot;
  onMessage(msg: FromPanel): void;
  /** The panel was shown or hidden (or closed: `visible` false and `disposed` true). */
  onVisibility(visible: boolean, disposed: boolean): void;
}

export class ChatPanel implements vscode.Disposable {
  #panel: vscode.WebviewPanel | undefined;
  #ready = false;
  #queued: ToPanel[] = [];
  /**
   * Notices (and refused texts) that came while no webview was there to show them (the latest MAX_HELD): shown when
   * one is ("bob is taken in that room; you are bob_2", said before the panel of a first join existed, was never seen).
   */
  #notices: ToPanel[] = [];
  /** The last state the webview kept (JSON), for the next one when this panel is closed (VS Code drops it then). */
  #uiState: string | undefined;
  /** Messages posted since the webview said `ready` (the webview counts them too: its `unread` says how many it had). */
  #posted = 0;
  #disposables: vscode.Disposable[] = [];
  #unread = 0;
  readonly #extensionUri: vscode.Uri;
  readonly #host: PanelHost;

  constructor(
    extensionUri: vscode.Uri,
    host: PanelHost,
  ) {
    this.#extensionUri = extensionUri;
    this.#host = host;
  }

  get exists(): boolean {
    return this.#panel !== undefined;
  }

  /** Shown and in front (its webview is running). */
  get visible(): boolean {
    return this.#panel?.visible === true;
  }

  get viewColumn(): vscode.ViewColumn | undefined {
    return this.#panel?.viewColumn;
  }

  /** Shows the panel (creating it beside the editor if needed). */
  show(preserveFocus = false): void {
    if (this.#panel) {
      this.#panel.reveal(this.#panel.viewColumn, preserveFocus);
      return;
    }
    // (a chat tab a reload left behind, not revived yet: the new panel takes its place, and it closes)
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs.map((tab) => ({ tab, viewType: tab.input instanceof vscode.TabInputWebview ? tab.input.viewType : undefined, column: g.viewColumn })));
    const { column, stale } = newPanelPlace(tabs, PANEL_VIEW_TYPE);
    const panel = vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, 'TCP Chat', { viewColumn: column ?? vscode.ViewColumn.Beside, preserveFocus }, this.#options());
    this.attach(panel);
    if (stale.length > 0) vscode.window.tabGroups.close(stale, true).then(undefined, () => undefined);
  }

  /** Takes over a panel (a new one, or one the serializer revived after a reload). */
  attach(panel: vscode.WebviewPanel): void {
    this.#disposePanel();
    this.#panel = panel;
    this.#ready = false;
    panel.webview.options = this.#options();
    panel.iconPath = {
      light: vscode.Uri.joinPath(this.#extensionUri, 'media', 'chat-light.svg'),
      dark: vscode.Uri.joinPath(this.#extensionUri, 'media', 'chat-dark.svg'),
    };
    this.#setTitle();
    this.#disposables.push(
      panel.webview.onDidReceiveMessage((m: unknown) => this.#receive(m)),
      panel.onDidChangeViewState(() => {
        // a hidden webview is torn down (retainContextWhenHidden is off): it says `ready` again when shown
        if (!panel.visible) this.#ready = false;
        this.#host.onVisibility(panel.visible, false);
      }),
      panel.onDidDispose(() => {
        if (this.#panel !== panel) return;
        this.#panel = undefined;
        this.#ready = false;
        // (a Reply whose panel closed before it loaded switched the next Show Chat's conversation, much later)
        this.#queued = [];
        this.#disposeListeners();
        this.#host.onVisibility(false, true);
      }),
    );
    panel.webview.html = this.#html(panel.webview);
  }

  /**
   * Posts to the webview once it is ready (live messages before `ready` are covered by the snapshot). Returns
   * the message's number among those posted since `ready` (from 1), 0 when it was not posted.
   */
  post(msg: ToPanel): number {
    if (!this.#panel || !this.#ready) {
      if (heldForNextPanel(msg)) {
        if (this.#notices.push(msg) > MAX_HELD) this.#notices.shift();
      } else if (this.#panel && (msg.type === 'activateRoom' || msg.type === 'activateDm' || msg.type === 'focusComposer')) this.#queued.push(msg);
      return 0;
    }
    void this.#panel.webview.postMessage(msg);
    return ++this.#posted;
  }

  setUnread(count: number): void {
    this.#unread = count;
    this.#setTitle();
  }

  /** Re-sends the whole state (after a session starts or ends); `show`: the conversation to show (`#room`, `@nick`). */
  refresh(show?: string): void {
    if (this.#panel && this.#ready) this.post({ type: 'snapshot', snapshot: this.#host.snapshot(), ...(show !== undefined ? { show } : {}) });
  }

  dispose(): void {
    this.#disposePanel();
  }

  #receive(m: unknown): void {
    if (m === null || typeof m !== 'object' || typeof (m as { type?: unknown }).type !== 'string') return;
    const msg = m as FromPanel;
    if (msg.type === 'uiState') {
      // (drafts and sent lines at most: a few MB would be a page that loads slowly)
      const json = msg.state !== null && typeof msg.state === 'object' ? JSON.stringify(msg.state) : undefined;
      this.#uiState = json !== undefined && json.length <= MAX_UI_STATE ? json : undefined;
      return;
    }
    if (msg.type === 'ready') {
      this.#ready = true;
      this.#posted = 0;
      // (the host first: what it posted to a webview before this one is covered by the snapshot below)
      this.#host.onMessage(msg);
      // (a Reply that opened the panel: its conversation is the one shown first, so the one the panel showed before
      // it closed is not taken for read on the way there)
      this.refresh(conversationToShow(this.#queued));
      const queued = [...this.#notices, ...this.#queued];
      this.#queued = [];
      this.#notices = [];
      for (const q of queued) this.post(q);
      return;
    }
    this.#host.onMessage(msg);
  }

  #setTitle(): void {
    if (this.#panel) this.#panel.title = this.#unread > 0 ? `TCP Chat (${this.#unread})` : 'TCP Chat';
  }

  #options(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      enableFindWidget: false, // the panel's own Ctrl+F searches the whole history; this one would see only the rows in the page
      retainContextWhenHidden: false,
      localResourceRoots: [vscode.Uri.joinPath(this.#extensionUri, 'dist'), vscode.Uri.joinPath(this.#extensionUri, 'media')],
    };
  }

  #html(webview: vscode.Webview): string {
    const uri = (...p: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(this.#extensionUri, ...p)).toString();
    return renderPanelHtml({
      cspSource: webview.cspSource,
      nonce: makeNonce(),
      scriptUri: uri('dist', 'webview.js'),
      styleUri: uri('dist', 'chat.css'),
      iconsUri: uri('dist', 'icons.css'),
      title: 'TCP Chat',
      ...(this.#uiState !== undefined ? { state: this.#uiState } : {}),
    });
  }

  #disposeListeners(): void {
    for (const d of this.#disposables) d.dispose();
    this.#disposables = [];
  }

  #disposePanel(): void {
    const p = this.#panel;
    this.#panel = undefined;
    this.#disposeListeners();
    p?.dispose();
  }
}
