// The ban list: a ban holds a nickname, an address (never a loopback one) and a session until it is lifted; an
// address two bans share stays banned until both are; a session is found without a scan; the history file's
// bans come back, from the format before /unban too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BanList } from '../../src/node/banList';
import { asciiNick } from '../../src/protocol/asciiNick';

test('a ban holds the nickname (by its key), the address (an IPv6 one as its /64) and the session, until it is lifted', () => {
  const bans = new BanList(1000);
  assert.deepEqual(bans.add('Eve', '2001:db8:1:2::9', 's-eve'), { nick: 'Eve', address: '2001:db8:1:2::9', session: 's-eve' });
  assert.equal(bans.size, 1);
  assert.equal(bans.isBanned('10.0.0.1', 'EVE'), true, 'the nickname, whatever its case');
  assert.equal(bans.isBanned('2001:db8:1:2:ffff::1', 'mallory'), true, 'the address: the same /64');
  assert.equal(bans.isBanned('2001:db8:1:3::9', 'mallory'), false, 'another /64');
  assert.equal(bans.hasNick('eve'), true);
  assert.equal(bans.hasSession('s-eve'), true);
  assert.equal(bans.hasSession('s-other'), false);
  assert.deepEqual(bans.lift('nobody'), []);
  assert.deepEqual(bans.lift('eVe'), [{ nick: 'Eve', address: '2001:db8:1:2::9', session: 's-eve' }]);
  assert.equal(bans.size, 0);
  assert.equal(bans.isBanned('2001:db8:1:2::9', 'Eve'), false);
  assert.equal(bans.hasSession('s-eve'), false);
  assert.equal(bans.toSaved(), undefined, 'nothing to save');
});

test('a loopback address is never banned (everyone on the host machine shares it): the nickname and the session are', () => {
  const bans = new BanList(1000);
  assert.deepEqual(bans.add('eve', '127.0.0.1', 's'), { nick: 'eve', session: 's' });
  assert.equal(bans.isBanned('127.0.0.1', 'bob'), false);
  assert.equal(bans.isBanned('::1', 'eve'), true);
  assert.equal(bans.hasSession('s'), true);
});

test('an address two bans share stays banned until both are lifted', () => {
  const bans = new BanList(1000);
  bans.add('eve', '10.0.0.9', 's1');
  bans.add('mallory', '10.0.0.9', 's2');
  bans.lift('eve');
  assert.equal(bans.isBanned('10.0.0.9', 'newcomer'), true, 'mallory holds it');
  assert.equal(bans.hasSession('s1'), false);
  assert.equal(bans.hasSession('s2'), true);
  bans.lift('mallory');
  assert.equal(bans.isBanned('10.0.0.9', 'newcomer'), false);
});

test("a ban is lifted by the xn-- form an ASCII reader is shown its nickname in; the list says who is banned, 20 names at most", () => {
  const bans = new BanList(1000);
  assert.equal(bans.described((b) => b.nick), 'nobody is');
  bans.add('Борис', '10.0.0.1');
  const shown = asciiNick('Борис');
  assert.match(shown, /^xn--/);
  assert.equal(bans.described((b) => asciiNick(b.nick)), `banned: ${shown}`);
  assert.deepEqual(bans.lift(shown.toUpperCase()).map((b) => b.nick), ['Борис']);
  for (let i = 0; i < 23; i++) bans.add(`n${i}`, `10.0.1.${i}`);
  assert.equal(bans.described((b) => b.nick), `banned: ${Array.from({ length: 20 }, (_, i) => `n${i}`).join(', ')}, and 3 more`);
});

test('the sessions are looked up in an index: a ban replaced, lifted or shared keeps it true', () => {
  const bans = new BanList(1000);
  bans.restore({ nicks: [], addresses: [], entries: [{ nick: 'a', session: 's' }, { nick: 'b', session: 's' }, { nick: 'A', session: 't' }] });
  assert.equal(bans.size, 2, "the later of a's two entries holds");
  assert.equal(bans.hasSession('t'), true);
  bans.lift('a');
  assert.equal(bans.hasSession('t'), false);
  assert.equal(bans.hasSession('s'), true, "b's");
  bans.lift('b');
  assert.equal(bans.hasSession('s'), false);
});

test('saved and restored: the entries, and the nicknames and addresses as an earlier version reads them', () => {
  const bans = new BanList(1000);
  bans.add('Eve', '10.0.0.9', 's');
  bans.add('bob', '127.0.0.1');
  const saved = bans.toSaved();
  assert.deepEqual(saved, { nicks: ['eve', 'bob'], addresses: ['10.0.0.9'], entries: [{ nick: 'Eve', address: '10.0.0.9', session: 's' }, { nick: 'bob' }] });
  const again = new BanList(1000);
  again.restore(saved);
  assert.deepEqual(again.toSaved(), saved);
  assert.equal(again.hasSession('s'), true);
  assert.deepEqual(again.lift('eve').map((b) => b.address), ['10.0.0.9']);
  assert.equal(again.isBanned('10.0.0.9', 'x'), false, 'lifted with its ban');
});

test('a file from before /unban (nicknames and addresses alone): each nickname is a ban, lifted by its name; its addresses stay banned', () => {
  const bans = new BanList(1000);
  bans.restore({ nicks: ['alice', 'al\u0131ce'], addresses: ['10.0.0.9', '2001:db8:1:2::5'] });
  assert.equal(bans.size, 1, 'folded again: alıce is alice');
  assert.equal(bans.isBanned('2001:db8:1:2::77', 'x'), true);
  assert.deepEqual(bans.lift('alice').map((b) => b.nick), ['alice']);
  assert.equal(bans.isBanned('10.0.0.1', 'alice'), false);
  assert.equal(bans.isBanned('10.0.0.9', 'x'), true, 'no ban held the address: nothing lifts it');
  bans.restore(undefined);
  assert.equal(bans.size, 0);
});

test('a ban holds every name that looks like the banned one, as written or in capitals (Greek ΝΙΚΟ for NIKO), until it is lifted; a saved ban keeps its key', () => {
  const bans = new BanList(1000);
  bans.add('NIKO', '127.0.0.1', 's');
  for (const n of ['niko', '\u039d\u0399\u039a\u039f', '\u039d\u03b9\u03ba\u03bf']) assert.equal(bans.isBanned('10.0.0.1', n), true, n); // ΝΙΚΟ, Νικο
  assert.equal(bans.isBanned('10.0.0.1', '\u039d\u03af\u03ba\u03bf\u03c2'), false, 'Νίκος is another name');
  bans.add('\u0397\u03b1\u03b7\u03ba', '127.0.0.1'); // Ηαηκ, banned as written
  assert.equal(bans.isBanned('10.0.0.1', 'Hank'), true, 'Hank looks like it');
  assert.equal(bans.isBanned('10.0.0.1', '\u03b7\u03b1\u03b7\u03ba'), true, 'ηαηκ: the same letters in small');
  const saved = bans.toSaved();
  assert.deepEqual(saved?.nicks, ['nlko', 'nank'], 'as nickKey reads them: what an earlier version reads');
  const again = new BanList(1000);
  again.restore({ nicks: saved!.nicks, addresses: [] }); // (a file of an earlier version: the keys alone)
  for (const n of ['NIKO', 'nank', '\u03b7\u03b1\u03b7\u03ba']) assert.equal(again.isBanned('10.0.0.1', n), true, `${n}: the ban did not lapse`);
  bans.lift('niko');
  assert.equal(bans.isBanned('10.0.0.1', '\u039d\u0399\u039a\u039f'), false, 'lifted: ΝΙΚΟ with it');
  assert.equal(bans.hasNick('nlko'), false);
  assert.equal(bans.hasNick('hank'), true, "Ηαηκ's, as written");
});

test('/unban of a look-alike lifts every ban that refuses a newcomer called so (Greek ΝΙΚΟ lifts NIKO\'s), from an earlier file too; a name that reads as no ban lifts nothing', () => {
  const bans = new BanList(1000);
  bans.add('NIKO', '10.0.0.1', 's-niko');
  assert.deepEqual(bans.find('\u039d\u0399\u039a\u039f').map((b) => b.nick), ['NIKO'], 'ΝΙΚΟ: found, not lifted');
  assert.equal(bans.size, 1);
  assert.deepEqual(bans.lift('\u039d\u0399\u039a\u039f'), [{ nick: 'NIKO', address: '10.0.0.1', session: 's-niko' }]);
  assert.deepEqual([bans.size, bans.isBanned('10.0.0.1', 'x'), bans.isBanned('10.0.0.2', 'NIKO'), bans.hasSession('s-niko')], [0, false, false, false]);
  // ηαηκ and Hank, banned apart (no reading of one is the other's), both refuse Ηαηκ: its unban lifts both
  bans.add('\u03b7\u03b1\u03b7\u03ba', '10.0.0.3', 's-small');
  bans.add('Hank', '10.0.0.4');
  bans.add('carol', '10.0.0.5');
  assert.deepEqual(bans.lift('\u0396\u03c9\u03ae'), [], 'Ζωή reads as no ban');
  assert.deepEqual(bans.lift('\u0397\u03b1\u03b7\u03ba').map((b) => b.nick), ['\u03b7\u03b1\u03b7\u03ba', 'Hank'], 'in the order they were made');
  assert.deepEqual([bans.size, bans.isBanned('10.0.0.9', '\u0397\u03b1\u03b7\u03ba'), bans.isBanned('10.0.0.3', 'x'), bans.hasSession('s-small')], [1, false, false, false]);
  assert.deepEqual(bans.toSaved(), { nicks: ['carol'], addresses: ['10.0.0.5'], entries: [{ nick: 'carol', address: '10.0.0.5' }] }, 'saved without them');
  // a file from before /unban keeps NIKO's key alone (nlko): ΝΙΚΟ lifts it as well
  const old = new BanList(1000);
  old.restore({ nicks: ['nlko'], addresses: [] });
  assert.deepEqual(old.lift('\u039d\u0399\u039a\u039f').map((b) => b.nick), ['nlko']);
  assert.equal(old.isBanned('10.0.0.1', 'NIKO'), false);
});

test('at most `max` bans: one past it is refused and bans nothing, until a ban is lifted', () => {
  const bans = new BanList(2);
  assert.ok(bans.add('a', '10.0.0.1', 'sa'));
  assert.ok(bans.add('b', '10.0.0.2', 'sb'));
  assert.equal(bans.add('c', '10.0.0.3', 'sc'), undefined);
  assert.equal(bans.size, 2);
  assert.deepEqual([bans.isBanned('10.0.0.3', 'x'), bans.isBanned('10.0.0.9', 'c'), bans.hasSession('sc')], [false, false, false]);
  bans.lift('a');
  assert.deepEqual(bans.add('c', '10.0.0.3', 'sc'), { nick: 'c', address: '10.0.0.3', session: 'sc' });
  assert.equal(bans.isBanned('10.0.0.3', 'x'), true);
});

test('a history file with more bans than `max` keeps them all (none is lifted but by /unban); no more are added until there are fewer', () => {
  const bans = new BanList(2);
  bans.restore({ nicks: [], addresses: ['10.0.0.1', '10.0.0.2', '10.0.0.3'], entries: [1, 2, 3].map((i) => ({ nick: `n${i}`, address: `10.0.0.${i}`, session: `s${i}` })) });
  assert.equal(bans.size, 3);
  assert.deepEqual([1, 2, 3].map((i) => bans.isBanned(`10.0.0.${i}`, 'x') && bans.hasSession(`s${i}`)), [true, true, true]);
  assert.equal(bans.add('m', '10.0.0.4'), undefined);
  bans.lift('n1');
  assert.equal(bans.add('m', '10.0.0.4'), undefined, 'still 2: the most');
  bans.lift('n2');
  assert.ok(bans.add('m', '10.0.0.4'));
});

test('a ban that replaces another of the same nickname takes the old address with it: /unban lifts every address the name was banned with', () => {
  const bans = new BanList(1000);
  bans.add('eve', '10.0.0.1', 's1');
  bans.add('Eve', '10.0.0.2', 's2'); // (a second /ban of the name: the later ban holds it)
  assert.equal(bans.size, 1);
  assert.equal(bans.isBanned('10.0.0.1', 'x'), false, 'no ban holds the first address any longer');
  assert.equal(bans.hasSession('s1'), false);
  assert.deepEqual(bans.toSaved()?.addresses, ['10.0.0.2']);
  bans.lift('eve');
  assert.deepEqual([bans.isBanned('10.0.0.1', 'x'), bans.isBanned('10.0.0.2', 'x')], [false, false]);
  // the same address again, and one another ban shares: they stay banned while a ban holds them
  bans.add('mallory', '10.0.0.3');
  bans.add('eve', '10.0.0.3');
  bans.add('eve', '10.0.0.3');
  bans.add('eve', '10.0.0.4');
  assert.equal(bans.isBanned('10.0.0.3', 'x'), true, "mallory's");
  bans.lift('mallory');
  assert.deepEqual([bans.isBanned('10.0.0.3', 'x'), bans.isBanned('10.0.0.4', 'x')], [false, true]);
});

test('a history file whose later entry replaces an earlier one of the same key (folded again): the earlier address is not banned, and /unban lifts the rest', () => {
  const bans = new BanList(1000);
  // (a\u0131ce: alıce, which an earlier build kept apart from alice; both addresses listed, as toSaved wrote them)
  bans.restore({ nicks: [], addresses: ['10.0.0.1', '10.0.0.2', '10.0.0.9'], entries: [{ nick: 'alice', address: '10.0.0.1' }, { nick: 'al\u0131ce', address: '10.0.0.2' }] });
  assert.equal(bans.size, 1);
  assert.equal(bans.isBanned('10.0.0.1', 'x'), false, "the replaced entry's address");
  assert.equal(bans.isBanned('10.0.0.2', 'x'), true);
  assert.equal(bans.isBanned('10.0.0.9', 'x'), true, 'an address no entry holds (from before /unban) stays');
  bans.lift('alice');
  assert.deepEqual([bans.isBanned('10.0.0.1', 'x'), bans.isBanned('10.0.0.2', 'x'), bans.isBanned('10.0.0.9', 'x')], [false, false, true]);
  assert.deepEqual(bans.toSaved(), { nicks: [], addresses: ['10.0.0.9'], entries: [] });
});
