// The message a terminal's /react or /reply answers: a room's last by someone else (or by a nickname), or in a
// /query the conversation's last from the other side (or yours).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { answeredDm, answeredMessage, type DmReader } from '../../src/cli/answeredMessage';
import type { DmEvent, RoomEvent } from '../../src/protocol/messages';

const t = 1_764_070_000_000;
const msg = (seq: number, from: string, extra: object = {}): RoomEvent => ({ type: 'message', room: 'general', seq, time: t + seq, from, text: `m${seq}`, kind: 'text', ...extra });
const nick = (seq: number, from: string, to: string): RoomEvent => ({ type: 'nick', room: 'general', seq, time: t + seq, from, to });

test('the last message by someone else, not deleted; with a nick, the last one by them (as shown, or by their name now)', () => {
  const events: RoomEvent[] = [msg(1, 'bob'), msg(2, 'carol'), { type: 'join', room: 'general', seq: 3, time: t, nick: 'dave', role: 'member' }, msg(4, 'carol', { deleted: true, text: '' }), msg(5, 'me'), msg(6, 'me', { kind: 'action' })];
  assert.equal((answeredMessage(events, 'me', 'general', 'react to') as { seq: number }).seq, 2, 'yours and a deleted one are passed over');
  assert.equal((answeredMessage(events, 'me', 'general', 'react to', 'bob') as { seq: number }).seq, 1);
  assert.equal((answeredMessage(events, 'me', 'general', 'react to', 'BOB') as { seq: number }).seq, 1, 'nicknames compared as for uniqueness');
  assert.deepEqual(answeredMessage(events, 'me', 'general', 'react to', 'dave'), { error: 'no message by dave in #general to react to (of those this terminal has)' });
  assert.deepEqual(answeredMessage([msg(1, 'me')], 'me', 'general', 'react to'), { error: 'no message by someone else in #general to react to' });
  assert.deepEqual(answeredMessage([], 'me', 'dev', 'react to'), { error: 'no message by someone else in #dev to react to' });
});

test('renames: yours under an earlier name are yours; another under the name you took later is theirs; a nick finds them by their new name', () => {
  // old-me wrote 1 and became me; bob wrote 3 and became robert; then someone new took the name bob and wrote 6
  const events: RoomEvent[] = [msg(1, 'old-me'), nick(2, 'old-me', 'me'), msg(3, 'bob'), nick(4, 'bob', 'robert'), msg(6, 'me')];
  assert.equal((answeredMessage(events, 'me', 'general', 'react to') as { seq: number }).seq, 3);
  assert.equal((answeredMessage(events, 'me', 'general', 'react to', 'robert') as { seq: number }).seq, 3, 'by the name they go by now');
  assert.equal((answeredMessage(events.slice(0, 2), 'me', 'general', 'react to') as { error?: string }).error, 'no message by someone else in #general to react to');
  // someone had the name `me` before you took it: theirs is not yours
  const before: RoomEvent[] = [msg(1, 'me'), nick(2, 'me', 'ann'), nick(3, 'guest', 'me')];
  assert.equal((answeredMessage(before, 'me', 'general', 'react to') as { seq: number }).seq, 1);
});

const dm = (from: string, to: string, text: string): DmEvent => ({ type: 'dm', from, to, text, kind: 'text', time: t });
/** A client's reading of its direct messages: yours by the nicknames you had; the other side renamed as given. */
const reader = (mine: string[], renamed: Map<DmEvent, string> = new Map()): DmReader => ({
  isOwnDm: (d) => mine.includes(d.from),
  partnerOf: (d) => renamed.get(d) ?? (mine.includes(d.from) ? d.to : d.from),
});

test("in a /query: the other side's last direct message, yours by your nick; another conversation's are not in it", () => {
  const dms = [dm('bob', 'me', 'b1'), dm('me', 'bob', 'm1'), dm('carol', 'me', 'c1'), dm('bob', 'me', 'b2'), dm('me', 'bob', 'm2'), dm('carol', 'me', 'c2')];
  const r = reader(['me']);
  assert.equal((answeredDm(dms, r, 'me', 'bob', 'reply to') as DmEvent).text, 'b2');
  assert.equal((answeredDm(dms, r, 'me', 'bob', 'reply to', 'BOB') as DmEvent).text, 'b2', 'nicknames compared as for uniqueness');
  assert.equal((answeredDm(dms, r, 'me', 'bob', 'reply to', 'me') as DmEvent).text, 'm2');
  assert.equal((answeredDm(dms, r, 'me', 'carol', 'reply to') as DmEvent).text, 'c2');
  assert.deepEqual(answeredDm(dms, r, 'me', 'bob', 'reply to', 'carol'), { error: 'carol is not in your conversation with bob: /reply @bob (or none) answers their last message' });
  assert.deepEqual(answeredDm(dms, r, 'me', 'carol', 'reply to', 'me'), { error: 'no message of yours in your conversation with carol to reply to (of those this terminal has)' });
  assert.deepEqual(answeredDm(dms, r, 'me', 'dave', 'reply to'), { error: 'no message from dave in your conversation with dave to reply to (of those this terminal has)' });
});

test('in a /query: the other side found under the name they go by now, yours under a name you had; with yourself, yours', () => {
  const old = dm('bob', 'old-me', 'before the renames');
  const dms = [old, dm('robert', 'me', 'after'), dm('old-me', 'bob', 'mine, then')];
  const r = reader(['old-me', 'me'], new Map([[old, 'robert'], [dms[2]!, 'robert']]));
  assert.equal((answeredDm(dms.slice(0, 1), r, 'me', 'robert', 'reply to') as DmEvent).text, 'before the renames');
  assert.equal((answeredDm(dms, r, 'me', 'robert', 'reply to') as DmEvent).text, 'after');
  assert.equal((answeredDm(dms, r, 'me', 'robert', 'reply to', 'me') as DmEvent).text, 'mine, then');
  const self = [dm('me', 'me', 'a note to self')];
  assert.equal((answeredDm(self, reader(['me']), 'me', 'me', 'reply to') as DmEvent).text, 'a note to self');
});
