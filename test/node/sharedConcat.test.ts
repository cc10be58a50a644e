import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SharedConcat } from '../../src/node/sharedConcat';

const b = (s: string) => Buffer.from(s, 'utf8');

test('the same chunks in the same order give one shared buffer; other sequences get their own', () => {
  const join = b('{"type":"join","nick":"a"}\n');
  const msg = b('{"type":"message","text":"hé"}\n');
  const leave = b('{"type":"leave","nick":"a"}\n');
  const round = new SharedConcat();
  const first = round.concat([join, msg]);
  assert.equal(first.toString('utf8'), '{"type":"join","nick":"a"}\n{"type":"message","text":"hé"}\n');
  assert.equal(round.concat([join, msg]), first, 'a second socket with the same queue shares the bytes');
  const longer = round.concat([join, msg, leave]);
  assert.notEqual(longer, first);
  assert.equal(longer.toString('utf8'), first.toString('utf8') + '{"type":"leave","nick":"a"}\n');
  const sameTextOtherChunk = round.concat([join, b('{"type":"message","text":"hé"}\n')]);
  assert.notEqual(sameTextOtherChunk, first, 'sharing goes by chunk identity, never by comparing bytes');
  assert.equal(sameTextOtherChunk.toString('utf8'), first.toString('utf8'));
  assert.equal(new SharedConcat().concat([join, msg]) === first, false, 'nothing is kept across rounds');
});
