// Opening what the panel points at: a shared selection (the same file at those lines in this workspace, else
// an untitled editor with the code), a `path:line` written in chat, or an http(s) link.

import * as vscode from 'vscode';
import type { CodeRef } from '../shared/panelMessages';
import { lineSpan, movedNote, span, textLines } from '../protocol/sharedLines';
import { excludeGlob, tailGlobs, tailScore } from './pathTails';
import { noIcons, noLinks } from './notificationText';
import { notInWorkspace, untitledNotice } from './preview';
import { OnePerKey } from './onePerKey';
import { pathInFolder } from './pathInFolder';
import { documentKey } from './documentKey';
import { isNotebookCell } from '../protocol/notebookCell';
import { isDiffLanguage } from '../protocol/diffHunks';
import { codeSearch } from './laterBundles';

/** Whether this machine's file systems ignore the case of names (Windows, macOS), as VS Code takes them to. */
const IGNORE_CASE = process.platform === 'win32' || process.platform === 'darwin';

/** A path as workspace-relative (`/`-separated, no leading `./`), or undefined for one that leaves the folder. */
export function relativePath(path: string): string | undefined {
  const rel = path.replace(/\\/g, '/').replace(/^\.?\/+/, '');
  return !rel || rel.split('/').includes('..') ? undefined : rel;
}

/**
 * The files a workspace-relative path names: the path in each folder (a multi-root path may start with the folder's
 * name); first, for a path `written` absolute (a stack trace's), the file it is in the folder it is under, if any.
 */
export async function namedFiles(rel: string, written?: string): Promise<vscode.Uri[]> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const exact: vscode.Uri[] = [];
  for (const folder of folders) {
    const under = written !== undefined && folder.uri.scheme === 'file' ? pathInFolder(written, folder.uri.fsPath, IGNORE_CASE) : undefined;
    const candidates = under !== undefined ? [vscode.Uri.joinPath(folder.uri, under)] : [];
    if (rel.startsWith(`${folder.name}/`)) candidates.push(vscode.Uri.joinPath(folder.uri, rel.slice(folder.name.length + 1)));
    candidates.push(vscode.Uri.joinPath(folder.uri, rel));
    for (const uri of candidates) {
      try {
        const stat = await vscode.workspace.fs.stat(uri);
        if (stat.type & vscode.FileType.File) exact.push(uri);
      } catch {
        // not in this folder
      }
    }
  }
  return exact;
}

/**
 * Other files of a path's name (not those in `seen`), likeliest first: the longest matching tail first. Searched
 * only when the named file does not do (a search for each part of the path, at each Open).
 */
async function filesByName(rel: string, seen: Set<string>): Promise<vscode.Uri[]> {
  if ((vscode.workspace.workspaceFolders ?? []).length === 0) return [];
  // the longest tail of the path first: a search by name alone stops at FOUND_MAX files, and the one that has
  // most of the path may not be among them
  const byName: { uri: vscode.Uri; score: number }[] = [];
  const exclude = excludeGlob(vscode.workspace.getConfiguration('files').get('exclude'));
  for (const glob of tailGlobs(rel)) {
    if (byName.length >= MAX_COPIES) break;
    for (const uri of await vscode.workspace.findFiles(glob, exclude, FOUND_MAX)) {
      if (seen.has(uri.toString())) continue;
      seen.add(uri.toString());
      byName.push({ uri, score: tailScore(rel, vscode.workspace.asRelativePath(uri, false)) });
    }
  }
  byName.sort((a, b) => b.score - a.score); // stable: findFiles' order among equals
  return byName.map((c) => c.uri).slice(0, MAX_COPIES);
}

/** Files one search by a path's tail lists at most. */
const FOUND_MAX = 50;

/** Files larger than this are not read to look for shared code (a log or a data file of the same name). */
const MAX_READ_BYTES = 8 * 1024 * 1024;

/**
 * A file's lines as this window has them: an open document's (unsaved edits included), else the disk's; null
 * for one too big to read (it took a generated 14 MB source for an empty one: opened at line 1, said not to have
 * the code).
 */
async function linesOf(uri: vscode.Uri): Promise<string[] | null> {
  const key = documentKey(uri, IGNORE_CASE);
  const open = vscode.workspace.textDocuments.find((d) => documentKey(d.uri, IGNORE_CASE) === key);
  if (open) return textLines(open.getText());
  if ((await vscode.workspace.fs.stat(uri)).size > MAX_READ_BYTES) return null;
  // (in the encoding VS Code would open it in: a UTF-16 file, or one files.encoding says is windows-1252, read as
  // UTF-8 was said not to have the code, and opened at the shared numbers)
  return textLines(await vscode.workspace.decode(await vscode.workspace.fs.readFile(uri), { uri }));
}

/** An editor column that is not the chat panel's, so the code opens next to the chat, not over it. */
export function editorColumn(panelColumn: vscode.ViewColumn | undefined): vscode.ViewColumn {
  if (panelColumn === vscode.ViewColumn.One) return vscode.ViewColumn.Two;
  return vscode.ViewColumn.One;
}

/** At most this many files of a shared path's name are read to find the one that has the code. */
const MAX_COPIES = 20;

export async function openCode(code: CodeRef, text: string, panelColumn: vscode.ViewColumn | undefined): Promise<void> {
  const column = editorColumn(panelColumn);
  const rel = code.path && !code.outside ? relativePath(code.path) : undefined;
  // (the numbers came from another member, checked as the protocol checks them: openCodeRequest; the search below
  // ends with the file whatever they are)
  const shared = { start: code.startLine ?? 1, end: code.endLine ?? code.startLine ?? 1 };
  // several files may answer to the path (one per folder of a multi-root workspace, or found by name): the one
  // that has the code; and this copy may have drifted from the sharer's: land on the shared text, wherever it is now
  const files: { uri: vscode.Uri; exact: boolean }[] = rel === undefined ? [] : (await namedFiles(rel)).slice(0, MAX_COPIES).map((uri) => ({ uri, exact: true }));
  const { copyToSearch, findDiff, pickSharedCopy } = codeSearch();
  const copies = await Promise.all(files.map((f) => linesOf(f.uri).then((l) => copyToSearch(l, true), () => [])));
  // a diff card (Share Changes): the side of it this copy has, the old (HEAD's) or the new, where it is now, selected
  // over all its hunks; neither: the diff itself, saying so (searched for as any card's code, its header and its +/-
  // lines in no file, it landed with "the shared code was changed in X here")
  // (a copy too big to look in, as for any card: at the lines shared; it was said not to have them, unlooked-at)
  const diff = isDiffLanguage(code.language);
  let found = diff ? findDiff(copies, text) : 'unread';
  let pick = found === 'absent' ? undefined : pickSharedCopy(copies, text, shared.start, shared.end);
  // files of its name elsewhere, only when no named one has the code where it was or moved (a diff card's: neither
  // side, in copies all read; one from a multi-root window, `web/src/a.ts`, opened as the diff beside this src/a.ts)
  if (rel !== undefined && (diff ? found === 'absent' : pick === undefined || (pick.at.where !== 'same' && pick.at.where !== 'moved'))) {
    const others = await filesByName(rel, new Set(files.map((f) => f.uri.toString())));
    files.push(...others.map((uri) => ({ uri, exact: false })));
    copies.push(...(await Promise.all(others.map((uri) => linesOf(uri).then((l) => copyToSearch(l, false), () => [])))));
    if (diff) found = findDiff(copies, text);
    else pick = pickSharedCopy(copies, text, shared.start, shared.end, files.map((f) => f.exact));
  }
  const named = files.some((f) => f.exact);
  if (typeof found === 'object') {
    const { uri, exact } = files[found.copy]!;
    await showLines(uri, found.start, found.start + found.side.end - found.side.start, column);
    if (!exact) vscode.window.setStatusBarMessage(`$(check) TCP Chat: ${noIcons(elsewhere(code.path ?? '', named, shownName(uri)))}`, 8000);
    return;
  }
  const file = pick && files[pick.copy];
  // a file found only by its name that does not have the code is another file of that name: not that one
  // (one it could not read is the named file only: copyToSearch)
  if (pick && file && (file.exact || pick.at.where !== 'absent')) {
    const uri = file.uri;
    const { at } = pick;
    await showLines(uri, at.start, at.end, column);
    const name = shownName(uri);
    if (!file.exact && at.where !== 'edited') {
      vscode.window.setStatusBarMessage(`$(check) TCP Chat: ${noIcons(elsewhere(code.path ?? '', named, name))}, at ${lineSpan(at.start + 1, at.end + 1)}`, 8000);
    } else if (at.where === 'moved') {
      vscode.window.setStatusBarMessage(`$(check) TCP Chat: ${movedNote(shared.start, shared.end, at)}`, 8000);
    } else if (at.where === 'edited') {
      const moved = at.start + 1 !== shared.start ? ` (shared as ${span(shared.start, shared.end)})` : '';
      void vscode.window.showInformationMessage(noLinks(`TCP Chat: the shared code was changed in ${name} here; showing ${lineSpan(at.start + 1, at.end + 1)}${moved}, where most of its lines still are.`));
    } else if (at.where === 'unread') {
      vscode.window.setStatusBarMessage(`TCP Chat: ${noIcons(name)} is too big to look for the shared code in; showing ${lineSpan(shared.start, shared.end)} as shared`, 8000);
    } else if (at.where === 'absent') {
      // the lines there now are not what was shared: the shared code itself is a click away
      void vscode.window.showInformationMessage(noLinks(`TCP Chat: ${name} here does not contain the shared code (it was changed on one side); showing ${lineSpan(at.start + 1, at.end + 1)}, where it was shared from.`), SHOW_SHARED).then(async (choice) => {
        if (choice === SHOW_SHARED) await showSharedCode(code, text, column);
      }).then(undefined, (e: Error) => void vscode.window.showErrorMessage(noLinks(`TCP Chat: cannot show the shared code: ${e.message}`)));
    }
    return;
  }
  await showSharedCode(code, text, column);
  if (!code.path) return;
  void vscode.window.showInformationMessage(untitledNotice(code.path, code.outside === true, files.length, isNotebookCell(code), diff));
}

/** Another file than the one a card names (`path`; `named`: one of it is here) has its code: said, naming it, `name` (icons not taken out). */
function elsewhere(path: string, named: boolean, name: string): string {
  return `${named ? `${path} here no longer has the shared code` : `no ${path} here`}; ${name} has it`;
}

/** A file's name as the workspace shows it: relative, with its folder's name first in a multi-root workspace. */
export function shownName(uri: vscode.Uri): string {
  return vscode.workspace.asRelativePath(uri, (vscode.workspace.workspaceFolders?.length ?? 0) > 1);
}

/** The file at `uri` with lines `start` to `end` (0-based; past its end: to its last line) selected, in the middle if they were out of sight. */
async function showLines(uri: vscode.Uri, start: number, end: number, column: vscode.ViewColumn): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(uri);
  const last = Math.min(end, doc.lineCount - 1);
  const range = new vscode.Range(Math.min(start, last), 0, last, doc.lineAt(last).text.length);
  const editor = await vscode.window.showTextDocument(doc, { viewColumn: column, selection: range, preview: false });
  editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}

/** The button of the notice that a file has other lines than were shared. */
const SHOW_SHARED = 'Show the Shared Code';

/** The code in an editor of its own: the same one again for the same card while it is open (each Open made one more). */
async function showSharedCode(code: CodeRef, text: string, column: vscode.ViewColumn): Promise<void> {
  const key = `${code.path ?? ''}\n${code.language ?? ''}\n${text}`;
  // (not one named as its file: VS Code takes an untitled document's name for the path Save writes to, without asking)
  const doc = await untitled.get(key, () => vscode.workspace.openTextDocument({ content: text, language: code.language || 'plaintext' }));
  await vscode.window.showTextDocument(doc, { viewColumn: column, preview: false });
}

/** The untitled editors opened for shared code, by card (path, language and text), while they are open. */
const untitled = new OnePerKey<vscode.TextDocument>((d) => d.isClosed);

function clampLine(line: number | undefined, count: number): number {
  const l = (line ?? 1) - 1;
  return Math.max(0, Math.min(count - 1, Number.isFinite(l) ? l : 0));
}

/**
 * Opens `path` (found in the workspace) at `line` and `column`, or with lines `line` to `endLine` selected; with
 * `card` (the code the link's author shared of it, with that line), where that code is here now.
 */
export async function openPath(path: string, line: number | undefined, column: number | undefined, panelColumn: vscode.ViewColumn | undefined, endLine?: number, card?: { code: CodeRef; text: string }): Promise<void> {
  const rel = relativePath(path);
  let uri = rel === undefined ? undefined : (await namedFiles(rel, path))[0];
  const others = rel === undefined || uri ? [] : await filesByName(rel, new Set());
  if (!uri && others.length > 0) {
    // only files of its name: which one is the user's to say (test/a.ts opened for src/a.ts without a word)
    const items = others.map((f) => ({ label: noIcons(shownName(f)), uri: f }));
    const picked = await vscode.window.showQuickPick(items, { title: noIcons(`TCP Chat: ${path} is not in this workspace`), placeHolder: 'Open a file of its name?' });
    if (!picked) return;
    uri = picked.uri;
  }
  if (!uri) {
    void vscode.window.showWarningMessage(notInWorkspace(path));
    return;
  }
  const doc = await vscode.workspace.openTextDocument(uri);
  // (the sharer's numbers, moved as the card's code has moved in this copy)
  const shift = card?.code.startLine !== undefined && line !== undefined ? codeSearch().lineWithCard(textLines(doc.getText()), card.text, card.code.startLine, card.code.endLine ?? card.code.startLine, line) - line : 0;
  const l = clampLine(line === undefined ? line : line + shift, doc.lineCount);
  const c = Math.max(0, (column ?? 1) - 1);
  const pos = new vscode.Position(l, Math.min(c, doc.lineAt(l).text.length));
  const last = endLine === undefined ? l : clampLine(endLine + shift, doc.lineCount);
  const selection = last > l ? new vscode.Range(l, 0, last, doc.lineAt(last).text.length) : new vscode.Range(pos, pos);
  await vscode.window.showTextDocument(doc, { viewColumn: editorColumn(panelColumn), selection, preview: false });
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
