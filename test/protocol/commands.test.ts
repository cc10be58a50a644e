// Slash commands as the client parses them: what each becomes, and the clear error a command for the current
// room gets when the user is in none (after /part of the last room).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { COMMANDS, entryRows, helpLines, isQuitLine, isSlashCommand, joinTarget, NO_ROOM, parseSlash, sizedPart, unknownHelpTopic } from '../../src/protocol/commands';
import { NICK_FIELD_MAX, NICK_FIELD_UNITS, REASON_MAX } from '../../src/protocol/limits';
import { decodeClientLine } from '../../src/protocol/codec';

test('commands for the current room name it; /join and /part #x name their own', () => {
  assert.deepEqual(parseSlash('/who', 'dev'), { ok: true, command: { cmd: 'request', msg: { type: 'who', room: 'dev' } } });
  // another room, named: that room's list (the server says when you are not in it)
  assert.deepEqual(parseSlash('/who #general', 'dev'), { ok: true, command: { cmd: 'request', msg: { type: 'who', room: 'general' } } });
  assert.deepEqual(parseSlash('/names general', 'dev'), { ok: true, command: { cmd: 'request', msg: { type: 'who', room: 'general' } } });
  assert.deepEqual(parseSlash('/who #bad room', 'dev'), { ok: false, code: 'bad_command', message: 'usage: /who [#room]' });
  assert.deepEqual(parseSlash('/who #no!', 'dev'), { ok: false, code: 'bad_command', message: 'usage: /who [#room]' });
  // a nickname typed decomposed (e + U+0301) is the composed one
  assert.deepEqual(parseSlash('/nick e\u0301clair', 'dev'), { ok: true, command: { cmd: 'request', msg: { type: 'nick', nick: '\u00e9clair' } } });
  assert.deepEqual(parseSlash('/topic Release 1.0', 'dev'), { ok: true, command: { cmd: 'request', msg: { type: 'topic', room: 'dev', topic: 'Release 1.0' } } });
  assert.deepEqual(parseSlash('/kick @bob spamming', 'dev'), { ok: true, command: { cmd: 'request', msg: { type: 'kick', room: 'dev', nick: 'bob', reason: 'spamming' } } });
  assert.deepEqual(parseSlash('/me waves', 'dev'), { ok: true, command: { cmd: 'action', text: 'waves' } });
  assert.deepEqual(parseSlash('/unban @bob', 'dev'), { ok: true, command: { cmd: 'request', msg: { type: 'unban', nick: 'bob' } } });
  assert.deepEqual(parseSlash('/unban bob', ''), { ok: true, command: { cmd: 'request', msg: { type: 'unban', nick: 'bob' } } }, 'a ban is the server\'s: no room needed');
  for (const line of ['/unban', '/unban bob carol']) assert.deepEqual(parseSlash(line, 'dev'), { ok: false, code: 'bad_command', message: 'usage: /unban <nick>' }, line);
  assert.deepEqual(parseSlash('/join #Ops', 'dev'), { ok: true, command: { cmd: 'request', msg: { type: 'join', room: 'ops' } } });
  assert.deepEqual(parseSlash('/part', 'dev'), { ok: true, command: { cmd: 'request', msg: { type: 'part', room: 'dev' } } });
});

test('in no room, a command for the current room says so; the rest work as ever', () => {
  for (const line of ['/who', '/topic', '/topic new topic', '/part', '/op bob', '/deop bob', '/kick bob', '/ban bob spam', '/me waves']) {
    assert.deepEqual(parseSlash(line, ''), { ok: false, code: 'bad_command', message: NO_ROOM }, line);
  }
  assert.match(NO_ROOM, /\/join #room/);
  assert.deepEqual(parseSlash('/join #ops', ''), { ok: true, command: { cmd: 'request', msg: { type: 'join', room: 'ops' } } });
  assert.deepEqual(parseSlash('/part #ops', ''), { ok: true, command: { cmd: 'request', msg: { type: 'part', room: 'ops' } } });
  assert.deepEqual(parseSlash('/rooms', ''), { ok: true, command: { cmd: 'request', msg: { type: 'rooms' } } });
  assert.deepEqual(parseSlash('/nick al', ''), { ok: true, command: { cmd: 'request', msg: { type: 'nick', nick: 'al' } } });
  // an invalid nickname is refused with the nickname rules' words (a very long one got the server's field check:
  // 'nick: "nick" is longer than 64 characters')
  assert.deepEqual(parseSlash(`/nick ${'n'.repeat(100)}`, ''), { ok: false, code: 'bad_command', message: 'a nickname has at most 32 characters' });
  assert.deepEqual(parseSlash('/nick a:b', ''), { ok: false, code: 'bad_command', message: 'a nickname may use letters, digits and _ - . [ ] { } | ^ ` (no : @ # , ! / or quotes)' });
  assert.deepEqual(parseSlash('/msg bob hi', ''), { ok: true, command: { cmd: 'dm', to: 'bob', text: 'hi' } });
  assert.deepEqual(parseSlash('/help', ''), { ok: true, command: { cmd: 'help' } });
  // a usage error stays a usage error
  assert.deepEqual(parseSlash('/me', ''), { ok: false, code: 'bad_command', message: 'usage: /me <action>' });
});

test("IRC's short forms /j and /m; /msg with /me sends an action to that person (its text was `/me waves`)", () => {
  assert.deepEqual(parseSlash('/j #ops', 'general'), { ok: true, command: { cmd: 'request', msg: { type: 'join', room: 'ops' } } });
  assert.deepEqual(parseSlash('/m bob hi', 'general'), { ok: true, command: { cmd: 'dm', to: 'bob', text: 'hi' } });
  assert.deepEqual(parseSlash('/msg bob /me waves', 'general'), { ok: true, command: { cmd: 'dm', to: 'bob', text: 'waves', kind: 'action' } });
  assert.deepEqual(parseSlash('/msg bob /ME  waves\nand bows', 'general'), { ok: true, command: { cmd: 'dm', to: 'bob', text: 'waves\nand bows', kind: 'action' } });
  // (a /me with nothing after it, or a word that only starts so, is text)
  assert.deepEqual(parseSlash('/msg bob /me', 'general'), { ok: true, command: { cmd: 'dm', to: 'bob', text: '/me' } });
  assert.deepEqual(parseSlash('/msg bob /meh', 'general'), { ok: true, command: { cmd: 'dm', to: 'bob', text: '/meh' } });
});

test("/query with a nick and text is /msg; alone (a plain client's: the panel and the terminal switch to the conversation) its usage says /query, not /msg", () => {
  assert.deepEqual(parseSlash('/query bob hi', 'general'), { ok: true, command: { cmd: 'dm', to: 'bob', text: 'hi' } });
  for (const line of ['/query bob', '/query']) {
    const p = parseSlash(line, 'general');
    assert.equal(p.ok, false, line);
    assert.match(p.ok ? '' : p.message, /^usage: \/query <nick> <text> \(here it sends <text> to <nick> alone, as \/msg does/, line);
  }
  assert.deepEqual(parseSlash('/m bob', 'general'), { ok: false, code: 'bad_command', message: 'usage: /msg <nick> <text>' });
});

test('/edit <text> and /delete name your last message in the current room (target 0: the server knows which)', () => {
  assert.deepEqual(parseSlash('/edit the fix is in', 'dev'), { ok: true, command: { cmd: 'request', msg: { type: 'edit', room: 'dev', target: 0, text: 'the fix is in' } } });
  assert.deepEqual(parseSlash('/delete', 'dev'), { ok: true, command: { cmd: 'request', msg: { type: 'delete', room: 'dev', target: 0 } } });
  assert.deepEqual(parseSlash('/edit', 'dev'), { ok: false, code: 'bad_command', message: 'usage: /edit <text>' });
  assert.deepEqual(parseSlash('/join bad room', 'dev'), { ok: false, code: 'bad_command', message: '"bad room": a room\'s name cannot contain spaces (letters, digits, _ - . up to 32); /join one room at a time' });
  // a name with a space says why (it said the usage again), as `--nick "Ada Lovelace"` does
  assert.deepEqual(parseSlash('/nick Ada Lovelace', 'dev'), { ok: false, code: 'bad_command', message: '"Ada Lovelace": a nickname cannot contain spaces' });
  assert.deepEqual(parseSlash('/nick', 'dev'), { ok: false, code: 'bad_command', message: 'usage: /nick <name>' });
  assert.deepEqual(parseSlash('/part #no!such extra', 'dev'), { ok: false, code: 'bad_command', message: 'usage: /part [#room] [message]' });
  assert.deepEqual(parseSlash('/delete bob now', 'dev'), { ok: false, code: 'bad_command', message: 'usage: /delete [nick]' });
  // with a nick: their last message (the server decides who may)
  assert.deepEqual(parseSlash('/delete @bob', 'dev'), { ok: true, command: { cmd: 'request', msg: { type: 'delete', room: 'dev', target: 0, nick: 'bob' } } });
  assert.deepEqual(parseSlash('/delete', ''), { ok: false, code: 'bad_command', message: NO_ROOM });
});

test('a nickname named in a command is at most what a request may carry: longer, the command says so and asks nothing', () => {
  const long = 'x'.repeat(NICK_FIELD_UNITS + 1);
  for (const line of [`/msg ${long} hi`, `/dm @${long} hi`, `/delete ${long}`, `/op ${long}`, `/deop ${long}`, `/unban ${long}`, `/kick ${long} go`, `/ban ${long}`]) {
    assert.deepEqual(parseSlash(line, 'general'), { ok: false, code: 'bad_command', message: `no nickname is that long (at most ${NICK_FIELD_MAX} characters)` }, line);
  }
  const fits = 'x'.repeat(NICK_FIELD_MAX);
  assert.deepEqual(parseSlash(`/msg @${fits} hi`, 'general'), { ok: true, command: { cmd: 'dm', to: fits, text: 'hi' } });
  assert.deepEqual(parseSlash(`/kick ${fits}`, 'general'), { ok: true, command: { cmd: 'request', msg: { type: 'kick', room: 'general', nick: fits } } });
  // a name of as many letters outside the BMP (two UTF-16 units each), as a room allowing 64 characters takes
  const astral = '\u{20000}'.repeat(NICK_FIELD_MAX);
  for (const line of [`/kick ${astral}`, `/ban ${astral}`, `/op ${astral}`]) assert.equal(parseSlash(line, 'general').ok, true, line);
  assert.deepEqual(parseSlash(`/msg ${astral} hi`, 'general'), { ok: true, command: { cmd: 'dm', to: astral, text: 'hi' } });
  // ... and the server takes the request it makes (a direct message's `to` was capped at 64 UTF-16 units)
  assert.equal(decodeClientLine(new TextEncoder().encode(JSON.stringify({ type: 'dm', id: 'd', to: astral, text: 'hi' })), 100).ok, true);
});

test('a kick or ban reason longer than a request holds is cut to it (as the server cuts a plain client\'s), never through an emoji', () => {
  const reason = 'x'.repeat(REASON_MAX - 1) + '👍 and more';
  for (const verb of ['kick', 'ban']) {
    const r = parseSlash(`/${verb} bob ${reason}`, 'general');
    assert.ok(r.ok && r.command.cmd === 'request', verb);
    const msg = r.command.msg as { reason?: string };
    assert.equal(msg.reason, 'x'.repeat(REASON_MAX - 1), 'the emoji would not fit whole: left out');
    // what the server takes: a request, not a malformed one
    const d = decodeClientLine(new TextEncoder().encode(JSON.stringify({ ...r.command.msg, id: 'k1' })), 16384);
    assert.ok(d.ok, d.ok ? '' : d.message);
  }
});

test('/help lists every command, and how to send text that starts with a slash', () => {
  const lines = helpLines();
  assert.equal(lines[0], 'Commands:');
  for (const c of COMMANDS) assert.ok(lines.some((l) => l.trimStart().startsWith(c.usage)), c.usage);
  assert.match(lines.at(-1) ?? '', /^ {2}\/\/<text> +Send text that starts with a slash: "\/\/etc\/hosts" sends "\/etc\/hosts"\.$/);
  assert.equal(isSlashCommand('//etc/hosts'), false, 'and it is text indeed');
});

test('/help of a command there is not is refused as that command is, in the same words', () => {
  const unknown = { ok: false, code: 'unknown_command', message: 'unknown command /nope; type /help for the list' };
  assert.deepEqual(parseSlash('/nope', 'general'), unknown);
  assert.deepEqual(parseSlash('/help nope', 'general'), unknown);
  assert.deepEqual(parseSlash('/help /nope', 'general'), unknown);
  assert.deepEqual(parseSlash('/? nope', 'general'), unknown);
  assert.deepEqual(helpLines('nope'), [unknown.message]);
  assert.deepEqual(parseSlash('/help WHO', 'general'), { ok: true, command: { cmd: 'help', topic: 'WHO' } });
  // a client's own commands are known to its /help
  assert.equal(unknownHelpTopic('open'), unknown.message.replace('nope', 'open'));
  assert.equal(unknownHelpTopic('/open', [{ name: 'open', usage: '/open [n]', help: 'Open it.' }]), undefined);
});

test('helpLines for a terminal of N columns: rows of at most N - 1 characters, broken at spaces, the rest of an entry under its text', () => {
  const one = helpLines();
  for (const columns of [50, 60, 80, 120]) {
    const rows = helpLines(undefined, [], columns);
    assert.deepEqual(rows.filter((r) => r.length > columns - 1), [], `${columns}`);
    const column = rows[1]!.indexOf('List the commands');
    // each entry is its one-line form, its rows joined by a space
    const entries: string[] = [];
    for (const r of rows) {
      if (r.startsWith(' '.repeat(column))) entries[entries.length - 1] += ` ${r.slice(column)}`;
      else entries.push(r);
    }
    assert.deepEqual(entries, one, `${columns}`);
    if (columns < 120) assert.ok(rows.length > one.length, `${columns}: some entries take two rows`);
  }
  const unban = helpLines('unban', [], 60);
  assert.equal(unban.join(' ').replace(/ {2,}/g, ' '), helpLines('unban')[0]);
  assert.ok(unban.length > 1 && unban.slice(1).every((r) => /^ {2}\S/.test(r) && r.length <= 59), unban.join('\n'));
  // too narrow for the text beside the usages (their column is 35 wide): each usage on its row, its text under it
  // (one line each, the terminal broke them after the usage's padding: `  /rooms` and 27 spaces, then `List`)
  const narrow = helpLines(undefined, [], 40);
  assert.deepEqual(narrow.filter((r) => r.length > 39), [], narrow.join('\n'));
  assert.equal(narrow[1], '  /help [command]');
  assert.match(narrow[2] ?? '', /^ {6}List the commands/);
  const entries: string[] = [];
  for (const r of narrow) {
    if (r.startsWith('      ')) entries[entries.length - 1] += ` ${r.trim()}`;
    else entries.push(r);
  }
  assert.deepEqual(entries, one.map((l) => l.replace(/(\S) {2,}/, '$1 ')), narrow.join('\n'));
  assert.deepEqual(helpLines(undefined, [], 24), one, 'too narrow even so: one line each, the terminal breaks them');
});

test("helpLines and entryRows count a text's columns as `cells` counts them: a terminal's emoji take two, and no row is wider than the terminal", () => {
  // (a cell count as a terminal's: the emoji here take two, one UTF-16 unit or two)
  const cells = (t: string) => [...t].reduce((n, ch) => n + (/\p{Extended_Pictographic}/u.test(ch) ? 2 : ch === '\ufe0f' ? 0 : 1), 0);
  const text = 'React with one of ✅ ✅ ✅ ✅ ✅ ✅ ✅ ✅ ✅ ✅ ❤️ ❤️ ❤️ or its name, as you please, under a message.';
  for (const columns of [30, 40, 50, 60]) {
    const rows = entryRows('  /react  ', text, columns, 10, cells);
    assert.deepEqual(rows.filter((r) => cells(r) > columns - 1), [], `${columns}:\n${rows.join('\n')}`);
    assert.equal(rows.map((r) => r.trim()).join(' ').replace(/ +/g, ' '), `/react ${text}`, `${columns}`);
    // counted a unit each, a row ran past: the terminal broke it again
    assert.ok(entryRows('  /react  ', text, columns, 10).some((r) => cells(r) > columns - 1), `${columns}: too wide by units`);
  }
  const extra = [{ name: 'react', usage: '/react <emoji>', help: text }];
  for (const columns of [50, 60, 80]) {
    const rows = helpLines(undefined, extra, columns, cells);
    assert.deepEqual(rows.filter((r) => cells(r) > columns - 1), [], `${columns}:\n${rows.join('\n')}`);
    assert.equal(helpLines('react', extra, columns, cells).filter((r) => cells(r) > columns - 1).length, 0, `${columns}: /help react`);
  }
  assert.deepEqual(helpLines(undefined, [], 60, (t) => t.length), helpLines(undefined, [], 60), 'by default, a unit a column');
});

test('joinTarget names the room a /join line joins, as the client sends it; any other line, or a /join refused, none', () => {
  assert.equal(joinTarget('/join #ops'), 'ops');
  assert.equal(joinTarget('/JOIN #Ops'), 'ops');
  assert.equal(joinTarget('/join  #release-1.0 '), 'release-1.0');
  assert.equal(joinTarget('/join #Cafe\u0301'), 'caf\u00e9', 'composed, lower case: the name the server gives it');
  // (a line that starts with a space is text to the client, sent to the room as typed: no room is joined)
  for (const line of ['/join', '/joinx #ops', '/part #ops', 'join #ops', '//join #ops', ' /join #ops', '/join #release later', '/join #no!such']) {
    assert.equal(joinTarget(line), undefined, line);
  }
});

test('isQuitLine: /quit and /exit, with anything after them; not a longer name, not text', () => {
  const lines = ['/quit', '/QUIT', '/exit', '/quit now', '/quit\tbye', '/quitx', '/quit!', ' /quit', '//quit', 'quit', '/exits', '/q'];
  assert.deepEqual(lines.filter(isQuitLine), ['/quit', '/QUIT', '/exit', '/quit now', '/quit\tbye']);
});

test('sizedPart: the text of /me, /msg and /edit, the topic of a /topic that sets one; nothing of other commands', () => {
  const part = (line: string) => {
    const p = parseSlash(line, 'general');
    return p.ok ? sizedPart(p.command) : 'refused';
  };
  assert.deepEqual(part('/me waves'), { of: 'text', text: 'waves' });
  assert.deepEqual(part('/msg bob hi there'), { of: 'text', text: 'hi there' });
  assert.deepEqual(part('/edit fixed it'), { of: 'text', text: 'fixed it' });
  assert.deepEqual(part('/topic release day'), { of: 'topic', topic: 'release day' });
  for (const line of ['/topic', '/join #x', '/nick bob', '/help', '/quit', '/kick bob too loud']) assert.equal(part(line), undefined, line);
});

test('/part [#room] [message] and /quit [message]: parting words, after a #room or for the current room; one word alone is still a room', () => {
  const part = (room: string, message?: string) => ({ ok: true, command: { cmd: 'request', msg: { type: 'part', room, ...(message !== undefined ? { message } : {}) } } });
  // what worked before works as before
  assert.deepEqual(parseSlash('/part', 'general'), part('general'));
  assert.deepEqual(parseSlash('/part #dev', 'general'), part('dev'));
  assert.deepEqual(parseSlash('/part dev', 'general'), part('dev'));
  assert.deepEqual(parseSlash('/leave #Dev', 'general'), part('dev'));
  // words after a #room are that room's parting words
  assert.deepEqual(parseSlash('/part #dev see you', 'general'), part('dev', 'see you'));
  assert.deepEqual(parseSlash('/part #general extra', 'dev'), part('general', 'extra'), 'it was a usage error');
  // several words, the first no #room: the current room, with all of them
  assert.deepEqual(parseSlash('/part see you later', 'dev'), part('dev', 'see you later'));
  assert.deepEqual(parseSlash('/part  see   you ', 'dev'), part('dev', 'see   you'));
  // ... unless the first is a room you are in, written without its # (it left the current room, saying its name)
  const mine = (r: string) => r === 'dev' || r === 'general';
  assert.deepEqual(parseSlash('/part dev see you', 'general', mine), part('dev', 'see you'));
  assert.deepEqual(parseSlash('/part Dev see you', 'general', mine), part('dev', 'see you'));
  assert.deepEqual(parseSlash('/part see you later', 'dev', mine), part('dev', 'see you later'), 'no room called see');
  // in no room: said so, words or not; a #room named is left with its words
  assert.deepEqual(parseSlash('/part see you later', ''), { ok: false, code: 'bad_command', message: NO_ROOM });
  assert.deepEqual(parseSlash('/part #ops bye all', ''), part('ops', 'bye all'));
  // a name no room can have, with or without words: the usage
  for (const line of ['/part #no!such', '/part no!such', '/part #no!such see you', '/part #']) {
    assert.deepEqual(parseSlash(line, 'dev'), { ok: false, code: 'bad_command', message: 'usage: /part [#room] [message]' }, line);
  }
  // cut to what a request holds, as a kick's reason is
  const long = parseSlash(`/part #dev ${'w'.repeat(REASON_MAX + 50)}`, 'general');
  assert.ok(long.ok && long.command.cmd === 'request' && long.command.msg.type === 'part');
  assert.equal(long.command.msg.message?.length, REASON_MAX);

  assert.deepEqual(parseSlash('/quit', 'dev'), { ok: true, command: { cmd: 'quit' } });
  assert.deepEqual(parseSlash('/quit gone for lunch', 'dev'), { ok: true, command: { cmd: 'quit', message: 'gone for lunch' } });
  assert.deepEqual(parseSlash('/exit back at 2', ''), { ok: true, command: { cmd: 'quit', message: 'back at 2' } }, 'in no room too');
  const q = parseSlash(`/quit ${'q'.repeat(REASON_MAX * 2)}`, 'dev');
  assert.ok(q.ok && q.command.cmd === 'quit');
  assert.equal(q.command.message?.length, REASON_MAX);
  assert.equal(isQuitLine('/quit gone for lunch'), true);

  // the requests they make are ones the server takes, words and all
  for (const line of ['/part #dev see you', '/part see you later']) {
    const p = parseSlash(line, 'dev');
    assert.ok(p.ok && p.command.cmd === 'request');
    const d = decodeClientLine(new TextEncoder().encode(JSON.stringify(p.command.msg)), 1000);
    assert.ok(d.ok, line);
    assert.deepEqual(d.msg, p.command.msg);
  }
  // the help says so
  assert.equal(COMMANDS.find((c) => c.name === 'part')?.usage, '/part [#room] [message]');
  assert.equal(COMMANDS.find((c) => c.name === 'quit')?.usage, '/quit [message]');
});
