// The extension's settings (contributes.configuration in package.json), read in one place.

import * as vscode from 'vscode';

export interface ChatSettings {
  nickname: string;
  port: number;
  bindAddress: '127.0.0.1' | '0.0.0.0';
  historyLength: number;
  notifyOnMention: boolean;
  sound: boolean;
  keepHistory: boolean;
  shareProblems: boolean;
}

export function readSettings(): ChatSettings {
  const c = vscode.workspace.getConfiguration('tcpChat');
  const port = c.get<number>('port', 55555);
  const history = c.get<number>('historyLength', 500);
  return {
    nickname: c.get<string>('nickname', '').trim(),
    port: Number.isInteger(port) && port >= 0 && port <= 65535 ? port : 55555,
    bindAddress: c.get<string>('bindAddress') === '0.0.0.0' ? '0.0.0.0' : '127.0.0.1',
    historyLength: Number.isInteger(history) && history >= 0 ? Math.min(history, 10_000) : 500,
    notifyOnMention: c.get<boolean>('notifyOnMention', true),
    sound: c.get<boolean>('sound', false),
    keepHistory: c.get<boolean>('keepHistory', false),
    shareProblems: c.get<boolean>('shareProblems', true),
  };
}
