import { test } from 'node:test';
import assert from 'node:assert/strict';
import { historyFileName, historyPortAfter, ownFileFirst } from '../../src/vscode/hostedHistory';

test("a hosted room's history file: one per workspace, one per port where windows with no folder share a storage", () => {
  assert.equal(historyFileName(true, 55555), 'hosted-room.json');
  assert.equal(historyFileName(true, 55556), 'hosted-room.json');
  assert.equal(historyFileName(false, 55555), 'hosted-room-55555.json');
});

test('a room that moves off a port another program holds keeps its history file; off one whose file another window holds, it takes the new port\'s', () => {
  assert.equal(historyPortAfter('EADDRINUSE', 55555, 55556), 55555);
  assert.equal(historyPortAfter('EACCES', 80, 55556), 80);
  assert.equal(historyPortAfter('EBUSY', 55555, 55556), 55556);
  // moved twice: still the file it started with
  assert.equal(historyPortAfter('EADDRINUSE', historyPortAfter('EADDRINUSE', 55555, 55556), 55557), 55555);
});

test("a room moved off the port another folderless window hosts on, whose file that window holds: this port's own file at once, no other port asked for", () => {
  assert.equal(ownFileFirst('EBUSY', 55555, 55556, false), 55556, "the file of 55555 is that window's");
  assert.equal(ownFileFirst('EBUSY', 55556, 55556, false), undefined, "this port's own file is another window's: another port");
  assert.equal(ownFileFirst('EBUSY', 55555, 55556, true), undefined, 'one file per workspace: it is the same file on any port');
  assert.equal(ownFileFirst('EADDRINUSE', 55555, 55556, false), undefined);
});
