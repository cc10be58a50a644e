// TCP Chat: Save Conversation as Markdown: a room's or a direct conversation's messages in a Markdown file the
// user picks (`general-2026-12-01.md` proposed, in the workspace), opened beside the chat, to keep after a pairing
// session.

import * as vscode from 'vscode';
import type { PanelSnapshot } from '../shared/panelMessages';
import { editorColumn } from './openCode';
import type { ConversationRef } from './transcript';
import { transcripts } from './laterBundles';
import { conversationLabel } from './preview';

/**
 * Saves conversation `which` (`#room`, `@nick`: the panel's) of `snapshot` as Markdown where the user says (without
 * it: the only conversation, or the one the user picks), and opens the file beside the chat. An untitled editor
 * named as the file would have been written by Save, without a word, to a path of the editor's choosing.
 */
export async function saveConversation(snapshot: PanelSnapshot, which: string | undefined, panelColumn: vscode.ViewColumn | undefined): Promise<void> {
  const { conversationId, conversationsOf, transcriptName, transcriptOf } = transcripts();
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
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const name = transcriptName(chosen, now);
  const target = await vscode.window.showSaveDialog({
    title: `TCP Chat: Save ${conversationLabel(conversationId(chosen))} as Markdown`, saveLabel: 'Save', filters: { Markdown: ['md'] },
    ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, name) } : {}),
  });
  if (!target) return;
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
  const doc = await vscode.workspace.openTextDocument(target);
  await vscode.window.showTextDocument(doc, { viewColumn: editorColumn(panelColumn), preview: false });
}

async function pick(all: ConversationRef[]): Promise<ConversationRef | undefined> {
  const { conversationId } = transcripts();
  const items = all.map((c) => ({ label: conversationLabel(conversationId(c)), description: c.kind === 'room' ? 'room' : 'direct messages', c }));
  return (await vscode.window.showQuickPick(items, { title: 'TCP Chat: Save Conversation as Markdown', placeHolder: 'Which conversation?' }))?.c;
}
