// The extension's entry point: wiring only. Everything else is in src/vscode/.

import * as vscode from 'vscode';
import { ChatApp } from './vscode/chatApp';
import { registerCommands } from './vscode/commands';
import { PANEL_VIEW_TYPE } from './vscode/chatPanel';

let app: ChatApp | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const a = new ChatApp(context);
  app = a;
  context.subscriptions.push(
    a,
    ...registerCommands(a, context),
    vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
      // after a window reload: take the panel back, then the session it showed
      async deserializeWebviewPanel(panel: vscode.WebviewPanel): Promise<void> {
        a.panel.attach(panel);
        void a.restore();
      },
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('tcpChat')) a.updateStatusBar();
    }),
  );
  void vscode.commands.executeCommand('setContext', 'tcpChat.connected', false);
  a.updateStatusBar();
}

/** Closes the room (the server tells everyone "the host closed the room") or leaves it. */
export async function deactivate(): Promise<void> {
  const a = app;
  app = undefined;
  await a?.shutdown();
}
