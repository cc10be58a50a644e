// `/reply [@nick] <text>`: what it takes, and the message it sends, as VS Code's Reply starts one.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseReply, replyText } from '../../src/cli/replyCommand';
import type { MessageEvent } from '../../src/protocol/messages';

test('/reply takes an @nick first or none, then the text; no text is its usage', () => {
  assert.deepEqual(parseReply('sounds good'), { text: 'sounds good' });
  assert.deepEqual(parseReply('  @bob  sounds good '), { nick: 'bob', text: 'sounds good' });
  // (a word without @ is the text's: `/reply ok then` is no reply to someone called ok)
  assert.deepEqual(parseReply('ok then'), { text: 'ok then' });
  assert.deepEqual(parseReply('thanks @bob'), { text: 'thanks @bob' });
  for (const args of ['', '   ', '@bob', '@bob   ']) assert.deepEqual(parseReply(args), { error: 'usage: /reply [@nick] <text>' }, JSON.stringify(args));
});

test("the reply quotes a text's first 4 lines (a cut fence closed), names a code card, quotes no action; mentions the author unless it is you or gone", () => {
  const base = { type: 'message', room: 'general', seq: 1, time: 0, from: 'bob' } as const;
  const text = (t: string): MessageEvent => ({ ...base, kind: 'text', text: t });
  assert.equal(replyText(text('one'), 'bob', 'me', 'yes'), '> one\n\n@bob yes');
  assert.equal(replyText(text('a\n```ts\nb\nc\nd\ne'), 'bob', 'me', 'yes'), '> a\n> ```ts\n> b\n> c\n> ```\n> …\n\n@bob yes');
  assert.equal(replyText(text('mine'), 'me', 'me', 'and more'), '> mine\n\nand more');
  assert.equal(replyText(text('old'), '', 'me', 'hi'), '> old\n\nhi', 'an author no longer in the room: not mentioned');
  const card: MessageEvent = { ...base, kind: 'code', text: 'x', code: { path: 'src/a.ts', startLine: 12, endLine: 12 } };
  assert.equal(replyText(card, 'bob', 'me', 'why?'), '> src/a.ts:12\n\n@bob why?');
  assert.equal(replyText({ ...base, kind: 'action', text: 'waves' }, 'bob', 'me', 'hi'), '@bob hi');
});
