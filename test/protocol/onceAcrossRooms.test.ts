import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OnceAcrossRooms, TELLINGS_APART_MS } from '../../src/protocol/onceAcrossRooms';

test('a change the next rooms tell again is said once, though their clocks read a millisecond apart; the same change after another, or later, is news', () => {
  const once = new OnceAcrossRooms();
  assert.equal(once.first('rob\nbobby', 1000), true);
  assert.equal(once.first('rob\nbobby', 1000), false, "the next room's, stamped the same");
  assert.equal(once.first('rob\nbobby', 1001), false, "a room's stamped a millisecond later (it printed twice)");
  assert.equal(once.first('bobby\nrob', 1002), true, 'another change');
  assert.equal(once.first('rob\nbobby', 1003), true, 'the first again, after another');
  assert.equal(once.first('rob\nbobby', 1003 + TELLINGS_APART_MS + 1), true, 'the same again, later');
});
