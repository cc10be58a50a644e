// What package.json promises the user, checked against what the docs say.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
  contributes: { keybindings: { command: string; key: string; when: string }[] };
};

test("Share Selection's key works without a selection (the current line, as the command shares), only while in a room", () => {
  const share = manifest.contributes.keybindings.find((k) => k.command === 'tcpChat.shareSelection');
  assert.equal(share?.key, 'ctrl+alt+c');
  assert.doesNotMatch(share.when, /editorHasSelection/);
  assert.match(share.when, /tcpChat\.connected/);
});
