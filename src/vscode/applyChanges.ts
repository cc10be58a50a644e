// Apply on a diff card (Share Changes): the sharer's changes made in this workspace's copy of the file, where its
// lines are now (src/protocol/applyDiff.ts finds them), as one edit of the open editor: unsaved, and Undo takes it
// back. A new file's changes make it; a copy that has them already is left as it is.

import * as vscode from 'vscode';
import type { CodeRef } from '../shared/panelMessages';
import type { Applied } from '../protocol/applyDiff';
import { textLines } from '../protocol/sharedLines';
import { editorColumn, namedFiles, relativePath, shownName } from './openCode';
import { noIcons, noLinks } from './notificationText';
import { codeSearch } from './laterBundles';
import { leadsOut } from '../node/pathLeadsOut';

/**
 * Whether `uri` is not to be changed from chat, said in a warning when so: a symbolic link of its workspace folder
 * leads it out of that folder (the card names the sharer's path; what it leads to here is this machine's), as the
 * terminal's /apply refuses it.
 */
function refusedOutOfFolder(uri: vscode.Uri, rel: string, made = false): boolean {
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  if (uri.scheme !== 'file' || folder?.uri.scheme !== 'file' || !leadsOut(folder.uri.fsPath, uri.fsPath)) return false;
  void vscode.window.showWarningMessage(noLinks(`TCP Chat: ${noIcons(rel)} here leads out of the folder ${noIcons(folder.name)} (a symbolic link): not ${made ? 'made' : 'changed'} from chat.`));
  return true;
}

/** The replacements that make `r` in `doc`: each hunk's lines, the document's own line ends kept. */
function editOf(doc: vscode.TextDocument, r: Applied): [vscode.Range, string][] {
  const eol = doc.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
  return r.edits.map((e) => {
    const end = e.start + e.count;
    // (to the next line's start, each line with its end; a block that ends the document, which has no line after it,
    // to its last character: a file that ended without a line break still does; a new file gets one)
    return end < doc.lineCount
      ? [new vscode.Range(e.start, 0, end, 0), e.lines.map((l) => l + eol).join('')]
      : [new vscode.Range(e.start, 0, doc.lineCount - 1, doc.lineAt(doc.lineCount - 1).text.length), e.lines.join(eol) + (r.creates ? eol : '')];
  });
}

/** The first hunk's added lines (0-based, after the edit), to select: its first to its last; none, where it deleted. */
function firstChange(r: Applied): { start: number; end: number; empty: boolean } {
  const e = r.edits[0]!;
  const start = e.start + e.added;
  const count = e.addedCount;
  return { start, end: start + Math.max(0, count - 1), empty: count === 0 };
}

/**
 * Makes diff card `text` (of `code.path`) in the workspace's copy of its file: the first named copy whose lines take
 * it (a multi-root workspace has one per folder); a new file's card in the folder its path names (the first) when
 * none has it. Says what it made, or why nothing.
 */
export async function applyChanges(code: CodeRef, text: string, panelColumn: vscode.ViewColumn | undefined): Promise<void> {
  const { applyDiff, appliedWords, applyRefused, createdText } = codeSearch();
  const rel = code.path && !code.outside ? relativePath(code.path) : undefined;
  if (rel === undefined) {
    void vscode.window.showWarningMessage(noLinks('TCP Chat: these changes are of no file of a workspace: nothing to apply them to.'));
    return;
  }
  const refusal = applyRefused(rel);
  if (refusal !== undefined) {
    void vscode.window.showWarningMessage(noLinks(`TCP Chat: ${noIcons(refusal)}.`));
    return;
  }
  const column = editorColumn(panelColumn);
  const files = await namedFiles(rel);
  let refused: string | undefined;
  for (const uri of files) {
    if (refusedOutOfFolder(uri, rel)) return;
    const doc = await vscode.workspace.openTextDocument(uri);
    const r = applyDiff(textLines(doc.getText()), text);
    if ('error' in r) {
      refused ??= r.error;
      continue;
    }
    const name = shownName(uri);
    // (made by the editor that shows the file: one undo stop there, its first change selected, not the hunk's context)
    const editor = await vscode.window.showTextDocument(doc, { viewColumn: column, preview: false });
    if (r.edits.length > 0) {
      const replacements = editOf(doc, r);
      if (!(await editor.edit((b) => replacements.forEach(([range, text]) => b.replace(range, text))))) throw new Error(`${name} did not take the edit`);
      const { start, end, empty } = firstChange(r);
      const last = Math.min(end, doc.lineCount - 1);
      const range = new vscode.Range(Math.min(start, last), 0, last, empty ? 0 : doc.lineAt(last).text.length);
      editor.selection = new vscode.Selection(range.start, range.end);
      editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    }
    const said = `TCP Chat: ${appliedWords(r, name)}${r.edits.length > 0 ? ' (not saved: Undo takes them back)' : ''}.`;
    void vscode.window.showInformationMessage(noLinks(said));
    return;
  }
  if (refused !== undefined) {
    void vscode.window.showWarningMessage(noLinks(`TCP Chat: not applied to ${noIcons(rel)}: ${refused}.`));
    return;
  }
  // no copy here: a new file's changes make it (in the folder its path names, else the first); others have nowhere to go
  const made = applyDiff([], text);
  const folders = vscode.workspace.workspaceFolders ?? [];
  const folder = folders.find((f) => rel.startsWith(`${f.name}/`)) ?? folders[0];
  if ('error' in made || !made.creates || folder === undefined) {
    void vscode.window.showWarningMessage(noLinks(`TCP Chat: no ${noIcons(rel)} in this workspace: nothing to apply these changes to.`));
    return;
  }
  const uri = vscode.Uri.joinPath(folder.uri, folders.length > 1 && rel.startsWith(`${folder.name}/`) ? rel.slice(folder.name.length + 1) : rel);
  if (refusedOutOfFolder(uri, rel, true)) return;
  const edit = new vscode.WorkspaceEdit();
  edit.createFile(uri, { ignoreIfExists: true });
  edit.insert(uri, new vscode.Position(0, 0), createdText(made));
  if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`${rel} could not be made`);
  await vscode.window.showTextDocument(uri, { viewColumn: column, preview: false });
  void vscode.window.showInformationMessage(noLinks(`TCP Chat: made ${shownName(uri)}, a new file of the shared changes (not saved: Undo takes it back).`));
}
