// The panel's idea of a command line is the client's: a line the panel sends as typed is a command to the client.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isQuitLine, isSlashCommand, parseSlash } from '../../src/protocol/commands';
import { isCommand, isQuit, joinTarget } from '../../src/webview/commandLine';

test('isCommand agrees with the protocol\'s isSlashCommand', () => {
  const lines = ['/join #ops', '/me waves', '/msg bob hi', '/?', '/', '/ shrug', '/\tx', '//not a command', '///', 'hello', ' /join', '', '/1', '/é'];
  for (const line of lines) assert.equal(isCommand(line), isSlashCommand(line), JSON.stringify(line));
  assert.deepEqual(lines.filter(isCommand), ['/join #ops', '/me waves', '/msg bob hi', '/?', '/1', '/é']);
});

test('joinTarget names the room the client joins for a /join line', () => {
  const lines = ['/join #ops', '/JOIN #Ops', '/join ops', '/join  #release-1.0 ', ' /join #Café', '/join #é'];
  for (const line of lines) {
    const p = parseSlash(line, 'general');
    assert.ok(p.ok && p.command.cmd === 'request' && p.command.msg.type === 'join', line);
    assert.equal(joinTarget(line), p.command.msg.room, JSON.stringify(line));
  }
  for (const line of ['/join', '/joinx #ops', '/part #ops', 'join #ops', '//join #ops', '/join #release later']) {
    assert.equal(joinTarget(line), undefined, line);
    // (what the client does with it: nothing, or a usage error)
    const p = parseSlash(line, 'general');
    assert.ok(!(p.ok && p.command.cmd === 'request' && p.command.msg.type === 'join'), line);
  }
});

test("isQuit agrees with the client's: the lines it takes for /quit", () => {
  const lines = ['/quit', '/QUIT', '/exit', '/quit now', '/quit\tbye', '/quitx', '/quit!', ' /quit', '//quit', 'quit', '/exits', '/q'];
  for (const line of lines) assert.equal(isQuit(line), isQuitLine(line), JSON.stringify(line));
  assert.deepEqual(lines.filter(isQuit), ['/quit', '/QUIT', '/exit', '/quit now', '/quit\tbye']);
});
