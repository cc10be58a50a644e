import { test } from 'node:test';
import assert from 'node:assert/strict';
import { historyFileName, historyPortAfter } from '../../src/vscode/hostedHistory';

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
