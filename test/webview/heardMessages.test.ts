// What a screen reader hears of incoming messages: each one while they come a few at a time, one line for a burst.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HEARD_LINES, HEARD_SAME_MS, HEARD_WINDOW_MS, HeardMessages, heardSummary } from '../../src/webview/heardMessages';

/** A HeardMessages whose frames and clock the test runs: `frame()` ends the frame, `at(ms)` sets the time. */
function reader() {
  const said: string[] = [];
  let frames: (() => void)[] = [];
  let now = 0;
  const heard = new HeardMessages((t) => said.push(t), (f) => frames.push(f), () => now);
  return {
    said, heard,
    frame: () => {
      const run = frames;
      frames = [];
      for (const f of run) f();
    },
    at: (ms: number) => (now = ms),
  };
}
const m = (from: string, text: string, where = '') => ({ from, text: `${from}: ${text}`, where });

test('a few messages a moment: each read out as it comes', () => {
  const r = reader();
  r.heard.add(m('alice', 'hi'));
  r.heard.add(m('bob', 'hello', ' in #dev'));
  assert.deepEqual(r.said, [], 'gathered over the frame');
  r.frame();
  assert.deepEqual(r.said, ['alice: hi', 'bob: hello in #dev']);
});

test('a burst: one line that says how many and from whom, not the last five of fifty', () => {
  const r = reader();
  for (let i = 0; i < 50; i++) r.heard.add(m(['alice', 'bob', 'carol', 'dave'][i % 4]!, `burst ${i}`));
  r.frame();
  assert.deepEqual(r.said, ['50 new messages from alice, bob and 2 others']);
});

test('a steady stream: the first lines one by one, then the rest in one line when the moment is over', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const r = reader();
  for (let i = 0; i < 30; i++) {
    r.at(i * 16);
    r.heard.add(m('bot', `tick ${i}`));
    r.frame();
  }
  assert.deepEqual(r.said, Array.from({ length: HEARD_LINES }, (_, i) => `bot: tick ${i}`));
  r.at(HEARD_WINDOW_MS);
  t.mock.timers.tick(HEARD_WINDOW_MS);
  assert.deepEqual(r.said.slice(HEARD_LINES), ['25 new messages from bot']);
});

test('the summary names where: the conversation on show says nothing, one other room its name, several their count', () => {
  assert.equal(heardSummary([m('alice', 'a', ' in #dev'), m('bob', 'b', ' in #dev')]), '2 new messages in #dev from alice and bob');
  assert.equal(heardSummary([m('alice', 'a'), m('bob', 'b', ' in #dev'), m('carol', 'c')]), '3 new messages in 2 conversations from alice, bob and carol');
});

test('a window whose frames stop (minimised) keeps at most 200 to say, and counts the rest', () => {
  const r = reader();
  for (let i = 0; i < 5000; i++) r.heard.add(m(i % 2 ? 'bob' : 'alice', `flood ${i}`));
  r.frame();
  assert.deepEqual(r.said, ['5000 new messages from alice and bob, among others']);
});

test('edits and deletions among a burst are counted as such, not as new messages', () => {
  const edit = { ...m('bob', 'typo fixed'), change: 'edited' as const, key: 'e1' };
  const gone = { ...m('alice', 'x'), change: 'deleted' as const, key: 'e2' };
  assert.equal(heardSummary([m('alice', 'a'), m('bob', 'b'), edit, gone]), '2 new, 1 edited and 1 deleted messages from alice and bob');
  assert.equal(heardSummary([edit, { ...edit, key: 'e3' }]), '2 edited messages from bob');
});

test('a message edited again before its edit was said is said once, as it is now', () => {
  const r = reader();
  r.heard.add({ ...m('bob', 'teh fix'), change: 'edited', key: 'e7' });
  r.heard.add({ ...m('bob', 'the fix'), change: 'edited', key: 'e7' });
  r.heard.add(m('alice', 'hi'));
  r.frame();
  assert.deepEqual(r.said, ['bob: the fix', 'alice: hi']);
});

test("a message edited again and again (a bot's progress line): its edits said at most once in HEARD_SAME_MS, the newest; its deletion at once", async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const r = reader();
  const edit = (n: number) => ({ from: 'bot', text: `bot edited: build ${n}%`, where: '', change: 'edited' as const, key: 'e9' });
  for (let n = 1; n <= 8; n++) {
    r.at(n * 1000);
    r.heard.add(edit(n * 10));
    r.frame();
    t.mock.timers.tick(1000);
  }
  assert.deepEqual(r.said, ['bot edited: build 10%'], 'one edit said in the first 10 s');
  r.at(HEARD_SAME_MS + 1000);
  t.mock.timers.tick(HEARD_SAME_MS);
  r.frame();
  assert.deepEqual(r.said, ['bot edited: build 10%', 'bot edited: build 80%'], 'then the newest');
  r.at(HEARD_SAME_MS + 2000);
  r.heard.add(edit(90));
  r.heard.add({ from: 'bot', text: 'bot deleted a message (09:31)', where: '', change: 'deleted', key: 'e9' });
  r.frame();
  assert.deepEqual(r.said.slice(2), ['bot deleted a message (09:31)']);
});

test('an edit held for its message (said lately) is not said once its conversation is no longer on show', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const r = reader();
  let shown = true;
  const edit = (n: number) => ({ from: 'bot', text: `bot edited: build ${n}%`, where: '', change: 'edited' as const, key: 'e9', still: () => shown });
  r.heard.add(edit(10));
  r.frame();
  r.at(1000);
  r.heard.add(edit(20));
  shown = false;
  r.at(HEARD_SAME_MS);
  t.mock.timers.tick(HEARD_SAME_MS);
  r.frame();
  assert.deepEqual(r.said, ['bot edited: build 10%']);
});

test('reactions to your messages among a burst are counted as reactions, from whom they came, not as messages', () => {
  const reacted = (from: string, n: number) => ({ from, text: `${from} reacted with 👍 to your message: hi`, where: '', change: 'reacted' as const, key: `r${n}` });
  assert.equal(heardSummary([m('alice', 'a'), m('bob', 'b'), reacted('carol', 1), reacted('bob', 2), reacted('carol', 3)]), '2 new messages and 3 reactions from alice, bob and carol');
  assert.equal(heardSummary([reacted('carol', 1)]), '1 reaction from carol');
  const r = reader();
  for (let i = 0; i < 5000; i++) r.heard.add(reacted(i % 2 ? 'bob' : 'alice', i));
  r.frame();
  assert.deepEqual(r.said, ['5000 reactions from alice and bob, among others'], 'those not kept counted as reactions too');
});

test('a reaction taken back before it was said is not said', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const r = reader();
  for (let i = 0; i < HEARD_LINES; i++) r.heard.add(m('alice', `line ${i}`));
  r.frame();
  r.heard.add({ from: 'bob', text: 'bob reacted with 👍 to your message: hi', where: '', change: 'reacted', key: 'e3 bob 👍' });
  r.heard.add({ from: 'bob', text: 'bob reacted with 🎉 to your message: hi', where: '', change: 'reacted', key: 'e3 bob 🎉' });
  r.frame();
  r.heard.drop('e3 bob 👍');
  r.at(HEARD_WINDOW_MS);
  t.mock.timers.tick(HEARD_WINDOW_MS);
  assert.deepEqual(r.said.slice(HEARD_LINES), ['bob reacted with 🎉 to your message: hi']);
});

test("a room's comings and goings in a burst are counted, nobody named for them: alone, after the messages, or here when those were elsewhere", () => {
  const member = (nick: string, change: 'joined' | 'left' | 'renamed') => ({ from: nick, text: `${nick} ${change}`, where: '', change });
  const comings = [member('carol', 'joined'), member('dave', 'joined'), member('erin', 'left'), member('frank', 'renamed'), member('gus', 'joined')];
  assert.equal(heardSummary(comings), '3 joined, 1 left and 1 renamed');
  assert.equal(heardSummary([m('alice', 'a'), m('bob', 'b'), ...comings.slice(0, 3)]), '2 new messages from alice and bob; 2 joined and 1 left');
  assert.equal(heardSummary([m('alice', 'a', ' in #dev'), ...comings.slice(0, 3)]), '1 new message in #dev from alice; 2 joined and 1 left here');
});

test('a room of thousands coming and going at once: one line of counts, those past the 200 kept counted as what they were', () => {
  const r = reader();
  for (let i = 0; i < 3000; i++) r.heard.add({ from: `u${i}`, text: `u${i} joined`, where: '', change: 'joined' });
  for (let i = 0; i < 2000; i++) r.heard.add({ from: `u${i}`, text: `u${i} left`, where: '', change: 'left' });
  r.heard.add(m('alice', 'hi'));
  r.frame();
  assert.deepEqual(r.said, ['1 new message; 3000 joined and 2000 left']);
});
