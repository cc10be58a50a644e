// A topic's length as the server counts it, and a welcome's maxTopic as a client keeps it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { maxTopicOf, topicTooLong } from '../../src/protocol/topicLength';
import { TOPIC_FIELD_MAX } from '../../src/protocol/limits';

test('a topic within the room\'s maximum fits; one past it says both lengths, with commas', () => {
  assert.equal(topicTooLong('x'.repeat(300), 300), undefined);
  assert.equal(topicTooLong('', 300), undefined);
  assert.equal(topicTooLong('x'.repeat(301), 300), 'a topic has at most 300 characters; this one has 301');
  assert.equal(topicTooLong('x'.repeat(1001), 1000), 'a topic has at most 1,000 characters; this one has 1,001');
});

test('characters are counted as the server keeps the topic: code points, on one line, its controls out', () => {
  // (an emoji is two UTF-16 units and one character; the server counts characters)
  assert.equal(topicTooLong('😀'.repeat(300), 300), undefined);
  // (runs of white space are one space, the ends trimmed, control characters gone: the server keeps that)
  assert.equal(topicTooLong(`  ${'a  b\n'.repeat(50)}\u0007  `, 200), undefined);
  assert.equal(topicTooLong(`${'ab '.repeat(100)}`, 298), 'a topic has at most 298 characters; this one has 299');
});

test('past what a request carries the topic is refused, whatever it would clean down to', () => {
  const spaces = `a${' '.repeat(TOPIC_FIELD_MAX)}b`;
  assert.match(topicTooLong(spaces, 300) ?? '', /at most 300 characters; this one has 1,026/);
  assert.match(topicTooLong('x'.repeat(2000), 5000) ?? '', /at most 1,024 characters; this one has 2,000/);
});

test("a welcome's maxTopic: a positive whole number up to the request's field; anything else is the field's size", () => {
  assert.equal(maxTopicOf(300), 300);
  assert.equal(maxTopicOf(TOPIC_FIELD_MAX + 1), TOPIC_FIELD_MAX);
  for (const bad of [undefined, null, 0, -5, 2.5, Number.NaN, Infinity, '300', {}]) assert.equal(maxTopicOf(bad), TOPIC_FIELD_MAX, String(bad));
});
