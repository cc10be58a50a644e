// The direct messages sessions keep for a resume: numbered per session, given again after what a client saw, the
// last 100 of each, and at most DM_KEEP_UNITS of text together, those gone longest giving theirs up first and then
// connected sessions evenly. Plain objects for sessions: no server, no sockets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DmEvent } from '../../src/protocol/messages';
import { DM_KEEP, DM_KEEP_UNITS, KeptDms, type DmSession } from '../../src/node/keptDms';

const GAP = 1000;

function dm(text: string): DmEvent {
  return { type: 'dm', from: 'ada', to: 'bob', text, kind: 'text', time: 1 };
}

/** A session with no messages yet: connected unless `leftAt` says when it went away. */
function session(leftAt?: number): DmSession {
  return { dms: [], dmSeq: 0, peer: leftAt === undefined ? {} : undefined, leftAt: leftAt ?? 0 };
}

/** The kept messages of `sessions` (in that order for the trim). */
function kept(...sessions: DmSession[]): KeptDms {
  return new KeptDms(GAP, () => sessions);
}

const seqs = (s: DmSession) => s.dms.map((d) => d.seq);

test('each session numbers its own direct messages from 1, and keeps them counted in units of text', () => {
  const a = session();
  const b = session();
  const dms = kept(a, b);
  const event = dm('hi');
  assert.deepEqual(dms.deliver(a, event), { ...event, seq: 1 });
  assert.equal(event.seq, undefined, 'a numbered copy: the other side numbers it in its own session');
  assert.equal(dms.deliver(b, event).seq, 1);
  assert.equal(dms.deliver(a, dm('there')).seq, 2);
  assert.deepEqual(seqs(a), [1, 2]);
  assert.equal(a.dmSeq, 2);
  assert.equal(dms.units, 'hi'.length * 2 + 'there'.length);
});

test('a resume gets again what came after the number its client saw; a number past the kept one goes on from there, by the restart gap at most', () => {
  const s = session();
  const dms = kept(s);
  for (const t of ['one', 'two', 'three']) dms.deliver(s, dm(t));
  const sent: DmEvent[] = [];
  dms.replay(s, 1, (d) => sent.push(d));
  assert.deepEqual(sent.map((d) => [d.seq, d.text]), [[2, 'two'], [3, 'three']]);
  sent.length = 0;
  dms.replay(s, 3, (d) => sent.push(d));
  assert.deepEqual(sent, [], 'all seen');
  assert.equal(s.dmSeq, 3);
  // a client that saw numbers a restarted host lost: the next is past them, never one it has
  dms.replay(s, 10, () => assert.fail('nothing past 10'));
  assert.equal(s.dmSeq, 10);
  assert.equal(dms.deliver(s, dm('four')).seq, 11);
  // a claim past anything a host lost (2^53 - 1): numbered on by the gap, within the safe integers
  dms.replay(s, Number.MAX_SAFE_INTEGER, () => assert.fail('nothing past it'));
  assert.equal(s.dmSeq, 11 + GAP);
});

test('a session keeps its last DM_KEEP (100) direct messages', () => {
  assert.equal(DM_KEEP, 100);
  const s = session();
  const dms = kept(s);
  for (let i = 1; i <= DM_KEEP + 5; i++) dms.deliver(s, dm(`m${i}`));
  assert.equal(s.dms.length, 100);
  assert.deepEqual(seqs(s).slice(0, 2), [6, 7], 'the oldest went');
  assert.equal(s.dms.at(-1)?.seq, 105);
  assert.equal(dms.units, s.dms.reduce((n, d) => n + d.text.length, 0), 'what went is no longer counted');
});

test('past DM_KEEP_UNITS, the sessions gone longest give up theirs first, down to nine tenths; then connected ones lose their oldest evenly', () => {
  const unit = 64 * 1024;
  assert.equal(DM_KEEP_UNITS, 128 * unit);
  const long = 'x'.repeat(unit);
  // (gone later first in the list: the trim goes by when they left, not by the order of the sessions)
  const goneLater = session(20);
  const goneFirst = session(10);
  const c1 = session();
  const c2 = session();
  const dms = kept(goneLater, goneFirst, c1, c2);
  const fill = (s: DmSession, n: number) => {
    for (let i = 0; i < n; i++) dms.deliver(s, dm(long));
  };
  fill(goneLater, 20);
  fill(goneFirst, 20);
  fill(c1, 44);
  fill(c2, 44);
  assert.equal(dms.units, DM_KEEP_UNITS, 'at the budget: nothing goes');
  assert.equal(goneFirst.dms.length, 20);

  fill(c1, 1); // 129 units: the session gone first gives up all of its (109 is within nine tenths: 115.2)
  assert.deepEqual([goneFirst.dms.length, goneLater.dms.length, c1.dms.length, c2.dms.length], [0, 20, 45, 44]);
  assert.equal(dms.units, 109 * unit);

  fill(c2, 20); // 129 again: then the one gone later
  assert.deepEqual([goneLater.dms.length, c1.dms.length, c2.dms.length], [0, 45, 64]);
  assert.equal(dms.units, 109 * unit);

  fill(c1, 20); // 129, with no session gone: the connected ones lose their oldest in turn, 14 down to 115
  assert.deepEqual([c1.dms.length, c2.dms.length], [65 - 7, 64 - 7]);
  assert.deepEqual([c1.dms[0]?.seq, c2.dms[0]?.seq], [8, 8], 'the oldest of each');
  assert.equal(dms.units, 115 * unit);
});

test('a forgotten session no longer counts: its room in the budget is free', () => {
  const a = session(5);
  const b = session();
  const dms = kept(a, b);
  dms.deliver(a, dm('abc'));
  dms.deliver(a, dm('de'));
  dms.deliver(b, dm('fghij'));
  dms.forget(a);
  assert.deepEqual(a.dms, []);
  assert.equal(a.dmSeq, 2, 'its numbering goes on');
  assert.equal(dms.units, 5);
  dms.forget(a);
  assert.equal(dms.units, 5, 'twice is once');
});

test("a restart takes a saved session's last 100 and numbers on past them by the gap; fit trims them all to the budget", () => {
  const saved = Array.from({ length: 120 }, (_, i) => ({ ...dm('x'.repeat(100_000)), seq: i + 1 }));
  const s = session(1);
  const dms = kept(s);
  const back = dms.restore({ dms: saved, dmSeq: 50 });
  assert.equal(back.dms.length, 100);
  assert.equal(back.dms[0]?.seq, 21);
  assert.equal(back.dmSeq, 120 + GAP, 'past the last kept number, when the file says less');
  assert.equal(dms.units, 100 * 100_000);
  assert.equal(dms.restore({ dmSeq: 7 }).dmSeq, 7 + GAP);
  assert.deepEqual(dms.restore({}), { dms: [], dmSeq: GAP });
  s.dms = back.dms;
  s.dmSeq = back.dmSeq;
  dms.fit(); // 10 M units, past the budget: the session (it has no connection) gives them up
  assert.deepEqual([s.dms.length, dms.units], [0, 0]);
  dms.fit();
  assert.equal(dms.units, 0);
});

test('what the history file keeps of a session: its messages and number, nothing when it has none', () => {
  assert.deepEqual(KeptDms.saved(session()), {});
  const s = session();
  kept(s).deliver(s, dm('hi'));
  assert.deepEqual(KeptDms.saved(s), { dms: s.dms, dmSeq: 1 });
});
