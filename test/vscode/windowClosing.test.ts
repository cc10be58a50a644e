import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closeWindow } from '../../src/vscode/windowClosing';

test('a save VS Code cancels (a workspaceState update from deactivate) does not stop the leave: the room is still closed', async () => {
  const steps: string[] = [];
  await closeWindow(
    async () => { steps.push('save'); throw new Error('Canceled'); },
    async () => { steps.push('leave'); },
  );
  assert.deepEqual(steps, ['save', 'leave'], 'the save reads the session first, then the window leaves');
});

test('a save that never settles does not hold the leave', async () => {
  let left = false;
  await closeWindow(() => new Promise<void>(() => undefined), async () => { left = true; });
  assert.equal(left, true);
});

test('nothing to save: it leaves', async () => {
  let left = false;
  await closeWindow(undefined, async () => { left = true; });
  assert.equal(left, true);
});
