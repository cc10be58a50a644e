// What the chat panel asks to open is checked before anything opens: bad fields are ignored, not acted on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openCodeRequest, openPathRequest } from '../../src/vscode/openRequests';

test('openPath: a string path, a line from 1 and a column from 0, or nothing happens', () => {
  assert.deepEqual(openPathRequest({ path: 'src/a.ts', line: 12 }), { path: 'src/a.ts', line: 12 });
  assert.deepEqual(openPathRequest({ path: 'src/a.ts', line: 12, column: 0 }), { path: 'src/a.ts', line: 12, column: 0 }, 'a.ts:12:0 is a link the panel makes');
  assert.deepEqual(openPathRequest({ path: 'src/a.ts' }), { path: 'src/a.ts' });
  assert.deepEqual(openPathRequest({ path: 'src/a.ts', line: 12, endLine: 20 }), { path: 'src/a.ts', line: 12, endLine: 20 }, 'a.ts:12-20');
  for (const bad of [
    { path: 42, line: 1 },
    { path: '', line: 1 },
    { line: 1 },
    { path: 'a.ts', line: Number.NaN },
    { path: 'a.ts', line: 0 },
    { path: 'a.ts', line: '3' },
    { path: 'a.ts', line: 1.5 },
    { path: 'a.ts', line: 2 ** 53 },
    { path: 'a.ts', line: 1, column: Number.NaN },
    { path: 'a.ts', line: 1, column: -1 },
    { path: 'a.ts', line: 1, column: Infinity },
    { path: 'a.ts', line: 1, column: null },
    { path: 'a.ts', line: 5, endLine: 5 },
    { path: 'a.ts', line: 5, endLine: 3 },
    { path: 'a.ts', endLine: 3 },
    { path: 'a.ts', line: 5, endLine: 9, column: 2 },
    { path: 'a.ts', line: 5, endLine: 2 ** 53 },
    { path: 'a.ts', line: 5, endLine: '9' },
  ]) {
    assert.equal(openPathRequest(bad), undefined, JSON.stringify(bad));
  }
});

test("openPath's card (the code the link's author shared of that file, with that line): checked as an openCode's, kept only for that path and line", () => {
  const card = { code: { path: 'src/a.ts', language: 'typescript', startLine: 12, endLine: 14 }, text: 'a\nb\nc' };
  assert.deepEqual(openPathRequest({ path: 'src/a.ts', line: 13, card }), { path: 'src/a.ts', line: 13, card });
  assert.deepEqual(openPathRequest({ path: 'src/a.ts', line: 12, column: 3, card }), { path: 'src/a.ts', line: 12, column: 3, card });
  const cases: [string, { path: string; line?: number; card: unknown }][] = [
    ['another file', { path: 'src/b.ts', line: 13, card }],
    ['a line before it', { path: 'src/a.ts', line: 11, card }],
    ['a line after it', { path: 'src/a.ts', line: 15, card }],
    ['no line', { path: 'src/a.ts', card }],
    ['no text', { path: 'src/a.ts', line: 13, card: { code: card.code } }],
    ['no numbers', { path: 'src/a.ts', line: 13, card: { code: { path: 'src/a.ts' }, text: 'x' } }],
    ['a bad reference', { path: 'src/a.ts', line: 13, card: { code: { ...card.code, startLine: -1 }, text: 'x' } }],
    ['not an object', { path: 'src/a.ts', line: 13, card: 'x' }],
  ];
  for (const [why, req] of cases) {
    const { path, line } = req;
    assert.deepEqual(openPathRequest(req), { path, ...(line !== undefined ? { line } : {}) }, `${why}: opened as written`);
  }
});

test('openCode: the code reference checked as the protocol checks one, and its text a string', () => {
  const code = { path: 'src/a.ts', language: 'typescript', startLine: 3, endLine: 4 };
  assert.deepEqual(openCodeRequest({ code, text: 'x' }), { code, text: 'x' });
  assert.deepEqual(openCodeRequest({ code: { path: 'nb.ipynb', outside: true }, text: 'x' }), { code: { path: 'nb.ipynb', outside: true }, text: 'x' });
  assert.deepEqual(openCodeRequest({ code: { ...code, extra: 'dropped', outside: false }, text: 'x' }), { code, text: 'x' }, 'only the fields a CodeRef has');
  for (const bad of [
    { code, text: 5 },
    { code },
    { text: 'x' },
    { code: null, text: 'x' },
    { code: 'src/a.ts', text: 'x' },
    { code: { path: 42 }, text: 'x' },
    { code: { startLine: Number.MAX_SAFE_INTEGER, endLine: Number.MAX_SAFE_INTEGER }, text: 'x' },
    { code: { startLine: Number.NaN }, text: 'x' },
    { code: { startLine: 0 }, text: 'x' },
    { code: { startLine: 5, endLine: 2 }, text: 'x' },
    { code: { language: 'ts\nbob: hi' }, text: 'x' },
    { code: { path: 'a'.repeat(1025) }, text: 'x' },
  ]) {
    assert.equal(openCodeRequest(bad), undefined, JSON.stringify(bad));
  }
});
