// The terminal's line when someone reacts to a message of yours, and how a burst of them is bounded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NOTICE_WINDOW_MS, ReactionNotices, reactionText, type ReactionLine } from '../../src/cli/reactionNotices';
import { quietLine, sentAt } from '../../src/cli/terminal';

const line = (by: ReactionLine['by'], more = 0, room = 'general'): ReactionLine => ({ room, targetTime: 0, time: 0, by, more });

test('the line names who put which emoji on, the room when the prompt is in another, and when the message was sent', () => {
  assert.equal(reactionText(line([{ nick: 'alice', emoji: ['👍'] }]), 'general', 'sent at 14:02'), 'alice reacted 👍 to your message sent at 14:02');
  assert.equal(reactionText(line([{ nick: 'alice', emoji: ['👍'] }]), 'general'), 'alice reacted 👍 to your message', 'into a file: no time, as an edit says none');
  assert.equal(reactionText(line([{ nick: 'alice', emoji: ['👍', '🎉'] }, { nick: 'bob', emoji: ['👀'] }]), 'general'), 'alice reacted 👍 🎉 and bob 👀 to your message');
  assert.equal(reactionText(line([{ nick: 'a', emoji: ['👍'] }, { nick: 'b', emoji: ['👍'] }, { nick: 'c', emoji: ['👍'] }]), 'general'), 'a reacted 👍, b 👍 and c 👍 to your message');
  const crowd = ['a', 'b', 'c', 'd', 'e', 'f'].map((nick) => ({ nick, emoji: ['🎉'] }));
  assert.equal(reactionText(line(crowd, 3), 'general'), 'a reacted 🎉, b 🎉, c 🎉, d 🎉 and 5 others to your message');
  assert.equal(reactionText(line([{ nick: 'alice', emoji: ['👍'] }], 0, 'dev'), 'general'), '[#dev] alice reacted 👍 to your message');
  assert.equal(reactionText(line([{ nick: 'al\x1b[2Jice', emoji: ['👍'] }]), 'general'), 'al[2Jice reacted 👍 to your message', 'a hostile server\'s escape goes');
});

test('"sent at" as an edit or a delete says it: the date too for another day; a quiet line on a terminal, plain into a file', () => {
  const now = new Date(2026, 11, 1, 15, 0).getTime();
  assert.equal(sentAt(new Date(2026, 11, 1, 14, 2).getTime(), now), 'sent at 14:02');
  assert.equal(sentAt(new Date(2026, 10, 30, 9, 5).getTime(), now), 'sent on 2026-11-30 at 09:05');
  assert.equal(quietLine('alice reacted 👍 to your message', new Date(2026, 11, 1, 14, 5).getTime(), true), '\x1b[90m14:05\x1b[0m \x1b[90m-- alice reacted 👍 to your message\x1b[0m');
  assert.equal(quietLine('alice reacted 👍 to your message', 0, false), 'alice reacted 👍 to your message');
});

/** A clock for ReactionNotices: timers run when the test says time passed. */
function fakeTimers() {
  let now = 0;
  const timers: { at: number; run: () => void; cancelled: boolean }[] = [];
  return {
    schedule: (run: () => void, ms: number) => {
      const timer = { at: now + ms, run, cancelled: false };
      timers.push(timer);
      return () => (timer.cancelled = true);
    },
    pass(ms: number) {
      now += ms;
      for (;;) {
        const due = timers.find((x) => !x.cancelled && x.at <= now);
        if (!due) return;
        due.cancelled = true;
        due.run();
      }
    },
    pending: () => timers.filter((x) => !x.cancelled).length,
  };
}

test('a burst on one message: the first at once, the rest of the window gathered into one line at its end; one line per message per window at most', () => {
  const said: string[] = [];
  const clock = fakeTimers();
  const notices = new ReactionNotices((l) => said.push(reactionText(l, 'general')), clock.schedule);
  const on = (from: string, emoji: string, target = 7) => notices.on({ room: 'general', target, targetTime: 1, from, emoji, time: 2 });
  on('alice', '👍');
  assert.deepEqual(said, ['alice reacted 👍 to your message'], 'at once');
  on('bob', '👀');
  on('alice', '🎉');
  on('carol', '❤️');
  on('bob', '👀'); // (again: once)
  on('alice', '👍', 8); // another message of yours: a window of its own
  assert.equal(said.length, 2);
  assert.equal(said[1], 'alice reacted 👍 to your message');
  clock.pass(NOTICE_WINDOW_MS - 1);
  assert.equal(said.length, 2, 'nothing more before the window ends');
  clock.pass(1);
  assert.deepEqual(said.slice(2), ['bob reacted 👀, alice 🎉 and carol ❤️ to your message'], 'the rest in one line');
  // still coming: the next window gathers them too
  on('dave', '😄');
  clock.pass(NOTICE_WINDOW_MS);
  assert.deepEqual(said.slice(3), ['dave reacted 😄 to your message']);
  // a quiet window ends it; the next one is said at once again
  clock.pass(NOTICE_WINDOW_MS);
  assert.equal(clock.pending(), 0, 'no timer left');
  on('erin', '✅');
  assert.deepEqual(said.slice(4), ['erin reacted ✅ to your message']);
});

test('a reaction taken off before its line is not said; a hundred people on one message are one line', () => {
  const said: string[] = [];
  const clock = fakeTimers();
  const notices = new ReactionNotices((l) => said.push(reactionText(l, 'general')), clock.schedule);
  const on = (from: string, emoji: string) => notices.on({ room: 'general', target: 7, targetTime: 1, from, emoji, time: 2 });
  on('alice', '👍');
  on('bob', '👀');
  on('bob', '🎉');
  notices.off('general', 7, 'bob', '👀');
  on('carol', '❤️');
  notices.off('general', 7, 'carol', '❤️');
  clock.pass(NOTICE_WINDOW_MS);
  assert.deepEqual(said, ['alice reacted 👍 to your message', 'bob reacted 🎉 to your message']);
  for (let i = 0; i < 150; i++) on(`p${i}`, '🎉');
  clock.pass(NOTICE_WINDOW_MS);
  assert.equal(said.length, 3);
  assert.equal(said[2], 'p0 reacted 🎉, p1 🎉, p2 🎉, p3 🎉 and 146 others to your message');
  // closed: nothing more
  on('zed', '👍');
  notices.close();
  clock.pass(NOTICE_WINDOW_MS);
  assert.equal(said.length, 3);
});

test('someone who renames before their reaction is said is named as they are called then, in that room only', () => {
  const said: string[] = [];
  const clock = fakeTimers();
  const notices = new ReactionNotices((l) => said.push(reactionText(l, 'general')), clock.schedule);
  const on = (from: string, emoji: string, room = 'general') => notices.on({ room, target: 7, targetTime: 1, from, emoji, time: 2 });
  on('alice', '👍');
  on('bob', '👀');
  on('bob', '🎉');
  on('carol', '✅');
  on('alice', '👍', 'dev');
  on('bob', '👀', 'dev');
  notices.renamed('general', 'bob', 'robert');
  notices.off('general', 7, 'robert', '👀'); // (taken off under the new name: found)
  on('robert', '😄'); // (one entry: robert's emoji together)
  clock.pass(NOTICE_WINDOW_MS);
  assert.deepEqual(said, [
    'alice reacted 👍 to your message',
    '[#dev] alice reacted 👍 to your message',
    'robert reacted 🎉 😄 and carol ✅ to your message',
    '[#dev] bob reacted 👀 to your message',
  ], "#dev's line waits for #dev's rename");
});
