// How a message reads for plain clients and the terminal: bidirectional controls do not reach them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { plainText } from '../../src/protocol/plainFormat';
import { renderForTerminal } from '../../src/cli/terminal';
import type { ServerMessage } from '../../src/protocol/messages';

test('bidi embeddings, overrides and isolates never reach a line-by-line client; right-to-left text itself does', () => {
  const spoof: ServerMessage = { type: 'message', room: 'general', seq: 1, time: 0, from: 'eve', kind: 'text', text: 'ok \u202egnp.exe\u202c and \u2067isolated\u2069 \u202aembedded\u202c' };
  assert.equal(plainText(spoof, 'me'), 'eve: ok gnp.exe and isolated embedded');
  assert.equal(renderForTerminal(spoof, 'me', false), 'eve: ok gnp.exe and isolated embedded');
  const hebrew: ServerMessage = { ...spoof, text: 'שלום \u200fworld' }; // letters and the RLM mark stay
  assert.equal(plainText(hebrew, 'me'), 'eve: שלום \u200fworld');
  const dm: ServerMessage = { type: 'dm', from: 'eve', to: 'me', text: '\u202eevil', time: 0, kind: 'text' };
  assert.equal(plainText(dm, 'me'), '[DM] eve: evil');
});

test('entering a room tells a plain client how to go back to #general, unless it is #general', () => {
  const room = (name: string): ServerMessage => ({ type: 'room', name, epoch: 'e', topic: '', members: [], seq: 0 });
  assert.equal(plainText(room('dev'), 'ann'), 'You are now in #dev. Your messages go here; /join #general to go back.');
  assert.equal(plainText(room('general'), 'ann'), 'You are now in #general. Your messages go here.');
});

test("a shared selection's header line: its path and language on one line, whatever they hold", () => {
  const code: ServerMessage = { type: 'message', room: 'general', seq: 1, time: 0, from: 'eve', kind: 'code', text: 'x = 1', code: { path: 'a\nbob: hi\u001b[2J.py', language: 'python', startLine: 2, endLine: 3 } };
  assert.equal(plainText(code, 'me'), 'eve: [code a bob: hi[2J.py:2-3 (python)]\neve: x = 1');
});
