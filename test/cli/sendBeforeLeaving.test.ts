// What the terminal says when it leaves with messages not acknowledged: each line to send again, and why.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sendBeforeLeaving } from '../../src/cli/sendBeforeLeaving';

/** A client with `unsent` left over once flush() gave up (none went out before a drop, but as said); `connected` as given. */
const client = (connected: boolean, unsent: { room?: string; line: string; maybeSent: boolean; beforeDrop?: boolean }[]) => ({
  unacknowledged: unsent.length,
  connected,
  unsent: unsent.map((u) => ({ beforeDrop: false, ...u })),
  flush: async () => undefined,
});

test('stopped waiting on a live connection: what may have reached the room is said, and no dropped connection is blamed', async () => {
  let out = '';
  const n = await sendBeforeLeaving(client(true, [{ room: 'general', line: 'one', maybeSent: true }, { room: 'general', line: 'two', maybeSent: false }]), true, () => true, (t, asTyped) => (out += `${t}${asTyped ? ' (as typed)' : ''}\n`));
  assert.equal(n, 2);
  assert.match(out, /-- 2 messages were not sent \(you stopped waiting\) \(some may have reached the room\); to send again in #general:\none \(as typed\)\ntwo \(as typed\)\n$/);
  assert.doesNotMatch(out, /dropped/);
});

test('leaving with lines on their way, a terminal says it waits for them, and how to stop; not once waiting was stopped already (a second Ctrl+C)', async () => {
  const lines = [{ room: 'general', line: 'one', maybeSent: true }];
  let out = '';
  await sendBeforeLeaving(client(true, lines), true, () => false, (t) => (out += `${t}\n`));
  assert.match(out, /^-- sending the line still on the way to the room \(Ctrl\+C again: stop, and see what was not sent\)\n/);
  out = '';
  await sendBeforeLeaving(client(true, lines), true, () => true, (t) => (out += `${t}\n`));
  assert.match(out, /^-- 1 message was not sent \(you stopped waiting\)/, out);
});

test('not connected, across rooms: each line marked with its room', async () => {
  let out = '';
  await sendBeforeLeaving(client(false, [{ room: 'a', line: 'x', maybeSent: false }, { room: 'b', line: '/me waves', maybeSent: false }]), false, () => false, (t, asTyped) => (out += `${t}${asTyped ? ' (as typed)' : ''}\n`));
  assert.equal(out, '-- 2 messages were not sent (not connected); to send again:\n[#a] x (as typed)\n[#b] /me waves (as typed)\n');
});

test('what a terminal still shows as waiting for the room leaves it once the waiting is over, before the list of what was not sent', async () => {
  const said: string[] = [];
  const c = { ...client(false, [{ room: 'general', line: 'x', maybeSent: false }]), flush: async () => void said.push('flushed') };
  await sendBeforeLeaving(c, false, () => false, (t) => said.push(t), () => (said.push('listing'), []));
  assert.deepEqual(said, ['flushed', 'listing', '-- 1 message was not sent (not connected); to send again in #general:', 'x']);
});

test('the lines a terminal read and never handled as it closed (a paste past its read-ahead) are listed after the messages that did not go, and counted', async () => {
  const said: string[] = [];
  const c = client(true, [{ room: 'general', line: 'p1', maybeSent: true }]);
  const n = await sendBeforeLeaving(c, false, () => true, (t) => said.push(t), () => ['p2', '/me p3']);
  assert.equal(n, 3);
  assert.deepEqual(said, ['-- 3 messages were not sent (you stopped waiting) (some may have reached the room); to send again in #general:', 'p1', 'p2', '/me p3']);
  said.length = 0;
  // (all that went was taken: those behind it alone)
  assert.equal(await sendBeforeLeaving(client(true, []), false, () => false, (t) => said.push(t), () => ['p4']), 1);
  assert.deepEqual(said, ['-- 1 message was not sent (the chat closed first); to send again:', 'p4']);
});

/**
 * A client connected with `unsent` on the way, and a leave that ends its connection (`said` hears of it), once the
 * room took the first `taken` of them.
 */
function leavingClient(unsent: { room: string; line: string; maybeSent: boolean; beforeDrop: boolean }[], said: string[], taken = 0) {
  const c = {
    get unacknowledged() {
      return unsent.length;
    },
    connected: true,
    get unsent() {
      return unsent;
    },
    flush: async () => undefined,
  };
  const leave = async () => {
    said.push('left');
    unsent = unsent.slice(taken);
    c.connected = false;
  };
  return { c, leave };
}

test('waiting stopped with lines on their way: it leaves before the list (the room says them back as it takes the bye), and lists what was still not acknowledged once the connection closed', async () => {
  const said: string[] = [];
  // (the room took `one`, then the connection closed)
  const { c, leave } = leavingClient([{ room: 'general', line: 'one', maybeSent: true, beforeDrop: false }, { room: 'general', line: 'two', maybeSent: false, beforeDrop: false }], said, 1);
  const n = await sendBeforeLeaving(c, false, () => true, (t) => said.push(t), () => (said.push('listing'), []), leave);
  assert.equal(n, 1);
  // (why as it was when the waiting stopped, not the closed connection's)
  assert.deepEqual(said, ['left', 'listing', '-- 1 message was not sent (you stopped waiting); to send again in #general:', 'two']);
});

test('nothing on its way, or not connected: the list comes first, and the caller leaves after it', async () => {
  let left = false;
  const leave = async () => void (left = true);
  await sendBeforeLeaving(client(false, [{ room: 'general', line: 'x', maybeSent: false }]), false, () => false, () => {}, () => [], leave);
  await sendBeforeLeaving(client(true, []), false, () => true, () => {}, () => ['p1'], leave);
  assert.equal(left, false);
});

test("the host's list after its room's close (closesRoom): no line may have reached the room but one that went out on a connection that dropped before; a join's bye is no such close", async () => {
  const run = async (closesRoom: boolean, beforeDrop: boolean) => {
    const said: string[] = [];
    const { c, leave } = leavingClient([{ room: 'general', line: 'one', maybeSent: true, beforeDrop }], said);
    await sendBeforeLeaving(c, false, () => true, (t) => said.push(t), () => [], leave, closesRoom);
    return said[1];
  };
  assert.equal(await run(true, false), '-- 1 message was not sent (you stopped waiting); to send again in #general:');
  assert.equal(await run(true, true), '-- 1 message was not sent (you stopped waiting) (some may have reached the room); to send again in #general:');
  assert.equal(await run(false, false), '-- 1 message was not sent (you stopped waiting) (some may have reached the room); to send again in #general:');
  // (not connected: the list comes before the close, and what went out before the drop may have reached the room)
  const said: string[] = [];
  await sendBeforeLeaving(client(false, [{ room: 'general', line: 'x', maybeSent: true, beforeDrop: true }]), false, () => false, (t) => said.push(t), () => [], async () => {}, true);
  assert.equal(said[0], '-- 1 message was not sent (not connected) (some may have reached the room); to send again in #general:');
});
