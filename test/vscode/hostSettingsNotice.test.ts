import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hostSettingsNotice } from '../../src/vscode/hostSettingsNotice';
import type { SessionState } from '../../src/vscode/sessionState';

const hosting = (bind: string, port: number): SessionState => ({ kind: 'hosting', bind, port, address: `${bind}:${port}` });

test('a host whose bind address setting changes is told the room stays where it is until hosted again', () => {
  assert.match(hostSettingsNotice(hosting('127.0.0.1', 55555), '0.0.0.0', 55555) ?? '', /stays where it is \(this machine only, port 55555\).*"tcpChat\.bindAddress" is for the next room/);
  assert.match(hostSettingsNotice(hosting('0.0.0.0', 55555), '127.0.0.1', 55555) ?? '', /\(your network too, port 55555\)/, 'taken off the network: it is not, yet');
});

test('a port setting that names another port says so; the same one, or any (0), says nothing', () => {
  assert.match(hostSettingsNotice(hosting('127.0.0.1', 55556), '127.0.0.1', 55557) ?? '', /port 55556\).*"tcpChat\.port"/);
  assert.equal(hostSettingsNotice(hosting('127.0.0.1', 55556), '127.0.0.1', 55556), undefined);
  assert.equal(hostSettingsNotice(hosting('127.0.0.1', 55556), '127.0.0.1', 0), undefined);
});

test('a window that does not host is told nothing', () => {
  assert.equal(hostSettingsNotice({ kind: 'idle' }, '0.0.0.0', 1), undefined);
  assert.equal(hostSettingsNotice({ kind: 'joined', address: 'x:1' }, '0.0.0.0', 1), undefined);
});
