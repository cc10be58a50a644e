// `/changes FILE[:LINE[-LINE]]` on a terminal: the diff card it makes of a file's uncommitted changes, in a real
// repository, and what it says instead, in words: no changes, a file Git does not track, no repository, too long.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readChanges } from '../../src/cli/shareChanges';
import { shareCompletions } from '../../src/cli/shareFile';
import { inRepository } from '../node/gitRepository';

const LINES = Array.from({ length: 20 }, (_, i) => `const line${i + 1} = ${i + 1};`);
const all = () => true;

/** In a repository with one commit of src/a.ts (LINES), with that file. */
const withA = (body: (dir: string, file: string) => Promise<void>) => inRepository({ 'src/a.ts': LINES.map((l) => `${l}\n`).join('') }, (dir) => body(dir, join(dir, 'src', 'a.ts')));

/** src/a.ts with lines 3 and 18 changed (two hunks: 1-6 and 15-20). */
function changeTwo(file: string): void {
  writeFileSync(file, LINES.map((l, i) => (i === 2 ? 'const three = 3;\n' : i === 17 ? 'const eighteen = 18;\n' : `${l}\n`)).join(''));
}

test('/changes: the changes against HEAD as a diff card, its path from the repository root as /share sends it; with lines, the hunks that touch them', async () => {
  await withA(async (dir, file) => {
    changeTwo(file);
    const found = await readChanges('a.ts', join(dir, 'src'), all);
    assert.ok(found.ok, JSON.stringify(found));
    assert.deepEqual(found.code, { path: 'src/a.ts', language: 'diff', startLine: 1, endLine: 20 });
    assert.match(found.text, /^diff --git a\/src\/a\.ts b\/src\/a\.ts\n/);
    assert.match(found.text, /\n-const line3 = 3;\n\+const three = 3;\n[^]*\n-const line18 = 18;\n\+const eighteen = 18;\n/);
    // lines 17-18: the second hunk only
    const second = await readChanges('src/a.ts:18-17', dir, all);
    assert.ok(second.ok, JSON.stringify(second));
    assert.deepEqual(second.code, { path: 'src/a.ts', language: 'diff', startLine: 15, endLine: 20 });
    assert.ok(!second.text.includes('three'), second.text);
    // lines no hunk touches: none there, said, nothing to send
    assert.deepEqual(await readChanges('src/a.ts:10-12', dir, all), { ok: false, none: true, message: 'no changes in lines 10-12 of src/a.ts since its last commit: nothing sent' });
  });
});

test('/changes longer than the room takes: whole hunks from the first, and a line saying how many were left out', async () => {
  await withA(async (dir, file) => {
    changeTwo(file);
    const found = await readChanges('src/a.ts', dir, (t) => !t.includes('eighteen'));
    assert.ok(found.ok, JSON.stringify(found));
    assert.match(found.text, /\+const three = 3;\n[^]*\n\(1 more hunk left out: too long for the room\)$/);
    assert.ok(!found.text.includes('eighteen'));
    assert.deepEqual(found.code, { path: 'src/a.ts', language: 'diff', startLine: 1, endLine: 6 });
  });
});

test('/changes refused, saying why: no changes, a file Git does not track, not a repository, no file, a folder, no file named', async () => {
  await withA(async (dir) => {
    assert.deepEqual(await readChanges('src/a.ts', dir, all), { ok: false, none: true, message: 'no changes of src/a.ts since its last commit: nothing sent' });
    writeFileSync(join(dir, 'src', 'new.ts'), 'new\n');
    assert.deepEqual(await readChanges('src/new.ts', dir, all), { ok: false, message: 'Git does not track src/new.ts' });
    assert.deepEqual(await readChanges('src/gone.ts', dir, all), { ok: false, message: `no file src/gone.ts here (${dir})` });
    assert.deepEqual(await readChanges(join(dir, 'src', 'gone.ts'), dir, all), { ok: false, message: `no file ${join(dir, 'src', 'gone.ts')}` });
    assert.deepEqual(await readChanges('src', dir, all), { ok: false, message: "src is a folder: share a file's changes" });
    assert.deepEqual(await readChanges(' ', dir, all), { ok: false, message: 'usage: /changes <file>[:<line>[-<line>]]' });
  });
  const away = mkdtempSync(join(tmpdir(), 'tcp-chat-norepo-'));
  try {
    writeFileSync(join(away, 'b.ts'), 'b\n');
    // (git's own words: in no repository, in one its user does not own...)
    const found = await readChanges('b.ts', away, all);
    assert.ok(!found.ok && found.none === undefined);
    assert.match(found.message, /^cannot share the changes of b\.ts: .* is in no Git repository$/);
  } finally {
    rmSync(away, { recursive: true, force: true });
  }
});

test('Tab after /changes: the files, as after /share', async () => {
  await withA(async (dir) => {
    assert.deepEqual(shareCompletions('/changes sr', dir), [['src/'], 'sr']);
    assert.deepEqual(shareCompletions('/changes src/', dir), [['src/a.ts'], 'src/']);
  });
});
