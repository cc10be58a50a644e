// The status bar item is told only what changes it: each update of a VS Code status bar item, a hide included, is a
// message to the window's main process, and ChatApp.updateStatusBar runs at every join, leave, status, tab switch and
// tcpChat setting change.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { IDLE, statusBarView, type SessionState, type StatusBarInput } from '../../src/vscode/sessionState';
import { StatusBarChanges } from '../../src/vscode/statusBarChanges';

const hosting: SessionState = { kind: 'hosting', bind: '127.0.0.1', port: 4000, address: '127.0.0.1:4000' };
const idle: StatusBarInput = { state: IDLE, connection: 'closed', connectionText: '', room: '', online: 0, unread: 0 };

/** How many updates the item gets for `inputs`, in order (ChatStatusBar sets it only for what `next` gives). */
function updates(inputs: StatusBarInput[]): { count: number; shown: string[] } {
  const changes = new StatusBarChanges();
  const shown: string[] = [];
  for (const i of inputs) {
    const v = changes.next(statusBarView(i));
    if (v !== undefined) shown.push(v.visible ? v.text : '(hidden)');
  }
  return { count: shown.length, shown };
}

test('out of a room, the hidden item is not hidden again at activation or at each tcpChat setting change', () => {
  // (activation, then 20 changes of tcpChat settings: each ran updateStatusBar)
  assert.deepEqual(updates(Array.from({ length: 21 }, () => idle)), { count: 0, shown: [] });
});

test('in a room, the item is updated when what it says changes, not at each event that might have changed it', () => {
  const connected: StatusBarInput = { state: hosting, connection: 'connected', connectionText: '', room: 'general', online: 1, unread: 0 };
  const inputs: StatusBarInput[] = [
    idle, // activation
    { ...idle, state: hosting, connection: 'connecting' }, // Host Chat
    { ...idle, state: hosting, connection: 'connecting' }, // its state and status events, said again
    connected,
    connected, // the welcome
    ...Array.from({ length: 10 }, () => connected), // joins and leaves in another room, tab switches back, settings
    { ...connected, online: 2 }, // someone joins the room shown
    { ...connected, online: 2 },
    { ...connected, online: 2, unread: 1 }, // a message while the panel is hidden
    { ...connected, online: 2, unread: 1, connectionText: 'connected' }, // (a text the item shows only when not connected)
    idle, // Leave Chat
    idle,
  ];
  assert.deepEqual(updates(inputs), {
    count: 5,
    shown: ['$(sync~spin) TCP Chat: connecting…', '$(broadcast) #general · $(person) 1', '$(broadcast) #general · $(person) 2', '$(broadcast) #general · $(person) 2 $(bell-dot) 1', '(hidden)'],
  });
});

test('a change of tooltip, words for a screen reader or tone alone updates the item too', () => {
  const reconnecting: StatusBarInput = { state: hosting, connection: 'reconnecting', connectionText: 'connection lost', room: 'general', online: 1, unread: 0 };
  const r = updates([reconnecting, { ...reconnecting, connectionText: 'next attempt in 2 s' }, { ...reconnecting, connectionText: 'next attempt in 2 s' }]);
  assert.equal(r.count, 2, 'the tooltip says the new status text');
});
