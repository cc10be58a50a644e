// Which message a reply's quote leads to in the panel (repliedRow), without a browser.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { quoteOf } from '../../src/protocol/replyQuote';
import { repliedRow } from '../../src/webview/repliedRow';
import type { Row } from '../../src/webview/state';
import { dm, msg } from './harness';

const rows = (...entries: Row['entry'][]): Row[] => entries.map((entry, i) => ({ key: `k${i}`, entry, continued: false, dayStart: false }));

test('a reply leads to the nearest message above it that its quote is of: not one below it, nor a deleted one, nor an action', () => {
  const r = rows(
    msg('general', 1, 'alice', 'ok'),
    msg('general', 2, 'bob', 'ok'),
    msg('general', 3, 'carol', 'ok', { deleted: true }),
    msg('general', 4, 'dave', 'ok', { kind: 'action' }),
    msg('general', 5, 'me', `${quoteOf('ok', 'bob')}sure`),
    msg('general', 6, 'erin', 'ok'),
  );
  assert.equal(repliedRow(r, 4)?.key, 'k1', "bob's, the nearest above that is a message");
  assert.equal(repliedRow(r, 0), undefined, 'no quote');
  assert.equal(repliedRow(r, 5), undefined);
  assert.equal(repliedRow(rows(msg('general', 1, 'me', '> ok\n\nno one said it')), 0), undefined);
});

test('a reply to a code card leads to the card by its file and lines; a direct message to the one it quotes', () => {
  const card = msg('general', 1, 'bob', 'const x = 1;', { kind: 'code', code: { path: 'src/a.ts', language: 'typescript', startLine: 3, endLine: 4 } });
  assert.equal(repliedRow(rows(card, msg('general', 2, 'me', '> src/a.ts:3 (lines 3–4)\n\n@bob why?')), 1)?.key, 'k0');
  assert.equal(repliedRow(rows(dm('alice', 'me', 'psst'), dm('me', 'alice', '> psst\n\nwhat?')), 1)?.key, 'k0');
});
