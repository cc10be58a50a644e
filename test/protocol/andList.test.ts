import { test } from 'node:test';
import assert from 'node:assert/strict';
import { andList } from '../../src/protocol/andList';

test('andList: none, one, two and more, as a sentence lists them', () => {
  assert.equal(andList([]), '');
  assert.equal(andList(['alice']), 'alice');
  assert.equal(andList(['alice', 'bob']), 'alice and bob');
  assert.equal(andList(['alice', 'bob', 'carol']), 'alice, bob and carol');
});
