import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isChatViewType, newPanelPlace } from '../../src/vscode/staleChatTabs';

const VIEW = 'tcpChat.panel';

test('the chat tab a reload left behind (VS Code 1.100 prefixes its type) is where the new panel goes, and it is closed', () => {
  const tabs = [
    { tab: 'a.ts', viewType: undefined, column: 1 },
    { tab: 'markdown', viewType: 'mainThreadWebview-markdown.preview', column: 1 },
    { tab: 'old chat', viewType: `mainThreadWebview-${VIEW}`, column: 1 },
    { tab: 'Settings', viewType: undefined, column: 1 },
    { tab: 'b.ts', viewType: undefined, column: 2 },
  ];
  assert.deepEqual(newPanelPlace(tabs, VIEW), { column: 1, stale: ['old chat'] });
});

test('no chat tab: beside the editor, as before, and nothing closed', () => {
  assert.deepEqual(newPanelPlace([{ tab: 'a.ts', viewType: undefined, column: 1 }, { tab: 'md', viewType: 'mainThreadWebview-markdown.preview', column: 2 }], VIEW), { column: undefined, stale: [] });
  assert.deepEqual(newPanelPlace([], VIEW), { column: undefined, stale: [] });
});

test('the type with or without the prefix (microsoft/vscode#201884 means to drop it); another view type with ours in it is not ours', () => {
  assert.equal(isChatViewType(VIEW, VIEW), true);
  assert.equal(isChatViewType(`mainThreadWebview-${VIEW}`, VIEW), true);
  assert.equal(isChatViewType(`mainThreadWebview-x${VIEW}`, VIEW), false);
  assert.equal(isChatViewType(`${VIEW}2`, VIEW), false);
  assert.equal(isChatViewType(undefined, VIEW), false);
});
