import { test } from 'node:test';
import assert from 'node:assert/strict';
import { acceptedPick, roomPicks } from '../../src/vscode/roomPicks';

const LISTED = [
  { name: 'general', topic: 'Pairing on the parser', members: 3 },
  { name: 'design', topic: 'Mockups', members: 1 },
  { name: 'release', topic: '', members: 5 },
];

test('the rooms you are not in first (most people first), then yours; each with its people and topic', () => {
  const picks = roomPicks(LISTED, ['general'], '');
  assert.deepEqual(picks.map((p) => [p.label, p.description, p.detail, p.joined]), [
    ['#release', '5 people', undefined, false],
    ['#design', '1 person', 'Mockups', false],
    ['#general', 'you are in it · 3 people', 'Pairing on the parser', true],
  ]);
});

test('a name typed that no room has: a new room of that name, first and always shown; a valid name only', () => {
  assert.deepEqual(roomPicks(LISTED, ['general'], '#Docs')[0], { label: '$(add) Create #docs', description: 'a new room: you are its first member', alwaysShow: true, room: 'docs', joined: false });
  assert.deepEqual(roomPicks(LISTED, ['general'], 'desi').map((p) => p.label).slice(0, 2), ['$(add) Create #desi', '#release'], 'a new one, and the list (the picker filters it: #design)');
  assert.equal(roomPicks(LISTED, ['general'], 'design').some((p) => p.label.includes('Create')), false, 'it exists');
  assert.equal(roomPicks(LISTED, ['general'], 'no spaces allowed').some((p) => p.label.includes('Create')), false);
});

test('before the list came: the rooms you are in, and a new one', () => {
  assert.deepEqual(roomPicks(undefined, ['general', 'dev'], '').map((p) => [p.label, p.description]), [['#general', 'you are in it'], ['#dev', 'you are in it']]);
});

test("a hostile server's names are not offered, and a long topic is cut", () => {
  const picks = roomPicks([{ name: 'ok\u001b[2J', topic: '', members: 1 }, { name: 'Upper', topic: '', members: 1 }, { name: 'fine', topic: 'x'.repeat(5000), members: 1 }], [], '');
  assert.deepEqual(picks.map((p) => p.label), ['#fine']);
  assert.ok((picks[0]?.detail ?? '').length <= 121);
  assert.equal(roomPicks([{ name: 'x', topic: '$(pass) verified', members: 1 }], [], '')[0]?.detail, '\\$(pass) verified', 'no icon of the server\'s');
  assert.equal(roomPicks([{ name: 'x', topic: 'safe \u202Etxt.exe\nnext line', members: 1 }], [], '')[0]?.detail, 'safe txt.exe next line', 'one line, no bidi override (a picker cannot show it)');
});

test('Enter takes the pick selected; with none, or a new room of a name typed a key ago, the name typed decides', () => {
  const design = roomPicks(LISTED, ['general'], '').find((p) => p.room === 'design');
  assert.equal(acceptedPick(design, LISTED, ['general'], 'desi'), design, 'a room picked from the list');
  // (Enter before the picks for the last key: none selected)
  assert.equal(acceptedPick(undefined, LISTED, ['general'], 'design')?.room, 'design');
  assert.deepEqual(acceptedPick(undefined, LISTED, ['general'], '#Docs'), roomPicks(LISTED, ['general'], '#Docs')[0], 'a new room of the name typed');
  assert.equal(acceptedPick(undefined, LISTED, ['general'], 'general')?.joined, true, 'a room you are in: the panel switches to it');
  // (the new room of the name a key ago, always shown, was still the one selected: "#desig" made instead of going to #design)
  const stale = roomPicks(LISTED, ['general'], 'desig')[0];
  assert.equal(stale?.room, 'desig');
  assert.equal(acceptedPick(stale, LISTED, ['general'], 'design')?.room, 'design');
  assert.equal(acceptedPick(stale, LISTED, ['general'], 'desig'), stale, 'the new room of the name typed, as it is');
  for (const typed of ['', '   ', 'no spaces allowed']) assert.equal(acceptedPick(undefined, LISTED, ['general'], typed), undefined, typed);
  assert.deepEqual(acceptedPick(undefined, undefined, [], 'first'), roomPicks(undefined, [], 'first')[0], 'before the list came');
});
