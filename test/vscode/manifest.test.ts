// What package.json promises the user, checked against what the docs say.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DIST_FILES, distProblems } from '../../scripts/distReady.mjs';

const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
  engines: { vscode: string };
  scripts: Record<string, string>;
  devDependencies: Record<string, string>;
  activationEvents: string[];
  contributes: {
    commands: { command: string; title: string }[];
    menus: Record<string, { command: string; when?: string; group?: string }[]>;
    keybindings: { command: string; key: string; when: string }[];
    configuration: { properties: Record<string, { scope?: string }> };
  };
};
const source = (path: string) => readFileSync(join(__dirname, '..', '..', 'src', path), 'utf8');
const extensionDoc = readFileSync(join(__dirname, '..', '..', 'docs', 'extension.md'), 'utf8');

test("Share Selection's key needs a selection (AltGr+C types a character on some layouts: it must not send a line), as docs/extension.md says", () => {
  const share = manifest.contributes.keybindings.find((k) => k.command === 'tcpChat.shareSelection');
  assert.equal(share?.key, 'ctrl+alt+c');
  assert.match(share.when, /editorHasSelection/);
  assert.match(share.when, /tcpChat\.connected/);
  assert.match(extensionDoc, /with a selection, on `Ctrl\+Alt\+C`/);
});

test("who can join a room you host is the user's to say, not a repository's (its .vscode/settings.json cannot put your room on the network)", () => {
  assert.equal(manifest.contributes.configuration.properties['tcpChat.bindAddress']?.scope, 'machine');
});

test('every command the extension registers is in the manifest, with its activation event (a menu item of an inactive extension does nothing otherwise)', () => {
  const registered = [...source('vscode/commands.ts').matchAll(/\breg\('(tcpChat\.[A-Za-z]+)'/g)].map((m) => m[1]);
  assert.ok(registered.includes('tcpChat.leaveRoom') && registered.length >= 10, registered.join());
  for (const id of registered) {
    assert.ok(manifest.contributes.commands.some((c) => c.command === id), `${id} in contributes.commands`);
    assert.ok(manifest.activationEvents.includes(`onCommand:${id}`), `onCommand:${id}`);
  }
});

test("the panel's context menus (a room's tab, a member, a message) show where the panel says such an element is, with the keys it sets, and their commands need them", () => {
  const PANEL_VIEW_TYPE = /PANEL_VIEW_TYPE = '([^']+)'/.exec(source('vscode/chatPanel.ts'))?.[1];
  const panel = source('webview/renderChrome.ts') + source('webview/renderMessages.ts');
  const sections = [...panel.matchAll(/webviewSection: '([^']+)'/g)].map((m) => m[1]);
  assert.deepEqual(sections.sort(), ['member', 'message', 'roomTab']);
  const items = manifest.contributes.menus['webview/context'] ?? [];
  assert.deepEqual(items.map((i) => i.command), [
    'tcpChat.setTopic', 'tcpChat.leaveRoom', 'tcpChat.joinRoom', 'tcpChat.messageMember', 'tcpChat.opMember', 'tcpChat.deopMember', 'tcpChat.kickMember', 'tcpChat.banMember',
    'tcpChat.replyToMessage', 'tcpChat.editMessage', 'tcpChat.copyMessage', 'tcpChat.openSharedCode', 'tcpChat.deleteMessage',
  ]);
  // (what only reads works after Leave Chat too, on what the panel still shows)
  const readOnly = ['tcpChat.replyToMessage', 'tcpChat.copyMessage', 'tcpChat.openSharedCode'];
  for (const i of items) {
    const when = i.when ?? '';
    const section = /webviewSection == '([^']+)'/.exec(when)?.[1];
    assert.ok(section !== undefined && sections.includes(section), `${i.command}: ${when}`);
    assert.ok(when.startsWith(`webviewId == '${PANEL_VIEW_TYPE}' && webviewSection == '${section}'`), `${i.command}: ${when}`);
    if (!readOnly.includes(i.command)) assert.match(when, /&& tcpChat\.connected\b/, i.command);
    // every other key it reads is one the panel sets
    for (const key of when.replace(/'[^']*'/g, '').match(/\b[a-z]+[A-Z]\w*\b/g) ?? []) {
      if (['webviewId', 'webviewSection', 'tcpChat'].includes(key)) continue;
      assert.match(panel, new RegExp(`${key}: `), `${i.command} reads ${key}, which the panel sets`);
    }
    // (what needs the element's room, member or message is not in the palette; Join a Room is)
    if (i.command !== 'tcpChat.joinRoom') assert.equal(manifest.contributes.menus.commandPalette?.find((c) => c.command === i.command)?.when, 'false', i.command);
  }
});

test('the VS Code API the code is checked against is the oldest VS Code it says it runs in: @types/vscode pinned to engines.vscode', () => {
  // (a range let a fresh `npm install` bring newer types, and with them API calls that older VS Code lacks)
  assert.equal(`^${manifest.devDependencies['@types/vscode']}`, manifest.engines.vscode);
  const locked = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string }> };
  assert.equal(`^${locked.packages['node_modules/@types/vscode']?.version}`, manifest.engines.vscode);
});

test('whatever packages or publishes the extension (vsce package, vsce publish, ovsx) checks dist/ first: a .vsix of stale bundles, or without the licence notices a watch build does not write, went out without a word', () => {
  assert.equal(manifest.scripts['vscode:prepublish'], 'node scripts/distReady.mjs');
  const root = mkdtempSync(join(tmpdir(), 'tcp-chat-dist-'));
  try {
    mkdirSync(join(root, 'src', 'node'), { recursive: true });
    mkdirSync(join(root, 'dist'));
    writeFileSync(join(root, 'src', 'node', 'a.ts'), '');
    const at = (path: string, s: number) => utimesSync(join(root, path), s, s);
    at('src/node/a.ts', 1000);
    assert.deepEqual(distProblems(root), DIST_FILES.map((f) => `dist/${f} is missing`));
    for (const f of DIST_FILES) {
      writeFileSync(join(root, 'dist', f), '');
      at(`dist/${f}`, 2000);
    }
    assert.deepEqual(distProblems(root), [], 'a whole build, newer than its sources');
    rmSync(join(root, 'dist', 'THIRD-PARTY-NOTICES.txt'));
    assert.deepEqual(distProblems(root), ['dist/THIRD-PARTY-NOTICES.txt is missing'], 'a watch build');
    writeFileSync(join(root, 'dist', 'THIRD-PARTY-NOTICES.txt'), '');
    at('dist/THIRD-PARTY-NOTICES.txt', 2000);
    at('src/node/a.ts', 3000);
    assert.deepEqual(distProblems(root), [`dist/ is older than ${join('src', 'node', 'a.ts')}`], 'an edit since');
    at('src/node/a.ts', 1000);
    mkdirSync(join(root, 'media'));
    writeFileSync(join(root, 'media', 'chat.css'), '');
    at('media/chat.css', 3000);
    assert.deepEqual(distProblems(root), ['dist/ is older than media/chat.css'], 'the style sheet edited since (dist/chat.css is made of it)');
    rmSync(join(root, 'src'), { recursive: true });
    assert.deepEqual(distProblems(root), [], 'a copy staged to be packaged (no src/): its files are checked');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('Share Changes is in the palette while in a room, and in the editor context menu beside Share Selection for a file on disk (what Git compares), as docs/extension.md says', () => {
  const id = 'tcpChat.shareChanges';
  assert.equal(manifest.contributes.commands.find((c) => c.command === id)?.title, 'Share Changes');
  assert.equal(manifest.contributes.menus.commandPalette?.find((c) => c.command === id)?.when, 'editorIsOpen && tcpChat.connected');
  const editor = manifest.contributes.menus['editor/context'] ?? [];
  const at = editor.findIndex((c) => c.command === id);
  assert.equal(editor[at - 1]?.command, 'tcpChat.shareSelection');
  // (a file on disk: in a remote window, as code-server's, Remote - SSH's or WSL's, the editor's file is a
  // vscode-remote one, and the extension, which runs where the files are, has it as a file there)
  assert.equal(editor[at]?.when, '(resourceScheme == file || resourceScheme == vscode-remote) && tcpChat.connected');
  assert.match(source('vscode/commands.ts'), /reg\('tcpChat\.shareChanges'/);
  assert.match(extensionDoc, /\| \*\*TCP Chat: Share Changes\*\* \|/);
});

test("Share Changes is on a file's context menu in Source Control (Git's) and in the Explorer (not a folder's), while in a room, and takes the files VS Code passes, as docs/extension.md says", () => {
  const id = 'tcpChat.shareChanges';
  const scm = manifest.contributes.menus['scm/resourceState/context']?.find((c) => c.command === id);
  assert.equal(scm?.when, 'scmProvider == git && tcpChat.connected');
  // (a section of its own after Git's: Open, Stage / Discard, Open in...)
  assert.equal(scm.group, '3_share@1');
  const explorer = manifest.contributes.menus['explorer/context']?.find((c) => c.command === id);
  assert.equal(explorer?.when, '!explorerResourceIsFolder && tcpChat.connected');
  // (beside VS Code's own Share submenu)
  assert.equal(explorer.group, '11_share@1');
  // every argument (Source Control passes one resource state for each file selected), not only the first
  assert.match(source('vscode/commands.ts'), /reg\('tcpChat\.shareChanges', \(\.\.\.args\) => shareChanges\(app, args\)\)/);
  assert.match(extensionDoc, /In the editor's context menu for a file on disk, and on a file's context menu in Source Control and the Explorer/);
});

test("Share Terminal Selection is in the palette while in a room and a terminal is open, and on a terminal's context menu with text selected, as docs/extension.md says", () => {
  const id = 'tcpChat.shareTerminalSelection';
  assert.equal(manifest.contributes.commands.find((c) => c.command === id)?.title, 'Share Terminal Selection');
  assert.equal(manifest.contributes.menus.commandPalette?.find((c) => c.command === id)?.when, 'terminalIsOpen && tcpChat.connected');
  const terminal = manifest.contributes.menus['terminal/context']?.find((c) => c.command === id);
  assert.equal(terminal?.when, 'terminalTextSelected && tcpChat.connected');
  // (VS Code's own Copy and Paste are 1_edit: beside them)
  assert.equal(terminal.group, '1_edit@9');
  assert.match(source('vscode/commands.ts'), /reg\('tcpChat\.shareTerminalSelection'/);
  assert.match(extensionDoc, /\| \*\*TCP Chat: Share Terminal Selection\*\* \|/);
});
