// Host Chat and Join Chat one at a time: a second run while one is under way is told so, and runs once it is over.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OneAtATime } from '../../src/vscode/oneAtATime';

test('a second run while one is under way is refused, saying which; once it is over (done or failed) the next runs', async () => {
  const starting = new OneAtATime();
  let release = () => {};
  const first = starting.run('Host Chat', () => new Promise<string>((r) => (release = () => r('hosted'))));
  await assert.rejects(starting.run('Host Chat', async () => 'again'), /Host Chat is already under way/);
  await assert.rejects(starting.run('Join Chat', async () => 'joined'), /Host Chat is under way: finish or cancel it first/);
  release();
  assert.equal(await first, 'hosted');
  await assert.rejects(starting.run('Join Chat', async () => Promise.reject(new Error('nobody is listening'))), /nobody is listening/);
  assert.equal(await starting.run('Join Chat', async () => 'joined'), 'joined');
});
