// What package.json promises the user, checked against what the docs say.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
  contributes: { keybindings: { command: string; key: string; when: string }[]; configuration: { properties: Record<string, { scope?: string }> } };
};
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
