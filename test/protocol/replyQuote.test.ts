// A reply's quote (quoteOf), and telling which message a reply quotes (quotes): the panel's quote leads there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { codeRefLine, quoteOf, quotes } from '../../src/protocol/replyQuote';

test('quoteOf quotes the first four lines, the rest as "…", then mentions the author when given', () => {
  assert.equal(quoteOf('a\nb', 'bob'), '> a\n> b\n\n@bob ');
  assert.equal(quoteOf('1\n2\n3\n4\n5'), '> 1\n> 2\n> 3\n> 4\n> …\n\n');
});

test('quotes: a reply starts with the quote of the message it answers, with its mention or without; a quote of other words, or not at the start, is none', () => {
  const source = 'can you look at **resume**?\nit drops the last seq\nline 3\nline 4\nline 5';
  assert.ok(quotes(`${quoteOf(source, 'alice')}yes`, source));
  assert.ok(quotes(`${quoteOf(source)}mine`, source), 'a reply to your own message mentions no one');
  assert.ok(!quotes(`${quoteOf(source)}yes`, 'can you look at **resume**?\nit drops the last seq'), 'a message of its first two lines only');
  assert.ok(!quotes(`first this\n\n${quoteOf(source, 'alice')}yes`, source), 'the quote not at the start');
  assert.ok(!quotes('> can you look at **resume**?\nyes', source));
  const card = codeRefLine({ path: 'src/a.ts', startLine: 3, endLine: 4 });
  assert.ok(quotes(`${quoteOf(card, 'bob')}why?`, card));
});
