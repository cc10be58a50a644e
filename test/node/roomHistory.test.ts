// A room's history keeps its messages and its other events apart, each its newest `length`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MessageEvent, RoomEvent } from '../../src/protocol/messages';
import { Outbound } from '../../src/node/outbound';
import { historyUnits, RoomHistory } from '../../src/node/roomHistory';
import { Room } from '../../src/node/room';
import { HistoryBudget } from '../../src/node/historyBudget';

let time = 0;
const message = (seq: number): RoomEvent => ({ type: 'message', room: 'r', seq, time: ++time, from: 'a', text: `m${seq}`, kind: 'text' });
const join = (seq: number): RoomEvent => ({ type: 'join', room: 'r', seq, time: ++time, nick: `j${seq}`, role: 'member' });
const seqs = (list: Outbound[]) => list.map((o) => (o.msg as RoomEvent).seq);

test('joins and leaves past the length do not push messages out; each kind keeps its newest, all in seq order', () => {
  const h = new RoomHistory(3);
  let seq = 0;
  for (let i = 0; i < 3; i++) h.keep(new Outbound(message(++seq)));
  for (let i = 0; i < 10; i++) h.keep(new Outbound(join(++seq)));
  assert.deepEqual(seqs(h.all()), [1, 2, 3, 11, 12, 13], 'the three messages and the newest three joins');
  assert.equal(h.message(2)?.text, 'm2');
  const gone = h.keep(new Outbound(message(seq + 1)));
  assert.equal(gone?.seq, 1, 'a message pushes the oldest message out, and says which');
  assert.deepEqual(seqs(h.all()), [2, 3, 11, 12, 13, 14]);
});

test('a resume is complete only from where nothing after it has left history', () => {
  const h = new RoomHistory(2);
  h.keep(new Outbound(message(1)));
  h.keep(new Outbound(join(2)));
  h.keep(new Outbound(join(3)));
  assert.deepEqual(h.since(0), { events: h.all(), complete: true }, 'nothing dropped yet');
  h.keep(new Outbound(join(4))); // join 2 leaves
  assert.equal(h.since(1).complete, false, 'the join at 2 is missing for a client that saw 1');
  assert.deepEqual(seqs(h.since(1).events), [3, 4], 'what is there still goes');
  assert.equal(h.since(2).complete, true);
  const none = new RoomHistory(0);
  none.keep(new Outbound(message(1)));
  assert.deepEqual(none.since(0), { events: [], complete: false }, 'no history: every resume has a gap');
  assert.equal(none.since(1).complete, true);
});

test('a room restored from a file of one list keeps the newest of each kind, and what came before the file is a gap', () => {
  const events = [message(5), join(6), join(7), message(8), join(9)];
  const room = Room.restore({ name: 'r', epoch: 'e', topic: '', seq: 9, events }, 2);
  assert.deepEqual(seqs(room.history()), [5, 7, 8, 9]);
  assert.equal(room.since(4).complete, false, 'seq 6 left history');
  const whole = Room.restore({ name: 'r', epoch: 'e', topic: '', seq: 9, events }, 10);
  assert.equal(whole.since(4).complete, true, 'the file starts at 5');
  assert.equal(whole.since(3).complete, false, 'seq 4 is not in the file');
});

test('a room saved and restored (a host restart) says a gap where the live room did: what left history is in the file', () => {
  const room = new Room('r', 2);
  room.record({ type: 'message', from: 'a', text: 'm1', kind: 'text' });
  room.record({ type: 'join', nick: 'j2', role: 'member' });
  room.record({ type: 'join', nick: 'j3', role: 'member' });
  room.record({ type: 'join', nick: 'j4', role: 'member' }); // j2 leaves history: the oldest kept is still m1
  assert.deepEqual([room.since(1).complete, room.since(2).complete], [false, true]);
  const again = Room.restore(JSON.parse(JSON.stringify(room.snapshot())), 2);
  assert.deepEqual(seqs(again.history()), [1, 3, 4]);
  assert.deepEqual([again.since(1).complete, again.since(2).complete], [false, true], 'the same after the restart');
});

test('since() finds the events after a seq in both rings wherever they wrapped', () => {
  const h = new RoomHistory(4);
  const kinds: ((s: number) => RoomEvent)[] = [message, join, join, message, join, message, message, join, message, join, join, message];
  kinds.forEach((make, i) => h.keep(new Outbound(make(i + 1))));
  const all = seqs(h.all());
  assert.deepEqual(all, [...all].sort((a, b) => a - b), 'in seq order');
  for (let s = 0; s <= 13; s++) assert.deepEqual(seqs(h.since(s).events), all.filter((x) => x > s), `after ${s}`);
});

test('a message is found by its seq wherever the ring wrapped, replaced in its place; one that left or never was is not', () => {
  const h = new RoomHistory(5);
  const made: number[] = [];
  for (let seq = 1; seq <= 23; seq++) {
    h.keep(new Outbound(seq % 3 === 0 ? join(seq) : message(seq)));
    if (seq % 3 !== 0) made.push(seq);
    const kept = made.slice(-5);
    for (let s = 0; s <= seq + 1; s++) assert.equal(h.message(s)?.seq, kept.includes(s) ? s : undefined, `seq ${s} after ${seq}`);
  }
  assert.equal(h.replaceMessage({ ...h.message(20)!, text: 'edited' }), true);
  assert.equal(h.replaceMessage({ ...(message(3) as MessageEvent), text: 'a join has that seq' }), false);
  assert.deepEqual(h.all().flatMap((o) => ((o.msg as RoomEvent).type === 'message' ? [`${(o.msg as RoomEvent).seq}:${(o.msg as { text: string }).text}`] : [])), ['17:m17', '19:m19', '20:edited', '22:m22', '23:m23']);
});

test('a history file with its events out of order (edited by hand) is restored in seq order', () => {
  const events = [message(7), join(5), message(6), join(8)];
  const room = Room.restore({ name: 'r', epoch: 'e', topic: '', seq: 8, events }, 10);
  assert.deepEqual(seqs(room.history()), [5, 6, 7, 8]);
  assert.deepEqual(seqs(room.since(6).events), [7, 8]);
});

test("what an event costs the history budget: its texts, a shared file's path, its reactions' names, and a little for the rest", () => {
  assert.equal(historyUnits(new Outbound(message(1))), 64 + 2);
  const names = Array.from({ length: 100 }, (_, i) => `reader${i}`);
  const reacted: RoomEvent = { type: 'react', room: 'r', seq: 2, time: 1, target: 1, from: 'a', emoji: '👍', on: true, reactions: [{ emoji: '👍', by: names }] };
  assert.equal(historyUnits(new Outbound(reacted)), 64 + 8 + 2 + names.reduce((n, x) => n + 4 + x.length, 0));
  const shared: RoomEvent = { ...message(3), kind: 'code', code: { path: 'src/a.ts' } } as RoomEvent;
  assert.equal(historyUnits(new Outbound(shared)), 64 + 2 + 8);
});

test('history budget: past it the room that keeps most drops its oldest events (seq order, both kinds), until all fit', () => {
  const budget = new HistoryBudget(10_000);
  const big = new Room('big', 500);
  const small = new Room('small', 500);
  big.countIn(budget);
  small.countIn(budget);
  small.record({ type: 'message', from: 'a', text: 'keep me', kind: 'text' });
  for (let i = 0; i < 20; i++) {
    big.record({ type: 'message', from: 'spam', text: 'x'.repeat(1000), kind: 'text' }, 'spammer');
    big.record({ type: 'join', nick: `j${i}`, role: 'member' });
  }
  assert.ok(budget.total <= 10_000, `within the budget: ${budget.total}`);
  assert.equal(budget.total, big.units + small.units, 'counted as the rooms hold it');
  assert.deepEqual(small.messages().map((m) => m.text), ['keep me'], 'the small room keeps its history');
  const kept = big.history().map((o) => (o.msg as RoomEvent).seq);
  assert.deepEqual(kept, Array.from({ length: kept.length }, (_, k) => 40 - kept.length + 1 + k), 'the newest events, in order');
  assert.equal(big.since(0).complete, false, 'a resume from before them has a gap');
  assert.equal(big.authorOf(1), undefined, 'a message that left history cannot be edited');
  assert.equal(big.authorOf(39), 'spammer');
  // a budget too small for even the newest message: it leaves at once, and its author with it
  const tiny = new Room('tiny', 500);
  tiny.countIn(new HistoryBudget(100));
  for (let i = 0; i < 3; i++) tiny.record({ type: 'message', from: 'a', text: 'y'.repeat(200), kind: 'text' }, 'writer');
  assert.deepEqual(tiny.messages(), []);
  assert.equal(tiny.lastBy('writer'), undefined, 'no author kept for a message history does not hold');
  assert.deepEqual(tiny.snapshot().authors ?? [], []);
  // an edit, a delete (its edits lose their texts), a room gone: the count follows
  const last = big.message(39)!;
  big.rewrite({ ...last, text: 'short now' });
  big.record({ type: 'edit', target: 39, from: 'spam', text: 'short now' });
  big.rewrite({ ...big.message(39)!, text: '', deleted: true });
  assert.equal(budget.total, big.units + small.units);
  budget.remove(big);
  assert.equal(budget.total, small.units);
  // a room restored from a file that holds more than the budget: trimmed as it comes in
  const restored = Room.restore({ ...big.snapshot(), events: Array.from({ length: 30 }, (_, k) => message(k + 1)).map((e) => ({ ...e, text: 'y'.repeat(1000) } as RoomEvent)), seq: 30 }, 500);
  restored.countIn(budget);
  assert.ok(budget.total <= 10_000, `a restored room fits too: ${budget.total}`);
  assert.deepEqual(small.messages().map((m) => m.text), ['keep me']);
});

const edit = (seq: number, target: number, text: string): RoomEvent => ({ type: 'edit', room: 'r', seq, time: ++time, target, from: 'a', text });
const editTexts = (h: RoomHistory) => h.all().flatMap((o) => ((o.msg as RoomEvent).type === 'edit' ? [(o.msg as { text: string }).text] : []));

test("a message that leaves history takes its edits' texts with it (nobody can delete it then; they went to every newcomer)", () => {
  const h = new RoomHistory(3);
  h.keep(new Outbound(message(1)));
  h.keep(new Outbound(edit(2, 1, 'db password: hunter2')));
  h.keep(new Outbound(edit(3, 1, 'db password: hunter2 (staging)')));
  h.keep(new Outbound(message(4)));
  h.keep(new Outbound(edit(5, 4, 'kept: its message is here')));
  h.keep(new Outbound(message(6)));
  assert.deepEqual(editTexts(h), ['db password: hunter2', 'db password: hunter2 (staging)', 'kept: its message is here']);
  const units = h.units;
  h.keep(new Outbound(message(7))); // message 1 leaves
  assert.deepEqual(editTexts(h), ['', '', 'kept: its message is here'], 'the edits stay (in order for a resume), without the text');
  assert.equal(h.units, units + historyUnits(new Outbound(message(7))) - historyUnits(new Outbound(message(1))) - 'db password: hunter2'.length - 'db password: hunter2 (staging)'.length);
  assert.equal(h.dropOldest(), null, 'the budget drops the oldest event: edit 2');
  assert.equal(h.dropOldest(), null);
  assert.equal(h.dropOldest()?.seq, 4, 'then message 4');
  assert.deepEqual(editTexts(h), [''], "and message 4's edit loses its text with it");
});

test('a history file that holds edits of a message no longer in it is restored without their texts', () => {
  const events = [edit(2, 1, 'the secret'), message(3), edit(4, 3, 'its own: kept')];
  const room = Room.restore({ name: 'r', epoch: 'e', topic: '', seq: 4, dropped: 1, events }, 500);
  assert.deepEqual(room.history().flatMap((o) => ((o.msg as RoomEvent).type === 'edit' ? [(o.msg as { text: string }).text] : [])), ['', 'its own: kept']);
});
