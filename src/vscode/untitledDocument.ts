// Untitled documents the extension opens with text in them (code shared from a file you do not have, a saved
// conversation), named for what they hold.

import * as vscode from 'vscode';
import { untitledName } from './untitledName';

/**
 * A new untitled document holding `text`, named after `path`'s file name (its tab says `onlyb.ts`, Save As offers
 * that name; `onlyb (2).ts` when an untitled editor has it already), in `language` when VS Code knows it, else in
 * the one its name gives.
 */
export function untitledDocument(path: string, text: string, language?: string): Promise<vscode.TextDocument> {
  // one at a time: two made at once could both find a name free, and the second would write over the first
  const made = queue.then(() => makeUntitled(path, text, language));
  queue = made.catch(() => undefined);
  return made;
}

let queue: Promise<unknown> = Promise.resolve();

async function makeUntitled(path: string, text: string, language?: string): Promise<vscode.TextDocument> {
  const open = new Set(vscode.workspace.textDocuments.filter((d) => d.uri.scheme === 'untitled').map((d) => d.uri.path));
  // (a name without a slash: Save asks where, it never writes to a path the other side chose)
  let doc = await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme: 'untitled', path: untitledName(path, (n) => open.has(n)) }));
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, new vscode.Range(0, 0, doc.lineCount, 0), text);
  await vscode.workspace.applyEdit(edit);
  if (language && language !== doc.languageId) {
    try {
      doc = await vscode.languages.setTextDocumentLanguage(doc, language);
    } catch {
      // a language this VS Code does not know: the one its name gives
    }
  }
  return doc;
}
