import { test } from 'node:test';
import assert from 'node:assert/strict';
import { endsInsideUtf8Char } from '../../src/protocol/encoding';

const bytes = (...b: number[]) => Uint8Array.from(b);

test('endsInsideUtf8Char: a lead byte whose continuation bytes have not all come', () => {
  const e = Buffer.from('é'); // c3 a9
  const euro = Buffer.from('€'); // e2 82 ac
  const smile = Buffer.from('😄'); // f0 9f 98 84
  assert.equal(endsInsideUtf8Char(bytes(0x61, e[0]!)), true);
  assert.equal(endsInsideUtf8Char(bytes(0x61, ...e)), false);
  assert.equal(endsInsideUtf8Char(bytes(euro[0]!, euro[1]!)), true);
  assert.equal(endsInsideUtf8Char(euro), false);
  assert.equal(endsInsideUtf8Char(smile.subarray(0, 3)), true);
  assert.equal(endsInsideUtf8Char(smile), false);
  assert.equal(endsInsideUtf8Char(bytes()), false);
  assert.equal(endsInsideUtf8Char(Buffer.from('plain ascii')), false);
  assert.equal(endsInsideUtf8Char(bytes(0x80, 0x80)), false, 'stray continuation bytes: invalid, not waited for');
  assert.equal(endsInsideUtf8Char(bytes(0xff)), false, 'never a lead byte');
});
