// The panel's idea of a command line is the client's: a line the panel sends as typed is a command to the client.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isSlashCommand } from '../../src/protocol/commands';
import { isCommand } from '../../src/webview/commandLine';

test('isCommand agrees with the protocol\'s isSlashCommand', () => {
  const lines = ['/join #ops', '/me waves', '/msg bob hi', '/?', '/', '/ shrug', '/\tx', '//not a command', '///', 'hello', ' /join', '', '/1', '/é'];
  for (const line of lines) assert.equal(isCommand(line), isSlashCommand(line), JSON.stringify(line));
  assert.deepEqual(lines.filter(isCommand), ['/join #ops', '/me waves', '/msg bob hi', '/?', '/1', '/é']);
});
