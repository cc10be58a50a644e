// The status bar item: connection state, room, people online, unread count; a click shows the chat.

import * as vscode from 'vscode';
import { statusBarView, type StatusBarInput } from './sessionState';
import { StatusBarChanges } from './statusBarChanges';

export class ChatStatusBar implements vscode.Disposable {
  readonly #item = vscode.window.createStatusBarItem('tcpChat.status', vscode.StatusBarAlignment.Left, 50);
  readonly #changes = new StatusBarChanges();

  constructor() {
    this.#item.name = 'TCP Chat';
    this.#item.command = 'tcpChat.show';
  }

  /** Shows what `input` says, when that is not what the item shows already. */
  update(input: StatusBarInput): void {
    const v = this.#changes.next(statusBarView(input));
    if (v === undefined) return;
    if (!v.visible) {
      this.#item.hide();
      return;
    }
    this.#item.text = v.text;
    this.#item.tooltip = v.tooltip;
    this.#item.backgroundColor = v.tone === 'warning' ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.#item.accessibilityInformation = { label: v.label, role: 'button' };
    this.#item.show();
  }

  dispose(): void {
    this.#item.dispose();
  }
}
