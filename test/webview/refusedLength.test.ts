// What the composer keeps for being too long, said before anything is sent: as the client and the server judge it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { measuredLength, refusedLength, textTooLong } from '../../src/webview/refusedLength';

const limits = { maxText: 20, maxTopic: 10 };

test('a message past maxText is kept, and says how long it is and what the room takes', () => {
  assert.equal(refusedLength('x'.repeat(20), limits), undefined);
  assert.equal(refusedLength('x'.repeat(21), limits), 'The message is 21 characters long; this room takes at most 20.');
  // (a leading // is sent as one /: the text the room judges is one shorter)
  assert.equal(refusedLength(`//${'x'.repeat(19)}`, limits), undefined);
  assert.equal(textTooLong('The message', 'x'.repeat(20_000), 16_384), 'The message is 20,000 characters long; this room takes at most 16,384.');
});

test('the text of a /me, a /msg and an /edit is judged as a message is', () => {
  assert.equal(refusedLength(`/me ${'x'.repeat(20)}`, limits), undefined);
  assert.equal(refusedLength(`/me ${'x'.repeat(21)}`, limits), 'The text is 21 characters long; this room takes at most 20.');
  assert.equal(refusedLength(`/msg bob ${'x'.repeat(21)}`, limits), 'The text is 21 characters long; this room takes at most 20.');
  assert.equal(refusedLength(`/DM bob ${'x'.repeat(20)}`, limits), undefined);
  assert.equal(refusedLength(`/edit ${'x'.repeat(21)}`, limits), 'The new text is 21 characters long; this room takes at most 20.');
});

test("a /topic past the room's maxTopic is kept; showing the topic, or a topic that fits, goes", () => {
  assert.equal(refusedLength('/topic', limits), undefined);
  assert.equal(refusedLength('/topic 0123456789', limits), undefined);
  assert.equal(refusedLength('/topic 0123456789a', limits), 'A topic has at most 10 characters; this one has 11.');
  // (counted as the server keeps it: white space runs made one space)
  assert.equal(refusedLength('/topic 01234     5678', limits), undefined);
});

test('other commands, and what is wrong with a command other than its length, are the client\'s to judge', () => {
  for (const line of [`/join #${'x'.repeat(40)}`, `/nick ${'x'.repeat(40)}`, `/kick bob ${'x'.repeat(400)}`, '/me', '/nosuch thing', '/help topic']) {
    assert.equal(refusedLength(line, limits), undefined, line);
  }
});

test('what the count measures: the text the room gets, a topic as the server counts it, nothing of other commands', () => {
  assert.deepEqual(measuredLength('hello', limits), { length: 5, max: 20, of: 'text' });
  assert.deepEqual(measuredLength('//etc', limits), { length: 4, max: 20, of: 'text' }, 'a leading // goes as one /');
  assert.deepEqual(measuredLength('/me waves', limits), { length: 5, max: 20, of: 'text' });
  assert.deepEqual(measuredLength('/msg bob hi there', limits), { length: 8, max: 20, of: 'text' });
  assert.deepEqual(measuredLength('/edit fixed', limits), { length: 5, max: 20, of: 'text' });
  assert.deepEqual(measuredLength('/topic 😀  release   day ', limits), { length: 13, max: 10, of: 'topic' }, 'code points, one space for a run');
  for (const line of ['/topic', '/join #general', '/nick bob', '/me', '/nosuch x']) assert.equal(measuredLength(line, limits), undefined, line);
  // (an edit's new text is text, whatever it starts with)
  assert.deepEqual(measuredLength('/topic x', limits, true), { length: 8, max: 20, of: 'text' });
});
