// Opening what the panel points at: a shared selection (the same file at those lines in this workspace, else
// an untitled editor with the code), a `path:line` written in chat, or an http(s) link.

import * as vscode from 'vscode';
import type { CodeRef } from '../shared/panelMessages';
import { locateSharedLines } from './sharedLines';

/** A workspace file for a workspace-relative path: tried in every folder, then searched by its tail. */
export async function findWorkspaceFile(path: string): Promise<vscode.Uri | undefined> {
  const rel = path.replace(/\\/g, '/').replace(/^\.?\/+/, '');
  if (!rel || rel.split('/').includes('..')) return undefined;
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    // a multi-root path may start with the folder's name
    const candidates = [vscode.Uri.joinPath(folder.uri, rel)];
    if (rel.startsWith(`${folder.name}/`)) candidates.push(vscode.Uri.joinPath(folder.uri, rel.slice(folder.name.length + 1)));
    for (const uri of candidates) {
      try {
        const stat = await vscode.workspace.fs.stat(uri);
        if (stat.type & vscode.FileType.File) return uri;
      } catch {
        // not in this folder
      }
    }
  }
  if (!vscode.workspace.workspaceFolders?.length) return undefined;
  const base = rel.split('/').pop() ?? rel;
  const found = await vscode.workspace.findFiles(`**/${escapeGlob(base)}`, '**/node_modules/**', 50);
  // the longest matching tail wins: src/a/x.ts over lib/x.ts for "src/a/x.ts"
  let best: { uri: vscode.Uri; score: number } | undefined;
  for (const uri of found) {
    const parts = vscode.workspace.asRelativePath(uri, false).split('/');
    const want = rel.split('/');
    let score = 0;
    while (score < want.length && score < parts.length && parts[parts.length - 1 - score] === want[want.length - 1 - score]) score++;
    if (!best || score > best.score) best = { uri, score };
  }
  return best?.uri;
}

function escapeGlob(s: string): string {
  return s.replace(/[[\]{}*?!]/g, (c) => `[${c}]`);
}

/** An editor column that is not the chat panel's, so the code opens next to the chat, not over it. */
export function editorColumn(panelColumn: vscode.ViewColumn | undefined): vscode.ViewColumn {
  if (panelColumn === vscode.ViewColumn.One) return vscode.ViewColumn.Two;
  return vscode.ViewColumn.One;
}

export async function openCode(code: CodeRef, text: string, panelColumn: vscode.ViewColumn | undefined): Promise<void> {
  const column = editorColumn(panelColumn);
  const uri = code.path ? await findWorkspaceFile(code.path) : undefined;
  if (uri) {
    const doc = await vscode.workspace.openTextDocument(uri);
    // this copy of the file may have drifted from the sharer's: land on the shared text, wherever it is now
    const lines = Array.from({ length: doc.lineCount }, (_, i) => doc.lineAt(i).text);
    const shared = { start: code.startLine ?? 1, end: code.endLine ?? code.startLine ?? 1 };
    const at = locateSharedLines(lines, text, shared.start, shared.end);
    const range = new vscode.Range(at.start, 0, at.end, doc.lineAt(at.end).text.length);
    const editor = await vscode.window.showTextDocument(doc, { viewColumn: column, selection: range, preview: false });
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    const name = vscode.workspace.asRelativePath(uri, false);
    if (at.where === 'moved') {
      vscode.window.setStatusBarMessage(`$(check) TCP Chat: shared as ${lineSpan(shared.start, shared.end)}, found at ${span(at.start + 1, at.end + 1)} here`, 8000);
    } else if (at.where === 'absent') {
      void vscode.window.showInformationMessage(`TCP Chat: ${name} here does not contain the shared code (it was changed on one side); showing ${lineSpan(at.start + 1, at.end + 1)}, where it was shared from.`);
    }
    return;
  }
  const doc = await vscode.workspace.openTextDocument({ content: text, language: code.language || 'plaintext' });
  await vscode.window.showTextDocument(doc, { viewColumn: column, preview: false });
  if (code.path) vscode.window.setStatusBarMessage(`TCP Chat: ${code.path} is not in this workspace; opened the shared code instead`, 6000);
}

/** "12" or "12-15". */
function span(start: number, end: number): string {
  return start === end ? `${start}` : `${start}-${end}`;
}

/** "line 12" or "lines 12-15". */
function lineSpan(start: number, end: number): string {
  return `${start === end ? 'line' : 'lines'} ${span(start, end)}`;
}

function clampLine(line: number | undefined, count: number): number {
  const l = (line ?? 1) - 1;
  return Math.max(0, Math.min(count - 1, Number.isFinite(l) ? l : 0));
}

export async function openPath(path: string, line: number | undefined, column: number | undefined, panelColumn: vscode.ViewColumn | undefined): Promise<void> {
  const uri = await findWorkspaceFile(path);
  if (!uri) {
    void vscode.window.showWarningMessage(`TCP Chat: ${path} is not in this workspace.`);
    return;
  }
  const doc = await vscode.workspace.openTextDocument(uri);
  const l = clampLine(line, doc.lineCount);
  const c = Math.max(0, (column ?? 1) - 1);
  const pos = new vscode.Position(l, Math.min(c, doc.lineAt(l).text.length));
  await vscode.window.showTextDocument(doc, { viewColumn: editorColumn(panelColumn), selection: new vscode.Range(pos, pos), preview: false });
}

/** Opens http(s) links in the browser; anything else is refused. */
export async function openLink(href: string): Promise<void> {
  let uri: vscode.Uri;
  try {
    uri = vscode.Uri.parse(href, true);
  } catch {
    return;
  }
  if (uri.scheme !== 'http' && uri.scheme !== 'https') return;
  await vscode.env.openExternal(uri);
}
