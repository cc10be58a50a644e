import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hostSettingsNotice, type HostSettings } from '../../src/vscode/hostSettingsNotice';
import type { SessionState } from '../../src/vscode/sessionState';

const hosting = (bind: string, port: number): SessionState => ({ kind: 'hosting', bind, port, address: `${bind}:${port}` });
const settings = (bindAddress: string, port: number, historyLength = 500): HostSettings => ({ bindAddress, port, historyLength });

test('a host whose bind address setting changes is told the room stays where it is until hosted again', () => {
  const n = hostSettingsNotice(hosting('127.0.0.1', 55555), settings('0.0.0.0', 55555), 500);
  assert.match(n?.text ?? '', /stays where it is \(this machine only, port 55555\).*"tcpChat\.bindAddress" is for the next room/);
  assert.equal(n?.hostAgain, true);
  assert.match(hostSettingsNotice(hosting('0.0.0.0', 55555), settings('127.0.0.1', 55555))?.text ?? '', /\(your network too, port 55555\)/, 'taken off the network: it is not, yet');
});

test('a port setting that names another port says so; the same one, or any (0), says nothing', () => {
  assert.match(hostSettingsNotice(hosting('127.0.0.1', 55556), settings('127.0.0.1', 55557))?.text ?? '', /port 55556\).*"tcpChat\.port"/);
  assert.equal(hostSettingsNotice(hosting('127.0.0.1', 55556), settings('127.0.0.1', 55556), 500), undefined);
  assert.equal(hostSettingsNotice(hosting('127.0.0.1', 55556), settings('127.0.0.1', 0), 500), undefined);
});

test('a history length other than the hosted room keeps: told when it applies, with no Host Again (a new room may start empty)', () => {
  const n = hostSettingsNotice(hosting('127.0.0.1', 55556), settings('127.0.0.1', 55556, 2000), 500);
  assert.equal(n?.text, 'TCP Chat: the room you host keeps its last 500 messages per room while it runs: the new "tcpChat.historyLength" (2,000) applies when you host again, or when this window reloads (the room and everyone in it stay).');
  assert.equal(n?.hostAgain, false);
  assert.equal(hostSettingsNotice(hosting('127.0.0.1', 55556), settings('127.0.0.1', 55556, 500), 500), undefined, 'set back to what it keeps');
  assert.equal(hostSettingsNotice(hosting('127.0.0.1', 55556), settings('127.0.0.1', 55556, 2000)), undefined, 'no room running to compare with');
  assert.match(hostSettingsNotice(hosting('127.0.0.1', 55556), settings('0.0.0.0', 55556, 2000), 500)?.text ?? '', /"tcpChat\.bindAddress"/, 'where the room is comes first');
});

test('a window that does not host is told nothing', () => {
  assert.equal(hostSettingsNotice({ kind: 'idle' }, settings('0.0.0.0', 1, 9), 500), undefined);
  assert.equal(hostSettingsNotice({ kind: 'joined', address: 'x:1' }, settings('0.0.0.0', 1, 9), 500), undefined);
});
