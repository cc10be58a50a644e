import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RoomPicker, type RoomPick } from '../../src/vscode/roomPicks';

const LISTED = [
  { name: 'general', topic: 'Pairing on the parser', members: 3 },
  { name: 'design', topic: 'Mockups', members: 1 },
  { name: 'release', topic: '', members: 5 },
];

/** A picker the server's list came to (you are in #general). */
function answered(listed = LISTED, joined = ['general']): RoomPicker {
  const p = new RoomPicker();
  p.listed(listed, joined);
  return p;
}

const rooms = (rows: RoomPick[]) => rows.map((r) => r.label);

test('a new room first, then the rooms you are not in (most people first), then yours; each with its people and topic', () => {
  const rows = answered().rows(['general'], '');
  assert.deepEqual(rows.map((p) => [p.label, p.description, p.detail, p.joined]), [
    ['$(add) New room', 'type its name', undefined, false],
    ['#release', '5 people', undefined, false],
    ['#design', '1 person', 'Mockups', false],
    ['#general', 'you are in it · 3 people', 'Pairing on the parser', true],
  ]);
});

test('the first row is a new room of the name typed, always shown; why a name cannot be one; hidden for a room listed', () => {
  const p = answered();
  assert.deepEqual(p.rows(['general'], '#Docs')[0], { label: '$(add) Create #docs', description: 'a new room: you are its first member', alwaysShow: true, room: 'docs', joined: false, newRoom: true });
  assert.deepEqual(rooms(p.rows(['general'], 'desi')), ['$(add) Create #desi', '#release', '#design', '#general'], 'the picker filters the rest: #design');
  const known = p.rows(['general'], 'design')[0];
  assert.equal(known?.label, '', 'a room of the name is listed: no label to match, so the picker shows it not');
  assert.notEqual(known?.alwaysShow, true);
  const bad = p.rows(['general'], 'no spaces allowed')[0];
  assert.equal(bad?.label, '$(warning) "no spaces allowed" is not a room\'s name');
  assert.equal(bad?.alwaysShow, true);
  assert.equal(bad?.room, '');
  assert.equal(p.rows(['general'], '$(zap)')[0]?.label.includes('"\\$(zap)"'), true, 'no icon drawn from what is typed');
});

test('every row keeps its index while the picker is open: a pick on its way is read against the rows set since', () => {
  // (VS Code says which row by its index: #design clicked as the rows for a key typed or a value cleared were set
  // went to #general, the row that had moved into its place)
  const p = answered();
  const before = p.rows(['general'], 'des');
  for (const typed of ['', 'd', 'design', 'no spaces', 'release', 'zzz']) {
    const after = p.rows(['general'], typed);
    assert.equal(after.length, before.length, typed);
    assert.deepEqual(after.slice(1).map((r) => r.room), before.slice(1).map((r) => r.room), typed);
    assert.equal(after[0]?.newRoom, true, typed);
  }
  // a list again (after Leave): #design is gone from the server, #new came; yours now #design's neighbour
  p.listed([{ name: 'new', topic: '', members: 9 }, { name: 'release', topic: 'v2', members: 4 }, { name: 'general', topic: '', members: 2 }], ['general']);
  const later = p.rows(['general'], '');
  assert.deepEqual(rooms(later), ['$(add) New room', '#release', '#design', '#general', '#new'], 'a room that came goes after the rest');
  assert.equal(later[2]?.description, '0 people', 'a room no longer listed keeps its place, with no one in it');
  assert.equal(later[1]?.detail, 'v2');
  // you left #general: its row stays where it was
  assert.deepEqual(rooms(p.rows([], '')), rooms(later));
  assert.equal(p.rows([], '')[3]?.joined, false);
});

test('before the list came: no room yet but the new one; with no answer, the rooms you are in', () => {
  const p = new RoomPicker();
  assert.deepEqual(rooms(p.rows(['general', 'dev'], '')), ['$(add) New room']);
  assert.equal(p.rows(['general'], 'general')[0]?.label, '', 'a room you are in is not a new room');
  p.listed(undefined, ['general', 'dev']);
  assert.deepEqual(p.rows(['general', 'dev'], '').map((r) => [r.label, r.description]), [['$(add) New room', 'type its name'], ['#general', 'you are in it'], ['#dev', 'you are in it']]);
});

test("a hostile server's names are not offered, and a long topic is cut", () => {
  const rows = answered([{ name: 'ok\u001b[2J', topic: '', members: 1 }, { name: 'Upper', topic: '', members: 1 }, { name: 'fine', topic: 'x'.repeat(5000), members: 1 }], []).rows([], '');
  assert.deepEqual(rooms(rows), ['$(add) New room', '#fine']);
  assert.ok((rows[1]?.detail ?? '').length <= 121);
  assert.equal(answered([{ name: 'x', topic: '$(pass) verified', members: 1 }], []).rows([], '')[1]?.detail, '\\$(pass) verified', 'no icon of the server\'s');
  assert.equal(answered([{ name: 'x', topic: 'safe \u202Etxt.exe\nnext line', members: 1 }], []).rows([], '')[1]?.detail, 'safe txt.exe next line', 'one line, no bidi override (a picker cannot show it)');
});

test('Enter takes the pick selected; with none, or the first row (of a name typed a key ago), the name typed decides', () => {
  const p = answered();
  const design = p.rows(['general'], '').find((r) => r.room === 'design');
  assert.equal(p.accepted(design, ['general'], 'desi'), design, 'a room picked from the list');
  // (Enter before the rows for the last key: none selected)
  assert.equal(p.accepted(undefined, ['general'], 'design')?.room, 'design');
  assert.deepEqual(p.accepted(undefined, ['general'], '#Docs'), p.rows(['general'], '#Docs')[0], 'a new room of the name typed');
  assert.equal(p.accepted(undefined, ['general'], 'general')?.joined, true, 'a room you are in: the panel switches to it');
  // (the new room of the name a key ago was still the row selected: "#desig" made instead of going to #design)
  const stale = p.rows(['general'], 'desig')[0];
  assert.equal(stale?.room, 'desig');
  assert.equal(p.accepted(stale, ['general'], 'design')?.room, 'design');
  assert.equal(p.accepted(stale, ['general'], 'design')?.newRoom, undefined);
  assert.deepEqual(p.accepted(stale, ['general'], 'desig'), stale, 'the new room of the name typed, as it is');
  // (nothing typed, or no room's name: nothing taken, the picker stays open)
  for (const typed of ['', '   ', 'no spaces allowed']) assert.equal(p.accepted(p.rows(['general'], typed)[0], ['general'], typed), undefined, typed);
  const early = new RoomPicker();
  assert.deepEqual(early.accepted(undefined, [], 'first'), early.rows([], 'first')[0], 'before the list came');
  assert.equal(early.accepted(undefined, ['general'], 'general')?.joined, true, 'a room you are in, before the list came');
});
