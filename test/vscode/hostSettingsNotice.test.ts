import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HOST_SETTINGS, hostSettingsNotice, type HostSetting, type HostSettings } from '../../src/vscode/hostSettingsNotice';
import type { SessionState } from '../../src/vscode/sessionState';

const hosting = (bind: string, port: number): SessionState => ({ kind: 'hosting', bind, port, address: `${bind}:${port}` });
const settings = (bindAddress: string, port: number, historyLength = 500): HostSettings => ({ bindAddress, port, historyLength });
const ALL: ReadonlySet<HostSetting> = new Set(HOST_SETTINGS);

test('a host whose bind address setting changes is told the room stays where it is until hosted again', () => {
  const n = hostSettingsNotice(hosting('127.0.0.1', 55555), settings('0.0.0.0', 55555), ALL, 500);
  assert.match(n?.text ?? '', /stays where it is \(this machine only, port 55555\).*"tcpChat\.bindAddress" is for the next room/);
  assert.equal(n?.hostAgain, true);
  assert.match(hostSettingsNotice(hosting('0.0.0.0', 55555), settings('127.0.0.1', 55555), ALL)?.text ?? '', /\(your network too, port 55555\)/, 'taken off the network: it is not, yet');
});

test('a port setting that names another port says so; the same one, or any (0), says nothing', () => {
  assert.match(hostSettingsNotice(hosting('127.0.0.1', 55556), settings('127.0.0.1', 55557), ALL)?.text ?? '', /port 55556\).*"tcpChat\.port"/);
  assert.equal(hostSettingsNotice(hosting('127.0.0.1', 55556), settings('127.0.0.1', 55556), ALL, 500), undefined);
  assert.equal(hostSettingsNotice(hosting('127.0.0.1', 55556), settings('127.0.0.1', 0), ALL, 500), undefined);
});

test('a history length other than the hosted room keeps: told when it applies, with no Host Again (a new room may start empty)', () => {
  const n = hostSettingsNotice(hosting('127.0.0.1', 55556), settings('127.0.0.1', 55556, 2000), ALL, 500);
  assert.equal(n?.text, 'TCP Chat: the room you host keeps its last 500 messages per room while it runs: the new "tcpChat.historyLength" (2,000) applies when you host again, or when this window reloads (the room and everyone in it stay).');
  assert.equal(n?.hostAgain, false);
  assert.equal(hostSettingsNotice(hosting('127.0.0.1', 55556), settings('127.0.0.1', 55556, 500), ALL, 500), undefined, 'set back to what it keeps');
  assert.equal(hostSettingsNotice(hosting('127.0.0.1', 55556), settings('127.0.0.1', 55556, 2000), ALL), undefined, 'no room running to compare with');
});

test('every setting that differs from the room is named, with the history length it keeps (a notice of one was shown again when another changed)', () => {
  assert.equal(
    hostSettingsNotice(hosting('127.0.0.1', 55556), settings('0.0.0.0', 55557, 2000), ALL, 500)?.text,
    'TCP Chat: the room you host stays where it is (this machine only, port 55556), keeping 500 messages per room, until you host again: the new "tcpChat.bindAddress", "tcpChat.port" and "tcpChat.historyLength" are for the next room. Host Again closes this one.',
  );
  assert.match(hostSettingsNotice(hosting('127.0.0.1', 55556), settings('127.0.0.1', 55557, 2000), ALL, 500)?.text ?? '', /the new "tcpChat\.port" and "tcpChat\.historyLength" are for the next room/);
});

test('a window that does not host is told nothing', () => {
  assert.equal(hostSettingsNotice({ kind: 'idle' }, settings('0.0.0.0', 1, 9), ALL, 500), undefined);
  assert.equal(hostSettingsNotice({ kind: 'joined', address: 'x:1' }, settings('0.0.0.0', 1, 9), ALL, 500), undefined);
});

test('only the settings that changed are spoken of: a room moved off a busy port is not on the port setting, and a new history length says nothing of it', () => {
  const movedOff = hosting('127.0.0.1', 55556); // (the port setting says 55555: it was busy)
  const n = hostSettingsNotice(movedOff, settings('127.0.0.1', 55555, 800), new Set(['historyLength']), 500);
  assert.match(n?.text ?? '', /^TCP Chat: the room you host keeps its last 500 messages per room while it runs/);
  assert.equal(hostSettingsNotice(movedOff, settings('127.0.0.1', 55555, 500), new Set(['historyLength']), 500), undefined);
  assert.match(hostSettingsNotice(movedOff, settings('127.0.0.1', 55555, 800), new Set(['port', 'historyLength']), 500)?.text ?? '', /the new "tcpChat\.port" and "tcpChat\.historyLength" are for the next room/);
});
