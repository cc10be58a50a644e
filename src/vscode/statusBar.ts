// The status bar item: connection state, room, people online, unread count; a click shows the chat.

import * as vscode from 'vscode';
import { statusBarView, type StatusBarInput } from './sessionState';

export class ChatStatusBar implements vscode.Disposable {
  readonly #item = vscode.window.createStatusBarItem('tcpChat.status', vscode.StatusBarAlignment.Left, 50);

  constructor() {
    this.#item.name = 'TCP Chat';
    this.#item.command = 'tcpChat.show';
  }

  update(input: StatusBarInput): void {
    const v = statusBarView(input);
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
