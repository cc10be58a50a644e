// TCP Chat: Save Conversation as Markdown: a room's or a direct conversation's messages in an untitled Markdown
// editor (`general-2026-12-01.md`), to keep after a pairing session.

import * as vscode from 'vscode';
import type { PanelSnapshot } from '../shared/panelMessages';
import { editorColumn } from './openCode';
import { conversationId, conversationsOf, transcriptName, transcriptOf, type ConversationRef } from './transcript';
import { untitledDocument } from './untitledDocument';
import { noLinks } from './notificationText';

/**
 * Opens conversation `which` (`#room`, `@nick`: the panel's) of `snapshot` as Markdown beside the chat; without
 * it, the only conversation, or the one the user picks.
 */
export async function saveConversation(snapshot: PanelSnapshot, which: string | undefined, panelColumn: vscode.ViewColumn | undefined): Promise<void> {
  const all = conversationsOf(snapshot);
  if (all.length === 0) {
    void vscode.window.showInformationMessage('TCP Chat: there is no conversation to save: host or join a room first.');
    return;
  }
  const chosen = all.find((c) => conversationId(c) === which) ?? (all.length === 1 ? all[0] : await pick(all));
  if (!chosen) return;
  const now = Date.now();
  const text = transcriptOf(snapshot, chosen, now);
  if (text === undefined) return;
  const doc = await untitledDocument(transcriptName(chosen, now), text, 'markdown');
  await vscode.window.showTextDocument(doc, { viewColumn: editorColumn(panelColumn), preview: false });
}

async function pick(all: ConversationRef[]): Promise<ConversationRef | undefined> {
  const items = all.map((c) => ({ label: noLinks(conversationId(c)), description: c.kind === 'room' ? 'room' : 'direct messages', c }));
  return (await vscode.window.showQuickPick(items, { title: 'TCP Chat: Save Conversation as Markdown', placeHolder: 'Which conversation?' }))?.c;
}
