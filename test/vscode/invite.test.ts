import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addRecent, ago, chosenNick, recentDescription, inviteText, makeInvite, parseInvite, parseRecent, reachableAddresses, rekeyedIn, renamedIn, roomOf, shownAddress } from '../../src/vscode/invite';

const okAddr = (input: string) => {
  const r = parseInvite(input);
  assert.ok(r.ok, `${input}: ${r.ok ? '' : r.error}`);
  return r.address;
};

test('bare addresses', () => {
  assert.equal(okAddr('127.0.0.1:4000'), '127.0.0.1:4000');
  assert.equal(okAddr('  devbox.local:55556 '), 'devbox.local:55556');
  assert.equal(okAddr('10.0.0.5'), '10.0.0.5:55555');
  assert.equal(okAddr('[::1]:4000'), '[::1]:4000');
  assert.equal(okAddr('tcp://10.0.0.5:4000/'), '10.0.0.5:4000');
});

test('commands people paste', () => {
  assert.equal(okAddr('npx tcp-chat join 192.168.1.20:55555'), '192.168.1.20:55555');
  assert.equal(okAddr('tcp-chat join 192.168.1.20:4001'), '192.168.1.20:4001');
  assert.equal(okAddr('nc 192.168.1.20 4002'), '192.168.1.20:4002');
  // netcat takes an IPv6 host bare ("nc [::1] 4000" fails in getaddrinfo); either reads back
  assert.equal(okAddr('nc ::1 4000'), '[::1]:4000');
  assert.equal(okAddr('telnet [fe80::1] 4000'), '[fe80::1]:4000');
  // netcat's options before the host; the CLI's join with no port (its 55555, as Join Chat's), options around it
  assert.equal(okAddr('nc -v 127.0.0.1 4000'), '127.0.0.1:4000');
  assert.equal(okAddr('nc -N -w 5 10.0.0.9 4001'), '10.0.0.9:4001');
  // the host and port as nc takes them, without the nc; a host name with `_` (a Docker Compose service)
  assert.equal(okAddr('10.0.0.9 4001'), '10.0.0.9:4001');
  assert.equal(okAddr('::1 4000'), '[::1]:4000');
  assert.equal(okAddr('build_box:4000'), 'build_box:4000');
  assert.equal(okAddr('chat_server 4000'), 'chat_server:4000');
  assert.equal(parseInvite('meet 4000').ok, true, 'a host named meet');
  assert.equal(parseInvite('10.0.0.9 4001 5').ok, false, 'three words: no host and port');
  assert.equal(okAddr('tcp-chat join localhost'), 'localhost:55555');
  assert.equal(okAddr('tcp-chat join [::1]'), '[::1]:55555');
  assert.equal(okAddr('npx tcp-chat join --nick 10.0.0.1 host.lan --room dev'), 'host.lan:55555', "an option's value is no address");
  assert.equal(okAddr('node dist/cli.js join -n bob 10.0.0.5'), '10.0.0.5:55555');
  assert.equal(parseInvite('tcp-chat join --nick bob').ok, false, 'no address: nothing to join');
  // what is around an address in a sentence or a link goes (the trailing part without a regex: a pasted run of
  // 64,000 slashes or dots with something after it took 10 s of the extension host's time)
  assert.equal(okAddr('join me at (tcp://192.168.1.20:4003/).'), '192.168.1.20:4003');
  assert.equal(okAddr('"192.168.1.20:4004",'), '192.168.1.20:4004');
  for (const run of ['/', '.', ')']) assert.equal(parseInvite(`a${run.repeat(64_000)}\u0001 x`).ok, false);
});

test("Copy Invite's netcat command is one netcat runs: an IPv6 host without brackets", () => {
  assert.match(inviteText('[fe80::1]:4000'), / or: nc fe80::1 4000\)$/);
  assert.match(inviteText('10.0.0.5:4000'), / or: nc 10\.0\.0\.5 4000\)$/);
  assert.match(inviteText('10.0.0.5:4000'), /terminal: tcp-chat join 10\.0\.0\.5:4000 /, 'the installed command: npx would fetch whatever is published under the name');
  // (the address once, as the invite: it read `room at 10.0.0.5:4000: 10.0.0.5:4000`)
  assert.equal(inviteText('10.0.0.5:4000'), 'Join my TCP Chat room: 10.0.0.5:4000 (VS Code: "TCP Chat: Join Chat"; terminal: tcp-chat join 10.0.0.5:4000 or: nc 10.0.0.5 4000)');
  // a private room's key stays off the command line, where any user of the machine reads it
  const key = 'k'.repeat(32);
  const keyed = inviteText(`tcpchat://10.0.0.5:4000/${key}`);
  assert.match(keyed, /terminal: tcp-chat join, then paste the invite\)$/);
  assert.equal(keyed.split(key).length, 2, 'the key once: in the invite');
});

test('an invite from Copy Invite reads back to its address', () => {
  for (const a of ['192.168.1.20:55555', '[fe80::1]:4000', 'host-a:1234']) {
    assert.equal(okAddr(inviteText(a)), a);
  }
});

test('bad input names the problem', () => {
  for (const bad of ['', '   ', 'host:99999', 'host:abc', 'a b c', '1:2:3', 'hello world']) {
    const r = parseInvite(bad);
    assert.equal(r.ok, false, bad);
    if (!r.ok) assert.ok(r.error.length > 5);
  }
  const r = parseInvite('10.0.0.1:70000');
  assert.ok(!r.ok && /out of range/.test(r.error));
});

test('reachable addresses for a bind address', () => {
  const ifs = [
    { address: '127.0.0.1', family: 'IPv4', internal: true },
    { address: '192.168.1.20', family: 'IPv4', internal: false },
    { address: 'fe80::1', family: 'IPv6', internal: false },
    { address: '10.0.0.7', family: 4, internal: false },
  ];
  assert.deepEqual(reachableAddresses('127.0.0.1', 4000, ifs), ['127.0.0.1:4000']);
  assert.deepEqual(reachableAddresses('0.0.0.0', 4000, ifs), ['192.168.1.20:4000', '10.0.0.7:4000']);
  assert.deepEqual(reachableAddresses('0.0.0.0', 4000, [ifs[0]!]), ['127.0.0.1:4000']);
  // Docker's bridge (and other adapters to this machine's containers and VMs) listed first by the system: the
  // invite takes the network's address, not 172.17.0.1, which no colleague reaches
  const withDocker = [
    { name: 'docker0', address: '172.17.0.1', family: 'IPv4', internal: false },
    { name: 'vEthernet (WSL)', address: '172.29.0.1', family: 'IPv4', internal: false },
    { name: 'wlan0', address: '192.168.1.20', family: 'IPv4', internal: false },
    { name: 'eth0', address: '10.0.0.7', family: 'IPv4', internal: false },
  ];
  assert.deepEqual(reachableAddresses('0.0.0.0', 4000, withDocker), ['192.168.1.20:4000', '10.0.0.7:4000', '172.17.0.1:4000', '172.29.0.1:4000']);
});

test('recent rooms: a nickname chosen in a room (a rename there) is the one it is joined with again', () => {
  let list = addRecent(addRecent([], { address: '10.0.0.1:7', lastUsed: 1, nick: 'Ada_Lovelace' }), { address: '10.0.0.2:7', lastUsed: 2, nick: 'Ada_Lovelace' });
  assert.equal(chosenNick(list, '10.0.0.1:7'), undefined, 'the default it was joined with is no choice: a new default applies');
  list = renamedIn(list, '10.0.0.1:7', 'ada');
  assert.equal(chosenNick(list, '10.0.0.1:7'), 'ada');
  assert.equal(chosenNick(list, '10.0.0.2:7'), undefined, 'the other room keeps the default');
  assert.equal(chosenNick(list, '10.0.0.3:7'), undefined);
  assert.deepEqual(renamedIn(list, '10.0.0.9:7', 'x'), list, 'a room not in the list is not added');
  // its owner's /newkey: the room is joined again with the new invite, under the nickname chosen there
  const [k1, k2] = ['A'.repeat(32), 'B'.repeat(32)];
  const keyed = addRecent(list, { address: `tcpchat://10.0.0.4:7/${k1}`, lastUsed: 3, nick: 'ada', chosen: true });
  const rekeyed = rekeyedIn(keyed, `tcpchat://10.0.0.4:7/${k1}`, `tcpchat://10.0.0.4:7/${k2}`);
  assert.deepEqual(rekeyed[0], { address: `tcpchat://10.0.0.4:7/${k2}`, lastUsed: 3, nick: 'ada', chosen: true });
  assert.deepEqual(rekeyed.slice(1), keyed.slice(1), 'the other rooms as they were');
  // kept across restarts, as stored; a stored choice that is no valid nickname (a damaged state) is none
  const stored = JSON.parse(JSON.stringify(list)) as unknown;
  assert.equal(chosenNick(parseRecent(stored), '10.0.0.1:7'), 'ada');
  assert.equal(chosenNick(parseRecent([{ address: 'x:1', lastUsed: 1, nick: 'a b', chosen: true }]), 'x:1'), undefined);
  assert.equal(chosenNick(parseRecent([{ address: 'x:1', lastUsed: 1, nick: 'ab', chosen: 'yes' }]), 'x:1'), undefined);
});

test('recent rooms: most recent first, no duplicates, capped', () => {
  let list = parseRecent(undefined);
  for (let i = 0; i < 12; i++) list = addRecent(list, { address: `10.0.0.${i}:1`, lastUsed: i });
  assert.equal(list.length, 8);
  assert.equal(list[0]?.address, '10.0.0.11:1');
  list = addRecent(list, { address: '10.0.0.5:1', lastUsed: 99 });
  assert.equal(list[0]?.address, '10.0.0.5:1');
  assert.equal(list.filter((r) => r.address === '10.0.0.5:1').length, 1);
  assert.deepEqual(parseRecent([{ address: 'x:1', lastUsed: 1 }, { address: 'not an address!' }, 7, null, { address: 'x:1' }]), [{ address: 'x:1', lastUsed: 1 }]);
});

test('ago', () => {
  assert.equal(ago(0, 10_000), 'just now');
  assert.equal(ago(0, 60_000), '1 minute ago');
  assert.equal(ago(0, 3 * 3600_000), '3 hours ago');
  assert.equal(ago(0, 72 * 3600_000), '3 days ago');
});

test("the recent rooms' list says when each was joined (the time it keeps), as whom, and whether it is private", () => {
  // (a room left a moment ago after an hour in it said "1 hour ago", as if that were when it was last there)
  assert.equal(recentDescription({ address: '127.0.0.1:55555', lastUsed: 0, nick: 'robert' }, 3600_000), 'joined 1 hour ago as robert');
  assert.equal(recentDescription({ address: '127.0.0.1:55555', lastUsed: 0 }, 10_000), 'joined just now');
  assert.equal(recentDescription({ address: `tcpchat://10.0.0.5:4000/${'k'.repeat(32)}`, lastUsed: 0, nick: '$(lock)bob' }, 120_000), 'joined 2 minutes ago as \\$(lock)bob · private');
});

test('private rooms: the invite carries the key; a damaged key is named, never dropped', () => {
  const key = 'AbCdEfGhIjKlMnOpQrStUvWxYz012345';
  const r = parseInvite(`tcpchat://192.168.1.20:55555/${key}`);
  assert.ok(r.ok);
  assert.equal(r.key, key);
  assert.equal(r.address, '192.168.1.20:55555');
  assert.equal(r.invite, `tcpchat://192.168.1.20:55555/${key}`);
  assert.equal(makeInvite('192.168.1.20:55555', key), r.invite);
  assert.equal(makeInvite('192.168.1.20:55555', undefined), '192.168.1.20:55555');
  // pasted inside a sentence, or as the terminal command
  const line = inviteText(r.invite);
  assert.doesNotMatch(line, /\bnc\b/, 'netcat cannot join a private room');
  const back = parseInvite(line);
  assert.ok(back.ok && back.key === key && back.address === '192.168.1.20:55555');
  const cmd = parseInvite(`npx tcp-chat join tcpchat://10.0.0.5:4000/${key}`);
  assert.ok(cmd.ok && cmd.key === key && cmd.port === 4000);
  const damaged = parseInvite('tcpchat://10.0.0.5:4000/short');
  assert.ok(!damaged.ok && /cut off/.test(damaged.error));
  // what a sentence or Markdown puts after it, and a key broken onto the next line, are no damage
  const invite = `tcpchat://192.168.1.20:55555/${key}`;
  for (const pasted of [`${invite}!`, `join ${invite}?`, `**${invite}**`, `*${invite}*`, `[the room](${invite})`, `[${invite}](${invite})`, `${invite}.`, `tcpchat://192.168.1.20:55555\n/${key}`]) {
    const p = parseInvite(pasted);
    assert.ok(p.ok && p.key === key, `${JSON.stringify(pasted)}: ${p.ok ? p.invite : p.error}`);
  }
  assert.ok(!parseInvite('tcpchat://10.0.0.5:4000/').ok, 'an empty key is still an error');
  // a keyed invite is kept in the recent list as is
  assert.deepEqual(parseRecent([{ address: r.invite, lastUsed: 5 }]), [{ address: r.invite, lastUsed: 5 }]);
});

test('shownAddress: host:port of an invite or an address, never the key', () => {
  const key = 'A'.repeat(32);
  assert.equal(shownAddress(`tcpchat://192.168.1.20:4000/${key}`), '192.168.1.20:4000');
  assert.equal(shownAddress('192.168.1.20:4000'), '192.168.1.20:4000');
  assert.equal(shownAddress('not an address at all'), 'not an address at all');
});

test('the recent list has one entry a room: a private room hosted again (a new key) replaces its old entry and keeps the nickname chosen there; spellings of one address are one', () => {
  const key = (c: string) => c.repeat(32);
  let list = addRecent([], { address: '10.0.0.9:1', lastUsed: 1 });
  list = addRecent(list, { address: `tcpchat://10.0.0.5:55555/${key('a')}`, lastUsed: 2, nick: 'robert' });
  list = renamedIn(list, `tcpchat://10.0.0.5:55555/${key('a')}`, 'robert');
  // the next day: the same host, a new key
  assert.equal(chosenNick(list, `tcpchat://10.0.0.5:55555/${key('b')}`), 'robert');
  list = addRecent(list, { address: `tcpchat://10.0.0.5:55555/${key('b')}`, lastUsed: 3, nick: 'robert', chosen: true });
  assert.deepEqual(list.map((r) => r.address), [`tcpchat://10.0.0.5:55555/${key('b')}`, '10.0.0.9:1']);
  for (const a of ['LOCALHOST:4000', 'localhost:4000', '[::1]:4000', '[::0001]:4000', '[0:0:0:0:0:0:0:1]:4000']) list = addRecent(list, { address: a, lastUsed: 4 });
  assert.deepEqual(list.map((r) => r.address), ['[0:0:0:0:0:0:0:1]:4000', 'localhost:4000', `tcpchat://10.0.0.5:55555/${key('b')}`, '10.0.0.9:1']);
  assert.equal(roomOf('[::0001]:4000'), '::1:4000');
  assert.equal(roomOf(`tcpchat://Host.LAN:7/${key('c')}`), 'host.lan:7');
  // stored copies (from before) are one entry too, the newest kept
  assert.deepEqual(parseRecent([{ address: `tcpchat://10.0.0.5:55555/${key('b')}`, lastUsed: 3 }, { address: `tcpchat://10.0.0.5:55555/${key('a')}`, lastUsed: 2 }]).map((r) => r.lastUsed), [3]);
});

test('what pasted text holds that is no address, or hides one (found in review)', () => {
  // a time of day before the address
  assert.equal((parseInvite('Standup moved to 10:30, chat at 10.0.0.5:55555') as { address?: string }).address, '10.0.0.5:55555');
  // invisible characters chat apps copy along: a zero-width space after the key, a direction mark before the host
  const key = 'AbCdEfGhIjKlMnOpQrStUvWxYz012345';
  assert.equal((parseInvite(`tcpchat://10.0.0.5:4000/${key}\u200b`) as { key?: string }).key, key);
  assert.equal((parseInvite('\u200e10.0.0.5:4000') as { address?: string }).address, '10.0.0.5:4000');
  // brackets hold an IPv6 address (with its interface, link-local), nothing else
  assert.equal(parseInvite('[dead]:4000').ok, false);
  assert.equal((parseInvite('[fe80::1%eth0]:4000') as { host?: string }).host, 'fe80::1%eth0');
  assert.equal((parseInvite('ncat 10.0.0.5 4000') as { address?: string }).address, '10.0.0.5:4000');
});

test("a nickname in the recent list is one a room could give (a hostile room's `$(lock) bob · private` is none)", () => {
  const list = parseRecent([{ address: '10.0.0.1:7', lastUsed: 1, nick: '$(lock) bob · private' }, { address: '10.0.0.2:7', lastUsed: 1, nick: 'bob' }]);
  assert.deepEqual(list.map((r) => r.nick), [undefined, 'bob']);
});
