// The extension's entry point: wiring only. Everything else is in src/vscode/.

import * as vscode from 'vscode';
import { ChatApp } from './vscode/chatApp';
import { hostSettingsChanged, nicknameSettingChanged, registerCommands } from './vscode/commands';
import { PANEL_VIEW_TYPE } from './vscode/chatPanel';
import { AfterQuiet } from './vscode/afterQuiet';
import { HOST_SETTINGS, type HostSetting } from './vscode/hostSettingsNotice';

/**
 * How long a setting typed in the Settings editor (which saves it as it is typed) stays the same before it is acted
 * on: the nickname renames you, the port or bind address tells a host its room stays where it is.
 */
const SETTLE_MS = 2000;

let app: ChatApp | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const a = new ChatApp(context);
  app = a;
  const nicknameSettled = new AfterQuiet(SETTLE_MS, () => void nicknameSettingChanged(a));
  // (a port or a history length typed in the Settings editor is saved digit by digit too: one notice, for the whole number)
  const hostChanged = new Set<HostSetting>();
  const hostSettled = new AfterQuiet(SETTLE_MS, () => {
    hostSettingsChanged(a, new Set(hostChanged));
    hostChanged.clear();
  });
  context.subscriptions.push(
    a,
    nicknameSettled,
    hostSettled,
    ...registerCommands(a, context),
    vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
      // after a window reload: take the panel back (activation already started bringing the session back)
      async deserializeWebviewPanel(panel: vscode.WebviewPanel): Promise<void> {
        // (VS Code revives a background tab only when it is first shown: a chat opened meanwhile, from the status
        // bar or a Reply, is the one in use, and taking the old tab over closed it)
        if (a.panel.exists) return panel.dispose();
        a.panel.attach(panel);
      },
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('tcpChat')) a.updateStatusBar();
      if (e.affectsConfiguration('tcpChat.nickname')) nicknameSettled.poke();
      for (const k of HOST_SETTINGS) if (e.affectsConfiguration(`tcpChat.${k}`)) hostChanged.add(k);
      if (hostChanged.size > 0) hostSettled.poke();
    }),
  );
  void vscode.commands.executeCommand('setContext', 'tcpChat.connected', false);
  a.updateStatusBar();
  // the room this window was in when it reloaded, whether or not the chat panel was open (a closed panel has
  // no serializer to wake us, hence the onStartupFinished activation; a revived one attaches when shown)
  void a.restore();
}

/** Closes the room (the server tells everyone "the host closed the room") or leaves it. */
export async function deactivate(): Promise<void> {
  const a = app;
  app = undefined;
  await a?.shutdown();
}
